-- this part: hostile input at every door. One spec per defect the issue
-- names; the systematic sweep is in sweep_cli_spec.lua / sweep_api_spec.lua.
local h = require "cli_helper"
local ecsnet = require "ecsnet"

local TD = "spec/fixtures/cli/good-fargate.json"

-- the exit status, stdout and stderr of a run, with a check that no
-- traceback or internal error reached stderr
local function run(args, o)
  local code, out, err = h.run(args, o)
  assert.not_matches("internal error", err, 1, true)
  assert.not_matches("traceback", err, 1, true)
  return code, out, err
end

describe("hostile: counts past 2^53", function()
  for _, k in ipairs { "18446744073709551616", "9223372036854775807", "9007199254740993" } do
    it("cidr split --parts " .. k .. " answers at once with a usage error", function()
      local code, _, err = run { "cidr", "split", "10.0.0.0/16", "--parts", k }
      assert.equals(2, code)
      assert.matches("'--parts' must be at most 9007199254740992", err, 1, true)
    end)
  end

  it("density --count 99999999999999999999 is a usage error", function()
    local code, _, err = run { "density", "c5.large", "--count", "99999999999999999999" }
    assert.equals(2, code)
    assert.matches("'--count' must be between 0 and 1000000000000000", err, 1, true)
  end)

  it("density --cpu/--memory of 40 digits are usage errors naming the option", function()
    local forty = string.rep("1234567890", 4)
    local code, _, err = run { "density", "c5.large", "--cpu", forty, "--memory", forty,
      "--instance-cpu", "4096", "--instance-memory", "8192" }
    assert.equals(2, code)
    assert.matches("^ecsnet density: '%-%-cpu' must be between 1 and", err)
    assert.equals(1, select(2, err:gsub("\n", "")))
  end)
end)

describe("hostile: reserved port lists over 100 ports", function()
  it("check --reserved-ports 30000-30200 is a usage error", function()
    local code, _, err = run { "check", "--reserved-ports", "30000-30200", TD }
    assert.equals(2, code)
    assert.matches("'--reserved-ports' lists more than 100 ports", err, 1, true)
  end)

  it("check --reserved-udp-ports 1-200 is a usage error", function()
    local code, _, err = run { "check", "--reserved-udp-ports", "1-200", TD }
    assert.equals(2, code)
    assert.matches("'--reserved-udp-ports' lists more than 100 ports", err, 1, true)
  end)

  it("100 ports are still taken", function()
    local code = run { "check", "--reserved-ports", "30000-30099", TD }
    assert.equals(0, code)
  end)
end)

describe("hostile: Lua functions", function()
  it("explain_eni{tasks = 1e20} returns nil and a message", function()
    local r, err = ecsnet.explain_eni { instance = "c5.large", tasks = 1e20 }
    assert.is_nil(r)
    assert.matches("'tasks' must be at most", err, 1, true)
  end)

  it("explain_eni{tasks = 0/0} returns nil and a message", function()
    local r, err = ecsnet.explain_eni { instance = "c5.large", tasks = 0 / 0 }
    assert.is_nil(r)
    assert.matches("'tasks'", err, 1, true)
  end)

  it("plan_text(nil) raises bad argument naming plan_text", function()
    local ok, err = pcall(ecsnet.plan_text, nil)
    assert.is_false(ok)
    assert.matches("bad argument #1 to 'plan_text'", err, 1, true)
  end)

  it("deployment{} names what is missing, not another function", function()
    local r, err = ecsnet.deployment {}
    assert.is_nil(r)
    assert.equals("deployment: 'desired' is required", err)
  end)

  it("deployment without a task definition says so", function()
    local r, err = ecsnet.deployment { desired = 2, instances = 1 }
    assert.is_nil(r)
    assert.matches("'taskdef' is required", err, 1, true)
  end)

  it("deployment{desired = 1e300} returns nil and a message", function()
    local r, err = ecsnet.deployment { desired = 1e300, instances = 1, copies_per_instance = 1 }
    assert.is_nil(r)
    assert.matches("'desired' must be at most", err, 1, true)
  end)
end)

describe("hostile: reads are bounded while reading", function()
  after_each(h.cleanup)

  it("a *.json link to /dev/zero in a folder is skipped, counted, never read", function()
    local dir = h.tmpdir()
    assert(os.execute("ln -s /dev/zero " .. h.quote(dir .. "/zero.json")))
    h.write_file(dir .. "/web.json", h.read_file(TD))
    local code, out = run { "check", dir }
    assert.equals(0, code)
    assert.matches("1 file checked (skipped: 1 special file (device, FIFO, socket or dangling link))", out, 1, true)
  end)

  it("a FIFO in a folder is skipped, not waited on", function()
    local dir = h.tmpdir()
    assert(os.execute("mkfifo " .. h.quote(dir .. "/pipe.json")))
    h.write_file(dir .. "/web.json", h.read_file(TD))
    local t0 = os.time()
    local code = run { "check", dir }
    assert.equals(0, code)
    assert.is_true(os.time() - t0 <= 3)
  end)

  it("the walk without LuaFileSystem (find) skips the same special files", function()
    local walk = require "ecsnet.cli.walk"
    local dir = h.tmpdir()
    assert(os.execute("ln -s /dev/zero " .. h.quote(dir .. "/zero.json")))
    assert(os.execute("ln -s /nonexistent " .. h.quote(dir .. "/dangling.json")))
    h.write_file(dir .. "/web.json", "{}")
    local files, skipped, _, special = walk.json_files_find(dir)
    assert.same({ dir .. "/web.json" }, files)
    assert.same({ 0, 2 }, { skipped, special })
  end)

  it("/dev/zero named on the command line is too large, at once", function()
    local code, _, err = run { "check", "/dev/zero" }
    assert.equals(3, code)   -- an input that could not be read
    assert.matches("/dev/zero: cannot check: document too large: more than the limit of 1048576 bytes", err, 1, true)
  end)

  it("/dev/zero as a plan, a density or ports input is too large", function()
    for _, args in ipairs { { "plan", "/dev/zero" }, { "density", "c5.large", "/dev/zero" },
                            { "ports", "/dev/zero" } } do
      local code, _, err = run(args)
      assert.equals(2, code)
      assert.matches("/dev/zero: document too large", err, 1, true)
    end
  end)

  it("3 MB on stdin stops at the limit", function()
    local code, _, err = run({ "check", "-" }, { stdin = string.rep(" ", 3 * 1024 * 1024) })
    assert.equals(3, code)
    assert.matches("<stdin>: cannot check: document too large: more than the limit of 1048576 bytes", err, 1, true)
  end)

  it("a regular file over the limit is told with its size, unread", function()
    local dir = h.tmpdir()
    h.write_file(dir .. "/big.json", string.rep(" ", 2 * 1024 * 1024))
    local code, _, err = run { "check", dir .. "/big.json" }
    assert.equals(3, code)
    assert.matches("document too large: 2097152 bytes, more than the limit of 1048576 (--max-bytes)", err, 1, true)
  end)
end)

describe("hostile: silent passes", function()
  after_each(h.cleanup)

  it("an empty folder exits 2 and says nothing was checked", function()
    local dir = h.tmpdir()
    local code, _, err = run { "check", dir }
    assert.equals(2, code)
    assert.matches("nothing to check in " .. dir .. ": no JSON files found", err, 1, true)
  end)

  it("a folder of YAML only exits 2; SARIF says the run did not succeed", function()
    local dir = h.tmpdir()
    h.write_file(dir .. "/task.yaml", "family: web\n")
    local code, out = run { "check", "--format", "sarif", dir }
    assert.equals(2, code)
    local log = h.decode(out)
    assert.is_false(log.runs[1].invocations[1].executionSuccessful)
    assert.matches("nothing to check", log.runs[1].invocations[1].toolExecutionNotifications[1].message.text, 1, true)
  end)

  it("a folder whose JSON holds no task definition exits 2; JSON says ok false", function()
    local dir = h.tmpdir()
    h.write_file(dir .. "/package.json", '{"name": "x"}')
    local code, out = run { "check", "--format", "json", dir }
    assert.equals(2, code)
    local doc = h.decode(out)
    assert.is_false(doc.summary.ok)
    assert.is_true(doc.summary.nothing_checked)
  end)

  it("a CloudFormation stack without a task definition is skipped and counted in a walk", function()
    local dir = h.tmpdir()
    h.write_file(dir .. "/vpc.json", '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": ' ..
      '{"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}}}')
    h.write_file(dir .. "/web.json", h.read_file(TD))
    local code, out = run { "check", dir }
    assert.equals(0, code)
    assert.matches("1 file checked (skipped: 1 without a task definition)", out, 1, true)
  end)

  it("the same stack named on the command line is an input error (exit 3)", function()
    local dir = h.tmpdir()
    h.write_file(dir .. "/vpc.json", '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}')
    local code = run { "check", dir .. "/vpc.json" }
    assert.equals(3, code)
  end)
end)

describe("hostile: messages", function()
  it("'cannot check' goes to stderr, and the summary does not count the file as checked", function()
    local code, out, err = run { "check", "spec/fixtures/cli/nope.json", TD }
    assert.equals(3, code)
    assert.not_matches("cannot check", out, 1, true)
    assert.matches("^ecsnet: spec/fixtures/cli/nope.json: cannot check: cannot open", err)
    assert.equals("1 file checked; 1 task definition; 0 errors, 0 warnings; 1 file could not be checked\n", out)
  end)
end)

describe("hostile: security-group sources use the core's strict CIDR parser", function()
  local bad = {
    ["::/129"] = "prefix length out of range",
    ["010.0.0.0/8"] = "leading zero in octet '010'",
    ["10.0.0.1/24"] = "host bits are set (did you mean 10.0.0.0/24?)",
  }
  for src, why in pairs(bad) do
    it("ecsnet.ingress refuses " .. src, function()
      local r, err = ecsnet.ingress(h.read_file("spec/fixtures/cli/bridge-dynamic.json"), { source = src })
      assert.is_nil(r)
      local want = "ingress: source '" .. src .. "': " .. why
      assert.equals(want, err:sub(1, #want))
    end)

    it("ecsnet ports --source " .. src .. " is exit 2, as ecsnet cidr is", function()
      local code, out, err = run { "ports", "spec/fixtures/cli/bridge-dynamic.json", "--source", src }
      assert.equals(2, code)
      assert.equals("", out)
      assert.matches(why, err, 1, true)
      assert.equals(2, (run { "cidr", "info", src }))
    end)
  end

  it("still takes a good CIDR and a security group", function()
    for _, src in ipairs { "10.0.0.0/8", "2001:db8::/32", "sg-0123abcd" } do
      local r = assert(ecsnet.ingress(h.read_file("spec/fixtures/cli/bridge-dynamic.json"), { source = src }))
      assert.equals(src, r.rules[1].source)
    end
  end)
end)

describe("hostile: plans with unknown keys", function()
  local function plan(extra_top, extra_service, extra_subnet)
    local p = { instance_type = "c5.large", subnets = { { cidr = "10.0.0.0/24", az = "a" } },
      services = { { name = "web", desired_count = 2 } } }
    for k, v in pairs(extra_top or {}) do p[k] = v end
    for k, v in pairs(extra_service or {}) do p.services[1][k] = v end
    for k, v in pairs(extra_subnet or {}) do p.subnets[1][k] = v end
    return p
  end

  local function unknown(r)
    local out = {}
    for _, f in ipairs(r.findings) do
      if f.code == "PLAN_UNKNOWN_FIELD" then out[#out + 1] = f.pointer .. " " .. f.message end
    end
    return out
  end

  it("'trunkng' in a Lua table is an error with a suggestion, and the plan does not fit", function()
    assert.is_true(ecsnet.plan(plan()).ok)
    local r = ecsnet.plan(plan { trunkng = true })
    assert.is_false(r.ok)
    assert.same({ "/trunkng unknown key 'trunkng' (did you mean 'trunking'?); plans have no such setting, " ..
      "so it would be ignored" }, unknown(r))
  end)

  it("the same from JSON text", function()
    local r = ecsnet.plan_json('{"instance_type": "c5.large", "trunkng": true, "subnets": ["10.0.0.0/24"], ' ..
      '"services": [{"name": "web", "desired_count": 2}]}')
    assert.is_false(r.ok)
    assert.equals(1, #unknown(r))
  end)

  it("in a service and in a subnet, with JSON Pointer paths", function()
    local r = ecsnet.plan(plan(nil, { desired_cuont = 3, ["a/b~c"] = 1 }, { rol = "hosts" }))
    table.sort(r.findings, function(a, b) return a.pointer < b.pointer end)
    local got = unknown(r)
    table.sort(got)
    assert.equals(3, #got)
    assert.matches("^/services/0/a~1b~0c unknown key 'a/b~c'; plans have no such setting", got[1])
    assert.matches("^/services/0/desired_cuont unknown key 'desired_cuont' %(did you mean 'desired_count'%?%)", got[2])
    assert.matches("^/subnets/0/rol unknown key 'rol' %(did you mean 'role'%?%)", got[3])
  end)

  it("takes description and comment at every level", function()
    local r = ecsnet.plan(plan({ description = "x" }, { comment = "y" }, { description = "z" }))
    assert.same({}, unknown(r))
    assert.is_true(r.ok)
  end)

  it("ecsnet plan exits 1 for a misspelt key", function()
    local dir = h.tmpdir()
    h.write_file(dir .. "/p.json", '{"instance_type": "c5.large", "trunkng": true, "subnets": ["10.0.0.0/24"], ' ..
      '"services": [{"name": "web", "desired_count": 2}]}')
    local code, out = run { "plan", dir .. "/p.json" }
    assert.equals(1, code)
    assert.matches("did you mean 'trunking'", out, 1, true)
    h.cleanup()
  end)
end)

describe("hostile: the HTTP helpers", function()
  local http = require "ecsnet.http"
  local valid = h.read_file("spec/fixtures/http/register-valid.json")

  it("an unknown query argument to validate is a 400 naming it", function()
    local status, body = http.validate(valid, { shpe = "terraform" })
    assert.equals(400, status)
    assert.equals("unknown query argument 'shpe' (expected launch_type, os or shape)",
      h.decode(body).error)
  end)

  it("plan and contains refuse unknown arguments too", function()
    local status, body = http.plan(h.read_file("examples/plans/default-vpc.json"), { trunking = "true" })
    assert.equals(400, status)
    assert.equals("unknown query argument 'trunking' (this endpoint takes none)", h.decode(body).error)
    status, body = http.contains({}, { set = "private", ip = "10.0.0.1", verbose = "1" })
    assert.equals(400, status)
    assert.matches("unknown query argument 'verbose'", h.decode(body).error, 1, true)
  end)

  it("quotes bytes that are not UTF-8 as \\xHH, so the answer stays JSON", function()
    local status, body = http.validate(valid, { launch_type = "\255\0" })
    assert.equals(400, status)
    assert.equals("unknown launch_type '\\xFF\\x00' (expected EC2, FARGATE, EXTERNAL or MANAGED_INSTANCES)",
      h.decode(body).error)
  end)

  it("known arguments still work", function()
    assert.equals(200, (http.validate(valid, { os = "linux", launch_type = "ec2" })))
  end)
end)

describe("hostile: messages for values too large", function()
  it("density{cpu = 1e20} says the value is too large, not that it is below 0", function()
    local r, err = ecsnet.density { instance = "c5.large", cpu = 1e20 }
    assert.is_nil(r)
    assert.equals("'cpu' must be a number from 0 to 1000000000000000 (10^15), got 1e+20", err)
    r, err = ecsnet.density { instance = "c5.large", instance_memory = math.huge }
    assert.is_nil(r)
    assert.matches("'instance_memory' must be a number from 0 to", err, 1, true)
  end)
end)

describe("hostile: cidr:reverse() is the prefix's zone", function()
  local cases = {
    { "10.0.0.0/24", "0.0.10.in-addr.arpa" },
    { "10.0.0.0/8", "10.in-addr.arpa" },
    { "10.0.16.0/20", "0.10.in-addr.arpa" },
    { "1.2.3.4/32", "4.3.2.1.in-addr.arpa" },
    { "0.0.0.0/0", "in-addr.arpa" },
    { "2001:db8::/32", "8.b.d.0.1.0.0.2.ip6.arpa" },
    { "2001:db8:abcd:12::/63", "1.0.0.d.c.b.a.8.b.d.0.1.0.0.2.ip6.arpa" },
    { "::/0", "ip6.arpa" },
    { "2001:db8::1/128", string.rep("0.", 23):gsub("^", "1.") .. "8.b.d.0.1.0.0.2.ip6.arpa" },
  }
  for _, c in ipairs(cases) do
    it(c[1] .. " -> " .. c[2], function()
      assert.equals(c[2], ecsnet.cidr(c[1]):reverse())
    end)
  end

  it("ecsnet cidr info prints the zone", function()
    local code, out = run { "cidr", "info", "10.0.0.0/24", "--format", "json" }
    assert.equals(0, code)
    assert.equals("0.0.10.in-addr.arpa", h.decode(out).reverse)
  end)
end)

describe("hostile: SARIF after a usage error", function()
  it("check --format sarif with too many reserved ports writes a failed SARIF run, exit 2", function()
    local code, out, err = run { "check", "--reserved-ports", "30000-30200", "--format", "sarif", TD }
    assert.equals(2, code)
    assert.matches("lists more than 100 ports", err, 1, true)
    local log = h.decode(out)
    assert.equals("2.1.0", log.version)
    assert.is_false(log.runs[1].invocations[1].executionSuccessful)
    assert.matches("lists more than 100 ports", log.runs[1].invocations[1].toolExecutionNotifications[1].message.text,
      1, true)
  end)

  it("and for an unknown option, with --format=sarif", function()
    local code, out = run { "check", "--format=sarif", "--fromat", "x", TD }
    assert.equals(2, code)
    assert.is_false(h.decode(out).runs[1].invocations[1].executionSuccessful)
  end)

  it("text and json output stay empty on stdout", function()
    local code, out = run { "check", "--reserved-ports", "1-200", "--format", "json", TD }
    assert.equals(2, code)
    assert.equals("", out)
  end)
end)
