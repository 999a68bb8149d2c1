/*
** ecsnet_cidr.h: CIDR and subnet math (issue 3; ecs-facts.md §4).
** Part of the public C API; included by ecsnet.h, never on its own.
*/
#ifndef ECSNET_CIDR_H
#define ECSNET_CIDR_H

#endif
