/*
** ecsnet_density.c: awsvpc tasks per instance, with and without ENI
** trunking, and which limit binds (docs/reference.md#enis-without-trunking,
** #eni-trunking).
*/
#include <string.h>

#include "ecsnet.h"
#include "ecsnet_internal.h"

/* {======================================================================
** Density
** ======================================================================= */

void ecsnet_density_in_init(ecsnet_density_in_t *in) {
  memset(in, 0, sizeof *in);
  in->mode = ECSNET_MODE_AWSVPC;
  in->os = ECSNET_OS_LINUX;
  in->launched_after_opt_in = 1;
  in->cpu = in->memory = -1;
  in->instance_cpu = in->instance_memory = -1;
}


const char *ecsnet_bind_name(ecsnet_bind_t b) {
  switch (b) {
    case ECSNET_BIND_ENI: return "ENI";
    case ECSNET_BIND_CPU: return "CPU";
    case ECSNET_BIND_MEMORY: return "MEMORY";
    case ECSNET_BIND_PORTS: return "PORTS";
    default: return "none";
  }
}


const char *ecsnet_trunk_reason(unsigned bit) {
  switch (bit) {
    case ECSNET_TRUNK_SETTING_OFF:
      return "the account setting awsvpcTrunking is off for the instance's "
             "IAM role (turn it on with PutAccountSetting, or for the whole "
             "account with PutAccountSettingDefault)";
    case ECSNET_TRUNK_UNSUPPORTED_TYPE:
      return "the instance type is not in the ECS trunking table (choose a "
             "supported type, e.g. c5, m5, r5, c6i, m6g)";
    case ECSNET_TRUNK_WINDOWS:
      return "ENI trunking is Linux only; Windows instances never get a "
             "trunk ENI";
    case ECSNET_TRUNK_LAUNCHED_BEFORE:
      return "the instance was launched before the opt-in; only instances "
             "launched after it get a trunk ENI (replace the instance)";
    case ECSNET_TRUNK_SHARED_SUBNET:
      return "trunking does not support shared subnets (the instance fails "
             "to register)";
    case ECSNET_TRUNK_NOT_AWSVPC:
      return "the task does not use awsvpc, so ENIs do not limit it";
    case ECSNET_TRUNK_UNKNOWN_LIMIT:
      return "the trunking limit for this type is unknown (ECS's table "
             "lists an invalid value, or the loaded data gives none), so "
             "tasks are counted without trunking";
    case ECSNET_TRUNK_UNKNOWN_SUPPORT:
      return "ECS's trunking table (2023-04-18) does not list this type and "
             "no estimate meets the bar, so whether trunking applies and its "
             "limit are unknown; tasks are counted without trunking (give "
             "awsvpc_tasks_with_trunking in instance data to use the real "
             "number)";
    default:
      return NULL;
  }
}


/* floor of a ratio >= 0, capped (no libm: the core links without -lm) */
static long whole(double x) {
  if (!(x >= 0))
    return 0;
  if (x > 1e9)
    return 1000000000L;
  return (long)x;
}


static void consider(ecsnet_density_t *o, long v, ecsnet_bind_t b) {
  if (v < 0)
    return;
  if (o->tasks < 0 || v < o->tasks) {
    o->tasks = v;
    o->binding = b;
  }
}


int ecsnet_density(const ecsnet_instance_t *it, const ecsnet_density_in_t *in,
                   ecsnet_density_t *o) {
  double icpu, imem;
  int awsvpc;
  memset(o, 0, sizeof *o);
  o->by_eni = o->by_cpu = o->by_memory = o->by_ports = o->tasks = -1;
  o->tasks_with = -1;
  if (it == NULL || in == NULL || in->mode < 0 || in->mode >= ECSNET_MODE_COUNT)
    return ECSNET_EINVAL;
  awsvpc = in->mode == ECSNET_MODE_AWSVPC;
  o->trunking_supported = it->trunking;
  o->tasks_without = it->tasks_without;
  o->tasks_with = it->trunking ? it->tasks_with : -1;
  /* §3.2: every precondition, each reported */
  /* Managed Instances trunk when the type can: no account setting, no
  ** launch after an opt-in (§5.7) */
  if (!in->trunking && !in->managed_instances)
    o->trunking_why |= ECSNET_TRUNK_SETTING_OFF;
  o->trunk_tier = it->trunk_tier;
  o->trunk_note = it->trunk_tier == ECSNET_TIER_DOCUMENTED ? NULL
                                                           : it->trunk_basis;
  /* "choose a supported type" only when the type is known not to trunk */
  if (!it->trunking)
    o->trunking_why |= it->trunk_tier == ECSNET_TIER_UNKNOWN
                           ? ECSNET_TRUNK_UNKNOWN_SUPPORT
                           : ECSNET_TRUNK_UNSUPPORTED_TYPE;
  else if (it->tasks_with < 0) o->trunking_why |= ECSNET_TRUNK_UNKNOWN_LIMIT;
  if (in->os == ECSNET_OS_WINDOWS) o->trunking_why |= ECSNET_TRUNK_WINDOWS;
  if (!in->launched_after_opt_in && !in->managed_instances)
    o->trunking_why |= ECSNET_TRUNK_LAUNCHED_BEFORE;
  if (in->shared_subnet) o->trunking_why |= ECSNET_TRUNK_SHARED_SUBNET;
  if (!awsvpc) o->trunking_why |= ECSNET_TRUNK_NOT_AWSVPC;
  o->trunking_applies = o->trunking_why == 0;
  if (awsvpc) {
    /* on Managed Instances the trunk is the primary ENI: one ENI and one
    ** address fewer than on EC2 (assumed, not verified) */
    int trunk_enis = o->trunking_applies && !in->managed_instances ? 1 : 0;
    o->by_eni = o->trunking_applies ? it->tasks_with : it->tasks_without;
    o->eni_limit = (o->trunking_applies ? it->tasks_with : it->tasks_without) +
                   1 + trunk_enis;
    o->ips_per_instance = 1 + trunk_enis;
    o->ips_per_task = 1;
  } else {
    o->eni_limit = it->max_enis;
    o->ips_per_instance = 1;
    o->ips_per_task = 0;
  }
  icpu = in->instance_cpu >= 0 ? in->instance_cpu
                               : (it->vcpus > 0 ? it->vcpus * 1024.0 : -1);
  imem = in->instance_memory >= 0 ? in->instance_memory
                                  : (it->memory_mib > 0 ? (double)it->memory_mib : -1);
  if (in->cpu > 0 && icpu >= 0)
    o->by_cpu = whole(icpu / in->cpu);
  if (in->memory > 0 && imem >= 0)
    o->by_memory = whole(imem / in->memory);
  /* one copy per instance per static port (§2.6) */
  if (!awsvpc && in->static_ports > 0)
    o->by_ports = 1;
  o->binding = ECSNET_BIND_NONE;
  consider(o, o->by_eni, ECSNET_BIND_ENI);
  consider(o, o->by_cpu, ECSNET_BIND_CPU);
  consider(o, o->by_memory, ECSNET_BIND_MEMORY);
  consider(o, o->by_ports, ECSNET_BIND_PORTS);
  if (awsvpc) {
    long t = o->tasks >= 0 ? o->tasks : o->by_eni;
    o->enis_used = t + o->ips_per_instance;
    o->ips_used = t + o->ips_per_instance;
  } else {
    o->enis_used = 1;
    o->ips_used = 1;
  }
  return ECSNET_OK;
}

/* }====================================================================== */
