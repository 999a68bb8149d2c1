/*
** ecsnet_plan_sim.c: the placement simulation of a plan (ENI density and plans;
** docs/reference.md §3.1, §3.2): the AZs' address pools, tasks placed one by
** one on instances launched as needed, steady state and deployment surge
** under both trunking settings, and the growth search that finds where a
** subnet runs out. The work is linear in the tasks placed and the
** instances launched (bench/plan.sh measures it).
*/
#include <string.h>

#include "ecsnet_plan_internal.h"


/* {======================================================================
** The simulation
** ======================================================================= */

/* Charges one address of category 'cat' to the AZ's pool. Subnets fill in
** order; past the last one the charge still lands (on the last subnet), so
** that 'needed' keeps counting, and the first such charge is the point
** where the plan runs out. */
static void charge(ctx *c, azstate *a, int tasks_pool, int cat) {
  size_t *pool = tasks_pool && a->ntask ? a->task : a->host;
  size_t np = tasks_pool && a->ntask ? a->ntask : a->nhost;
  size_t *cur = tasks_pool && a->ntask ? &a->tcur : &a->hcur;
  size_t si;
  if (np == 0)
    return;
  while (*cur + 1 < np && c->used[pool[*cur]] >= c->p->subnets[pool[*cur]].usable)
    (*cur)++;
  si = pool[*cur];
  if (c->used[si] >= c->p->subnets[si].usable && !c->exhausted) {
    c->exhausted = 1;
    c->ex_at = c->placed;
    c->ex_subnet = si;
  }
  c->used[si]++;
  if (c->cat != NULL)
    c->cat[si][cat]++;
}


static int launch(ctx *c, azstate *a) {
  inst *in;
  if (a->f.n == a->f.cap) {
    size_t nc = a->f.cap ? a->f.cap * 2 : 64;
    inst *v = (inst *)ecsnet__realloc(&c->A.mem, a->f.v, a->f.cap * sizeof(inst),
                                      nc * sizeof(inst));
    if (v == NULL) {
      c->A.failed = 1;
      return 0;
    }
    a->f.v = v;
    a->f.cap = nc;
  }
  in = &a->f.v[a->f.n++];
  in->eni = c->slots;
  in->cpu = c->icpu;
  in->mem = c->imem;
  charge(c, a, 0, C_HOSTS);
  if (c->ips_per_instance > 1)
    charge(c, a, 0, C_TRUNK);
  return 1;
}


/* Does service s's task fit on instance i of AZ z? */
static int fits(ctx *c, const ecsnet_plan_service_t *sv, size_t s, size_t z,
                size_t i) {
  const inst *in = &c->az[z].f.v[i];
  if (sv->mode == ECSNET_MODE_AWSVPC && in->eni <= 0)
    return 0;
  if (sv->cpu > 0 && in->cpu >= 0 && in->cpu < sv->cpu)
    return 0;
  if (sv->memory > 0 && in->mem >= 0 && in->mem < sv->memory)
    return 0;
  if (sv->static_ports > 0 && sv->mode != ECSNET_MODE_AWSVPC &&
      sv->mode != ECSNET_MODE_NONE) {
    size_t k = s * c->p->nazs + z;
    if (i < c->occn[k] && c->occ[k][i])
      return 0;
  }
  return 1;
}


static int occupy(ctx *c, size_t s, size_t z, size_t i) {
  size_t k = s * c->p->nazs + z;
  if (i >= c->occn[k]) {
    size_t nn = c->occn[k] ? c->occn[k] * 2 : 64, j;
    unsigned char *v;
    while (nn <= i)
      nn *= 2;
    v = (unsigned char *)ecsnet__realloc(&c->A.mem, c->occ[k], c->occn[k], nn);
    if (v == NULL) {
      c->A.failed = 1;
      return 0;
    }
    for (j = c->occn[k]; j < nn; j++)
      v[j] = 0;
    c->occ[k] = v;
    c->occn[k] = nn;
  }
  c->occ[k][i] = 1;
  return 1;
}


/* Places one task of service s in AZ z. Returns 1 when placed, 0 when out
** of memory or when the task can never fit on an instance (then it is not
** placed), -1 when no instance has room and 'launch_ok' is 0 (it waits). */
static int place(ctx *c, size_t s, size_t z, int cat, int launch_ok) {
  const ecsnet_plan_service_t *sv = &c->p->services[s];
  azstate *a = &c->az[z];
  size_t *cur = &c->cursor[s * c->p->nazs + z];
  inst *in;
  if (sv->fargate) {          /* its own ENI, no instance (§3.1, §5.6) */
    c->placed++;
    charge(c, a, 1, cat);
    return 1;
  }
  if ((sv->mode == ECSNET_MODE_AWSVPC && c->slots <= 0) ||
      (sv->cpu > 0 && c->icpu >= 0 && sv->cpu > c->icpu) ||
      (sv->memory > 0 && c->imem >= 0 && sv->memory > c->imem))
    return 0;
  while (*cur < a->f.n && !fits(c, sv, s, z, *cur))
    (*cur)++;
  if (*cur == a->f.n && !launch_ok)
    return -1;
  if (*cur == a->f.n && !launch(c, a))
    return 0;
  in = &a->f.v[*cur];
  if (sv->mode == ECSNET_MODE_AWSVPC)
    in->eni--;
  if (sv->cpu > 0 && in->cpu >= 0)
    in->cpu -= sv->cpu;
  if (sv->memory > 0 && in->mem >= 0)
    in->mem -= sv->memory;
  if (sv->static_ports > 0 && sv->mode != ECSNET_MODE_AWSVPC &&
      sv->mode != ECSNET_MODE_NONE && !occupy(c, s, z, *cur))
    return 0;
  c->placed++;
  if (sv->mode == ECSNET_MODE_AWSVPC)
    charge(c, a, 1, cat);
  return 1;
}


/* Resets the per-run state: no instance, no address used, extras charged,
** the given instances launched. */
static int sim_reset(ctx *c, int trunk) {
  ecsnet_plan_t *p = c->p;
  size_t z, i, nsv = p->nservices;
  c->slots = trunk ? p->instance->tasks_with : p->instance->tasks_without;
  /* on Managed Instances the trunk ENI is the primary ENI (§5.7): one
  ** address per instance (assumed, told by PLAN_MANAGED_INSTANCES) */
  c->ips_per_instance = trunk && !c->managed ? 2 : 1;
  c->exhausted = 0;
  c->placed = 0;
  c->phase = "steady";
  c->ex_service = nsv;
  for (i = 0; i < p->nsubnets; i++) {
    c->used[i] = 0;
    if (c->cat != NULL)
      memset(c->cat[i], 0, sizeof c->cat[i]);
  }
  for (i = 0; i < nsv * p->nazs; i++) {
    c->cursor[i] = 0;
    if (c->occ[i] != NULL)
      memset(c->occ[i], 0, c->occn[i]);
  }
  c->fixed_fleet = 0;
  for (i = 0; i < nsv; i++)
    c->deferred[i] = c->surged[i] = 0;
  for (z = 0; z < p->nazs; z++)
    if (c->az[z].f.fixed > 0)
      c->fixed_fleet = 1;
  for (z = 0; z < p->nazs; z++) {
    azstate *a = &c->az[z];
    a->f.n = 0;
    a->hcur = a->tcur = 0;
    a->tasks = a->surge = a->growth = 0;
  }
  /* extras: the subnet's own, then extras_per_az on each AZ's first host
  ** subnet (load balancer nodes and the like) */
  for (i = 0; i < p->nsubnets; i++)
    if (p->subnets[i].valid) {
      c->used[i] += p->subnets[i].extras;
      if (c->cat != NULL)
        c->cat[i][C_EXTRAS] += p->subnets[i].extras;
      if (c->used[i] > p->subnets[i].usable && !c->exhausted) {
        c->exhausted = 1;
        c->ex_at = 0;
        c->ex_subnet = i;
      }
    }
  /* extras_per_az in one step on each AZ's first host subnet */
  for (z = 0; z < p->nazs; z++) {
    azstate *a = &c->az[z];
    if (a->nhost == 0 || c->extras_per_az == 0)
      continue;
    i = a->host[0];
    c->used[i] += c->extras_per_az;
    if (c->cat != NULL)
      c->cat[i][C_EXTRAS] += c->extras_per_az;
    if (c->used[i] > p->subnets[i].usable && !c->exhausted) {
      c->exhausted = 1;
      c->ex_at = 0;
      c->ex_subnet = i;
    }
  }
  for (z = 0; z < p->nazs; z++) {
    size_t k;
    for (k = 0; k < c->az[z].f.fixed; k++)
      if (!launch(c, &c->az[z]))
        return 0;
  }
  return !c->A.failed;
}


/* Steady state and surge. Returns 0 when out of memory. Records the first
** exhaustion with its phase. */
static int sim_run(ctx *c, long long *unplaced) {
  ecsnet_plan_t *p = c->p;
  size_t s, k = p->nazs;
  int phase;
  *unplaced = 0;
  for (phase = 0; phase < 2; phase++) {
    for (s = 0; s < p->nservices; s++) {
      const ecsnet_plan_service_t *sv = &p->services[s];
      long long t, n = phase == 0 ? sv->desired : sv->peak - sv->desired;
      long long base = phase == 0 ? 0 : sv->desired;
      /* ROLLING on the given instances: a new task that finds no room
      ** waits for an old one to stop (minimumHealthyPercent, §8.1) */
      int launch_ok = phase == 0 || !c->fixed_fleet ||
                      sv->strategy != ECSNET_DEPLOY_ROLLING;
      for (t = 0; t < n; t++) {
        size_t z = (size_t)((base + t + (long long)s) % (long long)k);
        int was = c->exhausted, r;
        r = place(c, s, z, phase == 0 ? C_TASKS : C_SURGE, launch_ok);
        if (r < 0) {
          c->deferred[s]++;
          continue;
        }
        if (r == 0) {
          if (c->A.failed)
            return 0;
          (*unplaced)++;
          continue;
        }
        if (phase == 0) c->az[z].tasks++; else { c->az[z].surge++; c->surged[s]++; }
        if (!was && c->exhausted) {
          c->phase = phase == 0 ? "steady" : "surge";
          c->ex_service = s;
        }
      }
    }
  }
  return 1;
}


/* Per-AZ growth capacity: tasks of service g that still fit in AZ z alone,
** -1 when the bound is reached first (nothing runs out). */
static long long grow_az(ctx *c, size_t g, size_t z, long long bound) {
  long long n = 0;
  c->exhausted = 0;
  while (n < bound) {
    long long before = c->placed;
    if (place(c, g, z, C_TASKS, 1) != 1)
      return c->A.failed ? -2 : -1;
    if (c->exhausted)
      return n;
    (void)before;
    n++;
  }
  return -1;
}

/* }====================================================================== */


/* {======================================================================
** The steps of a run
** ======================================================================= */

/* The AZs' pools of host and task subnets, the per-run arrays, and the
** given instances spread over the AZs. */
int ecsnet__plan_pools(ctx *c, long long given) {
  ecsnet_plan_t *p = c->p;
  size_t z, i, nsv = p->nservices;
  c->az = (azstate *)arena_calloc(&c->A, p->nazs, sizeof *c->az);
  c->used = (long long *)arena_calloc(&c->A, p->nsubnets, sizeof *c->used);
  c->cat = (long long (*)[5])arena_calloc(&c->A, p->nsubnets, sizeof *c->cat);
  c->cursor = (size_t *)arena_calloc(&c->A, nsv * p->nazs + 1, sizeof(size_t));
  c->occ = (unsigned char **)arena_calloc(&c->A, nsv * p->nazs + 1,
                                          sizeof(unsigned char *));
  c->occn = (size_t *)arena_calloc(&c->A, nsv * p->nazs + 1, sizeof(size_t));
  c->deferred = (long long *)arena_calloc(&c->A, nsv + 1, sizeof(long long));
  c->surged = (long long *)arena_calloc(&c->A, nsv + 1, sizeof(long long));
  if (c->A.failed)
    return ECSNET_ENOMEM;
  for (z = 0; z < p->nazs; z++) {
    azstate *as = &c->az[z];
    as->host = (size_t *)arena_calloc(&c->A, p->nsubnets, sizeof(size_t));
    as->task = (size_t *)arena_calloc(&c->A, p->nsubnets, sizeof(size_t));
    if (c->A.failed)
      return ECSNET_ENOMEM;
    for (i = 0; i < p->nsubnets; i++) {
      const ecsnet_plan_subnet_t *sn = &p->subnets[i];
      if (!sn->valid || strcmp(sn->az, p->azs[z].name) != 0)
        continue;
      if (sn->role != ECSNET_ROLE_TASKS)
        as->host[as->nhost++] = i;
      if (sn->role == ECSNET_ROLE_TASKS)
        as->task[as->ntask++] = i;
    }
    /* tasks may use 'both' subnets only when the AZ has no task subnet */
    if (given > 0)
      as->f.fixed = (size_t)(given / (long long)p->nazs +
                             ((long long)z < given % (long long)p->nazs));
  }
  return ECSNET_OK;
}


/* Steady state and surge with the plan's trunking setting, whose state the
** report reads; first, when only the setting decides trunking, with the
** other setting, for the recommendation. */
int ecsnet__plan_simulate(ctx *c, const ecsnet_density_t *dens,
                          long long *unplaced) {
  ecsnet_plan_t *p = c->p;
  size_t z, i;
  if (!c->managed && (dens->trunking_why & ~(ECSNET_TRUNK_SETTING_OFF |
                                             ECSNET_TRUNK_NOT_AWSVPC)) == 0) {
    long long alt_needed = 0, alt_inst = 0, un2;
    int alt = !dens->trunking_applies;
    size_t *fixed = (size_t *)arena_calloc(&c->A, p->nazs, sizeof(size_t));
    if (fixed == NULL)
      return ECSNET_ENOMEM;
    /* the other setting's own need, without the given fleet */
    for (z = 0; z < p->nazs; z++) {
      fixed[z] = c->az[z].f.fixed;
      c->az[z].f.fixed = 0;
    }
    if (!sim_reset(c, alt) || !sim_run(c, &un2))
      return ECSNET_ENOMEM;
    for (z = 0; z < p->nazs; z++)
      c->az[z].f.fixed = fixed[z];
    for (z = 0; z < p->nazs; z++)
      alt_inst += (long long)c->az[z].f.n;
    for (i = 0; i < p->nsubnets; i++)
      alt_needed += c->used[i];
    if (!sim_reset(c, dens->trunking_applies) || !sim_run(c, unplaced))
      return ECSNET_ENOMEM;
    {
      long long ninst = 0, needed = 0;
      for (z = 0; z < p->nazs; z++)
        ninst += (long long)c->az[z].f.n;
      for (i = 0; i < p->nsubnets; i++)
        needed += c->used[i];
      ecsnet__plan_recommend_trunking(c, alt, *unplaced, alt_inst,
                                      alt_needed, ninst, needed);
    }
  } else {
    if (!sim_reset(c, dens->trunking_applies) || !sim_run(c, unplaced))
      return ECSNET_ENOMEM;
  }
  return ECSNET_OK;
}


/* Growth of the first awsvpc service (else the first service), AZ by AZ
** from the peak; the AZ with the least room runs out first because ECS
** spreads tasks evenly (§3.2; the seed's three /20s). */
int ecsnet__plan_growth(ctx *c) {
  ecsnet_plan_t *p = c->p;
  size_t i, z, nsv = p->nservices;
  if (nsv > 0) {
    size_t g = 0, zmin = 0;
    long long best = -1, minval = -1, maxval = -1, budget = 0;
    for (i = 0; i < nsv; i++)
      if (p->services[i].mode == ECSNET_MODE_AWSVPC) {
        g = i;
        break;
      }
    p->growth_service = g;
    for (z = 0; z < p->nazs; z++) {
      long long bound = 0, r;
      size_t k;
      int v6 = 0;
      for (k = 0; k < p->nsubnets; k++)
        if (p->subnets[k].valid && strcmp(p->subnets[k].az, p->azs[z].name) == 0) {
          if (unbounded(&p->subnets[k]))
            v6 = 1;
          else
            bound += p->subnets[k].usable;
        }
      /* IPv6-only: its addresses never run out (§8.2) */
      if (v6) {
        p->azs[z].growth_tasks = -1;
        continue;
      }
      bound = bound + 1;
      /* all AZs together place at most ECSNET_PLAN_MAX_PLACED growth tasks */
      if (bound > ECSNET_PLAN_MAX_PLACED - budget)
        bound = ECSNET_PLAN_MAX_PLACED - budget;
      if (bound <= 0) {
        p->azs[z].growth_tasks = -1;
        continue;
      }
      if (c->exhausted && !p->runs_out)
        c->exhausted = 0;
      {
        int was = p->runs_out;
        long long at0 = c->placed;
        size_t exs = c->ex_subnet;
        r = grow_az(c, g, z, bound);
        if (r == -2)
          return ECSNET_ENOMEM;
        budget += r >= 0 ? r + 1 : bound;
        p->azs[z].growth_tasks = r;
        if (r >= 0) {
          /* in the round-robin order, AZ z takes its (r+1)th growth task
          ** at index r * k + position */
          long long pos = (long long)((z + p->nazs - (size_t)((p->services[g].peak + g) % p->nazs)) % p->nazs);
          long long at = r * (long long)p->nazs + pos;
          if (!was && (best < 0 || at < best)) {
            best = at;
            p->runs_out_subnet = c->ex_subnet;
          }
          if (minval < 0 || r < minval) { minval = r; zmin = z; }
          if (r > maxval) maxval = r;
        }
        (void)at0;
        if (was)
          c->ex_subnet = exs;
      }
    }
    if (!p->runs_out && best >= 0) {
      p->runs_out = 1;
      p->runs_out_phase = "growth";
      p->growth_tasks = best;
      p->runs_out_at_tasks = p->tasks + p->surge + best;
    }
    ecsnet__plan_report_imbalance(c, zmin, minval, maxval);
  }
  return ECSNET_OK;
}

/* }====================================================================== */
