/*
** lecsnet_compat.h: the only place that tests LUA_VERSION_NUM.
**
** The binding is written against the Lua 5.4 C API; this header maps the
** few calls that older APIs (5.3, 5.1 and LuaJIT 2.1) lack. Shims are
** static functions with a 'lecsnet_' prefix reached through macros, never
** definitions of luaL_* names: LuaJIT 2.1 declares luaL_setfuncs,
** luaL_testudata and luaL_setmetatable itself while reporting 501
** (docs/DEVELOPING.md#conventions).
*/
#ifndef LECSNET_COMPAT_H
#define LECSNET_COMPAT_H

#include "lua.h"
#include "lauxlib.h"

#if LUA_VERSION_NUM < 502

static inline void lecsnet_setfuncs(lua_State *L, const luaL_Reg *l, int nup) {
  luaL_checkstack(L, nup + 1, "too many upvalues");
  for (; l->name != NULL; l++) {
    int i;
    for (i = 0; i < nup; i++)
      lua_pushvalue(L, -nup);
    lua_pushcclosure(L, l->func, nup);
    lua_setfield(L, -(nup + 2), l->name);
  }
  lua_pop(L, nup);
}
#define luaL_setfuncs(L, l, n) lecsnet_setfuncs(L, l, n)

static inline void *lecsnet_testudata(lua_State *L, int i, const char *tname) {
  void *p = lua_touserdata(L, i);
  if (p != NULL && lua_getmetatable(L, i)) {
    luaL_getmetatable(L, tname);
    if (!lua_rawequal(L, -1, -2))
      p = NULL;
    lua_pop(L, 2);
    return p;
  }
  return NULL;
}
#define luaL_testudata(L, i, t) lecsnet_testudata(L, i, t)

static inline void lecsnet_setmetatable(lua_State *L, const char *tname) {
  luaL_getmetatable(L, tname);
  lua_setmetatable(L, -2);
}
#define luaL_setmetatable(L, t) lecsnet_setmetatable(L, t)

#ifndef luaL_newlibtable  /* LuaJIT 2.1 has these two as macros */
#define luaL_newlibtable(L, l) \
  lua_createtable(L, 0, (int)(sizeof(l) / sizeof((l)[0]) - 1))
#define luaL_newlib(L, l) (luaL_newlibtable(L, l), luaL_setfuncs(L, l, 0))
#endif
#define lua_rawlen(L, i) lua_objlen(L, i)

#endif /* < 502 */

#if LUA_VERSION_NUM < 503
#define lua_isinteger(L, i) 0
#endif

#if LUA_VERSION_NUM < 504
#define lua_newuserdatauv(L, s, n) lua_newuserdata(L, s)
#define luaL_pushfail(L) lua_pushnil(L)

static inline int lecsnet_typeerror(lua_State *L, int arg, const char *tname) {
  const char *msg = lua_pushfstring(L, "%s expected, got %s", tname,
                                    luaL_typename(L, arg));
  return luaL_argerror(L, arg, msg);
}
#define luaL_typeerror(L, a, t) lecsnet_typeerror(L, a, t)
#endif /* < 504 */

#endif
