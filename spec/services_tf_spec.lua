-- aws_ecs_service resources of Terraform plans and states (terraform show -json), checked by the
-- service rules ECS017, ECS032, ECS036-ECS050 (docs/reference.md §8.7, and §5.1-§5.4, §8.1, §8.5 for the
-- rules): each service linked to its aws_ecs_task_definition and aws_lb_target_group through the
-- configuration's references (or, in a state, by ARN and family:revision), values known only
-- after apply left unknown (docs/DEVELOPING.md, decision 4), diagnostics in the plan.
-- Fixtures: spec/fixtures/terraform/services-plan.json and spec/fixtures/tfplan/services-rules.json
-- are real plans (tools/synth-tfplan.sh, test/terraform/); see the SOURCES.md beside them.
local ecsnet = require "ecsnet"
local cjson = require "cjson"
local h = require "report_helper"
local cli = require "cli_helper"

local REAL = "terraform/services-plan.json"
local RULES = "tfplan/services-rules.json"

local function plan(name) return cjson.decode(h.fixture(name)) end

local function check(doc)
  local text = type(doc) == "string" and doc or cjson.encode(doc)
  return assert(ecsnet.validate(text, { positions = true })), text
end

-- The pointer of the values of the resource at `address` in planned_values' root module.
local function values_of(p, address)
  for i, r in ipairs(p.planned_values.root_module.resources) do
    if r.address == address then return "/planned_values/root_module/resources/" .. (i - 1) .. "/values", r end
  end
  error("no resource " .. address)
end

-- The diagnostics of `r` whose pointer starts with `prefix`, by severity.
local function at(r, prefix, severity)
  local t = {}
  for _, d in ipairs(r.diagnostics) do
    if d.pointer:sub(1, #prefix) == prefix and (severity == nil or d.severity == severity) then
      t[#t + 1] = d
    end
  end
  return t
end

local function rule_list(ds)
  local t = {}
  for _, d in ipairs(ds) do t[#t + 1] = d.rule end
  table.sort(t)
  return t
end

-- The text at a diagnostic's line and column (the plans are one line of JSON).
local function text_at(text, d, n)
  local pos = 0
  for _ = 2, d.line do pos = text:find("\n", pos + 1, true) end
  return text:sub(pos + d.column, pos + d.column + n - 1)
end

describe("services in Terraform plans (docs/reference.md §8.7)", function()
  describe("a real plan of a valid deployment (" .. REAL .. ")", function()
    local r = check(h.fixture(REAL))

    it("gives no error and no warning", function()
      assert.equals(0, r.counts.error, cjson.encode(rule_list(r.diagnostics)))
      assert.equals(0, r.counts.warning)
    end)

    it("lists its four services, each with its task definition and where its tasks run", function()
      local listed = {}
      for i, sv in ipairs(r.services) do
        listed[i] = { name = sv.name, pointer = sv.pointer, taskdef = sv.taskdef, launch_type = sv.launch_type }
      end
      -- the deployment as the plan gives it (docs/reference.md §8.8), its reasons naming the service
      assert.equals(2, r.services[1].deployment.desired_count)
      assert.equals(200, r.services[1].deployment.maximum_percent)
      assert.equals("the subnets of service aws_ecs_service.api are '${known after apply}', not a list the " ..
        "template declares", r.services[1].deployment.subnets_why)
      assert.same({
        { name = "aws_ecs_service.api", pointer = "/planned_values/root_module/resources/1", taskdef = 1,
          launch_type = "FARGATE" },
        { name = "aws_ecs_service.legacy", pointer = "/planned_values/root_module/resources/2", taskdef = 2,
          launch_type = "EC2" },
        { name = "module.frontend.aws_ecs_service.this",   -- given api's task definition by the caller
          pointer = "/planned_values/root_module/child_modules/0/resources/0", taskdef = 1,
          launch_type = "FARGATE" },
        { name = "module.worker.aws_ecs_service.this",
          pointer = "/planned_values/root_module/child_modules/1/resources/0", taskdef = 3,
          launch_type = "FARGATE" },   -- a FARGATE/FARGATE_SPOT strategy
      }, listed)
      local t = assert(ecsnet.taskdefs(h.fixture(REAL)))
      assert.equals("worker", t[r.services[4].taskdef].family)
    end)

    it("follows a module's input variables to the module call (task definition, target group)", function()
      local p = plan(REAL)
      local tg
      for _, res in ipairs(p.planned_values.root_module.resources) do
        if res.address == "aws_lb_target_group.frontend" then tg = res end
      end
      tg.values.target_type = "instance"
      local r2 = check(p)
      assert.same({ "ECS042" }, rule_list(at(r2, "/planned_values", "error")))
      assert.equals("service module.frontend.aws_ecs_service.this: target group aws_lb_target_group.frontend has "
        .. "target type instance; the task definition aws_ecs_task_definition.api uses awsvpc, which registers "
        .. "IP targets: set target_type to ip", h.find(r2, "ECS042").message)
    end)

    it("says what is known only after apply as infos naming the service", function()
      local d = h.find(r, "ECS024", "/planned_values/root_module/resources/1/values/network_configuration/0")
      assert.equals("info", d.severity)
      assert.equals("service aws_ecs_service.api: subnets is '${known after apply}', not known until "
        .. "deployment: the rules that need it were skipped", d.message)
    end)

    it("is counted by ecsnet check", function()
      local code, out = cli.run({ "check", "spec/fixtures/" .. REAL })
      assert.equals(0, code)
      assert.matches("3 task definitions, 4 services; 0 errors", out, 1, true)
    end)
  end)

  describe("each rule on a real plan (" .. RULES .. ")", function()
    local p = plan(RULES)
    local r, text = check(h.fixture(RULES))
    -- rule, invalid service, the attribute its diagnostic points to (under the service's values,
    -- or the target group's), the text there
    local cases = {
      { "ECS017", "ecs017_invalid", "/service_connect_configuration/0/service/0/port_name", '"dns"' },
      { "ECS032", "ecs032_invalid", "/service_connect_configuration/0/service/0/port_name", '"grpc"' },
      { "ECS036", "ecs036_invalid", "", "{" },
      { "ECS036", "ecs036_invalid_bridge", "/network_configuration/0", "{" },
      { "ECS037", "ecs037_invalid", "/network_configuration/0/subnets", "[" },
      { "ECS038", "ecs038_invalid", "/network_configuration/0/assign_public_ip", "true" },
      -- EC2 through an aws_ecs_capacity_provider with an Auto Scaling group
      { "ECS038", "ecs038_strategy_invalid", "/network_configuration/0/assign_public_ip", "true" },
      { "ECS039", "ecs039_invalid", "/launch_type", '"FARGATE"' },
      { "ECS040", "ecs040_invalid", "/load_balancer", "[" },
      { "ECS041", "ecs041_invalid", "/load_balancer/0/container_port", "8081" },
      { "ECS042", "ecs042_invalid", "aws_lb_target_group.instance/target_type", '"instance"' },
      { "ECS043", "ecs043_invalid", "/load_balancer", "[" },
      { "ECS044", "ecs044_invalid", "aws_lb_target_group.fixed_health/health_check/0/port", '"8080"' },
      { "ECS045", "ecs045_invalid", "aws_lb_target_group.udp/protocol", '"UDP"' },
      { "ECS046", "ecs046_invalid", "/vpc_lattice_configurations/0/port_name", '"grpc"' },
      { "ECS047", "ecs047_invalid", "/service_registries/0", "{" },
      { "ECS048", "ecs048_invalid", "/service_connect_configuration/0/service/0/timeout/0/"
        .. "per_request_timeout_seconds", "30" },
      { "ECS049", "ecs049_invalid", "/capacity_provider_strategy", "[" },
      { "ECS050", "ecs050_invalid", "/service_connect_configuration/0/service/0/discovery_name", '"Api.Web"' },
      -- count: each instance refers to the target group of its own index (count.index)
      { "ECS042", "indexed[1]", "aws_lb_target_group.pair[1]/target_type", '"instance"' },
    }
    for _, c in ipairs(cases) do
      local rule, name, attr, value = c[1], c[2], c[3], c[4]
      it(rule .. ": " .. name .. " is refused, at the attribute, naming the service", function()
        local address = "aws_ecs_service." .. name
        local where
        if attr:sub(1, 1) == "/" or attr == "" then
          where = values_of(p, address) .. attr
        else
          local tg, rest = attr:match("^([^/]+)(/.*)$")
          where = values_of(p, tg) .. rest
        end
        local d = h.find(r, rule, where)
        assert.is_table(d, rule .. " at " .. where)
        assert.equals(rule == "ECS045" and "warning" or "error", d.severity)   -- ECS045: awsvpc warns
        assert.truthy(d.message:find("service " .. address .. " ", 1, true)
                      or d.message:find("service " .. address .. ":", 1, true), d.message)
        assert.equals(value, text_at(text, d, #value))
      end)
    end

    it("finds nothing else that is an error or a warning", function()
      assert.equals(#cases, r.counts.error + r.counts.warning)
    end)

    it("links an instance of a count to the target group of its own index only", function()
      assert.same({}, rule_list(at(r, values_of(p, "aws_ecs_service.indexed[0]"))))
      assert.same({}, rule_list(at(r, values_of(p, "aws_lb_target_group.pair[0]"))))
      assert.matches("target group aws_lb_target_group.pair[1] has target type instance",
        h.find(r, "ECS042", values_of(p, "aws_lb_target_group.pair[1]") .. "/target_type").message, 1, true)
    end)

    it("does not guess an instance when the index is not the service's own", function()
      local q = plan(RULES)
      for _, res in ipairs(q.configuration.root_module.resources) do
        if res.address == "aws_ecs_service.indexed" then
          res.expressions.load_balancer[1].target_group_arn.references = { "aws_lb_target_group.pair", "var.which" }
        end
      end
      local r2 = check(q)
      assert.is_nil(h.find(r2, "ECS042", values_of(q, "aws_lb_target_group.pair[1]") .. "/target_type"))
      assert.equals("info", h.find(r2, "ECS024", values_of(q, "aws_ecs_service.indexed[1]") .. "/load_balancer/0")
        .severity)
    end)

    it("accepts every <rule>_valid service", function()
      local valid = 0
      for _, res in ipairs(p.planned_values.root_module.resources) do
        if res.type == "aws_ecs_service" and res.name:match("_valid$") then
          valid = valid + 1
          local ptr = values_of(p, res.address)
          assert.same({}, rule_list(at(r, ptr, "error")), res.address)
          assert.same({}, rule_list(at(r, ptr, "warning")), res.address)
        end
      end
      assert.equals(10, valid)
    end)

    it("names both resources, in Terraform's names (ECS042, ECS044)", function()
      local _, tg = values_of(p, "aws_lb_target_group.instance")
      assert.equals("instance", tg.values.target_type)
      assert.equals("service aws_ecs_service.ecs042_invalid: target group aws_lb_target_group.instance has "
        .. "target type instance; the task definition aws_ecs_task_definition.awsvpc uses awsvpc, which "
        .. "registers IP targets: set target_type to ip", h.find(r, "ECS042").message)
      assert.matches("set health_check.port to traffic-port or leave it out", h.find(r, "ECS044").message, 1, true)
      assert.matches("set assign_public_ip to false", h.find(r, "ECS038").message, 1, true)
      assert.equals("Assign public IP is not supported for this launch type.", h.find(r, "ECS038").aws_message)
    end)
  end)

  describe("what is known only after apply", function()
    local function edit(name, f)
      local p = plan(RULES)
      local svc, change
      for _, res in ipairs(p.planned_values.root_module.resources) do
        if res.address == "aws_ecs_service." .. name then svc = res end
      end
      for _, c in ipairs(p.resource_changes) do
        if c.address == "aws_ecs_service." .. name then change = c.change end
      end
      f(svc.values, change.after_unknown, p)
      return check(p), values_of(p, "aws_ecs_service." .. name)
    end

    it("a network_configuration block known only after apply (a dynamic block) is no ECS036", function()
      local r, ptr = edit("ecs036_valid", function(v, u)
        v.network_configuration = nil
        u.network_configuration = true
      end)
      assert.same({}, rule_list(at(r, ptr, "error")))
    end)

    it("a task definition whose container_definitions is known only after apply checks no container", function()
      local p = plan(RULES)
      for _, res in ipairs(p.planned_values.root_module.resources) do
        if res.address == "aws_ecs_task_definition.awsvpc" then res.values.container_definitions = nil end
      end
      for _, c in ipairs(p.resource_changes) do
        if c.address == "aws_ecs_task_definition.awsvpc" then c.change.after_unknown.container_definitions = true end
      end
      local r = check(p)
      for _, rule in ipairs({ "ECS032", "ECS041", "ECS046", "ECS048" }) do   -- they need the containers
        assert.is_nil(h.find(r, rule), rule)
      end
      for _, rule in ipairs({ "ECS036", "ECS037", "ECS038", "ECS042", "ECS049" }) do   -- these do not
        assert.is_table(h.find(r, rule), rule)
      end
    end)

    it("a target group ARN known only after apply and referred to by nothing is an info", function()
      local r, ptr = edit("ecs042_invalid", function(_, _, p)
        for _, res in ipairs(p.configuration.root_module.resources) do
          if res.address == "aws_ecs_service.ecs042_invalid" then res.expressions.load_balancer = nil end
        end
      end)
      assert.same({ "ECS024" }, rule_list(at(r, ptr)))
      assert.equals("service aws_ecs_service.ecs042_invalid: the target group is '${known after apply}', not "
        .. "known until deployment: the rules that need it were skipped", h.find(r, "ECS024", ptr .. "/load_balancer/0")
        .message)
      assert.is_nil(h.find(r, "ECS042", values_of(plan(RULES), "aws_lb_target_group.instance") .. "/target_type"))
    end)

    it("an attribute the configuration does not set is the provider's: launch_type beside a strategy", function()
      local r, ptr = edit("ecs049_valid", function(v, u)
        assert.is_nil(v.launch_type)
        assert.is_true(u.launch_type)
      end)
      assert.same({}, rule_list(at(r, ptr)))
      local p = plan(RULES)
      local i = 0
      for n, res in ipairs(p.planned_values.root_module.resources) do
        if res.address == "aws_ecs_service.ecs049_valid" then i = n end
      end
      assert.equals("FARGATE", check(p).services[i].launch_type)   -- from the FARGATE strategy
    end)
  end)

  describe("a service whose task definition is not in the plan", function()
    it("says so in an info, and the rules that need none still run", function()
      local p = plan(RULES)
      for _, res in ipairs(p.configuration.root_module.resources) do
        if res.address == "aws_ecs_service.ecs037_invalid" then
          res.expressions.task_definition = { references = { "data.aws_ecs_task_definition.web.arn",
                                                              "data.aws_ecs_task_definition.web" } }
        end
      end
      local r = check(p)
      local ptr = values_of(p, "aws_ecs_service.ecs037_invalid")
      assert.same({ "ECS024", "ECS037" }, rule_list(at(r, ptr)))
      local d = h.find(r, "ECS024", ptr)
      assert.equals("service aws_ecs_service.ecs037_invalid: its task_definition is "
        .. "'data.aws_ecs_task_definition.web.arn', not an aws_ecs_task_definition of this plan: the rules "
        .. "that need it were skipped", d.message)
    end)
  end)

  describe("a state (values, no configuration)", function()
    local STATE = "tfplan/state-services.json"

    it("links by ARN and by family:revision, and gives no error for the valid deployment", function()
      local r = check(h.fixture(STATE))
      assert.equals(0, r.counts.error + r.counts.warning + r.counts.info)
      assert.same({ 1, 2, 3 }, { r.services[1].taskdef, r.services[2].taskdef, r.services[3].taskdef })
      local s = plan(STATE)
      assert.equals("legacy:2", s.values.root_module.resources[3].values.task_definition)
    end)

    it("finds what the linked target group and task definition refuse", function()
      local s = plan(STATE)
      local res = s.values.root_module.resources
      assert.equals("aws_lb_target_group.api", res[6].address)
      res[6].values.target_type = "instance"                    -- api's, by ARN
      res[3].values.load_balancer[1].container_port = 8080      -- legacy's task definition: 80
      local r = check(s)
      assert.same({ "ECS041", "ECS042" }, rule_list(at(r, "/values", "error")))
      assert.equals("/values/root_module/resources/5/values/target_type", h.find(r, "ECS042").pointer)
      assert.matches("service aws_ecs_service.legacy: the load balancer sends to port 8080 of container "
        .. "'legacy', which the task definition aws_ecs_task_definition.legacy does not map",
        h.find(r, "ECS041").message, 1, true)
    end)

    it("a task_definition that is no task definition of the state is an info", function()
      local s = plan(STATE)
      s.values.root_module.resources[3].values.task_definition = "legacy:9"
      local r = check(s)
      assert.equals("service aws_ecs_service.legacy: its task_definition is 'legacy:9', not an "
        .. "aws_ecs_task_definition of this state: the rules that need it were skipped", h.find(r, "ECS024").message)
    end)
  end)

  describe("resource_changes alone (no planned_values)", function()
    it("gives the same rules, pointing into each change's after", function()
      local p = plan(RULES)
      local full = check(p)
      p.planned_values = nil
      local r = check(p)
      assert.same(rule_list(at(full, "/planned_values", "error")), rule_list(at(r, "/resource_changes", "error")))
      local d = h.find(r, "ECS038")
      assert.matches("^/resource_changes/%d+/change/after/network_configuration/0/assign_public_ip$", d.pointer)
    end)
  end)

  it("a plan with services and no task definition is still a plan", function()
    local p = plan(RULES)
    local keep = {}
    for _, res in ipairs(p.planned_values.root_module.resources) do
      if res.type ~= "aws_ecs_task_definition" then keep[#keep + 1] = res end
    end
    p.planned_values.root_module.resources = keep
    local r = check(p)
    assert.equals(0, #(r.taskdefs or {}))
    assert.equals(31, #r.services)
    assert.is_table(h.find(r, "ECS037"))   -- needs no task definition
    assert.is_table(h.find(r, "ECS049"))
    assert.is_nil(h.find(r, "ECS042"))     -- needs one
  end)
end)
