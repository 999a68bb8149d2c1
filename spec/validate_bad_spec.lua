-- Bad input: malformed JSON (with line and column), wrong types anywhere,
-- nesting beyond cJSON's limit, multi-megabyte documents, NUL bytes and
-- invalid UTF-8 get clear errors or diagnostics, never a crash
-- (docs/reference.md §2.1; spec/fixtures/bad/cases.lua).
local ecsnet = require "ecsnet"

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

describe("bad input (spec/fixtures/bad)", function()
  local cases = dofile("spec/fixtures/bad/cases.lua")
  local names = {}
  for name in pairs(cases) do names[#names + 1] = name end
  table.sort(names)

  it("has at least 100 cases, each with a file", function()
    assert.is_true(#names >= 100)
    for _, name in ipairs(names) do assert.is_string(read("spec/fixtures/bad/" .. name)) end
  end)

  for _, name in ipairs(names) do
    local want = cases[name]
    it(name, function()
      local r, err = ecsnet.validate(read("spec/fixtures/bad/" .. name))
      if want.error then
        assert.is_nil(r)
        assert.is_string(err)
        assert.is_truthy(err:find(want.error), err)
        assert.is_nil(err:find("%.$"))          -- no trailing period
        assert.is_nil(err:find("[%z\1-\31\127-\255]"))  -- printable
      else
        assert.is_table(r, err)
        if want.ok then
          assert.is_true(r.ok, tostring(r))
        end
        if want.rule then
          local found
          for _, d in ipairs(r.diagnostics) do
            if d.rule == want.rule and (want.pointer == nil or d.pointer == want.pointer) then found = d end
          end
          assert.is_table(found, tostring(r))
          assert.is_number(found.line)
        end
      end
    end)
  end
end)

describe("bad input built at run time", function()
  it("refuses a multi-megabyte document, and reads it when max_bytes allows", function()
    local parts = {}
    -- 9,000 mappings: under the 10,000 of spec/limits_spec.lua
    for i = 1, 9000 do parts[i] = string.format('{"containerPort": %d}', 1000 + i % 60000) end
    local doc = '{"networkMode": "awsvpc", "containerDefinitions": [{"name": "a", "portMappings": [' ..
      table.concat(parts, ",") .. ']}], "padding": "' .. string.rep("x", 2 * 1024 * 1024) .. '"}'
    assert.is_true(#doc > 2 * 1024 * 1024)
    local r, err = ecsnet.validate(doc)
    assert.is_nil(r)
    assert.matches("document too large: %d+ bytes, more than the limit of 1048576", err)
    r = assert(ecsnet.validate(doc, { max_bytes = 8 * 1024 * 1024, positions = false }))
    assert.is_table(r.diagnostics)
  end)

  it("refuses nesting beyond the limit from text", function()
    local r, err = ecsnet.validate(string.rep("[", 5000) .. string.rep("]", 5000))
    assert.is_nil(r)
    assert.matches("nested too deeply at line 1 column %d+", err)
  end)

  it("refuses a table nested too deeply, or a cycle", function()
    local t = {}
    local cur = t
    for _ = 1, 1200 do cur.x = {} cur = cur.x end
    local r, err = ecsnet.validate({ containerDefinitions = { { name = "a", x = t } } })
    assert.is_nil(r)
    assert.matches("nested too deeply", err)
    local cyc = { name = "a" }
    cyc.self = cyc
    r, err = ecsnet.validate({ containerDefinitions = { cyc } })
    assert.is_nil(r)
    assert.matches("cycle", err)
  end)

  it("refuses functions, userdata, NUL bytes and odd keys in a table", function()
    local r, err = ecsnet.validate({ containerDefinitions = { { name = print } } })
    assert.is_nil(r)
    assert.matches("value of type function under key 'name'", err)
    r, err = ecsnet.validate({ containerDefinitions = { { name = io.stdout } } })
    assert.is_nil(r)
    assert.matches("userdata", err)
    r, err = ecsnet.validate({ family = "a\0b", containerDefinitions = {} })
    assert.is_nil(r)
    assert.matches("NUL byte", err)
    r, err = ecsnet.validate({ [true] = 1, containerDefinitions = {} })
    assert.is_nil(r)
    assert.matches("table key of type boolean", err)
  end)

  it("reads mixed keys, holes and cjson.null in a table", function()
    local null = require("cjson").null
    local r = assert(ecsnet.validate({ networkMode = "awsvpc", hostname = null,
      containerDefinitions = { { name = "a", image = "x", links = null, [1] = "x" } } }))
    -- the only error: key "1" is not a container key (ECS035)
    assert.equals(1, r.counts.error)
    assert.equals("ECS035 /containerDefinitions/0/1", r.diagnostics[#r.diagnostics].rule .. " "
      .. r.diagnostics[#r.diagnostics].pointer)
    r = assert(ecsnet.validate({ networkMode = "awsvpc",
      containerDefinitions = { [1] = { name = "a", image = "x" }, [3] = { name = "b", image = "x" } } }))
    assert.is_table(r)   -- a table with holes is an object: a type diagnostic, not a crash
    assert.equals("ECS023", r.diagnostics[#r.diagnostics].rule)
  end)

  it("reads numbers that are not integers or not finite in a table", function()
    local r = assert(ecsnet.validate({ networkMode = "bridge", containerDefinitions = {
      { name = "a", image = "x", portMappings = {
      { containerPort = 3.5 }, { containerPort = 1 / 0 }, { containerPort = -(1 / 0) }, { containerPort = 0 / 0 },
      { containerPort = -1 }, { containerPort = 70000 } } } } }))
    assert.equals(6, r.counts.error)
  end)

  it("returns nil, message from taskdefs for malformed JSON", function()
    local tds, err = ecsnet.taskdefs('{"a": }')
    assert.is_nil(tds)
    assert.equals("malformed JSON at line 1 column 7: expected a value at '}'", err)
  end)
end)
