/*
** lecsnet_svc.c: a service's deployment and capacity as the report's
** services[i].deployment (ecsnet_svc_deploy_t, docs/reference.md §8.8):
** what the deployment rules read, and what `ecsnet plan TEMPLATE` turns
** into a plan (lua/ecsnet/plan.lua). A count is a number when declared,
** the string "unknown" when the template gives it by a parameter or an
** import, nil when not declared.
*/
#include "lecsnet_aux.h"


static void set_count(lua_State *L, const char *k, long long n) {
  if (n >= 0)
    lua_pushinteger(L, (lua_Integer)n);
  else if (n == -1)
    lua_pushliteral(L, "unknown");
  else
    return;
  lua_setfield(L, -2, k);
}


static void set_str(lua_State *L, const char *k, const char *s) {
  if (s == NULL)
    return;
  lua_pushstring(L, s);
  lua_setfield(L, -2, k);
}


static void push_subnets(lua_State *L, const ecsnet_svc_subnet_t *sn,
                         size_t n) {
  size_t i;
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_createtable(L, 0, 4);
    set_str(L, "id", sn[i].id);
    set_str(L, "cidr", sn[i].cidr);
    set_str(L, "ipv6", sn[i].ipv6);
    set_str(L, "az", sn[i].az);
    lua_rawseti(L, -2, (int)i + 1);
  }
}


/* Pushes the deployment table of d. */
void lecsnet_push_svc_deploy(lua_State *L, const ecsnet_svc_deploy_t *d) {
  lua_createtable(L, 0, 12);
  set_count(L, "desired_count", d->desired);
  if (d->desired_param != NULL) {
    set_count(L, "desired_count_default", d->desired_default);
    set_str(L, "desired_count_parameter", d->desired_param);
  }
  set_count(L, "maximum_percent", d->max_percent);
  set_count(L, "minimum_healthy_percent", d->min_percent);
  set_str(L, "strategy", d->strategy >= 0 ? ecsnet_deploy_name(d->strategy)
                                          : "unknown");
  lua_pushboolean(L, d->daemon);
  lua_setfield(L, -2, "daemon");
  if (d->instances_max != -2) {
    lua_createtable(L, 0, 5);
    set_count(L, "max", d->instances_max);
    set_count(L, "desired", d->instances_desired);
    set_str(L, "type", d->instance_type);
    set_str(L, "groups", d->asg);
    set_str(L, "why", d->instances_why);
    push_subnets(L, d->instance_subnets, d->ninstance_subnets);
    lua_setfield(L, -2, "subnets");
    lua_setfield(L, -2, "instances");
  }
  push_subnets(L, d->subnets, d->nsubnets);
  lua_setfield(L, -2, "subnets");
  set_str(L, "subnets_why", d->subnets_why);
  set_str(L, "vpc", d->vpc);
}
