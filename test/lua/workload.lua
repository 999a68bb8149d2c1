-- The workload test/lua/states.c runs in many lua_States on many threads at
-- once (and test/lua/allocfail.c under a failing allocator): it touches
-- every part of the API, each state independently.
local ecsnet = require "ecsnet"

-- modes
for _, name in ipairs(ecsnet.modes()) do
  local m = assert(ecsnet.mode(name, { os = "windows" }))
  assert(m.name)
end
assert(ecsnet.mode("brige") == nil)

-- validation, from text and from a table; reports in JSON and SARIF
local text = [[{"family":"web","networkMode":"awsvpc","requiresCompatibilities":["FARGATE"],
 "containerDefinitions":[{"name":"web","image":"x","links":["db"],
 "portMappings":[{"containerPort":80,"hostPort":8080},{"containerPortRange":"7000-7005"}]}]}]]
local report = assert(ecsnet.validate(text))
assert(not report.ok)
assert(#report:json() > 0 and #report:sarif() > 0)
assert(ecsnet.validate({ family = "t", containerDefinitions = { { name = "a", image = "b",
  portMappings = { { containerPort = 80, hostPort = 0 } } } } }))
assert(ecsnet.validate("{bad") == nil)
local tds = assert(ecsnet.taskdefs(text))
assert(#ecsnet.rules() > 10)

-- CIDR values and sets
local c = assert(ecsnet.cidr("10.0.0.0/16"))
assert(c:contains("10.0.1.2") and tostring(c) == "10.0.0.0/16")
for sub in c:subnets(20) do assert(sub) end
assert(#c:carve({ 4096, 1024, 16 }) > 0)
assert(ecsnet.cidr("2001:db8::/32"):usable())
assert(ecsnet.cidr("010.0.0.0/8") == nil)
local set = assert(ecsnet.cidrset { "10.0.0.0/8", "192.168.0.0/16", "fc00::/7" })
assert(set:contains("10.9.9.9") and not set:contains("11.0.0.1"))
assert(#set:match({ "10.0.0.1", "8.8.8.8", "fd00::1" }) == 3)
assert((set - ecsnet.cidrset { "10.1.0.0/16" }):contains("10.2.0.1"))
assert(#ecsnet.aggregate { "10.0.0.0/25", "10.0.0.128/25" } == 1)

-- host ports
local host = assert(ecsnet.host { ip_local_port_range = "32768\t60999" })
for _ = 1, 5 do assert(host:place(tds[1] and {
  family = "w", network_mode = "bridge",
  containers = { { name = "w", port_mappings = { { container_port = 80, host_port = 0, protocol = "tcp" } } } } })) end
assert(host:capacity({ family = "s", network_mode = "bridge",
  containers = { { name = "s", port_mappings = { { container_port = 80, host_port = 8080 } } } } }))

-- instance data, density, RESOURCE:ENI, plans
assert(ecsnet.instance("c5.large"))
assert(ecsnet.instance("c9.huge") == nil)
assert(ecsnet.density { instance = "c5.large", trunking = true, taskdef = text })
assert(ecsnet.explain_eni { instance = "c5.large", tasks = 8 })
local plan = assert(ecsnet.plan { vpc = "172.31.0.0/16", instance_type = "c5.large", trunking = true,
  subnets = { { az = "a", cidr = "172.31.0.0/24" }, { az = "b", cidr = "172.31.1.0/24" } },
  services = { { name = "web", network_mode = "awsvpc", desired_count = 20, maximum_percent = 200 } } })
assert(plan.subnets and #plan.subnets == 2)
