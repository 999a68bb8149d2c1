--- `ecsnet modes [MODE]`: the network-mode model (docs/reference.md §1).
-- @module ecsnet.cli.modes

local cli = require "ecsnet.cli"
local json = require "ecsnet.json"

local platforms = {
  { "ec2_linux", "EC2 Linux" }, { "ec2_windows", "EC2 Windows" },
  { "fargate", "Fargate" }, { "external_linux", "Anywhere Linux" },
  { "external_windows", "Anywhere Windows" }, { "managed_instances", "Managed Instances" },
}

local caps = {
  { "port_mappings", "portMappings" },
  { "host_port_remap", "hostPort may differ" },
  { "dynamic_host_ports", "dynamic host ports" },
  { "container_port_range", "containerPortRange" },
  { "links", "links" },
  { "hostname", "hostname" },
  { "extra_hosts", "extraHosts" },
  { "own_eni", "own ENI and IP" },
  { "task_security_groups", "per-task security groups" },
  { "service_discovery", "service discovery" },
  { "service_connect", "Service Connect" },
  { "multiple_copies", "several copies per host" },
  { "static_port_copies", "several copies, static ports" },
}

local function cell(v)
  if v == true then return "yes" elseif v == false or v == nil or v == "no" then return "-" end
  return tostring(v)
end

-- Copies a mode table for JSON output, with lists marked as arrays.
local function mode_json(m)
  local t = {}
  for k, v in pairs(m) do t[k] = v end
  t.cloud_map_records = json.array(m.cloud_map_records)
  t.security = json.array(m.security)
  return json.order(t, { "name", "api_value", "driver", "summary", "runs_on", "support" })
end

local function table_view(ctx, modes)
  local function row(label, values, style)
    local out = { string.format("%-30s", label) }
    for _, v in ipairs(values) do out[#out + 1] = string.format("%-9s", v) end
    local line = table.concat(out, " "):gsub("%s+$", "")
    ctx:say(style and ctx:style(style, line) or line)
  end
  local header = {}
  for _, m in ipairs(modes) do header[#header + 1] = m.label end
  row("", header, "bold")
  for _, p in ipairs(platforms) do
    local v = {}
    for _, m in ipairs(modes) do v[#v + 1] = cell(m.mode.support[p[1]]) end
    row("runs on " .. p[2], v)
  end
  for _, c in ipairs(caps) do
    local v = {}
    for _, m in ipairs(modes) do v[#v + 1] = cell(m.mode[c[1]]) end
    row(c[2], v)
  end
  local v = {}
  for _, m in ipairs(modes) do v[#v + 1] = m.mode.lb_target_type or "-" end
  row("load-balancer target type", v)
  ctx:say()
  ctx:say("default = networkMode omitted: bridge on Linux; on Windows the Docker nat driver (shown).")
  ctx:say("'ecsnet modes MODE' shows one mode with its notes and sources.")
end

local function detail_view(ctx, m)
  ctx:say(ctx:style("bold", m.name), " - ", m.summary)
  ctx:say("  driver: ", m.driver, m.api_value and ("; networkMode value: \"" .. m.api_value .. "\"")
    or "; networkMode omitted")
  ctx:say("  hostPort: ", m.host_port_rule)
  ctx:say()
  ctx:say(ctx:style("head", "Where it runs"))
  for _, p in ipairs(platforms) do
    local note = m.platform_notes[p[1]]
    ctx:say(string.format("  %-18s %-9s%s", p[2], m.support[p[1]], note and ("  " .. note) or ""))
  end
  ctx:say()
  ctx:say(ctx:style("head", "What it allows"))
  for _, c in ipairs(caps) do
    local note = m.notes[c[1]]
    ctx:say(string.format("  %-30s %-4s%s", c[2], cell(m[c[1]]), note and ("  " .. note) or ""))
  end
  ctx:say(string.format("  %-30s %s", "load-balancer target type", m.lb_target_type or "-"))
  if m.lb_note then ctx:say(string.format("  %-30s %s", "", m.lb_note)) end
  if #m.cloud_map_records > 0 then
    ctx:say(string.format("  %-30s %s", "Cloud Map records", table.concat(m.cloud_map_records, ", ")))
  end
  if #m.security > 0 then
    ctx:say()
    ctx:say(ctx:style("head", "Security"))
    for _, s in ipairs(m.security) do ctx:say("  - ", s) end
  end
  ctx:say()
  ctx:say("sources: ", m.sources)
end

local OS_NAMES = cli.names("os_names")

return {
  name = "modes",
  summary = "what each network mode allows and where it runs",
  usage = "[MODE] [--os " .. (OS_NAMES and table.concat(OS_NAMES, "|") or "OS") .. "] [--format text|json]",
  description = "Without MODE, a table of the network modes (bridge, host, awsvpc, none, " ..
    "default) by platform and capability. With MODE, that mode in detail: where it runs, what " ..
    "it allows, with the caveats and sources behind each answer (docs/reference.md §1).",
  options = {
    { "os", arg = "OS", values = OS_NAMES,
      help = "the operating system that 'default' means (default: windows in the table, linux for MODE)" },
  },
  examples = {
    "ecsnet modes",
    "ecsnet modes awsvpc",
    "ecsnet modes default --os windows --format json",
  },
  max_args = 1,
  run = function(ctx, args, opts)
    local ecsnet = ctx:module("modes", "mode")
    if args[1] then
      local m, err = ecsnet.mode(args[1], { os = opts.os })
      if not m then ctx:usage_error(err) end
      if ctx.format == "json" then
        ctx:json(mode_json(m))
      else
        detail_view(ctx, m)
      end
      return 0
    end
    local modes = {}
    for _, name in ipairs(ecsnet.modes()) do
      local os_name = opts.os or (name == "default" and "windows" or "linux")
      local m = assert(ecsnet.mode(name, { os = os_name }))
      modes[#modes + 1] = { mode = m, label = name }
    end
    if ctx.format == "json" then
      local list = json.array()
      for _, m in ipairs(modes) do list[#list + 1] = mode_json(m.mode) end
      ctx:json(json.object("modes", list))
    else
      table_view(ctx, modes)
    end
    return 0
  end,
}
