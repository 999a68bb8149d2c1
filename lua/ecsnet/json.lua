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
-- An object made by `json.object` is written in its order without sorting
-- anything (unless keys were added to it since); the text is built in one
-- buffer, not a string per value.
--
-- Valid Lua 5.1 (LuaJIT loads it).
--
-- @module ecsnet.json

local M = {}

local type, pairs, ipairs, tostring, setmetatable, getmetatable, next =
  type, pairs, ipairs, tostring, setmetatable, getmetatable, next
local concat, sort, format, floor, find, gsub, rep =
  table.concat, table.sort, string.format, math.floor, string.find, string.gsub, string.rep

local ARRAY = {}   -- metatable marking arrays
local ORDER = {}   -- key under which an object's metatable keeps its key order
local EXACT = {}   -- set in json.object's metatables, which are their own key list

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
  -- the metatable is the key list itself (each key once), marked EXACT
  -- when every key is a string (so that the object is never an array)
  local t, keys, n, strings = {}, {}, 0, true
  local args = { ... }
  for i = 1, select("#", ...), 2 do
    local k, v = args[i], args[i + 1]
    if v ~= nil then
      if t[k] == nil then
        n = n + 1
        keys[n] = k
        strings = strings and type(k) == "string"
      end
      t[k] = v
    end
  end
  keys[ORDER] = keys
  keys[EXACT] = strings or nil
  return setmetatable(t, keys)
end

local escapes = {
  ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f",
  ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t",
}

local function escape(c)
  return escapes[c] or format("\\u%04x", c:byte())
end

local function quote(s)
  if not find(s, '[%c"\\]') then return '"' .. s .. '"' end
  return '"' .. gsub(s, '[%c"\\]', escape) .. '"'
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

-- The keys of t in order: those of its order first, then the rest sorted.
local function object_keys(t, order)
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

-- What is written before a member: "{" or ",", the line break and indent
-- of its depth, the quoted key and the colon; shared by every encoding
-- (bounded: keys are mostly the same few names, at a few depths).
local leads, lead_count = {}, 0

local function lead_of(indent, depth, first, k)
  local by_indent = leads[indent or ""]
  if not by_indent then
    by_indent = {}
    leads[indent or ""] = by_indent
  end
  local slot = depth * 2 + (first and 1 or 0)
  local cache = by_indent[slot]
  if not cache then
    cache = {}
    by_indent[slot] = cache
  end
  local q = cache[k]
  if not q then
    q = (first and "{" or ",") .. (indent and ("\n" .. rep(indent, depth)) or "") .. quote(tostring(k)) ..
      (indent and ": " or ":")
    if lead_count < 4096 then
      lead_count = lead_count + 1
      cache[k] = q
    end
  end
  return q
end

--- A string as a JSON string, a number as a JSON number (what `encode`
-- writes for them; for writers of their own that must give its bytes).
-- @tparam string|number v the value
-- @treturn string the JSON text
function M.scalar(v)
  if type(v) == "number" then return number(v) end
  return quote(v)
end

--- Encodes a value as JSON text.
-- @param value a table, string, number, boolean, nil or `json.null`
-- @tparam[opt] table options `{indent = "  "}` for pretty output; `depth`
-- (with indent): the value's own depth, its lines after the first indented
-- that many levels more (a value written inside another as it goes)
-- @treturn string the JSON text
-- @raise on functions, userdata, or a table that contains itself
function M.encode(value, options)
  local indent = options and options.indent
  if indent == true then indent = "  " end
  if not indent then indent = nil end
  -- the text in one buffer; `pads[d]`: a line break and d levels of indent
  local buf, n, pads, stack = {}, 0, {}, {}
  local null = M.null
  local function pad(depth)
    local p = pads[depth]
    if not p then
      p = "\n" .. rep(indent, depth)
      pads[depth] = p
    end
    return p
  end
  local enc
  -- writes v after `lead` (a separator, padding and key)
  local function put(lead, v, depth)
    local tv = type(v)
    n = n + 1
    if tv == "string" then
      if find(v, '[%c"\\]') then
        buf[n] = lead .. '"' .. gsub(v, '[%c"\\]', escape) .. '"'
      else
        buf[n] = lead .. '"' .. v .. '"'
      end
    elseif tv == "number" then
      buf[n] = lead .. number(v)
    elseif tv == "boolean" then
      buf[n] = lead .. (v and "true" or "false")
    elseif v == nil or v == null then
      buf[n] = lead .. "null"
    elseif tv == "table" then
      buf[n] = lead
      enc(v, depth)
    else
      error("cannot encode a " .. tv .. " as JSON", 0)
    end
  end
  local function array(v, len, depth)
    if len == 0 then
      n = n + 1
      buf[n] = "[]"
      return
    end
    local inner = indent and pad(depth + 1) or ""
    put("[" .. inner, v[1], depth + 1)
    local sep = "," .. inner
    for i = 2, len do put(sep, v[i], depth + 1) end
    n = n + 1
    buf[n] = indent and (pad(depth) .. "]") or "]"
  end
  -- writes the members of v named in keys; returns how many
  local function members(v, keys, depth)
    local written = 0
    for i = 1, #keys do
      local k = keys[i]
      local val = v[k]
      if val ~= nil then
        put(lead_of(indent, depth + 1, written == 0, k), val, depth + 1)
        written = written + 1
      end
    end
    return written
  end
  local function close(written, depth)
    n = n + 1
    if written == 0 then
      buf[n] = "{}"
    else
      buf[n] = indent and (pad(depth) .. "}") or "}"
    end
  end
  local function object(v, keys, depth)
    close(members(v, keys, depth), depth)
  end
  -- a json.object's members in its order, when they are all of its keys
  -- (none added since); else nothing written and false
  local function exact(v, keys, depth)
    local count = 0
    for _ in next, v do count = count + 1 end
    local n0 = n
    local written = members(v, keys, depth)
    if written ~= count then
      n = n0
      return false
    end
    close(written, depth)
    return true
  end
  enc = function(v, depth)
    if stack[v] then
      error("cannot encode a table that contains itself as JSON", 0)
    end
    stack[v] = true
    local mt = getmetatable(v)
    if mt == ARRAY then
      array(v, #v, depth)
    else
      if not (mt and mt[EXACT] and exact(v, mt, depth)) then
        local len = seqlen(v)
        if len then
          array(v, len, depth)
        else
          object(v, object_keys(v, mt and mt[ORDER]), depth)
        end
      end
    end
    stack[v] = nil
  end
  put("", value, indent and options.depth or 0)
  return concat(buf, "", 1, n)
end

return M
