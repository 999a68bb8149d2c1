-- The real inputs of spec/fixtures/REAL-INPUTS.md (CDK cdk.out, public CloudFormation
-- YAML/JSON, Terraform plan JSON) are present, whole and accounted for. No ecsnet
-- feature reads them yet: this checks the data and its provenance only.
local cjson = require "cjson"

local FIX = "spec/fixtures/"
local ALLOWED = { ["Apache-2.0"] = true, MIT = true, ["MIT-0"] = true,
                  ["BSD-2-Clause"] = true, ["BSD-3-Clause"] = true }

local function read(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local text = f:read("*a")
  f:close()
  return text
end

local function ls(dir)
  local list = {}
  local p = assert(io.popen("ls -A " .. dir .. " 2>/dev/null"))
  for line in p:lines() do list[#list + 1] = line end
  p:close()
  table.sort(list)
  return list
end

-- The backquoted names in the first column of a Markdown table's rows (a name
-- ending in "/" is a folder, as in a header).
local function first_column_names(text)
  local names = {}
  for line in text:gmatch("[^\n]+") do
    local cell = line:match("^| ([^|]+) |")
    if cell then
      for name in cell:gmatch("`([^`]+)`") do
        if not name:match("/$") then names[#names + 1] = name end
      end
    end
  end
  return names
end

local function decodes(path)
  local text = assert(read(path), path)
  local ok, doc = pcall(cjson.decode, text)
  return ok and type(doc) == "table", doc
end

local function plain(s) return (s:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0")) end

describe("real inputs (spec/fixtures/REAL-INPUTS.md)", function()
  local index = assert(read(FIX .. "REAL-INPUTS.md"))
  local listed = first_column_names(index)

  it("lists every file it names, and each exists", function()
    local count = 0
    for _, name in ipairs(listed) do
      if not name:find("*", 1, true) then
        count = count + 1
        assert.is_string(read(FIX .. name), name)
      end
    end
    assert.is_true(count >= 17)
  end)

  it("parses every JSON file of cdk.out, cfn-yaml and terraform", function()
    local n = 0
    for _, dir in ipairs({ "cdk/cdk.out/", "cfn-yaml/", "terraform/" }) do
      for _, name in ipairs(ls(FIX .. dir)) do
        if name:match("%.json$") then
          n = n + 1
          assert.is_true((decodes(FIX .. dir .. name)), dir .. name)
        end
      end
    end
    assert.is_true(n >= 38)
  end)

  describe("the CDK cloud assembly", function()
    local DIR = FIX .. "cdk/cdk.out/"

    it("has every stack template listed in REAL-INPUTS.md and in the manifest", function()
      local _, manifest = decodes(DIR .. "manifest.json")
      local stacks = {}
      for id, a in pairs(manifest.artifacts) do
        if a.type == "aws:cloudformation:stack" then
          stacks[#stacks + 1] = id
          local tf = a.properties.templateFile
          assert.is_string(read(DIR .. tf), tf)
          assert.truthy(index:find("`cdk/cdk.out/" .. tf .. "`", 1, true), tf)
        end
      end
      assert.equals(18, #stacks)
      for _, name in ipairs(ls(DIR)) do
        if name:match("%.template%.json$") then
          assert.truthy(index:find("`cdk/cdk.out/" .. name .. "`", 1, true), name)
        end
      end
    end)

    it("has every file that an asset manifest points to (the nested template)", function()
      local nested = 0
      for _, name in ipairs(ls(DIR)) do
        if name:match("%.assets%.json$") then
          local _, assets = decodes(DIR .. name)
          for _, asset in pairs(assets.files or {}) do
            assert.is_string(read(DIR .. asset.source.path), asset.source.path)
            if asset.source.path:match("%.nested%.template%.json$") then nested = nested + 1 end
          end
        end
      end
      assert.equals(1, nested)
    end)

    it("passed CDK's own template validation (the verdict in test/cdk/README.md)", function()
      local _, report = decodes(DIR .. "validation-report.json")
      for _, plugin in ipairs(report.pluginReports) do
        assert.equals("success", plugin.conclusion)
        assert.equals(0, #plugin.violations)
      end
      for _, name in ipairs(ls(DIR)) do
        if name:match("%.json$") then
          local text = read(DIR .. name)
          assert.falsy(text:find('"aws:cdk:error"', 1, true), name)
          assert.falsy(text:find('"aws:cdk:warning"', 1, true), name)
        end
      end
    end)

    it("holds no absolute path of the checkout it was made in", function()
      for _, name in ipairs(ls(DIR)) do
        assert.falsy(read(DIR .. name):find('"[^"]*/test/cdk/'), name)
      end
    end)
  end)

  for _, dir in ipairs({ "cfn-yaml", "real-stacks", "real-other", "terraform" }) do
    it("names every file of " .. dir .. "/ in its SOURCES.md, with an allowed licence", function()
      local sources = assert(read(FIX .. dir .. "/SOURCES.md"))
      local rows = {}
      for _, name in ipairs(first_column_names(sources)) do rows[name] = true end
      local n = 0
      for _, name in ipairs(ls(FIX .. dir)) do
        if name ~= "SOURCES.md" then
          n = n + 1
          assert.is_true(rows[name] == true, name .. " has no row in " .. dir .. "/SOURCES.md")
          local line = sources:match("\n| `" .. plain(name) .. "` |([^\n]*)")
          assert.is_string(line, name)
          assert.truthy(line:find("| valid", 1, true) or line:find("| **invalid**", 1, true), name .. ": no verdict")
        end
      end
      assert.is_true(n >= 1)
      for name in pairs(rows) do
        if name:match("%.json$") or name:match("%.ya?ml$") or name:match("%.template$") then
          assert.is_string(read(FIX .. dir .. "/" .. name), name .. " is in SOURCES.md but missing")
        end
      end
      -- licences are written "| Apache-2.0 (`LICENSE`) |"
      local licences = 0
      for lic in sources:gmatch("| ([%w%.%-]+) %(`") do
        licences = licences + 1
        assert.truthy(ALLOWED[lic], lic)
      end
      assert.is_true(licences >= 1, "no licence named")
    end)
  end

  it("keeps the CFN YAML files YAML with short-form tags, and the JSON twins JSON", function()
    for _, name in ipairs(ls(FIX .. "cfn-yaml")) do
      local text = read(FIX .. "cfn-yaml/" .. name)
      if name:match("%.ya?ml$") then
        assert.truthy(text:find("\nResources:", 1, true), name)
        assert.truthy(text:find("!Ref ", 1, true) or text:find("!Sub ", 1, true), name)
        assert.truthy(text:find("AWS::ECS::", 1, true), name)
      elseif name:match("%.json$") then
        local twin = name:gsub("%.json$", ".yaml")
        assert.is_string(read(FIX .. "cfn-yaml/" .. twin), name .. " has no YAML twin")
      end
    end
  end)
end)
