-- The module itself: loading, version, globals (docs/DEVELOPING.md#conventions).
describe("require 'ecsnet'", function()
  local ecsnet = require "ecsnet"

  it("returns the module table", function()
    assert.is_table(ecsnet)
    assert.is_function(ecsnet.mode)
    assert.is_function(ecsnet.modes)
  end)

  it("returns the same table on a second require", function()
    assert.equals(ecsnet, require "ecsnet")
  end)

  it("sets no global", function()
    for _, name in ipairs { "ecsnet", "core", "M" } do
      assert.is_nil(rawget(_G, name))
    end
  end)

  it("exposes no private name: nothing but _VERSION starts with '_', in the module or the C core", function()
    for _, t in ipairs { ecsnet, require "ecsnet.core" } do
      for k in pairs(t) do
        assert.is_true(k == "_VERSION" or k:sub(1, 1) ~= "_", "private name " .. k)
      end
    end
  end)

  it("loaded by another Lua, names the Lua the C module was built for, not only 'undefined symbol'", function()
    local path = assert(package.searchpath("ecsnet.core", package.cpath))
    local other = _VERSION == "Lua 5.4" and "lua5.3" or "lua5.4"
    local code = ("package.path = './lua/?.lua;' .. package.path; package.cpath = %q; "
      .. "local ok, err = pcall(require, 'ecsnet'); io.write(tostring(ok), '\\n', tostring(err))")
      :format(path:gsub("ecsnet/core%.so$", "?.so"))
    local p = assert(io.popen(other .. " -e " .. ("%q"):format(code) .. " 2>&1"))
    local out = p:read("*a")
    p:close()
    local built = "Lua " .. (rawget(_G, "jit") and "5.1" or _VERSION:match("%d+%.%d+"))
    assert.matches("^false\n", out)
    assert.matches("was built for " .. built .. " and cannot be loaded by Lua 5%.[34]", out)
    assert.matches("undefined symbol: [%w_]+", out)
    assert.matches("make module LUA=lua5%.[34]", out)
  end)

  it("reports get their methods from the Lua layer (the C core hands back plain tables)", function()
    local td = '{"containerDefinitions": [{"name": "a"}]}'
    assert.is_function(ecsnet.validate(td).json)
    assert.is_nil(getmetatable(require("ecsnet.core").validate(td)))
  end)

  it("no Lua code patches a C class: every method of ecsnet.host is the C module's", function()
    for name, f in pairs(getmetatable(ecsnet.host()).__index) do
      assert.equals("C", debug.getinfo(f, "S").what, "host:" .. name .. " is not a C function")
    end
  end)

  it("has _VERSION equal to the rockspec's version", function()
    local f = assert(io.open("ecsnet-scm-1.rockspec"))
    local text = f:read("*a")
    f:close()
    local version = text:match('\nversion%s*=%s*"([^"]+)"')
    assert.is_string(version)
    -- "scm-1": package version "scm", rockspec revision 1
    assert.equals(version:match("^(.-)%-%d+$"), ecsnet._VERSION)
    assert.equals(require("ecsnet.core")._VERSION, ecsnet._VERSION)
  end)
end)

describe("ecsnet-scm-1.rockspec", function()
  local function read(path)
    local f = assert(io.open(path))
    local text = f:read("*a")
    f:close()
    return text
  end

  -- The paths the rockspec names that match 'pattern', and the files 'ls'
  -- finds for 'glob', both sorted.
  local function listed_and_present(pattern, glob)
    local listed, present = {}, {}
    for path in read("ecsnet-scm-1.rockspec"):gmatch(pattern) do listed[#listed + 1] = path end
    local p = assert(io.popen("ls " .. glob .. " 2>/dev/null"))
    for line in p:lines() do present[#present + 1] = line end
    p:close()
    table.sort(listed)
    table.sort(present)
    return listed, present
  end

  it("builds every C source file in src/", function()
    local listed, present = listed_and_present('"(src/[%w_]+%.c)"', "src/*.c")
    assert.same(present, listed)
  end)

  it("installs every Lua file in lua/", function()
    local listed, present = listed_and_present('"(lua/[%w_/]+%.lua)"',
      "lua/*.lua lua/ecsnet/*.lua lua/ecsnet/*/*.lua")
    assert.same(present, listed)
  end)
end)
