/*
** lecsnet_cidrset.c: the Lua binding of prefix sets: the type
** ecsnet.cidrset (membership, batch membership, set algebra, iteration) and
** aggregate, which collapses a list through a set.
**
** A cidrset userdata boxes an ecsnet_cidrset_t* that allocates through the
** state's allocator and is freed by __gc/__close; it is created empty and
** closed before anything is allocated, so a raise at any point leaks nothing.
*/
#include <string.h>

#include "lecsnet_cidr.h"

typedef struct {
  ecsnet_cidrset_t *s;
} setbox;

/*
** {======================================================================
** Helpers
** =======================================================================
*/

static setbox *checkset(lua_State *L, int i) {
  setbox *b;
  /* fast path: compare with the metatable in upvalue 2 */
  if (lua_getmetatable(L, i)) {
    int same = lua_rawequal(L, -1, lua_upvalueindex(2));
    lua_pop(L, 1);
    if (same && (b = (setbox *)lua_touserdata(L, i))->s != NULL) return b;
  }
  b = (setbox *)luaL_checkudata(L, i, LECSNET_CIDRSET);
  if (b->s == NULL) luaL_argerror(L, i, "ecsnet.cidrset is closed");
  return b;
}

#define SET_LIMIT_MSG "the prefix set would hold more than %d ranges of one " \
  "family, ecsnet's limit per set (docs/robustness.md)"

/* For a set status other than ECSNET_OK: raises for memory, else pushes
** nil, message (the size limit) and returns 2. */
static int set_fail(lua_State *L, int st) {
  if (st == ECSNET_ENOMEM) lecsnet_cidr_nomem(L);
  return lecsnet_failf(L, SET_LIMIT_MSG, (int)ECSNET_CIDRSET_MAX_RANGES);
}

static const char *const opts_mask[] = { "mask", NULL };

static setbox *newset(lua_State *L) {
  setbox *b = (setbox *)lua_newuserdatauv(L, sizeof *b, 0);
  void *ud;
  lua_Alloc f;
  b->s = NULL;
  luaL_setmetatable(L, LECSNET_CIDRSET);
  f = lua_getallocf(L, &ud);
  b->s = ecsnet_cidrset_new((ecsnet_alloc_fn)f, ud);
  if (b->s == NULL) lecsnet_cidr_nomem(L);
  return b;
}

/* Adds the value at 'i' (string, cidr, cidrset, or a list of those) to the
** set; returns 0 after pushing nil, message on bad data. 'pos' > 0 names
** the entry in messages. */
static int add_value(lua_State *L, ecsnet_cidrset_t *s, int i, unsigned flags,
                     int pos) {
  ecsnet_prefix_t p;
  char err[ECSNET_ERRBUF_MAX];
  setbox *o = (setbox *)luaL_testudata(L, i, LECSNET_CIDRSET);
  if (o != NULL) {
    ecsnet_cidrset_iter_t it;
    if (o->s == NULL) luaL_argerror(L, i, "ecsnet.cidrset is closed");
    memset(&it, 0, sizeof it);
    while (ecsnet_cidrset_next(o->s, &it, &p)) {
      int st = ecsnet_cidrset_add(s, &p);
      if (st != ECSNET_OK) {
        set_fail(L, st);
        return 0;
      }
    }
    return 1;
  }
  if (lua_type(L, i) != LUA_TSTRING && testcidr(L, i) == NULL) {
    if (pos > 0)
      luaL_error(L, "bad entry %d in the prefix list (ecsnet.cidr or string "
                 "expected, got %s)", pos, luaL_typename(L, i));
    luaL_typeerror(L, i, "ecsnet.cidr, string, list or ecsnet.cidrset");
  }
  if (lecsnet_cidr_toprefix(L, i, flags, &p, err) != ECSNET_OK) {
    if (pos > 0) lecsnet_failf(L, "entry %d: %s", pos, err);
    else lecsnet_fail(L, err);
    return 0;
  }
  {
    int st = ecsnet_cidrset_add(s, &p);
    if (st != ECSNET_OK) {
      set_fail(L, st);
      return 0;
    }
  }
  return 1;
}

/* Fills set s from the argument at 'arg' (nil, value, or list). */
static int fill_set(lua_State *L, ecsnet_cidrset_t *s, int arg,
                    unsigned flags) {
  if (lua_type(L, arg) == LUA_TTABLE) {
    size_t k, n = (size_t)lua_rawlen(L, arg);
    int top = lua_gettop(L);
    for (k = 1; k <= n; k++) {
      lua_rawgeti(L, arg, (int)k);
      if (!add_value(L, s, top + 1, flags, (int)k)) return 0;
      lua_settop(L, top);
    }
  } else if (!lua_isnoneornil(L, arg)) {
    if (!add_value(L, s, arg, flags, 0)) return 0;
  }
  ecsnet_cidrset_compile(s);
  return 1;
}

/* Pushes the set's minimal prefix list as a table. */
static void push_prefixes(lua_State *L, const ecsnet_cidrset_t *s) {
  ecsnet_cidrset_iter_t it;
  ecsnet_prefix_t p;
  int k = 0;
  memset(&it, 0, sizeof it);
  lua_createtable(L, (int)(ecsnet_cidrset_intervals(s, 4) +
                           ecsnet_cidrset_intervals(s, 6)), 0);
  while (ecsnet_cidrset_next(s, &it, &p)) {
    pushcidr(L, &p);
    lua_rawseti(L, -2, ++k);
  }
}

/* }====================================================================== */


/*
** {======================================================================
** Prefix sets
** =======================================================================
*/

/*** Collapses a list of prefixes into the minimal sorted list covering the
-- same addresses (IPv4 first, then IPv6), like Python's
-- `collapse_addresses` but accepting both families.
-- @function aggregate @tparam {string|cidr,...} list
-- @tparam[opt] table options `{mask = true}` to accept host bits
-- @treturn[1] {cidr,...}
-- @return[2] nil @treturn[2] string `entry 3: invalid prefix ...` */
static int laggregate(lua_State *L) {
  setbox *b;
  unsigned flags;
  luaL_checktype(L, 1, LUA_TTABLE);
  flags = lecsnet_cidr_flags(L, 2, opts_mask);
  b = newset(L);
  if (!fill_set(L, b->s, 1, flags)) return 2;
  push_prefixes(L, b->s);
  return 1;
}
/*** Builds a prefix set from a list of prefixes and addresses (strings or
-- `ecsnet.cidr` values, either family), or from another set. Sets hold
-- sorted disjoint intervals: membership is a binary search.
-- @function cidrset
-- @tparam[opt] {string|cidr,...}|string|cidr|cidrset list
-- @tparam[opt] table options `{mask = true}` to accept host bits
-- @treturn[1] cidrset
-- @return[2] nil @treturn[2] string `entry 2: invalid prefix ...` */
static int lset_new(lua_State *L) {
  unsigned flags = lecsnet_cidr_flags(L, 2, opts_mask);
  setbox *b = newset(L);
  if (!fill_set(L, b->s, 1, flags)) return 2;
  return 1;
}

static int lset_gc(lua_State *L) {
  setbox *b = (setbox *)luaL_checkudata(L, 1, LECSNET_CIDRSET);
  ecsnet_cidrset_free(b->s);
  b->s = NULL;
  return 0;
}

/*** Whether every address of `x` (an address or prefix, text or value) is
-- in the set. Text that does not parse gives nil, message.
-- @function cidrset:contains @tparam string|cidr x
-- @treturn[1] boolean @return[2] nil @treturn[2] string */
static int lset_contains(lua_State *L) {
  setbox *b = checkset(L, 1);
  if (lua_type(L, 2) == LUA_TSTRING) {
    size_t n;
    const char *s = lua_tolstring(L, 2, &n);
    int r = ecsnet_cidrset_contains_text(b->s, s, n);
    if (r < 0) {
      char err[ECSNET_ERRBUF_MAX];
      ecsnet_prefix_t p;
      ecsnet_prefix_parse(s, n, 0, &p, err, sizeof err);
      return lecsnet_fail(L, err);
    }
    lua_pushboolean(L, r);
    return 1;
  } else {
    ecsnet_prefix_t *p = testcidr(L, 2);
    if (p == NULL) return luaL_typeerror(L, 2, "ecsnet.cidr or string");
    lua_pushboolean(L, ecsnet_cidrset_contains(b->s, p) == 1);
    return 1;
  }
}

/* Batch loops touch each list entry's string for the first time; that
** cache miss, not the search, dominates. Where lua_topointer gives the
** string object's address without reading it (Lua 5.4 and 5.3 do; 5.1 and
** LuaJIT give NULL, which is harmless), the entry PREFETCH places ahead is
** requested early. */
#define PREFETCH 8
static void prefetch_entry(lua_State *L, int t, size_t i, size_t n) {
#if defined(__GNUC__) || defined(__clang__)
  if (i <= n) {
    lua_rawgeti(L, t, (int)i);
    __builtin_prefetch(lua_topointer(L, -1));
    lua_pop(L, 1);
  }
#else
  (void)L; (void)t; (void)i; (void)n;
#endif
}

/* Membership of list entry at the top of the stack: 1, 0, -1 (bad). */
static int member_top(lua_State *L, const ecsnet_cidrset_t *s) {
  if (lua_type(L, -1) == LUA_TSTRING) {
    size_t n;
    const char *t = lua_tolstring(L, -1, &n);
    return ecsnet_cidrset_contains_text(s, t, n);
  } else {
    ecsnet_prefix_t *p = testcidr(L, -1);
    return p ? ecsnet_cidrset_contains(s, p) : -2;
  }
}

/*** Batch membership: one call for many addresses. `out[i]` is true when
-- `list[i]` is in the set; entries that are not valid addresses are false
-- and listed in the second result.
-- @function cidrset:match @tparam {string|cidr,...} list
-- @tparam[opt] table out a table to fill (reused across calls)
-- @treturn {boolean,...} @treturn ?{int,...} indexes of invalid entries */
static int lset_match(lua_State *L) {
  setbox *b = checkset(L, 1);
  size_t n, i;
  int bad = 0;
  luaL_checktype(L, 2, LUA_TTABLE);
  n = (size_t)lua_rawlen(L, 2);
  if (lua_isnoneornil(L, 3)) {
    lua_settop(L, 2);
    lua_createtable(L, (int)n, 0);
  } else {
    luaL_checktype(L, 3, LUA_TTABLE);
    lua_settop(L, 3);
  }
  for (i = 1; i <= n; i++) {
    int r;
    prefetch_entry(L, 2, i + PREFETCH, n);
    lua_rawgeti(L, 2, (int)i);
    r = member_top(L, b->s);
    lua_pop(L, 1);
    if (r == -2)
      return luaL_argerror(L, 2, lua_pushfstring(L, "entry %d: ecsnet.cidr "
                           "or string expected", (int)i));
    lua_pushboolean(L, r == 1);
    lua_rawseti(L, 3, (int)i);
    if (r < 0) {
      if (!bad) { lua_newtable(L); bad = lua_gettop(L); }
      lua_pushinteger(L, (lua_Integer)i);
      lua_rawseti(L, bad, (int)lua_rawlen(L, bad) + 1);
    }
  }
  lua_pushvalue(L, 3);
  if (bad) lua_pushvalue(L, bad);
  else lua_pushnil(L);
  return 2;
}

/*** Batch membership, counting: how many entries of `list` are in the set.
-- @function cidrset:count @tparam {string|cidr,...} list
-- @treturn int members @treturn int entries that are not valid addresses */
static int lset_count(lua_State *L) {
  setbox *b = checkset(L, 1);
  size_t n, i;
  lua_Integer hits = 0, bad = 0;
  luaL_checktype(L, 2, LUA_TTABLE);
  n = (size_t)lua_rawlen(L, 2);
  for (i = 1; i <= n; i++) {
    int r;
    prefetch_entry(L, 2, i + PREFETCH, n);
    lua_rawgeti(L, 2, (int)i);
    r = member_top(L, b->s);
    lua_pop(L, 1);
    if (r == -2)
      return luaL_argerror(L, 2, lua_pushfstring(L, "entry %d: ecsnet.cidr "
                           "or string expected", (int)i));
    if (r == 1) hits++;
    else if (r < 0) bad++;
  }
  lua_pushinteger(L, hits);
  lua_pushinteger(L, bad);
  return 2;
}

/*** Whether some address of `x` is in the set.
-- @function cidrset:overlaps @tparam string|cidr x
-- @treturn[1] boolean @return[2] nil @treturn[2] string */
static int lset_overlaps(lua_State *L) {
  setbox *b = checkset(L, 1);
  ecsnet_prefix_t p;
  char err[ECSNET_ERRBUF_MAX];
  if (lecsnet_cidr_toprefix(L, 2, 0, &p, err) != ECSNET_OK) return lecsnet_fail(L, err);
  lua_pushboolean(L, ecsnet_cidrset_overlaps(b->s, &p) == 1);
  return 1;
}

/* The set-like argument at 2 as a set (building one from a list, value or
** text); NULL after pushing nil, message. */
static ecsnet_cidrset_t *toset(lua_State *L, int arg) {
  setbox *o = (setbox *)luaL_testudata(L, arg, LECSNET_CIDRSET);
  setbox *t;
  if (o != NULL) {
    if (o->s == NULL) luaL_argerror(L, arg, "ecsnet.cidrset is closed");
    return o->s;
  }
  if (lua_isnoneornil(L, arg))
    luaL_typeerror(L, arg, "ecsnet.cidrset, list, ecsnet.cidr or string");
  t = newset(L);
  if (!fill_set(L, t->s, arg, 0)) return NULL;
  return t->s;
}

static int algebra(lua_State *L, ecsnet_setop_t op) {
  setbox *a = checkset(L, 1), *r;
  ecsnet_cidrset_t *b = toset(L, 2), *res;
  int st;
  if (b == NULL) return 2;
  r = newset(L);          /* owns the result from here on */
  st = ecsnet_cidrset_combine(a->s, b, op, &res);
  if (st != ECSNET_OK) return set_fail(L, st);
  ecsnet_cidrset_free(r->s);
  r->s = res;
  return 1;
}

/*** The union (also `a + b`). @function cidrset:union
-- @tparam cidrset|table|string|cidr other
-- @treturn[1] cidrset @return[2] nil @treturn[2] string */
static int lset_union(lua_State *L) { return algebra(L, ECSNET_SETOP_UNION); }

/*** The difference (also `a - b`). @function cidrset:difference
-- @tparam cidrset|table|string|cidr other
-- @treturn[1] cidrset @return[2] nil @treturn[2] string */
static int lset_difference(lua_State *L) { return algebra(L, ECSNET_SETOP_DIFFERENCE); }

/*** The intersection (also `a * b`). @function cidrset:intersection
-- @tparam cidrset|table|string|cidr other
-- @treturn[1] cidrset @return[2] nil @treturn[2] string */
static int lset_intersection(lua_State *L) { return algebra(L, ECSNET_SETOP_INTERSECTION); }

/* Operators: the set may be either operand; as operators cannot return
** nil, message, bad text in the other operand raises. */
static int operator(lua_State *L, ecsnet_setop_t op) {
  int i;
  lua_settop(L, 2);
  for (i = 1; i <= 2; i++)
    if (luaL_testudata(L, i, LECSNET_CIDRSET) == NULL) {
      setbox *t = newset(L);
      if (!fill_set(L, t->s, i, 0)) return lua_error(L);
      lua_replace(L, i);
    }
  return algebra(L, op) == 1 ? 1 : lua_error(L);
}
static int lset_add(lua_State *L) { return operator(L, ECSNET_SETOP_UNION); }
static int lset_sub(lua_State *L) { return operator(L, ECSNET_SETOP_DIFFERENCE); }
static int lset_mul(lua_State *L) { return operator(L, ECSNET_SETOP_INTERSECTION); }

/*** The minimal prefix list, IPv4 first. @function cidrset:prefixes
-- @treturn {cidr,...} */
static int lset_prefixes(lua_State *L) {
  push_prefixes(L, checkset(L, 1)->s);
  return 1;
}

static int set_iter(lua_State *L) {
  setbox *b = (setbox *)lua_touserdata(L, lua_upvalueindex(1));
  ecsnet_cidrset_iter_t *it =
      (ecsnet_cidrset_iter_t *)lua_touserdata(L, lua_upvalueindex(2));
  ecsnet_prefix_t p;
  if (b->s == NULL || !ecsnet_cidrset_next(b->s, it, &p)) return 0;
  pushcidr(L, &p);
  return 1;
}

/*** Iterates over the minimal prefix list without building a table.
-- `for p in set:each() do ... end`
-- @function cidrset:each @treturn function */
static int lset_each(lua_State *L) {
  ecsnet_cidrset_iter_t *it;
  checkset(L, 1);
  lua_settop(L, 1);
  it = (ecsnet_cidrset_iter_t *)lua_newuserdatauv(L, sizeof *it, 0);
  memset(it, 0, sizeof *it);
  lua_pushcclosure(L, set_iter, 2);
  return 1;
}

/*** Whether the set is empty. @function cidrset:isempty @treturn boolean */
static int lset_isempty(lua_State *L) {
  setbox *b = checkset(L, 1);
  lua_pushboolean(L, ecsnet_cidrset_intervals(b->s, 4) == 0 &&
                     ecsnet_cidrset_intervals(b->s, 6) == 0);
  return 1;
}

/*** Heap bytes the set holds (its intervals and header).
-- @function cidrset:bytes @treturn int */
static int lset_bytes(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ecsnet_cidrset_bytes(checkset(L, 1)->s));
  return 1;
}

/*** The number of disjoint intervals per family.
-- @function cidrset:intervals @treturn int IPv4 @treturn int IPv6 */
static int lset_intervals(lua_State *L) {
  setbox *b = checkset(L, 1);
  lua_pushinteger(L, (lua_Integer)ecsnet_cidrset_intervals(b->s, 4));
  lua_pushinteger(L, (lua_Integer)ecsnet_cidrset_intervals(b->s, 6));
  return 2;
}

static int lset_eq(lua_State *L) {
  setbox *a = (setbox *)luaL_testudata(L, 1, LECSNET_CIDRSET);
  setbox *b = (setbox *)luaL_testudata(L, 2, LECSNET_CIDRSET);
  lua_pushboolean(L, a && b && a->s && b->s && ecsnet_cidrset_equal(a->s, b->s));
  return 1;
}

/* "cidrset{10.0.0.0/8, 192.168.0.0/16}", cut after 8 prefixes. */
static int lset_tostring(lua_State *L) {
  setbox *b = (setbox *)luaL_checkudata(L, 1, LECSNET_CIDRSET);
  luaL_Buffer buf;
  ecsnet_cidrset_iter_t it;
  ecsnet_prefix_t p;
  int k = 0;
  if (b->s == NULL) {
    lua_pushliteral(L, "cidrset (closed)");
    return 1;
  }
  memset(&it, 0, sizeof it);
  luaL_buffinit(L, &buf);
  luaL_addstring(&buf, "cidrset{");
  while (ecsnet_cidrset_next(b->s, &it, &p)) {
    char t[ECSNET_PREFIX_STRLEN_MAX];
    if (k++ == 8) { luaL_addstring(&buf, ", ..."); break; }
    if (k > 1) luaL_addstring(&buf, ", ");
    ecsnet_prefix_format(&p, t, sizeof t);
    luaL_addstring(&buf, t);
  }
  luaL_addchar(&buf, '}');
  luaL_pushresult(&buf);
  return 1;
}

/* }====================================================================== */


const luaL_Reg lecsnet_cidrset_methods[] = {
  {"contains", lset_contains},
  {"match", lset_match},
  {"count", lset_count},
  {"overlaps", lset_overlaps},
  {"union", lset_union},
  {"difference", lset_difference},
  {"intersection", lset_intersection},
  {"prefixes", lset_prefixes},
  {"each", lset_each},
  {"isempty", lset_isempty},
  {"bytes", lset_bytes},
  {"intervals", lset_intervals},
  {"close", lset_gc},
  {NULL, NULL}
};

const luaL_Reg lecsnet_cidrset_meta[] = {
  {"__gc", lset_gc},
  {"__close", lset_gc},
  {"__tostring", lset_tostring},
  {"__eq", lset_eq},
  {"__add", lset_add},
  {"__sub", lset_sub},
  {"__mul", lset_mul},
  {NULL, NULL}
};

const luaL_Reg lecsnet_cidrset_funcs[] = {
  {"cidrset", lset_new},
  {"aggregate", laggregate},
  {NULL, NULL}
};
