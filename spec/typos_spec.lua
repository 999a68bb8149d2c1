-- Keys outside the API shape are named, with the key meant (ECS035, this part;
-- docs/reference.md §8.4): register input and CloudFormation (error: the AWS CLI
-- and SDKs, and CloudFormation, reject them), describe output and Terraform
-- (warning). The key tables are generated from the API model by
-- tools/gen-shapes.py into src/ecsnet_shapes.c.
local ecsnet = require "ecsnet"
local cjson = require "cjson"

local function typos(r)
  local out = {}
  for _, d in ipairs(r.diagnostics) do
    if d.rule == "ECS035" then out[#out + 1] = d.severity .. " " .. d.pointer .. ": " .. d.message end
  end
  return out
end

local function register(container, task)
  local t = { family = "web", networkMode = "awsvpc", containerDefinitions = { container } }
  for k, v in pairs(task or {}) do t[k] = v end
  return cjson.encode(t)
end

describe("typos (ECS035)", function()
  it("names a container key with the key meant: portBindings is portMappings", function()
    local r = assert(ecsnet.validate(register({ name = "a", image = "x", portBindings = { { containerPort = 80 } } })))
    assert.same({ "error /containerDefinitions/0/portBindings: 'portBindings' is not a key of ContainerDefinition: "
      .. "the AWS CLI and SDKs reject it (Unknown parameter); did you mean 'portMappings'?" }, typos(r))
    assert.is_false(r.ok)
  end)

  it("knows other tools' names: ports, env, cmd (Docker, Compose, Kubernetes)", function()
    local r = assert(ecsnet.validate(register({ name = "a", image = "x", env = {}, Cmd = {},
      portMappings = { { target = 80 } } })))
    local t = typos(r)
    table.sort(t)
    assert.matches("/Cmd: .*did you mean 'command'%?$", t[1])
    assert.matches("/env: .*did you mean 'environment'%?$", t[2])
    assert.matches("/portMappings/0/target: .*did you mean 'containerPort'%?$", t[3])
  end)

  it("takes a case-insensitive match as the key meant: hostName is hostname", function()
    local r = assert(ecsnet.validate(register({ name = "a", image = "x", hostName = "h" }, { networkMode = "bridge" })))
    assert.matches("did you mean 'hostname'%?$", typos(r)[1])
  end)

  it("checks task keys, port mappings and runtimePlatform", function()
    local r = assert(ecsnet.validate(register({ name = "a", image = "x",
      portMappings = { { containerPort = 80, protocl = "tcp" } } },
      { requireCompatibilities = { "EC2" }, runtimePlatform = { operatingSystemFamilly = "LINUX" } })))
    local t = typos(r)
    assert.equals(3, #t)
    table.sort(t)
    assert.matches("^error /containerDefinitions/0/portMappings/0/protocl: 'protocl' is not a key of PortMapping: .*"
      .. "did you mean 'protocol'%?$", t[1])
    assert.matches("^error /requireCompatibilities: .* RegisterTaskDefinitionRequest: .*did you mean "
      .. "'requiresCompatibilities'%?$", t[2])
    assert.matches("^error /runtimePlatform/operatingSystemFamilly: .* RuntimePlatform: .*did you mean "
      .. "'operatingSystemFamily'%?$", t[3])
  end)

  it("says what to do when no key is near", function()
    local r = assert(ecsnet.validate(register({ name = "a", image = "x", zzz = 1 })))
    assert.matches("'zzz' is not a key of ContainerDefinition: .*; remove it or correct the name$", typos(r)[1])
  end)

  it("takes a null value as absent, as everywhere", function()
    assert.same({}, typos(assert(ecsnet.validate('{"family": "a", "networkMode": "awsvpc", "hostName": null, '
      .. '"containerDefinitions": [{"name": "a", "image": "x", "portBindings": null}]}'))))
  end)

  it("leaves networkMode inside a container to ECS026", function()
    local r = assert(ecsnet.validate(register({ name = "a", image = "x", networkMode = "awsvpc" })))
    assert.same({}, typos(r))
  end)

  it("reads describe output against TaskDefinition: no false error, a warning for a typo", function()
    local td = { taskDefinitionArn = "arn:aws:ecs:us-east-1:1:task-definition/a:1", revision = 1,
      status = "ACTIVE", compatibilities = { "EC2" }, requiresAttributes = {}, registeredAt = "2026-01-01",
      registeredBy = "arn:aws:iam::1:root", family = "a", networkMode = "awsvpc",
      containerDefinitions = { { name = "a", image = "x", portMappings = { { containerPort = 80 } } } } }
    assert.same({}, typos(assert(ecsnet.validate({ taskDefinition = td, tags = {} }))))
    -- the inner object saved alone (console exports add tags): describe output too
    td.tags = { { key = "k", value = "v" } }
    assert.same({}, typos(assert(ecsnet.validate(cjson.encode(td)))))
    td.containerDefinitions[1].portBindings = {}
    assert.same({ "warning /containerDefinitions/0/portBindings: 'portBindings' is not a key of ContainerDefinition: "
      .. "ECS does not know it; did you mean 'portMappings'?" }, typos(assert(ecsnet.validate(cjson.encode(td)))))
  end)

  it("reads CloudFormation's PascalCase names: an error with the PascalCase name meant", function()
    local r = assert(ecsnet.validate({ Resources = { T = { Type = "AWS::ECS::TaskDefinition", Properties = {
      NetworkMode = "awsvpc", ContainerDefinitions = { { Name = "a", Image = "x",
        PortBindings = { { ContainerPort = 80 } } } } } } } }))
    assert.same({ "error /Resources/T/Properties/ContainerDefinitions/0/PortBindings: 'PortBindings' is not a key "
      .. "of ContainerDefinition: CloudFormation rejects it (extraneous key is not permitted); did you mean "
      .. "'PortMappings'?" }, typos(r))
  end)

  it("leaves camelCase in CloudFormation to ECS025", function()
    local r = assert(ecsnet.validate({ Resources = { T = { Type = "AWS::ECS::TaskDefinition", Properties = {
      NetworkMode = "awsvpc", ContainerDefinitions = { { Name = "a", Image = "x",
        portMappings = { { ContainerPort = 80 } } } } } } } }))
    assert.same({}, typos(r))
    assert.equals("ECS025", r.diagnostics[#r.diagnostics].rule)
  end)

  it("warns in a Terraform container_definitions list", function()
    local r = assert(ecsnet.validate('[{"name": "a", "image": "x", "portMapings": []}]'))
    assert.same({ "warning /0/portMapings: 'portMapings' is not a key of ContainerDefinition: ECS does not know "
      .. "it; what Terraform's provider does with it is not verified; did you mean 'portMappings'?" }, typos(r))
  end)

  it("warns on Terraform attributes and inside the container_definitions string of a plan", function()
    local plan = { format_version = "1.2", terraform_version = "1.9.8",
      planned_values = { root_module = { resources = { { address = "aws_ecs_task_definition.t",
        mode = "managed", type = "aws_ecs_task_definition", name = "t", values = {
          family = "t", network_mode = "awsvpc", network_mod = "awsvpc",
          container_definitions = '[{"name": "a",\n  "image": "x", "hostName": "h"}]' } } } } } }
    local t = typos(assert(ecsnet.validate(plan)))
    assert.same({
      "warning /planned_values/root_module/resources/0/values/container_definitions/0/hostName: "
        .. "aws_ecs_task_definition.t: 'hostName' is not a key of ContainerDefinition: ECS does not know it; what "
        .. "Terraform's provider does with it is not verified; did you mean 'hostname'? (inside the "
        .. "container_definitions string: line 2, column 29)",
      "warning /planned_values/root_module/resources/0/values/network_mod: aws_ecs_task_definition.t: 'network_mod' "
        .. "is not a key of aws_ecs_task_definition: it is not an attribute of Terraform's aws_ecs_task_definition; "
        .. "did you mean 'network_mode'?" }, t)
  end)

  it("says which key a document that is almost a task definition meant", function()
    local r, err = ecsnet.validate('{"containerDefintions": [{"name": "a"}]}')
    assert.is_nil(r)
    assert.equals('not a task definition: key \'containerDefintions\' is no key of a task-definition document; '
      .. 'did you mean "containerDefinitions"?', err)
    r = assert(ecsnet.validate('{"family": "a", "containerDefintions": [{"name": "a"}]}'))
    assert.matches("did you mean 'containerDefinitions'%?$", typos(r)[1])
  end)

  it("flags no key of the 61 real task definitions of the corpus", function()
    local p = assert(io.popen("ls ../shared/corpus/taskdefs/*.json"))
    local n = 0
    for name in p:lines() do
      local f = assert(io.open(name, "rb"))
      local r = assert(ecsnet.validate(f:read("*a")))
      f:close()
      assert.same({}, typos(r), name)
      n = n + 1
    end
    p:close()
    assert.equals(61, n)
  end)

  it("src/ecsnet_shapes.c is the output of tools/gen-shapes.py", function()
    local p = assert(io.popen("python3 tools/gen-shapes.py ../shared/reference/ecs-api-shapes-2026-08.json -"))
    local out = p:read("*a")
    p:close()
    local f = assert(io.open("src/ecsnet_shapes.c", "rb"))
    local text = f:read("*a")
    f:close()
    assert.is_true(#out > 1000)
    assert.equals(out, text)
  end)
end)
