-- ecsnet.validate: every rule of the catalog with a valid and an invalid
-- fixture (spec/fixtures/rules.lua), from JSON text and from a Lua table
-- (reference: docs/reference.md §1.5, §2, §6 and the section of each rule).
local ecsnet = require "ecsnet"
local cjson = require "cjson"

local read = require("report_helper").fixture

local find = require("report_helper").find

local catalog = {}
for _, r in ipairs(ecsnet.rules()) do catalog[r.id] = r end

describe("ecsnet.validate rules", function()
  local cases = dofile("spec/fixtures/rules.lua")

  it("has a valid and an invalid fixture for every rule of the catalog", function()
    local seen = {}
    for _, c in ipairs(cases) do seen[c.rule] = true end
    for id in pairs(catalog) do assert.is_true(seen[id], id) end
  end)

  for _, c in ipairs(cases) do
    local rule = catalog[c.rule]
    describe(c.rule .. " " .. rule.name .. " (" .. c.section .. ")", function()
      it("accepts " .. c.valid, function()
        local r = assert(ecsnet.validate(read(c.valid), c.options))
        assert.is_nil(find(r, c.rule), c.rule)
        if rule.severity == "error" then
          assert.is_true(r.ok, tostring(r))
        end
      end)

      it("reports " .. c.invalid .. " at '" .. c.pointer .. "'", function()
        local r = assert(ecsnet.validate(read(c.invalid), c.options))
        local d = find(r, c.rule, c.pointer)
        assert.is_table(d, tostring(r))
        assert.equals(rule.title, d.title)
        assert.equals(rule.link, d.reference)
        assert.is_string(d.message)
        assert.is_true(#d.message > 20)
        assert.is_number(d.line)
        assert.is_number(d.column)
        if d.severity == "error" then assert.is_false(r.ok) end
      end)

      -- a Lua table cannot hold a key twice: ECS034 exists only in text
      if c.rule ~= "ECS034" then it("gives the same diagnostics for the Lua table", function()
        local text = read(c.invalid)
        local a = assert(ecsnet.validate(text, c.options))
        local b = assert(ecsnet.validate(cjson.decode(text), c.options))
        local function key(r)
          local t = {}
          for _, d in ipairs(r.diagnostics) do t[#t + 1] = d.rule .. " " .. d.pointer .. " " .. d.message end
          table.sort(t)
          return t
        end
        assert.same(key(a), key(b))
        assert.equals(a.ok, b.ok)
      end) end
    end)
  end
end)

describe("ecsnet.validate messages (docs/reference.md §1.5)", function()
  local function td(t)
    return cjson.encode(t)
  end

  it("quotes AWS's own text for Fargate without awsvpc", function()
    local r = ecsnet.validate(td { networkMode = "bridge", requiresCompatibilities = { "FARGATE" },
      containerDefinitions = { { name = "a", image = "x" } } })
    local d = find(r, "ECS003")
    assert.equals("Fargate only supports network mode \226\128\152awsvpc\226\128\153.", d.aws_message)
  end)

  it("quotes AWS's own text for awsvpc host ports, links, hostname", function()
    local r = ecsnet.validate(td { networkMode = "awsvpc", containerDefinitions = {
      { name = "a", image = "x", links = { "b" }, hostname = "a",
        portMappings = { { containerPort = 80, hostPort = 81 } } }, { name = "b", image = "x" } } })
    assert.equals("When networkMode=awsvpc, the host ports and container ports in port mappings must match.",
      find(r, "ECS008").aws_message)
    assert.equals("Links are not supported when networkMode=awsvpc.", find(r, "ECS009").aws_message)
    assert.equals("hostname is not supported on container when networkMode=awsvpc.", find(r, "ECS010").aws_message)
  end)

  it("quotes the containerPort text with the container's name", function()
    local r = ecsnet.validate(td { containerDefinitions = { { name = "app",
      portMappings = { { hostPort = 7000 } } } } })
    assert.equals("Invalid 'containerPort' setting for container 'app'.", find(r, "ECS012").aws_message)
  end)

  it("quotes the Fargate parameter text", function()
    local r = ecsnet.validate(td { networkMode = "awsvpc", requiresCompatibilities = { "FARGATE" }, ipcMode = "host",
      containerDefinitions = { { name = "a" } } })
    assert.equals("Tasks using the Fargate launch type do not support ipcMode.", find(r, "ECS028",
      "/ipcMode").aws_message)
  end)

  it("takes systemControls on Linux Fargate (platform version 1.4.0 and later; API SystemControl), not on Windows",
     function()
    local sc = { { namespace = "net.ipv4.tcp_keepalive_time", value = "500" } }
    local r = ecsnet.validate(td { networkMode = "awsvpc", requiresCompatibilities = { "FARGATE" },
      containerDefinitions = { { name = "a", systemControls = sc } } })
    assert.is_nil(find(r, "ECS028"))
    r = ecsnet.validate(td { networkMode = "awsvpc", requiresCompatibilities = { "FARGATE" },
      runtimePlatform = { operatingSystemFamily = "WINDOWS_SERVER_2022_CORE" },
      containerDefinitions = { { name = "a", systemControls = sc } } })
    assert.is_table(find(r, "ECS029", "/containerDefinitions/0/systemControls"))
  end)

  it("gives AWS's own blue/green sample task definition no error (systemControls, appProtocol unnamed)", function()
    local f = assert(io.open("spec/fixtures/aws-cli/bluegreen-service-connect-taskdef_frontend.template.json"))
    local r = assert(ecsnet.validate(f:read("*a")))
    f:close()
    assert.equals(0, r.counts.error)
  end)
end)

describe("ecsnet.validate behaviour", function()
  local function mappings(mode, list, extra)
    local t = { networkMode = mode, containerDefinitions = { { name = "web", image = "x", portMappings = list } } }
    for k, v in pairs(extra or {}) do t[k] = v end
    return t
  end

  it("accepts tcp and udp on one container port (docs/reference.md §6.1, R14)", function()
    local r = ecsnet.validate(mappings("bridge", { { containerPort = 53, hostPort = 53, protocol = "udp" },
      { containerPort = 53, hostPort = 53, protocol = "tcp" } }))
    assert.is_true(r.ok)
    assert.is_nil(find(r, "ECS015"))
  end)

  it("rejects the same static host port twice in a task (docs/reference.md §6, R14)", function()
    local r = ecsnet.validate({ networkMode = "bridge", containerDefinitions = {
      { name = "a", portMappings = { { containerPort = 80, hostPort = 8080 } } },
      { name = "b", portMappings = { { containerPort = 81, hostPort = 8080 } } } } })
    assert.is_table(find(r, "ECS015", "/containerDefinitions/1/portMappings/0"))
  end)

  it("rejects the same container port twice across awsvpc containers (one namespace)", function()
    local r = ecsnet.validate({ networkMode = "awsvpc", containerDefinitions = {
      { name = "a", portMappings = { { containerPort = 80 } } },
      { name = "b", portMappings = { { containerPort = 80 } } } } })
    assert.is_table(find(r, "ECS015", "/containerDefinitions/1/portMappings/0"))
  end)

  it("rejects a port covered by a range in another mapping (docs/reference.md §2.2, §6.1)", function()
    local r = ecsnet.validate(mappings("awsvpc", { { containerPortRange = "8000-8010" }, { containerPort = 8005 } }))
    assert.is_table(find(r, "ECS015", "/containerDefinitions/0/portMappings/1"))
  end)

  it("warns when a range overlaps a mapping of the other protocol (R13, docs/reference.md §2.2, §6.1)", function()
    -- "a port can be in only one mapping" is documented for ranges; for tcp
    -- and udp it is not verified, so a warning (single ports on tcp and udp
    -- are fine: §6.1, R14)
    local r = ecsnet.validate(mappings("awsvpc", { { containerPortRange = "8000-8010" },
                                                   { containerPort = 8005, protocol = "udp" } }))
    local d = find(r, "ECS013", "/containerDefinitions/0/portMappings/1")
    assert.equals("warning", d.severity)
    assert.matches("container port 8005/udp of container 'web' overlaps /containerDefinitions/0/portMappings/0 "
                   .. "on the other protocol", d.message, 1, true)
    assert.is_true(r.ok)
    r = ecsnet.validate(mappings("awsvpc", { { containerPortRange = "8000-8010" },
                                             { containerPortRange = "8000-8010", protocol = "udp" } }))
    assert.equals("warning", find(r, "ECS013", "/containerDefinitions/0/portMappings/1").severity)
    r = ecsnet.validate(mappings("awsvpc", { { containerPort = 53 }, { containerPort = 53, protocol = "udp" } }))
    assert.is_nil(find(r, "ECS013"))
  end)

  it("checks containerPortRange: hostPort unset, mode, format, count (docs/reference.md §2.2)", function()
    local r = ecsnet.validate(mappings("awsvpc", { { containerPortRange = "8000-8010", hostPort = 8000 } }))
    assert.is_table(find(r, "ECS013", "/containerDefinitions/0/portMappings/0/hostPort"))
    r = ecsnet.validate(mappings("host", { { containerPortRange = "8000-8010" } }))
    assert.is_table(find(r, "ECS013", "/containerDefinitions/0/portMappings/0/containerPortRange"))
    r = ecsnet.validate(mappings("bridge", { { containerPortRange = "80" } }))
    assert.is_table(find(r, "ECS013"))
    r = ecsnet.validate(mappings("bridge", { { containerPortRange = "0-10" } }))
    assert.is_table(find(r, "ECS013"))
    local many = {}
    for i = 1, 101 do many[i] = { containerPortRange = (1000 + i * 10) .. "-" .. (1000 + i * 10 + 5) } end
    r = ecsnet.validate(mappings("bridge", many))
    assert.is_table(find(r, "ECS013", "/containerDefinitions/0/portMappings/100/containerPortRange"))
  end)

  it("rejects both containerPort and containerPortRange (R12)", function()
    local r = ecsnet.validate(mappings("bridge", { { containerPort = 80, containerPortRange = "80-81" } }))
    assert.is_table(find(r, "ECS012"))
  end)

  it("rejects containerPort 0 and 70000 (docs/reference.md §6.1 R12)", function()
    local r = ecsnet.validate(mappings("bridge", { { containerPort = 0 }, { containerPort = 70000 } }))
    assert.is_table(find(r, "ECS012", "/containerDefinitions/0/portMappings/0/containerPort"))
    assert.is_table(find(r, "ECS012", "/containerDefinitions/0/portMappings/1/containerPort"))
  end)

  it("warns on hostPort 0 in awsvpc (not verified, docs/reference.md §7)", function()
    local r = ecsnet.validate(mappings("awsvpc", { { containerPort = 80, hostPort = 0 } }))
    local d = find(r, "ECS027")
    assert.equals("warning", d.severity)
    assert.is_true(r.ok)
  end)

  it("checks host mode like awsvpc for host ports (R8)", function()
    local r = ecsnet.validate(mappings("host", { { containerPort = 80, hostPort = 8080 } }))
    local d = find(r, "ECS008")
    assert.is_nil(d.aws_message)
  end)

  it("reports port names outside bridge/awsvpc, and warns of appProtocol without a name (R15)", function()
    local r = ecsnet.validate(mappings("host", { { containerPort = 80, name = "web" } }))
    assert.equals("warning", find(r, "ECS016").severity)
    -- ECS registers appProtocol without a name (AWS's blue/green sample,
    -- spec/fixtures/aws-cli/SOURCES.md); only the AWS CDK refuses it
    r = ecsnet.validate(mappings("awsvpc", { { containerPort = 80, appProtocol = "http" } }))
    assert.equals("warning", find(r, "ECS016").severity)
    assert.matches("no effect without a port name", find(r, "ECS016").message)
    r = ecsnet.validate(mappings("awsvpc", { { containerPort = 80, name = "web", appProtocol = "websocket" } }))
    assert.is_table(find(r, "ECS016", "/containerDefinitions/0/portMappings/0/appProtocol"))
  end)

  it("uses the caller's reserved ports and dynamic range (docs/reference.md §2.3, §2.4)", function()
    local doc = mappings("bridge", { { containerPort = 80, hostPort = 8080 } })
    assert.is_nil(find(ecsnet.validate(doc), "ECS018"))
    local r = ecsnet.validate(doc, { reserved_ports = { 22, 8080 } })
    assert.is_table(find(r, "ECS018"))
    r = ecsnet.validate(doc, { dynamic_range = { 8000, 9000 } })
    assert.matches("dynamic", find(r, "ECS018").message)
    r = ecsnet.validate(mappings("bridge", { { containerPort = 53, hostPort = 53, protocol = "udp" } }),
      { reserved_ports_udp = { 53 } })
    assert.is_table(find(r, "ECS018"))
  end)

  it("reports more than 100 static and reserved ports (docs/reference.md §2.3)", function()
    local list = {}
    for i = 1, 96 do list[i] = { containerPort = 10000 + i, hostPort = 10000 + i } end
    local r = ecsnet.validate(mappings("bridge", list))
    assert.matches("100 reserved ports", find(r, "ECS018").message)
  end)

  it("takes the launch type and the OS from options (docs/reference.md §1.2)", function()
    local doc = mappings("bridge", { { containerPort = 80 } })
    assert.is_true(ecsnet.validate(doc).ok)
    assert.is_table(find(ecsnet.validate(doc, { launch_type = "FARGATE" }), "ECS003"))
    assert.is_table(find(ecsnet.validate(doc, { os = "windows" }), "ECS006"))
    assert.is_table(find(ecsnet.validate(doc, { launch_type = { "EC2", "MANAGED_INSTANCES" } }), "ECS005"))
  end)

  it("requires networkMode on Managed Instances (docs/reference.md §5.7)", function()
    local r = ecsnet.validate({ requiresCompatibilities = { "MANAGED_INSTANCES" },
      containerDefinitions = { { name = "a", image = "x" } } })
    assert.is_table(find(r, "ECS005"))
  end)

  it("requires the default mode for Windows on EXTERNAL (docs/reference.md §5.4)", function()
    local r = ecsnet.validate({ networkMode = "bridge", requiresCompatibilities = { "EXTERNAL" },
      containerDefinitions = { { name = "a", image = "x" } } }, { os = "windows" })
    assert.is_table(find(r, "ECS004"))
    r = ecsnet.validate({ requiresCompatibilities = { "EXTERNAL" },
      containerDefinitions = { { name = "a", image = "x" } } }, { os = "windows" })
    assert.is_true(r.ok)
  end)

  it("reports one defect once: a bad mode does not also fail every platform", function()
    local r = ecsnet.validate({ networkMode = "Bridge", requiresCompatibilities = { "FARGATE" },
      containerDefinitions = { { name = "a", image = "x" } } })
    assert.is_table(find(r, "ECS001"))
    assert.is_nil(find(r, "ECS003"))
    r = ecsnet.validate({ networkMode = "bridge", requiresCompatibilities = { "FARGATE", "EXTERNAL" },
      cpu = "256", memory = "512", containerDefinitions = { { name = "a", image = "x" } } })
    assert.equals(1, r.counts.error)
  end)

  it("orders diagnostics by document position", function()
    local text = [[{"containerDefinitions": [
      {"name": "a", "image": "x", "links": ["b"], "portMappings": [{"containerPort": 80, "hostPort": 81}]},
      {"name": "b", "image": "x", "hostname": "b"}], "networkMode": "awsvpc"}]]
    local r = ecsnet.validate(text)
    local lines = {}
    for _, d in ipairs(r.diagnostics) do lines[#lines + 1] = d.line end
    assert.same({ 2, 2, 3 }, lines)
    assert.same({ "ECS009", "ECS008", "ECS010" }, { r.diagnostics[1].rule, r.diagnostics[2].rule,
      r.diagnostics[3].rule })
  end)

  it("skips rules on unknown values with an info (docs/reference.md §6.1)", function()
    local r = ecsnet.validate({ NetworkMode = { Ref = "Mode" }, ContainerDefinitions = {
      { Name = "a", Image = "x", Links = { "b" }, PortMappings = { { ContainerPort = 80, HostPort = 81 } } } } },
      { shape = "cloudformation" })
    assert.is_true(r.ok)
    r = ecsnet.validate({ networkMode = "awsvpc", containerDefinitions = {
      { name = "a", image = "x", portMappings = { { containerPort = "{{port}}", hostPort = 81 } } } } })
    assert.is_true(r.ok)
    assert.is_table(find(r, "ECS024", "/containerDefinitions/0/portMappings/0/containerPort"))
  end)

  it("applies presence rules to unknown values", function()
    local r = ecsnet.validate({ networkMode = "awsvpc", containerDefinitions = {
      { name = "a", links = { "${var.link}" } } } })
    assert.is_table(find(r, "ECS009"))
  end)

  it("reads every AWS::ECS::TaskDefinition of a template with PascalCase keys", function()
    local tpl = { Resources = {
      A = { Type = "AWS::ECS::TaskDefinition", Properties = { NetworkMode = "bridge",
        RequiresCompatibilities = { "FARGATE" },
        ContainerDefinitions = { { Name = "a" } } } },
      B = { Type = "AWS::ECS::TaskDefinition", Properties = { NetworkMode = "awsvpc",
        ContainerDefinitions = { { Name = "b", PortMappings = { { ContainerPort = "80", HostPort = "81" } } } } } },
      Q = { Type = "AWS::SQS::Queue" } } }
    local r = ecsnet.validate(tpl)
    assert.equals("cloudformation", r.shape)
    assert.is_table(find(r, "ECS003", "/Resources/A/Properties/NetworkMode"))
    assert.is_table(find(r, "ECS008", "/Resources/B/Properties/ContainerDefinitions/0/PortMappings/0/HostPort"))
  end)

  it("still checks the value under a camelCase CloudFormation key", function()
    local tpl = { Resources = { T = { Type = "AWS::ECS::TaskDefinition", Properties = { networkMode = "awsvpc",
      ContainerDefinitions = { { Name = "a", links = { "b" } } } } } } }
    local r = ecsnet.validate(tpl)
    assert.is_table(find(r, "ECS025", "/Resources/T/Properties/networkMode"))
    assert.is_table(find(r, "ECS025", "/Resources/T/Properties/ContainerDefinitions/0/links"))
    assert.is_table(find(r, "ECS009", "/Resources/T/Properties/ContainerDefinitions/0/links"))
  end)

  it("reads describe output and Terraform container_definitions with options", function()
    local r = ecsnet.validate('{"taskDefinition": {"networkMode": "awsvpc", ' ..
      '"containerDefinitions": [{"name": "a", "hostname": "x"}]}}')
    assert.equals("describe", r.shape)
    assert.is_table(find(r, "ECS010", "/taskDefinition/containerDefinitions/0/hostname"))
    r = ecsnet.validate('[{"name": "a", "portMappings": [{"containerPort": 80, "hostPort": 8080}]}]',
      { network_mode = "awsvpc", requires_compatibilities = { "FARGATE" } })
    assert.equals("terraform", r.shape)
    assert.is_table(find(r, "ECS008", "/0/portMappings/0/hostPort"))
  end)

  it("can force the shape", function()
    local r = ecsnet.validate('{"NetworkMode": "awsvpc", "ContainerDefinitions": [{"Name": "a", "Hostname": "x"}]}',
      { shape = "cloudformation" })
    assert.is_table(find(r, "ECS010", "/Hostname") or find(r, "ECS010", "/ContainerDefinitions/0/Hostname"))
    local ok, err = ecsnet.validate('{"containerDefinitions": []}', { shape = "describe" })
    assert.is_nil(ok)
    assert.matches("taskDefinition", err)
  end)

  it("report methods raise bad argument for misuse", function()
    local r = ecsnet.validate('{"containerDefinitions": [{"name": "a"}]}')
    assert.has_error(function() r:json(0) end, "bad argument #1 to 'json' (string expected, got number)")
    assert.has_error(function() r:sarif(true) end, "bad argument #1 to 'sarif' (table expected, got boolean)")
  end)

  it("raises on misused options", function()
    assert.has_error(function() ecsnet.validate("{}", { shape = "yaml" }) end)
    assert.has_error(function() ecsnet.validate("{}", { launch_type = "LAMBDA" }) end)
    assert.has_error(function() ecsnet.validate("{}", { reserved_ports = true }) end)
    assert.has_error(function() ecsnet.validate("{}", 5) end)
    assert.has_error(function() ecsnet.validate(42) end)
  end)

  it("writes its compact JSON as the encoder writes the same report (keys sorted)", function()
    local json = require "ecsnet.json"
    local seen = 0
    for _, dir in ipairs { "valid", "invalid" } do
      for name in io.popen("ls spec/fixtures/" .. dir):lines() do
        local r = ecsnet.validate(read(dir .. "/" .. name))
        if r then
          seen = seen + 1
          assert.equals(json.encode({ ok = r.ok, shape = r.shape, counts = r.counts,
            diagnostics = json.array(r.diagnostics) }), r:json(), name)
          assert.equals(json.encode({ ok = r.ok, shape = r.shape, counts = r.counts,
            diagnostics = json.array(r.diagnostics) }, { indent = "  " }), r:json("  "), name)
        end
      end
    end
    assert.is_true(seen >= 80, seen)
  end)

  it("renders JSON and SARIF 2.1.0", function()
    local r = ecsnet.validate(read("invalid/ECS008-host-port-must-match.json"))
    local j = cjson.decode(r:json())
    assert.equals(false, j.ok)
    assert.equals("ECS008", j.diagnostics[1].rule)
    local s = cjson.decode(r:sarif({ uri = "td.json" }))
    assert.equals("2.1.0", s.version)
    local run = s.runs[1]
    assert.equals("ecsnet", run.tool.driver.name)
    assert.equals(#ecsnet.rules(), #run.tool.driver.rules)
    assert.is_string(run.tool.driver.rules[1].help.text)
    local res = run.results[1]
    assert.equals("ECS008", res.ruleId)
    assert.equals("error", res.level)
    assert.equals("/containerDefinitions/0/portMappings/0/hostPort",
      res.locations[1].logicalLocations[1].fullyQualifiedName)
    assert.equals("td.json", res.locations[1].physicalLocation.artifactLocation.uri)
    assert.is_number(res.locations[1].physicalLocation.region.startLine)
    -- the region ends after the value "80" (SARIF's endColumn is exclusive)
    local line12 = select(3, read("invalid/ECS008-host-port-must-match.json"):find(("[^\n]*\n"):rep(11) .. "([^\n]*)"))
    local at = line12:find("80", 1, true)
    assert.same({ startLine = 12, startColumn = at, endLine = 12, endColumn = at + 2 },
      res.locations[1].physicalLocation.region)
    assert.equals(run.tool.driver.rules[res.ruleIndex + 1].id, "ECS008")
    assert.is_string(tostring(r))
    assert.equals(1, #r:filter("error"))
  end)

  it("frees reports under collectgarbage", function()
    for _ = 1, 200 do ecsnet.validate(read("invalid/ECS015-duplicate-port.json")) end
    collectgarbage()
    collectgarbage()
  end)
end)

describe("ecsnet.validate option taskdefs (one parse for the report and the task definitions)", function()
  local files = { "cli/good-fargate.json", "cli/awsvpc-hostport.json", "cli/two-taskdefs.cfn.json",
    "valid/ECS006-windows-mode.json", "invalid/ECS015-duplicate-port.json" }

  for _, f in ipairs(files) do
    it("gives ecsnet.taskdefs's tables for " .. f .. ", from text and from a table", function()
      local text = read(f)
      local r = assert(ecsnet.validate(text, { taskdefs = true }))
      assert.same(assert(ecsnet.taskdefs(text)), r.taskdefs)
      assert.same(assert(ecsnet.validate(text)).diagnostics, r.diagnostics)
      local doc = cjson.decode(text)
      assert.same(assert(ecsnet.taskdefs(doc)), assert(ecsnet.validate(doc, { taskdefs = true })).taskdefs)
    end)
  end

  it("reads them with the same options (Terraform attributes, launch types, os)", function()
    local tf = '[{"name":"web","image":"nginx","portMappings":[{"containerPort":80,"hostPort":8080}]}]'
    local opts = { shape = "terraform", network_mode = "bridge", family = "tf", launch_type = "EXTERNAL",
      os = "linux" }
    local r = assert(ecsnet.validate(tf, { shape = "terraform", network_mode = "bridge", family = "tf",
      launch_type = "EXTERNAL", os = "linux", taskdefs = true }))
    assert.same(assert(ecsnet.taskdefs(tf, opts)), r.taskdefs)
    assert.equals("tf", r.taskdefs[1].family)
    assert.same({ "EXTERNAL" }, r.taskdefs[1].launch_types)
  end)

  it("is off by default and for a false value; the report's JSON leaves them out", function()
    local text = read("cli/good-fargate.json")
    assert.is_nil(assert(ecsnet.validate(text)).taskdefs)
    assert.is_nil(assert(ecsnet.validate(text, { taskdefs = false })).taskdefs)
    local r = assert(ecsnet.validate(text, { taskdefs = true }))
    assert.equals(assert(ecsnet.validate(text)):json(), r:json())
  end)

  it("fails as validate fails, with no task definitions", function()
    local r, err = ecsnet.validate("{", { taskdefs = true })
    assert.is_nil(r)
    assert.matches("line 1", err, 1, true)
  end)
end)
