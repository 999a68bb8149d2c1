/*
** lecsnet_cidr.c: the Lua binding of CIDR and subnet math (issue 3; ecs-facts.md §4).
*/
#include "lecsnet_aux.h"


void lecsnet_open_cidr(lua_State *L) {
  (void)L;
}
