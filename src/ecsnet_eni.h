/*
** ecsnet_eni.h: ENI and trunk density, instance data, IP plans (issue 6; ecs-facts.md §3, §4).
** Part of the public C API; included by ecsnet.h, never on its own.
*/
#ifndef ECSNET_ENI_H
#define ECSNET_ENI_H

#endif
