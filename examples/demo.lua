-- `make demo`: the main job on bundled data. For now, the network-mode model.
local ecsnet = require "ecsnet"
print("ecsnet " .. ecsnet._VERSION .. " - Amazon ECS task networking, modelled")
print()
dofile("examples/modes.lua")
