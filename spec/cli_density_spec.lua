-- `ecsnet density` as a user runs it (the command line, on density model:
-- docs/reference.md §3.1 one ENI per awsvpc task, §3.2 trunking, §3.3 the table;
-- c5.large takes 2 tasks without trunking and 10 with it).
local h = require "cli_helper"
local run = h.run

local F = "spec/fixtures/cli/"

describe("ecsnet density", function()
  it("gives an instance type's awsvpc tasks without and with trunking (§3.3: c5.large 2 / 10)", function()
    local code, out = run { "density", "c5.large" }
    assert.equals(0, code)
    assert.matches("^c5%.large: 3 ENIs, 10 IPv4 and 10 IPv6 addresses per ENI; ENI trunking supported\n", out)
    assert.matches("  awsvpc tasks per instance: 2 without trunking, 10 with trunking\n", out, 1, true)
    assert.matches("  binds: ENI at 2 tasks; 3 ENIs and 3 IPv4 addresses in use\n", out, 1, true)
  end)

  it("says whether trunking applies, and why not (§3.2)", function()
    local _, out = run { "density", "c5.large", "--trunking" }
    assert.matches("trunking: applies (2 addresses per instance + 1 per task)", out, 1, true)
    _, out = run { "density", "c5.large", "--trunking", "--launched-before-opt-in" }
    assert.matches("trunking: does not apply: ", out, 1, true)
    _, out = run { "density", "t3.micro", "--trunking" }
    assert.matches("ENI trunking not supported", out, 1, true)
  end)

  it("with --count, exits 1 and explains RESOURCE:ENI when fewer fit", function()
    local code, out = run { "density", "c5.large", "--count", "8" }
    assert.equals(1, code)
    assert.matches("RESOURCE:ENI: 8 awsvpc tasks do not fit on one c5.large", out, 1, true)
    assert.matches("\n  fix: turn on the awsvpcTrunking account setting", out, 1, true)
    code = run { "density", "c5.large", "--count", "8", "--trunking" }
    assert.equals(0, code)
  end)

  it("gives JSON with both settings", function()
    local code, out = run { "density", "c5.large", "--format", "json" }
    assert.equals(0, code)
    local t = h.decode(out)
    assert.equals("c5.large", t.instance.name)
    assert.equals(2, t.without_trunking.tasks)
    assert.equals(10, t.with_trunking.tasks)
    assert.equals("ENI", t.density.binding)
    assert.equals(12, t.instance.eni_limit_with_trunking)
  end)

  it("tabulates task definitions: ENIs bind awsvpc, a static port binds bridge (§2.6)", function()
    local code, out = run { "density", "c5.large", F .. "good-fargate.json", F .. "bridge-static-22.json",
      F .. "bridge-dynamic.json" }
    assert.equals(0, code)
    assert.matches("\n  web%s+awsvpc%s+2 %(ENI%)%s+10 %(ENI%)\n", out)
    assert.matches("\n  sshd%s+bridge%s+1 %(PORTS%)%s+1 %(PORTS%)\n", out)
    assert.matches("\n  api%s+bridge%s+no limit%s+no limit\n", out)
  end)

  it("counts the instance's memory when given", function()
    local _, out = run { "density", "c5.large", F .. "bridge-dynamic.json", "--instance-memory", "3700",
      "--format", "json" }
    local t = h.decode(out)
    assert.equals(14, t.taskdefs[1].without_trunking.tasks)   -- 3700 MiB / 256 MiB
    assert.equals("MEMORY", t.taskdefs[1].without_trunking.binding)
  end)

  it("walks a folder and names every task definition of a template", function()
    local _, out = run { "density", "c5.large", F .. "dir", F .. "two-taskdefs.cfn.json", "--format", "json" }
    local t = h.decode(out)
    local names = {}
    for i, td in ipairs(t.taskdefs) do names[i] = td.name end
    assert.same({ "web", "kibana", "api", "Worker" }, names)
  end)

  it("refuses an unknown instance type with exit 2", function()
    local code, out, err = run { "density", "c9.huge" }
    assert.equals(2, code)
    assert.equals("", out)
    assert.equals("ecsnet density: unknown instance type 'c9.huge'\n", err)
  end)

  it("--managed-instances: trunking without the setting, one address per instance, the assumption said "
    .. "(docs/reference.md §5.7)", function()
    local code, out = run { "density", "c5.large", "--managed-instances" }
    assert.equals(0, code)
    assert.matches("\n  awsvpc tasks per instance on Managed Instances: 10\n", out, 1, true)
    assert.matches("assumed, not verified", out, 1, true)
    assert.matches("binds: ENI at 10 tasks; 11 ENIs and 11 IPv4 addresses in use", out, 1, true)
    code, out = run { "density", "c5.large", "--managed-instances", "--format", "json" }
    assert.equals(0, code)
    local t = h.decode(out)
    assert.is_true(t.density.managed_instances)
    assert.equals(1, t.density.ips.per_instance)
  end)
end)
