--- The `--instance-data FILE` option of the commands that consult instance
-- data (density, plan; ports and check take it too, so one command line
-- serves every command): the raw output of `aws ec2 describe-instance-types`
-- or rows in the format of `data/instance-types.json`, loaded into an
-- instance database of the run's own (`ecsnet.instance_db`), never into the
-- module's shared one (docs/reference.md §3.4).
-- @module ecsnet.cli.instdata

local cli = require "ecsnet.cli"

local M = {}

--- The most bytes the file may have: describe-instance-types output for
-- every type in a region is a few MiB.
M.MAX_BYTES = 16 * 1024 * 1024

--- The option, for a command's option table.
M.option = { "instance-data", arg = "FILE", help = "instance data to use first: the output of " ..
  "'aws ec2 describe-instance-types' or rows as in data/instance-types.json (a bad file is an error, exit 2)" }

--- The run's instance database: the rows of `--instance-data` over the
-- compiled ones, or the compiled ones alone. A file that cannot be read or
-- loaded ends the run with exit 2 and one line naming the option.
-- @tparam table ctx the run context
-- @tparam table ecsnet the module
-- @tparam table opts the parsed options
-- @treturn ecsnet.instdb
function M.load(ctx, ecsnet, opts)
  local db = ecsnet.instance_db()
  local path = opts["instance-data"]
  if path == nil then return db end
  local text, err = ctx:read(path, M.MAX_BYTES)
  if text then
    local n, lerr = db:load(text)
    if n then return db end
    err = lerr
  end
  err = tostring(err):gsub(" %(%-%-max%-bytes%)$", "")   -- check's own limit is not this file's
  ctx:input_error("--instance-data " .. cli.quote(path == "-" and "<stdin>" or path) .. ": " .. err)
end

--- The `--trunk-tasks N` option: the awsvpc task limit with trunking of the
-- instance type, as the user knows it (tier `user`), for types whose limit
-- is estimated or unknown (docs/reference.md §3.3).
M.trunk_option = { "trunk-tasks", arg = "N", help = "the instance type's awsvpc task limit with ENI trunking, " ..
  "if you know it (replaces an estimated or unknown figure for this run; marks the type as trunking)" }

--- The most tasks `--trunk-tasks` takes (ECS's largest documented figure is 120).
M.MAX_TRUNK_TASKS = 10000

--- Applies `--trunk-tasks` to type `name` in the run's database `db`; a
-- type the data does not know ends the run with exit 2 naming the option.
-- @tparam table ctx the run context
-- @param db the run's ecsnet.instdb
-- @tparam string name the instance type
-- @tparam table opts the parsed options
function M.trunk_tasks(ctx, db, name, opts)
  local v = opts["trunk-tasks"]
  if v == nil then return end
  local n = cli.integer(ctx, "--trunk-tasks", v, 1, M.MAX_TRUNK_TASKS)
  if not db:instance(name) then
    ctx:input_error("--trunk-tasks: unknown instance type " .. cli.quote(name) ..
      " (give its data with --instance-data FILE)")
  end
  local ok, err = db:load { instance_type = name, awsvpc_tasks_with_trunking = n,
    source = "--trunk-tasks " .. n .. " (given on the command line)" }
  if not ok then ctx:input_error("--trunk-tasks: " .. tostring(err)) end
end

return M
