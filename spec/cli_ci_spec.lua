-- `ecsnet check` in CI: suppressions (--ignore, --include, --severity-of,
-- .ecsnet.yml, CloudFormation Metadata), the CI formats (junit, gitlab,
-- github, gcc, checkstyle) and the exit status (--fail-on, 3 for inputs
-- that could not be read). bin/ecsnet as a subprocess, as CI runs it.
local h = require "cli_helper"
local config = require "ecsnet.cli.config"
local formats = require "ecsnet.cli.formats"
local run = h.run

local F = "spec/fixtures/cli/"
local STATIC22 = F .. "bridge-static-22.json"   -- ECS018 warning, ECS020 info (docs/reference.md §2.3)
local HOSTPORT = F .. "awsvpc-hostport.json"    -- ECS008 error (docs/reference.md §1.3)

local TOP = os.getenv("PWD") or "."
-- the tools a spec reads the output with run without the sanitizer run's
-- preloaded libraries (LeakSanitizer reports their own leaks)
local TOOL = "env -u LD_PRELOAD "

-- Runs bin/ecsnet from `dir` (the configuration is looked for from there).
local function run_in(dir, args)
  local build = h.build_dir()
  if build and build:sub(1, 1) ~= "/" then build = TOP .. "/" .. build end
  local words = {}
  for i, a in ipairs(args) do words[i] = h.quote(a) end
  local out, err = os.tmpname(), os.tmpname()
  local cmd = string.format("cd %s && env ECSNET_LUA=%s %s %s %s </dev/null >%s 2>%s; echo $?", h.quote(dir),
    h.lua_name(), build and ("ECSNET_BUILD=" .. h.quote(build)) or "", h.quote(TOP .. "/bin/ecsnet"),
    table.concat(words, " "), h.quote(out), h.quote(err))
  local p = assert(io.popen(cmd))
  local code = tonumber(p:read("*a"))
  p:close()
  local so, se = h.read_file(out), h.read_file(err)
  os.remove(out)
  os.remove(err)
  return code, so, se
end

local function have(cmd)
  local ok = os.execute("command -v " .. cmd .. " >/dev/null 2>&1")
  return ok == true or ok == 0
end

-- A repository in a scratch folder: .git, and the files given.
local function repo(files)
  local dir = h.tmpdir()
  assert(os.execute("mkdir -p " .. h.quote(dir .. "/.git")))
  for path, text in pairs(files or {}) do
    local sub = path:match("^(.*)/[^/]*$")
    if sub then assert(os.execute("mkdir -p " .. h.quote(dir .. "/" .. sub))) end
    h.write_file(dir .. "/" .. path, text)
  end
  return dir
end

local function find_result(sarif, rule)
  for _, r in ipairs(sarif.runs[1].results) do
    if r.ruleId == rule then return r end
  end
end

describe("check: suppressions", function()
  teardown(h.cleanup)

  it("--ignore RULE: not reported, counted as suppressed, and no longer fails --strict", function()
    local code, out = run { "check", "--strict", "--ignore", "ECS018", STATIC22 }
    assert.equals(0, code)
    assert.is_nil(out:find("ECS018", 1, true))
    assert.matches("0 errors, 0 warnings, 1 info not shown, 1 suppressed\n$", out)
  end)

  it("--ignore takes a prefix, a rule name and a comma list", function()
    for _, v in ipairs { "ECS01", "ecs018", "reserved-host-port", "ECS020,ECS018" } do
      local code, out = run { "check", "--strict", "--ignore", v, STATIC22 }
      assert.equals(0, code, v)
      assert.matches("suppressed", out, 1, true)
    end
  end)

  it("an unknown rule is a usage error naming the nearest one", function()
    local code, out, err = run { "check", "--ignore", "ECS99", STATIC22 }
    assert.equals(2, code)
    assert.equals("", out)
    assert.matches("'--ignore': unknown rule 'ECS99' (did you mean ECS009?)", err, 1, true)
  end)

  it("--include reports a rule an ignore prefix names (no rule is off by default)", function()
    local code, out = run { "check", "--strict", "--ignore", "ECS0", "--include", "ECS018", STATIC22 }
    assert.equals(1, code)
    assert.matches("warning ECS018", out, 1, true)
    assert.matches("1 suppressed", out, 1, true)   -- ECS020
  end)

  it("--severity-of raises or lowers a rule; json keeps the default", function()
    local code, out = run { "check", "--severity-of", "ECS018=error", STATIC22 }
    assert.equals(1, code)
    assert.matches(":10:9: error ECS018", out, 1, true)
    local _, js = run { "check", "--format", "json", "--severity-of", "ECS018=error", STATIC22 }
    local d = h.decode(js).files[1].taskdefs[1].diagnostics[1]
    assert.same({ "ECS018", "error", "warning" }, { d.rule, d.severity, d.default_severity })
    local code2 = run { "check", "--severity-of", "ECS008=warning", HOSTPORT }
    assert.equals(0, code2)
  end)

  it("--severity-of refuses what is not RULE=LEVEL", function()
    for _, v in ipairs { "ECS018", "ECS018=fatal", "NOPE=error" } do
      local code, _, err = run { "check", "--severity-of", v, STATIC22 }
      assert.equals(2, code, v)
      assert.matches("'--severity-of'", err, 1, true)
    end
  end)

  it("json marks a suppressed finding; sarif gives it an external suppression", function()
    local _, js = run { "check", "--format", "json", "--ignore", "ECS018", STATIC22 }
    local doc = h.decode(js)
    assert.equals(1, doc.summary.suppressed)
    assert.equals(0, doc.summary.warnings)
    local d = doc.files[1].taskdefs[1].diagnostics[1]
    assert.same({ "ECS018", "external", "'--ignore' ignores ECS018" },
      { d.rule, d.suppressed.kind, d.suppressed.justification })
    local _, sa = run { "check", "--format", "sarif", "--ignore", "ECS018", STATIC22 }
    local r = find_result(h.decode(sa), "ECS018")
    assert.same({ { kind = "external", justification = "'--ignore' ignores ECS018" } }, r.suppressions)
    assert.is_nil(find_result(h.decode(sa), "ECS020").suppressions)
  end)

  describe("CloudFormation Metadata (in source)", function()
    local TEMPLATE = [[
AWSTemplateFormatVersion: "2010-09-09"
Metadata:
  ecsnet:
    ignore: [ECS020]
Resources:
  Ssh:
    Type: AWS::ECS::TaskDefinition
    Metadata:
      ecsnet:
        ignore:
          - ECS018
    Properties:
      Family: sshd
      NetworkMode: bridge
      ContainerDefinitions:
        - Name: sshd
          Image: example/sshd:1
          Memory: 128
          PortMappings:
            - ContainerPort: 22
              HostPort: 22
  Other:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: other
      NetworkMode: bridge
      ContainerDefinitions:
        - Name: other
          Image: example/other:1
          Memory: 128
          PortMappings:
            - ContainerPort: 2375
              HostPort: 2375
]]

    it("a resource's Metadata silences its own findings; the template's, all of them", function()
      local dir = h.tmpdir()
      h.write_file(dir .. "/stack.yaml", TEMPLATE)
      local code, out = run { "check", "--strict", dir .. "/stack.yaml" }
      -- Other's ECS018 (2375 is a default reserved port) is not silenced
      assert.equals(1, code)
      assert.matches("stack.yaml:32:15: warning ECS018", out, 1, true)
      assert.is_nil(out:find(":20:", 1, true))
      assert.matches("0 errors, 1 warning, 3 suppressed\n$", out)
      local _, sa = run { "check", "--format", "sarif", dir .. "/stack.yaml" }
      local kinds = {}
      for _, r in ipairs(h.decode(sa).runs[1].results) do
        kinds[#kinds + 1] = r.ruleId .. ":" .. (r.suppressions and r.suppressions[1].kind or "-")
      end
      table.sort(kinds)
      assert.same({ "ECS018:-", "ECS018:inSource", "ECS020:inSource", "ECS020:inSource" }, kinds)
    end)

    it("in a JSON template too; an unknown rule there is named on stderr", function()
      local dir = h.tmpdir()
      h.write_file(dir .. "/t.json", [[{"Metadata": {"ecsnet": {"ignore": ["ECS008", "ECS9999"]}},
        "Resources": {"T": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"NetworkMode": "awsvpc",
        "ContainerDefinitions": [{"Name": "a", "Image": "a", "Memory": 128,
        "PortMappings": [{"ContainerPort": 5601, "HostPort": 80}]}]}}}}]])
      local code, out, err = run { "check", dir .. "/t.json" }
      assert.equals(0, code)
      assert.matches("1 suppressed", out, 1, true)
      assert.matches("t.json: the template's Metadata: unknown rule 'ECS9999'", err, 1, true)
    end)
  end)
end)

describe("check: .ecsnet.yml", function()
  teardown(h.cleanup)

  it("is found from the working folder up to the repository root", function()
    local dir = repo { [".ecsnet.yml"] = "# team settings\nignore: [ECS018]\n",
      ["infra/web/td.json"] = h.read_file(STATIC22) }
    local code, out = run_in(dir .. "/infra/web", { "check", "--strict", "td.json" })
    assert.equals(0, code, out)
    assert.matches("1 suppressed", out, 1, true)
    local _, sa = run_in(dir .. "/infra", { "check", "--format", "sarif", "web/td.json" })
    local r = find_result(h.decode(sa), "ECS018")
    assert.equals("external", r.suppressions[1].kind)
    assert.matches(".ecsnet.yml' ignore ignores ECS018", r.suppressions[1].justification, 1, true)
  end)

  it("is not looked for above the repository root, and --no-config reads none", function()
    local outer = h.tmpdir()
    h.write_file(outer .. "/.ecsnet.yml", "ignore: [ECS018]\n")
    assert(os.execute("mkdir -p " .. h.quote(outer .. "/repo/.git")))
    h.write_file(outer .. "/repo/td.json", h.read_file(STATIC22))
    assert.equals(1, (run_in(outer .. "/repo", { "check", "--strict", "td.json" })))
    assert.equals(0, (run_in(outer, { "check", "--strict", "repo/td.json" })))
    assert.equals(1, (run_in(outer, { "check", "--strict", "--no-config", "repo/td.json" })))
  end)

  it("--config FILE names it; --config with --no-config is refused", function()
    local dir = h.tmpdir()
    h.write_file(dir .. "/ci.yml", "severity:\n  ECS018: error\n")
    local code, out = run { "check", "--config", dir .. "/ci.yml", STATIC22 }
    assert.equals(1, code)
    assert.matches("error ECS018", out, 1, true)
    local code2, _, err = run { "check", "--config", dir .. "/ci.yml", "--no-config", STATIC22 }
    assert.equals(2, code2)
    assert.matches("contradict", err, 1, true)
  end)

  it("an unknown key is a configuration error (exit 2) that names the nearest key", function()
    local dir = h.tmpdir()
    h.write_file(dir .. "/c.yml", "ignroe: [ECS018]\n")
    local code, out, err = run { "check", "--config", dir .. "/c.yml", STATIC22 }
    assert.equals(2, code)
    assert.equals("", out)
    assert.matches("c.yml': unknown key 'ignroe' (did you mean 'ignore'?)", err, 1, true)
  end)

  it("malformed YAML, a wrong value or an unknown rule is a configuration error with the file", function()
    local dir = h.tmpdir()
    local cases = {
      { "ignore: [ECS018\n", "c.yml': malformed YAML at line 2" },
      { "- ECS018\n", "must be a mapping of settings" },
      { "severity: [ECS018]\n", "'severity' must be a mapping of rule to level" },
      { "severity: {ECS018: loud}\n", "invalid level 'loud'" },
      { "ignore: [ECS0999]\n", "c.yml' ignore: unknown rule 'ECS0999'" },
      { "os: plan9\n", "'os' must be linux or windows, got 'plan9'" },
      { "instance_data: nowhere.json\n", "'instance_data' names" },
      { "dynamic_range: [1]\n", "'dynamic_range' must be FIRST-LAST or a list of two ports" },
      { "dynamic_range: 9000-8000\n", "c.yml dynamic_range': range '9000-8000' is reversed" },
      { "reserved_ports: [22, 70000]\n", "c.yml reserved_ports' must be between 1 and 65535, got '70000'" },
      { "launch_type: LAMBDA\n", "c.yml launch_type': invalid launch type 'LAMBDA'" },
    }
    for _, c in ipairs(cases) do
      h.write_file(dir .. "/c.yml", c[1])
      local code, _, err = run { "check", "--config", dir .. "/c.yml", STATIC22 }
      assert.equals(2, code, c[1])
      assert.matches(c[2], err, 1, true)
      assert.equals(1, select(2, err:gsub("\n", "")), err)
    end
  end)

  it("an empty file, or one of comments, sets nothing", function()
    local dir = h.tmpdir()
    for _, text in ipairs { "", "# nothing yet\n", "---\n" } do
      h.write_file(dir .. "/c.yml", text)
      assert.equals(0, (run { "check", "--config", dir .. "/c.yml", STATIC22 }))
    end
  end)

  it("launch_type, os and the agent's ports apply as the options do; the command line wins", function()
    local dir = h.tmpdir()
    h.write_file(dir .. "/c.yml", "launch_type: [FARGATE]\n")
    local code, out = run { "check", "--config", dir .. "/c.yml", STATIC22 }
    assert.equals(1, code)
    assert.matches("ECS003", out, 1, true)   -- FARGATE needs awsvpc (docs/reference.md §1.2)
    assert.equals(0, (run { "check", "--config", dir .. "/c.yml", "--launch-type", "EC2", STATIC22 }))
    -- a reserved-port list replaces the defaults (docs/reference.md §2.3): 22 no longer reserved
    h.write_file(dir .. "/c.yml", "reserved_ports: [2375, 2376, 51678, 51679]\ndynamic_range: [32768, 60999]\n" ..
      "os: linux\n")
    assert.equals(0, (run { "check", "--strict", "--config", dir .. "/c.yml", STATIC22 }))
    assert.equals(1, (run { "check", "--strict", "--config", dir .. "/c.yml", "--reserved-ports", "22", STATIC22 }))
  end)

  it("exclude skips files and folders by glob, listed with why", function()
    local dir = repo { [".ecsnet.yml"] = 'exclude: ["legacy/**", "*.generated.json"]\n',
      ["legacy/old/td.json"] = h.read_file(HOSTPORT), ["app/web.generated.json"] = h.read_file(HOSTPORT),
      ["app/web.json"] = h.read_file(F .. "good-fargate.json") }
    local code, out = run_in(dir, { "check", "--format", "json", "." })
    assert.equals(0, code, out)
    local doc = h.decode(out)
    assert.equals(1, #doc.files)
    local kinds = {}
    for _, sk in ipairs(doc.skipped) do kinds[sk.path] = sk.kind .. " " .. sk.reason end
    assert.matches("^excluded excluded by .*%.ecsnet%.yml %(legacy/%*%*%)$", kinds["./legacy/"])
    assert.is_nil(kinds["./legacy/old/"])
    assert.equals(2, doc.summary.skipped_excluded)
    assert.matches("^excluded .*%(%*%.generated%.json%)$", kinds["./app/web.generated.json"])
    -- named on the command line, from another folder: still excluded
    local code2 = run_in(dir .. "/app", { "check", "web.generated.json", "web.json" })
    assert.equals(0, code2)
  end)

  it("ignore takes {rules, paths}: the rules ignored only in the files the globs name (plain JSON)", function()
    local dir = repo { [".ecsnet.yml"] = 'ignore:\n  - ECS020\n  - rules: [ECS008]\n    paths: ["legacy/*.json"]\n',
      ["legacy/td.json"] = h.read_file(HOSTPORT), ["app/td.json"] = h.read_file(HOSTPORT) }
    local code, out = run_in(dir, { "check", "--format", "json", "legacy/td.json", "app/td.json" })
    assert.equals(1, code)
    local doc = h.decode(out)
    local legacy = doc.files[1].taskdefs[1].diagnostics[1]
    local app = doc.files[2].taskdefs[1].diagnostics[1]
    assert.same({ "ECS008", "external" }, { legacy.rule, legacy.suppressed.kind })
    assert.matches("ignore ignores ECS008 in legacy/*.json", legacy.suppressed.justification, 1, true)
    assert.same({ "ECS008", nil }, { app.rule, app.suppressed })
    -- from inside legacy/, the glob is still read from the configuration's folder
    assert.equals(0, (run_in(dir .. "/legacy", { "check", "td.json" })))
  end)

  it("an ignore mapping needs rules and paths, and no other key", function()
    local dir = h.tmpdir()
    for _, c in ipairs {
      { "ignore:\n  - rules: [ECS008]\n", "each with rules and paths" },
      { "ignore:\n  - rules: [ECS008]\n    path: [x]\n", "unknown key 'path' (did you mean 'paths'?)" },
      { "ignore:\n  - rules: [ECS0999]\n    paths: [x]\n", "unknown rule 'ECS0999'" },
    } do
      h.write_file(dir .. "/c.yml", c[1])
      local code, _, err = run { "check", "--config", dir .. "/c.yml", HOSTPORT }
      assert.equals(2, code, c[1])
      assert.matches(c[2], err, 1, true)
    end
  end)

  describe("its pieces", function()
    it("globs: ** crosses folders, * and ? do not", function()
      assert.is_true(config.glob("legacy/**", "legacy/a/b.json"))
      assert.is_true(config.glob("**/gen/*.json", "gen/x.json"))
      assert.is_true(config.glob("**/gen/*.json", "a/b/gen/x.json"))
      assert.is_false(config.glob("*.json", "a/x.json"))
      assert.is_true(config.glob("t?.json", "t1.json"))
      assert.is_false(config.glob("t?.json", "t/.json"))
      assert.is_false(config.glob("legacy/**", "app/legacy.json"))
    end)

    it("the search stops at the folder holding .git", function()
      local outer = h.tmpdir()
      h.write_file(outer .. "/.ecsnet.yml", "")
      assert(os.execute("mkdir -p " .. h.quote(outer .. "/r/.git") .. " " .. h.quote(outer .. "/r/a/b")))
      assert.is_nil(config.find(outer .. "/r/a/b"))
      h.write_file(outer .. "/r/.ecsnet.yml", "")
      assert.equals(outer .. "/r/.ecsnet.yml", config.find(outer .. "/r/a/b"))
      assert.equals(outer .. "/.ecsnet.yml", config.find(outer))
    end)
  end)
end)

describe("check: CI formats", function()
  teardown(h.cleanup)

  local function xml_ok(text)
    if not have("xmllint") then return true end
    local f = os.tmpname()
    h.write_file(f, text)
    local ok = os.execute(TOOL .. "xmllint --noout " .. h.quote(f) .. " 2>/dev/null")
    os.remove(f)
    return ok == true or ok == 0
  end

  it("gcc: FILE:LINE:COL: error: message [RULE], warnings and notes", function()
    local code, out = run { "check", "--format", "gcc", "--severity", "info", HOSTPORT, STATIC22 }
    assert.equals(1, code)
    local l = {}
    for line in out:gmatch("[^\n]+") do l[#l + 1] = line end
    assert.equals(3, #l)
    assert.matches("^" .. HOSTPORT:gsub("%p", "%%%0") .. ":10:46: error: hostPort 80 differs .* %[ECS008%]$", l[1])
    assert.matches(":10:9: warning: host port 22/tcp is reserved .* %[ECS018%]$", l[2])
    assert.matches(":10:9: note: .* %[ECS020%]$", l[3])
  end)

  it("github: workflow commands with file, line, col and title", function()
    local code, out = run { "check", "--format", "github", HOSTPORT, STATIC22 }
    assert.equals(1, code)
    assert.matches("^::error file=" .. HOSTPORT:gsub("%p", "%%%0") .. ",line=10,col=46,title=ECS008::hostPort 80", out)
    assert.matches("\n::warning file=[^\n]*,line=10,col=9,title=ECS018::host port 22/tcp", out)
  end)

  it("github: %, CR and LF escaped in messages; ',' and ':' too in properties", function()
    assert.equals("100%25 a%0D%0Ab: c, d", formats.gh_data("100% a\r\nb: c, d"))
    assert.equals("a%2Cb%3Ac%25%0A", formats.gh_property("a,b:c%\n"))
    local dir = h.tmpdir()
    local name = dir .. "/a,b:c%.json"
    h.write_file(name, h.read_file(HOSTPORT))
    local _, out = run { "check", "--format", "github", name }
    assert.matches("file=" .. (dir:gsub("%p", "%%%0")) .. "/a%%2Cb%%3Ac%%25%.json,line=10", out)
  end)

  it("gitlab: Code Quality issues with stable, distinct fingerprints", function()
    local code, out = run { "check", "--format", "gitlab", HOSTPORT, STATIC22 }
    assert.equals(1, code)
    local list = h.decode(out)
    assert.equals(3, #list)
    local i = list[1]
    assert.same({ "ECS008", "major", HOSTPORT, 10 },
      { i.check_name, i.severity, i.location.path, i.location.lines.begin })
    assert.matches("^ECS008: hostPort 80 differs", i.description)
    assert.same({ "minor", "info" }, { list[2].severity, list[3].severity })
    local again = h.decode(select(2, run { "check", "--format", "gitlab", STATIC22, HOSTPORT }))
    local seen = {}
    for _, x in ipairs(list) do seen[x.fingerprint] = true end
    assert.equals(3, #again)
    for _, x in ipairs(again) do assert.is_true(seen[x.fingerprint], x.check_name) end
    assert.are_not.equal(list[2].fingerprint, list[3].fingerprint)
    assert.matches("^%x+$", list[1].fingerprint)
  end)

  it("gitlab: a clean run is an empty list", function()
    local code, out = run { "check", "--format", "gitlab", F .. "good-fargate.json" }
    assert.equals(0, code)
    assert.same({}, h.decode(out))
  end)

  it("junit: a suite per file; failures, suppressed findings skipped, unreadable files errors", function()
    local code, out = run { "check", "--format", "junit", "--ignore", "ECS018", HOSTPORT, STATIC22,
      F .. "good-fargate.json", F .. "malformed.json" }
    assert.equals(3, code)
    assert.is_true(xml_ok(out), out)
    assert.matches('<testsuites name="ecsnet check" tests="5" failures="2" errors="1">', out, 1, true)
    assert.matches('<testsuite name="' .. STATIC22 .. '" file="' .. STATIC22 .. '" tests="2" failures="1" ' ..
      'errors="0" skipped="1">', out, 1, true)
    assert.matches('<failure message="hostPort 80 differs', out, 1, true)
    assert.matches("<skipped message=\"suppressed (external): &apos;--ignore&apos; ignores ECS018\"/>", out, 1, true)
    assert.matches('name="no findings"', out, 1, true)
    assert.matches('<error message="malformed JSON at line', out, 1, true)
  end)

  it("checkstyle: every file, an error element per finding", function()
    local code, out = run { "check", "--format", "checkstyle", HOSTPORT, F .. "good-fargate.json" }
    assert.equals(1, code)
    assert.is_true(xml_ok(out), out)
    assert.matches('<file name="' .. F .. 'good-fargate.json">\n  </file>', out, 1, true)
    assert.matches('<error line="10" column="46" severity="error" message="hostPort 80 differs', out, 1, true)
    assert.matches('source="ecsnet.ECS008"/>', out, 1, true)
  end)

  it("sarif: a file named twice (in its folder and on its own) is one artifact (SARIF's are unique)", function()
    local _, out = run { "check", "--format", "sarif", F, HOSTPORT }
    local run1 = h.decode(out).runs[1]
    local seen = {}
    for _, a in ipairs(run1.artifacts) do
      assert.is_nil(seen[a.location.uri], a.location.uri)
      seen[a.location.uri] = true
    end
    local idx = {}
    for _, r in ipairs(run1.results) do
      local loc = r.locations[1].physicalLocation.artifactLocation
      assert.equals(loc.uri, run1.artifacts[loc.index + 1].location.uri)
      if r.ruleId == "ECS008" and loc.uri == HOSTPORT then idx[#idx + 1] = loc.index end
    end
    assert.equals(2, #idx)
    assert.equals(idx[1], idx[2])
  end)

  it("XML text: markup escaped, control bytes and bytes that are not UTF-8 as \\xHH", function()
    assert.equals("a&lt;b&gt;&amp;&quot;&apos;\\x01", formats.xml("a<b>&\"'\1"))
    assert.equals("caf\195\169", formats.xml("caf\195\169"))
    assert.equals("caf\\xE9", formats.xml("caf\233"))
  end)
end)

describe("check: exit status", function()
  it("--fail-on sets the lowest severity that fails; --strict is --fail-on warning", function()
    assert.equals(0, (run { "check", STATIC22 }))
    assert.equals(1, (run { "check", "--fail-on", "warning", STATIC22 }))
    assert.equals(1, (run { "check", "--strict", STATIC22 }))
    assert.equals(1, (run { "check", "--fail-on", "info", "--ignore", "ECS018", STATIC22 }))
    assert.equals(0, (run { "check", "--fail-on", "info", "--ignore", "ECS018,ECS020", STATIC22 }))
    local code, _, err = run { "check", "--strict", "--fail-on", "error", STATIC22 }
    assert.equals(2, code)
    assert.matches("'--strict' is '--fail-on warning'", err, 1, true)
  end)

  it("3 when an input could not be read, after checking and reporting the rest", function()
    local code, out, err = run { "check", "--format", "gcc", HOSTPORT, F .. "nope.json" }
    assert.equals(3, code)
    assert.matches(":10:46: error:", out, 1, true)
    assert.matches("nope.json: cannot check: cannot open", err, 1, true)
  end)

  it("--skip-unrelated: named files without a task definition are skipped, and nothing checked is 0", function()
    local dir = h.tmpdir()
    h.write_file(dir .. "/ci.yml", "jobs:\n  test:\n    script: [make]\n")
    h.write_file(dir .. "/package.json", '{"name": "x"}')
    assert.equals(3, (run { "check", dir .. "/ci.yml" }))
    local code, out = run { "check", "--skip-unrelated", dir .. "/ci.yml", dir .. "/package.json" }
    assert.equals(0, code)
    assert.matches("0 files checked (skipped: 1 YAML not CloudFormation", out, 1, true)
    assert.equals(1, (run { "check", "--skip-unrelated", dir .. "/ci.yml", HOSTPORT }))
    assert.equals(3, (run { "check", "--skip-unrelated", dir .. "/ci.yml", F .. "malformed.json" }))
  end)

  it("2 for a usage error, whatever the inputs", function()
    assert.equals(2, (run { "check", "--fail-on", "never", F .. "nope.json" }))
  end)
end)
