-- The corpus of 61 real task definitions (../shared/corpus/taskdefs,
-- SOURCES.md): every file is read without a crash, the validator agrees
-- with every verdict AWS gave according to the source, and docs/corpus.md
-- states the findings on each file (docs/reference.md §1.5, §6, §6.1).
local ecsnet = require "ecsnet"

local DIR = "../shared/corpus/taskdefs/"

local function files()
  local list = {}
  local p = assert(io.popen("ls " .. DIR .. "*.json 2>/dev/null"))
  for line in p:lines() do list[#list + 1] = line:match("([^/]+)$") end
  p:close()
  table.sort(list)
  return list
end

local function validate(name, options)
  local f = assert(io.open(DIR .. name, "rb"))
  local text = f:read("*a")
  f:close()
  return assert(ecsnet.validate(text, options))
end

-- AWS's verdicts as SOURCES.md states them, and the rule that must agree.
local verdicts = {
  -- accepted by AWS (AWS output or a report that it registered): no error
  ["15"] = { accepted = true }, ["16"] = { accepted = true }, ["33"] = { accepted = true },
  ["51"] = { accepted = true }, ["59"] = { accepted = true }, ["60"] = { accepted = true },
  -- rejected, error quoted
  ["34"] = { rule = "ECS009", aws = "Links are not supported when networkMode=awsvpc." },  -- issue #1359
  ["35"] = { rule = "ECS025" },        -- CloudFormation: extraneous camelCase keys (issue #1591)
  ["53"] = { rule = "ECS014", aws = "Valid values for portMapping protocol are tcp and udp." },
  -- "Container port 53 is used in more than one port mapping": a service-level
  -- error (§6.1); the task definition is valid, the pair is flagged
  ["54"] = { rule = "ECS030", severity = "warning" },
  -- rejected per the reporter (Fargate with bridge)
  ["58"] = { rule = "ECS003" },
  -- rejected client-side by the AWS CLI: string cpu/memory in a container
  ["30"] = { rule = "ECS023" },
  -- rejected client-side by an old CLI model only; valid for ECS today
  ["57"] = { accepted = true },
  -- registered; the quoted failure came later from UpdateService
  ["52"] = { accepted = true },
}

describe("the corpus (../shared/corpus/taskdefs)", function()
  local list = files()

  it("has 61 files", function()
    assert.equals(61, #list)
  end)

  for _, name in ipairs(list) do
    it("reads " .. name .. " from text and from a table", function()
      local r = validate(name)
      assert.is_boolean(r.ok)
      for _, d in ipairs(r.diagnostics) do
        assert.is_string(d.rule)
        assert.is_string(d.pointer)
        assert.is_number(d.line)
      end
      local f = assert(io.open(DIR .. name, "rb"))
      local doc = require("cjson").decode(f:read("*a"))
      f:close()
      local r2 = assert(ecsnet.validate(doc))
      assert.equals(r.ok, r2.ok)
      assert.equals(#r.diagnostics, #r2.diagnostics)
      local tds = assert(ecsnet.taskdefs(doc))
      assert.is_true(#tds >= 1)
    end)
  end

  for num, v in pairs(verdicts) do
    it("agrees with AWS's verdict on file " .. num .. " (SOURCES.md)", function()
      local name
      for _, n in ipairs(list) do if n:sub(1, 2) == num then name = n end end
      local r = validate(name)
      if v.accepted then
        assert.is_true(r.ok, tostring(r))
      else
        local found
        for _, d in ipairs(r.diagnostics) do
          if d.rule == v.rule then found = d end
        end
        assert.is_table(found, tostring(r))
        assert.equals(v.severity or "error", found.severity)
        if v.aws then assert.equals(v.aws, found.aws_message) end
        if found.severity == "error" then assert.is_false(r.ok) end
      end
    end)
  end

  it("matches docs/corpus.md, one line per file", function()
    local f = assert(io.open("docs/corpus.md", "rb"))
    local text = f:read("*a")
    f:close()
    for _, name in ipairs(list) do
      local stem = name:gsub("%.json$", "")
      local line = text:match("\n| " .. stem:gsub("%-", "%%-") .. " | ([^\n]+)")
      assert.is_string(line, name)
      local verdict, ids = line:match("^(%w+) | ([^|]*) |")
      local r = validate(name)
      assert.equals(r.ok and "valid" or "invalid", verdict, name)
      local want = {}
      for id in ids:gmatch("ECS%d%d%d") do want[id] = true end
      local got = {}
      for _, d in ipairs(r.diagnostics) do
        if d.severity ~= "info" then got[d.rule] = true end
      end
      assert.same(want, got, name)
    end
  end)
end)
