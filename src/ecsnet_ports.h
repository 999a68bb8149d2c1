/*
** ecsnet_ports.h: host ports: a container instance's port space (issue 5; ecs-facts.md §2.3-2.6).
** Part of the public C API; included by ecsnet.h, never on its own.
*/
#ifndef ECSNET_PORTS_H
#define ECSNET_PORTS_H

#endif
