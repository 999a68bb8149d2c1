-- The C core's name lists, exported once by the binding (src/lecsnet_names.c)
-- as ecsnet.launch_types, ecsnet.os_names and ecsnet.shapes: they are what
-- ecsnet.validate accepts, and the CLI and ecsnet.http take their values
-- from them (reference: docs/reference.md §1.2 and §5 for the launch types and
-- operating systems, §2 for the document shapes).
local ecsnet = require "ecsnet"

local register = {
  family = "web", networkMode = "awsvpc",
  containerDefinitions = { { name = "web", image = "nginx", portMappings = { { containerPort = 80 } } } },
}

-- One document of each shape the validator reads.
local docs = {
  auto = register,
  register = register,
  describe = { taskDefinition = register },
  cloudformation = { Resources = { Web = { Type = "AWS::ECS::TaskDefinition", Properties = {
    Family = "web", NetworkMode = "awsvpc",
    ContainerDefinitions = { { Name = "web", Image = "nginx" } } } } } },
  terraform = { { name = "web", image = "nginx" } },
  terraform_plan = { format_version = "1.2", planned_values = { root_module = { resources = { {
    address = "aws_ecs_task_definition.web", mode = "managed", type = "aws_ecs_task_definition", name = "web",
    values = { family = "web", network_mode = "awsvpc",
      container_definitions = '[{"name": "web", "image": "nginx"}]' } } } } } },
  service = { serviceName = "web", launchType = "FARGATE" },
}

local function has(list, x)
  for _, v in ipairs(list) do if v == x then return true end end
  return false
end

describe("ecsnet name lists", function()
  it("are lists of strings from the core, one module-wide table each", function()
    assert.same({ "EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES" }, ecsnet.launch_types)
    assert.same({ "linux", "windows" }, ecsnet.os_names)
    assert.same({ "auto", "register", "describe", "cloudformation", "terraform", "terraform_plan",
      "service" }, ecsnet.shapes)
    local core = require "ecsnet.core"
    assert.equals(core.launch_types, ecsnet.launch_types)
    assert.equals(core.os_names, ecsnet.os_names)
    assert.equals(core.shapes, ecsnet.shapes)
  end)

  describe("launch_types (docs/reference.md §1.2, §5.4-5.7)", function()
    for _, lt in ipairs(ecsnet.launch_types) do
      it("accepts " .. lt .. " as launch_type, and the task definition lists it", function()
        assert.is_table(ecsnet.validate(register, { launch_type = lt }))
        local tds = assert(ecsnet.taskdefs(register, { launch_type = lt }))
        assert.same({ lt }, tds[1].launch_types)
      end)
    end

    it("accepts them all at once, in the list's order", function()
      local tds = assert(ecsnet.taskdefs(register, { launch_type = ecsnet.launch_types }))
      assert.same(ecsnet.launch_types, tds[1].launch_types)
    end)

    it("refuses any other name, naming the list", function()
      local ok, err = pcall(ecsnet.validate, register, { launch_type = "LAMBDA" })
      assert.is_false(ok)
      assert.matches("invalid launch type 'LAMBDA' (expected " ..
        table.concat(ecsnet.launch_types, ", ", 1, #ecsnet.launch_types - 1) .. " or " ..
        ecsnet.launch_types[#ecsnet.launch_types] .. ")", err, 1, true)
      assert.is_false((pcall(ecsnet.validate, register, { launch_type = "fargate" })))
    end)
  end)

  describe("os_names (docs/reference.md §5.5)", function()
    for _, os_name in ipairs(ecsnet.os_names) do
      it("accepts " .. os_name .. " as os, and the task definition runs on it", function()
        assert.is_table(ecsnet.validate(register, { os = os_name }))
        local tds = assert(ecsnet.taskdefs(register, { os = os_name }))
        assert.equals(os_name, tds[1].os)
      end)
    end

    it("refuses any other name", function()
      assert.is_false((pcall(ecsnet.validate, register, { os = "macos" })))
    end)
  end)

  describe("shapes (docs/reference.md §2)", function()
    it("has a document for every shape here", function()
      for _, shape in ipairs(ecsnet.shapes) do assert.is_table(docs[shape], shape) end
    end)

    for _, shape in ipairs(ecsnet.shapes) do
      it("accepts " .. shape .. " as shape and reads that shape", function()
        local r = assert(ecsnet.validate(docs[shape], { shape = shape }))
        assert.equals(shape == "auto" and "register" or shape, r.shape)
        assert.is_true(has(ecsnet.shapes, r.shape))
      end)
    end

    it("refuses any other name", function()
      assert.is_false((pcall(ecsnet.validate, register, { shape = "yaml" })))
    end)
  end)

  describe("users", function()
    local cli = require "ecsnet.cli"

    local function option(command, name)
      for _, o in ipairs(cli.command(command).options) do
        if o[1] == name then return o end
      end
    end

    it("the CLI's --os and --shape take their values from the lists", function()
      for _, command in ipairs({ "check", "density", "ports", "modes" }) do
        assert.equals(ecsnet.os_names, option(command, "os").values, command)
      end
      assert.equals(ecsnet.shapes, option("check", "shape").values)
    end)

    it("ecsnet.http accepts every listed value and nothing else", function()
      local http = require "ecsnet.http"
      for _, lt in ipairs(ecsnet.launch_types) do
        assert.same({ launch_type = lt }, http.options({ launch_type = lt:lower() }))
      end
      for _, os_name in ipairs(ecsnet.os_names) do
        assert.same({ os = os_name }, http.options({ os = os_name:upper() }))
      end
      for _, shape in ipairs(ecsnet.shapes) do
        assert.same({ shape = shape }, http.options({ shape = shape }))
      end
      assert.is_nil((http.options({ launch_type = "lambda" })))
      assert.is_nil((http.options({ os = "macos" })))
      assert.is_nil((http.options({ shape = "yaml" })))
    end)
  end)
end)
