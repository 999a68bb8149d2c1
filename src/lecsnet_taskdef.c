/*
** lecsnet_taskdef.c: the Lua binding of task definitions: parsing and validation (issue 4; ecs-facts.md §1.5, §2, §6).
*/
#include "lecsnet_aux.h"


void lecsnet_open_taskdef(lua_State *L) {
  (void)L;
}
