--- `ecsnet plan PLAN.json`: instances and subnet addresses a set of services
-- needs, per subnet and AZ, and where addresses run out (issue 6's `ecsnet.plan`).
-- @module ecsnet.cli.plan

return {
  name = "plan",
  summary = "subnet addresses and instances a deployment needs, per AZ",
  usage = "PLAN.json [--format text|json]",
  args_name = "PLAN.json (a plan file, or - for stdin)",
  description = "Reads a plan (services with their task definitions, counts and deployment " ..
    "surge; an instance type and count; subnets per AZ) and answers: instances needed, " ..
    "addresses needed per subnet and AZ with AWS's 5 reserved, the headroom left, where " ..
    "addresses run out first, and what would fix it (ecs-facts.md §3, §4). Exit 1 when the " ..
    "plan does not fit.",
  examples = {
    "ecsnet plan examples/plan.json",
    "ecsnet plan plan.json --format json",
  },
  exit_status = "0 the plan fits, 1 it does not (or has errors), 2 usage or input error",
  min_args = 1, max_args = 1,
  run = function(ctx)
    ctx:module("plan")
  end,
}
