-- ecsnet against the CloudFormation linter's ECS rules (cfn-lint, src/cfnlint/rules/resources/ecs/),
-- from the findings tools/cfnlint-record.sh recorded in spec/fixtures/cfnlint/findings.json over the
-- tree's CloudFormation inputs (docs/reference.md, "Compared with the CloudFormation linter"). Needs
-- only that file and ecsnet, never cfn-lint. Every recorded finding is either matched by the ecsnet
-- rule the table below names, on the same file and resource, or listed in DIFFERS with the reason
-- and ecsnet's own verdict, which is asserted; the other way, every ecsnet error on a real stack or a
-- probe that cfn-lint does not report is listed in ECSNET_ONLY.
local ecsnet = require "ecsnet"
local cjson = require "cjson"

local read = require("report_helper").read
local RECORD = "spec/fixtures/cfnlint/findings.json"

-- cfn-lint rule -> the ecsnet rules that check the same thing, and what it checks.
local MAP = {
  E3042 = { rules = { "ECS057" }, checks = "at least one essential container" },
  E3044 = { rules = { "ECS039", "ECS063" }, checks = "SchedulingStrategy REPLICA for FARGATE, CODE_DEPLOY, EXTERNAL" },
  E3046 = { rules = {}, checks = "awslogs has the awslogs-group and awslogs-region options" },
  E3047 = { rules = { "ECS054" }, checks = "a Fargate cpu/memory combination" },
  -- task-level Cpu and Memory (ECS054), awsvpc (ECS003), Fargate's log drivers (ECS058), no
  -- PlacementConstraints (ECS028) for a task that requires FARGATE
  E3048 = { rules = { "ECS054", "ECS003", "ECS058", "ECS028" }, checks = "Fargate task properties" },
  E3049 = { rules = { "ECS044" }, checks = "HealthCheckPort traffic-port behind HostPort 0" },
  E3052 = { rules = { "ECS036" }, checks = "NetworkConfiguration for an awsvpc task definition" },
  E3053 = { rules = { "ECS008" }, checks = "awsvpc HostPort absent or equal to ContainerPort" },
  E3054 = { rules = { "ECS039" }, checks = "a FARGATE service's task definition allows Fargate" },
  E3713 = { rules = { "ECS058" }, checks = "a FARGATE service's containers use Fargate's log drivers" },
}

-- Recorded findings where ecsnet deliberately reports something else, as "file rule resource",
-- with the reason; for each, ecsnet reports none of the rules MAP names on that resource (for a
-- rule MAP maps to nothing: no error or warning at all on that resource).
local DIFFERS = {
  -- an absent HealthCheckPort is traffic-port, the only port a dynamic host port can be
  -- health-checked on (docs/reference.md §5.1): cfn-lint's "required" is wrong, and CDK's bridge
  -- pattern writes exactly this
  ["spec/fixtures/cdk/cdk.out/EcsnetAlbEc2Bridge.template.json E3049 WebLBPublicListenerECSGroupB52EA5B2"] =
    "absent HealthCheckPort",
  ["spec/fixtures/cdk/cdk.out/EcsnetEc2Patterns.template.json E3049 TcpLBPublicListenerECSGroup42235BB3"] =
    "absent HealthCheckPort",
  ["spec/fixtures/cdk/cdk.out/EcsnetWindowsEc2.template.json E3049 WebLBPublicListenerECSGroupB52EA5B2"] =
    "absent HealthCheckPort",
  ["spec/fixtures/services/ECS044-health-check-port-valid.json E3049 ApiTg"] = "absent HealthCheckPort",
  -- log options are not networking: ecsnet checks only which log drivers Fargate runs (ECS058)
  ["spec/fixtures/cfnlint/E3046-awslogs-options.yaml E3046 TaskDef"] = "no such check in ecsnet",
}

-- ecsnet errors on the real stacks and the probes that no recorded cfn-lint finding matches, as
-- "file rule pointer", with the reason.
local SPLIT = "spec/fixtures/real-stacks/" ..
  "cpat-split-traffic-between-ec2-fargate-with-cloudformation--service-across-ec2-and-fargate.yml"
local ECSNET_ONLY = {
  -- upstream defect (spec/fixtures/real-stacks/SOURCES.md): the load balancer sends to container
  -- port 80, the container maps only 3000; cfn-lint has no such check
  [SPLIT .. " ECS041 /Resources/Ec2Service/Properties/LoadBalancers/0/ContainerPort"] = "no such check in cfn-lint",
  [SPLIT .. " ECS041 /Resources/FargateService/Properties/LoadBalancers/0/ContainerPort"] =
    "no such check in cfn-lint",
  -- cfn-lint 1.51.0's E3042 applies its "contains an essential container" schema to each
  -- container instead of the list, so it never fires (recorded count 0)
  ["spec/fixtures/cfnlint/E3042-no-essential-container.yaml ECS057 /Resources/TaskDef/Properties/" ..
    "ContainerDefinitions"] = "cfn-lint's E3042 never fires",
}

-- The inputs ecsnet-only errors are looked for in: valid real deployments, and the probes.
local function checked_other_way(file)
  return file:find("^spec/fixtures/real%-stacks/") or file:find("^spec/fixtures/cfn%-yaml/") or
    file:find("^spec/fixtures/cdk/") or file:find("^spec/fixtures/cfnlint/")
end

local record = cjson.decode(read(RECORD))

-- ecsnet's report of a file; a template without a task definition (a nested stack's parent) has
-- no ECS findings.
local reports = {}
local function report(file)
  if not reports[file] then
    local r, err = ecsnet.validate(read(file))
    if not r and tostring(err):find("has no AWS::ECS::TaskDefinition resource", 1, true) then
      r = { diagnostics = {} }
    end
    reports[file] = assert(r, file .. ": " .. tostring(err))
  end
  return reports[file]
end

-- The resource a diagnostic is at: its pointer's, and every resource its message names.
local function at_resource(d, name)
  local p = "/Resources/" .. name
  if d.pointer == p or d.pointer:sub(1, #p + 1) == p .. "/" then return true end
  local quoted = name:gsub("%W", "%%%0")
  return (" " .. d.message .. " "):find("[^%w]" .. quoted .. "[^%w]") ~= nil
end

local function has(list, x)
  for _, y in ipairs(list) do if y == x then return true end end
  return false
end

-- ecsnet's errors and warnings of `rules` (any rule when empty) at the resource.
local function ecsnet_at(file, rules, name)
  local out = {}
  for _, d in ipairs(report(file).diagnostics) do
    if d.severity ~= "info" and (#rules == 0 or has(rules, d.rule)) and at_resource(d, name) then
      out[#out + 1] = d
    end
  end
  return out
end

local function key(f)
  assert(f.path[1] == "Resources", f.file .. ": " .. cjson.encode(f.path))
  return f.file .. " " .. f.rule .. " " .. f.path[2]
end

describe("cfn-lint's ECS rules against ecsnet (" .. RECORD .. ")", function()
  it("was recorded with cfn-lint's ECS rules over the tree's CloudFormation inputs", function()
    assert.is_string(record.cfn_lint_version)
    local rules = {}
    for _, r in ipairs(record.rules) do rules[#rules + 1] = r end
    local mapped = {}
    for r in pairs(MAP) do mapped[#mapped + 1] = r end
    table.sort(rules)
    table.sort(mapped)
    assert.same(mapped, rules)
    local inputs = {}
    for _, f in ipairs(record.inputs) do inputs[f] = true end
    -- every CloudFormation input of the tree was recorded (a new one needs a new recording)
    local p = assert(io.popen("ls spec/fixtures/services/*.json spec/fixtures/cfnlint/*.yaml " ..
      "spec/fixtures/real-stacks/*.y*ml spec/fixtures/real-stacks/*.template " ..
      "spec/fixtures/cfn-yaml/*.y*ml spec/fixtures/cfn-yaml/*.json " ..
      "spec/fixtures/cdk/cdk.out/*.template.json 2>/dev/null"))
    local n = 0
    for line in p:lines() do
      n = n + 1
      assert.is_true(inputs[line] == true, line .. " is not in the recording: run tools/cfnlint-record.sh")
    end
    p:close()
    assert.is_true(n > 100)
    for _, f in ipairs(record.findings) do
      assert.is_true(inputs[f.file] == true, f.file)
      assert.is_not_nil(MAP[f.rule], f.rule)
    end
  end)

  it("finds what cfn-lint finds where cfn-lint is right, on the same resource", function()
    local matched = 0
    for _, f in ipairs(record.findings) do
      if not DIFFERS[key(f)] then
        local found = ecsnet_at(f.file, MAP[f.rule].rules, f.path[2])
        assert.is_true(#MAP[f.rule].rules > 0 and #found > 0,
          key(f) .. ": ecsnet reports none of " .. table.concat(MAP[f.rule].rules, ", ") ..
          " there (cfn-lint: " .. f.message .. ")")
        matched = matched + 1
      end
    end
    assert.is_true(matched >= 12)
  end)

  it("differs only where listed, and reports its own verdict there", function()
    local seen = {}
    for _, f in ipairs(record.findings) do
      local k = key(f)
      if DIFFERS[k] then
        seen[k] = true
        local found = ecsnet_at(f.file, MAP[f.rule].rules, f.path[2])
        assert.same({}, found, k .. " (" .. DIFFERS[k] .. ")")
      end
    end
    for k in pairs(DIFFERS) do assert.is_true(seen[k] == true, k .. " is no longer recorded") end
  end)

  it("reports errors cfn-lint does not only where listed (real stacks, probes)", function()
    local matched = {}
    for _, f in ipairs(record.findings) do
      for _, d in ipairs(ecsnet_at(f.file, MAP[f.rule].rules, f.path[2])) do
        matched[f.file .. " " .. d.rule .. " " .. d.pointer] = true
      end
    end
    local only = {}
    for _, file in ipairs(record.inputs) do
      if checked_other_way(file) then
        for _, d in ipairs(report(file).diagnostics) do
          local k = file .. " " .. d.rule .. " " .. d.pointer
          if d.severity == "error" and not matched[k] then only[k] = true end
        end
      end
    end
    local expected = {}
    for k in pairs(ECSNET_ONLY) do expected[k] = true end
    assert.same(expected, only)
  end)

  it("keeps the counts docs/reference.md gives", function()
    local doc = read("docs/reference.md")
    assert.is_truthy(doc:find("measured with cfn-lint " .. record.cfn_lint_version, 1, true))
    assert.is_truthy(doc:find(string.format("templates: %d files)", #record.inputs), 1, true))
    local agree, differ = {}, {}
    for _, f in ipairs(record.findings) do
      local t = DIFFERS[key(f)] and differ or agree
      t[f.rule] = (t[f.rule] or 0) + 1
    end
    for _, rule in ipairs(record.rules) do
      local row = doc:match("\n%s*| " .. rule .. " |([^\n]*)")
      assert.is_truthy(row, rule .. " is not in the table")
      local cells = {}
      for c in row:gmatch("([^|]*)|") do cells[#cells + 1] = c:match("^%s*(.-)%s*$") end
      -- checks | findings | ecsnet | agree | differ, and why
      assert.equal(string.format("%d", record.counts[rule]), cells[2], rule .. ": findings")
      assert.equal(tostring(agree[rule] or 0), cells[4], rule .. ": agree")
      assert.equal(tostring(differ[rule] or 0), cells[5]:match("^%d+") or "", rule .. ": differ")
    end
  end)

  -- the one ecsnet miss this comparison found: a DAEMON service on Fargate (docs/reference.md §8.5)
  it("reports a DAEMON service on Fargate (the E3044 probe) and nothing for its valid variants", function()
    local probe = "spec/fixtures/cfnlint/E3044-fargate-daemon.yaml"
    local text = read(probe)
    local d = require("report_helper").find(report(probe), "ECS039",
      "/Resources/Service/Properties/SchedulingStrategy")
    assert.is_truthy(d)
    assert.equal("error", d.severity)
    assert.matches("DAEMON", d.message)
    for _, valid in ipairs({
      (text:gsub("SchedulingStrategy: DAEMON", "SchedulingStrategy: REPLICA")),
      (text:gsub("LaunchType: FARGATE", "LaunchType: EC2")),
    }) do
      local r = assert(ecsnet.validate(valid))
      for _, x in ipairs(r.diagnostics) do assert.is_not.equal("error", x.severity, x.message) end
    end
  end)

  -- where cfn-lint is silent (E3054 reads RequiresCompatibilities only outside awsvpc), the probe
  -- docs/reference.md names
  it("warns for a FARGATE service of an awsvpc task definition that lists only EC2", function()
    local probe = "spec/fixtures/cfnlint/E3054-fargate-service-ec2-only-td.yaml"
    for _, f in ipairs(record.findings) do assert.is_not.equal(probe, f.file) end
    local d = require("report_helper").find(report(probe), "ECS039")
    assert.is_truthy(d)
    assert.equal("warning", d.severity)
  end)
end)
