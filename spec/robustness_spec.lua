-- Bad input, one behaviour per test (docs/robustness.md). Each test
-- backs a row of the bad-input tables in docs/robustness.md that no other
-- spec asserts exactly: the answer is nil and a message (or a finding or a
-- diagnostic) for bad data, a raised error for a wrong argument type, exit
-- status 2 from the command, never a crash.
local ecsnet = require "ecsnet"
local http = require "ecsnet.http"
local h = require "cli_helper"

-- The message of a nil, message answer; a text saying so when the call did
-- not fail (so that one assertion checks both).
local function failure(v, err)
  if v ~= nil then return "expected nil and a message, got " .. tostring(v) end
  return err
end

-- The message of the error the call raises; a text saying so when it does
-- not raise.
local function raised(f, ...)
  local ok, err = pcall(f, ...)
  if ok then return "expected an error, got none" end
  return tostring(err)
end

-- The first diagnostic of a rule: "RULE pointer: message".
local function diag(report, rule)
  if not report then return "no report" end
  for _, d in ipairs(report.diagnostics) do
    if d.rule == rule then return d.rule .. " " .. d.pointer .. ": " .. d.message end
  end
  return "no " .. rule .. " in " .. tostring(report)
end

-- The first finding of a plan with the code: "CODE path: message".
local function finding(plan, code)
  if not plan then return "no plan" end
  for _, f in ipairs(plan.findings) do
    if f.code == code then return f.code .. " " .. f.pointer .. ": " .. f.message end
  end
  return "no " .. code
end

local DYN = { network_mode = "bridge", os = "linux",
  containers = { { name = "c1", port_mappings = { { container_port = 80, host_port = 0, protocol = "tcp" } } } } }

local function one_mapping(m)
  return { network_mode = "bridge", os = "linux", containers = { { name = "a", port_mappings = { m } } } }
end

describe("CIDR text, strict (ecsnet.cidr; docs/reference.md §4.1)", function()
  it("reads a prefix length too long for any integer as out of range", function()
    assert.equals("invalid prefix '10.0.0.0/99999999999999999999': prefix length out of range (0-32)",
      failure(ecsnet.cidr("10.0.0.0/99999999999999999999")))
  end)

  it("shows a byte that is not printable as the quoted text does, not as '?'", function()
    assert.equals("invalid prefix '10.0.0.\\xff/8': unexpected character '\\xff' (expected an IPv4 or IPv6 address)",
      failure(ecsnet.cidr("10.0.0.\255/8")))
  end)

  it("refuses a minus sign in the prefix length", function()
    assert.equals("invalid prefix '10.0.0.0/-1': prefix length must be decimal digits only (trailing garbage?)",
      failure(ecsnet.cidr("10.0.0.0/-1")))
  end)

  it("refuses '::' that stands for no group", function()
    assert.equals("invalid prefix '1:2:3:4:5:6:7::8': not an IPv6 address: '::' standing for no group",
      failure(ecsnet.cidr("1:2:3:4:5:6:7::8")))
  end)

  it("quotes bytes that are not printable as \\x escapes", function()
    assert.matches("^invalid prefix '\\xff\\xfe': unexpected character", failure(ecsnet.cidr("\255\254")))
  end)

  it("reads a number argument as its text", function()
    assert.equals("invalid prefix '5': fewer than 4 octets (short forms like '10.1' are ambiguous; write all four)",
      failure(ecsnet.cidr(5)))
  end)

  it("raises for a table instead of text", function()
    assert.matches("string expected, got table", raised(ecsnet.cidr, {}), 1, true)
  end)

  it("raises for options that are not a table", function()
    assert.matches("table expected, got number", raised(ecsnet.cidr, "10.0.0.0/8", 5), 1, true)
  end)
end)

describe("CIDR text, lenient (libcidr)", function()
  it("says when libcidr also rejects the text", function()
    assert.equals("invalid prefix '10.0.0.256/24': octet '256' is out of range (0-255) (libcidr also rejects it)",
      failure(ecsnet.cidr("10.0.0.256/24", { lenient = true })))
  end)

  it("refuses a NUL byte before reaching libcidr", function()
    assert.equals("invalid prefix 'a\\x00b': contains a NUL byte",
      failure(ecsnet.cidr("a\0b", { lenient = true })))
  end)

  it("does not point to the lenient option when it is on, nor name libcidr when it was not asked", function()
    assert.equals("invalid prefix '10.0.0.0/255.255.0.x': netmask notation is not accepted (write the prefix "
      .. "length, e.g. /16) (libcidr also rejects it)",
      failure(ecsnet.cidr("10.0.0.0/255.255.0.x", { lenient = true })))
    assert.equals("invalid prefix '10.0.0.0/255.255.0.x': netmask notation is not accepted (write the prefix "
      .. "length, e.g. /16, or use the lenient option)", failure(ecsnet.cidr("10.0.0.0/255.255.0.x")))
    -- more than 8 colons after the '/': kept from libcidr, which would write past its heap
    local bad = "::/1" .. (":"):rep(24)
    assert.equals("invalid prefix '::/1" .. (":"):rep(24) .. "': prefix length must be decimal digits only "
      .. "(trailing garbage?)", failure(ecsnet.cidr(bad, { lenient = true })))
  end)

  it("raises for a misspelt option, which would silently parse strictly", function()
    assert.matches("unknown option 'lenent' (expected one of: mask, lenient)",
      raised(ecsnet.cidr, "010.0.0.0/8", { lenent = true }), 1, true)
  end)

  it("refuses the IPv6 mask text that overflows libcidr's heap, without calling it", function()
    assert.matches("^invalid prefix '0/81:+': prefix length must be decimal digits only",
      failure(ecsnet.cidr("0/81" .. (":"):rep(44), { lenient = true })))
  end)
end)

describe("CIDR operations", function()
  it("answers false, not an error, for equals across families", function()
    assert.is_false(ecsnet.cidr("10.0.0.0/8"):equals("::/0"))
  end)

  it("refuses to build a table of more than 65,536 parts (a /0 in 131,072)", function()
    assert.equals("splitting ::/0 into 131072 parts would build a huge table (limit 65536); "
      .. "iterate with :subnets(len)", failure(ecsnet.cidr("::/0"):split(131072)))
  end)

  it("writes counts past 2^31 out in full", function()
    assert.equals("splitting ::/0 into 4294967296 parts would build a huge table (limit 65536); "
      .. "iterate with :subnets(len)", failure(ecsnet.cidr("::/0"):split(2 ^ 32)))
    assert.equals("cannot split ::/0 into 3000000000 equal parts: the count must be a power of two",
      failure(ecsnet.cidr("::/0"):split(3000000000)))
  end)

  it("says how many addresses a prefix too small to split has", function()
    assert.equals("cannot split 10.0.0.0/31 into 4 parts: it has only 2^1 addresses",
      failure(ecsnet.cidr("10.0.0.0/31"):split(4)))
  end)

  it("raises for a new prefix length outside the prefix", function()
    local c = ecsnet.cidr("10.0.0.0/8")
    assert.matches("new prefix length 33 out of range (8-32)", raised(c.subnets, c, 33), 1, true)
  end)

  it("refuses a carve size of zero", function()
    assert.equals("request 1: size must be a positive count of addresses",
      failure(ecsnet.cidr("10.0.0.0/24"):carve { 0 }))
  end)

  it("says a size too large for any prefix is too large (not that it is not positive)", function()
    assert.equals("request 1: no prefix has 1e+300 addresses", failure(ecsnet.cidr("10.0.0.0/8"):carve { 1e300 }))
    assert.equals("request 1: no prefix has 4294967297 addresses",
      failure(ecsnet.cidr("0.0.0.0/0"):carve({ 2 ^ 32 + 1 }, { reserved = 0 })))
  end)

  it("carves IPv6 sizes past 2^64 addresses exactly (were read as 2^64)", function()
    local block = ecsnet.cidr("2001:db8::/32")
    -- 2^70 addresses and AWS's 5 reserved need 2^71: a /57; with none reserved, a /58
    assert.equals("2001:db8::/57", tostring(assert(block:carve { 2 ^ 70 })[1]))
    assert.equals("2001:db8::/58", tostring(assert(block:carve({ 2 ^ 70 }, { reserved = 0 }))[1]))
    assert.equals("2001:db8::/57", tostring(assert(block:carve({ 2 ^ 70 + 2 ^ 20 }, { reserved = 0 }))[1]))
    assert.equals("request 1: no prefix has 6.80564733841877e+38 addresses",
      failure(block:carve { 2 ^ 129 }))
  end)

  it("refuses a carve length written without '/'", function()
    assert.equals("request 1: '24' is not a prefix length (expected '/0' to '/32')",
      failure(ecsnet.cidr("10.0.0.0/24"):carve { "24" }))
  end)

  it("raises for a carve request that is not a size", function()
    local c = ecsnet.cidr("10.0.0.0/24")
    assert.matches("request 1 must be a number or a string like '/24', got boolean",
      raised(c.carve, c, { true }), 1, true)
  end)

  it("raises for more than 65,536 carve requests", function()
    local sizes = {}
    for i = 1, 65537 do sizes[i] = 1 end
    local c = ecsnet.cidr("10.0.0.0/8")
    assert.matches("too many requests (at most 65536)", raised(c.carve, c, sizes), 1, true)
  end)

  it("answers nil, message for an address index past the end", function()
    assert.equals("10.0.0.0/24 has no such address", failure(ecsnet.cidr("10.0.0.0/24"):addr(256)))
  end)

  it("refuses a supernet longer than the prefix", function()
    assert.equals("10.0.1.0/24 has no supernet of length 25 (expected 0-24)",
      failure(ecsnet.cidr("10.0.1.0/24"):supernet(25)))
  end)

  it("raises for a number where a prefix belongs", function()
    local c = ecsnet.cidr("10.0.0.0/8")
    assert.matches("ecsnet.cidr or string expected, got number", raised(c.contains, c, 5), 1, true)
  end)
end)

describe("prefix sets (ecsnet.cidrset)", function()
  it("reads one prefix given as text, without an entry number", function()
    assert.equals("invalid prefix '10.0.0.0/33': prefix length out of range (0-32)",
      failure(ecsnet.cidrset("10.0.0.0/33")))
  end)

  it("returns nil, message for bad text in a set operation", function()
    assert.equals("entry 1: invalid prefix 'x': unexpected character 'x' (expected an IPv4 or IPv6 address)",
      failure(ecsnet.cidrset({ "10.0.0.0/8" }):difference { "x" }))
  end)

  it("raises for a number in the entry list", function()
    assert.matches("bad entry 1 in the prefix list (ecsnet.cidr or string expected, got number)",
      raised(ecsnet.cidrset, { 42 }), 1, true)
  end)

  it("raises for a number instead of a list", function()
    assert.matches("ecsnet.cidr, string, list or ecsnet.cidrset expected, got number",
      raised(ecsnet.cidrset, 42), 1, true)
  end)

  it("raises for bad text in an operator, which cannot return nil, message", function()
    local set = ecsnet.cidrset { "10.0.0.0/8" }
    assert.matches("invalid prefix 'nope': unexpected character 'n'",
      raised(function() return set + "nope" end), 1, true)
  end)

  it("raises for options a set does not take: lenient is ecsnet.cidr's alone", function()
    assert.matches("unknown option 'lenient' (expected one of: mask)",
      raised(ecsnet.cidrset, { "010.0.0.0/8" }, { lenient = true }), 1, true)
    assert.matches("unknown option 'lenient' (expected one of: mask)",
      raised(ecsnet.aggregate, { "10.0.0.0/8" }, { lenient = true }), 1, true)
    assert.matches("unknown option 'reserve' (expected one of: reserved)",
      raised(ecsnet.cidr("10.0.0.0/24").carve, ecsnet.cidr("10.0.0.0/24"), { 10 }, { reserve = 2 }), 1, true)
    assert.matches("unknown option 'route' (expected one of: routes, max_blocks)",
      raised(ecsnet.aws_secondary, "10.0.0.0/16", "10.1.0.0/16", { route = { "10.1.0.0/16" } }), 1, true)
  end)

  it("raises on use after close, saying so", function()
    local set = ecsnet.cidrset { "10.0.0.0/8" }
    set:close()
    assert.matches("ecsnet.cidrset is closed", raised(set.contains, set, "10.0.0.1"), 1, true)
  end)
end)

describe("task definitions: text that would have been misread", function()
  it("refuses \\u0000 in a string, with the position", function()
    assert.equals("\\u0000 at line 1 column 21: a NUL character in a string is not accepted (it would cut "
      .. "the string short)", failure(ecsnet.validate('{"networkMode": "aws\\u0000vpc", "containerDefinitions": []}')))
    -- an escaped backslash followed by u0000 is text, not an escape
    assert.is_table((ecsnet.validate('{"family": "a\\\\u0000", "containerDefinitions": [{"name": "a"}]}')))
  end)

  it("reads the last of duplicate keys, as the AWS CLI does, and warns (ECS034)", function()
    local r = assert(ecsnet.validate('{"networkMode": "awsvpc", "networkMode": "bridge", '
      .. '"containerDefinitions": [{"name": "a", "portMappings": [{"containerPort": 80, "hostPort": 8080}]}]}'))
    assert.equals("ECS034 /networkMode: key 'networkMode' appears twice in this object (first as member 1): JSON "
      .. "readers disagree on which value counts; the AWS CLI keeps the last, which ecsnet checks; remove one",
      diag(r, "ECS034"))
    assert.equals("no ECS008", diag(r, "ECS008"):sub(1, 9))   -- bridge: hostPort may differ
  end)
end)

describe("task definitions: the document argument", function()
  it("raises for a document that is neither text nor a table", function()
    assert.matches("string or table expected, got number", raised(ecsnet.validate, 42), 1, true)
  end)
end)

describe("task definitions as Lua tables", function()
  it("refuses a key with a NUL byte", function()
    assert.equals("cannot read the table: key with a NUL byte in the table",
      failure(ecsnet.validate({ ["a\0b"] = 1, containerDefinitions = {} })))
  end)

  it("refuses a coroutine value", function()
    assert.equals("cannot read the table: value of type thread under key 'name' cannot be part of a task definition",
      failure(ecsnet.validate({ containerDefinitions = { { name = coroutine.create(function() end) } } })))
  end)

  it("reads an empty table as an empty Terraform container list (ECS031)", function()
    local r = ecsnet.validate({})
    assert.equals("terraform ECS031 : containerDefinitions is empty; add at least one container",
      r.shape .. " " .. diag(r, "ECS031"))
  end)
end)

describe("task definitions: each shape", function()
  it("register: an empty containerDefinitions list (ECS031)", function()
    assert.equals("ECS031 /containerDefinitions: containerDefinitions is empty; add at least one container",
      diag(ecsnet.validate('{"family": "x", "containerDefinitions": []}'), "ECS031"))
  end)

  it("describe: refuses a forced describe shape without taskDefinition", function()
    assert.equals('not a describe-task-definition output: expected an object with a "taskDefinition" object',
      failure(ecsnet.validate('{"containerDefinitions": []}', { shape = "describe" })))
  end)

  it("describe: containerDefinitions of the wrong type (ECS023)", function()
    assert.equals("ECS023 /taskDefinition/containerDefinitions: containerDefinitions must be a list, got a number",
      diag(ecsnet.validate('{"taskDefinition": {"containerDefinitions": 5}}'), "ECS023"))
  end)

  it("CloudFormation: a TaskDefinition resource without Properties (ECS031)", function()
    assert.equals("ECS031 /Resources/T: resource 'T' has no Properties object; add Properties with "
      .. "ContainerDefinitions",
      diag(ecsnet.validate('{"Resources": {"T": {"Type": "AWS::ECS::TaskDefinition"}}}'), "ECS031"))
  end)

  it("Terraform: refuses a forced Terraform shape on an object", function()
    assert.equals("not a Terraform container_definitions value: expected a list of containers, got an object",
      failure(ecsnet.validate('{"containerDefinitions": []}', { shape = "terraform" })))
  end)

  it("Terraform: a number where a container belongs (ECS023)", function()
    assert.equals("ECS023 /0: a container definition must be an object, got a number",
      diag(ecsnet.validate("[1]", { shape = "terraform" }), "ECS023"))
  end)

  it("Terraform: an unknown network_mode option (ECS001)", function()
    assert.equals("ECS001 : networkMode 'brige' is not a network mode: use bridge, host, awsvpc or none, "
      .. "or leave it out for the default",
      diag(ecsnet.validate('[{"name": "a"}]', { network_mode = "brige" }), "ECS001"))
  end)
end)

-- The agent's settings are read by one reader for ecsnet.validate and
-- ecsnet.host (the same names, the same answers): a bad value is bad data.
describe("validator agent settings (bad data returns nil, message, as ecsnet.host does)", function()
  local doc = '{"containerDefinitions": [{"name": "a"}]}'
  local function failed(o)
    local r, err = ecsnet.validate(doc, o)
    assert.is_nil(r)
    return err
  end

  it("a reserved port of 70000, or of 0 (ecsnet.host refuses it too)", function()
    assert.equals("reserved_ports[1]: reserved ports must be integers 1-65535", failed { reserved_ports = { 70000 } })
    assert.equals("reserved_tcp[1]: reserved ports must be integers 1-65535", failed { reserved_tcp = { 0 } })
    assert.equals(select(2, ecsnet.host { reserved_tcp = { 0 } }), failed { reserved_tcp = { 0 } })
  end)

  it("101 reserved ports (docs/reference.md §2.3: at most 100)", function()
    local many = {}
    for i = 1, 101 do many[i] = 1000 + i end
    assert.matches("reserved_ports lists more than 100 ports; ECS allows at most 100", failed { reserved_ports = many },
      1, true)
  end)

  it("a reversed dynamic_range", function()
    assert.equals("dynamic_range: port range {9000, 8000} is reversed: the first port must not be above the last",
      failed { dynamic_range = { 9000, 8000 } })
  end)
end)

describe("validator options (misuse raises)", function()
  local doc = '{"containerDefinitions": [{"name": "a"}]}'
  local function opt_error(o) return raised(ecsnet.validate, doc, o) end

  it("shape 'yaml'", function()
    assert.matches("invalid value 'yaml' for option 'shape'", opt_error { shape = "yaml" }, 1, true)
  end)

  it("launch_type 'LAMBDA'", function()
    assert.matches("invalid launch type 'LAMBDA' (expected EC2, FARGATE, EXTERNAL or MANAGED_INSTANCES)",
      opt_error { launch_type = "LAMBDA" }, 1, true)
  end)

  it("os 'macos'", function()
    assert.matches("invalid value 'macos' for option 'os'", opt_error { os = "macos" }, 1, true)
  end)

  it("an unknown option name: a misspelt option would silently do nothing", function()
    assert.matches("unknown option 'launchtype' (expected one of: shape, launch_type, ",
      opt_error { launchtype = "FARGATE" }, 1, true)
    assert.matches("option names must be strings", opt_error { "FARGATE" }, 1, true)
  end)

  it("cpu that is not a number, or negative", function()
    assert.matches("option 'cpu' must be a number, got 'abc'", opt_error { cpu = "abc" }, 1, true)
    assert.matches("option 'cpu' must be a number from 0 to 1e15", opt_error { cpu = -2 }, 1, true)
    assert.matches("option 'memory' must be a number from 0 to 1e15", opt_error { memory = 0 / 0 }, 1, true)
  end)

  it("max_bytes 0", function()
    assert.matches("option 'max_bytes' must be a positive number", opt_error { max_bytes = 0 }, 1, true)
  end)

  it("65 service_connect names", function()
    local names = {}
    for i = 1, 65 do names[i] = "p" .. i end
    assert.matches("option 'service_connect' lists more than 64 names", opt_error { service_connect = names }, 1, true)
  end)

  it("a network_mode that is not a string", function()
    assert.matches("option 'network_mode' must be a string, got number", opt_error { network_mode = 5 }, 1, true)
  end)

  it("reads max_bytes = math.huge (or 2^53 and more) as no limit", function()
    local big = '{"family": "x", "containerDefinitions": [{"name": "a"}]}' .. (" "):rep(2 * 1024 * 1024)
    assert.is_table((ecsnet.validate(big, { max_bytes = math.huge })))
    assert.is_table((ecsnet.validate(big, { max_bytes = 2 ^ 64 })))
    assert.matches("option 'max_bytes' must be a positive number", opt_error { max_bytes = 0 / 0 }, 1, true)
  end)

  it("returns nil, message when a document passes a small max_bytes", function()
    assert.equals("document too large: 41 bytes, more than the limit of 10 (option max_bytes)",
      failure(ecsnet.validate(doc, { max_bytes = 10 })))
  end)
end)

describe("instance data (ecsnet.load_instances, db:load)", function()
  it("refuses NUL bytes", function()
    assert.equals("instance data must be JSON text without NUL bytes", failure(ecsnet.instance_db():load("\0")))
  end)

  it("refuses an instance type name over 63 bytes", function()
    local text = '[{"instance_type": "' .. ("x"):rep(64) .. '", "max_enis": 2, "ipv4_per_eni": 2}]'
    assert.matches("': the name must have 1 to 63 bytes$", failure(ecsnet.instance_db():load(text)))
  end)

  it("refuses 1e309 ENIs", function()
    assert.equals("instance type 'a.b': 'max_enis' must be a whole number from 1 to 1000000, got inf",
      failure(ecsnet.instance_db():load('[{"instance_type": "a.b", "max_enis": 1e309, "ipv4_per_eni": 2}]')))
  end)

  it("refuses a function in a table", function()
    assert.equals("values must be tables, strings, numbers or booleans",
      failure(ecsnet.instance_db():load { instance_types = { { instance_type = print } } }))
  end)

  it("refuses tables nested past 64 levels, or that contain themselves, without a crash", function()
    local deep = {}
    local cur = deep
    for _ = 1, 200 do cur[1] = {} cur = cur[1] end
    assert.equals("tables nest too deeply (or refer to themselves)", failure(ecsnet.load_instances(deep)))
    local loop = {}
    loop.instance_types = { loop }
    assert.equals("tables nest too deeply (or refer to themselves)", failure(ecsnet.load_instances(loop)))
  end)

  it("refuses \\u0000 in a string (it would cut the name short)", function()
    assert.equals("instance data holds \\u0000 at line 1, column 28: a NUL character in a string is not accepted",
      failure(ecsnet.load_instances('{"instance_type": "c5.large\\u0000zz"}')))
  end)
end)

describe("plans: tables and text that would have been misread", function()
  it("refuses a plan table nested past 64 levels, or that contains itself, without a crash", function()
    local t = {}
    local cur = t
    for _ = 1, 65 do cur.x = {} cur = cur.x end
    assert.equals("plan: tables nest too deeply (or refer to themselves)", failure(ecsnet.plan(t)))
    local loop = { instance_type = "c5.large" }
    loop.services = { loop }
    assert.equals("plan: tables nest too deeply (or refer to themselves)", failure(ecsnet.plan(loop)))
  end)

  it("refuses \\u0000 in a string", function()
    assert.equals("the plan holds \\u0000 at line 1, column 28: a NUL character in a string is not accepted",
      failure(ecsnet.plan_json('{"instance_type": "c5.large\\u0000zz"}')))
  end)
end)

describe("plans (ecsnet.plan, ecsnet.plan_json; docs/plan-format.md)", function()
  local function plan(extra)
    local p = { instance_type = "c5.large", trunking = true, vpc = "10.0.0.0/16",
      subnets = { { az = "a", cidr = "10.0.0.0/16" } },
      services = { { name = "web", network_mode = "awsvpc", desired_count = 1 } } }
    for k, v in pairs(extra or {}) do p[k] = v end
    return p
  end

  it("refuses NUL bytes in plan text", function()
    assert.equals("a plan must be JSON text without NUL bytes", failure(ecsnet.plan_json("{\0}")))
  end)

  it("gives a finding for a count of 1e309", function()
    local text = '{"instance_type": "c5.large", "vpc": "10.0.0.0/16", "subnets": [{"az": "a", '
      .. '"cidr": "10.0.0.0/24"}], "services": [{"network_mode": "awsvpc", "desired_count": 1e309}]}'
    assert.equals("PLAN_BAD_COUNT /services/0/desired_count: 'desired_count' must be a whole number from 0 "
      .. "to 100000000, got inf", finding(ecsnet.plan_json(text), "PLAN_BAD_COUNT"))
  end)

  it("gives a finding for a count over 100,000,000, written out in full", function()
    local p = ecsnet.plan(plan { services = { { name = "web", network_mode = "awsvpc", desired_count = 1e9 } } })
    assert.equals("PLAN_BAD_COUNT /services/0/desired_count: 'desired_count' must be a whole number from 0 "
      .. "to 100000000, got 1000000000", finding(p, "PLAN_BAD_COUNT"))
    p = ecsnet.plan(plan { services = { { name = "web", network_mode = "awsvpc", desired_count = 100000001 } } })
    assert.equals("PLAN_BAD_COUNT /services/0/desired_count: 'desired_count' must be a whole number from 0 "
      .. "to 100000000, got 100000001", finding(p, "PLAN_BAD_COUNT"))
  end)

  it("sizes but does not simulate more than 20,000,000 tasks at the peak", function()
    local p = ecsnet.plan(plan { services = { { name = "web", network_mode = "awsvpc", desired_count = 100000000 } } })
    assert.equals("PLAN_TOO_LARGE /services: the plan runs 200000000 tasks at its peak; plans are limited to "
      .. "20000000", finding(p, "PLAN_TOO_LARGE"))
  end)

  it("does not simulate more than 20,000,000 instances", function()
    assert.equals("PLAN_TOO_LARGE /instances: the plan gives 30000000 instances; plans are limited to 20000000",
      finding(ecsnet.plan(plan { instances = 30000000 }), "PLAN_TOO_LARGE"))
  end)

  it("keeps the first 200 findings and says how many more there were", function()
    local services = {}
    for i = 1, 300 do services[i] = { name = "s" .. i, network_mode = "awsvpc", desired_count = -1 } end
    local r = ecsnet.plan(plan { services = services })
    assert.equals(201, #r.findings)
    assert.equals("/services/199/desired_count", r.findings[200].pointer)
    -- severity: the most severe of those not shown (here errors)
    assert.same({ severity = "error", code = "PLAN_MORE_FINDINGS", pointer = "",
                  message = "100 more findings not shown: a plan lists at most 200; fix these and run it again" },
                r.findings[201])
    assert.is_false(r.ok)
    assert.matches("\nerror PLAN_MORE_FINDINGS: 100 more findings not shown", ecsnet.plan_text(r), 1, true)
    -- 200 exactly: no such finding
    for i = 201, 300 do services[i] = nil end
    r = ecsnet.plan(plan { services = services })
    assert.equals(200, #r.findings)
    assert.equals("PLAN_BAD_COUNT", r.findings[200].code)
  end)

  it("keeps the first 200 recommendations and says how many more there were", function()
    local subnets = {}
    for i = 1, 250 do subnets[i] = { az = "az" .. i, cidr = "10.0." .. (i - 1) .. ".0/28" } end
    local r = ecsnet.plan(plan { trunking = false, subnets = subnets,
                                 services = { { name = "web", network_mode = "awsvpc", desired_count = 20000 } } })
    assert.equals(201, #r.recommendations)
    local last = r.recommendations[201]
    assert.same({ "info", "REC_MORE_RECOMMENDATIONS", "" }, { last.severity, last.code, last.pointer })
    assert.matches("^%d+ more recommendations not shown: a plan lists at most 200$", last.message)
  end)

  it("refuses a table key that is not a string", function()
    assert.equals("plan: tables must have string keys or be lists", failure(ecsnet.plan { [true] = 1 }))
  end)

  it("refuses a string with a NUL byte", function()
    assert.equals("plan: strings must not hold NUL bytes", failure(ecsnet.plan(plan { instance_type = "c5\0" })))
  end)
end)

describe("host ports (ecsnet.host; docs/reference.md §2.3-2.5)", function()
  it("raises for an unknown option", function()
    assert.matches("unknown option 'bogus'", raised(ecsnet.host, { bogus = 1 }), 1, true)
  end)

  it("refuses a reversed dynamic_range given as a table", function()
    assert.equals("dynamic_range: port range {10, 5} is reversed: the first port must not be above the last",
      failure(ecsnet.host { dynamic_range = { 10, 5 } }))
  end)

  it("refuses a reserved port list with a string in it", function()
    assert.equals("reserved_tcp: invalid reserved port list '[\"22\"]': every entry must be an integer port",
      failure(ecsnet.host { reserved_tcp = '["22"]' }))
  end)

  it("refuses a container port of 70000 with INVALID", function()
    assert.same({ nil, "port mapping at containers[1].port_mappings[1]: container port must be 1-65535", "INVALID" },
      { ecsnet.host():place(one_mapping { container_port = 70000 }) })
  end)

  it("refuses protocol sctp with INVALID", function()
    assert.same({ nil, "port mapping at containers[1].port_mappings[1]: protocol must be 'tcp' or 'udp'", "INVALID" },
      { ecsnet.host():place(one_mapping { container_port = 80, host_port = 0, protocol = "sctp" }) })
  end)

  it("counts no copies on a full host", function()
    local host = ecsnet.host { dynamic_range = "100-101" }
    host:place(DYN)
    host:place(DYN)
    assert.same({ 0, "HOST_PORT_UNAVAILABLE" }, { host:capacity(DYN).copies, host:capacity(DYN).reason })
  end)
end)

describe("the ecsnet command (exit status 2)", function()
  teardown(h.cleanup)

  it("a folder given to plan cannot be read", function()
    local dir = h.tmpdir()
    local code, _, err = h.run { "plan", dir }
    -- the C library's "Is a directory", in lower case like ecsnet's other messages
    assert.same({ 2, "ecsnet plan: cannot read '" .. dir .. "': is a directory\n" }, { code, err })
  end)

  it("a file that is not UTF-8", function()
    local code, _, err = h.run { "check", "spec/fixtures/bad/utf8-ff.json" }
    assert.same({ 3, true }, { code, err:find("spec/fixtures/bad/utf8-ff.json:1:13: cannot check: invalid UTF-8 "
      .. "at line 1 column 13 (byte 13)", 1, true) ~= nil })
  end)

  it("JSON nested beyond cJSON's limit", function()
    local code, _, err = h.run { "check", "spec/fixtures/bad/deep-array-1001.json" }
    assert.same({ 3, true }, { code, err:find("cannot check: JSON nested too deeply at line 1 column 1001", 1, true)
      ~= nil })
  end)

  it("empty stdin", function()
    local code, _, err = h.run({ "check", "-" }, { stdin = "" })
    assert.same({ 3, true }, { code, err:find("<stdin>: cannot check: empty document: expected a JSON task "
      .. "definition", 1, true) ~= nil })
  end)

  it("a task definition density cannot read", function()
    local code, _, err = h.run { "density", "c5.large", "spec/fixtures/bad/malformed-empty.json" }
    assert.same({ 2, "ecsnet density: spec/fixtures/bad/malformed-empty.json: empty document: expected a JSON "
      .. "task definition\n" }, { code, err })
  end)

  it("--max-bytes 0", function()
    local code, _, err = h.run { "check", "--max-bytes", "0", "spec/fixtures/cli/good-fargate.json" }
    assert.same({ 2, "ecsnet check: '--max-bytes' must be at least 1, got '0' (see 'ecsnet check --help')\n" },
      { code, err })
  end)

  it("--count over 100,000 for ports", function()
    local code, _, err = h.run { "ports", "spec/fixtures/cli/bridge-dynamic.json", "--count", "100001" }
    assert.same({ 2, "ecsnet ports: '--count' must be between 0 and 100000, got '100001' "
      .. "(see 'ecsnet ports --help')\n" }, { code, err })
  end)
end)

describe("the HTTP helpers (ecsnet.http)", function()
  it("answers 400 for a body over max_bytes", function()
    local body = '{"containerDefinitions": []}' .. (" "):rep(2 * 1024 * 1024)
    assert.same({ 400, '{"error":"document too large: ' .. #body .. ' bytes, more than the limit of 1048576 '
      .. '(option max_bytes)"}\n' }, { http.validate(body, {}) })
  end)

  it("answers 400 for invalid UTF-8", function()
    assert.same({ 400, '{"error":"invalid UTF-8 at line 1 column 12 (byte 12): JSON text must be UTF-8 without '
      .. 'NUL bytes"}\n' }, { http.validate('{"family":"\255","containerDefinitions":[{"name":"a"}]}', {}) })
  end)

  it("answers 400 for a repeated query argument", function()
    assert.same({ 400, '{"error":"query argument \'os\' must be given once, with a value"}\n' },
      { http.validate("{}", { os = { "linux", "windows" } }) })
  end)

  it("answers 400 for a plan with a NUL byte", function()
    assert.same({ 400, '{"error":"a plan must be JSON text without NUL bytes"}\n' }, { http.plan("{\0}") })
  end)
end)

-- Found by fuzz_plan: cJSON refuses unpaired UTF-16 surrogates in \u
-- escapes, and the front end's own syntax check let them through, so the
-- failure was taken for a lack of memory.
describe("lone UTF-16 surrogates in \\u escapes", function()
  it("are bad JSON with their place, never 'not enough memory'", function()
    assert.same({ nil, "malformed JSON at line 1 column 18: a \\u escape of a high surrogate without its " ..
      "low half at 'x\"}'" }, { ecsnet.validate('{"family":"\\uD83Dx"}') })
    local r, err = ecsnet.validate('{"family":"\\uDE00"}')
    assert.is_nil(r)
    assert.matches("lone low surrogate", err, 1, true)
    assert.same({ nil, "the plan is not valid JSON (near line 1, column 2)" }, { ecsnet.plan_json('"\\uDDDE"') })
    assert.is_table((ecsnet.validate('{"family":"\\uD83D\\uDE00","containerDefinitions":[{"name":"a"}]}')))
  end)
end)
