-- `ecsnet cidr` as a user runs it (the command line, on CIDR math; the
-- figures are docs/reference.md §4.1's: AWS reserves 5 addresses per subnet).
local h = require "cli_helper"
local run = h.run

describe("ecsnet cidr", function()
  it("info shows the addresses, the AWS-usable count and the class (§4.1)", function()
    local code, out = run { "cidr", "info", "10.0.0.0/20" }
    assert.equals(0, code)
    assert.matches("^10%.0%.0%.0/20\n", out)
    assert.matches("addresses      10.0.0.0 - 10.0.15.255 (4096)", out, 1, true)
    assert.matches("AWS usable     4091 (10.0.0.4 - 10.0.15.254;", out, 1, true)
    assert.matches("class          rfc1918", out, 1, true)
  end)

  it("info names Docker's bridge when a prefix collides with it (§4.1)", function()
    local _, out = run { "cidr", "info", "172.17.0.0/16" }
    assert.matches("collides with  Docker's default bridge 172.17.0.0/16", out, 1, true)
  end)

  it("info --format json gives numbers for IPv4 and exact text for IPv6 sizes", function()
    local _, out = run { "cidr", "info", "10.0.0.0/24", "--format", "json" }
    local t = h.decode(out)
    assert.equals(256, t.size)
    assert.equals(251, t.usable)
    assert.is_true(t.aws_subnet.ok)
    _, out = run { "cidr", "info", "2001:db8::/64", "--format", "json" }
    t = h.decode(out)
    assert.equals("18446744073709551616", t.size)
    assert.equals("18446744073709551611", t.usable)
  end)

  it("refuses host bits with exit 2 and says which network was meant", function()
    local code, out, err = run { "cidr", "info", "10.0.0.5/24" }
    assert.equals(2, code)
    assert.equals("", out)
    assert.matches("did you mean 10.0.0.0/24?", err, 1, true)
  end)

  it("split lists subnets, streaming, with a limit", function()
    local code, out = run { "cidr", "split", "10.0.0.0/16", "20", "--limit", "2" }
    assert.equals(0, code)
    assert.equals("10.0.0.0/20            4091 usable\n10.0.16.0/20           4091 usable\n" ..
      "... 16 subnets in all; --limit N shows more (0: all)\n", out)
    code, out = run { "cidr", "split", "10.0.0.0/8", "/28", "--limit", "1", "--format", "json" }
    assert.equals(0, code)
    local t = h.decode(out)
    assert.equals(1048576, t.count)
    assert.equals(1, #t.subnets)
    assert.is_true(t.truncated)
  end)

  it("split --parts K gives K equal parts", function()
    local _, out = run { "cidr", "split", "10.0.0.0/16", "--parts", "4", "--format", "json" }
    local t = h.decode(out)
    assert.equals(4, #t.subnets)
    assert.equals("10.0.192.0/18", t.subnets[4].prefix)
  end)

  it("split --parts streams like LENGTH: a million parts of ::/0, --limit shown", function()
    local code, out = run { "cidr", "split", "::/0", "--parts", "1048576", "--limit", "2" }
    assert.equals(0, code)
    assert.matches("^::/20 .*\n0:1000::/20 .*\n%.%.%. 1048576 subnets in all", out)
    local err
    code, out, err = run { "cidr", "split", "10.0.0.0/16", "--parts", "3" }
    assert.equals(2, code)
    assert.equals("", out)
    assert.matches("cannot split 10.0.0.0/16 into 3 equal parts: the count must be a power of two", err, 1, true)
  end)

  it("carve places sizes largest first and reports what is left", function()
    local code, out = run { "cidr", "carve", "10.0.0.0/16", "/20", "/20", "/20", "500", "--format", "json" }
    assert.equals(0, code)
    local t = h.decode(out)
    assert.equals("10.0.0.0/20", t.subnets[1].prefix)
    assert.equals("10.0.32.0/20", t.subnets[3].prefix)
    assert.equals("10.0.48.0/23", t.subnets[4].prefix)
    assert.equals(507, t.subnets[4].usable)
    assert.equals("10.0.50.0/23", t.unused[1])
  end)

  it("aggregate and exclude", function()
    local _, out = run { "cidr", "aggregate", "10.0.0.0/24", "10.0.1.0/24", "10.0.3.0/24" }
    assert.equals("10.0.0.0/23\n10.0.3.0/24\n", out)
    _, out = run { "cidr", "exclude", "10.0.0.0/22", "10.0.1.0/24" }
    assert.equals("10.0.0.0/24\n10.0.2.0/23\n", out)
  end)

  it("check passes the seed's plan: three /20s, 12,273 usable, a 100.64.0.0/19 secondary", function()
    local code, out = run { "cidr", "check", "10.0.0.0/16", "10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20",
      "--secondary", "100.64.0.0/19" }
    assert.equals(0, code)
    assert.matches("in all                      12273 usable", out, 1, true)
    assert.matches("\nok: ", out, 1, true)
  end)

  it("check finds every problem and exits 1 (§4.1 sizes, containment, overlap, secondary table)", function()
    local code, out = run { "cidr", "check", "10.0.0.0/16", "10.0.0.0/20", "10.0.8.0/24", "10.1.0.0/24",
      "10.0.64.0/29", "--secondary", "192.168.0.0/16", "--format", "json" }
    assert.equals(1, code)
    local t = h.decode(out)
    assert.is_false(t.ok)
    local text = {}
    for _, f in ipairs(t.findings) do text[#text + 1] = f.message end
    text = table.concat(text, "\n")
    assert.matches("secondary block 192.168.0.0/16 is restricted", text, 1, true)
    assert.matches("10.1.0.0/24 is not inside", text, 1, true)
    assert.matches("10.0.8.0/24 overlaps subnet 10.0.0.0/20", text, 1, true)
    assert.matches("10.0.64.0/29 is a /29", text, 1, true)
  end)

  it("check warns about an IPv6 subnet that is not a /64 and still exits 0 (§4.2: the rule is not verified)", function()
    local code, out = run { "cidr", "check", "2600:1f18::/56", "2600:1f18::/60", "2600:1f18:0:10::/64" }
    assert.equals(0, code)
    assert.matches("ok: sizes, containment, overlaps and secondary blocks follow AWS's rules (with the warnings below)",
                   out, 1, true)
    assert.matches("warning 2600:1f18::/60: subnet 2600:1f18::/60 is not a /64: AWS's guides (2023)", out, 1, true)
    assert.not_matches("2600:1f18:0:10::/64: subnet", out, 1, true)
    local t, _
    code, out = run { "cidr", "check", "2600:1f18::/56", "2600:1f18::/60", "2600:1f18:0:100::/64",
                      "--format", "json" }
    assert.equals(1, code)   -- the second is outside the VPC: still an error
    t = h.decode(out)
    assert.is_false(t.ok)
    assert.equals("warning", t.findings[1].severity)
    assert.equals("error", t.findings[2].severity)
    assert.matches("not inside", t.findings[2].message, 1, true)
    _, out = run { "cidr", "info", "2600:1f18::/60", "--format", "json" }
    t = h.decode(out)
    assert.is_true(t.aws_subnet.ok)
    assert.matches("is not a /64", t.aws_subnet.warning, 1, true)
    _, out = run { "cidr", "info", "2600:1f18::/60" }
    assert.matches("AWS subnet     yes\n%s+warning: subnet 2600:1f18::/60 is not a /64", out)
  end)

  it("check applies route-table destinations and the blocks-per-VPC quota (§4.1)", function()
    local code, out = run { "cidr", "check", "10.2.0.0/16", "--secondary", "10.0.0.0/16", "--route", "10.0.0.0/24" }
    assert.equals(1, code)
    assert.matches("same as or larger than the route-table destination 10.0.0.0/24", out, 1, true)
    code = run { "cidr", "check", "10.2.0.0/16", "--secondary", "10.0.0.0/25", "--route", "10.0.0.0/24" }
    assert.equals(0, code)
    code, out = run { "cidr", "check", "10.0.0.0/16", "--secondary", "10.1.0.0/16", "--secondary", "10.2.0.0/16",
      "--max-blocks", "2" }
    assert.equals(1, code)
    assert.matches("the VPC has 2 IPv4 blocks already, the quota of 2", out, 1, true)
    local err
    code, out, err = run { "cidr", "check", "10.0.0.0/16", "--max-blocks", "99" }
    assert.equals("", out)
    assert.equals(2, code)
    assert.matches("'--max-blocks' must be between 1 and 50, got '99'", err, 1, true)
  end)

  it("refuses to mix families in exclude, exit 2", function()
    local code, _, err = run { "cidr", "exclude", "10.0.0.0/16", "2001:db8::/64" }
    assert.equals(2, code)
    assert.matches("cannot exclude IPv6 2001:db8::/64 from IPv4 10.0.0.0/16: the families differ", err, 1, true)
  end)

  it("refuses an unknown action with exit 2", function()
    local code, _, err = run { "cidr", "frob" }
    assert.equals(2, code)
    assert.matches("unknown action 'frob'", err, 1, true)
  end)
end)
