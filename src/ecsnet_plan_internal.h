/*
** ecsnet_plan_internal.h: what the files of the IP-exhaustion plan share
** (private to src/ecsnet_plan*.c): the plan's arena, the state of
** a run, and the steps each file provides.
**
**   ecsnet_plan.c           the entry points, and the run in named steps
**   ecsnet_plan_read.c      reading the plan document (docs/plan-format.md)
**   ecsnet_plan_sim.c       the placement simulation and the growth search
**   ecsnet_plan_findings.c  findings, recommendations and the totals
*/
#ifndef ECSNET_PLAN_INTERNAL_H
#define ECSNET_PLAN_INTERNAL_H

#include <stddef.h>
#include <string.h>

#include "cJSON.h"
#include "ecsnet.h"
#include "ecsnet_internal.h"
#include "ecsnet_arena.h"

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility push(hidden)
#endif


/* {======================================================================
** Memory: an arena for strings and arrays that live as long as the plan
** ======================================================================= */

/* The project's arena (ecsnet_arena.h): one out-of-memory policy, a
** sticky 'failed' flag the plan checks where it must. */
typedef ecsnet_arena_t arena;

/* Each file of the plan uses some of these. */
#if defined(__GNUC__) || defined(__clang__)
#define ECSNET_PLAN_ARENA static __attribute__((unused))
#else
#define ECSNET_PLAN_ARENA static
#endif

ECSNET_PLAN_ARENA void *arena_calloc(arena *a, size_t n, size_t size) {
  return ecsnet__arena_calloc(a, n, size);
}

/* A copy of s, or "" when out of memory (a->failed tells). */
ECSNET_PLAN_ARENA const char *arena_str(arena *a, const char *s) {
  const char *p = ecsnet__arena_strdup(a, s, strlen(s));
  return p ? p : "";
}

/* }====================================================================== */


/* {======================================================================
** State
** ======================================================================= */

typedef struct {            /* one instance during the simulation */
  int eni;                  /* awsvpc slots left */
  double cpu, mem;          /* left; < 0 unknown (not limiting) */
} inst;

typedef struct {
  inst *v;
  size_t n, cap;
  size_t fixed;             /* instances given for this AZ (pre-launched) */
} fleet;

typedef struct {            /* per AZ */
  size_t *host, *task;      /* subnet indexes, in order */
  size_t nhost, ntask;
  size_t hcur, tcur;        /* first subnet that may have room */
  fleet f;
  long long tasks, surge, growth;
} azstate;

typedef struct {
  arena A;
  ecsnet_plan_t *p;
  const ecsnet_instdb_t *db;
  azstate *az;
  long long *used;          /* per subnet, during a simulation */
  long long (*cat)[5];      /* per subnet: hosts, trunk, tasks, surge, extras */
  size_t *cursor;           /* per service x AZ: first instance to try */
  unsigned char *holds;     /* per service x instance-slot: static ports held (growable) */
  int slots;                /* awsvpc slots per instance */
  int ips_per_instance;
  double icpu, imem;        /* per instance; < 0 unknown */
  long long extras_per_az;
  int exhausted;            /* a subnet ran out in this run */
  int managed;              /* the fleet is Managed Instances (§5.7) */
  int vpc_v6_only;          /* 'vpc' gave IPv6 blocks only */
  int no_instance_type;     /* 'instance_type' absent */
  int fargate_only;         /* ... and every service runs on Fargate */
  const char *phase;
  long long placed;         /* tasks running (steady + surge + growth) */
  long long ex_at;
  size_t ex_subnet;
  size_t ex_service;        /* the service being placed then; nservices: none */
  int fixed_fleet;          /* the run starts from the given instances */
  long long *deferred;      /* per service: ROLLING surge tasks that wait for
                            ** old ones to stop (no room on a given fleet) */
  long long *surged;        /* per service: surge tasks placed */
  ecsnet_alloc_fn alloc;
  void *ud;
  /* static-port occupancy: per service, per AZ, a byte per instance */
  unsigned char **occ;      /* [service * nazs + az] -> bytes, length occn */
  size_t *occn;
  /* findings [0] and recommendations [1] beyond ECSNET_PLAN_MAX_FINDINGS:
  ** how many, and the most severe (told in a last one by
  ** ecsnet__plan_note_dropped) */
  size_t dropped[2];
  ecsnet_severity_t dropped_sev[2];
} ctx;

enum { C_HOSTS = 0, C_TRUNK, C_TASKS, C_SURGE, C_EXTRAS };

/* An IPv6-only subnet of /64 or larger: its addresses never run out (the
** plan's usable is the cap ECSNET_PLAN_IPV6_USABLE, not a count). */
static inline int unbounded(const ecsnet_plan_subnet_t *sn) {
  return sn->ipv6_only && sn->usable >= ECSNET_PLAN_IPV6_USABLE;
}

/* What the plan's top level says besides its lists (ecsnet__plan_read). */
typedef struct {
  ecsnet_prefix_t vpc[5];   /* the VPC's IPv4 blocks, the primary first */
  size_t nvpc;
  ecsnet_os_t os;
  long long given;          /* 'instances', -1 when absent */
  int trunking, after, shared;   /* the density switches */
} settings;

/* }====================================================================== */


/* {======================================================================
** The steps (the short names are the ones the code uses)
** ======================================================================= */

#define finding ecsnet__plan_finding
#define thousands ecsnet__plan_thousands

/* ecsnet_plan_findings.c */

/* Adds a finding (recommendation 0) or a recommendation (1); an error
** makes the plan not ok. Past ECSNET_PLAN_MAX_FINDINGS only counted. */
void ecsnet__plan_finding(ctx *c, int recommendation, ecsnet_severity_t sev,
                          const char *code, const char *path,
                          const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
  __attribute__((format(printf, 6, 7)))
#endif
  ;
void ecsnet__plan_note_dropped(ctx *c);
const char *ecsnet__plan_thousands(char *buf, size_t len, long long v);
void ecsnet__plan_summarize(ctx *c, long long unplaced,
                            const ecsnet_prefix_t *vpc, size_t nvpc);
void ecsnet__plan_sizes_only(ecsnet_plan_t *p);
void ecsnet__plan_recommend_trunking(ctx *c, int alt, long long unplaced,
                                     long long alt_inst, long long alt_needed,
                                     long long ninst, long long needed);
void ecsnet__plan_report_imbalance(ctx *c, size_t zmin, long long minval,
                                   long long maxval);
void ecsnet__plan_report_deployments(ctx *c);

/* ecsnet_plan_read.c: the plan's settings and lists into c->p and *in;
** bad content becomes findings (c->A.oom when memory ran out). */
void ecsnet__plan_read(ctx *c, const cJSON *doc, settings *in);

/* ecsnet_plan_sim.c: status codes */
int ecsnet__plan_pools(ctx *c, long long given);
int ecsnet__plan_simulate(ctx *c, const ecsnet_density_t *dens,
                          long long *unplaced);
int ecsnet__plan_growth(ctx *c);

/* }====================================================================== */

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif

#endif
