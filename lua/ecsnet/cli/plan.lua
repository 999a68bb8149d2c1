--- `ecsnet plan PLAN.json`: instances and subnet addresses a set of services
-- needs, per subnet and AZ, and where addresses run out (ENI density and plans's
-- `ecsnet.plan_json` and `ecsnet.plan_text`).
-- @module ecsnet.cli.plan

local cli = require "ecsnet.cli"
local plan_mod = require "ecsnet.plan"
local instdata = require "ecsnet.cli.instdata"
local cdk = require "ecsnet.cli.cdk"

-- Colors the renderer's lines: the verdict, findings, recommendations.
local function colored(ctx, text)
  local lines = {}
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do
    if line:match("^plan: ") then
      line = line:gsub("does NOT fit", ctx:style("error", "does NOT fit")):gsub("^plan: fits",
        "plan: " .. ctx:style("ok", "fits"))
    elseif line:match("^error ") or line:match("^warning ") or line:match("^info ") then
      local sev, rest = line:match("^(%a+)(.*)$")
      line = ctx:style(sev, sev) .. rest
    elseif line:match("^runs out first") then
      line = ctx:style("warning", line)
    elseif line:match("^subnet%s") then
      line = ctx:style("dim", line)
    end
    lines[#lines + 1] = line
  end
  return table.concat(lines, "\n")
end

-- Whether the text is a CloudFormation template rather than a plan.
local function is_template(text)
  return text:find("AWSTemplateFormatVersion", 1, true) ~= nil or text:find('"Resources"%s*:') ~= nil or
    text:find("^%s*Resources:") ~= nil or text:find("\nResources:") ~= nil
end

-- The overrides of a plan read from a template.
local function template_opts(ctx, opts)
  local o = { instance_type = opts["instance-type"] }
  if opts.instances then o.instances = cli.integer(ctx, "--instances", opts.instances, 0, 100000000) end
  if opts["desired-count"] then
    o.desired_count = cli.integer(ctx, "--desired-count", opts["desired-count"], 0, 100000000)
  end
  return o
end

-- The notes of a plan read from a template, as text lines.
local function notes_text(notes)
  local lines = {}
  for _, n in ipairs(notes) do lines[#lines + 1] = "info    template: " .. n.message end
  return table.concat(lines, "\n")
end

-- Why a plan read from a template cannot run: no service, no subnet.
local function unplannable(plan)
  if #plan.services == 0 then return "no service of the template can be planned (the notes say why)" end
  if #plan.subnets == 0 then
    return "the template declares the CIDR block of none of the services' subnets (the notes say why)"
  end
  return nil
end

-- ecsnet plan TEMPLATE: the plan read from it, run, with its notes.
local function run_template(ctx, ecsnet, db, text, name, opts, collect)
  local plan, notes = ecsnet.plan_template(text, template_opts(ctx, opts))
  if not plan then ctx:input_error(name .. ": " .. tostring(notes)) end
  local why = unplannable(plan)
  local r
  if not why then
    local perr
    r, perr = db:plan(plan)
    if not r then ctx:input_error(name .. ": " .. tostring(perr)) end
  end
  if ctx.format == "json" then
    local out = r and plan_mod.plan_table(r) or { ok = true }
    out.template = { plan = plan, notes = notes, not_planned = why }
    if collect then return (r == nil or r.ok) and cli.EXIT_OK or cli.EXIT_FOUND, out end
    ctx:json(out)
  else
    if #notes > 0 then ctx:say(colored(ctx, notes_text(notes))) end
    ctx:say(r and colored(ctx, ecsnet.plan_text(r)) or ("plan: not planned: " .. why))
  end
  return (r == nil or r.ok) and cli.EXIT_OK or cli.EXIT_FOUND
end

-- {{{ CDK cloud assemblies: one plan per stack with services, its
-- Fn::ImportValue of another stack's export replaced by the exported value
-- and the exporting stack's resources added (docs/plan-format.md)

-- The exports of the assembly's templates: name -> {value, resources}.
local function exports_of(docs)
  local ex = {}
  for _, d in ipairs(docs) do
    for _, out in pairs(type(d.doc.Outputs) == "table" and d.doc.Outputs or {}) do
      local name = type(out) == "table" and type(out.Export) == "table" and out.Export.Name
      if type(name) == "string" then ex[name] = { value = out.Value, resources = d.doc.Resources } end
    end
  end
  return ex
end

-- v with each import of a known export replaced; the exporting stacks'
-- resources are added to 'into' (those of the same name are kept).
local function resolve_imports(v, ex, into)
  if type(v) ~= "table" then return v end
  local name = v["Fn::ImportValue"]
  if type(name) == "string" and next(v, next(v)) == nil and ex[name] then
    for k, r in pairs(type(ex[name].resources) == "table" and ex[name].resources or {}) do
      if into[k] == nil then into[k] = r end
    end
    return ex[name].value
  end
  local out = {}
  for k, x in pairs(v) do out[k] = resolve_imports(x, ex, into) end
  return out
end

-- The stacks of an assembly that have services, imports resolved:
-- {{name, doc}, ...}.
local function assembly_stacks(ctx, dir)
  local asm = cdk.read(dir, function(p) return ctx:read(p) end)
  if asm.manifest_error then ctx:input_error(dir .. ": " .. tostring(asm.errors[1].error)) end
  local docs = {}
  for _, t in ipairs(asm.templates) do
    local text = ctx:read(t.file)
    local doc = text and require("ecsnet.core").json_decode(text, t.file)
    if type(doc) == "table" and type(doc.Resources) == "table" then
      docs[#docs + 1] = { name = t.stack or t.name, file = t.file, doc = doc }
    end
  end
  local ex, stacks = exports_of(docs), {}
  for _, d in ipairs(docs) do
    local has = false
    for _, r in pairs(d.doc.Resources) do has = has or (type(r) == "table" and r.Type == "AWS::ECS::Service") end
    if has then
      local added = {}
      local doc = resolve_imports(d.doc, ex, added)
      for k, r in pairs(added) do
        if doc.Resources[k] == nil then doc.Resources[k] = r end
      end
      stacks[#stacks + 1] = { name = d.name, file = d.file, doc = doc }
    end
  end
  return stacks
end

-- }}}

local function is_file(p)
  local f = io.open(p, "rb")
  if not f then return false end
  local ok = f:read(0) ~= nil or f:seek("end") == 0
  f:close()
  return ok
end

-- ecsnet plan cdk.out: each stack with services, planned.
local function run_assembly(ctx, ecsnet, db, dir, opts)
  local stacks = assembly_stacks(ctx, dir)
  if #stacks == 0 then ctx:input_error(dir .. ": no stack of the CDK assembly has an AWS::ECS::Service") end
  local status, all = cli.EXIT_OK, {}
  for _, st in ipairs(stacks) do
    if ctx.format ~= "json" then ctx:say("== stack " .. st.name) end
    local code, out = run_template(ctx, ecsnet, db, st.doc, st.file, opts, ctx.format == "json")
    all[#all + 1] = { stack = st.name, plan = out }
    if code ~= cli.EXIT_OK then status = code end
  end
  if ctx.format == "json" then ctx:json(all) end
  return status
end

return {
  name = "plan",
  summary = "subnet addresses and instances a deployment needs, per AZ",
  usage = "PLAN.json|TEMPLATE|cdk.out [--instance-data FILE] [--instance-type T] [--instances N] " ..
    "[--desired-count N] [--format text|json]",
  args_name = "PLAN.json, a CloudFormation TEMPLATE (JSON or YAML), a CDK cdk.out folder, or - (stdin)",
  description = "Reads a plan (docs/plan-format.md: services with their task definitions or modes, " ..
    "counts and deployment surge; an instance type, trunking and instance count; subnets per AZ, " ..
    "optionally a separate task range such as 100.64.0.0/19) and answers: instances needed, " ..
    "addresses needed per subnet and AZ with AWS's 5 reserved, the headroom left, where and when " ..
    "addresses run out first, and what would fix it (docs/reference.md §3, §4). Exit 1 when the plan " ..
    "does not fit. Instance types the built-in data lacks come from --instance-data FILE or from " ..
    "the plan's own 'instance_data' rows (which take precedence). Given a CloudFormation template " ..
    "(JSON or YAML), the plan is read from it (docs/plan-format.md, \"Plans read from templates\"): " ..
    "each service's task definition, DesiredCount and DeploymentConfiguration, the CIDR blocks and " ..
    "AZs of its subnets, the MaxSize and instance type of the Auto Scaling groups behind its capacity " ..
    "providers; what the template does not declare is a note, and the options below override it. " ..
    "A CDK cdk.out folder is planned stack by stack, imports of other stacks' exports resolved.",
  options = { instdata.option, instdata.trunk_option,
    { "instance-type", arg = "TYPE", help = "a template's plan: the instance type (over its launch template's)" },
    { "instances", arg = "N", help = "a template's plan: the instances (over its Auto Scaling groups' MaxSize)" },
    { "desired-count", arg = "N", help = "a template's plan: the desired count of services whose " ..
      "DesiredCount the template gives by a parameter or an import" } },
  examples = {
    "ecsnet plan examples/plans/default-vpc.json",
    "ecsnet plan examples/plans/too-small.json --format json",
    "ecsnet plan plan.json --instance-data describe-instance-types.json",
    "ecsnet plan examples/plans/template-ec2.yaml",
  },
  exit_status = "0 the plan fits (or a template declares nothing to plan: the notes say why), 1 it " ..
    "does not, 2 usage error or a file that is neither a JSON plan nor a template",
  min_args = 1, max_args = 1,
  run = function(ctx, args, opts)
    local ecsnet = ctx:module("instance_db", "plan_text", "plan_template")
    local db = instdata.load(ctx, ecsnet, opts)
    if args[1] ~= "-" and cdk.is_assembly(args[1], is_file) then
      return run_assembly(ctx, ecsnet, db, args[1], opts)
    end
    local text = ctx:read_input(args[1])
    if is_template(text) then
      if opts["trunk-tasks"] then ctx:usage_error("--trunk-tasks takes a plan file, not a template") end
      return run_template(ctx, ecsnet, db, text, args[1] == "-" and "<stdin>" or args[1], opts)
    end
    ctx:progress(0, 1, "planning")
    local r, perr = db:plan(text)
    if r and opts["trunk-tasks"] then
      -- the type is the plan's: known after a first run; then planned again
      if not r.instance or r.fargate_only then
        ctx:input_error("--trunk-tasks: the plan names no instance type the data knows")
      end
      instdata.trunk_tasks(ctx, db, r.instance, opts)
      r, perr = db:plan(text)
    end
    ctx:progress_done()
    if not r then ctx:input_error((args[1] == "-" and "<stdin>" or args[1]) .. ": " .. tostring(perr)) end
    if ctx.format == "json" then
      ctx:json(plan_mod.plan_table(r))
    else
      ctx:say(colored(ctx, ecsnet.plan_text(r)))
    end
    return r.ok and cli.EXIT_OK or cli.EXIT_FOUND
  end,
}
