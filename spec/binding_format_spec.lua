-- The binding's messages are built with lua_pushfstring and its relatives,
-- which know only %% %s %d %f %p %c in Lua 5.1 and LuaJIT (5.3 and 5.4 add
-- %I and %U, and none takes a width or precision). Any other conversion
-- raises "invalid option" at the moment the message is needed, which is
-- usually a rare error path no other test reaches (the prefix-set limit
-- message, a macro, said %u until 2026-11-26).

local CALLS = { "lua_pushfstring", "lua_pushvfstring", "lecsnet_failf", "luaL_error" }

-- The string literals at 'pos' in src (adjacent ones concatenated, line
-- continuations skipped), or nil when there is none.
local function literals(src, pos)
  local fmt = {}
  while src:sub(pos, pos) == '"' do   -- one literal, escapes skipped
    local i = pos + 1
    while src:sub(i, i) ~= '"' do
      if src:sub(i, i) == "\\" then i = i + 1 end
      i = i + 1
    end
    fmt[#fmt + 1] = src:sub(pos + 1, i - 1)
    local _, ws = src:find("^[%s\\]*", i + 1)
    pos = ws + 1
  end
  return #fmt > 0 and table.concat(fmt) or nil
end

-- The format argument of each call in C source text: the string literals
-- right after "NAME(L,", or those of the macro named there, with the line.
local function formats(src)
  local found = {}
  for _, name in ipairs(CALLS) do
    local from = 1
    while true do
      local s, e = src:find(name .. "%s*%(%s*L%s*,%s*", from)
      if not s then break end
      local fmt = literals(src, e + 1)
      local macro = src:match("^([%u_][%u%d_]*)%s*[,)]", e + 1)
      if not fmt and macro then
        local _, de = src:find("#define%s+" .. macro .. "%s+", 1)
        fmt = de and literals(src, de + 1)
      end
      if fmt then
        local _, line = src:sub(1, s):gsub("\n", "")
        found[#found + 1] = { name = name, line = line + 1, text = fmt }
      end
      from = e + 1
    end
  end
  table.sort(found, function(x, y) return x.line < y.line end)
  return found
end

local function sources()
  local list = {}
  local p = assert(io.popen("ls src/lecsnet*.c"))
  for f in p:lines() do list[#list + 1] = f end
  p:close()
  return list
end

describe("the binding's message formats (src/lecsnet*.c)", function()
  it("use only the conversions lua_pushfstring knows in every Lua", function()
    local bad, seen = {}, 0
    for _, file in ipairs(sources()) do
      local f = assert(io.open(file, "rb"))
      local src = f:read("*a")
      f:close()
      for _, call in ipairs(formats(src)) do
        seen = seen + 1
        for conv in call.text:gsub("%%%%", ""):gmatch("%%(.)") do
          if not ("sdfpc"):find(conv, 1, true) then
            bad[#bad + 1] = ("%s:%d: %s uses %%%s"):format(file, call.line, call.name, conv)
          end
        end
      end
    end
    assert.is_true(seen > 50, "found only " .. seen .. " format strings: is the reader broken?")
    assert.same({}, bad)
  end)

  it("would catch a %u or a precision, also in a macro", function()
    local calls = formats('#define MSG "at most %u " \\\n  "ranges"\n'
      .. 'x = lecsnet_failf(L, MSG, n);\n'
      .. 'lua_pushfstring(L, "size %.0f "\n   "addresses", v);')
    assert.equals(2, #calls)
    assert.equals("at most %u ranges", calls[1].text)
    assert.equals(3, calls[1].line)
    assert.equals("size %.0f addresses", calls[2].text)
    assert.equals(4, calls[2].line)
  end)
end)
