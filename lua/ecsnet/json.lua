--- A small JSON encoder with a stable key order, for the command's output.
--
-- Parsing stays in C (cJSON, through the validator); this module only writes.
-- Objects are encoded with their keys in the order given by `json.object`
-- (or `json.order`), then any remaining keys sorted, so the same data always
-- gives the same bytes. Tables made with `json.array` are arrays even when
-- empty; other tables are arrays when their keys are exactly `1..n` (n > 0).
-- Strings are written as given (the caller's UTF-8); control characters,
-- `"` and `\` are escaped. Numbers that are integral print without a
-- fraction; NaN and the infinities, which JSON cannot hold, become `null`.
--
-- Valid Lua 5.1 (LuaJIT loads it).
--
-- @module ecsnet.json

local M = {}

local type, pairs, ipairs, tostring, setmetatable, getmetatable =
  type, pairs, ipairs, tostring, setmetatable, getmetatable
local concat, sort, format, floor = table.concat, table.sort, string.format, math.floor

local ARRAY = {}   -- metatable marking arrays
local ORDER = {}   -- key under which an object's metatable keeps its key order

--- The JSON `null` value (a unique sentinel).
M.null = setmetatable({}, { __tostring = function() return "null" end })

--- Marks a table as a JSON array (so an empty one encodes as `[]`).
-- @tparam[opt] table t the array (a new table when nil)
-- @treturn table t
function M.array(t)
  return setmetatable(t or {}, ARRAY)
end

--- Gives a table a key order for encoding.
-- @tparam table t the object
-- @tparam {string,...} keys the keys in the order they are written; keys of
-- `t` not listed follow, sorted
-- @treturn table t
function M.order(t, keys)
  return setmetatable(t, { [ORDER] = keys })
end

--- Builds an object from a flat list of key, value pairs, keeping that order.
-- A nil value leaves its key out.
-- @usage json.object("file", name, "line", 3)  --> {"file":...,"line":3}
-- @treturn table the object
function M.object(...)
  local t, keys = {}, {}
  local n = select("#", ...)
  for i = 1, n, 2 do
    local k, v = select(i, ...)
    if v ~= nil then
      t[k] = v
      keys[#keys + 1] = k
    end
  end
  return M.order(t, keys)
end

local escapes = {
  ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f",
  ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t",
}

local function quote(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    return escapes[c] or format("\\u%04x", c:byte())
  end) .. '"'
end

local function number(x)
  if x ~= x or x == math.huge or x == -math.huge then
    return "null"
  end
  if floor(x) == x and x >= -2^53 and x <= 2^53 then
    return format("%d", x)
  end
  return format("%.17g", x)
end

-- Returns n when t is a sequence 1..n (n > 0) with no other keys, else nil.
local function seqlen(t)
  local n = 0
  for k in pairs(t) do
    if type(k) ~= "number" or k < 1 or floor(k) ~= k then
      return nil
    end
    if k > n then n = k end
  end
  if n == 0 then return nil end
  for i = 1, n do
    if t[i] == nil then return nil end
  end
  return n
end

local function keycmp(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then return ta < tb end
  return a < b
end

local encode

local function object_keys(t)
  local mt = getmetatable(t)
  local order = mt and mt[ORDER]
  local keys, seen = {}, {}
  if order then
    for _, k in ipairs(order) do
      if t[k] ~= nil and not seen[k] then
        keys[#keys + 1] = k
        seen[k] = true
      end
    end
  end
  local rest = {}
  for k in pairs(t) do
    if not seen[k] then rest[#rest + 1] = k end
  end
  sort(rest, keycmp)
  for _, k in ipairs(rest) do keys[#keys + 1] = k end
  return keys
end

encode = function(v, indent, depth, stack)
  local tv = type(v)
  if v == nil or v == M.null then
    return "null"
  elseif tv == "boolean" then
    return v and "true" or "false"
  elseif tv == "number" then
    return number(v)
  elseif tv == "string" then
    return quote(v)
  elseif tv ~= "table" then
    error("cannot encode a " .. tv .. " as JSON", 0)
  end
  if stack[v] then
    error("cannot encode a table that contains itself as JSON", 0)
  end
  stack[v] = true
  local nl, pad, padin, colon = "", "", "", ":"
  if indent then
    nl = "\n"
    pad = indent:rep(depth)
    padin = indent:rep(depth + 1)
    colon = ": "
  end
  local parts = {}
  local out
  local n = getmetatable(v) == ARRAY and #v or seqlen(v)
  if n then
    for i = 1, n do
      parts[i] = padin .. encode(v[i], indent, depth + 1, stack)
    end
    if #parts == 0 then
      out = "[]"
    else
      out = "[" .. nl .. concat(parts, "," .. nl) .. nl .. pad .. "]"
    end
  else
    for _, k in ipairs(object_keys(v)) do
      parts[#parts + 1] = padin .. quote(tostring(k)) .. colon .. encode(v[k], indent, depth + 1, stack)
    end
    if #parts == 0 then
      out = "{}"
    else
      out = "{" .. nl .. concat(parts, "," .. nl) .. nl .. pad .. "}"
    end
  end
  stack[v] = nil
  return out
end

--- Encodes a value as JSON text.
-- @param value a table, string, number, boolean, nil or `json.null`
-- @tparam[opt] table options `{indent = "  "}` for pretty output
-- @treturn string the JSON text
-- @raise on functions, userdata, or a table that contains itself
function M.encode(value, options)
  local indent = options and options.indent
  if indent == true then indent = "  " end
  return encode(value, indent, 0, {})
end

return M
