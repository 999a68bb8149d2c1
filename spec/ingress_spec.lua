-- Security-group ingress: the narrowest rules a task needs, and
-- warnings on existing rules. Reference: docs/reference.md §1.3, §2.4, §5.1;
-- peers.md (c) pains 5 and 6.
local ecsnet = require "ecsnet"

local function td(mode, mappings)
  local t = { network_mode = mode, os = "linux", containers = {} }
  for i, c in ipairs(mappings) do
    local pms = {}
    for j, m in ipairs(c) do
      pms[j] = { container_port = m[1], host_port = m[2], protocol = m.protocol or "tcp", range = m.range,
                 unknown = m.unknown, pointer = "/containerDefinitions/" .. (i - 1) .. "/portMappings/" .. (j - 1) }
    end
    t.containers[i] = { name = "c" .. i, port_mappings = pms }
  end
  return t
end

local function ranges(r)
  local out = {}
  for _, x in ipairs(r.rules) do out[#out + 1] = { x.protocol, x.from, x.to } end
  return out
end

describe("ecsnet.ingress: awsvpc and host need the container ports (§1.3, §5.1)", function()
  it("gives exact container ports on the task's security group for awsvpc", function()
    local r = assert(ecsnet.ingress(td("awsvpc", { { { 80 }, { 443 } }, { { 9000, nil, protocol = "udp" } } }),
                                    { source = "sg-0123abcd" }))
    assert.equals("task", r.target)
    assert.same({ { "tcp", 80, 80 }, { "tcp", 443, 443 }, { "udp", 9000, 9000 } }, ranges(r))
    assert.equals("sg-0123abcd", r.rules[1].source)
    assert.equals("security_group", r.source_kind)
    assert.is_nil(r.dynamic_range)
  end)

  it("gives a container port range as one rule", function()
    local r = ecsnet.ingress(td("awsvpc", { { { range = { 7000, 7010 } } } }), { source = "10.0.0.0/16" })
    assert.same({ { "tcp", 7000, 7010 } }, ranges(r))
    assert.equals("cidr", r.source_kind)
  end)

  it("gives exact ports on the instance's security group for host mode", function()
    local r = ecsnet.ingress(td("host", { { { 8500 }, { 8501 }, { 8600, nil, protocol = "udp" } } }),
                             { source = "sg-1" })
    assert.equals("instance", r.target)
    assert.same({ { "tcp", 8500, 8501 }, { "udp", 8600, 8600 } }, ranges(r))   -- adjacent ports merge
    assert.same({ "container port c1 8500", "container port c1 8501" }, r.rules[1].why)
  end)

  it("gives nothing for none", function()
    assert.same({}, ecsnet.ingress(td("none", {}), { source = "sg-1" }).rules)
  end)
end)

describe("ecsnet.ingress: bridge needs static ports and the actual dynamic range (§2.4, §5.1)", function()
  it("states the assumed kernel default and its origin", function()
    local r = ecsnet.ingress(td("bridge", { { { 80, 0 }, { 81, 8081 } } }), { source = "sg-1" })
    assert.same({ { "tcp", 8081, 8081 }, { "tcp", 32768, 60999 } }, ranges(r))
    assert.same({ 32768, 60999 }, r.dynamic_range)
    assert.equals("kernel default", r.dynamic_origin)
    assert.matches("inferred, not measured", r.rules[2].origin)
  end)

  it("uses the host's real ip_local_port_range (aws-cdk#9778: 1025-65000)", function()
    local r = ecsnet.ingress(td("bridge", { { { 80, 0 } } }),
                             { source = "sg-1", host = { ip_local_port_range = "1025\t65000" } })
    assert.same({ { "tcp", 1025, 65000 } }, ranges(r))
    assert.matches("ip_local_port_range, read by the agent", r.rules[1].origin)
  end)

  it("uses ECS_DYNAMIC_HOST_PORT_RANGE to narrow the rule", function()
    local h = ecsnet.host { dynamic_range = "50000-50099" }
    local r = ecsnet.ingress(td("bridge", { { { 80, 0 }, { 53, 0, protocol = "udp" } } }),
                             { source = "sg-1", host = h })
    assert.same({ { "tcp", 50000, 50099 }, { "udp", 50000, 50099 } }, ranges(r))
    assert.matches("ECS_DYNAMIC_HOST_PORT_RANGE", r.rules[1].origin)
  end)

  it("uses the agent's fallback and Windows ranges", function()
    local r = ecsnet.ingress(td("bridge", { { { 80 } } }), { source = "sg-1", host = { ip_local_port_range = false } })
    assert.same({ { "tcp", 49153, 65535 } }, ranges(r))
    local w = td("default", { { { 80, 0 } } })
    w.os = "windows"
    r = ecsnet.ingress(w, { source = "sg-1" })
    assert.same({ { "tcp", 49152, 65535 } }, ranges(r))
  end)

  it("warns about values it cannot know", function()
    local r = ecsnet.ingress(td("bridge", { { { 80, 0, unknown = true } } }), { source = "sg-1" })
    assert.same({}, r.rules)
    assert.matches("cannot be known statically", r.warnings[1])
  end)
end)

describe("ecsnet.ingress: existing rules (peers.md (c) 5, 6)", function()
  local bridge = td("bridge", { { { 80, 0 } } })
  local arm = { ip_local_port_range = "1025 65000" }

  it("warns when a hard-coded 32768-65535 misses part of the real range", function()
    local r = ecsnet.ingress(bridge, { source = "sg-1", host = arm,
                                       existing = { { protocol = "tcp", from = 32768, to = 65535, source = "sg-1" } } })
    assert.matches("existing rules do not cover tcp 1025%-32767 from sg%-1", r.warnings[1])
    assert.matches("the dynamic range is 1025%-65000", r.warnings[1])
  end)

  it("accepts rules that cover what is needed", function()
    local r = ecsnet.ingress(bridge, { source = "sg-1",
                                       existing = { { from = 32768, to = 40000 }, { from = 40001, to = 60999 } } })
    assert.same({}, r.warnings)
  end)

  it("ignores rules from another source", function()
    local r = ecsnet.ingress(bridge, { source = "sg-1", existing = { { from = 0, to = 65535, source = "sg-2" } } })
    assert.matches("do not cover tcp 32768%-60999", r.warnings[1])
  end)

  it("warns when a rule opens far more than needed", function()
    local r = ecsnet.ingress(td("awsvpc", { { { 80 } } }),
                             { source = "sg-1", existing = { { protocol = "-1", from = 0, to = 65535 } } })
    assert.equals(1, #r.warnings)
    assert.matches("existing rule 1 opens %-1 0%-65535 %(65536 ports%) where the task needs 1", r.warnings[1])
  end)

  it("rejects bad rules and sources", function()
    assert.is_nil(ecsnet.ingress(bridge, { source = "sg-1", existing = { { from = 10, to = 5 } } }))
    local r, err = ecsnet.ingress(bridge, { source = "my-lb" })
    assert.is_nil(r)
    assert.matches("neither a security group id", err)
    assert.has_error(function() ecsnet.ingress(bridge, 5) end)
  end)
end)
