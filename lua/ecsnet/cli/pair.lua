--- `ecsnet check` with several inputs: each service of AWS CLI JSON
-- (create-service or update-service input, describe-services output) is
-- checked against the task definition of the family its `taskDefinition`
-- names, when that task definition is among the inputs (register-task-definition
-- input or describe-task-definition output). See docs/cli.md, "Services and
-- their task definitions".
--
-- Memory stays flat however many files a folder holds: while the inputs
-- are checked, only each task definition's family and path are kept; a
-- service is deferred (its path kept) and checked when the walk ends, once
-- every task definition has been seen, so the order of the files does not
-- matter. Revisions are read, at the end, only from the files of the
-- families the services name.
-- @module ecsnet.cli.pair

-- the C module, required when first used (check loads without it, to say so)
local function core() return require "ecsnet.core" end

local M = {}

local Pair = {}
Pair.__index = Pair

--- The family and revision a service's `taskDefinition` names: `family`,
-- `family:revision` or the task definition's ARN
-- (`arn:PARTITION:ecs:REGION:ACCOUNT:task-definition/family:revision`).
-- @tparam string ref
-- @treturn string|nil the family (nil: not a name of these forms)
-- @treturn number|nil the revision, when it is named
function M.parse_ref(ref)
  if type(ref) ~= "string" then return nil end
  ref = ref:match("^arn:[^:]+:ecs:[^:]*:[^:]*:task%-definition/(.+)$") or ref
  local family, rev = ref:match("^([%w_%-]+):(%d+)$")
  if family then return family, tonumber(rev) end
  if ref:match("^[%w_%-]+$") then return ref end
  return nil
end

--- A new pairing for one run of `check`.
-- @tparam function read `read(path)` -> text | nil, message (the command's reader)
-- @tparam[opt] string given the path of `--task-definition`, which wins for every service
-- @tparam[opt] string given_text its text
-- @treturn table
function M.new(read, given, given_text)
  -- `paired`: how many services were paired by family
  local self = setmetatable({ read = read, families = {}, deferred = {}, paired = 0 }, Pair)
  if given then
    local list = core().taskdefs(given_text)
    local td = list and list[1] or {}
    self.given = { file = given == "-" and "<stdin>" or given, family = td.family,
      revision = M.revision_of(given_text), by = "--task-definition" }
  end
  return self
end

local function decode(text)
  local json_text = text:find("^%s*[{%[]") ~= nil or text:find("^\239\187\191%s*[{%[]") ~= nil
  local ok, doc = pcall(json_text and core().json_decode or core().yaml_decode, text, "the document")
  return ok and type(doc) == "table" and doc or nil
end

-- The partition, Region and account of a task definition's ARN
-- ("arn:aws:ecs:us-east-1:123456789012"), or nil.
local function owner_of(arn)
  return type(arn) == "string" and arn:match("^(arn:[^:]+:ecs:[^:]*:[^:]*):task%-definition/") or nil
end

--- The revision of a task definition document: describe-task-definition
-- output's `revision` (or its ARN's), nil for register-task-definition input.
-- @tparam string text
-- @treturn number|nil
-- @treturn string|nil the partition, Region and account of its ARN
function M.revision_of(text)
  local doc = decode(text)
  local td = doc and (type(doc.taskDefinition) == "table" and doc.taskDefinition or doc)
  if type(td) ~= "table" then return nil end
  local _, rev = M.parse_ref(td.taskDefinitionArn)
  return type(td.revision) == "number" and td.revision or rev, owner_of(td.taskDefinitionArn)
end

-- The line and column of each `taskDefinition` key of a document's text,
-- in order: where an info on a service's task definition points (only when
-- there is one such key for each service, so that each is the service's).
local function ref_positions(text, n)
  local at, pos, line, last = {}, 1, 1, 1
  while true do
    local a, b = text:find('"?taskDefinition"?%s*:', pos)
    if not a then break end
    for _ in text:sub(last, a - 1):gmatch("\n") do line = line + 1 end
    local bol = a
    while bol > 1 and text:sub(bol - 1, bol - 1) ~= "\n" do bol = bol - 1 end
    at[#at + 1] = { line = line, column = a - bol + 1 }
    last, pos = a, b + 1
  end
  return #at == n and at or {}
end

-- Each service of a service document: {name, ref, pointer, line, column}.
local function services_of(text)
  local doc = decode(text)
  if not doc then return {} end
  local list = {}
  if type(doc.services) == "table" then
    for i, s in ipairs(doc.services) do
      if type(s) == "table" then
        list[#list + 1] = { name = s.serviceName, ref = s.taskDefinition, pointer = "/services/" .. (i - 1) }
      end
    end
  else
    -- create-service input (serviceName), update-service input (service)
    list[1] = { name = doc.serviceName or doc.service, ref = doc.taskDefinition, pointer = "" }
  end
  for i, at in ipairs(ref_positions(text, #list)) do
    list[i].line, list[i].column = at.line, at.column
  end
  return list
end

--- Called for every input checked (the hook in cli/check.lua, after the
-- entry is made): a task definition's family and path are kept; a
-- service is deferred (true: the command checks it again after the walk,
-- from `requeue`), or, when it is checked then, it is told which task
-- definition it was checked against (`entry.checked_against`) or why it
-- has none (infos).
-- @tparam table input the command's input `{name, ...}`
-- @tparam table entry its entry
-- @tparam string text its text
-- @treturn boolean whether the entry is deferred
function Pair:see(input, entry, text)
  if entry.error then return false end
  if entry.shape == "service" then
    if self.given then
      entry.checked_against = self.given
      return false
    end
    if input.pairing then
      self:annotate(input.pairing, entry)
      return false
    end
    self.deferred[#self.deferred + 1] = { name = input.name, text = input.name == "-" and text or nil }
    return true
  end
  if (entry.shape == "register" or entry.shape == "describe") and #entry.taskdefs == 1 then
    local family = entry.taskdefs[1].family
    if family and family ~= "" then
      local list = self.families[family] or {}
      self.families[family] = list
      list[#list + 1] = { file = input.name, family = family, text = input.name == "-" and text or nil }
    end
  end
  return false
end

-- The task definitions of a family that can be read, with their revisions
-- (read once, at the end, and only for the families services name).
function Pair:candidates(family)
  local list = self.families[family]
  if not list then return nil end
  if not list.read then
    local readable = {}
    for _, c in ipairs(list) do
      local text = c.text or self.read(c.file)
      if text then
        c.revision, c.owner = M.revision_of(text)   -- the text is read again if chosen
        readable[#readable + 1] = c
      end
    end
    readable.read = true
    self.families[family] = readable
    list = readable
  end
  return #list > 0 and list or nil
end

-- "3", "3 and 4", "2, 3 and 4"
local function list_text(t)
  if #t == 1 then return tostring(t[1]) end
  return table.concat(t, ", ", 1, #t - 1) .. " and " .. t[#t]
end

local function revisions(list)
  local r = {}
  for _, c in ipairs(list) do
    if c.revision then r[#r + 1] = c.revision end
  end
  table.sort(r)
  return r
end

-- The task definition one service is checked against, or nil and why not
-- (nil: no reason to tell, as for a service that names no family).
function Pair:resolve(svc)
  local family, rev = M.parse_ref(svc.ref)
  if not family then return nil end
  local list = self:candidates(family)
  if not list then return nil end
  local owner = owner_of(svc.ref)
  if owner then
    -- an ARN names the account and Region: a task definition of another is not it
    local same = {}
    for _, c in ipairs(list) do
      if c.owner == nil or c.owner == owner then same[#same + 1] = c end
    end
    if #same == 0 then
      return nil, "the task definitions of family " .. family .. " among the inputs are of another account " ..
        "or Region than " .. owner
    end
    list = same
  end
  if rev then
    for _, c in ipairs(list) do
      if c.revision == rev then return c end
    end
    local known = revisions(list)
    return nil, "its task definition " .. family .. ":" .. rev .. " is not among the inputs, " ..
      (#known > 0 and ("which hold " .. (#known == 1 and "revision " or "revisions ") .. list_text(known) ..
        " of " .. family)
        or ("whose task definition of family " .. family .. " has no revision (register-task-definition input)"))
  end
  if #list == 1 then return list[1] end
  local best
  for _, c in ipairs(list) do
    if c.revision and (not best or c.revision > best.revision) then best = c end
  end
  if best and #revisions(list) == #list then return best end
  return nil, "the inputs hold " .. #list .. " task definitions of family " .. family ..
    " and not each has a revision, so which one it runs is not known"
end

-- A deferred service as an input for the command to check, paired where
-- a task definition of its family is among the inputs.
function Pair:input_of(d)
  local text = d.text or self.read(d.name)
  local input = { name = d.name, text = d.text, pairing = { notes = {} } }
  if not text then return input end   -- the command reports why it cannot read it
  -- one task definition for the document: every service resolves to it
  local chosen, mixed
  for _, svc in ipairs(services_of(text)) do
    local c, why = self:resolve(svc)
    if why then
      input.pairing.notes[#input.pairing.notes + 1] = { service = svc, message = why }
    end
    if chosen == nil then chosen = c or false elseif chosen ~= (c or false) then mixed = svc end
  end
  local chosen_text = chosen and (chosen.text or self.read(chosen.file))
  if chosen_text and not mixed and #input.pairing.notes == 0 then
    input.taskdef = chosen_text
    input.pairing.with = { file = chosen.file == "-" and "<stdin>" or chosen.file, family = chosen.family,
      revision = chosen.revision, by = "family" }
  elseif mixed and #input.pairing.notes == 0 then
    input.pairing.notes[#input.pairing.notes + 1] = { service = mixed, message = "the services of this " ..
      "document do not all name one task definition among the inputs, and a document is checked against " ..
      "one (give each service in a file of its own)" }
  end
  return input
end

--- When the inputs are all checked (the hook in cli/check.lua, where the
-- queue has drained): the deferred services join the queue, each paired
-- where it can be, in the order they were met; once only.
-- @tparam table inputs the command's queue of inputs
function Pair:requeue(inputs)
  local deferred = self.deferred
  self.deferred = {}
  for _, d in ipairs(deferred) do inputs[#inputs + 1] = self:input_of(d) end
end

--- The infos of a deferred service that was not paired, and the task
-- definition of one that was.
function Pair:annotate(pairing, entry)
  if pairing.with then
    entry.checked_against = pairing.with
    self.paired = self.paired + (entry.services or 0)
  end
  for _, n in ipairs(pairing.notes) do
    local d = { rule = "ECS024", severity = "info", pointer = n.service.pointer .. "/taskDefinition",
      line = n.service.line, column = n.service.column,
      message = "service " .. tostring(n.service.name or "?") .. ": " .. n.message ..
        "; it was checked without a task definition" }
    entry.diagnostics[#entry.diagnostics + 1] = d
    entry.all[#entry.all + 1] = d
  end
end

-- { ======================================================================
-- What the formats say of it
-- ========================================================================

-- "family:revision" (or the family) of a task definition checked against.
local function td_label(w)
  return (w.family or "?") .. (w.revision and (":" .. w.revision) or "")
end

--- Text: what the file's head line adds for a service checked against a
-- task definition, or "".
-- @tparam table e the entry
-- @treturn string
function M.text(e)
  local w = e.checked_against
  if not w then return "" end
  return "checked against task definition " .. td_label(w) .. " (" .. w.file .. ")"
end

--- Text: what the summary adds after its count of services: the services
-- paired by family, or "".
-- @tparam table summary the command's totals, with `paired`
-- @treturn string
function M.summary(summary)
  local n = summary.paired or 0
  return n > 0 and (" (" .. n .. " paired by family)") or ""
end

--- JSON: the file object's `task_definition` (and SARIF: the results'
-- `properties.taskDefinition`): `{family, revision, file, matched_by}`, or nil.
-- @tparam table json the encoder
-- @tparam table e the entry
function M.json(json, e)
  local w = e.checked_against
  if not w then return nil end
  return json.object("family", w.family or json.null, "revision", w.revision or json.null, "file", w.file,
    "matched_by", w.by)
end

return M
