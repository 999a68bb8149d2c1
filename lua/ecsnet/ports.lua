--- Host ports: placement on container instances, rolling-deployment checks,
-- conflicts across services, and security-group ingress (host ports;
-- reference: docs/reference.md §2.3-2.6, §5.1, §5.8).
--
-- The port space itself is C (`ecsnet.host`, `ecsnet.port_requests`); this
-- file adds what is easier in Lua: `ecsnet.deployment` and `ecsnet.ingress`
-- (raw task definitions read through `ecsnet.taskdefs`), and the LDoc of the
-- C methods. Valid Lua 5.1.
--
-- @module ecsnet

local core = require "ecsnet.core"

local M = {}

local floor, ceil, huge = math.floor, math.ceil, math.huge
local format, concat = string.format, table.concat

--- Task definitions
-- @section taskdefs

-- A normalized task definition has `containers` (the shape of
-- `ecsnet.taskdefs`); anything else that looks like a task definition (JSON
-- text, a register-shaped table) is normalized through `ecsnet.taskdefs`.
local function normalize(td)
  local t = type(td)
  if t == "userdata" then return td end
  if t == "table" and (td.containers ~= nil or td.network_mode ~= nil) then
    return td
  end
  if t ~= "table" and t ~= "string" then
    return nil, "expected a task definition (table or JSON text), got " .. t
  end
  local ok, ecsnet = pcall(require, "ecsnet")
  local taskdefs = ok and type(ecsnet) == "table" and ecsnet.taskdefs
  if type(taskdefs) ~= "function" then
    return nil, "raw task definitions need ecsnet.taskdefs (the validator); " ..
      "give a normalized table with 'network_mode' and 'containers'"
  end
  local list, err = taskdefs(td)
  if not list then return nil, err end
  if #list == 0 then return nil, "the document holds no task definition" end
  if #list > 1 then
    return nil, format("the document holds %d task definitions; give one", #list)
  end
  return list[1]
end
M.normalize_taskdef = normalize


--- Places one copy of a task on the host (docs/reference.md §2.5, §2.6).
--
-- Static host ports are taken as given; dynamic ones (hostPort 0 or absent
-- in bridge and Windows default mode) the way the agent >= 1.70 assigns
-- them: scanning upward from the last assigned port + 1 and wrapping once;
-- a containerPortRange takes that many contiguous ports; host mode takes
-- each container port as host port; awsvpc takes none. On failure the host
-- is unchanged.
-- @function host:place
-- @tparam table|string|ecsnet.portreqs td a normalized task definition, a raw one, or `ecsnet.port_requests(td)`
-- @treturn[1] table `{id = n, bindings = {{container =, container_index =, protocol =, container_port =, host_port =,
--   count =, kind = "static"|"dynamic"|"task", dynamic =}, ...}}`
-- @return[2] nil
-- @treturn[2] string why, in ECS's words (`RESOURCE:PORTS: ...`, `a host port is unavailable: ...`, `10 contiguous
--   host ports are unavailable: ...`)
-- @treturn[2] string a code: `"RESOURCE:PORTS"`, `"HOST_PORT_UNAVAILABLE"`, `"CONTIGUOUS_HOST_PORTS_UNAVAILABLE"`,
--   `"PORT_ALREADY_ALLOCATED"` or `"INVALID"`

--- Places like `host:place` but returns only the task id (no tables built).
-- @function host:place_id
-- @tparam table|string|ecsnet.portreqs td
-- @treturn[1] integer the task id
-- @return[2] nil
-- @treturn[2] string why
-- @treturn[2] string a code

--- How many more copies fit on the host by ports alone, and what stops the
-- next one (the host is not changed).
-- @function host:capacity
-- @tparam table|string|ecsnet.portreqs td
-- @tparam[opt=1000000] integer limit stop counting there
-- @treturn[1] table `{copies = n (math.huge when ports do not limit it), unlimited = bool, reason = code,
--   message = string, port =, protocol =, range = {first, last}}`: `port` is the static host port that binds,
--   `range` the dynamic range when it is exhausted
-- @return[2] nil
-- @treturn[2] string why the task definition cannot be placed at all

--- Removes a placed task and frees its host ports.
-- @function host:remove
-- @tparam table|integer task what `host:place` returned, or its id
-- @treturn[1] boolean true
-- @return[2] nil
-- @treturn[2] string `no task 7 on this host (never placed here, or already removed)`

--- The bindings of a placed task.
-- @function host:bindings
-- @tparam table|integer task
-- @treturn[1] table the bindings
-- @return[2] nil
-- @treturn[2] string

--- The host as configured: `os`, `reserved_tcp`, `reserved_udp`,
-- `dynamic_range` `{first, last}`, `dynamic_origin`, `reserved_count`,
-- `last_assigned`, `used_tcp`, `used_udp`, `tasks`, `memory` (bytes).
-- @function host:info
-- @treturn table

--- Who holds a host port: nil (free), `"reserved"`, or a task id.
-- @function host:holder
-- @tparam integer port
-- @tparam[opt="tcp"] string protocol

--- Describes a container instance's port space (docs/reference.md §2.3, §2.4, §5.8).
--
-- Reserved ports default to the agent's lists (Linux `22, 2375, 2376,
-- 51678, 51679`, plus 51680 with `prometheus = true`; Windows `53, 135, 139,
-- 445, 2375, 2376, 3389, 5985, 5986, 51678, 51679`, plus 80 with
-- `task_iam_roles = true`; UDP none). A given list *replaces* the default,
-- as `ECS_RESERVED_PORTS` does; an empty one (`{}`, `"[]"`) means the
-- default, as in the agent, whose config merge treats an empty list as unset. At most 100 reserved ports, TCP and UDP
-- together.
--
-- The dynamic range: `dynamic_range = "first-last"` (the
-- `ECS_DYNAMIC_HOST_PORT_RANGE` value, or `{first, last}`) wins over
-- `ip_local_port_range = "32768\t60999"` (the text of
-- `/proc/sys/net/ipv4/ip_local_port_range`); `ip_local_port_range = false`
-- means the file could not be read (the agent's fallback 49153-65535).
-- With neither, Linux hosts use 32768-60999: the agent reads
-- `ip_local_port_range` on every Linux host where the file is readable, and
-- 32768-60999 is the kernel's default; that is inferred, not measured on an
-- AMI, so pass the real value when you know it. Windows uses 49152-65535.
-- @function host
-- @tparam[opt] table options `{os =, reserved_tcp =, reserved_udp =, dynamic_range =, ip_local_port_range =,
--   prometheus =, task_iam_roles =}`; reserved lists as Lua lists or JSON text (`"[22, 80]"`)
-- @treturn[1] ecsnet.host
-- @return[2] nil
-- @treturn[2] string e.g. `dynamic_range: port range '200-100' is reversed: ...`

--- Compiles a task definition's port mappings once, for loops:
-- `host:place_id(reqs)` then skips reading the table.
-- @function port_requests
-- @tparam table td a normalized task definition
-- @treturn[1] ecsnet.portreqs
-- @return[2] nil
-- @treturn[2] string

--- Port facts of one task definition
-- @section facts

--- Conflicts between task definitions (services) sharing one host
-- (docs/reference.md §2.3, §2.4, §2.6, §6 R17, R19).
--
-- Finds: two definitions claiming the same static host port and protocol
-- (`same_static_port`, error: the second gets `RESOURCE:PORTS`); a static
-- port on the reserved list (`reserved`, error); a static port inside the
-- dynamic range (`in_dynamic_range`, warning: the agent may already have
-- handed it out); reserved plus static ports over 100 (`reserved_limit`,
-- error); a definition with static ports (`one_per_host`, info).
-- @function host:conflicts
-- @tparam {table,...} tds task definitions (normalized or raw, or `ecsnet.port_requests` results)
-- @treturn[1] {table,...} findings `{kind =, severity =, port =, protocol =, taskdefs = {i, j}, message =}`
-- @return[2] nil
-- @treturn[2] string

--- Deployments
-- @section deployment

--- Whether a deployment of a service can proceed, by host ports
-- (docs/reference.md §2.6, §8.1 "Deployment strategies").
--
-- Each instance is modelled as `host`: host options, or a host object
-- holding what else runs there (other services' tasks, not this service's
-- own copies); `copies_per_instance` overrides the computed capacity. How
-- many tasks run at once is the core's count for the strategy, the one the
-- plans use:
--
-- - `ROLLING` (the default): at most floor(desired x maximum_percent / 100)
--   running, at least ceil(desired x minimum_healthy_percent / 100) kept
--   (defaults 200 and 100). New copies need free slots while old ones run,
--   or old copies must be stopped first; with neither it is stuck.
-- - `BLUE_GREEN`: the green revision runs its full desired count beside the
--   blue one during the bake time (inferred from AWS's guide), so the peak
--   is desired x 2 and both revisions need slots: with static host ports,
--   desired N on N instances cannot proceed.
-- - `LINEAR`, `CANARY`: checked like BLUE_GREEN, **assuming** the new
--   revision runs its full desired count beside the old one during the
--   deployment bake time; the counts during the traffic shifts are not
--   verified, and `assumptions` says so.
--
-- `step_percent` (LINEAR, 3 to 100) and `canary_percent` (CANARY, 0.1 to
-- 100) are checked for their strategy only (an error with another one);
-- they do not change the peak, nor do the bake times, which the check
-- does not take. `minimum_healthy_percent` and `maximum_percent` apply to
-- ROLLING; given with another strategy they are a warning.
-- @function deployment
-- @tparam table opts `{taskdef =, desired =, instances =, strategy = "ROLLING", minimum_healthy_percent = 100,
--   maximum_percent = 200, step_percent =, canary_percent =, host =, copies_per_instance =}`; any other key raises
-- @treturn[1] table `{strategy =, can_proceed =, steady_state =, per_instance =, slots =, peak =, static_ports =,
--   peak_host_ports =, max_running =, min_healthy =, start_first =, stop_first =, reason =, fixes = {...},
--   assumptions = {...}, warnings = {...}}`: `peak` tasks at the deployment's height, `static_ports` the static
--   host ports of one task (nil without a task definition), `peak_host_ports` the static host ports bound then
-- @return[2] nil
-- @treturn[2] string
-- The largest count the deployment model takes (2^53: exact in a double).
local MAX_COUNT = 9007199254740992

local DEPLOY_OPTIONS = { "taskdef", "desired", "instances", "strategy", "minimum_healthy_percent",
                         "maximum_percent", "step_percent", "canary_percent", "host", "copies_per_instance" }

-- Raises for an option ecsnet.deployment does not know (a misspelt
-- 'stratgy' would otherwise check ROLLING without a word).
local function check_deploy_keys(opts)
  local known = {}
  for _, k in ipairs(DEPLOY_OPTIONS) do known[k] = true end
  for k in pairs(opts) do
    if not known[k] then
      error(format("bad argument #1 to 'deployment' (unknown option '%s' (expected one of: %s))",
                   tostring(k), concat(DEPLOY_OPTIONS, ", ")), 3)
    end
  end
end

-- The counts given, in a fixed order (pairs would skip a nil): nil, message
-- for the first that is missing or bad.
local function check_counts(given)
  for _, k in ipairs { "desired", "instances", "minimum_healthy_percent", "maximum_percent" } do
    local v = given[k]
    if v == nil then return nil, format("deployment: '%s' is required", k) end
    if type(v) ~= "number" or v ~= v or v < 0 or v ~= floor(v) then
      return nil, format("deployment: '%s' must be a non-negative integer", k)
    end
    if v > MAX_COUNT then
      return nil, format("deployment: '%s' must be at most %.0f", k, MAX_COUNT)
    end
  end
  return true
end

-- A host to count on: the one given, or one made from its options.
local function deploy_host(opts)
  if type(opts.host) == "userdata" then return opts.host end
  return core.host(opts.host or {})
end

-- The static host ports one copy binds (bridge static ports, every port in
-- host mode), as the port space places it on an empty host configured as
-- the given one.
local function static_ports_of(td, host)
  local i = host:info()
  local scratch = core.host { os = i.os, reserved_tcp = i.reserved_tcp, reserved_udp = i.reserved_udp,
                              dynamic_range = i.dynamic_range }
  local task = scratch and scratch:place(td)
  if not task then return nil end
  local n = 0
  for _, b in ipairs(task.bindings) do
    if b.kind == "static" then n = n + (b.count or 1) end
  end
  return n
end

-- Copies per instance (and what limits them), and the static ports of one.
local function capacity(opts)
  local per, why, static = opts.copies_per_instance, nil, nil
  if per ~= nil and (type(per) ~= "number" or per ~= per or per < 0 or (per ~= huge and per ~= floor(per))) then
    return nil, "deployment: 'copies_per_instance' must be a non-negative integer (or math.huge)"
  end
  if opts.taskdef ~= nil then
    local host, err = deploy_host(opts)
    if not host then return nil, err end
    if per == nil then
      local cap
      cap, err = host:capacity(opts.taskdef)
      if not cap then return nil, err end
      per, why = cap.copies, cap.message
    end
    static = static_ports_of(opts.taskdef, host)
  end
  return per, why, static
end

-- A count for a message: "unlimited" for math.huge (ports that never bind).
local function count_text(n)
  return n == huge and "unlimited" or format("%d", n)
end

local function instances_text(n)
  return format("%d instance%s", n, n == 1 and "" or "s")
end

-- The fix when the copies of the service do not use dynamic ports.
local function dynamic_ports_fix(r, fixes)
  if r.limited_by and r.limited_by:find("RESOURCE:PORTS", 1, true) then
    fixes[#fixes + 1] = "use dynamic host ports (hostPort 0 in bridge mode) behind a load " ..
      "balancer, so several copies fit on one instance (docs/reference.md §2.6, §5.1)"
  end
end

-- ROLLING: stuck when no new copy has a free slot and none may stop first.
local function rolling_verdict(r, minp, maxp)
  local desired, per, n, fixes = r.desired, r.per_instance, r.instances, r.fixes
  r.can_proceed = r.steady_state and (r.start_first > 0 or r.stop_first > 0 or desired == 0)
  if not r.steady_state or r.can_proceed then return end
  r.reason = format("unable to stop or start tasks during a deployment because of the service " ..
    "deployment configuration: all %s slots (%s per instance on %d instances) hold running " ..
    "copies, maximumPercent %d allows %d running, and minimumHealthyPercent %d keeps all %d",
    count_text(r.slots), count_text(per), n, maxp, r.max_running, minp, desired)
  if desired > 0 then
    fixes[#fixes + 1] = format("lower minimum_healthy_percent to %d or less, so that ECS can " ..
      "stop an old copy first", floor(100 * (desired - 1) / desired))
  end
  if r.max_running <= desired then
    fixes[#fixes + 1] = format("raise maximum_percent to at least %d and add capacity",
                               ceil(100 * (desired + 1) / desired))
  end
  if per ~= huge then
    local want = floor(desired / per) + 1
    fixes[#fixes + 1] = format("add %s (to %d), so a new copy has a free slot",
                               instances_text(want - n), want)
  end
  dynamic_ports_fix(r, fixes)
end

-- What the check assumes of a strategy that runs a second revision.
local function second_revision_basis(r)
  if r.strategy == "BLUE_GREEN" then
    return format("during the bake time the blue and the green revision run side by side, %d " ..
      "tasks of each, %d at the peak (inferred from AWS's guide, docs/reference.md §8.1)",
      r.desired, r.peak)
  end
  return format("assumed: during the deployment bake time, after all traffic has shifted, the " ..
    "new revision runs its full desired count (%d) while the old one still runs, %d tasks at the " ..
    "peak; the task counts during the traffic shifts (%s) are not verified and do not raise " ..
    "this peak as long as neither revision runs more than the desired count (docs/reference.md §8.1)",
    r.desired, r.peak, r.strategy == "LINEAR" and "step_percent" or "canary_percent")
end

-- BLUE_GREEN, LINEAR, CANARY: the old revision keeps its copies until the
-- traffic has moved, so both revisions need slots at once.
local function second_revision_verdict(r)
  local desired, per, n, fixes = r.desired, r.per_instance, r.instances, r.fixes
  r.assumptions[#r.assumptions + 1] = second_revision_basis(r)
  r.can_proceed = r.steady_state and r.slots >= r.peak
  if not r.steady_state or r.can_proceed then return end
  r.reason = format("the %s deployment cannot proceed: it runs the new revision's %d copies " ..
    "beside the %d running ones, %d at the peak, but %d instances hold %d (%d per instance: %s)",
    r.strategy, desired, desired, r.peak, n, r.slots, per, r.limited_by or "")
  if per ~= huge and per > 0 then
    local want = ceil(r.peak / per)
    fixes[#fixes + 1] = format("add %s (to %d), so that both revisions fit", instances_text(want - n), want)
  end
  dynamic_ports_fix(r, fixes)
  if r.slots > desired then
    fixes[#fixes + 1] = format("deploy ROLLING instead: it starts new copies in the %d free " ..
      "slot%s first", r.slots - desired, r.slots - desired == 1 and "" or "s")
  elseif desired > 0 then
    fixes[#fixes + 1] = format("deploy ROLLING with minimum_healthy_percent %d or less instead: " ..
      "it stops old copies first", floor(100 * (desired - 1) / desired))
  end
end

-- Warnings for the ROLLING percentages given with another strategy.
local function unused_percent_warnings(r, opts)
  if r.strategy == "ROLLING" then return end
  for _, k in ipairs { "minimum_healthy_percent", "maximum_percent" } do
    if opts[k] ~= nil then
      r.warnings[#r.warnings + 1] = format("'%s' applies to ROLLING: the %s check counts a full " ..
        "second revision (desired x 2) whatever it says; how ECS applies it to %s is not verified " ..
        "(docs/reference.md §8.1)", k, r.strategy, r.strategy)
    end
  end
end

function M.deployment(opts)
  if type(opts) ~= "table" then
    error("bad argument #1 to 'deployment' (table expected, got " .. type(opts) .. ")", 2)
  end
  check_deploy_keys(opts)
  local desired, n = opts.desired, opts.instances
  local minp = opts.minimum_healthy_percent or 100
  local maxp = opts.maximum_percent or 200
  local ok, err = check_counts { desired = desired, instances = n, minimum_healthy_percent = minp,
                                 maximum_percent = maxp }
  if not ok then return nil, err end
  if opts.strategy ~= nil and type(opts.strategy) ~= "string" then
    return nil, "deployment: 'strategy' must be a string (ROLLING, BLUE_GREEN, LINEAR or CANARY)"
  end
  if opts.copies_per_instance == nil and opts.taskdef == nil then
    return nil, "deployment: 'taskdef' is required (or 'copies_per_instance')"
  end
  local counts
  counts, err = core.deploy_counts(opts.strategy, desired, minp, maxp,
                                   { step_percent = opts.step_percent, canary_percent = opts.canary_percent })
  if not counts then return nil, "deployment: " .. err end
  if counts.strategy == "ROLLING" and maxp < minp then
    return nil, format("deployment: maximum_percent (%d) must not be below " ..
                       "minimum_healthy_percent (%d)", maxp, minp)
  end
  local per, why, static = capacity(opts)
  if per == nil then return nil, why end
  local r = { strategy = counts.strategy, per_instance = per, desired = desired, instances = n,
              peak = counts.peak, max_running = counts.most, min_healthy = counts.least,
              static_ports = static, limited_by = why, fixes = {}, assumptions = {}, warnings = {} }
  r.peak_host_ports = static and static * r.peak
  r.slots = per == huge and huge or per * n
  r.steady_state = desired <= r.slots
  r.start_first = math.max(0, math.min(r.max_running, r.slots) - desired)
  r.stop_first = math.max(0, desired - r.min_healthy)
  if not r.steady_state then
    r.reason = format("the service needs %d copies but %d instances hold %d (%d per instance: %s)",
                      desired, n, r.slots, per, why or "")
    r.fixes[1] = format("run at least %d instances", ceil(desired / math.max(per, 1)))
    if r.strategy ~= "ROLLING" and per > 0 then
      r.fixes[1] = r.fixes[1] .. format(", and %d to deploy %s, which runs both revisions at once",
                                        ceil(r.peak / per), r.strategy)
    end
  end
  unused_percent_warnings(r, opts)
  if r.strategy == "ROLLING" then
    rolling_verdict(r, minp, maxp)
  else
    second_revision_verdict(r)
  end
  return r
end

--- Security-group ingress
-- @section ingress

local unpack_ = table.unpack or unpack -- luacheck: ignore 143

-- Merges {protocol, from, to} items into sorted disjoint ranges per protocol.
local function merge_ranges(items)
  table.sort(items, function(a, b)
    if a.protocol ~= b.protocol then return a.protocol < b.protocol end
    return a.from < b.from
  end)
  local out = {}
  for _, it in ipairs(items) do
    local prev = out[#out]
    if prev and prev.protocol == it.protocol and it.from <= prev.to + 1 then
      if it.to > prev.to then prev.to = it.to end
      for _, w in ipairs(it.why) do prev.why[#prev.why + 1] = w end
      prev.origin = prev.origin or it.origin
    else
      out[#out + 1] = { protocol = it.protocol, from = it.from, to = it.to,
                        why = { unpack_(it.why) }, origin = it.origin }
    end
  end
  return out
end

-- A security-group source: an id, or a CIDR read by the core's strict
-- parser (`ecsnet.cidr`: no leading zeros, no host bits, lengths in range),
-- the one `ecsnet cidr` uses, so a rule is never printed with a source AWS
-- would refuse or read differently.
local function check_source(src)
  if type(src) ~= "string" or src == "" then
    return nil, "ingress: 'source' must be a security group id ('sg-...') or a CIDR"
  end
  if src:match("^sg%-%x+$") then return "security_group" end
  if src:find("/", 1, true) and src:match("^[%x:.]+/%d+$") then
    local p, why = core.cidr(src)
    if p then return "cidr" end
    return nil, "ingress: source " .. tostring(why):gsub("^invalid prefix ", "")
  end
  local shown = (#src > 60 and src:sub(1, 57) or src):gsub(".", function(c)
    local b = c:byte()
    if b < 32 or b > 126 then return format("\\x%02X", b) end
  end)
  return nil, format("ingress: source '%s%s' is neither a security group id ('sg-0123abcd') " ..
                     "nor a CIDR ('10.0.0.0/16')", shown, #src > 60 and "..." or "")
end

--- The narrowest ingress rules a task needs from a source (docs/reference.md
-- §1.3, §2.4, §5.1).
--
-- awsvpc: the container ports, on the task's security group. host: the
-- container ports, on the instance's security group. bridge and the Windows
-- default: the static host ports, and for dynamic mappings the host's
-- *actual* dynamic range, with its origin stated. `existing` rules are
-- checked: a warning when they miss ports the task needs, or open far more
-- than it needs.
-- @function ingress
-- @tparam table|string td a task definition (normalized or raw)
-- @tparam table options `{source = "sg-..." or CIDR, host = ecsnet.host or host options, existing = {{protocol =,
--   from =, to =, source =}, ...}}`
-- @treturn[1] table `{mode =, target = "task"|"instance"|nil, rules = {{protocol =, from =, to =, source =, why =
--   {...}, origin =}}, warnings = {...}, dynamic_range =, dynamic_origin =}`
-- @return[2] nil
-- @treturn[2] string
function M.ingress(td, options)
  if options ~= nil and type(options) ~= "table" then
    error("bad argument #2 to 'ingress' (table expected, got " .. type(options) .. ")", 2)
  end
  options = options or {}
  local t, err = normalize(td)
  if not t then return nil, err end
  local source = options.source or "0.0.0.0/0"
  local skind, serr = check_source(source)
  if not skind then return nil, serr end
  local host = options.host
  if type(host) ~= "userdata" then
    host, err = core.host(host or { os = t.os })
    if not host then return nil, err end
  end
  local info = host:info()
  local mode = t.network_mode or "default"
  local items, warnings = {}, {}
  local res = { mode = mode, source = source, source_kind = skind, warnings = warnings }
  if mode == "awsvpc" then res.target = "task" elseif mode ~= "none" then res.target = "instance" end
  local dyn = {}
  for _, c in ipairs(t.containers or {}) do
    for _, m in ipairs(c.port_mappings or {}) do
      if m.unknown then
        warnings[#warnings + 1] = format("port mapping at %s has a value that cannot be known " ..
          "statically; no rule derived for it", tostring(m.pointer))
      else
        local proto = m.protocol or "tcp"
        local cfrom = m.range and m.range[1] or m.container_port
        local cto = m.range and m.range[2] or m.container_port
        local label = format("%s %s", tostring(c.name), m.range and format("%d-%d", cfrom, cto)
                             or tostring(cfrom))
        if mode == "none" then
          break
        elseif mode == "awsvpc" or mode == "host" then
          items[#items + 1] = { protocol = proto, from = cfrom, to = cto,
                                why = { "container port " .. label } }
        elseif not m.range and m.host_port and m.host_port ~= 0 then
          items[#items + 1] = { protocol = proto, from = m.host_port, to = m.host_port,
                                why = { format("static host port %d for %s", m.host_port, label) } }
        else
          dyn[proto] = dyn[proto] or {}
          dyn[proto][#dyn[proto] + 1] = "dynamic host port for " .. label
        end
      end
    end
  end
  local a, b = info.dynamic_range[1], info.dynamic_range[2]
  local origins = {
    ["kernel default"] = "Linux kernel default ip_local_port_range (inferred, not measured: give " ..
      "the instance's ip_local_port_range or set ECS_DYNAMIC_HOST_PORT_RANGE)",
    ["ip_local_port_range"] = "the instance's /proc/sys/net/ipv4/ip_local_port_range, read by the agent",
    ["ECS_DYNAMIC_HOST_PORT_RANGE"] = "ECS_DYNAMIC_HOST_PORT_RANGE in the agent's configuration",
    ["agent fallback"] = "the agent's Linux fallback when ip_local_port_range cannot be read",
    ["agent windows"] = "the agent's fixed Windows range",
  }
  for proto, whys in pairs(dyn) do
    items[#items + 1] = { protocol = proto, from = a, to = b, why = whys,
                          origin = format("%d-%d: %s", a, b, origins[info.dynamic_origin] or
                                          info.dynamic_origin) }
  end
  if next(dyn) then
    res.dynamic_range = { a, b }
    res.dynamic_origin = info.dynamic_origin
  end
  local rules = merge_ranges(items)
  for _, r in ipairs(rules) do r.source = source end
  res.rules = rules

  -- existing rules: coverage and width
  if options.existing ~= nil then
    if type(options.existing) ~= "table" then
      error("bad argument #2 to 'ingress' (option 'existing' must be a list of rules)", 2)
    end
    local ex = {}
    for i, e in ipairs(options.existing) do
      if type(e) ~= "table" then
        error(format("bad argument #2 to 'ingress' (option 'existing': rule %d must be a table, got %s)",
          i, type(e)), 2)
      end
      local from, to = e.from or e.from_port, e.to or e.to_port
      if type(from) ~= "number" or type(to) ~= "number" or from > to or from < 0 or to > 65535 then
        return nil, format("ingress: existing rule %d needs from <= to within 0-65535", i)
      end
      ex[#ex + 1] = { protocol = e.protocol or "tcp", from = from, to = to, source = e.source, i = i }
    end
    local function applies(e, r)
      return (e.protocol == r.protocol or e.protocol == "-1" or e.protocol == "all") and
        (e.source == nil or e.source == r.source)
    end
    for _, r in ipairs(rules) do
      -- ports of r not covered by any applicable existing rule
      local gaps, cur = {}, r.from
      local cov = {}
      for _, e in ipairs(ex) do if applies(e, r) then cov[#cov + 1] = e end end
      table.sort(cov, function(x, y) return x.from < y.from end)
      for _, e in ipairs(cov) do
        if e.from > cur and cur <= r.to then
          gaps[#gaps + 1] = { cur, math.min(e.from - 1, r.to) }
        end
        if e.to + 1 > cur then cur = e.to + 1 end
      end
      if cur <= r.to then gaps[#gaps + 1] = { cur, r.to } end
      if #gaps > 0 then
        local txt = {}
        for _, g in ipairs(gaps) do
          txt[#txt + 1] = g[1] == g[2] and tostring(g[1]) or format("%d-%d", g[1], g[2])
        end
        warnings[#warnings + 1] = format("existing rules do not cover %s %s from %s, which the " ..
          "task needs (%s)%s", r.protocol, concat(txt, ", "), r.source, concat(r.why, "; "),
          r.origin and (": the dynamic range is " .. r.origin) or "")
      end
    end
    for _, e in ipairs(ex) do
      local needed = 0
      for _, r in ipairs(rules) do
        if applies(e, r) then
          local lo, hi = math.max(e.from, r.from), math.min(e.to, r.to)
          if hi >= lo then needed = needed + hi - lo + 1 end
        end
      end
      local width = e.to - e.from + 1
      if width - needed >= 100 and width > 2 * needed then
        warnings[#warnings + 1] = format("existing rule %d opens %s %d-%d (%d ports) where the " ..
          "task needs %d of them: narrow it to the rules above", e.i, e.protocol, e.from, e.to,
          width, needed)
      end
    end
  end
  return res
end

return M
