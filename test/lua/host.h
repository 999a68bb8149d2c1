/*
** host.h: what the Lua hosts of test/lua/ share.
*/
#ifndef ECSNET_TEST_HOST_H
#define ECSNET_TEST_HOST_H

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"

/* Opens the standard libraries and points package.cpath/path at the build. */
static void host_open(lua_State *L, const char *cpath, const char *lpath) {
  luaL_openlibs(L);
  lua_getglobal(L, "package");
  lua_pushstring(L, cpath);
  lua_setfield(L, -2, "cpath");
  lua_pushstring(L, lpath);
  lua_setfield(L, -2, "path");
  lua_pop(L, 1);
}

#endif
