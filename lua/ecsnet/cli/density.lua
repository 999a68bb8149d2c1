--- `ecsnet density INSTANCE [TASKDEF|DIR ...]`: tasks per instance, with and
-- without ENI trunking, and which limit binds (`ecsnet.instance`,
-- `ecsnet.density`, `ecsnet.explain_eni`).
-- @module ecsnet.cli.density

local cli = require "ecsnet.cli"
local json = require "ecsnet.json"
local walk = require "ecsnet.cli.walk"
local instdata = require "ecsnet.cli.instdata"

local huge = math.huge

-- The largest CPU units, MiB and copies the density model takes (the core
-- refuses more than 10^15).
local MAX_AMOUNT = 1000000000000000

local function copies(d)
  if d.unlimited or d.tasks == huge then return "no limit" end
  return tostring(d.tasks)
end

local function jnum(v)
  if v == nil or v == huge then return json.null end
  return v
end

-- The density options shared by every row.
local function base_options(ctx, opts, instance)
  local o = { instance = instance, os = opts.os }
  if opts.cpu then o.cpu = cli.integer(ctx, "--cpu", opts.cpu, 1, MAX_AMOUNT) end
  if opts.memory then o.memory = cli.integer(ctx, "--memory", opts.memory, 1, MAX_AMOUNT) end
  if opts["instance-cpu"] then
    o.instance_cpu = cli.integer(ctx, "--instance-cpu", opts["instance-cpu"], 1, MAX_AMOUNT)
  end
  if opts["instance-memory"] then
    o.instance_memory = cli.integer(ctx, "--instance-memory", opts["instance-memory"], 1, MAX_AMOUNT)
  end
  if opts["launched-before-opt-in"] then o.launched_after_opt_in = false end
  if opts["shared-subnet"] then o.shared_subnet = true end
  if opts["managed-instances"] then o.managed_instances = true end
  return o
end

local function with(o, k, v)
  local t = {}
  for key, val in pairs(o) do t[key] = val end
  t[k] = v
  return t
end

local function density_json(d)
  return json.object("tasks", jnum(d.tasks), "unlimited", d.unlimited == true, "binding", d.binding,
    "mode", d.mode, "managed_instances", d.managed_instances, "trunking_applies", d.trunking.applies,
    "trunking_reasons", json.array(d.trunking.reasons),
    "by", json.object("eni", jnum(d.by.eni), "cpu", jnum(d.by.cpu), "memory", jnum(d.by.memory),
      "ports", jnum(d.by.ports)),
    "enis", json.object("limit", d.enis.limit, "used", d.enis.used, "primary", d.enis.primary,
      "trunk", d.enis.trunk, "task", d.enis.task),
    "ips", json.object("used", d.ips.used, "per_instance", d.ips.per_instance, "per_task", d.ips.per_task),
    "reference", d.reference)
end

-- Task definitions from the arguments: { file =, name =, td = normalized table }.
local function gather(ctx, ecsnet, args, opts)
  local rows = {}
  for i = 2, #args do
    local files = { args[i] }
    if args[i] ~= "-" and walk.is_dir(args[i]) then
      files = walk.json_files(args[i]) or {}
    end
    for _, f in ipairs(files) do
      local text = ctx:read_input(f)
      local tds, terr = ecsnet.taskdefs(text, { os = opts.os })
      if not tds then
        if f ~= args[i] and terr:find("^not a task definition") then
          tds = {}   -- a folder's package.json
        else
          ctx:input_error(f .. ": " .. terr)
        end
      end
      for j, td in ipairs(tds) do
        local res = td.pointer and td.pointer:match("^/Resources/([^/]+)")
        rows[#rows + 1] = { file = f, td = td,
          name = (td.family and td.family ~= "" and td.family) or res or ("task definition " .. j) }
      end
    end
  end
  return rows
end

-- Trunking support as the data's tier allows saying it (docs/reference.md §3.3).
local function trunk_word(it)
  if it.trunk_tier == "unknown" then return "support unknown" end
  local word = it.trunking_supported and "supported" or "not supported"
  if it.trunk_tier == "estimated" or it.trunk_tier == "user" then word = word .. " (" .. it.trunk_tier .. ")" end
  return word
end

local function instance_line(it)
  local v6 = it.ipv6_supported and (it.ipv6_per_eni .. " IPv6") or "no IPv6"
  return string.format("%s: %d ENIs, %d IPv4 and %s addresses per ENI; ENI trunking %s", it.name,
    it.max_enis, it.ipv4_per_eni, v6, trunk_word(it))
end

local function run(ctx, args, opts)
  local ecsnet = ctx:module("instance_db", "density")
  local db = instdata.load(ctx, ecsnet, opts)
  local name = args[1]
  local it, ierr = db:instance(name)
  if not it then ctx:input_error(ierr) end
  if opts["trunk-tasks"] then
    instdata.trunk_tasks(ctx, db, name, opts)
    it = assert(db:instance(name))
  end
  local base = base_options(ctx, opts, name)
  local trunking = opts.trunking == true
  local want = opts.count and cli.integer(ctx, "--count", opts.count, 0, MAX_AMOUNT)
  local rows = gather(ctx, ecsnet, args, opts)
  local status = cli.EXIT_OK

  if #rows == 0 then
    -- The instance type alone: awsvpc tasks without and with trunking.
    local off = assert(db:density(with(base, "trunking", false)))
    local on = assert(db:density(with(base, "trunking", true)))
    local chosen = trunking and on or off
    local explain = ecsnet.explain_eni and want and ecsnet.explain_eni {
      instance = name, trunking = trunking, tasks = want, os = opts.os,
      launched_after_opt_in = base.launched_after_opt_in, shared_subnet = base.shared_subnet, db = db }
    if want and chosen.tasks ~= huge and chosen.tasks < want then status = cli.EXIT_FOUND end
    if ctx.format == "json" then
      ctx:json(json.object(
        "instance", json.object("name", it.name, "max_enis", it.max_enis, "ipv4_per_eni", it.ipv4_per_eni,
          "ipv6_per_eni", it.ipv6_per_eni or json.null, "trunking_supported", it.trunking_supported,
          "awsvpc_tasks_without_trunking", it.awsvpc_tasks_without_trunking,
          "awsvpc_tasks_with_trunking", it.awsvpc_tasks_with_trunking or json.null,
          "eni_limit_with_trunking", it.eni_limit_with_trunking or json.null,
          "trunk_tier", it.trunk_tier, "trunk_basis", it.trunk_basis or json.null,
          "anomalous", it.anomalous, "note", it.note, "source", it.source),
        "trunking", trunking,
        "density", density_json(chosen),
        "without_trunking", density_json(off),
        "with_trunking", density_json(on),
        "explain", explain and json.object("fails", explain.fails, "message", explain.message,
          "reasons", json.array(explain.reasons), "fixes", json.array(explain.fixes)) or nil))
      return status
    end
    ctx:say(ctx:style("bold", instance_line(it)))
    if base.managed_instances then
      ctx:say(string.format("  awsvpc tasks per instance on Managed Instances: %s", copies(on)))
    else
      ctx:say(string.format("  awsvpc tasks per instance: %s without trunking, %s with trunking",
        copies(off), it.trunking_supported and copies(on) or "-"))
    end
    if it.trunking_supported and it.eni_limit_with_trunking and not base.managed_instances then
      ctx:say(string.format("  (ECS counts %d ENIs without trunking: the primary + 1 per task; %d with it)",
        off.enis.limit, it.eni_limit_with_trunking))
    end
    if base.managed_instances then
      ctx:say("  Managed Instances: ", on.trunking.applies and
        "trunks without the account setting; the trunk ENI is the primary ENI, so 1 address per instance " ..
        "+ 1 per task (assumed, not verified: docs/reference.md §5.7)" or
        "a regular primary ENI: " .. table.concat(on.trunking.reasons, "; "))
    elseif trunking then
      if on.trunking.applies then
        ctx:say("  trunking: ", ctx:style("ok", "applies"), string.format(" (%d addresses per instance + 1 per task)",
          on.ips.per_instance))
      else
        ctx:say("  trunking: ", ctx:style("warning", "does not apply"), ": ", table.concat(on.trunking.reasons, "; "))
      end
    elseif it.trunking_supported then
      ctx:say("  trunking: off (--trunking: the awsvpcTrunking account setting is on)")
    end
    ctx:say(string.format("  binds: %s at %s %s; %d ENIs and %d IPv4 addresses in use", chosen.binding,
      copies(chosen), chosen.tasks == 1 and "task" or "tasks", chosen.enis.used, chosen.ips.used))
    if it.trunk_basis then ctx:say("  trunking figures: ", it.trunk_basis) end
    if it.note then ctx:say("  ", ctx:style("warning", "note"), ": ", it.note) end
    if explain then
      ctx:say()
      ctx:say(explain.fails and ctx:style("error", explain.message) or explain.message)
      for _, r in ipairs(explain.reasons) do ctx:say("  because ", r) end
      for _, f in ipairs(explain.fixes) do ctx:say("  fix: ", f) end
    end
    ctx:say(ctx:style("dim", "source: " .. tostring(it.source)))
    return status
  end

  -- Task definitions: copies of each, without and with trunking.
  local out = {}
  for i, r in ipairs(rows) do
    ctx:progress(i - 1, #rows, r.name)
    local off, e1 = db:density(with(with(base, "trunking", false), "taskdef", r.td))
    if not off then ctx:input_error(r.file .. ": " .. e1) end
    local on = assert(db:density(with(with(base, "trunking", true), "taskdef", r.td)))
    out[i] = { row = r, off = off, on = on }
    local chosen = trunking and on or off
    if want and chosen.tasks ~= huge and chosen.tasks < want then status = cli.EXIT_FOUND end
  end
  ctx:progress_done()
  if ctx.format == "json" then
    local list = json.array()
    for i, o in ipairs(out) do
      list[i] = json.object("file", o.row.file, "name", o.row.name, "family", o.row.td.family or json.null,
        "network_mode", o.off.mode, "without_trunking", density_json(o.off), "with_trunking", density_json(o.on))
    end
    ctx:json(json.object("instance", it.name, "trunking", trunking, "taskdefs", list))
    return status
  end
  ctx:say(ctx:style("bold", instance_line(it)))
  -- a name that two files share is told apart by its file
  local seen = {}
  for _, o in ipairs(out) do seen[o.row.name] = (seen[o.row.name] or 0) + 1 end
  local wname = 15
  for _, o in ipairs(out) do
    o.label = o.row.name
    if seen[o.row.name] > 1 then o.label = o.label .. " (" .. o.row.file:match("[^/]*$") .. ")" end
    if #o.label > wname then wname = #o.label end
  end
  if wname > 40 then wname = 40 end
  local fmt = "  %-" .. wname .. "s  %-7s  %-22s  %s"
  ctx:say(ctx:style("dim", string.format(fmt, "task definition", "mode", "without trunking", "with trunking")))
  for _, o in ipairs(out) do
    local function cell(d)
      if d.unlimited then return "no limit" end
      return copies(d) .. " (" .. d.binding .. ")"
    end
    local label = o.label
    if #label > wname then label = label:sub(1, wname - 3) .. "..." end
    local line = string.format(fmt, label, o.off.mode, cell(o.off), cell(o.on))
    local chosen = trunking and o.on or o.off
    if want and chosen.tasks ~= huge and chosen.tasks < want then line = ctx:style("error", line) end
    ctx:say(line)
  end
  ctx:say()
  ctx:say(ctx:style("dim", "ENI: awsvpc tasks need one ENI each (a branch ENI with trunking); PORTS: a static " ..
    "host port allows one copy; CPU/MEMORY: the instance's resources. 'no limit': nothing given limits it."))
  return status
end

return {
  name = "density",
  summary = "how many tasks fit on an instance type, with and without ENI trunking",
  usage = "INSTANCE [TASKDEF|DIR ...] [--trunking] [--count N] [options]",
  args_name = "INSTANCE (an instance type such as c5.large)",
  description = "Answers RESOURCE:ENI before it happens (docs/reference.md §3). For an instance type: its " ..
    "ENIs and addresses, awsvpc tasks per instance without and with trunking, whether trunking " ..
    "applies, which limit binds and the ENIs and addresses in use. With task definitions (files or " ..
    "folders): copies of each per instance, without and with trunking, and what limits them (ENIs " ..
    "for awsvpc; static host ports, CPU and memory for bridge and host). With --count N, exit 1 " ..
    "when fewer than N fit, and explain why for awsvpc.",
  options = {
    { "trunking", flag = true, help = "the awsvpcTrunking account setting is on" },
    { "count", arg = "N", help = "copies wanted per instance: exit 1 when fewer fit" },
    { "os", arg = "OS", values = cli.names("os_names"), help = "the instance's operating system" },
    { "cpu", arg = "UNITS", help = "CPU units one task needs (when the task definition does not say)" },
    { "memory", arg = "MIB", help = "memory (MiB) one task needs" },
    { "instance-cpu", arg = "UNITS", help = "the instance's CPU units (default: vCPUs x 1024 when known)" },
    { "instance-memory", arg = "MIB", help = "the instance's memory for tasks (MiB)" },
    { "launched-before-opt-in", flag = true, help = "the instance was launched before trunking was turned on" },
    { "shared-subnet", flag = true, help = "the instance is in a shared subnet (no trunking there)" },
    { "managed-instances", flag = true, help = "an Amazon ECS Managed Instances instance: trunking needs no " ..
      "opt-in; its trunk ENI is the primary ENI (the address cost is assumed)" },
    instdata.option,
    instdata.trunk_option,
  },
  examples = {
    "ecsnet density c5.large",
    "ecsnet density c5.large --trunking --count 8",
    "ecsnet density c5.large taskdefs/ --format json",
    "ecsnet density m5.2xlarge web.json --trunking --instance-memory 30000",
    "ecsnet density m8g.large --instance-data describe-instance-types.json",
  },
  exit_status = "0 done, 1 fewer than --count copies fit, 2 usage error, unknown instance type or unreadable input",
  min_args = 1,
  run = run,
}
