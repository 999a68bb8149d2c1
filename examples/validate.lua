-- Validating task definitions: the bundled examples in
-- examples/taskdefs/, some valid and some with the classic mistakes, from
-- JSON text and from a Lua table; a report as text, JSON and SARIF.
--   LUA_PATH="lua/?.lua;;" LUA_CPATH="build/gcc/lua5.4/?.so;;" lua5.4 examples/validate.lua
local ecsnet = require "ecsnet"

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

-- file, options, expected error rules (nil: valid)
local examples = {
  { "web-fargate.json" },
  { "api-ec2-bridge.json" },
  { "mistakes-fargate-bridge.json", nil, { "ECS003" } },
  { "mistakes-awsvpc-remap-links.json", nil, { "ECS010", "ECS009", "ECS008", "ECS015" } },
  { "mistakes-ports.json", nil, { "ECS014", "ECS012" } },
  { "cfn-template.json", nil, { "ECS025", "ECS025", "ECS028" } },
  { "terraform-container-definitions.json", { network_mode = "awsvpc", launch_type = "FARGATE" } },
}

for _, ex in ipairs(examples) do
  local name, options, want = ex[1], ex[2], ex[3] or {}
  local report = assert(ecsnet.validate(read("examples/taskdefs/" .. name), options))
  print(string.format("== %s (%s): %s", name, report.shape, report.ok and "valid" or "invalid"))
  print(tostring(report))
  print()
  local got = {}
  for _, d in ipairs(report:filter("error")) do got[#got + 1] = d.rule end
  assert(table.concat(got, " ") == table.concat(want, " "),
    name .. ": expected errors " .. table.concat(want, " ") .. ", got " .. table.concat(got, " "))
end

-- The same rules on a Lua table, with the deployment context as options:
-- "EC2 Linux with ECS_RESERVED_PORTS=[22,8080]".
local report = ecsnet.validate({
  family = "admin",
  networkMode = "bridge",
  containerDefinitions = {
    { name = "admin", image = "admin:1", memory = 256,
      portMappings = { { containerPort = 8080, hostPort = 8080 } } },
  },
}, { launch_type = "EC2", reserved_ports = { 22, 8080 } })
print("== a Lua table with ECS_RESERVED_PORTS=[22,8080]")
print(report)
assert(report:filter("ECS018")[1], "the reserved port is reported")

-- Service Connect: the caller names the ports its services use.
report = ecsnet.validate(read("examples/taskdefs/web-fargate.json"), { service_connect = { "http", "grpc" } })
print()
print("== Service Connect ports http and grpc")
print(report)

-- Machine-readable renderings.
local sarif = report:sarif({ uri = "examples/taskdefs/web-fargate.json" })
assert(sarif:find('"version":"2.1.0"', 1, true))
print()
print(string.format("SARIF: %d bytes, JSON: %d bytes, %d rules in the catalog",
  #sarif, #report:json(), #ecsnet.rules()))

-- The normalized model that the host-port and density parts read.
local td = assert(ecsnet.taskdefs(read("examples/taskdefs/api-ec2-bridge.json")))[1]
print(string.format("%s: %s mode, %d containers, first port %d/%s -> host %d (dynamic)",
  td.family, td.network_mode, #td.containers, td.containers[1].port_mappings[1].container_port,
  td.containers[1].port_mappings[1].protocol, td.containers[1].port_mappings[1].host_port))
