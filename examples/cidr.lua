-- CIDR and subnet math with ecsnet: plan a VPC's subnets, check
-- them against AWS's rules (docs/reference.md §4), and match addresses.
-- Run from the top folder: lua5.4 examples/cidr.lua
local ecsnet = require "ecsnet"

-- Strict by default: ambiguous text is refused with a reason.
print(select(2, ecsnet.cidr("10.0.0.5/24")))   --> ... (did you mean 10.0.0.0/24?)
print(select(2, ecsnet.cidr("010.0.0.0/16")))  --> ... leading zero ... is ambiguous ...
local c, note = ecsnet.cidr("010.0.0.0/16", { lenient = true })
print(c, note)                                 --> 8.0.0.0/16  '010.0.0.0/16' read as ...

-- A VPC and its facts.
local vpc = assert(ecsnet.cidr("10.20.0.0/16"))
assert(vpc:aws_vpc())
print(("%s: %d addresses, netmask %s, %s"):format(tostring(vpc), vpc:size(), vpc:netmask(), (vpc:class())))

-- Carve subnets for three AZs, tasks and a small management subnet: sizes
-- are addresses needed after AWS's 5 reserved per subnet.
local used, unused = vpc:carve { 4000, 4000, 4000, 200, 10 }
for i, s in ipairs(used) do
  print(("  subnet %d  %-16s usable %5d  (%s - %s)"):format(i, tostring(s), s:usable(),
        s:first_usable(), s:last_usable()))
end
local free = {}
for _, s in ipairs(unused) do free[#free + 1] = tostring(s) end
print("  unused: " .. table.concat(free, ", "))
assert(ecsnet.aws_subnets(vpc, used))

-- Secondary blocks (the association table of §4.1).
print(ecsnet.aws_secondary(vpc, "100.64.0.0/16"))   --> true
print(ecsnet.aws_secondary(vpc, "192.168.0.0/16"))  --> false  ... restricted ...

-- Docker's bridge and the ECS agent's ranges collide with task addresses.
local _, clashes = ecsnet.cidr("172.17.0.0/16"):class()
print("172.17.0.0/16 collides with: " .. table.concat(clashes, ", "))

-- Prefix sets: membership one at a time or in one call for many addresses.
local allow = assert(ecsnet.cidrset { "10.20.0.0/20", "10.20.16.0/20", "2600:1f18::/56" })
print(allow, allow:contains("10.20.17.4"), allow:contains("2600:1f18::1"))
print(allow:count { "10.20.0.1", "10.21.0.1", "2600:1f18:0:ff::9" })   --> 2  0
print(allow - "10.20.8.0/21")

-- Streaming: a /16 into /28s without building a table.
local n = 0
for _ in vpc:subnets(28) do n = n + 1 end
print(("%s holds %d /28s"):format(tostring(vpc), n))
