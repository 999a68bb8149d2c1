/*
** lecsnet_ports.c: the Lua binding of host ports: a container instance's port space (issue 5; ecs-facts.md §2.3-2.6).
*/
#include "lecsnet_aux.h"


void lecsnet_open_ports(lua_State *L) {
  (void)L;
}
