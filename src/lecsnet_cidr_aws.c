/*
** lecsnet_cidr_aws.c: the Lua binding of the AWS rules on prefixes (issue
** 3; docs/reference.md §4.1, §4.2): VPC blocks, subnets, secondary blocks, and
** the classes and known ranges a prefix falls in.
*/
#include "lecsnet_cidr.h"


/*
** {======================================================================
** AWS rules on one value
** =======================================================================
*/

static int check_result(lua_State *L, int st, const char *why) {
  if (st == ECSNET_ENOMEM) lecsnet_cidr_nomem(L);
  if (st == ECSNET_OK) {
    lua_pushboolean(L, 1);
    return 1;
  }
  lua_pushboolean(L, 0);
  lua_pushstring(L, why);
  return 2;
}

/*** Whether the prefix may be a VPC block: IPv4 /16 to /28 and not
-- link-local (docs/reference.md §4.1), IPv6 /56 (§4.2).
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
    if (lecsnet_cidr_toprefix(L, arg, 0, *v, err) != ECSNET_OK) {
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
    if (lecsnet_cidr_toprefix(L, lua_gettop(L), 0, &(*v)[i], err) != ECSNET_OK) {
      lua_pop(L, 1);
      lecsnet_failf(L, "entry %d: %s", (int)i + 1, err);
      return -1;
    }
    lua_pop(L, 1);
  }
  return (int)k;
}

/*** Whether the prefix may be a subnet: IPv4 /16 to /28 (docs/reference.md
-- §4.1) and, when `vpc` is given, inside one of its blocks. An IPv6 subnet
-- that is not a /64 passes with a warning (the third result): the 2023
-- guides give IPv6 subnets a /64, but the EC2 API no longer says so, and the
-- current rule is not verified (§4.2).
-- @function cidr:aws_subnet
-- @tparam[opt] string|cidr|table vpc a VPC block or a list of them
-- @treturn[1] boolean @treturn[1] ?string the reason when not
-- @treturn[1] ?string a warning: what is known of a size not verified as allowed
-- @return[2] nil @treturn[2] string when `vpc` does not parse */
static int lcidr_aws_subnet(lua_State *L) {
  ecsnet_prefix_t *p = checkcidr(L, 1), *v = NULL;
  size_t n = 0;
  char why[ECSNET_ERRBUF_MAX], warn[ECSNET_ERRBUF_MAX];
  int st;
  if (!lua_isnoneornil(L, 2) && readlist(L, 2, &v, &n) < 0) return 2;
  st = ecsnet_aws_subnet_check(p, v, n, why, sizeof why);
  if (!ecsnet_aws_subnet_warning(p, warn, sizeof warn))
    return check_result(L, st, why);
  if (st == ECSNET_OK) {
    lua_pushboolean(L, 1);
    lua_pushnil(L);
  } else {
    check_result(L, st, why);
  }
  lua_pushstring(L, warn);
  return 3;
}

/*** Classifies the prefix: `"rfc1918"`, `"rfc6598"` (100.64.0.0/10),
-- `"link-local"`, `"public"`, `"loopback"`, `"benchmark"`, `"multicast"`,
-- `"reserved"`, `"ula"`, or `"mixed"` when it spans several; the second
-- result lists known ranges it collides with (docs/reference.md §4.1):
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

/* }====================================================================== */


/*
** {======================================================================
** AWS rules over several prefixes
** =======================================================================
*/

/*** Whether `cand` may be added to a VPC as a secondary IPv4 block
-- (docs/reference.md §4.1): the association table (keyed on the primary block's
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
  if (lecsnet_cidr_toprefix(L, 2, 0, &c, err) != ECSNET_OK) return lecsnet_fail(L, err);
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

/*** Checks a VPC's subnets: each /16-/28 (IPv4), inside the VPC's blocks,
-- and no two overlapping (docs/reference.md §4.1). IPv6 subnets that are
-- not /64s pass with a warning each (§4.2, as `cidr:aws_subnet`).
-- @function aws_subnets
-- @tparam string|cidr|table vpc a VPC block or a list of them
-- @tparam {string|cidr,...} subnets
-- @treturn[1] boolean @treturn[1] ?string the first problem when not
-- @treturn[1] ?{string,...} the warnings (`"subnet #2: ..."`), when there are any
-- @return[2] nil @treturn[2] string when a prefix does not parse */
static int laws_subnets(lua_State *L) {
  ecsnet_prefix_t *v, *s;
  size_t nv, ns, k;
  char why[ECSNET_ERRBUF_MAX];
  void *ud;
  lua_Alloc f;
  int st, nwarn = 0;
  if (lua_isnoneornil(L, 1)) luaL_typeerror(L, 1, "ecsnet.cidr, string or list");
  luaL_checktype(L, 2, LUA_TTABLE);
  if (readlist(L, 1, &v, &nv) < 0) return 2;
  if (readlist(L, 2, &s, &ns) < 0) return 2;
  lua_newtable(L);   /* the warnings, at 'warnings' */
  for (k = 0; k < ns; k++) {
    if (ecsnet_aws_subnet_warning(&s[k], why, sizeof why)) {
      lua_pushfstring(L, "subnet #%d: %s", (int)k + 1, why);
      lua_rawseti(L, -2, ++nwarn);
    }
  }
  for (k = 0; k < ns; k++) {
    st = ecsnet_aws_subnet_check(&s[k], v, nv, why, sizeof why);
    if (st != ECSNET_OK) {
      lua_pushboolean(L, 0);
      lua_pushfstring(L, "subnet #%d: %s", (int)k + 1, why);
      break;
    }
  }
  if (k == ns) {
    f = lua_getallocf(L, &ud);
    st = ecsnet_aws_subnets_disjoint(s, ns, (ecsnet_alloc_fn)f, ud, NULL,
                                     NULL, why, sizeof why);
    if (check_result(L, st, why) == 1)
      lua_pushnil(L);
  }
  /* the stack ends with: warnings, ok, reason (nil when ok) */
  if (nwarn > 0) {
    lua_pushvalue(L, -3);
    return 3;
  }
  if (lua_toboolean(L, -2)) {
    lua_pop(L, 1);
    return 1;
  }
  return 2;
}

/* }====================================================================== */


const luaL_Reg lecsnet_cidr_aws_methods[] = {
  {"aws_vpc", lcidr_aws_vpc},
  {"aws_subnet", lcidr_aws_subnet},
  {"class", lcidr_class},
  {NULL, NULL}
};

const luaL_Reg lecsnet_cidr_aws_funcs[] = {
  {"aws_secondary", laws_secondary},
  {"aws_subnets", laws_subnets},
  {NULL, NULL}
};
