/*
** ecsnet_plan.c: IP-exhaustion plans (docs/reference.md §3.1, §3.2,
** §4.1; the input format is docs/plan-format.md).
**
** A plan places tasks one by one, the way ECS spreads a service over AZs
** (task t of service s goes to AZ (t + s) mod k) and packs them on
** instances (first fit per service and AZ; an instance is launched when none
** has room). Each instance takes its primary address, plus a trunk ENI
** address when trunking applies, from its AZ's host subnets; each awsvpc
** task takes one address from the AZ's task subnets, or from the host
** subnets when the AZ has no task subnet. Subnets of a pool fill in the
** order given. Steady state first, then the deployment surge
** (maximumPercent), then growth of the first awsvpc service until a subnet
** runs out. The work is linear in the tasks placed and the instances
** launched (bench/plan.sh measures it).
**
** Bad content never fails the call: it becomes findings, and ok = 0.
**
** This file holds the entry points and the run in named steps; the other
** rooms are listed in ecsnet_plan_internal.h.
*/
#include <string.h>

#include "ecsnet_plan_internal.h"


/* {======================================================================
** Running a plan
** ======================================================================= */

/* The lists of findings and recommendations, one more than the limit: the
** slot for ecsnet__plan_note_dropped. */
static int alloc_lists(ctx *c) {
  ecsnet_plan_t *p = c->p;
  p->findings = (ecsnet_plan_finding_t *)arena_calloc(&c->A, ECSNET_PLAN_MAX_FINDINGS + 1,
                                                       sizeof *p->findings);
  p->recs = (ecsnet_plan_finding_t *)arena_calloc(&c->A, ECSNET_PLAN_MAX_FINDINGS + 1,
                                                   sizeof *p->recs);
  if (p->findings == NULL || p->recs == NULL)
    return ECSNET_ENOMEM;
  return ECSNET_OK;
}


/* The totals of tasks; 0 after reporting the sizes only when the plan is
** too large or nothing can be simulated. */
static int simulable(ctx *c) {
  ecsnet_plan_t *p = c->p;
  size_t i, nsv = p->nservices;
  for (i = 0; i < nsv; i++) {
    p->tasks += p->services[i].desired;
    p->surge += p->services[i].peak - p->services[i].desired;
  }
  if (p->instances_given > ECSNET_PLAN_MAX_PLACED) {
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_TOO_LARGE", "/instances",
            "the plan gives %lld instances; plans are limited to %lld",
            p->instances_given, (long long)ECSNET_PLAN_MAX_PLACED);
    ecsnet__plan_sizes_only(p);
    return 0;
  }
  if (p->tasks + p->surge > ECSNET_PLAN_MAX_PLACED) {
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_TOO_LARGE", "/services",
            "the plan runs %lld tasks at its peak; plans are limited to "
            "%lld", p->tasks + p->surge, (long long)ECSNET_PLAN_MAX_PLACED);
    ecsnet__plan_sizes_only(p);
    return 0;
  }
  if (p->instance == NULL || p->nazs == 0 || nsv == 0) {
    ecsnet__plan_sizes_only(p);
    return 0;   /* nothing to simulate; the findings say why */
  }
  return 1;
}


/* What a plan on Managed Instances assumes (§5.7, §8.3): the trunk ENI is
** the primary ENI when the type trunks, so an instance takes one address;
** the task limit is the EC2 trunking figure. Neither is verified. */
static void managed_assumption(ctx *c, const ecsnet_density_t *dens) {
  const ecsnet_instance_t *it = c->p->instance;
  if (dens->trunking_applies)
    finding(c, 0, ECSNET_SEV_WARNING, "PLAN_MANAGED_INSTANCES", "/services",
            "Managed Instances: %s trunks, and its trunk ENI is its primary "
            "ENI (docs/reference.md §5.7); the plan assumes each instance "
            "takes 1 address (not 2 as on EC2 with trunking) and runs up to "
            "%d awsvpc tasks, the EC2 trunking figure (tier %s); the "
            "addresses and the task limit on Managed Instances are not "
            "verified", it->name, it->tasks_with,
            ecsnet_tier_name(it->trunk_tier));
  else
    finding(c, 0, ECSNET_SEV_WARNING, "PLAN_MANAGED_INSTANCES", "/services",
            "Managed Instances: %s %s, so its primary ENI is a regular one "
            "(docs/reference.md §5.7): the plan gives each instance 1 address "
            "and %d awsvpc tasks (one ENI each, the primary excluded); the "
            "addresses on Managed Instances are not verified", it->name,
            (dens->trunking_why & ECSNET_TRUNK_UNKNOWN_SUPPORT)
              ? "may or may not support trunking (not known), and is planned "
                "as if it does not"
              : "does not support trunking",
            it->tasks_without);
  if (c->p->nservices > 0 && (dens->trunking_why & ECSNET_TRUNK_WINDOWS))
    finding(c, 0, ECSNET_SEV_WARNING, "PLAN_OS", "/os",
            "the plan's os is windows on Managed Instances; trunking is "
            "Linux only (docs/reference.md §3.2)");
}


/* Trunking (§3.2) and per-instance resources: the plan's setting against
** the instance type, and each service's tasks per instance. */
static void apply_density(ctx *c, const settings *in, ecsnet_density_t *dens) {
  ecsnet_plan_t *p = c->p;
  size_t i, nsv = p->nservices;
  ecsnet_density_in_t din;
  int trunking = in->trunking || c->managed;
  ecsnet_density_in_init(&din);
  din.os = in->os;
  din.trunking = in->trunking;
  din.launched_after_opt_in = in->after;
  din.shared_subnet = in->shared;
  din.managed_instances = c->managed;   /* trunks when the type can (§5.7) */
  ecsnet_density(p->instance, &din, dens);
  p->trunking_applies = dens->trunking_applies;
  p->trunking_why = dens->trunking_why;
  if (c->icpu < 0 && p->instance->vcpus > 0)
    c->icpu = p->instance->vcpus * 1024.0;
  if (c->imem < 0 && p->instance->memory_mib > 0)
    c->imem = (double)p->instance->memory_mib;
  if (c->fargate_only)
    trunking = 0;   /* no instances: nothing to say about trunking */
  else if (c->managed)
    managed_assumption(c, dens);
  if (trunking && dens->trunking_applies &&
      p->instance->trunk_tier == ECSNET_TIER_ESTIMATED)
    finding(c, 0, ECSNET_SEV_WARNING, "PLAN_TRUNK_ESTIMATED", "/trunking",
            "the plan rests on %d awsvpc tasks per %s with trunking, which is "
            "%s", p->instance->tasks_with, p->instance->name,
            p->instance->trunk_basis ? p->instance->trunk_basis
                                     : "estimated, not documented");
  if (trunking && dens->trunking_applies &&
      p->instance->trunk_tier == ECSNET_TIER_USER)
    finding(c, 0, ECSNET_SEV_INFO, "PLAN_TRUNK_USER", "/trunking",
            "the awsvpc task limit with trunking on %s (%d) comes from the "
            "instance data loaded at run time", p->instance->name,
            p->instance->tasks_with);
  if (in->trunking && !c->managed && !c->fargate_only &&
      !dens->trunking_applies) {
    unsigned bit;
    for (bit = 1; bit <= ECSNET_TRUNK_LAST; bit <<= 1)
      if ((dens->trunking_why & bit) && bit != ECSNET_TRUNK_SETTING_OFF &&
          bit != ECSNET_TRUNK_NOT_AWSVPC)
        finding(c, 0, ECSNET_SEV_WARNING, "PLAN_NO_TRUNKING", "/trunking",
                "trunking is on but does not apply to %s: %s",
                p->instance->name, ecsnet_trunk_reason(bit));
  }
  for (i = 0; i < nsv; i++) {
    ecsnet_plan_service_t *sv = &p->services[i];
    ecsnet_density_t dd;
    din.mode = sv->mode;
    din.cpu = sv->cpu;
    din.memory = sv->memory;
    din.instance_cpu = c->icpu;
    din.instance_memory = c->imem;
    din.static_ports = sv->static_ports;
    ecsnet_density(p->instance, &din, &dd);
    sv->per_instance = dd.tasks;
    sv->binding = dd.binding;
  }
}


static int run(ctx *c, const cJSON *doc) {
  ecsnet_plan_t *p = c->p;
  settings in;
  ecsnet_density_t dens;
  long long unplaced = 0;
  int st;
  p->ok = 1;
  p->instances_given = -1;
  if (alloc_lists(c) != ECSNET_OK)
    return ECSNET_ENOMEM;
  ecsnet__plan_read(c, doc, &in);
  if (c->A.failed)
    return ECSNET_ENOMEM;
  if (!simulable(c))
    return ECSNET_OK;
  apply_density(c, &in, &dens);
  if ((st = ecsnet__plan_pools(c, in.given)) != ECSNET_OK ||
      (st = ecsnet__plan_simulate(c, &dens, &unplaced)) != ECSNET_OK)
    return st;
  ecsnet__plan_summarize(c, unplaced, in.vpc, in.nvpc);
  ecsnet__plan_report_deployments(c);
  if (c->exhausted) {
    p->runs_out = 1;
    p->runs_out_phase = c->phase;
    p->runs_out_at_tasks = c->ex_at;
    p->runs_out_subnet = c->ex_subnet;
    p->growth_tasks = 0;
  }
  if ((st = ecsnet__plan_growth(c)) != ECSNET_OK)
    return st;
  p->placements = c->placed;
  return ECSNET_OK;
}


static void ctx_free(ctx *c) {
  size_t z, i;
  if (c->az != NULL)
    for (z = 0; z < c->p->nazs; z++)
      ecsnet__free(&c->A.mem, c->az[z].f.v, c->az[z].f.cap * sizeof(inst));
  if (c->occ != NULL)
    for (i = 0; i < c->p->nservices * c->p->nazs; i++)
      ecsnet__free(&c->A.mem, c->occ[i], c->occn[i]);
}


int ecsnet_plan_run_json(const ecsnet_json_t *doc, const ecsnet_instdb_t *db,
                         ecsnet_alloc_fn alloc, void *ud, ecsnet_plan_t **out,
                         char *err, size_t errlen) {
  ctx c;
  ecsnet_mem_t mem;
  ecsnet_plan_t *p;
  arena *keep;
  int st;
  *out = NULL;
  if (!cJSON_IsObject(doc)) {
    ecsnet__errf(err, errlen, "a plan must be a JSON object (see "
                 "docs/plan-format.md)");
    return ECSNET_EINVAL;
  }
  memset(&c, 0, sizeof c);
  ecsnet__mem_init(&mem, alloc, ud);
  ecsnet__arena_init(&c.A, &mem, 8192, 16);
  c.alloc = alloc;
  c.ud = ud;
  c.db = db;
  p = (ecsnet_plan_t *)arena_calloc(&c.A, 1, sizeof *p);
  keep = (arena *)arena_calloc(&c.A, 1, sizeof *keep);
  if (p == NULL || keep == NULL) {
    ecsnet__arena_free(&c.A);
    return ECSNET_ENOMEM;
  }
  c.p = p;
  st = run(&c, doc);
  if (st == ECSNET_OK)
    ecsnet__plan_note_dropped(&c);
  ctx_free(&c);
  if (st != ECSNET_OK || c.A.failed) {
    ecsnet__arena_free(&c.A);
    ecsnet__errf(err, errlen, "not enough memory");
    return ECSNET_ENOMEM;
  }
  *keep = c.A;       /* the arena lives in itself; freed by ecsnet_plan_free */
  p->priv_ = keep;
  *out = p;
  return ECSNET_OK;
}


int ecsnet_plan_run(const char *text, size_t n, const ecsnet_instdb_t *db,
                    ecsnet_alloc_fn alloc, void *ud, ecsnet_plan_t **out,
                    char *err, size_t errlen) {
  cJSON *doc;
  int st;
  *out = NULL;
  st = ecsnet__json_load("the plan", "a plan", text, n, ECSNET_PLAN_MAX_BYTES,
                         &doc, err, errlen);
  if (st != ECSNET_OK)
    return st;
  st = ecsnet_plan_run_json(doc, db, alloc, ud, out, err, errlen);
  cJSON_Delete(doc);
  return st;
}


void ecsnet_plan_free(ecsnet_plan_t *p) {
  arena a;
  if (p == NULL)
    return;
  a = *(arena *)p->priv_;
  ecsnet__arena_free(&a);
}


const char *ecsnet_role_name(ecsnet_role_t r) {
  switch (r) {
    case ECSNET_ROLE_HOSTS: return "hosts";
    case ECSNET_ROLE_TASKS: return "tasks";
    default: return "both";
  }
}

/* }====================================================================== */
