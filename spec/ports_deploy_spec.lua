-- ecsnet.deployment for every deployment strategy, by host ports
-- (docs/reference.md §8.1 "Deployment strategies": DeploymentConfiguration.
-- strategy is ROLLING, BLUE_GREEN, LINEAR or CANARY; during the blue/green
-- bake time both revisions run and AWS's guide asks for capacity for both;
-- LINEAR's stepPercent is 3.0 to 100.0, CANARY's canaryPercent 0.1 to
-- 100.0; the task counts during LINEAR and CANARY shifts are not verified.
-- §2.6: a static host port holds one copy per instance). The counts are the
-- core's, the ones plans use: the last block checks both give one answer.
local ecsnet = require "ecsnet"

-- A normalized task definition: one container with these {container, host} mappings.
local function td(mode, mappings)
  local pms = {}
  for j, m in ipairs(mappings) do
    pms[j] = { container_port = m[1], host_port = m[2], protocol = "tcp",
               pointer = string.format("/containerDefinitions/0/portMappings/%d", j - 1) }
  end
  return { network_mode = mode, os = "linux", containers = { { name = "web", port_mappings = pms } } }
end

local STATIC = td("bridge", { { 80, 80 } })        -- one copy per instance (§2.6)
local DYNAMIC = td("bridge", { { 80, 0 } })
local HOST2 = td("host", { { 80 }, { 443 } })      -- host mode: both ports bind on the instance

local function deploy(opts)
  opts.taskdef = opts.taskdef or STATIC
  return assert(ecsnet.deployment(opts))
end

describe("ecsnet.deployment: ROLLING stays the default (§8.1, §2.6)", function()
  it("names its strategy, peaks at floor(desired x maximumPercent / 100), assumes nothing", function()
    local r = deploy { desired = 3, instances = 3 }
    assert.equals("ROLLING", r.strategy)
    assert.equals(6, r.peak)
    assert.equals(1, r.static_ports)
    assert.equals(6, r.peak_host_ports)
    assert.same({}, r.assumptions)
    assert.is_false(r.can_proceed)   -- as before: all slots full, minimumHealthyPercent 100
    r = deploy { desired = 7, instances = 10, maximum_percent = 150, strategy = "ROLLING" }
    assert.equals(10, r.peak)        -- floor(10.5)
    assert.is_true(r.can_proceed)
  end)
end)

describe("ecsnet.deployment: BLUE_GREEN runs two full revisions during the bake time (§8.1)", function()
  it("cannot proceed with static host ports and desired N on N instances", function()
    local r = deploy { desired = 3, instances = 3, strategy = "BLUE_GREEN" }
    assert.equals("BLUE_GREEN", r.strategy)
    assert.is_true(r.steady_state)
    assert.is_false(r.can_proceed)
    assert.equals(6, r.peak)
    assert.equals(6, r.peak_host_ports)
    assert.equals(6, r.max_running)
    assert.equals(3, r.min_healthy)
    assert.equals(0, r.stop_first)   -- the blue revision keeps its copies until traffic has moved
    assert.matches("the BLUE_GREEN deployment cannot proceed: it runs the new revision's 3 copies " ..
      "beside the 3 running ones, 6 at the peak, but 3 instances hold 3", r.reason, 1, true)
    assert.matches("RESOURCE:PORTS", r.reason, 1, true)
    assert.equals("add 3 instances (to 6), so that both revisions fit", r.fixes[1])
    assert.matches("use dynamic host ports", r.fixes[2], 1, true)
    assert.matches("deploy ROLLING with minimum_healthy_percent 66 or less instead", r.fixes[3], 1, true)
    assert.matches("inferred from AWS's guide, docs/reference.md §8.1", r.assumptions[1], 1, true)
  end)

  it("needs room for both revisions, not one spare slot as ROLLING does", function()
    assert.is_true(deploy({ desired = 3, instances = 4 }).can_proceed)
    local r = deploy { desired = 3, instances = 5, strategy = "BLUE_GREEN" }
    assert.is_false(r.can_proceed)
    assert.equals(2, r.start_first)   -- two green copies fit beside the blue ones
    assert.equals("add 1 instance (to 6), so that both revisions fit", r.fixes[1])
    assert.matches("deploy ROLLING instead: it starts new copies in the 2 free slots first", r.fixes[3], 1, true)
    assert.is_true(deploy({ desired = 3, instances = 6, strategy = "BLUE_GREEN" }).can_proceed)
  end)

  it("is not rescued by minimum_healthy_percent, which applies to ROLLING (a warning)", function()
    assert.is_true(deploy({ desired = 4, instances = 4, minimum_healthy_percent = 50 }).can_proceed)
    local r = deploy { desired = 4, instances = 4, minimum_healthy_percent = 50, maximum_percent = 150,
                       strategy = "BLUE_GREEN" }
    assert.is_false(r.can_proceed)
    assert.equals(8, r.peak)
    assert.equals(2, #r.warnings)
    assert.matches("'minimum_healthy_percent' applies to ROLLING", r.warnings[1], 1, true)
    assert.matches("how ECS applies it to BLUE_GREEN is not verified", r.warnings[2], 1, true)
  end)

  it("proceeds with dynamic host ports, which bind none statically", function()
    local r = deploy { taskdef = DYNAMIC, desired = 10, instances = 2, strategy = "BLUE_GREEN" }
    assert.is_true(r.can_proceed)
    assert.equals(20, r.peak)
    assert.equals(0, r.peak_host_ports)
  end)

  it("counts every port of a host-mode task at the peak", function()
    local r = deploy { taskdef = HOST2, desired = 2, instances = 4, strategy = "BLUE_GREEN" }
    assert.equals(2, r.static_ports)
    assert.equals(8, r.peak_host_ports)
    assert.is_true(r.can_proceed)
    assert.is_false(deploy({ taskdef = HOST2, desired = 2, instances = 3, strategy = "BLUE_GREEN" }).can_proceed)
  end)

  it("says how many instances both revisions need when even one does not fit", function()
    local r = deploy { desired = 5, instances = 3, strategy = "BLUE_GREEN" }
    assert.is_false(r.steady_state)
    assert.equals("run at least 5 instances, and 10 to deploy BLUE_GREEN, which runs both revisions at once",
                  r.fixes[1])
  end)
end)

describe("ecsnet.deployment: LINEAR and CANARY, with what is assumed (§8.1)", function()
  for _, case in ipairs { { "LINEAR", "step_percent", 10 }, { "CANARY", "canary_percent", 5 } } do
    local strategy, key, value = case[1], case[2], case[3]
    it(strategy .. " peaks like BLUE_GREEN and says the shift counts are not verified", function()
      local r = deploy { desired = 3, instances = 3, strategy = strategy, [key] = value }
      assert.equals(strategy, r.strategy)
      assert.equals(6, r.peak)
      assert.is_false(r.can_proceed)
      assert.equals("add 3 instances (to 6), so that both revisions fit", r.fixes[1])
      assert.equals(1, #r.assumptions)
      assert.matches("^assumed: during the deployment bake time", r.assumptions[1])
      assert.matches("the task counts during the traffic shifts (" .. key .. ") are not verified",
                     r.assumptions[1], 1, true)
      assert.is_true(deploy({ desired = 3, instances = 6, strategy = strategy }).can_proceed)
    end)
  end

  it("checks step_percent (3 to 100) and canary_percent (0.1 to 100) for their strategy only", function()
    local function err(opts)
      opts.taskdef, opts.desired, opts.instances = STATIC, 2, 4
      local r, e = ecsnet.deployment(opts)
      assert.is_nil(r)
      return e
    end
    assert.equals("deployment: 'step_percent' must be a number from 3 to 100 (docs/reference.md §8.1)",
                  err { strategy = "LINEAR", step_percent = 2.9 })
    assert.equals("deployment: 'canary_percent' must be a number from 0.1 to 100 (docs/reference.md §8.1)",
                  err { strategy = "CANARY", canary_percent = 0.05 })
    assert.matches("must be a number", err { strategy = "CANARY", canary_percent = "5" }, 1, true)
    assert.equals("deployment: 'step_percent' belongs to the LINEAR strategy; this service's strategy is CANARY",
                  err { strategy = "CANARY", step_percent = 10 })
    assert.matches("'canary_percent' belongs to the CANARY strategy; this service's strategy is ROLLING",
                   err { canary_percent = 5 }, 1, true)
    assert.truthy(ecsnet.deployment { taskdef = STATIC, desired = 2, instances = 4, strategy = "LINEAR",
                                      step_percent = 100 })
  end)
end)

describe("ecsnet.deployment: unknown strategies and options", function()
  it("refuses an unknown strategy, naming the nearest one", function()
    local r, e = ecsnet.deployment { taskdef = STATIC, desired = 1, instances = 2, strategy = "BLUE-GREEN" }
    assert.is_nil(r)
    assert.equals("deployment: unknown deployment strategy 'BLUE-GREEN' (did you mean 'BLUE_GREEN'?) " ..
      "(expected ROLLING, BLUE_GREEN, LINEAR or CANARY, as DeploymentConfiguration.strategy spells them)", e)
    r, e = ecsnet.deployment { taskdef = STATIC, desired = 1, instances = 2, strategy = "rolling" }
    assert.is_nil(r)
    assert.matches("(did you mean 'ROLLING'?)", e, 1, true)
    r, e = ecsnet.deployment { taskdef = STATIC, desired = 1, instances = 2, strategy = "RECREATE" }
    assert.is_nil(r)
    assert.matches("unknown deployment strategy 'RECREATE' (expected", e, 1, true)
    r, e = ecsnet.deployment { taskdef = STATIC, desired = 1, instances = 2, strategy = 1 }
    assert.is_nil(r)
    assert.equals("deployment: 'strategy' must be a string (ROLLING, BLUE_GREEN, LINEAR or CANARY)", e)
  end)

  it("raises for an option it does not know, so a misspelt key never checks ROLLING silently", function()
    local ok, e = pcall(ecsnet.deployment, { taskdef = STATIC, desired = 1, instances = 2, stratgy = "BLUE_GREEN" })
    assert.is_false(ok)
    assert.matches("bad argument #1 to 'deployment' (unknown option 'stratgy' (expected one of: taskdef,", e, 1, true)
  end)

  it("refuses counts whose deployment would run more than 2^53 tasks", function()
    local r, e = ecsnet.deployment { copies_per_instance = 1, desired = 2 ^ 53, instances = 1,
                                     strategy = "BLUE_GREEN" }
    assert.is_nil(r)
    assert.equals("deployment: the deployment would run more than 2^53 tasks", e)
  end)
end)

describe("ecsnet.deployment and plans count one peak (the core's)", function()
  for _, case in ipairs {
    { "ROLLING", 7, 150 }, { "ROLLING", 3, 133 }, { "BLUE_GREEN", 7 }, { "LINEAR", 4 }, { "CANARY", 9 },
  } do
    local strategy, desired, maxp = case[1], case[2], case[3]
    it(strategy .. " with " .. desired .. " tasks", function()
      local p = assert(ecsnet.plan {
        instance_type = "c5.large", trunking = true,
        subnets = { { az = "a", cidr = "10.0.0.0/22" } },
        services = { { name = "web", desired_count = desired, strategy = strategy, maximum_percent = maxp } },
      })
      local d = assert(ecsnet.deployment { copies_per_instance = math.huge, desired = desired, instances = 1,
                                           strategy = strategy, maximum_percent = maxp })
      assert.equals(p.services[1].peak, d.peak)
    end)
  end
end)
