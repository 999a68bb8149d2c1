-- bench/validate.lua: ecsnet.validate from Lua with a JSON string and with a
-- Lua table, against lua-cjson's decode of the same text (bench/validate.sh).
-- Prints "<name>_ns N" lines (best of several rounds).
local ecsnet = require "ecsnet"
local cjson = require "cjson"
local clock = os.clock

local f = assert(io.open(arg[1], "rb"))
local text = f:read("*a")
f:close()
local iters = tonumber(arg[2]) or 2000
local tbl = cjson.decode(text)
assert(ecsnet.validate(text).ok)
assert(ecsnet.validate(tbl).ok)

-- rounds interleave the three so that load on the machine hits all alike
local validate = ecsnet.validate
local decode = cjson.decode
local fns = {
  lua_validate_string_ns = function() return validate(text) end,
  lua_validate_table_ns = function() return validate(tbl) end,
  lua_cjson_decode_ns = function() return decode(text) end,
}
local names = { "lua_validate_string_ns", "lua_validate_table_ns", "lua_cjson_decode_ns" }
local best = {}
for _ = 1, 15 do
  for _, name in ipairs(names) do
    local fn = fns[name]
    local t0 = clock()
    for _ = 1, iters do fn() end
    local t = (clock() - t0) / iters * 1e9
    if not best[name] or t < best[name] then best[name] = t end
  end
end
for _, name in ipairs(names) do print(string.format("%s %.0f", name, best[name])) end
