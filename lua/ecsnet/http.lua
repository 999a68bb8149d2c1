--- HTTP endpoints over ecsnet: turn a request into a status and a JSON body.
--
-- Works anywhere (plain Lua, busted, nginx/OpenResty): it takes the request
-- body and the query arguments as plain values and returns
-- `status, body`. Malformed input is a 400, a task definition with errors a
-- 422, never a 500; an error raised from here is a bug.
--
--     local http = require "ecsnet.http"
--     local status, body = http.validate(ngx.req.get_body_data(), ngx.req.get_uri_args())
--
-- Valid Lua 5.1.
--
-- @module ecsnet.http

local ecsnet = require "ecsnet"
local json = require "ecsnet.json"

local M = {}

-- "a, b or c"
local function or_list(list)
  return table.concat(list, ", ", 1, #list - 1) .. " or " .. list[#list]
end

-- A query argument whose values are one of the C core's name lists: its
-- name, the values as a set, the message's tail, the case folding.
local function choice(name, list, fold)
  local set = {}
  for _, v in ipairs(list) do set[v] = true end
  return { name = name, set = set, expected = " (expected " .. or_list(list) .. ")", fold = fold }
end

local LAUNCH_TYPES = choice("launch_type", ecsnet.launch_types, string.upper)
local OSES = choice("os", ecsnet.os_names, string.lower)
local SHAPES = choice("shape", ecsnet.shapes)

-- A value from the request, fit to quote in a message: at most 40 bytes,
-- and bytes that are not printable ASCII as \xHH (a message is valid UTF-8
-- JSON whatever the client sent).
local function shown(v)
  v = tostring(v)
  if #v > 40 then v = v:sub(1, 37) .. "..." end
  return (v:gsub("[^\32-\126]", function(c) return string.format("\\x%02X", c:byte()) end))
end

--- The JSON body of an error answer: `{"error": message}`.
-- @tparam string message
-- @treturn string
function M.error_body(message)
  return json.encode({ error = message }) .. "\n"
end

local function fail(status, message)
  return status, M.error_body(message)
end

-- A query argument given once, as a string (nginx gives a list for a repeated
-- argument and true for one without a value).
local function arg(query, name)
  local v = query and query[name]
  if v == nil then return nil end
  if type(v) ~= "string" or v == "" then
    return nil, "query argument '" .. name .. "' must be given once, with a value"
  end
  return v
end

-- nil when every query argument is one of `known`, else what is wrong: an
-- unknown argument ("?shpe=cloudformation") is a 400, never ignored.
local function unknown_args(query, known)
  if type(query) ~= "table" then return nil end
  local bad = {}
  for k in pairs(query) do
    local ok = false
    for _, name in ipairs(known) do if k == name then ok = true end end
    if not ok then bad[#bad + 1] = shown(k) end
  end
  if #bad == 0 then return nil end
  table.sort(bad)
  local name = bad[1]
  if #known == 0 then
    return "unknown query argument '" .. name .. "' (this endpoint takes none)"
  end
  return "unknown query argument '" .. name .. "' (expected " ..
    (#known == 1 and known[1] or or_list(known)) .. ")"
end

-- One choice argument (nil when absent), or nil and what is wrong.
local function read_choice(query, c)
  local v, err = arg(query, c.name)
  if not v then return nil, err end
  if c.fold then v = c.fold(v) end
  if not c.set[v] then return nil, "unknown " .. c.name .. " '" .. shown(v) .. "'" .. c.expected end
  return v
end

--- Reads validation options from query arguments: `launch_type` (EC2,
-- FARGATE, EXTERNAL or MANAGED_INSTANCES, any case), `os` (linux or windows,
-- any case) and `shape` (auto, register, describe, cloudformation,
-- terraform): the lists `ecsnet.launch_types`, `ecsnet.os_names` and
-- `ecsnet.shapes`.
-- @tparam table query the query arguments
-- @treturn[1] table options for `ecsnet.validate`
-- @return[2] nil
-- @treturn[2] string what is wrong
function M.options(query)
  local bad = unknown_args(query, { LAUNCH_TYPES.name, OSES.name, SHAPES.name })
  if bad then return nil, bad end
  local opts = {}
  for _, c in ipairs({ LAUNCH_TYPES, OSES, SHAPES }) do
    local v, err = read_choice(query, c)
    if err then return nil, err end
    opts[c.name] = v
  end
  return opts
end

--- `POST /v1/validate`: validates the task definition in `body` (any shape
-- `ecsnet.validate` reads). 200 and the report when it has no error, 422 and
-- the report when it has, 400 when the body or a query argument is malformed.
-- @tparam string|nil body the request body
-- @tparam[opt] table query the query arguments
-- @treturn int status
-- @treturn string JSON body
function M.validate(body, query)
  if type(body) ~= "string" or body == "" then
    return fail(400, "empty body: send a task definition as JSON")
  end
  local opts, err = M.options(query)
  if not opts then return fail(400, err) end
  local report
  report, err = ecsnet.validate(body, opts)
  if not report then return fail(400, err) end
  return report.ok and 200 or 422, report:json() .. "\n"
end

--- `POST /v1/plan`: plans the addresses and instances in `body` (a plan in
-- the format of docs/plan-format.md). 200 and the plan when it fits, 422 and
-- the plan (with its findings) when it does not, 400 when the body is not a
-- JSON object.
-- @tparam string|nil body the request body
-- @tparam[opt] table query the query arguments (the endpoint takes none: any is a 400)
-- @treturn int status
-- @treturn string JSON body
function M.plan(body, query)
  local bad = unknown_args(query, {})
  if bad then return fail(400, bad) end
  if type(body) ~= "string" or body == "" then
    return fail(400, "empty body: send a plan as JSON (docs/plan-format.md)")
  end
  local r, err = ecsnet.plan(body)
  if not r then return fail(400, err) end
  return r.ok and 200 or 422, json.encode(ecsnet.plan_table(r)) .. "\n"
end

--- `GET /v1/cidr/contains?set=NAME&ip=ADDR`: whether an address (or prefix)
-- is in one of the named prefix sets. 200 `{"set":…, "ip":…, "contains":…}`;
-- 404 for an unknown set; 400 for a missing or malformed address.
-- @tparam table sets name → `ecsnet.cidrset`
-- @tparam table query the query arguments
-- @treturn int status
-- @treturn string JSON body
function M.contains(sets, query)
  local bad = unknown_args(query, { "set", "ip" })
  if bad then return fail(400, bad) end
  local name, err = arg(query, "set")
  if err then return fail(400, err) end
  if not name then return fail(400, "query argument 'set' is required") end
  local set = sets[name]
  if not set then
    local names = {}
    for k in pairs(sets) do names[#names + 1] = k end
    table.sort(names)
    return fail(404, "unknown set '" .. shown(name) .. "' (known: " .. table.concat(names, ", ") .. ")")
  end
  local ip
  ip, err = arg(query, "ip")
  if err then return fail(400, err) end
  if not ip then return fail(400, "query argument 'ip' is required") end
  local yes
  yes, err = set:contains(ip)
  if yes == nil then return fail(400, err) end
  return 200, json.encode(json.order({ set = name, ip = ip, contains = yes }, { "set", "ip", "contains" })) .. "\n"
end

return M
