-- ecsnet.json's encoder: json.object's order written without sorting, the
-- same bytes when an object was changed after it was made, and the depth
-- option (a value written inside another as it goes).
local json = require "ecsnet.json"

describe("ecsnet.json.encode", function()
  it("writes a json.object in its order, each key once (the last value)", function()
    assert.equals('{"z":1,"a":2,"m":[]}', json.encode(json.object("z", 1, "a", 2, "m", json.array())))
    assert.equals('{"b":3,"a":2}', json.encode(json.object("b", 1, "a", 2, "b", 3)))
    assert.equals('{"a":1,"c":3}', json.encode(json.object("a", 1, "b", nil, "c", 3)))
    assert.equals("{}", json.encode(json.object()))
  end)

  it("writes keys added to a json.object after its own, sorted, and leaves out removed ones", function()
    local o = json.object("z", 1, "a", 2)
    o.y, o.b = 3, 4
    assert.equals('{"z":1,"a":2,"b":4,"y":3}', json.encode(o))
    o.z, o.c = nil, 5   -- as many keys as it was made with, not the same ones
    assert.equals('{"a":2,"b":4,"c":5,"y":3}', json.encode(o))
  end)

  it("writes a json.object with number keys 1..n as an array, as any such table", function()
    assert.equals('["a","b"]', json.encode(json.object(1, "a", 2, "b")))
    assert.equals('{"x":{"1":true,"k":false}}', json.encode(json.object("x", { [1] = true, k = false })))
  end)

  it("indents a value by its depth", function()
    local v = json.object("a", json.array { 1, json.object("b", "x\ny") })
    local plain = json.encode(v, { indent = "  " })
    assert.equals('{\n  "a": [\n    1,\n    {\n      "b": "x\\ny"\n    }\n  ]\n}', plain)
    assert.equals((plain:gsub("\n", "\n    ")), json.encode(v, { indent = "  ", depth = 2 }))
    assert.equals('{"a":[1,{"b":"x\\ny"}]}', json.encode(v, { depth = 2 }))
  end)

  it("escapes quotes, backslashes and control characters", function()
    assert.equals('"a\\"b\\\\c\\u0001\\t"', json.encode('a"b\\c\1\t'))
    assert.equals('{"k\\"":"v"}', json.encode({ ['k"'] = "v" }))
  end)

  it("refuses a table inside itself, and functions", function()
    local t = {}
    t[1] = t
    assert.has_error(function() json.encode(t) end, "cannot encode a table that contains itself as JSON")
    assert.has_error(function() json.encode({ f = print }) end, "cannot encode a function as JSON")
  end)
end)
