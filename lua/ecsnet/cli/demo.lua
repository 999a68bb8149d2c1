--- The report behind `make demo`: the main job on the bundled data, as a
-- platform engineer would run it first. Each section runs an `ecsnet`
-- command (the same code as `bin/ecsnet`) and shows the command line, so the
-- report doubles as a tour of the command.
-- @module ecsnet.cli.demo

local cli = require "ecsnet.cli"
local walk = require "ecsnet.cli.walk"

local M = {}

-- The bundled task definitions, and the first bridge one with a dynamic
-- host port (for the host-port section).
local function bundled(ecsnet, dir)
  local files = walk.json_files(dir) or {}
  local bridge
  for _, f in ipairs(files) do
    local fh = io.open(f, "rb")
    local text = fh and fh:read("*a")
    if fh then fh:close() end
    local tds = text and ecsnet.taskdefs and ecsnet.taskdefs(text)
    if tds and #tds == 1 and tds[1].network_mode == "bridge" then
      for _, c in ipairs(tds[1].containers or {}) do
        for _, m in ipairs(c.port_mappings or {}) do
          if not bridge and (m.host_port == nil or m.host_port == 0) then bridge = f end
        end
      end
    end
  end
  return files, bridge
end

--- Prints the report.
-- @tparam[opt] table env as for `cli.main` (`stdout`, `getenv`, `isatty`)
-- @treturn number 0 (the sections' own statuses are shown, not returned)
function M.run(env)
  env = env or {}
  local out = env.stdout or io.stdout
  local ecsnet = require "ecsnet"
  local isatty = env.isatty or function(fd)
    local ok = os.execute("test -t " .. fd)
    return ok == true or ok == 0
  end
  local nocolor = (env.getenv or os.getenv)("NO_COLOR")
  local color = isatty(1) and not (nocolor and nocolor ~= "")
  local function style(code, text)
    return color and ("\27[" .. code .. "m" .. text .. "\27[0m") or text
  end
  local n = 0
  local function section(title, why, argv)
    n = n + 1
    out:write("\n", style("1", n .. ". " .. title), "\n")
    if why then out:write(style("2", why), "\n") end
    local words = {}
    for i, a in ipairs(argv) do words[i] = a:find("[%s;']") and ("'" .. a .. "'") or a end
    out:write(style("36", "$ ecsnet " .. table.concat(words, " ")), "\n\n")
    out:flush()
    local code = cli.main(argv, env)
    out:write(style("2", "(exit " .. code .. ")"), "\n")
  end

  out:write(style("1", "ecsnet " .. ecsnet._VERSION .. ": Amazon ECS task networking, modelled"), "\n")
  out:write("What ECS would tell you at deploy time (RESOURCE:PORTS, RESOURCE:ENI, a rejected task\n",
    "definition, InsufficientFreeAddressesInSubnet), answered before anything is deployed.\n")

  local dir = "examples/taskdefs"
  local files, bridge = bundled(ecsnet, dir)
  if #files > 0 then
    section("Are the task definitions valid?", "Each file: its task definitions, then one line per " ..
      "finding (file:line:column, severity, rule, what to change).", { "check", "-v", dir })
  end
  if ecsnet.density and #files > 0 then
    section("How many copies fit on a c5.large?", "awsvpc tasks need an ENI each; trunking raises " ..
      "the limit. bridge and host tasks are limited by ports, CPU and memory.", { "density", "c5.large", dir })
    section("And one awsvpc service that wants 8 copies per c5.large?", "Without trunking it gets " ..
      "RESOURCE:ENI; the explainer says why and what fixes it.", { "density", "c5.large", "--count", "8" })
  end
  if bridge then
    section("Which host ports does a bridge service take, and which ingress does it need?",
      "Three copies placed as the ECS agent places them; the rule opens the agent's real dynamic " ..
      "range, not a guessed 32768-65535.",
      { "ports", bridge, "--count", "3", "--source", "sg-0123456789abcdef0" })
  end
  local plan = "examples/plans/default-vpc.json"
  local fh = io.open(plan, "rb")
  if fh then fh:close() end
  if ecsnet.plan_json and fh then
    section("Do the subnets have the addresses?", "A default VPC's three /20 subnets, one per AZ: " ..
      "4,091 usable addresses each after AWS's 5 reserved; awsvpc services on c5.large with trunking.",
      { "plan", plan })
  else
    section("Do the subnets have the addresses?", "Three /20 subnets, one per AZ: 4,091 usable " ..
      "addresses each after AWS's 5 reserved.",
      { "cidr", "check", "10.0.0.0/16", "10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20",
        "--secondary", "100.64.0.0/19" })
  end
  out:write("\n", style("2", "More: ecsnet --help, ecsnet modes, ecsnet rules, docs/cli.md; " ..
    "make docs for the Lua API."), "\n")
  return 0
end

return M
