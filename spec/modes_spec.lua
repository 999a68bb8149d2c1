-- The network-mode model: every cell of docs/reference.md §1.2 and §1.3, and the
-- defaults of §1.1. Each row below repeats the reference table it names.
local ecsnet = require "ecsnet"

local PLATFORMS = { "ec2_linux", "ec2_windows", "fargate", "external_linux",
                    "external_windows", "managed_instances" }

describe("ecsnet.modes", function()
  it("lists the five modes", function()
    assert.same({ "bridge", "host", "awsvpc", "none", "default" }, ecsnet.modes())
  end)
end)

describe("ecsnet.mode: defaults (§1.1)", function()
  it("resolves 'default' to bridge on Linux", function()
    local m = ecsnet.mode("default")
    assert.equals("bridge", m.name)
    assert.same(m, ecsnet.mode("default", { os = "linux" }))
  end)

  it("resolves 'default' to the nat driver on Windows", function()
    local m = ecsnet.mode("default", { os = "windows" })
    assert.equals("default", m.name)
    assert.equals("nat", m.driver)
    assert.is_nil(m.api_value)   -- the field is omitted; no literal 'default'
  end)

  it("gives each API value (§1.1 NetworkMode enum)", function()
    for _, v in ipairs { "bridge", "host", "awsvpc", "none" } do
      assert.equals(v, ecsnet.mode(v).api_value)
    end
  end)

  it("accepts 'nat' as the Windows default's name", function()
    assert.same(ecsnet.mode("default", { os = "windows" }), ecsnet.mode("nat"))
  end)
end)

describe("ecsnet.mode: where each mode runs (§1.2)", function()
  -- columns: EC2 Linux, EC2 Windows, Fargate, EXTERNAL Linux, EXTERNAL Windows,
  -- Managed Instances
  local table_1_2 = {
    bridge  = { "default", "no", "no", "default", "no", "no" },
    host    = { "yes", "no", "no", "yes", "no", "yes" },
    awsvpc  = { "yes", "yes", "required", "no", "no", "yes" },
    none    = { "yes", "no", "no", "yes", "no", "no" },
    default = { "no", "default", "no", "no", "required", "no" },
  }
  for name, row in pairs(table_1_2) do
    it(name, function()
      local m = ecsnet.mode(name, { os = name == "default" and "windows" or "linux" })
      for i, p in ipairs(PLATFORMS) do
        assert.equals(row[i], m.support[p], name .. " on " .. p)
        assert.equals(row[i] ~= "no", m.runs_on[p], name .. " on " .. p)
      end
    end)
  end

  it("notes the agent versions awsvpc needs", function()
    local m = ecsnet.mode("awsvpc")
    assert.matches("1.15.0", m.platform_notes.ec2_linux, 1, true)
    assert.matches("1.54.0", m.platform_notes.ec2_windows, 1, true)
  end)
end)

describe("ecsnet.mode: semantics (§1.3)", function()
  -- columns: bridge, host, awsvpc, none, Windows default (nat)
  local table_1_3 = {
    port_mappings        = { true,  true,  true,  false, true },
    host_port_remap      = { true,  false, false, false, true },
    dynamic_host_ports   = { true,  false, false, false, true },
    container_port_range = { true,  false, true,  false, false },  -- nat: not verified
    links                = { true,  false, false, false, false },
    hostname             = { true,  true,  false, true,  true },
    extra_hosts          = { true,  true,  false, true,  false },
    own_eni              = { false, false, true,  false, false },
    task_security_groups = { false, false, true,  false, false },
    service_discovery    = { true,  true,  true,  false, false },  -- nat: not verified
    service_connect      = { true,  false, true,  false, false },
    multiple_copies      = { true,  false, true,  true,  true },
    static_port_copies   = { false, false, true,  true,  false },
  }
  local modes = {
    ecsnet.mode("bridge"), ecsnet.mode("host"), ecsnet.mode("awsvpc"),
    ecsnet.mode("none"), ecsnet.mode("default", { os = "windows" }),
  }
  for cap, row in pairs(table_1_3) do
    it(cap, function()
      for i, m in ipairs(modes) do
        assert.equals(row[i], m[cap], cap .. " in " .. m.name)
      end
    end)
  end

  it("says which cells are not verified and keeps the conservative value", function()
    local nat = ecsnet.mode("nat")
    assert.matches("not verified", nat.notes.container_port_range)
    assert.matches("not verified", nat.notes.service_discovery)
    assert.matches("not verified", ecsnet.mode("host").notes.hostname)
  end)

  it("gives the load-balancer target type", function()
    assert.equals("instance", ecsnet.mode("bridge").lb_target_type)
    assert.equals("instance", ecsnet.mode("host").lb_target_type)
    assert.equals("ip", ecsnet.mode("awsvpc").lb_target_type)
    assert.is_nil(ecsnet.mode("none").lb_target_type)
    assert.matches("no Classic Load Balancer", ecsnet.mode("awsvpc").lb_note)
  end)

  it("gives the Cloud Map record types (§5.2)", function()
    assert.same({ "SRV" }, ecsnet.mode("bridge").cloud_map_records)
    assert.same({ "SRV" }, ecsnet.mode("host").cloud_map_records)
    assert.same({ "A", "SRV" }, ecsnet.mode("awsvpc").cloud_map_records)
    assert.same({}, ecsnet.mode("none").cloud_map_records)
  end)

  it("quotes AWS's own words where the reference has them (§1.5)", function()
    local m = ecsnet.mode("awsvpc")
    assert.matches("Links are not supported when networkMode=awsvpc.", m.notes.links, 1, true)
    assert.matches("hostname is not supported on container when networkMode=awsvpc.",
                   m.notes.hostname, 1, true)
  end)
end)

describe("ecsnet.mode: security notes (§1.4)", function()
  it("warns that host mode can impersonate the host", function()
    local sec = table.concat(ecsnet.mode("host").security, "\n")
    assert.matches("impersonate the host", sec)
    assert.matches("root", sec)
  end)

  it("names the IMDS controls for bridge and awsvpc", function()
    assert.matches("DOCKER-USER", table.concat(ecsnet.mode("bridge").security, "\n"), 1, true)
    assert.matches("ECS_AWSVPC_BLOCK_IMDS", table.concat(ecsnet.mode("awsvpc").security, "\n"))
  end)

  it("says awsvpc isolates tasks with their own security groups", function()
    assert.matches("own security groups", table.concat(ecsnet.mode("awsvpc").security, "\n"))
  end)
end)

describe("ecsnet.mode: bad input", function()
  it("returns nil and a message for an unknown mode", function()
    assert.same({ nil, "unknown network mode 'brige' (expected one of: awsvpc, bridge, default, host, none)" },
                { ecsnet.mode("brige") })
  end)

  it("quotes unprintable names safely", function()
    local _, err = ecsnet.mode("a\0b")
    assert.equals("unknown network mode 'a\\x00b' (expected one of: awsvpc, bridge, default, host, none)", err)
  end)

  it("raises the standard error for a non-string name", function()
    assert.has_error(function() ecsnet.mode({}) end,
                     "bad argument #1 to 'mode' (string expected, got table)")
    assert.has_error(function() ecsnet.mode() end)
  end)

  it("raises for a bad options table or os", function()
    assert.has_error(function() ecsnet.mode("bridge", 5) end)
    assert.has_error(function() ecsnet.mode("default", { os = "macos" }) end,
                     "bad argument #2 to 'mode' (invalid value 'macos' for option 'os')")
    assert.has_error(function() ecsnet.mode("default", { os = 1 }) end)
    assert.has_error(function() ecsnet.mode("default", { OS = "windows" }) end,
                     "bad argument #2 to 'mode' (unknown option 'OS' (expected one of: os))")
  end)
end)
