--- Task-definition validation: reports, their JSON and SARIF renderings, the
-- rule catalog (reference: docs/reference.md §1.5, §2, §6).
--
-- The checks run in C (`ecsnet.core.validate`); this module gives the
-- report its methods. Valid Lua 5.1.
--
-- @module ecsnet

local core = require "ecsnet.core"
local json = require "ecsnet.json"

local M = {}

-- Helpers, reachable as `ecsnet.report.*` (this table's other fields are
-- merged into `ecsnet`).
local R = {}
M.report = R

local TOOL = "ecsnet"
-- SARIF's tool.driver.informationUri (here and in the command's SARIF):
-- what the checks are about, AWS's page on task networking
R.information_uri = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking.html"

-- JSON: the one encoder of ecsnet.json (stable key order, arrays marked).

-- Encodes plain data as JSON (keys sorted; `ecsnet.json.array` marks an
-- empty table as a list). The same as `ecsnet.json.encode`.
function R.encode(value, indent)
  return json.encode(value, indent and { indent = indent } or nil)
end

local list = json.array

local Report = {}
Report.__index = Report

--- The report as JSON: `{"ok":…, "shape":…, "counts":{…}, "diagnostics":[…]}`.
-- @tparam[opt] string indent
-- @treturn string
function Report:json(indent)
  if indent ~= nil and type(indent) ~= "string" then
    error("bad argument #1 to 'json' (string expected, got " .. type(indent) .. ")", 2)
  end
  local c = self.counts
  if indent == nil then
    -- the compact text written directly, as encode writes it (keys sorted):
    -- the HTTP handler's path, where the encoder's setup would cost a
    -- third of a small validation
    local ds = #self.diagnostics > 0 and R.encode(list(self.diagnostics)) or "[]"
    return '{"counts":{"error":' .. json.scalar(c.error) .. ',"info":' .. json.scalar(c.info) ..
      ',"warning":' .. json.scalar(c.warning) .. '},"diagnostics":' .. ds .. ',"ok":' ..
      tostring(self.ok) .. ',"shape":' .. json.scalar(self.shape) .. "}"
  end
  return R.encode({ ok = self.ok, shape = self.shape, counts = c, diagnostics = list(self.diagnostics) }, indent)
end

local sarif_level = { error = "error", warning = "warning", info = "note" }

--- The report as SARIF 2.1.0 (one run; tool.driver lists every rule with its
-- help text; each result's location is the JSON Pointer, plus the line and
-- column when known as `region.startLine`/`startColumn`, and for JSON text
-- where the value ends as `endLine`/`endColumn`: the column after its last
-- character, as SARIF counts it).
-- @tparam[opt] table options `{uri = "taskdef.json", indent = "  "}`
-- @treturn string
function Report:sarif(options)
  if options ~= nil and type(options) ~= "table" then
    error("bad argument #1 to 'sarif' (table expected, got " .. type(options) .. ")", 2)
  end
  options = options or {}
  local rules, index = {}, {}
  for i, r in ipairs(core.rules()) do
    index[r.id] = i - 1
    rules[#rules + 1] = {
      id = r.id, name = r.name,
      shortDescription = { text = r.title },
      fullDescription = { text = r.title .. " (" ..
        (r.checklist and (r.checklist .. ", ") or "") .. r.section .. ")" },
      help = { text = r.help },
      helpUri = r.link,
      defaultConfiguration = { level = sarif_level[r.severity] },
      properties = { checklist = r.checklist, section = r.section },
    }
  end
  local results = {}
  for _, d in ipairs(self.diagnostics) do
    local loc = {
      physicalLocation = {
        artifactLocation = { uri = options.uri or "taskdef.json" },
      },
      logicalLocations = list { { fullyQualifiedName = d.pointer, kind = "element" } },
    }
    if d.line then
      loc.physicalLocation.region = { startLine = d.line, startColumn = d.column,
        endLine = d.end_line, endColumn = d.end_column }
    end
    local text = d.message
    if d.aws_message then text = text .. " (AWS: " .. d.aws_message .. ")" end
    results[#results + 1] = {
      ruleId = d.rule, ruleIndex = index[d.rule],
      level = sarif_level[d.severity],
      message = { text = text },
      locations = list { loc },
      properties = { pointer = d.pointer, aws_message = d.aws_message },
    }
  end
  return R.encode({
    ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
    version = "2.1.0",
    runs = list {
      {
        tool = { driver = { name = TOOL, version = core._VERSION,
                            informationUri = R.information_uri, rules = list(rules) } },
        columnKind = "unicodeCodePoints",
        results = list(results),
      },
    },
  }, options.indent)
end

--- Diagnostics of one severity, or of one rule ID.
-- @tparam string what `"error"`, `"warning"`, `"info"` or a rule ID
-- @treturn {table,...}
function Report:filter(what)
  local out = {}
  for _, d in ipairs(self.diagnostics) do
    if d.severity == what or d.rule == what then out[#out + 1] = d end
  end
  return out
end

function Report:__tostring()
  local lines = {}
  for _, d in ipairs(self.diagnostics) do
    local at = d.pointer == "" and "/" or d.pointer
    if d.line then at = at .. " (line " .. d.line .. ", column " .. d.column .. ")" end
    lines[#lines + 1] = string.format("%s %s %s: %s", d.severity, d.rule, at, d.message)
  end
  lines[#lines + 1] = string.format("%d error(s), %d warning(s), %d info",
    self.counts.error, self.counts.warning, self.counts.info)
  return table.concat(lines, "\n")
end

--- Validates a task definition's networking (reference: docs/reference.md §1.5,
-- §2, §6; rules: `ecsnet.rules()`, docs/rules.md).
--
-- `doc` is JSON text or an equivalent Lua table in one of the shapes users
-- have: register-task-definition input, describe output
-- (`{"taskDefinition": …}`), a CloudFormation template (every
-- `AWS::ECS::TaskDefinition`), a Terraform `container_definitions` list.
--
-- Options: `shape` (`"auto"`, `"register"`, `"describe"`, `"cloudformation"`,
-- `"terraform"`); `launch_type` (`"EC2"`, `"FARGATE"`, `"EXTERNAL"`,
-- `"MANAGED_INSTANCES"`, or a list) added to `requiresCompatibilities`;
-- `os` (`"linux"`, `"windows"`) when `runtimePlatform` is absent;
-- the agent's settings, named and read as `ecsnet.host` reads them:
-- `reserved_tcp`, `reserved_udp` (lists or ECS_RESERVED_PORTS JSON text;
-- `reserved_ports`, `reserved_ports_udp` are older names of the same),
-- `prometheus`, `task_iam_roles`, `ip_local_port_range`;
-- `dynamic_range` (`{first, last}` or `"first-last"`: ECS_DYNAMIC_HOST_PORT_RANGE).
-- A bad agent setting returns nil and the message `ecsnet.host` gives;
-- `service_connect` (the port names used for Service Connect);
-- `positions` (line and column, default true for JSON text); `ends`
-- (default true: with positions, where each value ends too; false skips
-- that second scan when `end_line`/`end_column` are not wanted);
-- `max_bytes` (default 1 MiB); for Terraform: `network_mode`, `family`,
-- `cpu`, `memory`, `requires_compatibilities`; `taskdefs` (true: the report
-- also carries the normalized task definitions, from the same parse).
-- The accepted names are the lists `ecsnet.shapes`, `ecsnet.launch_types`
-- and `ecsnet.os_names`.
--
-- The report has `ok` (no error), `shape`, `counts` (`error`, `warning`,
-- `info`) and `diagnostics`, each `{rule, checklist, name, title, severity,
-- pointer, message, aws_message, reference, section, taskdef, line, column,
-- end_line, end_column}` in document order (`line`, `column`: where the
-- value the pointer names starts, 1-based, columns in characters; with
-- `positions` only; `end_line`, `end_column`: for JSON text, the place just
-- after the value's last character, its `]` or `}` for a list or object;
-- absent for YAML); with the option `taskdefs`, `taskdefs` as
-- `ecsnet.taskdefs` returns them (a diagnostic's `taskdef` indexes it);
-- methods `:json()`, `:sarif()`, `:filter()`.
-- @function validate
-- @tparam string|table doc
-- @tparam[opt] table options
-- @treturn[1] table the report
-- @return[2] nil
-- @treturn[2] string what is wrong with the input (line and column for
-- malformed JSON)
local validate = core.validate
function M.validate(doc, options)
  local r, err = validate(doc, options)
  if r then setmetatable(r, Report) end
  return r, err
end

--- Validates an ECS service given as AWS CLI JSON against its task definition
-- (reference: docs/reference.md §5.1-§5.4, §8.1, §8.5; rules ECS036-ECS050).
--
-- `service` is JSON text or a Lua table: `create-service` or `update-service`
-- input (`--cli-input-json`), or `describe-services` output (`{"services": […]}`,
-- each checked). `taskdef` is a document holding one task definition, in any
-- shape `validate` reads, or nil: then only the rules that need no task
-- definition run, after one info. The diagnostics point into `service`;
-- `report.services` lists the services read. Options as for `validate`
-- (`shape` is `"service"`). The task definition's own findings come from
-- `validate(taskdef)`. In an update, an absent field is unchanged, so a missing
-- `networkConfiguration` is not reported. Target groups given by ARN are not
-- known here: the target-group rules run on CloudFormation templates.
-- @tparam string|table service
-- @tparam[opt] string|table taskdef
-- @tparam[opt] table options
-- @treturn[1] table the report (same methods as `validate`'s)
-- @return[2] nil
-- @treturn[2] string
function M.validate_service(service, taskdef, options)
  local r, err = core.validate_service(service, taskdef, options)
  if r then setmetatable(r, Report) end
  return r, err
end

--- Reads the task definitions of a document into normalized tables (one per
-- task definition): `{family, pointer, network_mode, network_mode_given, os,
-- launch_types, cpu, memory, containers = {{name, pointer, cpu, memory,
-- user, port_mappings = {{container_port, host_port, protocol, range, name,
-- app_protocol, pointer, unknown}}}}}`. `network_mode` is the effective
-- mode (`"default"` is the Windows nat mode). Same options as `validate`.
-- @function taskdefs
-- @tparam string|table doc
-- @tparam[opt] table options
-- @treturn[1] {table,...}
-- @return[2] nil
-- @treturn[2] string
M.taskdefs = core.taskdefs

--- The rule catalog: `{id, checklist, name, title, severity, section, link,
-- help}` per rule (IDs are stable; `checklist` is R1-R23 of docs/reference.md §6).
-- @function rules
-- @treturn {table,...}
M.rules = core.rules

-- The metatable of reports (for reports rebuilt from data).
R.Report = Report

return M
