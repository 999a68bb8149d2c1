/*
** ecsnet_demand.c: what one task needs, from the task-definition model
** (ecsnet_taskdef_t): network mode, CPU, memory and its static host ports
** (docs/reference.md#static-ports-and-placement). Every input shape reaches
** the model first: JSON text and raw documents through the validator, the
** model's own JSON form (the normalized shape of ecsnet.taskdefs) through
** ecsnet__model_read.
*/
#include <string.h>

#include "cJSON.h"
#include "ecsnet.h"
#include "ecsnet_internal.h"

#define MAXPORTS 256

typedef struct {
  int port[MAXPORTS];
  int n, overflow;
} portset;


static void portset_add(portset *s, int port, int udp) {
  int key = port * 2 + (udp ? 1 : 0), i;
  for (i = 0; i < s->n; i++)
    if (s->port[i] == key)
      return;
  if (s->n < MAXPORTS)
    s->port[s->n++] = key;
  else
    s->overflow++;
}


void ecsnet_taskdef_demand(const ecsnet_taskdef_t *t, ecsnet_demand_t *out) {
  portset ps;
  double csum = 0, msum = 0;
  int cg = 0, mg = 0;
  size_t i, j;
  memset(out, 0, sizeof *out);
  out->mode = t->mode;
  out->os = t->os;
  out->cpu = t->cpu;
  out->memory = t->memory;
  out->fargate_only = t->launch_types == ECSNET_LT_FARGATE;
  out->managed_only = t->launch_types == ECSNET_LT_MANAGED_INSTANCES;
  ps.n = ps.overflow = 0;
  for (i = 0; i < t->ncontainers; i++) {
    const ecsnet_td_container_t *c = &t->containers[i];
    if (c->cpu >= 0) { csum += c->cpu; cg = 1; }
    if (c->memory >= 0) { msum += c->memory; mg = 1; }
    for (j = 0; j < c->nports; j++) {
      const ecsnet_td_port_t *p = &c->ports[j];
      int hp = ecsnet_static_host_port(t->mode, p->container_port,
                                       p->host_port);
      if (hp > 0)
        portset_add(&ps, hp, p->protocol == ECSNET_PROTO_UDP);
    }
  }
  if (out->cpu < 0 && cg)
    out->cpu = csum;
  if (out->memory < 0 && mg)
    out->memory = msum;
  out->static_ports = ps.n + ps.overflow;
  out->first_static_port = ps.n > 0 ? ps.port[0] / 2 : -1;
}


/* The one task definition of a validated document, or a message. */
static int one_taskdef(ecsnet_report_t *rep, ecsnet_demand_t *out,
                       char *err, size_t errlen) {
  const ecsnet_taskdef_t *t;
  if (rep->ntaskdefs != 1) {
    ecsnet__errf(err, errlen, rep->ntaskdefs == 0
                 ? "the document holds no task definition"
                 : "the document holds %zu task definitions; give one",
                 rep->ntaskdefs);
    return ECSNET_EINVAL;
  }
  t = &rep->taskdefs[0];
  if (t->mode < 0) {
    ecsnet__errf(err, errlen, "the task definition's network mode is "
                 "invalid or unknown (see ecsnet.validate)");
    return ECSNET_EINVAL;
  }
  ecsnet_taskdef_demand(t, out);
  return ECSNET_OK;
}


int ecsnet_task_demand(const ecsnet_json_t *td, ecsnet_alloc_fn alloc,
                       void *ud, ecsnet_demand_t *out, char *err,
                       size_t errlen) {
  ecsnet_validate_opts_t o;
  ecsnet_report_t *rep = NULL;
  int st;
  memset(out, 0, sizeof *out);
  out->mode = ECSNET_MODE_AWSVPC;
  out->cpu = out->memory = -1;
  out->first_static_port = -1;
  if (cJSON_IsObject(td) && ecsnet__model_shaped(td)) {
    ecsnet_taskdef_t t;
    ecsnet_mem_t m;
    ecsnet__mem_init(&m, alloc, ud);
    st = ecsnet__model_read(td, &m, &t, err, errlen);
    if (st == ECSNET_OK)
      ecsnet_taskdef_demand(&t, out);
    ecsnet__model_free(&m, &t);
    return st;
  }
  ecsnet_validate_opts_init(&o);
  if (cJSON_IsString(td))   /* JSON text inside a plan */
    st = ecsnet_validate(td->valuestring, strlen(td->valuestring), &o, alloc,
                         ud, &rep, err, errlen);
  else if (cJSON_IsObject(td) || cJSON_IsArray(td))
    st = ecsnet_validate_json(td, &o, alloc, ud, &rep, err, errlen);
  else {
    ecsnet__errf(err, errlen, "a task definition must be an object");
    return ECSNET_EINVAL;
  }
  if (st != ECSNET_OK)
    return st;
  st = one_taskdef(rep, out, err, errlen);
  ecsnet_report_free(rep);
  return st;
}
