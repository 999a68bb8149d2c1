/*
** cidr_floor.c: the floor under `ecsnet.cidr(text)` from Lua (bench/cidr.sh,
** CIDR math). A Lua module whose one function does what a parse from Lua must
** do besides parsing: the call, reading every byte of the string, and
** returning a new 18-byte userdata (the size of ecsnet_prefix_t) with a
** metatable, which the collector later frees. It parses nothing, so
** libcidr's time divided by this one's bounds the ratio any parser returning
** a value could reach. One source for Lua 5.4 and LuaJIT.
*/
#include <lua.h>
#include <lauxlib.h>

static int floor_value(lua_State *L) {
  size_t n, i;
  unsigned h = 0;
  const char *s = lua_tolstring(L, 1, &n);
  unsigned char *u;
  for (i = 0; i < n; i++) h += (unsigned char)s[i];   /* read it all */
#if LUA_VERSION_NUM >= 504
  u = (unsigned char *)lua_newuserdatauv(L, 18, 0);   /* as ecsnet does */
#else
  u = (unsigned char *)lua_newuserdata(L, 18);
#endif
  u[0] = (unsigned char)h;
  u[1] = (unsigned char)n;
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_setmetatable(L, -2);
  return 1;
}

int luaopen_cidr_floor(lua_State *L);

int luaopen_cidr_floor(lua_State *L) {
  lua_newtable(L);   /* the metatable, empty: no __gc, like ecsnet.cidr's */
  lua_pushcclosure(L, floor_value, 1);
  return 1;
}
