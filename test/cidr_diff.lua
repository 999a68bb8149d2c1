-- Checks ecsnet's answers against the cases of test/cidr_diff_gen.py (read
-- from the file named by arg[1]); prints per operation and "N passed, N
-- failed" last. Each case line: op <TAB> args... <TAB> expected.
local ecsnet = require "ecsnet"
local cidr = ecsnet.cidr

local counts, fails, shown = {}, {}, 0
local passed, failed = 0, 0

local function key(c)
  local b = c:bytes()
  return string.format(string.rep("%02x", #b), b:byte(1, -1)) .. "/" .. c:prefixlen()
end

local function keys(list)
  local t = {}
  for i, c in ipairs(list) do t[i] = key(c) end
  return table.concat(t, ",")
end

local function split(s)
  local t = {}
  if s == "" then return t end
  for x in (s .. ","):gmatch("([^,]*),") do t[#t + 1] = x end
  return t
end

local function text_or_err(c)
  if c == nil then return "ERR" end
  return tostring(c)
end

local ops = {}

function ops.parse(t, want) return text_or_err(cidr(t)), want end
function ops.mask(t, want) return text_or_err(cidr(t, { mask = true })), want end

function ops.contains(a, b, want)
  return tostring(cidr(a):contains(b)), want
end

function ops.overlaps(a, b, want)
  return tostring(cidr(a):overlaps(b)), want
end

function ops.facts(a, want)
  local c = cidr(a)
  return table.concat({ tostring(c:size()), c:network(), c:last(), c:netmask(), c:wildcard() }, "|"), want
end

function ops.supernet(a, nl, want)
  return tostring(cidr(a):supernet(tonumber(nl))), want
end

function ops.subnets(a, nl, want)
  local t = {}
  for s in cidr(a):subnets(tonumber(nl)) do t[#t + 1] = key(s) end
  return table.concat(t, ","), want
end

function ops.aggregate(list, want)
  return keys(ecsnet.aggregate(split(list))), want
end

function ops.exclude(a, b, want)
  return keys(cidr(a):exclude(b)), want
end

function ops.range(a, b, want)
  return keys(ecsnet.cidr_range(a, b)), want
end

function ops.set(a, b, addr, want)
  local A, B = ecsnet.cidrset(split(a), { mask = true }), ecsnet.cidrset(split(b), { mask = true })
  local got = table.concat({ tostring(A:contains(addr)), keys((A + B):prefixes()),
                             keys((A - B):prefixes()), keys((A * B):prefixes()) }, "|")
  return got, want
end

local f = assert(io.open(arg[1], "rb"))
for line in f:lines() do
  local fields = {}
  for x in (line .. "\t"):gmatch("([^\t]*)\t") do fields[#fields + 1] = x end
  local op = table.remove(fields, 1)
  local ok, got, want = pcall(ops[op], (table.unpack or unpack)(fields))
  counts[op] = (counts[op] or 0) + 1
  if ok and got == want then
    passed = passed + 1
  else
    failed = failed + 1
    fails[op] = (fails[op] or 0) + 1
    if shown < 20 then
      shown = shown + 1
      io.stderr:write(("FAIL %s: %s\n  got  %s\n  want %s\n"):format(op,
        table.concat(fields, " ", 1, #fields - 1), tostring(got), tostring(want or fields[#fields])))
    end
  end
end
f:close()
local names = {}
for op in pairs(counts) do names[#names + 1] = op end
table.sort(names)
for _, op in ipairs(names) do
  print(("  %-10s %7d cases, %d failed"):format(op, counts[op], fails[op] or 0))
end
print(("%d passed, %d failed"):format(passed, failed))
os.exit(failed == 0 and 0 or 1)
