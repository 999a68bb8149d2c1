--- ecsnet: Amazon ECS task networking, modelled.
--
-- `require "ecsnet"` returns this table. The functions implemented in C
-- (module `ecsnet.core`) are re-exported here unchanged; the Lua-level API
-- (option tables, reports, the CLI helpers) lives in `lua/ecsnet/*.lua`.
-- This file sets no global and stays valid Lua 5.1 so that LuaJIT loads it.
--
-- @module ecsnet

local core = require "ecsnet.core"

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
                              "plan_table", "plan_text" },
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
