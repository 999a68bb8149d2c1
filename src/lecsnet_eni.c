/*
** lecsnet_eni.c: the Lua binding of ENI and trunk density, instance data, IP plans (issue 6; ecs-facts.md §3, §4).
*/
#include "lecsnet_aux.h"


void lecsnet_open_eni(lua_State *L) {
  (void)L;
}
