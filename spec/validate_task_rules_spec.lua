-- The task-level rules RegisterTaskDefinition applies to any task, in every
-- shape ecsnet reads: the Fargate task size (the table of docs/reference.md
-- §8.6, from "Amazon ECS task definition parameters for Fargate",
-- https://docs.aws.amazon.com/AmazonECS/latest/developerguide/
-- task_definition_parameters.html#task_size), container names and images,
-- unique names, an essential container and Fargate log drivers
-- (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/
-- API_LogConfiguration.html); then every real input, which must not get a
-- false error from them. Rules are found by name, so that their IDs can be
-- renumbered.
local ecsnet = require "ecsnet"
local cjson = require "cjson"

local ID = {}
for _, r in ipairs(ecsnet.rules()) do ID[r.name] = r.id end
local SIZE, NAME_IMAGE, UNIQUE = ID["fargate-task-size"], ID["container-name-image"], ID["container-name-unique"]
local ESSENTIAL, LOGS = ID["essential-container"], ID["fargate-log-driver"]
local NEW = { [SIZE] = true, [NAME_IMAGE] = true, [UNIQUE] = true, [ESSENTIAL] = true, [LOGS] = true }

local find = require("report_helper").find

local function count(r, rule)
  local n = 0
  for _, d in ipairs(r.diagnostics) do
    if d.rule == rule then n = n + 1 end
  end
  return n
end

local function web(extra)
  local c = { name = "web", image = "nginx", portMappings = { { containerPort = 80 } } }
  for k, v in pairs(extra or {}) do c[k] = v end
  return c
end

-- a Fargate task definition (register input) with task cpu and memory
local function fargate(cpu, memory, extra)
  local t = { family = "web", networkMode = "awsvpc", requiresCompatibilities = { "FARGATE" },
              cpu = cpu, memory = memory, containerDefinitions = { web() } }
  for k, v in pairs(extra or {}) do t[k] = v end
  return t
end

local function check(doc, options)
  return assert(ecsnet.validate(type(doc) == "table" and cjson.encode(doc) or doc, options))
end

-- The Fargate table as AWS documents it (docs/reference.md §8.6): cpu,
-- memory from lo to hi in steps, and whether Windows has it.
local SIZES = {
  { 256, { 512, 1024, 2048 }, false },
  { 512, { 1024, 4096, 1024 }, false },
  { 1024, { 2048, 8192, 1024 }, true },
  { 2048, { 4096, 16384, 1024 }, true },
  { 4096, { 8192, 30720, 1024 }, true },
  { 8192, { 16384, 61440, 4096 }, false },
  { 16384, { 32768, 122880, 8192 }, false },
}

local function memories(row)
  local m = row[2]
  if row[1] == 256 then return m end
  local list = {}
  for v = m[1], m[2], m[3] do list[#list + 1] = v end
  return list
end

describe("fargate-task-size: Fargate task size (docs/reference.md §8.6)", function()
  it("accepts every documented combination, as numbers and as strings", function()
    local n = 0
    for _, row in ipairs(SIZES) do
      for _, mem in ipairs(memories(row)) do
        local r = check(fargate(tostring(row[1]), tostring(mem)))
        assert.is_nil(find(r, SIZE), row[1] .. "/" .. mem .. ": " .. tostring(r))
        assert.is_true(r.ok, tostring(r))
        r = check(fargate(row[1], mem))
        assert.is_nil(find(r, SIZE), row[1] .. "/" .. mem)
        n = n + 1
      end
    end
    assert.equals(3 + 4 + 7 + 13 + 23 + 12 + 12, n)
  end)

  it("refuses memory that does not go with the cpu, quoting AWS's text, at /memory", function()
    local bad = { { 256, 1536 }, { 256, 4096 }, { 512, 512 }, { 512, 5120 }, { 1024, 1024 },
                  { 1024, 9216 }, { 2048, 3072 }, { 2048, 17408 }, { 4096, 31744 },
                  { 8192, 18432 }, { 8192, 65536 }, { 16384, 36864 }, { 16384, 131072 },
                  { 1024, 2560 } }
    for _, p in ipairs(bad) do
      local r = check(fargate(tostring(p[1]), tostring(p[2])))
      local d = find(r, SIZE, "/memory")
      assert.is_table(d, p[1] .. "/" .. p[2] .. ": " .. tostring(r))
      assert.equals("error", d.severity)
      assert.equals("No Fargate configuration exists for given values.", d.aws_message)
      assert.is_false(r.ok)
    end
    local d = find(check(fargate("256", "4096")), SIZE)
    assert.matches("with 256 CPU units use 512, 1024 or 2048 MiB", d.message, 1, true)
    d = find(check(fargate("2048", "2048")), SIZE)
    assert.matches("use 4096 to 16384 in steps of 1024 MiB", d.message, 1, true)
  end)

  it("refuses a cpu Fargate does not have, at /cpu", function()
    for _, cpu in ipairs({ "128", "300", "768", "3072", "32768", "0" }) do
      local r = check(fargate(cpu, "2048"))
      local d = find(r, SIZE, "/cpu")
      assert.is_table(d, cpu)
      assert.equals("Invalid 'cpu' setting for task.", d.aws_message)
    end
  end)

  it("reads cpu in vCPU and memory in GB as ECS converts them", function()
    for _, p in ipairs({ { "1 vCPU", "2 GB" }, { "0.25 vCPU", "0.5 GB" }, { ".5 vcpu", "1GB" },
                         { "4vCPU", "30 gb" }, { "16 vCPU", "120 GB" } }) do
      local r = check(fargate(p[1], p[2]))
      assert.is_true(r.ok, p[1] .. "/" .. p[2] .. ": " .. tostring(r))
    end
    assert.is_table(find(check(fargate("1 vCPU", "1 GB")), SIZE, "/memory"))
    assert.is_table(find(check(fargate("1.5 vCPU", "4 GB")), SIZE, "/cpu"))
  end)

  it("keeps Windows on Fargate to 1, 2 and 4 vCPU", function()
    local win = { runtimePlatform = { operatingSystemFamily = "WINDOWS_SERVER_2022_CORE" } }
    assert.is_true(check(fargate("1024", "2048", win)).ok)
    assert.is_true(check(fargate("4096", "30720", win)).ok)
    for _, p in ipairs({ { "256", "512" }, { "512", "1024" }, { "8192", "16384" } }) do
      local d = find(check(fargate(p[1], p[2], win)), SIZE, "/cpu")
      assert.is_table(d, p[1])
      assert.matches("1024, 2048 or 4096 (Windows)", d.message, 1, true)
    end
  end)

  it("requires task-level cpu and memory, quoting AWS's text for the first missing", function()
    local t = fargate(nil, nil)
    t.containerDefinitions[1].cpu = 256
    t.containerDefinitions[1].memory = 512
    local r = check(t)
    local d = find(r, SIZE, "")
    assert.equals("Fargate requires that 'cpu' be defined at the task level.", d.aws_message)
    assert.matches("container-level values do not count", d.message, 1, true)
    assert.equals(1, count(r, SIZE))
    d = find(check(fargate("256", nil)), SIZE, "")
    assert.equals("Fargate requires that 'memory' be defined at the task level.", d.aws_message)
    assert.is_table(find(check(fargate("", "512")), SIZE, ""))
    assert.is_table(find(check(fargate(cjson.null, "512")), SIZE, ""))
  end)

  it("applies with EC2 and FARGATE together, and to the FARGATE launch type given as an option", function()
    local t = fargate(nil, nil, { requiresCompatibilities = { "EC2", "FARGATE" } })
    assert.is_table(find(check(t), SIZE))
    t = fargate(nil, nil, { requiresCompatibilities = cjson.null })
    assert.is_nil(find(check(t), SIZE))
    assert.is_table(find(check(t, { launch_type = "FARGATE" }), SIZE))
  end)

  it("leaves EC2, EXTERNAL and Managed Instances task sizes alone", function()
    for _, lt in ipairs({ "EC2", "EXTERNAL", "MANAGED_INSTANCES" }) do
      local t = fargate("300", "100", { requiresCompatibilities = { lt }, networkMode = "host" })
      assert.is_nil(find(check(t), SIZE), lt)
      t = fargate(nil, nil, { requiresCompatibilities = { lt }, networkMode = "host" })
      t.containerDefinitions[1].memory = 256
      assert.is_nil(find(check(t), SIZE), lt)
    end
  end)

  it("skips values not known statically, without a type error (CloudFormation strings are normal)", function()
    local function cfn(cpu, memory)
      return { Resources = { T = { Type = "AWS::ECS::TaskDefinition", Properties = {
        NetworkMode = "awsvpc", RequiresCompatibilities = { "FARGATE" }, Cpu = cpu, Memory = memory,
        ContainerDefinitions = { { Name = "web", Image = "nginx" } } } } } }
    end
    for _, p in ipairs({ { "256", "512" }, { 256, 512 }, { { Ref = "Cpu" }, { Ref = "Memory" } },
                         { { ["Fn::If"] = { "Big", "4096", "256" } }, "512" },
                         { { ["Fn::FindInMap"] = { "Sizes", "Cpu", "x" } }, "1 GB" } }) do
      local r = check(cfn(p[1], p[2]))
      assert.is_nil(find(r, SIZE), tostring(r))
      assert.is_nil(find(r, "ECS023"), tostring(r))
      assert.is_true(r.ok, tostring(r))
    end
    assert.is_table(find(check(cfn("256", "4096")), SIZE,
                         "/Resources/T/Properties/Memory"))
    assert.is_table(find(check(cfn(nil, "512")), SIZE, "/Resources/T/Properties"))
    for _, p in ipairs({ { "${var.cpu}", "${var.memory}" }, { "{{cpu}}", "512" }, { "256", "1024 MiB" } }) do
      assert.is_nil(find(check(fargate(p[1], p[2])), SIZE), p[1] .. "/" .. p[2])
    end
  end)

  it("reads YAML CloudFormation, describe output and Terraform", function()
    local yaml = [[
Resources:
  T:
    Type: AWS::ECS::TaskDefinition
    Properties:
      NetworkMode: awsvpc
      RequiresCompatibilities: [FARGATE]
      Cpu: 512
      Memory: !Ref Memory
      ContainerDefinitions:
        - Name: web
          Image: !Sub "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/web:latest"
]]
    assert.is_true(check(yaml).ok)
    assert.is_table(find(check((yaml:gsub("!Ref Memory", "'8192'"))), SIZE))
    local describe = { taskDefinition = fargate("256", "512", { revision = 3, status = "ACTIVE",
      compatibilities = { "EC2", "FARGATE" } }) }
    assert.is_true(check(describe).ok)
    describe.taskDefinition.memory = "4096"
    assert.is_table(find(check(describe), SIZE, "/taskDefinition/memory"))
    -- Terraform container_definitions: the task size comes from the options, or is unknown
    local defs = { web() }
    assert.is_nil(find(check(defs, { launch_type = "FARGATE", network_mode = "awsvpc" }), SIZE))
    assert.is_true(check(defs, { launch_type = "FARGATE", network_mode = "awsvpc", cpu = 256, memory = 512 }).ok)
    assert.is_table(find(check(defs, { launch_type = "FARGATE", network_mode = "awsvpc", cpu = 256,
                                       memory = 4096 }), SIZE))
  end)

  it("reads Terraform plans: a null cpu is missing, one known after apply is skipped", function()
    local function plan(values, unknown)
      return { format_version = "1.2", terraform_version = "1.9.0",
        planned_values = { root_module = { resources = { { address = "aws_ecs_task_definition.t",
          mode = "managed", type = "aws_ecs_task_definition", name = "t", values = values } } } },
        resource_changes = { { address = "aws_ecs_task_definition.t", mode = "managed",
          type = "aws_ecs_task_definition", name = "t",
          change = { actions = { "create" }, after = values, after_unknown = unknown or {} } } } }
    end
    local values = { family = "t", network_mode = "awsvpc", requires_compatibilities = { "FARGATE" },
      cpu = "256", memory = "512", container_definitions = '[{"name": "a", "image": "x"}]' }
    assert.is_true(check(plan(values)).ok)
    values.cpu = cjson.null
    local d = find(check(plan(values)), SIZE)
    assert.is_table(d)
    assert.equals("/planned_values/root_module/resources/0/values", d.pointer)
    assert.is_nil(find(check(plan(values, { cpu = true })), SIZE))
    values.cpu, values.memory = "1024", "1024"
    assert.is_table(find(check(plan(values)), SIZE,
                         "/planned_values/root_module/resources/0/values/memory"))
  end)
end)

describe("container-name-image: container name and image (docs/reference.md §8.6)", function()
  local function ec2(containers)
    return { family = "web", networkMode = "bridge", containerDefinitions = containers }
  end

  it("refuses a container without a name or an image, quoting AWS's text", function()
    local r = check(ec2({ { image = "nginx", memory = 256 } }))
    local d = find(r, NAME_IMAGE, "/containerDefinitions/0")
    assert.equals("Container.name should not be null or empty.", d.aws_message)
    assert.is_false(r.ok)
    r = check(ec2({ { name = "web", memory = 256 } }))
    d = find(r, NAME_IMAGE, "/containerDefinitions/0")
    assert.equals("Container.image should not be null or empty.", d.aws_message)
    assert.matches("container 'web' has no image", d.message, 1, true)
    assert.is_table(find(check(ec2({ { name = "", image = "nginx", memory = 256 } })), NAME_IMAGE,
                         "/containerDefinitions/0/name"))
    assert.is_table(find(check(ec2({ { name = "web", image = "", memory = 256 } })), NAME_IMAGE,
                         "/containerDefinitions/0/image"))
    assert.is_table(find(check(ec2({ { name = "web", image = cjson.null, memory = 256 } })), NAME_IMAGE,
                         "/containerDefinitions/0/image"))
    assert.equals(2, count(check(ec2({ { memory = 256 } })), NAME_IMAGE))
  end)

  it("refuses a name the API does not take: up to 255 letters, digits, '-' and '_' (API ContainerDefinition)",
     function()
    for _, bad in ipairs { "my.app", "web app", "caf\195\169", ("a"):rep(256) } do
      local d = find(check(ec2({ { name = bad, image = "nginx", memory = 256 } })), NAME_IMAGE,
                     "/containerDefinitions/0/name")
      assert.equals("Container.name contains invalid characters.", d.aws_message)
    end
    for _, good in ipairs { "web", "Web_2", "side-car", ("a"):rep(255) } do
      assert.is_true(check(ec2({ { name = good, image = "nginx", memory = 256 } })).ok, good)
    end
  end)

  it("takes images and names from parameters, functions and template variables as given", function()
    assert.is_true(check({ Resources = { T = { Type = "AWS::ECS::TaskDefinition", Properties = {
      ContainerDefinitions = { { Name = { Ref = "Name" }, Memory = 256,
        Image = { ["Fn::Sub"] = "${Repo}:latest" } } } } } } }).ok)
    assert.is_true(check(ec2({ { name = "${var.name}", image = "${var.image}", memory = 256 } })).ok)
    assert.is_true(check({ { name = "web", image = "${local.image}", memory = 256 } }).ok)
  end)
end)

describe("container-name-unique: unique container names (docs/reference.md §8.6)", function()
  it("refuses a name used twice, at the second container's name", function()
    local r = check({ networkMode = "bridge", containerDefinitions = {
      { name = "web", image = "a", memory = 64 }, { name = "log", image = "b", memory = 64 },
      { name = "web", image = "c", memory = 64 } } })
    local d = find(r, UNIQUE, "/containerDefinitions/2/name")
    assert.equals("Container names must be unique within a Task Definition.", d.aws_message)
    assert.matches("(/containerDefinitions/0)", d.message, 1, true)
    assert.equals(1, count(r, UNIQUE))
  end)

  it("compares names exactly and skips names not known statically", function()
    assert.is_nil(find(check({ networkMode = "bridge", containerDefinitions = {
      { name = "web", image = "a", memory = 64 }, { name = "Web", image = "b", memory = 64 } } }), UNIQUE))
    assert.is_nil(find(check({ Resources = { T = { Type = "AWS::ECS::TaskDefinition", Properties = {
      ContainerDefinitions = { { Name = { Ref = "N" }, Image = "a", Memory = 64 },
                               { Name = { Ref = "N" }, Image = "b", Memory = 64 } } } } } }), UNIQUE))
  end)
end)

describe("essential-container: an essential container (docs/reference.md §8.6)", function()
  local function td(e1, e2)
    return { networkMode = "bridge", containerDefinitions = {
      { name = "a", image = "a", memory = 64, essential = e1 },
      { name = "b", image = "b", memory = 64, essential = e2 } } }
  end

  it("refuses a task whose containers all set essential false, at the list", function()
    local r = check(td(false, false))
    local d = find(r, ESSENTIAL, "/containerDefinitions")
    assert.equals("Task definition doesn't have any essential container.", d.aws_message)
    assert.is_false(r.ok)
  end)

  it("counts an absent essential as true (the API's default), and true as true", function()
    assert.is_true(check(td(false, nil)).ok)
    assert.is_true(check(td(nil, nil)).ok)
    assert.is_true(check(td(false, true)).ok)
  end)

  it("reads CloudFormation's strings and YAML booleans; a condition may be essential", function()
    local function cfn(e1, e2)
      return { Resources = { T = { Type = "AWS::ECS::TaskDefinition", Properties = { ContainerDefinitions = {
        { Name = "a", Image = "a", Memory = 64, Essential = e1 },
        { Name = "b", Image = "b", Memory = 64, Essential = e2 } } } } } }
    end
    assert.is_table(find(check(cfn("false", false)), ESSENTIAL))
    assert.is_true(check(cfn("false", "true")).ok)
    assert.is_true(check(cfn(false, { ["Fn::If"] = { "Prod", true, false } })).ok)
    assert.is_true(check(cfn(false, { Ref = "Essential" })).ok)
    local yaml = [[
Resources:
  T:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - {Name: a, Image: a, Memory: 64, Essential: false}
        - {Name: b, Image: b, Memory: 64, Essential: False}
]]
    assert.is_table(find(check(yaml), ESSENTIAL, "/Resources/T/Properties/ContainerDefinitions"))
    assert.is_true(check((yaml:gsub("Essential: False", "Essential: true"))).ok)
  end)

  it("does not decide for a list with a container not known statically", function()
    local r = check({ Resources = { T = { Type = "AWS::ECS::TaskDefinition", Properties = { ContainerDefinitions = {
      { Name = "a", Image = "a", Memory = 64, Essential = false },
      { ["Fn::If"] = { "Sidecar", { Name = "b", Image = "b", Memory = 64 }, { Ref = "AWS::NoValue" } } } } } } } })
    assert.is_nil(find(r, ESSENTIAL))
  end)
end)

describe("fargate-log-driver: Fargate log drivers (docs/reference.md §5.6, §8.6)", function()
  local function logs(driver, extra)
    return fargate("256", "512", extra and extra or {
      containerDefinitions = { web({ logConfiguration = { logDriver = driver, options = { a = "b" } } }) } })
  end

  it("accepts awslogs, splunk and awsfirelens on Fargate", function()
    for _, driver in ipairs({ "awslogs", "splunk", "awsfirelens" }) do
      assert.is_true(check(logs(driver)).ok, driver)
    end
  end)

  it("refuses the other drivers on Fargate, at the logDriver", function()
    for _, driver in ipairs({ "fluentd", "gelf", "json-file", "journald", "syslog", "loki" }) do
      local r = check(logs(driver))
      local d = find(r, LOGS, "/containerDefinitions/0/logConfiguration/logDriver")
      assert.is_table(d, driver)
      assert.equals("error", d.severity)
      assert.matches("awslogs, splunk and awsfirelens", d.message, 1, true)
    end
    local t = logs("fluentd")
    t.requiresCompatibilities = { "EC2", "FARGATE" }
    assert.is_table(find(check(t), LOGS))
  end)

  it("leaves EC2 alone and skips a driver not known statically", function()
    local t = logs("json-file")
    t.requiresCompatibilities = { "EC2" }
    assert.is_true(check(t).ok)
    local r = check({ Resources = { T = { Type = "AWS::ECS::TaskDefinition", Properties = {
      NetworkMode = "awsvpc", RequiresCompatibilities = { "FARGATE" }, Cpu = "256", Memory = "512",
      ContainerDefinitions = { { Name = "web", Image = "nginx",
        LogConfiguration = { LogDriver = { Ref = "Driver" } } } } } } } })
    assert.is_nil(find(r, LOGS))
    assert.is_true(r.ok)
  end)
end)

describe("the task-level rules on the real inputs (no false error)", function()
  local function ls(dir, pattern)
    local list = {}
    local p = assert(io.popen("ls " .. dir .. " 2>/dev/null"))
    for name in p:lines() do
      if name:match(pattern) then list[#list + 1] = dir .. name end
    end
    p:close()
    table.sort(list)
    return list
  end

  local read = require("report_helper").read

  -- findings of the new rules that are true (docs/corpus.md): the CLI
  -- skeleton's empty name and image, a fragment without its image, and the
  -- Fargate task without cpu/memory AWS rejected
  local EXPECTED = {
    ["../shared/corpus/taskdefs/14-docs-cli-skeleton-networkmode-none.json"] = { [NAME_IMAGE] = 2 },
    ["../shared/corpus/taskdefs/54-tf-modules-issue89-same-port-tcp-and-udp-named.json"] = { [NAME_IMAGE] = 1 },
    ["../shared/corpus/taskdefs/58-floci-issue1269-fargate-bridge-no-cpu-memory.json"] = { [SIZE] = 1 },
  }

  it("gives exactly the expected findings on the corpus and examples/taskdefs", function()
    local files = ls("../shared/corpus/taskdefs/", "%.json$")
    assert.equals(61, #files)
    for _, path in ipairs(ls("examples/taskdefs/", "%.json$")) do files[#files + 1] = path end
    for _, path in ipairs(files) do
      local r = check(read(path))
      local got = {}
      for _, d in ipairs(r.diagnostics) do
        if NEW[d.rule] then got[d.rule] = (got[d.rule] or 0) + 1 end
      end
      assert.same(EXPECTED[path] or {}, got, path)
    end
  end)

  it("gives no error at all on CDK, CloudFormation YAML/JSON and Terraform real inputs", function()
    local files = ls("spec/fixtures/cdk/cdk.out/", "%.template%.json$")
    for _, path in ipairs(ls("spec/fixtures/cfn-yaml/", "%.ya?ml$")) do files[#files + 1] = path end
    for _, path in ipairs(ls("spec/fixtures/cfn-yaml/", "%.json$")) do files[#files + 1] = path end
    for _, path in ipairs(ls("spec/fixtures/terraform/", "%.json$")) do files[#files + 1] = path end
    local taskdefs = 0
    for _, path in ipairs(files) do
      local r = ecsnet.validate(read(path))
      if r then   -- nil: a template without a task definition (the network stack, the parent)
        assert.equals(0, r.counts.error, path .. ": " .. tostring(r))
        taskdefs = taskdefs + #assert(ecsnet.taskdefs(read(path)))
      end
    end
    assert.is_true(#files >= 31, #files)        -- 31 in December 2026
    assert.is_true(taskdefs >= 31, taskdefs)    -- 13 CDK, 17 CloudFormation, 1 Terraform
  end)
end)
