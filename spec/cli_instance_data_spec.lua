-- `--instance-data FILE` on the commands that consult instance data, and a
-- plan's own `instance_data` rows (docs/reference.md §3.4: instance data is
-- compiled in and can be extended at run time from describe-instance-types
-- output or the data file's format; docs/plan-format.md).
local ecsnet = require "ecsnet"
local h = require "cli_helper"
local run = h.run

local F = "spec/fixtures/instdata/"
local DESCRIBE = F .. "describe-z9.json"   -- a fictional type, in describe-instance-types' shape
local ROWS = F .. "rows-z9.json"           -- the same type with an ECS trunking limit

describe("--instance-data FILE", function()
  it("density: a type only the file has answers with the file's EC2 figures and an unknown trunking tier", function()
    local code, out, err = run { "density", "z9q.large" }
    assert.equals(2, code)
    assert.equals("", out)
    assert.equals("ecsnet density: unknown instance type 'z9q.large'\n", err)
    code, out, err = run { "density", "z9q.large", "--instance-data", DESCRIBE }
    assert.equals(0, code, err)
    assert.matches("^z9q%.large: 4 ENIs, 10 IPv4 and 10 IPv6 addresses per ENI; ENI trunking support unknown\n", out)
    assert.matches("3 without trunking, - with trunking", out, 1, true)
    code, out = run { "density", "z9q.large", "--instance-data", DESCRIBE, "--format", "json" }
    assert.equals(0, code)
    local t = h.decode(out)
    assert.equals("unknown", t.instance.trunk_tier)
    assert.equals(3, t.without_trunking.tasks)
  end)

  it("density: the data file's own format, with a trunking limit the user gives (tier user)", function()
    local code, out, err = run { "density", "z9q.large", "--instance-data", ROWS, "--trunking", "--count", "12" }
    assert.equals(0, code, err)
    assert.matches("ENI trunking supported (user)", out, 1, true)
    assert.matches("3 without trunking, 12 with trunking", out, 1, true)
    code = run { "density", "z9q.large", "--instance-data", ROWS, "--trunking", "--count", "13" }
    assert.equals(1, code)
  end)

  it("density: the file's rows replace a built-in type's figures for the run", function()
    local f = h.tmpdir() .. "/c5.json"
    h.write_file(f, '[{"instance_type": "c5.large", "awsvpc_tasks_with_trunking": 7}]')
    local code, out = run { "density", "c5.large", "--instance-data", f, "--trunking" }
    assert.equals(0, code)
    assert.matches("2 without trunking, 7 with trunking", out, 1, true)
    code, out = run { "density", "c5.large", "--trunking" }
    assert.equals(0, code)
    assert.matches("2 without trunking, 10 with trunking", out, 1, true)
    h.cleanup()
  end)

  it("plan: the file supplies the plan's instance type; the plan says the limit is the user's", function()
    local code, out, err = run { "plan", F .. "plan-z9.json" }
    assert.equals(1, code, err)
    assert.matches("PLAN_UNKNOWN_INSTANCE", out, 1, true)
    assert.matches("--instance-data FILE", out, 1, true)
    code, out, err = run { "plan", F .. "plan-z9.json", "--instance-data", ROWS }
    assert.equals(0, code, err)
    assert.matches("^plan: fits on z9q%.large, trunking applies\n", out)
    assert.matches("instances needed 2\n", out, 1, true)   -- 24 tasks, 12 per instance
    assert.matches("info PLAN_TRUNK_USER /trunking:", out, 1, true)
  end)

  it("refuses a bad file on every command with one line naming the option, exit 2", function()
    local bad = { "spec/fixtures/cli/malformed.json", "spec/fixtures/no/such.json", "bin", "/dev/null" }
    local cmds = {
      { "density", "c5.large" }, { "plan", "examples/plans/default-vpc.json" },
      { "ports", "spec/fixtures/cli/bridge-dynamic.json" }, { "check", "spec/fixtures/cli/good-fargate.json" },
    }
    for _, c in ipairs(cmds) do
      for _, b in ipairs(bad) do
        local argv = { c[1], c[2], "--instance-data", b }
        local code, out, err = run(argv)
        assert.equals(2, code, table.concat(argv, " "))
        assert.equals("", c[1] == "check" and "" or out)
        assert.matches("^ecsnet " .. c[1] .. ": %-%-instance%-data '", err)
        assert.equals(1, select(2, err:gsub("\n", "")))
      end
    end
    -- a row the loader refuses names the row and field
    local f = h.tmpdir() .. "/bad.json"
    h.write_file(f, '[{"instance_type": "c5.large", "max_enis": -3}]')
    local code, _, err = run { "density", "c5.large", "--instance-data", f }
    assert.equals(2, code)
    assert.matches("max_enis", err, 1, true)
    h.cleanup()
  end)

  it("a good file changes nothing on ports and check (they read no instance figures)", function()
    local a = { run { "ports", "spec/fixtures/cli/bridge-dynamic.json" } }
    local b = { run { "ports", "spec/fixtures/cli/bridge-dynamic.json", "--instance-data", DESCRIBE } }
    assert.same(a, b)
    a = { run { "check", "spec/fixtures/cli/good-fargate.json" } }
    b = { run { "check", "spec/fixtures/cli/good-fargate.json", "--instance-data", DESCRIBE } }
    assert.same(a, b)
  end)

  it("loads into the run's own database, not the module's (an in-process run leaves no rows behind)", function()
    local cli = require "ecsnet.cli"
    local sink = { write = function(self) return self end }
    local code = cli.main({ "density", "z9q.large", "--instance-data", DESCRIBE },
      { stdout = sink, stderr = sink, isatty = function() return false end })
    assert.equals(0, code)
    assert.is_nil((ecsnet.instance("z9q.large")))
  end)
end)

describe("a plan's own instance_data rows (docs/plan-format.md)", function()
  local function plan(extra)
    local p = {
      instance_type = "z9q.large", trunking = true,
      subnets = { { az = "a", cidr = "10.0.0.0/24" } },
      services = { { name = "web", desired_count = 12, maximum_percent = 100 } },
    }
    for k, v in pairs(extra or {}) do p[k] = v end
    return assert(ecsnet.plan(p))
  end
  local function codes(r)
    local t = {}
    for _, f in ipairs(r.findings) do t[f.code] = f end
    return t
  end

  it("rows embedded in the data file's format define the type, as a Lua table and as JSON text", function()
    local rows = { { instance_type = "z9q.large", max_enis = 4, ipv4_per_eni = 10, ipv6_per_eni = 10,
      trunking_supported = true, awsvpc_tasks_with_trunking = 12 } }
    local r = plan { instance_data = rows }
    assert.is_true(r.ok)
    assert.equals("z9q.large", r.instance)
    assert.equals(1, r.instances.needed)
    assert.truthy(codes(r).PLAN_TRUNK_USER)
    local text = h.read_file("spec/fixtures/instdata/plan-z9.json"):gsub("^{",
      '{ "instance_data": ' .. h.read_file(ROWS) .. ",")
    r = assert(ecsnet.plan_json(text))
    assert.is_true(r.ok)
    assert.equals(2, r.instances.needed)
  end)

  it("describe-instance-types output embedded: EC2 figures, trunking unknown, so trunking does not apply", function()
    local cjson = require "cjson"
    local r = plan { instance_data = cjson.decode(h.read_file(DESCRIBE)) }
    assert.equals("z9q.large", r.instance)
    assert.is_false(r.trunking.applies)
    assert.truthy(codes(r).PLAN_NO_TRUNKING)
    assert.equals(4, r.instances.needed)   -- 12 tasks, 3 per instance without trunking
  end)

  it("the plan's rows come before the caller's database and the compiled data", function()
    local db = ecsnet.instance_db()
    assert(db:load('[{"instance_type": "c5.large", "awsvpc_tasks_with_trunking": 4}]'))
    local p = { instance_type = "c5.large", trunking = true, subnets = { "10.0.0.0/24" },
      services = { { desired_count = 12, maximum_percent = 100 } } }
    assert.equals(3, assert(db:plan(p)).instances.needed)
    p.instance_data = { { instance_type = "c5.large", awsvpc_tasks_with_trunking = 6 } }
    assert.equals(2, assert(db:plan(p)).instances.needed)
    p.instance_data = nil
    assert.equals(2, assert(ecsnet.plan(p)).instances.needed)   -- 10 per c5.large, documented
  end)

  it("a file name, or rows the loader refuses, is a PLAN_INSTANCE_DATA error", function()
    local r = plan { instance_data = "describe.json" }
    assert.is_false(r.ok)
    assert.matches("not a file name", codes(r).PLAN_INSTANCE_DATA.message, 1, true)
    assert.equals("/instance_data", codes(r).PLAN_INSTANCE_DATA.pointer)
    r = plan { instance_data = { { instance_type = "z9q.large", max_enis = -1 } } }
    assert.is_false(r.ok)
    assert.matches("max_enis", codes(r).PLAN_INSTANCE_DATA.message, 1, true)
    assert.truthy(codes(r).PLAN_UNKNOWN_INSTANCE)
  end)
end)

describe("ecsnet.explain_eni with a database of its own (option db)", function()
  it("looks the type up there, and refuses a db that is not an ecsnet.instdb", function()
    local db = ecsnet.instance_db()
    assert(db:load(h.read_file(ROWS)))
    local r = assert(ecsnet.explain_eni { instance = "z9q.large", tasks = 13, trunking = true, db = db })
    assert.is_true(r.fails)
    assert.equals(12, r.limit)
    assert.same({ nil, "unknown instance type 'z9q.large'" }, { ecsnet.explain_eni { instance = "z9q.large" } })
    assert.has_error(function() ecsnet.explain_eni { instance = "c5.large", db = {} } end)
  end)
end)

describe("--trunk-tasks N (the user's own trunking limit, tier user; docs/reference.md §3.3)", function()
  it("density: replaces an estimated figure for the run and says it is the user's", function()
    local code, out = run { "density", "m8g.large", "--trunking" }
    assert.equals(0, code)
    assert.matches("ENI trunking supported (estimated)", out, 1, true)
    code, out = run { "density", "m8g.large", "--trunking", "--trunk-tasks", "12", "--count", "12" }
    assert.equals(0, code)
    assert.matches("ENI trunking supported (user)", out, 1, true)
    assert.matches("2 without trunking, 12 with trunking", out, 1, true)
    -- a type whose support is unknown becomes a trunking type with the given limit
    code, out = run { "density", "z9q.large", "--instance-data", DESCRIBE, "--trunk-tasks", "6", "--trunking" }
    assert.equals(0, code)
    assert.matches("3 without trunking, 6 with trunking", out, 1, true)
  end)

  it("plan: applies to the plan's instance type (PLAN_TRUNK_USER)", function()
    local code, out = run { "plan", "examples/plans/default-vpc.json", "--trunk-tasks", "5" }
    assert.equals(0, code)
    assert.matches("instances needed 1,380\n", out, 1, true)   -- 6,900 tasks at the peak, 5 per c5.large
    assert.matches("on c5.large (5) comes from the instance data loaded at run time", out, 1, true)
  end)

  it("refuses 0, a non-number and an unknown type with one line naming the option, exit 2", function()
    for _, argv in ipairs {
      { "density", "c5.large", "--trunk-tasks", "0" }, { "density", "c5.large", "--trunk-tasks", "x" },
      { "plan", "examples/plans/default-vpc.json", "--trunk-tasks", "10001" },
    } do
      local code, out, err = run(argv)
      assert.equals(2, code)
      assert.equals("", out)
      assert.matches("'--trunk-tasks'", err, 1, true)
    end
    local code, _, err = run { "plan", "spec/fixtures/instdata/plan-z9.json", "--trunk-tasks", "4" }
    assert.equals(2, code)
    assert.matches("^ecsnet plan: %-%-trunk%-tasks: the plan names no instance type the data knows\n$", err)
  end)
end)
