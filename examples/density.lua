-- examples/density.lua: how many awsvpc tasks fit on an instance, with and
-- without ENI trunking, and why RESOURCE:ENI happens (docs/reference.md §3).
-- Run from the top folder: lua5.4 examples/density.lua
local ecsnet = require "ecsnet"

for _, name in ipairs { "t3.medium", "c5.large", "m5.2xlarge", "c6g.medium" } do
  local plain = assert(ecsnet.density { instance = name })
  local trunk = assert(ecsnet.density { instance = name, trunking = true })
  print(string.format("%-11s %2d tasks without trunking, %3d with (%s); %d addresses at full density",
    name, plain.tasks, trunk.tasks, trunk.trunking.applies and "trunking applies" or "no trunking",
    trunk.ips.used))
end

-- CPU and memory bind before ENIs on a big enough type.
local d = assert(ecsnet.density { instance = "c5.xlarge", trunking = true, cpu = 512, memory = 1024,
  instance_cpu = 4096, instance_memory = 7680 })
print(string.format("c5.xlarge, 512 CPU / 1 GiB tasks: %d per instance, %s binds", d.tasks, d.binding))

-- Bridge with a static host port: one copy per instance (§2.6).
d = assert(ecsnet.density { instance = "c5.large", taskdef = {
  family = "web", networkMode = "bridge",
  containerDefinitions = { { name = "web", image = "nginx", memory = 256,
    portMappings = { { containerPort = 80, hostPort = 80 } } } } } })
print(string.format("bridge with hostPort 80: %d per instance (%s)", d.tasks, d.binding))

-- The RESOURCE:ENI explainer.
local x = assert(ecsnet.explain_eni { instance = "c5.large", trunking = true, tasks = 6,
  launched_after_opt_in = false })
print(x.message)
for _, fix in ipairs(x.fixes) do print("  fix: " .. fix) end

-- Instance data from `aws ec2 describe-instance-types` (a type the built-in data
-- lacks), loaded into a database of its own: nothing else sees it.
local db = ecsnet.instance_db()
assert(db:load [[{"InstanceTypes": [{"InstanceType": "c7i.large",
  "VCpuInfo": {"DefaultVCpus": 2}, "MemoryInfo": {"SizeInMiB": 4096},
  "NetworkInfo": {"MaximumNetworkInterfaces": 3, "Ipv4AddressesPerInterface": 10,
  "Ipv6AddressesPerInterface": 10, "NetworkCards": [{"MaximumNetworkInterfaces": 3}]}}]}]])
d = assert(db:density { instance = "c7i.large", cpu = 512, memory = 1024 })
print(string.format("c7i.large (loaded): %d awsvpc tasks, %s binds; trunking supported: %s",
  d.tasks, d.binding, tostring(d.trunking.supported)))
local own = assert(ecsnet.instance("c7i.large"))
print(string.format("the module's own data (%s): c7i.large takes %d awsvpc tasks without trunking, " ..
  "%s with (%s)", ecsnet.instance_data_date, own.awsvpc_tasks_without_trunking,
  tostring(own.awsvpc_tasks_with_trunking), own.trunk_tier))
