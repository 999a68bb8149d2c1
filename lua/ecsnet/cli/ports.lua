--- `ecsnet ports TASKDEF`: host ports for N copies on one container instance,
-- how many fit, and the ingress rules they need (`ecsnet.host`,
-- `host:place`, `host:capacity`, `ecsnet.ingress`).
-- @module ecsnet.cli.ports

local cli = require "ecsnet.cli"
local json = require "ecsnet.json"
local instdata = require "ecsnet.cli.instdata"

local HOST_KEYS = {
  os = "string", reserved_tcp = "ports", reserved_udp = "ports", dynamic_range = "string",
  ip_local_port_range = "string", prometheus = "boolean", task_iam_roles = "boolean",
}

-- The options of ecsnet.host from --os, --reserved-ports, ... and --host
-- "key=value;key=value" (the names of ecsnet.host's options).
local function host_options(ctx, opts)
  local h = {}
  for _, spec in ipairs(opts.host or {}) do
    for item in spec:gmatch("[^;]+") do
      local k, v = item:match("^%s*([%w_]+)%s*=%s*(.-)%s*$")
      local kind = k and HOST_KEYS[k]
      if not kind then
        local keys = {}
        for name in pairs(HOST_KEYS) do keys[#keys + 1] = name end
        table.sort(keys)
        ctx:usage_error("--host: expected key=value with a key among " .. table.concat(keys, ", ") ..
          ", got " .. cli.quote(item))
      end
      if kind == "ports" then
        h[k] = cli.port_list(ctx, "--host " .. k, v)
      elseif kind == "boolean" then
        if v ~= "true" and v ~= "false" then ctx:usage_error("--host " .. k .. " must be true or false") end
        h[k] = v == "true"
      elseif k == "ip_local_port_range" and v == "unreadable" then
        h[k] = false
      else
        h[k] = v
      end
    end
  end
  if opts.os then h.os = opts.os end
  if opts["reserved-ports"] then h.reserved_tcp = cli.port_list(ctx, "--reserved-ports", opts["reserved-ports"]) end
  if opts["reserved-udp-ports"] then
    h.reserved_udp = cli.port_list(ctx, "--reserved-udp-ports", opts["reserved-udp-ports"])
  end
  if opts["dynamic-range"] then
    local a, b = cli.port_range(ctx, "--dynamic-range", opts["dynamic-range"])
    h.dynamic_range = a .. "-" .. b
  end
  return h
end

-- The task definition to place: the only one in the document, or the one
-- --taskdef names (family or CloudFormation resource).
local function pick_taskdef(ctx, ecsnet, text, opts)
  local list, err = ecsnet.taskdefs(text, { os = opts.os })
  if not list then ctx:input_error(err) end
  if #list == 0 then ctx:input_error("the document holds no task definition") end
  local want = opts.taskdef
  local names = {}
  for i, td in ipairs(list) do
    local res = td.pointer and td.pointer:match("^/Resources/([^/]+)")
    local name = (td.family and td.family ~= "" and td.family) or res or ("task definition " .. i)
    names[i] = name
    if want and (want == td.family or want == res) then return td, name end
  end
  if want then
    ctx:input_error("--taskdef: no task definition " .. cli.quote(want) .. " in the document (it has: " ..
      table.concat(names, ", ") .. ")")
  end
  if #list > 1 then
    ctx:input_error("the document holds " .. #list .. " task definitions (" .. table.concat(names, ", ") ..
      "); pick one with --taskdef NAME")
  end
  return list[1], names[1]
end

local function binding_text(b)
  local cport = b.container_port_range or tostring(b.container_port)
  local hport
  if b.kind == "task" then
    hport = "task ENI " .. cport .. " (no host port)"
  else
    hport = "host " .. (b.host_port_range or tostring(b.host_port)) .. " (" .. b.kind .. ")"
  end
  return string.format("%s %s/%s -> %s", tostring(b.container), cport, b.protocol, hport)
end

local function rule_ports(r)
  return r.from == r.to and tostring(r.from) or (r.from .. "-" .. r.to)
end

local function parse_existing(ctx, list, source)
  local out = {}
  for _, item in ipairs(list or {}) do
    local proto, a, b = item:match("^(%a+):(%d+)%-(%d+)$")
    if not proto then
      proto, a = item:match("^(%a+):(%d+)$")
      b = a
    end
    if not proto or (proto ~= "tcp" and proto ~= "udp") then
      ctx:usage_error("--existing must be tcp:FROM-TO or udp:PORT, got " .. cli.quote(item))
    end
    out[#out + 1] = { protocol = proto, from = cli.integer(ctx, "--existing", a, 1, 65535),
      to = cli.integer(ctx, "--existing", b, 1, 65535), source = source }
  end
  return out
end

-- { ======================================================================
-- --instances: whether a deployment of --count copies can proceed
-- ========================================================================

local DEPLOY_OPTIONS = { "strategy", "minimum-healthy-percent", "maximum-percent", "step-percent",
                         "canary-percent" }

-- A percentage option: a number (step and canary percents take tenths).
local function percent(ctx, name, text)
  local v = tonumber(text)
  if not v or v ~= v or not text:match("^%s*[%d.]+%s*$") then
    ctx:usage_error("'--" .. name .. "' must be a number, got " .. cli.quote(text))
  end
  return v
end

-- ecsnet.deployment for the copies on the --instances given, or nil
-- without --instances (then the deployment options are refused).
local function deployment(ctx, ecsnet, td, hopts, count, opts)
  if not opts.instances then
    for _, k in ipairs(DEPLOY_OPTIONS) do
      if opts[k] then ctx:usage_error("--" .. k .. " needs --instances N (the service's instances)") end
    end
    return nil
  end
  local d, err = ecsnet.deployment {
    taskdef = td, host = hopts, desired = count,
    instances = cli.integer(ctx, "--instances", opts.instances, 0),
    strategy = opts.strategy,
    minimum_healthy_percent = opts["minimum-healthy-percent"] and
      cli.integer(ctx, "--minimum-healthy-percent", opts["minimum-healthy-percent"], 0, 100),
    maximum_percent = opts["maximum-percent"] and cli.integer(ctx, "--maximum-percent", opts["maximum-percent"], 0),
    step_percent = opts["step-percent"] and percent(ctx, "step-percent", opts["step-percent"]),
    canary_percent = opts["canary-percent"] and percent(ctx, "canary-percent", opts["canary-percent"]),
  }
  if not d then ctx:usage_error(err) end
  return d
end

local function deployment_json(d)
  local huge = math.huge
  return json.object("strategy", d.strategy, "instances", d.instances, "desired", d.desired,
    "can_proceed", d.can_proceed, "steady_state", d.steady_state,
    "per_instance", d.per_instance ~= huge and d.per_instance or json.null,
    "peak", d.peak, "static_ports", d.static_ports or json.null,
    "peak_host_ports", d.peak_host_ports or json.null, "reason", d.reason or json.null,
    "fixes", json.array(d.fixes), "assumptions", json.array(d.assumptions), "warnings", json.array(d.warnings))
end

local function say_deployment(ctx, d)
  ctx:say()
  ctx:say(ctx:style("head", "Deployment"), string.format(" (%s, %d copies on %d instances): peak %d tasks, %s",
    d.strategy, d.desired, d.instances, d.peak, d.peak_host_ports and
    (d.peak_host_ports .. " static host ports bound") or "static host ports unknown"))
  if d.can_proceed then
    ctx:say("  ", ctx:style("ok", "can proceed"))
  else
    ctx:say("  ", ctx:style("error", "error"), " ", d.reason or "")
  end
  for _, f in ipairs(d.fixes) do ctx:say("  fix: ", f) end
  for _, a in ipairs(d.assumptions) do ctx:say("  ", ctx:style("dim", a)) end
  for _, w in ipairs(d.warnings) do ctx:say("  ", ctx:style("warning", "warning"), " ", w) end
end

-- }======================================================================

local function run(ctx, args, opts)
  local ecsnet = ctx:module("host", "ingress", "taskdefs", "instance_db", "deployment")
  instdata.load(ctx, ecsnet, opts)   -- checked: ports reads no instance figures yet
  local text = ctx:read_input(args[1])
  local hopts = host_options(ctx, opts)
  local td, name = pick_taskdef(ctx, ecsnet, text, opts)
  local count = opts.count and cli.integer(ctx, "--count", opts.count, 0, 100000) or 3
  local source = opts.source or "0.0.0.0/0"

  -- How many fit on an empty instance, then N copies placed one by one.
  local fresh, herr = ecsnet.host(hopts)
  if not fresh then ctx:input_error(herr) end
  local cap, cerr = fresh:capacity(td)
  if not cap then ctx:input_error(cerr) end
  local host = assert(ecsnet.host(hopts))
  local copies, failure = {}, nil
  for i = 1, count do
    ctx:progress(i - 1, count, "placing copies")
    local placed, why, code = host:place(td)
    if not placed then
      failure = { copy = i, message = why, code = code }
      break
    end
    copies[#copies + 1] = placed
  end
  ctx:progress_done()
  local info = host:info()
  local ing, ierr = ecsnet.ingress(td, { source = source, host = host,
    existing = opts.existing and parse_existing(ctx, opts.existing, source) or nil })
  if not ing then ctx:input_error((ierr:find("^ingress: source") and "--source: " or "") .. ierr) end
  local deploy = deployment(ctx, ecsnet, td, hopts, count, opts)
  -- with --instances, --count is the service's desired count over them: the deployment decides
  local stuck = deploy and not deploy.can_proceed or (not deploy and opts.count and failure)
  local status = stuck and cli.EXIT_FOUND or cli.EXIT_OK

  if ctx.format == "json" then
    local jc = json.array()
    for i, c in ipairs(copies) do
      local bs = json.array()
      for j, b in ipairs(c.bindings) do
        bs[j] = json.object("container", b.container, "protocol", b.protocol, "container_port", b.container_port,
          "host_port", b.kind ~= "task" and b.host_port or json.null, "count", b.count, "kind", b.kind)
      end
      jc[i] = json.object("copy", i, "bindings", bs)
    end
    local rules = json.array()
    for i, r in ipairs(ing.rules) do
      rules[i] = json.object("protocol", r.protocol, "from", r.from, "to", r.to, "source", r.source,
        "why", json.array(r.why), "origin", r.origin)
    end
    ctx:json(json.object(
      "taskdef", json.object("name", name, "family", td.family or json.null, "network_mode", td.network_mode),
      "host", json.object("os", info.os, "reserved_tcp", json.array(info.reserved_tcp),
        "reserved_udp", json.array(info.reserved_udp), "dynamic_range", json.array(info.dynamic_range),
        "dynamic_origin", info.dynamic_origin),
      "copies", jc,
      "failure", failure and json.object("copy", failure.copy, "code", failure.code, "message", failure.message),
      "capacity", json.object("copies", cap.unlimited and json.null or cap.copies, "unlimited", cap.unlimited,
        "reason", cap.reason, "message", cap.message),
      "ingress", json.object("target", ing.target or json.null, "source", ing.source, "rules", rules,
        "warnings", json.array(ing.warnings)),
      "deployment", deploy and deployment_json(deploy)))
    return status
  end

  ctx:say(ctx:style("bold", name), " (", td.network_mode or "default", ") on one ", info.os,
    " container instance")
  ctx:say("  reserved tcp ", #info.reserved_tcp > 0 and table.concat(info.reserved_tcp, ", ") or "none",
    #info.reserved_udp > 0 and ("; udp " .. table.concat(info.reserved_udp, ", ")) or "")
  ctx:say("  dynamic range ", info.dynamic_range[1], "-", info.dynamic_range[2], " (", info.dynamic_origin, ")")
  ctx:say()
  ctx:say(ctx:style("head", "Host ports"))
  for i, c in ipairs(copies) do
    if #c.bindings == 0 then
      ctx:say("  copy ", i, ": no port mappings")
    end
    for j, b in ipairs(c.bindings) do
      ctx:say(j == 1 and string.format("  copy %-3d ", i) or string.rep(" ", 11), binding_text(b))
    end
  end
  if failure then
    ctx:say(string.format("  copy %-3d ", failure.copy), ctx:style("error", "does not fit"), ": ", failure.message)
  end
  ctx:say()
  if cap.unlimited then
    ctx:say(ctx:style("head", "Capacity"), ": ports do not limit the copies per instance",
      td.network_mode == "awsvpc" and " (each task has its own ENI: see 'ecsnet density')" or "")
  else
    ctx:say(ctx:style("head", "Capacity"), ": ", cap.copies, cap.copies == 1 and " copy" or " copies",
      " per instance by ports alone; the next one fails: ", cap.message or cap.reason or "")
  end
  ctx:say()
  local target = ing.target == "task" and "the task's security group" or
    (ing.target == "instance" and "the instance's security group" or "no security group")
  ctx:say(ctx:style("head", "Ingress"), " (", target, ", from ", ing.source, ")")
  if #ing.rules == 0 then ctx:say("  none needed") end
  for _, r in ipairs(ing.rules) do
    ctx:say(string.format("  %s %-11s from %s: %s", r.protocol, rule_ports(r), r.source, table.concat(r.why, "; ")))
    if r.origin then ctx:say("      range: ", r.origin) end
  end
  for _, w in ipairs(ing.warnings) do
    ctx:say("  ", ctx:style("warning", "warning"), " ", type(w) == "table" and (w.message or tostring(w)) or w)
  end
  if deploy then say_deployment(ctx, deploy) end
  return status
end

return {
  name = "ports",
  summary = "host ports N copies take on one instance, capacity, ingress rules",
  usage = "TASKDEF [--count N] [--host KEY=VALUE;...] [--instances N [--strategy S]] [options]",
  args_name = "TASKDEF (a task-definition file, or - for stdin)",
  description = "Places copies of a task definition on one container instance the way the " ..
    "ECS agent (>= 1.70) does: static ports as given, dynamic ports scanned upward through the " ..
    "agent's range. Shows the host port each copy binds, how many copies fit by ports alone and " ..
    "what stops the next one, and the narrowest security-group ingress rules, with the dynamic " ..
    "range's origin (docs/reference.md §2.3-2.6). With --count, exit 1 when that many do not fit. " ..
    "With --instances N, whether a deployment of the --count copies on N such instances can proceed " ..
    "by host ports, for --strategy ROLLING (default: --minimum-healthy-percent, --maximum-percent), " ..
    "BLUE_GREEN (both revisions at once during the bake time), LINEAR or CANARY (assumed alike; " ..
    "--step-percent, --canary-percent), with the peak and the fixes; exit 1 when it cannot " ..
    "(docs/reference.md §8.1).",
  options = {
    { "count", arg = "N", help = "copies to place (default 3; with --count, exit 1 when they do not fit)" },
    { "taskdef", arg = "NAME", help = "which task definition of a template (family or resource name)" },
    { "os", arg = "OS", values = cli.names("os_names"), help = "the instance's operating system" },
    { "reserved-ports", arg = "PORTS", help = "ECS_RESERVED_PORTS (replaces the agent's default list)" },
    { "reserved-udp-ports", arg = "PORTS", help = "ECS_RESERVED_PORTS_UDP" },
    { "dynamic-range", arg = "FIRST-LAST", help = "ECS_DYNAMIC_HOST_PORT_RANGE" },
    { "host", arg = "KEY=VALUE;...", multiple = true, help = "more of the instance, as ecsnet.host's options: " ..
      "ip_local_port_range=32768 60999 (or 'unreadable'), prometheus=true, task_iam_roles=true, " ..
      "reserved_tcp=22,2375, dynamic_range=FIRST-LAST, os=windows" },
    { "source", arg = "SG|CIDR", help = "where traffic comes from: a load balancer's security group or a " ..
      "CIDR (default 0.0.0.0/0)" },
    { "existing", arg = "PROTO:FROM-TO", multiple = true, help = "an ingress rule you have, checked against " ..
      "what the task needs (repeatable)" },
    { "instances", arg = "N", help = "deployment: the instances the service runs on (checks whether a " ..
      "deployment of the --count copies can proceed)" },
    { "strategy", arg = "S", help = "deployment: ROLLING (default), BLUE_GREEN, LINEAR or CANARY" },
    { "minimum-healthy-percent", arg = "P", help = "deployment: ROLLING's minimumHealthyPercent (default 100)" },
    { "maximum-percent", arg = "P", help = "deployment: ROLLING's maximumPercent (default 200)" },
    { "step-percent", arg = "P", help = "deployment: LINEAR's stepPercent (3 to 100)" },
    { "canary-percent", arg = "P", help = "deployment: CANARY's canaryPercent (0.1 to 100)" },
    instdata.option,
  },
  examples = {
    "ecsnet ports web.json --count 3",
    "ecsnet ports web.json --source sg-0123456789abcdef0 --existing tcp:32768-65535",
    "ecsnet ports web.json --host 'ip_local_port_range=32768 60999;prometheus=true'",
    "ecsnet ports web.json --reserved-ports 22,2375,2376,51678,51679,8080 --format json",
    "ecsnet ports api.json --count 3 --instances 3 --strategy BLUE_GREEN",
  },
  exit_status = "0 done, 1 --count copies do not fit on one instance (with --instances: the deployment " ..
    "cannot proceed), 2 usage or input error",
  min_args = 1, max_args = 1,
  run = run,
}
