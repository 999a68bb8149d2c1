/*
** ecsnet_agent.c: the ECS agent's defaults: reserved ports per OS and the
** dynamic host port range (docs/reference.md#reserved-ports,
** #dynamic-host-port-range). Hosts and the validator both ask here.
*/
#include <string.h>

#include "ecsnet.h"
#include "ecsnet_internal.h"

/* The agent's default ECS_RESERVED_PORTS; the last entry of each is the one
** an option adds (51680 with Prometheus metrics, 80 with task IAM roles on
** Windows), counted only when the option is on. */
static const unsigned short linux_reserved[] = {
  22, 2375, 2376, 51678, 51679, 51680
};
static const unsigned short windows_reserved[] = {
  53, 135, 139, 445, 2375, 2376, 3389, 5985, 5986, 51678, 51679, 80
};


void ecsnet_agent_config_init(ecsnet_agent_config_t *cfg, ecsnet_os_t os) {
  memset(cfg, 0, sizeof *cfg);
  cfg->os = os;
  cfg->dyn_origin = os == ECSNET_OS_WINDOWS ? ECSNET_DYN_WINDOWS
                                            : ECSNET_DYN_KERNEL_DEFAULT;
  ecsnet_agent_dynamic_range(cfg, os, &cfg->dyn_first, &cfg->dyn_last, NULL);
}


size_t ecsnet_agent_reserved(const ecsnet_agent_config_t *cfg, ecsnet_os_t os,
                             int protocol, const unsigned short **list) {
  int p = protocol == ECSNET_PORT_UDP;
  if (cfg->reserved_given[p] && cfg->nreserved[p] > 0) {
    *list = cfg->reserved[p];
    return cfg->nreserved[p];
  }
  if (p) {
    *list = NULL;
    return 0;
  }
  if (os == ECSNET_OS_WINDOWS) {
    *list = windows_reserved;
    return ECSNET_COUNTOF(windows_reserved) - (cfg->task_iam_roles ? 0 : 1);
  }
  *list = linux_reserved;
  return ECSNET_COUNTOF(linux_reserved) - (cfg->prometheus ? 0 : 1);
}


void ecsnet_agent_dynamic_range(const ecsnet_agent_config_t *cfg,
                                ecsnet_os_t os, unsigned short *first,
                                unsigned short *last,
                                ecsnet_dyn_origin_t *origin) {
  ecsnet_dyn_origin_t o = cfg->dyn_origin;
  switch (o) {
    case ECSNET_DYN_ENV:
    case ECSNET_DYN_IP_LOCAL_PORT_RANGE:
      *first = cfg->dyn_first; *last = cfg->dyn_last; break;
    case ECSNET_DYN_FALLBACK_LINUX:
      *first = 49153; *last = 65535; break;
    case ECSNET_DYN_WINDOWS:
      *first = 49152; *last = 65535; break;
    default:   /* the OS's own default */
      o = os == ECSNET_OS_WINDOWS ? ECSNET_DYN_WINDOWS : ECSNET_DYN_KERNEL_DEFAULT;
      *first = os == ECSNET_OS_WINDOWS ? 49152 : 32768;
      *last = os == ECSNET_OS_WINDOWS ? 65535 : 60999;
  }
  if (origin != NULL)
    *origin = o;
}


int ecsnet_agent_set_range(ecsnet_agent_config_t *cfg,
                           ecsnet_range_from_t from, int unreadable,
                           unsigned short first, unsigned short last,
                           char *err, size_t errlen) {
  int windows = cfg->os == ECSNET_OS_WINDOWS;
  if (windows && from == ECSNET_RANGE_FILE) {
    ecsnet__errf(err, errlen, "ip_local_port_range is a Linux setting; on "
                 "Windows the agent uses 49152-65535 (docs/reference.md §2.4): set "
                 "dynamic_range (ECS_DYNAMIC_HOST_PORT_RANGE) instead");
    return ECSNET_EINVAL;
  }
  if (windows && unreadable) {
    ecsnet__errf(err, errlen, "dynamic_range = false (the agent's fallback) "
                 "is Linux only; Windows always uses 49152-65535");
    return ECSNET_EINVAL;
  }
  if (windows && from == ECSNET_RANGE_ENV_BLANK) {
    ecsnet__errf(err, errlen, "ip_local_port_range is a Linux setting; on "
                 "Windows give dynamic_range as 'first-last'");
    return ECSNET_EINVAL;
  }
  if (unreadable) {
    cfg->dyn_origin = ECSNET_DYN_FALLBACK_LINUX;
    return ECSNET_OK;
  }
  cfg->dyn_origin = from == ECSNET_RANGE_ENV ? ECSNET_DYN_ENV
                                             : ECSNET_DYN_IP_LOCAL_PORT_RANGE;
  cfg->dyn_first = first;
  cfg->dyn_last = last;
  return ECSNET_OK;
}


const char *ecsnet_dyn_origin_name(ecsnet_dyn_origin_t o) {
  switch (o) {
    case ECSNET_DYN_KERNEL_DEFAULT: return "kernel default";
    case ECSNET_DYN_IP_LOCAL_PORT_RANGE: return "ip_local_port_range";
    case ECSNET_DYN_ENV: return "ECS_DYNAMIC_HOST_PORT_RANGE";
    case ECSNET_DYN_FALLBACK_LINUX: return "agent fallback";
    case ECSNET_DYN_WINDOWS: return "agent windows";
    default: return "unknown";
  }
}
