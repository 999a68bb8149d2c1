-- ecsnet.json: the command's JSON encoder (stable key order).
local json = require "ecsnet.json"
local h = require "cli_helper"

describe("ecsnet.json.encode", function()
  it("writes scalars", function()
    assert.equals("null", json.encode(nil))
    assert.equals("null", json.encode(json.null))
    assert.equals("true", json.encode(true))
    assert.equals("false", json.encode(false))
    assert.equals("42", json.encode(42))
    assert.equals("-7", json.encode(-7))
    assert.equals("0.5", json.encode(0.5))
    assert.equals("4091", json.encode(4096 - 5))
    assert.equals('"a"', json.encode("a"))
  end)

  it("writes NaN and the infinities as null (JSON has no such numbers)", function()
    assert.equals("null", json.encode(0 / 0))
    assert.equals("null", json.encode(math.huge))
    assert.equals("null", json.encode(-math.huge))
  end)

  it("escapes quotes, backslashes and control characters", function()
    assert.equals([["a\"b\\c\n\t\u0001"]], json.encode('a"b\\c\n\t\1'))
  end)

  it("passes UTF-8 through unchanged", function()
    assert.equals('"§2.4 – ok"', json.encode("§2.4 – ok"))
  end)

  it("writes sequences as arrays and marked empty tables as []", function()
    assert.equals("[1,2,3]", json.encode { 1, 2, 3 })
    assert.equals("[]", json.encode(json.array()))
    assert.equals("{}", json.encode {})
  end)

  it("sorts the keys of plain tables", function()
    assert.equals('{"a":1,"b":2,"c":3}', json.encode { c = 3, a = 1, b = 2 })
  end)

  it("keeps the order given by json.object, then the other keys sorted", function()
    local o = json.object("file", "x.json", "taskdefs", json.array(), "line", nil, "column", 4)
    assert.equals('{"file":"x.json","taskdefs":[],"column":4}', json.encode(o))
    o.extra = true
    o.another = 1
    assert.equals('{"file":"x.json","taskdefs":[],"column":4,"another":1,"extra":true}', json.encode(o))
  end)

  it("pretty-prints with an indent", function()
    assert.equals('{\n  "a": [\n    1,\n    2\n  ],\n  "b": {}\n}',
      json.encode({ a = { 1, 2 }, b = {} }, { indent = "  " }))
  end)

  it("treats tables with holes or string keys as objects", function()
    assert.equals('{"1":"a","3":"c"}', json.encode { [1] = "a", [3] = "c" })
    assert.equals('{"1":"a","x":"b"}', json.encode { "a", x = "b" })
  end)

  it("refuses functions and cycles with a clear error", function()
    assert.has_error(function() json.encode { f = print } end, "cannot encode a function as JSON")
    local t = {}
    t.self = t
    assert.has_error(function() json.encode(t) end, "cannot encode a table that contains itself as JSON")
  end)

  it("round-trips through a JSON parser", function()
    local v = { files = { { file = "a b.json", n = 3, ok = false, list = { "x", "y" } } }, s = "q\"\\" }
    assert.same(v, h.decode(json.encode(v)))
  end)
end)
