-- Terraform's JSON output (terraform show -json): plans (planned_values,
-- resource_changes with after_unknown) and states (values), child modules,
-- the container_definitions string parsed with positions inside it
-- (fixtures in spec/fixtures/tfplan/, see SOURCES.md there).
local ecsnet = require "ecsnet"

local function read(name)
  local f = assert(io.open("spec/fixtures/tfplan/" .. name, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

local function diags(r)
  local out = {}
  for _, d in ipairs(r.diagnostics) do
    out[#out + 1] = d.rule .. " " .. d.pointer .. ": " .. d.message
  end
  return out
end

describe("Terraform plans and states (terraform show -json)", function()
  it("detects a plan and reads every aws_ecs_task_definition, child modules too", function()
    local r = assert(ecsnet.validate(read("plan-child-module.json")))
    assert.equals("terraform_plan", r.shape)
    local t = assert(ecsnet.taskdefs(read("plan-child-module.json")))
    assert.equals(2, #t)
    assert.equals("web", t[1].family)
    assert.equals("api", t[2].family)
    assert.equals("awsvpc", t[2].network_mode)
    assert.equals(256, t[2].cpu)
    assert.equals(512, t[2].memory)
  end)

  it("names the address and gives the position inside the container_definitions string", function()
    local r = assert(ecsnet.validate(read("plan-child-module.json"), { positions = true }))
    assert.same({ "ECS008 /planned_values/root_module/resources/0/values/container_definitions/0/portMappings/0/"
      .. "hostPort: aws_ecs_task_definition.web: hostPort 8080 differs from containerPort 80 in awsvpc mode; "
      .. "leave hostPort out or set it to 80 (remapping ports needs bridge mode) (inside the "
      .. "container_definitions string: line 1, column 111)" }, diags(r))
    -- the line and column in the plan are those of the string
    assert.equals(15, r.diagnostics[1].line)
    assert.equals(38, r.diagnostics[1].column)
  end)

  it("reads a state's values, in a child module", function()
    local r = assert(ecsnet.validate(read("state-duplicate-port.json")))
    assert.equals("terraform_plan", r.shape)
    local d = assert(r.diagnostics[1])
    assert.equals("ECS015", d.rule)
    assert.equals("/values/root_module/child_modules/0/resources/0/values/container_definitions/0/portMappings/1",
      d.pointer)
    assert.matches("^module%.svc%.aws_ecs_task_definition%.api: container port 3000/tcp", d.message)
    assert.matches("inside the container_definitions string: line 1, column 223%)$", d.message)
  end)

  it("takes values unknown until apply as unknown (ECS024), not as errors or defaults", function()
    local r = assert(ecsnet.validate(read("plan-unknown.json")))
    assert.same({
      "ECS024 /planned_values/root_module/resources/0/values: aws_ecs_task_definition.web: container_definitions "
        .. "is known only after apply (after_unknown): the container rules were skipped",
      "ECS024 /planned_values/root_module/resources/0/values: aws_ecs_task_definition.web: network_mode is known "
        .. "only after apply (after_unknown): the rules that need it were skipped" }, diags(r))
    assert.is_true(r.ok)
  end)

  local function plan(values, unknown)
    return { format_version = "1.2", terraform_version = "1.9.8",
      planned_values = { root_module = { resources = { { address = "aws_ecs_task_definition.t",
        mode = "managed", type = "aws_ecs_task_definition", name = "t", values = values } } } },
      resource_changes = { { address = "aws_ecs_task_definition.t", mode = "managed",
        type = "aws_ecs_task_definition", name = "t",
        change = { actions = { "create" }, after = values,
          after_unknown = unknown or {} } } } }
  end

  it("reads the task attributes from the resource: FARGATE needs awsvpc (ECS003)", function()
    local r = assert(ecsnet.validate(plan({ network_mode = "bridge", requires_compatibilities = { "FARGATE" },
      cpu = "256", memory = "512", container_definitions = '[{"name": "a", "image": "x"}]' })))
    assert.equals("ECS003", r.diagnostics[1].rule)
    assert.equals("/planned_values/root_module/resources/0/values/network_mode", r.diagnostics[1].pointer)
    assert.matches("^aws_ecs_task_definition%.t: requiresCompatibilities lists FARGATE", r.diagnostics[1].message)
  end)

  it("reads runtime_platform (a list of one block) for the operating system", function()
    local t = assert(ecsnet.taskdefs(plan({ network_mode = "awsvpc",
      runtime_platform = { { operating_system_family = "WINDOWS_SERVER_2022_CORE" } },
      container_definitions = '[{"name": "a", "image": "x"}]' })))
    assert.equals("windows", t[1].os)
  end)

  it("an empty network_mode is the default mode (ECS002)", function()
    local r = assert(ecsnet.validate(plan({ network_mode = "",
      container_definitions = '[{"name": "a", "image": "x"}]' })))
    assert.equals("ECS002", r.diagnostics[1].rule)
  end)

  it("reports a container_definitions string that is not JSON (ECS023)", function()
    local r = assert(ecsnet.validate(plan({ network_mode = "awsvpc", container_definitions = '[{"name": }]' })))
    assert.equals("ECS023", r.diagnostics[1].rule)
    assert.equals("/planned_values/root_module/resources/0/values/container_definitions", r.diagnostics[1].pointer)
    assert.matches("^aws_ecs_task_definition%.t: container_definitions must be a JSON list of container "
      .. "definitions: ", r.diagnostics[1].message)
  end)

  it("reads resource_changes when there are no planned_values, skipping deletions", function()
    local p = plan({ network_mode = "awsvpc", container_definitions =
      '[{"name": "a", "image": "x", "portMappings": [{"containerPort": 80, "hostPort": 81}]}]' })
    p.planned_values = nil
    p.resource_changes[2] = { address = "aws_ecs_task_definition.old", mode = "managed",
      type = "aws_ecs_task_definition", name = "old",
      change = { actions = { "delete" }, before = {} } }
    local r = assert(ecsnet.validate(p))
    assert.equals(1, #assert(ecsnet.taskdefs(p)))
    assert.equals("ECS008", r.diagnostics[1].rule)
    assert.equals("/resource_changes/0/change/after/container_definitions/0/portMappings/0/hostPort",
      r.diagnostics[1].pointer)
  end)

  it("refuses a plan without task definitions, and ignores data sources", function()
    local p = plan({ container_definitions = "[]" })
    p.planned_values.root_module.resources[1].mode = "data"
    p.resource_changes = nil
    local r, err = ecsnet.validate(p)
    assert.is_nil(r)
    assert.equals("the Terraform plan has no aws_ecs_task_definition resource", err)
    r, err = ecsnet.validate('{"format_version": "1.0", "terraform_version": "1.9.8", "values": {"root_module": {}}}')
    assert.is_nil(r)
    assert.equals("the Terraform state has no aws_ecs_task_definition resource", err)
  end)
end)

describe("top-level lists", function()
  it("are container lists when their elements look like containers", function()
    assert.equals("terraform", assert(ecsnet.validate('[{"name": "a", "image": "x"}]')).shape)
    assert.equals("terraform", assert(ecsnet.validate('[]')).shape)
  end)

  it("are not a task definition otherwise", function()
    local r, err = ecsnet.validate('[1, 2]')
    assert.is_nil(r)
    assert.matches("^not a task definition", err)
    r, err = ecsnet.validate('[{"instance_type": "m5.large"}]')
    assert.is_nil(r)
    assert.matches("^not a task definition", err)
  end)
end)

describe("Terraform configuration files (HCL)", function()
  it("says in one line that terraform show -json is the way, instead of a syntax error", function()
    local r, err = ecsnet.validate('resource "aws_ecs_task_definition" "web" {\n  family = "web"\n}\n')
    assert.is_nil(r)
    assert.equals("a Terraform configuration (HCL), not JSON: validate the plan instead " ..
      "(terraform plan -out=plan.out && terraform show -json plan.out)", err)
    -- YAML whose first word happens to be a block name is still YAML
    assert.is_table((ecsnet.validate("resource: x\ncontainerDefinitions: []\n")))
  end)
end)
