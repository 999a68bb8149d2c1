-- Helpers for the specs that drive bin/ecsnet as a subprocess (spec/cli*_spec.lua).
--
-- The command runs on the same Lua as the spec (ECSNET_LUA) and with the C
-- module of the build the spec was given (ECSNET_BUILD, from --cpath), so the
-- clang and sanitizer runs exercise their own builds.
local M = {}

local function shell_quote(s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end
M.quote = shell_quote

--- The interpreter running this spec, as a command name.
function M.lua_name()
  if rawget(_G, "jit") then return "luajit" end
  return "lua" .. _VERSION:match("%d+%.%d+")
end

--- The build folder the spec's cpath points at (build/<compiler>), if any.
function M.build_dir()
  return package.cpath:match("([^;]*build/[%w_%-]+)/[%w_.%-]+/%?%.so")
end

local function slurp(path)
  local f = io.open(path, "rb")
  if not f then return "" end
  local s = f:read("*a")
  f:close()
  return s
end

local function spit(path, text)
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
end
M.write_file = spit
M.read_file = slurp

--- A fresh scratch folder (removed by M.cleanup).
function M.tmpdir()
  local name = os.tmpname()
  os.remove(name)
  assert(os.execute("mkdir -p " .. shell_quote(name)))
  M.dirs = M.dirs or {}
  M.dirs[#M.dirs + 1] = name
  return name
end

function M.cleanup()
  for _, d in ipairs(M.dirs or {}) do os.execute("rm -rf " .. shell_quote(d)) end
  M.dirs = {}
end

local function env_prefix(env)
  local unset, parts = {}, { "ECSNET_LUA=" .. M.lua_name() }
  local build = M.build_dir()
  if build then parts[#parts + 1] = "ECSNET_BUILD=" .. shell_quote(build) end
  for k, v in pairs(env or {}) do
    if v == false then
      unset[#unset + 1] = "-u " .. k
    else
      parts[#parts + 1] = k .. "=" .. shell_quote(v)
    end
  end
  -- env's -u options come before the assignments
  return "env " .. table.concat(unset, " ") .. " " .. table.concat(parts, " ")
end

--- Runs `bin/ecsnet ARGS...`.
-- @tparam {string,...} args the arguments
-- @tparam[opt] table o `stdin` (text), `env` (name → value, or false to unset)
-- @treturn number exit status
-- @treturn string stdout
-- @treturn string stderr
function M.run(args, o)
  o = o or {}
  local out, err, inp = os.tmpname(), os.tmpname(), os.tmpname()
  spit(inp, o.stdin or "")
  local words = {}
  for i, a in ipairs(args) do words[i] = shell_quote(a) end
  local cmd = string.format("%s bin/ecsnet %s <%s >%s 2>%s; echo $?", env_prefix(o.env),
    table.concat(words, " "), shell_quote(inp), shell_quote(out), shell_quote(err))
  local p = assert(io.popen(cmd))
  local code = tonumber(p:read("*a"))
  p:close()
  local so, se = slurp(out), slurp(err)
  os.remove(out); os.remove(err); os.remove(inp)
  return code, so, se
end

--- Runs `bin/ecsnet ARGS...` on a pseudo-terminal (util-linux `script`), so
-- stdout and stderr are terminals. Returns the exit status and the combined
-- output (with "\r\n" line ends turned into "\n").
function M.run_tty(args, o)
  o = o or {}
  local words = {}
  for i, a in ipairs(args) do words[i] = shell_quote(a) end
  -- Under the sanitizer run, LD_PRELOAD reaches the command but not `script`
  -- itself (LeakSanitizer would fail it).
  local env = {}
  for k, v in pairs(o.env or {}) do env[k] = v end
  local preload = os.getenv("LD_PRELOAD")
  if preload and env.LD_PRELOAD == nil then env.LD_PRELOAD = preload end
  local inner = env_prefix(env) .. " bin/ecsnet " .. table.concat(words, " ")
  local out = os.tmpname()
  local cmd = string.format("env -u LD_PRELOAD script -qec %s /dev/null </dev/null >%s 2>&1; echo $?",
    shell_quote(inner), shell_quote(out))
  local p = assert(io.popen(cmd))
  local code = tonumber(p:read("*a"))
  p:close()
  local text = slurp(out):gsub("\r\n", "\n")
  os.remove(out)
  return code, text
end

--- Whether `script` (util-linux) is there to give the command a terminal.
function M.have_script()
  local ok = os.execute("command -v script >/dev/null 2>&1")
  return ok == true or ok == 0
end

--- Decodes JSON text for the assertions (lua-cjson, a Debian package the
-- suite installs; the library itself never parses JSON in Lua).
function M.decode(text)
  local cjson = require "cjson.safe"
  local v, err = cjson.decode(text)
  assert(v ~= nil, "output is not JSON (" .. tostring(err) .. "):\n" .. text)
  return v
end

M.null = (function()
  local ok, cjson = pcall(require, "cjson")
  return ok and cjson.null or nil
end)()

return M
