#!/bin/sh
# test/apidocs.sh: `make docs` renders the API reference with Markdown, of
# the public API only, with every name of the `ecsnet` table documented on
# its page and no issue numbers (docs/DEVELOPING.md, "Adding a file").
cd "$(dirname "$0")/.." || exit 2
log=$(make -s docs 2>&1); st=$?
LUA_PATH="./lua/?.lua;;" LUA_CPATH="build/gcc/lua5.4/?.so;;" exec lua5.4 - "$st" "$log" <<'LUA'
local st, log = tonumber(arg[1]), arg[2]
local passed, failed = 0, 0
local function check(ok, what)
  if ok then passed = passed + 1 else failed = failed + 1; print("FAIL " .. what) end
end
check(st == 0, "make docs exits 0:\n" .. log)
check(not log:find("falling back to text", 1, true), "Markdown is rendered (LDoc found a renderer)")
local f = io.open("docs/api/modules/ecsnet.html")
local page = f and f:read("*a") or ""
if f then f:close() end
local names = {}
for n in page:gmatch('<a name = "([^"]+)"></a>') do names[n] = true end
for k, v in pairs(require "ecsnet") do
  if type(v) == "string" then
    check(page:find(k, 1, true), "ecsnet." .. k .. " is mentioned on the ecsnet page")
  else
    check(names[k], "ecsnet." .. k .. " has an entry on the ecsnet page")
  end
end
local p = io.popen("ls docs/api/modules")
local pages = p:read("*a")
p:close()
check(not pages:find("ecsnet.cli", 1, true), "no page for the command's internals (ecsnet.cli*)")
check(not pages:find("ecsnet.json", 1, true), "no page for the shared JSON encoder")
for name in pages:gmatch("[^\n]+") do
  local h = io.open("docs/api/modules/" .. name):read("*a")
  check(not h:find("[Ii]ssue %d"), name .. " names no issue number")
  check(not h:find("shared/", 1, true) and not h:find("ecs-facts", 1, true), name .. " cites no team notes")
end
print(("%d passed, %d failed"):format(passed, failed))
os.exit(failed == 0 and 0 or 1)
LUA
