/*
** lecsnet.c: luaopen_ecsnet_core, and helpers shared by the binding.
**
** The binding is thin: check arguments, call the core, push results.
** Misuse raises ("bad argument #1 to 'mode'"); bad data returns
** nil, message.
*/
#include <stdarg.h>
#include <string.h>

#include "lecsnet_aux.h"


void lecsnet_newclass(lua_State *L, const char *tname, const luaL_Reg *meta,
                      const luaL_Reg *methods) {
  luaL_newmetatable(L, tname);
  luaL_setfuncs(L, meta, 0);
  lua_pushstring(L, tname);
  lua_setfield(L, -2, "__name");
  if (methods != NULL) {
    lua_newtable(L);
    luaL_setfuncs(L, methods, 0);
    lua_setfield(L, -2, "__index");
  }
  lua_pop(L, 1);
}


int lecsnet_fail(lua_State *L, const char *msg) {
  luaL_pushfail(L);
  lua_pushstring(L, msg);
  return 2;
}


int lecsnet_failf(lua_State *L, const char *fmt, ...) {
  va_list ap;
  luaL_pushfail(L);
  va_start(ap, fmt);
  lua_pushvfstring(L, fmt, ap);
  va_end(ap);
  return 2;
}


void lecsnet_checkopts(lua_State *L, int arg, const char *const known[]) {
  luaL_Buffer b;
  int i;
  if (lua_isnoneornil(L, arg))
    return;
  luaL_checktype(L, arg, LUA_TTABLE);
  lua_pushnil(L);
  while (lua_next(L, arg)) {
    lua_pop(L, 1);
    if (lua_type(L, -1) != LUA_TSTRING)
      luaL_argerror(L, arg, "option names must be strings");
    for (i = 0; known[i] != NULL; i++)
      if (strcmp(known[i], lua_tostring(L, -1)) == 0)
        break;
    if (known[i] == NULL) {   /* a misspelt option would silently do nothing */
      luaL_buffinit(L, &b);
      for (i = 0; known[i] != NULL; i++) {
        if (i > 0) luaL_addstring(&b, ", ");
        luaL_addstring(&b, known[i]);
      }
      luaL_pushresult(&b);
      luaL_argerror(L, arg, lua_pushfstring(L, "unknown option '%s' "
                    "(expected one of: %s)", lua_tostring(L, -2),
                    lua_tostring(L, -1)));
    }
  }
}


int lecsnet_optfield_enum(lua_State *L, int arg, const char *key,
                          const char *const names[], int def) {
  int i, r = def;
  if (lua_isnoneornil(L, arg))
    return def;
  lua_getfield(L, arg, key);
  if (!lua_isnil(L, -1)) {
    const char *v;
    if (lua_type(L, -1) != LUA_TSTRING)
      luaL_argerror(L, arg, lua_pushfstring(L, "option '%s' must be a "
                    "string, got %s", key, luaL_typename(L, -1)));
    v = lua_tostring(L, -1);
    for (i = 0; names[i] != NULL; i++)
      if (strcmp(names[i], v) == 0)
        break;
    if (names[i] == NULL)
      luaL_argerror(L, arg, lua_pushfstring(L, "invalid value '%s' for "
                    "option '%s'", v, key));
    r = i;
  }
  lua_pop(L, 1);
  return r;
}


/* Which Lua this module was built for, as a string in the file: when
** another Lua cannot load the module (undefined symbols), lua/ecsnet.lua
** reads it from the file to say so. */
const char lecsnet_built_for[] = "ecsnet.core built for " LUA_VERSION ";";

ECSNET_API int luaopen_ecsnet_core(lua_State *L);

int luaopen_ecsnet_core(lua_State *L) {
  lua_newtable(L);
  lua_pushstring(L, ECSNET_VERSION);
  lua_setfield(L, -2, "_VERSION");
  lecsnet_open_names(L);
  lecsnet_open_modes(L);
  lecsnet_open_cidr(L);
  lecsnet_open_taskdef(L);
  lecsnet_open_ports(L);
  lecsnet_open_eni(L);
  lecsnet_open_json(L);
  lecsnet_open_files(L);
  return 1;
}
