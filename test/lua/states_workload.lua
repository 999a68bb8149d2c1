-- The workload test/lua/states.c runs in many lua_States on many threads at
-- once: it touches every part of the API, each state independently.
local ecsnet = require "ecsnet"

for _, name in ipairs(ecsnet.modes()) do
  local m = assert(ecsnet.mode(name, { os = "windows" }))
  assert(m.name)
end
assert(ecsnet.mode("brige") == nil)
