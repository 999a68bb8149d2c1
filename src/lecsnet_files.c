/*
** lecsnet_files.c: files read and validated in C, many in one call, for the
** command's folder check (private: ecsnet.core.check_files, not on the
** ecsnet table).
**
**   ecsnet.core.check_files(paths [, options]) -> { result, ... }
**
** 'paths' is a list of file names; 'options' those of ecsnet.core.validate
** for text (a bad agent setting there: nil, message). Each file is read as ecsnet_file_read reads it (regular files
** only, at most options.max_bytes) and validated as ecsnet.core.validate
** would validate its text. Result i is path i's:
**
**   { unread = true }     it could not be read (not a regular file, too
**                         large, no such file ...): the caller reads it its
**                         own way for the message
**   { error = message }   ecsnet.core.validate's nil, message
**   { shape = "register", services = N,
**     taskdefs = { { family =, pointer =, network_mode = }, ... },
**     diagnostics = { { rule =, severity =, pointer =, message =, line =,
**                       column =, end_line =, end_column =, aws_message =,
**                       taskdef = }, ... },
**     text = "..." }
**
**   ecsnet.core.list_dir(dir) -> names, kinds | nil, message
**
** The entries of folder 'dir' not starting with '.', sorted, and the kind
** of each: "file" (or a link to one), "directory", "link_directory" (a link
** to a folder) or "other" (a device, FIFO, socket, a link to one or to
** nothing).
**
** In check_files' results, 'diagnostics' is absent when there are none, 'text' (the file's bytes)
** present only for shape "cloudformation" (its Metadata may say more than
** the report). Field values are as in ecsnet.core.validate's report. The
** file's bytes and each report are held by a box userdata whose __gc frees
** them, so a memory error raised while pushing leaks nothing; every call
** has its own box.
*/
#include <string.h>

#include "lecsnet_aux.h"

typedef struct {
  ecsnet_filebuf_t buf;
  ecsnet_report_t *report;
  ecsnet_dirlist_t list;
  lua_Alloc alloc;
  void *ud;
} filebox;


static void filebox_release(filebox *b) {
  ecsnet_report_free(b->report);
  b->report = NULL;
  ecsnet_filebuf_free(&b->buf, (ecsnet_alloc_fn)b->alloc, b->ud);
  ecsnet_dirlist_free(&b->list, (ecsnet_alloc_fn)b->alloc, b->ud);
}


static filebox *filebox_new(lua_State *L) {
  filebox *b = (filebox *)lua_newuserdatauv(L, sizeof *b, 0);
  memset(b, 0, sizeof *b);
  b->alloc = lua_getallocf(L, &b->ud);
  luaL_setmetatable(L, LECSNET_FILEBOX);
  return b;
}


static int filebox_gc(lua_State *L) {
  filebox_release((filebox *)luaL_checkudata(L, 1, LECSNET_FILEBOX));
  return 0;
}


static void setstr(lua_State *L, const char *k, const char *v) {
  if (v != NULL) {
    lua_pushstring(L, v);
    lua_setfield(L, -2, k);
  }
}


static void setint(lua_State *L, const char *k, lua_Integer v) {
  lua_pushinteger(L, v);
  lua_setfield(L, -2, k);
}


static void push_taskdefs(lua_State *L, const ecsnet_report_t *r) {
  size_t i;
  lua_createtable(L, (int)r->ntaskdefs, 0);
  for (i = 0; i < r->ntaskdefs; i++) {
    const ecsnet_taskdef_t *t = &r->taskdefs[i];
    lua_createtable(L, 0, 3);
    setstr(L, "family", t->family);
    setstr(L, "pointer", t->pointer);
    if (t->mode >= 0)
      setstr(L, "network_mode", ecsnet_mode_info((ecsnet_mode_t)t->mode)->name);
    lua_rawseti(L, -2, (int)i + 1);
  }
  lua_setfield(L, -2, "taskdefs");
}


static void push_diags(lua_State *L, const ecsnet_report_t *r) {
  size_t i;
  if (r->ndiags == 0)
    return;
  lua_createtable(L, (int)r->ndiags, 0);
  for (i = 0; i < r->ndiags; i++) {
    lecsnet_push_diag(L, &r->diags[i], 0);
    lua_rawseti(L, -2, (int)i + 1);
  }
  lua_setfield(L, -2, "diagnostics");
}


/* Pushes the result of one file (the box holds its bytes and report). */
static void push_result(lua_State *L, const filebox *b, int st, int stage,
                        const char *err) {
  const ecsnet_report_t *r = b->report;
  if (st == ECSNET_ENOMEM)
    luaL_error(L, "not enough memory");
  if (st != ECSNET_OK && stage == ECSNET_FILE_READ) {
    lua_createtable(L, 0, 1);
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "unread");
    return;
  }
  if (st != ECSNET_OK) {
    lua_createtable(L, 0, 1);
    setstr(L, "error", err);
    return;
  }
  lua_createtable(L, 0, 5);
  setstr(L, "shape", ecsnet_shape_name(r->shape));
  setint(L, "services", (lua_Integer)r->nservices);
  push_taskdefs(L, r);
  push_diags(L, r);
  if (r->shape == ECSNET_SHAPE_CLOUDFORMATION) {
    lua_pushlstring(L, b->buf.data, b->buf.len);
    lua_setfield(L, -2, "text");
  }
}


/*
** ecsnet.core.check_files(paths [, options]) -> { result, ... }
*/
static int lcheck_files(lua_State *L) {
  ecsnet_validate_opts_t o;
  const char *sc[LECSNET_MAX_SC];
  lecsnet_agent_lists res;
  char err[ECSNET_ERRBUF_MAX];
  filebox *b;
  int i, n;
  luaL_checktype(L, 1, LUA_TTABLE);
  n = (int)lua_rawlen(L, 1);
  for (i = 1; i <= n; i++) {
    lua_rawgeti(L, 1, i);
    if (lua_type(L, -1) != LUA_TSTRING)
      luaL_argerror(L, 1, lua_pushfstring(L, "path %d is a %s, not a "
                    "string", i, luaL_typename(L, -1)));
    lua_pop(L, 1);
  }
  if (lua_isnoneornil(L, 2))
    ecsnet_validate_opts_init(&o);
  else if (!lecsnet_validate_opts(L, 2, &o, sc, res)) {
    lua_pushnil(L);   /* a bad agent setting: nil, message */
    lua_insert(L, -2);
    return 2;
  }
  b = filebox_new(L);
  lua_createtable(L, n, 0);
  for (i = 1; i <= n; i++) {
    int st, stage;
    const char *path;
    lua_rawgeti(L, 1, i);
    path = lua_tostring(L, -1);   /* anchored in 'paths' */
    lua_pop(L, 1);
    st = ecsnet_file_validate(path, &o, (ecsnet_alloc_fn)b->alloc, b->ud,
                              &b->buf, &stage, &b->report, err, sizeof err);
    push_result(L, b, st, stage, err);
    lua_rawseti(L, -2, i);
    ecsnet_report_free(b->report);
    b->report = NULL;
  }
  filebox_release(b);
  return 1;
}


/*
** ecsnet.core.list_dir(dir) -> names, kinds | nil, message
*/
static const char *const kind_names[] = {
  "file", "directory", "link_directory", "other"
};

static int llist_dir(lua_State *L) {
  const char *dir = luaL_checkstring(L, 1);
  char err[ECSNET_ERRBUF_MAX];
  filebox *b = filebox_new(L);
  size_t i;
  int st = ecsnet_dir_list(dir, (ecsnet_alloc_fn)b->alloc, b->ud, &b->list,
                           err, sizeof err);
  if (st == ECSNET_ENOMEM)
    luaL_error(L, "not enough memory");
  if (st != ECSNET_OK)
    return lecsnet_fail(L, err);
  lua_createtable(L, (int)b->list.n, 0);
  lua_createtable(L, (int)b->list.n, 0);
  for (i = 0; i < b->list.n; i++) {
    lua_pushstring(L, b->list.entries[i].name);
    lua_rawseti(L, -3, (int)i + 1);
    lua_pushstring(L, kind_names[b->list.entries[i].kind]);
    lua_rawseti(L, -2, (int)i + 1);
  }
  filebox_release(b);
  return 2;
}


static const luaL_Reg funcs[] = {
  {"check_files", lcheck_files},
  {"list_dir", llist_dir},
  {NULL, NULL}
};

static const luaL_Reg box_meta[] = {
  {"__gc", filebox_gc},
  {NULL, NULL}
};


void lecsnet_open_files(lua_State *L) {
  lecsnet_newclass(L, LECSNET_FILEBOX, box_meta, NULL);
  luaL_setfuncs(L, funcs, 0);
}
