-- ecsnet.plan, ecsnet.plan_json (docs/reference.md §3.2, §4.1, §4.2;
-- docs/plan-format.md).
local ecsnet = require "ecsnet"

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

local function codes(list)
  local t = {}
  for _, f in ipairs(list) do t[f.code] = (t[f.code] or 0) + 1 end
  return t
end

local function default_vpc(services, extra)
  local p = {
    vpc = "172.31.0.0/16", instance_type = "c5.large", trunking = true,
    subnets = {
      { az = "us-east-1a", cidr = "172.31.0.0/20" },
      { az = "us-east-1b", cidr = "172.31.16.0/20" },
      { az = "us-east-1c", cidr = "172.31.32.0/20" },
    },
    services = services,
  }
  for k, v in pairs(extra or {}) do p[k] = v end
  return p
end

describe("ecsnet.plan: the seed's example (docs/reference.md §4.1, §3.2)", function()
  it("three /20s: 4,091 usable each, 12,273 in all", function()
    local r = assert(ecsnet.plan(default_vpc { { name = "web", network_mode = "awsvpc", desired_count = 0 } }))
    assert.is_true(r.ok)
    for _, s in ipairs(r.subnets) do
      assert.equal(4091, s.usable)
      assert.equal(4096, s.size)
      assert.equal(5, s.reserved)
    end
    assert.equal(12273, r.addresses.usable)
  end)

  it("trunking: 2 addresses per instance plus 1 per task", function()
    local r = assert(ecsnet.plan(default_vpc({ { name = "web", network_mode = "awsvpc", desired_count = 300,
      maximum_percent = 100 } })))
    -- 100 tasks per AZ on 10 c5.large instances: 20 host + trunk addresses + 100
    for _, s in ipairs(r.subnets) do
      assert.equal(10, s.hosts)
      assert.equal(10, s.trunk_enis)
      assert.equal(100, s.tasks)
      assert.equal(0, s.surge)
      assert.equal(120, s.needed)
      assert.equal(4091 - 120, s.headroom)
    end
    assert.equal(30, r.instances.needed)
    assert.is_true(r.trunking.applies)
  end)

  it("finds where the addresses run out: the smallest AZ, in tasks", function()
    local r = assert(ecsnet.plan(default_vpc({ { name = "web", network_mode = "awsvpc", desired_count = 0 } })))
    -- each AZ: 12 addresses per 10 tasks; 4,091 = 340 * 12 + 11 -> 3,400 + 9 tasks
    assert.equal("growth", r.runs_out.phase)
    assert.equal(3409, r.azs[1].room_for_tasks)
    assert.equal(3 * 3409, r.runs_out.more_tasks)
    assert.equal("172.31.0.0/20", r.runs_out.subnet)
  end)

  it("the deployment surge counts (maximumPercent)", function()
    local r = assert(ecsnet.plan(default_vpc({ { name = "web", network_mode = "awsvpc", desired_count = 3000 } })))
    assert.equal(3000, r.tasks.steady)
    assert.equal(3000, r.tasks.surge)
    assert.equal(6000, r.tasks.peak)
    assert.equal(600, r.instances.needed)
    assert.equal(1000, r.subnets[1].surge)
    assert.equal(2400, r.subnets[1].needed)
  end)

  it("without trunking, ENIs bind: 2 tasks per c5.large and 1 address per instance", function()
    local r = assert(ecsnet.plan(default_vpc({ { name = "web", network_mode = "awsvpc", desired_count = 3000,
      maximum_percent = 100 } }, { trunking = false })))
    assert.equal(1500, r.instances.needed)
    assert.equal(500, r.subnets[1].hosts)
    assert.equal(0, r.subnets[1].trunk_enis)
    assert.equal(1500, r.subnets[1].needed)
    assert.equal("REC_TRUNKING_ON", r.recommendations[1].code)
  end)
end)

describe("ecsnet.plan: task subnets and recommendations (docs/reference.md §4.1)", function()
  it("a separate task CIDR holds the tasks apart from the hosts", function()
    local r = assert(ecsnet.plan_json(read("examples/plans/task-cidr.json")))
    assert.is_true(r.ok)
    assert.equal("hosts", r.subnets[1].role)
    assert.equal(0, r.subnets[1].tasks)
    assert.equal(300, r.subnets[1].trunk_enis)
    assert.equal(8187, r.subnets[4].usable)
    assert.equal(6000, r.subnets[4].needed)
    assert.equal("100.64.0.0/19", r.runs_out.subnet)
  end)

  it("a plan that does not fit: errors, a larger prefix, a 100.64.0.0/10 secondary block", function()
    local r = assert(ecsnet.plan(default_vpc({ { name = "web", network_mode = "awsvpc", desired_count = 12000 } })))
    assert.is_false(r.ok)
    assert.equal("steady", r.runs_out.phase)
    local c = codes(r.findings)
    assert.equal(3, c.PLAN_SUBNET_FULL)
    local rc = codes(r.recommendations)
    assert.equal(3, rc.REC_LARGER_PREFIX)
    assert.equal(1, rc.REC_SECONDARY_CIDR)
    for _, f in ipairs(r.recommendations) do
      if f.code == "REC_SECONDARY_CIDR" then
        assert.matches("^associate 100%.64%.", f.message)
        assert.matches("permitted", f.message)
      end
      if f.code == "REC_LARGER_PREFIX" then
        assert.matches("use a /18 or larger", f.message)
      end
    end
  end)

  it("the secondary block is one the primary range permits (not overlapping a 100.64 block)", function()
    local p = default_vpc({ { name = "web", network_mode = "awsvpc", desired_count = 12000 } },
      { vpc = { "172.31.0.0/16", "100.64.0.0/16" } })
    local r = assert(ecsnet.plan(p))
    for _, f in ipairs(r.recommendations) do
      if f.code == "REC_SECONDARY_CIDR" then
        assert.not_matches("associate 100%.64%.0%.0/", f.message)
      end
    end
  end)

  it("warns about AZ imbalance", function()
    local p = default_vpc({ { name = "web", network_mode = "awsvpc", desired_count = 30 } })
    p.subnets[3].cidr = "172.31.32.0/22"
    local r = assert(ecsnet.plan(p))
    assert.equal(1, codes(r.findings).PLAN_AZ_IMBALANCE)
    assert.equal("us-east-1c", r.runs_out.az)
    assert.is_true(r.imbalance > 3)
  end)

  it("counts extras (load balancer nodes) per AZ and per subnet", function()
    local p = default_vpc({ { name = "web", network_mode = "awsvpc", desired_count = 0 } }, { extras_per_az = 8 })
    p.subnets[2].extras = 2
    local r = assert(ecsnet.plan(p))
    assert.equal(8, r.subnets[1].extras)
    assert.equal(10, r.subnets[2].extras)
  end)

  it("static host ports need one instance per copy (docs/reference.md §2.6)", function()
    local r = assert(ecsnet.plan(default_vpc({ { name = "lb", network_mode = "bridge", static_ports = 1,
      desired_count = 30, maximum_percent = 100 } })))
    assert.equal(30, r.instances.needed)
    assert.equal("PORTS", r.services[1].binding)
    assert.equal(0, r.subnets[1].tasks)
  end)

  it("a fixed fleet too small: a finding and how many are needed", function()
    local r = assert(ecsnet.plan(default_vpc({ { name = "web", network_mode = "awsvpc", desired_count = 300,
      maximum_percent = 100 } }, { instances = 12 })))
    assert.is_false(r.ok)
    assert.equal(30, r.instances.needed)
    assert.equal(12, r.instances.given)
    assert.equal(1, codes(r.findings).PLAN_TOO_FEW_INSTANCES)
    assert.equal(1, codes(r.recommendations).REC_MORE_INSTANCES)
  end)

  it("Fargate services take an address per task and no instance (docs/reference.md §3.1)", function()
    local r = assert(ecsnet.plan(default_vpc({
      { name = "fg", launch_type = "FARGATE", desired_count = 300, maximum_percent = 100 },
      { name = "td", taskdef = { family = "f", networkMode = "awsvpc", requiresCompatibilities = { "FARGATE" },
        cpu = "256", memory = "512", containerDefinitions = { { name = "a", image = "b" } } },
        desired_count = 30, maximum_percent = 100 } })))
    assert.equal(0, r.instances.needed)
    assert.equal(110, r.subnets[1].tasks)
    assert.equal(0, r.subnets[1].hosts)
    assert.is_true(r.services[1].fargate)
    assert.is_true(r.services[2].fargate)
    assert.equal(1, codes(r.findings).PLAN_FARGATE)
    assert.equal("fg", r.runs_out.growth_service)
    assert.equal(4091 - 110, r.azs[1].room_for_tasks)
  end)

  it("accepts raw and normalized task definitions, and JSON text", function()
    local raw = { family = "w", networkMode = "awsvpc", containerDefinitions = { { name = "a", image = "b" } } }
    local r = assert(ecsnet.plan(default_vpc({ { name = "a", taskdef = raw, desired_count = 3 },
      { name = "b", taskdef = '{"family":"x","networkMode":"bridge","containerDefinitions":[{"name":"a","image":"b",' ..
        '"portMappings":[{"containerPort":80,"hostPort":80}]}]}', desired_count = 3 } })))
    assert.equal("awsvpc", r.services[1].mode)
    assert.equal("bridge", r.services[2].mode)
    assert.equal(1, r.services[2].static_ports)
  end)

  it("reads a task definition given as JSON text in C, where bad text is a finding like any bad input", function()
    local r = assert(ecsnet.plan(default_vpc({ { name = "a", taskdef = '{"family": ,}', desired_count = 3 } })))
    assert.is_false(r.ok)
    assert.equal("PLAN_TASKDEF", r.findings[1].code)
    assert.equal("/services/0/taskdef", r.findings[1].pointer)
    assert.matches("^service 'a': malformed JSON at line 1 column 12: expected a value", r.findings[1].message)
    local t = assert(ecsnet.plan_json('{"vpc": "10.0.0.0/16", "instance_type": "c5.large", "subnets": ' ..
      '[{"az": "a", "cidr": "10.0.0.0/24"}], "services": [{"name": "s", "desired_count": 2, "taskdef": ' ..
      '"{\\"networkMode\\": \\"host\\", \\"containerDefinitions\\": [{\\"name\\": \\"a\\", ' ..
      '\\"portMappings\\": [{\\"containerPort\\": 80}]}]}"}]}'))
    assert.equal("host", t.services[1].mode)
    assert.equal(1, t.services[1].static_ports)
  end)
end)

describe("ecsnet.plan: trunking limits by tier (docs/reference.md §3.3)", function()
  local function plan(instance, extra)
    local p = { vpc = "10.0.0.0/16", instance_type = instance, trunking = true,
                subnets = { { az = "a", cidr = "10.0.0.0/24" } },
                services = { { name = "s", network_mode = "awsvpc", desired_count = 10 } } }
    for k, v in pairs(extra or {}) do p[k] = v end
    return assert(ecsnet.plan(p))
  end
  local function codes_of(r)
    local c = {}
    for _, f in ipairs(r.findings) do c[f.code] = f end
    return c
  end

  it("says when the plan rests on an estimated limit, and not for a documented one", function()
    local est = codes_of(plan("m7i.large")).PLAN_TRUNK_ESTIMATED
    assert.equals("warning", est.severity)
    assert.matches("rests on 10 awsvpc tasks per m7i.large with trunking, which is estimated", est.message, 1, true)
    assert.is_nil(codes_of(plan("c5.large")).PLAN_TRUNK_ESTIMATED)
  end)

  it("a type whose trunking support is unknown gets PLAN_NO_TRUNKING, never an estimate", function()
    local name
    for _, t in ipairs(ecsnet.instance_types()) do
      if ecsnet.instance(t).trunk_tier == "unknown" then name = t break end
    end
    local c = codes_of(plan(name))
    assert.is_table(c.PLAN_NO_TRUNKING)
    assert.is_nil(c.PLAN_TRUNK_ESTIMATED)
  end)
end)

describe("ecsnet.plan: bad input gives findings", function()
  it("negative and fractional counts, overlaps, outside the VPC, bad CIDRs and sizes", function()
    local r = assert(ecsnet.plan_json(read("spec/fixtures/plans/bad-input.json")))
    assert.is_false(r.ok)
    local c = codes(r.findings)
    assert.equal(4, c.PLAN_BAD_COUNT)           -- instances 2.5, -3, 1.5, no desired_count
    assert.equal(1, c.PLAN_SUBNET_OVERLAP)
    assert.equal(1, c.PLAN_SUBNET_OUTSIDE_VPC)
    assert.equal(1, c.PLAN_BAD_CIDR)            -- host bits set
    assert.equal(1, c.PLAN_SUBNET_SIZE)         -- /29
    for _, f in ipairs(r.findings) do
      assert.is_string(f.pointer)
      assert.matches("^/", f.pointer)
      assert.is_string(f.message)
    end
  end)

  it("unknown instance type", function()
    local r = assert(ecsnet.plan(default_vpc({ { network_mode = "awsvpc", desired_count = 1 } },
      { instance_type = "c9.huge" })))
    assert.is_false(r.ok)
    assert.matches("unknown instance type 'c9.huge'", r.findings[1].message)
    assert.equal("/instance_type", r.findings[1].pointer)
  end)

  it("IPv6-only input: planned, not refused (docs/reference.md §8.2; spec/plan_ipv6_spec.lua)", function()
    local r = assert(ecsnet.plan { instance_type = "c5.large", vpc = "2600:1f18::/56",
      subnets = { { az = "a", cidr = "2600:1f18::/64" } },
      services = { { network_mode = "awsvpc", desired_count = 1 } } })
    assert.is_true(r.ok)
    assert.equal(1, codes(r.findings).PLAN_IPV6_ONLY)   -- the VPC: info
    -- IPv4 subnets under a VPC given only as IPv6 cannot be checked: an error
    r = assert(ecsnet.plan { instance_type = "c5.large", vpc = "2600:1f18::/56",
      subnets = { { az = "a", cidr = "10.0.0.0/24" } },
      services = { { network_mode = "awsvpc", desired_count = 1 } } })
    assert.is_false(r.ok)
    assert.equal(1, codes(r.findings).PLAN_IPV6_ONLY)
  end)

  it("missing parts", function()
    local r = assert(ecsnet.plan {})
    local c = codes(r.findings)
    assert.equal(1, c.PLAN_NO_INSTANCE)
    assert.equal(1, c.PLAN_NO_SERVICES)
    assert.equal(1, c.PLAN_NO_SUBNETS)
    r = assert(ecsnet.plan { instance_type = 5, services = "x", subnets = { 7 } })
    assert.is_true(codes(r.findings).PLAN_BAD_FIELD >= 3)
  end)

  it("tasks larger than any instance never place", function()
    local r = assert(ecsnet.plan(default_vpc({ { network_mode = "awsvpc", desired_count = 3, cpu = 4096 } },
      { instance_cpu = 2048 })))
    assert.equal(1, codes(r.findings).PLAN_TASK_TOO_LARGE)
  end)

  it("not JSON, or not an object: nil and a message", function()
    assert.same({ nil, "the plan is not valid JSON (near line 1, column 2)" }, { ecsnet.plan_json("{x") })
    assert.same({ nil, "a plan must be a JSON object (see docs/plan-format.md)" }, { ecsnet.plan_json("[]") })
    local ok, err = ecsnet.plan { services = { { f = function() end } } }
    assert.is_nil(ok)
    assert.matches("values must be", err)
  end)

  it("locates a JSON error by line and column, counting characters as for task definitions", function()
    assert.same({ nil, "the plan is not valid JSON (near line 3, column 8)" },
      { ecsnet.plan_json('{\n  "instance_type": "c5.large",\n  "x": ]\n}') })
    -- "\195\169" (e acute) is two bytes and one column
    assert.same({ nil, "the plan holds \\u0000 at line 2, column 15: a NUL character in a string is not accepted" },
      { ecsnet.plan_json('{\n  "name": "\195\169t\195\169\\u0000"\n}') })
  end)

  it("misuse raises", function()
    assert.has_error(function() ecsnet.plan() end)
    assert.has_error(function() ecsnet.plan_json({}) end)
  end)

  it("renders as text", function()
    local r = assert(ecsnet.plan_json(read("examples/plans/default-vpc.json")))
    local t = ecsnet.plan_text(r)
    assert.matches("total usable 12,273", t)
    assert.matches("172%.31%.0%.0/20", t)
  end)
end)
