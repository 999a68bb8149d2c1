-- The validator reads the fields of the API shapes it knows through slots
-- that one lookup per key fills (src/ecsnet_td_fields.c), by the field
-- constants tools/gen-shapes.py writes into src/ecsnet_shapes.h next to the
-- key tables of src/ecsnet_shapes.c (spec/typos_spec.lua checks those).
-- Which key counts is as the AWS CLI reads JSON (the last of duplicates) and
-- as CloudFormation reads properties (PascalCase first; camelCase is ECS025):
-- docs/reference.md#what-the-api-rejects.
local ecsnet = require "ecsnet"

local function codes(r)
  local out = {}
  for _, d in ipairs(r.diagnostics) do out[#out + 1] = d.code .. " " .. d.pointer end
  return out
end

describe("field reads through the key tables", function()
  it("src/ecsnet_shapes.h is the output of tools/gen-shapes.py --header", function()
    local p = assert(io.popen("python3 tools/gen-shapes.py --header "
                              .. "../shared/reference/ecs-api-shapes-2026-08.json -"))
    local out = p:read("*a")
    p:close()
    local f = assert(io.open("src/ecsnet_shapes.h", "rb"))
    local text = f:read("*a")
    f:close()
    assert.is_true(#out > 1000)
    assert.equals(out, text)
  end)

  it("reads the last of duplicate keys, as the AWS CLI does", function()
    local td = '{"family":"f","networkMode":"awsvpc","containerDefinitions":[' ..
      '{"name":"a","image":"i","portMappings":[{"containerPort":80,' ..
      '"hostPort":81,"hostPort":80}]}]}'
    local r = assert(ecsnet.validate(td, { taskdefs = true }))
    assert.same({ "ECS034 /containerDefinitions/0/portMappings/0/hostPort" }, codes(r))
    assert.equals(80, r.taskdefs[1].containers[1].port_mappings[1].host_port)
  end)

  it("in CloudFormation, a PascalCase key counts before a camelCase one", function()
    -- both orders: the PascalCase one is read wherever it is
    for _, pm in ipairs({
      '{"hostPort": 81, "ContainerPort": 80, "HostPort": 80}',
      '{"HostPort": 80, "ContainerPort": 80, "hostPort": 81}' }) do
      local doc = '{"Resources":{"T":{"Type":"AWS::ECS::TaskDefinition",' ..
        '"Properties":{"NetworkMode":"awsvpc","ContainerDefinitions":[' ..
        '{"Name":"a","Image":"i","PortMappings":[' .. pm .. ']}]}}}}'
      local r = assert(ecsnet.validate(doc, { taskdefs = true }))
      assert.equals(80, r.taskdefs[1].containers[1].port_mappings[1].host_port, doc)
      local seen = {}
      for _, d in ipairs(r.diagnostics) do seen[d.code] = d.pointer end
      assert.is_nil(seen.ECS008, doc)
      assert.matches("/PortMappings/0/hostPort$", seen.ECS025, doc)
    end
  end)

  it("reads a camelCase key in CloudFormation when there is no PascalCase one", function()
    local doc = '{"Resources":{"T":{"Type":"AWS::ECS::TaskDefinition","Properties":' ..
      '{"NetworkMode":"awsvpc","ContainerDefinitions":[{"Name":"a","Image":"i",' ..
      '"PortMappings":[{"ContainerPort":80,"hostPort":81}]}]}}}}'
    local r = assert(ecsnet.validate(doc, { taskdefs = true }))
    local seen = {}
    for _, d in ipairs(r.diagnostics) do seen[d.code] = d.pointer end
    assert.equals("/Resources/T/Properties/ContainerDefinitions/0/PortMappings/0/hostPort",
                  seen.ECS025)
    assert.equals("/Resources/T/Properties/ContainerDefinitions/0/PortMappings/0/hostPort",
                  seen.ECS008)
  end)

  it("finds a container's fields after port mappings took the key indexes", function()
    -- three mappings, then fields of the container read after them
    -- (essential, a duplicate name)
    local pm = '{"containerPort":80},{"containerPort":81},{"containerPort":82}'
    local td = '{"family":"f","networkMode":"awsvpc","containerDefinitions":[' ..
      '{"name":"a","image":"i","essential":false,"portMappings":[' .. pm .. ']},' ..
      '{"name":"a","image":"i","essential":false,"portMappings":[' .. pm .. ']}]}'
    local r = assert(ecsnet.validate(td))
    local seen = {}
    for _, d in ipairs(r.diagnostics) do seen[d.code] = d.pointer end
    assert.equals("/containerDefinitions/1/name", seen.ECS056)
    assert.equals("/containerDefinitions", seen.ECS057)
  end)

  it("reads a describe-output task definition through the names", function()
    local td = '{"taskDefinition":{"taskDefinitionArn":"arn:x","family":"f",' ..
      '"networkMode":"host","revision":1,"containerDefinitions":[{"name":"a",' ..
      '"image":"i","portMappings":[{"containerPort":80}]}]}}'
    local r = assert(ecsnet.validate(td, { taskdefs = true }))
    assert.equals("describe", r.shape)
    assert.equals("host", r.taskdefs[1].network_mode)
    assert.equals("f", r.taskdefs[1].family)
  end)
end)
