-- `ecsnet plan` as a user runs it (the command line, on plans; docs/reference.md
-- §4.1: a /20 holds 4,091 usable addresses, three of them 12,273).
local h = require "cli_helper"
local run = h.run

local F = "spec/fixtures/cli/"

describe("ecsnet plan", function()
  it("reports a plan that fits, exit 0: three /20s, 12,273 usable", function()
    local code, out, err = run { "plan", F .. "plan-three-20s.json" }
    assert.equals(0, code, err)
    assert.matches("^plan: fits on c5%.large, trunking applies\n", out)
    assert.matches("\n10.0.16.0/20       eu-west-1b   both    4,091 ", out, 1, true)
    assert.matches("\ntotal usable 12,273, needed ", out, 1, true)
    assert.matches("\nruns out first: ", out, 1, true)
  end)

  it("reports a plan that does not fit with its findings and fixes, exit 1", function()
    local code, out = run { "plan", F .. "plan-short.json" }
    assert.equals(1, code)
    assert.matches("^plan: does NOT fit", out)
    assert.matches("\nerror PLAN_SUBNET_FULL /subnets/0: 10.0.0.0/26 (eu-west-1a) runs out", out, 1, true)
    assert.matches("\nrecommendation REC_TRUNKING_ON: ", out, 1, true)
  end)

  it("gives the whole result as JSON, lists as arrays", function()
    local code, out = run { "plan", F .. "plan-short.json", "--format", "json" }
    assert.equals(1, code)
    local t = h.decode(out)
    assert.is_false(t.ok)
    assert.equals(2, #t.subnets)
    assert.equals(59, t.subnets[1].usable)
    assert.equals("PLAN_SUBNET_FULL", t.findings[1].code)
    assert.equals(1, out:find('{\n  "ok": false,\n  "instance": "c5.large",', 1, true))
    code, out = run { "plan", F .. "plan-three-20s.json", "--format", "json" }
    assert.equals(0, code)
    t = h.decode(out)
    assert.equals(12273, t.addresses.usable)
    assert.matches('"findings": []', out, 1, true)
  end)

  it("reads stdin", function()
    local code, out = run({ "plan", "-" }, { stdin = h.read_file(F .. "plan-three-20s.json") })
    assert.equals(0, code)
    assert.matches("12,273", out, 1, true)
  end)

  it("refuses a file that is not a JSON plan with exit 2", function()
    local code, out, err = run { "plan", F .. "malformed.json" }
    assert.equals(2, code)
    assert.equals("", out)
    assert.matches("^ecsnet plan: " .. F:gsub("%p", "%%%0") .. "malformed%.json: ", err)
    code, out, err = run { "plan", F .. "nope.json" }
    assert.equals(2, code)
    assert.equals("", out)
    assert.matches("cannot open", err, 1, true)
  end)
end)
