--- `ecsnet plan PLAN.json`: instances and subnet addresses a set of services
-- needs, per subnet and AZ, and where addresses run out (ENI density and plans's
-- `ecsnet.plan_json` and `ecsnet.plan_text`).
-- @module ecsnet.cli.plan

local cli = require "ecsnet.cli"
local plan = require "ecsnet.plan"
local instdata = require "ecsnet.cli.instdata"

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

return {
  name = "plan",
  summary = "subnet addresses and instances a deployment needs, per AZ",
  usage = "PLAN.json [--instance-data FILE] [--format text|json]",
  args_name = "PLAN.json (a plan file, or - for stdin)",
  description = "Reads a plan (docs/plan-format.md: services with their task definitions or modes, " ..
    "counts and deployment surge; an instance type, trunking and instance count; subnets per AZ, " ..
    "optionally a separate task range such as 100.64.0.0/19) and answers: instances needed, " ..
    "addresses needed per subnet and AZ with AWS's 5 reserved, the headroom left, where and when " ..
    "addresses run out first, and what would fix it (docs/reference.md §3, §4). Exit 1 when the plan " ..
    "does not fit. Instance types the built-in data lacks come from --instance-data FILE or from " ..
    "the plan's own 'instance_data' rows (which take precedence).",
  options = { instdata.option, instdata.trunk_option },
  examples = {
    "ecsnet plan examples/plans/default-vpc.json",
    "ecsnet plan examples/plans/too-small.json --format json",
    "ecsnet plan plan.json --instance-data describe-instance-types.json",
  },
  exit_status = "0 the plan fits, 1 it does not, 2 usage error or a file that is not a JSON plan",
  min_args = 1, max_args = 1,
  run = function(ctx, args, opts)
    local ecsnet = ctx:module("instance_db", "plan_text")
    local db = instdata.load(ctx, ecsnet, opts)
    local text = ctx:read_input(args[1])
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
      ctx:json(plan.plan_table(r))
    else
      ctx:say(colored(ctx, ecsnet.plan_text(r)))
    end
    return r.ok and cli.EXIT_OK or cli.EXIT_FOUND
  end,
}
