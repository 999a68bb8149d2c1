--- `ecsnet cidr ACTION ...`: CIDR and subnet math with AWS's rules (issue 3's
-- `ecsnet.cidr` and `ecsnet.cidrset`).
-- @module ecsnet.cli.cidr

return {
  name = "cidr",
  summary = "CIDR math: info, split, carve, aggregate, exclude, AWS VPC checks",
  usage = "info|split|carve|aggregate|exclude|check ARGS... [options]",
  args_name = "an action (info, split, carve, aggregate, exclude, check)",
  description = "Strict IPv4 and IPv6 prefix math with AWS's rules built in (ecs-facts.md §4). " ..
    "'info PREFIX' shows the network, size, AWS-usable addresses and class; 'split PREFIX LEN' " ..
    "(or 'split PREFIX --parts K') lists the subnets; 'carve BLOCK LEN...' places subnets of " ..
    "those lengths, largest first, and reports what is left; 'aggregate PREFIX...' collapses a " ..
    "list; 'exclude PREFIX MINUS...' removes prefixes from one; 'check VPC [SUBNET...] " ..
    "[--secondary CIDR...]' checks VPC and subnet sizes, containment, overlap and secondary " ..
    "CIDR associations.",
  options = {
    { "parts", arg = "K", help = "split: into K equal parts instead of by length" },
    { "limit", arg = "N", help = "split: list at most N subnets (default 256; 0 = all)" },
    { "secondary", arg = "CIDR", multiple = true, help = "check: a secondary VPC CIDR (repeatable)" },
    { "lenient", flag = true, help = "accept loose forms (leading zeros, short forms) and say how they were read" },
  },
  examples = {
    "ecsnet cidr info 10.0.0.0/20",
    "ecsnet cidr split 10.0.0.0/16 20 --limit 3",
    "ecsnet cidr carve 10.0.0.0/16 20 20 20 24",
    "ecsnet cidr check 10.0.0.0/16 10.0.0.0/20 10.0.16.0/20 --secondary 100.64.0.0/19",
  },
  min_args = 1,
  run = function(ctx)
    ctx:module("cidr")
  end,
}
