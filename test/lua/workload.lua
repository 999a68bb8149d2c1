-- The workload test/lua/allocfail.c runs under a failing allocator: it
-- touches every part of the API. Each call may raise a memory error; the
-- harness checks that every such failure ends cleanly.
local ecsnet = require "ecsnet"

for _, name in ipairs(ecsnet.modes()) do
  local m = assert(ecsnet.mode(name, { os = "windows" }))
  assert(m.name)
end
assert(ecsnet.mode("brige") == nil)
