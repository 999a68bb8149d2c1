-- Checking ECS services with their task definitions (docs/reference.md §8.1, §8.5): a
-- CloudFormation template with a service, its task definition and its target group, then the
-- same service as AWS CLI JSON (create-service input) with ecsnet.validate_service.
--   LUA_PATH="lua/?.lua;;" LUA_CPATH="build/gcc/lua5.4/?.so;;" lua5.4 examples/services.lua
local ecsnet = require "ecsnet"

-- A template as CDK or a hand-written stack would have it: an awsvpc task definition on
-- Fargate, behind an ALB target group that forgot TargetType (the default is instance).
local template = {
  Resources = {
    Web = { Type = "AWS::ECS::TaskDefinition", Properties = {
      Family = "web", NetworkMode = "awsvpc", RequiresCompatibilities = { "FARGATE" },
      Cpu = "256", Memory = "512",
      ContainerDefinitions = { { Name = "web", Image = "nginx",
        PortMappings = { { ContainerPort = 8080, Name = "http" } } } } } },
    ApiTg = { Type = "AWS::ElasticLoadBalancingV2::TargetGroup", Properties = {
      Port = 80, Protocol = "HTTP", VpcId = "vpc-0123456789abcdef0" } },
    Api = { Type = "AWS::ECS::Service", Properties = {
      LaunchType = "FARGATE", TaskDefinition = { Ref = "Web" }, DesiredCount = 2,
      NetworkConfiguration = { AwsvpcConfiguration = { Subnets = { "subnet-0123456789abcdef0" } } },
      LoadBalancers = { { ContainerName = "web", ContainerPort = 8080, TargetGroupArn = { Ref = "ApiTg" } } },
      ServiceConnectConfiguration = { Enabled = true, Namespace = "internal",
        Services = { { PortName = "api" } } } } },
  },
}

local report = assert(ecsnet.validate(template))
print("== template: " .. #report.services .. " service(s), " .. (report.ok and "valid" or "invalid"))
print(tostring(report))
local got = {}
for _, d in ipairs(report:filter("error")) do got[#got + 1] = d.rule end
-- the Service Connect port name (ECS032) and the target group (ECS042), in key order
assert(table.concat(got, " ") == "ECS032 ECS042", table.concat(got, " "))

-- The same service for `aws ecs create-service --cli-input-json`, on EC2 with a public IP,
-- checked against the task definition of the template (any shape ecsnet.validate reads).
local service = {
  cluster = "default", serviceName = "api", taskDefinition = "web:1", launchType = "EC2",
  networkConfiguration = { awsvpcConfiguration = { subnets = { "subnet-0123456789abcdef0" },
    assignPublicIp = "ENABLED" } },
  loadBalancers = { { targetGroupArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/1",
    containerName = "web", containerPort = 80 } },
}
local taskdef = { family = "web", networkMode = "awsvpc", requiresCompatibilities = { "EC2" },
  containerDefinitions = { { name = "web", image = "nginx", memory = 256,
    portMappings = { { containerPort = 8080 } } } } }
report = assert(ecsnet.validate_service(service, taskdef))
print()
print("== create-service input: " .. (report.ok and "valid" or "invalid"))
print(tostring(report))
got = {}
for _, d in ipairs(report:filter("error")) do got[#got + 1] = d.rule end
-- a public IP on EC2 (ECS038), a load-balancer port the container does not map (ECS041)
assert(table.concat(got, " ") == "ECS041 ECS038", table.concat(got, " "))
