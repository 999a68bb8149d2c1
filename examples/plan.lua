-- examples/plan.lua: subnet addresses and instances for a deployment, per AZ
-- (docs/reference.md §3.2, §4.1; docs/plan-format.md).
-- Run from the top folder: lua5.4 examples/plan.lua
local ecsnet = require "ecsnet"

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

-- The seed's example: a default VPC's three /20s hold 4,091 addresses each.
local r = assert(ecsnet.plan_json(read("examples/plans/default-vpc.json")))
assert(r.addresses.usable == 12273)
print(ecsnet.plan_text(r))
print()

-- A plan that does not fit, with what to do about it.
r = assert(ecsnet.plan_json(read("examples/plans/too-small.json")))
assert(not r.ok)
print(ecsnet.plan_text(r))
print()

-- Tasks apart from the hosts in 100.64.0.0/19 subnets, as a Lua table.
r = assert(ecsnet.plan {
  vpc = { "172.31.0.0/16", "100.64.0.0/17" }, instance_type = "m5.xlarge", trunking = true,
  subnets = {
    { az = "us-east-1a", cidr = "172.31.0.0/20", role = "hosts" },
    { az = "us-east-1a", cidr = "100.64.0.0/19", role = "tasks" },
    { az = "us-east-1b", cidr = "172.31.16.0/20", role = "hosts" },
    { az = "us-east-1b", cidr = "100.64.32.0/19", role = "tasks" },
  },
  services = { { name = "api", network_mode = "awsvpc", desired_count = 4000 } },
})
print(string.format("api: %d instances; runs out at %d tasks in %s", r.instances.needed,
  r.runs_out.at_tasks, r.runs_out.subnet))
