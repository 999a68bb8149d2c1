-- Services as AWS CLI JSON (shape "service": create-service and update-service input,
-- describe-services output) and ecsnet.validate_service(service, taskdef, options): the service
-- rules of docs/reference.md §8.1, §8.5 against a task definition given alongside.
local ecsnet = require "ecsnet"
local cjson = require "cjson"

local TD = {
  family = "web", networkMode = "awsvpc", requiresCompatibilities = { "FARGATE" }, cpu = "256", memory = "512",
  containerDefinitions = { { name = "web", image = "nginx",
    portMappings = { { containerPort = 80, name = "http" } } } },
}
local BRIDGE = {
  family = "web", containerDefinitions = { { name = "web", image = "nginx", memory = 256,
    portMappings = { { containerPort = 80, hostPort = 0 } } } },
}

local function service(edit)
  local s = {
    cluster = "default", serviceName = "api", taskDefinition = "web:3", desiredCount = 2, launchType = "FARGATE",
    networkConfiguration = { awsvpcConfiguration = { subnets = { "subnet-1" }, securityGroups = { "sg-1" },
      assignPublicIp = "ENABLED" } },
    loadBalancers = { { targetGroupArn = "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/api/1",
      containerName = "web", containerPort = 80 } },
    serviceConnectConfiguration = { enabled = true, namespace = "internal", services = { { portName = "http" } } },
  }
  if edit then edit(s) end
  return s
end

local function errors(r)
  local t = {}
  for _, d in ipairs(r.diagnostics) do if d.severity == "error" then t[#t + 1] = d.rule .. " " .. d.pointer end end
  table.sort(t)
  return t
end

describe("ecsnet.validate_service (docs/reference.md §8.1)", function()
  it("accepts a valid create-service input with its task definition", function()
    local r = assert(ecsnet.validate_service(service(), TD))
    assert.equals("service", r.shape)
    assert.is_true(r.ok, tostring(r))
    local s = r.services[1]
    assert.equals(1, #r.services)
    assert.same({ name = "api", pointer = "", launch_type = "FARGATE" },
      { name = s.name, pointer = s.pointer, taskdef = s.taskdef, launch_type = s.launch_type })
  end)

  it("knows a service by a key only CreateService takes, without serviceName", function()
    -- ecspresso keeps service definitions such as {"schedulingStrategy": "DAEMON"} (its CI's
    -- ecs-service-def-daemon.json) and fills in the rest itself
    for _, doc in ipairs { '{"schedulingStrategy": "DAEMON"}', '{"deploymentConfiguration": {"maximumPercent": 200}}',
      '{"deploymentController": {"type": "ECS"}}', '{"healthCheckGracePeriodSeconds": 30}',
      '{"serviceRegistries": []}', '{"serviceConnectConfiguration": {"enabled": false}}',
      '{"vpcLatticeConfigurations": []}' } do
      local r = assert(ecsnet.validate(doc))
      assert.equals("service", r.shape, doc)
    end
    -- a hint alone is not enough, and a task definition's keys win
    assert.is_nil(ecsnet.validate('{"desiredCount": 2}'))
    assert.equals("register", assert(ecsnet.validate(cjson.encode(TD))).shape)
    local r = assert(ecsnet.validate_service('{"schedulingStrategy": "DAEMON"}', BRIDGE))
    assert.same({}, errors(r))
  end)

  it("runs Managed Instances services through a capacity-provider strategy, not launchType (§8.5)", function()
    local mi = { family = "web", networkMode = "awsvpc", requiresCompatibilities = { "MANAGED_INSTANCES" },
      cpu = "256", memory = "512", containerDefinitions = { { name = "web", image = "nginx",
        portMappings = { { containerPort = 80, name = "http" } } } } }
    local function mi_service(edit)
      return service(function(s)
        s.networkConfiguration.awsvpcConfiguration.assignPublicIp = nil
        s.loadBalancers, s.serviceConnectConfiguration = nil, nil
        edit(s)
      end)
    end
    local r = assert(ecsnet.validate_service(mi_service(function(s) s.launchType = "MANAGED_INSTANCES" end), mi))
    assert.same({ "ECS049 /launchType" }, errors(r))
    assert.matches("only through a capacityProviderStrategy", r:filter("ECS049")[1].message, 1, true)
    r = assert(ecsnet.validate_service(mi_service(function(s)
      s.launchType = nil
      s.capacityProviderStrategy = { { capacityProvider = "mi-provider", weight = 1 } }
    end), mi))
    assert.same({}, errors(r))
  end)

  it("finds the defects, in camelCase pointers, from text with line and column", function()
    local text = cjson.encode(service(function(s)
      s.launchType = "EC2"
      s.loadBalancers[1].containerPort = 8080
      s.serviceConnectConfiguration.services[1].portName = "api"
    end))
    local r = assert(ecsnet.validate_service(text, cjson.encode(TD)))
    assert.same({ "ECS032 /serviceConnectConfiguration/services/0/portName",
      "ECS038 /networkConfiguration/awsvpcConfiguration/assignPublicIp",
      "ECS041 /loadBalancers/0/containerPort" }, errors(r))
    for _, d in ipairs(r.diagnostics) do assert.is_number(d.line) end
    assert.matches("set assignPublicIp to DISABLED", r:filter("ECS038")[1].message, 1, true)
  end)

  it("refuses a network configuration for a bridge task definition, and needs one for awsvpc", function()
    local r = assert(ecsnet.validate_service(service(function(s)
      s.launchType = "EC2"; s.networkConfiguration.awsvpcConfiguration.assignPublicIp = nil
      s.serviceConnectConfiguration = nil
    end), BRIDGE))
    assert.same({ "ECS036 /networkConfiguration" }, errors(r))
    r = assert(ecsnet.validate_service(service(function(s) s.networkConfiguration = nil end), TD))
    assert.same({ "ECS036 " }, errors(r))
  end)

  it("reads where the tasks run from a capacity-provider strategy of FARGATE and FARGATE_SPOT", function()
    local r = assert(ecsnet.validate_service(service(function(s)
      s.launchType = nil
      s.capacityProviderStrategy = { { capacityProvider = "FARGATE", weight = 1 },
                                     { capacityProvider = "FARGATE_SPOT", weight = 3 } }
    end), BRIDGE))
    assert.equals("FARGATE", r.services[1].launch_type)
    assert.is_table(r:filter("ECS039")[1])   -- a bridge task definition on Fargate
  end)

  it("takes an update-service input's absent fields as unchanged", function()
    local r = assert(ecsnet.validate_service({ cluster = "default", service = "api", desiredCount = 4 }, TD))
    assert.is_true(r.ok, tostring(r))
    assert.equals("api", r.services[1].name)
  end)

  it("checks each service of describe-services output", function()
    local out = { services = { service(), service(function(s)
      s.serviceName = "worker"; s.loadBalancers[1].containerName = "api"
    end) }, failures = {} }
    local r = assert(ecsnet.validate_service(out, TD))
    assert.equals(2, #r.services)
    assert.same({ "ECS041 /services/1/loadBalancers/0/containerName" }, errors(r))
  end)

  it("without a task definition: one info, and the rules that need none", function()
    local r = assert(ecsnet.validate_service(service(function(s) s.launchType = "EC2" end)))
    assert.same({ "ECS038 /networkConfiguration/awsvpcConfiguration/assignPublicIp" }, errors(r))
    assert.equals("ECS024", r:filter("info")[1].rule)
  end)

  it("is what ecsnet.validate reads as shape service, detected too", function()
    local text = cjson.encode(service(function(s) s.launchType = "EC2" end))
    local a = assert(ecsnet.validate(text))
    assert.equals("service", a.shape)
    assert.same(errors(a), errors(assert(ecsnet.validate_service(text))))
  end)

  it("needs one task definition, and gives nil, message for bad input", function()
    local r, err = ecsnet.validate_service(service(), { Resources = { A = { Type = "AWS::SQS::Queue" } } })
    assert.is_nil(r)
    assert.matches("no AWS::ECS::TaskDefinition", err)
    local two = { Resources = {
      A = { Type = "AWS::ECS::TaskDefinition", Properties = { ContainerDefinitions = { { Name = "a" } } } },
      B = { Type = "AWS::ECS::TaskDefinition", Properties = { ContainerDefinitions = { { Name = "b" } } } } } }
    assert.same({ nil, "the document holds 2 task definitions; give one" }, { ecsnet.validate_service(service(), two) })
    r, err = ecsnet.validate_service("[1]", TD)
    assert.is_nil(r)
    assert.matches("not a service", err)
    assert.has_error(function() ecsnet.validate_service(42) end)
  end)
end)
