-- ecsnet.core.check_files: the command's folder check reads and validates
-- each JSON file in C, a batch of files per call (the binding's results are
-- what check.lua needs of ecsnet.core.validate's report); and `ecsnet check`
-- gives the same output whether the core reads the files or the Lua layer
-- does (it does when ecsnet.validate is not the library's own).
local core = require "ecsnet.core"
local ecsnet = require "ecsnet"
local cli = require "ecsnet.cli"
local h = require "cli_helper"

local F = "spec/fixtures/cli/"

describe("ecsnet.core.check_files", function()
  teardown(h.cleanup)

  it("finds what ecsnet.core.validate finds in the file's text", function()
    local paths = { F .. "awsvpc-hostport.json", F .. "two-taskdefs.cfn.json", F .. "good-fargate.json" }
    local res = core.check_files(paths, { taskdefs = true })
    assert.equals(3, #res)
    for i, p in ipairs(paths) do
      local r = assert(core.validate(h.read_file(p), { taskdefs = true }))
      assert.equals(r.shape, res[i].shape)
      assert.equals(#r.services, res[i].services)
      assert.equals(#r.taskdefs, #res[i].taskdefs)
      for k, td in ipairs(r.taskdefs) do
        assert.same({ family = td.family, pointer = td.pointer, network_mode = td.network_mode }, res[i].taskdefs[k])
      end
      assert.equals(#r.diagnostics, #(res[i].diagnostics or {}))
      for k, d in ipairs(r.diagnostics) do
        assert.same({ rule = d.rule, severity = d.severity, pointer = d.pointer, message = d.message,
          line = d.line, column = d.column, end_line = d.end_line, end_column = d.end_column,
          aws_message = d.aws_message, taskdef = d.taskdef },
          res[i].diagnostics[k])
      end
    end
    assert.is_nil(res[3].diagnostics)   -- a clean file: nothing more
    assert.is_nil(res[1].text)
    assert.equals(h.read_file(paths[2]), res[2].text)   -- CloudFormation: its Metadata may say more
  end)

  it("passes the validator's options (docs/reference.md#dynamic-host-port-range)", function()
    local p = F .. "awsvpc-hostport.json"
    local opts = { launch_type = "FARGATE", dynamic_range = { 40000, 40100 } }
    local r = assert(core.validate(h.read_file(p), opts))
    local res = core.check_files({ p }, opts)[1]
    assert.equals(#r.diagnostics, #(res.diagnostics or {}))
    for k, d in ipairs(r.diagnostics) do assert.equals(d.rule, res.diagnostics[k].rule) end
    assert.has_error(function() core.check_files({ p }, { no_such_option = 1 }) end)
  end)

  it("gives validation failures as messages and leaves what it cannot read to the caller", function()
    local dir = h.tmpdir()
    h.write_file(dir .. "/broken.json", '{"family": ')
    h.write_file(dir .. "/package.json", '{"name": "x"}')
    h.write_file(dir .. "/big.json", '{"family": "' .. string.rep("a", 200) .. '"}')
    assert(os.execute("mkfifo " .. h.quote(dir .. "/fifo.json")))
    local res = core.check_files({ dir .. "/broken.json", dir .. "/package.json", dir .. "/missing.json", dir,
      dir .. "/fifo.json", dir .. "/big.json" }, { max_bytes = 100 })
    assert.equals(select(2, core.validate('{"family": ')), res[1].error)
    assert.equals(select(2, core.validate('{"name": "x"}')), res[2].error)
    for i = 3, 6 do assert.same({ unread = true }, res[i]) end   -- never waits on the FIFO
    assert.same({}, core.check_files({}))
    assert.has_error(function() core.check_files({ 1 }) end)
    assert.has_error(function() core.check_files("x.json") end)
  end)
end)

describe("ecsnet.core.list_dir", function()
  teardown(h.cleanup)

  it("lists a folder's entries sorted, hidden ones left out, each with its kind, as a walk judges them", function()
    local dir = h.tmpdir() .. "/list"
    assert(os.execute("mkdir -p " .. h.quote(dir .. "/sub") .. " " .. h.quote(dir .. "/.git")))
    h.write_file(dir .. "/b.json", "{}")
    h.write_file(dir .. "/.hidden.json", "{}")
    assert(os.execute("cd " .. h.quote(dir) .. " && ln -s b.json a-link.json && ln -s sub c-dirlink && " ..
      "ln -s nowhere d-dangling.json && mkfifo e-fifo.json"))
    local names, kinds = core.list_dir(dir)
    assert.same({ "a-link.json", "b.json", "c-dirlink", "d-dangling.json", "e-fifo.json", "sub" }, names)
    assert.same({ "file", "file", "link_directory", "other", "other", "directory" }, kinds)
    local walk = require "ecsnet.cli.walk"
    assert.same(walk.walk(dir, nil, true), walk.walk(dir))   -- the same as find sees it
    local none, err = core.list_dir(dir .. "/missing")
    assert.is_nil(none)
    assert.matches("^cannot read folder '.*missing': no such file or directory$", err)
    assert.has_error(function() core.list_dir() end)
  end)
end)

describe("ecsnet check, the core reading the files or the Lua layer", function()
  teardown(h.cleanup)

  -- The command in this process; `lua_reads`: cli.main's env.batch = false,
  -- so that every file is read and validated from Lua (ecsnet.validate,
  -- counted).
  local function check(argv, lua_reads)
    local chunks, errs = {}, {}
    local validate, batch = ecsnet.validate, core.check_files
    local calls = { validate = 0, batch = 0 }
    if lua_reads then
      ecsnet.validate = function(...)
        calls.validate = calls.validate + 1
        return validate(...)
      end
    end
    core.check_files = function(...)
      calls.batch = calls.batch + 1
      return batch(...)
    end
    local function sink(t)
      return { write = function(self, ...)
        for _, s in ipairs({ ... }) do t[#t + 1] = tostring(s) end
        return self
      end }
    end
    local ok, code = pcall(cli.main, argv, { stdout = sink(chunks), stderr = sink(errs),
      isatty = function() return false end, batch = not lua_reads })
    ecsnet.validate, core.check_files = validate, batch
    assert(ok, code)
    return code, table.concat(chunks), table.concat(errs), calls
  end

  local function same_both_ways(argv)
    local code, out, err, calls = check(argv)
    assert.is_true(calls.batch > 0)
    assert.equals(0, calls.validate)
    local code2, out2, err2, calls2 = check(argv, true)
    assert.equals(0, calls2.batch)
    assert.is_true(calls2.validate > 0)
    assert.equals(code2, code)
    assert.equals(out2, out)
    assert.equals(err2, err)
    return code, out, err
  end

  for _, fmt in ipairs { "text", "json", "sarif", "junit", "gitlab", "github", "gcc", "checkstyle" } do
    it("gives the same " .. fmt .. " output for the fixtures", function()
      same_both_ways { "check", "--format", fmt, "--severity", "info", "spec/fixtures/cli", "spec/fixtures/valid",
        "spec/fixtures/invalid", "spec/fixtures/services", "spec/fixtures/cdk", "spec/fixtures/cfn-yaml" }
    end)
  end

  it("gives the same for files that cannot be read, suppressions and inline Metadata ignores", function()
    local dir = h.tmpdir() .. "/mixed"
    assert(os.execute("mkdir -p " .. h.quote(dir)))
    h.write_file(dir .. "/a.json", h.read_file(F .. "awsvpc-hostport.json"))
    h.write_file(dir .. "/b.json", '{"family": ')
    h.write_file(dir .. "/c.json", string.rep(" ", 300) .. "{}")
    h.write_file(dir .. "/package.json", '{"name": "x"}')
    h.write_file(dir .. "/t.json", h.read_file(F .. "two-taskdefs.cfn.json"))
    assert(os.execute("mkfifo " .. h.quote(dir .. "/fifo.json")))
    local code, out, err = same_both_ways { "check", "--max-bytes", "200", "--ignore", "ECS02", "-v",
      "--format", "json", dir, F .. "good-fargate.json" }
    assert.equals(3, code)
    assert.matches("document too large", err, 1, true)
    assert.matches('"suppressed"', out, 1, true)
    code = same_both_ways { "check", "--max-bytes", "200", dir }
    assert.equals(3, code)
  end)

  it("reads a service with --task-definition the Lua way, and the same", function()
    local A = "spec/fixtures/aws-cli/bluegreen-service-connect-"
    same_both_ways { "check", "--format", "json", A .. "service_backend.template.json",
      "--task-definition", A .. "taskdef_backend.template.json" }
  end)
end)

describe("GitLab's fingerprint, four bytes a step", function()
  -- the rule as formats.lua states it: two polynomial hashes, a byte at a time
  local function one_byte_rule(text)
    local a, b = 5381, 2166136
    for i = 1, #text do
      local c = text:byte(i)
      a = (a * 33 + c) % 4294967296
      b = (b * 131 + c + 7) % 4294967291
    end
    return string.format("%08x%08x", a, b)
  end

  it("gives the values of the one-byte rule for every length and byte", function()
    local fingerprint = require("ecsnet.cli.formats").fingerprint
    math.randomseed(18)
    for n = 0, 200 do
      local t = {}
      for i = 1, n do t[i] = string.char(math.random(0, 255)) end
      local s = table.concat(t)
      assert.equals(one_byte_rule(s), fingerprint(s))
    end
    assert.equals(one_byte_rule(string.rep("\255", 4096)), fingerprint(string.rep("\255", 4096)))
  end)
end)
