/*
** ecsnet_modes.c: the five ECS network modes as constant data.
**
** Every cell comes from docs/reference.md: §1.1 (values and
** defaults), §1.2 (where each mode runs), §1.3 (semantics), §1.4 (security),
** §5.4-5.7 (EXTERNAL, Windows, Fargate, Managed Instances). Cells that the
** reference marks "not verified" hold the conservative value and a note.
*/
#include <string.h>

#include "ecsnet.h"
#include "ecsnet_internal.h"

#define NO   ECSNET_SUPPORT_NO
#define YES  ECSNET_SUPPORT_YES
#define DEF  ECSNET_SUPPORT_DEFAULT
#define REQ  ECSNET_SUPPORT_REQUIRED

/* Security notes shared by more than one mode (§1.4). */
#define SEC_IMDS_BRIDGE \
  "containers can reach the instance role's credentials through IMDS; " \
  "block 169.254.169.254/32 with an iptables DOCKER-USER DROP rule"
#define SEC_NO_SG_PER_TASK \
  "tasks share the instance's security groups: rules cannot limit one " \
  "service to talking with one other service"

static const ecsnet_mode_info_t modes[ECSNET_MODE_COUNT] = {
  { /* bridge */
    ECSNET_MODE_BRIDGE, "bridge", "bridge", "bridge",
    "containers sit on Docker's bridge network and reach the outside "
    "through the instance's ENI (NAT); host ports map to container ports",
    /* ec2_linux, ec2_windows, fargate, external_linux, external_windows, mi */
    { DEF, NO, NO, DEF, NO, NO },
    { "the default when networkMode is omitted [TN]", NULL,
      "Fargate supports only awsvpc [FG]", "ECS Anywhere Linux [ANY]",
      "Windows external instances use the default (nat) mode [ANY]",
      "Managed Instances support only awsvpc and host [MI]" },
    /* port_mappings, remap, dynamic, range, links, hostname, extra_hosts,
       own_eni, task_sgs, discovery, connect, copies, static_copies */
    { 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0 },
    { NULL, "e.g. host 80 -> container 3000 [BRIDGEDOC]",
      "hostPort 0 or omitted takes a port from the dynamic range [API]",
      "the agent maps a contiguous dynamic host range [API]",
      "bridge is the only mode that allows links [API]",
      "not restricted by the ECS docs", NULL, NULL, NULL,
      "SRV records only [SD]", "[SC]",
      "with dynamic host ports [BRIDGEDOC]",
      "a static hostPort admits one copy per instance [BRIDGEDOC]" },
    "any non-reserved port, or 0/omitted for a dynamic one",
    "instance", "targets are registered as instance ID + host port [LB]",
    "SRV",
    { SEC_NO_SG_PER_TASK, SEC_IMDS_BRIDGE, NULL, NULL },
    "[TN] [BRIDGEDOC] [API] [LB] [SD] [SC] [BP] [IAMROLE]"
  },
  { /* host */
    ECSNET_MODE_HOST, "host", "host", "host",
    "containers use the instance's own network stack, IP and ports",
    { YES, NO, NO, YES, NO, YES },
    { NULL, NULL, "Fargate supports only awsvpc [FG]",
      "ECS Anywhere Linux [ANY]",
      "Windows external instances use the default (nat) mode [ANY]",
      "networkMode must be given on Managed Instances [MI]" },
    { 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0 },
    { NULL, "host ports must either be undefined or match the container "
      "port [API]",
      "dynamic port mappings can't be used [TN]",
      "containerPortRange needs bridge or awsvpc [API]",
      "links need bridge [API]",
      "not restricted by the ECS docs (not verified)", NULL, NULL, NULL,
      "SRV records only [SD]",
      "Service Connect is documented for awsvpc and bridge only [SC] [CDK]",
      "only when no ports are mapped [HOSTDOC]",
      "a mapped port admits one copy per instance [HOSTDOC]" },
    "omitted, or equal to containerPort",
    "instance", "targets are registered as instance ID + port [LB]",
    "SRV",
    { "containers can impersonate the host and connect to private loopback "
      "network services on the host [HOSTDOC] [BP]",
      "do not run host-mode containers as root (UID 0) [TDP]",
      SEC_NO_SG_PER_TASK, NULL },
    "[TN] [HOSTDOC] [API] [LB] [SD] [MI] [BP] [TDP]"
  },
  { /* awsvpc */
    ECSNET_MODE_AWSVPC, "awsvpc", "awsvpc", "awsvpc",
    "each task gets its own elastic network interface, private IP and "
    "security groups",
    { YES, YES, REQ, NO, NO, YES },
    { "agent >= 1.15.0 and ecs-init >= 1.15.0-4 [AWSVPC]",
      "agent >= 1.54.0; not on the Windows Server 2016 ECS AMI; no IPv6 and "
      "no ENI trunking [AWSVPC]",
      "Fargate supports only awsvpc [FG]",
      "ECS Anywhere does not support awsvpc [ANY]",
      "ECS Anywhere does not support awsvpc [ANY]",
      "uses a trunk ENI when the instance type supports it [MI]" },
    { 1, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1 },
    { NULL, "hostPort can be left blank or it must be the same value as the "
      "containerPort [API]",
      "hostPort is the containerPort; the agent never assigns one [AGENT]",
      "the host range equals the container range [API]",
      "Links are not supported when networkMode=awsvpc. [API]",
      "hostname is not supported on container when networkMode=awsvpc. [API]",
      "extraHosts is not supported with awsvpc [API]",
      "one ENI per task: each task can only have one ENI [AWSVPC]",
      "up to 5 per awsvpcConfiguration [API]",
      "A and/or SRV records [SD]", "[SC]",
      "limited by the instance's ENIs, or by trunking [TRUNK]",
      "each task has its own IP, so ports never collide across tasks" },
    "omitted, or equal to containerPort",
    "ip", "ALB and NLB only (no Classic Load Balancer) [AWSVPC] [LB]",
    "A,SRV",
    { "each task has its own security groups: traffic can be denied even "
      "between tasks on the same host [BP]",
      "set ECS_AWSVPC_BLOCK_IMDS=true to keep tasks from the instance role's "
      "credentials [IAMROLE] [AGENTREADME]",
      "behind an NLB with IP targets the task sees the NLB's address: "
      "allowing the health-check source opens the service to all [LB]",
      NULL },
    "[TDP] [AWSVPC] [FG] [API] [LB] [SD] [SC] [TRUNK] [MI] [BP]"
  },
  { /* none */
    ECSNET_MODE_NONE, "none", "none", "none",
    "containers have no external network connectivity",
    { YES, NO, NO, YES, NO, NO },
    { NULL, NULL, "Fargate supports only awsvpc [FG]",
      "ECS Anywhere Linux [ANY]",
      "Windows external instances use the default (nat) mode [ANY]",
      "Managed Instances support only awsvpc and host [MI]" },
    { 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1 },
    { "you can't specify port mappings [API]", NULL, NULL, NULL,
      "links need bridge [API]",
      "not restricted by the ECS docs (not verified)", NULL, NULL, NULL,
      "service discovery is not supported [SD]", NULL, NULL,
      "no ports are mapped, so nothing collides" },
    "port mappings are not allowed",
    NULL, "no load balancing: the task has no network",
    "",
    { "no external connectivity [TN]", NULL, NULL, NULL },
    "[TN] [API] [SD] [ANY]"
  },
  { /* Windows default: the nat driver */
    ECSNET_MODE_NAT, "default", NULL, "nat",
    "Windows containers on Docker's nat network, reached through the "
    "instance's ENI; networkMode is omitted",
    { NO, DEF, NO, NO, REQ, NO },
    { "on Linux, an omitted networkMode means bridge [TN]",
      "the default on Windows when networkMode is omitted [TN]",
      "Fargate supports only awsvpc [FG]",
      "on Linux, an omitted networkMode means bridge [TN]",
      "Windows tasks that run on external instances must use the default "
      "network mode [ANY]",
      "networkMode must be given on Managed Instances [MI]" },
    { 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0 },
    { NULL, "inferred: the nat mode acts like bridge [API]",
      "dynamic ports come from 49152-65535 [AGENT]",
      "not verified: the API says bridge or awsvpc, and also Linux and "
      "Windows; treated as not allowed",
      "links are not supported for Windows containers [API] [WIN]",
      "not restricted by the ECS docs",
      "extraHosts is not supported on Windows [API] [WIN]", NULL, NULL,
      "not verified for the Windows default mode; treated as not supported",
      "Service Connect does not support Windows (2023) [SC]",
      "with dynamic host ports", "a static hostPort admits one copy per "
      "instance (inferred from bridge)" },
    "any non-reserved port, or 0/omitted for a dynamic one",
    "instance", "targets are registered as instance ID + host port [LB]",
    "",
    { SEC_NO_SG_PER_TASK,
      "no loopback to mapped ports (NetNAT): the host cannot reach a "
      "container's mapped port through localhost [TDP] [WIN]",
      NULL, NULL },
    "[TN] [TDP] [API] [WIN] [ANY] [AGENT]"
  }
};

static const char *const platform_names[ECSNET_PLATFORM_COUNT] = {
  "ec2_linux", "ec2_windows", "fargate", "external_linux",
  "external_windows", "managed_instances"
};

static const char *const cap_names[ECSNET_CAP_COUNT] = {
  "port_mappings", "host_port_remap", "dynamic_host_ports",
  "container_port_range", "links", "hostname", "extra_hosts", "own_eni",
  "task_security_groups", "service_discovery", "service_connect",
  "multiple_copies", "static_port_copies"
};

static const char *const support_names[] = {
  "no", "yes", "default", "required"
};


const ecsnet_mode_info_t *ecsnet_mode_info(ecsnet_mode_t id) {
  if ((int)id < 0 || id >= ECSNET_MODE_COUNT)
    return NULL;
  return &modes[id];
}


static int name_is(const char *s, size_t n, const char *name) {
  return strlen(name) == n && memcmp(s, name, n) == 0;
}


int ecsnet_mode_lookup(const char *s, size_t n, ecsnet_os_t os,
                       const ecsnet_mode_info_t **out) {
  int i;
  if (name_is(s, n, "default")) {
    *out = &modes[os == ECSNET_OS_WINDOWS ? ECSNET_MODE_NAT
                                          : ECSNET_MODE_BRIDGE];
    return ECSNET_OK;
  }
  if (name_is(s, n, "nat")) {
    *out = &modes[ECSNET_MODE_NAT];
    return ECSNET_OK;
  }
  for (i = 0; i < ECSNET_MODE_NAT; i++) {
    if (name_is(s, n, modes[i].name)) {
      *out = &modes[i];
      return ECSNET_OK;
    }
  }
  return ECSNET_ENOENT;
}


const char *ecsnet_mode_names(void) {
  return "awsvpc, bridge, default, host, none";
}


const char *ecsnet_platform_name(ecsnet_platform_t p) {
  return ((int)p >= 0 && p < ECSNET_PLATFORM_COUNT) ? platform_names[p] : NULL;
}


const char *ecsnet_cap_name(ecsnet_cap_t c) {
  return ((int)c >= 0 && c < ECSNET_CAP_COUNT) ? cap_names[c] : NULL;
}


const char *ecsnet_support_name(ecsnet_support_t s) {
  return ((int)s >= 0 && (size_t)s < ECSNET_COUNTOF(support_names))
         ? support_names[s] : NULL;
}


/*
** {======================================================================
** Name lists: operating systems, launch types (docs/reference.md §1.2, §5)
** =======================================================================
*/

static const char *const os_names[] = { "linux", "windows" };

/* In the order of the ECSNET_LT_* bits (checked below). */
static const char *const launch_type_names[] = {
  "EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"
};

typedef char lt_bits_match_names[
  (ECSNET_LT_EC2 == 1 && ECSNET_LT_FARGATE == 2 && ECSNET_LT_EXTERNAL == 4 &&
   ECSNET_LT_MANAGED_INSTANCES == 8 &&
   ECSNET_COUNTOF(launch_type_names) == 4) ? 1 : -1];


const char *ecsnet_os_name(ecsnet_os_t os) {
  return ((int)os >= 0 && (size_t)os < ECSNET_COUNTOF(os_names))
         ? os_names[os] : NULL;
}


const char *ecsnet_launch_type_name(size_t i) {
  return i < ECSNET_COUNTOF(launch_type_names) ? launch_type_names[i] : NULL;
}


unsigned ecsnet_launch_type_bit(const char *s, size_t n) {
  size_t i;
  for (i = 0; i < ECSNET_COUNTOF(launch_type_names); i++)
    if (name_is(s, n, launch_type_names[i]))
      return 1u << i;
  return 0;
}

/* }====================================================================== */
