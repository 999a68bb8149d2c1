-- `ecsnet ports` as a user runs it (the command line, on host-port model:
-- docs/reference.md §2.3 reserved ports, §2.4 dynamic range, §2.5 agent's scan,
-- §2.6 static ports allow one copy per instance).
local h = require "cli_helper"
local run = h.run

local F = "spec/fixtures/cli/"

describe("ecsnet ports", function()
  it("shows dynamic host ports for 3 copies, the capacity and the ingress rule (§2.4, §2.5)", function()
    local code, out = run { "ports", F .. "bridge-dynamic.json", "--source", "sg-0123abcd" }
    assert.equals(0, code)
    assert.matches("^api %(bridge%) on one linux container instance\n", out)
    assert.matches("  copy 1   api 8080/tcp -> host 32768 (dynamic)\n", out, 1, true)
    assert.matches("  copy 3   api 8080/tcp -> host 32770 (dynamic)\n", out, 1, true)
    assert.matches("Capacity: %d+ copies per instance by ports alone", out)
    assert.matches("  tcp 32768-60999 from sg-0123abcd: dynamic host port for api 8080", out, 1, true)
  end)

  it("follows --dynamic-range (ECS_DYNAMIC_HOST_PORT_RANGE)", function()
    local code, out = run { "ports", F .. "bridge-dynamic.json", "--dynamic-range", "50000-50001", "--count", "3" }
    assert.equals(1, code)
    assert.matches("copy 2   api 8080/tcp -> host 50001 (dynamic)", out, 1, true)
    assert.matches("copy 3   does not fit: a host port is unavailable", out, 1, true)
    assert.matches("Capacity: 2 copies per instance", out, 1, true)
  end)

  it("finds that static ports allow one copy per instance (§2.6), exit 1 with --count", function()
    local code, out = run { "ports", F .. "bridge-static-22.json", "--reserved-ports", "2375", "--count", "2" }
    assert.equals(1, code)
    assert.matches("copy 2   does not fit: RESOURCE:PORTS: host port 22/tcp is already used", out, 1, true)
    assert.matches("Capacity: 1 copy per instance", out, 1, true)
  end)

  it("refuses a static port on the reserved list (§2.3)", function()
    local code, out = run { "ports", F .. "bridge-static-22.json", "--format", "json" }
    assert.equals(0, code)
    local t = h.decode(out)
    assert.equals(0, #t.copies)
    assert.equals("RESOURCE:PORTS", t.failure.code)
    assert.equals(0, t.capacity.copies)
    assert.same({ 22, 2375, 2376, 51678, 51679 }, t.host.reserved_tcp)
  end)

  it("takes no host port for awsvpc and opens the container port on the task's group", function()
    local _, out = run { "ports", F .. "good-fargate.json", "--format", "json" }
    local t = h.decode(out)
    assert.equals("awsvpc", t.taskdef.network_mode)
    assert.equals("task", t.copies[1].bindings[1].kind)
    assert.equals(h.null, t.copies[1].bindings[1].host_port)
    assert.is_true(t.capacity.unlimited)
    assert.equals("task", t.ingress.target)
    assert.equals(80, t.ingress.rules[1].from)
  end)

  it("takes --host options as ecsnet.host's (ip_local_port_range)", function()
    local code, out = run { "ports", F .. "bridge-dynamic.json", "--host", "ip_local_port_range=40000 40009",
      "--format", "json" }
    assert.equals(0, code)
    local t = h.decode(out)
    assert.same({ 40000, 40009 }, t.host.dynamic_range)
    assert.equals(40000, t.copies[1].bindings[1].host_port)
    assert.equals(10, t.capacity.copies)
  end)

  it("asks which task definition of a template to use", function()
    local code, _, err = run { "ports", F .. "two-taskdefs.cfn.json" }
    assert.equals(2, code)
    assert.matches("holds 2 task definitions (api, Worker); pick one with --taskdef NAME", err, 1, true)
    code = run { "ports", F .. "two-taskdefs.cfn.json", "--taskdef", "api" }
    assert.equals(0, code)
  end)

  -- docs/reference.md §8.1 (deployment strategies), §2.6 (a static host port holds one copy per instance)
  it("--instances checks a deployment of the --count copies: BLUE_GREEN needs room for both revisions", function()
    local args = { "ports", F .. "bridge-static-22.json", "--reserved-ports", "2375", "--count", "3",
                   "--instances", "3", "--strategy", "BLUE_GREEN" }
    local code, out = run(args)
    assert.equals(1, code)
    assert.matches("Deployment (BLUE_GREEN, 3 copies on 3 instances): peak 6 tasks, 12 static host ports bound",
                   out, 1, true)
    assert.matches("  error the BLUE_GREEN deployment cannot proceed: ", out, 1, true)
    assert.matches("  fix: add 3 instances (to 6), so that both revisions fit", out, 1, true)
    assert.matches("inferred from AWS's guide, docs/reference.md §8.1", out, 1, true)
    args[8] = "6"
    args[#args + 1] = "--format"
    args[#args + 1] = "json"
    code, out = run(args)
    assert.equals(0, code)   -- the deployment decides, not the one-instance placement
    local d = h.decode(out).deployment
    assert.is_true(d.can_proceed)
    assert.equals(6, d.peak)
    assert.equals(2, d.static_ports)
  end)

  it("--instances with ROLLING, LINEAR and CANARY: the same check, with what is assumed (§8.1)", function()
    local code, out = run { "ports", F .. "bridge-static-22.json", "--reserved-ports", "2375", "--count", "3",
                            "--instances", "4" }
    assert.equals(0, code)
    assert.matches("Deployment (ROLLING, 3 copies on 4 instances)", out, 1, true)
    code, out = run { "ports", F .. "bridge-dynamic.json", "--count", "4", "--instances", "2", "--strategy",
                      "LINEAR", "--step-percent", "10" }
    assert.equals(0, code)
    assert.matches("peak 8 tasks, 0 static host ports bound", out, 1, true)
    assert.matches("the task counts during the traffic shifts (step_percent) are not verified", out, 1, true)
    code, out = run { "ports", F .. "bridge-static-22.json", "--reserved-ports", "2375", "--count", "2",
                      "--instances", "2", "--strategy", "CANARY", "--canary-percent", "5" }
    assert.equals(1, code)
    assert.matches("(canary_percent) are not verified", out, 1, true)
  end)

  it("refuses deployment options without --instances, an unknown strategy and a misplaced percent (exit 2)", function()
    local code, _, err = run { "ports", F .. "bridge-dynamic.json", "--strategy", "BLUE_GREEN" }
    assert.equals(2, code)
    assert.matches("--strategy needs --instances N", err, 1, true)
    code, _, err = run { "ports", F .. "bridge-dynamic.json", "--instances", "2", "--strategy", "BLUEGREEN" }
    assert.equals(2, code)
    assert.matches("unknown deployment strategy 'BLUEGREEN' (did you mean 'BLUE_GREEN'?)", err, 1, true)
    code, _, err = run { "ports", F .. "bridge-dynamic.json", "--instances", "2", "--step-percent", "10" }
    assert.equals(2, code)
    assert.matches("'step_percent' belongs to the LINEAR strategy", err, 1, true)
    code, _, err = run { "ports", F .. "bridge-dynamic.json", "--instances", "2", "--strategy", "CANARY",
                         "--canary-percent", "x" }
    assert.equals(2, code)
    assert.matches("'--canary-percent' must be a number", err, 1, true)
  end)

  it("refuses bad options with exit 2", function()
    local code, _, err = run { "ports", F .. "bridge-dynamic.json", "--host", "colour=blue" }
    assert.equals(2, code)
    assert.matches("--host: expected key=value", err, 1, true)
    code, _, err = run { "ports", F .. "bridge-dynamic.json", "--existing", "http:80" }
    assert.equals(2, code)
    assert.matches("--existing must be", err, 1, true)
  end)
end)
