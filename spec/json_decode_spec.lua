-- ecsnet.core.json_decode: JSON text to Lua values through the one front end
-- (the command reads CDK manifests with it; not on the ecsnet table).
local core = require "ecsnet.core"
local decode = core.json_decode

describe("ecsnet.core.json_decode", function()
  it("reads objects, arrays, strings, numbers and booleans", function()
    local v = assert(decode('{"a": [1, 2.5, "x", true, false], "b": {"c": "d"}, "e": -3}'))
    assert.same({ a = { 1, 2.5, "x", true, false }, b = { c = "d" }, e = -3 }, v)
    if math.type then assert.equals("integer", math.type(v.e)) end
  end)

  it("leaves null members out and null elements as holes", function()
    local v = assert(decode('{"a": null, "b": [1, null, 3]}'))
    assert.is_nil(v.a)
    assert.equals(3, v.b[3])
    assert.is_nil(v.b[2])
  end)

  it("keeps strings whole (escapes, UTF-8)", function()
    assert.equals("a\"b\\c\n\195\169", decode('"a\\"b\\\\c\\n\\u00e9"'))
  end)

  it("names the document in the front end's messages, with the place", function()
    assert.same({ nil, "the CDK manifest is not valid JSON (near line 1, column 6)" },
      { decode('{"a":\n', "the CDK manifest") })
    assert.same({ nil, "the document is empty: expected JSON text" }, { decode("  ") })
    assert.same({ nil, "the document is too large: 10 bytes, more than the limit of 4" },
      { decode('"12345678"', nil, 4) })
  end)

  it("refuses what the front end refuses (nesting, NUL escapes)", function()
    local v, err = decode(string.rep("[", 2000) .. string.rep("]", 2000))
    assert.is_nil(v)
    assert.matches("nested too deeply", err, 1, true)
    v, err = decode('"a\\u0000b"')
    assert.is_nil(v)
    assert.matches("\\u0000", err, 1, true)
  end)

  it("raises for misuse", function()
    assert.has_error(function() decode() end)
    assert.has_error(function() decode("1", "x", -1) end)
  end)

  it("gives the same answer while finalizers and coroutines call it (re-entrant)", function()
    local text = '{"k": [' .. string.rep('{"a": "b"},', 200) .. '1]}'
    for _ = 1, 50 do
      setmetatable({}, { __gc = function() pcall(decode, text) end })   -- 5.2+: garbage that calls it
      assert.equals(201, #decode(text).k)
    end
    local co = coroutine.wrap(function() return #decode(text).k end)
    assert.equals(201, co())
  end)
end)
