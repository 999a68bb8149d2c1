-- `ecsnet check` as a user runs it: bin/ecsnet as a subprocess.
-- The rules themselves are the validator's (spec/validate*_spec.lua); these
-- specs check what the command adds: inputs, exit status, output shapes.
local h = require "cli_helper"
local run = h.run

local F = "spec/fixtures/cli/"

local function lines(text)
  local t = {}
  for l in text:gmatch("([^\n]*)\n") do t[#t + 1] = l end
  return t
end

describe("ecsnet check", function()
  teardown(h.cleanup)

  describe("exit status", function()
    it("is 0 for a clean file", function()
      local code, out, err = run { "check", F .. "good-fargate.json" }
      assert.equals(0, code, err)
      assert.equals("", err)
      assert.equals("1 file checked; 1 task definition; 0 errors, 0 warnings\n", out)
    end)

    it("counts a template's services beside its task definitions (docs/reference.md §8.5)", function()
      local svc = "spec/fixtures/services/ECS036-service-network-configuration-valid.json"
      local code, out, err = run { "check", svc }
      assert.equals(0, code, err)
      assert.equals("1 file checked; 1 task definition, 1 service; 0 errors, 0 warnings\n", out)
      code, out = run { "check", "--format", "json", svc }
      assert.equals(0, code)
      assert.matches('"services": ?1', out)
    end)

    it("checks AWS CLI service JSON against --task-definition (docs/reference.md §8.5)", function()
      local A = "spec/fixtures/aws-cli/bluegreen-service-connect-"
      local svc = h.read_file(A .. "service_backend.template.json")
      local bad = h.tmpdir() .. "/service.json"
      h.write_file(bad, (svc:gsub('"portName": "http"', '"portName": "web"')))
      local code, out = run { "check", bad }   -- alone: only what needs no task definition
      assert.equals(0, code)
      assert.matches("0 task definitions, 1 service; 0 errors", out, 1, true)
      code, out = run { "check", bad, "--task-definition", A .. "taskdef_backend.template.json" }
      assert.equals(1, code)
      assert.matches("error ECS032 service bluegreen-backend: Service Connect port name 'web'", out, 1, true)
      code = run { "check", A .. "service_backend.template.json",
                   "--task-definition", A .. "taskdef_backend.template.json" }
      assert.equals(0, code)
      local err
      code, out, err = run { "check", bad, "--task-definition", "package.json" }
      assert.equals(2, code)
      assert.equals("", out)
      assert.matches("^ecsnet check: %-%-task%-definition 'package.json': ", err)
    end)

    it("is 1 when a task definition has an error (docs/reference.md §1.3, R8)", function()
      local code, out = run { "check", F .. "awsvpc-hostport.json" }
      assert.equals(1, code)
      local l = lines(out)
      assert.equals(F .. "awsvpc-hostport.json  kibana (awsvpc)", l[1])
      assert.equals(1, l[2]:find("  " .. F .. "awsvpc-hostport.json:10:46: error ECS008 hostPort 80 differs", 1, true))
      assert.equals("", l[3])
      assert.equals("1 file checked; 1 task definition; 1 error, 0 warnings", l[4])
    end)

    it("is 0 with warnings, 1 with --strict (docs/reference.md §2.3, R17)", function()
      local code, out = run { "check", F .. "bridge-static-22.json" }
      assert.equals(0, code)
      assert.matches(":10:9: warning ECS018 host port 22/tcp is reserved", out, 1, true)
      code = run { "check", "--strict", F .. "bridge-static-22.json" }
      assert.equals(1, code)
    end)

    it("is 3 for malformed JSON (an input not parsed), with its line and column", function()
      local code, out, err = run { "check", F .. "malformed.json" }
      assert.equals(3, code)
      local line, col = err:match("malformed%.json:(%d+):(%d+): cannot check: malformed JSON at line %d+ column %d+")
      assert.truthy(line and col, err)
      assert.matches("1 file could not be checked", out, 1, true)
    end)

    it("is 3 for a file that does not exist, and still checks the others", function()
      local code, out, err = run { "check", F .. "nope.json", F .. "awsvpc-hostport.json" }
      assert.equals(3, code)
      assert.matches("nope.json: cannot check: cannot open '" .. F .. "nope.json': no such file or directory",
        err, 1, true)
      assert.matches("error ECS008", out, 1, true)
    end)

    it("is 3 for a named JSON file that is no task definition (it could not be checked)", function()
      local code, _, err = run { "check", F .. "dir/package.json" }
      assert.equals(3, code)
      assert.matches("cannot check: not a task definition", err, 1, true)
    end)

    it("is 2 without a file", function()
      local code, out, err = run { "check" }
      assert.equals(2, code)
      assert.equals("", out)
      assert.equals("ecsnet check: missing FILE, DIR or - (stdin) to check (see 'ecsnet check --help')\n", err)
    end)
  end)

  describe("inputs", function()
    it("reads stdin for '-'", function()
      local code, out = run({ "check", "-" }, { stdin = h.read_file(F .. "awsvpc-hostport.json") })
      assert.equals(1, code)
      assert.matches("  <stdin>:10:46: error ECS008", out, 1, true)
    end)

    it("walks a folder for *.json, skips other files and hidden folders, and says so", function()
      local code, out, err = run { "check", F .. "dir" }
      assert.equals(1, code)
      assert.equals("", err)
      assert.matches(F .. "dir/nested/b-bad.json:10:46: error ECS008", out, 1, true)
      assert.is_nil(out:find("ignored.json", 1, true))
      assert.matches("\n2 files checked %(skipped: 1 not JSON or YAML, 1 YAML not CloudFormation %(Kubernetes, " ..
        "compose, CI %.%.%.%), 1 without a task definition%); " ..
        "2 task definitions; 1 error, 0 warnings\n$", out)
    end)

    it("warns when a folder holds no JSON", function()
      local dir = h.tmpdir()
      h.write_file(dir .. "/notes.txt", "hello\n")
      local code, out, err = run { "check", dir }
      assert.equals(2, code)   -- this part: a folder with nothing to check is not a pass
      assert.matches("no JSON files found", err, 1, true)
      assert.matches("0 files checked (skipped: 1 not JSON or YAML)", out, 1, true)
    end)

    it("checks CloudFormation YAML in a folder, and skips YAML that is not CloudFormation", function()
      local dir = h.tmpdir()
      h.write_file(dir .. "/stack.yaml", "Resources:\n  Td:\n    Type: AWS::ECS::TaskDefinition\n" ..
        "    Properties:\n      NetworkMode: awsvpc\n      ContainerDefinitions:\n        - Name: web\n" ..
        "          Image: nginx\n          PortMappings:\n            - ContainerPort: 80\n" ..
        "              HostPort: 8080\n")
      h.write_file(dir .. "/k8s.yaml", "apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: Service\n")
      h.write_file(dir .. "/ci.yml", "on: push\njobs:\n  a:\n    steps: [ !reference x ]\n")
      local code, out, err = run { "check", dir }
      assert.equals(1, code, err)
      assert.matches("stack.yaml:11:25: error ECS008", out, 1, true)
      assert.matches("1 file checked (skipped: 2 YAML not CloudFormation", out, 1, true)
    end)

    it("names each task definition of a CloudFormation template", function()
      local code, out = run { "check", F .. "two-taskdefs.cfn.json" }
      assert.equals(1, code)
      assert.matches("two-taskdefs.cfn.json  api (awsvpc), Worker (awsvpc)\n", out, 1, true)
      assert.matches(":21:22: error ECS009 links are supported only in bridge mode.-%[Worker%]\n", out)
    end)
  end)

  describe("options", function()
    it("--launch-type adds to requiresCompatibilities (docs/reference.md §1.2, R3)", function()
      local code, out = run { "check", "--launch-type", "FARGATE", F .. "bridge-dynamic.json" }
      assert.equals(1, code)
      assert.matches("error ECS003", out, 1, true)
      code = run { "check", "--launch-type", "ec2", F .. "bridge-dynamic.json" }
      assert.equals(0, code)
    end)

    it("--reserved-ports replaces the agent's list (docs/reference.md §2.3)", function()
      local code, out = run { "check", "--reserved-ports", "2375,2376,8080", F .. "bridge-static-22.json" }
      assert.equals(0, code)
      assert.is_nil(out:find("host port 22/tcp", 1, true))
      assert.matches("host port 8080/tcp is reserved", out, 1, true)
    end)

    it("--dynamic-range flags static ports inside it (docs/reference.md §2.4)", function()
      local code, out = run { "check", "--dynamic-range", "8000-9000", F .. "bridge-static-22.json" }
      assert.equals(0, code)
      assert.matches("8080", out, 1, true)
      assert.matches("warning ECS018", out, 1, true)
    end)

    it("--os windows applies the Windows rules (docs/reference.md §1.2, R6)", function()
      local code, out = run { "check", "--os", "windows", "--severity", "error", F .. "bridge-dynamic.json" }
      assert.equals(0, code, out)
      code, out = run { "check", "--os", "windows", F .. "awsvpc-hostport.json" }
      assert.equals(1, code)
      assert.matches("ECS008", out, 1, true)
    end)

    it("--severity info shows the infos, --severity error hides warnings", function()
      local _, out = run { "check", "--severity", "info", F .. "bridge-dynamic.json" }
      assert.matches(":1:1: info ECS002 networkMode is not set", out, 1, true)
      local _, out2 = run { "check", "--severity", "error", F .. "bridge-static-22.json" }
      assert.is_nil(out2:find("ECS018", 1, true))
      assert.matches("1 warning not shown", out2, 1, true)
    end)

    it("--max-bytes limits the documents read", function()
      local code, _, err = run { "check", "--max-bytes", "100", F .. "good-fargate.json" }
      assert.equals(3, code)
      assert.matches("cannot check: document too large: 336 bytes", err, 1, true)
    end)

    it("-v quotes AWS's own error text (docs/reference.md §1.5)", function()
      local _, out = run { "check", "-v", F .. "awsvpc-hostport.json" }
      assert.matches(":10:46: error ECS008 hostPort 80 differs.-\n      AWS says: When networkMode=awsvpc, the host " ..
        "ports and container ports in port mappings must match%.\n", out)
    end)

    it("-v lists clean files too", function()
      local _, out = run { "check", "-v", F .. "good-fargate.json" }
      assert.equals(F .. "good-fargate.json  web (awsvpc)  ok\n\n1 file checked; 1 task definition; " ..
        "0 errors, 0 warnings\n", out)
    end)

    local bad = {
      { { "--launch-type", "ECS" }, "invalid launch type 'ECS'" },
      { { "--dynamic-range", "9000-8000" }, "'--dynamic-range': range '9000-8000' is reversed" },
      { { "--dynamic-range", "lots" }, "'--dynamic-range' must be FIRST-LAST" },
      { { "--reserved-ports", "22,70000" }, "'--reserved-ports' must be between 1 and 65535, got '70000'" },
      { { "--format", "xml" }, "invalid value 'xml' for '--format' (expected one of: text, json, sarif, junit, " ..
        "gitlab, github, gcc, checkstyle)" },
    }
    for _, c in ipairs(bad) do
      it("refuses " .. table.concat(c[1], " ") .. " with exit 2", function()
        local args = { "check" }
        for _, a in ipairs(c[1]) do args[#args + 1] = a end
        args[#args + 1] = F .. "good-fargate.json"
        local code, out, err = run(args)
        assert.equals(2, code)
        assert.equals("", out)
        assert.matches(c[2], err, 1, true)
      end)
    end
  end)

  describe("--format json", function()
    it("is one document: files, task definitions, diagnostics, summary", function()
      local code, out = run { "check", "--format", "json", F .. "awsvpc-hostport.json", F .. "good-fargate.json",
        F .. "malformed.json" }
      assert.equals(3, code)
      local doc = h.decode(out)
      assert.equals(3, #doc.files)
      local f1 = doc.files[1]
      assert.equals(F .. "awsvpc-hostport.json", f1.file)
      assert.equals(1, #f1.taskdefs)
      assert.equals("kibana", f1.taskdefs[1].family)
      local d = f1.taskdefs[1].diagnostics[1]
      assert.same({ "aws_message", "column", "end_column", "end_line", "line", "message", "pointer", "rule",
        "severity" }, (function()
        local k = {}
        for key in pairs(d) do k[#k + 1] = key end
        table.sort(k)
        return k
      end)())
      assert.equals("ECS008", d.rule)
      assert.equals("error", d.severity)
      assert.equals("/containerDefinitions/0/portMappings/0/hostPort", d.pointer)
      assert.equals(10, d.line)
      assert.equals(46, d.column)
      assert.equals("When networkMode=awsvpc, the host ports and container ports in port mappings must match.",
        d.aws_message)
      assert.equals("web", doc.files[2].taskdefs[1].family)
      assert.same({}, doc.files[2].taskdefs[1].diagnostics)
      assert.matches("^malformed JSON at line %d+ column %d+", doc.files[3].error)
      local s = doc.summary
      assert.equals(false, s.ok)
      assert.equals(3, s.files)
      assert.equals(2, s.taskdefs)
      assert.equals(1, s.errors)
      assert.equals(1, s.input_errors)
    end)

    it("includes infos by default, and keeps the key order stable", function()
      local _, out = run { "check", "--format", "json", F .. "bridge-dynamic.json" }
      assert.matches('"rule": "ECS002"', out, 1, true)
      local a = out:find('"files"', 1, true)
      local b = out:find('"summary"', 1, true)
      assert.truthy(a < b)
      local _, again = run { "check", "--format", "json", F .. "bridge-dynamic.json" }
      assert.equals(out, again)
    end)

    it("gives null for a family the template does not state", function()
      local _, out = run { "check", "--format", "json", F .. "two-taskdefs.cfn.json" }
      local doc = h.decode(out)
      assert.equals("api", doc.files[1].taskdefs[1].family)
      assert.equals(h.null, doc.files[1].taskdefs[2].family)
      assert.equals("Worker", doc.files[1].taskdefs[2].name)
      assert.equals("/Resources/Worker/Properties", doc.files[1].taskdefs[2].pointer)
    end)
  end)

  describe("--format sarif", function()
    -- The parts of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json) the
    -- output uses: each object's "required" properties, and no property the
    -- schema does not define (its objects are additionalProperties: false).
    local schema = {
      log = { required = { "version", "runs" }, props = { "$schema", "version", "runs", "properties" } },
      run = { required = { "tool" }, props = { "tool", "invocations", "artifacts", "results", "columnKind",
        "properties" } },
      tool = { required = { "driver" }, props = { "driver", "extensions", "properties" } },
      driver = { required = { "name" }, props = { "name", "version", "semanticVersion", "informationUri", "rules",
        "fullName", "properties" } },
      rule = { required = { "id" }, props = { "id", "name", "shortDescription", "fullDescription", "help",
        "helpUri", "defaultConfiguration", "properties" } },
      invocation = { required = { "executionSuccessful" }, props = { "executionSuccessful",
        "toolExecutionNotifications", "properties" } },
      result = { required = { "message" }, props = { "ruleId", "ruleIndex", "level", "message", "locations",
        "properties" } },
      location = { props = { "physicalLocation", "logicalLocations", "properties" } },
      physical = { props = { "artifactLocation", "region", "properties" } },
      artifactLocation = { props = { "uri", "uriBaseId", "index", "properties" } },
      region = { props = { "startLine", "startColumn", "endLine", "endColumn", "properties" } },
    }
    local function conforms(kind, obj)
      local s = schema[kind]
      assert.is_table(obj, kind)
      for _, r in ipairs(s.required or {}) do
        assert.is_not_nil(obj[r], kind .. " lacks required '" .. r .. "'")
      end
      local allowed = {}
      for _, p in ipairs(s.props) do allowed[p] = true end
      for k in pairs(obj) do
        assert.is_true(allowed[k] == true, kind .. " has '" .. tostring(k) .. "', which the schema does not define")
      end
    end

    it("is a SARIF 2.1.0 log with the rules and one result per diagnostic", function()
      local code, out = run { "check", "--format", "sarif", F .. "awsvpc-hostport.json", F .. "bridge-static-22.json" }
      assert.equals(1, code)
      local log = h.decode(out)
      conforms("log", log)
      assert.equals("2.1.0", log.version)
      assert.equals(1, #log.runs)
      local r = log.runs[1]
      conforms("run", r)
      conforms("tool", r.tool)
      conforms("driver", r.tool.driver)
      assert.equals("ecsnet", r.tool.driver.name)
      local ids = {}
      for i, rule in ipairs(r.tool.driver.rules) do
        conforms("rule", rule)
        assert.is_string(rule.shortDescription.text)
        ids[rule.id] = i - 1
      end
      assert.is_not_nil(ids.ECS008)
      conforms("invocation", r.invocations[1])
      assert.is_true(r.invocations[1].executionSuccessful)
      local levels = {}
      for _, res in ipairs(r.results) do
        conforms("result", res)
        assert.is_string(res.message.text)
        assert.equals(res.ruleId, r.tool.driver.rules[res.ruleIndex + 1].id)
        assert.truthy(({ error = true, warning = true, note = true, none = true })[res.level])
        levels[res.ruleId] = res.level
        local loc = res.locations[1]
        conforms("location", loc)
        conforms("physical", loc.physicalLocation)
        conforms("artifactLocation", loc.physicalLocation.artifactLocation)
        conforms("region", loc.physicalLocation.region)
        assert.truthy(loc.physicalLocation.region.startLine >= 1)
        assert.truthy(loc.physicalLocation.region.startColumn >= 1)
      end
      assert.equals("error", levels.ECS008)
      assert.equals("warning", levels.ECS018)
      assert.equals("note", levels.ECS020)
      assert.equals("spec/fixtures/cli/awsvpc-hostport.json", r.results[1].locations[1].physicalLocation
        .artifactLocation.uri)
      assert.equals("/containerDefinitions/0/portMappings/0/hostPort", r.results[1].properties.pointer)
      -- "hostPort": 80 on line 10: the region ends after "80" (endColumn is exclusive)
      assert.same({ startLine = 10, startColumn = 46, endLine = 10, endColumn = 48 },
        r.results[1].locations[1].physicalLocation.region)
      assert.equals(2, #r.artifacts)
    end)

    it("reports an unreadable file as a failed execution, exit 3", function()
      local code, out = run { "check", "--format", "sarif", F .. "malformed.json" }
      assert.equals(3, code)
      local r = h.decode(out).runs[1]
      assert.is_false(r.invocations[1].executionSuccessful)
      local n = r.invocations[1].toolExecutionNotifications[1]
      assert.equals("error", n.level)
      assert.matches("^malformed JSON at line %d+ column %d+", n.message.text)
      assert.same({}, r.results)
    end)
  end)

  describe("progress", function()
    it("goes to stderr only when it is a terminal", function()
      local code, out, err = run { "check", F .. "dir" }
      assert.equals(1, code)
      assert.equals("", err)
      assert.is_nil(out:find("\r", 1, true))
      if not h.have_script() then
        pending("util-linux 'script' is not installed")
        return
      end
      local _, text = h.run_tty { "check", F .. "dir" }
      assert.truthy(text:find("\r\27[K0/4 " .. F .. "dir/a-good.json", 1, true))   -- values.yaml is read too
    end)
  end)

  describe("without the C module", function()
    local nomod = { env = { ECSNET_BUILD = "/nonexistent", LUA_CPATH = "/nonexistent/?.so" } }

    it("still shows --help (the name lists come from the module when it loads)", function()
      local code, out = run({ "check", "--help" }, nomod)
      assert.equals(0, code)
      assert.matches("--launch-type TYPE", out, 1, true)
    end)

    it("says to build it, exit 2", function()
      local code, out, err = run({ "check", "--os", "windows", F .. "good-fargate.json" }, nomod)
      assert.equals(2, code)
      assert.equals("", out)
      assert.matches("^ecsnet check: cannot load the ecsnet module", err)
    end)
  end)

  describe("color", function()
    it("marks severities when asked, never in JSON", function()
      local _, out = run { "check", "--color", "always", F .. "awsvpc-hostport.json" }
      assert.truthy(out:find("\27[1;31merror\27[0m", 1, true))
      local _, js = run { "check", "--color", "always", "--format", "json", F .. "awsvpc-hostport.json" }
      assert.is_nil(js:find("\27", 1, true))
    end)
  end)
end)

describe("ecsnet check, in this process", function()
  -- cli.main with captured output, counting the validations: calls of
  -- ecsnet.validate, and the files of each batch the core reads and
  -- validates itself (ecsnet.core.check_files).
  local function check_counting(argv)
    local ecsnet = require "ecsnet"
    local core = require "ecsnet.core"
    local cli = require "ecsnet.cli"
    local calls, chunks = { validate = 0, taskdefs = 0 }, {}
    local validate, taskdefs, check_files = ecsnet.validate, ecsnet.taskdefs, core.check_files
    ecsnet.validate = function(...)
      calls.validate = calls.validate + 1
      return validate(...)
    end
    core.check_files = function(paths, ...)
      calls.validate = calls.validate + #paths
      return check_files(paths, ...)
    end
    ecsnet.taskdefs = function(...)
      calls.taskdefs = calls.taskdefs + 1
      return taskdefs(...)
    end
    local sink = { write = function(self, ...)
      for _, s in ipairs({ ... }) do chunks[#chunks + 1] = tostring(s) end
      return self
    end }
    local ok, code = pcall(cli.main, argv, { stdout = sink, stderr = sink, isatty = function() return false end })
    ecsnet.validate, ecsnet.taskdefs, core.check_files = validate, taskdefs, check_files
    assert(ok, code)
    return code, table.concat(chunks), calls
  end

  it("parses and validates each file once (no ecsnet.taskdefs pass besides)", function()
    local code, out, calls = check_counting { "check", "--format", "json", F .. "awsvpc-hostport.json",
      F .. "two-taskdefs.cfn.json", F .. "good-fargate.json" }
    assert.equals(1, code)
    assert.same({ validate = 3, taskdefs = 0 }, calls)
    local doc = h.decode(out)
    assert.equals("kibana", doc.files[1].taskdefs[1].family)
    assert.equals(2, #doc.files[2].taskdefs)
    assert.equals("awsvpc", doc.files[3].taskdefs[1].network_mode)
    assert.equals(4, doc.summary.taskdefs)
  end)

  it("once per JSON file of a folder too (package.json included), text output naming the task definitions",
    function()
      local _, out, calls = check_counting { "check", "-v", F .. "dir" }
      assert.same({ validate = 3, taskdefs = 0 }, calls)
      assert.matches(F .. "dir/a-good.json  web (awsvpc)  ok\n", out, 1, true)
      assert.matches(F .. "dir/nested/b-bad.json  kibana (awsvpc)\n", out, 1, true)
      assert.matches("2 files checked (skipped: 1 not JSON or YAML, 1 YAML not CloudFormation (Kubernetes, compose, " ..
        "CI ...), 1 without a task definition); 2 task definitions",
        out, 1, true)
    end)
end)
