/*
** lecsnet_cidr.c: the Lua binding of CIDR and subnet math (issue 3;
** ecs-facts.md §4): the value type ecsnet.cidr, prefix sets ecsnet.cidrset,
** subnetting and the AWS rules.
**
** A cidr userdata is an ecsnet_prefix_t (18 bytes, no __gc). A cidrset
** userdata boxes an ecsnet_cidrset_t* that allocates through the state's
** allocator and is freed by __gc/__close; it is created empty and closed
** before anything is allocated, so a raise at any point leaks nothing.
** IPv6 sizes travel as decimal strings, never as lua_Number.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lecsnet_aux.h"

#define CIDR_MAX_PARTS 65536   /* split(k) builds a table: beyond, stream */

typedef struct {
  ecsnet_cidrset_t *s;
} setbox;


/*
** {======================================================================
** Helpers
** =======================================================================
*/

static ecsnet_prefix_t *checkcidr(lua_State *L, int i) {
  return (ecsnet_prefix_t *)luaL_checkudata(L, i, LECSNET_CIDR);
}

static ecsnet_prefix_t *testcidr(lua_State *L, int i) {
  return (ecsnet_prefix_t *)luaL_testudata(L, i, LECSNET_CIDR);
}

static ecsnet_prefix_t *pushcidr(lua_State *L, const ecsnet_prefix_t *p) {
  ecsnet_prefix_t *u = (ecsnet_prefix_t *)lua_newuserdatauv(L, sizeof *u, 0);
  *u = *p;
  luaL_setmetatable(L, LECSNET_CIDR);
  return u;
}

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

static void raise_nomem(lua_State *L) {
  luaL_error(L, "not enough memory");
}

#define SET_LIMIT_MSG "the prefix set would hold more than %d ranges of one " \
  "family, ecsnet's limit per set (docs/robustness.md)"

/* For a set status other than ECSNET_OK: raises for memory, else pushes
** nil, message (the size limit) and returns 2. */
static int set_fail(lua_State *L, int st) {
  if (st == ECSNET_ENOMEM) raise_nomem(L);
  return lecsnet_failf(L, SET_LIMIT_MSG, (int)ECSNET_CIDRSET_MAX_RANGES);
}

/* Reads the cidr-like value at 'i' (an ecsnet.cidr or a string) into *out.
** Raises for other types; returns ECSNET_OK or, for text that does not
** parse, an error code with the message in err. */
static int toprefix(lua_State *L, int i, unsigned flags, ecsnet_prefix_t *out,
                    char *err) {
  const ecsnet_prefix_t *u;
  if (lua_type(L, i) == LUA_TSTRING) {
    size_t n;
    const char *s = lua_tolstring(L, i, &n);
    return ecsnet_prefix_parse(s, n, flags, out, err, ECSNET_ERRBUF_MAX);
  }
  u = testcidr(L, i);
  if (u == NULL) luaL_typeerror(L, i, "ecsnet.cidr or string");
  *out = *u;
  return ECSNET_OK;
}

static const char *famname(const ecsnet_prefix_t *p) {
  return p->family == 4 ? "IPv4" : "IPv6";
}

/* nil, "address families differ: ..." */
static int family_fail(lua_State *L, const ecsnet_prefix_t *a,
                       const ecsnet_prefix_t *b) {
  char x[ECSNET_PREFIX_STRLEN_MAX], y[ECSNET_PREFIX_STRLEN_MAX];
  ecsnet_prefix_format(a, x, sizeof x);
  ecsnet_prefix_format(b, y, sizeof y);
  return lecsnet_failf(L, "address families differ: %s is %s, %s is %s "
                       "(compare prefixes of one family)", x, famname(a), y,
                       famname(b));
}

static int pushprefixtext(lua_State *L, const ecsnet_prefix_t *p) {
  char b[ECSNET_PREFIX_STRLEN_MAX];
  size_t n = ecsnet_prefix_format(p, b, sizeof b);
  lua_pushlstring(L, b, n);
  return 1;
}

static int pushaddrtext(lua_State *L, const ecsnet_prefix_t *p) {
  char b[ECSNET_PREFIX_STRLEN_MAX];
  size_t n = ecsnet_addr_format(p, b, sizeof b);
  lua_pushlstring(L, b, n);
  return 1;
}

static const char *const opts_mask[] = { "mask", NULL };
static const char *const opts_parse[] = { "mask", "lenient", NULL };

/* Reads the options at 'arg': {mask = bool, lenient = bool}, the names in
** 'known' (opts_parse or opts_mask). */
static unsigned parseflags(lua_State *L, int arg, const char *const known[]) {
  unsigned f = 0;
  lecsnet_checkopts(L, arg, known);
  if (lua_isnoneornil(L, arg)) return 0;
  lua_getfield(L, arg, "mask");
  if (lua_toboolean(L, -1)) f |= ECSNET_CIDR_MASK;
  lua_getfield(L, arg, "lenient");
  if (lua_toboolean(L, -1)) f |= ECSNET_CIDR_LENIENT;
  lua_pop(L, 2);
  return f;
}

/* Pushes a list of prefixes as a table of ecsnet.cidr values. */
static void pushlist(lua_State *L, const ecsnet_prefix_t *v, size_t n) {
  size_t i;
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    pushcidr(L, &v[i]);
    lua_rawseti(L, -2, (int)i + 1);
  }
}

/* }====================================================================== */


/*
** {======================================================================
** Constructor and value methods
** =======================================================================
*/

/*** Parses a prefix or an address into an `ecsnet.cidr` value.
-- Strict by default (ecs-facts.md §4.1: AWS canonicalizes given CIDRs; here
-- text with host bits is refused with `did you mean 10.0.0.0/24?` unless
-- `mask` is set). A bare address means /32 or /128. With `lenient`, what
-- libcidr accepts (octal and hex octets, short forms, netmasks) is read as
-- libcidr reads it, host bits are cleared, and the second result says how the
-- text was normalized. An `ecsnet.cidr` argument is returned as is.
-- @function cidr
-- @tparam string|cidr text `"10.0.0.0/16"`, `"2001:db8::/56"`, `"10.0.0.5"`
-- @tparam[opt] table options `{mask = true}`, `{lenient = true}`
-- @treturn[1] cidr the value
-- @treturn[1] ?string in lenient mode, how the text was normalized (nil when
-- it was canonical)
-- @return[2] nil
-- @treturn[2] string `invalid prefix '010.0.0.0/8': leading zero ...`
*/
static int lcidr_new(lua_State *L) {
  ecsnet_prefix_t p, *u;
  char err[ECSNET_ERRBUF_MAX];
  size_t n;
  const char *s;
  unsigned flags;
  if (lua_type(L, 1) == LUA_TSTRING && lua_gettop(L) == 1) {
    /* the hot path: cidr(text) */
    s = lua_tolstring(L, 1, &n);
    if (ecsnet_prefix_parse(s, n, 0, &p, err, sizeof err) != ECSNET_OK)
      return lecsnet_fail(L, err);
    u = (ecsnet_prefix_t *)lua_newuserdatauv(L, sizeof *u, 0);
    *u = p;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_setmetatable(L, -2);
    return 1;
  }
  if ((u = testcidr(L, 1)) != NULL) {
    lua_settop(L, 1);
    return 1;
  }
  s = luaL_checklstring(L, 1, &n);
  flags = parseflags(L, 2, opts_parse);
  err[0] = '\0';
  if (ecsnet_prefix_parse(s, n, flags, &p, err, sizeof err) != ECSNET_OK)
    return lecsnet_fail(L, err);
  pushcidr(L, &p);
  if ((flags & ECSNET_CIDR_LENIENT) && err[0] != '\0') {
    lua_pushstring(L, err);
    return 2;
  }
  return 1;
}

/*** The address family. @function cidr:family @treturn int 4 or 6 */
static int lcidr_family(lua_State *L) {
  lua_pushinteger(L, checkcidr(L, 1)->family);
  return 1;
}

/*** The prefix length. @function cidr:prefixlen @treturn int */
static int lcidr_prefixlen(lua_State *L) {
  lua_pushinteger(L, checkcidr(L, 1)->len);
  return 1;
}

/*** The network (first) address as text. @function cidr:network
-- @treturn string `"10.0.0.0"` */
static int lcidr_network(lua_State *L) {
  return pushaddrtext(L, checkcidr(L, 1));
}

/* Pushes the address 'index' of p (see ecsnet_prefix_addr). */
static int push_index(lua_State *L, const ecsnet_prefix_t *p, long long idx,
                      const char *what) {
  ecsnet_prefix_t a;
  if (ecsnet_prefix_addr(p, idx, &a) != ECSNET_OK) {
    char b[ECSNET_PREFIX_STRLEN_MAX];
    ecsnet_prefix_format(p, b, sizeof b);
    return lecsnet_failf(L, "%s has no %s", b, what);
  }
  return pushaddrtext(L, &a);
}

/*** The last address as text. @function cidr:last @treturn string */
static int lcidr_last(lua_State *L) {
  return push_index(L, checkcidr(L, 1), -1, "last address");
}

/*** The network address in binary, network byte order: 4 or 16 bytes (the
-- form of nginx's `$binary_remote_addr`).
-- @function cidr:bytes @treturn string */
static int lcidr_bytes(lua_State *L) {
  ecsnet_prefix_t *p = checkcidr(L, 1);
  lua_pushlstring(L, (const char *)p->addr, p->family == 4 ? 4 : 16);
  return 1;
}

/*** The address `i` of the prefix (0 = network, -1 = last).
-- @function cidr:addr @tparam int i @treturn[1] string
-- @return[2] nil @treturn[2] string when outside the prefix */
static int lcidr_addr(lua_State *L) {
  ecsnet_prefix_t *p = checkcidr(L, 1);
  lua_Integer i = luaL_checkinteger(L, 2);
  return push_index(L, p, (long long)i, "such address");
}

/* AWS reserves the first four and the last address (§4.1, §4.2). */
static int usable_ok(lua_State *L, const ecsnet_prefix_t *p) {
  unsigned max = p->family == 4 ? 32u : 128u;
  if (max - p->len < 3) {   /* fewer than 8 addresses: nothing usable */
    char b[ECSNET_PREFIX_STRLEN_MAX];
    ecsnet_prefix_format(p, b, sizeof b);
    lecsnet_failf(L, "%s is too small for AWS: the first four and the last "
                  "address are reserved (ecs-facts.md §4.1)", b);
    return 0;
  }
  return 1;
}

/*** The first address AWS leaves usable (network + 4).
-- @function cidr:first_usable @treturn[1] string
-- @return[2] nil @treturn[2] string for prefixes under 8 addresses */
static int lcidr_first_usable(lua_State *L) {
  ecsnet_prefix_t *p = checkcidr(L, 1);
  if (!usable_ok(L, p)) return 2;
  return push_index(L, p, 4, "usable address");
}

/*** The last address AWS leaves usable (last - 1).
-- @function cidr:last_usable @treturn[1] string
-- @return[2] nil @treturn[2] string for prefixes under 8 addresses */
static int lcidr_last_usable(lua_State *L) {
  ecsnet_prefix_t *p = checkcidr(L, 1);
  if (!usable_ok(L, p)) return 2;
  return push_index(L, p, -2, "usable address");
}

/*** The number of addresses: an integer for IPv4, exact decimal text for
-- IPv6 (it can reach 2^128).
-- @function cidr:size @treturn int|string */
static int lcidr_size(lua_State *L) {
  ecsnet_prefix_t *p = checkcidr(L, 1);
  if (p->family == 4) {
    unsigned long long v;
    ecsnet_prefix_size(p, &v);
    lua_pushinteger(L, (lua_Integer)v);
  } else {
    char b[ECSNET_DECIMAL_MAX];
    size_t n = ecsnet_prefix_size_text(p, 0, b, sizeof b);
    lua_pushlstring(L, b, n);
  }
  return 1;
}

/*** AWS usable addresses: size - 5 (ecs-facts.md §4.1: /24 gives 251, /20
-- 4,091). An integer for IPv4, decimal text for IPv6.
-- @function cidr:usable @treturn[1] int|string
-- @return[2] nil @treturn[2] string for prefixes under 8 addresses */
static int lcidr_usable(lua_State *L) {
  ecsnet_prefix_t *p = checkcidr(L, 1);
  if (!usable_ok(L, p)) return 2;
  if (p->family == 4) {
    unsigned long long v;
    ecsnet_prefix_size(p, &v);
    lua_pushinteger(L, (lua_Integer)(v - 5));
  } else {
    char b[ECSNET_DECIMAL_MAX];
    size_t n = ecsnet_prefix_size_text(p, 5, b, sizeof b);
    lua_pushlstring(L, b, n);
  }
  return 1;
}

static int push_text(lua_State *L, ecsnet_text_t what) {
  ecsnet_prefix_t *p = checkcidr(L, 1);
  char b[ECSNET_PREFIX_TEXT_MAX];
  int st = ecsnet_prefix_text(p, what, b, sizeof b);
  if (st == ECSNET_ENOMEM) raise_nomem(L);
  if (st != ECSNET_OK) return lecsnet_fail(L, "libcidr could not format the prefix");
  lua_pushstring(L, b);
  return 1;
}

/*** The netmask, through libcidr. @function cidr:netmask
-- @treturn string `"255.255.255.0"`, `"ffff:ffff:ffff:ffff::"` */
static int lcidr_netmask(lua_State *L) { return push_text(L, ECSNET_TEXT_NETMASK); }

/*** The wildcard (host) mask, through libcidr. @function cidr:wildcard
-- @treturn string `"0.0.0.255"` */
static int lcidr_wildcard(lua_State *L) { return push_text(L, ECSNET_TEXT_WILDCARD); }

/*** The reverse-DNS name of the network address, through libcidr.
-- @function cidr:reverse @treturn string `"0.0.0.10.in-addr.arpa"` */
static int lcidr_reverse(lua_State *L) { return push_text(L, ECSNET_TEXT_REVERSE); }

/* Shared by contains and overlaps: reads arg 2; returns 0 after pushing
** nil, message for bad data or mixed families. */
static int second_prefix(lua_State *L, const ecsnet_prefix_t *a,
                         ecsnet_prefix_t *b) {
  char err[ECSNET_ERRBUF_MAX];
  if (toprefix(L, 2, 0, b, err) != ECSNET_OK) {
    lecsnet_fail(L, err);
    return 0;
  }
  if (a->family != b->family) {
    family_fail(L, a, b);
    return 0;
  }
  return 1;
}

/*** Whether `other` (a prefix or an address, as text or value) lies within.
-- @function cidr:contains @tparam string|cidr other
-- @treturn[1] boolean
-- @return[2] nil @treturn[2] string bad text, or mixed families */
static int lcidr_contains(lua_State *L) {
  ecsnet_prefix_t *a = checkcidr(L, 1), b;
  if (!second_prefix(L, a, &b)) return 2;
  lua_pushboolean(L, ecsnet_prefix_contains(a, &b));
  return 1;
}

/*** Whether the two share an address.
-- @function cidr:overlaps @tparam string|cidr other
-- @treturn[1] boolean
-- @return[2] nil @treturn[2] string bad text, or mixed families */
static int lcidr_overlaps(lua_State *L) {
  ecsnet_prefix_t *a = checkcidr(L, 1), b;
  if (!second_prefix(L, a, &b)) return 2;
  lua_pushboolean(L, ecsnet_prefix_overlaps(a, &b));
  return 1;
}

/*** Equality with a value or text (`==` never fires between a userdata and
-- a string, so `c == "10.0.0.0/8"` is always false: use this).
-- @function cidr:equals @tparam string|cidr other
-- @treturn[1] boolean
-- @return[2] nil @treturn[2] string when the text does not parse */
static int lcidr_equals(lua_State *L) {
  ecsnet_prefix_t *a = checkcidr(L, 1), b;
  char err[ECSNET_ERRBUF_MAX];
  if (toprefix(L, 2, 0, &b, err) != ECSNET_OK) return lecsnet_fail(L, err);
  lua_pushboolean(L, ecsnet_prefix_compare(a, &b) == 0);
  return 1;
}

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
-- ecs-facts.md §4.1; IPv4 subnets at most /28), or a prefix length as text
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
    pushlist(L, unused, nu);
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
      int fits = 1;
      if (!(v >= 1))   /* NaN fails too */
        return lecsnet_failf(L, "request %d: size must be a positive count "
                             "of addresses", (int)i + 1);
      if (v < 9223372036854775808.0) {   /* 2^63: exact as an integer */
        fits = ecsnet_prefix_len_for(p->family, (unsigned long long)v,
                                     reserved, &len) == ECSNET_OK;
      } else {   /* the smallest 2^k >= v + reserved; doubles double exactly */
        double t = 9223372036854775808.0;
        unsigned k = 63;
        while (t < v && k <= max) { t *= 2; k++; }
        if (t == v && reserved > 0) k++;
        fits = k <= max;
        len = max - (fits ? k : 0);
      }
      if (!fits) {
        char num[32];   /* lua_pushfstring has no precision */
        snprintf(num, sizeof num, "%.15g", (double)v);
        return lecsnet_failf(L, "request %d: no prefix has %s addresses",
                             (int)i + 1, num);
      }
      if (aws && p->family == 4 && len > 28) len = 28;
      if (aws && p->family == 6 && len > 64) len = 64;
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
  pushlist(L, out, n);
  pushlist(L, unused, nu);
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
  if (!second_prefix(L, a, &b)) return 2;
  ecsnet_prefix_exclude(a, &b, out, sizeof out / sizeof *out, &n);
  pushlist(L, out, n);
  return 1;
}

/* {----------------------------------------------------------------------
** AWS rules on one value
** ----------------------------------------------------------------------- */

static int check_result(lua_State *L, int st, const char *why) {
  if (st == ECSNET_ENOMEM) raise_nomem(L);
  if (st == ECSNET_OK) {
    lua_pushboolean(L, 1);
    return 1;
  }
  lua_pushboolean(L, 0);
  lua_pushstring(L, why);
  return 2;
}

/*** Whether the prefix may be a VPC block: IPv4 /16 to /28 and not
-- link-local (ecs-facts.md §4.1), IPv6 /56 (§4.2).
-- @function cidr:aws_vpc @treturn boolean @treturn ?string the reason when not */
static int lcidr_aws_vpc(lua_State *L) {
  char why[ECSNET_ERRBUF_MAX];
  return check_result(L, ecsnet_aws_vpc_check(checkcidr(L, 1), why, sizeof why),
                      why);
}

/* Reads a prefix or a list of prefixes at 'arg' into a userdata array it
** pushes; returns the count, or -1 after pushing nil, message. */
static int readlist(lua_State *L, int arg, ecsnet_prefix_t **v, size_t *n) {
  char err[ECSNET_ERRBUF_MAX];
  size_t i, k;
  if (lua_type(L, arg) != LUA_TTABLE) {
    *v = (ecsnet_prefix_t *)lua_newuserdatauv(L, sizeof **v, 0);
    *n = 1;
    if (toprefix(L, arg, 0, *v, err) != ECSNET_OK) {
      lecsnet_fail(L, err);
      return -1;
    }
    return 1;
  }
  k = (size_t)lua_rawlen(L, arg);
  *v = (ecsnet_prefix_t *)lua_newuserdatauv(L, (k ? k : 1) * sizeof **v, 0);
  *n = k;
  for (i = 0; i < k; i++) {
    lua_rawgeti(L, arg, (int)i + 1);
    if (lua_type(L, -1) != LUA_TSTRING && testcidr(L, -1) == NULL)
      luaL_argerror(L, arg, lua_pushfstring(L, "entry %d: ecsnet.cidr or "
                    "string expected, got %s", (int)i + 1,
                    luaL_typename(L, -1)));
    if (toprefix(L, lua_gettop(L), 0, &(*v)[i], err) != ECSNET_OK) {
      lua_pop(L, 1);
      lecsnet_failf(L, "entry %d: %s", (int)i + 1, err);
      return -1;
    }
    lua_pop(L, 1);
  }
  return (int)k;
}

/*** Whether the prefix may be a subnet: IPv4 /16 to /28 (ecs-facts.md
-- §4.1), IPv6 /64 (§4.2), and, when `vpc` is given, inside one of its blocks.
-- @function cidr:aws_subnet
-- @tparam[opt] string|cidr|table vpc a VPC block or a list of them
-- @treturn[1] boolean @treturn[1] ?string the reason when not
-- @return[2] nil @treturn[2] string when `vpc` does not parse */
static int lcidr_aws_subnet(lua_State *L) {
  ecsnet_prefix_t *p = checkcidr(L, 1), *v = NULL;
  size_t n = 0;
  char why[ECSNET_ERRBUF_MAX];
  if (!lua_isnoneornil(L, 2) && readlist(L, 2, &v, &n) < 0) return 2;
  return check_result(L, ecsnet_aws_subnet_check(p, v, n, why, sizeof why),
                      why);
}

/*** Classifies the prefix: `"rfc1918"`, `"rfc6598"` (100.64.0.0/10),
-- `"link-local"`, `"public"`, `"loopback"`, `"benchmark"`, `"multicast"`,
-- `"reserved"`, `"ula"`, or `"mixed"` when it spans several; the second
-- result lists known ranges it collides with (ecs-facts.md §4.1):
-- `"docker"` (172.17.0.0/16), `"ecs-bridge"` (169.254.172.0/22),
-- `"ecs-credentials"` (169.254.170.2), `"imds"` (169.254.169.254).
-- @function cidr:class @treturn string @treturn {string,...} */
static int lcidr_class(lua_State *L) {
  unsigned clash = 0;
  ecsnet_class_t c = ecsnet_prefix_classify(checkcidr(L, 1), &clash);
  int k = 0;
  lua_pushstring(L, ecsnet_class_name(c));
  lua_newtable(L);
  if (clash & ECSNET_CLASH_DOCKER) { lua_pushliteral(L, "docker"); lua_rawseti(L, -2, ++k); }
  if (clash & ECSNET_CLASH_ECS_BRIDGE) { lua_pushliteral(L, "ecs-bridge"); lua_rawseti(L, -2, ++k); }
  if (clash & ECSNET_CLASH_ECS_CREDS) { lua_pushliteral(L, "ecs-credentials"); lua_rawseti(L, -2, ++k); }
  if (clash & ECSNET_CLASH_IMDS) { lua_pushliteral(L, "imds"); lua_rawseti(L, -2, ++k); }
  return 2;
}

/* }---------------------------------------------------------------------- */

static int lcidr_tostring(lua_State *L) {
  return pushprefixtext(L, checkcidr(L, 1));
}

static int lcidr_concat(lua_State *L) {
  int i;
  for (i = 1; i <= 2; i++) {
    ecsnet_prefix_t *p = testcidr(L, i);
    if (p != NULL) {
      pushprefixtext(L, p);
      lua_replace(L, i);
    } else if (!lua_isstring(L, i)) {
      return luaL_typeerror(L, i, "string");
    }
  }
  lua_concat(L, 2);
  return 1;
}

static int lcidr_eq(lua_State *L) {
  ecsnet_prefix_t *a = testcidr(L, 1), *b = testcidr(L, 2);
  lua_pushboolean(L, a && b && ecsnet_prefix_compare(a, b) == 0);
  return 1;
}

/* Ordering: IPv4 before IPv6, then address, then shorter first. */
static int lcidr_lt(lua_State *L) {
  lua_pushboolean(L, ecsnet_prefix_compare(checkcidr(L, 1), checkcidr(L, 2)) < 0);
  return 1;
}

static int lcidr_le(lua_State *L) {
  lua_pushboolean(L, ecsnet_prefix_compare(checkcidr(L, 1), checkcidr(L, 2)) <= 0);
  return 1;
}

/* }====================================================================== */


/*
** {======================================================================
** Lists: aggregate, ranges, AWS rules over several prefixes
** =======================================================================
*/

static setbox *newset(lua_State *L) {
  setbox *b = (setbox *)lua_newuserdatauv(L, sizeof *b, 0);
  void *ud;
  lua_Alloc f;
  b->s = NULL;
  luaL_setmetatable(L, LECSNET_CIDRSET);
  f = lua_getallocf(L, &ud);
  b->s = ecsnet_cidrset_new((ecsnet_alloc_fn)f, ud);
  if (b->s == NULL) raise_nomem(L);
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
  if (toprefix(L, i, flags, &p, err) != ECSNET_OK) {
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
  flags = parseflags(L, 2, opts_mask);
  b = newset(L);
  if (!fill_set(L, b->s, 1, flags)) return 2;
  push_prefixes(L, b->s);
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
  if (toprefix(L, 1, ECSNET_CIDR_MASK, &a, err) != ECSNET_OK ||
      toprefix(L, 2, ECSNET_CIDR_MASK, &b, err) != ECSNET_OK)
    return lecsnet_fail(L, err);
  if (a.family != b.family) return family_fail(L, &a, &b);
  st = ecsnet_range_prefixes(&a, &b, out, sizeof out / sizeof *out, &n);
  if (st != ECSNET_OK) {
    char x[ECSNET_PREFIX_STRLEN_MAX], y[ECSNET_PREFIX_STRLEN_MAX];
    ecsnet_addr_format(&a, x, sizeof x);
    ecsnet_addr_format(&b, y, sizeof y);
    return lecsnet_failf(L, "empty range: %s comes after %s", x, y);
  }
  pushlist(L, out, n);
  return 1;
}

/*** Whether `cand` may be added to a VPC as a secondary IPv4 block
-- (ecs-facts.md §4.1): the association table (keyed on the primary block's
-- range), the /16-/28 size, no overlap with the VPC's blocks, no block the
-- same as or larger than a route-table destination, and the blocks-per-VPC
-- quota (the primary counts; AWS's default 5 unless `max_blocks` says).
-- @function aws_secondary
-- @tparam string|cidr|table vpc the primary block, or the list of the VPC's
-- blocks with the primary first
-- @tparam string|cidr cand the block to add
-- @tparam[opt] table options `routes`: the destinations of the VPC's route
-- tables (list of prefixes); `max_blocks`: the account's quota (1-50,
-- default 5)
-- @treturn[1] boolean @treturn[1] ?string the reason (row and cell) when not
-- @return[2] nil @treturn[2] string when a prefix does not parse */
static int laws_secondary(lua_State *L) {
  ecsnet_prefix_t *v, *routes = NULL, c;
  size_t n, nroutes = 0;
  lua_Integer maxb = ECSNET_AWS_VPC_BLOCKS;
  ecsnet_secondary_opts_t o;
  char err[ECSNET_ERRBUF_MAX];
  static const char *const known[] = { "routes", "max_blocks", NULL };
  if (lua_isnoneornil(L, 1)) luaL_typeerror(L, 1, "ecsnet.cidr, string or list");
  lecsnet_checkopts(L, 3, known);
  lua_settop(L, 3);   /* the options stay at 3 (nil when none) */
  if (readlist(L, 1, &v, &n) < 0) return 2;
  luaL_argcheck(L, n > 0, 1, "the VPC's list of blocks is empty");
  if (toprefix(L, 2, 0, &c, err) != ECSNET_OK) return lecsnet_fail(L, err);
  if (!lua_isnoneornil(L, 3)) {
    lua_getfield(L, 3, "max_blocks");
    if (!lua_isnil(L, -1)) {
      maxb = lua_tointeger(L, -1);
      luaL_argcheck(L, lua_type(L, -1) == LUA_TNUMBER && maxb >= 1 &&
                    maxb <= ECSNET_AWS_VPC_BLOCKS_MAX &&
                    (lua_Number)maxb == lua_tonumber(L, -1), 3,
                    "max_blocks must be a whole number from 1 to 50");
    }
    lua_getfield(L, 3, "routes");
    if (!lua_isnil(L, -1)) {
      int top = lua_gettop(L);
      if (readlist(L, top, &routes, &nroutes) < 0)
        return lecsnet_failf(L, "options.routes: %s", lua_tostring(L, -1));
    }
  }
  o.routes = routes;
  o.nroutes = nroutes;
  o.max_blocks = (size_t)maxb;
  return check_result(L, ecsnet_aws_secondary_check_opts(v, n, &c, &o, err,
                                                         sizeof err), err);
}

/*** Checks a VPC's subnets: each /16-/28 (IPv4) or /64 (IPv6), inside the
-- VPC's blocks, and no two overlapping (ecs-facts.md §4.1, §4.2).
-- @function aws_subnets
-- @tparam string|cidr|table vpc a VPC block or a list of them
-- @tparam {string|cidr,...} subnets
-- @treturn[1] boolean @treturn[1] ?string the first problem when not
-- @return[2] nil @treturn[2] string when a prefix does not parse */
static int laws_subnets(lua_State *L) {
  ecsnet_prefix_t *v, *s;
  size_t nv, ns, k;
  char why[ECSNET_ERRBUF_MAX];
  void *ud;
  lua_Alloc f;
  int st;
  if (lua_isnoneornil(L, 1)) luaL_typeerror(L, 1, "ecsnet.cidr, string or list");
  luaL_checktype(L, 2, LUA_TTABLE);
  if (readlist(L, 1, &v, &nv) < 0) return 2;
  if (readlist(L, 2, &s, &ns) < 0) return 2;
  for (k = 0; k < ns; k++) {
    st = ecsnet_aws_subnet_check(&s[k], v, nv, why, sizeof why);
    if (st != ECSNET_OK) {
      lua_pushboolean(L, 0);
      lua_pushfstring(L, "subnet #%d: %s", (int)k + 1, why);
      return 2;
    }
  }
  f = lua_getallocf(L, &ud);
  st = ecsnet_aws_subnets_disjoint(s, ns, (ecsnet_alloc_fn)f, ud, NULL, NULL,
                                   why, sizeof why);
  return check_result(L, st, why);
}

/* }====================================================================== */


/*
** {======================================================================
** Prefix sets
** =======================================================================
*/

/*** Builds a prefix set from a list of prefixes and addresses (strings or
-- `ecsnet.cidr` values, either family), or from another set. Sets hold
-- sorted disjoint intervals: membership is a binary search.
-- @function cidrset
-- @tparam[opt] {string|cidr,...}|string|cidr|cidrset list
-- @tparam[opt] table options `{mask = true}` to accept host bits
-- @treturn[1] cidrset
-- @return[2] nil @treturn[2] string `entry 2: invalid prefix ...` */
static int lset_new(lua_State *L) {
  unsigned flags = parseflags(L, 2, opts_mask);
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
  if (toprefix(L, 2, 0, &p, err) != ECSNET_OK) return lecsnet_fail(L, err);
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


static const luaL_Reg cidr_methods[] = {
  {"family", lcidr_family},
  {"prefixlen", lcidr_prefixlen},
  {"network", lcidr_network},
  {"last", lcidr_last},
  {"addr", lcidr_addr},
  {"bytes", lcidr_bytes},
  {"first_usable", lcidr_first_usable},
  {"last_usable", lcidr_last_usable},
  {"size", lcidr_size},
  {"usable", lcidr_usable},
  {"netmask", lcidr_netmask},
  {"wildcard", lcidr_wildcard},
  {"reverse", lcidr_reverse},
  {"contains", lcidr_contains},
  {"overlaps", lcidr_overlaps},
  {"equals", lcidr_equals},
  {"supernet", lcidr_supernet},
  {"next", lcidr_next},
  {"prev", lcidr_prev},
  {"subnets", lcidr_subnets},
  {"split", lcidr_split},
  {"carve", lcidr_carve},
  {"exclude", lcidr_exclude},
  {"aws_vpc", lcidr_aws_vpc},
  {"aws_subnet", lcidr_aws_subnet},
  {"class", lcidr_class},
  {"tostring", lcidr_tostring},
  {NULL, NULL}
};

static const luaL_Reg cidr_meta[] = {
  {"__tostring", lcidr_tostring},
  {"__concat", lcidr_concat},
  {"__eq", lcidr_eq},
  {"__lt", lcidr_lt},
  {"__le", lcidr_le},
  {NULL, NULL}
};

static const luaL_Reg set_methods[] = {
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

static const luaL_Reg set_meta[] = {
  {"__gc", lset_gc},
  {"__close", lset_gc},
  {"__tostring", lset_tostring},
  {"__eq", lset_eq},
  {"__add", lset_add},
  {"__sub", lset_sub},
  {"__mul", lset_mul},
  {NULL, NULL}
};

static const luaL_Reg funcs[] = {
  {"cidr", lcidr_new},
  {"cidrset", lset_new},
  {"aggregate", laggregate},
  {"cidr_range", lrange},
  {"aws_secondary", laws_secondary},
  {"aws_subnets", laws_subnets},
  {NULL, NULL}
};


static const luaL_Reg no_funcs[] = {
  {NULL, NULL}
};

/* Fills metatable 'mt' (below the two upvalue metatables on the stack) with
** 'meta' and an __index table of 'methods', all sharing the upvalues. */
static void fillclass(lua_State *L, const luaL_Reg *meta,
                      const luaL_Reg *methods) {
  /* stack: ..., mt, mtcidr, mtset */
  lua_pushvalue(L, -3);
  lua_pushvalue(L, -3);
  lua_pushvalue(L, -3);
  luaL_setfuncs(L, meta, 2);          /* ..., mt, mtcidr, mtset, mt */
  lua_newtable(L);
  lua_pushvalue(L, -4);
  lua_pushvalue(L, -4);
  luaL_setfuncs(L, methods, 2);       /* ..., mt, mtcidr, mtset, mt, idx */
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
}

/* Every function of this file gets the two metatables as upvalues 1 (cidr)
** and 2 (cidrset): the hot paths (cidr(text), set:contains) then set and
** check metatables without a registry lookup. */
void lecsnet_open_cidr(lua_State *L) {
  lecsnet_newclass(L, LECSNET_CIDR, no_funcs, NULL);
  lecsnet_newclass(L, LECSNET_CIDRSET, no_funcs, NULL);
  luaL_getmetatable(L, LECSNET_CIDR);
  luaL_getmetatable(L, LECSNET_CIDRSET);
  lua_pushvalue(L, -2);
  lua_insert(L, -3);                  /* module, mtcidr, mtcidr, mtset */
  fillclass(L, cidr_meta, cidr_methods);
  lua_remove(L, -3);                  /* module, mtcidr, mtset */
  lua_pushvalue(L, -1);
  lua_insert(L, -3);                  /* module, mtset, mtcidr, mtset */
  fillclass(L, set_meta, set_methods);
  lua_remove(L, -3);                  /* module, mtcidr, mtset */
  luaL_setfuncs(L, funcs, 2);         /* module */
}
