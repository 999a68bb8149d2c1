/*
** lecsnet_cidr.c: the Lua binding of CIDR values (docs/reference.md
** §4): the value type ecsnet.cidr (constructor, accessors, text,
** comparison), the helpers the CIDR binding's files share (lecsnet_cidr.h),
** and lecsnet_open_cidr, which registers them all. Subnetting is in
** lecsnet_cidr_subnet.c, the AWS rules in lecsnet_cidr_aws.c, prefix sets in
** lecsnet_cidrset.c.
**
** A cidr userdata is an ecsnet_prefix_t (18 bytes, no __gc). IPv6 sizes
** travel as decimal strings, never as lua_Number.
*/
#include <stdlib.h>
#include <string.h>

#include "lecsnet_cidr.h"


/*
** {======================================================================
** Helpers
** =======================================================================
*/

void lecsnet_cidr_nomem(lua_State *L) {
  luaL_error(L, "not enough memory");
}

int lecsnet_cidr_toprefix(lua_State *L, int i, unsigned flags,
                          ecsnet_prefix_t *out, char *err) {
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

int lecsnet_cidr_family_fail(lua_State *L, const ecsnet_prefix_t *a,
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

static const char *const opts_parse[] = { "mask", "lenient", NULL };

/* 'known': opts_parse here, opts_mask in lecsnet_cidrset.c. */
unsigned lecsnet_cidr_flags(lua_State *L, int arg, const char *const known[]) {
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

void lecsnet_cidr_pushlist(lua_State *L, const ecsnet_prefix_t *v, size_t n) {
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
-- Strict by default (docs/reference.md §4.1: AWS canonicalizes given CIDRs; here
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
  flags = lecsnet_cidr_flags(L, 2, opts_parse);
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
                  "address are reserved (docs/reference.md §4.1)", b);
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

/*** AWS usable addresses: size - 5 (docs/reference.md §4.1: /24 gives 251, /20
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
  if (st == ECSNET_ENOMEM) lecsnet_cidr_nomem(L);
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

/*** The reverse-DNS zone of the prefix: the octets (IPv4) or nibbles (IPv6)
-- its length fixes, reversed; a host prefix gives the host's PTR name.
-- @function cidr:reverse @treturn string `"0.0.10.in-addr.arpa"` for 10.0.0.0/24 */
static int lcidr_reverse(lua_State *L) { return push_text(L, ECSNET_TEXT_REVERSE); }

int lecsnet_cidr_second(lua_State *L, const ecsnet_prefix_t *a,
                        ecsnet_prefix_t *b) {
  char err[ECSNET_ERRBUF_MAX];
  if (lecsnet_cidr_toprefix(L, 2, 0, b, err) != ECSNET_OK) {
    lecsnet_fail(L, err);
    return 0;
  }
  if (a->family != b->family) {
    lecsnet_cidr_family_fail(L, a, b);
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
  if (!lecsnet_cidr_second(L, a, &b)) return 2;
  lua_pushboolean(L, ecsnet_prefix_contains(a, &b));
  return 1;
}

/*** Whether the two share an address.
-- @function cidr:overlaps @tparam string|cidr other
-- @treturn[1] boolean
-- @return[2] nil @treturn[2] string bad text, or mixed families */
static int lcidr_overlaps(lua_State *L) {
  ecsnet_prefix_t *a = checkcidr(L, 1), b;
  if (!lecsnet_cidr_second(L, a, &b)) return 2;
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
  if (lecsnet_cidr_toprefix(L, 2, 0, &b, err) != ECSNET_OK) return lecsnet_fail(L, err);
  lua_pushboolean(L, ecsnet_prefix_compare(a, &b) == 0);
  return 1;
}

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

static const luaL_Reg funcs[] = {
  {"cidr", lcidr_new},
  {NULL, NULL}
};

static const luaL_Reg no_funcs[] = {
  {NULL, NULL}
};

/* Fills metatable 'mt' (below the two upvalue metatables on the stack) with
** 'meta' and an __index table of the lists in 'methods' (NULL-terminated),
** all sharing the upvalues. */
static void fillclass(lua_State *L, const luaL_Reg *meta,
                      const luaL_Reg *const *methods) {
  /* stack: ..., mt, mtcidr, mtset */
  lua_pushvalue(L, -3);
  lua_pushvalue(L, -3);
  lua_pushvalue(L, -3);
  luaL_setfuncs(L, meta, 2);          /* ..., mt, mtcidr, mtset, mt */
  lua_newtable(L);
  for (; *methods != NULL; methods++) {
    lua_pushvalue(L, -4);
    lua_pushvalue(L, -4);
    luaL_setfuncs(L, *methods, 2);    /* ..., mt, mtcidr, mtset, mt, idx */
  }
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
}

/* Every function of the CIDR binding gets the two metatables as upvalues 1
** (cidr) and 2 (cidrset): the hot paths (cidr(text), set:contains) then set
** and check metatables without a registry lookup. */
void lecsnet_open_cidr(lua_State *L) {
  static const luaL_Reg *const cidr_lists[] = {
    cidr_methods, lecsnet_cidr_subnet_methods, lecsnet_cidr_aws_methods, NULL
  };
  static const luaL_Reg *const set_lists[] = { lecsnet_cidrset_methods, NULL };
  static const luaL_Reg *const func_lists[] = {
    funcs, lecsnet_cidrset_funcs, lecsnet_cidr_subnet_funcs,
    lecsnet_cidr_aws_funcs, NULL
  };
  const luaL_Reg *const *f;
  lecsnet_newclass(L, LECSNET_CIDR, no_funcs, NULL);
  lecsnet_newclass(L, LECSNET_CIDRSET, no_funcs, NULL);
  luaL_getmetatable(L, LECSNET_CIDR);
  luaL_getmetatable(L, LECSNET_CIDRSET);
  lua_pushvalue(L, -2);
  lua_insert(L, -3);                  /* module, mtcidr, mtcidr, mtset */
  fillclass(L, cidr_meta, cidr_lists);
  lua_remove(L, -3);                  /* module, mtcidr, mtset */
  lua_pushvalue(L, -1);
  lua_insert(L, -3);                  /* module, mtset, mtcidr, mtset */
  fillclass(L, lecsnet_cidrset_meta, set_lists);
  lua_remove(L, -3);                  /* module, mtcidr, mtset */
  for (f = func_lists; *f != NULL; f++) {
    lua_pushvalue(L, -3);
    lua_pushvalue(L, -3);
    lua_pushvalue(L, -3);
    luaL_setfuncs(L, *f, 2);          /* module, mtcidr, mtset, module */
    lua_pop(L, 1);
  }
  lua_pop(L, 2);                      /* module */
}
