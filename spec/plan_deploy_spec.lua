-- Deployment strategies in plans (docs/reference.md §8.1, "Deployment
-- strategies": DeploymentConfiguration.strategy is ROLLING, BLUE_GREEN,
-- LINEAR or CANARY; during the bake time both revisions run and AWS's guide
-- asks for capacity for both; maximumPercent rounds down and
-- minimumHealthyPercent up, docs/reference.md §2.6 and ecsnet.deployment).
local ecsnet = require "ecsnet"

local function plan(service, extra)
  local p = {
    instance_type = "c5.large", trunking = true,
    subnets = { { az = "a", cidr = "10.0.0.0/22" }, { az = "b", cidr = "10.0.4.0/22" } },
    services = { service },
  }
  for k, v in pairs(extra or {}) do p[k] = v end
  return assert(ecsnet.plan(p))
end

local function find(r, code)
  local out = {}
  for _, f in ipairs(r.findings) do if f.code == code then out[#out + 1] = f end end
  return out
end

describe("plans: ROLLING (minimumHealthyPercent / maximumPercent)", function()
  it("is the default: the peak is floor(desired x maximumPercent / 100), 200 by default", function()
    local r = plan { name = "web", desired_count = 10 }
    assert.equals("ROLLING", r.services[1].strategy)
    assert.equals(20, r.services[1].peak)
    assert.equals(100, r.services[1].minimum_healthy_percent)
    assert.equals(200, r.services[1].maximum_percent)
    r = plan { name = "web", desired_count = 7, maximum_percent = 150, strategy = "ROLLING" }
    assert.equals(10, r.services[1].peak)   -- floor(10.5)
    assert.equals(3, r.tasks.surge)
    assert.same({ addresses = 10, enis = 10, host_ports = 0 }, r.services[1].at_peak)
    assert.equals(0, #find(r, "PLAN_DEPLOY_PEAK"))
  end)

  it("stalls when maximumPercent and minimumHealthyPercent leave ECS no move (a warning: the addresses fit)", function()
    local r = plan { name = "web", desired_count = 10, maximum_percent = 100 }
    assert.is_true(r.ok)
    local f = find(r, "PLAN_DEPLOY_STALLS")
    assert.equals(1, #f)
    assert.equals("warning", f[1].severity)
    assert.equals("/services/0", f[1].pointer)
    assert.matches("neither start a new task first nor stop an old one", f[1].message, 1, true)
    -- 90% of 10 keeps 9: ECS may stop one first
    assert.equals(0, #find(plan({ desired_count = 10, maximum_percent = 100, minimum_healthy_percent = 90 }),
      "PLAN_DEPLOY_STALLS"))
    -- ceil(3 x 67 / 100) = 3: still no move
    assert.equals(1, #find(plan({ desired_count = 3, maximum_percent = 100, minimum_healthy_percent = 67 }),
      "PLAN_DEPLOY_STALLS"))
    -- floor(3 x 133 / 100) = 3: no room to start one either
    assert.equals(1, #find(plan({ desired_count = 3, maximum_percent = 133 }), "PLAN_DEPLOY_STALLS"))
    assert.equals(0, #find(plan({ desired_count = 3, maximum_percent = 134 }), "PLAN_DEPLOY_STALLS"))
  end)

  it("refuses minimum_healthy_percent above 100 or above maximum_percent", function()
    local r = plan { desired_count = 10, minimum_healthy_percent = 101 }
    assert.is_false(r.ok)
    assert.equals("/services/0/minimum_healthy_percent", find(r, "PLAN_BAD_COUNT")[1].pointer)
    r = plan { desired_count = 10, minimum_healthy_percent = 100, maximum_percent = 50 }
    assert.is_false(r.ok)
    assert.matches("must not be above 'maximum_percent'", find(r, "PLAN_BAD_COUNT")[1].message, 1, true)
  end)
end)

describe("plans: BLUE_GREEN (a second full revision during the bake time)", function()
  it("plans desired x 2 at the peak, and says so with its source", function()
    local r = plan { name = "web", desired_count = 10, strategy = "BLUE_GREEN" }
    assert.is_true(r.ok)
    assert.equals(20, r.services[1].peak)
    assert.equals(10, r.tasks.surge)
    assert.same({ addresses = 20, enis = 20, host_ports = 0 }, r.services[1].at_peak)
    assert.is_nil(r.services[1].maximum_percent)
    local f = find(r, "PLAN_DEPLOY_PEAK")
    assert.equals(1, #f)
    assert.equals("info", f[1].severity)
    assert.matches("10 tasks of each, 20 at the peak: 20 task addresses and 20 task ENIs", f[1].message, 1, true)
    assert.matches("docs/reference.md §8.1", f[1].message, 1, true)
  end)

  it("needs instances of their own for tasks with static host ports: twice the fleet", function()
    local svc = { name = "edge", network_mode = "bridge", static_ports = 1, desired_count = 6 }
    local rolling = plan(svc)
    svc.strategy = "BLUE_GREEN"
    local bg = plan(svc)
    assert.equals(12, bg.instances.needed)
    assert.equals(12, rolling.instances.needed)   -- ROLLING at 200% too
    svc.strategy, svc.maximum_percent = "ROLLING", 150
    assert.equals(9, plan(svc).instances.needed)
    svc.strategy, svc.maximum_percent = "BLUE_GREEN", nil
    local r = plan(svc, { instances = 6 })
    assert.is_false(r.ok)
    assert.equals(1, #find(r, "PLAN_TOO_FEW_INSTANCES"))
    assert.same({ addresses = 0, enis = 0, host_ports = 12 }, bg.services[1].at_peak)
  end)

  it("stalls where the green revision's addresses run out, naming the service", function()
    -- two /26s: 59 usable each; 25 tasks an AZ on c5.large with trunking take 3 instances x 2 + 25 = 31,
    -- the green revision 25 more and 2 more instances: 60
    local p = { name = "api", desired_count = 50 }
    local small = { subnets = { { az = "a", cidr = "10.0.0.0/26" }, { az = "b", cidr = "10.0.0.64/26" } } }
    p.maximum_percent, p.minimum_healthy_percent = 100, 50
    assert.is_true(plan(p, small).ok)
    p.maximum_percent, p.minimum_healthy_percent, p.strategy = nil, nil, "BLUE_GREEN"
    local r = plan(p, small)
    assert.is_false(r.ok)
    assert.equals("surge", r.runs_out.phase)
    local f = find(r, "PLAN_DEPLOY_STALLS")
    assert.equals(1, #f)
    assert.equals("error", f[1].severity)
    assert.matches("the BLUE_GREEN deployment of service 'api' stalls: 10.0.0.", f[1].message, 1, true)
    assert.matches("green revision's tasks start", f[1].message, 1, true)
  end)

  it("Fargate: the second revision takes addresses, no instance", function()
    local r = plan { name = "fg", launch_type = "FARGATE", desired_count = 30, strategy = "BLUE_GREEN" }
    assert.equals(0, r.instances.needed)
    assert.equals(60, r.services[1].at_peak.addresses)
    assert.equals(60, r.addresses.needed)
  end)

  it("warns that maximum_percent is not what the plan counts for it", function()
    local r = plan { desired_count = 10, strategy = "BLUE_GREEN", maximum_percent = 150 }
    assert.equals(20, r.services[1].peak)
    local f = find(r, "PLAN_MAX_PERCENT")
    assert.equals(1, #f)
    assert.matches("not verified", f[1].message, 1, true)
  end)
end)

describe("plans: LINEAR and CANARY (planned at the blue/green peak; assumption stated)", function()
  for _, st in ipairs { "LINEAR", "CANARY" } do
    it(st .. ": desired x 2 at the peak, a warning that names the assumption", function()
      local r = plan { name = "web", desired_count = 8, strategy = st }
      assert.equals(16, r.services[1].peak)
      local f = find(r, "PLAN_DEPLOY_PEAK")
      assert.equals(1, #f)
      assert.equals("warning", f[1].severity)
      assert.matches("deployment bake time", f[1].message, 1, true)
      assert.matches("not verified", f[1].message, 1, true)
      assert.matches(st == "LINEAR" and "step_percent" or "canary_percent", f[1].message, 1, true)
    end)
  end

  it("takes step_percent (3..100) for LINEAR and canary_percent (0.1..100) for CANARY only", function()
    assert.is_true(plan({ desired_count = 4, strategy = "LINEAR", step_percent = 10 }).ok)
    assert.is_true(plan({ desired_count = 4, strategy = "CANARY", canary_percent = 0.1 }).ok)
    assert.is_false(plan({ desired_count = 4, strategy = "LINEAR", step_percent = 2.9 }).ok)
    assert.is_false(plan({ desired_count = 4, strategy = "CANARY", canary_percent = 0 }).ok)
    local r = plan { desired_count = 4, strategy = "BLUE_GREEN", step_percent = 10 }
    assert.is_false(r.ok)
    assert.matches("'step_percent' belongs to the LINEAR strategy", find(r, "PLAN_BAD_FIELD")[1].message, 1, true)
  end)
end)

describe("plans: an unknown strategy or key is an error", function()
  it("an unknown strategy names the four, with the nearest", function()
    local r = plan { desired_count = 4, strategy = "BLUE-GREEN" }
    assert.is_false(r.ok)
    local f = find(r, "PLAN_BAD_FIELD")[1]
    assert.equals("/services/0/strategy", f.pointer)
    assert.matches("unknown deployment strategy 'BLUE-GREEN' (did you mean 'BLUE_GREEN'?)", f.message, 1, true)
    r = plan { desired_count = 4, strategy = "rolling" }
    assert.is_false(r.ok)
    r = plan { desired_count = 4, strategy = 3 }
    assert.is_false(r.ok)
  end)

  it("a misspelt deployment key is PLAN_UNKNOWN_FIELD", function()
    local r = plan { desired_count = 4, stratgy = "BLUE_GREEN" }
    assert.is_false(r.ok)
    assert.matches("did you mean 'strategy'", find(r, "PLAN_UNKNOWN_FIELD")[1].message, 1, true)
    r = plan { desired_count = 4, minimum_healthy_pct = 50 }
    assert.is_false(r.ok)
    assert.equals(1, #find(r, "PLAN_UNKNOWN_FIELD"))
  end)
end)

describe("examples/plans/blue-green.json", function()
  it("does not fit only because of the green revision: ROLLING at 180% fits the same services", function()
    local f = assert(io.open("examples/plans/blue-green.json", "rb"))
    local text = f:read("*a")
    f:close()
    local r = assert(ecsnet.plan_json(text))
    assert.is_false(r.ok)
    assert.equals("surge", r.runs_out.phase)
    assert.equals(1, #find(r, "PLAN_DEPLOY_STALLS"))
    local rolling = text:gsub('"strategy": "BLUE_GREEN"', '"strategy": "ROLLING", "maximum_percent": 180')
    r = assert(ecsnet.plan_json(rolling))
    assert.is_true(r.ok)
  end)
end)

describe("plans: ROLLING on the instances given (ECS stops old tasks first, down to minimumHealthyPercent)", function()
  local edge = { name = "edge", network_mode = "bridge", static_ports = 1, desired_count = 6 }

  it("a static-port service on exactly its instances deploys in batches: no more instances needed", function()
    local s = { name = "edge", network_mode = "bridge", static_ports = 1, desired_count = 6,
      minimum_healthy_percent = 50 }
    local r = plan(s, { instances = 6 })
    assert.is_true(r.ok, tostring(r.findings[1] and r.findings[1].message))
    assert.equals(6, r.instances.needed)
    assert.is_nil(find(r, "PLAN_TOO_FEW_INSTANCES")[1])
    local f = find(r, "PLAN_DEPLOY_BATCHES")[1]
    assert.equals("info", f.severity)
    assert.matches("6 of its new tasks find no room", f.message, 1, true)
    assert.matches("keeping 3", f.message, 1, true)
    -- computed fleets are unchanged: the peak's instances
    assert.equals(12, plan(s).instances.needed)
  end)

  it("stalls when nothing fits and minimumHealthyPercent 100 keeps every old task", function()
    local r = plan(edge, { instances = 6 })
    assert.is_false(r.ok)
    local f = find(r, "PLAN_DEPLOY_STALLS")
    assert.equals(1, #f)
    assert.equals("error", f[1].severity)
    assert.matches("cannot deploy on the 6 instances given", f[1].message, 1, true)
    -- one spare instance: one new task starts, then the rest follow
    r = plan(edge, { instances = 7 })
    assert.is_true(r.ok)
    assert.equals(0, #find(r, "PLAN_DEPLOY_STALLS"))
    assert.matches("starts the 1 that fit", find(r, "PLAN_DEPLOY_BATCHES")[1].message, 1, true)
  end)

  it("awsvpc tasks on a full fleet: the same, by ENIs", function()
    -- c5.large with trunking: 10 tasks each; 40 tasks on 4 instances leave no slot
    local r = plan({ name = "api", desired_count = 40, minimum_healthy_percent = 75 }, { instances = 4 })
    assert.is_true(r.ok)
    assert.equals(4, r.instances.needed)
    assert.truthy(find(r, "PLAN_DEPLOY_BATCHES")[1])
    r = plan({ name = "api", desired_count = 40 }, { instances = 4 })
    assert.is_false(r.ok)
    assert.equals(1, #find(r, "PLAN_DEPLOY_STALLS"))
  end)

  it("BLUE_GREEN still needs room for the whole green revision", function()
    local s = { name = "edge", network_mode = "bridge", static_ports = 1, desired_count = 6,
      strategy = "BLUE_GREEN", minimum_healthy_percent = 50 }
    local r = plan(s, { instances = 6 })
    assert.is_false(r.ok)
    assert.truthy(find(r, "PLAN_TOO_FEW_INSTANCES")[1])
    assert.is_nil(find(r, "PLAN_DEPLOY_BATCHES")[1])
  end)
end)
