-- The explicit limits of input limits (docs/robustness.md, "Limits"): past each one
-- the caller gets nil and a message that names the limit, never a crash, a
-- hang or a silent cut. The prefix-set limit (ECSNET_CIDRSET_MAX_RANGES,
-- 16,777,216 ranges per family) is tested in C: test/test_cidr.c
-- test_set_limit (building 16 million ranges from Lua is too slow for the
-- valgrind run of this suite).
local ecsnet = require "ecsnet"

local function containers(n, mappings_each)
  local list = {}
  for i = 1, n do
    local pms = {}
    for k = 1, mappings_each or 0 do pms[k] = { containerPort = (i - 1) * mappings_each + k } end
    list[i] = { name = "c" .. i, image = "x", portMappings = pms }
  end
  return list
end

describe("task definition limits (ECSNET_TD_MAX_*)", function()
  it("checks 1,000 containers (ECS allows 10: rule ECS021)", function()
    local r = assert(ecsnet.validate({ family = "x", containerDefinitions = containers(1000) }))
    assert.is_false(r.ok)
    local rules = {}
    for _, d in ipairs(r.diagnostics) do rules[d.rule] = (rules[d.rule] or 0) + 1 end
    assert.equal(1, rules.ECS021)
  end)

  it("refuses 1,001 containers, from a table", function()
    local r, msg = ecsnet.validate({ family = "x", containerDefinitions = containers(1001) })
    assert.is_nil(r)
    assert.equal("the task definition has more than 1000 containers (1001); ecsnet checks at most "
                 .. "that many per task definition (docs/robustness.md)", msg)
  end)

  it("names the task definition's pointer in a CloudFormation template", function()
    local cs = {}
    for i = 1, 1001 do cs[i] = '{"Name":"c' .. i .. '"}' end
    local text = '{"Resources":{"A":{"Type":"AWS::ECS::TaskDefinition","Properties":{"ContainerDefinitions":[]}},'
      .. '"B":{"Type":"AWS::ECS::TaskDefinition","Properties":{"ContainerDefinitions":['
      .. table.concat(cs, ",") .. ']}}}}'
    local r, msg = ecsnet.validate(text)
    assert.is_nil(r)
    assert.matches("^the task definition at '/Resources/B/Properties' has more than 1000 containers", msg)
  end)

  it("checks 10,000 port mappings in a task definition", function()
    -- 10 containers x 1,000 mappings: within the limit, and fast
    local r = assert(ecsnet.validate({ family = "x", networkMode = "awsvpc",
                                       containerDefinitions = containers(10, 1000) }))
    assert.is_true(r.ok)
  end)

  it("refuses the 10,001st port mapping, from JSON text", function()
    local pms = {}
    for k = 1, 10001 do pms[k] = '{"containerPort":' .. (k % 60000 + 1) .. '}' end
    local text = '{"family":"x","containerDefinitions":[{"name":"a","portMappings":['
      .. table.concat(pms, ",") .. ']}]}'
    local r, msg = ecsnet.validate(text)
    assert.is_nil(r)
    assert.equal("the task definition has more than 10000 port mappings; ecsnet checks at most that "
                 .. "many per task definition (docs/robustness.md)", msg)
  end)

  it("refuses text over max_bytes (1 MiB unless the option says)", function()
    local text = '{"family":"x","containerDefinitions":[]}' .. string.rep(" ", 1024 * 1024)
    local r, msg = ecsnet.validate(text)
    assert.is_nil(r)
    assert.equal("document too large: " .. #text .. " bytes, more than the limit of 1048576 (option max_bytes)", msg)
    r, msg = ecsnet.validate('{"family": "x"}', { max_bytes = 10 })
    assert.is_nil(r)
    assert.equal("document too large: 15 bytes, more than the limit of 10 (option max_bytes)", msg)
  end)

  it("refuses nesting deeper than cJSON's 1,000 levels, with the position", function()
    local r, msg = ecsnet.validate(string.rep("[", 1001) .. string.rep("]", 1001))
    assert.is_nil(r)
    assert.equal("JSON nested too deeply at line 1 column 1001: more than 1000 levels of lists and objects", msg)
  end)
end)

describe("plan limits (ECSNET_PLAN_MAX_*)", function()
  it("refuses plan text over 1 MiB", function()
    local p, msg = ecsnet.plan_json("{}" .. string.rep(" ", 1024 * 1024))
    assert.is_nil(p)
    assert.equal("the plan is too large: 1048578 bytes, more than the limit of 1048576", msg)
  end)

  it("tells nesting deeper than 1,000 levels from malformed JSON", function()
    local p, msg = ecsnet.plan_json(string.rep("[", 1200) .. string.rep("]", 1200))
    assert.is_nil(p)
    assert.equal("the plan is nested too deeply (near line 1, column 1001): more than 1000 levels of lists and "
                 .. "objects", msg)
    p, msg = ecsnet.plan_json("{x")
    assert.is_nil(p)
    assert.equal("the plan is not valid JSON (near line 1, column 2)", msg)
  end)

  it("reads at most 1,000 services and 1,000 subnets, with a finding", function()
    local services, subnets = {}, {}
    for i = 1, 1001 do
      services[i] = { name = "s" .. i, network_mode = "awsvpc", desired_count = 1 }
      subnets[i] = { az = "a", cidr = "10." .. math.floor(i / 250) .. "." .. (i % 250) .. ".0/24" }
    end
    local p = assert(ecsnet.plan({ vpc = "10.0.0.0/8", instance_type = "c5.large",
                                   services = services, subnets = subnets }))
    assert.is_false(p.ok)
    local msgs = {}
    for _, f in ipairs(p.findings) do
      if f.code == "PLAN_TOO_LARGE" then msgs[#msgs + 1] = f.message end
    end
    assert.same({ "a plan holds at most 1000 services, got 1001",
                  "a plan holds at most 1000 subnets, got 1001" }, msgs)
  end)
end)

describe("instance data limits (ECSNET_INSTDATA_MAX_BYTES)", function()
  it("refuses text over 64 MiB before parsing it", function()
    local ok, msg = ecsnet.load_instances(string.rep(" ", 64 * 1024 * 1024 + 1))
    assert.is_nil(ok)
    assert.equal("instance data is too large: 67108865 bytes, more than the limit of 67108864", msg)
  end)

  it("tells nesting deeper than 1,000 levels from malformed JSON", function()
    local ok, msg = ecsnet.load_instances(string.rep("[", 1001) .. string.rep("]", 1001))
    assert.is_nil(ok)
    assert.equal("instance data is nested too deeply (near line 1, column 1001): more than 1000 levels of lists "
                 .. "and objects", msg)
  end)
end)
