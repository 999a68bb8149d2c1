-- ecsnet.density and ecsnet.explain_eni (docs/reference.md §3.1, §3.2, §2.6).
local ecsnet = require "ecsnet"

describe("ecsnet.density: awsvpc (docs/reference.md §3.1, §3.2)", function()
  it("c5.large: 2 tasks without trunking, the primary ENI counted", function()
    local d = assert(ecsnet.density { instance = "c5.large" })
    assert.equal(2, d.tasks)
    assert.equal("ENI", d.binding)
    assert.equal(2, d.tasks_without_trunking)
    assert.equal(10, d.tasks_with_trunking)
    assert.is_false(d.trunking.applies)
    assert.is_true(d.trunking.supported)
    assert.equal(3, d.enis.limit)
    assert.equal(3, d.enis.used)
    assert.equal(3, d.ips.used)
    assert.equal(1, d.ips.per_instance)
    assert.equal(1, d.ips.per_task)
    assert.equal("docs/reference.md §3.1, §3.2", d.reference)
  end)

  it("c5.large with trunking: 10 tasks, 12 ENIs, 2 + 1 per task addresses (§3.2)", function()
    local d = assert(ecsnet.density { instance = "c5.large", trunking = true })
    assert.equal(10, d.tasks)
    assert.is_true(d.trunking.applies)
    assert.same({}, d.trunking.reasons)
    assert.equal(12, d.enis.limit)
    assert.equal(12, d.enis.used)
    assert.equal(1, d.enis.trunk)
    assert.equal(10, d.enis.task)
    assert.equal(12, d.ips.used)
    assert.equal(2, d.ips.per_instance)
  end)

  it("names every precondition that fails (§3.2)", function()
    local cases = {
      { { instance = "t3.large", trunking = true }, "not in the ECS trunking table", 2 },
      { { instance = "c5.large", trunking = true, os = "windows" }, "Linux only", 2 },
      { { instance = "c5.large", trunking = true, launched_after_opt_in = false }, "launched before the opt%-in", 2 },
      { { instance = "c5.large", trunking = true, shared_subnet = true }, "shared subnets", 2 },
      { { instance = "c5.large" }, "awsvpcTrunking is off", 2 },
      { { instance = "i4i.large", trunking = true }, "invalid", 2 },
    }
    for _, c in ipairs(cases) do
      local d = assert(ecsnet.density(c[1]))
      assert.is_false(d.trunking.applies, c[1].instance)
      assert.equal(c[3], d.tasks)
      local found = false
      for _, r in ipairs(d.trunking.reasons) do
        if r:match(c[2]) then found = true end
      end
      assert.is_true(found, c[2])
    end
  end)

  it("m5.2xlarge: 3 without, 40 with (peers.md ENI table)", function()
    assert.equal(3, ecsnet.density { instance = "m5.2xlarge" }.tasks)
    assert.equal(40, ecsnet.density { instance = "m5.2xlarge", trunking = true }.tasks)
    assert.equal(4, ecsnet.density { instance = "m6g.medium", trunking = true }.tasks)
    assert.equal(1, ecsnet.density { instance = "t3.micro", trunking = true }.tasks)
  end)

  it("says which limit binds when CPU and memory are given", function()
    local base = { instance = "c5.xlarge", trunking = true, instance_cpu = 4096, instance_memory = 7680 }
    local function with(t)
      local o = {}
      for k, v in pairs(base) do o[k] = v end
      for k, v in pairs(t) do o[k] = v end
      return assert(ecsnet.density(o))
    end
    local d = with { cpu = 256, memory = 512 }
    assert.equal(15, d.tasks)       -- 7680 / 512
    assert.equal("MEMORY", d.binding)
    assert.same({ eni = 20, cpu = 16, memory = 15 }, d.by)
    d = with { cpu = 1024, memory = 512 }
    assert.equal(4, d.tasks)
    assert.equal("CPU", d.binding)
    d = with { cpu = 128, memory = 128 }
    assert.equal(20, d.tasks)
    assert.equal("ENI", d.binding)
  end)

  it("uses vCPUs and memory from describe-instance-types data", function()
    local db = ecsnet.instance_db()
    db:load [[{"InstanceTypes": [{"InstanceType": "c5.large", "VCpuInfo": {"DefaultVCpus": 2},
      "MemoryInfo": {"SizeInMiB": 4096}, "NetworkInfo": {"MaximumNetworkInterfaces": 3,
      "Ipv4AddressesPerInterface": 10, "Ipv6AddressesPerInterface": 10}}]}]]
    local d = assert(db:density { instance = "c5.large", trunking = true, cpu = 512, memory = 1024 })
    assert.equal(4, d.tasks)
    assert.equal("CPU", d.binding)   -- 2048 / 512 = 4 = 4096 / 1024; CPU named first
  end)
end)

describe("ecsnet.density: bridge and host are ports and resources (docs/reference.md §2.6)", function()
  local bridge_static = {
    family = "web", networkMode = "bridge",
    containerDefinitions = { { name = "web", image = "nginx", memory = 512, cpu = 256,
      portMappings = { { containerPort = 80, hostPort = 80 } } } },
  }
  it("a static host port: one copy per instance", function()
    local d = assert(ecsnet.density { instance = "c5.large", taskdef = bridge_static })
    assert.equal("bridge", d.mode)
    assert.equal(1, d.tasks)
    assert.equal("PORTS", d.binding)
    assert.equal(1, d.ips.used)
    assert.equal(0, d.ips.per_task)
    assert.is_nil(d.by.eni)
  end)

  it("dynamic ports: resources limit it, or nothing does", function()
    local d = assert(ecsnet.density { instance = "c5.large", mode = "bridge" })
    assert.is_true(d.unlimited)
    assert.equal(math.huge, d.tasks)
    assert.equal("none", d.binding)
    d = assert(ecsnet.density { instance = "c5.large", mode = "bridge", cpu = 512, instance_cpu = 2048 })
    assert.equal(4, d.tasks)
    assert.equal("CPU", d.binding)
  end)

  it("host mode: each mapped port is static", function()
    local d = assert(ecsnet.density { instance = "m5.large", taskdef = {
      network_mode = "host", containers = { { name = "a", port_mappings = { { container_port = 8080 } } } } } })
    assert.equal("host", d.mode)
    assert.equal(1, d.tasks)
    assert.equal("PORTS", d.binding)
  end)

  it("reads a task definition as JSON text and as a normalized table", function()
    local text = [[{"family":"x","networkMode":"awsvpc","cpu":"512","memory":"1024",
      "containerDefinitions":[{"name":"a","image":"b","portMappings":[{"containerPort":80}]}]}]]
    local d = assert(ecsnet.density { instance = "c5.large", trunking = true, taskdef = text,
      instance_cpu = 2048, instance_memory = 3500 })
    assert.equal("awsvpc", d.mode)
    assert.equal(3, d.tasks)
    assert.equal("MEMORY", d.binding)
    local td = assert(ecsnet.taskdefs(text))[1]
    local d2 = assert(ecsnet.density { instance = "c5.large", trunking = true, taskdef = td,
      instance_cpu = 2048, instance_memory = 3500 })
    assert.equal(d.tasks, d2.tasks)
  end)

  it("bad data returns nil and a message", function()
    assert.same({ nil, "unknown instance type 'c9.huge'" }, { ecsnet.density { instance = "c9.huge" } })
    local ok, err = ecsnet.density { instance = "c5.large", mode = "brige" }
    assert.is_nil(ok)
    assert.matches("unknown network mode 'brige'", err)
    ok, err = ecsnet.density { instance = "c5.large", cpu = -1 }
    assert.is_nil(ok)
    assert.equal("'cpu' must be a number >= 0", err)
    ok, err = ecsnet.density { instance = "c5.large", taskdef = "{" }
    assert.is_nil(ok)
    assert.matches("^taskdef: ", err)
  end)

  it("misuse raises", function()
    assert.has_error(function() ecsnet.density() end)
    assert.has_error(function() ecsnet.density {} end)
    assert.has_error(function() ecsnet.density { instance = "c5.large", trunking = "yes" } end)
    assert.has_error(function() ecsnet.density { instance = "c5.large", cpu = "1" } end)
    -- a misspelt option would silently give the answer without it
    assert.has_error(function() ecsnet.density { instance = "c5.large", trunkng = true } end,
      "bad argument #1 to 'density' (unknown option 'trunkng' (expected one of: instance, instance_type, os, "
      .. "taskdef, mode, network_mode, trunking, launched_after_opt_in, shared_subnet, cpu, memory, "
      .. "instance_cpu, instance_memory, static_ports, managed_instances))")
  end)
end)

describe("ecsnet.explain_eni: RESOURCE:ENI (docs/reference.md §3.1-3.3)", function()
  it("too many tasks without trunking: says why and what fixes it", function()
    local r = assert(ecsnet.explain_eni { instance = "c5.large", tasks = 5 })
    assert.is_true(r.fails)
    assert.equal(2, r.limit)
    assert.equal("RESOURCE:ENI: 5 awsvpc tasks do not fit on one c5.large, which takes 2 without trunking",
      r.message)
    assert.matches("awsvpcTrunking", r.fixes[1])
    assert.matches("takes 10 tasks", r.fixes[1])
    assert.matches("3 instances", r.fixes[2])
  end)

  it("trunking on but the instance predates the opt-in", function()
    local r = assert(ecsnet.explain_eni { instance = "c5.large", trunking = true, tasks = 5,
      launched_after_opt_in = false })
    assert.is_true(r.fails)
    assert.matches("launched before the opt%-in", r.fixes[1])
  end)

  it("a type without trunking (t3, §3.3)", function()
    local r = assert(ecsnet.explain_eni { instance = "t3.medium", trunking = true, tasks = 3 })
    assert.is_true(r.fails)
    assert.matches("does not support trunking", r.fixes[1])
  end)

  it("fits", function()
    local r = assert(ecsnet.explain_eni { instance = "c5.large", trunking = true, tasks = 10 })
    assert.is_false(r.fails)
    assert.matches("the next task fails with RESOURCE:ENI", r.fixes[1])
  end)

  it("bad data and misuse", function()
    assert.same({ nil, "unknown instance type 'c9.huge'" }, { ecsnet.explain_eni { instance = "c9.huge" } })
    assert.same({ nil, "'tasks' must be a whole number >= 0" },
      { ecsnet.explain_eni { instance = "c5.large", tasks = -1 } })
    assert.has_error(function() ecsnet.explain_eni() end)
  end)
end)

describe("ecsnet.density: what the trunking figure rests on", function()
  it("a 2023 type: documented, no message", function()
    local d = assert(ecsnet.density { instance = "c5.large", trunking = true })
    assert.equal("documented", d.trunk_tier)
    assert.equal("documented", d.trunking.tier)
    assert.is_nil(d.trunk_message)
  end)

  it("m7i.large: an estimate, labelled as one, with its method and agreement", function()
    local d = assert(ecsnet.density { instance = "m7i.large", trunking = true })
    assert.equal(10, d.tasks)
    assert.is_true(d.trunking.applies)
    assert.equal("estimated", d.trunk_tier)
    assert.equal("estimated", d.trunking.tier)
    assert.matches("^estimated, not documented: not in ECS's trunking table %(2023%-04%-18%)", d.trunk_message)
    assert.matches("9 branch interfaces", d.trunk_message, 1, true)
    assert.matches("99.5% exact", d.trunk_message, 1, true)
    assert.equal(d.trunk_message, d.trunking.message)
    -- without trunking the answer is EC2's ENI count; the tier still says what the trunked one is
    local off = assert(ecsnet.density { instance = "m7i.large" })
    assert.equal(2, off.tasks)
    assert.equal("estimated", off.trunk_tier)
  end)

  it("an unknown type: counted without trunking, says so, no 'choose a supported type'", function()
    local d = assert(ecsnet.density { instance = "c8gb.48xlarge", trunking = true })
    assert.equal("unknown", d.trunk_tier)
    assert.is_false(d.trunking.applies)
    assert.equal(23, d.tasks)   -- 2 cards x 12 ENIs, across the cards as ECS counts (§3.1)
    assert.matches("^unknown: ", d.trunk_message)
    assert.equal(1, #d.trunking.reasons)
    assert.matches("unknown", d.trunking.reasons[1], 1, true)
    assert.is_nil(d.trunking.reasons[1]:find("choose a supported type", 1, true))
  end)

  it("gives 'choose a supported type' only for a type known not to support trunking", function()
    local d = assert(ecsnet.density { instance = "t3.large", trunking = true })
    assert.equal("documented", d.trunk_tier)
    assert.matches("choose a supported type", d.trunking.reasons[1], 1, true)
  end)

  it("the user's number wins, tier 'user'", function()
    local db = ecsnet.instance_db()
    assert.equal(1, db:load { instance_type = "c8gb.48xlarge", awsvpc_tasks_with_trunking = 120 })
    local d = assert(db:density { instance = "c8gb.48xlarge", trunking = true })
    assert.equal(120, d.tasks)
    assert.is_true(d.trunking.applies)
    assert.equal("user", d.trunk_tier)
    assert.matches("loaded at run time", d.trunk_message, 1, true)
  end)
end)

describe("ecsnet.plan carries the instance type's trunking tier", function()
  local function plan(itype)
    return assert(ecsnet.plan {
      vpc = "10.0.0.0/16", instance_type = itype, trunking = true,
      subnets = { { az = "us-east-1a", cidr = "10.0.0.0/20" } },
      services = { { name = "web", network_mode = "awsvpc", desired_count = 20 } },
    })
  end

  it("documented: the tier, no message", function()
    local r = plan("c5.large")
    assert.equal("documented", r.trunking.tier)
    assert.is_nil(r.trunking.message)
  end)

  it("estimated and unknown: the tier and what it rests on", function()
    local r = plan("m7i.large")
    assert.equal("estimated", r.trunking.tier)
    assert.is_true(r.trunking.applies)
    assert.matches("^estimated, not documented", r.trunking.message)
    local u = plan("c8gb.48xlarge")
    assert.equal("unknown", u.trunking.tier)
    assert.is_false(u.trunking.applies)
    assert.matches("^unknown: ", u.trunking.message)
  end)
end)

describe("ecsnet.density on Managed Instances (docs/reference.md §5.7: a trunk ENI as the primary ENI when the type "
  .. "trunks, no opt-in; the address cost is assumed)", function()
  it("trunks without the account setting or an opt-in, with one ENI and one address per instance", function()
    local d = assert(ecsnet.density { instance = "c5.large", managed_instances = true,
      launched_after_opt_in = false })
    assert.is_true(d.managed_instances)
    assert.is_true(d.trunking.applies)
    assert.equals(10, d.tasks)
    assert.same({ limit = 11, max = 3, used = 11, primary = 1, trunk = 0, task = 10 }, d.enis)
    assert.same({ used = 11, per_instance = 1, per_task = 1 }, d.ips)
    local ec2 = assert(ecsnet.density { instance = "c5.large", trunking = true })
    assert.equals(12, ec2.enis.used)
    assert.equals(2, ec2.ips.per_instance)
  end)

  it("a type that does not trunk keeps its regular ENIs; Windows and shared subnets still stop trunking", function()
    local d = assert(ecsnet.density { instance = "t3.large", managed_instances = true })
    assert.is_false(d.trunking.applies)
    assert.equals(2, d.tasks)
    assert.is_false(assert(ecsnet.density { instance = "c5.large", managed_instances = true,
      shared_subnet = true }).trunking.applies)
  end)
end)
