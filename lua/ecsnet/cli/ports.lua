--- `ecsnet ports TASKDEF`: host ports for N copies on one container instance,
-- how many fit, and the ingress rules they need (issue 5's `ecsnet.host`,
-- `host:place`, `host:capacity`, `ecsnet.ingress`).
-- @module ecsnet.cli.ports

return {
  name = "ports",
  summary = "host ports N copies take on one instance, capacity, ingress rules",
  usage = "TASKDEF [--count N] [--host OPTIONS] [options]",
  args_name = "TASKDEF (a task-definition file, or - for stdin)",
  description = "Places copies of a task definition on one container instance the way the " ..
    "ECS agent does (static ports as given, dynamic ports from the agent's range), shows the " ..
    "host port each copy binds, how many copies fit by ports alone and which port binds, and " ..
    "the narrowest security-group ingress rules the service needs (ecs-facts.md §2.3-2.6).",
  options = {
    { "count", arg = "N", help = "copies to place (default: as many as fit, shown up to 10)" },
    { "os", arg = "OS", values = { "linux", "windows" }, help = "the instance's operating system" },
    { "reserved-ports", arg = "PORTS", help = "ECS_RESERVED_PORTS (replaces the default list)" },
    { "reserved-udp-ports", arg = "PORTS", help = "ECS_RESERVED_PORTS_UDP" },
    { "dynamic-range", arg = "FIRST-LAST", help = "ECS_DYNAMIC_HOST_PORT_RANGE or ip_local_port_range" },
    { "source", arg = "SG|CIDR", help = "where traffic comes from (a load balancer's security group or a CIDR)" },
  },
  examples = {
    "ecsnet ports web.json --count 3",
    "ecsnet ports web.json --dynamic-range 32768-60999 --source sg-0123456789abcdef0",
    "ecsnet ports web.json --reserved-ports 22,2375,2376,51678,51679,8080 --format json",
  },
  min_args = 1, max_args = 1,
  run = function(ctx)
    ctx:module("host", "ingress")
  end,
}
