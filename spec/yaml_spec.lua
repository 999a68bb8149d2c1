-- YAML task definitions and CloudFormation templates: the YAML
-- front end (src/ecsnet_yaml.c, libyaml) builds the tree the JSON parser
-- builds, with exact positions; short-form tags become long forms; YAML's
-- traps are bounded and reported.
local ecsnet = require "ecsnet"

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

-- The verdicts of a report: severity, rule, pointer and message of each
-- diagnostic, and where it is when 'at' is given.
local function verdicts(r, at)
  local out = {}
  for _, d in ipairs(r.diagnostics) do
    out[#out + 1] = d.severity .. " " .. d.rule .. " " .. d.pointer .. " " .. d.message ..
      (at and (" @" .. tostring(d.line) .. ":" .. tostring(d.column)) or "")
  end
  return out
end

local function find(r, rule)
  for _, d in ipairs(r.diagnostics) do
    if d.rule == rule then return d end
  end
end

local CFN = [[
Resources:
  T:
    Type: AWS::ECS::TaskDefinition
    Properties:
      NetworkMode: awsvpc
      ContainerDefinitions:
        - Name: web
          Image: x
          PortMappings:
            - ContainerPort: %s
]]

describe("YAML", function()
  describe("a template and its JSON twin", function()
    local yaml = read("spec/fixtures/yaml/web.yaml")
    local json = read("spec/fixtures/yaml/web.json")

    it("give the same verdicts", function()
      local ry, ey = ecsnet.validate(yaml)
      local rj, ej = ecsnet.validate(json)
      assert.is_table(ry, ey)
      assert.is_table(rj, ej)
      assert.equal("cloudformation", ry.shape)
      assert.same(verdicts(rj), verdicts(ry))
      assert.equal(rj.ok, ry.ok)
      assert.is_false(ry.ok)
    end)

    it("places diagnostics at their exact line and column in the YAML", function()
      local r = ecsnet.validate(yaml)
      local d = find(r, "ECS008")
      assert.equal("/Resources/TaskDef/Properties/ContainerDefinitions/0/PortMappings/0/HostPort", d.pointer)
      assert.same({ 25, 25 }, { d.line, d.column })   -- "              HostPort: 8080"
      d = find(r, "ECS024")                           -- ContainerPort: !Ref Port
      assert.same({ "info", 26, 30 }, { d.severity, d.line, d.column })
    end)

    it("is read as YAML when forced, and refused as JSON when forced", function()
      assert.is_table((ecsnet.validate(yaml, { syntax = "yaml" })))
      local r, err = ecsnet.validate(yaml, { syntax = "json" })
      assert.is_nil(r)
      assert.matches("^malformed JSON at line 1 column 1", err)
      assert.is_table((ecsnet.validate(json, { syntax = "json" })))
      assert.is_table((ecsnet.validate(json, { syntax = "auto" })))
    end)

    it("refuses an unknown syntax name", function()
      local ok, err = pcall(ecsnet.validate, yaml, { syntax = "toml" })
      assert.is_false(ok)
      assert.matches("syntax", err)
    end)
  end)

  describe("CloudFormation's short-form tags", function()
    local forms = {
      { "!Ref P", '{"Ref": "P"}' },
      { "!Sub '${P}'", '{"Fn::Sub": "${P}"}' },
      { "!Sub ['${X}', {X: !Ref P}]", '{"Fn::Sub": ["${X}", {"X": {"Ref": "P"}}]}' },
      { "!GetAtt a.b", '{"Fn::GetAtt": ["a", "b"]}' },
      { "!GetAtt [a, b]", '{"Fn::GetAtt": ["a", "b"]}' },
      { "!Join ['', ['8', '0']]", '{"Fn::Join": ["", ["8", "0"]]}' },
      { "!Select [0, [80]]", '{"Fn::Select": [0, [80]]}' },
      { "!Split [',', '80']", '{"Fn::Split": [",", "80"]}' },
      { "!If [c, 80, 81]", '{"Fn::If": ["c", 80, 81]}' },
      { "!Equals [a, b]", '{"Fn::Equals": ["a", "b"]}' },
      { "!And [!Condition c]", '{"Fn::And": [{"Condition": "c"}]}' },
      { "!Or [a]", '{"Fn::Or": ["a"]}' },
      { "!Not [a]", '{"Fn::Not": ["a"]}' },
      { "!Condition c", '{"Condition": "c"}' },
      { "!FindInMap [m, a, b]", '{"Fn::FindInMap": ["m", "a", "b"]}' },
      { "!ImportValue x", '{"Fn::ImportValue": "x"}' },
      { "!Base64 x", '{"Fn::Base64": "x"}' },
      { "!Cidr [a, 1, 2]", '{"Fn::Cidr": ["a", 1, 2]}' },
      { "!GetAZs ''", '{"Fn::GetAZs": ""}' },
      { "!Transform {Name: x}", '{"Fn::Transform": {"Name": "x"}}' },
    }
    for _, f in ipairs(forms) do
      it(f[1] .. " is " .. f[2] .. ": unknown (info), as the long form", function()
        local short = assert(ecsnet.validate(CFN:format(f[1])))
        local long = assert(ecsnet.validate(CFN:format(f[2])))
        assert.same(verdicts(long), verdicts(short))
        assert.is_true(short.ok)
        local d = find(short, "ECS024")
        assert.same({ "info", 10, 30 }, { d.severity, d.line, d.column })
      end)
    end

    it("an unknown tag is an error naming it, with its place", function()
      local r, err = ecsnet.validate(CFN:format("!Foo 80"))
      assert.is_nil(r)
      assert.equal("malformed YAML at line 10 column 30: unknown tag '!Foo' (ecsnet reads CloudFormation's " ..
        "short forms, e.g. !Ref, !Sub, !GetAtt)", err)
      assert.matches("unknown tag '!Bar'", select(2, ecsnet.validate(CFN:format("!Bar [80]"))), 1, true)
    end)

    it("the core schema's !!str makes a string", function()
      local r = assert(ecsnet.validate(CFN:format("!!str 80")))
      assert.same(verdicts(assert(ecsnet.validate(CFN:format('"80"')))), verdicts(r))
      assert.same(verdicts(assert(ecsnet.validate(CFN:format("'80'")))), verdicts(r))
    end)
  end)

  describe("scalars", function()
    it("reads integers, booleans and null as JSON would, YAML 1.1's yes/no as strings", function()
      local y = assert(ecsnet.validate("containerDefinitions:\n  - name: a\n    image: b\n    essential: yes\n" ..
        "    portMappings:\n      - containerPort: 80\n        hostPort: ~\n"))
      local j = assert(ecsnet.validate('{"containerDefinitions": [{"name": "a", "image": "b", "essential": "yes",' ..
        ' "portMappings": [{"containerPort": 80, "hostPort": null}]}]}'))
      assert.same(verdicts(j), verdicts(y))
      assert.is_true(y.ok)
    end)
  end)

  describe("anchors, aliases and merge keys", function()
    local doc = [[
networkMode: awsvpc
x-port: &p {containerPort: 80, hostPort: 81}
x-base: &base
  image: nginx
  portMappings: [*p]
containerDefinitions:
  - <<: *base
    name: web
  - <<: [*base]
    name: api
    image: own
]]
    it("expands aliases and merges mappings", function()
      local r = assert(ecsnet.validate(doc))
      local n = 0
      for _, d in ipairs(r.diagnostics) do
        if d.rule == "ECS008" then
          n = n + 1
          assert.equal("/containerDefinitions/" .. (n - 1) .. "/portMappings/0/hostPort", d.pointer)
          assert.same({ 2, 42 }, { d.line, d.column })   -- where the anchored text is
        end
      end
      assert.equal(2, n)
    end)

    it("keeps a mapping's own keys over merged ones", function()
      local r = assert(ecsnet.validate("containerDefinitions:\n  - <<: {name: a, image: 5}\n    image: b\n"))
      assert.is_true(r.ok)
    end)

    it("refuses an alias without an anchor", function()
      assert.equal("malformed YAML at line 1 column 23: alias *nope has no complete anchor before it",
        select(2, ecsnet.validate("containerDefinitions: *nope\n")))
    end)

    it("bounds a 'billion laughs' document with an error naming the limit", function()
      local lines = { 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]' }
      local prev = "a"
      for i = 2, 9 do
        local name = string.char(96 + i)
        lines[i] = name .. ": &" .. name .. " [" .. ("*" .. prev .. ","):rep(8) .. "*" .. prev .. "]"
        prev = name
      end
      local t0 = os.clock()
      local r, err = ecsnet.validate(table.concat(lines, "\n") .. "\n")
      assert.is_nil(r)
      assert.matches("^YAML aliases expand to more than 65536 nodes %(at line %d+ column %d+%): ecsnet stops " ..
        "there %(the limit is max_bytes / 16, at least 4096", err)
      assert.is_true(os.clock() - t0 < 5)
      -- the limit follows max_bytes
      r, err = ecsnet.validate(table.concat(lines, "\n", 1, 4) .. "\n", { max_bytes = 65536 })
      assert.is_nil(r)
      assert.matches("more than 4096 nodes", err, 1, true)
    end)
  end)

  describe("YAML's traps", function()
    it("warns of a duplicate key (last wins), as for JSON", function()
      local r = assert(ecsnet.validate("family: a\nfamily: b\ncontainerDefinitions: [{name: x, image: y}]\n"))
      local d = find(r, "ECS034")
      assert.equal("warning", d.severity)
      assert.same({ "/family", 2, 9 }, { d.pointer, d.line, d.column })
      local td = ecsnet.taskdefs("family: a\nfamily: b\ncontainerDefinitions: [{name: x, image: y}]\n")
      assert.equal("b", td[1].family)
      local j = assert(ecsnet.validate('{"family": "a", "family": "b", "containerDefinitions": [{"name": "x",' ..
        ' "image": "y"}]}'))
      assert.same(verdicts(j), verdicts(r))
    end)

    it("refuses a tab in indentation, at its place", function()
      -- libyaml's own words differ between its versions; the place and the hint do not
      assert.matches("^malformed YAML at line 2 column 1: .*%(a tab: YAML indents with spaces only%)$",
        select(2, ecsnet.validate("family: a\n\tcontainerDefinitions: []\n")))
    end)

    it("reads a byte order mark, positions as after it", function()
      local r = assert(ecsnet.validate("\239\187\191family: a\ncontainerDefinitions: []\n"))
      local d = find(r, "ECS031")
      assert.same({ 2, 23 }, { d.line, d.column })
    end)

    it("refuses a second document", function()
      assert.equal("malformed YAML at line 3 column 1: a second document: ecsnet reads one document per file",
        select(2, ecsnet.validate("family: a\ncontainerDefinitions: []\n---\nfamily: b\n")))
    end)

    it("refuses nesting deeper than 1,000 levels, at its place", function()
      local r, err = ecsnet.validate("a:\n  " .. ("["):rep(1001) .. ("]"):rep(1001) .. "\n")
      assert.is_nil(r)
      -- the mapping is the first level, the 1,000th "[" the 1,001st
      assert.equal("malformed YAML at line 2 column 1002: nested too deeply: more than 1000 levels of lists " ..
        "and mappings", err)
      local deep = ("- "):rep(999) .. "x"
      assert.is_table((ecsnet.validate(deep, { shape = "terraform" })))   -- read, though it is no task definition
    end)

    it("refuses invalid UTF-8 and NUL bytes, at their place", function()
      assert.equal("invalid UTF-8 at line 2 column 8 (byte 18): YAML text must be UTF-8 without NUL bytes",
        select(2, ecsnet.validate("family: a\nimage: \255\n")))
      assert.equal("NUL byte at line 1 column 9 (byte 9): YAML text must be UTF-8 without NUL bytes",
        select(2, ecsnet.validate("family: \0")))
      assert.equal("malformed YAML at line 1 column 9: a NUL character (\\0) in a scalar is not accepted (it " ..
        "would cut the string short)", select(2, ecsnet.validate('family: "a\\0b"\n')))
    end)

    it("applies max_bytes", function()
      assert.equal("document too large: 34 bytes, more than the limit of 20 (option max_bytes)",
        select(2, ecsnet.validate("family: a\ncontainerDefinitions: []", { max_bytes = 20 })))
    end)

    it("reports malformed YAML at its line and column", function()
      assert.equal("malformed YAML at line 3 column 1: did not find expected ',' or ']' while parsing a flow " ..
        "sequence", select(2, ecsnet.validate("family: a\ncontainerDefinitions: [1\n")))
      assert.matches("^malformed YAML at line 1 column 3: a mapping key that is a list",
        select(2, ecsnet.validate("? [a]\n: b\n")))
    end)

    it("says a comment-only text holds no document", function()
      assert.equal("empty document: expected a YAML task definition (the text holds no YAML node)",
        select(2, ecsnet.validate("# nothing here\n")))
    end)
  end)
end)
