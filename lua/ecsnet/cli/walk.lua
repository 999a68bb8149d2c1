--- Folder walking for the command: the `*.json` files under a folder.
--
-- Uses LuaFileSystem when it is installed (Debian's lua-filesystem, which
-- busted pulls in) and `find` otherwise. Hidden entries (`.git`, `.terraform`)
-- are not entered; symbolic links to folders are not followed.
-- @module ecsnet.cli.walk

local M = {}

local has_lfs, lfs = pcall(require, "lfs")

local function shell_quote(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

--- Whether `path` is a folder.
function M.is_dir(path)
  if has_lfs then
    return lfs.attributes(path, "mode") == "directory"
  end
  local ok = os.execute("test -d " .. shell_quote(path))
  return ok == true or ok == 0
end

-- The files a folder walk reads: JSON, and YAML or template files that may
-- hold CloudFormation (whether they do is decided by their content).
local CHECKED = { json = true, yaml = true, yml = true, template = true, tpl = true }

local function is_json(name)
  local ext = name:lower():match("%.([%w]+)$")
  return ext ~= nil and CHECKED[ext] == true
end

local function walk_lfs(dir, files, counts)
  local names = {}
  local ok, iter, state = pcall(lfs.dir, dir)
  if not ok then return nil, "cannot read folder '" .. dir .. "': " .. tostring(iter) end
  for name in iter, state do
    if name:sub(1, 1) ~= "." then names[#names + 1] = name end
  end
  table.sort(names)
  for _, name in ipairs(names) do
    local path = dir:sub(-1) == "/" and (dir .. name) or (dir .. "/" .. name)
    local mode = lfs.symlinkattributes(path, "mode")
    if mode == "directory" then
      local _, err = walk_lfs(path, files, counts)
      if err then return nil, err end
    elseif mode == "file" or (mode == "link" and lfs.attributes(path, "mode") == "file") then
      if is_json(name) then
        files[#files + 1] = path
      else
        counts.skipped = counts.skipped + 1
      end
    elseif mode ~= "link" or lfs.attributes(path, "mode") ~= "directory" then
      -- devices, FIFOs, sockets, links to them or to nothing: never read
      -- (a link to /dev/zero named x.json would never end)
      counts.special = counts.special + 1
    end
  end
  return files
end

local function walk_find(dir)
  -- regular files (or links to them) print "f PATH"; anything else that is
  -- not a folder (devices, FIFOs, dangling links) prints "s PATH"
  local p = io.popen("find " .. shell_quote(dir) .. " -mindepth 1 -name '.*' -prune -o " ..
    "-xtype f -printf 'f %p\\n' -o ! -xtype d -printf 's %p\\n' 2>/dev/null")
  if not p then return nil, 0, "cannot run find on '" .. dir .. "'" end
  local files, skipped, special = {}, 0, 0
  for line in p:lines() do
    local kind, path = line:match("^(%a) (.*)$")
    if kind == "s" then
      special = special + 1
    elseif kind == "f" then
      if is_json(path:match("[^/]*$")) then files[#files + 1] = path else skipped = skipped + 1 end
    end
  end
  p:close()
  table.sort(files)
  return files, skipped, nil, special
end

--- The `*.json` files under `dir`, sorted, and how many other files were
-- skipped. Only regular files (or links to them) are listed: devices, FIFOs
-- and sockets are never read, but counted.
-- @tparam string dir the folder
-- @treturn[1] {string,...} the file paths
-- @treturn[1] number the number of files skipped (not `.json`)
-- @treturn[1] nil
-- @treturn[1] number the number of special files (devices, FIFOs, sockets, dangling links) skipped
-- @return[2] nil
-- @treturn[2] number 0
-- @treturn[2] string the reason
function M.json_files(dir)
  if has_lfs then
    local counts = { skipped = 0, special = 0 }
    local files, err = walk_lfs(dir, {}, counts)
    if not files then return nil, 0, err end
    table.sort(files)
    return files, counts.skipped, nil, counts.special
  end
  return walk_find(dir)
end

-- for the specs: the walk without LuaFileSystem
M.json_files_find = walk_find

return M
