-- The ECS agent's configuration: one vocabulary and one set of defaults for
-- ecsnet.host and ecsnet.validate (src/ecsnet_agent.c; docs/reference.md
-- §2.3 reserved ports, §2.4 the dynamic range, §5.8 agent variables).
local ecsnet = require "ecsnet"

local function bridge(host_port, os)
  local td = { family = "a", networkMode = "bridge", containerDefinitions = {
    { name = "a", portMappings = { { containerPort = 80, hostPort = host_port } } } } }
  if os == "windows" then
    td.networkMode = nil
    td.runtimePlatform = { operatingSystemFamily = "WINDOWS_SERVER_2022_CORE" }
  end
  return td
end

-- The rules of a report, "ECS018 ECS020".
local function rules(r)
  local out = {}
  for _, d in ipairs(r.diagnostics) do out[#out + 1] = d.rule end
  return table.concat(out, " ")
end

describe("agent settings (§2.3, §2.4)", function()
  it("validate takes the host's option names: reserved_tcp, prometheus, task_iam_roles", function()
    assert.matches("ECS018", rules(ecsnet.validate(bridge(8080), { reserved_tcp = { 8080 } })))
    assert.matches("ECS018", rules(ecsnet.validate(bridge(8080), { reserved_ports = { 8080 } })))
    -- 51680 is reserved only when the agent serves Prometheus metrics (§2.3)
    local low = "30000-40000"   -- 51680 outside the dynamic range
    assert.not_matches("ECS018", rules(ecsnet.validate(bridge(51680), { dynamic_range = low })))
    assert.matches("ECS018", rules(ecsnet.validate(bridge(51680), { dynamic_range = low, prometheus = true })))
    -- 80 on Windows only with task IAM roles (§2.3)
    assert.not_matches("ECS018", rules(ecsnet.validate(bridge(80, "windows"))))
    assert.matches("ECS018", rules(ecsnet.validate(bridge(80, "windows"), { task_iam_roles = true })))
  end)

  it("an empty reserved list keeps the agent's default, in validate as in hosts", function()
    assert.matches("ECS018", rules(ecsnet.validate(bridge(22), { reserved_tcp = {} })))
    assert.same({ 22, 2375, 2376, 51678, 51679 }, ecsnet.host { reserved_tcp = {} }:info().reserved_tcp)
  end)

  it("the dynamic range: ip_local_port_range text, then dynamic_range over it, for both", function()
    local in_range = rules(ecsnet.validate(bridge(50500), { ip_local_port_range = "50000\t50999" }))
    assert.matches("ECS018", in_range)
    assert.not_matches("ECS018", rules(ecsnet.validate(bridge(50500),
      { ip_local_port_range = "50000\t50999", dynamic_range = "40000-40999" })))
    assert.same({ 40000, 40999 }, ecsnet.host { ip_local_port_range = "50000\t50999",
      dynamic_range = "40000-40999" }:info().dynamic_range)
  end)

  it("bad settings give the same message from both", function()
    for _, o in ipairs { { dynamic_range = "9-1" }, { reserved_tcp = "[22," }, { reserved_udp = { 70000 } } } do
      local _, from_host = ecsnet.host(o)
      local r, from_validate = ecsnet.validate(bridge(8080), o)
      assert.is_nil(r)
      assert.is_string(from_host)
      assert.equals(from_host, from_validate)
    end
  end)
end)
