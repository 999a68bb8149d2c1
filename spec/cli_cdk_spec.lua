-- `ecsnet check cdk.out/`: a CDK cloud assembly is read through its
-- manifest.json (stack templates, nested stack templates), each finding
-- names its construct path, and every file not checked is listed with why.
-- The real assembly is spec/fixtures/cdk/cdk.out (test/cdk/README.md: all
-- valid deployments); the faulty ones are built here by hand.
local h = require "cli_helper"
local run = h.run

local REAL = "spec/fixtures/cdk/cdk.out"

local function encode(v)
  return require("cjson").encode(v)
end

-- A CloudFormation task definition in awsvpc mode; hostPort differing from
-- containerPort is an error there (docs/reference.md#awsvpc-mode, ECS008).
local function taskdef(host_port, metadata)
  return { Type = "AWS::ECS::TaskDefinition", Metadata = metadata, Properties = {
    NetworkMode = "awsvpc", RequiresCompatibilities = { "FARGATE" }, Cpu = "256", Memory = "512",
    ContainerDefinitions = { { Name = "web", Image = "nginx", Essential = true,
      PortMappings = { { ContainerPort = 80, HostPort = host_port } } } } } }
end

local function template(resources)
  return encode { AWSTemplateFormatVersion = "2010-09-09", Resources = resources }
end

-- A hand-built assembly in `dir`: stack Web (construct paths from the
-- manifest's inline metadata; a nested stack named by aws:asset:path, whose
-- template carries aws:cdk:path), stack Other (paths from its metadata
-- file), an asset folder and a stale template that must not be checked.
local function assembly(dir)
  assert(os.execute("mkdir -p " .. h.quote(dir .. "/asset.1234")))
  h.write_file(dir .. "/cdk.out", '{"version":"55.0.0"}')
  h.write_file(dir .. "/manifest.json", encode { version = "55.0.0", artifacts = {
    Web = { type = "aws:cloudformation:stack", properties = { templateFile = "Web.template.json" },
      metadata = { ["/Web/Api/TaskDef/Resource"] = { { type = "aws:cdk:logicalId", data = "ApiTaskDef1" } } } },
    Other = { type = "aws:cloudformation:stack", properties = { templateFile = "Other.template.json" },
      additionalMetadataFile = "Other.metadata.json" },
    Tree = { type = "cdk:tree", properties = { file = "tree.json" } },
  } })
  h.write_file(dir .. "/Web.template.json", template {
    ApiTaskDef1 = taskdef(8080),
    Child = { Type = "AWS::CloudFormation::Stack", Properties = { TemplateURL = "https://example.invalid/x.json" },
      Metadata = { ["aws:asset:path"] = "WebChild.nested.template.json",
        ["aws:cdk:path"] = "Web/Child.NestedStack/Child.NestedStackResource" } } })
  h.write_file(dir .. "/WebChild.nested.template.json", template {
    WorkerTd = taskdef(9090, { ["aws:cdk:path"] = "Web/Child/Worker/Resource" }) })
  h.write_file(dir .. "/Other.template.json", template { OkTd = taskdef(80) })
  h.write_file(dir .. "/Other.metadata.json", encode {
    ["/Other"] = { { type = "aws:cdk:templateFile", data = "Other.template.json" } },
    ["/Other/Ok/TaskDef/Resource"] = { { type = "aws:cdk:logicalId", data = "OkTd" } } })
  h.write_file(dir .. "/tree.json", '{"version":"tree-0.1","tree":{"id":"App","path":""}}')
  h.write_file(dir .. "/asset.1234/taskdef.json", encode {
    family = "bundled", networkMode = "awsvpc",
    containerDefinitions = { { name = "a", portMappings = { { containerPort = 1, hostPort = 2 } } } } })
  h.write_file(dir .. "/Stale.template.json", template { OldTd = taskdef(7070) })
  return dir
end

local function by_file(doc)
  local t = {}
  for _, f in ipairs(doc.files) do t[f.file:match("[^/]*$")] = f end
  return t
end

local function skipped_by_path(doc)
  local t = {}
  for _, s in ipairs(doc.skipped) do t[s.path:gsub("^.*/([^/]+/?)$", "%1")] = s end
  return t
end

describe("ecsnet check on a CDK cloud assembly", function()
  teardown(h.cleanup)

  describe("the real assembly (spec/fixtures/cdk/cdk.out, aws-cdk-lib 2.278.0)", function()
    it("checks every stack and the nested stack once, with no error (all valid deployments)", function()
      local code, out, err = run { "check", "--format", "json", REAL }
      assert.equals(0, code, err)
      local doc = h.decode(out)
      local files = by_file(doc)
      assert.equals(17, doc.summary.files)
      assert.equals(25, doc.summary.taskdefs)
      assert.equals(24, doc.summary.services)
      assert.equals(0, doc.summary.errors)
      assert.equals(0, doc.summary.warnings)
      local nested = files["EcsnetNestedService28993268.nested.template.json"]
      assert.is_table(nested)
      assert.equals("EcsnetNested", nested.cdk.stack)
      assert.equals(REAL .. "/EcsnetNested.template.json", nested.cdk.nested_in)
      assert.equals("EcsnetNested/Service/TaskDef/Resource", nested.taskdefs[1].construct)
      -- every task definition is named by its construct (from the stacks' metadata files)
      for _, f in ipairs(doc.files) do
        for _, td in ipairs(f.taskdefs) do assert.is_string(td.construct, f.file) end
      end
      assert.equals("EcsnetAlbFargate/Web/TaskDef/Resource",
        files["EcsnetAlbFargate.template.json"].taskdefs[1].construct)
    end)

    it("names the construct of each finding", function()
      local _, out = run { "check", "--format", "json", REAL }
      local host = by_file(h.decode(out))["EcsnetHostMode.template.json"]
      assert.equals("ECS022", host.taskdefs[1].diagnostics[1].rule)
      assert.equals("EcsnetHostMode/TaskDef/Resource", host.taskdefs[1].diagnostics[1].construct)
      local _, text = run { "check", "--severity", "info", REAL }
      assert.matches("EcsnetHostMode.template.json (CDK stack EcsnetHostMode)  ", text, 1, true)
      assert.matches("EcsnetHostMode.template.json:%d+:%d+: info ECS022 .- " ..
        "%[construct EcsnetHostMode/TaskDef/Resource%]\n", text)
    end)

    it("lists every other file of the assembly as skipped, with why", function()
      local _, out = run { "check", "--format", "json", REAL }
      local doc = h.decode(out)
      local sk = skipped_by_path(doc)
      assert.equals("cdk", sk["manifest.json"].kind)
      assert.matches("manifest", sk["manifest.json"].reason, 1, true)
      assert.matches("construct paths", sk["EcsnetNested.metadata.json"].reason, 1, true)
      assert.equals("cdk", sk["tree.json"].kind)
      assert.equals("not_taskdef", sk["EcsnetNetwork.template.json"].kind)
      assert.equals("not_taskdef", sk["EcsnetNested.template.json"].kind)
      -- each file of the folder is either checked or skipped, none twice
      local seen, n = {}, 0
      for _, f in ipairs(doc.files) do seen[f.file] = (seen[f.file] or 0) + 1 end
      for _, s in ipairs(doc.skipped) do seen[s.path] = (seen[s.path] or 0) + 1 end
      local p = assert(io.popen("ls " .. REAL))
      for name in p:lines() do
        n = n + 1
        assert.equals(1, seen[REAL .. "/" .. name], name)
      end
      p:close()
      assert.equals(n, #doc.files + #doc.skipped)
      assert.equals(#doc.skipped - 2, doc.summary.skipped_cdk)
    end)

    it("reads the assembly as one unit inside a folder walk (no template twice)", function()
      local _, a = run { "check", "--format", "json", REAL }
      local _, b = run { "check", "--format", "json", "spec/fixtures/cdk" }
      assert.same(h.decode(a).files, h.decode(b).files)
      local _, text = run { "check", "spec/fixtures/cdk" }
      assert.matches("^17 files checked %(skipped: 2 without a task definition, 40 CDK assembly files other " ..
        "than templates%); 25 task definitions, 24 services; 0 errors, 0 warnings", text)
    end)

    it("names the same constructs from the templates' own aws:cdk:path metadata (what cdk synth writes)",
      function()
        -- the real assembly rewritten as `cdk synth` writes it by default (path and asset metadata
        -- in the templates), without the metadata and asset manifests: the paths and the nested
        -- stack must then come from the templates alone
        local cjson = require "cjson"
        -- the data of a construct's metadata entry of that type (a stack's list may start with
        -- other entries, such as the rules CDK acknowledged)
        local function entry(list, type_)
          for _, e in ipairs(list) do if e.type == type_ then return e.data end end
        end
        local dir = h.tmpdir() .. "/cdk.out"
        assert(os.execute("cp -R " .. REAL .. " " .. h.quote(dir)))
        local manifest = cjson.decode(h.read_file(dir .. "/manifest.json"))
        for id, art in pairs(manifest.artifacts) do
          if art.type == "aws:cloudformation:stack" then
            local md = cjson.decode(h.read_file(dir .. "/" .. art.additionalMetadataFile))
            os.remove(dir .. "/" .. art.additionalMetadataFile)
            os.remove(dir .. "/" .. id .. ".assets.json")
            art.additionalMetadataFile = nil
            local files = {}   -- template -> its root construct path
            for path, list in pairs(md) do
              local tf = entry(list, "aws:cdk:templateFile")
              if tf then files[tf] = path end
            end
            for file, root in pairs(files) do
              local t = cjson.decode(h.read_file(dir .. "/" .. file))
              for path, list in pairs(md) do
                local id_ = entry(list, "aws:cdk:logicalId")
                local r = id_ and t.Resources[id_]
                if r and path:sub(1, #root + 1) == root .. "/" then
                  r.Metadata = { ["aws:cdk:path"] = path:sub(2) }
                  if r.Type == "AWS::CloudFormation::Stack" then
                    for f, p in pairs(files) do
                      if p .. ".NestedStack" == path:match("^(.*)/[^/]+$") then r.Metadata["aws:asset:path"] = f end
                    end
                  end
                end
              end
              h.write_file(dir .. "/" .. file, cjson.encode(t))
            end
          end
          if art.type == "cdk:asset-manifest" then manifest.artifacts[id] = nil end
        end
        h.write_file(dir .. "/manifest.json", cjson.encode(manifest))
        local constructs = function(out)
          local list = {}
          for _, f in ipairs(h.decode(out).files) do
            for _, td in ipairs(f.taskdefs) do list[#list + 1] = f.file:match("[^/]*$") .. " " .. td.construct end
          end
          table.sort(list)   -- a nested template found in its parent is checked after it
          return list
        end
        local code, out = run { "check", "--format", "json", dir }
        assert.equals(0, code)
        local _, want = run { "check", "--format", "json", REAL }
        assert.same(constructs(want), constructs(out))
        assert.equals(25, #constructs(out))
      end)

    it("finds the same assembly without LuaFileSystem (find)", function()
      local walk = require "ecsnet.cli.walk"
      local cdk = require "ecsnet.cli.cdk"
      local unit = function(d, is_file) return cdk.is_assembly(d, is_file) and "cdk" or nil end
      local with_find = walk.walk("spec/fixtures", unit, true)
      local plain = walk.walk("spec/fixtures", unit)
      assert.same(plain, with_find)
      assert.same({ { path = "spec/fixtures/cdk/cdk.out", kind = "cdk" } }, with_find.units)
      for _, f in ipairs(with_find.files) do assert.is_nil(f:find("cdk.out/", 1, true), f) end
    end)
  end)

  describe("a hand-built assembly with errors", function()
    it("checks the manifest's stacks and the nested one, never the asset folder or a stale template", function()
      local dir = assembly(h.tmpdir() .. "/cdk.out")
      local code, out, err = run { "check", "--format", "json", dir }
      assert.equals(1, code, err)
      local doc = h.decode(out)
      local files = by_file(doc)
      assert.same({ "Other.template.json", "Web.template.json", "WebChild.nested.template.json" },
        (function() local t = {} for k in pairs(files) do t[#t + 1] = k end table.sort(t) return t end)())
      assert.equals(2, doc.summary.errors)
      local web = files["Web.template.json"].taskdefs[1]
      assert.equals("Web/Api/TaskDef/Resource", web.construct)                  -- manifest's inline metadata
      assert.equals("ECS008", web.diagnostics[1].rule)
      assert.equals("Web/Api/TaskDef/Resource", web.diagnostics[1].construct)
      local child = files["WebChild.nested.template.json"]
      assert.equals("Web/Child/Worker/Resource", child.taskdefs[1].diagnostics[1].construct)   -- aws:cdk:path
      assert.equals(dir .. "/Web.template.json", child.cdk.nested_in)
      assert.equals("Other/Ok/TaskDef/Resource", files["Other.template.json"].taskdefs[1].construct)  -- metadata file
      local sk = skipped_by_path(doc)
      assert.equals("cdk_asset", sk["asset.1234/"].kind)
      assert.matches("does not name", sk["Stale.template.json"].reason, 1, true)
      assert.equals("cdk", sk["Stale.template.json"].kind)
      assert.is_nil(out:find("asset.1234/taskdef.json", 1, true))
    end)

    it("shows the construct beside each finding in text, and carries it in SARIF", function()
      local dir = assembly(h.tmpdir() .. "/cdk.out")
      local _, out = run { "check", dir }
      assert.matches("/WebChild.nested.template.json:%d+:%d+: error ECS008 .- " ..
        "%[construct Web/Child/Worker/Resource%]\n", out)
      assert.matches("/Web.template.json (CDK stack Web)", out, 1, true)
      assert.matches("3 files checked (skipped: 5 CDK assembly files other than templates, 1 CDK asset folder)",
        out, 1, true)
      local _, sarif = run { "check", "--format", "sarif", dir }
      local log = h.decode(sarif)
      local r = log.runs[1].results[1]
      local names = {}
      for _, l in ipairs(r.locations[1].logicalLocations) do names[l.kind] = l.fullyQualifiedName end
      assert.equals("Web/Api/TaskDef/Resource", names.cdkConstruct)
      assert.equals("Web/Api/TaskDef/Resource", r.properties.cdkConstruct)
      assert.equals("Web", r.properties.cdkStack)
    end)

    it("finds it inside a folder walk, as one unit", function()
      local top = h.tmpdir()
      assembly(top .. "/infra/cdk.out")
      h.write_file(top .. "/infra/README.md", "x")
      local code, out = run { "check", "--format", "json", top }
      assert.equals(1, code)
      local doc = h.decode(out)
      assert.equals(3, #doc.files)
      assert.equals("not_json", skipped_by_path(doc)["README.md"].kind)
    end)

    it("names the construct of a template named on its own, and checks only that file", function()
      local dir = assembly(h.tmpdir() .. "/cdk.out")
      local code, out = run { "check", "--format", "json", dir .. "/Web.template.json" }
      assert.equals(1, code)
      local doc = h.decode(out)
      assert.equals(1, #doc.files)
      assert.equals("Web/Api/TaskDef/Resource", doc.files[1].taskdefs[1].construct)
      assert.equals("Web", doc.files[1].cdk.stack)
      -- a file the manifest does not name is checked as any file
      local _, stale = run { "check", "--format", "json", dir .. "/Stale.template.json" }
      assert.is_nil(h.decode(stale).files[1].cdk)
    end)

    it("says which template a manifest names is missing, and checks the other stacks", function()
      local dir = assembly(h.tmpdir() .. "/cdk.out")
      os.remove(dir .. "/Other.template.json")
      local code, out, err = run { "check", dir }
      assert.equals(3, code)
      assert.matches(dir .. "/Other.template.json: cannot check: cannot open '" .. dir ..
        "/Other.template.json': no such file or directory", err, 1, true)
      assert.matches("error ECS008", out, 1, true)
      assert.matches("1 file could not be checked", out, 1, true)
    end)

    it("says a manifest is malformed, with its place, and still checks the templates", function()
      local dir = assembly(h.tmpdir() .. "/cdk.out")
      h.write_file(dir .. "/manifest.json", '{"version": "55.0.0", "artifacts": {\n')
      local code, out, err = run { "check", "--format", "json", dir }
      assert.equals(3, code)
      assert.matches(dir .. "/manifest.json: cannot check: the CDK manifest is not valid JSON (near line 1, column 37)",
        err, 1, true)
      local doc = h.decode(out)
      local files = by_file(doc)
      assert.equals("the CDK manifest is not valid JSON (near line 1, column 37)", files["manifest.json"].error)
      assert.is_table(files["Web.template.json"])
      assert.is_nil(files["Web.template.json"].cdk)
      assert.equals("cdk_asset", skipped_by_path(doc)["asset.1234/"].kind)
    end)

    it("says a manifest without artifacts or with a stack lacking its template file is wrong", function()
      local dir = assembly(h.tmpdir() .. "/cdk.out")
      h.write_file(dir .. "/manifest.json", encode { version = "55.0.0", artifacts = {
        Web = { type = "aws:cloudformation:stack", properties = { templateFile = "Web.template.json" } },
        Bad = { type = "aws:cloudformation:stack", properties = {} } } })
      local code, out, err = run { "check", dir }
      assert.equals(3, code)
      assert.matches("manifest.json: cannot check: stack 'Bad' in the CDK manifest has no properties.templateFile",
        err, 1, true)
      assert.matches("error ECS008", out, 1, true)
      h.write_file(dir .. "/manifest.json", '{"version": "55.0.0"}')
      local code2, _, err2 = run { "check", dir }
      assert.equals(3, code2)
      assert.matches("the CDK manifest has no 'artifacts' object", err2, 1, true)
    end)
  end)
end)

describe("ecsnet check lists every skipped file and why", function()
  teardown(h.cleanup)
  local F = "spec/fixtures/cli/"

  it("in JSON: skipped = [{path, kind, reason}], the counts unchanged", function()
    local _, out = run { "check", "--format", "json", F .. "dir" }
    local doc = h.decode(out)
    assert.same({
      { path = F .. "dir/README.txt", kind = "not_json",
        reason = "not a .json, .yaml, .yml, .template or .tpl file" },
      { path = F .. "dir/nested/values.yaml", kind = "not_cloudformation",
        reason = "YAML that is not CloudFormation (Kubernetes, compose, CI ...)" },
      { path = F .. "dir/package.json", kind = "not_taskdef",
        reason = "not a task definition: expected an object with containerDefinitions, " ..
          "{\"taskDefinition\": ...}, a CloudFormation template or a list of container definitions, got an object" },
    }, doc.skipped)
    assert.equals(1, doc.summary.skipped_not_json)
    assert.equals(1, doc.summary.skipped_yaml_not_cloudformation)
    assert.equals(1, doc.summary.skipped_not_taskdef)
  end)

  it("in JSON: special files too, and an empty list when nothing was skipped", function()
    local dir = h.tmpdir()
    assert(os.execute("ln -s /dev/zero " .. h.quote(dir .. "/zero.json")))
    h.write_file(dir .. "/web.json", h.read_file(F .. "good-fargate.json"))
    local _, out = run { "check", "--format", "json", dir }
    local doc = h.decode(out)
    assert.same({ { path = dir .. "/zero.json", kind = "special",
      reason = "a device, FIFO, socket or dangling link: never read" } }, doc.skipped)
    _, out = run { "check", "--format", "json", F .. "good-fargate.json" }
    assert.equals("[]", out:match('"skipped": (%b[])'))
  end)

  it("in SARIF: a note per skipped file, located at the file; the run still succeeds", function()
    local _, out = run { "check", "--format", "sarif", F .. "dir" }
    local inv = h.decode(out).runs[1].invocations[1]
    assert.is_true(inv.executionSuccessful)
    local notes = {}
    for _, n in ipairs(inv.toolExecutionNotifications) do
      assert.equals("note", n.level)
      notes[n.locations[1].physicalLocation.artifactLocation.uri] = n
    end
    assert.equals("skipped: not a .json, .yaml, .yml, .template or .tpl file",
      notes[F .. "dir/README.txt"].message.text)
    assert.equals("not_cloudformation", notes[F .. "dir/nested/values.yaml"].properties.skipped)
    assert.is_table(notes[F .. "dir/package.json"])
  end)

  it("in SARIF: a file that cannot be read still fails the run", function()
    local _, out = run { "check", "--format", "sarif", F .. "dir", F .. "nope.json" }
    local inv = h.decode(out).runs[1].invocations[1]
    assert.is_false(inv.executionSuccessful)
    local levels = {}
    for _, n in ipairs(inv.toolExecutionNotifications) do levels[n.level] = (levels[n.level] or 0) + 1 end
    assert.same({ error = 1, note = 3 }, levels)
  end)
end)

describe("ecsnet check on a hostile CDK assembly", function()
  teardown(h.cleanup)

  it("never waits on a FIFO named manifest.json or named as a template", function()
    local dir = h.tmpdir()
    assert(os.execute("mkfifo " .. h.quote(dir .. "/manifest.json")))
    h.write_file(dir .. "/web.json", h.read_file("spec/fixtures/cli/good-fargate.json"))
    local t0 = os.time()
    local code = run { "check", dir }
    assert.equals(0, code)
    local asm = h.tmpdir()
    h.write_file(asm .. "/cdk.out", '{"version":"55.0.0"}')
    h.write_file(asm .. "/manifest.json", '{"artifacts": {"S": {"type": "aws:cloudformation:stack", ' ..
      '"properties": {"templateFile": "S.template.json"}, "additionalMetadataFile": "S.metadata.json"}}}')
    assert(os.execute("mkfifo " .. h.quote(asm .. "/S.template.json")))
    assert(os.execute("mkfifo " .. h.quote(asm .. "/S.metadata.json")))
    local code2, _, err = run { "check", asm }
    assert.equals(3, code2)
    assert.matches("S.template.json: cannot check: cannot read '" .. asm .. "/S.template.json': not a regular file",
      err, 1, true)
    assert.matches("S.metadata.json: cannot check: cannot read", err, 1, true)
    assert.is_true(os.time() - t0 <= 5)
  end)

  it("reads a nested assembly (a CDK stage) as an assembly of its own", function()
    local top = h.tmpdir() .. "/cdk.out"
    assembly(top .. "/assembly-Prod")
    h.write_file(top .. "/cdk.out", '{"version":"55.0.0"}')
    h.write_file(top .. "/manifest.json", encode { version = "55.0.0", artifacts = {
      ["assembly-Prod"] = { type = "cdk:cloud-assembly",
        properties = { directoryName = "assembly-Prod", displayName = "Prod" } } } })
    local code, out = run { "check", "--format", "json", top }
    assert.equals(1, code)
    local doc = h.decode(out)
    local files = by_file(doc)
    assert.equals("Web/Child/Worker/Resource",
      files["WebChild.nested.template.json"].taskdefs[1].diagnostics[1].construct)
    assert.equals(3, #doc.files)
    assert.equals("cdk_asset", skipped_by_path(doc)["asset.1234/"].kind)
    assert.equals("cdk", skipped_by_path(doc)["manifest.json"].kind)
  end)
end)
