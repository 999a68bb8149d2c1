-- An example of testing your own ECS infrastructure with busted and ecsnet.
-- Run: sh examples/busted.sh (CI runs it), or from the top folder:
--   busted --lpath="./lua/?.lua" --cpath="build/gcc/lua5.4/?.so" examples/busted
require "ecsnet.busted"   -- adds assert.ecs.* and assert.cidr.*

local here = "examples/busted/taskdefs/"

describe("the web service (Fargate)", function()
  it("has a valid task definition for Fargate", function()
    assert.ecs.valid(here .. "web.json", { launch_type = "FARGATE" })
  end)

  it("would be rejected by ECS with a remapped hostPort", function()
    local td = {
      family = "web", networkMode = "awsvpc", requiresCompatibilities = { "FARGATE" },
      containerDefinitions = { { name = "web", image = "nginx",
        portMappings = { { containerPort = 8080, hostPort = 80 } } } },
    }
    assert.is_not.ecs.valid(td)
    assert.ecs.reports(td, "ECS008")   -- host-port-must-match (docs/reference.md §1.3)
  end)

  it("shows the diagnostics when an assertion fails", function()
    local ok, message = pcall(assert.ecs.valid, {
      family = "web", networkMode = "bridge", requiresCompatibilities = { "FARGATE" },
      containerDefinitions = { { name = "web", image = "nginx" } },
    })
    assert.is_false(ok)
    assert.matches("ECS003", message)              -- Fargate requires awsvpc
    assert.matches("requiresCompatibilities", message)
  end)
end)

describe("capacity on our c5.large fleet", function()
  it("runs 8 web tasks per instance only with ENI trunking (docs/reference.md §3.2)", function()
    assert.ecs.fits(here .. "web.json", { instance = "c5.large", count = 8, trunking = true })
    assert.is_not.ecs.fits(here .. "web.json", { instance = "c5.large", count = 8 })
  end)

  it("packs 6 api tasks per instance in its memory", function()
    assert.ecs.fits(here .. "api.json", { instance = "c5.large", count = 6, instance_memory = 3700 })
  end)
end)

describe("the api service (EC2, bridge)", function()
  it("is valid with the agent's ports as we configure them", function()
    assert.ecs.valid(here .. "api.json", { reserved_ports = { 22, 2375, 2376, 51678, 51679 },
                                           dynamic_range = { 32768, 60999 } })
  end)
end)

describe("the VPC plan", function()
  it("keeps every subnet inside the VPC", function()
    for _, subnet in ipairs { "10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20" } do
      assert.cidr.within(subnet, "10.0.0.0/16")
    end
  end)

  it("keeps the task range apart from the hosts and from Docker's bridge", function()
    assert.is_not.cidr.overlaps("100.64.0.0/19", "10.0.0.0/16")
    assert.is_not.cidr.overlaps("10.0.0.0/16", "172.17.0.0/16")
  end)
end)
