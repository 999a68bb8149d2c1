/*
** lecsnet_agent.c: the options that configure the ECS agent on an instance
** (reserved ports, the dynamic range, Prometheus metrics, task IAM roles),
** read once for every function that takes them (ecsnet.host,
** ecsnet.validate). The binding reads forms and Lua types; what a setting
** means is the core's (ecsnet_agent.h). Wrong types raise; bad values give
** a message (the caller returns nil, message).
*/
#include <stdio.h>
#include <string.h>

#include "lecsnet_aux.h"


/* Reads option 'key' (a list of ports, or ECS_RESERVED_PORTS JSON text)
** into out; returns -1 when absent, the count, or -2 with a message pushed. */
static int opt_ports(lua_State *L, int arg, const char *key,
                     unsigned short *out) {
  int n = 0;
  lua_getfield(L, arg, key);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    return -1;
  }
  if (lua_type(L, -1) == LUA_TSTRING) {
    size_t len, cnt;
    const char *s = lua_tolstring(L, -1, &len);
    char err[ECSNET_ERRBUF_MAX];
    if (ecsnet_reserved_parse(s, len, out, ECSNET_RESERVED_MAX + 1, &cnt, err,
                              sizeof err) != ECSNET_OK) {
      lua_pushfstring(L, "%s: %s", key, err);
      return -2;
    }
    lua_pop(L, 1);
    return (int)cnt;
  }
  if (!lua_istable(L, -1))
    luaL_argerror(L, arg, lua_pushfstring(L, "option '%s' must be a list of "
                  "ports or a JSON array string", key));
  for (;;) {
    lua_Number d;
    lua_rawgeti(L, -1, n + 1);
    if (lua_isnil(L, -1)) {
      lua_pop(L, 1);
      break;
    }
    d = lua_tonumber(L, -1);
    if (lua_type(L, -1) != LUA_TNUMBER || d != (lua_Number)(long)d ||
        d < 1 || d > 65535) {
      lua_pushfstring(L, "%s[%d]: reserved ports must be integers 1-65535",
                      key, n + 1);
      return -2;
    }
    if (n >= ECSNET_RESERVED_MAX) {
      lua_pushfstring(L, "%s lists more than %d ports; ECS allows at most %d "
                      "reserved ports per instance, defaults included "
                      "(docs/reference.md §2.3)", key, ECSNET_RESERVED_MAX,
                      ECSNET_RESERVED_MAX);
      return -2;
    }
    out[n++] = (unsigned short)d;
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return n;
}

/* Reads a range option: "a-b" (ECS_DYNAMIC_HOST_PORT_RANGE), "a<blank>b"
** (ip_local_port_range text) or {a, b}. Returns 0 absent, 1 set, -1 with a
** message pushed. *dash tells whether it was the "a-b" form. */
static int opt_range(lua_State *L, int arg, const char *key,
                     unsigned short *a, unsigned short *b, int *dash) {
  char err[ECSNET_ERRBUF_MAX];
  int st;
  lua_getfield(L, arg, key);
  *dash = 0;
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    return 0;
  }
  if (lua_type(L, -1) == LUA_TSTRING) {
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    if (memchr(s, '-', len) != NULL) {
      *dash = 1;
      st = ecsnet_port_range_parse(s, len, a, b, err, sizeof err);
    } else {
      st = ecsnet_ip_local_port_range_parse(s, len, a, b, err, sizeof err);
    }
  } else if (lua_istable(L, -1)) {
    lua_Number x, y;
    lua_rawgeti(L, -1, 1);
    lua_rawgeti(L, -2, 2);
    x = lua_tonumber(L, -2);
    y = lua_tonumber(L, -1);
    lua_pop(L, 2);
    st = ECSNET_OK;
    if (x != (lua_Number)(long)x || y != (lua_Number)(long)y || x < 1 ||
        y < 1 || x > 65535 || y > 65535) {
      snprintf(err, sizeof err, "port range {%.14g, %.14g} is outside 1-65535",
               (double)x, (double)y);
      st = ECSNET_ERANGE;
    } else if (x > y) {
      snprintf(err, sizeof err, "port range {%d, %d} is reversed: the first "
               "port must not be above the last", (int)x, (int)y);
      st = ECSNET_ERANGE;
    } else {
      *a = (unsigned short)x;
      *b = (unsigned short)y;
    }
    *dash = 1;
  } else if (lua_type(L, -1) == LUA_TBOOLEAN && !lua_toboolean(L, -1)) {
    lua_pop(L, 1);
    return 2;   /* false: unreadable */
  } else {
    return luaL_argerror(L, arg, lua_pushfstring(L, "option '%s' must be a "
                         "string or {first, last}", key));
  }
  lua_pop(L, 1);
  if (st != ECSNET_OK) {
    lua_pushfstring(L, "%s: %s", key, err);
    return -1;
  }
  return 1;
}

static int optbool(lua_State *L, int arg, const char *key) {
  int v;
  lua_getfield(L, arg, key);
  v = lua_toboolean(L, -1);
  lua_pop(L, 1);
  return v;
}


/* Reads one reserved list; 'alias' (may be NULL) is an older name of the
** same option. Returns 1, or 0 with the message pushed. */
static int read_reserved(lua_State *L, int arg, ecsnet_agent_config_t *cfg,
                         int p, unsigned short *res, const char *key,
                         const char *alias) {
  int n = opt_ports(L, arg, key, res);
  if (n == -1 && alias != NULL)
    n = opt_ports(L, arg, alias, res);
  if (n == -2)
    return 0;
  if (n >= 0) {
    cfg->reserved[p] = res;
    cfg->nreserved[p] = (size_t)n;
    cfg->reserved_given[p] = 1;
  }
  return 1;
}


/* Reads one range option into cfg through the core; 1, or 0 with the
** message pushed. */
static int read_range(lua_State *L, int arg, ecsnet_agent_config_t *cfg,
                      const char *key, int env) {
  char err[ECSNET_ERRBUF_MAX];
  unsigned short a = 0, b = 0;
  int dash, r = opt_range(L, arg, key, &a, &b, &dash);
  ecsnet_range_from_t from = !env ? ECSNET_RANGE_FILE
                           : dash ? ECSNET_RANGE_ENV : ECSNET_RANGE_ENV_BLANK;
  if (r == -1)
    return 0;
  if (r == 0)
    return 1;
  if (ecsnet_agent_set_range(cfg, from, r == 2, a, b, err, sizeof err)
      != ECSNET_OK) {
    lua_pushstring(L, err);
    return 0;
  }
  return 1;
}


int lecsnet_agent_opts(lua_State *L, int arg, ecsnet_agent_config_t *cfg,
                       unsigned short res[2][ECSNET_RESERVED_MAX + 1],
                       const char *tcp_alias, const char *udp_alias) {
  if (lua_isnoneornil(L, arg))
    return 1;
  cfg->prometheus = optbool(L, arg, "prometheus");
  cfg->task_iam_roles = optbool(L, arg, "task_iam_roles");
  if (!read_reserved(L, arg, cfg, ECSNET_PORT_TCP, res[0], "reserved_tcp",
                     tcp_alias) ||
      !read_reserved(L, arg, cfg, ECSNET_PORT_UDP, res[1], "reserved_udp",
                     udp_alias))
    return 0;
  /* ip_local_port_range, then ECS_DYNAMIC_HOST_PORT_RANGE over it
  ** (docs/reference.md §2.4) */
  return read_range(L, arg, cfg, "ip_local_port_range", 0) &&
         read_range(L, arg, cfg, "dynamic_range", 1);
}
