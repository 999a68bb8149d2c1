-- test/doc_snippets.lua: every fenced `lua` and `sh` block of the given
-- Markdown files runs, and what its comments claim is checked
-- (docs/DEVELOPING.md#docs-that-run). Run from the top folder:
--   lua5.4 test/doc_snippets.lua README.md docs/*.md ...
-- Prints one line per failure, then "N passed, N failed".
--
-- lua blocks run in order, one environment per file (globals carry over,
-- locals do not); a block that requires "ecsnet.busted" has busted's
-- assert (luassert) as `assert`, as a spec has. A line `code --> expected` checks what `code` gives:
--   expression(s)        the values, e.g. `ecsnet.cidr("::/0"):size() --> "340..."`
--   local a, b = expr    the values of the new locals
--   print(...)           the printed text, spaces and tabs alike
-- `expected` may go on over the following lines whose `--` is under the
-- `-->`; it
-- is a Lua value list where `...` in a string matches any text, `{...}`
-- any table, and a `...` field lets a table have other fields; a `--`
-- inside it starts a comment. Text that is not a Lua value is compared
-- with the printed form of the values, `...` matching anything.
--
-- sh blocks run line by line from the top folder with bin/ on PATH: each
-- must exit 0 or 1 (findings), or N given by a trailing `# exit N`; a
-- trailing `# prints: TEXT` wants TEXT (with `...`) in the output. `make T`
-- runs as `make -n T` (the suite must not run itself). A block after the
-- line `<!-- doc-test: syntax-only -->` is checked with `sh -n` and for
-- each command's program; those blocks are counted and named at the end.

local passed, failed, syntax_only = 0, 0, {}

-- The blocks run in the scratch folder test/docs.sh makes (links to every
-- top-level entry of the tree), so that what they write (ecsnet.sarif,
-- rocks/) stays out of the tree.

local function fail(where, msg)
  failed = failed + 1
  io.write("FAIL ", where, ": ", msg, "\n")
end

local function pass()
  passed = passed + 1
end

-- {{ rendering and matching values

local function render(v, depth)
  depth = depth or 0
  if type(v) == "string" then
    return ("%q"):format(v):gsub("\\\n", "\\n")
  elseif type(v) ~= "table" or depth > 4 then
    return tostring(v)
  end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b)
    if type(a) == type(b) and (type(a) == "number" or type(a) == "string") then return a < b end
    return type(a) < type(b)
  end)
  local parts = {}
  for _, k in ipairs(keys) do
    local ks = type(k) == "number" and "" or (tostring(k) .. " = ")
    parts[#parts + 1] = ks .. render(v[k], depth + 1)
  end
  return "{ " .. table.concat(parts, ", ") .. " }"
end

local ANY, ANYT = setmetatable({}, { __tostring = function() return "..." end }),
                  setmetatable({}, { __tostring = function() return "{...}" end })

-- s matches pat, where each "..." in pat stands for any text.
local function glob(pat, s)
  local pieces, start = {}, 1
  while true do
    local i = pat:find("...", start, true)
    pieces[#pieces + 1] = pat:sub(start, (i or 0) - 1)
    if not i then break end
    start = i + 3
  end
  if #pieces == 1 then return pat == s end
  local first, last = pieces[1], pieces[#pieces]
  if s:sub(1, #first) ~= first then return false end
  local pos = #first + 1
  for k = 2, #pieces - 1 do
    local _, j = s:find(pieces[k], pos, true)
    if not j then return false end
    pos = j + 1
  end
  return #s - pos + 1 >= #last and s:sub(#s - #last + 1) == last
end

local function match(exp, act)
  if exp == ANY then return true end
  if exp == ANYT then return type(act) == "table" end
  if type(exp) == "string" then
    if type(act) ~= "string" then act = tostring(act) end
    return exp:find("...", 1, true) and glob(exp, act) or exp == act
  end
  if type(exp) ~= "table" then
    if type(act) == "userdata" then return tostring(exp) == tostring(act) end
    return exp == act
  end
  if type(act) ~= "table" then return false end
  for k, e in pairs(exp) do
    if k ~= "__more" and not match(e, act[k]) then return false end
  end
  if not exp.__more then
    for k in pairs(act) do
      if exp[k] == nil then return false end
    end
  end
  return true
end

-- The expected text as Lua source: `{...}` and bare `...` replaced, a
-- `--` comment cut, strings kept.
local function expected_source(text)
  local out, i, n = {}, 1, #text
  while i <= n do
    local c = text:sub(i, i)
    if c == '"' or c == "'" then
      local j = i + 1
      while j <= n and text:sub(j, j) ~= c do
        if text:sub(j, j) == "\\" then j = j + 1 end
        j = j + 1
      end
      out[#out + 1] = text:sub(i, j)
      i = j + 1
    elseif text:sub(i, i + 4) == "{...}" then
      out[#out + 1] = "__ANYT"
      i = i + 5
    elseif text:sub(i, i + 2) == "..." then
      local before = table.concat(out):match("([^%s])%s*$")
      out[#out + 1] = (before == "," or before == "{") and "__more = true" or "__ANY"
      i = i + 3
    elseif text:sub(i, i + 1) == "--" then
      break
    else
      out[#out + 1] = c
      i = i + 1
    end
  end
  return table.concat(out)
end

local function load_text(src, name, env)
  if setfenv then   -- Lua 5.1 / LuaJIT
    local f, err = loadstring(src, name)
    if f then setfenv(f, env) end
    return f, err
  end
  return load(src, name, "t", env)
end

-- Checks values (a packed list) against the expected text.
local function check_values(where, text, vals)
  local src = expected_source(text)
  local f = load_text("return " .. src, "=expected", { __ANY = ANY, __ANYT = ANYT })
  local shown = {}
  for i = 1, vals.n do shown[i] = render(vals[i]) end
  local got = table.concat(shown, ", ")
  if f then
    local ok, exp = pcall(function() return { n = select("#", f()), f() } end)
    if ok then
      for i = 1, math.max(exp.n, 1) do
        if not match(exp[i], vals[i]) then
          return fail(where, ("expected %s, got %s"):format(text, got))
        end
      end
      return pass()
    end
  end
  local norm = function(s) return (s:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")) end
  if glob(norm(text), norm(got)) then return pass() end
  fail(where, ("expected %s, got %s"):format(text, got))
end

-- }}

-- {{ lua blocks

local function code_and_claim(line)
  -- the first `-->` outside a string
  local i, n, q = 1, #line, nil
  while i <= n do
    local c = line:sub(i, i)
    if q then
      if c == "\\" then i = i + 1 elseif c == q then q = nil end
    elseif c == '"' or c == "'" then
      q = c
    elseif line:sub(i, i + 2) == "-->" then
      return line:sub(1, i - 1), line:sub(i + 3)
    elseif line:sub(i, i + 1) == "--" then
      return line, nil
    end
    i = i + 1
  end
  return line, nil
end

-- The block as one chunk, each claimed line followed by its check.
local function lua_chunk(block)
  local out, lines, k = {}, block.lines, 1
  while k <= #lines do
    local code, claim = code_and_claim(lines[k])
    local at = block.line + k
    local col = claim and #code + 1   -- continuation: a `--` under the `-->`
    while claim and lines[k + 1] and lines[k + 1]:find("^%s*%-%-[^>]") and
          lines[k + 1]:find("--", 1, true) == col do
      k = k + 1
      claim = claim .. " " .. lines[k]:gsub("^%s*%-%-", "")
    end
    if claim and code:match("%S") then
      local expr = code:gsub("%s+$", "")
      local names = expr:match("^%s*local%s+([%w_,%s]-)%s*=[^=]")
      local q = ("%q"):format(claim):gsub("\\\n", "\\n")
      if names then
        out[#out + 1] = ("%s; __check(%d, %s, __pack(%s))"):format(expr, at, q, names)
      elseif expr:match("^%s*print%s*%(") then
        out[#out + 1] = ("__printed = {}; %s; __check_printed(%d, %s)"):format(expr, at, q)
      elseif load_text("return " .. expr, "=x", {}) then
        out[#out + 1] = ("__check(%d, %s, __pack(%s))"):format(at, q, expr)
      else
        out[#out + 1] = ("error('line %d: a claim on a statement that gives no value', 0)"):format(at)
      end
    else
      out[#out + 1] = lines[k]
    end
    k = k + 1
  end
  return table.concat(out, "\n")
end

local function run_lua(file, block, env)
  local where = ("%s:%d"):format(file, block.line)
  env.__check = function(line, text, vals) check_values(("%s:%d"):format(file, line), text, vals) end
  env.__check_printed = function(line, text)
    local norm = function(s) return (s:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")) end
    local got = norm(table.concat(env.__printed, "\n"))
    if glob(norm(text), got) then pass()
    else fail(("%s:%d"):format(file, line), ("expected printed %q, got %q"):format(norm(text), got)) end
  end
  if table.concat(block.lines, "\n"):find('require%s*%(?%s*"ecsnet%.busted"') then
    env.assert = require "luassert"   -- as in a spec: busted's assert
  end
  local f, err = load_text(lua_chunk(block), "=" .. where, env)
  if not f then return fail(where, "does not compile: " .. err) end
  local ok, e = pcall(f)
  if not ok then return fail(where, "raised: " .. tostring(e)) end
  pass()
end

local function lua_env()
  local env = setmetatable({}, { __index = _G })
  env.__pack = function(...) return { n = select("#", ...), ... } end
  env.print = function(...)
    local t = {}
    for i = 1, select("#", ...) do t[i] = tostring((select(i, ...))) end
    local line = table.concat(t, "\t")
    if env.__printed then env.__printed[#env.__printed + 1] = line end
  end
  return env
end

-- }}

-- {{ sh blocks

local function sh_run(cmd)
  local p = io.popen("( " .. cmd .. " ) 2>&1; echo \"__status=$?\"")
  local out = p:read("*a")
  p:close()
  local st = tonumber(out:match("__status=(%d+)%s*$"))
  return st, out:gsub("__status=%d+%s*$", "")
end

local function shell_quote(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

local function run_sh_line(where, line)
  local cmd, note = line:match("^(.-)%s+#%s(.*)$")
  cmd = cmd or line
  local want_status = note and tonumber(note:match("exit (%d+)"))
  local want_out = note and note:match("prints: (.*)$")
  cmd = cmd:gsub("^(%s*[%w_]+=%S+%s+)make%s", "%1make -n "):gsub("^(%s*)make%s", "%1make -n ")
  local st, out = sh_run("timeout 120 sh -c " .. shell_quote(cmd) .. " </dev/null")
  if want_status and st ~= want_status then
    return fail(where, ("%s: exit %s, expected %d\n%s"):format(cmd, st, want_status, out:sub(1, 400)))
  elseif not want_status and st ~= 0 and st ~= 1 then
    return fail(where, ("%s: exit %s\n%s"):format(cmd, st, out:sub(1, 400)))
  elseif want_out and not glob("..." .. want_out .. "...", out) then
    return fail(where, ("%s: output lacks %q\n%s"):format(cmd, want_out, out:sub(1, 400)))
  end
  pass()
end

local function sh_lines(block)
  local cmds, cur = {}, nil
  for k, l in ipairs(block.lines) do
    if cur then
      cur.text = cur.text .. "\n" .. l
    elseif l:match("%S") and not l:match("^%s*#") then
      cur = { text = l, line = block.line + k }
    end
    if cur and not l:match("\\$") then
      cmds[#cmds + 1] = cur
      cur = nil
    end
  end
  return cmds
end

local function run_sh(file, block)
  for _, c in ipairs(sh_lines(block)) do
    local where = ("%s:%d"):format(file, c.line)
    if block.syntax_only then
      local cmd = c.text:match("^(.-)%s+#%s") or c.text
      local prog = cmd:match("^%s*[%w_]+=%S+%s+(%S+)") or cmd:match("^%s*(%S+)")
      local st, out = sh_run("sh -n -c " .. shell_quote(cmd) .. " && command -v " .. shell_quote(prog))
      if st == 0 then pass() else fail(where, ("%s: %s"):format(cmd, out)) end
    else
      run_sh_line(where, c.text)
    end
  end
  if block.syntax_only then
    syntax_only[#syntax_only + 1] = ("%s:%d"):format(file, block.line)
  end
end

-- }}

local function blocks_of(file)
  local f = assert(io.open(file))
  local blocks, cur, n, marked = {}, nil, 0, false
  for line in f:lines() do
    n = n + 1
    if cur then
      if line:match("^```%s*$") then
        blocks[#blocks + 1] = cur
        cur = nil
      else
        cur.lines[#cur.lines + 1] = line
      end
    else
      local lang = line:match("^```(%w+)")
      if lang == "lua" or lang == "sh" then
        cur = { lang = lang, line = n, lines = {}, syntax_only = marked }
      elseif line:match("^```") then
        cur = { lang = "other", line = n, lines = {} }
      end
      if line:match("%S") then
        marked = line:match("^<!%-%- doc%-test: syntax%-only %-%->$") ~= nil
      end
    end
  end
  f:close()
  return blocks
end

for _, file in ipairs(arg) do
  local env = lua_env()
  for _, b in ipairs(blocks_of(file)) do
    if b.lang == "lua" then
      run_lua(file, b, env)
    elseif b.lang == "sh" then
      run_sh(file, b)
    end
  end
end

if #syntax_only > 0 then
  io.write(("%d sh blocks checked for syntax and programs only (marked doc-test: syntax-only): %s\n")
    :format(#syntax_only, table.concat(syntax_only, ", ")))
end
io.write(("%d passed, %d failed\n"):format(passed, failed))
os.exit(failed == 0 and 0 or 1)
