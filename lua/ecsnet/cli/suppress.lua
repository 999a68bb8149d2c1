--- Which findings the check command reports, and at what severity:
-- `--ignore` and the configuration's `ignore` (rule IDs or ID prefixes),
-- `--include` (reported although an ignore matches), `--severity-of` and
-- the configuration's `severity`, and CloudFormation's own place for a
-- tool's settings, `Metadata: {ecsnet: {ignore: [...]}}` on the template or
-- on a resource.
--
-- A suppressed finding is kept, marked `suppressed = {kind, justification}`
-- (kind "external" for the command line and the configuration,
-- "inSource" for a template's Metadata, as SARIF names them): the summary
-- counts it and SARIF lists it with its suppression.
-- @module ecsnet.cli.suppress

local cli = require "ecsnet.cli"

local M = {}

--- The levels `--severity-of` takes.
M.LEVELS = { error = true, warning = true, info = true }

-- The rule catalog's IDs (in order) and the ID of each rule name.
local function catalog(ecsnet)
  local ids, by_name = {}, {}
  for _, r in ipairs(ecsnet.rules()) do
    ids[#ids + 1] = r.id
    if r.name then by_name[r.name] = r.id end
  end
  return ids, by_name
end

-- A rule pattern: an ID prefix (upper-cased) or a rule's name; nil and the
-- reason when it names no rule.
local function pattern(ids, by_name, text)
  if by_name[text] then return by_name[text] end
  local up = text:upper()
  for _, id in ipairs(ids) do
    if id:sub(1, #up) == up then return up end
  end
  local near = require("ecsnet.core").suggest(up, ids)
  return nil, "unknown rule " .. cli.quote(text) .. (near and (" (did you mean " .. near .. "?)") or
    " ('ecsnet rules' lists them; a prefix such as ECS02 names several)")
end

local function matches(patterns, id)
  if not id then return nil end
  for _, p in ipairs(patterns) do
    if id:sub(1, #p.prefix) == p.prefix then return p end
  end
  return nil
end

--- Builds the run's filter from the options and the configuration.
-- @tparam table ctx the run context (errors end the run: exit 2)
-- @tparam table ecsnet the module
-- @tparam table opts the command's options (`ignore`, `include`, `severity-of`)
-- @tparam[opt] table cfg the configuration (`ignore`, `include`, `severity`)
-- @treturn table the filter
function M.new(ctx, ecsnet, opts, cfg)
  local ids, by_name = catalog(ecsnet)
  local f = { ignore = {}, include = {}, severity = {}, scoped = {}, ids = ids, by_name = by_name, cfg = cfg }
  local function add(list, texts, where, fail)
    for _, t in ipairs(texts or {}) do
      local p, err = pattern(ids, by_name, t)
      if not p then fail(where .. ": " .. err) end
      list[#list + 1] = { prefix = p, where = where, text = t }
    end
  end
  local function usage(msg) ctx:usage_error(msg) end
  local function config(msg) ctx:input_error(msg) end
  local function words(list)
    local out = {}
    for _, s in ipairs(list or {}) do
      for w in s:gmatch("[^,%s]+") do out[#out + 1] = w end
    end
    return out
  end
  local cname = cfg and cli.quote(cfg.path, 400)
  add(f.ignore, cfg and cfg.ignore, cname and (cname .. " ignore"), config)
  add(f.ignore, words(opts.ignore), "'--ignore'", usage)
  for _, sc in ipairs(cfg and cfg.ignore and cfg.ignore.scoped or {}) do
    local list = {}
    add(list, sc.rules, cname .. " ignore", config)
    for _, p in ipairs(list) do
      p.paths = sc.paths
      f.scoped[#f.scoped + 1] = p
    end
  end
  add(f.include, cfg and cfg.include, cname and (cname .. " include"), config)
  add(f.include, words(opts.include), "'--include'", usage)
  local function levels(list, where, fail)
    local items = {}
    for _, l in ipairs(list or {}) do
      for item in (l .. ","):gmatch("([^,]*),") do items[#items + 1] = item end
    end
    for _, item in ipairs(items) do
      local rule, level = item:match("^%s*([^=%s]+)%s*=%s*(%a+)%s*$")
      if not rule then fail(where .. " must be RULE=LEVEL, e.g. ECS018=error; got " .. cli.quote(item)) end
      if not M.LEVELS[level] then
        fail(where .. ": invalid level " .. cli.quote(level) .. " (expected error, warning or info)")
      end
      local p, err = pattern(ids, by_name, rule)
      if not p then fail(where .. ": " .. err) end
      f.severity[#f.severity + 1] = { prefix = p, level = level }
    end
  end
  levels(cfg and cfg.severity, cname and (cname .. " severity"), config)
  levels(opts["severity-of"], "'--severity-of'", usage)
  return f
end

-- The rule patterns of a Metadata value's ecsnet.ignore (unknown rules are
-- named in `bad`).
local function metadata_ignores(f, meta, where, bad)
  local e = type(meta) == "table" and meta.ecsnet
  local list = type(e) == "table" and e.ignore
  if type(list) == "string" then list = { list } end
  if type(list) ~= "table" then return nil end
  local out = {}
  for _, t in ipairs(list) do
    local p, err = pattern(f.ids, f.by_name, tostring(t))
    if p then
      out[#out + 1] = { prefix = p, where = where, text = tostring(t) }
    else
      bad[#bad + 1] = where .. ": " .. err
    end
  end
  return out
end

local function unescape(s)
  return (s:gsub("~1", "/"):gsub("~0", "~"))
end

--- The in-source suppressions of a CloudFormation template: `Metadata:
-- ecsnet: ignore:` at the top and on each resource. The template is read
-- again only when its text names ecsnet.
-- @tparam table f the filter
-- @tparam string text the template's text
-- @treturn table|nil `{template = patterns, resources = {name = patterns}, bad = {message, ...}}`
function M.inline(f, text)
  if not text:find("ecsnet", 1, true) then return nil end
  local core = require "ecsnet.core"
  local json_text = text:find("^%s*[{%[]") ~= nil or text:find("^\239\187\191%s*[{%[]") ~= nil
  local doc = (json_text and core.json_decode or core.yaml_decode)(text, "the template")
  if type(doc) ~= "table" then return nil end
  local s = { resources = {}, bad = {} }
  s.template = metadata_ignores(f, doc.Metadata, "the template's Metadata", s.bad)
  if type(doc.Resources) == "table" then
    for name, r in pairs(doc.Resources) do
      if type(r) == "table" then
        s.resources[name] = metadata_ignores(f, r.Metadata, "Metadata of " .. tostring(name), s.bad)
      end
    end
  end
  return s
end

-- The justification of a path-scoped ignore that names the rule and the
-- file, if one does.
local function scoped_match(f, rule, file)
  if not rule or file == "<stdin>" then return nil end
  local config = require "ecsnet.cli.config"
  for _, p in ipairs(f.scoped) do
    if rule:sub(1, #p.prefix) == p.prefix then
      local g = config.matches(f.cfg, p.paths, file)
      if g then return p.where .. " ignores " .. p.text .. " in " .. g end
    end
  end
  return nil
end

--- Applies the filter to a checked file's findings: severities changed,
-- suppressions marked (`d.suppressed`).
-- @tparam table f the filter
-- @tparam table entry the file's entry (`all`: its findings)
-- @tparam[opt] table inline what `M.inline` found in its text
function M.apply(f, entry, inline)
  for _, d in ipairs(entry.all or {}) do
    for _, s in ipairs(f.severity) do
      if d.rule and d.rule:sub(1, #s.prefix) == s.prefix then
        d.default_severity = d.default_severity or d.severity
        d.severity = s.level
      end
    end
    local res = inline and d.pointer and d.pointer:match("^/Resources/([^/]+)")
    local src = inline and ((res and matches(inline.resources[unescape(res)] or {}, d.rule)) or
      matches(inline.template or {}, d.rule))
    if src then
      d.suppressed = { kind = "inSource", justification = src.where .. " ignores " .. src.text }
    elseif not matches(f.include, d.rule) then
      local ext = matches(f.ignore, d.rule)
      if ext then
        d.suppressed = { kind = "external", justification = ext.where .. " ignores " .. ext.text }
      elseif #f.scoped > 0 then
        local sc = scoped_match(f, d.rule, entry.file)
        if sc then d.suppressed = { kind = "external", justification = sc } end
      end
    end
  end
end

return M
