-- AWS::ECS::Service resources of CloudFormation templates: the service rules ECS036-ECS050
-- (docs/reference.md §5.1-§5.4, §8.1, §8.5), how a service's task definition and target groups
-- are resolved, and what stays unknown (docs/DEVELOPING.md, decision 4).
local ecsnet = require "ecsnet"
local cjson = require "cjson"

local read = require("report_helper").fixture

local find = require("report_helper").find

local function rules(r, severity)
  local t = {}
  for _, d in ipairs(r.diagnostics) do
    if d.severity == severity then t[#t + 1] = d.rule end
  end
  table.sort(t)
  return t
end

-- A template: a Fargate task definition 'Web' (container web, port 80 named http), an ip
-- target group 'ApiTg' and a FARGATE service 'Api' sending to web:80; edit() changes it.
local function template(edit)
  local t = cjson.decode(read("services/ECS042-load-balancer-target-type-valid.json"))
  local res = t.Resources
  if edit then edit(res.Api.Properties, res.Web.Properties, res.ApiTg.Properties, res) end
  return assert(ecsnet.validate(cjson.encode(t), { positions = true }))
end

describe("services in CloudFormation templates", function()
  it("finds the five defects of one template, each naming both resources (§8.1)", function()
    local r = assert(ecsnet.validate(read("services/five-defects.yaml"), { positions = true }))
    assert.same({ "ECS032", "ECS038", "ECS041", "ECS042", "ECS046" }, rules(r, "error"))
    local d = find(r, "ECS042", "/Resources/ApiTg/Properties/TargetType")
    assert.equals("service Api: target group ApiTg has target type instance; the task definition Web "
      .. "uses awsvpc, which registers IP targets: set TargetType to ip", d.message)
    assert.equals(26, d.line)
    assert.equals(19, d.column)   -- the value "instance"
    assert.equals("The container web did not have a container port 8080 defined.",
      find(r, "ECS041").aws_message)
    assert.equals("Assign public IP is not supported for this launch type.", find(r, "ECS038").aws_message)
    local s = r.services[1]
    assert.equals(1, #r.services)
    assert.same({ name = "Api", pointer = "/Resources/Api", taskdef = 1, launch_type = "EC2" },
      { name = s.name, pointer = s.pointer, taskdef = s.taskdef, launch_type = s.launch_type })
    assert.is_table(s.deployment)   -- what it declares of its deployment (§8.8)
  end)

  it("gives the same diagnostics for a Lua table as for the text", function()
    local text = read("services/ECS041-load-balancer-container-invalid.json")
    local a, b = ecsnet.validate(text), ecsnet.validate(cjson.decode(text))
    assert.same(rules(a, "error"), rules(b, "error"))
    assert.equals(find(a, "ECS041").message, find(b, "ECS041").message)
  end)

  describe("the task definition", function()
    it("is resolved by Ref and by Fn::GetAtt (both forms)", function()
      for _, ref in ipairs({ { Ref = "Web" }, { ["Fn::GetAtt"] = { "Web", "TaskDefinitionArn" } },
                             { ["Fn::GetAtt"] = "Web.TaskDefinitionArn" } }) do
        local r = template(function(s) s.TaskDefinition = ref; s.NetworkConfiguration = nil end)
        assert.is_table(find(r, "ECS036"), cjson.encode(ref))
        assert.equals(1, r.services[1].taskdef)
      end
    end)

    it("given by ARN, parameter or import is unknown: one info, and the rules needing none still run", function()
      for _, td in ipairs({ "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3", { Ref = "TaskDefArn" },
                            { ["Fn::ImportValue"] = "web-td" } }) do
        local r = template(function(s)
          s.TaskDefinition = td
          s.NetworkConfiguration.AwsvpcConfiguration.Subnets = {}
          for i = 1, 17 do s.NetworkConfiguration.AwsvpcConfiguration.Subnets[i] = "subnet-" .. i end
        end)
        local d = find(r, "ECS024", "/Resources/Api/Properties/TaskDefinition")
        assert.equals("info", d.severity)
        assert.matches("not a task definition of this template", d.message, 1, true)
        assert.same({ "ECS037" }, rules(r, "error"))
        assert.is_nil(r.services[1].taskdef)
      end
    end)

    it("whose NetworkMode is Fn::If skips the mode rules", function()
      local r = template(function(s, td, tg)
        td.NetworkMode = { ["Fn::If"] = { "Fargate", "awsvpc", "bridge" } }
        s.NetworkConfiguration = nil
        tg.TargetType = "instance"
      end)
      assert.same({}, rules(r, "error"))
    end)

    it("with port mappings under Fn::If: the load balancer's port is unknown, not missing", function()
      local r = template(function(s, td)
        td.ContainerDefinitions[1].PortMappings = { ["Fn::If"] = { "C", { { ContainerPort = 80 } }, {} } }
        s.LoadBalancers[1].ContainerPort = 8080
        s.VpcLatticeConfigurations = { { PortName = "x", RoleArn = "r", TargetGroupArn = "t" } }
      end)
      assert.same({}, rules(r, "error"))
    end)
  end)

  describe("network configuration (ECS036-ECS038)", function()
    it("refuses one for a bridge task definition, with AWS's text", function()
      local r = template(function(s, td, tg)
        td.NetworkMode = "bridge"; td.RequiresCompatibilities = { "EC2" }
        s.LaunchType = "EC2"; tg.TargetType = "instance"
      end)
      local d = find(r, "ECS036", "/Resources/Api/Properties/NetworkConfiguration")
      assert.equals("Network Configuration is not valid for the given networkMode of this task definition.",
        d.aws_message)
    end)

    it("takes an empty NetworkConfiguration as none", function()
      local r = template(function(s) s.NetworkConfiguration = {} end)
      assert.is_table(find(r, "ECS036", "/Resources/Api/Properties"))
      r = template(function(s, td, tg)
        td.NetworkMode = "bridge"; td.RequiresCompatibilities = { "EC2" }
        s.LaunchType = "EC2"; s.NetworkConfiguration = {}; tg.TargetType = "instance"
      end)
      assert.is_nil(find(r, "ECS036"))
    end)

    it("counts Fn::If entries as possibly absent, and allows 5 security groups", function()
      local r = template(function(s)
        local a = s.NetworkConfiguration.AwsvpcConfiguration
        a.SecurityGroups = { "sg-1", "sg-2", "sg-3", "sg-4", "sg-5",
                             { ["Fn::If"] = { "C", "sg-6", { Ref = "AWS::NoValue" } } } }
      end)
      assert.is_nil(find(r, "ECS037"))
      r = template(function(s)
        s.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups = { "1", "2", "3", "4", "5", "6" }
      end)
      assert.matches("lists 6 security groups", find(r, "ECS037").message, 1, true)
    end)

    it("refuses a public IP on EC2 through an Auto Scaling capacity provider, not on Fargate or unknown", function()
      local function with(strategy)
        return template(function(s, td, _, res)
          td.RequiresCompatibilities = { "EC2" }
          s.LaunchType = nil
          s.CapacityProviderStrategy = strategy
          s.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp = "ENABLED"
          res.Cp = { Type = "AWS::ECS::CapacityProvider",
                     Properties = { AutoScalingGroupProvider = { AutoScalingGroupArn = "asg" } } }
        end)
      end
      assert.is_table(find(with({ { CapacityProvider = { Ref = "Cp" }, Weight = 1 } }), "ECS038"))
      assert.is_nil(find(with({ { CapacityProvider = "FARGATE_SPOT", Weight = 1 } }), "ECS038"))
      assert.is_nil(find(with(nil), "ECS038"))   -- the cluster's default strategy decides
      assert.is_nil(find(with({ { CapacityProvider = "my-provider", Weight = 1 } }), "ECS038"))
    end)
  end)

  describe("launch types (ECS039, ECS040)", function()
    it("warns when a FARGATE service runs an awsvpc task definition that lists only EC2", function()
      local r = template(function(_, td) td.RequiresCompatibilities = { "EC2" } end)
      assert.equals("warning", find(r, "ECS039", "/Resources/Api/Properties/LaunchType").severity)
    end)

    it("refuses Service Connect on ECS Anywhere only when it is enabled", function()
      local function with(enabled)
        return template(function(s, td, _, res)
          td.NetworkMode = "bridge"; td.RequiresCompatibilities = { "EXTERNAL" }; td.Cpu = nil
          s.LaunchType = "EXTERNAL"; s.NetworkConfiguration = nil; s.LoadBalancers = nil
          s.ServiceConnectConfiguration = { Enabled = enabled, Namespace = "ns" }
          res.ApiTg = nil
        end)
      end
      assert.is_table(find(with(true), "ECS040", "/Resources/Api/Properties/ServiceConnectConfiguration"))
      assert.is_nil(find(with(false), "ECS040"))
    end)
  end)

  describe("load balancers (ECS041-ECS045)", function()
    it("names a container the task definition lacks", function()
      local r = template(function(s) s.LoadBalancers[1].ContainerName = "api" end)
      assert.matches("names container 'api', which the task definition Web does not have",
        find(r, "ECS041", "/Resources/Api/Properties/LoadBalancers/0/ContainerName").message, 1, true)
    end)

    it("takes an absent TargetType as instance (the ELB default)", function()
      local r = template(function(_, _, tg) tg.TargetType = nil end)
      local d = find(r, "ECS042", "/Resources/ApiTg/Properties")
      assert.matches("has target type instance (the default)", d.message, 1, true)
    end)

    it("reports a target group once per service, however many entries use it", function()
      local r = template(function(s, _, tg)
        tg.TargetType = "instance"
        s.LoadBalancers[2] = { ContainerName = "web", ContainerPort = 80, TargetGroupArn = { Ref = "ApiTg" } }
      end)
      assert.same({ "ECS042" }, rules(r, "error"))
    end)

    it("refuses a Classic Load Balancer with awsvpc", function()
      local r = template(function(s)
        s.LoadBalancers = { { LoadBalancerName = "clb", ContainerName = "web", ContainerPort = 80 } }
      end)
      assert.is_table(find(r, "ECS042", "/Resources/Api/Properties/LoadBalancers/0/LoadBalancerName"))
    end)

    it("accepts a fixed health-check port with a static host port, and traffic-port with a dynamic one", function()
      local function bridge(host_port, hc)
        return template(function(s, td, tg)
          td.NetworkMode = "bridge"; td.RequiresCompatibilities = { "EC2" }; td.Cpu = nil
          td.ContainerDefinitions[1].PortMappings[1].HostPort = host_port
          s.LaunchType = "EC2"; s.NetworkConfiguration = nil
          tg.TargetType = "instance"; tg.HealthCheckPort = hc
        end)
      end
      assert.is_nil(find(bridge(8080, "7000"), "ECS044"))
      assert.is_nil(find(bridge(0, "traffic-port"), "ECS044"))
      assert.is_nil(find(bridge(nil, nil), "ECS044"))
      assert.is_nil(find(bridge(0, { Ref = "HcPort" }), "ECS044"))
      assert.is_table(find(bridge(nil, 7000), "ECS044"))   -- absent HostPort in bridge is dynamic
      local r = template(function(s, td, tg)   -- a health endpoint on a static host port of the task
        td.NetworkMode = "bridge"; td.RequiresCompatibilities = { "EC2" }; td.Cpu = nil
        td.ContainerDefinitions[1].PortMappings[2] = { ContainerPort = 8081, HostPort = 8081 }
        s.LaunchType = "EC2"; s.NetworkConfiguration = nil
        tg.TargetType = "instance"; tg.HealthCheckPort = "8081"
      end)
      assert.is_nil(find(r, "ECS044"))
    end)

    it("makes a protocol mismatch an error in bridge mode, a warning elsewhere", function()
      local r = template(function(_, td, tg)
        td.ContainerDefinitions[1].PortMappings[1].Protocol = "udp"
        td.ContainerDefinitions[1].PortMappings[1].Name = nil
        tg.Protocol = "TCP"
      end)
      assert.equals("warning", find(r, "ECS045").severity)
      r = template(function(s, td, tg)
        td.NetworkMode = "bridge"; td.RequiresCompatibilities = { "EC2" }; td.Cpu = nil
        td.ContainerDefinitions[1].PortMappings[1].Name = nil
        s.LaunchType = "EC2"; s.NetworkConfiguration = nil
        tg.TargetType = "instance"; tg.Protocol = "UDP"
      end)
      assert.equals("error", find(r, "ECS045", "/Resources/ApiTg/Properties/Protocol").severity)
    end)
  end)

  describe("service registries (ECS047, docs/reference.md §5.2)", function()
    local function registry(record, mode, entry)
      return template(function(s, td, _, res)
        if mode ~= "awsvpc" then
          td.NetworkMode = mode; td.RequiresCompatibilities = { "EC2" }; td.Cpu = nil
          s.LaunchType = "EC2"; s.NetworkConfiguration = nil; s.LoadBalancers = nil
        end
        res.Sd = { Type = "AWS::ServiceDiscovery::Service", Properties = { DnsConfig = {
          DnsRecords = record and { { Type = record, TTL = 10 } } or nil, NamespaceId = "ns" } } }
        entry.RegistryArn = { ["Fn::GetAtt"] = { "Sd", "Arn" } }
        s.ServiceRegistries = { entry }
      end)
    end
    it("needs SRV with ContainerName and ContainerPort in bridge and host mode", function()
      assert.is_nil(find(registry("SRV", "bridge", { ContainerName = "web", ContainerPort = 80 }), "ECS047"))
      assert.matches("need ContainerName and ContainerPort",
        find(registry("SRV", "host", {}), "ECS047").message, 1, true)
      assert.matches("has A records", find(registry("A", "bridge", {}), "ECS047").message, 1, true)
    end)
    it("takes A records, or SRV with Port alone, in awsvpc (Copilot), not Port and ContainerPort", function()
      assert.is_nil(find(registry("A", "awsvpc", {}), "ECS047"))
      assert.is_nil(find(registry("SRV", "awsvpc", { Port = 80 }), "ECS047"))
      assert.is_table(find(registry("SRV", "awsvpc", { ContainerName = "web", ContainerPort = 80, Port = 80 }),
        "ECS047", "/Resources/Api/Properties/ServiceRegistries/0/Port"))
    end)
    it("names a container and a mapped port, and skips a registry it cannot see", function()
      assert.matches("the service registry sends to port 81",
        find(registry("SRV", "bridge", { ContainerName = "web", ContainerPort = 81 }), "ECS047").message, 1, true)
      local r = template(function(s, td)
        td.NetworkMode = "bridge"; td.RequiresCompatibilities = { "EC2" }; td.Cpu = nil
        s.LaunchType = "EC2"; s.NetworkConfiguration = nil; s.LoadBalancers = nil
        s.ServiceRegistries = { { RegistryArn = "arn:aws:servicediscovery:us-east-1:1:service/srv-1" } }
      end)
      assert.is_nil(find(r, "ECS047"))
    end)
  end)

  it("warns when a load balancer's port is mapped for tcp and udp (ECS030, §6.1)", function()
    local r = template(function(_, td)
      td.ContainerDefinitions[1].PortMappings[2] = { ContainerPort = 80, Protocol = "udp" }
    end)
    assert.equals("warning", find(r, "ECS030", "/Resources/Api/Properties/LoadBalancers/0/ContainerPort").severity)
  end)

  describe("port names (ECS032, ECS017, ECS046)", function()
    it("checks Service Connect only when enabled, and needs tcp", function()
      local r = template(function(s)
        s.ServiceConnectConfiguration = { Enabled = false, Services = { { PortName = "nope" } } }
      end)
      assert.is_nil(find(r, "ECS032"))
      r = template(function(s, td)
        td.ContainerDefinitions[1].PortMappings[2] = { ContainerPort = 53, Protocol = "udp", Name = "dns" }
        s.ServiceConnectConfiguration = { Enabled = true, Services = { { PortName = "dns" } } }
      end)
      assert.is_table(find(r, "ECS017", "/Resources/Api/Properties/ServiceConnectConfiguration/Services/0/PortName"))
    end)

    it("skips a port name when a mapping's name is unknown", function()
      local r = template(function(s, td)
        td.ContainerDefinitions[1].PortMappings[1].Name = { Ref = "PortName" }
        s.VpcLatticeConfigurations = { { PortName = "grpc", RoleArn = "r", TargetGroupArn = "t" } }
      end)
      assert.is_nil(find(r, "ECS046"))
    end)
  end)

  it("reads a template with services and no task definition", function()
    local r = assert(ecsnet.validate(cjson.encode { Resources = { S = { Type = "AWS::ECS::Service",
      Properties = { TaskDefinition = "arn:aws:ecs:us-east-1:1:task-definition/x:1", LaunchType = "EC2",
        NetworkConfiguration = { AwsvpcConfiguration = { Subnets = { "s" }, AssignPublicIp = "ENABLED" } } } } } }))
    assert.equals(0, #(r.taskdefs or {}))
    assert.equals(1, #r.services)
    assert.same({ "ECS038" }, rules(r, "error"))
  end)
end)
