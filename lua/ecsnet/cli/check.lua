--- `ecsnet check FILE|DIR|- ...`: validates task definitions (task-definition validation's
-- validator, `ecsnet.validate`) and reports the diagnostics as text, JSON,
-- SARIF 2.1.0 or a CI's own format (cli/formats.lua); findings are
-- filtered by the configuration and the command line (cli/suppress.lua,
-- cli/config.lua).
-- @module ecsnet.cli.check

local cli = require "ecsnet.cli"
local json = require "ecsnet.json"
local walk = require "ecsnet.cli.walk"
local cdk = require "ecsnet.cli.cdk"
local config = require "ecsnet.cli.config"
local suppress = require "ecsnet.cli.suppress"
local formats = require "ecsnet.cli.formats"
local pair = require "ecsnet.cli.pair"   -- services paired with task definitions by family

local SEVERITIES = { "error", "warning", "info" }
local RANK = { error = 1, warning = 2, info = 3 }

-- --launch-type's comma list, upper-cased and checked against the core's
-- launch types: one name, or a list of them.
local function launch_types(ctx, known, text, name)
  local list, ok = {}, {}
  for _, lt in ipairs(known) do ok[lt] = true end
  for lt in text:gmatch("[^,%s]+") do
    lt = lt:upper()
    if not ok[lt] then
      ctx:usage_error("'" .. (name or "--launch-type") .. "': invalid launch type " .. cli.quote(lt) .. " (expected " ..
        cli.or_list(known) .. ")")
    end
    list[#list + 1] = lt
  end
  return #list == 1 and list[1] or list
end

-- Builds the options table for ecsnet.validate from the command's options
-- (with `taskdefs`: the report carries the normalized task definitions).
-- A value the configuration gave (`origin`: option -> its key there) is
-- read by the same parsers, its fault named by the file and key and ending
-- the run as a configuration error (exit 2, no pointer to --help).
local function validate_options(ctx, ecsnet, opts, origin)
  local function src(opt)
    local where = origin and origin[opt]
    if not where then return ctx, "--" .. opt end
    return setmetatable({ usage_error = function(_, msg) ctx:input_error(msg) end }, { __index = ctx }), where
  end
  local o = { taskdefs = true }
  if opts["launch-type"] then
    local c, name = src("launch-type")
    o.launch_type = launch_types(c, ecsnet.launch_types, opts["launch-type"], name)
  end
  o.os = opts.os
  if opts["reserved-ports"] then
    local c, name = src("reserved-ports")
    o.reserved_ports = cli.port_list(c, name, opts["reserved-ports"])
  end
  if opts["reserved-udp-ports"] then
    local c, name = src("reserved-udp-ports")
    o.reserved_ports_udp = cli.port_list(c, name, opts["reserved-udp-ports"])
  end
  if opts["dynamic-range"] then
    local c, name = src("dynamic-range")
    local a, b = cli.port_range(c, name, opts["dynamic-range"])
    o.dynamic_range = { a, b }
  end
  if opts["service-connect"] then
    local names = {}
    for n in opts["service-connect"]:gmatch("[^,%s]+") do names[#names + 1] = n end
    o.service_connect = names
  end
  if opts.shape and opts.shape ~= "auto" then o.shape = opts.shape end
  if opts["max-bytes"] then o.max_bytes = cli.integer(ctx, "--max-bytes", opts["max-bytes"], 1) end
  o.network_mode = opts["network-mode"]
  o.family = opts.family
  -- where each value ends: only the formats that write it (SARIF's region, json)
  o.ends = ctx.format == "sarif" or ctx.format == "json"
  return o
end

-- One diagnostic as the command shows it (`pointer` is the JSON Pointer).
local function diag_of(d)
  return {
    rule = d.rule, severity = d.severity, pointer = d.pointer, message = d.message,
    line = d.line, column = d.column, end_line = d.end_line, end_column = d.end_column,
    aws_message = d.aws_message, taskdef = d.taskdef,
  }
end

-- A task definition's name for people: its family, else the CloudFormation
-- resource it sits in, else its position.
local function td_name(td, i)
  if td.family and td.family ~= "" then return td.family end
  local res = td.pointer and td.pointer:match("^/Resources/([^/]+)")
  if res then return res:gsub("~1", "/"):gsub("~0", "~") end
  return "task definition " .. i
end

-- Whether a walked YAML (or .template) file may be ECS's: CloudFormation
-- (Resources, AWSTemplateFormatVersion) or a task definition itself.
local function ecs_yaml(text)
  return text:find("^%s*[{%[]") ~= nil or text:find("AWSTemplateFormatVersion", 1, true) ~= nil or
    text:find("^Resources%s*:") ~= nil or text:find("\nResources%s*:") ~= nil or
    text:find("[Cc]ontainerDefinitions%s*:") ~= nil or text:find("\ntaskDefinition%s*:") ~= nil
end

-- Whether a validation's message says the document holds no task
-- definition: a package.json, a CloudFormation stack of VPCs or buckets (a
-- folder walk skips and counts these).
local function not_taskdef(err)
  return err:find("^not a task definition") ~= nil or
    err:find("^the CloudFormation template has no AWS::ECS::TaskDefinition") ~= nil
end

-- A file's entry from what the validator found: its task definitions
-- ({family, pointer, network_mode}), its diagnostics (each kept as given:
-- `own` says the table is the entry's to keep), how many services.
local function new_entry(name, shape, services, taskdefs, diagnostics, own)
  local entry = { file = name, taskdefs = {}, diagnostics = {}, shape = shape, services = services, all = {} }
  for i, td in ipairs(taskdefs) do
    entry.taskdefs[i] = { family = td.family, name = td_name(td, i), index = i, pointer = td.pointer,
      mode = td.network_mode, diagnostics = {} }
  end
  local all, tds, plain = entry.all, entry.taskdefs, entry.diagnostics
  for k, d in ipairs(diagnostics or {}) do
    local dd = own and d or diag_of(d)
    local td = dd.taskdef and tds[dd.taskdef]
    if td then
      td.diagnostics[#td.diagnostics + 1] = dd
    else
      plain[#plain + 1] = dd
    end
    all[k] = dd
  end
  return entry
end

-- Validates one document (one parse: the report carries its task
-- definitions); returns the file entry. A document that is JSON but no task
-- definition is marked `not_taskdef` (a folder walk skips it).
local function check_text(ecsnet, name, text, vopts, taskdef)
  local report, err = ecsnet.validate(text, vopts)
  if report and report.shape == "service" and taskdef then   -- --task-definition
    report, err = ecsnet.validate_service(text, taskdef, vopts)
  end
  if not report then return { file = name, error = err, not_taskdef = not_taskdef(err) } end
  return new_entry(name, report.shape, #(report.services or {}), report.taskdefs or {}, report.diagnostics)
end

-- The entry of a file the core read and validated (`ecsnet.core.check_files`'
-- result, not `unread`).
local function checked_entry(name, res)
  if res.error then return { file = name, error = res.error, not_taskdef = not_taskdef(res.error) } end
  return new_entry(name, res.shape, res.services, res.taskdefs, res.diagnostics, true)
end

-- Totals over all files (every severity, whatever --severity shows), one
-- file at a time (the files are not kept when the output is streamed).
local function new_summary()
  return { files = 0, taskdefs = 0, services = 0, error = 0, warning = 0, info = 0, input_errors = 0,
    suppressed = 0 }
end

local function count(s, e)
  s.files = s.files + 1
  if e.error then
    s.input_errors = s.input_errors + 1
    return
  end
  s.taskdefs = s.taskdefs + #e.taskdefs
  s.services = s.services + (e.services or 0)
  for _, d in ipairs(e.all) do
    if d.suppressed then
      s.suppressed = s.suppressed + 1
    elseif s[d.severity] then
      s[d.severity] = s[d.severity] + 1
    end
  end
end

local function plural(n, word, words)
  return n .. " " .. (n == 1 and word or (words or word .. "s"))
end

-- { ======================================================================
-- Text
-- ========================================================================

-- Where a diagnostic is: "file:line:column", or "file" plus its pointer.
local function location(file, d)
  if d.line and d.line > 0 then
    return file .. ":" .. d.line .. ":" .. (d.column or 1)
  end
  return file
end

-- How many skipped files there are of each kind.
local function skipped_counts(walked)
  local n = { not_json = 0, special = 0, not_cloudformation = 0, not_taskdef = 0, cdk = 0, cdk_asset = 0 }
  for _, sk in ipairs(walked.skipped) do n[sk.kind] = (n[sk.kind] or 0) + 1 end
  return n
end

-- "(skipped: 1 not JSON or YAML, ...)", or "" when nothing was skipped.
local function skipped_text(walked)
  local n, parts = skipped_counts(walked), {}
  if n.not_json > 0 then parts[#parts + 1] = n.not_json .. " not JSON or YAML" end
  if n.not_cloudformation > 0 then
    parts[#parts + 1] = n.not_cloudformation .. " YAML not CloudFormation (Kubernetes, compose, CI ...)"
  end
  if n.not_taskdef > 0 then parts[#parts + 1] = n.not_taskdef .. " without a task definition" end
  if n.special > 0 then
    parts[#parts + 1] = plural(n.special, "special file") .. " (device, FIFO, socket or dangling link)"
  end
  if n.cdk > 0 then parts[#parts + 1] = plural(n.cdk, "CDK assembly file") .. " other than templates" end
  if n.cdk_asset > 0 then parts[#parts + 1] = plural(n.cdk_asset, "CDK asset folder") end
  if (n.excluded or 0) > 0 then parts[#parts + 1] = n.excluded .. " excluded by the configuration" end
  return #parts > 0 and (" (skipped: " .. table.concat(parts, ", ") .. ")") or ""
end

local function summary_line(ctx, summary, walked, min_rank)
  local parts = {}
  local read = plural(summary.files - summary.input_errors, "file") .. " checked" .. skipped_text(walked)
  parts[1] = read
  parts[2] = plural(summary.taskdefs, "task definition")
  if summary.services > 0 then parts[2] = parts[2] .. ", " .. plural(summary.services, "service") end
  parts[2] = parts[2] .. pair.summary(summary)   -- pair.lua: " (N paired by family)"
  local counts = {}
  for _, sev in ipairs(SEVERITIES) do
    local n = summary[sev]
    local word = plural(n, sev)
    if RANK[sev] > min_rank then
      if n > 0 then counts[#counts + 1] = word .. " not shown" end
    else
      counts[#counts + 1] = n > 0 and ctx:style(sev, word) or word
    end
  end
  if summary.suppressed > 0 then counts[#counts + 1] = summary.suppressed .. " suppressed" end
  parts[3] = table.concat(counts, ", ")
  if summary.input_errors > 0 then
    parts[4] = ctx:style("error", plural(summary.input_errors, "file") .. " could not be checked")
  end
  return table.concat(parts, "; ")
end

-- One file's findings (what --severity shows); returns whether it printed.
local function text_entry(ctx, e, min_rank)
  local printed = false
  do
    if not e.error then
      local shown = {}
      for _, d in ipairs(e.all) do
        if not d.suppressed and RANK[d.severity] and RANK[d.severity] <= min_rank then shown[#shown + 1] = d end
      end
      if #shown == 0 and not ctx.opts.verbose then return false end   -- most files of a folder
      local names = {}
      for _, td in ipairs(e.taskdefs) do
        names[#names + 1] = td.name .. (td.mode and (" (" .. td.mode .. ")") or "")
      end
      local head = ctx:style("file", e.file)
      if e.cdk then head = head .. ctx:style("dim", " (CDK stack " .. e.cdk.stack .. ")") end
      if #names > 0 then head = head .. "  " .. ctx:style("dim", table.concat(names, ", ")) end
      if e.checked_against then head = head .. "  " .. ctx:style("dim", pair.text(e)) end
      if #shown == 0 then
        if ctx.opts.verbose then
          ctx:say(head, "  ", ctx:style("ok", "ok"))
          printed = true
        end
      else
        printed = true
        ctx:say(head)
        for _, d in ipairs(shown) do
          local td = d.taskdef and #e.taskdefs > 1 and e.taskdefs[d.taskdef]
          local extra = ""
          if not (d.line and d.line > 0) and d.pointer then
            extra = " (at " .. (d.pointer == "" and "/" or d.pointer) .. ")"
          end
          if td then extra = extra .. " [" .. td.name .. "]" end
          if d.construct then extra = extra .. " [construct " .. d.construct .. "]" end
          ctx:say("  ", location(e.file, d), ": ", ctx:style(d.severity, d.severity), " ",
            ctx:style("rule", d.rule or "?"), " ", d.message, ctx:style("dim", extra))
          if ctx.opts.verbose and d.aws_message then
            ctx:say("      ", ctx:style("dim", "AWS says: " .. d.aws_message))
          end
        end
      end
    end
  end
  return printed
end

-- Text, streamed: each file's findings when it is checked, the summary last.
local function text_stream(ctx, min_rank)
  local printed = false
  return {
    entry = function(e) printed = text_entry(ctx, e, min_rank) or printed end,
    finish = function(summary, walked)
      if printed then ctx:say() end
      ctx:say(summary_line(ctx, summary, walked, min_rank))
    end,
  }
end

-- { ======================================================================
-- JSON
-- ========================================================================

-- The JSON document's pieces are written as text, as json.encode would
-- write them with indent "  " at their depth, without building an object
-- per finding first (the bytes the json.object trees gave, compared over the
-- spec fixtures, the corpus and a 10,000-file folder when this replaced
-- them): `members` is a flat list of key, value text (nil: left out).
local scalar = json.scalar
local PADS = {}

local function pad(depth)
  local p = PADS[depth]
  if not p then
    p = "\n" .. string.rep("  ", depth)
    PADS[depth] = p
  end
  return p
end

local function object_text(members, n, depth)
  local parts, k = {}, 0
  for i = 1, n, 2 do
    local v = members[i + 1]
    if v ~= nil then
      k = k + 1
      parts[k] = '"' .. members[i] .. '": ' .. v
    end
  end
  if k == 0 then return "{}" end
  local inner = pad(depth + 1)
  return "{" .. inner .. table.concat(parts, "," .. inner) .. pad(depth) .. "}"
end

local function array_text(items, depth)
  if #items == 0 then return "[]" end
  local inner = pad(depth + 1)
  return "[" .. inner .. table.concat(items, "," .. inner) .. pad(depth) .. "]"
end

local function json_opt(v)
  if v ~= nil then return scalar(v) end
end

local function json_diag(d, depth)
  local sup = d.suppressed
  return object_text({ "rule", json_opt(d.rule), "severity", json_opt(d.severity), "pointer", json_opt(d.pointer),
    "message", json_opt(d.message), "line", d.line and scalar(d.line) or "null",
    "column", d.column and scalar(d.column) or "null",
    "end_line", json_opt(d.end_line), "end_column", json_opt(d.end_column),   -- where known (JSON text)
    "aws_message", json_opt(d.aws_message),
    "construct", json_opt(d.construct), "default_severity", json_opt(d.default_severity),
    "suppressed", sup and object_text({ "kind", json_opt(sup.kind), "justification", json_opt(sup.justification) }, 4,
      depth + 1) }, 24, depth)
end

-- The findings of `list` shown, at `depth`.
local function json_diags(list, min_rank, depth)
  local ds = {}
  for _, d in ipairs(list) do
    if RANK[d.severity] <= min_rank then ds[#ds + 1] = json_diag(d, depth + 1) end
  end
  return ds
end

-- Every file a walk skipped: {path, kind, reason}.
local function json_skipped(walked)
  local list = json.array()
  for _, sk in ipairs(walked.skipped) do
    list[#list + 1] = json.object("path", sk.path, "kind", sk.kind, "reason", sk.reason)
  end
  return list
end

-- One file's object in the JSON document, at `depth`.
local function json_file(e, min_rank, depth)
  if e.error then
    return object_text({ "file", json_opt(e.file), "error", json_opt(e.error), "taskdefs", "[]" }, 6, depth)
  end
  local tds = {}
  for _, td in ipairs(e.taskdefs) do
    tds[#tds + 1] = object_text({ "family", td.family and scalar(td.family) or "null", "name", json_opt(td.name),
      "pointer", json_opt(td.pointer), "network_mode", json_opt(td.mode), "construct", json_opt(td.construct),
      "diagnostics", array_text(json_diags(td.diagnostics, min_rank, depth + 3), depth + 3) }, 12, depth + 2)
  end
  local ds = json_diags(e.diagnostics, min_rank, depth + 1)
  return object_text({ "file", json_opt(e.file), "shape", json_opt(e.shape),
    "cdk", e.cdk and object_text({ "stack", json_opt(e.cdk.stack), "nested_in", json_opt(e.cdk.parent) }, 4, depth + 1),
    -- pair.lua: what a service was checked against
    "task_definition", e.checked_against and json.encode(pair.json(json, e), { indent = "  ", depth = depth + 1 }),
    "taskdefs", array_text(tds, depth + 1), "diagnostics", #ds > 0 and array_text(ds, depth + 1) or nil }, 12, depth)
end

local function json_tail(summary, walked)
  local n = skipped_counts(walked)
  return json.object("skipped", json_skipped(walked), "summary", json.object(
    "ok", summary.error == 0 and summary.input_errors == 0 and not walked.nothing,
    "files", summary.files, "taskdefs", summary.taskdefs, "services", summary.services,
    "services_paired", summary.paired,   -- pair.lua
    "errors", summary.error, "warnings", summary.warning, "infos", summary.info,
    "input_errors", summary.input_errors, "suppressed", summary.suppressed,
    "skipped_not_json", n.not_json, "skipped_not_taskdef", n.not_taskdef,
    "skipped_special", n.special, "skipped_yaml_not_cloudformation", n.not_cloudformation,
    "skipped_cdk", n.cdk + n.cdk_asset, "skipped_excluded", n.excluded or 0,
    "nothing_checked", walked.nothing ~= nil))
end

-- JSON, streamed: {"files": [...], "skipped": [...], "summary": {...}} as
-- ctx:json writes it, each file's object written when the file is checked
-- (encoded at its depth).
local function json_stream(ctx, min_rank)
  local n = 0
  return {
    entry = function(e)
      local text = json_file(e, min_rank, 2)
      ctx:write(n == 0 and '{\n  "files": [\n    ' or ",\n    ", text)
      n = n + 1
    end,
    finish = function(summary, walked)
      local tail = json.encode(json_tail(summary, walked), { indent = "  " })
      ctx:write(n == 0 and '{\n  "files": [],\n' or "\n  ],\n", tail:sub(3), "\n")
    end,
  }
end

-- { ======================================================================
-- SARIF 2.1.0
-- ========================================================================

local SARIF_LEVEL = { error = "error", warning = "warning", info = "note" }

-- A file name as a SARIF artifact URI (relative, with '/' and percent-escapes).
local function uri_of(path)
  path = path:gsub("^%./", "")
  return (path:gsub("[^%w%-%._~/]", function(c) return string.format("%%%02X", c:byte()) end))
end

local function sarif_rules(ecsnet)
  local rules, index = json.array(), {}
  for _, r in ipairs(ecsnet.rules()) do
    index[r.id] = #rules
    rules[#rules + 1] = json.object(
      "id", r.id, "name", r.name,
      "shortDescription", json.object("text", r.title),
      "fullDescription", r.help and json.object("text", r.help) or nil,
      "helpUri", r.link,
      "help", r.help and json.object("text", r.help) or nil,
      "defaultConfiguration", json.object("level", SARIF_LEVEL[r.severity] or "warning"),
      "properties", json.object("checklist", r.checklist, "reference", r.section))
  end
  return rules, index
end

-- One finding as a SARIF result; `artifact` is its file's index.
local function sarif_result(e, d, uri, artifact, index)
  local region
  if d.line and d.line > 0 then
    region = json.object("startLine", d.line, "startColumn", d.column and d.column > 0 and d.column or nil,
      "endLine", d.end_line, "endColumn", d.end_column)
  end
  local td = d.taskdef and e.taskdefs[d.taskdef]
  local logical = json.array()
  if d.pointer then
    logical[1] = json.object("fullyQualifiedName", d.pointer, "kind", "object")
  end
  if d.construct then
    -- the CDK construct (SARIF 2.1.0 §3.33.7 lets a tool name a kind of its own)
    logical[#logical + 1] = json.object("name", d.construct:match("[^/]*$"),
      "fullyQualifiedName", d.construct, "kind", "cdkConstruct")
  end
  return json.object(
    "ruleId", d.rule, "ruleIndex", index[d.rule],
    "level", SARIF_LEVEL[d.severity] or "warning",
    "message", json.object("text", d.message),
    "locations", json.array { json.object(
      "physicalLocation", json.object(
        "artifactLocation", json.object("uri", uri, "index", artifact),
        "region", region),
      "logicalLocations", #logical > 0 and logical or nil) },
    "suppressions", d.suppressed and json.array { json.object("kind", d.suppressed.kind,
      "justification", d.suppressed.justification) } or nil,
    "properties", json.object("pointer", d.pointer, "family", td and td.family or nil,
      "awsMessage", d.aws_message, "cdkStack", e.cdk and e.cdk.stack or nil,
      "cdkConstruct", d.construct, "taskDefinition", pair.json(json, e)))
end

-- Indented as the value of a key at `depth` in ctx:json's output.
local function at_depth(value, depth)
  return json.encode(value, { indent = "  ", depth = depth })
end

-- SARIF, streamed: the log as ctx:json writes it, with run keys in the order
-- tool, results (each written when its file is checked), artifacts (kept
-- as text, one short line a file), invocations (known at the end). The
-- skeleton is encoded once with a placeholder for each, and cut there.
local function sarif_stream(ctx, ecsnet, min_rank)
  local rules, index = sarif_rules(ecsnet)
  local MARK = "@@ecsnet-sarif-%s@@"
  local skeleton = json.encode(json.object(
    "$schema", "https://json.schemastore.org/sarif-2.1.0.json",
    "version", "2.1.0",
    "runs", json.array { json.object(
      "tool", json.object("driver", json.object(
        "name", "ecsnet", "version", ecsnet._VERSION, "semanticVersion", nil,
        "informationUri", require("ecsnet.report").report.information_uri,
        "rules", rules)),
      "results", MARK:format("results"),
      "artifacts", MARK:format("artifacts"),
      "invocations", MARK:format("invocations")) }), { indent = "  " })
  local function cut(text, name)
    local a, b = text:find('"' .. MARK:format(name) .. '"', 1, true)
    return text:sub(1, a - 1), text:sub(b + 1)
  end
  local head, rest = cut(skeleton, "results")
  local mid1, rest2 = cut(rest, "artifacts")
  local mid2, tail = cut(rest2, "invocations")
  local artifacts, artifact_of, notifications, nresults = {}, {}, json.array(), 0
  ctx:write(head)
  local function entry(e)
    local uri = uri_of(e.file == "-" and "stdin" or e.file)
    -- a file named twice (in a folder and on its own) is one artifact:
    -- SARIF's artifacts are unique
    local artifact = artifact_of[uri]
    if not artifact then
      artifacts[#artifacts + 1] = at_depth(json.object("location", json.object("uri", uri)), 4)
      artifact = #artifacts - 1
      artifact_of[uri] = artifact
    end
    if e.error then
      notifications[#notifications + 1] = json.object("level", "error",
        "message", json.object("text", e.error),
        "locations", json.array { json.object("physicalLocation",
          json.object("artifactLocation", json.object("uri", uri, "index", artifact))) })
      return
    end
    for _, d in ipairs(e.all) do
      if RANK[d.severity] <= min_rank then
        ctx:write(nresults == 0 and "[\n        " or ",\n        ",
          at_depth(sarif_result(e, d, uri, artifact, index), 4))
        nresults = nresults + 1
      end
    end
  end
  local function finish(_, walked)
    ctx:write(nresults == 0 and "[]" or "\n      ]", mid1)
    ctx:write(#artifacts == 0 and "[]" or ("[\n        " .. table.concat(artifacts, ",\n        ") .. "\n      ]"),
      mid2)
    local failed = #notifications > 0
    if walked.nothing then
      failed = true
      notifications[#notifications + 1] = json.object("level", "error", "message", json.object("text", walked.nothing))
    end
    -- every skipped file: a note (the run still succeeded)
    for _, sk in ipairs(walked.skipped) do
      notifications[#notifications + 1] = json.object("level", "note",
        "message", json.object("text", "skipped: " .. sk.reason),
        "locations", json.array { json.object("physicalLocation",
          json.object("artifactLocation", json.object("uri", uri_of(sk.path)))) },
        "properties", json.object("skipped", sk.kind))
    end
    local invocation = json.object("executionSuccessful", not failed,
      "toolExecutionNotifications", #notifications > 0 and notifications or nil)
    ctx:write(at_depth(json.array { invocation }, 3), tail, "\n")
  end
  return { entry = entry, finish = finish }
end

-- { ======================================================================
-- The command
-- ========================================================================

-- { ======================================================================
-- Inputs: files, folders (walked), CDK cloud assemblies (read through
-- their manifest), stdin
-- ========================================================================

-- Why a file a walk met is skipped, for the kinds decided here (walk.lua
-- names its own: not_json, special).
local REASONS = {
  not_cloudformation = "YAML that is not CloudFormation (Kubernetes, compose, CI ...)",
  cdk_asset = "a CDK asset (bundled code or files): never read",
}

local function skip(run, path, kind, reason)
  run.skipped[#run.skipped + 1] = { path = path, kind = kind, reason = reason or REASONS[kind] }
end

local function unit_kind(dir, is_file)
  return cdk.is_assembly(dir, is_file) and "cdk" or nil
end

-- A path the configuration's exclude names: skipped, with the pattern.
local function excluded(run, path, folder)
  local g = config.excluded(run.config, path)
  if g then
    skip(run, path .. (folder and "/" or ""), "excluded", "excluded by " .. run.config.path .. " (" .. g .. ")")
  end
  return g ~= nil
end

-- Reads a file an assembly names; only a regular file is opened (a FIFO
-- named as a template would wait forever).
local function read_regular(ctx, path, max)
  local kind = walk.kind(path)
  if kind == "other" or kind == "directory" then
    return nil, "cannot read " .. cli.quote(path, 400) .. ": not a regular file"
  end
  return ctx:read(path, max)
end

-- A CDK cloud assembly: its templates become inputs (each once, whatever a
-- walk would also find); the manifest's faults are files that could not be
-- checked. A manifest that cannot be read: its folder is walked as any
-- other, so the rest is still checked.
local function add_assembly(ctx, run, dir)
  local asm = cdk.read(dir, function(path) return read_regular(ctx, path, run.max_bytes) end)
  for _, e in ipairs(asm.errors) do
    run.inputs[#run.inputs + 1] = { name = e.file, error = e.error }
  end
  if asm.manifest_error then
    local res = walk.walk(dir, function(d) return d ~= dir and cdk.is_asset(d) and "cdk_asset" or nil end)
    for _, f in ipairs(res and res.files or {}) do
      if f ~= asm.errors[1].file then run.inputs[#run.inputs + 1] = { name = f, walked = true } end
    end
    for _, sk in ipairs(res and res.skipped or {}) do skip(run, sk.path, sk.kind, sk.reason) end
    for _, u in ipairs(res and res.units or {}) do skip(run, u.path .. "/", u.kind) end
    return
  end
  run.assemblies[#run.assemblies + 1] = asm
  for _, t in ipairs(asm.templates) do
    run.inputs[#run.inputs + 1] = { name = t.file, walked = true, asm = asm, cdk = t }
    t.queued = true
  end
end

-- Templates a template named (nested stacks by aws:asset:path), queued.
local function queue_nested(run, asm)
  for _, t in ipairs(asm.templates) do
    if not t.queued then
      t.queued = true
      run.inputs[#run.inputs + 1] = { name = t.file, walked = true, asm = asm, cdk = t }
    end
  end
end

-- The files of the assemblies not listed yet that were not checked, with
-- why (after their templates were read: a template names its nested ones);
-- nested assemblies (CDK stages) become assemblies of their own.
local function list_assemblies(ctx, run)
  while run.assemblies[run.listed + 1] do
    run.listed = run.listed + 1
    local asm = run.assemblies[run.listed]
    local res = walk.walk(asm.dir, function(d, is_file)
      if d == asm.dir then return nil end
      if cdk.is_asset(d) then return "cdk_asset" end
      return unit_kind(d, is_file)
    end)
    for _, f in ipairs(res and res.files or {}) do
      if not asm.by_file[f] then skip(run, f, "cdk", cdk.reason(asm, f)) end
    end
    for _, sk in ipairs(res and res.skipped or {}) do
      if sk.kind == "special" then
        skip(run, sk.path, sk.kind, sk.reason)
      else
        skip(run, sk.path, "cdk", cdk.reason(asm, sk.path))
      end
    end
    for _, u in ipairs(res and res.units or {}) do
      if u.kind == "cdk" then add_assembly(ctx, run, u.path) else skip(run, u.path .. "/", u.kind) end
    end
  end
end

-- A file named on the command line that is a template of a CDK assembly
-- (its folder's manifest names it): checked with its construct paths. The
-- assembly's own faults are not this file's, so they are not reported.
local function in_assembly(ctx, run, path)
  local dir = path:match("^(.*)/[^/]+$") or "."
  if not cdk.is_assembly(dir, function(p) return walk.kind(p) == "file" end) then return nil end
  run.named = run.named or {}
  local asm = run.named[dir]
  if not asm then
    asm = cdk.read(dir, function(p) return read_regular(ctx, p, run.max_bytes) end)
    run.named[dir] = asm
  end
  local key = path
  if dir == "." and not path:find("/", 1, true) then key = "./" .. path end
  local t = asm.by_file[key]
  if t then return { name = path, asm = asm, cdk = t, named = true } end
end

-- The inputs the arguments name.
local function gather(ctx, run, args)
  local stdin_used = false
  for _, a in ipairs(args) do
    if a == "-" then
      if stdin_used then ctx:usage_error("'-' (stdin) given twice") end
      stdin_used = true
      run.inputs[#run.inputs + 1] = { name = "-" }
    elseif excluded(run, a, walk.is_dir(a)) then   -- luacheck: ignore 542
      -- named, but the configuration excludes it
    elseif walk.is_dir(a) then
      local res, err = walk.walk(a, function(d, is_file)
        if d ~= a and config.excluded(run.config, d) then return "excluded" end
        return unit_kind(d, is_file)
      end)
      if not res then
        run.inputs[#run.inputs + 1] = { name = a, error = err }
      else
        for _, f in ipairs(res.files) do
          if not excluded(run, f) then run.inputs[#run.inputs + 1] = { name = f, walked = true } end
        end
        for _, sk in ipairs(res.skipped) do
          if not excluded(run, sk.path) then skip(run, sk.path, sk.kind, sk.reason) end
        end
        for _, u in ipairs(res.units) do
          if u.kind == "excluded" then excluded(run, u.path, true) else add_assembly(ctx, run, u.path) end
        end
      end
    else
      -- --skip-unrelated: a named file is judged as a walk judges it
      run.inputs[#run.inputs + 1] = in_assembly(ctx, run, a) or { name = a, walked = run.skip_unrelated }
    end
  end
end

-- The construct paths of a CDK template's findings and task definitions.
local function name_constructs(entry, t)
  entry.cdk = { stack = t.stack, parent = t.parent }
  for _, td in ipairs(entry.taskdefs) do td.construct = cdk.construct_of(t, td.pointer) end
  for _, d in ipairs(entry.all) do d.construct = cdk.construct_of(t, d.pointer) end
end

-- Reads and checks one input the Lua way; returns its entry and text, or
-- nil when it is skipped.
local function read_and_check(ctx, ecsnet, run, input, vopts, name)
  local text, err
  if input.text then text = input.text   -- pair.lua: a deferred service read from stdin
  elseif input.cdk then
    text, err = read_regular(ctx, input.name, vopts.max_bytes)
  else
    text, err = ctx:read(input.name, vopts.max_bytes)
  end
  if not text then return { file = name, error = err } end
  if input.walked and not input.name:lower():match("%.json$") and not ecs_yaml(text) then
    skip(run, input.name, "not_cloudformation")   -- Kubernetes, compose, CI: not ours to judge
    return nil
  end
  if input.cdk then
    cdk.annotate(input.asm, input.cdk, text)
    if not input.named then queue_nested(run, input.asm) end
  end
  return check_text(ecsnet, name, text, vopts, input.taskdef or run.taskdef), text   -- pair.lua: input.taskdef
end

-- Reads and checks one input; returns its entry, or nil when it is skipped.
-- `res`: what the core found in the file (read_batch), if it read it.
local function check_input(ctx, ecsnet, run, input, vopts, res)
  local name = input.name == "-" and "<stdin>" or input.name
  if input.error then return { file = name, error = input.error } end
  local entry, text
  if res and not res.unread and not (res.shape == "service" and (run.taskdef or input.taskdef)) then
    entry, text = checked_entry(name, res), res.text
  else
    -- not read by the core (its message is the command's own), or a
    -- service to check against --task-definition
    entry, text = read_and_check(ctx, ecsnet, run, input, vopts, name)
    if not entry then return nil end
  end
  if input.walked and entry.not_taskdef then
    -- package.json and friends, stacks of VPCs: JSON, but not ours to judge
    skip(run, input.name, "not_taskdef", entry.error)
    return nil
  end
  if input.walked and entry.error and entry.error:find("^not a CloudFormation template") and
      not input.name:lower():match("%.json$") then
    -- YAML with a top-level Resources that CloudFormation's is not (a
    -- CodeDeploy AppSpec lists its resources): not ours to judge either
    skip(run, input.name, "not_cloudformation")
    return nil
  end
  if run.pair:see(input, entry, text) then return nil end   -- pair.lua: a service waits for the walk's end
  if input.cdk and not entry.error then name_constructs(entry, input.cdk) end
  if not entry.error then
    local inline = entry.shape == "cloudformation" and suppress.inline(run.filter, text) or nil
    for _, msg in ipairs(inline and inline.bad or {}) do ctx:warn(name .. ": " .. msg) end
    if entry.all[1] and (inline or not run.filter_idle) then suppress.apply(run.filter, entry, inline) end
  end
  return entry
end

-- The core reads and validates a batch of files in one call (no file's
-- bytes pass through Lua): the JSON files named or walked, outside CDK
-- assemblies (whose templates are annotated from their text first).
local BATCH = 256

local function core_reads(input)
  -- not a service requeued with the task definition it was paired with
  -- (pair.lua): check_input reads and checks that one itself
  return not input.error and not input.cdk and not input.taskdef and not input.text and
    input.name:sub(-5):lower() == ".json"
end

-- What the core found in the inputs from `first` on that it reads (at most
-- BATCH in a row): `{[i] = result, last = i}`, empty when input `first` is
-- not one of them.
local function read_batch(core, inputs, first, vopts)
  local paths, last = {}, first - 1
  while inputs[last + 1] and last - first + 1 < BATCH and core_reads(inputs[last + 1]) do
    last = last + 1
    paths[#paths + 1] = inputs[last].name
  end
  local out = { last = last }
  -- nil: an agent setting the validator refuses, which each file's own
  -- validation then reports
  local results = #paths > 0 and core.check_files(paths, vopts)
  for k, res in ipairs(results or {}) do out[first + k - 1] = res end
  return out
end

-- The configuration's settings where the command line gives none (the
-- command line's lists add to the configuration's).
local CONFIG_OPTIONS = { launch_type = "launch-type", os = "os", reserved_ports = "reserved-ports",
  reserved_udp_ports = "reserved-udp-ports", dynamic_range = "dynamic-range" }

local function configure(ctx, opts)
  local cfg = config.of_run(ctx, opts)
  if not cfg then return nil end
  cfg.cwd = config.cwd(ctx.getenv)
  cfg.origin = {}
  for key, opt in pairs(CONFIG_OPTIONS) do
    if opts[opt] == nil and cfg[key] ~= nil then
      opts[opt] = cfg[key]
      cfg.origin[opt] = cfg.path .. " " .. key
    end
  end
  local known = cli.names("os_names") or {}
  if cfg.os and opts.os == cfg.os then
    local ok = false
    for _, n in ipairs(known) do ok = ok or n == cfg.os end
    if not ok then
      ctx:input_error(cli.quote(cfg.path, 400) .. ": 'os' must be " .. cli.or_list(known) .. ", got " ..
        cli.quote(cfg.os))
    end
  end
  if cfg.instance_data and walk.kind(cfg.instance_data) ~= "file" then
    ctx:input_error(cli.quote(cfg.path, 400) .. ": 'instance_data' names " .. cli.quote(cfg.instance_data, 400) ..
      ", which is not a file")
  end
  return cfg
end

-- The lowest severity that fails the run: --fail-on, else warning with
-- --strict, else error.
local function fail_rank(opts)
  if opts["fail-on"] then
    if opts.strict and opts["fail-on"] ~= "warning" then
      return nil, "'--strict' is '--fail-on warning'; give one of them"
    end
    return RANK[opts["fail-on"]]
  end
  return opts.strict and RANK.warning or RANK.error
end

-- A file that could not be checked: one line on stderr (the run's own
-- trouble, not a finding), "FILE:LINE:COLUMN: cannot check: why".
local function report_unchecked(ctx, e)
  local line, col = e.error:match("at line (%d+) column (%d+)")
  ctx:warn((line and (e.file .. ":" .. line .. ":" .. col) or e.file) .. ": cannot check: " .. e.error)
end

-- The task definition of `--task-definition FILE`, for the services of AWS
-- CLI JSON (create-service, update-service, describe-services): a file
-- that cannot be read or holds not exactly one task definition ends the run
-- (exit 2, one line naming the option).
local function service_taskdef(ctx, ecsnet, opts, max_bytes)
  local path = opts["task-definition"]
  if path == nil then return nil end
  local text, err = ctx:read(path, max_bytes)
  local list = text and ecsnet.taskdefs(text)
  if list and #list ~= 1 then
    err = #list == 0 and "it holds no task definition" or ("it holds " .. #list .. " task definitions; give one")
  elseif text and not list then
    err = select(2, ecsnet.taskdefs(text))
  end
  if list and #list == 1 then return text end
  ctx:input_error("--task-definition " .. cli.quote(path == "-" and "<stdin>" or path, 400) .. ": " .. tostring(err))
end

local function run(ctx, args, opts)
  local ecsnet = ctx:module("validate", "rules")
  -- the core reads and validates the JSON files in batches; the others
  -- (YAML, CDK, stdin, a service with a task definition) go through
  -- ecsnet.validate (every file, when the caller asks: cli.main's env.batch)
  local core = ctx.batch and require "ecsnet.core" or nil
  require("ecsnet.cli.instdata").load(ctx, ecsnet, opts)   -- --instance-data: a bad file is exit 2
  local fail_at, ferr = fail_rank(opts)
  if not fail_at then ctx:usage_error(ferr) end
  local cfg = configure(ctx, opts)
  local vopts = validate_options(ctx, ecsnet, opts, cfg and cfg.origin)
  local min_rank = RANK[opts.severity or formats.default_severity(ctx.format)]
  local state = { inputs = {}, skipped = {}, assemblies = {}, listed = 0, max_bytes = vopts.max_bytes,
    config = cfg, filter = suppress.new(ctx, ecsnet, opts, cfg), skip_unrelated = opts["skip-unrelated"],
    taskdef = service_taskdef(ctx, ecsnet, opts, vopts.max_bytes) }
  state.pair = pair.new(function(p) return ctx:read(p, vopts.max_bytes) end, opts["task-definition"], state.taskdef)
  -- a filter that changes nothing (no ignore, severity or path-scoped
  -- ignore): only a template's inline ignores need it applied
  state.filter_idle = #state.filter.ignore == 0 and #state.filter.severity == 0 and #state.filter.scoped == 0
  gather(ctx, state, args)
  -- every format is written as the files are checked (flat memory however
  -- many files)
  local stream
  if ctx.format == "text" then
    stream = text_stream(ctx, min_rank)
  elseif ctx.format == "json" then
    stream = json_stream(ctx, min_rank)
  elseif ctx.format == "sarif" then
    stream = sarif_stream(ctx, ecsnet, min_rank)
  else
    stream = formats[ctx.format](ctx, min_rank)
  end
  local summary = new_summary()
  local i = 1
  local batch = {}
  repeat
    while state.inputs[i] do
      local input = state.inputs[i]
      ctx:progress(i - 1, #state.inputs, input.name)
      if core and (batch.last == nil or i > batch.last) then batch = read_batch(core, state.inputs, i, vopts) end
      local e = check_input(ctx, ecsnet, state, input, vopts, batch[i])
      if e then
        count(summary, e)
        if e.error then report_unchecked(ctx, e) end
        stream.entry(e)
      end
      i = i + 1
    end
    -- the queue drained: list the assemblies read (which may add more inputs)
    list_assemblies(ctx, state)
    if not state.inputs[i] then state.pair:requeue(state.inputs) end   -- pair.lua: the services, last
  until not state.inputs[i]
  ctx:progress_done()
  summary.paired = state.pair.paired   -- pair.lua
  table.sort(state.skipped, function(a, b) return a.path < b.path end)
  local walked = { skipped = state.skipped }
  if summary.files == 0 and not opts["skip-unrelated"] then
    -- folders that held nothing to check: a green CI run that checked
    -- nothing would pass silently, so say so and exit 2
    walked.nothing = "nothing to check in " .. table.concat(args, ", ") .. ": " ..
      (#state.inputs == 0 and "no JSON files found" or "no JSON file holds a task definition")
    ctx:warn(walked.nothing)
  end
  stream.finish(summary, walked)
  if walked.nothing then return cli.EXIT_USAGE end
  if summary.input_errors > 0 then return cli.EXIT_INPUT end
  for _, sev in ipairs(SEVERITIES) do
    if RANK[sev] <= fail_at and summary[sev] > 0 then return cli.EXIT_FOUND end
  end
  return cli.EXIT_OK
end

local LAUNCH_TYPES = cli.names("launch_types")

return {
  name = "check",
  summary = "validate task definitions (files, folders or stdin)",
  usage = "FILE|DIR|- ... [options]",
  args_name = "FILE, DIR or - (stdin) to check",
  description = "Checks the networking of task definitions before AWS does: " ..
    "register-task-definition input, describe-task-definition output, CloudFormation " ..
    "templates and Terraform container_definitions arrays (the shape is detected). " ..
    "A folder is walked for *.json, *.yaml, *.yml, *.template and *.tpl files; YAML that is not " ..
    "CloudFormation by its content (Kubernetes, compose, CI) and other files are skipped and counted " ..
    "(json and sarif list each with why). A CDK cloud assembly (cdk.out) is read through its manifest.json: " ..
    "each stack's and nested stack's template once, each finding named by its construct path. " ..
    "Each diagnostic has a stable rule ID ('ecsnet rules' lists them), a severity, " ..
    "the JSON Pointer into your file and its line:column. Settings come from the command line, then from " ..
    ".ecsnet.yml (the nearest from the working folder up to the repository root: ignore, include, " ..
    "severity, exclude, launch_type, os, reserved_ports, reserved_udp_ports, dynamic_range, instance_data). " ..
    "A CloudFormation template silences rules with Metadata: {ecsnet: {ignore: [ECS020]}} on the template " ..
    "or on a resource.",
  options = {
    { "launch-type", arg = "TYPE", help = (LAUNCH_TYPES and cli.or_list(LAUNCH_TYPES) or "a launch type") ..
      " (a comma list for several), added to requiresCompatibilities" },
    { "os", arg = "OS", values = cli.names("os_names"),
      help = "operating system when runtimePlatform does not say (default linux)" },
    { "reserved-ports", arg = "PORTS", help = "the agent's ECS_RESERVED_PORTS, e.g. 22,2375,2376,51678,51679 " ..
      "(replaces the default list)" },
    { "reserved-udp-ports", arg = "PORTS", help = "the agent's ECS_RESERVED_PORTS_UDP" },
    { "dynamic-range", arg = "FIRST-LAST", help = "the agent's dynamic host-port range, e.g. 32768-60999 " ..
      "(ECS_DYNAMIC_HOST_PORT_RANGE or ip_local_port_range)" },
    { "service-connect", arg = "NAMES", help = "port names used by Service Connect (comma list)" },
    { "shape", arg = "SHAPE", values = cli.names("shapes"),
      default = "auto", help = "the document shape" },
    { "network-mode", arg = "MODE", help = "networkMode of a Terraform container_definitions array" },
    { "family", arg = "NAME", help = "family of a Terraform container_definitions array" },
    { "max-bytes", arg = "N", help = "largest document read (default 1048576)" },
    { "ignore", arg = "RULES", multiple = true, help = "rules not reported (a comma list of IDs, ID " ..
      "prefixes such as ECS02, or rule names; repeatable): counted as suppressed, listed in json and sarif" },
    { "include", arg = "RULES", multiple = true, help = "rules reported even when an ignore (here or in " ..
      "the configuration) names them, e.g. --ignore ECS02 --include ECS022 (no rule is off by default today)" },
    { "severity-of", arg = "RULE=LEVEL", multiple = true, help = "a rule's severity changed, e.g. " ..
      "ECS018=error or ECS03=info (repeatable; an ID prefix names several)" },
    { "config", arg = "FILE", help = "the configuration file (default: the nearest .ecsnet.yml from the " ..
      "working folder up to the repository root)" },
    { "no-config", flag = true, help = "read no configuration file" },
    { "skip-unrelated", flag = true, help = "files named on the command line that hold no task definition " ..
      "(YAML that is not CloudFormation, JSON without one) are skipped and counted as in a folder, and a run " ..
      "that checked nothing exits 0 (for pre-commit, which names every staged file)" },
    { "severity", arg = "LEVEL", values = { "error", "warning", "info" },
      help = "lowest severity shown (default: warning for text, github and gcc, info for the others); " ..
        "the exit status counts what --fail-on says whatever is shown" },
    { "fail-on", arg = "LEVEL", values = { "error", "warning", "info" },
      help = "lowest severity that makes the exit status 1 (default error)" },
    { "strict", flag = true, help = "exit 1 on warnings too (--fail-on warning)" },
    { "verbose", short = "v", flag = true, help = "text: list the files without findings too, and AWS's " ..
      "own error text under a diagnostic where it is known" },
    { "format", arg = "FORMAT", values = { "text", "json", "sarif", "junit", "gitlab", "github", "gcc",
      "checkstyle" }, default = "text",
      help = "output format: text, json, sarif (SARIF 2.1.0), junit (JUnit XML), gitlab (Code Quality " ..
        "report), github (workflow commands: annotations), gcc (FILE:LINE:COL: error: ...), checkstyle (XML)" },
    require("ecsnet.cli.instdata").option,   -- checked; the rules read no instance figures yet
    { "task-definition", arg = "FILE", help = "the task definition of the services given as AWS CLI JSON " ..
      "(create-service or update-service input, describe-services output), in any shape check reads; " ..
      "without it such a service is checked against the task definition of the family it names among the " ..
      "inputs, else for what needs no task definition" },
  },
  examples = {
    "ecsnet check taskdef.json",
    "cdk synth && ecsnet check cdk.out/",
    "ecsnet check --launch-type FARGATE --format sarif infra/ > ecsnet.sarif",
    "ecsnet check --ignore ECS020,ECS024 --severity-of ECS018=error --format github infra/",
    "aws ecs describe-task-definition --task-definition web | ecsnet check -",
    "ecsnet check --reserved-ports 22,2375,2376,51678,51679,8080 --dynamic-range 32768-60999 web.json",
    "ecsnet check service.json --task-definition taskdef.json",
  },
  exit_status = "0 nothing at or above --fail-on (suppressed findings do not count), 1 findings at or " ..
    "above --fail-on (default error), 2 usage or configuration error (or nothing to check), 3 some input " ..
    "could not be read or parsed (the rest is still checked and reported)",
  min_args = 1,
  run = run,
  -- a usage or input error with --format sarif (even one in the options
  -- themselves): a SARIF log whose run failed, so that an upload step gets
  -- a document that says so instead of nothing
  failure_output = function(ctx, argv, message)
    local sarif = ctx.format == "sarif"
    for i, a in ipairs(argv or {}) do
      if a == "--format=sarif" or (a == "--format" and argv[i + 1] == "sarif") then sarif = true end
    end
    if not sarif then return end
    ctx:json(json.object(
      "$schema", "https://json.schemastore.org/sarif-2.1.0.json",
      "version", "2.1.0",
      "runs", json.array { json.object(
        "tool", json.object("driver", json.object("name", "ecsnet",
          "informationUri", require("ecsnet.report").report.information_uri)),
        "invocations", json.array { json.object("executionSuccessful", false,
          "toolExecutionNotifications", json.array { json.object("level", "error",
            "message", json.object("text", message)) }) },
        "results", json.array()) }))
  end,
}
