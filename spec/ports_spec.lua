-- Host ports: a container instance's port space, placement the way
-- the agent assigns host ports, capacity, conflicts, rolling deployments.
-- Each rule names its section of docs/reference.md.
local ecsnet = require "ecsnet"

-- A normalized task definition (the shape of ecsnet.taskdefs).
local function td(mode, mappings, extra)
  local t = { network_mode = mode, os = "linux", containers = {} }
  for i, c in ipairs(mappings) do
    local pms = {}
    for j, m in ipairs(c) do
      pms[j] = { container_port = m[1], host_port = m[2], protocol = m.protocol or "tcp",
                 range = m.range, unknown = m.unknown,
                 pointer = string.format("/containerDefinitions/%d/portMappings/%d", i - 1, j - 1) }
    end
    t.containers[i] = { name = "c" .. i, port_mappings = pms }
  end
  for k, v in pairs(extra or {}) do t[k] = v end
  return t
end

local DYN = td("bridge", { { { 80, 0 } } })
local function snapshot(h)
  local i = h:info()
  return { i.used_tcp, i.used_udp, i.last_assigned, i.tasks, i.reserved_count }
end

describe("ecsnet.host: reserved ports (§2.3, §5.8)", function()
  it("defaults to the agent's Linux list", function()
    local i = ecsnet.host():info()
    assert.same({ 22, 2375, 2376, 51678, 51679 }, i.reserved_tcp)
    assert.same({}, i.reserved_udp)
    assert.equals("linux", i.os)
  end)

  it("adds 51680 with Prometheus metrics enabled", function()
    assert.same({ 22, 2375, 2376, 51678, 51679, 51680 },
                ecsnet.host { prometheus = true }:info().reserved_tcp)
  end)

  it("defaults to the agent's Windows list, plus 80 with task IAM roles", function()
    local w = { 53, 135, 139, 445, 2375, 2376, 3389, 5985, 5986, 51678, 51679 }
    assert.same(w, ecsnet.host { os = "windows" }:info().reserved_tcp)
    local w80 = ecsnet.host { os = "windows", task_iam_roles = true }:info().reserved_tcp
    assert.equals(80, w80[2])   -- sorted: 53, 80, 135, ...
    assert.equals(12, #w80)
  end)

  it("replaces the default list, as ECS_RESERVED_PORTS does", function()
    local h = ecsnet.host { reserved_tcp = { 8080, 80 } }
    assert.same({ 80, 8080 }, h:info().reserved_tcp)
    assert.is_nil(h:holder(22))            -- 22 is no longer reserved
    assert.equals("reserved", h:holder(80))
  end)

  it("keeps the default for an empty list, as the agent's config merge does", function()
    -- agent/config/config.go Merge fills fields that utils.ZeroOrNil calls
    -- empty, and a slice of length 0 is
    assert.same({ 22, 2375, 2376, 51678, 51679 }, ecsnet.host { reserved_tcp = {} }:info().reserved_tcp)
    assert.same({ 22, 2375, 2376, 51678, 51679 }, ecsnet.host { reserved_tcp = "[]" }:info().reserved_tcp)
    assert.same({}, ecsnet.host { reserved_udp = {} }:info().reserved_udp)
  end)

  it("takes the variable's JSON text", function()
    assert.same({ 22, 80, 5000, 8080 },
                ecsnet.host { reserved_tcp = "[22, 80, 5000, 8080]" }:info().reserved_tcp)
    assert.same({ 53 }, ecsnet.host { reserved_udp = "[53]" }:info().reserved_udp)
  end)

  it("rejects duplicates", function()
    assert.same({ nil, "ECS_RESERVED_PORTS lists port 22 twice; list each reserved port once" },
                { ecsnet.host { reserved_tcp = { 22, 80, 22 } } })
  end)

  it("rejects ports outside 1-65535 and bad JSON", function()
    local h, err = ecsnet.host { reserved_tcp = { 0 } }
    assert.is_nil(h)
    assert.matches("1%-65535", err)
    h, err = ecsnet.host { reserved_udp = { 70000 } }
    assert.is_nil(h)
    assert.matches("reserved_udp%[1%]", err)
    h, err = ecsnet.host { reserved_tcp = "[22, " }
    assert.is_nil(h)
    assert.matches("expected a JSON array", err)
  end)

  it("enforces the 100-reserved-port limit (TCP and UDP together)", function()
    local many = {}
    for p = 1001, 1101 do many[#many + 1] = p end
    local h, err = ecsnet.host { reserved_tcp = many }
    assert.is_nil(h)
    assert.matches("at most 100 reserved ports", err)
    local tcp, udp = {}, {}
    for p = 1, 60 do tcp[p] = 1000 + p; udp[p] = 2000 + p end
    h, err = ecsnet.host { reserved_tcp = tcp, reserved_udp = udp }
    assert.is_nil(h)
    assert.matches("60 TCP and 60 UDP reserved ports make 120", err)
    assert.is_truthy(ecsnet.host { reserved_tcp = tcp })
  end)

  it("raises on misuse", function()
    assert.has_error(function() ecsnet.host { bogus = 1 } end)
    assert.has_error(function() ecsnet.host { os = "solaris" } end)
    assert.has_error(function() ecsnet.host(5) end)
  end)
end)

describe("ecsnet.host: the dynamic range (§2.4)", function()
  it("assumes the kernel default 32768-60999 on Linux when nothing is given", function()
    local i = ecsnet.host():info()
    assert.same({ 32768, 60999 }, i.dynamic_range)
    assert.equals("kernel default", i.dynamic_origin)
  end)

  it("uses 49152-65535 on Windows", function()
    local i = ecsnet.host { os = "windows" }:info()
    assert.same({ 49152, 65535 }, i.dynamic_range)
    assert.equals("agent windows", i.dynamic_origin)
  end)

  it("reads ip_local_port_range text", function()
    local i = ecsnet.host { ip_local_port_range = "1025\t65000\n" }:info()
    assert.same({ 1025, 65000 }, i.dynamic_range)
    assert.equals("ip_local_port_range", i.dynamic_origin)
    assert.same({ 32768, 60999 }, ecsnet.host { dynamic_range = "32768 60999" }:info().dynamic_range)
  end)

  it("uses the agent's fallback 49153-65535 when the file is unreadable", function()
    local i = ecsnet.host { ip_local_port_range = false }:info()
    assert.same({ 49153, 65535 }, i.dynamic_range)
    assert.equals("agent fallback", i.dynamic_origin)
  end)

  it("lets ECS_DYNAMIC_HOST_PORT_RANGE win", function()
    local i = ecsnet.host { ip_local_port_range = "32768 60999", dynamic_range = "100-200" }:info()
    assert.same({ 100, 200 }, i.dynamic_range)
    assert.equals("ECS_DYNAMIC_HOST_PORT_RANGE", i.dynamic_origin)
    assert.same({ 5000, 5999 }, ecsnet.host { dynamic_range = { 5000, 5999 } }:info().dynamic_range)
    assert.same({ 50000, 50100 },
                ecsnet.host { os = "windows", dynamic_range = "50000-50100" }:info().dynamic_range)
  end)

  it("rejects reversed, out-of-range and malformed ranges", function()
    assert.same({ nil, "dynamic_range: port range '200-100' is reversed: the first port must " ..
                       "not be above the last (did you mean '100-200'?)" },
                { ecsnet.host { dynamic_range = "200-100" } })
    local h, err = ecsnet.host { dynamic_range = "0-100" }
    assert.is_nil(h); assert.matches("outside 1%-65535", err)
    h, err = ecsnet.host { dynamic_range = "100-70000" }
    assert.is_nil(h); assert.matches("outside 1%-65535", err)
    h, err = ecsnet.host { dynamic_range = "100-" }
    assert.is_nil(h); assert.matches("expected 'first%-last'", err)
    h, err = ecsnet.host { ip_local_port_range = "32768" }
    assert.is_nil(h); assert.matches("invalid ip_local_port_range", err)
    h, err = ecsnet.host { dynamic_range = { 10, 5 } }
    assert.is_nil(h); assert.matches("reversed", err)
  end)

  it("refuses ip_local_port_range on Windows", function()
    local h, err = ecsnet.host { os = "windows", ip_local_port_range = "32768 60999" }
    assert.is_nil(h)
    assert.matches("Linux setting", err)
  end)
end)

describe("host:place: dynamic ports as the agent >= 1.70 assigns them (§2.5)", function()
  it("scans upward from the range start, one port after the last assigned", function()
    local h = ecsnet.host()
    for k = 0, 4 do
      local t = assert(h:place(DYN))
      assert.equals(32768 + k, t.bindings[1].host_port)
      assert.equals("dynamic", t.bindings[1].kind)
      assert.equals("c1", t.bindings[1].container)
      assert.equals(k + 1, t.id)
    end
    assert.equals(32772, h:info().last_assigned)
  end)

  it("keeps going upward after a removal, then wraps once to reuse freed ports", function()
    local h = ecsnet.host { dynamic_range = "100-104" }
    local ids = {}
    for i = 1, 5 do ids[i] = assert(h:place_id(DYN)) end
    assert.equals(99, h:info().last_assigned)   -- reset to start - 1 at the range end
    assert.is_true(h:remove(ids[2]))                       -- frees 101
    assert.is_true(h:remove(ids[4]))                       -- frees 103
    assert.equals(101, h:place(DYN).bindings[1].host_port) -- scan from the start
    assert.equals(103, h:place(DYN).bindings[1].host_port) -- upward from 102
    local _, err, code = h:place(DYN)
    assert.equals("HOST_PORT_UNAVAILABLE", code)
    assert.equals("a host port is unavailable: no free tcp port in the dynamic range 100-104 " ..
                  "(docs/reference.md §2.5)", err)
  end)

  it("wraps from the last assigned port to the range start", function()
    local h = ecsnet.host { dynamic_range = "100-109" }
    local ids = {}
    for i = 1, 6 do ids[i] = h:place_id(DYN) end           -- 100..105, last = 105
    h:remove(ids[1])                                        -- frees 100
    for _ = 1, 4 do h:place_id(DYN) end                     -- 106..109, tracker resets
    assert.equals(100, h:place(DYN).bindings[1].host_port)
  end)

  it("skips reserved and static ports inside the range", function()
    local h = ecsnet.host { dynamic_range = "51677-51682" }
    assert.equals(51677, h:place(DYN).bindings[1].host_port)
    assert.is_truthy(h:place(td("bridge", { { { 80, 51680 } } })))
    assert.equals(51681, h:place(DYN).bindings[1].host_port)   -- 51678/9 reserved, 51680 static
  end)

  it("gives a containerPortRange N contiguous ports (§2.2, §2.5)", function()
    local h = ecsnet.host { dynamic_range = "100-120" }
    assert.is_truthy(h:place(td("bridge", { { { 80, 105 } } })))    -- a hole at 105
    local t = assert(h:place(td("bridge", { { { range = { 8000, 8009 } } } })))
    assert.equals(106, t.bindings[1].host_port)
    assert.equals("106-115", t.bindings[1].host_port_range)
    assert.equals("8000-8009", t.bindings[1].container_port_range)
    assert.equals(10, t.bindings[1].count)
    local _, err, code = h:place(td("bridge", { { { range = { 8000, 8009 } } } }))
    assert.equals("CONTIGUOUS_HOST_PORTS_UNAVAILABLE", code)
    assert.matches("^10 contiguous host ports are unavailable", err)
  end)

  it("keeps TCP and UDP apart", function()
    local h = ecsnet.host { dynamic_range = "100-101" }
    local t = assert(h:place(td("bridge", { { { 53, 0, protocol = "udp" }, { 53, 0 } } })))
    assert.equals("udp", t.bindings[1].protocol)
    assert.equals(100, t.bindings[1].host_port)
    assert.equals(101, t.bindings[2].host_port)   -- one tracker for both protocols
    assert.equals(1, h:info().used_udp)
  end)

  it("treats the Windows default mode like bridge", function()
    local h = ecsnet.host { os = "windows" }
    local t = assert(h:place(td("default", { { { 80, 0 } } }, { os = "windows" })))
    assert.equals(49152, t.bindings[1].host_port)
  end)
end)

describe("host:place: static ports and modes (§1.3, §2.6)", function()
  it("takes a static bridge port as given, once per host", function()
    local h = ecsnet.host()
    local web = td("bridge", { { { 80, 8080 } } })
    local t = assert(h:place(web))
    assert.same({ container = "c1", container_index = 1, protocol = "tcp", container_port = 80,
                  host_port = 8080, count = 1, kind = "static", dynamic = false }, t.bindings[1])
    assert.same({ nil, "RESOURCE:PORTS: host port 8080/tcp is already used by task 1; a static host " ..
                       "port allows one task per instance (docs/reference.md §2.6)", "RESOURCE:PORTS" },
                { h:place(web) })
  end)

  it("refuses a static port on the reserved list with RESOURCE:PORTS", function()
    assert.same({ nil, "RESOURCE:PORTS: host port 22/tcp is on the instance's reserved list " ..
                       "(docs/reference.md §2.3, §2.6)", "RESOURCE:PORTS" },
                { ecsnet.host():place(td("bridge", { { { 22, 22 } } })) })
  end)

  it("says when a static port collides with an agent-assigned one", function()
    local h = ecsnet.host()
    h:place(DYN)                                  -- 32768
    local _, err, code = h:place(td("bridge", { { { 80, 32768 } } }))
    assert.equals("PORT_ALREADY_ALLOCATED", code)
    assert.matches("does not count dynamic ports as reserved", err)
  end)

  it("counts static ports against the 100 limit (§2.3)", function()
    local res = {}
    for p = 1, 99 do res[p] = 1000 + p end
    local h = ecsnet.host { reserved_tcp = res }
    assert.is_truthy(h:place(td("bridge", { { { 80, 8080 } } })))
    assert.equals(100, h:info().reserved_count)
    local _, err, code = h:place(td("bridge", { { { 81, 8081 } } }))
    assert.equals("RESOURCE:PORTS", code)
    assert.matches("would hold 101 reserved ports %(99 configured, 2 static task ports%)", err)
    assert.is_truthy(h:place(DYN))                -- dynamic ports do not count
  end)

  it("uses the container port as host port in host mode", function()
    local h = ecsnet.host()
    local t = assert(h:place(td("host", { { { 8500 }, { 8600, 0, protocol = "udp" } } })))
    assert.equals(8500, t.bindings[1].host_port)
    assert.equals(8600, t.bindings[2].host_port)
    assert.equals("static", t.bindings[2].kind)
    local _, _, code = h:place(td("host", { { { 8500 } } }))
    assert.equals("RESOURCE:PORTS", code)
    local _, err = h:place(td("host", { { { 8500, 9000 } } }))
    assert.matches("must either be undefined or match the container port", err)
  end)

  it("takes no host port in awsvpc mode", function()
    local h = ecsnet.host()
    local before = snapshot(h)
    for _ = 1, 3 do
      local t = assert(h:place(td("awsvpc", { { { 80, 80 }, { 443 } } })))
      assert.equals("task", t.bindings[1].kind)
      assert.equals(443, t.bindings[2].host_port)
    end
    local after = snapshot(h)
    assert.same({ before[1], before[2], before[3] }, { after[1], after[2], after[3] })
    local _, err = h:place(td("awsvpc", { { { 80, 8080 } } }))
    assert.matches("When networkMode=awsvpc, the host ports and container ports", err)
  end)

  it("refuses port mappings in none mode", function()
    local _, err, code = ecsnet.host():place(td("none", { { { 80 } } }))
    assert.equals("INVALID", code)
    assert.matches("allows no port mappings", err)
    assert.is_truthy(ecsnet.host():place(td("none", {})))
  end)

  it("refuses a host port mapped twice in one task", function()
    local _, err, code = ecsnet.host():place(td("bridge", { { { 80, 8080 } }, { { 81, 8080 } } }))
    assert.equals("INVALID", code)
    assert.matches("maps host port 8080/tcp twice", err)
  end)

  it("refuses values that cannot be known statically", function()
    local _, err, code = ecsnet.host():place(td("bridge", { { { 80, 0, unknown = true } } }))
    assert.equals("INVALID", code)
    assert.matches("/containerDefinitions/0/portMappings/0", err, 1, true)
  end)

  it("refuses bad mapping data", function()
    local h = ecsnet.host()
    assert.is_nil(h:place(td("bridge", { { { 70000 } } })))
    assert.is_nil(h:place(td("bridge", { { { range = { 10, 5 } } } })))
    assert.is_nil(h:place(td("bridge", { { { 80, 0, protocol = "sctp" } } })))
    assert.is_nil(h:place(td("brigde", { { { 80 } } })))
    assert.has_error(function() h:place(42) end)
  end)

  it("tells its own objects from other userdata (the fast type check)", function()
    local h = ecsnet.host()
    local reqs = assert(ecsnet.port_requests(td("bridge", { { { 80, 0 } } })))
    assert.equals(1, h:place_id(reqs))
    local ok, err = pcall(h.place_id, io.stdout, reqs)
    assert.is_false(ok)
    assert.matches("ecsnet.host expected, got ", err, 1, true)   -- FILE* (5.3+) or userdata (5.1)
    assert.has_error(function() h.place_id(reqs, reqs) end)
    assert.has_error(function() h.place_id(ecsnet.cidr("10.0.0.0/8"), reqs) end)
    assert.has_error(function() h:place_id(ecsnet.cidr("10.0.0.0/8")) end)
    assert.has_error(function() h:place_id(io.stdout) end)
  end)

  -- newproxy makes a full userdata of size 0, which only Lua 5.1 and LuaJIT
  -- can do from Lua code; make test runs this file under both of them.
  local proxy = rawget(_G, "newproxy")
  if proxy then it("refuses a userdata too small to hold a tag without reading it", function()
    local h = ecsnet.host()
    local ok, err = pcall(h.place_id, proxy(true), {})
    assert.is_false(ok)
    assert.matches("ecsnet.host expected", err, 1, true)
    assert.has_error(function() h:place_id(proxy(false)) end)
  end) end
end)

describe("host:place is atomic; host:remove frees (§2.5)", function()
  it("leaves the host unchanged when a later mapping fails", function()
    local h = ecsnet.host { dynamic_range = "100-102" }
    h:place(td("bridge", { { { 80, 8080 } } }))
    local before = snapshot(h)
    -- two dynamic ports fit, the static one collides: nothing is taken
    local _, _, code = h:place(td("bridge", { { { 1, 0 }, { 2, 0 }, { 3, 8080 } } }))
    assert.equals("RESOURCE:PORTS", code)
    assert.same(before, snapshot(h))
    -- three dynamic fit, the fourth does not: nothing is taken, tracker kept
    _, _, code = h:place(td("bridge", { { { 1, 0 }, { 2, 0 }, { 3, 0 }, { 4, 0 } } }))
    assert.equals("HOST_PORT_UNAVAILABLE", code)
    assert.same(before, snapshot(h))
  end)

  it("frees every port of a removed task for reuse", function()
    local h = ecsnet.host { dynamic_range = "100-101" }
    local t = assert(h:place(td("bridge", { { { 1, 0 }, { 2, 0 }, { 3, 9000 } } })))
    assert.is_nil(h:place(DYN))
    assert.is_true(h:remove(t))
    assert.is_nil(h:holder(9000))
    assert.is_truthy(h:place(td("bridge", { { { 1, 0 }, { 2, 0 }, { 3, 9000 } } })))
  end)

  it("answers clearly for tasks never placed", function()
    local h = ecsnet.host()
    assert.same({ nil, "no task 7 on this host (never placed here, or already removed)" },
                { h:remove(7) })
    local id = h:place_id(DYN)
    assert.is_true(h:remove(id))
    assert.is_nil((h:remove(id)))
    assert.has_error(function() h:remove("x") end)
  end)

  it("lists tasks and their bindings", function()
    local h = ecsnet.host()
    local a, b = h:place_id(DYN), h:place_id(td("bridge", { { { 80, 8080 } } }))
    assert.same({ a, b }, h:tasks())
    assert.equals(8080, h:bindings(b)[1].host_port)
    assert.equals(1, h:holder(32768))
    assert.equals(2, h:holder(8080))
    assert.is_nil(h:holder(8080, "udp"))
  end)

  it("closes, and raises on use after close", function()
    local h = ecsnet.host()
    h:close()
    h:close()
    assert.equals("ecsnet.host (closed)", tostring(h))
    assert.has_error(function() h:info() end)
  end)

  it("survives many hosts being collected", function()
    for _ = 1, 200 do
      local h = ecsnet.host()
      h:place(DYN)
    end
    collectgarbage()
    collectgarbage()
  end)
end)

describe("ecsnet.port_requests (§2.5)", function()
  it("compiles a task definition once for place_id", function()
    local reqs = assert(ecsnet.port_requests(td("bridge", { { { 80, 0 }, { range = { 9000, 9001 } } } })))
    assert.matches("ecsnet.portreqs %(bridge, 2 mappings%)", tostring(reqs))
    local list, mode = reqs:list()
    assert.equals("bridge", mode)
    assert.equals(2, list[2].count)
    local h = ecsnet.host()
    local id = assert(h:place_id(reqs))
    local b = h:bindings(id)
    assert.equals(32768, b[1].host_port)
    assert.equals(32769, b[2].host_port)
    assert.equals(1, h:place(reqs).bindings[1].container)   -- index: no names kept
    local r, err = ecsnet.port_requests { network_mode = "x" }
    assert.is_nil(r)
    assert.matches("^unknown network mode 'x'", err)
  end)
end)

describe("host:capacity (§2.5, §2.6)", function()
  it("counts dynamic copies up to the free ports of the range", function()
    local h = ecsnet.host { dynamic_range = "100-199" }
    local c = h:capacity(DYN)
    assert.equals(100, c.copies)
    assert.equals("HOST_PORT_UNAVAILABLE", c.reason)
    assert.same({ 100, 199 }, c.range)          -- which ports bind
    assert.equals("tcp", c.protocol)
    h:place(DYN)
    assert.equals(99, h:capacity(DYN).copies)
    assert.equals(1, h:info().tasks)            -- unchanged
  end)

  it("allows one copy with a static port, naming the holder after", function()
    local h = ecsnet.host()
    local web = td("bridge", { { { 80, 8080 } } })
    assert.equals(1, h:capacity(web).copies)
    h:place(web)
    local c = h:capacity(web)
    assert.equals(0, c.copies)
    assert.equals("RESOURCE:PORTS", c.reason)
    assert.matches("already used by task 1", c.message)
    assert.equals(8080, c.port)                 -- which port binds
    assert.equals("tcp", c.protocol)
  end)

  it("counts contiguous ranges", function()
    local c = ecsnet.host { dynamic_range = "100-199" }:capacity(td("bridge", { { { range = { 1, 10 } } } }))
    assert.equals(10, c.copies)
    assert.equals("CONTIGUOUS_HOST_PORTS_UNAVAILABLE", c.reason)
  end)

  it("is unlimited by ports for awsvpc", function()
    local c = ecsnet.host():capacity(td("awsvpc", { { { 80 } } }))
    assert.is_true(c.unlimited)
    assert.equals(math.huge, c.copies)
    assert.matches("ENIs limit it", c.message)
  end)

  it("stops at the limit given", function()
    assert.equals(5, ecsnet.host():capacity(DYN, 5).copies)
  end)
end)

describe("host:conflicts: services sharing a host (§2.3, §2.4, §2.6, R17, R19)", function()
  local h = ecsnet.host()
  local a = td("bridge", { { { 80, 8080 } } }, { family = "a" })
  local b = td("bridge", { { { 80, 8080 }, { 81, 40000 } } }, { family = "b" })
  local c = td("host", { { { 22 } } }, { family = "c" })
  local findings = assert(h:conflicts { a, b, c, DYN })
  local by = {}
  for _, f in ipairs(findings) do by[f.kind] = by[f.kind] or {}; table.insert(by[f.kind], f) end

  it("finds the same static host port claimed twice", function()
    assert.equals(1, #by.same_static_port)
    assert.same({ 1, 2 }, by.same_static_port[1].taskdefs)
    assert.matches("'a' %(#1%) and 'b' %(#2%) both claim host port 8080/tcp", by.same_static_port[1].message)
  end)

  it("finds a static port inside the dynamic range", function()
    assert.equals(40000, by.in_dynamic_range[1].port)
    assert.equals("warning", by.in_dynamic_range[1].severity)
  end)

  it("finds a static port on the reserved list", function()
    assert.equals(22, by.reserved[1].port)
    assert.equals("error", by.reserved[1].severity)
  end)

  it("notes one copy per host for static ports", function()
    assert.equals(3, #by.one_per_host)
  end)

  it("checks the 100 limit across services", function()
    local big = {}
    for p = 1, 96 do big[p] = { 1000 + p, 1000 + p } end
    local f = h:conflicts { td("bridge", { big }) }
    assert.equals("reserved_limit", f[#f].kind)
    assert.matches("5 configured reserved ports and 96 static host ports make 101", f[#f].message)
  end)
end)

describe("ecsnet.deployment: rolling deployments (§2.6; pains (c) 9)", function()
  local static = td("bridge", { { { 80, 80 } } })

  it("is stuck when static ports fill every instance and minimumHealthyPercent is 100", function()
    local r = assert(ecsnet.deployment { taskdef = static, desired = 3, instances = 3 })
    assert.is_false(r.can_proceed)
    assert.equals(1, r.per_instance)
    assert.equals(0, r.start_first)
    assert.equals(0, r.stop_first)
    assert.matches("^unable to stop or start tasks during a deployment", r.reason)
    assert.matches("lower minimum_healthy_percent to 66 or less", r.fixes[1])
    assert.matches("add 1 instance %(to 4%)", r.fixes[2])
    assert.matches("use dynamic host ports", r.fixes[3])
  end)

  it("proceeds when old copies may stop first", function()
    local r = ecsnet.deployment { taskdef = static, desired = 4, instances = 4,
                                  minimum_healthy_percent = 50 }
    assert.is_true(r.can_proceed)
    assert.equals(2, r.stop_first)   -- ceil(4 * 50%) = 2 must stay
  end)

  it("proceeds with a spare instance", function()
    local r = ecsnet.deployment { taskdef = static, desired = 3, instances = 4 }
    assert.is_true(r.can_proceed)
    assert.equals(1, r.start_first)
  end)

  it("rounds maximumPercent down", function()
    local r = ecsnet.deployment { taskdef = static, desired = 3, instances = 5, maximum_percent = 133 }
    assert.equals(3, r.max_running)    -- floor(3.99)
    assert.is_false(r.can_proceed)
    assert.matches("raise maximum_percent to at least 134", r.fixes[2])
  end)

  it("proceeds with dynamic ports", function()
    local r = ecsnet.deployment { taskdef = DYN, desired = 10, instances = 2 }
    assert.is_true(r.can_proceed)
    assert.equals(28230, r.per_instance)   -- 32768-60999 less 51678, 51679 (reserved)
  end)

  it("reports when the service cannot even reach a steady state", function()
    local r = ecsnet.deployment { taskdef = static, desired = 5, instances = 3 }
    assert.is_false(r.steady_state)
    assert.is_false(r.can_proceed)
    assert.matches("run at least 5 instances", r.fixes[1])
  end)

  it("rejects bad numbers", function()
    assert.is_nil(ecsnet.deployment { taskdef = static, desired = -1, instances = 1 })
    assert.is_nil(ecsnet.deployment { taskdef = static, desired = 1, instances = 1,
                                      minimum_healthy_percent = 100, maximum_percent = 50 })
    assert.has_error(function() ecsnet.deployment() end)
  end)
end)
