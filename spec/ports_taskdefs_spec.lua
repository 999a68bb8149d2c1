-- Host ports on real task definitions: raw JSON text and
-- register-shaped Lua tables go through ecsnet.taskdefs. Fixtures are
-- copies from the shared corpus (spec/fixtures/ports/SOURCES.md).
-- Reference: docs/reference.md §1.3, §2.2, §2.4-2.6, §5.1.
local ecsnet = require "ecsnet"

local function fixture(name)
  local f = assert(io.open("spec/fixtures/ports/" .. name .. ".json", "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

local INFERENCE = fixture("07-docs-inference-ec2-static-and-dynamic-hostport0")
local NGINX = fixture("25-samples-nginx-ec2-bridge-dynamic")
local WIN8080 = fixture("11-docs-windows-ec2-default-mode-8080-to-80")
local RANGE = fixture("44-cdk-fargate-container-port-range")
local REFPORT = fixture("36-cfn-templates-ec2-public-service-ref-port")

describe("raw task definitions (ecsnet.taskdefs)", function()
  it("places the docs' inference example: static 8500, 8501 and a dynamic port (§2.5, §2.6)", function()
    local h = ecsnet.host()
    local t = assert(h:place(INFERENCE))
    local got = {}
    for _, b in ipairs(t.bindings) do got[#got + 1] = { b.container_port, b.host_port, b.kind } end
    assert.same({ { 8500, 8500, "static" }, { 8501, 8501, "static" }, { 80, 32768, "dynamic" } }, got)
    assert.equals("resnet50", t.bindings[1].container)
    local _, err, code = h:place(INFERENCE)
    assert.equals("RESOURCE:PORTS", code)
    assert.matches("host port 8500/tcp is already used by task 1", err)
    assert.equals(0, h:capacity(INFERENCE).copies)
  end)

  it("places aws-samples nginx (containerPort only: dynamic) copy after copy", function()
    local h = ecsnet.host { dynamic_range = "49153-49154" }
    assert.equals(49153, h:place(NGINX).bindings[1].host_port)
    assert.equals(49154, h:place_id(NGINX) and h:bindings(2)[1].host_port)
    assert.same({ nil, "a host port is unavailable: no free tcp port in the dynamic range 49153-49154 " ..
                       "(docs/reference.md §2.5)", "HOST_PORT_UNAVAILABLE" }, { h:place(NGINX) })
  end)

  it("accepts a register-shaped Lua table", function()
    local td = { family = "nginx", networkMode = "bridge",
                 containerDefinitions = { { name = "nginx",
                                            portMappings = { { containerPort = 80, hostPort = 8080 } } } } }
    local t = assert(ecsnet.host():place(td))
    assert.equals(8080, t.bindings[1].host_port)
    assert.equals("nginx", t.bindings[1].container)
  end)

  it("compiles port requests once from raw JSON text, read in C by the validator (no Lua hook)", function()
    local reqs = assert(ecsnet.port_requests(INFERENCE))
    assert.matches("3 mappings", tostring(reqs))
    local h = ecsnet.host()
    assert.equals(1, h:place_id(reqs))
    local no_td = "the CloudFormation template has no AWS::ECS::TaskDefinition resource"
    assert.same({ nil, no_td }, { ecsnet.port_requests('{"Resources": {}}') })
    assert.same({ nil, no_td, "INVALID" }, { ecsnet.host():place('{"Resources": {}}') })
  end)

  it("finds two services on one static host port (§2.6)", function()
    local f = assert(ecsnet.host():conflicts { WIN8080, fixture("47-cdk-ec2-bridge-static-8080-to-80") })
    local kinds = {}
    for _, x in ipairs(f) do kinds[x.kind] = (kinds[x.kind] or 0) + 1 end
    assert.equals(1, kinds.same_static_port)
  end)

  it("takes no host port for a containerPortRange in awsvpc (§2.2), and opens the range on the task", function()
    local h = ecsnet.host()
    local t = assert(h:place(RANGE))
    assert.equals("task", t.bindings[1].kind)
    assert.equals("8080-8081", t.bindings[1].container_port_range)
    assert.is_true(h:capacity(RANGE).unlimited)
    local r = assert(ecsnet.ingress(RANGE, { source = "sg-0123abcd" }))
    assert.equals("task", r.target)
    assert.equals(8080, r.rules[1].from)
    assert.equals(8081, r.rules[1].to)
  end)

  it("derives the inference example's ingress: static ports and the dynamic range (§5.1)", function()
    local r = assert(ecsnet.ingress(INFERENCE, { source = "sg-0123abcd", host = { ip_local_port_range = false } }))
    assert.equals(8500, r.rules[1].from)
    assert.equals(8501, r.rules[1].to)
    assert.equals(49153, r.rules[2].from)
    assert.equals("agent fallback", r.dynamic_origin)
  end)

  it("cannot place a port that is a CloudFormation reference", function()
    local _, err, code = ecsnet.host():place(REFPORT)
    assert.equals("INVALID", code)
    assert.matches("cannot be known statically", err)
    local r = assert(ecsnet.ingress(REFPORT, { source = "10.0.0.0/16" }))
    assert.matches("cannot be known statically", r.warnings[1])
  end)

  it("passes the validator's answer on bad JSON", function()
    local t, err, code = ecsnet.host():place("[1,2")
    assert.is_nil(t)
    assert.matches("malformed JSON", err)
    assert.equals("INVALID", code)
    assert.is_nil(ecsnet.ingress("{", { source = "sg-1" }))
  end)
end)
