-- The service rules (ECS036-ECS050, and ECS032/ECS017 from a service) over the real stacks of
-- spec/fixtures/REAL-INPUTS.md: synthesized CDK patterns, AWS samples and reference
-- architectures, Copilot's generated stacks. Every one is a valid deployment, so none may get an
-- error (a false error is the worst outcome: docs/reference.md §8.5). Mutations of a few of them
-- show that the rules really ran there and were not skipped.
local ecsnet = require "ecsnet"
local cjson = require "cjson"

local FIX = "spec/fixtures/"

local read = require("report_helper").read

local function ls(dir, pattern)
  local list = {}
  local p = assert(io.popen("ls -A " .. dir .. " 2>/dev/null"))
  for line in p:lines() do
    if line:match(pattern) then list[#list + 1] = dir .. line end
  end
  p:close()
  table.sort(list)
  return list
end

local SERVICE_RULES = {}
for i = 36, 50 do SERVICE_RULES[string.format("ECS%03d", i)] = true end

local function templates()
  local files = ls(FIX .. "cdk/cdk.out/", "%.template%.json$")
  for _, f in ipairs(ls(FIX .. "cfn-yaml/", "%.ya?ml$")) do files[#files + 1] = f end
  for _, f in ipairs(ls(FIX .. "cfn-yaml/", "%.json$")) do files[#files + 1] = f end
  for _, f in ipairs(ls(FIX .. "real-stacks/", "%.ya?ml$")) do files[#files + 1] = f end
  for _, f in ipairs(ls(FIX .. "real-stacks/", "%.template$")) do files[#files + 1] = f end
  return files
end

-- The findings of the service rules, as "rule pointer" strings.
local function service_findings(r, severities)
  local out = {}
  for _, d in ipairs(r.diagnostics) do
    local from_service = SERVICE_RULES[d.rule] or
      ((d.rule == "ECS032" or d.rule == "ECS017") and d.message:find("^service "))
    if from_service and severities[d.severity] then out[#out + 1] = d.rule .. " " .. d.pointer end
  end
  table.sort(out)
  return out
end

local find = require("report_helper").find

-- Real stacks with a defect of their own (spec/fixtures/real-stacks/SOURCES.md says which): the
-- errors and warnings they must give, as "severity rule pointer"; every other real stack must
-- give none.
local KNOWN_DEFECTS = {
  -- the load balancer sends to container port 80, the container maps only 3000
  ["real-stacks/cpat-split-traffic-between-ec2-fargate-with-cloudformation--service-across-ec2-and-fargate.yml"] = {
    "error ECS041 /Resources/Ec2Service/Properties/LoadBalancers/0/ContainerPort",
    "error ECS041 /Resources/FargateService/Properties/LoadBalancers/0/ContainerPort",
  },
  -- Cpu and Memory twice in the task definition's properties: the last counts
  ["real-stacks/consul-service-consul-connect-greeter-fargate.yml"] = {
    "warning ECS034 /Resources/TaskDefinition/Properties/Cpu",
    "warning ECS034 /Resources/TaskDefinition/Properties/Memory",
  },
}

describe("services in the real stacks (spec/fixtures/REAL-INPUTS.md)", function()
  it("reads every AWS::ECS::Service of them, with its task definition", function()
    -- the services that name no task definition of their own template, and why
    local without = {
      -- the EXTERNAL deployment controller: task sets are made outside the service
      ["real-stacks/nlb-external-nlb-external-deployment-support.yaml Service"] = true,
      ["real-stacks/bg-external-2-AppStack.yaml EcsService"] = true,
      -- a custom resource's attribute (a Lambda registers the task definition)
      ["real-stacks/bg-codedeploy-ecs-service.yaml rEcsFargateService"] = true,
    }
    local n, unresolved = 0, {}
    for _, path in ipairs(templates()) do
      local r = ecsnet.validate(read(path))
      for _, s in ipairs(r and r.services or {}) do
        n = n + 1
        if not s.taskdef then unresolved[path:sub(#FIX + 1) .. " " .. s.name] = true end
      end
    end
    -- 24 in cdk.out, 22 in cfn-yaml (two of them JSON twins), 58 in real-stacks
    assert.equals(104, n)
    assert.same(without, unresolved)
  end)

  for _, path in ipairs(templates()) do
    local file = path:sub(#FIX + 1)
    if not KNOWN_DEFECTS[file] then
      it("gives no error and no warning on " .. file, function()
        local r, err = ecsnet.validate(read(path), { positions = true })
        if not r then   -- a network or cluster stack, the nested parent: no task definition at all
          assert.matches("has no AWS::ECS::TaskDefinition", err)
          return
        end
        assert.equals(0, r.counts.error, tostring(r))
        assert.equals(0, r.counts.warning, tostring(r))
      end)
    end
  end

  for file, want in pairs(KNOWN_DEFECTS) do
    it("finds the upstream defect of " .. file .. " and nothing else", function()
      local r = assert(ecsnet.validate(read(FIX .. file), { positions = true }))
      local got = {}
      for _, d in ipairs(r.diagnostics) do
        if d.severity ~= "info" then got[#got + 1] = d.severity .. " " .. d.rule .. " " .. d.pointer end
      end
      table.sort(got)
      assert.same(want, got)
    end)
  end

  it("gives the same service findings for the JSON twins as for the YAML", function()
    for _, stem in ipairs({ "awscfn-ec2-public-service", "awscfn-fargate-public-service" }) do
      local a = ecsnet.validate(read(FIX .. "cfn-yaml/" .. stem .. ".yaml"))
      local b = ecsnet.validate(read(FIX .. "cfn-yaml/" .. stem .. ".json"))
      assert.same(service_findings(a, { error = true, warning = true, info = true }),
        service_findings(b, { error = true, warning = true, info = true }))
      assert.equals(#a.services, #b.services)
    end
  end)

  describe("ecsnet check over the real folders (the command's own path)", function()
    local h = require "cli_helper"
    teardown(h.cleanup)

    it("finds the known defects and nothing else in cfn-yaml/ and real-stacks/", function()
      local code, out, err = h.run { "check", "--format", "json", FIX .. "cfn-yaml", FIX .. "real-stacks" }
      local doc = h.decode(out)
      assert.equals(1, code, err)   -- the ECS041 errors of the one invalid stack
      assert.equals(0, doc.summary.input_errors, out)
      local got = {}
      for _, f in ipairs(doc.files) do
        for _, td in ipairs(f.taskdefs or {}) do
          for _, d in ipairs(td.diagnostics) do
            if d.severity ~= "info" then got[#got + 1] = d.severity .. " " .. d.rule .. " " .. d.pointer end
          end
        end
      end
      table.sort(got)
      local want = {}
      for _, list in pairs(KNOWN_DEFECTS) do
        for _, x in ipairs(list) do want[#want + 1] = x end
      end
      table.sort(want)
      assert.same(want, got)
    end)

    -- A CodeDeploy AppSpec (version 0.0, its Resources a list) has a top-level Resources
    -- but is not CloudFormation: a folder walk skips and counts it, as it does Kubernetes
    -- and compose files (a folder of nothing else has nothing to check: exit 2); named on
    -- the command line it is still an input error.
    it("skips the CodeDeploy AppSpecs of a folder walk (real-other/), and refuses one named", function()
      local code, out = h.run { "check", "--format", "json", FIX .. "real-other" }
      local doc = h.decode(out)
      assert.equals(2, code, out)   -- a folder with nothing to check, as with only Kubernetes files
      assert.is_true(doc.summary.nothing_checked)
      assert.equals(0, doc.summary.input_errors)
      assert.equals(0, doc.summary.files)
      assert.equals(2, doc.summary.skipped_yaml_not_cloudformation)
      local one = ls(FIX .. "real-other/", "%.ya?ml$")[1]
      code, out = h.run { "check", "--format", "json", one }
      assert.equals(3, code, out)
      assert.matches('not a CloudFormation template: "Resources" must be an object', h.decode(out).files[1].error,
        1, true)
    end)
  end)

  describe("AWS CLI JSON with its task definition (spec/fixtures/aws-cli)", function()
    local DIR = FIX .. "aws-cli/"
    local pairs_ = {
      { "bluegreen-service-connect-service_backend.template.json",
        "bluegreen-service-connect-taskdef_backend.template.json" },
      { "bluegreen-service-connect-service_frontend.template.json",
        "bluegreen-service-connect-taskdef_frontend.template.json" },
      { "bluegreen-lifecycle-hooks-service_template.json", "bluegreen-lifecycle-hooks-taskdef_template.json" },
    }
    it("lists every file in its SOURCES.md", function()
      local sources = read(DIR .. "SOURCES.md")
      local files = ls(DIR, "%.json$")
      assert.equals(6, #files)
      for _, f in ipairs(files) do
        assert.truthy(sources:find("| `" .. f:sub(#DIR + 1) .. "` |", 1, true), f)
      end
    end)
    for _, p in ipairs(pairs_) do
      it("gives no service finding on " .. p[1], function()
        local r = assert(ecsnet.validate_service(read(DIR .. p[1]), read(DIR .. p[2]), { positions = true }))
        assert.equals("service", r.shape)
        assert.equals(0, r.counts.error, tostring(r))
        assert.equals(0, r.counts.warning, tostring(r))
        assert.equals(1, #r.services)
      end)
    end
    it("finds a Service Connect port name the task definition lacks, in the real pair", function()
      local text = read(DIR .. pairs_[1][1]):gsub('"portName": "http"', '"portName": "web"')
      local r = assert(ecsnet.validate_service(text, read(DIR .. pairs_[1][2]), { positions = true }))
      local d = find(r, "ECS032", "/serviceConnectConfiguration/services/0/portName")
      assert.equals("error", d.severity)
      assert.is_number(d.line)
    end)
  end)

  describe("the known traps stay clean (docs/reference.md §8.5)", function()
    local function clean(file)
      local r = assert(ecsnet.validate(read(FIX .. file)))
      assert.same({}, service_findings(r, { error = true, warning = true }))
      return r
    end
    it("CDK bridge with HostPort 0 behind an ALB, no HealthCheckPort (traffic-port)", function()
      local r = clean("cdk/cdk.out/EcsnetAlbEc2Bridge.template.json")
      assert.equals("EC2", r.services[1].launch_type)   -- through its Auto Scaling capacity provider
    end)
    it("a target group on port 80 in front of containers on 8000 and 8001 (refarch)", function()
      clean("cfn-yaml/refarch-website-service.yaml")
      clean("cfn-yaml/refarch-product-service.yaml")
    end)
    it("Copilot's HealthCheckPort 7000 without a mapping, on awsvpc", function()
      local text = read(FIX .. "cfn-yaml/copilot-backend-http-full-config.yml")
      assert.truthy(text:find("HealthCheckPort: 7000", 1, true))
      clean("cfn-yaml/copilot-backend-http-full-config.yml")
    end)
    it("a UDP target group with a TCP health check on another port (Copilot NLB)", function()
      clean("cfn-yaml/copilot-svc-nlb-test.stack.yml")
    end)
    it("Service Connect under Fn::If, and enabled with a named port (Copilot)", function()
      clean("cfn-yaml/copilot-svc-test.stack.yml")
      clean("cfn-yaml/copilot-backend-simple.yml")
    end)
    it("AssignPublicIp ENABLED in private subnets on Fargate", function()
      clean("cfn-yaml/awscfn-fargate-private-subnet-public-service.yaml")
    end)
    it("PidMode task on Linux Fargate (EcsnetMultiTargetGroups, CDK's PidMode.TASK), and host refused", function()
      -- API TaskDefinition, pidMode: "On Fargate for Linux containers, the only valid value is task"
      -- (docs/reference.md §2)
      local file = FIX .. "cdk/cdk.out/EcsnetMultiTargetGroups.template.json"
      local text = read(file)
      assert.truthy(text:find('"PidMode": "task"', 1, true))
      local r = assert(ecsnet.validate(text))
      assert.is_nil(find(r, "ECS028"))
      local host = assert(ecsnet.validate((text:gsub('"PidMode": "task"', '"PidMode": "host"'))))
      assert.equals("error", find(host, "ECS028").severity)
      local t = cjson.decode(text)
      for _, x in pairs(t.Resources) do
        if x.Type == "AWS::ECS::TaskDefinition" then
          x.Properties.RuntimePlatform.OperatingSystemFamily = "WINDOWS_SERVER_2022_CORE"
        end
      end
      local win = assert(ecsnet.validate(cjson.encode(t)))
      assert.equals("error", find(win, "ECS028").severity)
    end)
    it("a task definition whose NetworkMode is Fn::If, under a FARGATE and an EC2 service", function()
      local r = clean("cfn-yaml/refarch-cd-service.yaml")
      assert.equals(2, #r.services)
      assert.is_table(find(r, "ECS024", "/Resources/TaskDefinition/Properties/NetworkMode"))
    end)
  end)

  describe("mutations of real stacks are found (the rules ran there)", function()
    local function mutated(file, edit)
      local t = cjson.decode(read(FIX .. file))
      edit(t.Resources)
      return assert(ecsnet.validate(cjson.encode(t), { positions = true }))
    end
    local ALB_TG = "WebLBPublicListenerECSGroupB52EA5B2"

    it("ECS042: the ALB Fargate pattern with an instance target group", function()
      local r = mutated("cdk/cdk.out/EcsnetAlbFargate.template.json", function(res)
        res[ALB_TG].Properties.TargetType = "instance"
      end)
      local d = find(r, "ECS042", "/Resources/" .. ALB_TG .. "/Properties/TargetType")
      assert.is_table(d, tostring(r))
      assert.matches("service WebServiceD04B5F3E: target group " .. ALB_TG, d.message, 1, true)
    end)

    it("ECS044: the bridge pattern (HostPort 0) with a fixed health-check port", function()
      local r = mutated("cdk/cdk.out/EcsnetAlbEc2Bridge.template.json", function(res)
        res[ALB_TG].Properties.HealthCheckPort = "8080"
      end)
      assert.is_table(find(r, "ECS044", "/Resources/" .. ALB_TG .. "/Properties/HealthCheckPort"), tostring(r))
      local ok = mutated("cdk/cdk.out/EcsnetAlbEc2Bridge.template.json", function(res)
        res[ALB_TG].Properties.HealthCheckPort = "traffic-port"
      end)
      assert.is_nil(find(ok, "ECS044"))
    end)

    it("ECS036: the Fargate service without its NetworkConfiguration", function()
      local r = mutated("cdk/cdk.out/EcsnetAlbFargate.template.json", function(res)
        res.WebServiceD04B5F3E.Properties.NetworkConfiguration = nil
      end)
      local d = find(r, "ECS036", "/Resources/WebServiceD04B5F3E/Properties")
      assert.equals("Network Configuration must be provided when networkMode 'awsvpc' is specified.",
        d.aws_message)
    end)

    it("ECS032: the Service Connect server with a port name no mapping has", function()
      local r = mutated("cdk/cdk.out/EcsnetServiceConnect.template.json", function(res)
        for _, x in pairs(res) do
          local sc = x.Type == "AWS::ECS::Service" and x.Properties.ServiceConnectConfiguration
          if sc and sc.Services then sc.Services[1].PortName = "nope" end
        end
      end)
      local d = find(r, "ECS032")
      assert.equals("error", d.severity)
      assert.matches("/ServiceConnectConfiguration/Services/0/PortName$", d.pointer)
    end)

    it("ECS042: the EC2 awsvpc pattern (EcsnetEc2Patterns) with an instance target group", function()
      local tg = "ApiLBPublicListenerECSGroup45FF926A"
      local r = mutated("cdk/cdk.out/EcsnetEc2Patterns.template.json", function(res)
        res[tg].Properties.TargetType = "instance"
      end)
      assert.is_table(find(r, "ECS042", "/Resources/" .. tg .. "/Properties/TargetType"), tostring(r))
    end)

    it("ECS047: the host-mode SRV service (EcsnetEc2Patterns) without its container name", function()
      local r = mutated("cdk/cdk.out/EcsnetEc2Patterns.template.json", function(res)
        res.ExporterService4FF3E485.Properties.ServiceRegistries[1].ContainerName = nil
      end)
      local d = find(r, "ECS047")
      assert.is_table(d, tostring(r))
      assert.equals("error", d.severity)
    end)

    it("ECS004 and ECS040: the ECS Anywhere service (EcsnetEc2Patterns) in awsvpc, and behind a load balancer",
      function()
        local r = mutated("cdk/cdk.out/EcsnetEc2Patterns.template.json", function(res)
          res.ExternalTaskDef6CCBDB87.Properties.NetworkMode = "awsvpc"
        end)
        assert.is_table(find(r, "ECS004"), tostring(r))
        local lb = mutated("cdk/cdk.out/EcsnetEc2Patterns.template.json", function(res)
          res.EdgeService594DADB7.Properties.LoadBalancers = { { ContainerName = "edge", ContainerPort = 80,
            TargetGroupArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/0123456789abcdef" } }
        end)
        assert.is_table(find(lb, "ECS040"), tostring(lb))
      end)

    it("ECS048: a per-request timeout on the Service Connect port without appProtocol (EcsnetServiceConnectTls)",
      function()
        local r = mutated("cdk/cdk.out/EcsnetServiceConnectTls.template.json", function(res)
          local sc = res.SecureServiceA6BA360A.Properties.ServiceConnectConfiguration
          sc.Services[3].Timeout.PerRequestTimeoutSeconds = 10
        end)
        local d = find(r, "ECS048")
        assert.is_table(d, tostring(r))
        assert.matches("/ServiceConnectConfiguration/Services/2/", d.pointer, 1, true)
      end)

    it("ECS005: the Managed Instances task definition (EcsnetManagedInstances) without its network mode", function()
      local r = mutated("cdk/cdk.out/EcsnetManagedInstances.template.json", function(res)
        res.TaskDef54694570.Properties.NetworkMode = nil
      end)
      assert.is_table(find(r, "ECS005"), tostring(r))
    end)

    it("a CODE_DEPLOY service naming its task definition by family (EcsnetSpotDeploy) is checked against it",
      function()
        -- CDK writes TaskDefinition: "<family>" and DependsOn the task definition: its latest revision
        -- (docs/reference.md, Services in templates)
        local tg = "BlueGreenLBPublicListenerECSGroup46DD1B7C"
        local r = mutated("cdk/cdk.out/EcsnetSpotDeploy.template.json", function(res)
          res[tg].Properties.TargetType = "instance"
        end)
        assert.is_table(find(r, "ECS042", "/Resources/" .. tg .. "/Properties/TargetType"), tostring(r))
        -- without the dependency CloudFormation may create the service first: unknown, no finding
        local loose = mutated("cdk/cdk.out/EcsnetSpotDeploy.template.json", function(res)
          res[tg].Properties.TargetType = "instance"
          res.BlueGreenService0895FFB0.DependsOn = nil
        end)
        assert.is_nil(find(loose, "ECS042"))
        local d = find(loose, "ECS024", "/Resources/BlueGreenService0895FFB0/Properties/TaskDefinition")
        assert.matches("not a task definition of this template", d.message, 1, true)
      end)

    it("ECS041 in YAML: refarch's website service sending to a port it does not map, at its line", function()
      local text = read(FIX .. "cfn-yaml/refarch-website-service.yaml")
      local bad = text:gsub("ContainerPort: 8000\n", "ContainerPort: 8080\n", 1)
      assert.are_not.equal(text, bad)
      local r = assert(ecsnet.validate(bad, { positions = true }))
      local d = find(r, "ECS041", "/Resources/Service/Properties/LoadBalancers/0/ContainerPort")
      assert.is_table(d, tostring(r))
      assert.equals("A host port mapping for the container port 8080 is required.", d.aws_message)
      local before = bad:sub(1, (bad:find("ContainerPort: 8080\n", 1, true)))
      assert.equals(select(2, before:gsub("\n", "")) + 1, d.line)
    end)
  end)
end)
