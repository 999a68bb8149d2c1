--- `ecsnet cidr ACTION ...`: CIDR and subnet math with AWS's rules (CIDR math's
-- `ecsnet.cidr`, `ecsnet.cidrset`, `ecsnet.aggregate`, `ecsnet.aws_subnets`,
-- `ecsnet.aws_secondary`).
-- @module ecsnet.cli.cidr

local json = require "ecsnet.json"
local cli = require "ecsnet.cli"

local ACTIONS = { "info", "split", "carve", "aggregate", "exclude", "check" }

local function strs(list)
  local out = json.array()
  for i, p in ipairs(list) do out[i] = tostring(p) end
  return out
end

-- Parses one prefix argument, or ends the run with exit 2.
local function parse(ctx, ecsnet, text, opts)
  local v, note = ecsnet.cidr(text, { lenient = opts.lenient or nil })
  if not v then ctx:input_error(note) end
  if note then ctx:warn(note) end
  return v
end

local function yesno(ctx, ok)
  return ok and ctx:style("ok", "yes") or ctx:style("error", "no")
end

-- { ======================================================================
-- info
-- ========================================================================

local function info_of(v)
  local class, collides = v:class()
  local vpc_ok, vpc_why = v:aws_vpc()
  local sub_ok, sub_why, sub_warning = v:aws_subnet()
  local usable, usable_why = v:usable()
  return json.object(
    "prefix", tostring(v), "family", v:family(), "prefixlen", v:prefixlen(),
    "network", v:network(), "last", v:last(), "size", v:size(),
    "usable", usable or json.null, "usable_note", usable_why,
    "first_usable", v:first_usable() or json.null, "last_usable", v:last_usable() or json.null,
    "netmask", v:netmask(), "wildcard", v:wildcard(), "reverse", v:reverse(),
    "class", class, "collides", json.array(collides or {}),
    "aws_vpc", json.object("ok", vpc_ok, "reason", vpc_why),
    "aws_subnet", json.object("ok", sub_ok, "reason", sub_why, "warning", sub_warning))
end

local COLLIDES = {
  docker = "Docker's default bridge 172.17.0.0/16",
  ["ecs-bridge"] = "the ECS agent's task bridge 169.254.172.0/22",
  ["ecs-credentials"] = "the ECS credentials endpoint 169.254.170.2",
  imds = "the instance metadata service 169.254.169.254",
}

local function info(ctx, ecsnet, args, opts)
  if #args == 0 then ctx:usage_error("info needs a PREFIX") end
  local list = json.array()
  for _, a in ipairs(args) do list[#list + 1] = info_of(parse(ctx, ecsnet, a, opts)) end
  if ctx.format == "json" then
    ctx:json(#list == 1 and list[1] or json.object("prefixes", list))
    return 0
  end
  for i, t in ipairs(list) do
    if i > 1 then ctx:say() end
    local function row(k, v) ctx:say(string.format("  %-14s %s", k, v)) end
    ctx:say(ctx:style("bold", t.prefix))
    row("addresses", t.network .. " - " .. t.last .. " (" .. tostring(t.size) .. ")")
    if t.usable ~= json.null then
      row("AWS usable", tostring(t.usable) .. " (" .. t.first_usable .. " - " .. t.last_usable ..
        "; AWS reserves the first four and the last)")
    else
      row("AWS usable", t.usable_note or "-")
    end
    row("netmask", t.netmask .. " (wildcard " .. t.wildcard .. ")")
    row("class", t.class)
    for _, c in ipairs(t.collides) do
      row("collides with", ctx:style("warning", COLLIDES[c] or c))
    end
    row("AWS VPC block", t.aws_vpc.ok and yesno(ctx, true) or (yesno(ctx, false) .. ": " .. t.aws_vpc.reason))
    row("AWS subnet", t.aws_subnet.ok and yesno(ctx, true) or (yesno(ctx, false) .. ": " .. t.aws_subnet.reason))
    if t.aws_subnet.warning then row("", ctx:style("warning", "warning") .. ": " .. t.aws_subnet.warning) end
  end
  return 0
end

-- { ======================================================================
-- split
-- ========================================================================

local function split(ctx, ecsnet, args, opts)
  if #args < 1 or (#args < 2 and not opts.parts) or #args > 2 then
    ctx:usage_error("split needs PREFIX and a LENGTH (or --parts K)")
  end
  local v = parse(ctx, ecsnet, args[1], opts)
  local limit = cli.integer(ctx, "--limit", opts.limit or "256", 0)
  local subnets = json.array()
  local total
  local len
  if opts.parts then
    -- K equal parts are the /(prefixlen + log2 K)s: streamed like LENGTH
    local k = cli.integer(ctx, "--parts", opts.parts, 1)
    local bits, n = 0, 1
    while n < k do n, bits = n * 2, bits + 1 end
    local max = v:family() == 4 and 32 or 128
    if n ~= k or v:prefixlen() + bits > max then
      local _, err = v:split(k)   -- its message says which rule K breaks
      ctx:input_error(err)
    end
    len = v:prefixlen() + bits
  else
    len = cli.integer(ctx, "LEN", (args[2]:gsub("^/", "")), 0, v:family() == 4 and 32 or 128)
    if len < v:prefixlen() then
      ctx:input_error("cannot split " .. tostring(v) .. " into /" .. len .. "s: that is larger than the prefix")
    end
  end
  local bits = len - v:prefixlen()
  if bits <= 52 then
    total = 1
    for _ = 1, bits do total = total * 2 end
  else
    total = "2^" .. bits
  end
  for p in v:subnets(len) do
    if limit > 0 and #subnets >= limit then break end
    subnets[#subnets + 1] = p
  end
  local shown = #subnets
  local truncated = type(total) == "string" or shown < total
  if ctx.format == "json" then
    local out = json.array()
    for i, p in ipairs(subnets) do
      local u = p:usable()
      out[i] = json.object("prefix", tostring(p), "usable", u or json.null)
    end
    ctx:json(json.object("prefix", tostring(v), "count", total, "subnets", out, "truncated", truncated))
    return 0
  end
  for _, p in ipairs(subnets) do
    local u = p:usable()
    ctx:say(string.format("%-22s %s", tostring(p), u and (tostring(u) .. " usable") or ""))
  end
  if truncated then
    ctx:say(ctx:style("dim", "... " .. tostring(total) .. " subnets in all; --limit N shows more (0: all)"))
  end
  return 0
end

-- { ======================================================================
-- carve
-- ========================================================================

local function carve(ctx, ecsnet, args, opts)
  if #args < 2 then ctx:usage_error("carve needs a BLOCK and at least one SIZE (/LEN or an address count)") end
  local v = parse(ctx, ecsnet, args[1], opts)
  local sizes = {}
  for i = 2, #args do
    local a = args[i]
    if a:match("^/%d+$") then
      sizes[#sizes + 1] = a
    elseif a:match("^%d+$") then
      -- at most the addresses of the family's whole space (2^53 for IPv6,
      -- the most a number holds exactly)
      sizes[#sizes + 1] = cli.integer(ctx, "SIZE", a, 1, v:family() == 4 and 4294967296 or nil)
    else
      ctx:usage_error("SIZE must be /LEN (a prefix length) or a number of addresses, got " .. cli.quote(a))
    end
  end
  local ok, subnets, unused = pcall(v.carve, v, sizes)
  if not ok then ctx:input_error(tostring(subnets)) end
  if not subnets then ctx:input_error(unused) end
  if ctx.format == "json" then
    local list = json.array()
    for i, p in ipairs(subnets) do
      list[i] = json.object("request", args[i + 1], "prefix", tostring(p), "usable", p:usable() or json.null)
    end
    ctx:json(json.object("block", tostring(v), "subnets", list, "unused", strs(unused)))
    return 0
  end
  ctx:say(ctx:style("bold", tostring(v)), " carved largest first:")
  for i, p in ipairs(subnets) do
    local u = p:usable()
    ctx:say(string.format("  %-10s -> %-20s %s", args[i + 1], tostring(p), u and (tostring(u) .. " usable") or ""))
  end
  ctx:say("  unused:    ", #unused > 0 and table.concat(strs(unused), ", ") or "none")
  return 0
end

-- { ======================================================================
-- aggregate, exclude
-- ========================================================================

local function aggregate(ctx, ecsnet, args)
  if #args == 0 then ctx:usage_error("aggregate needs prefixes") end
  local list, err = ecsnet.aggregate(args)
  if not list then ctx:input_error(err) end
  if ctx.format == "json" then
    ctx:json(json.object("prefixes", strs(list)))
  else
    for _, p in ipairs(list) do ctx:say(tostring(p)) end
  end
  return 0
end

local function exclude(ctx, ecsnet, args, opts)
  if #args < 2 then ctx:usage_error("exclude needs a PREFIX and what to remove from it") end
  local v = parse(ctx, ecsnet, args[1], opts)
  local minus = {}
  for i = 2, #args do
    local m = parse(ctx, ecsnet, args[i], opts)
    if m:family() ~= v:family() then
      ctx:input_error("cannot exclude IPv" .. m:family() .. " " .. tostring(m) .. " from IPv" .. v:family() ..
        " " .. tostring(v) .. ": the families differ")
    end
    minus[#minus + 1] = m
  end
  local base, err = ecsnet.cidrset { v }
  if not base then ctx:input_error(err) end
  local rest, err2 = base:difference(minus)
  if not rest then ctx:input_error(err2) end
  local list = rest:prefixes()
  if ctx.format == "json" then
    ctx:json(json.object("prefix", tostring(v), "excluded", strs(minus), "prefixes", strs(list)))
  else
    for _, p in ipairs(list) do ctx:say(tostring(p)) end
    if #list == 0 then ctx:say(ctx:style("dim", "(nothing left)")) end
  end
  return 0
end

-- { ======================================================================
-- check: a VPC, its secondary blocks and subnets
-- ========================================================================

local function check(ctx, ecsnet, args, opts)
  if #args < 1 then ctx:usage_error("check needs the VPC's primary CIDR") end
  local findings = json.array()
  local function add(severity, subject, message)
    findings[#findings + 1] = json.object("severity", severity, "subject", subject, "message", message)
  end
  local vpc = parse(ctx, ecsnet, args[1], opts)
  local ok, why = vpc:aws_vpc()
  if not ok then add("error", tostring(vpc), why) end
  local blocks = { vpc }
  local rules = { routes = {} }
  for i, r in ipairs(opts.route or {}) do rules.routes[i] = parse(ctx, ecsnet, r, opts) end
  if opts["max-blocks"] then rules.max_blocks = cli.integer(ctx, "--max-blocks", opts["max-blocks"], 1, 50) end
  for _, s in ipairs(opts.secondary or {}) do
    local cand = parse(ctx, ecsnet, s, opts)
    local sok, swhy = ecsnet.aws_secondary(blocks, cand, rules)
    if sok == nil then ctx:input_error(swhy) end
    if not sok then add("error", tostring(cand), swhy) end
    blocks[#blocks + 1] = cand
  end
  for _, b in ipairs(blocks) do
    local _, collides = b:class()
    for _, c in ipairs(collides or {}) do
      add("warning", tostring(b), "overlaps " .. (COLLIDES[c] or c) .. ": containers or the agent may " ..
        "not reach addresses there (docs/reference.md §4.1)")
    end
  end
  local subnets = {}
  for i = 2, #args do
    local s = parse(ctx, ecsnet, args[i], opts)
    subnets[#subnets + 1] = s
    local sok, swhy, swarning = s:aws_subnet(blocks)
    if sok == nil then ctx:input_error(swhy) end
    if not sok then add("error", tostring(s), swhy) end
    if swarning then add("warning", tostring(s), swarning) end
  end
  -- every overlapping pair (ecsnet.aws_subnets stops at the first problem)
  for i = 1, #subnets do
    for j = i + 1, #subnets do
      if subnets[i]:family() == subnets[j]:family() and subnets[i]:overlaps(subnets[j]) then
        add("error", tostring(subnets[j]), "subnet " .. tostring(subnets[j]) .. " overlaps subnet " ..
          tostring(subnets[i]) .. ": subnets of one VPC must not overlap (docs/reference.md §4.1)")
      end
    end
  end
  local errors = 0
  for _, f in ipairs(findings) do if f.severity == "error" then errors = errors + 1 end end
  if ctx.format == "json" then
    local subs = json.array()
    for i, s in ipairs(subnets) do
      subs[i] = json.object("prefix", tostring(s), "usable", s:usable() or json.null)
    end
    ctx:json(json.object("ok", errors == 0, "vpc", strs(blocks), "subnets", subs, "findings", findings))
    return errors > 0 and cli.EXIT_FOUND or 0
  end
  local names = {}
  for i, b in ipairs(blocks) do names[i] = tostring(b) .. (i == 1 and " (primary)" or " (secondary)") end
  ctx:say("VPC ", table.concat(names, ", "))
  local total = 0
  for _, s in ipairs(subnets) do
    local u = s:usable()
    if type(u) == "number" then total = total + u end
    ctx:say(string.format("  subnet %-20s %s", tostring(s), u and (tostring(u) .. " usable") or ""))
  end
  if #subnets > 1 and total > 0 then ctx:say(string.format("  %-27s %d usable", "in all", total)) end
  if errors == 0 then
    ctx:say(ctx:style("ok", "ok"), ": sizes, containment, overlaps and secondary blocks follow AWS's rules",
            #findings > 0 and " (with the warnings below)" or "")
  end
  for _, f in ipairs(findings) do
    ctx:say(ctx:style(f.severity, f.severity), " ", f.subject, ": ", f.message)
  end
  return errors > 0 and cli.EXIT_FOUND or 0
end

local handlers = {
  info = info, split = split, carve = carve, aggregate = aggregate, exclude = exclude, check = check,
}

return {
  name = "cidr",
  summary = "CIDR math: info, split, carve, aggregate, exclude, AWS VPC checks",
  usage = "info|split|carve|aggregate|exclude|check ARGS... [options]",
  args_name = "an action (" .. table.concat(ACTIONS, ", ") .. ")",
  description = "Strict IPv4 and IPv6 prefix math with AWS's rules built in (docs/reference.md §4). " ..
    "'info PREFIX...' shows the addresses, AWS-usable count (size - 5), netmask, class and " ..
    "collisions (Docker's 172.17.0.0/16, the agent's 169.254.172.0/22). 'split PREFIX LEN' " ..
    "lists the /LEN subnets (streamed; --limit), 'split PREFIX --parts K' K equal parts. " ..
    "'carve BLOCK SIZE...' places subnets, largest first, aligned, and shows what is left; a " ..
    "SIZE is /LEN or a number of usable addresses. 'aggregate PREFIX...' collapses a list. " ..
    "'exclude PREFIX MINUS...' removes prefixes. 'check VPC [SUBNET...] [--secondary CIDR]' " ..
    "checks VPC and subnet sizes (/16-/28; an IPv6 subnet that is not a /64 is a warning, as the " ..
    "current IPv6 rule is not verified), containment, overlaps and the secondary-block " ..
    "rules (the association table, route-table destinations, the blocks-per-VPC quota); exit 1 " ..
    "when something is wrong.",
  options = {
    { "parts", arg = "K", help = "split: into K equal parts (a power of two)" },
    { "limit", arg = "N", help = "split: list at most N subnets (default 256; 0: all)" },
    { "secondary", arg = "CIDR", multiple = true, help = "check: a secondary VPC block (repeatable, in " ..
      "association order)" },
    { "route", arg = "CIDR", multiple = true, help = "check: a destination in one of the VPC's route tables " ..
      "(repeatable): a secondary block the same as or larger than one is refused" },
    { "max-blocks", arg = "N", help = "check: the account's IPv4 blocks-per-VPC quota, the primary included " ..
      "(default 5, at most 50)" },
    { "lenient", flag = true, help = "accept loose forms (leading zeros, short forms) and say how they were read" },
  },
  examples = {
    "ecsnet cidr info 10.0.0.0/20",
    "ecsnet cidr split 10.0.0.0/16 20 --limit 4",
    "ecsnet cidr carve 10.0.0.0/16 /20 /20 /20 500",
    "ecsnet cidr exclude 10.0.0.0/16 10.0.4.0/22",
    "ecsnet cidr check 10.0.0.0/16 10.0.0.0/20 10.0.16.0/20 --secondary 100.64.0.0/19",
  },
  exit_status = "0 done (check: no error; warnings allowed), 1 check found an error, 2 usage error or a prefix that " ..
    "does not parse",
  min_args = 1,
  run = function(ctx, args, opts)
    local ecsnet = ctx:module("cidr", "cidrset", "aggregate", "aws_secondary")
    local action = table.remove(args, 1)
    local handler = handlers[action]
    if not handler then
      ctx:usage_error("unknown action " .. cli.quote(action) .. " (expected one of: " ..
        table.concat(ACTIONS, ", ") .. ")")
    end
    return handler(ctx, ecsnet, args, opts)
  end,
}
