--- The check command's configuration file, `.ecsnet.yml`: found from the
-- working folder up to the repository root (the first folder holding
-- `.git`), or named by `--config FILE`; `--no-config` reads none.
--
-- It is YAML read by the module's own YAML front end
-- (`ecsnet.core.yaml_decode`, the reader of YAML templates). Its keys are
-- the command's options by another name (the command line wins where both
-- say something; lists such as `ignore` add up):
--
--    ignore: [ECS020, ECS03]        # rule IDs or ID prefixes, or
--    ignore: [{rules: [ECS018], paths: ["legacy/**"]}]   # only in those files
--    include: [ECS033]              # reported even when an ignore matches
--    severity: {ECS018: error}      # a rule's severity changed
--    exclude: ["legacy/**", "*.generated.json"]
--    launch_type: FARGATE           # or a list
--    os: linux
--    reserved_ports: [22, 2375, 2376, 51678, 51679]
--    reserved_udp_ports: []
--    dynamic_range: 32768-60999
--    instance_data: data/my-instance-types.json
--
-- An unknown key is an error that names the nearest known one.
-- @module ecsnet.cli.config

local cli = require "ecsnet.cli"
local walk = require "ecsnet.cli.walk"

local M = {}

--- The file name looked for.
M.NAME = ".ecsnet.yml"

--- The most bytes a configuration file may hold.
M.MAX_BYTES = 65536

--- The keys a configuration file may hold, in the order docs/cli.md lists them.
M.KEYS = { "ignore", "include", "severity", "exclude", "launch_type", "os", "reserved_ports",
  "reserved_udp_ports", "dynamic_range", "instance_data" }

local has_lfs, lfs = pcall(require, "lfs")

--- The working folder as an absolute path (LuaFileSystem, else `$PWD`,
-- else `pwd`).
function M.cwd(getenv)
  if has_lfs then
    local d = lfs.currentdir()
    if d then return d end
  end
  local pwd = (getenv or os.getenv)("PWD")
  if pwd and pwd:sub(1, 1) == "/" then return pwd end
  local p = io.popen("pwd")
  local d = p and p:read("*l")
  if p then p:close() end
  return d or "."
end

local function parent(dir)
  if dir == "/" then return nil end
  local up = dir:match("^(.*)/[^/]+/?$")
  if up == nil then return nil end
  return up == "" and "/" or up
end

local function join(dir, name)
  return dir == "/" and ("/" .. name) or (dir .. "/" .. name)
end

--- The `.ecsnet.yml` that applies to a run started in `dir`: the nearest
-- one in `dir` or a folder above it, looking no higher than the first
-- folder that holds `.git` (a folder or, in a worktree, a file).
-- @tparam string dir an absolute folder
-- @treturn string|nil the file's path
function M.find(dir)
  while dir do
    local path = join(dir, M.NAME)
    if walk.kind(path) == "file" then return path end
    if walk.kind(join(dir, ".git")) ~= "missing" then return nil end
    dir = parent(dir)
  end
  return nil
end

-- { ======================================================================
-- Reading the values
-- ========================================================================

-- A list of strings from a YAML list or one string (a comma list); nil and
-- a message when it is neither.
local function string_list(v)
  if type(v) == "string" then
    local out = {}
    for w in v:gmatch("[^,%s]+") do out[#out + 1] = w end
    return out
  end
  if type(v) ~= "table" or next(v) ~= nil and v[1] == nil then return nil, "a list" end
  local out = {}
  for k, x in pairs(v) do
    if type(k) ~= "number" then return nil, "a list" end
    if type(x) ~= "string" and type(x) ~= "number" then return nil, "a list of names" end
    out[k] = tostring(x)
  end
  return out
end

-- A list of numbers (a YAML list, or the command line's "22,2375-2376"
-- text) as the command line's text.
local function port_text(v)
  if type(v) == "number" then return tostring(v) end
  if type(v) == "string" then return v end
  local list, err = string_list(v)
  if not list then return nil, err end
  return #list == 0 and "none" or table.concat(list, ",")
end

local SCOPED_KEYS = { "rules", "paths" }

--- Reads `ignore`: a list whose items are rules (IDs, prefixes, names), or
-- mappings `{rules: [...], paths: [globs]}` that ignore those rules only in
-- the files the globs name (for plain JSON task definitions, which have no
-- Metadata); returns the rules, then the scoped entries as a second field
-- `scoped` of the list.
function M.read_ignore(v)
  if type(v) == "string" then return string_list(v) end
  if type(v) ~= "table" or next(v) ~= nil and v[1] == nil then return nil, "a list" end
  local out = { scoped = {} }
  for k, x in pairs(v) do
    if type(k) ~= "number" then return nil, "a list" end
    if type(x) == "table" then
      for key in pairs(x) do
        local ok = false
        for _, known in ipairs(SCOPED_KEYS) do ok = ok or key == known end
        if not ok then
          local near = require("ecsnet.core").suggest(tostring(key), SCOPED_KEYS)
          return nil, "a list of rules or {rules, paths} mappings; unknown key " .. cli.quote(tostring(key)) ..
            (near and (" (did you mean '" .. near .. "'?)") or "")
        end
      end
      local rules = x.rules ~= nil and string_list(x.rules)
      local paths = x.paths ~= nil and string_list(x.paths)
      if not rules or not paths or #rules == 0 or #paths == 0 then
        return nil, "a list of rules or {rules, paths} mappings, each with rules and paths"
      end
      out.scoped[#out.scoped + 1] = { rules = rules, paths = paths }
    elseif type(x) == "string" or type(x) == "number" then
      out[#out + 1] = tostring(x)
    else
      return nil, "a list of rules or {rules, paths} mappings"
    end
  end
  return out
end

local READERS = {
  ignore = function(v) return M.read_ignore(v) end,
  include = function(v) return string_list(v) end,
  exclude = function(v) return string_list(v) end,
  launch_type = function(v)
    local list, err = string_list(v)
    return list and table.concat(list, ","), err
  end,
  os = function(v)
    if type(v) ~= "string" then return nil, "a name" end
    return v
  end,
  severity = function(v)
    if type(v) ~= "table" or v[1] ~= nil then return nil, "a mapping of rule to level" end
    local out = {}
    for rule, level in pairs(v) do
      if type(level) ~= "string" then return nil, "a mapping of rule to level" end
      out[#out + 1] = tostring(rule) .. "=" .. level
    end
    table.sort(out)
    return out
  end,
  reserved_ports = port_text,
  reserved_udp_ports = port_text,
  dynamic_range = function(v)
    if type(v) == "string" then return v end
    if type(v) == "table" and #v == 2 and type(v[1]) == "number" and type(v[2]) == "number" then
      return string.format("%d-%d", v[1], v[2])
    end
    return nil, "FIRST-LAST or a list of two ports"
  end,
  instance_data = function(v)
    if type(v) ~= "string" or v == "" then return nil, "a file name" end
    return v
  end,
}

local function is_blank(text)
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do
    if not line:match("^%s*$") and not line:match("^%s*#") and not line:match("^%-%-%-%s*$") then
      return false
    end
  end
  return true
end

--- Reads a configuration file.
-- @tparam table ctx the run context (`ctx:read`)
-- @tparam string path the file
-- @treturn[1] table `{path = ..., dir = ..., <key> = value ...}`, each value as
-- the command line would give it (lists of names, option text)
-- @return[2] nil
-- @treturn[2] string the reason, naming the file
function M.load(ctx, path)
  local text, err = ctx:read(path, M.MAX_BYTES)
  if not text then
    if err:find("^document too large") then err = cli.quote(path, 400) .. ": " .. err end
    return nil, err
  end
  local cfg = { path = path, dir = path:match("^(.*)/[^/]*$") or "." }
  if is_blank(text) then return cfg end
  local doc, derr = require("ecsnet.core").yaml_decode(text, "the configuration", M.MAX_BYTES)
  if doc == nil then return nil, cli.quote(path, 400) .. ": " .. derr end
  if type(doc) ~= "table" or doc[1] ~= nil then
    return nil, cli.quote(path, 400) .. ": must be a mapping of settings (" .. table.concat(M.KEYS, ", ") .. ")"
  end
  local names = {}
  for k in pairs(doc) do names[#names + 1] = tostring(k) end
  table.sort(names)
  for _, k in ipairs(names) do
    local read = READERS[k]
    if not read then
      local near = require("ecsnet.core").suggest(k, M.KEYS)
      return nil, cli.quote(path, 400) .. ": unknown key " .. cli.quote(k) ..
        (near and (" (did you mean '" .. near .. "'?)") or (" (known: " .. table.concat(M.KEYS, ", ") .. ")"))
    end
    local v, why = read(doc[k])
    if v == nil then return nil, cli.quote(path, 400) .. ": '" .. k .. "' must be " .. why end
    cfg[k] = v
  end
  if cfg.instance_data and cfg.instance_data:sub(1, 1) ~= "/" then
    cfg.instance_data = cfg.dir .. "/" .. cfg.instance_data
  end
  return cfg
end

--- The configuration of a run: `--no-config` none, `--config FILE` that
-- file, else the one `M.find` finds. A file that cannot be read or used
-- ends the run with exit 2 (a configuration error).
-- @treturn table|nil
function M.of_run(ctx, opts)
  if opts["no-config"] then
    if opts.config then ctx:usage_error("'--config' and '--no-config' contradict each other") end
    return nil
  end
  local path = opts.config
  if path then
    if path == "" then ctx:usage_error("'--config' needs a file name") end
    if walk.kind(path) ~= "file" then
      ctx:input_error("'--config': " .. cli.quote(path, 400) .. " is not a file")
    end
  else
    path = M.find(M.cwd(ctx.getenv))
    if not path then return nil end
  end
  local cfg, err = M.load(ctx, path)
  if not cfg then ctx:input_error("configuration " .. err) end
  return cfg
end

-- { ======================================================================
-- Path globs (exclude)
-- ========================================================================

-- Whether `s` from `i` matches glob `p` from `j`: `**` any run of
-- characters, `*` any run without '/', `?` one character but '/'.
local function glob_at(p, j, s, i)
  while j <= #p do
    local c = p:sub(j, j)
    if c == "*" then
      local deep = p:sub(j + 1, j + 1) == "*"
      local nj = j + (deep and 2 or 1)
      if deep and p:sub(nj, nj) == "/" then
        -- "**/" also matches no folder at all
        if glob_at(p, nj + 1, s, i) then return true end
      end
      for k = i, #s + 1 do
        if glob_at(p, nj, s, k) then return true end
        if not deep and s:sub(k, k) == "/" then return false end
      end
      return false
    elseif i > #s then
      return false
    elseif c == "?" then
      if s:sub(i, i) == "/" then return false end
    elseif c ~= s:sub(i, i) then
      return false
    end
    i, j = i + 1, j + 1
  end
  return i > #s
end

--- Whether a path matches a glob.
-- @tparam string glob the pattern (`**`, `*`, `?`)
-- @tparam string path the path (with '/')
function M.glob(glob, path)
  return glob_at(glob, 1, path, 1)
end

-- A path without "./" parts and repeated slashes.
local function clean(path)
  path = path:gsub("/+", "/"):gsub("/%./", "/"):gsub("^%./", "")
  return (path:gsub("/$", ""))
end

--- The exclude pattern a path matches, if any. A pattern is matched
-- against the path as given, against the path from the configuration's
-- folder, and, when it has no '/', against the file name alone; a folder
-- that matches excludes all under it.
-- @tparam table cfg the configuration (its `exclude`, `dir`, and `cwd`)
-- @tparam string path the path
-- @treturn string|nil the pattern
function M.excluded(cfg, path)
  if not cfg or not cfg.exclude or #cfg.exclude == 0 then return nil end
  return M.matches(cfg, cfg.exclude, path)
end

--- The first of `globs` a path matches (as `M.excluded` matches), if any.
-- @tparam table cfg the configuration (its `dir`, and `cwd`)
-- @tparam {string,...} globs the patterns
-- @tparam string path the path
-- @treturn string|nil the pattern
function M.matches(cfg, globs, path)
  local given = clean(path)
  local abs = given:sub(1, 1) == "/" and given or clean((cfg.cwd or M.cwd()) .. "/" .. given)
  local dir = clean(cfg.dir:sub(1, 1) == "/" and cfg.dir or ((cfg.cwd or M.cwd()) .. "/" .. cfg.dir))
  local rel = abs:sub(1, #dir + 1) == dir .. "/" and abs:sub(#dir + 2) or nil
  local base = given:match("[^/]*$")
  for _, g in ipairs(globs) do
    local pat = clean(g)
    local stem = pat:match("^(.*)/%*%*$")   -- "legacy/**" names the folder legacy too
    if stem and (M.glob(stem, given) or (rel and M.glob(stem, rel))) then return g end
    if M.glob(pat, given) or (rel and M.glob(pat, rel)) or (not pat:find("/", 1, true) and M.glob(pat, base))
      or M.glob(pat .. "/**", given) or (rel and M.glob(pat .. "/**", rel)) then
      return g
    end
  end
  return nil
end

return M
