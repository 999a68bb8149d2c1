-- The ecsnet command as a user runs it: bin/ecsnet as a subprocess.
-- Exit status: 0 clean, 1 problems found, 2 usage or input error.
local h = require "cli_helper"
local run = h.run

describe("ecsnet (the command)", function()
  teardown(h.cleanup)

  describe("without a command", function()
    it("prints the usage on stderr and exits 2", function()
      local code, out, err = run {}
      assert.equals(2, code)
      assert.equals("", out)
      assert.matches("usage: ecsnet COMMAND", err, 1, true)
    end)

    it("lists every command in --help, exit 0", function()
      local code, out = run { "--help" }
      assert.equals(0, code)
      for _, name in ipairs { "check", "modes", "density", "ports", "cidr", "plan", "rules" } do
        assert.matches("\n  " .. name .. " ", out, 1, true)
      end
    end)

    it("prints the version and the instance data's date", function()
      local code, out = run { "--version" }
      assert.equals(0, code)
      local ecsnet = require "ecsnet"
      assert.equals("ecsnet " .. ecsnet._VERSION .. " (instance data " .. ecsnet.instance_data_date .. ")\n", out)
      assert.matches("^%d%d%d%d%-%d%d%-%d%d$", ecsnet.instance_data_date)
    end)
  end)

  describe("usage errors exit 2 with one line on stderr", function()
    local cases = {
      { { "frobnicate" }, "ecsnet: unknown command 'frobnicate' (expected one of: check, modes," },
      { { "modes", "--fromat", "json" }, "ecsnet modes: unknown option '--fromat' (see 'ecsnet modes --help')" },
      { { "modes", "--format", "yaml" },
        "ecsnet modes: invalid value 'yaml' for '--format' (expected one of: text, json)" },
      { { "modes", "--format" }, "ecsnet modes: option '--format' needs a value" },
      { { "modes", "--help=yes" }, "ecsnet modes: option '--help' takes no value" },
      { { "modes", "bridge", "host" }, "ecsnet modes: unexpected argument 'host'" },
      { { "modes", "brige" }, "ecsnet modes: unknown network mode 'brige' (expected one of: " },
    }
    for _, c in ipairs(cases) do
      it(table.concat(c[1], " "), function()
        local code, out, err = run(c[1])
        assert.equals(2, code)
        assert.equals("", out)
        assert.equals(1, select(2, err:gsub("\n", "")))
        assert.equals(1, err:find(c[2], 1, true), err)
      end)
    end
  end)

  describe("--help of each command", function()
    for _, name in ipairs { "check", "modes", "density", "ports", "cidr", "plan", "rules" } do
      it("'" .. name .. " --help' shows usage, options and an example, exit 0", function()
        local code, out, err = run { name, "--help" }
        assert.equals(0, code, err)
        assert.equals("", err)
        assert.matches("^usage: ecsnet " .. name, out)
        assert.matches("\noptions:\n", out, 1, true)
        assert.matches("%-%-format", out)
        assert.matches("\nexamples:\n  ecsnet " .. name, out, 1, true)
      end)
    end

    it("'help CMD' is the same as 'CMD --help'", function()
      local _, a = run { "help", "modes" }
      local _, b = run { "modes", "--help" }
      assert.equals(b, a)
    end)
  end)

  describe("modes", function()
    it("prints the table of modes", function()
      local code, out, err = run { "modes" }
      assert.equals(0, code, err)
      assert.matches("^%s+bridge%s+host%s+awsvpc%s+none%s+default\n", out)
      assert.matches("\nruns on Fargate%s+%-%s+%-%s+required%s+%-%s+%-\n", out)
      assert.matches("\nload%-balancer target type%s+instance%s+instance%s+ip%s+%-%s+instance\n", out)
    end)

    it("describes one mode with its sources (docs/reference.md §1.3)", function()
      local code, out = run { "modes", "awsvpc" }
      assert.equals(0, code)
      assert.matches("^awsvpc %- ", out)
      assert.matches("Links are not supported when networkMode=awsvpc.", out, 1, true)
      assert.matches("\nsources: %[", out)
    end)

    it("gives JSON with --format json", function()
      local code, out = run { "modes", "--format", "json" }
      assert.equals(0, code)
      local doc = h.decode(out)
      assert.equals(5, #doc.modes)
      assert.equals("bridge", doc.modes[1].name)
      assert.equals("required", doc.modes[3].support.fargate)
      assert.is_table(doc.modes[1].security)
    end)

    it("answers 'default' for Windows with --os windows", function()
      local code, out = run { "modes", "default", "--os", "windows", "--format=json" }
      assert.equals(0, code)
      assert.equals("nat", h.decode(out).driver)
    end)
  end)

  describe("rules", function()
    it("lists the catalog, one rule per line, with its checklist item (docs/reference.md §6)", function()
      local code, out = run { "rules" }
      assert.equals(0, code)
      assert.matches("\nECS008  error    R8   host%-port%-must%-match %s+", out)
      assert.matches("\n%d+ rules; 'ecsnet rules ID' shows one", out)
    end)

    it("shows one rule with its help, reference and link, by ID or name", function()
      local code, out = run { "rules", "ecs008" }
      assert.equals(0, code)
      assert.matches("^ECS008 host%-port%-must%-match %(error%)\n", out)
      assert.matches("\n  reference: docs/reference%.md §1%.3", out)
      assert.matches("\n  AWS docs:  https://", out)
      local _, again = run { "rules", "host-port-must-match" }
      assert.equals(out, again)
    end)

    it("gives the catalog as JSON, equal to ecsnet.rules()", function()
      local _, out = run { "rules", "--format", "json" }
      local doc = h.decode(out)
      local rules = require("ecsnet").rules()
      assert.equals(#rules, #doc.rules)
      for i, r in ipairs(rules) do
        assert.equals(r.id, doc.rules[i].id)
        assert.equals(r.severity, doc.rules[i].severity)
        assert.equals(r.section, doc.rules[i].reference)
      end
    end)

    it("refuses an unknown rule with exit 2", function()
      local code, _, err = run { "rules", "ECS999" }
      assert.equals(2, code)
      assert.matches("unknown rule 'ECS999'", err, 1, true)
    end)
  end)

  describe("color", function()
    local esc = "\27%["

    it("is off when stdout is not a terminal", function()
      local _, out = run { "modes", "awsvpc" }
      assert.is_nil(out:find(esc))
    end)

    it("is on with --color always", function()
      local _, out = run { "modes", "awsvpc", "--color", "always" }
      assert.truthy(out:find(esc))
    end)

    it("is on for a terminal, and off with NO_COLOR set", function()
      if not h.have_script() then
        pending("util-linux 'script' is not installed")
        return
      end
      local code, text = h.run_tty({ "modes", "awsvpc" }, { env = { NO_COLOR = false } })
      assert.equals(0, code)
      assert.truthy(text:find(esc))
      code, text = h.run_tty({ "modes", "awsvpc" }, { env = { NO_COLOR = "1" } })
      assert.equals(0, code)
      assert.is_nil(text:find(esc))
      -- an empty NO_COLOR does not count (no-color.org)
      code, text = h.run_tty({ "modes", "awsvpc" }, { env = { NO_COLOR = "" } })
      assert.equals(0, code)
      assert.truthy(text:find(esc))
    end)
  end)

  describe("bin/ecsnet", function()
    it("runs from another folder, finding the tree beside it", function()
      local dir = h.tmpdir()
      local p = assert(io.popen("pwd"))
      local top = p:read("*l")
      p:close()
      local cmd = string.format("cd %s && env ECSNET_LUA=%s %s%s/bin/ecsnet modes none --format json; echo $?",
        h.quote(dir), h.lua_name(), h.build_dir() and ("ECSNET_BUILD=" .. h.quote(top .. "/" .. h.build_dir()) .. " ")
        or "", h.quote(top))
      p = assert(io.popen(cmd))
      local text = p:read("*a")
      p:close()
      assert.matches('"name": "none"', text, 1, true)
      assert.matches("\n0\n$", text)
    end)

    it("runs through a symbolic link, still finding its tree", function()
      local dir = h.tmpdir()
      local p = assert(io.popen("pwd"))
      local top = p:read("*l")
      p:close()
      assert(os.execute("ln -s " .. h.quote(top .. "/bin/ecsnet") .. " " .. h.quote(dir .. "/ecsnet")))
      local cmd = string.format("cd %s && env ECSNET_LUA=%s %s./ecsnet modes none --format json; echo $?",
        h.quote(dir), h.lua_name(), h.build_dir() and ("ECSNET_BUILD=" .. h.quote(top .. "/" .. h.build_dir()) .. " ")
        or "")
      p = assert(io.popen(cmd))
      local text = p:read("*a")
      p:close()
      assert.matches('"name": "none"', text, 1, true)
      assert.matches("\n0\n$", text)
    end)

    it("says to build the module when it cannot load it, exit 2", function()
      local code, out, err = run({ "modes" },
        { env = { ECSNET_BUILD = "/nonexistent", LUA_CPATH = "/nonexistent/?.so" } })
      assert.equals(2, code)
      assert.equals("", out)
      assert.matches("^ecsnet modes: cannot load the ecsnet module %(in a source tree, build it with make%): ", err)
    end)

    it("is valid Lua 5.1 and a shell script at once", function()
      assert.is_function(loadfile("bin/ecsnet"))
    end)
  end)
end)
