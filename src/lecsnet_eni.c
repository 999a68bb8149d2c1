/*
** lecsnet_eni.c: the Lua binding of ENI and trunk density, instance data,
** IP plans (docs/reference.md §3, §4).
**
** Instance data a script loads at run time lives in an ecsnet.instdb
** userdata: one per lua_State in the registry (what ecsnet.instance and
** ecsnet.load_instances use), or independent ones from
** ecsnet.instance_db(). Never in C statics (nginx workers, threads).
*/
#include <math.h>
#include <string.h>

#include "lecsnet_aux.h"

/* The registry key of the per-state database: this constant's address. */
static const char db_key = 'i';
static const char names_key = 'n';   /* the compiled names, one table per lua_State */

typedef struct {
  ecsnet_instdb_t *db;
} instdb_ud;

/* Owns a JSON tree or a plan while the binding works with it. */
typedef struct {
  ecsnet_json_t *tree;
  ecsnet_plan_t *plan;
} box_ud;


static int box_gc(lua_State *L) {
  box_ud *b = (box_ud *)luaL_checkudata(L, 1, LECSNET_ENIBOX);
  ecsnet_json_free(b->tree);
  b->tree = NULL;
  ecsnet_plan_free(b->plan);
  b->plan = NULL;
  return 0;
}


static box_ud *newbox(lua_State *L) {
  box_ud *b = (box_ud *)lua_newuserdatauv(L, sizeof *b, 0);
  b->tree = NULL;
  b->plan = NULL;
  luaL_setmetatable(L, LECSNET_ENIBOX);
  return b;
}


/* {======================================================================
** Lua values to a JSON tree (no JSON round trip; docs/DEVELOPING.md#decision-5)
** ======================================================================= */

#define MAXDEPTH 64

static const char *build(lua_State *L, int idx, ecsnet_json_t **out,
                         int depth);

/* Is the table at idx a list 1..n with n > 0? */
static int is_array(lua_State *L, int idx) {
  size_t n = (size_t)lua_rawlen(L, idx), k = 0;
  if (n == 0)
    return 0;
  lua_pushnil(L);
  while (lua_next(L, idx) != 0) {
    lua_pop(L, 1);
    k++;
  }
  return k == n;
}


static const char *fill(lua_State *L, int idx, ecsnet_json_t *node,
                        int depth);

/* A child was built from the value at idx: attach it to 'node' (array, or
** object under key k) first, then fill it when it is a container, so that
** nothing is ever unowned while Lua runs (a raise frees the boxed root). */
static const char *attach(lua_State *L, int idx, ecsnet_json_t *node,
                          const char *k, size_t kn, int depth) {
  ecsnet_json_t *child = NULL;
  const char *e = build(L, idx, &child, depth + 1);
  int st;
  if (e != NULL || child == NULL)
    return e;
  st = k ? ecsnet_json_set(node, k, kn, child)
         : ecsnet_json_append(node, child);
  if (st != ECSNET_OK) {
    ecsnet_json_free(child);
    return "not enough memory (or a key with a NUL byte)";
  }
  if (lua_type(L, idx) == LUA_TTABLE)
    return fill(L, idx, child, depth + 1);
  return NULL;
}


static const char *fill(lua_State *L, int idx, ecsnet_json_t *node,
                        int depth) {
  /* each level holds a key, a value and is_array's pair on the stack;
  ** nothing else guarantees room past LUA_MINSTACK (a raise frees the
  ** boxed root, see attach) */
  luaL_checkstack(L, 4, "tables nest too deeply");
  if (is_array(L, idx)) {
    size_t n = (size_t)lua_rawlen(L, idx), i;
    for (i = 1; i <= n; i++) {
      const char *e;
      lua_rawgeti(L, idx, (int)i);
      e = attach(L, lua_gettop(L), node, NULL, 0, depth);
      lua_pop(L, 1);
      if (e != NULL)
        return e;
    }
    return NULL;
  }
  lua_pushnil(L);
  while (lua_next(L, idx) != 0) {
    const char *e, *k;
    size_t kn;
    if (lua_type(L, -2) != LUA_TSTRING) {   /* never lua_tolstring a key */
      lua_pop(L, 2);
      return "tables must have string keys or be lists";
    }
    k = lua_tolstring(L, -2, &kn);
    e = attach(L, lua_gettop(L), node, k, kn, depth);
    lua_pop(L, 1);
    if (e != NULL) {
      lua_pop(L, 1);
      return e;
    }
  }
  return NULL;
}


/* Builds a scalar, or an empty container for a table (see attach). */
static const char *build(lua_State *L, int idx, ecsnet_json_t **out,
                         int depth) {
  *out = NULL;
  if (depth > MAXDEPTH)
    return "tables nest too deeply (or refer to themselves)";
  switch (lua_type(L, idx)) {
    case LUA_TNIL:
      return NULL;
    case LUA_TBOOLEAN:
      *out = ecsnet_json_bool(lua_toboolean(L, idx));
      break;
    case LUA_TNUMBER:
      *out = ecsnet_json_number((double)lua_tonumber(L, idx));
      break;
    case LUA_TSTRING: {
      size_t n;
      const char *s = lua_tolstring(L, idx, &n);
      if (memchr(s, '\0', n) != NULL)
        return "strings must not hold NUL bytes";
      *out = ecsnet_json_string(s, n);
      break;
    }
    case LUA_TTABLE:
      *out = is_array(L, idx) ? ecsnet_json_array() : ecsnet_json_object();
      break;
    default:
      if (luaL_callmeta(L, idx, "__tostring")) {   /* e.g. an ecsnet.cidr */
        size_t n;
        const char *s = lua_tolstring(L, -1, &n);
        if (s == NULL || memchr(s, '\0', n) != NULL) {
          lua_pop(L, 1);
          return "__tostring must return a string";
        }
        *out = ecsnet_json_string(s, n);
        lua_pop(L, 1);
        break;
      }
      return "values must be tables, strings, numbers or booleans";
  }
  return *out == NULL ? "not enough memory" : NULL;
}


/* Converts the value at idx into a tree owned by a new box (pushed).
** Returns NULL, or an error message (the box is pushed either way). */
static const char *to_tree(lua_State *L, int idx, box_ud **bp) {
  box_ud *b;
  const char *e;
  if (idx < 0)
    idx = lua_gettop(L) + idx + 1;
  b = newbox(L);
  *bp = b;
  if (lua_type(L, idx) == LUA_TTABLE) {
    b->tree = is_array(L, idx) ? ecsnet_json_array() : ecsnet_json_object();
    if (b->tree == NULL)
      return "not enough memory";
    return fill(L, idx, b->tree, 0);
  }
  e = build(L, idx, &b->tree, 0);
  return e;
}

/* }====================================================================== */


/* {======================================================================
** Instance databases
** ======================================================================= */

static int instdb_gc(lua_State *L) {
  instdb_ud *u = (instdb_ud *)luaL_checkudata(L, 1, LECSNET_INSTDB);
  ecsnet_instdb_free(u->db);
  u->db = NULL;
  return 0;
}


static instdb_ud *new_instdb(lua_State *L) {
  void *ud;
  lua_Alloc f = lua_getallocf(L, &ud);
  instdb_ud *u = (instdb_ud *)lua_newuserdatauv(L, sizeof *u, 0);
  u->db = NULL;
  luaL_setmetatable(L, LECSNET_INSTDB);
  u->db = ecsnet_instdb_new((ecsnet_alloc_fn)f, ud);
  if (u->db == NULL)
    luaL_error(L, "not enough memory");
  return u;
}


/* The per-state database, created on first use. */
static ecsnet_instdb_t *state_db(lua_State *L) {
  ecsnet_instdb_t *db;
  lua_pushlightuserdata(L, (void *)&db_key);
  lua_rawget(L, LUA_REGISTRYINDEX);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    new_instdb(L);
    lua_pushlightuserdata(L, (void *)&db_key);
    lua_pushvalue(L, -2);
    lua_rawset(L, LUA_REGISTRYINDEX);
  }
  db = ((instdb_ud *)lua_touserdata(L, -1))->db;
  lua_pop(L, 1);
  return db;
}


static ecsnet_instdb_t *check_db(lua_State *L, int i) {
  instdb_ud *u = (instdb_ud *)luaL_checkudata(L, i, LECSNET_INSTDB);
  if (u->db == NULL)
    luaL_argerror(L, i, "the instance database is closed");
  return u->db;
}


static void setint(lua_State *L, const char *k, long long v) {
  lua_pushinteger(L, (lua_Integer)v);
  lua_setfield(L, -2, k);
}


static void setbool(lua_State *L, const char *k, int v) {
  lua_pushboolean(L, v);
  lua_setfield(L, -2, k);
}


static void setstr(lua_State *L, const char *k, const char *v) {
  if (v == NULL)
    return;
  lua_pushstring(L, v);
  lua_setfield(L, -2, k);
}


static void push_instance(lua_State *L, const ecsnet_instance_t *r) {
  static const struct { unsigned bit; const char *name; } fl[] = {
    {ECSNET_INST_COMPUTED, "computed"},
    {ECSNET_INST_CONTRADICTION, "contradiction"},
    {ECSNET_INST_SUSPECT, "suspect"},
    {ECSNET_INST_INVALID_VALUE, "invalid_value"},
    {ECSNET_INST_NEWER_DATA, "newer_data"},
    {ECSNET_INST_NO_IPV6, "no_ipv6"},
    {ECSNET_INST_NOTE, "note"},
    {ECSNET_INST_OVERRIDE, "override"},
    {ECSNET_INST_DESCRIBE, "describe"},
  };
  size_t i;
  lua_createtable(L, 0, 20);
  setstr(L, "name", r->name);
  setint(L, "max_enis", r->max_enis);
  setint(L, "ipv4_per_eni", r->ipv4_per_eni);
  if (r->ipv6_per_eni >= 0)
    setint(L, "ipv6_per_eni", r->ipv6_per_eni);
  setbool(L, "ipv6_supported", r->ipv6_per_eni >= 0);
  setbool(L, "trunking_supported", r->trunking);
  setint(L, "awsvpc_tasks_without_trunking", r->tasks_without);
  if (r->tasks_with >= 0) {
    setint(L, "awsvpc_tasks_with_trunking", r->tasks_with);
    setint(L, "eni_limit_with_trunking", r->tasks_with + 2);
  }
  if (r->vcpus > 0)
    setint(L, "vcpus", r->vcpus);
  if (r->memory_mib > 0)
    setint(L, "memory_mib", (long long)r->memory_mib);
  if (r->network_cards > 0)
    setint(L, "network_cards", r->network_cards);
  setstr(L, "source", r->source);
  setstr(L, "note", r->note);
  setstr(L, "date", r->date);
  setstr(L, "ecs_date", r->ecs_date);
  setstr(L, "trunk_tier", ecsnet_tier_name(r->trunk_tier));
  setstr(L, "trunk_basis", r->trunk_basis);
  lua_newtable(L);
  for (i = 0; i < sizeof fl / sizeof fl[0]; i++)
    if (r->flags & fl[i].bit)
      setbool(L, fl[i].name, 1);
  lua_setfield(L, -2, "flags");
  setbool(L, "anomalous", (r->flags & (ECSNET_INST_CONTRADICTION |
          ECSNET_INST_SUSPECT | ECSNET_INST_INVALID_VALUE |
          ECSNET_INST_NEWER_DATA)) != 0);
}


static int unknown_type(lua_State *L, const char *s, size_t n) {
  char q[ECSNET_ERRBUF_MAX];
  ecsnet_quote(q, sizeof q, s, n);
  return lecsnet_failf(L, "unknown instance type %s", q);
}


static int instance_in(lua_State *L, ecsnet_instdb_t *db, int arg) {
  size_t n;
  const char *s = luaL_checklstring(L, arg, &n);
  const ecsnet_instance_t *r = ecsnet_instdb_find(db, s, n);
  if (r == NULL)
    return unknown_type(L, s, n);
  push_instance(L, r);
  return 1;
}


/* Pushes the table of the compiled table's names, made once per lua_State:
** a list of ~1,400 names then costs one allocation per call, not one per
** name (which, with the collector running on every allocation, made
** instance_types slow). */
static void push_names(lua_State *L) {
  size_t i, nc = ecsnet_instance_count();
  lua_pushlightuserdata(L, (void *)&names_key);
  lua_rawget(L, LUA_REGISTRYINDEX);
  if (!lua_isnil(L, -1))
    return;
  lua_pop(L, 1);
  lua_createtable(L, (int)nc, 0);
  for (i = 0; i < nc; i++) {
    lua_pushstring(L, ecsnet_instance_at(i)->name);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_pushlightuserdata(L, (void *)&names_key);
  lua_pushvalue(L, -2);
  lua_rawset(L, LUA_REGISTRYINDEX);
}


static int types_in(lua_State *L, ecsnet_instdb_t *db) {
  size_t i = 0, j = 0, nc = ecsnet_instance_count(), nd = ecsnet_instdb_count(db);
  int k = 0, names;
  push_names(L);
  names = lua_gettop(L);
  lua_createtable(L, (int)(nc + nd), 0);
  while (i < nc || j < nd) {    /* merge of two sorted lists */
    const ecsnet_instance_t *a = ecsnet_instance_at(i);
    const ecsnet_instance_t *b = ecsnet_instdb_at(db, j);
    int c = a == NULL ? 1 : b == NULL ? -1 : strcmp(a->name, b->name);
    if (c <= 0)
      lua_rawgeti(L, names, (lua_Integer)i + 1);
    else
      lua_pushstring(L, b->name);
    lua_rawseti(L, -2, ++k);
    if (c <= 0) i++;
    if (c >= 0) j++;
  }
  return 1;
}


static int load_in(lua_State *L, ecsnet_instdb_t *db, int arg) {
  char err[ECSNET_ERRBUF_MAX];
  size_t added = 0;
  int st;
  if (lua_type(L, arg) == LUA_TSTRING) {
    size_t n;
    const char *s = lua_tolstring(L, arg, &n);
    st = ecsnet_instdb_load(db, s, n, &added, err, sizeof err);
  } else if (lua_type(L, arg) == LUA_TTABLE) {
    box_ud *b;
    const char *e = to_tree(L, arg, &b);
    if (e != NULL)
      return lecsnet_fail(L, e);
    st = ecsnet_instdb_load_json(db, b->tree, &added, err, sizeof err);
  } else {
    return luaL_typeerror(L, arg, "string or table");
  }
  if (st == ECSNET_ENOMEM)
    return luaL_error(L, "not enough memory");
  if (st != ECSNET_OK)
    return lecsnet_fail(L, err);
  lua_pushinteger(L, (lua_Integer)added);
  return 1;
}


/*
** ecsnet.instance(name) -> table | nil, "unknown instance type 'c9.huge'"
*/
static int linstance(lua_State *L) {
  luaL_checkstring(L, 1);
  return instance_in(L, state_db(L), 1);
}


/*
** ecsnet.instance_data() -> {date, count, estimate, tiers = {documented =
** n, estimated = n, unknown = n}}: what the compiled table is.
*/
static int linstance_data(lua_State *L) {
  size_t i, n = ecsnet_instance_count(), tiers[4] = {0, 0, 0, 0};
  int t;
  for (i = 0; i < n; i++) {
    t = ecsnet_instance_at(i)->trunk_tier;
    if (t >= ECSNET_TIER_DOCUMENTED && t <= ECSNET_TIER_USER)
      tiers[t]++;
  }
  lua_createtable(L, 0, 4);
  setstr(L, "date", ecsnet_instance_data_date());
  setint(L, "count", (long long)n);
  setstr(L, "estimate", ecsnet_instance_data_estimate());
  lua_createtable(L, 0, 3);
  for (t = ECSNET_TIER_DOCUMENTED; t <= ECSNET_TIER_UNKNOWN; t++)
    setint(L, ecsnet_tier_name(t), (long long)tiers[t]);
  lua_setfield(L, -2, "tiers");
  return 1;
}


static int linstance_types(lua_State *L) {
  return types_in(L, state_db(L));
}


static int lload_instances(lua_State *L) {
  return load_in(L, state_db(L), 1);
}


static int linstance_db(lua_State *L) {
  new_instdb(L);
  return 1;
}


static int ldb_instance(lua_State *L) {
  ecsnet_instdb_t *db = check_db(L, 1);
  luaL_checkstring(L, 2);
  return instance_in(L, db, 2);
}


static int ldb_types(lua_State *L) {
  return types_in(L, check_db(L, 1));
}


static int ldb_load(lua_State *L) {
  return load_in(L, check_db(L, 1), 2);
}


static int ldb_count(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ecsnet_instdb_count(check_db(L, 1)));
  return 1;
}


static int ldb_tostring(lua_State *L) {
  instdb_ud *u = (instdb_ud *)luaL_checkudata(L, 1, LECSNET_INSTDB);
  if (u->db == NULL)
    lua_pushliteral(L, "ecsnet.instdb (closed)");
  else
    lua_pushfstring(L, "ecsnet.instdb (%d loaded types over %d built in)",
                    (int)ecsnet_instdb_count(u->db),
                    (int)ecsnet_instance_count());
  return 1;
}

/* }====================================================================== */


/* {======================================================================
** Density
** ======================================================================= */



static int opt_bool(lua_State *L, int arg, const char *k, int def) {
  int v = def;
  lua_getfield(L, arg, k);
  if (!lua_isnil(L, -1)) {
    if (!lua_isboolean(L, -1))
      luaL_argerror(L, arg, lua_pushfstring(L, "option '%s' must be a "
                    "boolean, got %s", k, luaL_typename(L, -1)));
    v = lua_toboolean(L, -1);
  }
  lua_pop(L, 1);
  return v;
}


/* A non-negative number option, or 'def'. Bad data (negative, NaN) gives
** *bad = the key. */
static double opt_num(lua_State *L, int arg, const char *k, double def,
                      const char **bad) {
  double v = def;
  lua_getfield(L, arg, k);
  if (!lua_isnil(L, -1)) {
    if (lua_type(L, -1) != LUA_TNUMBER)
      luaL_argerror(L, arg, lua_pushfstring(L, "option '%s' must be a "
                    "number, got %s", k, luaL_typename(L, -1)));
    v = (double)lua_tonumber(L, -1);
    if (!(v >= 0) || v > 1e15)
      *bad = k;
  }
  lua_pop(L, 1);
  return v;
}


static long long lim(long v) {
  return v;
}


static void push_limit(lua_State *L, const char *k, long v) {
  if (v >= 0)
    setint(L, k, lim(v));
}


static void push_density(lua_State *L, const ecsnet_instance_t *it,
                         const ecsnet_density_in_t *in,
                         const ecsnet_density_t *d) {
  unsigned bit;
  int k = 0;
  lua_createtable(L, 0, 22);
  setstr(L, "instance", it->name);
  setstr(L, "mode", ecsnet_mode_info((ecsnet_mode_t)in->mode)->name);
  setstr(L, "os", in->os == ECSNET_OS_WINDOWS ? "windows" : "linux");
  if (d->tasks >= 0) {
    setint(L, "tasks", d->tasks);
    setbool(L, "unlimited", 0);
  } else {
    lua_pushnumber(L, HUGE_VAL);
    lua_setfield(L, -2, "tasks");
    setbool(L, "unlimited", 1);
  }
  setstr(L, "binding", ecsnet_bind_name(d->binding));
  setbool(L, "managed_instances", in->managed_instances);
  setint(L, "tasks_without_trunking", d->tasks_without);
  if (d->tasks_with >= 0)
    setint(L, "tasks_with_trunking", d->tasks_with);
  /* what the trunking figures rest on: never passed off */
  setstr(L, "trunk_tier", ecsnet_tier_name(d->trunk_tier));
  setstr(L, "trunk_message", d->trunk_note);
  lua_createtable(L, 0, 7);
  setbool(L, "supported", d->trunking_supported);
  setbool(L, "enabled", in->trunking);
  setbool(L, "applies", d->trunking_applies);
  setstr(L, "tier", ecsnet_tier_name(d->trunk_tier));
  setstr(L, "message", d->trunk_note);
  lua_newtable(L);
  for (bit = 1; bit <= ECSNET_TRUNK_LAST; bit <<= 1)
    if ((d->trunking_why & bit) && bit != ECSNET_TRUNK_NOT_AWSVPC) {
      lua_pushstring(L, ecsnet_trunk_reason(bit));
      lua_rawseti(L, -2, ++k);
    }
  lua_setfield(L, -2, "reasons");
  lua_setfield(L, -2, "trunking");
  lua_createtable(L, 0, 4);
  push_limit(L, "eni", d->by_eni);
  push_limit(L, "cpu", d->by_cpu);
  push_limit(L, "memory", d->by_memory);
  push_limit(L, "ports", d->by_ports);
  lua_setfield(L, -2, "by");
  lua_createtable(L, 0, 5);
  setint(L, "limit", d->eni_limit);
  setint(L, "max", it->max_enis);
  setint(L, "used", d->enis_used);
  setint(L, "primary", 1);
  /* on Managed Instances the trunk is the primary ENI (assumed) */
  setint(L, "trunk", d->trunking_applies && !in->managed_instances ? 1 : 0);
  setint(L, "task", d->enis_used - 1 -
         (d->trunking_applies && !in->managed_instances ? 1 : 0));
  lua_setfield(L, -2, "enis");
  lua_createtable(L, 0, 3);
  setint(L, "used", d->ips_used);
  setint(L, "per_instance", d->ips_per_instance);
  setint(L, "per_task", d->ips_per_task);
  lua_setfield(L, -2, "ips");
  setstr(L, "reference", in->mode == ECSNET_MODE_AWSVPC
         ? "docs/reference.md §3.1, §3.2" : "docs/reference.md §2.6");
}


static int density_in(lua_State *L, ecsnet_instdb_t *db, int arg) {
  ecsnet_density_in_t in;
  ecsnet_density_t d;
  const ecsnet_instance_t *it;
  const char *iname, *bad = NULL;
  size_t n;
  int os;
  static const char *const known[] = {
    "instance", "instance_type", "os", "taskdef", "mode", "network_mode",
    "trunking", "launched_after_opt_in", "shared_subnet", "cpu", "memory",
    "instance_cpu", "instance_memory", "static_ports", "managed_instances",
    NULL
  };
  luaL_checktype(L, arg, LUA_TTABLE);
  lecsnet_checkopts(L, arg, known);
  lua_getfield(L, arg, "instance");
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_getfield(L, arg, "instance_type");
  }
  if (lua_type(L, -1) != LUA_TSTRING)
    return luaL_argerror(L, arg, "option 'instance' (an instance type name) "
                         "is required");
  iname = lua_tolstring(L, -1, &n);
  it = ecsnet_instdb_find(db, iname, n);
  if (it == NULL)
    return unknown_type(L, iname, n);
  lua_pop(L, 1);
  ecsnet_density_in_init(&in);
  os = lecsnet_optfield_name(L, arg, "os", lecsnet_os_at, -1);
  /* the task definition first; explicit options override it */
  lua_getfield(L, arg, "taskdef");
  if (!lua_isnil(L, -1)) {
    ecsnet_demand_t dm;
    char err[ECSNET_ERRBUF_MAX];
    box_ud *b;
    void *ud;
    lua_Alloc f = lua_getallocf(L, &ud);
    const char *e;
    int st;
    if (lua_type(L, -1) == LUA_TSTRING) {   /* JSON text: the validator's model */
      const ecsnet_taskdef_t *t = lecsnet_taskdef_at(L, lua_gettop(L));
      if (t == NULL)
        return lecsnet_failf(L, "taskdef: %s", lua_tostring(L, -1));
      if (t->mode < 0)
        return lecsnet_fail(L, "taskdef: the task definition's network mode "
                            "is invalid or unknown (see ecsnet.validate)");
      ecsnet_taskdef_demand(t, &dm);   /* the model's box is popped below */
      st = ECSNET_OK;
    } else {
      if (lua_type(L, -1) != LUA_TTABLE)
        return luaL_argerror(L, arg, "option 'taskdef' must be a table or "
                             "JSON text");
      e = to_tree(L, -1, &b);
      if (e != NULL)
        return lecsnet_failf(L, "taskdef: %s", e);
      st = ecsnet_task_demand(b->tree, (ecsnet_alloc_fn)f, ud, &dm, err,
                              sizeof err);
    }
    if (st == ECSNET_ENOMEM)
      return luaL_error(L, "not enough memory");
    if (st != ECSNET_OK)
      return lecsnet_failf(L, "taskdef: %s", err);
    in.mode = dm.mode;
    in.os = dm.os;
    in.cpu = dm.cpu;
    in.memory = dm.memory;
    in.static_ports = dm.static_ports;
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  if (os >= 0)
    in.os = (ecsnet_os_t)os;
  lua_getfield(L, arg, "mode");
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_getfield(L, arg, "network_mode");
  }
  if (!lua_isnil(L, -1)) {
    const ecsnet_mode_info_t *mi;
    size_t mn;
    const char *m;
    if (lua_type(L, -1) != LUA_TSTRING)
      return luaL_argerror(L, arg, "option 'mode' must be a string");
    m = lua_tolstring(L, -1, &mn);
    if (ecsnet_mode_lookup(m, mn, in.os, &mi) != ECSNET_OK) {
      char q[ECSNET_ERRBUF_MAX];
      ecsnet_quote(q, sizeof q, m, mn);
      return lecsnet_failf(L, "unknown network mode %s (expected one of: %s)",
                           q, ecsnet_mode_names());
    }
    in.mode = mi->id;
  }
  lua_pop(L, 1);
  in.trunking = opt_bool(L, arg, "trunking", 0);
  in.launched_after_opt_in = opt_bool(L, arg, "launched_after_opt_in", 1);
  in.shared_subnet = opt_bool(L, arg, "shared_subnet", 0);
  in.managed_instances = opt_bool(L, arg, "managed_instances", 0);
  in.cpu = opt_num(L, arg, "cpu", in.cpu, &bad);
  in.memory = opt_num(L, arg, "memory", in.memory, &bad);
  in.instance_cpu = opt_num(L, arg, "instance_cpu", -1, &bad);
  in.instance_memory = opt_num(L, arg, "instance_memory", -1, &bad);
  {
    double sp = opt_num(L, arg, "static_ports", in.static_ports, &bad);
    if (sp > 65535)
      bad = "static_ports";
    else
      in.static_ports = (int)sp;
  }
  if (bad != NULL)
    return lecsnet_failf(L, "'%s' must be a number >= 0", bad);
  ecsnet_density(it, &in, &d);
  push_density(L, it, &in, &d);
  return 1;
}


static int ldensity(lua_State *L) {
  return density_in(L, state_db(L), 1);
}


static int ldb_density(lua_State *L) {
  ecsnet_instdb_t *db = check_db(L, 1);
  return density_in(L, db, 2);
}

/* }====================================================================== */


/* {======================================================================
** Plans
** ======================================================================= */

static void push_finding(lua_State *L, const ecsnet_plan_finding_t *f) {
  lua_createtable(L, 0, 4);
  setstr(L, "severity", ecsnet_severity_name(f->severity));
  setstr(L, "code", f->code);
  setstr(L, "pointer", f->pointer);
  setstr(L, "message", f->message);
}


static void push_plan(lua_State *L, const ecsnet_plan_t *p) {
  size_t i;
  unsigned bit;
  int k = 0;
  lua_createtable(L, 0, 24);
  setbool(L, "ok", p->ok);
  if (p->instance != NULL)
    setstr(L, "instance", p->instance->name);
  setbool(L, "managed_instances", p->managed);
  setbool(L, "ipv6_only", p->ipv6_only);
  setbool(L, "fargate_only", p->fargate_only);
  lua_createtable(L, 0, 4);
  setbool(L, "applies", p->trunking_applies);
  if (p->instance != NULL) {
    /* what the type's trunking figure rests on */
    setstr(L, "tier", ecsnet_tier_name(p->instance->trunk_tier));
    if (p->instance->trunk_tier != ECSNET_TIER_DOCUMENTED)
      setstr(L, "message", p->instance->trunk_basis);
  }
  lua_newtable(L);
  for (bit = 1; bit <= ECSNET_TRUNK_LAST; bit <<= 1)
    if ((p->trunking_why & bit) && bit != ECSNET_TRUNK_NOT_AWSVPC) {
      lua_pushstring(L, ecsnet_trunk_reason(bit));
      lua_rawseti(L, -2, ++k);
    }
  lua_setfield(L, -2, "reasons");
  lua_setfield(L, -2, "trunking");
  lua_createtable(L, 0, 2);
  setint(L, "needed", p->instances_needed);
  if (p->instances_given >= 0)
    setint(L, "given", p->instances_given);
  lua_setfield(L, -2, "instances");
  lua_createtable(L, 0, 3);
  setint(L, "steady", p->tasks);
  setint(L, "surge", p->surge);
  setint(L, "peak", p->tasks + p->surge);
  lua_setfield(L, -2, "tasks");
  lua_createtable(L, 0, 3);
  setint(L, "usable", p->usable);
  setint(L, "needed", p->needed);
  setint(L, "headroom", p->headroom);
  lua_setfield(L, -2, "addresses");

  lua_createtable(L, (int)p->nservices, 0);
  for (i = 0; i < p->nservices; i++) {
    const ecsnet_plan_service_t *s = &p->services[i];
    lua_createtable(L, 0, 15);
    setstr(L, "name", s->name);
    setstr(L, "mode", ecsnet_mode_info((ecsnet_mode_t)s->mode)->name);
    setint(L, "desired", s->desired);
    setint(L, "peak", s->peak);
    if (s->cpu >= 0) { lua_pushnumber(L, s->cpu); lua_setfield(L, -2, "cpu"); }
    if (s->memory >= 0) { lua_pushnumber(L, s->memory); lua_setfield(L, -2, "memory"); }
    setint(L, "static_ports", s->static_ports);
    if (s->per_instance >= 0)
      setint(L, "per_instance", s->per_instance);
    setstr(L, "binding", ecsnet_bind_name(s->binding));
    setbool(L, "fargate", s->fargate);
    setstr(L, "launch_type", s->fargate ? "FARGATE" : s->managed ? "MANAGED_INSTANCES" : "EC2");
    setstr(L, "strategy", ecsnet_deploy_name(s->strategy));
    if (s->strategy == ECSNET_DEPLOY_ROLLING) {
      setint(L, "minimum_healthy_percent", s->min_healthy);
      setint(L, "maximum_percent", s->max_percent);
    }
    lua_createtable(L, 0, 3);   /* what the service holds at its peak */
    setint(L, "addresses", s->peak_addresses);
    setint(L, "enis", s->peak_enis);
    setint(L, "host_ports", s->peak_host_ports);
    lua_setfield(L, -2, "at_peak");
    lua_rawseti(L, -2, (int)i + 1);
  }
  lua_setfield(L, -2, "services");

  lua_createtable(L, (int)p->nsubnets, 0);
  for (i = 0; i < p->nsubnets; i++) {
    const ecsnet_plan_subnet_t *s = &p->subnets[i];
    lua_createtable(L, 0, 14);
    setstr(L, "cidr", s->cidr);
    setstr(L, "az", s->az);
    setstr(L, "role", ecsnet_role_name(s->role));
    setbool(L, "valid", s->valid);
    setbool(L, "ipv6_only", s->ipv6_only);
    if (s->valid) {
      /* an IPv6-only /64 or larger: its addresses do not bind, so no size
      ** or headroom */
      int unbound = s->ipv6_only && s->usable >= ECSNET_PLAN_IPV6_USABLE;
      setint(L, "hosts", s->hosts);
      setint(L, "trunk_enis", s->trunk_enis);
      setint(L, "tasks", s->tasks);
      setint(L, "surge", s->surge);
      setint(L, "extras", s->extras);
      setint(L, "needed", s->needed);
      setbool(L, "fits", unbound || s->headroom >= 0);
      if (!unbound) {
        setint(L, "size", s->usable + 5);
        setint(L, "usable", s->usable);
        setint(L, "reserved", 5);
        setint(L, "headroom", s->headroom);
      }
    }
    lua_rawseti(L, -2, (int)i + 1);
  }
  lua_setfield(L, -2, "subnets");

  lua_createtable(L, (int)p->nazs, 0);
  for (i = 0; i < p->nazs; i++) {
    const ecsnet_plan_az_t *a = &p->azs[i];
    lua_createtable(L, 0, 8);
    setstr(L, "name", a->name);
    setint(L, "instances", a->instances);
    setint(L, "tasks", a->tasks);
    setint(L, "surge", a->surge);
    setint(L, "usable", a->usable);
    setint(L, "needed", a->needed);
    setint(L, "headroom", a->headroom);
    if (a->growth_tasks >= 0)
      setint(L, "room_for_tasks", a->growth_tasks);
    lua_rawseti(L, -2, (int)i + 1);
  }
  lua_setfield(L, -2, "azs");

  if (p->runs_out) {
    const ecsnet_plan_subnet_t *s = &p->subnets[p->runs_out_subnet];
    lua_createtable(L, 0, 6);
    setstr(L, "phase", p->runs_out_phase);
    setint(L, "at_tasks", p->runs_out_at_tasks);
    setint(L, "more_tasks", p->growth_tasks);
    setstr(L, "subnet", s->cidr);
    setstr(L, "az", s->az);
    setint(L, "index", (long long)p->runs_out_subnet + 1);
    if (p->growth_service < p->nservices)
      setstr(L, "growth_service", p->services[p->growth_service].name);
    lua_setfield(L, -2, "runs_out");
  }
  if (p->imbalance > 0) {
    lua_pushnumber(L, p->imbalance);
    lua_setfield(L, -2, "imbalance");
  }
  setint(L, "placements", p->placements);

  lua_createtable(L, (int)p->nfindings, 0);
  for (i = 0; i < p->nfindings; i++) {
    push_finding(L, &p->findings[i]);
    lua_rawseti(L, -2, (int)i + 1);
  }
  lua_setfield(L, -2, "findings");
  lua_createtable(L, (int)p->nrecs, 0);
  for (i = 0; i < p->nrecs; i++) {
    push_finding(L, &p->recs[i]);
    lua_rawseti(L, -2, (int)i + 1);
  }
  lua_setfield(L, -2, "recommendations");
}


static int plan_in(lua_State *L, ecsnet_instdb_t *db, int arg) {
  char err[ECSNET_ERRBUF_MAX];
  box_ud *b;
  void *ud;
  lua_Alloc f = lua_getallocf(L, &ud);
  int st;
  if (lua_type(L, arg) == LUA_TSTRING) {
    size_t n;
    const char *s = lua_tolstring(L, arg, &n);
    b = newbox(L);
    st = ecsnet_plan_run(s, n, db, (ecsnet_alloc_fn)f, ud, &b->plan, err,
                         sizeof err);
  } else {
    const char *e;
    luaL_checktype(L, arg, LUA_TTABLE);
    e = to_tree(L, arg, &b);
    if (e != NULL)
      return lecsnet_failf(L, "plan: %s", e);
    st = ecsnet_plan_run_json(b->tree, db, (ecsnet_alloc_fn)f, ud, &b->plan,
                              err, sizeof err);
  }
  if (st == ECSNET_ENOMEM)
    return luaL_error(L, "not enough memory");
  if (st != ECSNET_OK)
    return lecsnet_fail(L, err);
  push_plan(L, b->plan);
  return 1;
}


static int lplan(lua_State *L) {
  return plan_in(L, state_db(L), 1);
}


static int ldb_plan(lua_State *L) {
  ecsnet_instdb_t *db = check_db(L, 1);
  return plan_in(L, db, 2);
}

/* }====================================================================== */


static const luaL_Reg funcs[] = {
  {"instance", linstance},
  {"instance_types", linstance_types},
  {"instance_data", linstance_data},
  {"load_instances", lload_instances},
  {"instance_db", linstance_db},
  {"density", ldensity},
  {"plan", lplan},
  {NULL, NULL}
};

static const luaL_Reg db_meta[] = {
  {"__gc", instdb_gc},
  {"__tostring", ldb_tostring},
  {NULL, NULL}
};

static const luaL_Reg db_methods[] = {
  {"instance", ldb_instance},
  {"instance_types", ldb_types},
  {"load", ldb_load},
  {"count", ldb_count},
  {"density", ldb_density},
  {"plan", ldb_plan},
  {NULL, NULL}
};

static const luaL_Reg box_meta[] = {
  {"__gc", box_gc},
  {NULL, NULL}
};


void lecsnet_open_eni(lua_State *L) {
  lecsnet_newclass(L, LECSNET_INSTDB, db_meta, db_methods);
  lecsnet_newclass(L, LECSNET_ENIBOX, box_meta, NULL);
  luaL_setfuncs(L, funcs, 0);
  /* the compiled data's date, for `ecsnet --version` */
  lua_pushstring(L, ecsnet_instance_data_date());
  lua_setfield(L, -2, "instance_data_date");
}
