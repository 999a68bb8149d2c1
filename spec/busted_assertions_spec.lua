-- ecsnet.busted: luassert assertions for users' specs. Each
-- assertion passes, fails with the diagnostics in its message, and works
-- negated (is_not).
require "ecsnet.busted"

local F = "spec/fixtures/cli/"

-- The message of a failing assertion.
local function failure(f, ...)
  local ok, err = pcall(f, ...)
  assert.is_false(ok, "the assertion should have failed")
  return tostring(err)
end

local bad_table = {
  family = "kibana", networkMode = "awsvpc",
  containerDefinitions = { { name = "kibana", image = "kibana",
    portMappings = { { containerPort = 5601, hostPort = 80 } } } },
}

describe("assert.ecs.valid", function()
  it("passes for a valid file, JSON text or table", function()
    assert.ecs.valid(F .. "good-fargate.json")
    assert.ecs.valid('{"family":"x","containerDefinitions":[{"name":"a","image":"b"}]}')
    assert.ecs.valid({ family = "x", containerDefinitions = { { name = "a", image = "b" } } })
  end)

  it("takes the validator's options (docs/reference.md §1.2, R3)", function()
    assert.ecs.valid(F .. "bridge-dynamic.json")
    assert.is_not.ecs.valid(F .. "bridge-dynamic.json", { launch_type = "FARGATE" })
  end)

  it("fails with the diagnostics: rule, position, message, pointer (R8)", function()
    local msg = failure(assert.ecs.valid, F .. "awsvpc-hostport.json")
    assert.matches("Expected " .. F .. "awsvpc-hostport.json to be valid, but ecsnet found 1 error:", msg, 1, true)
    assert.matches("10:46 error ECS008 hostPort 80 differs from containerPort 5601", msg, 1, true)
    assert.matches("[at /containerDefinitions/0/portMappings/0/hostPort]", msg, 1, true)
  end)

  it("names a table by its family, and has no position for it", function()
    local msg = failure(assert.ecs.valid, bad_table)
    assert.matches("Expected 'kibana' to be valid", msg, 1, true)
    assert.matches("\n  error ECS008 ", msg, 1, true)
  end)

  it("negated, fails when there is no error", function()
    local msg = failure(assert.is_not.ecs.valid, F .. "good-fargate.json")
    assert.matches("to have errors, but ecsnet found none", msg, 1, true)
  end)

  it("raises an error, negated or not, when the input cannot be read", function()
    local msg = failure(assert.ecs.valid, F .. "malformed.json")
    assert.matches("^ecsnet.busted: cannot read " .. F .. "malformed.json: malformed JSON at line %d+", msg)
    failure(assert.is_not.ecs.valid, F .. "malformed.json")
    msg = failure(assert.ecs.valid, F .. "missing.json")
    assert.matches("cannot open task definition", msg, 1, true)
  end)

  it("counts warnings as valid, unless strict", function()
    assert.ecs.valid(F .. "bridge-static-22.json")
    local msg = failure(assert.ecs.valid, F .. "bridge-static-22.json", { strict = true })
    assert.matches("to be valid (strict), but ecsnet found 1 error or warning:", msg, 1, true)
    assert.matches("warning ECS018", msg, 1, true)
  end)
end)

describe("assert.ecs.reports", function()
  it("passes when the rule fires, fails with what was found otherwise", function()
    assert.ecs.reports(bad_table, "ECS008")
    assert.ecs.reports(F .. "bridge-static-22.json", "ECS018")   -- R17, a warning
    local msg = failure(assert.ecs.reports, F .. "awsvpc-hostport.json", "ECS009")
    assert.matches("Expected ecsnet to report ECS009", msg, 1, true)
    assert.matches("error ECS008", msg, 1, true)
  end)

  it("negated, fails listing the hits", function()
    assert.is_not.ecs.reports(F .. "good-fargate.json", "ECS008")
    local msg = failure(assert.is_not.ecs.reports, bad_table, "ECS008")
    assert.matches("not to report ECS008", msg, 1, true)
  end)

  it("accepts a rule name too", function()
    assert.ecs.reports(bad_table, "host-port-must-match")
  end)
end)

describe("assert.ecs.fits (docs/reference.md §3.3: c5.large takes 2 awsvpc tasks, 10 with trunking)", function()
  it("passes when the copies fit", function()
    assert.ecs.fits(F .. "good-fargate.json", { instance = "c5.large", count = 2 })
    assert.ecs.fits(F .. "good-fargate.json", { instance = "c5.large", count = 8, trunking = true })
    assert.ecs.fits(F .. "bridge-dynamic.json", { instance = "c5.large", count = 14, instance_memory = 3700 })
  end)

  it("fails naming the limit that binds and why trunking does not help", function()
    local msg = failure(assert.ecs.fits, F .. "good-fargate.json", { instance = "c5.large", count = 8 })
    assert.matches("Expected 8 copies of " .. F .. "good-fargate.json to fit on a c5.large, but only 2 fit: " ..
      "the ENI limit binds: a c5.large takes 2 awsvpc tasks without trunking (10 with trunking; it does not " ..
      "apply: ", msg, 1, true)
    msg = failure(assert.ecs.fits, F .. "bridge-static-22.json", { instance = "c5.large", count = 2 })
    assert.matches("only 1 fit: a static host port allows one copy per instance", msg, 1, true)
    msg = failure(assert.ecs.fits, F .. "bridge-dynamic.json", { instance = "c5.large", count = 15,
      instance_memory = 3700 })
    assert.matches("only 14 fit: the instance's memory binds", msg, 1, true)
  end)

  it("negated, fails when they fit, and says when nothing limits them", function()
    assert.is_not.ecs.fits(F .. "good-fargate.json", { instance = "c5.large", count = 3 })
    local msg = failure(assert.is_not.ecs.fits, F .. "bridge-dynamic.json", { instance = "c5.large", count = 200 })
    assert.matches("but any number fit (nothing given limits the copies)", msg, 1, true)
  end)

  it("raises for an unknown instance type or a missing instance", function()
    local msg = failure(assert.ecs.fits, F .. "good-fargate.json", { instance = "c9.large", count = 1 })
    assert.matches("unknown instance type 'c9.large'", msg, 1, true)
    msg = failure(assert.ecs.fits, F .. "good-fargate.json", { count = 1 })
    assert.matches("assert.ecs.fits(taskdef, {instance =", msg, 1, true)
  end)
end)

describe("assert.cidr.within / assert.cidr.overlaps (docs/reference.md §4.1)", function()
  it("within", function()
    assert.cidr.within("10.0.4.0/22", "10.0.0.0/16")
    assert.cidr.within("10.0.4.7", "10.0.4.0/22")
    assert.is_not.cidr.within("10.1.4.0/22", "10.0.0.0/16")
    local msg = failure(assert.cidr.within, "10.0.0.0/15", "10.0.0.0/16")
    assert.matches("Expected 10.0.0.0/15 to lie within 10.0.0.0/16, but it only overlaps it", msg, 1, true)
    msg = failure(assert.cidr.within, "10.2.0.0/16", "10.0.0.0/16")
    assert.matches("but they do not overlap", msg, 1, true)
  end)

  it("overlaps", function()
    assert.cidr.overlaps("10.0.0.0/16", "10.0.255.0/24")
    assert.is_not.cidr.overlaps("100.64.0.0/19", "10.0.0.0/16")
    local msg = failure(assert.cidr.overlaps, "100.64.0.0/19", "10.0.0.0/16")
    assert.matches("Expected 100.64.0.0/19 to overlap 10.0.0.0/16, but it does not", msg, 1, true)
  end)

  it("reports text that does not parse, with the parser's message", function()
    local msg = failure(assert.cidr.within, "10.0.0.5/24", "10.0.0.0/16")
    assert.matches("did you mean 10.0.0.0/24?", msg, 1, true)
  end)
end)
