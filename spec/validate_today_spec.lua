-- The validator's rules for ECS as of 2026 (docs/reference.md §5.7, §8.3,
-- §8.4): networkMode none on Managed Instances (developer guide and API
-- reference disagree: a warning, ECS051), enableFaultInjection outside host
-- and awsvpc (the agent's own answer as the AWS text, ECS052), and daemon
-- task definitions of Managed Daemons (ECS053: not bridge, no ENI or VPC
-- address, inferred).
local ecsnet = require "ecsnet"
local cjson = require "cjson"

local read = require("report_helper").fixture

local function find(r, rule)
  for _, d in ipairs(r.diagnostics) do if d.rule == rule then return d end end
end

local function td(extra, containers)
  local t = { family = "t", containerDefinitions = containers or {
    { name = "a", image = "public.ecr.aws/docker/library/busybox:latest", memory = 128, essential = true } } }
  for k, v in pairs(extra) do t[k] = v end
  return cjson.encode(t)
end

describe("ECS051: networkMode none on Managed Instances (docs/reference.md §8.3)", function()
  it("is a warning naming both AWS sources, never ECS005's error", function()
    local r = assert(ecsnet.validate(read("invalid/ECS051-managed-instances-none.json")))
    assert.is_true(r.ok)
    local d = find(r, "ECS051")
    assert.equals("warning", d.severity)
    assert.matches("managed-instance-networking", d.message, 1, true)
    assert.matches("ManagedInstancesNetworkConfiguration", d.message, 1, true)
    assert.is_nil(find(r, "ECS005"))
    -- the launch type given by the caller instead of requiresCompatibilities
    r = assert(ecsnet.validate(td { networkMode = "none" }, { launch_type = { "MANAGED_INSTANCES" } }))
    assert.truthy(find(r, "ECS051"))
    assert.is_nil(find(r, "ECS005"))
  end)

  it("leaves ECS005 as it was for bridge and for an absent networkMode", function()
    local r = assert(ecsnet.validate(read("invalid/ECS005-managed-instances-mode.json")))
    assert.truthy(find(r, "ECS005"))
    assert.is_nil(find(r, "ECS051"))
    r = assert(ecsnet.validate(td { requiresCompatibilities = { "MANAGED_INSTANCES" } }))
    assert.truthy(find(r, "ECS005"))
    r = assert(ecsnet.validate(td { networkMode = "none" }))   -- EC2: none is fine
    assert.is_nil(find(r, "ECS051"))
  end)
end)

describe("ECS052: enableFaultInjection outside host and awsvpc (docs/reference.md §8.4)", function()
  it("quotes the agent's answer, with the task's mode, as AWS's text", function()
    local r = assert(ecsnet.validate(read("invalid/ECS052-fault-injection-mode.json")))
    local d = find(r, "ECS052")
    assert.equals("warning", d.severity)
    assert.equals("bridge mode is not supported. Please use either host or awsvpc mode.", d.aws_message)
    assert.equals("/enableFaultInjection", d.pointer)
    d = find(assert(ecsnet.validate(td { networkMode = "none", enableFaultInjection = true })), "ECS052")
    assert.equals("none mode is not supported. Please use either host or awsvpc mode.", d.aws_message)
    -- absent networkMode on Linux is bridge
    assert.truthy(find(assert(ecsnet.validate(td { enableFaultInjection = true })), "ECS052"))
  end)

  it("is quiet for host and awsvpc, for false, and for a value not known statically", function()
    for _, m in ipairs { "host", "awsvpc" } do
      assert.is_nil(find(assert(ecsnet.validate(td { networkMode = m, enableFaultInjection = true })), "ECS052"))
    end
    assert.is_nil(find(assert(ecsnet.validate(td { networkMode = "bridge", enableFaultInjection = false })),
      "ECS052"))
    assert.is_nil(find(assert(ecsnet.validate(td { networkMode = "bridge",
      enableFaultInjection = { Ref = "Chaos" } })), "ECS052"))
  end)

  it("reads CloudFormation's EnableFaultInjection and Terraform's enable_fault_injection", function()
    local cfn = cjson.encode { Resources = { T = { Type = "AWS::ECS::TaskDefinition", Properties = {
      NetworkMode = "bridge", EnableFaultInjection = true, ContainerDefinitions = {
        { Name = "a", Image = "busybox", Memory = 128 } } } } } }
    local d = find(assert(ecsnet.validate(cfn)), "ECS052")
    assert.equals("/Resources/T/Properties/EnableFaultInjection", d.pointer)
    local plan = cjson.decode(read("tfplan/plan-child-module.json"))
    local res = plan.planned_values.root_module.resources[1]
    res.values.network_mode = "bridge"
    res.values.requires_compatibilities = {}
    res.values.enable_fault_injection = true
    assert.truthy(find(assert(ecsnet.validate(cjson.encode(plan))), "ECS052"))
    res.values.enable_fault_injection = false
    assert.is_nil(find(assert(ecsnet.validate(cjson.encode(plan))), "ECS052"))
  end)
end)

describe("ECS053: daemon task definitions (docs/reference.md §8.3)", function()
  local daemon = read("invalid/ECS053-daemon-task-definition.json")

  it("are told by daemonTaskDefinitionArn: not bridge, no false unknown-key error", function()
    local r = assert(ecsnet.validate(daemon))
    assert.is_true(r.ok)
    assert.equals("info", find(r, "ECS053").severity)
    assert.matches("inferred", find(r, "ECS053").message, 1, true)
    assert.is_nil(find(r, "ECS002"))   -- not "the default mode, bridge"
    assert.is_nil(find(r, "ECS035"))
    local t = assert(ecsnet.taskdefs(daemon))[1]
    assert.equals("none", t.network_mode)
  end)

  it("take no ENI and no VPC address in density and plans (inferred)", function()
    local d = assert(ecsnet.density { instance = "c5.large", taskdef = daemon })
    assert.equals(0, d.ips.per_task)
    assert.is_true(d.unlimited)
    local p = assert(ecsnet.plan { instance_type = "c5.large", subnets = { "10.0.0.0/28" },
      services = { { name = "logs", taskdef = cjson.decode(daemon), desired_count = 20, maximum_percent = 100,
        minimum_healthy_percent = 50 } } })
    assert.equals(0, p.subnets[1].tasks)
  end)
end)
