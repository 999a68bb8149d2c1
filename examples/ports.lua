-- examples/ports.lua: host ports on a container instance.
-- Run from the top folder:
--   LUA_PATH="lua/?.lua;;" LUA_CPATH="build/gcc/lua5.4/?.so;;" lua5.4 examples/ports.lua
local ecsnet = require "ecsnet"

-- Task definitions in the normalized shape (what ecsnet.taskdefs returns).
local web = { family = "web", network_mode = "bridge", os = "linux",
              containers = { { name = "nginx", port_mappings = {
                { container_port = 80, host_port = 0, protocol = "tcp" } } } } }
local api = { family = "api", network_mode = "bridge", os = "linux",
              containers = { { name = "api", port_mappings = {
                { container_port = 8080, host_port = 8080, protocol = "tcp" } } } } }

-- An instance whose kernel uses 32768-60999 (cat /proc/sys/net/ipv4/ip_local_port_range).
local host = assert(ecsnet.host { ip_local_port_range = "32768\t60999" })
print(host)

-- Bindings, as the agent assigns them: dynamic ports upward from the range start.
for _ = 1, 3 do
  local task = assert(host:place(web))
  local b = task.bindings[1]
  print(string.format("task %d: %s %d/%s -> host %d (%s)", task.id, b.container,
                      b.container_port, b.protocol, b.host_port, b.kind))
end
assert(host:place(api))
-- A second copy of a static-port task does not fit: ECS's own words.
print(host:place(api))

-- How many more copies fit by ports, and what stops the next one.
local cap = host:capacity(web)
print(string.format("web: %d more copies (%s)", cap.copies, cap.message))
print(string.format("api: %d more copies (%s)", host:capacity(api).copies, host:capacity(api).reason))

-- Conflicts between services sharing instances.
local other = { family = "metrics", network_mode = "bridge",
                containers = { { name = "m", port_mappings = { { container_port = 9100, host_port = 40000 } } } } }
for _, f in ipairs(assert(host:conflicts { web, api, other, api })) do
  print(f.severity .. ": " .. f.message)
end

-- Can a rolling deployment of 'api' (static port 8080) proceed on 3 instances?
local d = assert(ecsnet.deployment { taskdef = api, desired = 3, instances = 3 })
print("deployment can proceed:", d.can_proceed, d.reason)
for _, fix in ipairs(d.fixes) do print("  fix: " .. fix) end

-- And a blue/green one on 4? The green revision runs beside the blue one (docs/reference.md §8.1).
local bg = assert(ecsnet.deployment { taskdef = api, desired = 3, instances = 4, strategy = "BLUE_GREEN" })
print("blue/green can proceed:", bg.can_proceed, "peak " .. bg.peak .. " tasks, " .. bg.peak_host_ports ..
  " static host ports")
for _, fix in ipairs(bg.fixes) do print("  fix: " .. fix) end

-- The narrowest ingress rules from the load balancer's security group.
local rules = assert(ecsnet.ingress(web, { source = "sg-0a1b2c3d", host = host,
  existing = { { protocol = "tcp", from = 32768, to = 65535, source = "sg-0a1b2c3d" } } }))
for _, r in ipairs(rules.rules) do
  print(string.format("allow %s %d-%d from %s  (%s)", r.protocol, r.from, r.to, r.source, r.origin or r.why[1]))
end
for _, w in ipairs(rules.warnings) do print("warning: " .. w) end

-- Fast path for loops: compile the requests once.
local reqs = ecsnet.port_requests(web)
local id = host:place_id(reqs)
print("placed task", id, "on host port", host:bindings(id)[1].host_port)
assert(host:remove(id))
print(host:remove(id))
