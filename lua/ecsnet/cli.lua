--- The `ecsnet` command: argument parsing, output, exit codes, dispatch.
--
-- `bin/ecsnet` sets up the paths and calls `cli.main(arg)`. Each subcommand
-- lives in `lua/ecsnet/cli/<name>.lua` and returns a table:
--
--    { name = "density", summary = "...", usage = "INSTANCE [options]",
--      description = "...", examples = { "ecsnet density c5.large" },
--      options = { {"trunking", flag = true, help = "..."}, ... },
--      min_args = 1, max_args = 1,
--      run = function(ctx, args) ... return exit_code end }
--
-- Exit status: 0 clean, 1 problems found (errors in a task definition, a plan
-- that does not fit), 2 usage, configuration or input error; `check` says 3
-- when some input could not be read or parsed (the rest still checked). Output goes to stdout; messages
-- about the run itself (errors, progress) go to stderr. Color is used only
-- when stdout is a terminal and `NO_COLOR` is unset or empty.
--
-- Valid Lua 5.1 (LuaJIT runs the command too).
--
-- @module ecsnet.cli

local json = require "ecsnet.json"

local M = {}

--- Exit status: nothing wrong.
M.EXIT_OK = 0
--- Exit status: the input has errors (or a plan does not fit).
M.EXIT_FOUND = 1
--- Exit status: bad usage or configuration, or (commands other than
-- check) input that cannot be read or parsed.
M.EXIT_USAGE = 2
--- Exit status of check: some input could not be read or parsed; the rest
-- was checked and reported.
M.EXIT_INPUT = 3

-- The subcommands, in the order `ecsnet --help` lists them.
M.command_names = { "check", "modes", "density", "ports", "cidr", "plan", "rules" }

local EXIT_TAG = {}   -- marks errors raised to end the run with a status

local function exit_error(code, message)
  error({ [EXIT_TAG] = true, code = code, message = message }, 0)
end

--- Loads a subcommand's definition.
-- @tparam string name the subcommand
-- @treturn table|nil the definition (nil when there is no such subcommand)
function M.command(name)
  for _, n in ipairs(M.command_names) do
    if n == name then
      return require("ecsnet.cli." .. name)
    end
  end
  return nil
end

-- { ======================================================================
-- Terminal handling
-- ========================================================================

-- `test -t N` in a child shell, which inherits our file descriptors.
local function shell_isatty(fd)
  local ok = os.execute("test -t " .. fd)
  return ok == true or ok == 0
end

local styles = {
  error = "1;31", warning = "33", info = "36", bold = "1", dim = "2",
  ok = "32", file = "1", rule = "2", head = "1;4",
}

-- { ======================================================================
-- The run context handed to a subcommand
-- ========================================================================

local Context = {}
Context.__index = Context

--- Writes its arguments to stdout.
function Context:write(...)
  self.stdout:write(...)
end

--- Writes one line (its arguments joined) to stdout.
function Context:say(...)
  self.stdout:write(table.concat({ ... }), "\n")
end

--- Writes one line to stderr, prefixed with the program name.
function Context:warn(msg)
  if self.progress_shown then self:progress_done() end
  self.stderr:write(self.prog, ": ", M.bounded(msg), "\n")
end

--- Returns `text` in the named style when color is on, else unchanged.
-- Styles: error, warning, info, ok, bold, dim, file, rule, head.
function Context:style(name, text)
  if not self.color or text == "" then return text end
  return "\27[" .. (styles[name] or "0") .. "m" .. text .. "\27[0m"
end

--- Ends the run with exit status 2 and a usage message naming `--help`.
function Context:usage_error(msg)
  exit_error(M.EXIT_USAGE, msg .. " (see '" .. self.prog .. " " .. self.name .. " --help')")
end

--- Ends the run with exit status 2 (input that cannot be read or used).
function Context:input_error(msg) -- luacheck: no unused args
  exit_error(M.EXIT_USAGE, msg)
end

--- Shows progress on stderr, only when stderr is a terminal.
-- @tparam number done items done
-- @tparam number total items in all
-- @tparam[opt] string label what is being worked on
function Context:progress(done, total, label)
  if not self.stderr_tty then return end
  local now = os.clock()
  if done < total and self.progress_at and now - self.progress_at < 0.1 then return end
  self.progress_at = now
  local line = string.format("%d/%d %s", done, total, label or "")
  if #line > 78 then line = line:sub(1, 75) .. "..." end
  self.stderr:write("\r\27[K", line)
  self.progress_shown = true
end

--- Clears the progress line, if one is shown.
function Context:progress_done()
  if self.progress_shown then
    self.stderr:write("\r\27[K")
    self.progress_shown = false
  end
end

--- Writes a value as pretty JSON to stdout, followed by a newline.
function Context:json(value)
  self.stdout:write(json.encode(value, { indent = "  " }), "\n")
end

-- The C library's reason for a failed open or read ("No such file or
-- directory", "Is a directory"), without the file name Lua puts before it and
-- in lower case like ecsnet's own messages.
local function io_reason(path, err)
  err = tostring(err)
  if err:sub(1, #path + 2) == path .. ": " then err = err:sub(#path + 3) end
  return err:lower()
end

--- The most bytes `Context:read` takes from one file or stdin unless told
-- otherwise: 1 MiB, the validator's and the plan reader's document limit.
M.MAX_READ = 1048576

local CHUNK = 65536

-- Reads at most `limit` bytes from `f`; a longer stream ends the read as soon
-- as the limit is passed, so /dev/zero or a huge pipe cost `limit` bytes.
local function read_bounded(f, limit)
  local parts, total = {}, 0
  while true do
    local want = limit + 1 - total
    if want > CHUNK then want = CHUNK end
    local piece, err = f:read(want)
    if piece == nil then
      if err then return nil, err end
      break
    end
    total = total + #piece
    parts[#parts + 1] = piece
    if total > limit then return nil, nil, true end
  end
  return table.concat(parts)
end

local function too_large_message(ctx, size, limit)
  local hint = ctx.name == "check" and " (--max-bytes)" or ""
  if size then
    return string.format("document too large: %.0f bytes, more than the limit of %.0f%s", size, limit, hint)
  end
  return string.format("document too large: more than the limit of %.0f bytes%s", limit, hint)
end

--- Reads a whole file, or stdin for `-`, but never more than `limit` bytes
-- (default `ctx.max_read`, else `M.MAX_READ`): a larger document is refused
-- while it is read, not after.
-- @tparam string path the file, or `-`
-- @tparam[opt] number limit the most bytes to read
-- @treturn[1] string the contents
-- @return[2] nil
-- @treturn[2] string the reason (naming the file, except "document too
-- large: ...", which the caller puts after the file's name)
function Context:read(path, limit)
  limit = limit or self.max_read or M.MAX_READ
  if path == "-" then
    local text, err, over = read_bounded(self.stdin, limit)
    if over then return nil, too_large_message(self, nil, limit) end
    if not text then return nil, "cannot read stdin" .. (err and (": " .. tostring(err)) or "") end
    return text
  end
  local f, err = io.open(path, "rb")
  if not f then return nil, "cannot open " .. M.quote(path, 400) .. ": " .. io_reason(path, err) end
  -- a folder opens but does not read; a regular file says its size, so too
  -- large is told without reading it
  local probe, perr = f:read(0)
  if probe == nil and perr then
    f:close()
    return nil, "cannot read " .. M.quote(path, 400) .. ": " .. io_reason(path, perr)
  end
  local size = f:seek("end")
  if size and size > limit then
    f:close()
    return nil, too_large_message(self, size, limit)
  end
  if size then f:seek("set", 0) end
  local text, rerr, over = read_bounded(f, limit)
  f:close()
  if over then return nil, too_large_message(self, nil, limit) end
  if not text then return nil, "cannot read " .. M.quote(path, 400) .. ": " .. io_reason(path, rerr) end
  return text
end

--- Reads a file as `Context:read` does, or ends the run with exit 2 and a
-- message naming the file.
-- @tparam string path the file, or `-`
-- @treturn string the contents
function Context:read_input(path)
  local text, err = self:read(path)
  if not text then
    if err:find("^document too large") then err = (path == "-" and "<stdin>" or path) .. ": " .. err end
    self:input_error(err)
  end
  return text
end

--- Loads the `ecsnet` module and checks that it has the named functions.
-- A build without them (a part not built yet) is an input error, not a crash.
-- @tparam string ... the function names the subcommand needs
-- @treturn table the module
function Context:module(...)
  local ok, ecsnet = pcall(require, "ecsnet")
  if not ok then
    local first = tostring(ecsnet):match("^[^\n]*"):gsub(":%s*$", "")
    self:input_error("cannot load the ecsnet module (in a source tree, build it with make): " .. first)
  end
  for i = 1, select("#", ...) do
    local fname = select(i, ...)
    if ecsnet[fname] == nil then
      self:input_error("this build of ecsnet has no ecsnet." .. fname .. "(); '" .. self.name ..
        "' needs it (rebuild with make, or update ecsnet)")
    end
  end
  return ecsnet
end

-- { ======================================================================
-- Options
-- ========================================================================

-- Options every subcommand takes.
local common_options = {
  { "format", arg = "FORMAT", values = { "text", "json" }, default = "text",
    help = "output format" },
  { "color", arg = "WHEN", values = { "auto", "always", "never" }, default = "auto",
    help = "color the text output: auto (on a terminal, unless NO_COLOR is set), always, never" },
  { "help", short = "h", flag = true, help = "show this help" },
}

local function all_options(def)
  local list = {}
  for _, o in ipairs(def.options or {}) do list[#list + 1] = o end
  for _, o in ipairs(common_options) do
    local overridden = false
    for _, mine in ipairs(def.options or {}) do
      if mine[1] == o[1] then overridden = true end
    end
    if not overridden then list[#list + 1] = o end
  end
  return list
end

local function find_option(list, name, short)
  for _, o in ipairs(list) do
    if (name and o[1] == name) or (short and o.short == short) then return o end
  end
  return nil
end

--- A value from the command line or a file name, quoted for a message: at
-- most 60 bytes shown (then "..."), and bytes that are not printable ASCII
-- as \xHH, so a 1 MB argument or bytes that are not UTF-8 never reach the
-- terminal or a CI log as they are.
-- @tparam string s
-- @tparam[opt] number max the most bytes shown (default 60)
-- @treturn string `'s'`
function M.quote(s, max)
  s = tostring(s)
  max = max or 60
  local cut = #s > max
  if cut then s = s:sub(1, max - 3) end
  s = s:gsub(".", function(c)
    local b = c:byte()
    if b < 32 or b > 126 then return string.format("\\x%02X", b) end
  end)
  return "'" .. s .. (cut and "..." or "") .. "'"
end
local quoted = M.quote

-- The last guard on a message about the run: control bytes escaped, and at
-- most 1,000 bytes (the head and the tail kept), whatever a lower layer put
-- in it.
function M.bounded(msg)
  msg = tostring(msg):gsub("[%c]", function(c)
    if c == "\t" then return " " end
    return string.format("\\x%02X", c:byte())
  end)
  if #msg > 1000 then msg = msg:sub(1, 700) .. " ... " .. msg:sub(-295) end
  return msg
end

-- Parses argv (after the subcommand name) into options and positional
-- arguments. `--name value`, `--name=value`, `-h`, `--` and `-` (stdin) work.
local function parse_args(ctx, def, argv)
  local list = all_options(def)
  local opts, args = {}, {}
  local i, only_args = 1, false
  while i <= #argv do
    local a = argv[i]
    if only_args or a == "-" or a:sub(1, 1) ~= "-" then
      args[#args + 1] = a
    elseif a == "--" then
      only_args = true
    else
      local name, value = a:match("^%-%-([^=]+)=(.*)$")
      if not name then name = a:match("^%-%-(.+)$") end
      local o
      if name then
        o = find_option(list, name)
      else
        o = find_option(list, nil, a:match("^%-(.)$"))
      end
      if not o then
        ctx:usage_error("unknown option " .. quoted(a))
      end
      if o.flag then
        if value ~= nil then ctx:usage_error("option '--" .. o[1] .. "' takes no value") end
        opts[o[1]] = true
      else
        if value == nil then
          i = i + 1
          value = argv[i]
          if value == nil then
            ctx:usage_error("option '--" .. o[1] .. "' needs a value (" .. (o.arg or "VALUE") .. ")")
          end
        end
        if o.values then
          local okv = false
          for _, v in ipairs(o.values) do if v == value then okv = true end end
          if not okv then
            ctx:usage_error("invalid value " .. quoted(value) .. " for '--" .. o[1] ..
              "' (expected one of: " .. table.concat(o.values, ", ") .. ")")
          end
        end
        if o.multiple then
          opts[o[1]] = opts[o[1]] or {}
          table.insert(opts[o[1]], value)
        else
          opts[o[1]] = value
        end
      end
    end
    i = i + 1
  end
  for _, o in ipairs(list) do
    if opts[o[1]] == nil and o.default ~= nil then opts[o[1]] = o.default end
  end
  return opts, args
end

--- Parses a subcommand's arguments as `main` does, without running it (the
-- fuzz harness fuzz/fuzz_cli.c and the specs drive the parser with it).
-- @tparam table def the subcommand's definition (`M.command(name)`)
-- @tparam {string,...} argv the arguments after the subcommand's name
-- @treturn[1] table the options
-- @treturn[1] {string,...} the positional arguments
-- @return[2] nil
-- @treturn[2] string the usage error
function M.parse(def, argv)
  local ctx = setmetatable({ prog = "ecsnet", name = def.name }, Context)
  local ok, opts, args = pcall(parse_args, ctx, def, argv)
  if ok then return opts, args end
  if type(opts) == "table" and opts[EXIT_TAG] then return nil, opts.message end
  error(opts, 0)
end

--- Reads one option value with one of the value parsers (`"integer"`,
-- `"port_list"`, `"port_range"`), as `M.parse` reads arguments.
-- @treturn[1] number|table the value
-- @return[2] nil
-- @treturn[2] string the usage error
function M.parse_value(kind, text)
  local ctx = setmetatable({ prog = "ecsnet", name = "fuzz" }, Context)
  local ok, v, w = pcall(M[kind], ctx, "--value", text)
  if ok then return v, w end
  if type(v) == "table" and v[EXIT_TAG] then return nil, v.message end
  error(v, 0)
end

--- One of the C core's name lists (`"launch_types"`, `"os_names"`,
-- `"shapes"`: `ecsnet.launch_types` ...), for option values and messages.
-- @tparam string list the list's name
-- @treturn {string,...}|nil the list; nil when the module cannot be loaded
-- (the command's `ctx:module` then says so)
function M.names(list)
  local ok, ecsnet = pcall(require, "ecsnet")
  if ok and type(ecsnet) == "table" then return ecsnet[list] end
  return nil
end

--- Names for a message: `"a, b or c"`.
-- @tparam {string,...} list
-- @treturn string
function M.or_list(list)
  if #list < 2 then return list[1] or "" end
  return table.concat(list, ", ", 1, #list - 1) .. " or " .. list[#list]
end

--- The largest whole number an option takes when it names no other bound:
-- 2^53, the last integer a double holds exactly on every Lua.
M.MAX_INTEGER = 9007199254740992

--- Parses a whole number option value, or ends the run with a usage error.
-- A value above `max` (default `M.MAX_INTEGER`) is refused as too large, so a
-- count can never wrap or lose precision further on.
-- @tparam table ctx the run context
-- @tparam string name the option (for the message)
-- @tparam string text the value
-- @tparam[opt] number min smallest allowed
-- @tparam[opt] number max largest allowed
-- @treturn number the value
function M.integer(ctx, name, text, min, max)
  local shown = text
  local digits = text:match("^%-?0*(%d+)$")
  if not digits then
    ctx:usage_error("'" .. name .. "' must be a whole number, got " .. quoted(shown))
  end
  local n = tonumber(text)
  local negative = text:sub(1, 1) == "-"
  -- more than 16 significant digits is past 2^53 whatever tonumber makes of it
  -- (compared as text: on Lua 5.1 2^53 + 1 reads as 2^53)
  local huge = #digits > 16 or (#digits == 16 and digits > "9007199254740992") or not n
  local too_small = negative and (huge or (min and n < min)) or (min and n < min)
  local too_large = not negative and (huge or n > (max or M.MAX_INTEGER))
  if too_small or too_large then
    local range
    if max then
      range = "between " .. string.format("%.0f", min or -max) .. " and " .. string.format("%.0f", max)
    elseif too_large then
      range = "at most " .. string.format("%.0f", M.MAX_INTEGER)
    else
      range = min and ("at least " .. min) or "a whole number"
    end
    ctx:usage_error("'" .. name .. "' must be " .. range .. ", got " .. quoted(shown) ..
      ((too_large and not max) and " (too large)" or ""))
  end
  return math.floor(n)
end

--- The most ports a reserved-port list may hold: ECS allows at most 100
-- reserved ports per instance, defaults included (docs/reference.md §2.3).
M.MAX_PORTS = 100

--- Parses a list of ports such as `22,2375-2376,51678`.
-- More than `max` ports (default `M.MAX_PORTS`) is a usage error, named
-- before a range is expanded.
-- @treturn {number,...} the ports, in order, ranges expanded
function M.port_list(ctx, name, text, max)
  max = max or M.MAX_PORTS
  local ports = {}
  if text == "" or text == "none" then return ports end
  local function over()
    ctx:usage_error("'" .. name .. "' lists more than " .. max .. " ports; ECS allows at most " .. max ..
      " reserved ports per instance")
  end
  for item in (text .. ","):gmatch("([^,]*),") do
    local a, b = item:match("^(%d+)%-(%d+)$")
    if a then
      a, b = M.integer(ctx, name, a, 1, 65535), M.integer(ctx, name, b, 1, 65535)
      if a > b then ctx:usage_error("'" .. name .. "': range " .. quoted(item) .. " is reversed") end
      if #ports + (b - a + 1) > max then over() end
      for p = a, b do ports[#ports + 1] = p end
    else
      if #ports + 1 > max then over() end
      ports[#ports + 1] = M.integer(ctx, name, item, 1, 65535)
    end
  end
  return ports
end

--- Parses a port range `FIRST-LAST` (`32768-60999`, or `32768 60999` as in
-- `ip_local_port_range`).
-- @treturn number first
-- @treturn number last
function M.port_range(ctx, name, text)
  local a, b = text:match("^%s*(%d+)%s*[-, \t]%s*(%d+)%s*$")
  if not a then
    ctx:usage_error("'" .. name .. "' must be FIRST-LAST, e.g. 32768-60999; got " .. quoted(text))
  end
  a, b = M.integer(ctx, name, a, 1, 65535), M.integer(ctx, name, b, 1, 65535)
  if a > b then ctx:usage_error("'" .. name .. "': range " .. quoted(text) .. " is reversed") end
  return a, b
end

-- { ======================================================================
-- Help
-- ========================================================================

local function wrap(text, width, indent)
  local lines, line = {}, ""
  for word in text:gmatch("%S+") do
    if #line + #word + 1 > width and line ~= "" then
      lines[#lines + 1] = indent .. line
      line = word
    else
      line = line == "" and word or (line .. " " .. word)
    end
  end
  if line ~= "" then lines[#lines + 1] = indent .. line end
  return table.concat(lines, "\n")
end

--- The `--help` text of a subcommand.
-- @tparam table def the subcommand's definition
-- @tparam[opt] string prog the program name
-- @treturn string the text
function M.help_text(def, prog)
  prog = prog or "ecsnet"
  local out = {}
  out[#out + 1] = "usage: " .. prog .. " " .. def.name .. " " .. (def.usage or "[options]")
  out[#out + 1] = ""
  out[#out + 1] = wrap(def.description or def.summary, 76, "")
  out[#out + 1] = ""
  out[#out + 1] = "options:"
  for _, o in ipairs(all_options(def)) do
    local left = "  " .. (o.short and ("-" .. o.short .. ", ") or "") .. "--" .. o[1] ..
      (o.flag and "" or (" " .. (o.arg or "VALUE")))
    local help = o.help or ""
    if o.values and not help:find(o.values[1], 1, true) then
      help = help .. " (" .. table.concat(o.values, ", ") .. ")"
    end
    if o.default and not o.flag then help = help .. "; default " .. tostring(o.default) end
    if #left < 28 then
      out[#out + 1] = left .. string.rep(" ", 28 - #left) .. wrap(help, 48, ""):gsub("\n", "\n" .. string.rep(" ", 28))
    else
      out[#out + 1] = left
      out[#out + 1] = wrap(help, 48, string.rep(" ", 28))
    end
  end
  if def.examples and #def.examples > 0 then
    out[#out + 1] = ""
    out[#out + 1] = "examples:"
    for _, e in ipairs(def.examples) do out[#out + 1] = "  " .. e end
  end
  if def.exit_status then
    out[#out + 1] = ""
    out[#out + 1] = "exit status: " .. def.exit_status
  end
  return table.concat(out, "\n") .. "\n"
end

local function main_help(prog)
  local out = {
    "usage: " .. prog .. " COMMAND [options] [arguments]",
    "",
    "Amazon ECS task networking, modelled: validate task definitions, count",
    "copies per instance, plan host ports, ingress rules and subnet addresses.",
    "",
    "commands:",
  }
  for _, name in ipairs(M.command_names) do
    local def = M.command(name)
    out[#out + 1] = string.format("  %-9s %s", name, def.summary)
  end
  out[#out + 1] = ""
  out[#out + 1] = "Every command takes --help (with an example) and --format json."
  out[#out + 1] = "'" .. prog .. " --version' prints the version and the date of the instance data."
  out[#out + 1] = "exit status: 0 clean, 1 problems found, 2 usage, configuration or input error;"
  out[#out + 1] = "check: 3 when some input could not be read or parsed (the rest still checked)"
  return table.concat(out, "\n") .. "\n"
end

-- { ======================================================================
-- main
-- ========================================================================

--- Runs the command.
-- @tparam {string,...} argv the arguments (as `arg` in a script)
-- @tparam[opt] table env overrides for tests: `stdout`, `stderr`, `stdin`
-- (file-like), `getenv` (function), `isatty` (function(fd) → boolean),
-- `prog` (string), `batch` (false: `check` validates every file through
-- `ecsnet.validate`, for the spec that compares it with the core's batches)
-- @treturn number the exit status
function M.main(argv, env)
  env = env or {}
  local ctx = setmetatable({
    stdout = env.stdout or io.stdout,
    stderr = env.stderr or io.stderr,
    stdin = env.stdin or io.stdin,
    getenv = env.getenv or os.getenv,
    prog = env.prog or "ecsnet",
    batch = env.batch ~= false,
    name = "",
  }, Context)
  local isatty = env.isatty or shell_isatty

  local ok, result = xpcall(function()
    local first = argv[1]
    if first == nil or first == "-h" or first == "--help" or first == "help" and argv[2] == nil then
      if first == nil then
        ctx.stderr:write(main_help(ctx.prog))
        return M.EXIT_USAGE
      end
      ctx:write(main_help(ctx.prog))
      return M.EXIT_OK
    end
    if first == "--version" or first == "version" then
      local mod = ctx:module()
      ctx:say(ctx.prog, " ", mod._VERSION, " (instance data ", mod.instance_data_date, ")")
      return M.EXIT_OK
    end
    local rest = {}
    for i = 2, #argv do rest[#rest + 1] = argv[i] end
    if first == "help" then
      first, rest = argv[2], { "--help" }
    end
    local def = M.command(first)
    if not def then
      exit_error(M.EXIT_USAGE, "unknown command " .. quoted(first) .. " (expected one of: " ..
        table.concat(M.command_names, ", ") .. "; see '" .. ctx.prog .. " --help')")
    end
    ctx.name = def.name
    ctx.def, ctx.argv = def, rest
    local opts, args = parse_args(ctx, def, rest)
    if opts.help then
      ctx:write(M.help_text(def, ctx.prog))
      return M.EXIT_OK
    end
    ctx.opts = opts
    ctx.format = opts.format
    local nocolor = ctx.getenv("NO_COLOR")
    if opts.color == "always" then
      ctx.color = true
    elseif opts.color == "never" or (nocolor ~= nil and nocolor ~= "") or ctx.format ~= "text" then
      ctx.color = false
    else
      ctx.color = isatty(1)
    end
    ctx.stderr_tty = isatty(2)
    if def.min_args and #args < def.min_args then
      ctx:usage_error("missing " .. (def.args_name or "argument"))
    end
    if def.max_args and #args > def.max_args then
      ctx:usage_error("unexpected argument " .. quoted(args[def.max_args + 1]))
    end
    return def.run(ctx, args, opts) or M.EXIT_OK
  end, function(e)
    if type(e) == "table" and e[EXIT_TAG] then return e end
    return { internal = true, message = debug.traceback(tostring(e), 2) }
  end)
  ctx:progress_done()
  if ok then return result end
  if result[EXIT_TAG] then
    local where = ctx.name ~= "" and (ctx.prog .. " " .. ctx.name) or ctx.prog
    ctx.stderr:write(where, ": ", M.bounded(result.message), "\n")
    -- a command whose output a later step reads (SARIF for code scanning)
    -- still writes a document that says the run failed
    if ctx.def and ctx.def.failure_output then
      pcall(ctx.def.failure_output, ctx, ctx.argv, M.bounded(result.message))
    end
    return result.code
  end
  ctx.stderr:write(ctx.prog, ": internal error (please report it): ", result.message:gsub("\n", " | "), "\n")
  return M.EXIT_USAGE
end

return M
