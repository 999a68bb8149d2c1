-- bench/ports_bench.lua: 1,000,000 dynamic single-port placements across
-- 10,000 hosts from Lua: 100 rounds over all hosts; in every 4th round each
-- host also removes its oldest task (the same calls and order as
-- bench/ports_bench.c). Variants: "place_id" (compiled requests, returns the
-- id) and "place" (a normalized table, returns the bindings table).
local ecsnet = require "ecsnet"
local clock = os.clock
local HOSTS, ROUNDS = 10000, 100
local variant = arg and arg[1] or "place_id"

local td = { network_mode = "bridge", os = "linux",
             containers = { { name = "web", port_mappings = { { container_port = 80, host_port = 0,
                                                                protocol = "tcp" } } } } }
local reqs = assert(ecsnet.port_requests(td))
local hosts = {}
for k = 1, HOSTS do hosts[k] = assert(ecsnet.host()) end
collectgarbage()
collectgarbage()
local kb0 = collectgarbage("count")
local fails, removals, placements = 0, 0, 0
local t0 = clock()
if variant == "place_id" then
  for r = 1, ROUNDS do
    local old = (r - r % 4) / 4          -- ids count from 1 per host: the oldest live one
    for k = 1, HOSTS do
      local h = hosts[k]
      if not h:place_id(reqs) then fails = fails + 1 end
      if r % 4 == 0 and h:remove(old) then removals = removals + 1 end
    end
    placements = placements + HOSTS
  end
else
  for r = 1, ROUNDS do
    local old = (r - r % 4) / 4
    for k = 1, HOSTS do
      local h = hosts[k]
      if not h:place(td) then fails = fails + 1 end
      if r % 4 == 0 and h:remove(old) then removals = removals + 1 end
    end
    placements = placements + HOSTS
  end
end
local t1 = clock()
local mem, maxmem = 0, 0
for k = 1, HOSTS do
  local m = hosts[k]:info().memory
  mem = mem + m
  if m > maxmem then maxmem = m end
end
print(string.format("%s %s: %d placements, %d removals, %d failures on %d hosts: %.3f s, " ..
                    "%.1f ns/placement; host memory avg %d B, max %d B (+ %.0f B of Lua heap per host)",
                    jit and jit.version or _VERSION, variant, placements, removals, fails, HOSTS, t1 - t0,
                    (t1 - t0) * 1e9 / placements, math.floor(mem / HOSTS), maxmem,
                    (collectgarbage("count") - kb0) * 1024 / HOSTS))
