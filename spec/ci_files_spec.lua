-- The CI files the repository ships: .pre-commit-hooks.yaml and the
-- example workflows under examples/ci/. Each is read with the module's own
-- YAML reader (ecsnet.core.yaml_decode), its shape checked where the CI
-- system's documentation fixes it, and every `ecsnet check` command in it
-- run (with bin/ecsnet first on PATH, from a scratch folder that sees the
-- tree's examples/), its outputs read back as the CI system would.
local h = require "cli_helper"
local core = require "ecsnet.core"

local TOP = os.getenv("PWD") or "."
-- the tools a spec reads the output with run without the sanitizer run's
-- preloaded libraries (LeakSanitizer reports their own leaks)
local TOOL = "env -u LD_PRELOAD "

local function yaml(path)
  local text = assert(h.read_file(path) ~= "" and h.read_file(path), path .. " is missing or empty")
  return assert(core.yaml_decode(text, path))
end

local function have(cmd)
  local ok = os.execute("command -v " .. cmd .. " >/dev/null 2>&1")
  return ok == true or ok == 0
end

-- A scratch folder with examples/ linked in, where the commands run.
local function workdir()
  local dir = h.tmpdir()
  assert(os.execute("ln -s " .. h.quote(TOP .. "/examples") .. " " .. h.quote(dir .. "/examples")))
  return dir
end

-- Runs one shell line of a CI file as that CI would (sh -e), with ecsnet
-- being this tree's bin/ecsnet; returns the exit status and stderr.
local function sh(dir, line)
  local build = h.build_dir()
  if build and build:sub(1, 1) ~= "/" then build = TOP .. "/" .. build end
  local err = os.tmpname()
  local cmd = string.format("cd %s && env PATH=%s ECSNET_LUA=%s %s sh -ec %s </dev/null >/dev/null 2>%s; echo $?",
    h.quote(dir), h.quote(TOP .. "/bin:" .. os.getenv("PATH")), h.lua_name(),
    build and ("ECSNET_BUILD=" .. h.quote(build)) or "", h.quote(line), h.quote(err))
  local p = assert(io.popen(cmd))
  local code = tonumber(p:read("*a"))
  p:close()
  local e = h.read_file(err)
  os.remove(err)
  return code, e
end

-- The `ecsnet ...` lines of a list of shell scripts (a step's `run`, a job's `script`).
local function ecsnet_lines(scripts)
  local out = {}
  for _, s in ipairs(scripts) do
    for line in (s .. "\n"):gmatch("([^\n]*)\n") do
      if line:match("^%s*ecsnet ") then out[#out + 1] = line:match("^%s*(.-)%s*$") end
    end
  end
  return out
end

describe(".pre-commit-hooks.yaml", function()
  teardown(h.cleanup)
  local hooks = yaml(".pre-commit-hooks.yaml")

  it("is a list of hooks with pre-commit's required keys; the ecsnet hook runs ecsnet check", function()
    assert.is_table(hooks[1])
    local hook = hooks[1]
    for _, k in ipairs { "id", "name", "entry", "language" } do assert.is_string(hook[k], k) end
    assert.same({ "ecsnet", "ecsnet check" }, { hook.id, hook.entry })
  end)

  it("pre-commit itself accepts it (pre-commit validate-manifest), where pre-commit is installed", function()
    if not have("pre-commit") then
      pending("pre-commit is not installed here (Debian: apt-get install pre-commit)")
      return
    end
    local ok = os.execute(TOOL .. "pre-commit validate-manifest .pre-commit-hooks.yaml >/dev/null 2>&1")
    assert.is_true(ok == true or ok == 0)
  end)

  it("its files pattern takes JSON, YAML and .template files and nothing else", function()
    if not have("grep") then return end
    local pattern = hooks[1].files
    local function matches(name)
      local ok = os.execute("printf '%s\\n' " .. h.quote(name) .. " | " .. TOOL .. "grep -Eq " .. h.quote(pattern))
      return ok == true or ok == 0
    end
    for _, n in ipairs { "a.json", "infra/b.yaml", "c.yml", "stack.template" } do
      assert.is_true(matches(n), n)
    end
    for _, n in ipairs { "README.md", "main.tf", "x.jsonl", "y.yamlx" } do
      assert.is_false(matches(n), n)
    end
  end)

  it("its entry, given files as pre-commit gives them, checks them", function()
    local dir = workdir()
    local cmd = hooks[1].entry .. " " .. table.concat(hooks[1].args or {}, " ") .. " "
    -- a workflow file is YAML but not CloudFormation: skipped, not an error
    assert.equals(0, (sh(dir, cmd .. "examples/taskdefs/web-fargate.json examples/ci/github-actions.yml")))
    assert.equals(0, (sh(dir, cmd .. "examples/ci/gitlab-ci.yml")))   -- nothing to check: fine here
    assert.equals(1, (sh(dir, cmd .. "examples/taskdefs/mistakes-ports.json examples/ci/gitlab-ci.yml")))
    -- without the hook's args, a named file that is no task definition is an input error
    assert.equals(3, (sh(dir, hooks[1].entry .. " examples/ci/gitlab-ci.yml")))
  end)
end)

describe("examples/ci/github-actions.yml", function()
  teardown(h.cleanup)
  local wf = yaml("examples/ci/github-actions.yml")

  it("is a workflow: on, jobs with runs-on and steps", function()
    assert.is_not_nil(wf.on)
    local job = wf.jobs.check
    assert.is_string(job["runs-on"])
    assert.is_table(job.steps)
    assert.equals("write", wf.permissions["security-events"])
  end)

  it("uploads the SARIF log its ecsnet step writes", function()
    local upload
    for _, st in ipairs(wf.jobs.check.steps) do
      if type(st.uses) == "string" and st.uses:match("^github/codeql%-action/upload%-sarif@") then upload = st end
    end
    assert.is_table(upload)
    assert.equals("ecsnet.sarif", upload.with.sarif_file)
  end)

  it("runs: its ecsnet commands give SARIF 2.1.0 and annotations, failing on errors", function()
    local runs = {}
    for _, st in ipairs(wf.jobs.check.steps) do runs[#runs + 1] = st.run end
    local lines = ecsnet_lines(runs)
    assert.equals(2, #lines)
    local dir = workdir()
    assert.equals(0, (sh(dir, lines[1])))
    local log = h.decode(h.read_file(dir .. "/ecsnet.sarif"))
    assert.equals("2.1.0", log.version)
    assert.is_true(#log.runs[1].results > 0)
    assert.equals(1, (sh(dir, lines[2])))   -- examples/taskdefs has errors: the job fails
  end)
end)

describe("examples/ci/gitlab-ci.yml", function()
  teardown(h.cleanup)
  local ci = yaml("examples/ci/gitlab-ci.yml")

  it("is a job with a script and Code Quality and JUnit report artifacts", function()
    local job = ci.ecsnet
    assert.is_table(job.script)
    assert.equals("gl-code-quality-report.json", job.artifacts.reports.codequality)
    assert.equals("ecsnet-junit.xml", job.artifacts.reports.junit)
    assert.equals("always", job.artifacts.when)
  end)

  it("runs: its ecsnet commands write the reports it names", function()
    local lines = ecsnet_lines(ci.ecsnet.script)
    assert.equals(2, #lines)
    local dir = workdir()
    assert.equals(0, (sh(dir, lines[1])))
    assert.equals(1, (sh(dir, lines[2])))   -- findings: the job fails, the reports are kept
    local report = h.decode(h.read_file(dir .. "/gl-code-quality-report.json"))
    assert.is_true(#report > 0)
    for _, issue in ipairs(report) do
      assert.is_string(issue.description)
      assert.is_string(issue.check_name)
      assert.is_string(issue.fingerprint)
      assert.truthy(({ info = true, minor = true, major = true, critical = true, blocker = true })[issue.severity])
      assert.is_string(issue.location.path)
      assert.is_number(issue.location.lines.begin)
    end
    local junit = h.read_file(dir .. "/ecsnet-junit.xml")
    assert.matches("^<%?xml", junit)
    if have("xmllint") then
      local ok = os.execute(TOOL .. "xmllint --noout " .. h.quote(dir .. "/ecsnet-junit.xml"))
      assert.is_true(ok == true or ok == 0)
    end
  end)
end)

describe("examples/ci/ecsnet.yml", function()
  it("is a configuration ecsnet check takes", function()
    local dir = workdir()
    local code, err = sh(dir, "ecsnet check --config examples/ci/ecsnet.yml examples/taskdefs/")
    assert.equals(1, code)
    assert.equals("", err)
  end)
end)
