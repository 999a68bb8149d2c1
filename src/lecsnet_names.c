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


void lecsnet_open_names(lua_State *L) {
  set_list(L, "launch_types", lecsnet_launch_type_at);
  set_list(L, "os_names", lecsnet_os_at);
  set_list(L, "shapes", lecsnet_shape_at);
}
