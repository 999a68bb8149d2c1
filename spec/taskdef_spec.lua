-- ecsnet.taskdefs: the normalized model other parts consume (host ports,
-- density, plans) (docs/reference.md §1.1, §2.1).
local ecsnet = require "ecsnet"

describe("ecsnet.taskdefs", function()
  it("normalizes a register-task-definition input", function()
    local tds = assert(ecsnet.taskdefs([[{
      "family": "web", "networkMode": "bridge", "cpu": "1 vCPU", "memory": "2 GB",
      "requiresCompatibilities": ["EC2"],
      "containerDefinitions": [
        {"name": "web", "cpu": 256, "memory": 512, "user": "1000",
         "portMappings": [{"containerPort": 80, "hostPort": 8080},
                          {"containerPort": 53, "protocol": "udp", "name": "dns"},
                          {"containerPortRange": "8000-8010"}]},
        {"name": "side"}]}]]))
    assert.equals(1, #tds)
    local t = tds[1]
    assert.equals("web", t.family)
    assert.equals("", t.pointer)
    assert.equals("bridge", t.network_mode)
    assert.is_true(t.network_mode_given)
    assert.equals("linux", t.os)
    assert.same({ "EC2" }, t.launch_types)
    assert.equals(1024, t.cpu)
    assert.equals(2048, t.memory)
    local c = t.containers[1]
    assert.equals("web", c.name)
    assert.equals("/containerDefinitions/0", c.pointer)
    assert.equals(256, c.cpu)
    assert.equals(512, c.memory)
    assert.equals("1000", c.user)
    assert.same({ container_port = 80, host_port = 8080, protocol = "tcp",
                  pointer = "/containerDefinitions/0/portMappings/0" }, c.port_mappings[1])
    assert.same({ container_port = 53, protocol = "udp", name = "dns",
                  pointer = "/containerDefinitions/0/portMappings/1" }, c.port_mappings[2])
    assert.same({ 8000, 8010 }, c.port_mappings[3].range)
    assert.is_nil(c.port_mappings[3].container_port)
    assert.same({}, t.containers[2].port_mappings)
  end)

  it("gives the effective mode when networkMode is absent (docs/reference.md §1.1)", function()
    local t = assert(ecsnet.taskdefs({ containerDefinitions = { { name = "a" } } }))[1]
    assert.equals("bridge", t.network_mode)
    assert.is_false(t.network_mode_given)
    t = assert(ecsnet.taskdefs({ runtimePlatform = { operatingSystemFamily = "WINDOWS_SERVER_2022_CORE" },
      containerDefinitions = { { name = "a" } } }))[1]
    assert.equals("default", t.network_mode)
    assert.equals("windows", t.os)
    t = assert(ecsnet.taskdefs({ containerDefinitions = { { name = "a" } } }, { os = "windows" }))[1]
    assert.equals("default", t.network_mode)
  end)

  it("lists one task definition per CloudFormation resource, with pointers into the template", function()
    local tds = assert(ecsnet.taskdefs({ Resources = {
      A = { Type = "AWS::ECS::TaskDefinition", Properties = { NetworkMode = "awsvpc", Cpu = "256",
        RequiresCompatibilities = { "FARGATE" },
        ContainerDefinitions = { { Name = "a", PortMappings = { { ContainerPort = { Ref = "Port" } } } } } } },
      B = { Type = "AWS::ECS::TaskDefinition", Properties = { NetworkMode = "host",
        ContainerDefinitions = { { Name = "b", PortMappings = { { ContainerPort = 80 } } } } } } } }))
    assert.equals(2, #tds)
    assert.equals("/Resources/A/Properties", tds[1].pointer)
    assert.equals("awsvpc", tds[1].network_mode)
    assert.same({ "FARGATE" }, tds[1].launch_types)
    assert.equals(256, tds[1].cpu)
    local pm = tds[1].containers[1].port_mappings[1]
    assert.is_true(pm.unknown)
    assert.is_nil(pm.container_port)
    assert.equals("/Resources/A/Properties/ContainerDefinitions/0/PortMappings/0", pm.pointer)
    assert.equals("host", tds[2].network_mode)
    assert.equals(80, tds[2].containers[1].port_mappings[1].container_port)
  end)

  it("takes Terraform task attributes from options", function()
    local t = assert(ecsnet.taskdefs('[{"name": "a", "portMappings": [{"containerPort": 80}]}]',
      { network_mode = "awsvpc", family = "svc", cpu = 512, memory = "1024", launch_type = "FARGATE" }))[1]
    assert.equals("awsvpc", t.network_mode)
    assert.equals("svc", t.family)
    assert.equals(512, t.cpu)
    assert.equals(1024, t.memory)
    assert.same({ "FARGATE" }, t.launch_types)
    assert.equals("/0/portMappings/0", t.containers[1].port_mappings[1].pointer)
  end)

  it("reads describe output", function()
    local t = assert(ecsnet.taskdefs('{"taskDefinition": {"family": "x", "networkMode": "none", ' ..
      '"containerDefinitions": [{"name": "a"}]}}'))[1]
    assert.equals("/taskDefinition", t.pointer)
    assert.equals("none", t.network_mode)
  end)

  it("leaves network_mode nil when it cannot be known", function()
    local t = assert(ecsnet.taskdefs({ networkMode = "${var.mode}", containerDefinitions = { { name = "a" } } }))[1]
    assert.is_nil(t.network_mode)
    t = assert(ecsnet.taskdefs({ networkMode = "nat", containerDefinitions = { { name = "a" } } }))[1]
    assert.is_nil(t.network_mode)
  end)

  it("returns nil, message on bad input", function()
    local tds, err = ecsnet.taskdefs("{\n  \"family\": ,\n}")
    assert.is_nil(tds)
    assert.matches("line 2 column 13", err)
    tds, err = ecsnet.taskdefs("42")
    assert.is_nil(tds)
    assert.matches("not a task definition", err)
  end)
end)

describe("ecsnet.rules", function()
  it("lists the catalog with stable IDs mapped to the checklist (docs/reference.md §6)", function()
    local rules = ecsnet.rules()
    assert.is_true(#rules >= 30)
    local seen = {}
    for i, r in ipairs(rules) do
      assert.equals(string.format("ECS%03d", i), r.id)
      assert.is_string(r.name)
      assert.is_string(r.title)
      assert.is_string(r.help)
      assert.matches("^https://", r.link)
      assert.matches("^docs/reference%.md §", r.section)
      assert.is_truthy(({ error = 1, warning = 1, info = 1 })[r.severity])
      if r.checklist then seen[r.checklist] = true end
    end
    -- R1-R23 except R20 and R21 (density and planning)
    for n = 1, 23 do
      if n ~= 20 and n ~= 21 then assert.is_true(seen["R" .. n], "R" .. n) end
    end
  end)
end)
