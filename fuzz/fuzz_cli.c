/*
** fuzz_cli.c: libFuzzer harness for the command line's argument parser
**: the input, split at NUL bytes, is an argv (the first word the
** subcommand); an embedded Lua 5.4 runs lua/ecsnet/cli.lua's parser on it
** (ecsnet.cli.parse, the function main uses), then each option value through
** the value parsers (integer, port_list, port_range) and cli.quote.
** Invariants: the parser answers with options or a usage error, never
** another Lua error; every option it returns is one the command defines,
** an option with a list of values holds one of them; a quoted value is at
** most 60 bytes (+ quotes and "...") of printable ASCII each shown as
** itself or \xHH. A violation aborts (a finding).
**
** The Lua files are read from ECSNET_ROOT (the source tree, set by the
** Makefile); the C module is not loaded (cpath empty, an empty table stands
** for ecsnet.core), so the option lists that come from the core (--os
** values) are absent, as on a build without it.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lua5.4/lauxlib.h>
#include <lua5.4/lua.h>
#include <lua5.4/lualib.h>

#ifndef ECSNET_ROOT
#define ECSNET_ROOT "."
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char CHECK[] =
  "package.path = ... .. '/lua/?.lua'\n"
  "package.cpath = ''\n"
  /* commands whose files load Lua helpers over the core: an empty stand-in */
  "package.preload['ecsnet.core'] = function() return {} end\n"
  "local cli = require 'ecsnet.cli'\n"
  "local function fail(msg) error('INVARIANT: ' .. msg, 0) end\n"
  "local function quoted_ok(q)\n"
  "  if #q > 4 * 60 + 5 then fail('quote too long: ' .. #q) end\n"
  "  if q:find('[^\\32-\\126]') then fail('quote not printable ASCII') end\n"
  "end\n"
  "return function(argv)\n"
  "  local def = cli.command(argv[1] or '')\n"
  "  if not def then return end\n"
  "  local rest = {}\n"
  "  for i = 2, #argv do rest[#rest + 1] = argv[i] end\n"
  "  local opts, args = cli.parse(def, rest)\n"
  "  if not opts then\n"
  "    if type(args) ~= 'string' then fail('no message') end\n"
  "    return\n"
  "  end\n"
  "  local known = {}\n"
  "  for _, o in ipairs(def.options or {}) do known[o[1]] = o end\n"
  "  known.format, known.color, known.help = known.format or {}, known.color or {}, known.help or {}\n"
  "  for k, v in pairs(opts) do\n"
  "    local o = known[k]\n"
  "    if not o then fail('unknown option returned: ' .. tostring(k)) end\n"
  "    if o.values and type(v) == 'string' then\n"
  "      local ok = false\n"
  "      for _, x in ipairs(o.values) do if x == v then ok = true end end\n"
  "      if not ok then fail('value outside the list for ' .. k) end\n"
  "    end\n"
  "    local vals = type(v) == 'table' and v or { v }\n"
  "    for _, x in ipairs(vals) do\n"
  "      if type(x) == 'string' then\n"
  "        for _, kind in ipairs { 'integer', 'port_list', 'port_range' } do\n"
  "          local r, why = cli.parse_value(kind, x)\n"
  "          if r == nil and type(why) ~= 'string' then fail(kind .. ' gave no message') end\n"
  "          if kind == 'integer' and r ~= nil and (r ~= r or r > 2 ^ 53) then fail('integer out of range') end\n"
  "        end\n"
  "        quoted_ok(cli.quote(x))\n"
  "      end\n"
  "    end\n"
  "  end\n"
  "  if type(args) ~= 'table' then fail('no argument list') end\n"
  "end\n";

/* The Lua state and the checking function (registry ref), made on the first
** input and kept for the run: a harness, not the library (which has no
** mutable statics). */
static lua_State *L;
static int check_ref = LUA_NOREF;

static void setup(void) {
  L = luaL_newstate();
  if (L == NULL)
    abort();
  luaL_openlibs(L);
  if (luaL_loadbuffer(L, CHECK, sizeof CHECK - 1, "=fuzz_cli") != LUA_OK) {
    fprintf(stderr, "fuzz_cli: %s\n", lua_tostring(L, -1));
    abort();
  }
  lua_pushstring(L, ECSNET_ROOT);
  if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
    fprintf(stderr, "fuzz_cli: cannot load lua/ecsnet/cli.lua: %s\n", lua_tostring(L, -1));
    abort();
  }
  check_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  size_t i, start = 0;
  int n = 0;
  if (size > 4096)
    return 0;
  if (L == NULL)
    setup();
  lua_rawgeti(L, LUA_REGISTRYINDEX, check_ref);
  lua_newtable(L);
  for (i = 0; i <= size && n < 64; i++) {
    if (i == size || data[i] == 0) {
      lua_pushlstring(L, (const char *)data + start, i - start);
      lua_rawseti(L, -2, ++n);
      start = i + 1;
    }
  }
  if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
    fprintf(stderr, "fuzz_cli: %s\n", lua_tostring(L, -1));
    abort();
  }
  lua_gc(L, LUA_GCSTEP, 0);
  return 0;
}
