-- The deployment rules of services, ECS059-ECS062 (docs/reference.md §8.8, §8.1, §2.6, §4.1):
-- what each service declares of its deployment (report.services[i].deployment), and the rules
-- beyond their fixtures (spec/fixtures/rules.lua): percentages, strategies, unknown values,
-- AWS CLI service documents.
local ecsnet = require "ecsnet"
local cjson = require "cjson"

local read = require("report_helper").fixture
local find = require("report_helper").find

-- The fixture of ECS059 (bridge, static host port 80, desired 2, MaxSize 3), edited.
local function fleet(edit)
  local t = cjson.decode(read("services/ECS059-rolling-deployment-stalls-valid.json"))
  local res = t.Resources
  edit(res.Api.Properties, res.Asg.Properties, res)
  return assert(ecsnet.validate(cjson.encode(t)))
end

local function deploy_rules(r)
  local t = {}
  for _, d in ipairs(r.diagnostics) do
    if d.rule >= "ECS059" and d.rule <= "ECS062" then t[#t + 1] = d.rule end
  end
  table.sort(t)
  return t
end

describe("service deployments (§8.8)", function()
  it("reads what the service declares into report.services[i].deployment", function()
    local r = fleet(function() end)
    local d = r.services[1].deployment
    assert.equals(2, d.desired_count)
    assert.equals(200, d.maximum_percent)
    assert.equals("ROLLING", d.strategy)
    assert.same({ max = 3, desired = 1, type = "c5.large", groups = "Asg",
                  subnets = { { id = "subnet-0123456789abcdef0" } } }, d.instances)
  end)

  it("a rolling deployment that stops an old task first proceeds (MinimumHealthyPercent < 100)", function()
    local r = fleet(function(sv, asg)
      asg.MaxSize = "2"
      sv.DeploymentConfiguration.MinimumHealthyPercent = 50
    end)
    assert.same({}, deploy_rules(r))
  end)

  it("MaximumPercent 100 with MinimumHealthyPercent 100 leaves no move, ports or not (§8.1)", function()
    local r = fleet(function(sv) sv.DeploymentConfiguration.MaximumPercent = 100 end)
    local d = find(r, "ECS059")
    assert.is_table(d)
    assert.matches("neither start a new task nor stop an old one", d.message)
  end)

  it("dynamic host ports need no free instance", function()
    local r = fleet(function(_, asg, res)
      asg.MaxSize = "2"
      res.Web.Properties.ContainerDefinitions[1].PortMappings[1].HostPort = 0
    end)
    assert.same({}, deploy_rules(r))
  end)

  it("LINEAR and CANARY are checked like BLUE_GREEN, saying the assumption (§8.1)", function()
    local r = fleet(function(sv) sv.DeploymentConfiguration = { Strategy = "LINEAR" } end)
    local d = find(r, "ECS060")
    assert.is_table(d)
    assert.matches("assumed", d.message)
  end)

  it("skips what the template does not give: a parameter, an import, a strategy by parameter", function()
    assert.same({}, deploy_rules(fleet(function(sv, asg)
      asg.MaxSize = "2"
      sv.DesiredCount = { Ref = "Count" }
    end)))
    assert.same({}, deploy_rules(fleet(function(sv, asg)
      asg.MaxSize = "2"
      sv.DeploymentConfiguration.MinimumHealthyPercent = { Ref = "Min" }
    end)))
    assert.same({ "ECS061" }, deploy_rules(fleet(function(_, asg)
      asg.MaxSize = { ["Fn::ImportValue"] = "max" }
    end)))
  end)

  it("counts the addresses of subnets cut by Fn::Cidr from the VPC's block (§4.1)", function()
    local t = cjson.decode(read("services/ECS062-deployment-subnet-addresses-valid.json"))
    t.Resources.SubnetA.Properties.CidrBlock = { ["Fn::Select"] = { 1, { ["Fn::Cidr"] = {
      { ["Fn::GetAtt"] = { "Vpc", "CidrBlock" } }, 4, 4 } } } }   -- 10.0.0.16/28, 11 usable
    local r = assert(ecsnet.validate(cjson.encode(t)))
    assert.equals("10.0.0.16/28", r.services[1].deployment.subnets[1].cidr)
    assert.is_table(find(r, "ECS062", "/Resources/Api/Properties/NetworkConfiguration"))
  end)

  it("counts a subnet named twice once", function()
    local t = cjson.decode(read("services/ECS062-deployment-subnet-addresses-invalid.json"))
    local a = t.Resources.Api.Properties.NetworkConfiguration.AwsvpcConfiguration
    a.Subnets = { { Ref = "SubnetA" }, { Ref = "SubnetA" } }   -- 11 usable, not 22
    assert.is_table(find(assert(ecsnet.validate(cjson.encode(t))), "ECS062"))
  end)

  it("ROLLING counts its surge: floor(desired x MaximumPercent / 100) addresses", function()
    local t = cjson.decode(read("services/ECS062-deployment-subnet-addresses-invalid.json"))
    t.Resources.Api.Properties.DeploymentConfiguration = { MaximumPercent = 150, MinimumHealthyPercent = 100 }
    t.Resources.Api.Properties.DesiredCount = 8   -- 12 at the peak, 11 usable
    assert.is_table(find(assert(ecsnet.validate(cjson.encode(t))), "ECS062"))
    t.Resources.Api.Properties.DesiredCount = 7   -- 10 at the peak
    assert.is_nil(find(assert(ecsnet.validate(cjson.encode(t))), "ECS062"))
  end)

  it("CANARY's two revisions in the subnets are an assumption, and say so (§8.1)", function()
    local t = cjson.decode(read("services/ECS062-deployment-subnet-addresses-invalid.json"))
    t.Resources.Api.Properties.DeploymentConfiguration = { Strategy = "CANARY" }
    local d = find(assert(ecsnet.validate(cjson.encode(t))), "ECS062")
    assert.matches("CANARY deployment runs (assumed", d.message, 1, true)
  end)

  it("an AWS CLI service with static host ports: the instances are not declared (info)", function()
    local td = { family = "proxy", networkMode = "bridge", containerDefinitions = {
      { name = "proxy", image = "nginx", memory = 256, portMappings = { { containerPort = 80, hostPort = 80 } } } } }
    local svc = { serviceName = "proxy", desiredCount = 3, launchType = "EC2",
                  deploymentConfiguration = { maximumPercent = 200, minimumHealthyPercent = 100 } }
    local r = assert(ecsnet.validate_service(cjson.encode(svc), cjson.encode(td)))
    local d = find(r, "ECS061", "/deploymentConfiguration")
    assert.is_table(d)
    assert.equals("info", d.severity)
    assert.matches("at least 4 instances", d.message)
  end)

  it("gives no deployment warning on the real inputs (cdk, cfn-yaml, aws-cli)", function()
    local files = {}
    for _, dir in ipairs { "cdk/cdk.out", "cfn-yaml", "aws-cli" } do
      local p = io.popen("ls spec/fixtures/" .. dir)
      for f in p:lines() do
        if f:match("%.json$") or f:match("%.ya?ml$") then files[#files + 1] = dir .. "/" .. f end
      end
      p:close()
    end
    assert.is_true(#files > 30)
    for _, f in ipairs(files) do
      local r = ecsnet.validate(read(f))
      for _, d in ipairs(r and r.diagnostics or {}) do
        if d.rule >= "ECS059" and d.rule <= "ECS062" then
          assert.equals("info", d.severity, f .. ": " .. d.message)
        end
      end
    end
  end)
end)
