/*
** lecsnet_modes.c: ecsnet.modes() and ecsnet.mode(name [, options]).
*/
#include <string.h>

#include "lecsnet_aux.h"



/* Sets t[key] = value for the string list 'items' (NULL-terminated or n). */
static void push_list(lua_State *L, const char *const *items, int n) {
  int i, k = 0;
  lua_createtable(L, n, 0);
  for (i = 0; i < n && items[i] != NULL; i++) {
    lua_pushstring(L, items[i]);
    lua_rawseti(L, -2, ++k);
  }
}


/* Pushes "A,SRV" as { "A", "SRV" }. */
static void push_records(lua_State *L, const char *s) {
  int k = 0;
  lua_newtable(L);
  while (*s) {
    const char *e = strchr(s, ',');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    lua_pushlstring(L, s, n);
    lua_rawseti(L, -2, ++k);
    s += n + (e ? 1 : 0);
  }
}


static void push_mode(lua_State *L, const ecsnet_mode_info_t *m) {
  int i;
  lua_createtable(L, 0, 32);
  lua_pushstring(L, m->name);
  lua_setfield(L, -2, "name");
  if (m->api_value) {
    lua_pushstring(L, m->api_value);
    lua_setfield(L, -2, "api_value");
  }
  lua_pushstring(L, m->driver);
  lua_setfield(L, -2, "driver");
  lua_pushstring(L, m->summary);
  lua_setfield(L, -2, "summary");

  lua_newtable(L);  /* runs_on: platform -> boolean */
  lua_newtable(L);  /* support: platform -> "no"|"yes"|"default"|"required" */
  lua_newtable(L);  /* platform_notes */
  for (i = 0; i < ECSNET_PLATFORM_COUNT; i++) {
    const char *pname = ecsnet_platform_name((ecsnet_platform_t)i);
    lua_pushboolean(L, m->support[i] != ECSNET_SUPPORT_NO);
    lua_setfield(L, -4, pname);
    lua_pushstring(L, ecsnet_support_name((ecsnet_support_t)m->support[i]));
    lua_setfield(L, -3, pname);
    if (m->support_note[i]) {
      lua_pushstring(L, m->support_note[i]);
      lua_setfield(L, -2, pname);
    }
  }
  lua_setfield(L, -4, "platform_notes");
  lua_setfield(L, -3, "support");
  lua_setfield(L, -2, "runs_on");

  lua_newtable(L);  /* notes: capability -> caveat */
  for (i = 0; i < ECSNET_CAP_COUNT; i++) {
    const char *cname = ecsnet_cap_name((ecsnet_cap_t)i);
    lua_pushboolean(L, m->cap[i]);
    lua_setfield(L, -3, cname);
    if (m->cap_note[i]) {
      lua_pushstring(L, m->cap_note[i]);
      lua_setfield(L, -2, cname);
    }
  }
  lua_setfield(L, -2, "notes");

  lua_pushstring(L, m->host_port_rule);
  lua_setfield(L, -2, "host_port_rule");
  if (m->lb_target_type) {
    lua_pushstring(L, m->lb_target_type);
    lua_setfield(L, -2, "lb_target_type");
  }
  if (m->lb_note) {
    lua_pushstring(L, m->lb_note);
    lua_setfield(L, -2, "lb_note");
  }
  push_records(L, m->cloud_map_records);
  lua_setfield(L, -2, "cloud_map_records");
  push_list(L, m->security, (int)(sizeof(m->security) / sizeof(m->security[0])));
  lua_setfield(L, -2, "security");
  lua_pushstring(L, m->sources);
  lua_setfield(L, -2, "sources");
}


/*
** ecsnet.mode(name [, {os = "linux"|"windows"}]) -> table | nil, message
*/
static int lmode(lua_State *L) {
  size_t n;
  const char *name = luaL_checklstring(L, 1, &n);
  const ecsnet_mode_info_t *m;
  int os;
  static const char *const known[] = { "os", NULL };
  lecsnet_checkopts(L, 2, known);
  os = lecsnet_optfield_name(L, 2, "os", lecsnet_os_at, ECSNET_OS_LINUX);
  if (ecsnet_mode_lookup(name, n, (ecsnet_os_t)os, &m) != ECSNET_OK) {
    char q[ECSNET_ERRBUF_MAX];
    ecsnet_quote(q, sizeof q, name, n);
    return lecsnet_failf(L, "unknown network mode %s (expected one of: %s)",
                         q, ecsnet_mode_names());
  }
  push_mode(L, m);
  return 1;
}


/*
** ecsnet.modes() -> { "bridge", "host", "awsvpc", "none", "default" }
*/
static int lmodes(lua_State *L) {
  int i;
  lua_createtable(L, ECSNET_MODE_COUNT, 0);
  for (i = 0; i < ECSNET_MODE_COUNT; i++) {
    lua_pushstring(L, ecsnet_mode_info((ecsnet_mode_t)i)->name);
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}


static const luaL_Reg funcs[] = {
  {"mode", lmode},
  {"modes", lmodes},
  {NULL, NULL}
};


void lecsnet_open_modes(lua_State *L) {
  luaL_setfuncs(L, funcs, 0);
}
