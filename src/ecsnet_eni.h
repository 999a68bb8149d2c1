/*
** ecsnet_eni.h: ENI and trunk density, instance data, IP plans (docs/reference.md §3, §4).
** Part of the public C API; included by ecsnet.h, never on its own.
**
** Instance data: a constant table generated from data/instance-types.json
** (src/ecsnet_instdata.c) plus, per caller, an instance database
** (ecsnet_instdb_t) holding run-time additions and overrides loaded from
** JSON: the data file's own format or the raw output of
** `aws ec2 describe-instance-types`. Nothing is kept in C statics: two
** databases (two lua_States, two threads) never see each other's rows.
**
** Thread-safety: the compiled table is constant; a database or a plan
** belongs to one thread at a time.
*/
#ifndef ECSNET_ENI_H
#define ECSNET_ENI_H

/* {======================================================================
** Instance types
** ======================================================================= */

/* Row flags: what the data says about itself (docs/reference.md §3.3, §3.4). */
#define ECSNET_INST_COMPUTED      0x001u /* tasks without trunking = max ENIs - 1, computed */
#define ECSNET_INST_CONTRADICTION 0x002u /* the ECS doc lists it and calls it unsupported */
#define ECSNET_INST_SUSPECT       0x004u /* a with-trunking value breaks the pattern */
#define ECSNET_INST_INVALID_VALUE 0x008u /* the doc's value was invalid (set unknown) */
#define ECSNET_INST_NEWER_DATA    0x010u /* newer EC2 data gives other ENI counts */
#define ECSNET_INST_NO_IPV6       0x020u /* EC2 says IPv6 not supported */
#define ECSNET_INST_NOTE          0x040u /* another note */
#define ECSNET_INST_OVERRIDE      0x100u /* loaded at run time (data-file format) */
#define ECSNET_INST_DESCRIBE      0x200u /* loaded from describe-instance-types output */

/* What a row's trunking figures (trunking, tasks_with) rest on (this part;
** docs/reference.md#trunking-by-instance-type). */
typedef enum {
  ECSNET_TIER_DOCUMENTED = 0, /* the ECS trunking table (2023-04-18), or its rule */
  ECSNET_TIER_ESTIMATED,      /* estimated from EC2's branch-interface data */
  ECSNET_TIER_UNKNOWN,        /* no published source: support and limit unknown */
  ECSNET_TIER_USER            /* given in instance data loaded at run time */
} ecsnet_tier_t;

/* "documented", "estimated", "unknown", "user" (NULL out of range). */
ECSNET_API const char *ecsnet_tier_name(int tier);

/* Longest instance type name accepted (bytes, NUL excluded). */
#define ECSNET_INSTANCE_NAME_MAX 63

/* One instance type. Unknown numbers are -1 (ipv6_per_eni: -1 = IPv6 not
** supported; tasks_with: -1 = trunking not supported or value unknown);
** vcpus, memory_mib and network_cards are 0 when the data lacks them (the
** reference has none; describe-instance-types output fills them). */
typedef struct {
  const char *name;
  int max_enis;             /* across all network cards */
  int ipv4_per_eni;
  int ipv6_per_eni;
  int trunking;             /* 1: trunks (documented, estimated or user-given) */
  int tasks_without;        /* awsvpc tasks per instance without trunking */
  int tasks_with;           /* ... with trunking, or -1 */
  int vcpus;
  unsigned long memory_mib;
  int network_cards;
  unsigned flags;           /* ECSNET_INST_* */
  const char *source;       /* where the numbers come from */
  const char *note;         /* the anomalies, "; "-separated, or NULL */
  const char *date;         /* date of the EC2 data (YYYY-MM-DD) */
  const char *ecs_date;     /* date of the ECS trunking table, or NULL */
  int trunk_tier;           /* ecsnet_tier_t of trunking and tasks_with */
  const char *trunk_basis;  /* for estimated/unknown: what it rests on, or NULL */
} ecsnet_instance_t;

/* The compiled table: count, i-th row in name order (NULL past the end),
** and lookup by exact name (s, n bytes; NULL when unknown). */
ECSNET_API size_t ecsnet_instance_count(void);
ECSNET_API const ecsnet_instance_t *ecsnet_instance_at(size_t i);
ECSNET_API const ecsnet_instance_t *ecsnet_instance_find(const char *s,
                                                         size_t n);

/* The compiled data's date (its newest source, YYYY-MM-DD), and one
** sentence on the estimate method and its measured agreement. */
ECSNET_API const char *ecsnet_instance_data_date(void);
ECSNET_API const char *ecsnet_instance_data_estimate(void);

/* A database of run-time rows over the compiled table. */
typedef struct ecsnet_instdb ecsnet_instdb_t;

/* A new empty database (NULL when out of memory); caller frees with
** ecsnet_instdb_free (NULL-safe). */
ECSNET_API ecsnet_instdb_t *ecsnet_instdb_new(ecsnet_alloc_fn alloc, void *ud);
ECSNET_API void ecsnet_instdb_free(ecsnet_instdb_t *db);

/* The most JSON text ecsnet_instdb_load reads (describe-instance-types for
** every type is a few MiB); beyond, ECSNET_ELIMIT (docs/robustness.md). */
#define ECSNET_INSTDATA_MAX_BYTES (64u * 1024 * 1024)

/* Loads rows from JSON text: the data file ({"instance_types": [...]}), a
** bare array of such rows, one row, or describe-instance-types output
** ({"InstanceTypes": [...]}: ENIs summed over NetworkInfo.NetworkCards,
** IPv4/IPv6 per ENI, vCPUs, memory). A row for a known type replaces the
** fields it gives and keeps the others (the ECS trunking columns survive a
** describe-instance-types load; tasks without trunking become max ENIs - 1
** when the ENI count changes). Trunk tier: a row's 'trunk_tier' when given
** (the data file's own rows), else ECSNET_TIER_USER when it gives
** 'awsvpc_tasks_with_trunking' (a count marks the type supported unless
** 'trunking_supported' says otherwise) or 'trunking_supported' (null: not
** known), else the known row's tier; new types without either, and new
** describe-instance-types rows, are ECSNET_TIER_UNKNOWN. All or nothing: on error the database is
** unchanged. ECSNET_OK with *added (may be NULL) = rows loaded;
** ECSNET_EINVAL with a message naming the row and field; ECSNET_ELIMIT
** (more than ECSNET_INSTDATA_MAX_BYTES); ECSNET_ENOMEM. */
ECSNET_API int ecsnet_instdb_load(ecsnet_instdb_t *db, const char *text,
                                  size_t n, size_t *added, char *err,
                                  size_t errlen);
/* The same from a tree built with ecsnet_json_* (the caller keeps it). */
ECSNET_API int ecsnet_instdb_load_json(ecsnet_instdb_t *db,
                                       const ecsnet_json_t *doc,
                                       size_t *added, char *err,
                                       size_t errlen);

/* Looks a type up: the database's rows first, then the compiled table.
** db may be NULL. NULL when unknown. The row stays valid until the next
** load into db or its free. */
ECSNET_API const ecsnet_instance_t *ecsnet_instdb_find(
    const ecsnet_instdb_t *db, const char *s, size_t n);

/* Rows loaded into db (not the compiled ones), in name order. */
ECSNET_API size_t ecsnet_instdb_count(const ecsnet_instdb_t *db);
ECSNET_API const ecsnet_instance_t *ecsnet_instdb_at(const ecsnet_instdb_t *db,
                                                     size_t i);

/* }====================================================================== */


/* {======================================================================
** What one task needs (from a task definition)
** ======================================================================= */

typedef struct {
  int mode;                 /* ecsnet_mode_t */
  ecsnet_os_t os;
  double cpu, memory;       /* task-level or the containers' sum; -1 unknown */
  int static_ports;         /* distinct static host ports (bridge/host) */
  int first_static_port;    /* one of them, or -1 */
  int fargate_only;         /* requiresCompatibilities is FARGATE alone */
  int managed_only;         /* ... MANAGED_INSTANCES alone */
} ecsnet_demand_t;

/* What the task definition of the model needs. A static host port is one
** ecsnet_static_host_port gives (docs/reference.md#static-ports-and-placement). */
ECSNET_API void ecsnet_taskdef_demand(const ecsnet_taskdef_t *t,
                                      ecsnet_demand_t *out);

/* Reads a task definition into the model, then as ecsnet_taskdef_demand:
** the model's own JSON form (the normalized shape: network_mode, os, cpu,
** memory, containers[].port_mappings[] with container_port and host_port,
** launch_types), a JSON string holding a document, or any shape
** ecsnet_validate reads. ECSNET_OK, or ECSNET_EINVAL with a message. */
ECSNET_API int ecsnet_task_demand(const ecsnet_json_t *td,
                                  ecsnet_alloc_fn alloc, void *ud,
                                  ecsnet_demand_t *out, char *err,
                                  size_t errlen);

/* }====================================================================== */


/* {======================================================================
** Density (docs/reference.md §3.1, §3.2, §2.6)
** ======================================================================= */

/* Why trunking does not apply (bits). */
#define ECSNET_TRUNK_SETTING_OFF      0x01u /* awsvpcTrunking is off */
#define ECSNET_TRUNK_UNSUPPORTED_TYPE 0x02u /* not in the ECS table */
#define ECSNET_TRUNK_WINDOWS          0x04u /* Linux only */
#define ECSNET_TRUNK_LAUNCHED_BEFORE  0x08u /* launched before the opt-in */
#define ECSNET_TRUNK_SHARED_SUBNET    0x10u /* shared subnets not supported */
#define ECSNET_TRUNK_NOT_AWSVPC       0x20u /* the task does not use awsvpc */
#define ECSNET_TRUNK_UNKNOWN_LIMIT    0x40u /* listed, but the limit is unknown */
#define ECSNET_TRUNK_UNKNOWN_SUPPORT  0x80u /* tier unknown: support not known */
#define ECSNET_TRUNK_LAST             ECSNET_TRUNK_UNKNOWN_SUPPORT

/* Which limit binds. */
typedef enum {
  ECSNET_BIND_NONE = 0,     /* nothing given limits it */
  ECSNET_BIND_ENI,
  ECSNET_BIND_CPU,
  ECSNET_BIND_MEMORY,
  ECSNET_BIND_PORTS
} ecsnet_bind_t;

typedef struct {
  int mode;                 /* ecsnet_mode_t; ECSNET_MODE_AWSVPC by default */
  ecsnet_os_t os;
  int trunking;             /* the awsvpcTrunking account setting is on */
  int launched_after_opt_in;/* default 1 */
  int shared_subnet;        /* default 0 */
  double cpu, memory;       /* per task; < 0: not given */
  double instance_cpu;      /* CPU units; < 0: vcpus * 1024 when known */
  double instance_memory;   /* MiB; < 0: memory_mib when known */
  int static_ports;         /* static host ports per task (bridge/host) */
  int managed_instances;    /* a Managed Instances instance: trunking needs no
                            ** opt-in, and the trunk ENI is the primary ENI
                            ** (docs/reference.md §5.7; its cost assumed) */
} ecsnet_density_in_t;

/* Defaults: awsvpc, Linux, trunking off, launched after opt-in, no shared
** subnet, nothing else given. */
ECSNET_API void ecsnet_density_in_init(ecsnet_density_in_t *in);

typedef struct {
  int trunking_supported;   /* the type is in the trunking table */
  int trunking_applies;
  unsigned trunking_why;    /* ECSNET_TRUNK_* when it does not apply */
  int tasks_without;        /* awsvpc limit without trunking */
  int tasks_with;           /* with trunking, -1 when not supported */
  long by_eni, by_cpu, by_memory, by_ports;  /* -1: does not limit */
  long tasks;               /* the minimum; -1: nothing limits */
  ecsnet_bind_t binding;
  int eni_limit;            /* ENIs ECS counts: tasks + 1, or + 2 trunked
                            ** (+ 1 on Managed Instances, assumed) */
  long enis_used;           /* at 'tasks' (or at the ENI limit) */
  long ips_used;            /* IPv4 addresses at that density */
  int ips_per_instance;     /* 1, or 2 with a trunk ENI */
  int ips_per_task;         /* 1 for awsvpc, 0 otherwise */
  int trunk_tier;           /* ecsnet_tier_t of the type's trunking figures */
  const char *trunk_note;   /* estimated/unknown/user: what they rest on, or NULL */
} ecsnet_density_t;

/* Computes the density of one task kind on one instance type.
** ECSNET_OK; ECSNET_EINVAL for an invalid input (a mode out of range). */
ECSNET_API int ecsnet_density(const ecsnet_instance_t *it,
                              const ecsnet_density_in_t *in,
                              ecsnet_density_t *out);

/* Why trunking does not apply, in words, for one ECSNET_TRUNK_* bit
** (docs/reference.md §3.2, §3.3); NULL for an unknown bit. */
ECSNET_API const char *ecsnet_trunk_reason(unsigned bit);

/* "none", "ENI", "CPU", "MEMORY", "PORTS". */
ECSNET_API const char *ecsnet_bind_name(ecsnet_bind_t b);

/* }====================================================================== */


/* {======================================================================
** IP plans (docs/reference.md §3.2, §4.1); format in docs/plan-format.md
** ======================================================================= */

typedef enum {
  ECSNET_ROLE_BOTH = 0,     /* hosts and tasks */
  ECSNET_ROLE_HOSTS,        /* instances (and trunk ENIs) only */
  ECSNET_ROLE_TASKS         /* task ENIs only (e.g. 100.64.0.0/19) */
} ecsnet_role_t;

typedef struct {
  const char *cidr;         /* canonical text */
  const char *az;
  ecsnet_role_t role;
  int valid;                /* 0: the CIDR was rejected (see findings) */
  ecsnet_prefix_t prefix;
  long long usable;         /* size - 5 */
  long long hosts;          /* instance primary addresses */
  long long trunk_enis;     /* trunk ENI addresses */
  long long tasks;          /* task addresses at steady state */
  long long surge;          /* more during a deployment */
  long long extras;         /* the plan's extras (LB nodes, ...) */
  long long needed;         /* the sum */
  long long headroom;       /* usable - needed (negative: short) */
  int ipv6_only;            /* an IPv6-only subnet: its addresses do not
                            ** bind (usable and headroom are then a cap,
                            ** ECSNET_PLAN_IPV6_USABLE, not a count) */
} ecsnet_plan_subnet_t;

/* What a plan counts as the usable addresses of an IPv6-only subnet: more
** than a plan can place (2^62); the subnet never runs out. */
#define ECSNET_PLAN_IPV6_USABLE (1LL << 62)

typedef struct {
  const char *name;
  long long instances;
  long long tasks;          /* steady */
  long long surge;
  long long usable, needed, headroom;
  long long growth_tasks;   /* more tasks of the growth service that fit, -1 unbounded */
} ecsnet_plan_az_t;

/* Deployment strategies (DeploymentConfiguration.strategy; docs/reference.md
** §8.1, "Deployment strategies"). */
typedef enum {
  ECSNET_DEPLOY_ROLLING = 0,  /* up to floor(desired * maximumPercent / 100) */
  ECSNET_DEPLOY_BLUE_GREEN,   /* a second full revision during the bake time */
  ECSNET_DEPLOY_LINEAR,       /* as BLUE_GREEN at its peak (assumed) */
  ECSNET_DEPLOY_CANARY        /* as BLUE_GREEN at its peak (assumed) */
} ecsnet_deploy_t;

/* "ROLLING", "BLUE_GREEN", "LINEAR", "CANARY" (NULL out of range). */
ECSNET_API const char *ecsnet_deploy_name(int strategy);

/* The strategy named s[0..n), spelt as the API spells it, or -1 with the
** message in err (naming the nearest strategy when one is close). */
ECSNET_API int ecsnet_deploy_strategy(const char *s, size_t n, char *err,
                                      size_t errlen);

/* Checks a parameter that belongs to one strategy ("step_percent": LINEAR,
** 3..100; "canary_percent": CANARY, 0.1..100; docs/reference.md §8.1)
** given with 'strategy': ECSNET_OK; ECSNET_EINVAL when it belongs to
** another strategy, ECSNET_ERANGE outside AWS's range (NaN included),
** ECSNET_ENOENT when 'key' is no such parameter; the reason in err. */
ECSNET_API int ecsnet_deploy_param(int strategy, const char *key, double v,
                                   char *err, size_t errlen);

/* The name of strategy parameter i ("step_percent", "canary_percent"),
** NULL past the last. */
ECSNET_API const char *ecsnet_deploy_param_name(size_t i);

/* The largest count ecsnet_deploy_counts takes or gives (2^53). */
#define ECSNET_DEPLOY_MAX_COUNT 9007199254740992LL

/* How many tasks of a service a deployment runs (docs/reference.md §8.1). */
typedef struct {
  long long most;    /* at most at once, both revisions: ROLLING
                     ** floor(desired x maximumPercent / 100); the others
                     ** desired x 2 (BLUE_GREEN during the bake time,
                     ** inferred; LINEAR and CANARY assumed alike) */
  long long least;   /* kept running while it deploys: ROLLING
                     ** ceil(desired x minimumHealthyPercent / 100); the
                     ** others desired (the first revision until the
                     ** traffic has moved) */
  long long peak;    /* the deployment's height: most, at least desired */
} ecsnet_deploy_counts_t;

/* The counts of 'strategy' for 'desired' tasks; the percentages apply to
** ROLLING only. ECSNET_ERANGE for an unknown strategy, a negative value or
** one above ECSNET_DEPLOY_MAX_COUNT (given or computed). */
ECSNET_API int ecsnet_deploy_counts(int strategy, long long desired,
                                    long long min_percent,
                                    long long max_percent,
                                    ecsnet_deploy_counts_t *out);

typedef struct {
  const char *name;
  int mode;
  long long desired, peak;  /* peak: tasks of both revisions at the deployment's height */
  double cpu, memory;
  int static_ports;
  long per_instance;        /* density on the plan's type, -1 unlimited */
  ecsnet_bind_t binding;
  int fargate;              /* runs on Fargate: an address per task, no instance */
  int strategy;             /* ecsnet_deploy_t */
  long long min_healthy;    /* minimumHealthyPercent (ROLLING), default 100 */
  long long max_percent;    /* maximumPercent (ROLLING), default 200 */
  int managed;              /* launch type MANAGED_INSTANCES */
  /* at the peak: the service's own task addresses (awsvpc), task ENIs
  ** (awsvpc: a branch or regular ENI each) and static host ports bound
  ** (bridge/host: static ports x tasks) */
  long long peak_addresses, peak_enis, peak_host_ports;
} ecsnet_plan_service_t;

/* A plan's finding or recommendation: code "PLAN_SUBNET_FULL", ...;
** pointer: a JSON Pointer into the plan; no line and column (0). */
typedef ecsnet_finding_t ecsnet_plan_finding_t;

typedef struct ecsnet_plan {
  int ok;                   /* no error finding: the plan fits */
  const ecsnet_instance_t *instance;
  int managed;              /* the instances are Managed Instances */
  int ipv6_only;            /* some subnets are IPv6-only (docs/reference.md §8.2) */
  int fargate_only;         /* no instance type: every service on Fargate */
  int trunking_applies;
  unsigned trunking_why;
  long long instances_given;    /* -1 when the plan leaves it open */
  long long instances_needed;
  long long tasks, surge;       /* over all services */
  long long usable, needed, headroom;
  size_t nservices, nsubnets, nazs, nfindings, nrecs;
  ecsnet_plan_service_t *services;
  ecsnet_plan_subnet_t *subnets;
  ecsnet_plan_az_t *azs;
  ecsnet_plan_finding_t *findings;
  ecsnet_plan_finding_t *recs;  /* recommendations (severity info) */
  /* The first point where a subnet runs out, placing tasks one by one
  ** (steady state, then the deployment surge, then growth of the first
  ** awsvpc service): runs_out 0 when never (within the growth bound). */
  int runs_out;
  const char *runs_out_phase;   /* "steady", "surge", "growth" */
  long long runs_out_at_tasks;  /* tasks running when it happens */
  size_t runs_out_subnet;       /* index into subnets */
  long long growth_tasks;       /* tasks beyond the peak before it happens */
  size_t growth_service;        /* the service that grows (index) */
  long long placements;         /* tasks the simulation placed (work done) */
  double imbalance;             /* max/min AZ headroom in tasks, 0 unknown */
  void *priv_;
} ecsnet_plan_t;

/* Limits of a plan (docs/robustness.md, docs/plan-format.md). Text over
** ECSNET_PLAN_MAX_BYTES is ECSNET_ELIMIT; the others give a PLAN_TOO_LARGE
** finding (services and subnets beyond the limit are not read; plans that
** would place more tasks or instances are sized but not simulated). */
#define ECSNET_PLAN_MAX_BYTES     (1024u * 1024)
#define ECSNET_PLAN_MAX_SERVICES  1000
#define ECSNET_PLAN_MAX_SUBNETS   1000
#define ECSNET_PLAN_MAX_COUNT     100000000.0  /* tasks per service, instances */
#define ECSNET_PLAN_MAX_PLACED    20000000LL   /* tasks simulated per phase */
/* Findings, and recommendations, each: further ones are counted in one
** last entry (PLAN_MORE_FINDINGS, REC_MORE_RECOMMENDATIONS), so
** nfindings and nrecs are at most ECSNET_PLAN_MAX_FINDINGS + 1. */
#define ECSNET_PLAN_MAX_FINDINGS  200

/* Runs a plan given as JSON text or as a tree. Bad content (negative or
** fractional counts, unknown types, overlapping subnets, subnets outside
** the VPC, IPv6-only input, plans that cannot fit) gives findings and
** ok = 0, not an error. ECSNET_EINVAL only when the text is not JSON or
** not an object; ECSNET_ELIMIT over ECSNET_PLAN_MAX_BYTES; ECSNET_ENOMEM. db may be NULL. Caller frees with
** ecsnet_plan_free (NULL-safe). */
ECSNET_API int ecsnet_plan_run(const char *text, size_t n,
                               const ecsnet_instdb_t *db,
                               ecsnet_alloc_fn alloc, void *ud,
                               ecsnet_plan_t **out, char *err,
                               size_t errlen);
ECSNET_API int ecsnet_plan_run_json(const ecsnet_json_t *doc,
                                    const ecsnet_instdb_t *db,
                                    ecsnet_alloc_fn alloc, void *ud,
                                    ecsnet_plan_t **out, char *err,
                                    size_t errlen);
ECSNET_API void ecsnet_plan_free(ecsnet_plan_t *p);

/* "both", "hosts", "tasks". */
ECSNET_API const char *ecsnet_role_name(ecsnet_role_t r);

/* }====================================================================== */

#endif
