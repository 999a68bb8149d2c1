/*
** ecsnet_taskdef.h: task definitions: parsing and validation (issue 4; ecs-facts.md §1.5, §2, §6).
** Part of the public C API; included by ecsnet.h, never on its own.
*/
#ifndef ECSNET_TASKDEF_H
#define ECSNET_TASKDEF_H

#endif
