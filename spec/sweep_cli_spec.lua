-- The sweep of the command line: every subcommand, every option (read
-- from the option tables the command itself parses with, so a new option is
-- covered without a new test) and every positional argument, given extreme
-- values. Each run must end with a documented exit status (0, 1, 2, or 3
-- for check's inputs that could not be read) within 2 seconds, never raise,
-- never print "internal error" or a traceback; a usage or input error (2, 3)
-- is one line on stderr that names the option (or the argument's value).
--
-- The runs are in-process (cli.main with its streams replaced), so that the
-- sweep is quick on every Lua and under the sanitizers and valgrind; a
-- sample runs as a subprocess under `timeout` with its peak RSS measured.
local cli = require "ecsnet.cli"
local h = require "cli_helper"

local MIB = 1024 * 1024
local BIG = string.rep("a", MIB)

-- The extreme values of the issue, by name (names keep test titles short).
local VALUES = {
  { "empty", "" }, { "-1", "-1" }, { "0", "0" }, { "2^53", "9007199254740992" },
  { "2^63", "9223372036854775808" }, { "2^64", "18446744073709551616" }, { "1e309", "1e309" },
  { "nan", "nan" }, { "1 MB string", BIG }, { "not UTF-8", "\255\254\192\128" },
  { "a directory", "bin" }, { "a missing file", "spec/fixtures/no/such.json" }, { "/dev/zero", "/dev/zero" },
}

local TD = "spec/fixtures/cli/good-fargate.json"
local BRIDGE = "spec/fixtures/cli/bridge-dynamic.json"
local PLAN = "examples/plans/default-vpc.json"

-- For each command, invocations that work (exit 0 or 1): the options are
-- tried on each; the positional arguments of each are replaced in turn.
local BASES = {
  check = { { TD } },
  modes = { {}, { "awsvpc" } },
  density = { { "c5.large" }, { "c5.large", TD } },
  ports = { { BRIDGE } },
  cidr = { { "info", "10.0.0.0/16" }, { "split", "10.0.0.0/16", "20" },
    { "carve", "10.0.0.0/16", "/20", "500" }, { "aggregate", "10.0.0.0/24", "10.0.1.0/24" },
    { "exclude", "10.0.0.0/16", "10.0.4.0/22" }, { "check", "10.0.0.0/16", "10.0.0.0/20" } },
  plan = { { PLAN } },
  rules = { {} },
}

-- A stream that collects what is written.
local function sink()
  local parts = {}
  return { write = function(self, ...)
    for i = 1, select("#", ...) do parts[#parts + 1] = tostring((select(i, ...))) end
    return self
  end, text = function() return table.concat(parts) end }
end

-- stdin as a file: read(n) and read("*a"), from a string
local function source(text)
  local pos = 1
  return { read = function(_, n)
    if pos > #text then return nil end
    if type(n) ~= "number" then n = #text end
    local s = text:sub(pos, pos + n - 1)
    pos = pos + #s
    return s
  end }
end

-- Under valgrind (its preload library is in LD_PRELOAD) every tenth run
-- happens, so that the suite stays within its time; the other runs take all.
local STRIDE = (os.getenv("LD_PRELOAD") or ""):find("vgpreload", 1, true) and 10 or 1
-- the 2 s bound is the program's, measured in the plain runs; valgrind runs
-- the same code 20 to 50 times slower
local LIMIT = STRIDE > 1 and 60 or 2
local count = 0
local function sampled()
  count = count + 1
  return count % STRIDE == 0
end

local function now()
  local ok, socket = pcall(require, "socket")
  if ok and socket.gettime then return socket.gettime() end
  return os.time()
end

-- Runs argv in-process; returns status, stdout, stderr, seconds taken.
local function run(argv)
  local out, err = sink(), sink()
  local t0, c0 = now(), os.clock()
  local ok, code = pcall(cli.main, argv, { stdout = out, stderr = err, stdin = source(""),
    getenv = function() return nil end, isatty = function() return false end })
  local secs = math.max(now() - t0, os.clock() - c0)
  if not ok then return "raised: " .. tostring(code), out.text(), err.text(), secs end
  return code, out.text(), err.text(), secs
end

local function short(s)
  if #s > 200 then s = s:sub(1, 200) .. "..." end
  return s
end

-- The checks every run must pass.
local function judge(argv, names)
  if not sampled() then return nil end   -- not this time (valgrind)
  local code, out, err, secs = run(argv)
  local what = table.concat(argv, " ", 1, math.min(#argv, 6))
  assert(code == 0 or code == 1 or code == 2 or (code == 3 and argv[1] == "check"),
    "exit status " .. tostring(code) .. " for " .. short(what))
  assert(secs < LIMIT, string.format("%.2f s for %s", secs, short(what)))
  assert(not err:find("internal error", 1, true), short(err))
  assert(not err:find("traceback", 1, true), short(err))
  assert(#err < 2000, "stderr of " .. #err .. " bytes: " .. short(err))
  if code == 2 or code == 3 then
    local lines = select(2, err:gsub("\n", "\n"))
    assert(lines == 1 and err:sub(-1) == "\n", "want one line on stderr, got: " .. short(err))
    local named = false
    for _, n in ipairs(names) do
      if n ~= "" and err:find(n, 1, true) then named = true end
    end
    assert(named, "stderr does not name " .. short(table.concat(names, " or ")) .. ": " .. short(err))
  end
  return code, out, err
end

-- How a value shows in messages: quoted by cli.quote (cut, \xHH for bytes
-- that are not printable ASCII), or as the core quotes it (\xhh), or as given.
local function value_names(v)
  local q = cli.quote(v)
  local names = { q:sub(1, 20), q:lower():sub(1, 20), v:sub(1, 20):upper() }
  if not v:find("[^%w%p ]") and v ~= "" then names[#names + 1] = v:sub(1, 20) end
  return names
end

-- The placeholders of a command's usage ("INSTANCE", "PREFIX", "LENGTH"),
-- which a message about a positional argument may name instead.
local function placeholders(def)
  local out = { "missing", "argument", "action" }
  local text = (def.usage or "") .. " " .. (def.args_name or "") .. " " .. (def.description or "")
  for w in text:gmatch("%u%u+") do out[#out + 1] = w end
  return out
end

local function options_of(def)
  local list = {}
  for _, o in ipairs(def.options or {}) do list[#list + 1] = o end
  list[#list + 1] = { "format", arg = "FORMAT" }
  list[#list + 1] = { "color", arg = "WHEN" }
  return list
end

local function copy(t)
  local c = {}
  for i, v in ipairs(t) do c[i] = v end
  return c
end

describe("sweep: every option of every command with extreme values", function()
  for _, name in ipairs(cli.command_names) do
    local def = cli.command(name)
    assert(BASES[name], "the sweep has no base invocation for command '" .. name .. "': add one to BASES")
    describe(name, function()
      it("works on its bases", function()
        for _, base in ipairs(BASES[name]) do
          local argv = { name }
          for _, a in ipairs(base) do argv[#argv + 1] = a end
          local code = judge(argv, {})
          assert(code == nil or code == 0 or code == 1, "base " .. table.concat(argv, " ") .. " exits " ..
            tostring(code))
        end
      end)
      for _, o in ipairs(options_of(def)) do
        if o.flag then
          it("--" .. o[1] .. "=VALUE (a flag takes none)", function()
            for _, base in ipairs(BASES[name]) do
              local argv = { name, "--" .. o[1] .. "=x" }
              for _, a in ipairs(base) do argv[#argv + 1] = a end
              local code = judge(argv, { "--" .. o[1] })
              assert.is_true(code == nil or code == 2)
            end
          end)
        else
          for _, v in ipairs(VALUES) do
            it("--" .. o[1] .. " " .. v[1], function()
              for _, base in ipairs(BASES[name]) do
                local argv = { name }
                for _, a in ipairs(base) do argv[#argv + 1] = a end
                argv[#argv + 1] = "--" .. o[1]
                argv[#argv + 1] = v[2]
                local names = value_names(v[2])
                names[#names + 1] = "--" .. o[1]
                names[#names + 1] = "'" .. o[1] .. "'"
                judge(argv, names)
              end
            end)
          end
          it("--" .. o[1] .. " without its value", function()
            for _, base in ipairs(BASES[name]) do
              local argv = { name }
              for _, a in ipairs(base) do argv[#argv + 1] = a end
              argv[#argv + 1] = "--" .. o[1]
              local code = judge(argv, { "--" .. o[1] })
              assert.is_true(code == nil or code == 2)
            end
          end)
        end
      end
    end)
  end
end)

describe("sweep: every positional argument with extreme values", function()
  for _, name in ipairs(cli.command_names) do
    for _, base in ipairs(BASES[name]) do
      for i = 1, #base do
        for _, v in ipairs(VALUES) do
          it(name .. " " .. table.concat(base, " ") .. ": argument " .. i .. " " .. v[1], function()
            local argv = { name }
            local b = copy(base)
            b[i] = v[2]
            for _, a in ipairs(b) do argv[#argv + 1] = a end
            local names = value_names(v[2])
            for _, w in ipairs(placeholders(cli.command(name))) do names[#names + 1] = w end
            judge(argv, names)
          end)
        end
      end
    end
  end
end)

describe("sweep: stdin", function()
  it("takes 3 MB of stdin as too large, for every command that reads '-'", function()
    for _, argv in ipairs { { "check", "-" }, { "plan", "-" }, { "ports", "-" }, { "density", "c5.large", "-" } } do
      local out, err = sink(), sink()
      local code = cli.main(argv, { stdout = out, stderr = err, stdin = source(string.rep(" ", 3 * MIB)),
        getenv = function() return nil end, isatty = function() return false end })
      assert.equals(argv[1] == "check" and 3 or 2, code)
      assert.matches("document too large", err.text(), 1, true)
    end
  end)
end)

-- Subprocesses: the wall clock under `timeout 5`, and the peak RSS (GNU
-- time's %M) within docs/robustness.md's bound for the command: 64 MiB.
local function have_time()
  local ok = os.execute("test -x /usr/bin/time")
  return ok == true or ok == 0
end

describe("sweep: subprocesses within 2 s and 64 MiB", function()
  if not have_time() or os.getenv("LD_PRELOAD") then
    it("needs /usr/bin/time and no LD_PRELOAD (skipped: measured in the plain runs)", function() end)
    return
  end
  local cases = {
    { "check", "/dev/zero" }, { "check", "-" }, { "plan", "/dev/zero" }, { "ports", "/dev/zero" },
    { "density", "c5.large", "/dev/zero" }, { "cidr", "split", "::/0", "128" },
    { "cidr", "split", "10.0.0.0/8", "--parts", "18446744073709551616" },
    { "cidr", "info", string.rep("1", 100000) }, { "check", "--reserved-ports", "1-65535", TD },
  }
  for _, args in ipairs(cases) do
    it(short(table.concat(args, " ")):sub(1, 60), function()
      local rss = os.tmpname()
      local words = {}
      for i, a in ipairs(args) do words[i] = h.quote(a) end
      local cmd = string.format("head -c 3000000 /dev/zero | env ECSNET_LUA=%s %s timeout 5 " ..
        "/usr/bin/time -f %%M -o %s bin/ecsnet %s >/dev/null 2>&1; echo $?", h.lua_name(),
        h.build_dir() and ("ECSNET_BUILD=" .. h.quote(h.build_dir())) or "", h.quote(rss), table.concat(words, " "))
      local t0 = os.time()
      local p = assert(io.popen(cmd))
      local code = tonumber(p:read("*a"))
      p:close()
      local kb = tonumber((h.read_file(rss):match("(%d+)%s*$")))
      os.remove(rss)
      assert(code == 0 or code == 1 or code == 2 or (code == 3 and args[1] == "check"), "exit " .. tostring(code))
      assert(os.time() - t0 <= 3, "took " .. (os.time() - t0) .. " s")
      assert(kb and kb < 64 * 1024, "peak RSS " .. tostring(kb) .. " kB")
    end)
  end
end)
