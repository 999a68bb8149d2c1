/*
** lecsnet_cidr_subnet.c: the Lua binding of subnetting (CIDR math;
** docs/reference.md §4): supernets, neighbours, subnets and splits, carving
** subnets of given sizes, exclusion, and the prefixes of an address range.
*/
#include <stdio.h>
#include <stdlib.h>

#include "lecsnet_cidr.h"

#define CIDR_MAX_PARTS 65536   /* split(k) builds a table: beyond, stream */

/*
** {======================================================================
** Subnetting
** =======================================================================
*/

/*** The enclosing prefix of length `newlen` (default: one bit shorter).
-- @function cidr:supernet @tparam[opt] int newlen
-- @treturn[1] cidr @return[2] nil @treturn[2] string */
static int lcidr_supernet(lua_State *L) {
  ecsnet_prefix_t *p = checkcidr(L, 1), r;
  lua_Integer nl = luaL_optinteger(L, 2, (lua_Integer)p->len - 1);
  if (nl < 0 || nl > p->len) {
    char b[ECSNET_PREFIX_STRLEN_MAX];
    ecsnet_prefix_format(p, b, sizeof b);
    return lecsnet_failf(L, "%s has no supernet of length %d (expected 0-%d)",
                         b, (int)nl, (int)p->len);
  }
  ecsnet_prefix_supernet(p, (unsigned)nl, &r);
  pushcidr(L, &r);
  return 1;
}

static int step(lua_State *L, int dir) {
  ecsnet_prefix_t *p = checkcidr(L, 1), r;
  if (ecsnet_prefix_step(p, dir, &r) != ECSNET_OK) {
    char b[ECSNET_PREFIX_STRLEN_MAX];
    ecsnet_prefix_format(p, b, sizeof b);
    return lecsnet_failf(L, "%s is the %s /%d of the address space", b,
                         dir > 0 ? "last" : "first", (int)p->len);
  }
  pushcidr(L, &r);
  return 1;
}

/*** The next prefix of the same length. @function cidr:next
-- @treturn[1] cidr @return[2] nil @treturn[2] string past the end */
static int lcidr_next(lua_State *L) { return step(L, 1); }

/*** The previous prefix of the same length. @function cidr:prev
-- @treturn[1] cidr @return[2] nil @treturn[2] string before the start */
static int lcidr_prev(lua_State *L) { return step(L, -1); }

static int split_iter(lua_State *L) {
  ecsnet_split_t *it = (ecsnet_split_t *)lua_touserdata(L, lua_upvalueindex(1));
  ecsnet_prefix_t p;
  if (!ecsnet_split_next(it, &p)) return 0;
  pushcidr(L, &p);
  return 1;
}

/*** Iterates over the subnets of length `newlen`, in order, one value at a
-- time: nothing is built up, so a /8 into /28s (a million values) or even a
-- /0 into /128s streams.
-- `for s in ecsnet.cidr("10.0.0.0/8"):subnets(28) do ... end`
-- @function cidr:subnets @tparam int newlen between the prefix's length and
-- 32/128 (raises otherwise) @treturn function */
static int lcidr_subnets(lua_State *L) {
  ecsnet_prefix_t *p = checkcidr(L, 1);
  lua_Integer nl = luaL_checkinteger(L, 2);
  unsigned max = p->family == 4 ? 32u : 128u;
  ecsnet_split_t *it;
  if (nl < p->len || nl > (lua_Integer)max)
    return luaL_argerror(L, 2, lua_pushfstring(L, "new prefix length %d out "
                         "of range (%d-%d)", (int)nl, (int)p->len, (int)max));
  it = (ecsnet_split_t *)lua_newuserdatauv(L, sizeof *it, 0);
  ecsnet_split_init(it, p, (unsigned)nl);
  lua_pushcclosure(L, split_iter, 1);
  return 1;
}

/*** Splits into `k` equal parts (`k` a power of two), as a table.
-- @function cidr:split @tparam int k
-- @treturn[1] {cidr,...}
-- @return[2] nil @treturn[2] string when k is not a power of two, too many
-- for the prefix, or over 65536 (use `subnets`, which streams) */
static int lcidr_split(lua_State *L) {
  ecsnet_prefix_t *p = checkcidr(L, 1), s;
  lua_Integer k = luaL_checkinteger(L, 2);
  unsigned max = p->family == 4 ? 32u : 128u, bits = 0;
  ecsnet_split_t it;
  int i = 0;
  char b[ECSNET_PREFIX_STRLEN_MAX], kt[32];
  ecsnet_prefix_format(p, b, sizeof b);
  snprintf(kt, sizeof kt, "%lld", (long long)k);   /* lua_Integer, any Lua */
  if (k < 1 || (k & (k - 1)) != 0)
    return lecsnet_failf(L, "cannot split %s into %s equal parts: the count "
                         "must be a power of two", b, kt);
  if (k > CIDR_MAX_PARTS)
    return lecsnet_failf(L, "splitting %s into %s parts would build a huge "
                         "table (limit %d); iterate with :subnets(len)", b,
                         kt, CIDR_MAX_PARTS);
  while (((lua_Integer)1 << bits) < k) bits++;
  if (p->len + bits > max)
    return lecsnet_failf(L, "cannot split %s into %s parts: it has only "
                         "2^%d addresses", b, kt, (int)(max - p->len));
  ecsnet_split_init(&it, p, p->len + bits);
  lua_createtable(L, (int)k, 0);
  while (ecsnet_split_next(&it, &s)) {
    pushcidr(L, &s);
    lua_rawseti(L, -2, ++i);
  }
  return 1;
}

/*** Carves subnets of the requested sizes out of the prefix, largest first,
-- each aligned on its size at the lowest free address (as `ipcalc -s`).
-- A size is a number of addresses needed after the reserved ones (AWS: 5,
-- docs/reference.md §4.1; IPv4 subnets at most /28), or a prefix length as text
-- (`"/24"`).
-- @function cidr:carve @tparam {int|string,...} sizes
-- @tparam[opt] table options `{reserved = 5}`: another reservation (e.g. 2
-- for network + broadcast) also lifts the /28 floor
-- @treturn[1] {cidr,...} the subnet for each request, in request order
-- @treturn[1] {cidr,...} the unused space as a minimal prefix list
-- @return[2] nil @treturn[2] string when the sizes do not fit */
static int lcidr_carve(lua_State *L) {
  ecsnet_prefix_t *p = checkcidr(L, 1);
  unsigned max = p->family == 4 ? 32u : 128u, reserved = 5;
  int aws = 1;
  size_t n, i, nu = 0;
  unsigned char *lens;
  ecsnet_prefix_t *out, unused[2 * 128 + 2];
  char err[ECSNET_ERRBUF_MAX];
  int st;
  static const char *const known[] = { "reserved", NULL };
  luaL_checktype(L, 2, LUA_TTABLE);
  lecsnet_checkopts(L, 3, known);
  if (!lua_isnoneornil(L, 3)) {
    lua_getfield(L, 3, "reserved");
    if (!lua_isnil(L, -1)) {
      lua_Integer r = luaL_checkinteger(L, -1);
      luaL_argcheck(L, r >= 0 && r <= 1000000, 3, "option 'reserved' out of "
                    "range");
      reserved = (unsigned)r;
      aws = 0;
    }
    lua_pop(L, 1);
  }
  n = (size_t)lua_rawlen(L, 2);
  if (n == 0) {
    lua_newtable(L);
    ecsnet_prefix_carve(p, NULL, 0, NULL, unused, sizeof unused / sizeof *unused,
                        &nu, NULL, 0);
    lecsnet_cidr_pushlist(L, unused, nu);
    return 2;
  }
  luaL_argcheck(L, n <= CIDR_MAX_PARTS, 2,
                "too many requests (at most 65536)");
  /* Scratch in userdata, so that a raise below cannot leak it. */
  lens = (unsigned char *)lua_newuserdatauv(L, n, 0);
  out = (ecsnet_prefix_t *)lua_newuserdatauv(L, n * sizeof *out, 0);
  for (i = 0; i < n; i++) {
    unsigned len;
    lua_rawgeti(L, 2, (int)i + 1);
    if (lua_type(L, -1) == LUA_TSTRING) {
      const char *s = lua_tostring(L, -1);
      char *end;
      long v;
      if (s[0] != '/' || s[1] < '0' || s[1] > '9' ||
          (v = strtol(s + 1, &end, 10), *end != '\0') || v < 0 ||
          v > (long)max)
        return lecsnet_failf(L, "request %d: '%s' is not a prefix length "
                             "(expected '/0' to '/%d')", (int)i + 1, s,
                             (int)max);
      len = (unsigned)v;
    } else if (lua_type(L, -1) == LUA_TNUMBER) {
      lua_Number v = lua_tonumber(L, -1);
      if (!(v >= 1))   /* NaN fails too */
        return lecsnet_failf(L, "request %d: size must be a positive count "
                             "of addresses", (int)i + 1);
      if (ecsnet_prefix_len_for_count(p->family, (double)v, reserved, aws,
                                      &len) != ECSNET_OK) {
        char num[32];   /* lua_pushfstring has no precision */
        snprintf(num, sizeof num, "%.15g", (double)v);
        return lecsnet_failf(L, "request %d: no prefix has %s addresses",
                             (int)i + 1, num);
      }
    } else {
      return luaL_argerror(L, 2, lua_pushfstring(L, "request %d must be a "
                           "number or a string like '/24', got %s", (int)i + 1,
                           luaL_typename(L, -1)));
    }
    lua_pop(L, 1);
    if (len < p->len) {
      char b[ECSNET_PREFIX_STRLEN_MAX];
      ecsnet_prefix_format(p, b, sizeof b);
      return lecsnet_failf(L, "request %d needs a /%d, larger than %s",
                           (int)i + 1, (int)len, b);
    }
    lens[i] = (unsigned char)len;
  }
  st = ecsnet_prefix_carve(p, lens, n, out, unused,
                           sizeof unused / sizeof *unused, &nu, err,
                           sizeof err);
  if (st != ECSNET_OK) return lecsnet_fail(L, err);
  lecsnet_cidr_pushlist(L, out, n);
  lecsnet_cidr_pushlist(L, unused, nu);
  return 2;
}

/*** The prefix minus `other`, as a minimal sorted prefix list (empty when
-- `other` covers it; the prefix itself when they do not overlap).
-- @function cidr:exclude @tparam string|cidr other
-- @treturn[1] {cidr,...}
-- @return[2] nil @treturn[2] string bad text, or mixed families */
static int lcidr_exclude(lua_State *L) {
  ecsnet_prefix_t *a = checkcidr(L, 1), b, out[130];
  size_t n;
  if (!lecsnet_cidr_second(L, a, &b)) return 2;
  ecsnet_prefix_exclude(a, &b, out, sizeof out / sizeof *out, &n);
  lecsnet_cidr_pushlist(L, out, n);
  return 1;
}

/*** The minimal prefix list covering the addresses `first` to `last`.
-- @function cidr_range @tparam string|cidr first @tparam string|cidr last
-- @treturn[1] {cidr,...}
-- @return[2] nil @treturn[2] string bad text, mixed families, or last < first */
static int lrange(lua_State *L) {
  ecsnet_prefix_t a, b, out[260];
  char err[ECSNET_ERRBUF_MAX];
  size_t n;
  int st;
  if (lecsnet_cidr_toprefix(L, 1, ECSNET_CIDR_MASK, &a, err) != ECSNET_OK ||
      lecsnet_cidr_toprefix(L, 2, ECSNET_CIDR_MASK, &b, err) != ECSNET_OK)
    return lecsnet_fail(L, err);
  if (a.family != b.family) return lecsnet_cidr_family_fail(L, &a, &b);
  st = ecsnet_range_prefixes(&a, &b, out, sizeof out / sizeof *out, &n);
  if (st != ECSNET_OK) {
    char x[ECSNET_PREFIX_STRLEN_MAX], y[ECSNET_PREFIX_STRLEN_MAX];
    ecsnet_addr_format(&a, x, sizeof x);
    ecsnet_addr_format(&b, y, sizeof y);
    return lecsnet_failf(L, "empty range: %s comes after %s", x, y);
  }
  lecsnet_cidr_pushlist(L, out, n);
  return 1;
}

/* }====================================================================== */


const luaL_Reg lecsnet_cidr_subnet_methods[] = {
  {"supernet", lcidr_supernet},
  {"next", lcidr_next},
  {"prev", lcidr_prev},
  {"subnets", lcidr_subnets},
  {"split", lcidr_split},
  {"carve", lcidr_carve},
  {"exclude", lcidr_exclude},
  {NULL, NULL}
};

const luaL_Reg lecsnet_cidr_subnet_funcs[] = {
  {"cidr_range", lrange},
  {NULL, NULL}
};
