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

return M
