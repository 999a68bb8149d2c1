-- launch_type MANAGED_INSTANCES in plans (docs/reference.md §5.7, §8.3:
-- every Managed Instances instance gets a trunk ENI at launch as its primary
-- ENI when the type supports trunking, a regular ENI otherwise; no
-- account-setting opt-in; awsvpc and host tasks, none disputed; the
-- addresses an instance takes are not verified, so plans state what they
-- assume).
local ecsnet = require "ecsnet"

local function plan(instance, services, extra)
  local p = { instance_type = instance, subnets = { { az = "a", cidr = "10.0.0.0/24" } }, services = services }
  for k, v in pairs(extra or {}) do p[k] = v end
  return assert(ecsnet.plan(p))
end

local function mi(n, extra)
  local s = { name = "web", launch_type = "MANAGED_INSTANCES", desired_count = n, maximum_percent = 100,
    minimum_healthy_percent = 50 }
  for k, v in pairs(extra or {}) do s[k] = v end
  return s
end

local function find(r, code)
  for _, f in ipairs(r.findings) do if f.code == code then return f end end
end

describe("plans on Managed Instances", function()
  it("trunk without the account setting when the type trunks; one address per instance, assumed and said", function()
    local r = plan("c5.large", { mi(20) })
    assert.is_true(r.ok)
    assert.is_true(r.managed_instances)
    assert.is_true(r.trunking.applies)
    assert.equals("MANAGED_INSTANCES", r.services[1].launch_type)
    assert.equals(2, r.instances.needed)          -- 10 tasks per c5.large with trunking
    assert.equals(22, r.addresses.needed)         -- 2 instances x 1 + 20 tasks
    assert.equals(0, r.subnets[1].trunk_enis)
    local f = find(r, "PLAN_MANAGED_INSTANCES")
    assert.equals("warning", f.severity)
    assert.matches("trunk ENI is its primary ENI", f.message, 1, true)
    assert.matches("not verified", f.message, 1, true)
    -- the same on EC2 with trunking: 2 addresses per instance
    local ec2 = plan("c5.large", { mi(20, { launch_type = "EC2" }) }, { trunking = true })
    assert.equals(24, ec2.addresses.needed)
    assert.is_false(ec2.managed_instances)
    assert.is_nil(find(ec2, "PLAN_MANAGED_INSTANCES"))
  end)

  it("a type that does not trunk gets a regular primary ENI: max ENIs - 1 tasks", function()
    local r = plan("t3.large", { mi(20) })
    assert.is_false(r.trunking.applies)
    assert.equals(10, r.instances.needed)          -- t3.large: 3 ENIs, 2 tasks
    assert.equals(30, r.addresses.needed)
    assert.matches("does not support trunking", find(r, "PLAN_MANAGED_INSTANCES").message, 1, true)
    assert.is_nil(find(r, "REC_TRUNKING_ON"))
  end)

  it("an estimated trunking figure is still told as estimated", function()
    local r = plan("m8g.large", { mi(20) })
    assert.truthy(find(r, "PLAN_TRUNK_ESTIMATED"))
    assert.matches("tier estimated", find(r, "PLAN_MANAGED_INSTANCES").message, 1, true)
  end)

  it("refuses bridge, warns on none (the two AWS sources disagree), takes awsvpc and host", function()
    local r = plan("c5.large", { mi(2, { network_mode = "bridge" }) })
    assert.is_false(r.ok)
    assert.equals("error", find(r, "PLAN_MANAGED_MODE").severity)
    r = plan("c5.large", { mi(2, { network_mode = "none" }) })
    assert.is_true(r.ok)
    local f = find(r, "PLAN_MANAGED_MODE")
    assert.equals("warning", f.severity)
    assert.matches("ManagedInstancesNetworkConfiguration", f.message, 1, true)
    assert.matches("managed-instance-networking", f.message, 1, true)
    r = plan("c5.large", { mi(2, { network_mode = "host" }) })
    assert.is_nil(find(r, "PLAN_MANAGED_MODE"))
  end)

  it("one fleet per plan: EC2 and Managed Instances services together are an error; Fargate may join", function()
    local r = plan("c5.large", { mi(2), mi(2, { name = "old", launch_type = "EC2" }) })
    assert.is_false(r.ok)
    assert.truthy(find(r, "PLAN_LAUNCH_MIX"))
    r = plan("c5.large", { mi(2), mi(2, { name = "fg", launch_type = "FARGATE" }) })
    assert.is_true(r.ok)
  end)

  it("an unknown launch type names the three", function()
    local r = plan("c5.large", { mi(2, { launch_type = "MANAGED" }) })
    assert.is_false(r.ok)
    assert.matches('"MANAGED_INSTANCES"', find(r, "PLAN_BAD_FIELD").message, 1, true)
  end)

  it("the text says Managed Instances", function()
    local text = ecsnet.plan_text(plan("c5.large", { mi(20) }))
    assert.matches("^plan: fits on c5%.large %(Managed Instances%), trunking applies\n", text)
  end)
end)

describe("plans: a task definition that requires MANAGED_INSTANCES", function()
  it("is planned on Managed Instances without a launch_type, and its mode is checked", function()
    local taskdef = { family = "mi", networkMode = "awsvpc", requiresCompatibilities = { "MANAGED_INSTANCES" },
      containerDefinitions = { { name = "a", image = "busybox", memory = 128 } } }
    local r = plan("c5.large", { { name = "w", taskdef = taskdef, desired_count = 20, maximum_percent = 100,
      minimum_healthy_percent = 50 } })
    assert.is_true(r.managed_instances)
    assert.truthy(find(r, "PLAN_MANAGED"))
    assert.equals(22, r.addresses.needed)
    taskdef.networkMode = "bridge"
    r = plan("c5.large", { { name = "w", taskdef = taskdef, desired_count = 2 } })
    assert.is_false(r.ok)
    assert.truthy(find(r, "PLAN_MANAGED_MODE"))
    -- launch_type EC2 over it: an EC2 fleet
    taskdef.networkMode = "awsvpc"
    r = plan("c5.large", { { name = "w", taskdef = taskdef, launch_type = "EC2", desired_count = 2 } })
    assert.is_false(r.managed_instances)
  end)
end)
