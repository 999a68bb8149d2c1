-- Prints the ECS network-mode table: where each mode runs and what it allows.
-- Run: make demo, or
--   LUA_PATH="lua/?.lua;;" LUA_CPATH="build/gcc/lua5.4/?.so;;" lua5.4 examples/modes.lua
local ecsnet = require "ecsnet"

local platforms = {
  { "ec2_linux", "EC2 Linux" }, { "ec2_windows", "EC2 Win" },
  { "fargate", "Fargate" }, { "external_linux", "Anywhere Linux" },
  { "external_windows", "Anywhere Win" }, { "managed_instances", "Managed Inst." },
}
local caps = {
  { "host_port_remap", "hostPort may differ from containerPort" },
  { "dynamic_host_ports", "dynamic host ports" },
  { "container_port_range", "containerPortRange" },
  { "links", "links" },
  { "own_eni", "own ENI and IP" },
  { "task_security_groups", "security groups per task" },
  { "service_connect", "Service Connect" },
  { "static_port_copies", "several copies with static ports" },
}

local function cell(v)
  if v == true then return "yes" elseif v == false then return "-" end
  return v
end

local modes = {}
for _, name in ipairs(ecsnet.modes()) do
  modes[#modes + 1] = ecsnet.mode(name, { os = name == "default" and "windows" or "linux" })
end

local function row(label, values)
  local out = { string.format("%-40s", label) }
  for _, v in ipairs(values) do out[#out + 1] = string.format("%-10s", v) end
  print((table.concat(out, " "):gsub("%s+$", "")))
end

local header = {}
for _, m in ipairs(modes) do header[#header + 1] = m.name == "default" and "default*" or m.name end
row("ECS network modes", header)
print(string.rep("-", 95))
for _, p in ipairs(platforms) do
  local v = {}
  for _, m in ipairs(modes) do v[#v + 1] = cell(m.support[p[1]] == "no" and false or m.support[p[1]]) end
  row("runs on " .. p[2], v)
end
for _, c in ipairs(caps) do
  local v = {}
  for _, m in ipairs(modes) do v[#v + 1] = cell(m[c[1]]) end
  row(c[2], v)
end
do
  local v = {}
  for _, m in ipairs(modes) do v[#v + 1] = m.lb_target_type or "-" end
  row("load-balancer target type", v)
end
print(string.rep("-", 95))
print("* default = networkMode omitted on Windows (Docker nat driver); on Linux it means bridge.")
print("Not verified cells keep the conservative value; ecsnet.mode(name).notes says which.")
print()
print("Security notes (docs/reference.md §1.4):")
for _, m in ipairs(modes) do
  for _, s in ipairs(m.security) do print(string.format("  %-8s %s", m.name, s)) end
end
