/*
** lecsnet_names.c: the core's name lists, exported once as constant lists
** (ecsnet_launch_type_name, ecsnet_os_name, ecsnet_shape_name), and the
** helpers the binding reads options and words messages with.
**
**   ecsnet.core.launch_types -> {"EC2", "FARGATE", "EXTERNAL",
**                                "MANAGED_INSTANCES"}   (ECSNET_LT_* order)
**   ecsnet.core.os_names     -> {"linux", "windows"}
**   ecsnet.core.shapes       -> {"auto", "register", "describe",
**                                "cloudformation", "terraform"}
**
**   ecsnet.core.suggest(word, list) -> the name of 'list' nearest 'word'
**                                      ("did you mean"), or nil
**
** They are what ecsnet.validate accepts for 'launch_type', 'os' and 'shape';
** the CLI and lua/ecsnet/http.lua take them from here.
*/
#include "lecsnet_aux.h"


const char *lecsnet_launch_type_at(size_t i) {
  return ecsnet_launch_type_name(i);
}

const char *lecsnet_os_at(size_t i) {
  return i < LECSNET_NAMES_MAX ? ecsnet_os_name((ecsnet_os_t)i) : NULL;
}

const char *lecsnet_shape_at(size_t i) {
  return i < LECSNET_NAMES_MAX ? ecsnet_shape_name((ecsnet_shape_t)i) : NULL;
}


const char *lecsnet_push_names_or(lua_State *L, lecsnet_namefn name) {
  luaL_Buffer b;
  size_t i;
  luaL_buffinit(L, &b);
  for (i = 0; name(i) != NULL; i++) {
    if (i > 0)
      luaL_addstring(&b, name(i + 1) != NULL ? ", " : " or ");
    luaL_addstring(&b, name(i));
  }
  luaL_pushresult(&b);
  return lua_tostring(L, -1);
}


int lecsnet_optfield_name(lua_State *L, int arg, const char *key,
                          lecsnet_namefn name, int def) {
  const char *names[LECSNET_NAMES_MAX + 1];
  size_t i;
  for (i = 0; i < LECSNET_NAMES_MAX && name(i) != NULL; i++)
    names[i] = name(i);
  names[i] = NULL;
  return lecsnet_optfield_enum(L, arg, key, names, def);
}


/* Sets field 'key' of the table on top to the list name(0), name(1), ... */
static void set_list(lua_State *L, const char *key, lecsnet_namefn name) {
  size_t i;
  lua_newtable(L);
  for (i = 0; name(i) != NULL; i++) {
    lua_pushstring(L, name(i));
    lua_rawseti(L, -2, (int)i + 1);
  }
  lua_setfield(L, -2, key);
}


/* ecsnet_suggest over a Lua list of names (the command's config keys and
** rule IDs): the names are borrowed from the list, which stays on the
** stack; more than LECSNET_SUGGEST_MAX names are not looked at. */
#define LECSNET_SUGGEST_MAX 256
static int lsuggest(lua_State *L) {
  const char *word = luaL_checkstring(L, 1);
  const char *names[LECSNET_SUGGEST_MAX];
  const char *best;
  size_t n = 0;
  lua_Integer i;
  luaL_checktype(L, 2, LUA_TTABLE);
  for (i = 1; n < LECSNET_SUGGEST_MAX; i++) {
    lua_rawgeti(L, 2, (int)i);
    if (lua_type(L, -1) != LUA_TSTRING) {
      lua_pop(L, 1);
      break;
    }
    names[n++] = lua_tostring(L, -1);
    lua_pop(L, 1);   /* the string stays alive in the list */
  }
  best = ecsnet_suggest(word, names, n);
  if (best == NULL)
    lua_pushnil(L);
  else
    lua_pushstring(L, best);
  return 1;
}


void lecsnet_open_names(lua_State *L) {
  lua_pushcfunction(L, lsuggest);
  lua_setfield(L, -2, "suggest");
  set_list(L, "launch_types", lecsnet_launch_type_at);
  set_list(L, "os_names", lecsnet_os_at);
  set_list(L, "shapes", lecsnet_shape_at);
}
