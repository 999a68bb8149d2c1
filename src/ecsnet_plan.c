/*
** ecsnet_plan.c: IP-exhaustion plans (issue 6; ecs-facts.md §3.1, §3.2,
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
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"
#include "ecsnet.h"
#include "ecsnet_internal.h"




/* {======================================================================
** Memory: an arena for strings and arrays that live as long as the plan
** ======================================================================= */

typedef struct block {
  struct block *next;
  size_t size;
} block;

typedef struct {
  ecsnet_mem_t mem;
  block *blocks;
  char *cur;
  size_t left;
  int oom;
} arena;


static void *arena_alloc(arena *a, size_t n) {
  void *p;
  n = (n + 15) & ~(size_t)15;
  if (n > a->left) {
    size_t bs = n + sizeof(block) + 16 > 8192 ? n + sizeof(block) + 16 : 8192;
    block *b = (block *)ecsnet__alloc(&a->mem, bs);
    if (b == NULL) {
      a->oom = 1;
      return NULL;
    }
    b->size = bs;
    b->next = a->blocks;
    a->blocks = b;
    a->cur = (char *)b + ((sizeof(block) + 15) & ~(size_t)15);
    a->left = bs - ((sizeof(block) + 15) & ~(size_t)15);
  }
  p = a->cur;
  a->cur += n;
  a->left -= n;
  return p;
}


static void *arena_calloc(arena *a, size_t n, size_t size) {
  void *p;
  size_t total;
  if (n != 0 && size > ((size_t)-1) / 4 / n) {
    a->oom = 1;
    return NULL;
  }
  total = n * size;
  if (total == 0)
    total = 1;
  p = arena_alloc(a, total);
  if (p != NULL)
    memset(p, 0, total);
  return p;
}


static const char *arena_str(arena *a, const char *s) {
  size_t n = strlen(s) + 1;
  char *p = (char *)arena_alloc(a, n);
  if (p != NULL)
    memcpy(p, s, n);
  return p ? p : "";
}


static void arena_free(arena *a) {
  block *b = a->blocks;
  while (b != NULL) {
    block *next = b->next;
    ecsnet__free(&a->mem, b, b->size);
    b = next;
  }
  a->blocks = NULL;
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
  const char *phase;
  long long placed;         /* tasks running (steady + surge + growth) */
  long long ex_at;
  size_t ex_subnet;
  ecsnet_alloc_fn alloc;
  void *ud;
  /* static-port occupancy: per service, per AZ, a byte per instance */
  unsigned char **occ;      /* [service * nazs + az] -> bytes, length occn */
  size_t *occn;
  /* findings [0] and recommendations [1] beyond ECSNET_PLAN_MAX_FINDINGS:
  ** how many, and the most severe (told in a last one by note_dropped) */
  size_t dropped[2];
  ecsnet_severity_t dropped_sev[2];
} ctx;

enum { C_HOSTS = 0, C_TRUNK, C_TASKS, C_SURGE, C_EXTRAS };


static void finding(ctx *c, int recommendation, ecsnet_severity_t sev,
                    const char *code, const char *path, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
  __attribute__((format(printf, 6, 7)))
#endif
  ;

/* Appends one finding (or recommendation) to the plan's list. */
static void put(ctx *c, int recommendation, ecsnet_severity_t sev,
                const char *code, const char *path, const char *message) {
  ecsnet_plan_t *p = c->p;
  size_t *n = recommendation ? &p->nrecs : &p->nfindings;
  ecsnet_plan_finding_t *arr = recommendation ? p->recs : p->findings;
  arr[*n].severity = sev;
  arr[*n].code = code;
  arr[*n].path = arena_str(&c->A, path);
  arr[*n].message = arena_str(&c->A, message);
  (*n)++;
}

static void finding(ctx *c, int recommendation, ecsnet_severity_t sev,
                    const char *code, const char *path, const char *fmt, ...) {
  ecsnet_plan_t *p = c->p;
  int r = recommendation ? 1 : 0;
  char buf[512];
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
static void note_dropped(ctx *c) {
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
static const char *thousands(char *buf, size_t len, long long v) {
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
** Reading the plan
** ======================================================================= */

static const cJSON *get(const cJSON *o, const char *k) {
  return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
}


/* A list: an array, or an empty object (an empty Lua table). */
static int is_list(const cJSON *v) {
  return cJSON_IsArray(v) || (cJSON_IsObject(v) && v->child == NULL);
}


/* A count: a whole number 0..ECSNET_PLAN_MAX_COUNT. Returns 1 and *out, 0 when absent,
** -1 after a finding. */
static int read_count(ctx *c, const cJSON *o, const char *key,
                      const char *path, long long *out) {
  const cJSON *v = get(o, key);
  char pth[256];
  if (v == NULL || cJSON_IsNull(v))
    return 0;
  snprintf(pth, sizeof pth, "%s/%s", path, key);
  if (!cJSON_IsNumber(v)) {
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_FIELD", pth,
            "'%s' must be a number, got %s", key,
            cJSON_IsString(v) ? "a string" : cJSON_IsBool(v) ? "a boolean"
            : "an object or array");
    return -1;
  }
  /* range first: the cast is defined only for values long long holds */
  if (v->valuedouble != v->valuedouble || v->valuedouble < 0 ||
      v->valuedouble > ECSNET_PLAN_MAX_COUNT ||
      (double)(long long)(v->valuedouble) != v->valuedouble) {
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_COUNT", pth,
            "'%s' must be a whole number from 0 to 100000000, got %.17g", key,
            v->valuedouble);
    return -1;
  }
  *out = (long long)v->valuedouble;
  return 1;
}


static int read_bool(ctx *c, const cJSON *o, const char *key,
                     const char *path, int def) {
  const cJSON *v = get(o, key);
  if (v == NULL || cJSON_IsNull(v))
    return def;
  if (!cJSON_IsBool(v)) {
    char pth[256];
    snprintf(pth, sizeof pth, "%s/%s", path, key);
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_FIELD", pth,
            "'%s' must be true or false", key);
    return def;
  }
  return cJSON_IsTrue(v);
}


static double read_size(ctx *c, const cJSON *o, const char *key,
                        const char *path) {
  const cJSON *v = get(o, key);
  double d = -1;
  if (v == NULL || cJSON_IsNull(v))
    return -1;
  if (cJSON_IsNumber(v))
    d = v->valuedouble;
  else if (cJSON_IsString(v)) {
    char *end;
    d = strtod(v->valuestring, &end);
    if (*end != '\0' || end == v->valuestring)
      d = -2;
  }
  if (!(d > 0 && d < 1e12)) {
    char pth[256];
    snprintf(pth, sizeof pth, "%s/%s", path, key);
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_COUNT", pth,
            "'%s' must be a positive number", key);
    return -1;
  }
  return d;
}


static const char *read_str(ctx *c, const cJSON *o, const char *key,
                            const char *path) {
  const cJSON *v = get(o, key);
  if (v == NULL || cJSON_IsNull(v))
    return NULL;
  if (!cJSON_IsString(v)) {
    char pth[256];
    snprintf(pth, sizeof pth, "%s/%s", path, key);
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_FIELD", pth,
            "'%s' must be a string", key);
    return NULL;
  }
  return v->valuestring;
}


static void read_services(ctx *c, const cJSON *doc, ecsnet_os_t os) {
  ecsnet_plan_t *p = c->p;
  const cJSON *l = get(doc, "services"), *s;
  size_t i = 0, n = 0;
  if (l == NULL) {
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_NO_SERVICES", "/services",
            "the plan has no 'services': give a list such as [{\"name\": "
            "\"web\", \"network_mode\": \"awsvpc\", \"desired_count\": 10}]");
    return;
  }
  if (!is_list(l)) {
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_FIELD", "/services",
            "'services' must be a list");
    return;
  }
  cJSON_ArrayForEach(s, l) n++;
  if (n > ECSNET_PLAN_MAX_SERVICES) {
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_TOO_LARGE", "/services",
            "a plan holds at most %d services, got %zu", ECSNET_PLAN_MAX_SERVICES, n);
    n = ECSNET_PLAN_MAX_SERVICES;
  }
  p->services = (ecsnet_plan_service_t *)arena_calloc(&c->A, n ? n : 1,
                                                       sizeof *p->services);
  if (p->services == NULL)
    return;
  cJSON_ArrayForEach(s, l) {
    ecsnet_plan_service_t *sv;
    char path[64], nm[32];
    const char *name, *mode;
    const cJSON *td;
    long long cnt = 0, maxp = 200;
    int r;
    if (i >= n)
      break;
    snprintf(path, sizeof path, "/services/%zu", i);
    sv = &p->services[i];
    sv->mode = ECSNET_MODE_AWSVPC;
    sv->cpu = sv->memory = -1;
    sv->per_instance = -1;
    if (!cJSON_IsObject(s)) {
      finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_FIELD", path,
              "each service must be an object");
      sv->name = "?";
      i++;
      continue;
    }
    name = read_str(c, s, "name", path);
    snprintf(nm, sizeof nm, "service %zu", i + 1);
    sv->name = arena_str(&c->A, name ? name : nm);
    td = get(s, "taskdef");
    if (td == NULL)
      td = get(s, "task_definition");
    if (td != NULL && !cJSON_IsNull(td)) {
      ecsnet_demand_t d;
      char err[ECSNET_ERRBUF_MAX];
      char pth[96];
      snprintf(pth, sizeof pth, "%s/taskdef", path);
      if (ecsnet_task_demand(td, c->alloc, c->ud, &d, err, sizeof err) !=
          ECSNET_OK) {
        finding(c, 0, ECSNET_SEV_ERROR, "PLAN_TASKDEF", pth,
                "service '%s': %s", sv->name, err);
      } else {
        sv->mode = d.mode;
        sv->cpu = d.cpu;
        sv->memory = d.memory;
        sv->static_ports = d.static_ports;
        if (d.fargate_only) {
          sv->fargate = 1;
          finding(c, 0, ECSNET_SEV_INFO, "PLAN_FARGATE", pth,
                  "service '%s' requires FARGATE: its tasks take one address "
                  "each in the task subnets and no instance (ecs-facts.md "
                  "§3.1)", sv->name);
        }
        if (d.os == ECSNET_OS_WINDOWS && os != ECSNET_OS_WINDOWS)
          finding(c, 0, ECSNET_SEV_WARNING, "PLAN_OS", pth,
                  "service '%s' is a Windows task definition but the plan's "
                  "os is linux: set \"os\": \"windows\" (no trunking on "
                  "Windows, ecs-facts.md §3.2)", sv->name);
      }
    }
    mode = read_str(c, s, "network_mode", path);
    if (mode == NULL)
      mode = read_str(c, s, "mode", path);
    if (mode != NULL) {
      const ecsnet_mode_info_t *mi;
      if (ecsnet_mode_lookup(mode, strlen(mode), os, &mi) == ECSNET_OK) {
        sv->mode = mi->id;
      } else {
        char q[ECSNET_ERRBUF_MAX], pth[96];
        ecsnet_quote(q, sizeof q, mode, strlen(mode));
        snprintf(pth, sizeof pth, "%s/network_mode", path);
        finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_FIELD", pth,
                "unknown network mode %s (expected one of: %s)", q,
                ecsnet_mode_names());
      }
    }
    {
      const char *lt = read_str(c, s, "launch_type", path);
      if (lt != NULL && strcmp(lt, "FARGATE") == 0) {
        sv->fargate = 1;
        sv->mode = ECSNET_MODE_AWSVPC;
      } else if (lt != NULL && strcmp(lt, "EC2") == 0) {
        sv->fargate = 0;
      } else if (lt != NULL) {
        char pth[96];
        snprintf(pth, sizeof pth, "%s/launch_type", path);
        finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_FIELD", pth,
                "'launch_type' must be \"EC2\" or \"FARGATE\"");
      }
    }
    if (get(s, "cpu") != NULL)
      sv->cpu = read_size(c, s, "cpu", path);
    if (get(s, "memory") != NULL)
      sv->memory = read_size(c, s, "memory", path);
    {
      long long sp = 0;
      if (read_count(c, s, "static_ports", path, &sp) == 1)
        sv->static_ports = sp > 65535 ? 65535 : (int)sp;
    }
    r = read_count(c, s, "desired_count", path, &cnt);
    if (r == 0)
      r = read_count(c, s, "count", path, &cnt);
    if (r == 0)
      finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_COUNT", path,
              "service '%s' has no 'desired_count'", sv->name);
    if (read_count(c, s, "maximum_percent", path, &maxp) == 1 &&
        (maxp < 100 || maxp > 200)) {
      char pth[96];
      snprintf(pth, sizeof pth, "%s/maximum_percent", path);
      finding(c, 0, ECSNET_SEV_WARNING, "PLAN_MAX_PERCENT", pth,
              "maximumPercent %lld is outside 100..200, the usual range; "
              "the plan uses it as given", maxp);
    }
    sv->desired = cnt;
    /* ECS runs at most floor(desired * maximumPercent / 100) tasks while
    ** it deploys. */
    sv->peak = cnt * maxp / 100;
    if (sv->peak < cnt)
      sv->peak = cnt;
    i++;
  }
  p->nservices = i;
}


static size_t az_index(ctx *c, const char *name) {
  ecsnet_plan_t *p = c->p;
  size_t i;
  for (i = 0; i < p->nazs; i++)
    if (strcmp(p->azs[i].name, name) == 0)
      return i;
  p->azs[p->nazs].name = arena_str(&c->A, name);
  p->azs[p->nazs].growth_tasks = -1;
  return p->nazs++;
}


static void read_subnets(ctx *c, const cJSON *doc, const ecsnet_prefix_t *vpc,
                         size_t nvpc) {
  ecsnet_plan_t *p = c->p;
  const cJSON *l = get(doc, "subnets"), *s;
  size_t n = 0, i = 0, j, nv4 = 0, nv6 = 0, overlaps = 0;
  if (l == NULL || !is_list(l) || l->child == NULL) {
    finding(c, 0, ECSNET_SEV_ERROR, l == NULL || is_list(l) ? "PLAN_NO_SUBNETS"
            : "PLAN_BAD_FIELD", "/subnets",
            "the plan needs 'subnets': a list such as [{\"az\": \"us-east-1a\", "
            "\"cidr\": \"172.31.0.0/20\"}]");
    return;
  }
  cJSON_ArrayForEach(s, l) n++;
  if (n > ECSNET_PLAN_MAX_SUBNETS) {
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_TOO_LARGE", "/subnets",
            "a plan holds at most %d subnets, got %zu", ECSNET_PLAN_MAX_SUBNETS, n);
    n = ECSNET_PLAN_MAX_SUBNETS;
  }
  p->subnets = (ecsnet_plan_subnet_t *)arena_calloc(&c->A, n,
                                                     sizeof *p->subnets);
  p->azs = (ecsnet_plan_az_t *)arena_calloc(&c->A, n, sizeof *p->azs);
  if (p->subnets == NULL || p->azs == NULL)
    return;
  cJSON_ArrayForEach(s, l) {
    ecsnet_plan_subnet_t *sn;
    char path[64], err[ECSNET_ERRBUF_MAX];
    const char *cidr, *az, *role;
    long long ex = 0;
    if (i >= n)
      break;
    sn = &p->subnets[i];
    snprintf(path, sizeof path, "/subnets/%zu", i);
    sn->cidr = "";
    sn->az = "";
    if (cJSON_IsString(s)) {   /* a bare CIDR: one AZ per subnet */
      cidr = s->valuestring;
      az = NULL;
      role = NULL;
    } else if (cJSON_IsObject(s)) {
      cidr = read_str(c, s, "cidr", path);
      az = read_str(c, s, "az", path);
      role = read_str(c, s, "role", path);
      if (read_count(c, s, "extras", path, &ex) == 1)
        sn->extras = ex;
    } else {
      finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_FIELD", path,
              "each subnet must be an object or a CIDR string");
      i++;
      continue;
    }
    if (az == NULL) {
      char nm[32];
      snprintf(nm, sizeof nm, "az-%zu", i + 1);
      az = nm;
      sn->az = arena_str(&c->A, az);
    } else {
      sn->az = arena_str(&c->A, az);
    }
    if (role == NULL || strcmp(role, "both") == 0)
      sn->role = ECSNET_ROLE_BOTH;
    else if (strcmp(role, "hosts") == 0)
      sn->role = ECSNET_ROLE_HOSTS;
    else if (strcmp(role, "tasks") == 0)
      sn->role = ECSNET_ROLE_TASKS;
    else {
      char pth[96];
      snprintf(pth, sizeof pth, "%s/role", path);
      finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_FIELD", pth,
              "'role' must be \"both\", \"hosts\" or \"tasks\"");
    }
    if (cidr == NULL) {
      finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_CIDR", path,
              "the subnet has no 'cidr'");
      i++;
      continue;
    }
    sn->cidr = arena_str(&c->A, cidr);
    if (ecsnet_prefix_parse(cidr, strlen(cidr), 0, &sn->prefix, err,
                            sizeof err) != ECSNET_OK) {
      finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_CIDR", path, "%s", err);
      i++;
      continue;
    }
    if (sn->prefix.family == 6) {
      nv6++;
      finding(c, 0, ECSNET_SEV_INFO, "PLAN_IPV6_SUBNET", path,
              "%s is IPv6: the plan counts IPv4 addresses; a /64 does not "
              "run out (ecs-facts.md §4.2)", sn->cidr);
      i++;
      continue;
    }
    if (ecsnet_aws_subnet_check(&sn->prefix, nvpc ? vpc : NULL, nvpc, err,
                                sizeof err) != ECSNET_OK) {
      int outside = nvpc && ecsnet_aws_subnet_check(&sn->prefix, NULL, 0,
                                                    NULL, 0) == ECSNET_OK;
      finding(c, 0, ECSNET_SEV_ERROR, outside ? "PLAN_SUBNET_OUTSIDE_VPC"
              : "PLAN_SUBNET_SIZE", path, "%s", err);
      i++;
      continue;
    }
    {
      unsigned long long u;
      ecsnet_prefix_usable_aws(&sn->prefix, &u);
      sn->usable = (long long)u;
    }
    sn->valid = 1;
    nv4++;
    i++;
  }
  p->nsubnets = i;
  /* Subnets of one VPC must not overlap (§4.1). */
  for (i = 0; i < p->nsubnets; i++)
    for (j = i + 1; j < p->nsubnets; j++)
      if (p->subnets[i].valid && p->subnets[j].valid &&
          ecsnet_prefix_overlaps(&p->subnets[i].prefix,
                                 &p->subnets[j].prefix)) {
        char path[64];
        snprintf(path, sizeof path, "/subnets/%zu", j);
        if (overlaps++ < 10)
          finding(c, 0, ECSNET_SEV_ERROR, "PLAN_SUBNET_OVERLAP", path,
                  "subnet %s overlaps subnet %s (/subnets/%zu): subnets of "
                  "one VPC must not overlap (ecs-facts.md §4.1)",
                  p->subnets[j].cidr, p->subnets[i].cidr, i);
        p->subnets[j].valid = 0;
      }
  if (nv4 == 0 && nv6 > 0)
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_IPV6_ONLY", "/subnets",
            "the plan gives only IPv6 subnets: awsvpc tasks on EC2 take an "
            "IPv4 address from their subnet unless the instances run "
            "IPv6-only (agent >= 1.99.0); give the IPv4 CIDRs of the subnets "
            "(ecs-facts.md §4.2)");
  /* AZs in order of first appearance; valid subnets only make pools */
  for (i = 0; i < p->nsubnets; i++)
    az_index(c, p->subnets[i].az);
}


static void read_vpc(ctx *c, const cJSON *doc, ecsnet_prefix_t *vpc,
                     size_t *nvpc) {
  const cJSON *v = get(doc, "vpc"), *it;
  size_t k = 0, nv6 = 0;
  *nvpc = 0;
  if (v == NULL || cJSON_IsNull(v))
    return;
  if (cJSON_IsString(v) || is_list(v)) {
    const cJSON *first = cJSON_IsString(v) ? v : v->child;
    for (it = first; it != NULL && k < 5; it = cJSON_IsString(v) ? NULL : it->next) {
      char path[32], err[ECSNET_ERRBUF_MAX];
      ecsnet_prefix_t pf;
      snprintf(path, sizeof path, cJSON_IsString(v) ? "/vpc" : "/vpc/%zu", k);
      if (!cJSON_IsString(it)) {
        finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_FIELD", path,
                "VPC blocks must be CIDR strings");
        k++;
        continue;
      }
      if (ecsnet_prefix_parse(it->valuestring, strlen(it->valuestring), 0,
                              &pf, err, sizeof err) != ECSNET_OK) {
        finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_CIDR", path, "%s", err);
      } else if (pf.family == 6) {
        nv6++;
      } else if (ecsnet_aws_vpc_check(&pf, err, sizeof err) != ECSNET_OK) {
        finding(c, 0, ECSNET_SEV_ERROR, "PLAN_VPC_SIZE", path, "%s", err);
      } else {
        vpc[(*nvpc)++] = pf;
      }
      k++;
    }
    if (*nvpc == 0 && nv6 > 0)
      finding(c, 0, ECSNET_SEV_ERROR, "PLAN_IPV6_ONLY", "/vpc",
              "the VPC is given only as IPv6: give its IPv4 CIDR (the primary "
              "first) so that subnets and secondary CIDRs can be checked");
  } else {
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_FIELD", "/vpc",
            "'vpc' must be a CIDR or a list of CIDRs (the primary first)");
  }
}

/* }====================================================================== */


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
      c->A.oom = 1;
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
      c->A.oom = 1;
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


/* Places one task of service s in AZ z. Returns 0 when out of memory or
** when the task can never fit on an instance (then it is not placed). */
static int place(ctx *c, size_t s, size_t z, int cat) {
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
  c->ips_per_instance = trunk ? 2 : 1;
  c->exhausted = 0;
  c->placed = 0;
  c->phase = "steady";
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
  return !c->A.oom;
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
      for (t = 0; t < n; t++) {
        size_t z = (size_t)((base + t + (long long)s) % (long long)k);
        int was = c->exhausted;
        if (!place(c, s, z, phase == 0 ? C_TASKS : C_SURGE)) {
          if (c->A.oom)
            return 0;
          (*unplaced)++;
          continue;
        }
        if (phase == 0) c->az[z].tasks++; else c->az[z].surge++;
        if (!was && c->exhausted)
          c->phase = phase == 0 ? "steady" : "surge";
      }
    }
  }
  return 1;
}

/* }====================================================================== */


/* {======================================================================
** Findings and recommendations
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
          "primary range, ecs-facts.md §4.1) and give the tasks one /%u "
          "subnet per AZ (%s addresses each, \"role\": \"tasks\"); the "
          "instances stay in their subnets", cs,
          nvpc ? "the VPC's" : "any", len,
          thousands(a, sizeof a, (1LL << (32 - len)) - 5));
}

/* }====================================================================== */


/* {======================================================================
** Running a plan
** ======================================================================= */

static void ctx_free(ctx *c) {
  size_t z, i;
  if (c->az != NULL)
    for (z = 0; z < c->p->nazs; z++)
      ecsnet__free(&c->A.mem, c->az[z].f.v, c->az[z].f.cap * sizeof(inst));
  if (c->occ != NULL)
    for (i = 0; i < c->p->nservices * c->p->nazs; i++)
      ecsnet__free(&c->A.mem, c->occ[i], c->occn[i]);
}


/* Per-AZ growth capacity: tasks of service g that still fit in AZ z alone,
** -1 when the bound is reached first (nothing runs out). */
static long long grow_az(ctx *c, size_t g, size_t z, long long bound) {
  long long n = 0;
  c->exhausted = 0;
  while (n < bound) {
    long long before = c->placed;
    if (!place(c, g, z, C_TASKS))
      return c->A.oom ? -2 : -1;
    if (c->exhausted)
      return n;
    (void)before;
    n++;
  }
  return -1;
}


static void summarize(ctx *c, long long unplaced, const ecsnet_prefix_t *vpc,
                      size_t nvpc) {
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
      if (p->subnets[i].valid && strcmp(p->subnets[i].az, az->name) == 0) {
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
    if (!sn->valid)
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
static void sizes_only(ecsnet_plan_t *p) {
  size_t i, z;
  p->usable = p->needed = 0;
  for (i = 0; i < p->nsubnets; i++) {
    ecsnet_plan_subnet_t *sn = &p->subnets[i];
    if (!sn->valid)
      continue;
    sn->needed = sn->extras;
    sn->headroom = sn->usable - sn->needed;
    p->usable += sn->usable;
    p->needed += sn->needed;
  }
  p->headroom = p->usable - p->needed;
  for (z = 0; z < p->nazs; z++) {
    ecsnet_plan_az_t *az = &p->azs[z];
    az->usable = az->needed = 0;
    for (i = 0; i < p->nsubnets; i++)
      if (p->subnets[i].valid && strcmp(p->subnets[i].az, az->name) == 0) {
        az->usable += p->subnets[i].usable;
        az->needed += p->subnets[i].needed;
      }
    az->headroom = az->usable - az->needed;
  }
}


static int run(ctx *c, const cJSON *doc) {
  ecsnet_plan_t *p = c->p;
  ecsnet_prefix_t vpc[5];
  size_t nvpc = 0, z, i, nsv;
  const char *itype, *osname;
  ecsnet_os_t os = ECSNET_OS_LINUX;
  ecsnet_density_in_t din;
  ecsnet_density_t dens;
  long long given = -1, unplaced = 0, extras = 0;
  int trunk_setting, after, shared;
  char a[32], b[32], e[32], f[32];

  p->ok = 1;
  p->instances_given = -1;
  /* one more than the limit: the slot for note_dropped */
  p->findings = (ecsnet_plan_finding_t *)arena_calloc(&c->A, ECSNET_PLAN_MAX_FINDINGS + 1,
                                                       sizeof *p->findings);
  p->recs = (ecsnet_plan_finding_t *)arena_calloc(&c->A, ECSNET_PLAN_MAX_FINDINGS + 1,
                                                   sizeof *p->recs);
  if (p->findings == NULL || p->recs == NULL)
    return ECSNET_ENOMEM;
  osname = read_str(c, doc, "os", "");
  if (osname != NULL) {
    if (strcmp(osname, "windows") == 0)
      os = ECSNET_OS_WINDOWS;
    else if (strcmp(osname, "linux") != 0)
      finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_FIELD", "/os",
              "'os' must be \"linux\" or \"windows\"");
  }
  itype = read_str(c, doc, "instance_type", "");
  if (itype == NULL)
    itype = read_str(c, doc, "instance", "");
  if (itype == NULL) {
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_NO_INSTANCE", "/instance_type",
            "the plan needs 'instance_type' (e.g. \"c5.large\")");
  } else {
    p->instance = ecsnet_instdb_find(c->db, itype, strlen(itype));
    if (p->instance == NULL) {
      char q[ECSNET_ERRBUF_MAX];
      ecsnet_quote(q, sizeof q, itype, strlen(itype));
      finding(c, 0, ECSNET_SEV_ERROR, "PLAN_UNKNOWN_INSTANCE",
              "/instance_type", "unknown instance type %s (load its data "
              "with ecsnet.load_instances, e.g. from aws ec2 "
              "describe-instance-types)", q);
    }
  }
  if (read_count(c, doc, "instances", "", &given) == 1)
    p->instances_given = given;
  if (read_count(c, doc, "extras_per_az", "", &extras) == 1)
    c->extras_per_az = extras;
  trunk_setting = read_bool(c, doc, "trunking", "", 0);
  after = read_bool(c, doc, "launched_after_opt_in", "", 1);
  shared = read_bool(c, doc, "shared_subnet", "", 0);
  c->icpu = read_size(c, doc, "instance_cpu", "");
  c->imem = read_size(c, doc, "instance_memory", "");
  read_vpc(c, doc, vpc, &nvpc);
  read_services(c, doc, os);
  read_subnets(c, doc, vpc, nvpc);
  if (c->A.oom)
    return ECSNET_ENOMEM;
  nsv = p->nservices;
  for (i = 0; i < nsv; i++) {
    p->tasks += p->services[i].desired;
    p->surge += p->services[i].peak - p->services[i].desired;
  }
  if (p->instances_given > ECSNET_PLAN_MAX_PLACED) {
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_TOO_LARGE", "/instances",
            "the plan gives %lld instances; plans are limited to %lld",
            p->instances_given, (long long)ECSNET_PLAN_MAX_PLACED);
    sizes_only(p);
    return ECSNET_OK;
  }
  if (p->tasks + p->surge > ECSNET_PLAN_MAX_PLACED) {
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_TOO_LARGE", "/services",
            "the plan runs %lld tasks at its peak; plans are limited to "
            "%lld", p->tasks + p->surge, (long long)ECSNET_PLAN_MAX_PLACED);
    sizes_only(p);
    return ECSNET_OK;
  }
  if (p->instance == NULL || p->nazs == 0 || nsv == 0) {
    sizes_only(p);
    return ECSNET_OK;   /* nothing to simulate; the findings say why */
  }

  /* Trunking (§3.2) and per-instance resources. */
  ecsnet_density_in_init(&din);
  din.os = os;
  din.trunking = trunk_setting;
  din.launched_after_opt_in = after;
  din.shared_subnet = shared;
  ecsnet_density(p->instance, &din, &dens);
  p->trunking_applies = dens.trunking_applies;
  p->trunking_why = dens.trunking_why;
  if (c->icpu < 0 && p->instance->vcpus > 0)
    c->icpu = p->instance->vcpus * 1024.0;
  if (c->imem < 0 && p->instance->memory_mib > 0)
    c->imem = (double)p->instance->memory_mib;
  if (trunk_setting && !dens.trunking_applies) {
    unsigned bit;
    for (bit = 1; bit <= ECSNET_TRUNK_UNKNOWN_LIMIT; bit <<= 1)
      if ((dens.trunking_why & bit) && bit != ECSNET_TRUNK_SETTING_OFF &&
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

  /* Pools and state. */
  c->az = (azstate *)arena_calloc(&c->A, p->nazs, sizeof *c->az);
  c->used = (long long *)arena_calloc(&c->A, p->nsubnets, sizeof *c->used);
  c->cat = (long long (*)[5])arena_calloc(&c->A, p->nsubnets, sizeof *c->cat);
  c->cursor = (size_t *)arena_calloc(&c->A, nsv * p->nazs + 1, sizeof(size_t));
  c->occ = (unsigned char **)arena_calloc(&c->A, nsv * p->nazs + 1,
                                          sizeof(unsigned char *));
  c->occn = (size_t *)arena_calloc(&c->A, nsv * p->nazs + 1, sizeof(size_t));
  if (c->A.oom)
    return ECSNET_ENOMEM;
  for (z = 0; z < p->nazs; z++) {
    azstate *as = &c->az[z];
    as->host = (size_t *)arena_calloc(&c->A, p->nsubnets, sizeof(size_t));
    as->task = (size_t *)arena_calloc(&c->A, p->nsubnets, sizeof(size_t));
    if (c->A.oom)
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

  /* The other trunking setting first, for the recommendation; then the
  ** plan itself, whose state the report reads. */
  if ((dens.trunking_why & ~(ECSNET_TRUNK_SETTING_OFF |
                             ECSNET_TRUNK_NOT_AWSVPC)) == 0) {
    long long alt_needed = 0, alt_inst = 0, un2;
    int alt = !dens.trunking_applies;
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
    if (!sim_reset(c, dens.trunking_applies) || !sim_run(c, &unplaced))
      return ECSNET_ENOMEM;
    {
      long long ninst = 0, needed = 0;
      for (z = 0; z < p->nazs; z++)
        ninst += (long long)c->az[z].f.n;
      for (i = 0; i < p->nsubnets; i++)
        needed += c->used[i];
      if (alt && alt_inst < ninst && unplaced == 0)
        finding(c, 1, ECSNET_SEV_INFO, "REC_TRUNKING_ON", "/trunking",
                "turn on awsvpcTrunking (Linux, instances launched after the "
                "opt-in): %s runs %d awsvpc tasks instead of %d, so %s "
                "instances instead of %s; each instance then takes 2 "
                "addresses (primary and trunk ENI) plus 1 per task "
                "(ecs-facts.md §3.2)", p->instance->name,
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
  } else {
    if (!sim_reset(c, dens.trunking_applies) || !sim_run(c, &unplaced))
      return ECSNET_ENOMEM;
  }
  summarize(c, unplaced, vpc, nvpc);
  if (c->exhausted) {
    p->runs_out = 1;
    p->runs_out_phase = c->phase;
    p->runs_out_at_tasks = c->ex_at;
    p->runs_out_subnet = c->ex_subnet;
    p->growth_tasks = 0;
  }

  /* Growth of the first awsvpc service (else the first service), AZ by AZ
  ** from the peak; the AZ with the least room runs out first because ECS
  ** spreads tasks evenly (§3.2; the seed's three /20s). */
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
      for (k = 0; k < p->nsubnets; k++)
        if (p->subnets[k].valid && strcmp(p->subnets[k].az, p->azs[z].name) == 0)
          bound += p->subnets[k].usable;
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
  p->placements = c->placed;
  return ECSNET_OK;
}


int ecsnet_plan_run_json(const ecsnet_json_t *doc, const ecsnet_instdb_t *db,
                         ecsnet_alloc_fn alloc, void *ud, ecsnet_plan_t **out,
                         char *err, size_t errlen) {
  ctx c;
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
  ecsnet__mem_init(&c.A.mem, alloc, ud);
  c.alloc = alloc;
  c.ud = ud;
  c.db = db;
  p = (ecsnet_plan_t *)arena_calloc(&c.A, 1, sizeof *p);
  keep = (arena *)arena_calloc(&c.A, 1, sizeof *keep);
  if (p == NULL || keep == NULL) {
    arena_free(&c.A);
    return ECSNET_ENOMEM;
  }
  c.p = p;
  st = run(&c, doc);
  if (st == ECSNET_OK)
    note_dropped(&c);
  ctx_free(&c);
  if (st != ECSNET_OK || c.A.oom) {
    arena_free(&c.A);
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
  arena_free(&a);
}


const char *ecsnet_role_name(ecsnet_role_t r) {
  switch (r) {
    case ECSNET_ROLE_HOSTS: return "hosts";
    case ECSNET_ROLE_TASKS: return "tasks";
    default: return "both";
  }
}

/* }====================================================================== */
