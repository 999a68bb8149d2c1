/*
** lecsnet_ports.c: the Lua binding of host ports: a container instance's
** port space (docs/reference.md §2.3-2.6).
**
** ecsnet.host{...} -> ecsnet.host; ecsnet.port_requests(td) ->
** ecsnet.portreqs (a task definition's port mappings compiled once, for
** hot loops). Task definitions come in the normalized shape of
** ecsnet.taskdefs (network_mode, os, containers[i].port_mappings[j]); the
** Lua layer (lua/ecsnet/ports.lua) normalizes raw ones before they get here.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "lecsnet_aux.h"

static const char *const proto_names[] = { "tcp", "udp", NULL };
static const char *const kind_names[] = { "static", "dynamic", "task" };

/* Compiled requests: the mode and n mappings (container index, 1-based). */
/* The first field of both userdata types: the address of a constant of
** this file, which no other userdata holds (see fastudata). */
static const char HOST_TAG[] = LECSNET_HOST, REQS_TAG[] = LECSNET_PORTREQS;

typedef struct {
  const char *tag;    /* REQS_TAG */
  ecsnet_mode_t mode;
  size_t n;
  ecsnet_port_map_t maps[1];
} portreqs_t;

/* The userdata: this header, then the host itself (ecsnet_host_init in
** place), so that a call touches one block of memory. */
typedef struct {
  const char *tag;    /* HOST_TAG */
  ecsnet_host_t *h;   /* points just past the header; NULL once closed */
  union { void *p; double d; long long l; } align_;
} lhost_t;

#define STACK_MAPS 64


/*
** The hot loop's type check: a full userdata at least 'size' bytes long
** whose first field is 'tag'. Only this file's constructors store these
** addresses, and Lua code cannot write into a userdata, so the test is as
** safe as luaL_checkudata's metatable comparison while costing no stack
** traffic (measured with callgrind: ~280 fewer instructions per
** host:place_id). lua_touserdata is non-NULL only for userdata, full or
** light, and the raw length of a light userdata is 0 in every Lua this
** builds for, so the length test also rules out light ones (one API call
** fewer than asking lua_type). The slow path produces the standard error.
*/
static void *fastudata(lua_State *L, int i, const char *tag, size_t size,
                       const char *tname) {
  const char *const *p = (const char *const *)lua_touserdata(L, i);
  if (p != NULL && lua_rawlen(L, i) >= size && *p == tag)
    return (void *)p;
  return tname ? luaL_checkudata(L, i, tname) : NULL;
}

static lhost_t *checkhost(lua_State *L, int i) {
  lhost_t *lh = (lhost_t *)fastudata(L, i, HOST_TAG, sizeof(lhost_t),
                                     LECSNET_HOST);
  if (lh->h == NULL)
    luaL_argerror(L, i, "host is closed");
  return lh;
}


/* {======================================================================
** Task definitions -> port requests
** ======================================================================= */

/* Reads integer field 'key' of the table on top; -1 when absent. Pushes an
** error message and returns -2 when it is not an integer. */
static long int_field(lua_State *L, const char *key) {
  long v = -1;
  lua_getfield(L, -1, key);
  if (lua_type(L, -1) == LUA_TNUMBER) {
    lua_Number d = lua_tonumber(L, -1);
    if (d != (lua_Number)(long)d || d < 0 || d > 1e6) v = -2;
    else v = (long)d;
  } else if (!lua_isnil(L, -1)) {
    v = -2;
  }
  lua_pop(L, 1);
  return v;
}

/* The pointer field of the table on top, for messages ("" if none). */
static const char *where(lua_State *L, int idx, const char *fallback) {
  const char *s;
  lua_getfield(L, idx, "pointer");
  s = lua_tostring(L, -1);
  lua_pop(L, 1);    /* the string stays alive: it is in the table */
  return s ? s : fallback;
}

/*
** Reads one port mapping of a normalized table (the table on top) into the
** model's port type: fields and their Lua types only; what makes a mapping
** placeable is the core's (ecsnet_port_request). Returns NULL on success,
** else the message.
*/
static const char *read_mapping(lua_State *L, ecsnet_td_port_t *p,
                                const char *what) {
  memset(p, 0, sizeof *p);
  p->range_first = p->range_last = -1;
  lua_getfield(L, -1, "unknown");
  p->unknown = lua_toboolean(L, -1);
  lua_pop(L, 1);
  if (p->unknown)
    return NULL;
  lua_getfield(L, -1, "protocol");
  if (!lua_isnil(L, -1)) {
    const char *pr = lua_tostring(L, -1);
    if (lua_type(L, -1) != LUA_TSTRING || (strcmp(pr, "tcp") && strcmp(pr, "udp")))
      return lua_pushfstring(L, "port mapping at %s: protocol must be 'tcp' "
                             "or 'udp'", what);
    p->protocol = strcmp(pr, "udp") == 0 ? ECSNET_PROTO_UDP : ECSNET_PROTO_TCP;
  }
  lua_pop(L, 1);
  p->container_port = (int)int_field(L, "container_port");
  p->host_port = (int)int_field(L, "host_port");
  lua_getfield(L, -1, "range");
  if (lua_istable(L, -1)) {
    p->range_first = p->range_last = 0;   /* present: 0 is refused */
    lua_rawgeti(L, -1, 1);
    lua_rawgeti(L, -2, 2);
    if (lua_type(L, -2) == LUA_TNUMBER && lua_type(L, -1) == LUA_TNUMBER) {
      lua_Number f = lua_tonumber(L, -2), l = lua_tonumber(L, -1);
      p->range_first = f >= 0 && f <= 65536 ? (int)f : 0;
      p->range_last = l >= 0 && l <= 65536 ? (int)l : 65536;
    }
    lua_pop(L, 2);
  } else if (!lua_isnil(L, -1)) {
    return lua_pushfstring(L, "port mapping at %s: range must be {first, last}",
                           what);
  }
  lua_pop(L, 1);
  if (p->container_port == -2 || p->host_port == -2)
    return lua_pushfstring(L, "port mapping at %s: %s must be an integer port",
                           what, p->container_port == -2 ? "container_port"
                                                         : "host_port");
  return NULL;
}


/* The network mode of the normalized table at 'arg' into *mode; NULL, or
** the message. */
static const char *read_mode(lua_State *L, int arg, ecsnet_mode_t *mode) {
  const ecsnet_mode_info_t *mi;
  const char *mname = "default";
  size_t mlen = 7;
  int os = ECSNET_OS_LINUX;
  lua_getfield(L, arg, "os");
  if (!lua_isnil(L, -1)) {
    const char *o = lua_tostring(L, -1);
    if (lua_type(L, -1) != LUA_TSTRING || (strcmp(o, "linux") && strcmp(o, "windows")))
      return lua_pushfstring(L, "task definition field 'os' must be 'linux' or "
                             "'windows'");
    os = strcmp(o, "windows") == 0;
  }
  lua_getfield(L, arg, "network_mode");
  if (lua_type(L, -1) == LUA_TSTRING)
    mname = lua_tolstring(L, -1, &mlen);
  else if (!lua_isnil(L, -1))
    return "task definition field 'network_mode' must be a string";
  if (ecsnet_mode_lookup(mname, mlen, (ecsnet_os_t)os, &mi) != ECSNET_OK) {
    char q[ECSNET_ERRBUF_MAX];
    ecsnet_quote(q, sizeof q, mname, mlen);
    return lua_pushfstring(L, "unknown network mode %s (expected one of: %s)",
                           q, ecsnet_mode_names());
  }
  *mode = mi->id;
  lua_pop(L, 2);
  return NULL;
}


/*
** Converts the normalized task definition at 'arg' into mappings. Writes at
** most 'cap' into 'maps' and returns the count, or -1 with a message pushed
** (bad data). Sets *mode. The count can exceed 'cap': call again with a
** bigger buffer. With ECSNET_REQS_SKIP, mappings that cannot be placed are
** left out (the table's own shape must still be right).
*/
static long td_to_maps(lua_State *L, int arg, ecsnet_port_map_t *maps,
                       size_t cap, ecsnet_mode_t *mode, unsigned flags) {
  char err[ECSNET_ERRBUF_MAX];
  const char *e;
  long n = 0;
  lua_Integer ci, nc;
  int top = lua_gettop(L);
  if ((e = read_mode(L, arg, mode)) != NULL)
    goto fail;
  lua_getfield(L, arg, "containers");
  if (lua_isnil(L, -1)) {
    lua_settop(L, top);
    return 0;
  }
  if (!lua_istable(L, -1)) {
    e = "task definition field 'containers' must be a list";
    goto fail;
  }
  nc = (lua_Integer)lua_rawlen(L, -1);
  for (ci = 1; ci <= nc; ci++) {
    lua_Integer mi, nm;
    lua_rawgeti(L, -1, ci);
    if (!lua_istable(L, -1)) {
      e = lua_pushfstring(L, "containers[%d] must be a table", (int)ci);
      goto fail;
    }
    lua_getfield(L, -1, "port_mappings");
    if (lua_isnil(L, -1)) {
      lua_pop(L, 2);
      continue;
    }
    if (!lua_istable(L, -1)) {
      e = lua_pushfstring(L, "containers[%d].port_mappings must be a list", (int)ci);
      goto fail;
    }
    nm = (lua_Integer)lua_rawlen(L, -1);
    for (mi = 1; mi <= nm; mi++) {
      ecsnet_td_port_t p;
      ecsnet_port_map_t m;
      const char *what;
      char dflt[64];
      lua_rawgeti(L, -1, mi);
      if (!lua_istable(L, -1)) {
        e = lua_pushfstring(L, "containers[%d].port_mappings[%d] must be a "
                            "table", (int)ci, (int)mi);
        goto fail;
      }
      snprintf(dflt, sizeof dflt, "containers[%d].port_mappings[%d]", (int)ci,
               (int)mi);
      what = where(L, -1, dflt);
      e = read_mapping(L, &p, what);
      if (e == NULL && ecsnet_port_request(&p, (unsigned)ci, what, &m, err,
                                           sizeof err) != ECSNET_OK)
        e = err;
      if (e != NULL && (flags & ECSNET_REQS_SKIP)) {   /* left out */
        lua_settop(L, top);
        lua_getfield(L, arg, "containers");
        lua_rawgeti(L, -1, ci);
        lua_getfield(L, -1, "port_mappings");
        continue;
      }
      if (e != NULL)
        goto fail;
      if ((size_t)n < cap)
        maps[n] = m;
      n++;
      lua_pop(L, 1);
    }
    lua_pop(L, 2);
  }
  lua_settop(L, top);
  return n;
fail:
  lua_pushstring(L, e);
  return -1;
}

/* Is the value at 'arg' a normalized task definition (a table with
** 'containers' or 'network_mode')? Raw ones (JSON text, register-shaped
** tables) are read by the validator (lecsnet_taskdef_at). */
static int normalized(lua_State *L, int arg) {
  int r;
  if (!lua_istable(L, arg))
    return 0;
  lua_getfield(L, arg, "containers");
  lua_getfield(L, arg, "network_mode");
  r = !lua_isnil(L, -1) || !lua_isnil(L, -2);
  lua_pop(L, 2);
  return r;
}

/* The requests of the model 't' into 'buf' (STACK_MAPS entries) or, when
** larger, into a userdata pushed on the stack; NULL with a message pushed. */
static const ecsnet_port_map_t *model_reqs(lua_State *L,
                                           const ecsnet_taskdef_t *t,
                                           unsigned flags,
                                           ecsnet_port_map_t *buf, size_t *n,
                                           ecsnet_mode_t *mode) {
  char err[ECSNET_ERRBUF_MAX];
  if (ecsnet_taskdef_port_requests(t, flags, buf, STACK_MAPS, n, mode, err,
                                   sizeof err) != ECSNET_OK) {
    lua_pushstring(L, err);
    return NULL;
  }
  if (*n > STACK_MAPS) {
    ecsnet_port_map_t *big = (ecsnet_port_map_t *)lua_newuserdatauv(
      L, *n * sizeof *big, 0);
    ecsnet_taskdef_port_requests(t, flags, big, *n, n, mode, err, sizeof err);
    return big;
  }
  return buf;
}

/*
** The requests for argument 'arg': an ecsnet.portreqs, a normalized task
** definition or a raw one (read by the validator, its model then in *model
** when 'model' is not NULL), converted into 'buf' (STACK_MAPS entries) or,
** when larger, into a userdata pushed on the stack (collected with it).
** Returns NULL with a message pushed on bad data.
*/
static const ecsnet_port_map_t *getreqs_f(lua_State *L, int arg,
                                          unsigned flags,
                                          ecsnet_port_map_t *buf, size_t *n,
                                          ecsnet_mode_t *mode,
                                          const ecsnet_taskdef_t **model) {
  portreqs_t *pr = (portreqs_t *)fastudata(L, arg, REQS_TAG,
                                           offsetof(portreqs_t, maps), NULL);
  long k;
  if (pr != NULL) {
    *n = pr->n;
    *mode = pr->mode;
    return pr->maps;
  }
  if (!normalized(L, arg)) {
    const ecsnet_taskdef_t *t;
    if (lua_type(L, arg) != LUA_TSTRING && lua_type(L, arg) != LUA_TTABLE)
      luaL_typeerror(L, arg, "task definition");
    t = lecsnet_taskdef_at(L, arg);
    if (model != NULL)
      *model = t;
    return t != NULL ? model_reqs(L, t, flags, buf, n, mode) : NULL;
  }
  k = td_to_maps(L, arg, buf, STACK_MAPS, mode, flags);
  if (k < 0)
    return NULL;
  *n = (size_t)k;
  if (k > STACK_MAPS) {
    ecsnet_port_map_t *big = (ecsnet_port_map_t *)lua_newuserdatauv(
      L, (size_t)k * sizeof *big, 0);
    td_to_maps(L, arg, big, (size_t)k, mode, flags);
    return big;
  }
  return buf;
}

/* getreqs_f for placement: every mapping must be placeable. */
static const ecsnet_port_map_t *getreqs(lua_State *L, int arg,
                                        ecsnet_port_map_t *buf, size_t *n,
                                        ecsnet_mode_t *mode,
                                        const ecsnet_taskdef_t **model) {
  return getreqs_f(L, arg, 0, buf, n, mode, model);
}

/* }====================================================================== */


/* {======================================================================
** Pushing results
** ======================================================================= */

static void setint(lua_State *L, const char *k, lua_Integer v) {
  lua_pushinteger(L, v);
  lua_setfield(L, -2, k);
}

/* Pushes the container's name from td at 'tdarg' (0: none) or its index. */
static void push_container(lua_State *L, int tdarg,
                           const ecsnet_taskdef_t *model, unsigned ci) {
  if (model != NULL && ci >= 1 && ci <= model->ncontainers &&
      model->containers[ci - 1].name != NULL) {
    lua_pushstring(L, model->containers[ci - 1].name);
    return;
  }
  if (tdarg > 0 && lua_istable(L, tdarg)) {
    lua_getfield(L, tdarg, "containers");
    if (lua_istable(L, -1)) {
      lua_rawgeti(L, -1, (lua_Integer)ci);
      if (lua_istable(L, -1)) {
        lua_getfield(L, -1, "name");
        if (lua_type(L, -1) == LUA_TSTRING) {
          lua_insert(L, -3);
          lua_pop(L, 2);
          return;
        }
        lua_pop(L, 1);
      }
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  lua_pushinteger(L, (lua_Integer)ci);
}

static void push_bindings(lua_State *L, const ecsnet_port_map_t *m, size_t n,
                          int tdarg, const ecsnet_taskdef_t *model) {
  size_t i;
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_createtable(L, 0, 9);
    push_container(L, tdarg, model, m[i].container);
    lua_setfield(L, -2, "container");
    setint(L, "container_index", m[i].container);
    lua_pushstring(L, proto_names[m[i].protocol & 1]);
    lua_setfield(L, -2, "protocol");
    setint(L, "container_port", m[i].container_port);
    setint(L, "host_port", m[i].host_port);
    setint(L, "count", m[i].count);
    if (m[i].count > 1) {
      lua_pushfstring(L, "%d-%d", (int)m[i].container_port,
                      (int)m[i].container_port + m[i].count - 1);
      lua_setfield(L, -2, "container_port_range");
      lua_pushfstring(L, "%d-%d", (int)m[i].host_port,
                      (int)m[i].host_port + m[i].count - 1);
      lua_setfield(L, -2, "host_port_range");
    }
    lua_pushstring(L, kind_names[m[i].kind < 3 ? m[i].kind : 0]);
    lua_setfield(L, -2, "kind");
    lua_pushboolean(L, m[i].kind == ECSNET_BIND_DYNAMIC);
    lua_setfield(L, -2, "dynamic");
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

/* }====================================================================== */


/* {======================================================================
** ecsnet.host
** ======================================================================= */

/*
** ecsnet.host{os=, reserved_tcp=, reserved_udp=, dynamic_range=,
** ip_local_port_range=, prometheus=, task_iam_roles=} -> host | nil, msg
*/
static int lhost_new(lua_State *L) {
  static const char *const known[] = {
    "os", "reserved_tcp", "reserved_udp", "dynamic_range",
    "ip_local_port_range", "prometheus", "task_iam_roles", NULL
  };
  ecsnet_agent_config_t cfg;
  unsigned short res[2][ECSNET_RESERVED_MAX + 1];
  char err[ECSNET_ERRBUF_MAX];
  lhost_t *lh;
  int os, st;
  void *aud;
  lua_Alloc af;

  lecsnet_checkopts(L, 1, known);
  if (!lua_istable(L, 1)) {
    lua_settop(L, 0);
    lua_newtable(L);
  }
  os = lecsnet_optfield_name(L, 1, "os", lecsnet_os_at, ECSNET_OS_LINUX);
  ecsnet_agent_config_init(&cfg, (ecsnet_os_t)os);
  if (!lecsnet_agent_opts(L, 1, &cfg, res, NULL, NULL))
    return lecsnet_fail(L, lua_tostring(L, -1));

  lh = (lhost_t *)lua_newuserdatauv(L, sizeof *lh + ecsnet_host_sizeof(), 0);
  lh->tag = HOST_TAG;
  lh->h = NULL;
  luaL_setmetatable(L, LECSNET_HOST);
  af = lua_getallocf(L, &aud);
  st = ecsnet_host_init((ecsnet_host_t *)(lh + 1), (ecsnet_alloc_fn)af, aud,
                        &cfg, err, sizeof err);
  if (st == ECSNET_OK)
    lh->h = (ecsnet_host_t *)(lh + 1);
  if (st == ECSNET_ENOMEM)
    return luaL_error(L, "not enough memory");
  if (st != ECSNET_OK)
    return lecsnet_fail(L, err);
  return 1;
}

static int lhost_gc(lua_State *L) {
  lhost_t *lh = (lhost_t *)luaL_checkudata(L, 1, LECSNET_HOST);
  ecsnet_host_fini(lh->h);   /* the memory itself is the userdata's */
  lh->h = NULL;
  return 0;
}

static int lhost_tostring(lua_State *L) {
  lhost_t *lh = (lhost_t *)luaL_checkudata(L, 1, LECSNET_HOST);
  unsigned short a, b;
  if (lh->h == NULL) {
    lua_pushstring(L, "ecsnet.host (closed)");
    return 1;
  }
  ecsnet_host_dynamic_range(lh->h, &a, &b, NULL);
  lua_pushfstring(L, "ecsnet.host (%s, dynamic %d-%d, %d tasks)",
                  ecsnet_os_name(ecsnet_host_os(lh->h)), (int)a, (int)b,
                  (int)ecsnet_host_ntasks(lh->h));
  return 1;
}

/* Pushes nil, message, code for a failed place; returns 3. */
static int place_fail(lua_State *L, int st, ecsnet_portfail_t why,
                      const char *err) {
  if (st == ECSNET_ENOMEM)
    return luaL_error(L, "not enough memory");
  luaL_pushfail(L);
  lua_pushstring(L, err);
  lua_pushstring(L, ecsnet_portfail_name(why));
  return 3;
}

/*
** Places the task definition at argument 2 on 'lh'. When 'out' is not NULL
** the bindings go to *out: 'stack' (STACK_MAPS entries) or, for more
** mappings, a userdata on the Lua stack. Returns 0 with *n and *id set, or
** the count of failure values pushed (nil, message, code).
*/
static int place_task(lua_State *L, lhost_t *lh, ecsnet_port_map_t *stack,
                      ecsnet_port_map_t **out, size_t *n, unsigned *id,
                      const ecsnet_taskdef_t **model) {
  ecsnet_port_map_t buf[STACK_MAPS];
  const ecsnet_port_map_t *reqs;
  ecsnet_mode_t mode;
  ecsnet_portfail_t why;
  char err[ECSNET_ERRBUF_MAX];
  int st;
  reqs = getreqs(L, 2, buf, n, &mode, model);
  if (reqs == NULL)
    return place_fail(L, ECSNET_EINVAL, ECSNET_PORTFAIL_INVALID,
                      lua_tostring(L, -1));
  if (out != NULL) {
    *out = stack;
    if (*n > STACK_MAPS)
      *out = (ecsnet_port_map_t *)lua_newuserdatauv(L, *n * sizeof **out, 0);
  }
  st = ecsnet_host_place(lh->h, mode, reqs, *n, out ? *out : NULL, id, &why,
                         err, sizeof err);
  if (st != ECSNET_OK)
    return place_fail(L, st, why, err);
  return 0;
}

/*
** host:place(td) -> { id =, bindings = {...} } | nil, message, code
*/
static int lhost_place(lua_State *L) {
  lhost_t *lh = checkhost(L, 1);
  ecsnet_port_map_t stack[STACK_MAPS], *out;
  size_t n;
  unsigned id;
  const ecsnet_taskdef_t *model = NULL;
  int r = place_task(L, lh, stack, &out, &n, &id, &model);
  if (r != 0)
    return r;
  lua_createtable(L, 0, 2);
  setint(L, "id", id);
  push_bindings(L, out, n, fastudata(L, 2, REQS_TAG, offsetof(portreqs_t, maps),
                                     NULL) ? 0 : 2, model);
  lua_setfield(L, -2, "bindings");
  return 1;
}

/*
** host:place_id(td) -> id | nil, message, code: place without building
** the bindings table (for loops; host:bindings(id) gives them later).
*/
static int lhost_place_id(lua_State *L) {
  lhost_t *lh = checkhost(L, 1);
  size_t n;
  unsigned id;
  int r = place_task(L, lh, NULL, NULL, &n, &id, NULL);
  if (r != 0)
    return r;
  lua_pushinteger(L, id);
  return 1;
}

static unsigned task_id_arg(lua_State *L, int arg) {
  lua_Integer id;
  if (lua_istable(L, arg)) {
    lua_getfield(L, arg, "id");
    if (lua_type(L, -1) != LUA_TNUMBER)
      luaL_argerror(L, arg, "task table without a numeric 'id'");
    id = lua_tointeger(L, -1);
    lua_pop(L, 1);
  } else {
    id = luaL_checkinteger(L, arg);
  }
  return id < 1 || id > 0xffffffffL ? 0 : (unsigned)id;
}

/* host:remove(task | id) -> true | nil, message */
static int lhost_remove(lua_State *L) {
  lhost_t *lh = checkhost(L, 1);
  unsigned id = task_id_arg(L, 2);
  if (ecsnet_host_remove(lh->h, id) != ECSNET_OK)
    return lecsnet_failf(L, "no task %d on this host (never placed here, or "
                         "already removed)", (int)id);
  lua_pushboolean(L, 1);
  return 1;
}

/* host:bindings(task | id) -> list | nil, message */
static int lhost_bindings(lua_State *L) {
  lhost_t *lh = checkhost(L, 1);
  unsigned id = task_id_arg(L, 2);
  const ecsnet_port_map_t *m;
  size_t n;
  if (ecsnet_host_task(lh->h, id, &m, &n) != ECSNET_OK)
    return lecsnet_failf(L, "no task %d on this host", (int)id);
  push_bindings(L, m, n, lua_isnoneornil(L, 3) ? 0 : 3, NULL);
  return 1;
}

/* host:tasks() -> { id, ... } ascending */
static int lhost_tasks(lua_State *L) {
  lhost_t *lh = checkhost(L, 1);
  size_t i, n = ecsnet_host_ntasks(lh->h);
  unsigned *ids = (unsigned *)lua_newuserdatauv(L, (n ? n : 1) * sizeof *ids, 0);
  n = ecsnet_host_task_ids(lh->h, ids, n);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_pushinteger(L, ids[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

/*
** Which port binds, from the core's message: 'port' and 'protocol' for a
** static port ("host port 8080/tcp ..."), 'range' and 'protocol' for an
** exhausted dynamic range ("... free tcp port(s) in the dynamic range").
*/
static void push_binding_port(lua_State *L, const ecsnet_host_t *h,
                              ecsnet_portfail_t why, const char *err) {
  const char *s;
  if (why == ECSNET_PORTFAIL_DYNAMIC || why == ECSNET_PORTFAIL_CONTIGUOUS) {
    unsigned short a, b;
    s = strstr(err, " free ");
    if (s != NULL) {
      lua_pushlstring(L, s + 6, 3);
      lua_setfield(L, -2, "protocol");
    }
    ecsnet_host_dynamic_range(h, &a, &b, NULL);
    lua_createtable(L, 2, 0);
    lua_pushinteger(L, a);
    lua_rawseti(L, -2, 1);
    lua_pushinteger(L, b);
    lua_rawseti(L, -2, 2);
    lua_setfield(L, -2, "range");
  } else if ((s = strstr(err, "host port ")) != NULL) {
    char *end;
    unsigned long port = strtoul(s + 10, &end, 10);
    if (port > 0 && port < 65536 && *end == '/') {
      setint(L, "port", (lua_Integer)port);
      lua_pushlstring(L, end + 1, 3);
      lua_setfield(L, -2, "protocol");
    }
  }
}

/*
** host:capacity(td [, limit]) -> { copies =, unlimited =, reason =, message = }
** | nil, message
*/
static int lhost_capacity(lua_State *L) {
  lhost_t *lh = checkhost(L, 1);
  ecsnet_port_map_t buf[STACK_MAPS];
  const ecsnet_port_map_t *reqs;
  ecsnet_mode_t mode;
  ecsnet_portfail_t why;
  char err[ECSNET_ERRBUF_MAX];
  size_t n;
  long copies;
  lua_Integer limit = luaL_optinteger(L, 3, 1000000);
  int st;
  luaL_argcheck(L, limit >= 0, 3, "limit must not be negative");
  reqs = getreqs(L, 2, buf, &n, &mode, NULL);
  if (reqs == NULL)
    return lecsnet_fail(L, lua_tostring(L, -1));
  err[0] = '\0';
  st = ecsnet_host_capacity(lh->h, mode, reqs, n, (long)limit, &copies, &why,
                            err, sizeof err);
  if (st == ECSNET_ENOMEM)
    return luaL_error(L, "not enough memory");
  if (st != ECSNET_OK)
    return lecsnet_fail(L, err);
  lua_createtable(L, 0, 4);
  if (copies < 0) {
    lua_pushnumber(L, (lua_Number)HUGE_VAL);
    lua_setfield(L, -2, "copies");
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "unlimited");
  } else {
    setint(L, "copies", copies);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "unlimited");
  }
  lua_pushstring(L, ecsnet_portfail_name(why));
  lua_setfield(L, -2, "reason");
  lua_pushstring(L, err);
  lua_setfield(L, -2, "message");
  push_binding_port(L, lh->h, why, err);
  return 1;
}

/* host:holder(port [, protocol]) -> nil (free) | "reserved" | task id */
static int lhost_holder(lua_State *L) {
  lhost_t *lh = checkhost(L, 1);
  lua_Integer port = luaL_checkinteger(L, 2);
  int p = luaL_checkoption(L, 3, "tcp", proto_names);
  long who;
  luaL_argcheck(L, port >= 1 && port <= 65535, 2, "port must be 1-65535");
  who = ecsnet_host_holder(lh->h, p, (unsigned)port);
  if (who == 0) lua_pushnil(L);
  else if (who < 0) lua_pushliteral(L, "reserved");
  else lua_pushinteger(L, who);
  return 1;
}

static void push_ports(lua_State *L, const unsigned short *v, size_t n) {
  size_t i;
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_pushinteger(L, v[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

/* host:info() -> table describing the host as configured */
static int lhost_info(lua_State *L) {
  lhost_t *lh = checkhost(L, 1);
  const unsigned short *r;
  unsigned short a, b;
  ecsnet_dyn_origin_t o;
  size_t n;
  lua_createtable(L, 0, 12);
  lua_pushstring(L, ecsnet_os_name(ecsnet_host_os(lh->h)));
  lua_setfield(L, -2, "os");
  r = ecsnet_host_reserved(lh->h, ECSNET_PORT_TCP, &n);
  push_ports(L, r, n);
  lua_setfield(L, -2, "reserved_tcp");
  r = ecsnet_host_reserved(lh->h, ECSNET_PORT_UDP, &n);
  push_ports(L, r, n);
  lua_setfield(L, -2, "reserved_udp");
  ecsnet_host_dynamic_range(lh->h, &a, &b, &o);
  lua_createtable(L, 2, 0);
  lua_pushinteger(L, a);
  lua_rawseti(L, -2, 1);
  lua_pushinteger(L, b);
  lua_rawseti(L, -2, 2);
  lua_setfield(L, -2, "dynamic_range");
  lua_pushstring(L, ecsnet_dyn_origin_name(o));
  lua_setfield(L, -2, "dynamic_origin");
  setint(L, "reserved_count", (lua_Integer)ecsnet_host_reserved_count(lh->h));
  setint(L, "last_assigned", ecsnet_host_last_assigned(lh->h));
  setint(L, "used_tcp", (lua_Integer)ecsnet_host_used(lh->h, ECSNET_PORT_TCP));
  setint(L, "used_udp", (lua_Integer)ecsnet_host_used(lh->h, ECSNET_PORT_UDP));
  setint(L, "tasks", (lua_Integer)ecsnet_host_ntasks(lh->h));
  setint(L, "memory", (lua_Integer)ecsnet_host_memory(lh->h));
  return 1;
}

/* }====================================================================== */


/* {======================================================================
** ecsnet.port_requests
** ======================================================================= */

/* ecsnet.port_requests(td) -> ecsnet.portreqs | nil, message: 'td' in any
** shape host:place takes (normalized, raw table or JSON text). */
static int lportreqs_new(lua_State *L) {
  ecsnet_port_map_t buf[STACK_MAPS];
  const ecsnet_port_map_t *reqs;
  ecsnet_mode_t mode;
  portreqs_t *pr;
  size_t n;
  if (lua_type(L, 1) != LUA_TSTRING)
    luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  reqs = getreqs(L, 1, buf, &n, &mode, NULL);
  if (reqs == NULL)
    return lecsnet_fail(L, lua_tostring(L, -1));
  pr = (portreqs_t *)lua_newuserdatauv(L, sizeof *pr + n *
                                       sizeof(ecsnet_port_map_t), 0);
  pr->tag = REQS_TAG;
  pr->n = n;
  pr->mode = mode;
  memcpy(pr->maps, reqs, n * sizeof *reqs);
  luaL_setmetatable(L, LECSNET_PORTREQS);
  return 1;
}

static int lportreqs_tostring(lua_State *L) {
  portreqs_t *pr = (portreqs_t *)luaL_checkudata(L, 1, LECSNET_PORTREQS);
  lua_pushfstring(L, "ecsnet.portreqs (%s, %d mappings)",
                  ecsnet_mode_info(pr->mode)->name, (int)pr->n);
  return 1;
}

/* reqs:list() -> the mappings as binding-shaped tables (host_port 0 = dynamic) */
static int lportreqs_list(lua_State *L) {
  portreqs_t *pr = (portreqs_t *)luaL_checkudata(L, 1, LECSNET_PORTREQS);
  push_bindings(L, pr->maps, pr->n, 0, NULL);
  lua_pushstring(L, ecsnet_mode_info(pr->mode)->name);
  return 2;
}

/* }====================================================================== */


static const luaL_Reg host_meta[] = {
  {"__gc", lhost_gc},
  {"__close", lhost_gc},
  {"__tostring", lhost_tostring},
  {NULL, NULL}
};

/* Compiles task definition i of the list at 'arg' into tds[i - 1]: its
** requests copied into a userdata kept in the table at 'anchor' (with the
** model's box, whose family string it may use). NULL, or the message. */
static const char *conflict_td(lua_State *L, int arg, int anchor, int i,
                               ecsnet_conflict_td_t *t) {
  ecsnet_port_map_t buf[STACK_MAPS], *copy;
  const ecsnet_port_map_t *reqs;
  const ecsnet_taskdef_t *model = NULL;
  int top = lua_gettop(L), at;
  lua_rawgeti(L, arg, i);
  at = lua_gettop(L);
  if (lua_type(L, at) != LUA_TSTRING && !lua_istable(L, at) &&
      fastudata(L, at, REQS_TAG, offsetof(portreqs_t, maps), NULL) == NULL)
    luaL_argerror(L, arg, "list of task definitions expected");
  reqs = getreqs_f(L, at, ECSNET_REQS_SKIP, buf, &t->n, &t->mode, &model);
  if (reqs == NULL)
    return lua_pushfstring(L, "task definition %d: %s", i, lua_tostring(L, -1));
  copy = (ecsnet_port_map_t *)lua_newuserdatauv(L, (t->n ? t->n : 1) *
                                                sizeof *copy, 0);
  memcpy(copy, reqs, t->n * sizeof *copy);
  t->reqs = copy;
  lua_rawseti(L, anchor, 2 * i - 1);
  t->family = NULL;
  if (model != NULL) {
    t->family = model->family;
    lua_pushvalue(L, top + 2);   /* the model's box, pushed after the entry */
    lua_rawseti(L, anchor, 2 * i);
  } else if (lua_istable(L, at)) {
    lua_getfield(L, at, "family");
    t->family = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
  }
  lua_settop(L, top);
  return NULL;
}

static void push_conflict(lua_State *L, const ecsnet_conflict_t *f) {
  int k = 0, j;
  lua_createtable(L, 0, 7);
  lua_pushstring(L, f->f.code);
  lua_setfield(L, -2, "code");
  lua_pushstring(L, ecsnet_conflict_name(f->kind));
  lua_setfield(L, -2, "kind");
  lua_pushstring(L, ecsnet_severity_name(f->f.severity));
  lua_setfield(L, -2, "severity");
  if (f->port != 0) {
    setint(L, "port", f->port);
    lua_pushstring(L, proto_names[f->protocol & 1]);
    lua_setfield(L, -2, "protocol");
  }
  lua_createtable(L, 2, 0);
  for (j = 0; j < 2; j++)
    if (f->taskdefs[j] != 0) {
      lua_pushinteger(L, (lua_Integer)f->taskdefs[j]);
      lua_rawseti(L, -2, ++k);
    }
  lua_setfield(L, -2, "taskdefs");
  lua_pushstring(L, f->f.message);
  lua_setfield(L, -2, "message");
}

/*
** host:conflicts({td, ...}) -> { finding, ... } | nil, message: what the
** core finds between task definitions sharing this host (ecsnet_host_conflicts).
*/
static int lhost_conflicts(lua_State *L) {
  lhost_t *lh = checkhost(L, 1);
  ecsnet_conflict_td_t *tds;
  ecsnet_conflict_claim_t *scratch;
  ecsnet_conflict_t *out;
  size_t i, n, total = 0, k;
  int anchor;
  luaL_argcheck(L, lua_istable(L, 2), 2, "list of task definitions expected");
  lua_settop(L, 2);
  n = (size_t)lua_rawlen(L, 2);
  lua_createtable(L, (int)(2 * n), 0);
  anchor = lua_gettop(L);
  tds = (ecsnet_conflict_td_t *)lua_newuserdatauv(L, (n ? n : 1) * sizeof *tds, 0);
  for (i = 0; i < n; i++) {
    const char *e = conflict_td(L, 2, anchor, (int)i + 1, &tds[i]);
    if (e != NULL)
      return lecsnet_fail(L, e);
    total += tds[i].n;
  }
  scratch = (ecsnet_conflict_claim_t *)lua_newuserdatauv(
    L, (total ? total : 1) * sizeof *scratch, 0);
  out = (ecsnet_conflict_t *)lua_newuserdatauv(L, (2 * total + n + 1) *
                                               sizeof *out, 0);
  k = ecsnet_host_conflicts(lh->h, tds, n, scratch, out);
  lua_createtable(L, (int)k, 0);
  for (i = 0; i < k; i++) {
    push_conflict(L, &out[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

static const luaL_Reg host_methods[] = {
  {"place", lhost_place},
  {"place_id", lhost_place_id},
  {"remove", lhost_remove},
  {"bindings", lhost_bindings},
  {"tasks", lhost_tasks},
  {"capacity", lhost_capacity},
  {"conflicts", lhost_conflicts},
  {"holder", lhost_holder},
  {"info", lhost_info},
  {"close", lhost_gc},
  {NULL, NULL}
};

static const luaL_Reg reqs_meta[] = {
  {"__tostring", lportreqs_tostring},
  {NULL, NULL}
};

static const luaL_Reg reqs_methods[] = {
  {"list", lportreqs_list},
  {NULL, NULL}
};


/* {======================================================================
** Deployments (docs/reference.md §8.1): the core's counts for the Lua
** layer's ecsnet.deployment (private: not on the ecsnet table)
** ======================================================================= */

/* A count or percentage argument: a whole number 0..2^53. */
static long long deploy_count(lua_State *L, int arg) {
  lua_Number v = luaL_checknumber(L, arg);
  luaL_argcheck(L, v >= 0 && v <= (lua_Number)ECSNET_DEPLOY_MAX_COUNT &&
                v == floor(v), arg, "a whole number from 0 to 2^53 expected");
  return (long long)v;
}

/* deploy_counts(strategy, desired, min_percent, max_percent [, params]):
** the strategy (nil: ROLLING) spelt as the API spells it; params
** {step_percent =, canary_percent =}, each checked for its strategy. Gives
** {strategy =, most =, least =, peak =} (ecsnet_deploy_counts), or nil and
** the core's message. */
static int ldeploy_counts(lua_State *L) {
  const char *known[8], *name;
  char err[ECSNET_ERRBUF_MAX];
  ecsnet_deploy_counts_t c;
  long long desired, minp, maxp;
  size_t n, i;
  int strategy;
  name = luaL_optlstring(L, 1, "ROLLING", &n);
  desired = deploy_count(L, 2);
  minp = deploy_count(L, 3);
  maxp = deploy_count(L, 4);
  for (i = 0; i + 1 < sizeof known / sizeof known[0] &&
              (known[i] = ecsnet_deploy_param_name(i)) != NULL; i++)
    ;
  known[i] = NULL;
  lecsnet_checkopts(L, 5, known);
  strategy = ecsnet_deploy_strategy(name, n, err, sizeof err);
  if (strategy < 0)
    return lecsnet_fail(L, err);
  for (i = 0; !lua_isnoneornil(L, 5) && known[i] != NULL; i++) {
    int t;
    double v;
    lua_getfield(L, 5, known[i]);   /* returns void in Lua 5.1 */
    t = lua_type(L, -1);
    v = t == LUA_TNUMBER ? (double)lua_tonumber(L, -1) : (double)NAN;
    lua_pop(L, 1);
    if (t != LUA_TNIL &&
        ecsnet_deploy_param(strategy, known[i], v, err, sizeof err) != ECSNET_OK)
      return lecsnet_fail(L, err);
  }
  if (ecsnet_deploy_counts(strategy, desired, minp, maxp, &c) != ECSNET_OK)
    return lecsnet_fail(L, "the deployment would run more than 2^53 tasks");
  lua_createtable(L, 0, 4);
  lua_pushstring(L, ecsnet_deploy_name(strategy));
  lua_setfield(L, -2, "strategy");
  lua_pushinteger(L, (lua_Integer)c.most);
  lua_setfield(L, -2, "most");
  lua_pushinteger(L, (lua_Integer)c.least);
  lua_setfield(L, -2, "least");
  lua_pushinteger(L, (lua_Integer)c.peak);
  lua_setfield(L, -2, "peak");
  return 1;
}

/* }====================================================================== */


static const luaL_Reg funcs[] = {
  {"host", lhost_new},
  {"port_requests", lportreqs_new},
  {"deploy_counts", ldeploy_counts},
  {NULL, NULL}
};


void lecsnet_open_ports(lua_State *L) {
  lecsnet_newclass(L, LECSNET_HOST, host_meta, host_methods);
  lecsnet_newclass(L, LECSNET_PORTREQS, reqs_meta, reqs_methods);
  luaL_setfuncs(L, funcs, 0);
}
