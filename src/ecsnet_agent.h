/*
** ecsnet_agent.h: the ECS container agent's configuration on one container
** instance: what decides which host ports a task may take. The one home of
** the agent's defaults (reserved ports per OS, the dynamic range and where
** it comes from), used by hosts (ecsnet_ports.h) and by the validator
** (ecsnet_taskdef.h). Facts: docs/reference.md#reserved-ports,
** #dynamic-host-port-range, #agent-variables.
** Part of the public C API; included by ecsnet.h, never on its own.
*/
#ifndef ECSNET_AGENT_H
#define ECSNET_AGENT_H

/* ECS allows at most this many reserved ports per instance, defaults and
** static task ports included (docs/reference.md#reserved-ports). */
#define ECSNET_RESERVED_MAX 100

/* Where the dynamic range came from (docs/reference.md#dynamic-host-port-range). */
typedef enum {
  ECSNET_DYN_KERNEL_DEFAULT = 0,  /* the OS's default: Linux 32768-60999 (the
                                     kernel's ip_local_port_range default,
                                     inferred), Windows 49152-65535 */
  ECSNET_DYN_IP_LOCAL_PORT_RANGE, /* the instance's /proc/sys/net/ipv4/ip_local_port_range */
  ECSNET_DYN_ENV,                 /* ECS_DYNAMIC_HOST_PORT_RANGE */
  ECSNET_DYN_FALLBACK_LINUX,      /* agent fallback 49153-65535 (file unreadable) */
  ECSNET_DYN_WINDOWS              /* agent's fixed Windows range 49152-65535 */
} ecsnet_dyn_origin_t;

typedef struct {
  ecsnet_os_t os;     /* the instance's OS (hosts); the validator asks for
                         each task definition's OS instead */
  /* Reserved ports per protocol (ECSNET_PORT_TCP, ECSNET_PORT_UDP). When
  ** reserved_given[p] is 0, or the list is empty, the agent's default for
  ** the OS applies, as the agent's config merge treats an empty list as
  ** unset; otherwise reserved[p][0..nreserved[p]) replaces it, as
  ** ECS_RESERVED_PORTS / ECS_RESERVED_PORTS_UDP do. */
  const unsigned short *reserved[2];
  size_t nreserved[2];
  int reserved_given[2];
  int prometheus;       /* Linux default adds 51680 */
  int task_iam_roles;   /* Windows default adds 80 */
  /* The dynamic range: dyn_first..dyn_last when dyn_origin is ENV or
  ** IP_LOCAL_PORT_RANGE; otherwise the origin's fixed range. */
  ecsnet_dyn_origin_t dyn_origin;
  unsigned short dyn_first, dyn_last;
} ecsnet_agent_config_t;

/* The agent's defaults on an instance of 'os': the default reserved
** lists; Linux: the kernel's default ip_local_port_range 32768-60999;
** Windows: 49152-65535. */
ECSNET_API void ecsnet_agent_config_init(ecsnet_agent_config_t *cfg,
                                         ecsnet_os_t os);

/* The reserved ports of 'protocol' in effect on an instance of 'os': the
** given list when it is not empty, else the agent's default (Linux TCP 22,
** 2375, 2376, 51678, 51679, plus 51680 with 'prometheus'; Windows TCP 53,
** 135, 139, 445, 2375, 2376, 3389, 5985, 5986, 51678, 51679, plus 80 with
** 'task_iam_roles'; UDP none). *list points at the given list or at a
** constant one (unsorted); returns the count. */
ECSNET_API size_t ecsnet_agent_reserved(const ecsnet_agent_config_t *cfg,
                                        ecsnet_os_t os, int protocol,
                                        const unsigned short **list);

/* The dynamic range in effect on an instance of 'os' and its origin
** (origin may be NULL). A given range is returned as given (hosts refuse a
** reversed one). */
ECSNET_API void ecsnet_agent_dynamic_range(const ecsnet_agent_config_t *cfg,
                                           ecsnet_os_t os,
                                           unsigned short *first,
                                           unsigned short *last,
                                           ecsnet_dyn_origin_t *origin);

/* Where a dynamic-range setting was read from (ecsnet_agent_set_range). */
typedef enum {
  ECSNET_RANGE_FILE = 0,   /* the ip_local_port_range file's text "a<blank>b" */
  ECSNET_RANGE_ENV,        /* ECS_DYNAMIC_HOST_PORT_RANGE "a-b" */
  ECSNET_RANGE_ENV_BLANK   /* the dynamic-range setting given as "a<blank>b":
                              the file's form */
} ecsnet_range_from_t;

/* Applies one dynamic-range setting to 'cfg' as the agent reads them
** (ip_local_port_range first, ECS_DYNAMIC_HOST_PORT_RANGE over it): the
** range first..last, or 'unreadable' (the file could not be read: the
** agent's fallback 49153-65535). ECSNET_EINVAL with the message when the
** setting does not exist on cfg->os (Windows has no ip_local_port_range
** and no fallback: its range is 49152-65535 unless the variable is set). */
ECSNET_API int ecsnet_agent_set_range(ecsnet_agent_config_t *cfg,
                                      ecsnet_range_from_t from, int unreadable,
                                      unsigned short first, unsigned short last,
                                      char *err, size_t errlen);

/* "kernel default", "ip_local_port_range", "ECS_DYNAMIC_HOST_PORT_RANGE",
** "agent fallback", "agent windows". */
ECSNET_API const char *ecsnet_dyn_origin_name(ecsnet_dyn_origin_t o);

#endif
