-- The Lua side of bench/cidr.sh: reads the data sets bench/cidr_bench.c
-- wrote into the folder arg[1] and times ecsnet from this Lua (5.4 or LuaJIT).
-- Prints "name value" lines: ns per item, bytes.
local ecsnet = require "ecsnet"
local dir = arg[1]
local clock = os.clock

local function lines(name)
  local t = {}
  for l in io.lines(dir .. "/" .. name) do t[#t + 1] = l end
  return t
end

local function best(f, n)
  local b = math.huge
  for _ = 1, 3 do
    collectgarbage()
    local t = clock()
    f()
    t = clock() - t
    if t < b then b = t end
  end
  return b * 1e9 / n
end

local p4, p6 = lines("v4_prefixes.txt"), lines("v6_prefixes.txt")
local q4, q6, parse = lines("v4_queries.txt"), lines("v6_queries.txt"), lines("v4_parse.txt")
local s4, s6 = assert(ecsnet.cidrset(p4)), assert(ecsnet.cidrset(p6))
local n = #q4

-- Correctness first: the batch and the single calls agree.
local hits = 0
for i = 1, n do if s4:contains(q4[i]) then hits = hits + 1 end end
assert(hits == s4:count(q4), "batch and single calls disagree")
print("hits4 " .. hits)

print(("lua_contains4_ns %.1f"):format(best(function()
  local contains, h = s4.contains, 0
  for i = 1, n do if contains(s4, q4[i]) then h = h + 1 end end
end, n)))
print(("lua_method4_ns %.1f"):format(best(function()
  local h = 0
  for i = 1, n do if s4:contains(q4[i]) then h = h + 1 end end
end, n)))
print(("lua_batch4_ns %.1f"):format(best(function() s4:count(q4) end, n)))
local out = {}
print(("lua_match4_ns %.1f"):format(best(function() s4:match(q4, out) end, n)))
print(("lua_contains6_ns %.1f"):format(best(function()
  local contains, h = s6.contains, 0
  for i = 1, n do if contains(s6, q6[i]) then h = h + 1 end end
end, n)))
print(("lua_batch6_ns %.1f"):format(best(function() s6:count(q6) end, n)))
print(("lua_parse4_ns %.1f"):format(best(function()
  local cidr = ecsnet.cidr
  for i = 1, n do cidr(parse[i]) end
end, n)))
-- The floor: a C function that reads the string and returns an 18-byte
-- userdata with a metatable, parsing nothing (bench/cidr_floor.c).
local floor_value = require "cidr_floor"
print(("lua_floor4_ns %.1f"):format(best(function()
  local f = floor_value
  for i = 1, n do f(parse[i]) end
end, n)))
local slash8 = ecsnet.cidr("10.0.0.0/8")
print(("lua_subnets_ns %.1f"):format(best(function()
  local k = 0
  for _ in slash8:subnets(28) do k = k + 1 end
  assert(k == 1048576)
end, 1048576)))

-- Memory: one value, measured as the GC's count over 100,000 of them.
collectgarbage()
collectgarbage()
local before = collectgarbage("count")
local keep = {}
for i = 1, 100000 do keep[i] = ecsnet.cidr("10.0.0.0/8") end
local after = collectgarbage("count")
local tbl = 100000 * 16   -- the table's array slots (TValue: 16 bytes)
print(("lua_value_bytes %.1f"):format(((after - before) * 1024 - tbl) / 100000))
assert(#keep == 100000)

-- A set of 1,000,000 IPv4 prefixes: distinct /24../32 blocks, most of them
-- disjoint (a multiplicative hash of 1..1e6 spreads them over the space).
local big = {}
for i = 1, 1000000 do
  local v = (i * 2654435761) % 4294967296
  local len = 24 + i % 9
  local a = math.floor(v / 16777216)
  local b = math.floor(v / 65536) % 256
  local c = math.floor(v / 256) % 256
  big[i] = ("%d.%d.%d.%d/%d"):format(a, b, c, v % 256, len)
end
local t = clock()
local bigset = assert(ecsnet.cidrset(big, { mask = true }))
print(("lua_build1m_s %.3f"):format(clock() - t))
print(("set1m_bytes %d"):format(bigset:bytes()))
print(("set1m_intervals %d"):format((bigset:intervals())))
