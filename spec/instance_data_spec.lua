-- Instance data: the compiled table, data/instance-types.json, and run-time
-- additions (docs/reference.md §3.1-3.4, docs/DEVELOPING.md#decision-2).
local ecsnet = require "ecsnet"

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

describe("ecsnet.instance: the common-families table (docs/reference.md §3.3)", function()
  -- Every row of the reference's table: type, max ENIs, IPv4/ENI, IPv6/ENI,
  -- awsvpc tasks without trunking, with trunking (nil = not supported).
  local rows = {
    { "t3.nano", 2, 2, 2, 1, nil },
    { "t3.micro", 2, 2, 2, 1, nil },
    { "t3.small", 3, 4, 4, 2, nil },
    { "t3.medium", 3, 6, 6, 2, nil },
    { "t3.large", 3, 12, 12, 2, nil },
    { "t3.xlarge", 4, 15, 15, 3, nil },
    { "t3.2xlarge", 4, 15, 15, 3, nil },
    { "c5.large", 3, 10, 10, 2, 10 },
    { "c5.xlarge", 4, 15, 15, 3, 20 },
    { "c5.2xlarge", 4, 15, 15, 3, 40 },
    { "c5.4xlarge", 8, 30, 30, 7, 60 },
    { "c5.9xlarge", 8, 30, 30, 7, 60 },
    { "c5.12xlarge", 8, 30, 30, 7, 60 },
    { "c5.18xlarge", 15, 50, 50, 14, 120 },
    { "c5.24xlarge", 15, 50, 50, 14, 120 },
    { "c5.metal", 15, 50, 50, 14, nil },
    { "m5.large", 3, 10, 10, 2, 10 },
    { "m5.xlarge", 4, 15, 15, 3, 20 },
    { "m5.2xlarge", 4, 15, 15, 3, 40 },
    { "m5.4xlarge", 8, 30, 30, 7, 60 },
    { "m5.8xlarge", 8, 30, 30, 7, 60 },
    { "m5.12xlarge", 8, 30, 30, 7, 60 },
    { "m5.16xlarge", 15, 50, 50, 14, 120 },
    { "m5.24xlarge", 15, 50, 50, 14, 120 },
    { "m5.metal", 15, 50, 50, 14, nil },
    { "r5.large", 3, 10, 10, 2, 10 },
    { "r5.xlarge", 4, 15, 15, 3, 20 },
    { "r5.2xlarge", 4, 15, 15, 3, 40 },
    { "r5.4xlarge", 8, 30, 30, 7, 60 },
    { "r5.8xlarge", 8, 30, 30, 7, nil },
    { "r5.12xlarge", 8, 30, 30, 7, 60 },
    { "r5.16xlarge", 15, 50, 50, 14, 120 },
    { "r5.24xlarge", 15, 50, 50, 14, 120 },
    { "r5.metal", 15, 50, 50, 14, nil },
    { "c6g.medium", 2, 4, 4, 1, 4 },
    { "c6g.large", 3, 10, 10, 2, 10 },
    { "c6g.xlarge", 4, 15, 15, 3, 20 },
    { "c6g.2xlarge", 4, 15, 15, 3, 40 },
    { "c6g.4xlarge", 8, 30, 30, 7, 60 },
    { "c6g.8xlarge", 8, 30, 30, 7, 60 },
    { "c6g.12xlarge", 8, 30, 30, 7, 60 },
    { "c6g.16xlarge", 15, 50, 50, 14, 120 },
    { "c6g.metal", 15, 50, 50, 14, 120 },
    { "m6g.medium", 2, 4, 4, 1, 4 },
    { "m6g.large", 3, 10, 10, 2, 10 },
    { "m6g.xlarge", 4, 15, 15, 3, 20 },
    { "m6g.2xlarge", 4, 15, 15, 3, 40 },
    { "m6g.4xlarge", 8, 30, 30, 7, 60 },
    { "m6g.8xlarge", 8, 30, 30, 7, 60 },
    { "m6g.12xlarge", 8, 30, 30, 7, 60 },
    { "m6g.16xlarge", 15, 50, 50, 14, 120 },
    { "m6g.metal", 15, 50, 50, 14, 120 },
    { "r6g.medium", 2, 4, 4, 1, 4 },
    { "r6g.large", 3, 10, 10, 2, 10 },
    { "r6g.xlarge", 4, 15, 15, 3, 20 },
    { "r6g.2xlarge", 4, 15, 15, 3, 40 },
    { "r6g.4xlarge", 8, 30, 30, 7, 60 },
    { "r6g.8xlarge", 8, 30, 30, 7, 60 },
    { "r6g.12xlarge", 8, 30, 30, 7, 60 },
    { "r6g.16xlarge", 15, 50, 50, 14, 120 },
    { "r6g.metal", 15, 50, 50, 14, 120 },
    { "c6i.large", 3, 10, 10, 2, 10 },
    { "c6i.xlarge", 4, 15, 15, 3, 20 },
    { "c6i.2xlarge", 4, 15, 15, 3, 40 },
    { "c6i.4xlarge", 8, 30, 30, 7, 60 },
    { "c6i.8xlarge", 8, 30, 30, 7, 90 },
    { "c6i.12xlarge", 8, 30, 30, 7, 120 },
    { "c6i.16xlarge", 15, 50, 50, 14, 120 },
    { "c6i.24xlarge", 15, 50, 50, 14, 120 },
    { "c6i.32xlarge", 15, 50, 50, 14, 120 },
    { "c6i.metal", 15, 50, 50, 14, 120 },
    { "m6i.large", 3, 10, 10, 2, 10 },
    { "m6i.xlarge", 4, 15, 15, 3, 20 },
    { "m6i.2xlarge", 4, 15, 15, 3, 40 },
    { "m6i.4xlarge", 8, 30, 30, 7, 60 },
    { "m6i.8xlarge", 8, 30, 30, 7, 90 },
    { "m6i.12xlarge", 8, 30, 30, 7, 120 },
    { "m6i.16xlarge", 15, 50, 50, 14, 120 },
    { "m6i.24xlarge", 15, 50, 50, 14, 120 },
    { "m6i.32xlarge", 15, 50, 50, 14, 120 },
    { "m6i.metal", 15, 50, 50, 14, 120 },
    { "r6i.large", 3, 10, 10, 2, 10 },
    { "r6i.xlarge", 4, 15, 15, 3, 20 },
    { "r6i.2xlarge", 4, 15, 15, 3, 40 },
    { "r6i.4xlarge", 8, 30, 30, 7, 60 },
    { "r6i.8xlarge", 8, 30, 30, 7, 90 },
    { "r6i.12xlarge", 8, 30, 30, 7, 120 },
    { "r6i.16xlarge", 15, 50, 50, 14, 120 },
    { "r6i.24xlarge", 15, 50, 50, 14, 120 },
    { "r6i.32xlarge", 15, 50, 50, 14, 120 },
    { "r6i.metal", 15, 50, 50, 14, 120 },  }

  it("holds all 91 rows", function()
    assert.equal(91, #rows)
  end)

  for _, r in ipairs(rows) do
    it(r[1] .. " matches the reference row", function()
      local t = assert(ecsnet.instance(r[1]))
      assert.equal(r[1], t.name)
      assert.equal(r[2], t.max_enis)
      assert.equal(r[3], t.ipv4_per_eni)
      assert.equal(r[4], t.ipv6_per_eni)
      assert.equal(r[5], t.awsvpc_tasks_without_trunking)
      assert.equal(r[6], t.awsvpc_tasks_with_trunking)
      assert.equal(r[6] ~= nil, t.trunking_supported)
      if r[6] then assert.equal(r[6] + 2, t.eni_limit_with_trunking) end
    end)
  end
end)

describe("ecsnet.instance: data and anomalies (docs/reference.md §3.3, §3.4)", function()
  it("knows 1399 types, sorted; the 648 of 2023 keep their sources and dates", function()
    local names = ecsnet.instance_types()
    assert.equal(1399, #names)
    for i = 2, #names do assert.is_true(names[i - 1] < names[i]) end
    local supported, computed, no6, old = 0, 0, 0, 0
    for _, n in ipairs(names) do
      local t = ecsnet.instance(n)
      assert.is_string(t.source)
      if t.trunk_tier == "documented" then
        old = old + 1
        assert.matches("using%-eni%.md", t.source)
        assert.equal("2023-05-11", t.date)
        assert.equal("2023-04-18", t.ecs_date)
        if t.trunking_supported then supported = supported + 1 end
      else
        -- this part: EC2's 2026 numbers, and a trunking tier that says what it rests on
        assert.matches("DescribeInstanceTypes", t.source, 1, true)
        assert.equal("2026-08-02", t.date)
        assert.is_nil(t.ecs_date)
        assert.is_true(t.trunk_tier == "estimated" or t.trunk_tier == "unknown", n)
        assert.matches("^" .. t.trunk_tier .. "[,:] ", t.trunk_basis)
        assert.is_true(t.flags.computed, n)
      end
      if t.flags.computed then
        computed = computed + 1
        assert.equal(t.max_enis - 1, t.awsvpc_tasks_without_trunking)
      end
      if not t.ipv6_supported then no6 = no6 + 1 end
    end
    assert.equal(648, old)
    assert.equal(435, supported)   -- the trunking table's 435 rows
    assert.equal(213 + 751, computed)  -- the others: max ENIs - 1 (751 of them new)
    assert.equal(19, no6)          -- "IPv6 not supported" (all 2023 rows)
  end)

  it("without trunking = max ENIs - 1 for every type (§3.1 cross-check)", function()
    for _, n in ipairs(ecsnet.instance_types()) do
      local t = ecsnet.instance(n)
      assert.equal(t.max_enis - 1, t.awsvpc_tasks_without_trunking, n)
    end
  end)

  it("keeps i4i.large's invalid -2 as unknown, flagged", function()
    local t = ecsnet.instance("i4i.large")
    assert.is_true(t.trunking_supported)
    assert.is_nil(t.awsvpc_tasks_with_trunking)
    assert.is_true(t.flags.invalid_value)
    assert.is_true(t.anomalous)
    assert.matches("%-2", t.note)
  end)

  it("keeps the odd i4i values, flagged suspect", function()
    local t = ecsnet.instance("i4i.32xlarge")
    assert.equal(498, t.awsvpc_tasks_with_trunking)
    assert.is_true(t.flags.suspect)
  end)

  it("keeps u-6tb1.56xlarge's 14 -> 12, flagged suspect and contradictory", function()
    local t = ecsnet.instance("u-6tb1.56xlarge")
    assert.equal(14, t.awsvpc_tasks_without_trunking)
    assert.equal(12, t.awsvpc_tasks_with_trunking)
    assert.is_true(t.flags.suspect)
    assert.is_true(t.flags.contradiction)
  end)

  it("flags c5a.8xlarge and m5n as listed and also called unsupported", function()
    assert.is_true(ecsnet.instance("c5a.8xlarge").flags.contradiction)
    assert.is_true(ecsnet.instance("m5n.large").flags.contradiction)
  end)

  it("flags the types whose ENI counts changed in newer data", function()
    for _, n in ipairs { "c6in.32xlarge", "m6in.metal", "r6idn.32xlarge", "h1.16xlarge" } do
      local t = ecsnet.instance(n)
      assert.is_true(t.flags.newer_data, n)
      assert.matches("NEWER DATA DIFFERS", t.note)
    end
  end)

  it("counts ENIs across all network cards (p4d.24xlarge: 60 ENIs, 59 tasks, §3.1)", function()
    local t = ecsnet.instance("p4d.24xlarge")
    assert.equal(60, t.max_enis)
    assert.equal(59, t.awsvpc_tasks_without_trunking)
  end)

  it("answers nil and a message for unknown types", function()
    assert.same({ nil, "unknown instance type 'c9.huge'" }, { ecsnet.instance("c9.huge") })
    assert.same({ nil, "unknown instance type ''" }, { ecsnet.instance("") })
    assert.same({ nil, "unknown instance type 'c5.large\\x00'" }, { ecsnet.instance("c5.large\0") })
  end)

  it("raises for a non-string name", function()
    assert.has_error(function() ecsnet.instance(nil) end)
    assert.has_error(function() ecsnet.instance({}) end)
  end)
end)

describe("data/instance-types.json and the compiled table agree (docs/DEVELOPING.md#decision-2)", function()
  local text = read("data/instance-types.json")
  local db = ecsnet.instance_db()
  local n = assert(db:load(text))

  it("loads all 1399 rows of the data file", function()
    assert.equal(1399, n)
    assert.equal(1399, db:count())
    assert.matches('"format": "ecsnet%-instance%-types/1"', text)
    assert.matches('"count": 1399', text)
  end)

  it("has the same numbers, flags and sources row by row", function()
    for _, name in ipairs(ecsnet.instance_types()) do
      local c = ecsnet.instance(name)        -- compiled
      local j = db:instance(name)            -- from the JSON
      for _, k in ipairs { "max_enis", "ipv4_per_eni", "ipv6_per_eni", "trunking_supported",
                           "awsvpc_tasks_without_trunking", "awsvpc_tasks_with_trunking",
                           "date", "ecs_date", "trunk_tier", "trunk_basis", "network_cards" } do
        assert.equal(c[k], j[k], name .. " " .. k)
      end
      assert.equal(c.flags.computed, j.flags.computed, name)
      local full = c.source .. (c.note and ("; NOTE: " .. c.note) or "")
      assert.equal(full, j.source, name)
      assert.equal(c.note, j.note, name)
    end
  end)

  it("regenerates to the committed C file (make instance-data)", function()
    local probe = io.popen("command -v python3 2>/dev/null")
    local py = probe and probe:read("*l")
    if probe then probe:close() end
    if not py or py == "" then return end   -- the generator needs python3
    local out = os.tmpname()
    -- (env -u LD_PRELOAD: the sanitizer run preloads ASan, which python3 does not want)
    local ok = os.execute("env -u LD_PRELOAD python3 tools/gen-instance-data.py c data/instance-types.json " ..
      out .. " >/dev/null 2>&1")
    assert.is_truthy(ok == true or ok == 0)
    local fresh = read(out)
    os.remove(out)
    assert.equal(read("src/ecsnet_instdata.c"), fresh)
  end)

  it("lists each anomaly the reference flags", function()
    local count = 0
    for _ in text:gmatch('"kind": "') do count = count + 1 end
    assert.equal(57, count)
  end)
end)

describe("run-time instance data", function()
  local describe_output = [[{
    "InstanceTypes": [
      { "InstanceType": "c9.huge",
        "VCpuInfo": { "DefaultVCpus": 8 }, "MemoryInfo": { "SizeInMiB": 16384 },
        "NetworkInfo": { "MaximumNetworkInterfaces": 8, "Ipv4AddressesPerInterface": 30,
          "Ipv6AddressesPerInterface": 30, "Ipv6Supported": true, "MaximumNetworkCards": 2,
          "NetworkCards": [ { "NetworkCardIndex": 0, "MaximumNetworkInterfaces": 8 },
                            { "NetworkCardIndex": 1, "MaximumNetworkInterfaces": 8 } ] } },
      { "InstanceType": "c5.large",
        "VCpuInfo": { "DefaultVCpus": 2 }, "MemoryInfo": { "SizeInMiB": 4096 },
        "NetworkInfo": { "MaximumNetworkInterfaces": 3, "Ipv4AddressesPerInterface": 10,
          "Ipv6AddressesPerInterface": 10, "Ipv6Supported": true,
          "NetworkCards": [ { "NetworkCardIndex": 0, "MaximumNetworkInterfaces": 3 } ] } }
    ] }]]

  it("reads describe-instance-types output: ENIs over all cards, vCPUs, memory", function()
    local db = ecsnet.instance_db()
    assert.equal(2, db:load(describe_output))
    local t = db:instance("c9.huge")
    assert.equal(16, t.max_enis)
    assert.equal(15, t.awsvpc_tasks_without_trunking)
    assert.is_false(t.trunking_supported)
    assert.equal(8, t.vcpus)
    assert.equal(16384, t.memory_mib)
    assert.equal(2, t.network_cards)
    assert.is_true(t.flags.describe)
    -- a known type keeps its ECS trunking columns and gains vCPUs and memory
    local c = db:instance("c5.large")
    assert.equal(10, c.awsvpc_tasks_with_trunking)
    assert.equal(2, c.vcpus)
    assert.equal(4096, c.memory_mib)
  end)

  it("keeps loaded rows per database, never global", function()
    local db = ecsnet.instance_db()
    db:load(describe_output)
    assert.is_table(db:instance("c9.huge"))
    assert.same({ nil, "unknown instance type 'c9.huge'" }, { ecsnet.instance("c9.huge") })
    assert.same({ nil, "unknown instance type 'c9.huge'" }, { ecsnet.instance_db():instance("c9.huge") })
  end)

  it("overrides and extends from the data file's format (tables too)", function()
    local db = ecsnet.instance_db()
    assert.equal(2, db:load { instance_types = {
      { instance_type = "c5.large", awsvpc_tasks_with_trunking = 12 },
      { instance_type = "x9.small", max_enis = 4, ipv4_per_eni = 6 },
    } })
    assert.equal(12, db:instance("c5.large").awsvpc_tasks_with_trunking)
    assert.equal(2, db:instance("c5.large").awsvpc_tasks_without_trunking)
    local x = db:instance("x9.small")
    assert.equal(3, x.awsvpc_tasks_without_trunking)
    assert.is_true(x.flags.computed)
    assert.is_nil(x.ipv6_per_eni)
    assert.equal(10, ecsnet.instance("c5.large").awsvpc_tasks_with_trunking)
    local names = db:instance_types()
    assert.equal(1400, #names)
  end)

  it("loads into this lua_State's own data with ecsnet.load_instances", function()
    assert.equal(1, ecsnet.load_instances('{"instance_type": "zz.test", "max_enis": 2, "ipv4_per_eni": 4}'))
    assert.equal(1, ecsnet.instance("zz.test").awsvpc_tasks_without_trunking)
    assert.equal(1400, #ecsnet.instance_types())
    local d = assert(ecsnet.density { instance = "zz.test" })
    assert.equal(1, d.tasks)
  end)

  it("rejects bad data with a message, all or nothing", function()
    local db = ecsnet.instance_db()
    local cases = {
      { "{", "not valid JSON" },
      { "[1]", "row 1 is not an object" },
      { '{"x": 1}', "expected instance data" },
      { '[{"instance_type": "a.b", "max_enis": -1, "ipv4_per_eni": 2}]', "'max_enis' must be a whole number" },
      { '[{"instance_type": "a.b", "max_enis": 2.5, "ipv4_per_eni": 2}]', "'max_enis' must be a whole number" },
      { '[{"instance_type": "a.b"}]', "is new: give at least" },
      { '[{"instance_type": "c5.large", "trunking_supported": "yes"}]', "must be true or false" },
      { '{"InstanceTypes": [{"InstanceType": "q.x", "NetworkInfo": {}}]}', "MaximumNetworkInterfaces" },
      { '{"InstanceTypes": [{"InstanceType": "q.x"}]}', "'NetworkInfo' is missing" },
    }
    for _, c in ipairs(cases) do
      local ok, err = db:load(c[1])
      assert.is_nil(ok, c[1])
      assert.matches(c[2], err, 1, true)
    end
    assert.same({ nil, "row 2 needs 'instance_type' (a string)" },
      { db:load('[{"instance_type": "ok.one", "max_enis": 2, "ipv4_per_eni": 2}, {"instance_type": 3}]') })
    assert.equal(0, db:count())
    assert.is_nil(db:instance("ok.one"))
  end)

  it("names the row that lacks its type (1-based, counting rows that repeat a name)", function()
    local db = ecsnet.instance_db()
    local good = '{"instance_type": "ok.one", "max_enis": 2, "ipv4_per_eni": 2}'
    assert.same({ nil, "row 3 needs 'instance_type' (a string)" },
      { db:load("[" .. good .. ", " .. good .. ', {"max_enis": 2}]') })
    assert.same({ nil, "row 3 is not an object" }, { db:load("[" .. good .. ", " .. good .. ", 5]") })
    assert.same({ nil, "row 2 needs 'instance_type' (a string)" },
      { db:load { instance_types = { { instance_type = "ok.one", max_enis = 2, ipv4_per_eni = 2 },
                                     { max_enis = 1 } } } })
    assert.same({ nil, "row 1 needs 'instance_type' (a string)" }, { db:load('{"instance_type": 3}') })
    assert.same({ nil, "row 2 needs 'InstanceType' (a name of 1 to 63 bytes)" },
      { db:load('{"InstanceTypes": [{"InstanceType": "q.x", "NetworkInfo": {"MaximumNetworkInterfaces": 2, '
        .. '"Ipv4AddressesPerInterface": 2}}, {}]}') })
    assert.equal(0, db:count())
  end)

  it("locates a JSON error by line and column, counting characters as for task definitions", function()
    assert.same({ nil, "instance data is not valid JSON (near line 1, column 1)" }, { ecsnet.load_instances("{") })
    assert.same({ nil, "instance data is not valid JSON (near line 3, column 8)" },
      { ecsnet.load_instances('{\n  "instance_type": "c5.large",\n  "x": ]\n}') })
    -- "\195\169" (e acute) is two bytes and one column
    assert.same({ nil, "instance data holds \\u0000 at line 2, column 23: a NUL character in a string is not "
                       .. "accepted" },
      { ecsnet.load_instances('[\n  {"instance_type": "\195\169\\u0000"}\n]') })
  end)

  it("raises for misuse", function()
    assert.has_error(function() ecsnet.load_instances(42) end)
    assert.has_error(function() ecsnet.instance_db().load(nil, "{}") end)
  end)

  it("survives many databases and the collector", function()
    for _ = 1, 200 do
      local db = ecsnet.instance_db()
      db:load(describe_output)
    end
    collectgarbage()
    collectgarbage()
    assert.matches("^ecsnet.instdb", tostring(ecsnet.instance_db()))
  end)
end)

describe("instance data 2026: tiers, dates, network cards", function()
  it("answers for today's types: m7i, c7i, r7i, m7a, c8g, m8g, r8g, c9g", function()
    for _, n in ipairs { "m7i.large", "c7i.large", "r7i.large", "m7a.large", "c8g.large", "m8g.large",
                         "r8g.large", "c9g.large" } do
      local t = assert(ecsnet.instance(n), n)
      assert.equal(3, t.max_enis, n)
      assert.equal(2, t.awsvpc_tasks_without_trunking, n)
      assert.equal("2026-08-02", t.date, n)
    end
  end)

  it("m7i.large: EC2's numbers, an estimated trunking limit that says so", function()
    local t = ecsnet.instance("m7i.large")
    assert.equal(10, t.ipv4_per_eni)
    assert.equal(10, t.ipv6_per_eni)
    assert.equal(1, t.network_cards)
    assert.is_true(t.trunking_supported)
    assert.equal(10, t.awsvpc_tasks_with_trunking)
    assert.equal("estimated", t.trunk_tier)
    assert.matches("EKS trunking", t.trunk_basis, 1, true)
    assert.is_false(t.anomalous)
  end)

  it("an unknown tier has no with-trunking figure and is not called supported", function()
    local t = ecsnet.instance("c8gb.48xlarge")
    assert.equal("unknown", t.trunk_tier)
    assert.is_nil(t.awsvpc_tasks_with_trunking)
    assert.is_false(t.trunking_supported)
    assert.equal(24, t.max_enis)
    assert.equal(2, t.network_cards)
    assert.matches("98 branch interfaces", t.trunk_basis, 1, true)
  end)

  it("keeps every 2023 figure, documented; c6in.32xlarge keeps ECS's 13 and flags EC2's 16", function()
    local t = ecsnet.instance("c6in.32xlarge")
    assert.equal("documented", t.trunk_tier)
    assert.is_nil(t.trunk_basis)
    assert.equal(14, t.max_enis)
    assert.equal(13, t.awsvpc_tasks_without_trunking)
    assert.equal(2, t.network_cards)
    assert.is_true(t.flags.newer_data)
  end)

  it("exposes the data's date and the method's measured agreement", function()
    assert.equal("2026-08-06", require("ecsnet.core").instance_data_date)
    local info = require("ecsnet.core").instance_data()
    assert.equal("2026-08-06", info.date)
    assert.equal(1399, info.count)
    assert.same({ documented = 648, estimated = 465, unknown = 286 }, info.tiers)
    assert.matches("382 of 384", info.estimate, 1, true)
    assert.matches("99.5% exact", info.estimate, 1, true)
  end)

  it("writes the method, its agreement and each number's source into the data file", function()
    local f = assert(io.open("data/instance-types.json", "rb"))
    local text = f:read("*a")
    f:close()
    assert.matches('"date": "2026-08-06"', text, 1, true)
    assert.matches('"leave_one_family_out_rate": 99.5', text, 1, true)
    assert.matches('"leave_one_family_out_agree": 382', text, 1, true)
    assert.matches('"awsvpc_tasks_with_trunking": "estimate"', text, 1, true)
    assert.matches('"ec2-2026": {', text, 1, true)
  end)

  it("reads the tier of a loaded row: given, 'user' for a trunking figure, else unknown", function()
    local db = ecsnet.instance_db()
    assert.equal(3, db:load { instance_types = {
      { instance_type = "m7i.large", awsvpc_tasks_with_trunking = 12 },
      { instance_type = "x9.small", max_enis = 4, ipv4_per_eni = 6 },
      { instance_type = "x9.large", max_enis = 4, ipv4_per_eni = 6, trunk_tier = "estimated",
        trunking_supported = true, awsvpc_tasks_with_trunking = 20, trunk_basis = "my estimate" },
    } })
    local m = db:instance("m7i.large")
    assert.equal("user", m.trunk_tier)
    assert.equal(12, m.awsvpc_tasks_with_trunking)
    assert.equal("unknown", db:instance("x9.small").trunk_tier)
    assert.is_false(db:instance("x9.small").trunking_supported)
    assert.equal("estimated", db:instance("x9.large").trunk_tier)
    assert.equal("my estimate", db:instance("x9.large").trunk_basis)
    assert.same({ nil, "instance type 'q.r': 'trunk_tier' must be \"documented\", \"estimated\", "
                       .. "\"unknown\" or \"user\"" },
      { db:load { instance_type = "q.r", max_enis = 2, ipv4_per_eni = 2, trunk_tier = "sure" } })
    assert.same({ nil, "instance type 'q.r': 'trunk_basis' must be a string" },
      { db:load { instance_type = "q.r", max_enis = 2, ipv4_per_eni = 2, trunk_basis = 3 } })
  end)

  it("a new type from describe-instance-types output is unknown, not 'not supported'", function()
    local db = ecsnet.instance_db()
    assert.equal(1, db:load('{"InstanceTypes": [{"InstanceType": "c99.huge", "NetworkInfo": '
      .. '{"MaximumNetworkInterfaces": 4, "Ipv4AddressesPerInterface": 15}}]}'))
    local d = assert(db:density { instance = "c99.huge", trunking = true })
    assert.equal("unknown", d.trunk_tier)
    assert.matches("describe%-instance%-types", d.trunk_message)
    assert.is_nil(d.trunking.reasons[1]:find("choose a supported type", 1, true))
  end)
end)
