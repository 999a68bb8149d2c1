--- ecsnet: Amazon ECS task networking, modelled.
--
-- `require "ecsnet"` returns this table. The functions implemented in C
-- (module `ecsnet.core`) are re-exported here unchanged; the Lua-level API
-- (option tables, reports, the CLI helpers) lives in `lua/ecsnet/*.lua`.
-- This file sets no global and stays valid Lua 5.1 so that LuaJIT loads it.
--
-- @module ecsnet

-- The C module, or an error that says why not. A module built for another
-- Lua fails with "undefined symbol"; the file names the Lua it was built
-- for (src/lecsnet.c), so the message can say which.
local function load_core()
  local ok, core = pcall(require, "ecsnet.core")
  if ok then
    return core
  end
  local msg = tostring(core)
  local path = msg:match("from file '([^']+)'")
  local f = path and msg:find("undefined symbol", 1, true) and io.open(path, "rb")
  local built = f and f:read(8 * 1024 * 1024):match("ecsnet%.core built for (Lua [%d.]+);")
  if f then f:close() end
  if built then
    local this = rawget(_G, "jit") and "luajit" or "lua" .. _VERSION:match("%d+%.%d+")
    msg = ("ecsnet: the C module %s was built for %s and cannot be loaded by %s (%s);"
      .. " build it for this Lua: make module LUA=%s, or luarocks --lua-version %s make")
      :format(path, built, _VERSION, msg:match("undefined symbol: [%w_]+") or "undefined symbol",
              this, _VERSION:match("%d+%.%d+"))
  end
  error(msg, 0)
end

local core = load_core()

local M = {}

-- The public API, named once: a function of the C module or of a Lua part
-- is public only when it is listed here, so nothing private (helpers that
-- parts share) reaches the `ecsnet` table.
local exports = {
  [core] = { "modes", "mode", "cidr", "cidr_range", "cidrset", "aggregate",
             "aws_secondary", "aws_subnets", "host", "port_requests",
             "instance", "instance_types", "instance_db", "load_instances",
             "launch_types", "os_names", "shapes", "instance_data_date",
             "instance_data" },
  [require "ecsnet.ports"] = { "normalize_taskdef", "deployment", "ingress" },
  [require "ecsnet.report"] = { "report", "validate", "validate_service", "taskdefs", "rules" },
  [require "ecsnet.plan"] = { "density", "explain_eni", "plan", "plan_json",
                              "plan_table", "plan_text", "plan_template" },
}

for part, names in pairs(exports) do
  for _, name in ipairs(names) do
    local v = part[name]
    if v == nil then
      error("ecsnet: the export list names '" .. name .. "', which its part lacks", 2)
    end
    M[name] = v
  end
end

--- The library's version, from `ECSNET_VERSION` in `src/ecsnet.h`.
M._VERSION = core._VERSION

--- The launch types ecsnet knows, as the API spells them: what the
-- `launch_type` option of `ecsnet.validate` (and `ecsnet check --launch-type`)
-- accepts.
-- @table launch_types
-- @usage ecsnet.launch_types --> {"EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"}

--- The operating systems of the `os` options: `{"linux", "windows"}`.
-- @table os_names

--- The document shapes the `shape` option of `ecsnet.validate` accepts:
-- `{"auto", "register", "describe", "cloudformation", "terraform", "terraform_plan"}`.
-- @table shapes


--- What the compiled instance data is: `date`, `count` (instance types),
-- `tiers` (how many types have a documented, estimated or unknown trunking
-- figure) and `estimate` (how estimated figures are made, and how well the
-- method agrees with the documented ones). The date alone is the string
-- `ecsnet.instance_data_date` (`"2026-08-06"`), as `ecsnet --version` prints it.
-- @function instance_data
-- @treturn table

--- Reads any document `ecsnet.validate` reads and returns its one task
-- definition in normalized form (the table `host:place` and `ecsnet.ingress`
-- take), or nil and a message when it holds none or several.
-- @function normalize_taskdef
-- @tparam string|table td
-- @treturn[1] table
-- @return[2] nil
-- @treturn[2] string

--- Helpers for reports rebuilt from data: `ecsnet.report.Report` is the
-- metatable that gives a report its methods (`json`, `sarif`, `filter`),
-- `ecsnet.report.encode(value, indent)` the JSON encoder they use,
-- `ecsnet.report.information_uri` the page SARIF names as the tool's
-- information (AWS's page on task networking).
-- @table report

--- Lists the network modes.
-- @function modes
-- @treturn {string,...} `{"bridge", "host", "awsvpc", "none", "default"}`

--- Describes one network mode (reference: docs/reference.md §1.1-1.4, §5.4-5.7).
--
-- `"default"` is what an omitted `networkMode` means: bridge on Linux, the
-- Docker `nat` driver on Windows (`ecsnet.mode("default", {os = "windows"})`);
-- `"nat"` names the Windows default directly.
--
-- The table has `name`, `api_value` (nil for the Windows default), `driver`,
-- `summary`; `runs_on` (platform → boolean), `support` (platform → `"no"`,
-- `"yes"`, `"default"` or `"required"`) and `platform_notes`, for the platforms
-- `ec2_linux`, `ec2_windows`, `fargate`, `external_linux`, `external_windows`,
-- `managed_instances`; one boolean per capability (`port_mappings`,
-- `host_port_remap`, `dynamic_host_ports`, `container_port_range`, `links`,
-- `hostname`, `extra_hosts`, `own_eni`, `task_security_groups`,
-- `service_discovery`, `service_connect`, `multiple_copies`,
-- `static_port_copies`) with caveats in `notes`; `host_port_rule`,
-- `lb_target_type` (`"instance"`, `"ip"` or nil), `lb_note`,
-- `cloud_map_records` (a list), `security` (a list of notes) and `sources`.
-- Cells the reference marks "not verified" carry the conservative value and
-- a note that says so.
-- @function mode
-- @tparam string name a mode name
-- @tparam[opt] table options `{os = "linux"|"windows"}` (default linux)
-- @treturn[1] table the mode
-- @return[2] nil
-- @treturn[2] string `unknown network mode 'brige' (expected one of: ...)`

return M
