/*
** lecsnet_json.c: JSON text to Lua values through the core's front end.
**
**   ecsnet.core.json_decode(text [, what [, max_bytes]]) -> value | nil, message
**   ecsnet.core.yaml_decode(text [, what [, max_bytes]]) -> value | nil, message
**
** For the Lua layer (the command reads a CDK cloud assembly's manifest with
** the first, its .ecsnet.yml with the second: the YAML front end, short-form
** tags as {"Fn::...": ...}); not on the 'ecsnet' table. The front end's limits and messages apply
** ('what' names the document in them, default "the document"; 'max_bytes'
** defaults to ECSNET_TD_MAX_BYTES). Objects become tables with string keys,
** arrays sequences; a null member is left out and a null element is a hole.
** The tree is held by a box userdata whose __gc frees it, so a memory error
** raised while pushing leaks nothing (docs/DEVELOPING.md#conventions).
*/
#include "lecsnet_aux.h"

typedef struct {
  ecsnet_json_t *tree;
} jsonbox;


static int jsonbox_gc(lua_State *L) {
  jsonbox *b = (jsonbox *)luaL_checkudata(L, 1, LECSNET_JSONBOX);
  ecsnet_json_free(b->tree);
  b->tree = NULL;
  return 0;
}


static void push_value(lua_State *L, const ecsnet_json_t *node);


/* The members or elements of 'node' into the table on the top. */
static void push_children(lua_State *L, const ecsnet_json_t *node, int array) {
  const ecsnet_json_t *c;
  lua_Integer i = 0;
  for (c = ecsnet_json_first(node); c != NULL; c = ecsnet_json_next(c)) {
    i++;
    if (ecsnet_json_kind(c) == ECSNET_JSON_NULL)
      continue;
    push_value(L, c);
    if (array)
      lua_rawseti(L, -2, (int)i);
    else
      lua_setfield(L, -2, ecsnet_json_name(c));
  }
}


static void push_value(lua_State *L, const ecsnet_json_t *node) {
  size_t len;
  double d;
  const char *s;
  /* one level of the tree per call: the front end bounds the depth */
  luaL_checkstack(L, 4, "JSON nested too deeply");
  switch (ecsnet_json_kind(node)) {
    case ECSNET_JSON_FALSE: lua_pushboolean(L, 0); break;
    case ECSNET_JSON_TRUE: lua_pushboolean(L, 1); break;
    case ECSNET_JSON_NUMBER:
      d = ecsnet_json_value(node);
      if (d >= -9007199254740992.0 && d <= 9007199254740992.0 &&
          (double)(lua_Integer)d == d)
        lua_pushinteger(L, (lua_Integer)d);
      else
        lua_pushnumber(L, (lua_Number)d);
      break;
    case ECSNET_JSON_STRING:
      s = ecsnet_json_text(node, &len);
      lua_pushlstring(L, s, len);
      break;
    case ECSNET_JSON_ARRAY:
    case ECSNET_JSON_OBJECT:
      lua_newtable(L);
      push_children(L, node, ecsnet_json_kind(node) == ECSNET_JSON_ARRAY);
      break;
    default: lua_pushnil(L); break;
  }
}


typedef int (*parsefn)(const char *what, const char *text, size_t n,
                       size_t max, ecsnet_json_t **out, char *err,
                       size_t errlen);

static int decode(lua_State *L, parsefn parse) {
  size_t n;
  const char *text = luaL_checklstring(L, 1, &n);
  const char *what = luaL_optstring(L, 2, "the document");
  lua_Integer max = luaL_optinteger(L, 3, ECSNET_TD_MAX_BYTES);
  char err[ECSNET_ERRBUF_MAX];
  jsonbox *b;
  int st;
  luaL_argcheck(L, max >= 0, 3, "must be a size in bytes");
  b = (jsonbox *)lua_newuserdatauv(L, sizeof *b, 0);
  b->tree = NULL;
  luaL_setmetatable(L, LECSNET_JSONBOX);
  st = parse(what, text, n, (size_t)max, &b->tree, err, sizeof err);
  if (st == ECSNET_ENOMEM)
    return luaL_error(L, "not enough memory");
  if (st != ECSNET_OK)
    return lecsnet_fail(L, err);
  push_value(L, b->tree);
  ecsnet_json_free(b->tree);   /* now rather than at the next collection */
  b->tree = NULL;
  return 1;
}


static int ljson_decode(lua_State *L) {
  return decode(L, ecsnet_json_parse);
}


static int lyaml_decode(lua_State *L) {
  return decode(L, ecsnet_yaml_parse);
}


static const luaL_Reg jsonbox_meta[] = {
  {"__gc", jsonbox_gc},
  {NULL, NULL}
};

static const luaL_Reg funcs[] = {
  {"json_decode", ljson_decode},
  {"yaml_decode", lyaml_decode},
  {NULL, NULL}
};


void lecsnet_open_json(lua_State *L) {
  lecsnet_newclass(L, LECSNET_JSONBOX, jsonbox_meta, NULL);
  luaL_setfuncs(L, funcs, 0);
}
