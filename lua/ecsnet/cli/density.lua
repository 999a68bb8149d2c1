--- `ecsnet density INSTANCE`: awsvpc tasks per instance, with and without
-- ENI trunking (issue 6's `ecsnet.instance` and `ecsnet.density`).
-- @module ecsnet.cli.density

return {
  name = "density",
  summary = "how many awsvpc tasks fit on an instance type, with and without trunking",
  usage = "INSTANCE [--trunking] [--taskdef FILE] [options]",
  args_name = "INSTANCE (an instance type such as c5.large)",
  description = "Answers 'RESOURCE:ENI' before it happens: the instance type's ENIs and " ..
    "addresses, how many awsvpc tasks fit without trunking and with it, whether " ..
    "trunking applies, and which limit binds (ecs-facts.md §3).",
  options = {
    { "trunking", flag = true, help = "the account setting awsvpcTrunking is on" },
    { "os", arg = "OS", values = { "linux", "windows" }, help = "the instance's operating system" },
    { "taskdef", arg = "FILE", help = "a task definition whose cpu, memory and mode count too" },
    { "cpu", arg = "UNITS", help = "CPU units one task needs" },
    { "memory", arg = "MIB", help = "memory (MiB) one task needs" },
  },
  examples = {
    "ecsnet density c5.large",
    "ecsnet density c5.large --trunking --format json",
    "ecsnet density m5.2xlarge --trunking --taskdef web.json",
  },
  min_args = 1, max_args = 1,
  run = function(ctx)
    ctx:module("instance", "density")
  end,
}
