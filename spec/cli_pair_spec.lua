-- `ecsnet check` with several inputs: the services of AWS CLI JSON checked
-- against the task definition of their family among the inputs
-- (lua/ecsnet/cli/pair.lua; docs/cli.md, "Services and their task
-- definitions"). The rules themselves are ecsnet.validate_service's
-- (spec/services*_spec.lua); these specs check which task definition each
-- service is checked against, and what the output says of it.
local h = require "cli_helper"
local pair = require "ecsnet.cli.pair"
local run = h.run

local P = "spec/fixtures/services/paired/"
local A = "spec/fixtures/aws-cli/"

-- The file objects of `check --format json`, by file name.
local function files_of(out)
  local by = {}
  for _, f in ipairs(h.decode(out).files) do by[f.file] = f end
  return by
end

local function rules_of(f)
  local r = {}
  for _, d in ipairs(f.diagnostics or {}) do r[#r + 1] = d.rule .. " " .. d.severity end
  table.sort(r)
  return table.concat(r, ",")
end

local function copy(from, to)
  h.write_file(to, h.read_file(from))
end

describe("ecsnet.cli.pair", function()
  describe("parse_ref", function()
    it("reads a family, family:revision and a task definition's ARN (API CreateService taskDefinition)", function()
      assert.same({ "web" }, { pair.parse_ref("web") })
      assert.same({ "web_2-b", 12 }, { pair.parse_ref("web_2-b:12") })
      assert.same({ "web", 5 }, { pair.parse_ref("arn:aws:ecs:us-east-1:123456789012:task-definition/web:5") })
      assert.same({ "web", 7 }, { pair.parse_ref("arn:aws-cn:ecs:cn-north-1:123456789012:task-definition/web:7") })
      assert.same({ "web" }, { pair.parse_ref("arn:aws:ecs:us-east-1:123456789012:task-definition/web") })
    end)

    it("names no family for other text (a CloudFormation Ref, a placeholder with spaces, a number)", function()
      assert.is_nil(pair.parse_ref({ Ref = "Web" }))
      assert.is_nil(pair.parse_ref("${aws_ecs_task_definition.web.arn}"))
      assert.is_nil(pair.parse_ref("web:latest"))
      assert.is_nil(pair.parse_ref(12))
    end)
  end)

  describe("revision_of", function()
    it("is describe-task-definition output's revision, nil for register-task-definition input", function()
      assert.equals(4, pair.revision_of(h.read_file(P .. "web-4.json")))
      assert.equals(4, pair.revision_of('{"taskDefinition": {"family": "web", ' ..
        '"taskDefinitionArn": "arn:aws:ecs:us-east-1:1:task-definition/web:4"}}'))
      assert.is_nil(pair.revision_of(h.read_file(A .. "bluegreen-lifecycle-hooks-taskdef_template.json")))
    end)
  end)

  it("keeps only the family and path of a task definition while the walk runs (flat memory)", function()
    local reads = 0
    local p = pair.new(function(path) reads = reads + 1; return h.read_file(path) end)
    for i = 1, 1000 do
      p:see({ name = "td" .. i .. ".json" }, { shape = "register", taskdefs = { { family = "f" .. i } },
        diagnostics = {}, all = {} }, string.rep("x", 1000))
    end
    for _, list in pairs(p.families) do
      assert.equals(1, #list)
      assert.is_nil(list[1].text)
    end
    assert.equals(0, reads)
  end)
end)

describe("ecsnet check: services paired by family", function()
  teardown(h.cleanup)

  it("checks each service of a folder against its family's task definition: the revision named, " ..
    "else the highest; an absent revision is an info and no pairing", function()
    local code, out, err = run { "check", "--format", "json", P }
    assert.equals(1, code, err)
    local f = files_of(out)
    local latest, rev3 = f[P .. "service-latest.json"], f[P .. "service-rev3.json"]
    local rev5 = f[P .. "service-rev5.json"]
    assert.same({ family = "web", revision = 4, file = P .. "web-4.json", matched_by = "family" },
      latest.task_definition)
    assert.equals("", rules_of(latest))
    assert.same({ family = "web", revision = 3, file = P .. "web-3.json", matched_by = "family" },
      rev3.task_definition)
    assert.equals("ECS041 error", rules_of(rev3))
    assert.is_nil(rev5.task_definition)
    assert.equals("ECS024 info,ECS024 info", rules_of(rev5))
    local described = f[P .. "describe-services.json"]   -- by ARN, as describe-services gives it
    assert.same({ family = "web", revision = 4, file = P .. "web-4.json", matched_by = "family" },
      described.task_definition)
    assert.equals("", rules_of(described))
    local found
    for _, d in ipairs(rev5.diagnostics) do
      if d.pointer == "/taskDefinition" then
        found = d.message
        assert.same({ 4, 3 }, { d.line, d.column })   -- the taskDefinition key in the file
      end
    end
    assert.equals("service web-rev5: its task definition web:5 is not among the inputs, which hold revisions " ..
      "3 and 4 of web; it was checked without a task definition", found)
  end)

  it("says in the text which task definition a service was checked against", function()
    local code, out = run { "check", P .. "service-rev3.json", P .. "web-3.json", P .. "web-4.json" }
    assert.equals(1, code)
    assert.matches(P .. "service-rev3.json  checked against task definition web:3 (" .. P .. "web-3.json)\n",
      out, 1, true)
    assert.matches("3 files checked; 2 task definitions, 1 service (1 paired by family); 1 error", out, 1, true)
    local _, json_out = run { "check", "--format", "json", P }
    assert.equals(3, h.decode(json_out).summary.services_paired)   -- latest, rev3, describe; not rev5
    local _, given = run { "check", P .. "service-rev3.json", "--task-definition", P .. "web-3.json" }
    assert.matches("1 file checked; 0 task definitions, 1 service; 1 error", given, 1, true)
  end)

  it("does not depend on the order of the inputs", function()
    local dir = h.tmpdir() .. "/order"
    os.execute("mkdir -p " .. h.quote(dir))
    copy(P .. "service-rev3.json", dir .. "/a-service.json")   -- walked before its task definition
    copy(P .. "web-3.json", dir .. "/z-web-3.json")
    local code, out = run { "check", "--format", "json", dir }
    assert.equals(1, code)
    local svc = files_of(out)[dir .. "/a-service.json"]
    assert.equals(dir .. "/z-web-3.json", svc.task_definition.file)
    assert.equals("ECS041 error", rules_of(svc))
    local code2, out2 = run { "check", "--format", "json", dir .. "/z-web-3.json", dir .. "/a-service.json" }
    assert.equals(1, code2)
    assert.same(svc, files_of(out2)[dir .. "/a-service.json"])
  end)

  it("lets --task-definition win for every service", function()
    local code, out = run { "check", "--format", "json", P, "--task-definition", P .. "web-3.json" }
    assert.equals(1, code)
    local f = files_of(out)
    local latest = f[P .. "service-latest.json"]
    assert.same({ family = "web", revision = 3, file = P .. "web-3.json", matched_by = "--task-definition" },
      latest.task_definition)
    assert.equals("ECS041 error", rules_of(latest))
    assert.equals("ECS041 error", rules_of(f[P .. "service-rev5.json"]))
    assert.equals("ECS041 error", rules_of(f[P .. "describe-services.json"]))
  end)

  it("names the task definition in SARIF results (properties.taskDefinition)", function()
    local code, out = run { "check", "--format", "sarif", P .. "service-rev3.json", P .. "web-3.json" }
    assert.equals(1, code)
    local results = h.decode(out).runs[1].results
    assert.equals(1, #results)
    assert.equals("ECS041", results[1].ruleId)
    assert.same({ family = "web", revision = 3, file = P .. "web-3.json", matched_by = "family" },
      results[1].properties.taskDefinition)
  end)

  it("pairs a service read from stdin with a task definition of a folder", function()
    local code, out = run({ "check", "--format", "json", "-", P .. "web-3.json" },
      { stdin = h.read_file(P .. "service-latest.json") })
    assert.equals(1, code)   -- web:3 is the only revision given: the highest
    local svc = files_of(out)["<stdin>"]
    assert.equals(3, svc.task_definition.revision)
    assert.equals("ECS041 error", rules_of(svc))
  end)

  it("reads a service given as YAML (--cli-input-yaml), and does not pair a revision named with " ..
    "register-task-definition input (which has none)", function()
    local dir = h.tmpdir() .. "/yaml"
    os.execute("mkdir -p " .. h.quote(dir))
    local yaml = "serviceName: web\ntaskDefinition: web:1\nlaunchType: FARGATE\nloadBalancers:\n" ..
      "  - targetGroupArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123\n" ..
      "    containerName: web\n    containerPort: 8080\n" ..
      "networkConfiguration:\n  awsvpcConfiguration:\n    subnets: [subnet-0123456789abcdef0]\n"
    h.write_file(dir .. "/service.yaml", yaml)
    local code, out = run { "check", "--format", "json", dir .. "/service.yaml", "examples/services/web-taskdef.json" }
    assert.equals(0, code)
    local svc = files_of(out)[dir .. "/service.yaml"]
    assert.is_nil(svc.task_definition)
    assert.equals("service web: its task definition web:1 is not among the inputs, whose task definition of " ..
      "family web has no revision (register-task-definition input); it was checked without a task definition",
      svc.diagnostics[#svc.diagnostics].message)
    h.write_file(dir .. "/service.yaml", (yaml:gsub("web:1", "web")))
    code, out = run { "check", "--format", "json", dir .. "/service.yaml", "examples/services/web-taskdef.json" }
    assert.equals(1, code)
    assert.equals("ECS041 error", rules_of(files_of(out)[dir .. "/service.yaml"]))
  end)

  it("does not pair a service's ARN with a task definition of another account or Region", function()
    local dir = h.tmpdir() .. "/account"
    os.execute("mkdir -p " .. h.quote(dir))
    h.write_file(dir .. "/web-3.json", (h.read_file(P .. "web-3.json"):gsub("123456789012", "210987654321")))
    h.write_file(dir .. "/service.json", (h.read_file(P .. "service-rev3.json"):gsub('"web:3"',
      '"arn:aws:ecs:us-east-1:123456789012:task-definition/web:3"')))
    local code, out = run { "check", "--format", "json", dir }
    assert.equals(0, code)
    local svc = files_of(out)[dir .. "/service.json"]
    assert.is_nil(svc.task_definition)
    assert.equals("service web-rev3: the task definitions of family web among the inputs are of another account " ..
      "or Region than arn:aws:ecs:us-east-1:123456789012; it was checked without a task definition",
      svc.diagnostics[#svc.diagnostics].message)
    h.write_file(dir .. "/web-3.json", h.read_file(P .. "web-3.json"))   -- the same account: paired
    code = run { "check", dir }
    assert.equals(1, code)
  end)

  it("does not pair when several task definitions of the family have no revision", function()
    local dir = h.tmpdir() .. "/norev"
    os.execute("mkdir -p " .. h.quote(dir))
    local td = h.read_file(A .. "bluegreen-lifecycle-hooks-taskdef_template.json")
    h.write_file(dir .. "/td-a.json", td)
    h.write_file(dir .. "/td-b.json", td)
    copy(A .. "bluegreen-lifecycle-hooks-service_template.json", dir .. "/service.json")
    local code, out = run { "check", "--format", "json", dir }
    assert.equals(0, code)
    local svc = files_of(out)[dir .. "/service.json"]
    assert.is_nil(svc.task_definition)
    assert.matches("the inputs hold 2 task definitions of family bluegreendemo and not each has a revision",
      svc.diagnostics[#svc.diagnostics].message, 1, true)
  end)

  it("checks describe-services output against one task definition only when all its services name it", function()
    local dir = h.tmpdir() .. "/describe"
    os.execute("mkdir -p " .. h.quote(dir))
    copy(P .. "web-3.json", dir .. "/web-3.json")
    local cjson = require "cjson"
    local s3 = cjson.decode(h.read_file(P .. "service-rev3.json"))
    local s5 = cjson.decode(h.read_file(P .. "service-rev5.json"))
    h.write_file(dir .. "/same.json", cjson.encode({ services = { s3, s3 } }))
    h.write_file(dir .. "/mixed.json", cjson.encode({ services = { s3, s5 } }))
    local code, out = run { "check", "--format", "json", dir }
    assert.equals(1, code)
    local f = files_of(out)
    assert.equals(3, f[dir .. "/same.json"].task_definition.revision)
    assert.equals("ECS041 error,ECS041 error", rules_of(f[dir .. "/same.json"]))
    local mixed = f[dir .. "/mixed.json"]
    assert.is_nil(mixed.task_definition)
    local last = mixed.diagnostics[#mixed.diagnostics]
    assert.equals("/services/1/taskDefinition", last.pointer)
  end)

  it("gives real AWS CLI pairs (aws-samples, MIT-0) the same findings paired as a folder as with " ..
    "--task-definition, and no error", function()
    local code, out, err = run { "check", "--format", "json", "--severity", "info", A }
    assert.equals(0, code, err)
    assert.equals("", err)
    local f = files_of(out)
    local n = 0
    for name, td_name in pairs {
      ["bluegreen-service-connect-service_backend.template.json"] =
        "bluegreen-service-connect-taskdef_backend.template.json",
      ["bluegreen-service-connect-service_frontend.template.json"] =
        "bluegreen-service-connect-taskdef_frontend.template.json",
      ["bluegreen-lifecycle-hooks-service_template.json"] = "bluegreen-lifecycle-hooks-taskdef_template.json",
    } do
      local svc, td = f[A .. name], A .. td_name
      assert.equals(td, svc.task_definition.file)
      local c2, out2 = run { "check", "--format", "json", "--severity", "info", A .. name, "--task-definition", td }
      assert.equals(0, c2)
      local alone = files_of(out2)[A .. name]
      assert.same(alone.diagnostics, svc.diagnostics)
      for _, d in ipairs(svc.diagnostics or {}) do assert.not_equals("error", d.severity) end
      n = n + 1
    end
    assert.equals(3, n)
    assert.equals(3, h.decode(out).summary.services)
  end)
end)
