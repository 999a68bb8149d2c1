-- Helpers the validator's specs share: reading files and finding a
-- report's diagnostic by rule (and pointer).
local M = {}

--- The whole file at `path`.
function M.read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

--- The file `path` under spec/fixtures/.
function M.fixture(path)
  return M.read("spec/fixtures/" .. path)
end

--- The first diagnostic of `report` with `rule` (and `pointer`, when given).
function M.find(report, rule, pointer)
  for _, d in ipairs(report.diagnostics) do
    if d.rule == rule and (pointer == nil or d.pointer == pointer) then return d end
  end
end

return M
