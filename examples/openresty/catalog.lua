-- The service catalog used by nginx.conf: checked once in init_by_lua_block
-- (nginx refuses to start when it has an error, and logs the diagnostics),
-- and its prefix sets built once per worker, on first use.
--
-- The catalog is a folder: task definitions and CloudFormation templates,
-- every *.json, *.yaml and *.yml file in it (validated from their text, so
-- diagnostics carry line and column), and prefix-sets.txt ("name prefix
-- prefix ..." per line).
local ecsnet = require "ecsnet"
local walk = require "ecsnet.cli.walk"

local M = {}

M.dir = nil         -- set by check()

--- The task-definition files of the catalog in `dir`, sorted (the folder's
-- own *.json, *.yaml and *.yml files; its subfolders are not read).
function M.taskdefs(dir)
  local res, err = walk.walk(dir)
  if not res then return nil, err end
  local out = {}
  for _, path in ipairs(res.files) do
    local name = path:sub(#dir + 2)
    if not name:find("/", 1, true) and (name:match("%.json$") or name:match("%.ya?ml$")) then
      out[#out + 1] = name
    end
  end
  return out
end

local function read(path)
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  local text = f:read("*a")
  f:close()
  return text
end

-- name -> list of prefix strings, or nil, message
local function read_sets(path)
  local text, err = read(path)
  if not text then return nil, err end
  local out, n = {}, 0
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do
    n = n + 1
    if not line:match("^%s*#") and line:match("%S") then
      local name, rest = line:match("^%s*(%S+)%s+(.-)%s*$")
      if not name then return nil, path .. ":" .. n .. ": expected 'name prefix ...'" end
      local list = {}
      for p in rest:gmatch("%S+") do list[#list + 1] = p end
      out[name] = list
    end
  end
  return out
end

--- Checks the catalog in folder `dir`. Returns true, or false and the lines to log.
function M.check(dir)
  M.dir = dir
  local problems = {}
  local files, ferr = M.taskdefs(dir)
  if not files then return false, { ferr } end
  if #files == 0 then problems[1] = dir .. ": no task definitions (*.json, *.yaml, *.yml)" end
  for _, file in ipairs(files) do
    local path = dir .. "/" .. file
    local text, err = read(path)
    local report
    if text then report, err = ecsnet.validate(text) end
    if not report then
      problems[#problems + 1] = path .. ": " .. err
    else
      for _, d in ipairs(report.diagnostics) do
        if d.severity == "error" then
          problems[#problems + 1] = string.format("%s:%s:%s: error %s: %s", path,
            d.line or "?", d.column or "?", d.rule, d.message)
        end
      end
    end
  end
  local lists, err = read_sets(dir .. "/prefix-sets.txt")
  if not lists then
    problems[#problems + 1] = err
  else
    for name, list in pairs(lists) do
      local set, serr = ecsnet.cidrset(list)
      if not set then problems[#problems + 1] = "prefix set '" .. name .. "': " .. serr end
    end
  end
  return #problems == 0, problems
end

local sets  -- per worker: name -> ecsnet.cidrset

--- The catalog's prefix sets, built once per worker on first use.
function M.sets()
  if not sets then
    local lists = assert(read_sets(M.dir .. "/prefix-sets.txt"))
    local built = {}
    for name, list in pairs(lists) do built[name] = assert(ecsnet.cidrset(list)) end
    sets = built
  end
  return sets
end

return M
