-- ecsnet.core.yaml_decode and ecsnet.core.suggest: the command's
-- configuration file (.ecsnet.yml) read by the module's YAML front end,
-- and its unknown keys named with the core's one edit distance (neither is
-- on the ecsnet table).
local core = require "ecsnet.core"
local decode = core.yaml_decode

describe("ecsnet.core.yaml_decode", function()
  it("reads mappings, sequences, scalars as the YAML front end types them", function()
    local v = assert(decode("ignore: [ECS020, ECS03]\nseverity:\n  ECS018: error\nports: [22, 2375]\non: true\n"))
    assert.same({ ignore = { "ECS020", "ECS03" }, severity = { ECS018 = "error" }, ports = { 22, 2375 }, on = true }, v)
  end)

  it("reads JSON text too (YAML's subset), and CloudFormation's short-form tags", function()
    assert.same({ a = { 1, 2 } }, decode('{"a": [1, 2]}'))
    assert.same({ Image = { Ref = "Img" } }, decode("Image: !Ref Img\n"))
  end)

  it("says where malformed YAML is, naming the document", function()
    local v, err = decode("ignore: [ECS020\n", "the configuration")
    assert.is_nil(v)
    assert.matches("malformed YAML at line 2 column 1", err, 1, true)
  end)

  it("applies the front end's limits", function()
    local v, err = decode("a: " .. string.rep("x", 100) .. "\n", "the configuration", 16)
    assert.is_nil(v)
    assert.matches("too large", err, 1, true)
    v, err = decode("a: \255\n")
    assert.is_nil(v)
    assert.matches("UTF-8", err, 1, true)
  end)

  it("is not on the ecsnet table", function()
    assert.is_nil(require("ecsnet").yaml_decode)
    assert.is_nil(require("ecsnet").suggest)
  end)
end)

describe("ecsnet.core.suggest", function()
  it("names the nearest within two edits, letter case free", function()
    assert.equals("ignore", core.suggest("ignroe", { "ignore", "include", "exclude" }))
    assert.equals("ECS009", core.suggest("ECS99", { "ECS008", "ECS009", "ECS010" }))
    assert.equals("launch_type", core.suggest("Launch_Type", { "os", "launch_type" }))
  end)

  it("names none when nothing is near", function()
    assert.is_nil(core.suggest("zzzzzz", { "ignore", "include" }))
    assert.is_nil(core.suggest("ignore", {}))
  end)

  it("raises for what is not a word and a list", function()
    assert.has_error(function() core.suggest(nil, {}) end)
    assert.has_error(function() core.suggest("a", "b") end)
  end)
end)
