-- docs/rules.md is generated from the catalog and agrees with it
-- (docs/reference.md §6).
local ecsnet = require "ecsnet"

describe("docs/rules.md", function()
  it("is the output of tools/gen-rules-doc.lua", function()
    local render = dofile("tools/gen-rules-doc.lua")
    local f = assert(io.open("docs/rules.md", "rb"))
    local text = f:read("*a")
    f:close()
    assert.equals(render(ecsnet), text)
  end)

  it("has a section for every rule", function()
    local f = assert(io.open("docs/rules.md", "rb"))
    local text = f:read("*a")
    f:close()
    for _, r in ipairs(ecsnet.rules()) do
      assert.is_truthy(text:find("\n## " .. r.id .. "\n", 1, true), r.id)
    end
  end)
end)
