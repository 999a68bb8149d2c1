/*
** ecsnet_plan_findings.c: what a plan reports (docs/reference.md §3.2,
** §4.1): the list of findings and recommendations with its cut past
** ECSNET_PLAN_MAX_FINDINGS, the per-subnet and per-AZ totals after a run,
** and the recommendations (a larger prefix, a secondary block, trunking,
** balanced AZs).
*/
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ecsnet_plan_internal.h"


/* {======================================================================
** The list
** ======================================================================= */

/* Appends one finding (or recommendation) to the plan's list. */
static void put(ctx *c, int recommendation, ecsnet_severity_t sev,
                const char *code, const char *path, const char *message) {
  ecsnet_plan_t *p = c->p;
  size_t *n = recommendation ? &p->nrecs : &p->nfindings;
  ecsnet_plan_finding_t *arr = recommendation ? p->recs : p->findings;
  memset(&arr[*n], 0, sizeof arr[*n]);   /* no line and column in plans */
  arr[*n].severity = sev;
  arr[*n].code = code;
  arr[*n].pointer = arena_str(&c->A, path);
  arr[*n].message = arena_str(&c->A, message);
  (*n)++;
}

void ecsnet__plan_finding(ctx *c, int recommendation, ecsnet_severity_t sev,
                          const char *code, const char *path,
                          const char *fmt, ...) {
  ecsnet_plan_t *p = c->p;
  int r = recommendation ? 1 : 0;
  char buf[1024];
  va_list ap;
  if (sev == ECSNET_SEV_ERROR)
    p->ok = 0;
  if ((r ? p->nrecs : p->nfindings) >= ECSNET_PLAN_MAX_FINDINGS) {
    if (c->dropped[r]++ == 0 || sev < c->dropped_sev[r])
      c->dropped_sev[r] = sev;   /* the enum runs from the most severe */
    return;
  }
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  put(c, r, sev, code, path, buf);
}


/* After the plan: one last finding (and one last recommendation) saying
** how many more there were, in the slot kept for it past the limit, as
** severe as the most severe one not shown. */
void ecsnet__plan_note_dropped(ctx *c) {
  char buf[160];
  if (c->dropped[0] > 0) {
    snprintf(buf, sizeof buf, "%zu more findings not shown: a plan lists at "
             "most %d; fix these and run it again", c->dropped[0],
             ECSNET_PLAN_MAX_FINDINGS);
    put(c, 0, c->dropped_sev[0], "PLAN_MORE_FINDINGS", "", buf);
  }
  if (c->dropped[1] > 0) {
    snprintf(buf, sizeof buf, "%zu more recommendations not shown: a plan "
             "lists at most %d", c->dropped[1], ECSNET_PLAN_MAX_FINDINGS);
    put(c, 1, c->dropped_sev[1], "REC_MORE_RECOMMENDATIONS", "", buf);
  }
}


/* 12,273 -> "12,273" */
const char *ecsnet__plan_thousands(char *buf, size_t len, long long v) {
  char tmp[32];
  int n, i, o = 0, neg = v < 0;
  unsigned long long u = neg ? (unsigned long long)(-(v + 1)) + 1
                             : (unsigned long long)v;
  n = snprintf(tmp, sizeof tmp, "%llu", u);
  if (neg && o + 1 < (int)len) buf[o++] = '-';
  for (i = 0; i < n && o + 1 < (int)len; i++) {
    if (i > 0 && (n - i) % 3 == 0 && o + 1 < (int)len)
      buf[o++] = ',';
    buf[o++] = tmp[i];
  }
  buf[o] = '\0';
  return buf;
}

/* }====================================================================== */


/* {======================================================================
** Totals and recommendations
** ======================================================================= */

static void recommend_prefix(ctx *c, size_t si) {
  const ecsnet_plan_subnet_t *sn = &c->p->subnets[si];
  unsigned len;
  char a[32], b[32], path[64];
  snprintf(path, sizeof path, "/subnets/%zu", si);
  if (ecsnet_prefix_len_for(4, (unsigned long long)(sn->needed > 0 ? sn->needed : 1),
                            5, &len) == ECSNET_OK && len >= 16) {
    finding(c, 1, ECSNET_SEV_INFO, "REC_LARGER_PREFIX", path,
            "%s (%s) needs %s addresses but a /%u holds %s: use a /%u or "
            "larger (subnets cannot be resized: create a new one and move "
            "the service to it)", sn->cidr, sn->az,
            thousands(a, sizeof a, sn->needed), (unsigned)sn->prefix.len,
            thousands(b, sizeof b, sn->usable), len);
  } else {
    finding(c, 1, ECSNET_SEV_INFO, "REC_LARGER_PREFIX", path,
            "%s (%s) needs %s addresses, more than a /16 subnet holds "
            "(65,531): split the tasks over several subnets in the AZ",
            sn->cidr, sn->az, thousands(a, sizeof a, sn->needed));
  }
}


/* A secondary block in 100.64.0.0/10 sized for one task subnet per AZ,
** which the VPC's primary range permits (§4.1). */
static void recommend_secondary(ctx *c, const ecsnet_prefix_t *vpc,
                                size_t nvpc) {
  ecsnet_plan_t *p = c->p;
  long long maxaz = 0;
  unsigned len, blen, k = 0;
  size_t z, i;
  ecsnet_prefix_t cand, shared;
  char why[ECSNET_ERRBUF_MAX], cs[ECSNET_PREFIX_STRLEN_MAX], a[32];
  for (z = 0; z < p->nazs; z++) {
    long long t = 0;
    for (i = 0; i < p->nsubnets; i++)
      if (p->subnets[i].valid && strcmp(p->subnets[i].az, p->azs[z].name) == 0)
        t += p->subnets[i].tasks + p->subnets[i].surge;
    if (t > maxaz)
      maxaz = t;
  }
  if (maxaz == 0)
    return;
  /* room to double, as the per-AZ subnet */
  if (ecsnet_prefix_len_for(4, (unsigned long long)maxaz * 2, 5, &len) != ECSNET_OK)
    return;
  if (len < 16)
    len = 16;
  while ((1u << k) < p->nazs)
    k++;
  blen = len > k ? len - k : 0;
  if (blen < 16)
    blen = 16;
  if (blen > 28)
    blen = 28;
  ecsnet_prefix_parse("100.64.0.0/10", 13, 0, &shared, NULL, 0);
  cand = shared;
  cand.len = (unsigned char)blen;
  for (i = 0; i < 64; i++) {
    if (nvpc == 0 || ecsnet_aws_secondary_check(vpc, nvpc, &cand, why,
                                                sizeof why) == ECSNET_OK)
      break;
    if (ecsnet_prefix_step(&cand, 1, &cand) != ECSNET_OK ||
        !ecsnet_prefix_contains(&shared, &cand)) {
      i = 64;
      break;
    }
  }
  if (i == 64)
    return;
  ecsnet_prefix_format(&cand, cs, sizeof cs);
  finding(c, 1, ECSNET_SEV_INFO, "REC_SECONDARY_CIDR", "/vpc",
          "associate %s (RFC 6598, permitted as a secondary block with %s "
          "primary range, docs/reference.md §4.1) and give the tasks one /%u "
          "subnet per AZ (%s addresses each, \"role\": \"tasks\"); the "
          "instances stay in their subnets", cs,
          nvpc ? "the VPC's" : "any", len,
          thousands(a, sizeof a, (1LL << (32 - len)) - 5));
}


void ecsnet__plan_summarize(ctx *c, long long unplaced,
                            const ecsnet_prefix_t *vpc, size_t nvpc) {
  ecsnet_plan_t *p = c->p;
  size_t i, z;
  char a[32], b[32], d[32];
  int any_task_pool = 0, short_subnet = 0;
  p->usable = p->needed = 0;
  for (i = 0; i < p->nsubnets; i++) {
    ecsnet_plan_subnet_t *sn = &p->subnets[i];
    if (!sn->valid)
      continue;
    sn->hosts = c->cat[i][C_HOSTS];
    sn->trunk_enis = c->cat[i][C_TRUNK];
    sn->tasks = c->cat[i][C_TASKS];
    sn->surge = c->cat[i][C_SURGE];
    sn->extras = c->cat[i][C_EXTRAS];
    sn->needed = sn->hosts + sn->trunk_enis + sn->tasks + sn->surge + sn->extras;
    sn->headroom = sn->usable - sn->needed;
    if (sn->role == ECSNET_ROLE_TASKS)
      any_task_pool = 1;
    if (sn->ipv6_only)
      continue;   /* its addresses do not bind: not in the totals */
    p->usable += sn->usable;
    p->needed += sn->needed;
  }
  p->headroom = p->usable - p->needed;
  for (z = 0; z < p->nazs; z++) {
    ecsnet_plan_az_t *az = &p->azs[z];
    az->instances = (long long)c->az[z].f.n;
    az->tasks = c->az[z].tasks;
    az->surge = c->az[z].surge;
    az->usable = az->needed = 0;
    for (i = 0; i < p->nsubnets; i++)
      if (p->subnets[i].valid && !p->subnets[i].ipv6_only &&
          strcmp(p->subnets[i].az, az->name) == 0) {
        az->usable += p->subnets[i].usable;
        az->needed += p->subnets[i].needed;
      }
    az->headroom = az->usable - az->needed;
    p->instances_needed += az->instances;
  }
  if (unplaced > 0)
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_TASK_TOO_LARGE", "/services",
            "%s tasks can never be placed on %s: a task needs more CPU, "
            "memory or ENIs than one instance has",
            thousands(a, sizeof a, unplaced), p->instance->name);
  if (p->instances_given >= 0 && p->instances_needed > p->instances_given) {
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_TOO_FEW_INSTANCES", "/instances",
            "the tasks need %s instances of %s at the deployment peak, the "
            "plan gives %s", thousands(a, sizeof a, p->instances_needed),
            p->instance->name, thousands(b, sizeof b, p->instances_given));
    finding(c, 1, ECSNET_SEV_INFO, "REC_MORE_INSTANCES", "/instances",
            "run %s instances (%s more), e.g. by raising the capacity "
            "provider's or Auto Scaling group's maximum",
            thousands(a, sizeof a, p->instances_needed),
            thousands(b, sizeof b, p->instances_needed - p->instances_given));
  }
  for (i = 0; i < p->nsubnets; i++) {
    ecsnet_plan_subnet_t *sn = &p->subnets[i];
    char path[64];
    if (!sn->valid || unbounded(sn))   /* a /64 never runs out (§8.2) */
      continue;
    snprintf(path, sizeof path, "/subnets/%zu", i);
    if (sn->headroom < 0) {
      short_subnet = 1;
      finding(c, 0, ECSNET_SEV_ERROR, "PLAN_SUBNET_FULL", path,
              "%s (%s) runs out: it needs %s addresses and has %s usable "
              "(%s short); ECS reports InsufficientFreeAddressesInSubnet "
              "and the tasks stop", sn->cidr, sn->az,
              thousands(a, sizeof a, sn->needed),
              thousands(b, sizeof b, sn->usable),
              thousands(d, sizeof d, -sn->headroom));
      recommend_prefix(c, i);
    } else if (sn->needed > 0 && sn->headroom * 10 < sn->usable &&
               sn->headroom < 64) {
      finding(c, 0, ECSNET_SEV_WARNING, "PLAN_LOW_HEADROOM", path,
              "%s (%s) keeps only %s free addresses after the deployment "
              "peak", sn->cidr, sn->az, thousands(a, sizeof a, sn->headroom));
    }
  }
  if (short_subnet && !any_task_pool)
    recommend_secondary(c, vpc, nvpc);
  for (z = 0; z < p->nazs; z++) {
    size_t nh = 0;
    for (i = 0; i < p->nsubnets; i++)
      if (p->subnets[i].valid && p->subnets[i].role != ECSNET_ROLE_TASKS &&
          strcmp(p->subnets[i].az, p->azs[z].name) == 0)
        nh++;
    if (nh == 0) {
      char path[64];
      snprintf(path, sizeof path, "/subnets");
      finding(c, 0, ECSNET_SEV_ERROR, "PLAN_AZ_NO_HOST_SUBNET", path,
              "AZ %s has no usable subnet for instances (role \"hosts\" or "
              "\"both\"): its instances and tasks cannot be placed",
              p->azs[z].name);
    }
  }
}


/* When nothing can be simulated, the subnets still report their sizes. */
void ecsnet__plan_sizes_only(ecsnet_plan_t *p) {
  size_t i, z;
  p->usable = p->needed = 0;
  for (i = 0; i < p->nsubnets; i++) {
    ecsnet_plan_subnet_t *sn = &p->subnets[i];
    if (!sn->valid)
      continue;
    sn->needed = sn->extras;
    sn->headroom = sn->usable - sn->needed;
    if (sn->ipv6_only)
      continue;
    p->usable += sn->usable;
    p->needed += sn->needed;
  }
  p->headroom = p->usable - p->needed;
  for (z = 0; z < p->nazs; z++) {
    ecsnet_plan_az_t *az = &p->azs[z];
    az->usable = az->needed = 0;
    for (i = 0; i < p->nsubnets; i++)
      if (p->subnets[i].valid && !p->subnets[i].ipv6_only &&
          strcmp(p->subnets[i].az, az->name) == 0) {
        az->usable += p->subnets[i].usable;
        az->needed += p->subnets[i].needed;
      }
    az->headroom = az->usable - az->needed;
  }
}


/* The other trunking setting's outcome against the plan's: 'alt' is the
** setting the plan does not use; alt_inst and alt_needed its instances and
** addresses, ninst and needed the plan's (§3.2). */
void ecsnet__plan_recommend_trunking(ctx *c, int alt, long long unplaced,
                                     long long alt_inst, long long alt_needed,
                                     long long ninst, long long needed) {
  ecsnet_plan_t *p = c->p;
  char a[32], b[32], e[32], f[32];
  if (alt && alt_inst < ninst && unplaced == 0)
    finding(c, 1, ECSNET_SEV_INFO, "REC_TRUNKING_ON", "/trunking",
            "turn on awsvpcTrunking (Linux, instances launched after the "
            "opt-in): %s runs %d awsvpc tasks instead of %d, so %s "
            "instances instead of %s; each instance then takes 2 "
            "addresses (primary and trunk ENI) plus 1 per task "
            "(docs/reference.md §3.2)", p->instance->name,
            p->instance->tasks_with, p->instance->tasks_without,
            thousands(a, sizeof a, alt_inst), thousands(b, sizeof b, ninst));
  else if (!alt && alt_needed < needed && c->exhausted)
    finding(c, 1, ECSNET_SEV_INFO, "REC_TRUNKING_OFF", "/trunking",
            "turning trunking off saves addresses here (%s instead of "
            "%s) but needs %s instances instead of %s",
            thousands(a, sizeof a, alt_needed),
            thousands(b, sizeof b, needed),
            thousands(e, sizeof e, alt_inst),
            thousands(f, sizeof f, ninst));
}


/* After the growth search: the ratio of the most to the least growth room
** over the AZs, and a warning when the least is under two thirds of the
** most (ECS spreads tasks evenly, §3.2). */
void ecsnet__plan_report_imbalance(ctx *c, size_t zmin, long long minval,
                                   long long maxval) {
  ecsnet_plan_t *p = c->p;
  char a[32], b[32];
  if (minval >= 0 && maxval > 0 && p->nazs > 1) {
    p->imbalance = minval > 0 ? (double)maxval / (double)minval : 0;
    if (minval * 3 < maxval * 2) {
      finding(c, 0, ECSNET_SEV_WARNING, "PLAN_AZ_IMBALANCE", "/subnets",
              "AZ %s has room for %s more tasks, another AZ for %s: ECS "
              "spreads tasks evenly over AZs, so %s runs out first; give it "
              "as many addresses as the others", p->azs[zmin].name,
              thousands(a, sizeof a, minval), thousands(b, sizeof b, maxval),
              p->azs[zmin].name);
      finding(c, 1, ECSNET_SEV_INFO, "REC_BALANCE_AZ", "/subnets",
              "balance the AZs: %s is the smallest", p->azs[zmin].name);
    }
  }
}

/* }====================================================================== */


/* {======================================================================
** Deployments (docs/reference.md §8.1, "Deployment strategies")
** ======================================================================= */

/* What one service holds at its deployment peak: its task addresses and
** task ENIs (awsvpc: one each, a branch ENI when trunking applies) and its
** static host ports (bridge/host: each task binds them on its instance). */
static void service_peaks(ecsnet_plan_service_t *sv) {
  int awsvpc = sv->mode == ECSNET_MODE_AWSVPC || sv->fargate;
  int bound = !sv->fargate && (sv->mode == ECSNET_MODE_BRIDGE ||
                               sv->mode == ECSNET_MODE_HOST);
  sv->peak_addresses = awsvpc ? sv->peak : 0;
  sv->peak_enis = awsvpc ? sv->peak : 0;
  sv->peak_host_ports = bound ? sv->peak * sv->static_ports : 0;
}


/* The words for what a service holds at its peak. */
static void peak_words(const ecsnet_plan_service_t *sv, char *out, size_t n) {
  char a[32], b[32];
  if (sv->peak_addresses > 0)
    snprintf(out, n, "%s task addresses and %s task ENIs",
             thousands(a, sizeof a, sv->peak_addresses),
             thousands(b, sizeof b, sv->peak_enis));
  else if (sv->peak_host_ports > 0)
    snprintf(out, n, "%s static host ports, so %s tasks on instances of "
             "their own", thousands(a, sizeof a, sv->peak_host_ports),
             thousands(b, sizeof b, sv->peak));
  else
    snprintf(out, n, "no VPC address and no ENI of their own");
}


/* ROLLING at maximumPercent and minimumHealthyPercent that leave ECS no
** move: it may neither start a task before one stops nor stop one first
** (floor(desired x max / 100) == desired == ceil(desired x min / 100)). */
static void rolling_stall(ctx *c, const ecsnet_plan_service_t *sv, size_t i) {
  ecsnet_deploy_counts_t n;
  char path[64];
  if (sv->desired == 0 || ecsnet_deploy_counts(ECSNET_DEPLOY_ROLLING,
      sv->desired, sv->min_healthy, sv->max_percent, &n) != ECSNET_OK ||
      n.most > sv->desired || n.least < sv->desired)
    return;
  snprintf(path, sizeof path, "/services/%zu", i);
  finding(c, 0, ECSNET_SEV_WARNING, "PLAN_DEPLOY_STALLS", path,
          "service '%s' cannot deploy: maximumPercent %lld allows %lld "
          "running tasks and minimumHealthyPercent %lld keeps all %lld, so "
          "ECS can neither start a new task first nor stop an old one "
          "(docs/reference.md §8.1); lower minimum_healthy_percent or raise "
          "maximum_percent", sv->name,
          sv->max_percent, n.most, sv->min_healthy, sv->desired);
}


/* ROLLING on the given instances, when new tasks found no room: ECS starts
** what fits and stops old tasks first, down to minimumHealthyPercent
** (rounded up), for the rest; with neither possible it cannot start. */
static void rolling_batches(ctx *c, const ecsnet_plan_service_t *sv,
                            size_t i) {
  long long waits = c->deferred[i], started = c->surged[i], keep;
  ecsnet_deploy_counts_t n;
  char path[64], a[32], b[32];
  if (waits == 0 || ecsnet_deploy_counts(ECSNET_DEPLOY_ROLLING, sv->desired,
                                         sv->min_healthy, sv->max_percent,
                                         &n) != ECSNET_OK)
    return;
  keep = n.least;
  snprintf(path, sizeof path, "/services/%zu", i);
  if (started == 0 && keep >= sv->desired)
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_DEPLOY_STALLS", path,
            "service '%s' cannot deploy on the %s instances given: no new "
            "task fits beside the running ones, and minimumHealthyPercent "
            "%lld keeps all %lld running; lower minimum_healthy_percent so "
            "that ECS may stop one first, or give more instances "
            "(docs/reference.md §8.1)", sv->name,
            thousands(a, sizeof a, c->p->instances_given), sv->min_healthy,
            sv->desired);
  else
    finding(c, 0, ECSNET_SEV_INFO, "PLAN_DEPLOY_BATCHES", path,
            "service '%s': %s of its new tasks find no room on the "
            "instances given; ECS starts the %s that fit and stops old tasks "
            "first for the rest (keeping %lld, minimumHealthyPercent %lld), "
            "so the deployment runs in batches and needs no more instances "
            "(docs/reference.md §8.1)", sv->name,
            thousands(a, sizeof a, waits), thousands(b, sizeof b, started),
            keep, sv->min_healthy);
}


/* The peak of a service that deploys BLUE_GREEN, LINEAR or CANARY, with
** what the plan assumes of it. */
static void second_revision(ctx *c, const ecsnet_plan_service_t *sv,
                            size_t i) {
  char path[64], what[160], a[32], b[32];
  snprintf(path, sizeof path, "/services/%zu", i);
  peak_words(sv, what, sizeof what);
  if (sv->strategy == ECSNET_DEPLOY_BLUE_GREEN)
    finding(c, 0, ECSNET_SEV_INFO, "PLAN_DEPLOY_PEAK", path,
            "service '%s' deploys BLUE_GREEN: during the bake time the blue "
            "and the green revision run side by side, %s tasks of each, %s "
            "at the peak: %s (inferred from AWS's guide, docs/reference.md "
            "§8.1)", sv->name, thousands(a, sizeof a, sv->desired),
            thousands(b, sizeof b, sv->peak), what);
  else
    finding(c, 0, ECSNET_SEV_WARNING, "PLAN_DEPLOY_PEAK", path,
            "service '%s' deploys %s: planned as %s tasks at the peak (%s "
            "of each revision): %s; assumed: during the deployment bake "
            "time, after all traffic has shifted, the green revision runs "
            "its full desired count while the blue one still runs; the task "
            "counts during the traffic shifts (%s) are not verified and do "
            "not raise this peak as long as neither revision runs more than "
            "desired_count (docs/reference.md §8.1)", sv->name,
            ecsnet_deploy_name(sv->strategy),
            thousands(b, sizeof b, sv->peak),
            thousands(a, sizeof a, sv->desired), what,
            sv->strategy == ECSNET_DEPLOY_LINEAR ? "step_percent"
                                                 : "canary_percent");
}


/* Where the deployment stalls: the subnet that ran out during the surge,
** named with the service whose new tasks were starting. */
static void surge_stall(ctx *c) {
  ecsnet_plan_t *p = c->p;
  const ecsnet_plan_service_t *sv;
  const ecsnet_plan_subnet_t *sn;
  char path[64], a[32];
  if (!c->exhausted || c->ex_service >= p->nservices ||
      strcmp(c->phase, "surge") != 0)
    return;
  sv = &p->services[c->ex_service];
  sn = &p->subnets[c->ex_subnet];
  snprintf(path, sizeof path, "/services/%zu", c->ex_service);
  finding(c, 0, ECSNET_SEV_ERROR, "PLAN_DEPLOY_STALLS", path,
          "the %s deployment of service '%s' stalls: %s (%s) runs out of "
          "addresses at %s tasks, while the %s start (ECS reports "
          "InsufficientFreeAddressesInSubnet for those that get none)",
          ecsnet_deploy_name(sv->strategy), sv->name, sn->cidr, sn->az,
          thousands(a, sizeof a, c->ex_at),
          sv->strategy == ECSNET_DEPLOY_ROLLING ? "new tasks"
                                                : "green revision's tasks");
}


void ecsnet__plan_report_deployments(ctx *c) {
  ecsnet_plan_t *p = c->p;
  size_t i;
  for (i = 0; i < p->nservices; i++) {
    ecsnet_plan_service_t *sv = &p->services[i];
    service_peaks(sv);
    if (sv->strategy == ECSNET_DEPLOY_ROLLING) {
      rolling_stall(c, sv, i);
      rolling_batches(c, sv, i);
    }
    else if (sv->desired > 0)
      second_revision(c, sv, i);
  }
  surge_stall(c);
}

/* }====================================================================== */
