-- Issue 15: hostile input at every door. One spec per defect the issue
-- names; the systematic sweep is in sweep_cli_spec.lua / sweep_api_spec.lua.
local h = require "cli_helper"
local ecsnet = require "ecsnet"

local TD = "spec/fixtures/cli/good-fargate.json"

-- the exit status, stdout and stderr of a run, with a check that no
-- traceback or internal error reached stderr
local function run(args, o)
  local code, out, err = h.run(args, o)
  assert.not_matches("internal error", err, 1, true)
  assert.not_matches("traceback", err, 1, true)
  return code, out, err
end

describe("hostile: counts past 2^53", function()
  for _, k in ipairs { "18446744073709551616", "9223372036854775807", "9007199254740993" } do
    it("cidr split --parts " .. k .. " answers at once with a usage error", function()
      local code, _, err = run { "cidr", "split", "10.0.0.0/16", "--parts", k }
      assert.equals(2, code)
      assert.matches("'--parts' must be at most 9007199254740992", err, 1, true)
    end)
  end

  it("density --count 99999999999999999999 is a usage error", function()
    local code, _, err = run { "density", "c5.large", "--count", "99999999999999999999" }
    assert.equals(2, code)
    assert.matches("'--count' must be between 0 and 1000000000000000", err, 1, true)
  end)

  it("density --cpu/--memory of 40 digits are usage errors naming the option", function()
    local forty = string.rep("1234567890", 4)
    local code, _, err = run { "density", "c5.large", "--cpu", forty, "--memory", forty,
      "--instance-cpu", "4096", "--instance-memory", "8192" }
    assert.equals(2, code)
    assert.matches("^ecsnet density: '%-%-cpu' must be between 1 and", err)
    assert.equals(1, select(2, err:gsub("\n", "")))
  end)
end)

describe("hostile: reserved port lists over 100 ports", function()
  it("check --reserved-ports 30000-30200 is a usage error", function()
    local code, _, err = run { "check", "--reserved-ports", "30000-30200", TD }
    assert.equals(2, code)
    assert.matches("'--reserved-ports' lists more than 100 ports", err, 1, true)
  end)

  it("check --reserved-udp-ports 1-200 is a usage error", function()
    local code, _, err = run { "check", "--reserved-udp-ports", "1-200", TD }
    assert.equals(2, code)
    assert.matches("'--reserved-udp-ports' lists more than 100 ports", err, 1, true)
  end)

  it("100 ports are still taken", function()
    local code = run { "check", "--reserved-ports", "30000-30099", TD }
    assert.equals(0, code)
  end)
end)

describe("hostile: Lua functions", function()
  it("explain_eni{tasks = 1e20} returns nil and a message", function()
    local r, err = ecsnet.explain_eni { instance = "c5.large", tasks = 1e20 }
    assert.is_nil(r)
    assert.matches("'tasks' must be at most", err, 1, true)
  end)

  it("explain_eni{tasks = 0/0} returns nil and a message", function()
    local r, err = ecsnet.explain_eni { instance = "c5.large", tasks = 0 / 0 }
    assert.is_nil(r)
    assert.matches("'tasks'", err, 1, true)
  end)

  it("plan_text(nil) raises bad argument naming plan_text", function()
    local ok, err = pcall(ecsnet.plan_text, nil)
    assert.is_false(ok)
    assert.matches("bad argument #1 to 'plan_text'", err, 1, true)
  end)

  it("deployment{} names what is missing, not another function", function()
    local r, err = ecsnet.deployment {}
    assert.is_nil(r)
    assert.equals("deployment: 'desired' is required", err)
  end)

  it("deployment without a task definition says so", function()
    local r, err = ecsnet.deployment { desired = 2, instances = 1 }
    assert.is_nil(r)
    assert.matches("'taskdef' is required", err, 1, true)
  end)

  it("deployment{desired = 1e300} returns nil and a message", function()
    local r, err = ecsnet.deployment { desired = 1e300, instances = 1, copies_per_instance = 1 }
    assert.is_nil(r)
    assert.matches("'desired' must be at most", err, 1, true)
  end)
end)
