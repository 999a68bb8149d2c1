--- luassert assertions for users' own busted specs.
--
-- `require "ecsnet.busted"` registers, on busted's `assert`:
--
--    assert.ecs.valid(taskdef [, options])          -- no error (options.strict: nor warning)
--    assert.ecs.reports(taskdef, "ECS008" [, options]) -- that rule fires
--    assert.ecs.fits(taskdef, {instance = "c5.large", count = 8 [, trunking = true]})
--                                 -- (more keys: ecsnet.density's options)
--    assert.cidr.within("10.0.4.0/22", "10.0.0.0/16")
--    assert.cidr.overlaps("10.0.0.0/16", "10.0.255.0/24")
--
-- Each works with `is_not` too (`assert.is_not.ecs.valid(td)`). A task
-- definition is a Lua table, JSON text, or the name of a `.json` file; the
-- options are those of `ecsnet.validate` (`launch_type`, `os`,
-- `reserved_ports`, `dynamic_range`, ...). When an assertion fails, the
-- message shows what ecsnet found (the diagnostics with their rule IDs,
-- pointers and positions; the limit that binds), not just "expected true".
--
-- Valid Lua 5.1.
--
-- @module ecsnet.busted
-- @usage
-- require "ecsnet.busted"
-- describe("web service", function()
--   it("is valid on Fargate", function()
--     assert.ecs.valid("taskdefs/web.json", { launch_type = "FARGATE" })
--   end)
-- end)

local say = require "say"
local luassert = require "luassert"

local M = {}

local function ecsnet()
  return require "ecsnet"
end

local function need(fname)
  local e = ecsnet()
  if e[fname] == nil then
    error("ecsnet.busted: this build of ecsnet has no ecsnet." .. fname .. "()", 0)
  end
  return e[fname]
end

--- Reads a task definition argument: a table, JSON text, or a file name.
-- @param td a Lua table, JSON text, or the name of a JSON file
-- @return the table or JSON text
-- @treturn string a short name for messages
function M.load(td)
  if type(td) == "table" then
    return td, td.family and ("'" .. tostring(td.family) .. "'") or "the task definition"
  end
  if type(td) ~= "string" then
    error("ecsnet.busted: a task definition must be a table, JSON text or a file name, got " .. type(td), 0)
  end
  if td:match("^%s*[{%[]") then
    return td, "the task definition"
  end
  local f, err = io.open(td, "rb")
  if not f then error("ecsnet.busted: cannot open task definition " .. tostring(err), 0) end
  local text = f:read("*a")
  f:close()
  return text, td
end

-- One diagnostic as a line: "  12:7 error ECS008 message [at /pointer]".
local function diag_line(d)
  local where = (d.line and d.line > 0) and (d.line .. ":" .. (d.column or 1) .. " ") or ""
  local pointer = d.pointer
  return string.format("  %s%s %s %s [at %s]", where, d.severity, d.rule, d.message,
    (pointer == nil or pointer == "") and "/" or pointer)
end

--- The diagnostics of a report as text, one per line.
-- @tparam table report a report from `ecsnet.validate`
-- @tparam[opt] string min lowest severity listed: "error" (default), "warning", "info"
-- @treturn string the lines
function M.format_diagnostics(report, min)
  local rank = { error = 1, warning = 2, info = 3 }
  local limit = rank[min or "error"]
  local lines = {}
  for _, d in ipairs(report.diagnostics or {}) do
    if (rank[d.severity] or 3) <= limit then lines[#lines + 1] = diag_line(d) end
  end
  return table.concat(lines, "\n")
end

-- Errors in a report (and warnings too when strict).
local function count_errors(report, strict)
  local n = 0
  for _, d in ipairs(report.diagnostics or {}) do
    if d.severity == "error" or (strict and d.severity == "warning") then n = n + 1 end
  end
  return n
end

-- Replaces the assertion's arguments by one preformatted message.
local function set_message(arguments, text)
  arguments[1] = text
  arguments.n = 1
  arguments.nofmt = { true }
end

-- { ======================================================================
-- assert.ecs.valid / assert.ecs.reports
-- ========================================================================

-- ecsnet.validate's options: those given, without this module's `strict`
-- (ecsnet.validate refuses option names it does not know).
local function validate_options(opts)
  if type(opts) ~= "table" or opts.strict == nil then return opts end
  local o = {}
  for k, v in pairs(opts) do
    if k ~= "strict" then o[k] = v end
  end
  return o
end

local function ecs_valid(_, arguments)
  local td, name = M.load(arguments[1])
  local validate = need("validate")
  local report, err = validate(td, validate_options(arguments[2]))
  if not report then
    -- neither valid nor invalid: an error whichever way the assertion goes
    error("ecsnet.busted: cannot read " .. name .. ": " .. tostring(err), 0)
  end
  local strict = type(arguments[2]) == "table" and arguments[2].strict
  local errors = count_errors(report, strict)
  if errors > 0 then
    local what = strict and (errors == 1 and " error or warning" or " errors and warnings") or
      (errors == 1 and " error" or " errors")
    set_message(arguments, "Expected " .. name .. " to be valid" .. (strict and " (strict)" or "") ..
      ", but ecsnet found " .. errors .. what .. ":\n" .. M.format_diagnostics(report, strict and "warning" or "error"))
    return false
  end
  local warnings = M.format_diagnostics(report, "warning")
  set_message(arguments, "Expected " .. name .. " to have errors, but ecsnet found none" ..
    (warnings ~= "" and (" (diagnostics:\n" .. warnings .. ")") or ""))
  return true
end

local function ecs_reports(_, arguments)
  local td, name = M.load(arguments[1])
  local rule = arguments[2]
  if type(rule) ~= "string" then
    error("ecsnet.busted: assert.ecs.reports(taskdef, rule_id [, options]) needs a rule ID such as 'ECS008'", 0)
  end
  local validate = need("validate")
  local report, err = validate(td, arguments[3])
  if not report then
    error("ecsnet.busted: cannot read " .. name .. ": " .. tostring(err), 0)
  end
  local hits = {}
  for _, d in ipairs(report.diagnostics or {}) do
    if d.rule == rule or d.name == rule then hits[#hits + 1] = diag_line(d) end
  end
  if #hits == 0 then
    local all = M.format_diagnostics(report, "info")
    set_message(arguments, "Expected ecsnet to report " .. rule .. " for " .. name .. ", but it did not; it found" ..
      (all ~= "" and (":\n" .. all) or " nothing"))
    return false
  end
  set_message(arguments, "Expected ecsnet not to report " .. rule .. " for " .. name .. ", but it did:\n" ..
    table.concat(hits, "\n"))
  return true
end

-- { ======================================================================
-- assert.ecs.fits
-- ========================================================================

local function ecs_fits(_, arguments)
  local td, name = M.load(arguments[1])
  local where = arguments[2]
  if type(where) ~= "table" or type(where.instance) ~= "string" then
    error("ecsnet.busted: assert.ecs.fits(taskdef, {instance = 'c5.large', count = N [, trunking = bool]})", 0)
  end
  local count = where.count or 1
  local fit, why = M.copies(td, where)
  if not fit then
    error("ecsnet.busted: cannot tell how many copies of " .. name .. " fit on a " .. where.instance .. ": " ..
      tostring(why), 0)
  end
  if fit < count then
    set_message(arguments, "Expected " .. count .. " copies of " .. name .. " to fit on a " .. where.instance ..
      ", but only " .. fit .. " fit: " .. why)
    return false
  end
  set_message(arguments, "Expected " .. count .. " copies of " .. name .. " not to fit on a " .. where.instance ..
    ", but " .. (fit == math.huge and "any number" or tostring(fit)) .. " fit (" .. why .. ")")
  return true
end

--- How many copies of a task definition fit on one instance, and why no more.
-- Built on `ecsnet.density` (ENIs, CPU, memory, ports).
-- @param td a task definition (table or JSON text)
-- @tparam table where `{instance =, trunking =, os =}`
-- @treturn[1] number the copies that fit
-- @treturn[1] string what limits them
-- @return[2] nil
-- @treturn[2] string why it cannot be computed
function M.copies(td, where)
  local density = need("density")
  local opts = {}
  for k, v in pairs(where) do
    if k ~= "count" then opts[k] = v end
  end
  opts.taskdef = td
  local d, err = density(opts)
  if not d then return nil, err end
  return M.density_copies(d)
end

--- The copies and what limits them, from an `ecsnet.density` result.
-- @tparam table d the result
-- @treturn number copies (`math.huge` when nothing limits them)
-- @treturn string the explanation
function M.density_copies(d)
  local why
  if d.unlimited or d.tasks == math.huge then
    why = "nothing given limits the copies"
  elseif d.binding == "ENI" then
    why = string.format("the ENI limit binds: a %s takes %d awsvpc %s %s", d.instance, d.tasks,
      d.tasks == 1 and "task" or "tasks", d.trunking.applies and "with trunking" or "without trunking")
    if not d.trunking.applies then
      if d.tasks_with_trunking then
        why = why .. string.format(" (%d with trunking", d.tasks_with_trunking) ..
          (#d.trunking.reasons > 0 and ("; it does not apply: " .. table.concat(d.trunking.reasons, "; ")) or "") ..
          ")"
      else
        why = why .. " (the type does not support trunking)"
      end
    end
  elseif d.binding == "PORTS" then
    why = "a static host port allows one copy per instance (docs/reference.md §2.6)"
  elseif d.binding == "CPU" or d.binding == "MEMORY" then
    why = string.format("the instance's %s binds", d.binding == "CPU" and "CPU" or "memory")
  else
    why = "the " .. tostring(d.binding) .. " limit binds"
  end
  return d.tasks, why
end

-- { ======================================================================
-- assert.cidr.within / assert.cidr.overlaps
-- ========================================================================

local function parse(text)
  local cidr = need("cidr")
  if type(text) ~= "string" then return text end
  local v, err = cidr(text)
  if not v then error("ecsnet.busted: " .. tostring(err), 0) end
  return v
end

local function cidr_within(_, arguments)
  local a, b = arguments[1], arguments[2]
  local inner, outer = parse(a), parse(b)
  local ok = outer:contains(inner)
  if ok then
    set_message(arguments, "Expected " .. tostring(inner) .. " not to lie within " .. tostring(outer) ..
      ", but it does")
  else
    local why = inner:overlaps(outer) and "it only overlaps it" or "they do not overlap"
    set_message(arguments, "Expected " .. tostring(inner) .. " to lie within " .. tostring(outer) ..
      ", but " .. why)
  end
  return ok
end

local function cidr_overlaps(_, arguments)
  local a, b = parse(arguments[1]), parse(arguments[2])
  local ok = a:overlaps(b)
  set_message(arguments, "Expected " .. tostring(a) .. (ok and " not" or "") .. " to overlap " .. tostring(b) ..
    ", but it " .. (ok and "does" or "does not"))
  return ok
end

-- { ======================================================================
-- Registration
-- ========================================================================

local function register(name, fn)
  local key = "assertion." .. name
  say:set(key .. ".positive", "%s")
  say:set(key .. ".negative", "%s")
  luassert:register("assertion", name, fn, key .. ".positive", key .. ".negative")
end

register("ecs_valid", ecs_valid)
register("ecs_reports", ecs_reports)
register("ecs_fits", ecs_fits)
register("cidr_within", cidr_within)
register("cidr_overlaps", cidr_overlaps)

return M
