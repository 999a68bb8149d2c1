-- Re-entrancy: every public entry point may be called from a finalizer or a
-- coroutine while another call is in progress (any allocation can run a GC
-- step, and with it a __gc metamethod). Each case is called plainly, then
-- again many times while the collector runs finalizers that make the same
-- call, and inside a coroutine; each call must give the same answer. make test runs
-- this spec under ASan+UBSan and under valgrind, where a call that frees
-- another call's memory shows up as an invalid read. The list of cases is
-- checked against the module table, so a new entry point without a case
-- fails here.
local ecsnet = require "ecsnet"

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

local td_text = read("examples/taskdefs/api-ec2-bridge.json")
local td_table = {
  family = "web", networkMode = "bridge",
  containerDefinitions = { { name = "web", portMappings = { { containerPort = 80, hostPort = 0 } } } },
}
local normalized = { network_mode = "bridge", containers = { { name = "web",
  port_mappings = { { container_port = 80, host_port = 0, protocol = "tcp" } } } } }
local plan_text = read("examples/plans/default-vpc.json")
local plan_lua = { vpc = "10.0.0.0/16", instance_type = "c5.large", trunking = true,
  subnets = { { az = "a", cidr = "10.0.0.0/24" }, { az = "b", cidr = "10.0.1.0/24" } },
  services = { { name = "web", taskdef = td_table, desired_count = 40 } } }

-- A short text of a result, enough to tell two answers apart.
local function digest(...)
  local out = {}
  local function add(v, depth)
    local t = type(v)
    if t == "table" and depth < 3 then
      local keys = {}
      for k in pairs(v) do keys[#keys + 1] = tostring(k) end
      table.sort(keys)
      for _, k in ipairs(keys) do
        local val = v[k]
        if val == nil then val = v[tonumber(k)] end
        out[#out + 1] = k .. "="
        add(val, depth + 1)
      end
    elseif t == "userdata" then
      out[#out + 1] = "<" .. tostring(getmetatable(v) and getmetatable(v).__name or "userdata") .. ">"
    elseif t == "function" or t == "thread" or t == "table" then
      out[#out + 1] = "<" .. t .. ">"
    else
      out[#out + 1] = tostring(v)
    end
  end
  for i = 1, select("#", ...) do add((select(i, ...)), 0) end
  return table.concat(out, " ")
end

local ITER = tonumber(os.getenv("ECSNET_REENTRY_ITER") or "") or 60

local function host() return ecsnet.host { dynamic_range = "50000-50099" } end

-- name -> a call of that entry point (module functions, then methods).
local cases = {
  modes = function() return ecsnet.modes() end,
  mode = function() return ecsnet.mode("awsvpc") end,
  validate = function()
    local r = ecsnet.validate(td_text)
    return r.ok, r.counts, #r.diagnostics, r.diagnostics[1] and r.diagnostics[1].message
  end,
  validate_table = function() return ecsnet.validate(td_table).counts end,
  validate_service = function()
    local r = ecsnet.validate_service({ serviceName = "api", launchType = "FARGATE",
      loadBalancers = { { containerName = "web", containerPort = 8080, targetGroupArn = "arn:tg" } } }, td_table)
    return r.ok, r.counts, r.services[1].name, r.diagnostics[1] and r.diagnostics[1].message
  end,
  taskdefs = function() return ecsnet.taskdefs(td_text) end,
  taskdefs_table = function() return ecsnet.taskdefs(td_table) end,
  rules = function() return #ecsnet.rules(), ecsnet.rules()[1].id end,
  cidr = function() return tostring(ecsnet.cidr("10.20.0.0/16")), ecsnet.cidr("10.0.0.5/24") end,
  cidr_range = function() return ecsnet.cidr_range("10.0.0.0", "10.0.0.255") end,
  aggregate = function() return ecsnet.aggregate { "10.0.0.0/25", "10.0.0.128/25" } end,
  aws_secondary = function() return ecsnet.aws_secondary("10.0.0.0/16", "192.168.0.0/16") end,
  aws_subnets = function() return ecsnet.aws_subnets("10.0.0.0/16", { "10.0.0.0/24", "10.0.1.0/24" }) end,
  cidrset = function()
    local s = ecsnet.cidrset { "10.0.0.0/8", "2600:1f18::/56" }
    return s:contains("10.1.2.3"), s:count { "10.0.0.1", "11.0.0.1" }, s:prefixes()
  end,
  cidr_methods = function()
    local c = ecsnet.cidr("10.0.0.0/16")
    local used, unused = c:carve { 4000, 200 }
    local n = 0
    for _ in c:subnets(20) do n = n + 1 end
    return c:usable(), c:size(), c:netmask(), c:reverse(), c:class(), used, unused, n,
      c:split(4), c:exclude("10.0.1.0/24"), c:aws_vpc(), c:contains("10.0.3.4")
  end,
  host = function()
    local h = host()
    local t = h:place(normalized)
    return t, h:info(), h:capacity(normalized), h:holder(50000), h:tasks(), h:bindings(t.id), h:remove(t)
  end,
  host_raw = function()
    local h = host()
    return h:place(td_text), h:place_id(td_table), h:conflicts { normalized, td_table }
  end,
  port_requests = function() return host():place_id(ecsnet.port_requests(normalized)) end,
  normalize_taskdef = function() return ecsnet.normalize_taskdef(td_text) end,
  deployment = function()
    return ecsnet.deployment { taskdef = normalized, desired = 3, instances = 3, minimum_healthy_percent = 100 }
  end,
  ingress = function() return ecsnet.ingress(td_text, { source = "sg-0a1b2c3d" }) end,
  instance = function() return ecsnet.instance("c5.large"), ecsnet.instance("c9.huge") end,
  instance_types = function() return #ecsnet.instance_types() end,
  instance_data = function() return ecsnet.instance_data(), ecsnet.instance_data_date end,
  instance_db = function()
    local db = ecsnet.instance_db()
    db:load('{"instance_types": [{"instance_type": "x1.test", "max_enis": 3, "ipv4_per_eni": 10}]}')
    return db:count(), db:instance("x1.test"), #db:instance_types(),
      db:density { instance = "x1.test" }, db:plan(plan_text)
  end,
  load_instances = function()
    return ecsnet.load_instances('{"instance_types": [{"instance_type": "y1.test", "max_enis": 2, ' ..
      '"ipv4_per_eni": 4}]}')
  end,
  density = function()
    return ecsnet.density { instance = "c5.large", trunking = true },
      ecsnet.density { instance = "c5.large", taskdef = td_text }
  end,
  explain_eni = function() return ecsnet.explain_eni { instance = "c5.large", tasks = 5 } end,
  plan = function() return ecsnet.plan_json(plan_text) end,
  plan_table = function()
    local r = ecsnet.plan_json(plan_text)
    return ecsnet.plan_table(r), ecsnet.plan_text(r), ecsnet.plan(plan_lua)
  end,
  plan_template = function()
    return ecsnet.plan_template(read("examples/plans/template-ec2.yaml"))
  end,
  report = function()
    local r = ecsnet.validate(td_text)
    return r:json(), r:sarif { uri = "td.json" }
  end,
}

-- Module names each case stands for (the rest are named as the function).
local covers = {
  cidr_methods = { "cidr" }, validate_table = { "validate" }, taskdefs_table = { "taskdefs" },
  host_raw = { "host" }, plan_table = { "plan_table", "plan_text", "plan" },
  plan = { "plan_json" }, report = { "report" },
}

local names = {}
for name in pairs(cases) do names[#names + 1] = name end
table.sort(names)

local function call(name)
  return digest(cases[name]())
end

-- Garbage whose finalizer calls case 'name' (errors inside are swallowed: a
-- finalizer's error must not hide the outer call's answer).
local function bait(name)
  setmetatable({}, { __gc = function() pcall(cases[name]) end })
end

-- The collector runs continuously but gently (pause 100, step multiplier
-- 200): finalizers then run in the middle of calls often enough to crash
-- the unfixed module in 60 rounds (measured), while a heavier setting makes
-- Lua 5.3 spend minutes traversing busted's own heap. ECSNET_REENTRY_ITER,
-- _PAUSE and _STEPMUL override them.
describe("re-entrancy (every entry point from __gc and coroutines)", function()
  local pause, stepmul
  before_each(function()
    collectgarbage("collect")
    pause = collectgarbage("setpause", tonumber(os.getenv("ECSNET_REENTRY_PAUSE") or "") or 100)
    stepmul = collectgarbage("setstepmul", tonumber(os.getenv("ECSNET_REENTRY_STEPMUL") or "") or 200)
  end)
  after_each(function()
    collectgarbage("setpause", pause)
    collectgarbage("setstepmul", stepmul)
    collectgarbage("collect")
  end)

  it("has a case for every public function", function()
    local covered = {}
    for name in pairs(cases) do covered[name] = true end
    for _, list in pairs(covers) do
      for _, n in ipairs(list) do covered[n] = true end
    end
    for k, v in pairs(ecsnet) do
      if type(v) == "function" or (type(v) == "table" and type(v[1]) ~= "string") then
        assert.is_true(covered[k] == true, "no re-entrancy case for ecsnet." .. k)
      end
    end
  end)

  for _, name in ipairs(names) do
    it(name .. " answers the same while finalizers call it", function()
      local want = call(name)
      for _ = 1, ITER do
        bait(name)
        assert.are.equal(want, call(name))
      end
      local co = coroutine.create(function()
        bait(name)
        return call(name)
      end)
      local ok, got = coroutine.resume(co)
      assert.is_true(ok, got)
      assert.are.equal(want, got)
    end)
  end
end)
