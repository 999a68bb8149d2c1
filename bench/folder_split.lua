-- bench/folder_split.lua: where the time of 'ecsnet check DIR' goes, in
-- process (os.clock, CPU seconds), over the folder bench/folder.sh builds:
--   lua5.4 bench/folder_split.lua build/bench/folder-10000
-- Prints the walk, reading each file from Lua, the validator called per
-- file from Lua, the batch binding (files read and validated in C), and the
-- whole command run in process for text and json (output to /dev/null).
package.path = "./lua/?.lua;" .. package.path
package.cpath = "./build/gcc/" .. _VERSION:gsub("Lua ", "lua") .. "/?.so;" .. package.cpath
local dir = assert(arg[1], "usage: folder_split.lua DIR")
local ecsnet = require "ecsnet"
local core = require "ecsnet.core"
local walk = require "ecsnet.cli.walk"

local function timed(name, f)
  collectgarbage()
  local t0 = os.clock()
  local r = f()
  print(string.format("  %-44s %6.0f ms", name, (os.clock() - t0) * 1000))
  return r
end

local files = timed("walk (walk.walk, sorted)", function() return walk.walk(dir).files end)
local texts = {}
timed("read from Lua (io.open, read all)", function()
  for i, p in ipairs(files) do
    local f = io.open(p, "rb")
    texts[i] = f:read("*a")
    f:close()
  end
end)
timed("ecsnet.validate per file, {taskdefs = true}", function()
  for _, t in ipairs(texts) do ecsnet.validate(t, { taskdefs = true }) end
end)
texts = nil
if core.check_files then
  timed("core.check_files, batches of 256 (read + validate)", function()
    local batch = {}
    for i = 1, #files, 256 do
      for k = 1, 256 do batch[k] = files[i + k - 1] end
      core.check_files(batch, {})
    end
  end)
end
local cli = require "ecsnet.cli"
for _, fmt in ipairs { "text", "json" } do
  timed("whole command in process, --format " .. fmt, function()
    local out = assert(io.open("/dev/null", "w"))
    cli.main({ "check", "--format", fmt, dir }, { stdout = out, stderr = out })
    out:close()
  end)
end
