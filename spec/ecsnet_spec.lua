-- The module itself: loading, version, globals (issue 2; style.md §2.3, §2.7).
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
  it("builds every C source file in src/", function()
    local f = assert(io.open("ecsnet-scm-1.rockspec"))
    local text = f:read("*a")
    f:close()
    local listed = {}
    for path in text:gmatch('"(src/[%w_]+%.c)"') do listed[#listed + 1] = path end
    table.sort(listed)
    local present = {}
    local p = assert(io.popen("ls src/*.c"))
    for line in p:lines() do present[#present + 1] = line end
    p:close()
    table.sort(present)
    assert.same(present, listed)
  end)

  it("installs every Lua file in lua/", function()
    local f = assert(io.open("ecsnet-scm-1.rockspec"))
    local text = f:read("*a")
    f:close()
    local listed = {}
    for path in text:gmatch('"(lua/[%w_/]+%.lua)"') do listed[#listed + 1] = path end
    table.sort(listed)
    local present = {}
    local p = assert(io.popen("ls lua/*.lua lua/ecsnet/*.lua lua/ecsnet/*/*.lua 2>/dev/null"))
    for line in p:lines() do present[#present + 1] = line end
    p:close()
    table.sort(present)
    assert.same(present, listed)
  end)
end)
