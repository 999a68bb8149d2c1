--- ENI density, the `RESOURCE:ENI` explainer and IP plans (ENI density and plans;
-- reference: docs/reference.md §3, §4).
--
-- The numbers come from C (`ecsnet.core`): the instance data compiled from
-- `data/instance-types.json`, density and the plan simulation. This file adds
-- what is easier in Lua: argument checks, the explainer, and a text
-- rendering of a plan. Task definitions (JSON text, raw or normalized
-- tables) go to C as they are and become the validator's model there.
-- Valid Lua 5.1.
--
-- @module ecsnet

local core = require "ecsnet.core"

local M = {}

local type, pairs, ipairs, tostring = type, pairs, ipairs, tostring
local format, concat = string.format, table.concat

--- Instance data
-- @section instances

--- The data of one instance type (docs/reference.md §3.3, §3.4).
--
-- Looks in the run-time rows of this `lua_State` first (`ecsnet.load_instances`),
-- then in the data compiled into the library.
-- @function instance
-- @tparam string name an instance type, e.g. `"c5.large"`
-- @treturn[1] table `{name, max_enis, ipv4_per_eni, ipv6_per_eni (nil: IPv6 not
--   supported), ipv6_supported, trunking_supported, awsvpc_tasks_without_trunking,
--   awsvpc_tasks_with_trunking (nil: not supported), eni_limit_with_trunking, vcpus,
--   memory_mib, network_cards (when loaded), source, date, ecs_date, note, flags =
--   {computed, contradiction, suspect, invalid_value, newer_data, no_ipv6, override,
--   describe}, anomalous}`
-- @return[2] nil
-- @treturn[2] string `unknown instance type 'c9.huge'`

--- The names of every known instance type, sorted.
-- @function instance_types
-- @treturn {string,...}

--- Adds or overrides instance data for this `lua_State` from JSON text or a
-- table: the format of `data/instance-types.json` (`{"instance_types": [...]}`, a
-- list of rows or one row) or the raw output of `aws ec2 describe-instance-types`
-- (ENIs summed over all network cards, IPv4/IPv6 per ENI, vCPUs, memory). All or
-- nothing.
-- @function load_instances
-- @tparam string|table data
-- @treturn[1] integer rows loaded
-- @return[2] nil
-- @treturn[2] string what is wrong, naming the row and field

--- A separate instance database with the same methods (`db:instance(name)`,
-- `db:instance_types()`, `db:load(data)`, `db:count()`, `db:density(opts)`,
-- `db:plan(plan)`); rows loaded into it are seen by nothing else.
-- @function instance_db
-- @treturn ecsnet.instdb

--- Density
-- @section density

--- How many tasks of one kind fit on one instance (docs/reference.md §3.1, §3.2, §2.6).
--
-- For awsvpc: tasks without and with trunking, whether trunking applies (the
-- account setting, a supported type, Linux, launched after the opt-in, not in a
-- shared subnet) and the ENIs and addresses consumed (with trunking 2 per
-- instance + 1 per task). With CPU and memory (and the instance's, from loaded
-- describe-instance-types data or `instance_cpu`/`instance_memory`), the limit
-- that binds. For bridge and host, density is ports and resources: one copy per
-- instance when the task maps a static host port.
-- @tparam table opts `{instance = "c5.large", trunking = bool, taskdef = table|JSON
--   text, mode = "awsvpc"|..., os = "linux"|"windows", cpu = units, memory = MiB,
--   instance_cpu = units, instance_memory = MiB, static_ports = n,
--   launched_after_opt_in = true, shared_subnet = false, managed_instances = false (an ECS Managed
--   Instances instance: trunking without the opt-in, the trunk ENI as the primary ENI; assumed)}`
-- @treturn[1] table `{instance, mode, os, tasks (math.huge when unlimited),
--   unlimited, binding = "ENI"|"CPU"|"MEMORY"|"PORTS"|"none", managed_instances,
--   tasks_without_trunking, tasks_with_trunking, trunking = {supported, enabled,
--   applies, reasons = {...}}, by = {eni, cpu, memory, ports}, enis = {limit, max,
--   used, primary, trunk, task}, ips = {used, per_instance, per_task}, reference}`
-- @return[2] nil
-- @treturn[2] string
function M.density(opts)
  if type(opts) ~= "table" then
    error("bad argument #1 to 'density' (table expected, got " .. type(opts) .. ")", 2)
  end
  -- the core refuses more than 10^15 as "must be a number >= 0"; say what
  -- is wrong with a value that is too large
  for _, k in ipairs { "cpu", "memory", "instance_cpu", "instance_memory" } do
    local v = opts[k]
    if type(v) == "number" and v > 1e15 then
      return nil, format("'%s' must be a number from 0 to 1000000000000000 (10^15), got %.6g", k, v)
    end
  end
  return core.density(opts)
end

--- Explains a `RESOURCE:ENI` placement failure: given the instance, the account
-- setting and the tasks, says why placement fails and what would fix it
-- (docs/reference.md §3.1, §3.2, §3.3).
-- @tparam table opts `{instance = "c5.large", trunking = bool, tasks = n (awsvpc
--   tasks wanted on one instance), launched_after_opt_in = true, shared_subnet =
--   false, os = "linux", db = an ecsnet.instdb to look the type up in (default:
--   this lua_State's)}`
-- @treturn[1] table `{fails = bool, limit = n, tasks = n, message = string,
--   reasons = {...}, fixes = {...}}`
-- @return[2] nil
-- @treturn[2] string
function M.explain_eni(opts)
  if type(opts) ~= "table" then
    error("bad argument #1 to 'explain_eni' (table expected, got " .. type(opts) .. ")", 2)
  end
  local want = opts.tasks
  if want ~= nil and (type(want) ~= "number" or want ~= want or want < 0 or want ~= math.floor(want)) then
    return nil, "'tasks' must be a whole number >= 0"
  end
  if want ~= nil and want > 9007199254740992 then
    return nil, "'tasks' must be at most 9007199254740992 (2^53), got " .. format("%.0f", want)
  end
  local db = opts.db
  if db ~= nil and not (type(db) == "userdata" and tostring(db):find("^ecsnet%.instdb")) then
    error("bad argument #1 to 'explain_eni' (option 'db' must be an ecsnet.instdb, got " .. type(db) .. ")", 2)
  end
  local dopts = {
    instance = opts.instance, trunking = opts.trunking == true, mode = "awsvpc",
    os = opts.os, launched_after_opt_in = opts.launched_after_opt_in,
    shared_subnet = opts.shared_subnet,
  }
  local d, err
  if db then d, err = db:density(dopts) else d, err = core.density(dopts) end
  if not d then return nil, err end
  local it = db and db:instance(opts.instance) or core.instance(opts.instance)
  local limit = d.by.eni
  local r = { instance = d.instance, limit = limit, tasks = want,
              reasons = {}, fixes = {}, trunking = d.trunking }
  local reasons, fixes = r.reasons, r.fixes
  local with = d.tasks_with_trunking
  r.fails = want ~= nil and want > limit
  local used = d.trunking.applies and "with trunking" or "without trunking"
  reasons[#reasons + 1] = format("%s allows %d awsvpc tasks %s: each task needs its own %s, " ..
    "and ECS counts %d ENIs on this instance (%s)", d.instance, limit, used,
    d.trunking.applies and "branch ENI" or "ENI", d.enis.limit,
    d.trunking.applies and "the primary and trunk ENIs plus one per task" or
      "the primary ENI plus one per task")
  if not d.trunking.applies then
    for _, why in ipairs(d.trunking.reasons) do reasons[#reasons + 1] = "trunking: " .. why end
  end
  if r.fails then
    r.message = format("RESOURCE:ENI: %d awsvpc tasks do not fit on one %s, which takes %d %s",
      want, d.instance, limit, used)
    if not d.trunking.applies and with then
      if not d.trunking.enabled then
        fixes[#fixes + 1] = format("turn on the awsvpcTrunking account setting for the " ..
          "instance role (aws ecs put-account-setting --name awsvpcTrunking --value enabled) " ..
          "and replace the instances: %s then takes %d tasks", d.instance, with)
      else
        for _, why in ipairs(d.trunking.reasons) do
          fixes[#fixes + 1] = "make trunking apply: " .. why
        end
      end
    elseif not with then
      fixes[#fixes + 1] = format("%s does not support trunking (docs/reference.md §3.3): choose a " ..
        "type that does, e.g. c5.large (10 tasks) or m5.xlarge (20)", d.instance)
    end
    fixes[#fixes + 1] = format("run more instances: %d tasks need %d instances of %s",
      want, math.ceil(want / math.max(limit, 1)), d.instance)
    fixes[#fixes + 1] = "use a larger instance type (more ENIs), or bridge mode with " ..
      "dynamic host ports (no ENI per task)"
    if it and it.flags and it.flags.computed then
      fixes[#fixes + 1] = "check the limit: this type's value is computed as max ENIs - 1"
    end
  else
    r.message = want and format("%d awsvpc tasks fit on one %s (limit %d %s)", want,
      d.instance, limit, used) or format("%s takes %d awsvpc tasks %s", d.instance, limit, used)
    if want and want == limit then
      fixes[#fixes + 1] = "the instance is full: the next task fails with RESOURCE:ENI"
    end
  end
  return r
end

--- Plans
-- @section plans

--- Plans the addresses and instances a deployment needs, per subnet and AZ
-- (docs/reference.md §3.2, §4.1; the format is docs/plan-format.md).
--
-- Tasks are placed one by one as ECS spreads them over AZs and packs them on
-- instances: steady state, the deployment surge (`maximum_percent`), then growth of
-- the first awsvpc service until a subnet runs out. Bad content never raises: it
-- gives `findings` and `ok = false`.
-- @tparam table|string plan a plan table, or its JSON text
-- @treturn[1] table `{ok, instance, trunking = {applies, reasons}, instances = {needed,
--   given}, tasks = {steady, surge, peak}, addresses = {usable, needed, headroom},
--   services = {...}, subnets = {{cidr, az, role, valid, size, usable, hosts, trunk_enis,
--   tasks, surge, extras, reserved = 5, needed, headroom, fits}, ...}, azs = {{name,
--   instances, tasks, surge, usable, needed, headroom, room_for_tasks}, ...}, runs_out
--   = {phase, at_tasks, more_tasks, subnet, az, index}, imbalance, placements,
--   findings = {{severity, code, pointer, message}, ...}, recommendations = {...}}`
-- @return[2] nil
-- @treturn[2] string when the text is not JSON or the plan not an object
function M.plan(plan)
  local t = type(plan)
  if t ~= "table" and t ~= "string" then
    error("bad argument #1 to 'plan' (table or JSON text expected, got " .. t .. ")", 2)
  end
  return core.plan(plan)
end

--- Plans from JSON text (the file `ecsnet plan PLAN.json` reads).
-- @tparam string text
-- @treturn[1] table as `ecsnet.plan`
-- @return[2] nil
-- @treturn[2] string
function M.plan_json(text)
  if type(text) ~= "string" then
    error("bad argument #1 to 'plan_json' (string expected, got " .. type(text) .. ")", 2)
  end
  return core.plan(text)
end

--- Plans read from templates
-- @section plan_template

-- A note of the plan read from a template: what it assumed, what it could
-- not know, and why a service is not planned (docs/plan-format.md).
local function note(notes, code, pointer, fmt, ...)
  notes[#notes + 1] = { severity = "info", code = code, pointer = pointer or "", message = format(fmt, ...) }
end

local NOT_DECLARED = "not declared"

-- A count of the service's deployment table: the number, or nil with why.
local function count(dep, key)
  local v = dep[key]
  if type(v) == "number" then return v end
  return nil, v == "unknown" and "given by a parameter or an import (unknown)" or NOT_DECLARED
end

-- The desired count: the template's, the option's, or 1 when not declared
-- (a new service starts 1 task, docs/reference.md §8.8); nil when unknown.
local function desired_of(sv, dep, opts, notes)
  local n, why = count(dep, "desired_count")
  if n then return n end
  if opts.desired_count then
    note(notes, "TPL_ASSUMED", sv.pointer, "service %s: DesiredCount is %s; planned with %d (--desired-count)",
         sv.name, why, opts.desired_count)
    return opts.desired_count
  end
  if type(dep.desired_count_default) == "number" then
    note(notes, "TPL_ASSUMED", sv.pointer, "service %s: DesiredCount is the parameter %s; planned with its " ..
         "Default, %d (a deployment may give another value)", sv.name, dep.desired_count_parameter,
         dep.desired_count_default)
    return dep.desired_count_default
  end
  if why == NOT_DECLARED then
    note(notes, "TPL_ASSUMED", sv.pointer, "service %s: DesiredCount not declared; planned with 1, the count " ..
         "CloudFormation starts a new service with (docs/reference.md §8.8)", sv.name)
    return 1
  end
  note(notes, "TPL_NOT_PLANNED", sv.pointer, "service %s: not planned: DesiredCount is %s; give it with " ..
       "--desired-count N", sv.name, why)
  return nil
end

-- The deployment settings of a plan service from the template's.
local function deployment_of(sv, dep, out, notes)
  local st = dep.strategy
  if st == "unknown" then
    note(notes, "TPL_ASSUMED", sv.pointer, "service %s: its deployment strategy is not known; planned as " ..
         "ROLLING, the default", sv.name)
    st = "ROLLING"
  end
  out.strategy = st
  if st ~= "ROLLING" then return end
  for _, k in ipairs { "maximum_percent", "minimum_healthy_percent" } do
    local n, why = count(dep, k)
    if n then
      out[k] = n
    elseif why ~= NOT_DECLARED then
      note(notes, "TPL_ASSUMED", sv.pointer, "service %s: %s is %s; planned with the default %d", sv.name,
           k == "maximum_percent" and "MaximumPercent" or "MinimumHealthyPercent", why,
           k == "maximum_percent" and 200 or 100)
    end
  end
end

-- Adds the subnets of a list to the plan's (by ID, once), marking what
-- they hold: "task" (the service's task ENIs) or "host" (instances).
local function add_subnets(acc, list, what)
  for _, sn in ipairs(list or {}) do
    local e = acc.by_id[sn.id]
    if not e then
      e = { id = sn.id, cidr = sn.cidr, ipv6 = sn.ipv6, az = sn.az }
      acc.by_id[sn.id] = e
      acc.list[#acc.list + 1] = e
    end
    e[what] = true
  end
end

-- The instances of the plan: the Auto Scaling groups behind the services'
-- capacity providers (each group once), with their MaxSize and type.
local function add_instances(acc, sv, inst, notes)
  if inst.why then
    note(notes, "TPL_UNKNOWN", sv.pointer, "service %s: instances not known: %s", sv.name, inst.why)
    acc.unknown = true
    return
  end
  if acc.groups[inst.groups] then return end
  acc.groups[inst.groups] = true
  if type(inst.max) == "number" then
    acc.count = (acc.count or 0) + inst.max
  end
  if inst.type == nil then
    note(notes, "TPL_UNKNOWN", sv.pointer, "service %s: the instance type of Auto Scaling group %s is not " ..
         "declared; give it with --instance-type", sv.name, inst.groups)
  elseif acc.type == nil then
    acc.type = inst.type
  elseif acc.type ~= inst.type then
    note(notes, "TPL_ASSUMED", sv.pointer, "service %s: Auto Scaling group %s runs %s, another group %s; a " ..
         "plan has one instance type: planned on %s", sv.name, inst.groups, inst.type, acc.type, acc.type)
  end
end

-- One service of the report as a plan service, or nil (with a note why).
local function plan_service(r, sv, opts, acc, notes)
  local dep = sv.deployment or {}
  local td = sv.taskdef and r.taskdefs[sv.taskdef]
  if dep.daemon then
    note(notes, "TPL_NOT_PLANNED", sv.pointer, "service %s: not planned: a DAEMON service runs one task " ..
         "per instance, which a plan does not model", sv.name)
    return nil
  end
  if td == nil then
    note(notes, "TPL_NOT_PLANNED", sv.pointer, "service %s: not planned: its task definition is not one " ..
         "of this template", sv.name)
    return nil
  end
  if sv.launch_type == "EXTERNAL" then
    note(notes, "TPL_NOT_PLANNED", sv.pointer, "service %s: not planned: ECS Anywhere (EXTERNAL) tasks " ..
         "take no VPC address", sv.name)
    return nil
  end
  if sv.launch_type == "MANAGED_INSTANCES" and not opts.instance_type then
    note(notes, "TPL_NOT_PLANNED", sv.pointer, "service %s: not planned: Managed Instances choose their " ..
         "instance types from the capacity provider's requirements, which a plan does not model; give one " ..
         "with --instance-type (docs/reference.md §5.7)", sv.name)
    return nil
  end
  local desired = desired_of(sv, dep, opts, notes)
  if desired == nil then return nil end
  local out = { name = sv.name, taskdef = td, desired_count = desired }
  if sv.launch_type then
    out.launch_type = sv.launch_type
  else
    note(notes, "TPL_ASSUMED", sv.pointer, "service %s: its launch type is not declared (the cluster's " ..
         "default capacity provider strategy decides); planned %s", sv.name,
         td.network_mode == "awsvpc" and "from its task definition" or "on EC2 instances")
  end
  deployment_of(sv, dep, out, notes)
  if dep.subnets_why and (td.network_mode == "awsvpc") then
    note(notes, "TPL_UNKNOWN", sv.pointer, "service %s: subnets not known: %s", sv.name, dep.subnets_why)
  end
  add_subnets(acc.subnets, td.network_mode == "awsvpc" and dep.subnets or nil, "task")
  if dep.instances then
    add_subnets(acc.subnets, dep.instances.subnets, "host")
    if out.launch_type ~= "FARGATE" then add_instances(acc.instances, sv, dep.instances, notes) end
  end
  acc.vpc = acc.vpc or dep.vpc
  return out
end

-- The role of a subnet in the plan (docs/plan-format.md): tasks' and
-- instances' (both), instances' only (hosts), or tasks' only (tasks,
-- when some subnet is known to hold the instances).
local function role_of(e, any_host)
  if e.task and e.host then return "both" end
  if e.host then return "hosts" end
  return any_host and "tasks" or "both"
end

-- The plan's subnets: each with a CIDR block the template declares.
local function plan_subnets(acc, notes)
  local out, any_host = {}, false
  for _, e in ipairs(acc.list) do any_host = any_host or (e.host and e.cidr ~= nil) end
  for _, e in ipairs(acc.list) do
    local az = e.az
    if e.cidr or e.ipv6 then
      if az == nil then
        note(notes, "TPL_ASSUMED", "", "subnet %s declares no AvailabilityZone; planned as an AZ of its own",
             e.id)
        az = e.id
      elseif az:match("^#%d+$") then
        az = "AZ " .. az
      end
    end
    if not e.cidr and not e.ipv6 then
      note(notes, "TPL_UNKNOWN", "", "subnet %s: its CIDR block is not one the template declares (an ID, a " ..
           "parameter or an import): not planned", e.id)
    end
    if e.cidr then out[#out + 1] = { cidr = e.cidr, az = az, role = role_of(e, any_host) } end
    if e.ipv6 then out[#out + 1] = { cidr = e.ipv6, az = az, role = role_of(e, any_host) } end
  end
  return out
end

--- A plan read from a CloudFormation template (docs/plan-format.md, "Plans
-- read from templates"; docs/reference.md §8.8): for each `AWS::ECS::Service`
-- its task definition, DesiredCount and DeploymentConfiguration, the subnets of
-- its AwsvpcConfiguration and of the Auto Scaling groups behind its capacity
-- providers (their CidrBlock and AvailabilityZone where the template declares
-- them), and those groups' MaxSize and instance type. The template is resolved
-- by the validator (`ecsnet.validate`); what it does not declare or gives by a
-- parameter or an import is a note, never a value made up.
-- @function plan_template
-- @tparam string|table template JSON or YAML text, or a table, as `ecsnet.validate` reads it
-- @tparam[opt] table opts `{instance_type =, instances =, desired_count =}`: override the template's
--   instance type and instance count, and give the desired count of services whose count is unknown
-- @treturn[1] table the plan (the object of docs/plan-format.md), for `ecsnet.plan`
-- @treturn[1] table notes `{{severity = "info", code, pointer, message}, ...}`: `TPL_ASSUMED`,
--   `TPL_UNKNOWN`, `TPL_NOT_PLANNED`, each pointing into the template
-- @return[2] nil
-- @treturn[2] string when the template cannot be read, or has no service
function M.plan_template(template, opts)
  local t = type(template)
  if t ~= "table" and t ~= "string" then
    error("bad argument #1 to 'plan_template' (table or text expected, got " .. t .. ")", 2)
  end
  if opts ~= nil and type(opts) ~= "table" then
    error("bad argument #2 to 'plan_template' (table expected, got " .. type(opts) .. ")", 2)
  end
  opts = opts or {}
  for k in pairs(opts) do
    if k ~= "instance_type" and k ~= "instances" and k ~= "desired_count" then
      error(format("bad argument #2 to 'plan_template' (unknown option '%s')", tostring(k)), 2)
    end
  end
  local r, err = core.validate(template, { shape = "cloudformation", taskdefs = true })
  if not r then return nil, err end
  if #r.services == 0 then return nil, "the template has no AWS::ECS::Service resource to plan" end
  local notes, services = {}, {}
  local acc = { subnets = { list = {}, by_id = {} }, instances = { groups = {} } }
  for _, sv in ipairs(r.services) do
    services[#services + 1] = plan_service(r, sv, opts, acc, notes)
  end
  local plan = { services = services, subnets = plan_subnets(acc.subnets, notes), vpc = acc.vpc }
  local windows = #services > 0
  for _, sv in ipairs(services) do windows = windows and sv.taskdef.os == "windows" end
  if windows then plan.os = "windows" end   -- the task definitions say so (§5.5)
  plan.instance_type = opts.instance_type or acc.instances.type
  if opts.instances then
    plan.instances = opts.instances
  elseif acc.instances.count and not acc.instances.unknown then
    plan.instances = acc.instances.count
    note(notes, "TPL_ASSUMED", "", "instances: %d, the MaxSize of the Auto Scaling groups behind the " ..
         "services' capacity providers (docs/reference.md §8.8)", plan.instances)
  end
  return plan, notes
end

local json = require "ecsnet.json"

-- Fields of a plan result that are lists (encoded as [] even when empty).
local LISTS = { azs = true, findings = true, recommendations = true, services = true, subnets = true,
  reasons = true }

local ORDER = { "ok", "instance", "managed_instances", "fargate_only", "ipv6_only", "trunking", "instances", "tasks",
  "addresses", "runs_out", "imbalance", "placements", "services", "subnets", "azs", "findings", "recommendations" }

local function to_json(v, key)
  if type(v) ~= "table" then return v end
  local out = {}
  for k, x in pairs(v) do out[k] = to_json(x, k) end
  if LISTS[key] then return json.array(out) end
  if key == nil then return json.order(out, ORDER) end
  return out
end

--- A plan result as a table ready for `ecsnet.json.encode`: the lists are
-- marked as arrays (so an empty one is `[]`) and the top-level keys keep a
-- reading order. The command's `--format json` and `ecsnet.http` use it.
-- @tparam table r what `ecsnet.plan` returned
-- @treturn table
function M.plan_table(r)
  return to_json(r)
end

local function n3(v)
  local s = tostring(v)
  local neg = s:sub(1, 1) == "-"
  if neg then s = s:sub(2) end
  local r = s:reverse():gsub("(%d%d%d)", "%1,"):reverse()
  if r:sub(1, 1) == "," then r = r:sub(2) end
  return (neg and "-" or "") .. r
end

local render

--- Renders a plan result as text (a table per subnet, then findings and
-- recommendations).
-- @tparam table r what `ecsnet.plan` returned
-- @treturn string
function M.plan_text(r)
  if type(r) ~= "table" then
    error("bad argument #1 to 'plan_text' (table expected, got " .. type(r) .. ")", 2)
  end
  -- a table that is not a plan result (fields missing or of other types)
  -- is a bad argument, not an error inside the renderer
  local ok, text = pcall(render, r)
  if not ok then
    error("bad argument #1 to 'plan_text' (a result of ecsnet.plan expected: " ..
      tostring(text):gsub("^[^:]*:%d+: ", "") .. ")", 2)
  end
  return text
end

render = function(r)
  local out = {}
  local function add(...) out[#out + 1] = format(...) end
  if r.fargate_only then
    add("plan: %s on Fargate (no instances)", r.ok and "fits" or "does NOT fit")
  else
    add("plan: %s on %s%s, trunking %s", r.ok and "fits" or "does NOT fit",
      tostring(r.instance or "?"), r.managed_instances and " (Managed Instances)" or "",
      r.trunking and r.trunking.applies and "applies" or "off")
  end
  add("tasks %s steady, %s at the deployment peak; instances needed %s%s",
    n3(r.tasks.steady), n3(r.tasks.peak), n3(r.instances.needed),
    r.instances.given and (" (given " .. n3(r.instances.given) .. ")") or "")
  add("%-18s %-12s %-5s %7s %6s %6s %7s %6s %6s %7s %8s", "subnet", "az", "role", "usable",
    "hosts", "trunk", "tasks", "surge", "extra", "needed", "headroom")
  for _, s in ipairs(r.subnets) do
    if s.valid and s.ipv6_only and not s.usable then   -- IPv6-only /64: addresses do not bind
      add("%-18s %-12s %-5s %7s %6s %6s %7s %6s %6s %7s %8s", s.cidr, s.az, s.role, "IPv6",
        n3(s.hosts), n3(s.trunk_enis), n3(s.tasks), n3(s.surge), n3(s.extras), n3(s.needed), "-")
    elseif s.valid then
      add("%-18s %-12s %-5s %7s %6s %6s %7s %6s %6s %7s %8s", s.cidr, s.az, s.role, n3(s.usable),
        n3(s.hosts), n3(s.trunk_enis), n3(s.tasks), n3(s.surge), n3(s.extras), n3(s.needed),
        n3(s.headroom))
    else
      add("%-18s %-12s (rejected)", s.cidr, s.az)
    end
  end
  add("total usable %s, needed %s, headroom %s%s", n3(r.addresses.usable),
    n3(r.addresses.needed), n3(r.addresses.headroom),
    r.ipv6_only and " (IPv4; the IPv6-only subnets do not run out)" or "")
  if r.runs_out then
    local ro = r.runs_out
    add("runs out first: %s (%s) at %s tasks (%s%s)", ro.subnet, ro.az, n3(ro.at_tasks),
      ro.phase, ro.phase == "growth" and (", " .. n3(ro.more_tasks) .. " tasks beyond the peak") or "")
  end
  for _, f in ipairs(r.findings) do
    -- the path "" (the whole plan, as PLAN_MORE_FINDINGS has) is left out
    add("%s %s%s: %s", f.severity, f.code, f.pointer ~= "" and (" " .. f.pointer) or "", f.message)
  end
  for _, f in ipairs(r.recommendations) do
    add("recommendation %s: %s", f.code, f.message)
  end
  return concat(out, "\n")
end

return M
