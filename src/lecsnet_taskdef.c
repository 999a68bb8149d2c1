/*
** lecsnet_taskdef.c: the Lua binding of task definitions: parsing and validation (docs/reference.md §1.5, §2, §6).
**
**   ecsnet.core.validate(doc [, options]) -> report table | nil, message
**   ecsnet.core.taskdefs(doc [, options]) -> { taskdef, ... } | nil, message
**   ecsnet.core.validate_service(service [, taskdef [, options]]) -> report
**     | nil, message
**   ecsnet.core.rules() -> { rule, ... }
**
** 'doc' is JSON text or a Lua table. A table is walked into the core's
** document nodes directly (no JSON text in between). The report and the
** document are held by a box userdata whose __gc frees them, so a memory
** error raised while pushing results leaks nothing (docs/DEVELOPING.md#conventions).
** lua/ecsnet/report.lua gives the report its methods.
*/
#include <string.h>

#include "lecsnet_aux.h"

#define MAX_SC LECSNET_MAX_SC
#define MAX_TABLE_DEPTH 1000

typedef struct {
  ecsnet_report_t *report;
  ecsnet_json_t *doc;
  int busy;              /* the module's box: claimed by a call in progress */
} tdbox;


static void tdbox_release(tdbox *b) {
  ecsnet_report_free(b->report);
  b->report = NULL;
  ecsnet_json_free(b->doc);
  b->doc = NULL;
}


static int tdbox_gc(lua_State *L) {
  tdbox_release((tdbox *)luaL_checkudata(L, 1, LECSNET_TDBOX));
  return 0;
}


/* The ECSNET_LT_* bit of the launch type 's' (the core's list). */
static unsigned launch_type_bit(lua_State *L, int arg, const char *s) {
  unsigned bit = ecsnet_launch_type_bit(s, strlen(s));
  if (bit == 0)
    luaL_argerror(L, arg, lua_pushfstring(L, "invalid launch type '%s' "
                  "(expected %s)", s,
                  lecsnet_push_names_or(L, lecsnet_launch_type_at)));
  return bit;
}


/* A launch type option: a string or a list of strings. */
static unsigned opt_launch_types(lua_State *L, int arg, const char *key) {
  unsigned bits = 0;
  lua_getfield(L, arg, key);
  if (lua_type(L, -1) == LUA_TSTRING)
    bits = launch_type_bit(L, arg, lua_tostring(L, -1));
  else if (lua_istable(L, -1)) {
    int i, n = (int)lua_rawlen(L, -1);
    for (i = 1; i <= n; i++) {
      lua_rawgeti(L, -1, i);
      if (lua_type(L, -1) != LUA_TSTRING)
        luaL_argerror(L, arg, lua_pushfstring(L, "option '%s' must list "
                      "strings", key));
      bits |= launch_type_bit(L, arg, lua_tostring(L, -1));
      lua_pop(L, 1);
    }
  }
  else if (!lua_isnil(L, -1))
    luaL_argerror(L, arg, lua_pushfstring(L, "option '%s' must be a string "
                  "or a list of strings, got %s", key, luaL_typename(L, -1)));
  lua_pop(L, 1);
  return bits;
}



static const char *opt_string(lua_State *L, int arg, const char *key) {
  const char *s = NULL;
  lua_getfield(L, arg, key);
  if (lua_type(L, -1) == LUA_TSTRING)
    s = lua_tostring(L, -1);   /* anchored in the options table */
  else if (!lua_isnil(L, -1))
    luaL_argerror(L, arg, lua_pushfstring(L, "option '%s' must be a string, "
                  "got %s", key, luaL_typename(L, -1)));
  lua_pop(L, 1);
  return s;
}


static double opt_size(lua_State *L, int arg, const char *key) {
  double d = -1;
  lua_getfield(L, arg, key);
  if (lua_type(L, -1) == LUA_TNUMBER)
    d = (double)lua_tonumber(L, -1);
  else if (lua_type(L, -1) == LUA_TSTRING) {   /* "256", as in task definitions */
    if (!lua_isnumber(L, -1))
      luaL_argerror(L, arg, lua_pushfstring(L, "option '%s' must be a number, "
                    "got '%s'", key, lua_tostring(L, -1)));
    d = (double)lua_tonumber(L, -1);
  }
  else if (!lua_isnil(L, -1))
    luaL_argerror(L, arg, lua_pushfstring(L, "option '%s' must be a number, "
                  "got %s", key, luaL_typename(L, -1)));
  if (!lua_isnil(L, -1) && !(d >= 0 && d <= 1e15))
    luaL_argerror(L, arg, lua_pushfstring(L, "option '%s' must be a number "
                  "from 0 to 1e15", key));
  lua_pop(L, 1);
  return d;
}


/* The option names read_options reads, and lvalidate's 'taskdefs'. */
static const char *const validate_opts[] = {
  "shape", "launch_type", "launch_types", "requires_compatibilities", "os",
  "positions", "max_bytes", "reserved_tcp", "reserved_udp", "reserved_ports",
  "reserved_ports_udp", "prometheus", "task_iam_roles", "ip_local_port_range",
  "dynamic_range", "service_connect", "network_mode", "family", "cpu",
  "memory", "taskdefs", "syntax", "ends", NULL
};

/* Option 'syntax': the names of ecsnet_syntax_t, in its order. */
static const char *const syntax_names[] = { "auto", "json", "yaml", NULL };

typedef lecsnet_agent_lists agent_lists;

/* Reads the options table at 'arg' into 'o'; 'sc' holds MAX_SC names, 'res'
** the reserved lists. Misuse raises; returns 1, or 0 with the message of
** a bad agent setting pushed. */
static int read_options(lua_State *L, int arg, ecsnet_validate_opts_t *o,
                        const char **sc, agent_lists res, int text) {
  ecsnet_validate_opts_init(o);
  o->positions = text;
  if (lua_isnoneornil(L, arg))
    return 1;
  o->shape = (ecsnet_shape_t)lecsnet_optfield_name(L, arg, "shape",
                                                   lecsnet_shape_at, 0);
  o->syntax = (ecsnet_syntax_t)lecsnet_optfield_enum(L, arg, "syntax",
                                                     syntax_names, 0);
  o->launch_types = opt_launch_types(L, arg, "launch_type") |
                    opt_launch_types(L, arg, "launch_types") |
                    opt_launch_types(L, arg, "requires_compatibilities");
  lua_getfield(L, arg, "os");
  if (!lua_isnil(L, -1))
    o->os = lecsnet_optfield_name(L, arg, "os", lecsnet_os_at, 0);
  lua_pop(L, 1);
  lua_getfield(L, arg, "positions");
  if (!lua_isnil(L, -1))
    o->positions = text && lua_toboolean(L, -1);
  lua_pop(L, 1);
  lua_getfield(L, arg, "ends");
  if (!lua_isnil(L, -1))
    o->ends = lua_toboolean(L, -1);
  lua_pop(L, 1);
  lua_getfield(L, arg, "max_bytes");
  if (lua_type(L, -1) == LUA_TNUMBER && lua_tonumber(L, -1) >= 1)
    /* 2^53 and more (math.huge too): no limit; a (size_t) cast of a value
    ** size_t cannot hold would be undefined */
    o->max_bytes = lua_tonumber(L, -1) >= 9007199254740992.0 ? (size_t)-1
                   : (size_t)lua_tonumber(L, -1);
  else if (!lua_isnil(L, -1))
    luaL_argerror(L, arg, "option 'max_bytes' must be a positive number");
  lua_pop(L, 1);
  lua_getfield(L, arg, "service_connect");
  if (lua_istable(L, -1)) {
    int i, n = (int)lua_rawlen(L, -1);
    if (n > MAX_SC)
      luaL_argerror(L, arg, "option 'service_connect' lists more than 64 "
                    "names");
    for (i = 1; i <= n; i++) {
      lua_rawgeti(L, -1, i);
      if (lua_type(L, -1) != LUA_TSTRING)
        luaL_argerror(L, arg, "option 'service_connect' must list port names");
      sc[i - 1] = lua_tostring(L, -1);   /* anchored in the list */
      lua_pop(L, 1);
    }
    o->service_connect = sc;
    o->nservice_connect = (size_t)n;
  }
  else if (!lua_isnil(L, -1))
    luaL_argerror(L, arg, "option 'service_connect' must be a list of port "
                  "names");
  lua_pop(L, 1);
  o->network_mode = opt_string(L, arg, "network_mode");
  o->family = opt_string(L, arg, "family");
  o->cpu = opt_size(L, arg, "cpu");
  o->memory = opt_size(L, arg, "memory");
  /* the agent's settings, as ecsnet.host reads them (older names too) */
  return lecsnet_agent_opts(L, arg, &o->agent, res, "reserved_ports",
                            "reserved_ports_udp");
}


/*
** {======================================================================
** Lua table -> document nodes
** =======================================================================
*/

/* Appends the value at 'idx' to 'parent' (under key, when an object).
** Returns NULL on success, else an error message (pushed on the stack). */
static const char *build(lua_State *L, int idx, ecsnet_json_t *parent,
                         const char *key, size_t keylen, int keyref,
                         int depth);

static const char *attach(lua_State *L, ecsnet_json_t *parent,
                          const char *key, size_t keylen, int keyref,
                          ecsnet_json_t *node) {
  int st;
  if (node == NULL)
    luaL_error(L, "not enough memory");
  if (key == NULL)
    st = ecsnet_json_append(parent, node);
  else if (keyref)
    st = ecsnet_json_set_ref(parent, key, node);
  else
    st = ecsnet_json_set(parent, key, keylen, node);
  if (st != ECSNET_OK) {
    ecsnet_json_free(node);
    if (st == ECSNET_ENOMEM)
      luaL_error(L, "not enough memory");
    return lua_pushfstring(L, "key with a NUL byte in the table");
  }
  return NULL;
}


/* Appends t[1..n] of the table at 'idx' to the list 'node'. */
static const char *build_list(lua_State *L, int idx, ecsnet_json_t *node,
                              size_t n, int depth) {
  size_t i;
  for (i = 1; i <= n; i++) {
    const char *e;
    lua_rawgeti(L, idx, (lua_Integer)i);
    e = build(L, lua_gettop(L), node, NULL, 0, 0, depth + 1);
    if (e)
      return e;
    lua_pop(L, 1);
  }
  return NULL;
}


static const char *build(lua_State *L, int idx, ecsnet_json_t *parent,
                         const char *key, size_t keylen, int keyref,
                         int depth) {
  switch (lua_type(L, idx)) {
    case LUA_TSTRING: {
      size_t n;
      const char *s = lua_tolstring(L, idx, &n);
      if (memchr(s, '\0', n) != NULL)
        return lua_pushfstring(L, "string with a NUL byte%s%s%s",
                               key ? " under key '" : "", key ? key : "",
                               key ? "'" : "");
      /* the string stays alive: the document table anchors it */
      return attach(L, parent, key, keylen, keyref, ecsnet_json_string_ref(s));
    }
    case LUA_TNUMBER:
      return attach(L, parent, key, keylen, keyref,
                    ecsnet_json_number((double)lua_tonumber(L, idx)));
    case LUA_TBOOLEAN:
      return attach(L, parent, key, keylen, keyref,
                    ecsnet_json_bool(lua_toboolean(L, idx)));
    case LUA_TLIGHTUSERDATA:
      if (lua_touserdata(L, idx) == NULL)   /* cjson.null */
        return attach(L, parent, key, keylen, keyref, ecsnet_json_null());
      break;
    case LUA_TTABLE: {
      ecsnet_json_t *node;
      size_t n = 0, count = 0;
      int sequence = 1;
      const char *e;
      if (depth >= MAX_TABLE_DEPTH)
        return lua_pushfstring(L, "table nested too deeply (more than %d "
                               "levels, or a cycle)", MAX_TABLE_DEPTH);
      luaL_checkstack(L, 6, "table nested too deeply");
      n = (size_t)lua_rawlen(L, idx);
      lua_pushnil(L);
      while (lua_next(L, idx)) {
        count++;
        if (lua_type(L, -2) != LUA_TNUMBER)   /* type first (pitfall 14) */
          sequence = 0;
        lua_pop(L, 1);
      }
      if (sequence && count == n) {   /* a list (an empty table too) */
        node = ecsnet_json_array();
        e = attach(L, parent, key, keylen, keyref, node);
        if (e)
          return e;
        return build_list(L, idx, node, n, depth);
      }
      node = ecsnet_json_object();
      e = attach(L, parent, key, keylen, keyref, node);
      if (e)
        return e;
      lua_pushnil(L);
      while (lua_next(L, idx)) {
        int vi = lua_gettop(L);
        if (lua_type(L, -2) == LUA_TSTRING) {
          size_t kl;
          const char *k = lua_tolstring(L, -2, &kl);
          if (memchr(k, '\0', kl) != NULL)
            return lua_pushfstring(L, "key with a NUL byte in the table");
          e = build(L, vi, node, k, kl, 1, depth + 1);
        }
        else if (lua_type(L, -2) == LUA_TNUMBER) {
          /* convert a copy, never the key itself (lua_next) */
          size_t kl;
          const char *k;
          lua_pushvalue(L, -2);
          k = lua_tolstring(L, -1, &kl);
          e = build(L, vi, node, k, kl, 0, depth + 1);
          lua_pop(L, 1);
        }
        else
          return lua_pushfstring(L, "table key of type %s: a task definition "
                                 "has string keys", luaL_typename(L, -2));
        if (e)
          return e;
        lua_pop(L, 1);
      }
      ecsnet_json_sort(node);
      return NULL;
    }
    default:
      break;
  }
  return lua_pushfstring(L, "value of type %s%s%s%s cannot be part of a "
                         "task definition", luaL_typename(L, idx),
                         key ? " under key '" : "", key ? key : "",
                         key ? "'" : "");
}

/* }====================================================================== */


/* The box for one call. The module's box (upvalue 1) serves calls one at a
** time: a userdata with __gc per call costs a GC cycle's work per call. A
** call that starts while it is claimed (from a finalizer or a coroutine
** running inside another call: any allocation can run a GC step) gets a
** box of its own on the stack, freed by its __gc. A claimed box is handed
** back by box_done; a call that raised before that keeps the module's box
** claimed, with its memory, until lua_close, and later calls use their own
** boxes (a memory error is the only raise after the claim). */
static tdbox *box_claim(lua_State *L, int own) {
  tdbox *b = own ? NULL : (tdbox *)lua_touserdata(L, lua_upvalueindex(1));
  if (b != NULL && !b->busy) {
    b->busy = 1;
    return b;
  }
  b = (tdbox *)lua_newuserdatauv(L, sizeof *b, 0);
  b->report = NULL;
  b->doc = NULL;
  b->busy = 1;
  luaL_setmetatable(L, LECSNET_TDBOX);
  return b;
}


/* Frees what the call's box holds and hands the module's box back. */
static void box_done(tdbox *b) {
  tdbox_release(b);
  b->busy = 0;
}


/* Validates the document at 'arg' with the options at 'optarg' (0: the
** defaults); returns the call's box holding the report, or pushes nil,
** message and returns NULL (the box handed back). 'own': a box of its own
** on the stack, for a caller that keeps the report beyond its return.
** 'svc': the document is a service, checked against svc.td.
** Options are read before the box is claimed; the table walk runs no Lua
** code (raw accesses only). */
typedef struct {
  int service;                  /* the document is a service */
  const ecsnet_taskdef_t *td;   /* its task definition, or NULL */
} svcarg;

static const svcarg NOT_SERVICE = { 0, NULL };

static tdbox *validate_at(lua_State *L, int arg, int optarg, int own,
                          svcarg svc) {
  ecsnet_validate_opts_t o;
  const char *sc[MAX_SC];
  agent_lists res;
  char err[ECSNET_ERRBUF_MAX];
  tdbox *b;
  void *ud;
  lua_Alloc alloc;
  int st, text = lua_type(L, arg) == LUA_TSTRING;
  if (!text && !lua_istable(L, arg))
    luaL_typeerror(L, arg, "string or table");
  if (optarg > 0) {
    lecsnet_checkopts(L, optarg, validate_opts);
    if (!read_options(L, optarg, &o, sc, res, text)) {
      lua_pushnil(L);
      lua_insert(L, -2);
      return NULL;
    }
  } else {
    ecsnet_validate_opts_init(&o);
    o.positions = text;
  }
  if (svc.service) {
    o.shape = ECSNET_SHAPE_SERVICE;
    o.taskdef = svc.td;
  }
  b = box_claim(L, own);
  alloc = lua_getallocf(L, &ud);
  if (text) {
    size_t n;
    const char *s = lua_tolstring(L, arg, &n);
    st = ecsnet_validate(s, n, &o, (ecsnet_alloc_fn)alloc, ud, &b->report,
                         err, sizeof err);
  }
  else {
    const char *e;
    int top = lua_gettop(L);
    b->doc = ecsnet_json_array();   /* a holder for the root */
    if (b->doc == NULL) {
      box_done(b);
      luaL_error(L, "not enough memory");
    }
    e = build(L, arg, b->doc, NULL, 0, 0, 0);
    if (e != NULL) {
      box_done(b);
      lua_pushnil(L);
      lua_pushfstring(L, "cannot read the table: %s", e);
      return NULL;
    }
    lua_settop(L, top);
    st = ecsnet_validate_json(ecsnet_json_first(b->doc), &o,
                              (ecsnet_alloc_fn)alloc, ud, &b->report, err,
                              sizeof err);
  }
  if (st != ECSNET_OK) {
    box_done(b);
    if (st == ECSNET_ENOMEM)
      luaL_error(L, "not enough memory");
    lua_pushnil(L);
    lua_pushstring(L, err);
    return NULL;
  }
  return b;
}


static void setstr(lua_State *L, const char *k, const char *v) {
  if (v != NULL) {
    lua_pushstring(L, v);
    lua_setfield(L, -2, k);
  }
}

static void setnum(lua_State *L, const char *k, double v) {
  if (v >= 0) {
    if (v == (double)(lua_Integer)v)
      lua_pushinteger(L, (lua_Integer)v);
    else
      lua_pushnumber(L, (lua_Number)v);
    lua_setfield(L, -2, k);
  }
}


static void push_taskdef(lua_State *L, const ecsnet_taskdef_t *t);

/* One diagnostic of a report as a Lua table: every field (full), or only
** those the command's folder check reads (lecsnet_files.c). */
void lecsnet_push_diag(lua_State *L, const ecsnet_diag_t *d, int full) {
  lua_createtable(L, 0, full ? 14 : 9);
  setstr(L, "rule", d->rule->id);
  if (full) {
    setstr(L, "code", d->f.code);
    setstr(L, "checklist", d->rule->checklist[0] ? d->rule->checklist : NULL);
    setstr(L, "name", d->rule->name);
    setstr(L, "title", d->rule->title);
    setstr(L, "reference", d->rule->link);
    setstr(L, "section", d->rule->section);
  }
  setstr(L, "severity", ecsnet_severity_name(d->f.severity));
  setstr(L, "pointer", d->f.pointer);
  setstr(L, "message", d->f.message);
  setstr(L, "aws_message", d->aws_message);
  if (d->taskdef >= 0)
    setnum(L, "taskdef", (double)d->taskdef + 1);
  if (d->f.line > 0) {
    setnum(L, "line", d->f.line);
    setnum(L, "column", d->f.column);
  }
  if (d->f.end_line > 0) {
    setnum(L, "end_line", d->f.end_line);
    setnum(L, "end_column", d->f.end_column);
  }
}

static void push_diags(lua_State *L, const ecsnet_report_t *r) {
  size_t i;
  lua_createtable(L, (int)r->ndiags, 0);
  for (i = 0; i < r->ndiags; i++) {
    lecsnet_push_diag(L, &r->diags[i], 1);
    lua_rawseti(L, -2, (int)i + 1);
  }
  lua_setfield(L, -2, "diagnostics");
}


static void push_services(lua_State *L, const ecsnet_report_t *r) {
  size_t i;
  lua_createtable(L, (int)r->nservices, 0);
  for (i = 0; i < r->nservices; i++) {
    const ecsnet_service_t *sv = &r->services[i];
    lua_createtable(L, 0, 5);
    setstr(L, "name", sv->name);
    setstr(L, "pointer", sv->pointer);
    if (sv->taskdef >= 0)
      setnum(L, "taskdef", (double)sv->taskdef + 1);
    if (sv->launch_type != 0) {
      size_t k;
      for (k = 0; ecsnet_launch_type_name(k) != NULL; k++)
        if (sv->launch_type == 1u << k)
          setstr(L, "launch_type", ecsnet_launch_type_name(k));
    }
    lecsnet_push_svc_deploy(L, &sv->deploy);
    lua_setfield(L, -2, "deployment");
    lua_rawseti(L, -2, (int)i + 1);
  }
  lua_setfield(L, -2, "services");
}


/* Pushes the report table of r (with its task definitions when 'want'). */
static void push_report(lua_State *L, const ecsnet_report_t *r, int want) {
  size_t i;
  lua_createtable(L, 0, 7);
  lua_pushboolean(L, r->ok);
  lua_setfield(L, -2, "ok");
  lua_pushstring(L, ecsnet_shape_name(r->shape));
  lua_setfield(L, -2, "shape");
  push_diags(L, r);
  lua_createtable(L, 0, 3);
  for (i = 0; i < ECSNET_SEV_COUNT; i++) {
    lua_pushinteger(L, (lua_Integer)r->counts[i]);
    lua_setfield(L, -2, ecsnet_severity_name((ecsnet_severity_t)i));
  }
  lua_setfield(L, -2, "counts");
  push_services(L, r);
  if (want) {
    lua_createtable(L, (int)r->ntaskdefs, 0);
    for (i = 0; i < r->ntaskdefs; i++) {
      push_taskdef(L, &r->taskdefs[i]);
      lua_rawseti(L, -2, (int)i + 1);
    }
    lua_setfield(L, -2, "taskdefs");
  }
}


/* Whether options.taskdefs is set (read before a box is claimed:
** __index runs Lua). */
static int want_taskdefs(lua_State *L, int arg) {
  int want = 0;
  if (lua_istable(L, arg)) {
    lua_getfield(L, arg, "taskdefs");
    want = lua_toboolean(L, -1);
    lua_pop(L, 1);
  }
  return want;
}


/*
** ecsnet.core.validate(doc [, options]) -> report | nil, message
** With options.taskdefs, report.taskdefs is what ecsnet.core.taskdefs
** returns, from the same parse.
*/
static int lvalidate(lua_State *L) {
  int want = want_taskdefs(L, 2);
  tdbox *b = validate_at(L, 1, 2, 0, NOT_SERVICE);
  if (b == NULL)
    return 2;
  push_report(L, b->report, want);
  box_done(b);
  return 1;
}


/*
** ecsnet.core.validate_service(service [, taskdef [, options]]) -> report
** | nil, message. 'service' is create-service or update-service input or
** describe-services output (JSON text or a table); 'taskdef' a document
** holding one task definition (any shape validate reads), or nil.
*/
static int lvalidate_service(lua_State *L) {
  svcarg svc = { 1, NULL };
  int want;
  tdbox *b;
  if (!lua_isnoneornil(L, 2)) {
    svc.td = lecsnet_taskdef_at(L, 2);   /* its box stays on the stack */
    if (svc.td == NULL)
      return 2;
  }
  want = want_taskdefs(L, 3);
  b = validate_at(L, 1, 3, 0, svc);
  if (b == NULL)
    return 2;
  push_report(L, b->report, want);
  box_done(b);
  return 1;
}


static void push_taskdef(lua_State *L, const ecsnet_taskdef_t *t) {
  size_t i, j;
  int k = 0;
  lua_createtable(L, 0, 12);
  setstr(L, "family", t->family);
  setstr(L, "pointer", t->pointer);
  if (t->mode >= 0)
    setstr(L, "network_mode", ecsnet_mode_info((ecsnet_mode_t)t->mode)->name);
  lua_pushboolean(L, t->mode_given);
  lua_setfield(L, -2, "network_mode_given");
  setstr(L, "os", ecsnet_os_name(t->os));
  lua_newtable(L);
  for (i = 0; ecsnet_launch_type_name(i) != NULL; i++)
    if (t->launch_types & (1u << i)) {
      lua_pushstring(L, ecsnet_launch_type_name(i));
      lua_rawseti(L, -2, ++k);
    }
  if (k == 0) {   /* RegisterTaskDefinition's default */
    lua_pushstring(L, "EC2");
    lua_rawseti(L, -2, 1);
  }
  lua_setfield(L, -2, "launch_types");
  lua_pushboolean(L, k > 0);
  lua_setfield(L, -2, "launch_types_given");
  setnum(L, "cpu", t->cpu);
  setnum(L, "memory", t->memory);
  lua_createtable(L, (int)t->ncontainers, 0);
  for (i = 0; i < t->ncontainers; i++) {
    const ecsnet_td_container_t *c = &t->containers[i];
    lua_createtable(L, 0, 7);
    setstr(L, "name", c->name);
    setstr(L, "pointer", c->pointer);
    setnum(L, "cpu", c->cpu);
    setnum(L, "memory", c->memory);
    setstr(L, "user", c->user);
    lua_createtable(L, (int)c->nports, 0);
    for (j = 0; j < c->nports; j++) {
      const ecsnet_td_port_t *p = &c->ports[j];
      lua_createtable(L, 0, 8);
      if (p->container_port >= 0)
        setnum(L, "container_port", p->container_port);
      if (p->host_port >= 0)
        setnum(L, "host_port", p->host_port);
      setstr(L, "protocol", p->protocol == ECSNET_PROTO_UDP ? "udp" : "tcp");
      if (p->range_first >= 0) {
        lua_createtable(L, 2, 0);
        lua_pushinteger(L, p->range_first);
        lua_rawseti(L, -2, 1);
        lua_pushinteger(L, p->range_last);
        lua_rawseti(L, -2, 2);
        lua_setfield(L, -2, "range");
      }
      setstr(L, "name", p->name);
      setstr(L, "app_protocol", p->app_protocol);
      setstr(L, "pointer", p->pointer);
      if (p->unknown) {
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, "unknown");
      }
      lua_rawseti(L, -2, (int)j + 1);
    }
    lua_setfield(L, -2, "port_mappings");
    lua_rawseti(L, -2, (int)i + 1);
  }
  lua_setfield(L, -2, "containers");
}


/*
** ecsnet.core.taskdefs(doc [, options]) -> { taskdef, ... } | nil, message
*/
static int ltaskdefs(lua_State *L) {
  tdbox *b = validate_at(L, 1, 2, 0, NOT_SERVICE);
  size_t i;
  if (b == NULL)
    return 2;
  lua_createtable(L, (int)b->report->ntaskdefs, 0);
  for (i = 0; i < b->report->ntaskdefs; i++) {
    push_taskdef(L, &b->report->taskdefs[i]);
    lua_rawseti(L, -2, (int)i + 1);
  }
  box_done(b);
  return 1;
}


const ecsnet_taskdef_t *lecsnet_taskdef_at(lua_State *L, int arg) {
  tdbox *b = validate_at(L, arg, 0, 1, NOT_SERVICE);
  if (b == NULL)
    return NULL;
  if (b->report->ntaskdefs == 1)
    return &b->report->taskdefs[0];
  lua_pushnil(L);
  if (b->report->ntaskdefs == 0)
    lua_pushstring(L, "the document holds no task definition");
  else
    lua_pushfstring(L, "the document holds %d task definitions; give one",
                    (int)b->report->ntaskdefs);
  return NULL;
}


/*
** ecsnet.core.rules() -> { {id=, checklist=, name=, title=, severity=,
**                           section=, link=, help=}, ... }
*/
static int lrules(lua_State *L) {
  size_t i, n = ecsnet_rules_count();
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    const ecsnet_rule_t *r = ecsnet_rule(i);
    lua_createtable(L, 0, 8);
    setstr(L, "id", r->id);
    setstr(L, "checklist", r->checklist[0] ? r->checklist : NULL);
    setstr(L, "name", r->name);
    setstr(L, "title", r->title);
    setstr(L, "severity", ecsnet_severity_name(r->severity));
    setstr(L, "section", r->section);
    setstr(L, "link", r->link);
    setstr(L, "help", r->help);
    lua_rawseti(L, -2, (int)i + 1);
  }
  return 1;
}




int lecsnet_validate_opts(lua_State *L, int arg, ecsnet_validate_opts_t *o,
                          const char **sc, lecsnet_agent_lists res) {
  lecsnet_checkopts(L, arg, validate_opts);
  return read_options(L, arg, o, sc, res, 1);
}


static const luaL_Reg funcs[] = {
  {"validate", lvalidate},
  {"taskdefs", ltaskdefs},
  {"validate_service", lvalidate_service},
  {"rules", lrules},
  {NULL, NULL}
};

static const luaL_Reg box_meta[] = {
  {"__gc", tdbox_gc},
  {NULL, NULL}
};


void lecsnet_open_taskdef(lua_State *L) {
  tdbox *b;
  lecsnet_newclass(L, LECSNET_TDBOX, box_meta, NULL);
  b = (tdbox *)lua_newuserdatauv(L, sizeof *b, 0);
  b->report = NULL;
  b->doc = NULL;
  b->busy = 0;
  luaL_setmetatable(L, LECSNET_TDBOX);
  luaL_setfuncs(L, funcs, 1);   /* the box is every function's upvalue */
}
