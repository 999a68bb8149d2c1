-- Where a diagnostic is: `line`, `column` where the value its JSON Pointer
-- names starts, and for JSON text `end_line`, `end_column` just after the
-- value (SARIF 2.1.0's exclusive endColumn, §3.30.8: the text between the
-- two is the value alone); none of them without `positions`, no end for
-- YAML. The core's C test test/test_locate.c compares the places with a walk
-- from the start of the text; this checks them end to end, from Lua.
local ecsnet = require "ecsnet"
local cjson = require "cjson"
local h = require "report_helper"

-- The byte offset (1-based) of line:column in text, columns in characters.
local function offset_of(text, line, column)
  local at = 1
  for _ = 2, line do at = text:find("\n", at, true) + 1 end
  for _ = 2, column do
    at = at + 1
    while at <= #text and text:byte(at) >= 0x80 and text:byte(at) < 0xc0 do at = at + 1 end
  end
  return at
end

-- The value at an RFC 6901 pointer of a decoded document.
local function at_pointer(doc, pointer)
  for part in pointer:gmatch("/([^/]*)") do
    part = part:gsub("~1", "/"):gsub("~0", "~")
    if #doc > 0 or next(doc) == nil then doc = doc[tonumber(part) + 1] else doc = doc[part] end
  end
  return doc
end

local function files_in(dir)
  local list = {}
  local p = io.popen('ls "' .. dir .. '"')
  for name in p:lines() do
    if name:match("%.json$") then list[#list + 1] = dir .. "/" .. name end
  end
  p:close()
  return list
end

describe("diagnostics' places", function()
  it("end just after the value their pointer names, in every invalid fixture and a plan", function()
    local files = files_in("spec/fixtures/invalid")
    files[#files + 1] = "spec/fixtures/terraform/services-plan.json"
    local checked = 0
    for _, file in ipairs(files) do
      local text = h.read(file)
      local doc = cjson.decode(text)
      local r = assert(ecsnet.validate(text))
      for _, d in ipairs(r.diagnostics) do
        if d.taskdef or d.pointer ~= "" then
          assert.is_number(d.end_line, file .. " " .. d.pointer)
          local a = offset_of(text, d.line, d.column)
          local b = offset_of(text, d.end_line, d.end_column)
          assert.truthy(b > a, file .. " " .. d.pointer)
          local want = at_pointer(doc, d.pointer)
          if want ~= nil and type(want) ~= "table" then
            assert.same(want, cjson.decode(text:sub(a, b - 1)), file .. " " .. d.pointer)
          else
            assert.truthy(({ ["{"] = "}", ["["] = "]" })[text:sub(a, a)] == text:sub(b - 1, b - 1),
              file .. " " .. d.pointer)
          end
          checked = checked + 1
        end
      end
    end
    assert.truthy(checked >= 40)
  end)

  it("have their start without their end with ends = false (outputs that write no end skip the scan)",
    function()
      local text = h.fixture("invalid/ECS008-host-port-must-match.json")
      local with, without = ecsnet.validate(text), ecsnet.validate(text, { ends = false })
      assert.equals(#with.diagnostics, #without.diagnostics)
      for i, d in ipairs(without.diagnostics) do
        assert.equals(with.diagnostics[i].line, d.line)
        assert.equals(with.diagnostics[i].column, d.column)
        assert.is_nil(d.end_line)
        assert.is_nil(d.end_column)
      end
      assert.is_number(with.diagnostics[1].end_line)
      -- the command asks for ends only where it writes them
      local _, out = require("cli_helper").run { "check", "--format", "json",
        "spec/fixtures/invalid/ECS008-host-port-must-match.json" }
      assert.matches('"end_column"', out, 1, true)
    end)

  it("are absent without positions, and YAML has a start but no end", function()
    local text = h.fixture("invalid/ECS008-host-port-must-match.json")
    local d = ecsnet.validate(text, { positions = false }).diagnostics[1]
    assert.is_nil(d.line)
    assert.is_nil(d.end_line)
    assert.is_nil(d.end_column)
    local y = ecsnet.validate(h.fixture("yaml/web.yaml"))
    assert.truthy(#y.diagnostics > 0)
    for _, yd in ipairs(y.diagnostics) do
      assert.is_number(yd.line)
      assert.is_nil(yd.end_line)
      assert.is_nil(yd.end_column)
    end
  end)
end)
