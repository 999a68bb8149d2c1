-- ecsnet.plan_template and `ecsnet plan TEMPLATE`: a plan read from a CloudFormation template
-- (docs/plan-format.md "Plans read from templates"; facts: docs/reference.md §8.8, §8.1, §4.1).
local ecsnet = require "ecsnet"
local cjson = require "cjson"

local read = require("report_helper").fixture

local function example()
  local f = assert(io.open("examples/plans/template-ec2.yaml", "rb"))
  local text = f:read("*a")
  f:close()
  return text
end

local function by_code(notes, code)
  local out = {}
  for _, n in ipairs(notes) do
    if n.code == code then out[#out + 1] = n.message end
  end
  return out
end

describe("ecsnet.plan_template (§8.8)", function()
  it("reads services, deployments, subnets (Fn::Cidr, Fn::GetAZs) and the Auto Scaling group", function()
    local plan, notes = assert(ecsnet.plan_template(example()))
    assert.equals("c5.large", plan.instance_type)   -- the launch template's InstanceType
    assert.equals(6, plan.instances)                -- the group's MaxSize, said as assumed
    assert.equals(1, #by_code(notes, "TPL_ASSUMED"))
    assert.equals("10.40.0.0/16", plan.vpc)
    -- Fn::Select [i, Fn::Cidr [10.40.0.0/16, 4, 8]]: the i-th /24 from the start of the block
    assert.same({ { cidr = "10.40.0.0/24", az = "AZ #0", role = "both" },
                  { cidr = "10.40.1.0/24", az = "AZ #1", role = "both" } }, plan.subnets)
    local proxy, api = plan.services[1], plan.services[2]
    assert.equals("ProxyService", proxy.name)
    assert.equals(4, proxy.desired_count)
    assert.equals(150, proxy.maximum_percent)
    assert.equals(100, proxy.minimum_healthy_percent)
    assert.equals("bridge", proxy.taskdef.network_mode)
    assert.equals("BLUE_GREEN", api.strategy)
    assert.is_nil(api.maximum_percent)   -- ROLLING only (docs/plan-format.md)
    assert.equals("FARGATE", api.launch_type)
  end)

  it("plans it with the one plan reader: blue/green runs two revisions (§8.1)", function()
    local r = assert(ecsnet.plan((ecsnet.plan_template(example()))))
    assert.is_true(r.ok)
    assert.equals(204, r.tasks.steady)
    assert.equals(406, r.tasks.peak)   -- 200 x 2 + floor(4 x 150 / 100)
    assert.equals(6, r.instances.needed)
  end)

  it("overrides from the options", function()
    local plan = assert(ecsnet.plan_template(example(), { instance_type = "m5.large", instances = 8 }))
    assert.equals("m5.large", plan.instance_type)
    assert.equals(8, plan.instances)
    assert.has_error(function() ecsnet.plan_template(example(), { instance_typ = "x" }) end)
  end)

  it("says what it cannot know and invents nothing", function()
    -- DesiredCount is a parameter: its Default, assumed and said; the option over it
    local plan, notes = assert(ecsnet.plan_template(read("cfn-yaml/refarch-cd-service.yaml")))
    assert.equals(2, #plan.services)
    assert.equals(1, plan.services[1].desired_count)
    assert.matches("DesiredCount is the parameter DesiredCount; planned with its Default, 1",
      by_code(notes, "TPL_ASSUMED")[1], 1, true)
    plan = assert(ecsnet.plan_template(read("cfn-yaml/refarch-cd-service.yaml"), { desired_count = 3 }))
    assert.equals(3, plan.services[1].desired_count)
    -- a parameter without a Default: not planned, and why
    local doc = cjson.decode(read("services/ECS062-deployment-subnet-addresses-valid.json"))
    doc.Parameters = { Count = { Type = "Number" } }
    doc.Resources.Api.Properties.DesiredCount = { Ref = "Count" }
    plan, notes = assert(ecsnet.plan_template(cjson.encode(doc)))
    assert.equals(0, #plan.services)
    assert.matches("not planned: DesiredCount is given by a parameter", by_code(notes, "TPL_NOT_PLANNED")[1],
      1, true)
    doc.Parameters.Count.Default = 4
    plan = assert(ecsnet.plan_template(cjson.encode(doc)))
    assert.equals(4, plan.services[1].desired_count)
    plan, notes = assert(ecsnet.plan_template(read("cdk/cdk.out/EcsnetAlbFargate.template.json")))
    assert.equals(0, #plan.subnets)    -- the subnets are imports of the network stack
    assert.is_true(#by_code(notes, "TPL_UNKNOWN") >= 1)
    assert.matches("Fn::ImportValue", by_code(notes, "TPL_UNKNOWN")[1])
  end)

  it("assumes 1 for a DesiredCount not declared, and says so (§8.8)", function()
    local t = cjson.decode(read("services/ECS062-deployment-subnet-addresses-invalid.json"))
    t.Resources.Api.Properties.DesiredCount = nil
    local plan, notes = assert(ecsnet.plan_template(cjson.encode(t)))
    assert.equals(1, plan.services[1].desired_count)
    assert.matches("DesiredCount not declared", by_code(notes, "TPL_ASSUMED")[1])
  end)

  it("finds the blue/green address shortage the rule ECS062 reports", function()
    local bad = read("services/ECS062-deployment-subnet-addresses-invalid.json")
    local r = assert(ecsnet.plan((ecsnet.plan_template(bad))))
    assert.is_false(r.ok)
    assert.equals(12, r.tasks.peak)
    r = assert(ecsnet.plan((ecsnet.plan_template(read("services/ECS062-deployment-subnet-addresses-valid.json")))))
    assert.is_true(r.ok)
  end)

  it("refuses a template without services", function()
    local plan, err = ecsnet.plan_template(read("cdk/cdk.out/EcsnetNetwork.template.json"))
    assert.is_nil(plan)
    assert.is_string(err)
  end)

  it("gives no error on the real templates (spec/fixtures/cdk, cfn-yaml)", function()
    local files = {}
    for _, d in ipairs { "cdk/cdk.out", "cfn-yaml" } do
      local p = io.popen("ls spec/fixtures/" .. d)
      for f in p:lines() do
        if f:match("%.template%.json$") or f:match("%.ya?ml$") or f:match("%.json$") and d == "cfn-yaml" then
          files[#files + 1] = d .. "/" .. f
        end
      end
      p:close()
    end
    assert.is_true(#files > 20)
    for _, f in ipairs(files) do
      local plan = ecsnet.plan_template(read(f))
      if plan and #plan.services > 0 and #plan.subnets > 0 then
        local r = assert(ecsnet.plan(plan))
        for _, x in ipairs(r.findings) do assert.is_not.equals("error", x.severity, f .. ": " .. x.message) end
      end
    end
  end)
end)

describe("ecsnet plan TEMPLATE (the command)", function()
  local h = require "cli_helper"

  it("plans a YAML template, with its notes, and overrides from the options", function()
    local code, out, err = h.run { "plan", "examples/plans/template-ec2.yaml" }
    assert.equals(0, code, err)
    assert.matches("^info    template: instances: 6, the MaxSize", out)
    assert.matches("\nplan: fits on c5.large", out, 1, true)
    code, out = h.run { "plan", "examples/plans/template-ec2.yaml", "--instance-type", "m5.large",
                        "--instances", "4" }
    assert.equals(1, code)
    assert.matches("plan: does NOT fit on m5.large", out, 1, true)
  end)

  it("says why a template is not planned, exit 0 (nothing to say about addresses)", function()
    local code, out = h.run { "plan", "spec/fixtures/cfn-yaml/refarch-cd-service.yaml" }
    assert.equals(0, code)
    assert.matches("planned with its Default, 1", out, 1, true)
    assert.matches("\nplan: not planned: the template declares the CIDR block of none", out, 1, true)
  end)

  it("plans each stack of a CDK assembly, imports of the network stack resolved, no error", function()
    local code, out, err = h.run { "plan", "spec/fixtures/cdk/cdk.out" }
    assert.equals(0, code, err)
    assert.matches("== stack EcsnetAlbFargate\nplan: fits on Fargate", out, 1, true)
    assert.matches("\n10.20.16.0/20      us-east-1a   both ", out, 1, true)   -- the private subnets
    assert.is_nil(out:find("\nerror ", 1, true))
    -- a Managed Instances service: its instance types come from requirements, not a type (§5.7)
    assert.matches("== stack EcsnetManagedInstances\ninfo    template: service ServiceD69D759B: not planned: " ..
      "Managed Instances choose their instance types", out, 1, true)
    code, out = h.run { "plan", "spec/fixtures/cdk/cdk.out", "--format", "json" }
    assert.equals(0, code)
    local t = h.decode(out)
    assert.equals("EcsnetAlbEc2Bridge", t[1].stack)
    assert.equals("t3.medium", t[1].plan.template.plan.instance_type)
  end)
end)
