--- Folder walking for the command: the files under a folder that may hold
-- task definitions, every other entry with the reason it is skipped, and the
-- folders read as one unit (a CDK cloud assembly, read through its manifest).
--
-- Uses LuaFileSystem when it is installed (Debian's lua-filesystem, which
-- busted pulls in) and `find` otherwise. Hidden entries (`.git`, `.terraform`)
-- are not entered; symbolic links to folders are not followed.
-- @module ecsnet.cli.walk

local M = {}

local has_lfs, lfs = pcall(require, "lfs")
-- the core lists a folder in one call (names sorted, with their kinds)
local has_core, core = pcall(require, "ecsnet.core")
if not (has_core and core.list_dir) then core = nil end

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

local function test(flag, path)
  local ok = os.execute("test " .. flag .. " " .. shell_quote(path))
  return ok == true or ok == 0
end

--- What `path` is: `"file"` (a regular file, or a link to one),
-- `"directory"`, `"missing"` (nothing, or a dangling link) or `"other"`
-- (a device, FIFO or socket, which is never opened: opening a FIFO waits).
function M.kind(path)
  local mode
  if has_lfs then
    mode = lfs.attributes(path, "mode")
  elseif test("-f", path) then
    mode = "file"
  elseif test("-d", path) then
    mode = "directory"
  elseif test("-e", path) then
    mode = "other"
  end
  if mode == "file" or mode == "directory" then return mode end
  return mode and "other" or "missing"
end

-- The files a folder walk reads: JSON, and YAML or template files that may
-- hold CloudFormation (whether they do is decided by their content).
local CHECKED = { json = true, yaml = true, yml = true, template = true, tpl = true }

local function is_checked(name)
  local ext = name:match("%.(%w+)$")
  return ext ~= nil and (CHECKED[ext] or CHECKED[ext:lower()]) == true
end

--- Why the walk skips an entry, by kind (the kinds of `walk`'s `skipped`;
-- check.lua adds the kinds decided by content).
M.REASONS = {
  not_json = "not a .json, .yaml, .yml, .template or .tpl file",
  special = "a device, FIFO, socket or dangling link: never read",
}

local function skip(res, path, kind)
  res.skipped[#res.skipped + 1] = { path = path, kind = kind, reason = M.REASONS[kind] }
end

local function join(dir, name)
  return dir:sub(-1) == "/" and (dir .. name) or (dir .. "/" .. name)
end

local function lfs_is_file(path)
  return lfs.attributes(path, "mode") == "file"
end

-- What a folder entry is, as core.list_dir names it: "file" (or a link
-- to one), "directory", "link_directory" or "other".
local function lfs_kind(path)
  local mode = lfs.symlinkattributes(path, "mode")
  if mode == "directory" or mode == "file" then return mode end
  if mode == "link" then
    local target = lfs.attributes(path, "mode")
    if target == "file" then return "file" end
    if target == "directory" then return "link_directory" end
  end
  return "other"
end

-- A folder's entries not starting with ".", sorted, and their kinds.
local function listing(dir)
  if core then
    local names, kinds = core.list_dir(dir)
    if names then return names, kinds end
  end
  -- without the core, or when it cannot read the folder (lfs says why)
  local names, kinds = {}, {}
  local ok, iter, state = pcall(lfs.dir, dir)
  if not ok then return nil, "cannot read folder '" .. dir .. "': " .. tostring(iter) end
  for name in iter, state do
    if name:sub(1, 1) ~= "." then names[#names + 1] = name end
  end
  table.sort(names)
  for i, name in ipairs(names) do kinds[i] = lfs_kind(join(dir, name)) end
  return names, kinds
end

local function walk_lfs(dir, res, unit)
  local kind = unit and unit(dir, lfs_is_file)
  if kind then
    res.units[#res.units + 1] = { path = dir, kind = kind }
    return true
  end
  local names, kinds = listing(dir)
  if not names then return nil, kinds end
  local files, prefix = res.files, join(dir, "")
  for i, name in ipairs(names) do
    local path = prefix .. name
    local mode = kinds[i]
    if mode == "directory" then
      local _, err = walk_lfs(path, res, unit)
      if err then return nil, err end
    elseif mode == "file" then
      if is_checked(name) then files[#files + 1] = path else skip(res, path, "not_json") end
    elseif mode == "other" then
      -- devices, FIFOs, sockets, links to them or to nothing: never read
      -- (a link to /dev/zero named x.json would never end)
      skip(res, path, "special")
    end
  end
  return true
end

-- Whether `path` is `dir` or under it.
local function under(path, dir)
  dir = dir:gsub("/+$", "")
  return path == dir or path:sub(1, #dir + 1) == dir .. "/"
end

local function walk_find(dir, res, unit)
  -- folders print "d PATH"; regular files (or links to them) "f PATH";
  -- anything else that is not a folder (devices, FIFOs, dangling links) "s PATH"
  local p = io.popen("find " .. shell_quote(dir) .. " -mindepth 1 -name '.*' -prune -o " ..
    "-type d -printf 'd %p\\n' -o " ..
    "-xtype f -printf 'f %p\\n' -o ! -xtype d -printf 's %p\\n' 2>/dev/null")
  if not p then return nil, "cannot run find on '" .. dir .. "'" end
  local entries, regular = {}, {}
  for line in p:lines() do
    local kind, path = line:match("^(%a) (.*)$")
    if kind then entries[#entries + 1] = { kind = kind, path = path } end
    if kind == "f" then regular[path] = true end
  end
  p:close()
  local function is_file(path) return regular[path] == true end
  local top = unit and unit(dir, is_file)
  if top then
    res.units[#res.units + 1] = { path = dir, kind = top }
    return true
  end
  table.sort(entries, function(a, b) return a.path < b.path end)
  local function in_unit(path)
    for _, u in ipairs(res.units) do
      if under(path, u.path) then return true end
    end
    return false
  end
  for _, e in ipairs(entries) do   -- folders first: a parent sorts before its children
    local kind = e.kind == "d" and not in_unit(e.path) and unit and unit(e.path, is_file)
    if kind then res.units[#res.units + 1] = { path = e.path, kind = kind } end
  end
  for _, e in ipairs(entries) do
    -- folders, and what is read as part of its unit, are not listed
    if e.kind ~= "d" and not in_unit(e.path) then
      if e.kind == "s" then
        skip(res, e.path, "special")
      elseif is_checked(e.path:match("[^/]*$")) then
        res.files[#res.files + 1] = e.path
      else
        skip(res, e.path, "not_json")
      end
    end
  end
  return true
end

--- Walks a folder.
-- @tparam string dir the folder
-- @tparam[opt] function unit `unit(folder, is_file)` returns a kind (a
-- string) for a folder that is read as one unit, which the walk then lists
-- in `units` and does not enter (the folder itself included); `is_file(path)`
-- tells whether a path is a regular file (or a link to one) as the walk saw it
-- @tparam[opt] boolean use_find walk with `find` even when LuaFileSystem is there
-- @treturn[1] table `{files = {path, ...}, skipped = {{path, kind, reason}, ...},
-- units = {{path, kind}, ...}}`, each list sorted by path; only regular files
-- (or links to them) are in `files`
-- @return[2] nil
-- @treturn[2] string the reason
function M.walk(dir, unit, use_find)
  local res = { files = {}, skipped = {}, units = {} }
  local ok, err
  if has_lfs and not use_find then
    ok, err = walk_lfs(dir, res, unit)
  else
    ok, err = walk_find(dir, res, unit)
  end
  if not ok then return nil, err end
  table.sort(res.files)
  table.sort(res.skipped, function(a, b) return a.path < b.path end)
  return res
end

local function counted(res)
  local n = { not_json = 0, special = 0 }
  for _, s in ipairs(res.skipped) do n[s.kind] = n[s.kind] + 1 end
  return res.files, n.not_json, nil, n.special
end

--- The checked files under `dir`, sorted, and how many other files were
-- skipped (the whole walk, no units).
-- @tparam string dir the folder
-- @treturn[1] {string,...} the file paths
-- @treturn[1] number the number of files skipped (not JSON or YAML)
-- @treturn[1] nil
-- @treturn[1] number the number of special files (devices, FIFOs, sockets, dangling links) skipped
-- @return[2] nil
-- @treturn[2] number 0
-- @treturn[2] string the reason
function M.json_files(dir)
  local res, err = M.walk(dir)
  if not res then return nil, 0, err end
  return counted(res)
end

-- for the specs: the walk without LuaFileSystem
function M.json_files_find(dir)
  local res, err = M.walk(dir, nil, true)
  if not res then return nil, 0, err end
  return counted(res)
end

return M
