-- examples/openresty/catalog.lua: the service catalog nginx checks before it
-- starts reads every *.json, *.yaml and *.yml file of its folder (not a fixed
-- list), and names the file, line and rule of each error.
local h = require "cli_helper"
local catalog = require "openresty.catalog"

local SETS = "private 10.0.0.0/8 fd00::/8\n"

describe("the OpenResty example's catalog", function()
  after_each(h.cleanup)

  it("the bundled one is valid", function()
    assert.same({ "web.json", "worker.json" }, catalog.taskdefs("examples/openresty/catalog"))
    assert.is_true((catalog.check("examples/openresty/catalog")))
  end)

  it("reads every JSON and YAML file of the folder, and names the file of an error", function()
    local dir = h.tmpdir()
    h.write_file(dir .. "/prefix-sets.txt", SETS)
    h.write_file(dir .. "/web.json", h.read_file("examples/openresty/catalog/web.json"))
    -- ECS008: awsvpc needs hostPort = containerPort (docs/reference.md §1.3)
    h.write_file(dir .. "/extra.yaml", "Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n" ..
      "      NetworkMode: awsvpc\n      ContainerDefinitions:\n        - Name: a\n          Image: a\n" ..
      "          PortMappings: [{ContainerPort: 80, HostPort: 81}]\n")
    h.write_file(dir .. "/notes.txt", "not read\n")
    assert.same({ "extra.yaml", "web.json" }, catalog.taskdefs(dir))
    local ok, problems = catalog.check(dir)
    assert.is_false(ok)
    assert.equals(1, #problems)
    assert.matches("^" .. dir:gsub("%p", "%%%0") .. "/extra%.yaml:9:%d+: error ECS008", problems[1])
  end)

  it("a folder without task definitions is an error", function()
    local dir = h.tmpdir()
    h.write_file(dir .. "/prefix-sets.txt", SETS)
    local ok, problems = catalog.check(dir)
    assert.is_false(ok)
    assert.matches("no task definitions", problems[1], 1, true)
  end)
end)
