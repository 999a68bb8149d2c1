/*
** ecsnet_plan_read.c: reading the plan document (the format is
** docs/plan-format.md): the top-level settings, the VPC's blocks, the
** services and the subnets, into the plan and the run's state. Bad content
** becomes findings, never a failed call.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ecsnet_plan_internal.h"


/* {======================================================================
** Fields
** ======================================================================= */

static const cJSON *get(const cJSON *o, const char *k) {
  return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
}


/* A list: an array, or an empty object (an empty Lua table). */
static int is_list(const cJSON *v) {
  return cJSON_IsArray(v) || (cJSON_IsObject(v) && v->child == NULL);
}


/* {======================================================================
** Unknown keys
** ======================================================================= */

/* Free text allowed at every level of a plan, never read. */
static const char *const FREE_KEYS[] = { "description", "comment", NULL };

static const char *const TOP_KEYS[] = {
  "instance_type", "instance", "instances", "trunking", "launched_after_opt_in",
  "shared_subnet", "os", "instance_cpu", "instance_memory", "vpc", "subnets",
  "extras_per_az", "services", "instance_data", NULL
};

static const char *const SERVICE_KEYS[] = {
  "name", "taskdef", "task_definition", "network_mode", "mode", "launch_type",
  "cpu", "memory", "static_ports", "desired_count", "count", "maximum_percent",
  "minimum_healthy_percent", "strategy", "step_percent", "canary_percent",
  NULL
};

static const char *const SUBNET_KEYS[] = { "cidr", "az", "role", "extras", NULL };


static int listed(const char *const *keys, const char *k) {
  for (; *keys != NULL; keys++)
    if (strcmp(*keys, k) == 0)
      return 1;
  return 0;
}


/* A JSON Pointer token for key k (~ as ~0, / as ~1), cut to fit. */
static void pointer_token(char *out, size_t len, const char *k) {
  size_t n = 0;
  for (; *k != '\0' && n + 3 < len; k++) {
    if (*k == '~' || *k == '/') {
      out[n++] = '~';
      out[n++] = *k == '~' ? '0' : '1';
    } else {
      out[n++] = *k;
    }
  }
  out[n] = '\0';
}


/* An error finding (PLAN_UNKNOWN_FIELD) for each key of o that is not in
** keys (nor free text), with the nearest known key when one is close: a
** misspelt "trunkng" must not be planned silently as trunking off. */
static void check_keys(ctx *c, const cJSON *o, const char *path,
                       const char *const *keys) {
  const cJSON *it;
  if (!cJSON_IsObject(o))
    return;
  for (it = o->child; it != NULL; it = it->next) {
    const char *k = it->string, *near;
    char q[ECSNET_ERRBUF_MAX], tok[64], pth[160];
    size_t n = 0;
    if (k == NULL || listed(keys, k) || listed(FREE_KEYS, k))
      continue;
    while (keys[n] != NULL)
      n++;
    near = ecsnet__suggest(k, keys, n);
    ecsnet_quote(q, sizeof q, k, strlen(k));
    pointer_token(tok, sizeof tok, k);
    snprintf(pth, sizeof pth, "%s/%s", path, tok);
    if (near != NULL)
      finding(c, 0, ECSNET_SEV_ERROR, "PLAN_UNKNOWN_FIELD", pth,
              "unknown key %s (did you mean '%s'?); plans have no such "
              "setting, so it would be ignored", q, near);
    else
      finding(c, 0, ECSNET_SEV_ERROR, "PLAN_UNKNOWN_FIELD", pth,
              "unknown key %s; plans have no such setting, so it would be "
              "ignored (docs/plan-format.md lists the keys)", q);
  }
}

/* }====================================================================== */


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

/* }====================================================================== */


/* {======================================================================
** The services
** ======================================================================= */

/* The service's task definition, when given: its mode, CPU, memory, static
** ports, and whether it needs Fargate, from ecsnet_task_demand. */
static void read_taskdef(ctx *c, const cJSON *s, ecsnet_plan_service_t *sv,
                         const char *path, ecsnet_os_t os) {
  const cJSON *td = get(s, "taskdef");
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
                "each in the task subnets and no instance (docs/reference.md "
                "§3.1)", sv->name);
      }
      if (d.managed_only) {
        sv->managed = 1;   /* read_mode checks its mode, read_fleet the fleet */
        finding(c, 0, ECSNET_SEV_INFO, "PLAN_MANAGED", pth,
                "service '%s' requires MANAGED_INSTANCES: planned on Managed "
                "Instances (docs/reference.md §5.7)", sv->name);
      }
      if (d.os == ECSNET_OS_WINDOWS && os != ECSNET_OS_WINDOWS)
        finding(c, 0, ECSNET_SEV_WARNING, "PLAN_OS", pth,
                "service '%s' is a Windows task definition but the plan's "
                "os is linux: set \"os\": \"windows\" (no trunking on "
                "Windows, docs/reference.md §3.2)", sv->name);
    }
  }
}


/* Managed Instances run awsvpc and host tasks; the API reference adds none,
** the developer guide does not (docs/reference.md §5.7, §8.3). */
static void managed_mode(ctx *c, const ecsnet_plan_service_t *sv,
                         const char *path) {
  char pth[96];
  snprintf(pth, sizeof pth, "%s/network_mode", path);
  if (sv->mode == ECSNET_MODE_BRIDGE)
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_MANAGED_MODE", pth,
            "service '%s' runs on Managed Instances, which take awsvpc and "
            "host tasks, not bridge (docs/reference.md §5.7)", sv->name);
  else if (sv->mode == ECSNET_MODE_NONE)
    finding(c, 0, ECSNET_SEV_WARNING, "PLAN_MANAGED_MODE", pth,
            "service '%s': network mode none on Managed Instances: the API "
            "reference (ManagedInstancesNetworkConfiguration) lists it, the "
            "developer guide (managed-instance-networking) lists only awsvpc "
            "and host (docs/reference.md §8.3)", sv->name);
}


/* The service's network mode and launch type, over the task definition's. */
static void read_mode(ctx *c, const cJSON *s, ecsnet_plan_service_t *sv,
                      const char *path, ecsnet_os_t os) {
  const char *mode = read_str(c, s, "network_mode", path);
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
      sv->managed = 0;
    } else if (lt != NULL && strcmp(lt, "MANAGED_INSTANCES") == 0) {
      sv->fargate = 0;
      sv->managed = 1;
    } else if (lt != NULL) {
      char pth[96];
      snprintf(pth, sizeof pth, "%s/launch_type", path);
      finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_FIELD", pth,
              "'launch_type' must be \"EC2\", \"FARGATE\" or "
              "\"MANAGED_INSTANCES\"");
    }
  }
  if (sv->managed)
    managed_mode(c, sv, path);
}


/* {======================================================================
** Deployments (docs/reference.md §8.1, "Deployment strategies")
** ======================================================================= */

/* A parameter that belongs to one strategy: an error when given with
** another, or outside AWS's range (ecsnet_deploy_param). */
static void read_strategy_param(ctx *c, const cJSON *s, const char *key,
                                int strategy, const char *path) {
  const cJSON *v = get(s, key);
  char pth[96], err[ECSNET_ERRBUF_MAX];
  int st;
  if (v == NULL || cJSON_IsNull(v))
    return;
  st = ecsnet_deploy_param(strategy, key, cJSON_IsNumber(v) ? v->valuedouble
                           : (double)NAN, err, sizeof err);
  snprintf(pth, sizeof pth, "%s/%s", path, key);
  if (st != ECSNET_OK)
    finding(c, 0, ECSNET_SEV_ERROR, st == ECSNET_ERANGE ? "PLAN_BAD_COUNT"
            : "PLAN_BAD_FIELD", pth, "%s", err);
}


/* The strategy and its parameters, and the peak (ecsnet_deploy_counts:
** ROLLING at most floor(desired * maximumPercent / 100) tasks; BLUE_GREEN
** a second full revision beside the first during the bake time; LINEAR and
** CANARY planned at the same height, as both revisions run during their
** deployment bake time: docs/reference.md §8.1). */
static void read_deployment(ctx *c, const cJSON *s, ecsnet_plan_service_t *sv,
                            const char *path) {
  const char *st = read_str(c, s, "strategy", path);
  long long maxp = 200, minp = 100;
  ecsnet_deploy_counts_t n;
  int has_max;
  char pth[96];
  sv->strategy = ECSNET_DEPLOY_ROLLING;
  if (st != NULL) {
    char err[ECSNET_ERRBUF_MAX];
    int k = ecsnet_deploy_strategy(st, strlen(st), err, sizeof err);
    if (k >= 0) {
      sv->strategy = k;
    } else {
      snprintf(pth, sizeof pth, "%s/strategy", path);
      finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_FIELD", pth, "%s", err);
    }
  }
  read_strategy_param(c, s, "step_percent", sv->strategy, path);
  read_strategy_param(c, s, "canary_percent", sv->strategy, path);
  has_max = read_count(c, s, "maximum_percent", path, &maxp) == 1;
  if (has_max && sv->strategy == ECSNET_DEPLOY_ROLLING &&
      (maxp < 100 || maxp > 200)) {
    snprintf(pth, sizeof pth, "%s/maximum_percent", path);
    finding(c, 0, ECSNET_SEV_WARNING, "PLAN_MAX_PERCENT", pth,
            "maximumPercent %lld is outside 100..200, the usual range; "
            "the plan uses it as given", maxp);
  }
  if (read_count(c, s, "minimum_healthy_percent", path, &minp) == 1 &&
      minp > 100) {
    snprintf(pth, sizeof pth, "%s/minimum_healthy_percent", path);
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_COUNT", pth,
            "'minimum_healthy_percent' must be from 0 to 100, got %lld", minp);
    minp = 100;
  }
  if (sv->strategy == ECSNET_DEPLOY_ROLLING && minp > maxp) {
    snprintf(pth, sizeof pth, "%s/minimum_healthy_percent", path);
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_COUNT", pth,
            "'minimum_healthy_percent' (%lld) must not be above "
            "'maximum_percent' (%lld)", minp, maxp);
  }
  sv->max_percent = maxp;
  sv->min_healthy = minp;
  if (sv->strategy != ECSNET_DEPLOY_ROLLING && has_max) {
    snprintf(pth, sizeof pth, "%s/maximum_percent", path);
    finding(c, 0, ECSNET_SEV_WARNING, "PLAN_MAX_PERCENT", pth,
            "service '%s' deploys %s: the plan counts a full second "
            "revision (desired x 2) whatever maximumPercent says; how ECS "
            "applies maximumPercent to %s is not verified", sv->name,
            ecsnet_deploy_name(sv->strategy), ecsnet_deploy_name(sv->strategy));
  }
  /* counts and percentages are at most ECSNET_PLAN_MAX_COUNT (10^8) here */
  sv->peak = ecsnet_deploy_counts(sv->strategy, sv->desired, minp, maxp, &n)
             == ECSNET_OK ? n.peak : sv->desired;
}

/* }====================================================================== */


/* Service i of the plan from 's' into c->p->services[i]. */
static void read_service(ctx *c, const cJSON *s, size_t i, ecsnet_os_t os) {
  ecsnet_plan_service_t *sv = &c->p->services[i];
  char path[64], nm[32];
  const char *name;
  long long cnt = 0;
  int r;
  snprintf(path, sizeof path, "/services/%zu", i);
  sv->mode = ECSNET_MODE_AWSVPC;
  sv->cpu = sv->memory = -1;
  sv->per_instance = -1;
  if (!cJSON_IsObject(s)) {
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_FIELD", path,
            "each service must be an object");
    sv->name = "?";
    return;
  }
  name = read_str(c, s, "name", path);
  snprintf(nm, sizeof nm, "service %zu", i + 1);
  sv->name = arena_str(&c->A, name ? name : nm);
  check_keys(c, s, path, SERVICE_KEYS);
  read_taskdef(c, s, sv, path, os);
  read_mode(c, s, sv, path, os);
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
  sv->desired = cnt;
  read_deployment(c, s, sv, path);
}


/* A plan has one fleet of instances: Managed Instances when a service
** runs there, and then every service that is not on Fargate must too. */
static void read_fleet(ctx *c) {
  ecsnet_plan_t *p = c->p;
  size_t i, nmi = 0, nec2 = 0;
  for (i = 0; i < p->nservices; i++) {
    if (p->services[i].managed)
      nmi++;
    else if (!p->services[i].fargate)
      nec2++;
  }
  c->managed = nmi > 0;
  p->managed = c->managed;
  if (nmi > 0 && nec2 > 0)
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_LAUNCH_MIX", "/services",
            "the plan mixes services on Managed Instances with services on "
            "EC2 instances: a plan models one fleet of one instance type; "
            "plan each fleet on its own");
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
    if (i >= n)
      break;
    read_service(c, s, i, os);
    i++;
  }
  p->nservices = i;
  read_fleet(c);
}

/* }====================================================================== */


/* {======================================================================
** The subnets and the VPC
** ======================================================================= */

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


/* Subnet i of the plan from 's' into c->p->subnets[i]; counts the IPv6
** ones it reads (ipv6_pools decides what they are). */
static void read_subnet(ctx *c, const cJSON *s, size_t i,
                        const ecsnet_prefix_t *vpc, size_t nvpc,
                        size_t *nv6) {
  ecsnet_plan_subnet_t *sn = &c->p->subnets[i];
  char path[64], err[ECSNET_ERRBUF_MAX];
  const char *cidr, *az, *role;
  long long ex = 0;
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
    check_keys(c, s, path, SUBNET_KEYS);
  } else {
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_FIELD", path,
            "each subnet must be an object or a CIDR string");
    return;
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
    return;
  }
  sn->cidr = arena_str(&c->A, cidr);
  if (ecsnet_prefix_parse(cidr, strlen(cidr), 0, &sn->prefix, err,
                          sizeof err) != ECSNET_OK) {
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_CIDR", path, "%s", err);
    return;
  }
  if (sn->prefix.family == 6) {
    (*nv6)++;
    if (ecsnet_aws_subnet_warning(&sn->prefix, err, sizeof err))
      finding(c, 0, ECSNET_SEV_WARNING, "PLAN_IPV6_SUBNET_SIZE", path, "%s",
              err);
    sn->ipv6_only = 1;   /* decided once every subnet is read (ipv6_pools) */
    return;
  }
  if (ecsnet_aws_subnet_check(&sn->prefix, nvpc ? vpc : NULL, nvpc, err,
                              sizeof err) != ECSNET_OK) {
    int outside = nvpc && ecsnet_aws_subnet_check(&sn->prefix, NULL, 0,
                                                  NULL, 0) == ECSNET_OK;
    finding(c, 0, ECSNET_SEV_ERROR, outside ? "PLAN_SUBNET_OUTSIDE_VPC"
            : "PLAN_SUBNET_SIZE", path, "%s", err);
    return;
  }
  {
    unsigned long long u;
    ecsnet_prefix_usable_aws(&sn->prefix, &u);
    sn->usable = (long long)u;
  }
  sn->valid = 1;
}


/* Subnets of one VPC must not overlap (§4.1): the later of two is not
** used; the first ten pairs are findings. */
static void check_overlaps(ctx *c) {
  ecsnet_plan_t *p = c->p;
  size_t i, j, overlaps = 0;
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
                  "one VPC must not overlap (docs/reference.md §4.1)",
                  p->subnets[j].cidr, p->subnets[i].cidr, i);
        p->subnets[j].valid = 0;
      }
}


/* IPv6 blocks: in an AZ that has an IPv4 subnet, an IPv6 block is the
** second block of a dual-stack subnet, which the IPv4 count covers; in an AZ
** with none, the subnet is IPv6-only: tasks and instances take IPv6
** addresses there, which do not run out, so ENIs bind instead
** (docs/reference.md §4.2, §8.2). */
static void ipv6_pools(ctx *c) {
  ecsnet_plan_t *p = c->p;
  size_t i, j;
  for (i = 0; i < p->nsubnets; i++) {
    ecsnet_plan_subnet_t *sn = &p->subnets[i];
    int dual = 0;
    char path[64];
    if (!sn->ipv6_only)
      continue;
    for (j = 0; j < p->nsubnets; j++)
      if (p->subnets[j].valid && !p->subnets[j].ipv6_only &&
          strcmp(p->subnets[j].az, sn->az) == 0)
        dual = 1;
    snprintf(path, sizeof path, "/subnets/%zu", i);
    if (dual) {
      sn->ipv6_only = 0;
      finding(c, 0, ECSNET_SEV_INFO, "PLAN_IPV6_SUBNET", path,
              "%s is IPv6 in an AZ with IPv4 subnets: read as the IPv6 block "
              "of a dual-stack subnet, whose IPv4 addresses the plan counts "
              "(docs/reference.md §4.2)", sn->cidr);
      continue;
    }
    sn->valid = 1;
    /* a /96 or smaller (already a warning): 2^(128-len) - 5, like IPv4;
    ** anything larger holds more than a plan places */
    if (sn->prefix.len >= 96) {
      long long n = 1LL << (128 - sn->prefix.len);
      sn->usable = n > 5 ? n - 5 : 0;
    } else {
      sn->usable = ECSNET_PLAN_IPV6_USABLE;
    }
    p->ipv6_only = 1;
    finding(c, 0, ECSNET_SEV_INFO, "PLAN_IPV6_SUBNET", path,
            "%s (%s) is IPv6-only: its tasks and instances take IPv6 "
            "addresses, which do not run out here, so ENIs per instance "
            "bind instead (docs/reference.md §4.2, §8.2)", sn->cidr, sn->az);
  }
}


static void read_subnets(ctx *c, const cJSON *doc, const ecsnet_prefix_t *vpc,
                         size_t nvpc) {
  ecsnet_plan_t *p = c->p;
  const cJSON *l = get(doc, "subnets"), *s;
  size_t n = 0, i = 0, nv6 = 0;
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
    if (i >= n)
      break;
    read_subnet(c, s, i, vpc, nvpc, &nv6);
    i++;
  }
  p->nsubnets = i;
  check_overlaps(c);
  if (nv6 > 0) {
    ipv6_pools(c);
    check_overlaps(c);   /* now between the IPv6-only subnets */
  }
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
      c->vpc_v6_only = 1;   /* told with the subnets (ipv6_readiness) */
  } else {
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_FIELD", "/vpc",
            "'vpc' must be a CIDR or a list of CIDRs (the primary first)");
  }
}

/* }====================================================================== */


/* {======================================================================
** The plan
** ======================================================================= */

/* A copy of row r in the plan's arena: the embedded rows' database is
** freed once the plan is read. NULL when out of memory. */
static const ecsnet_instance_t *keep_row(ctx *c, const ecsnet_instance_t *r) {
  ecsnet_instance_t *k = (ecsnet_instance_t *)arena_calloc(&c->A, 1, sizeof *k);
  if (k == NULL)
    return NULL;
  *k = *r;
  k->name = arena_str(&c->A, r->name);
  k->source = r->source ? arena_str(&c->A, r->source) : NULL;
  k->note = r->note ? arena_str(&c->A, r->note) : NULL;
  k->date = r->date ? arena_str(&c->A, r->date) : NULL;
  k->ecs_date = r->ecs_date ? arena_str(&c->A, r->ecs_date) : NULL;
  k->trunk_basis = r->trunk_basis ? arena_str(&c->A, r->trunk_basis) : NULL;
  return k;
}


/* The instance type: the plan's own 'instance_data' rows first (the data
** file's format or describe-instance-types output, embedded: a plan
** cannot name a file, docs/plan-format.md), then the caller's database,
** then the compiled table. */
static const ecsnet_instance_t *find_type(ctx *c, const cJSON *doc,
                                          const char *itype) {
  const cJSON *v = get(doc, "instance_data");
  const ecsnet_instance_t *r = NULL;
  ecsnet_instdb_t *own;
  char err[ECSNET_ERRBUF_MAX];
  if (v == NULL || cJSON_IsNull(v))
    return ecsnet_instdb_find(c->db, itype, strlen(itype));
  if (!cJSON_IsObject(v) && !cJSON_IsArray(v)) {
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_INSTANCE_DATA", "/instance_data",
            "'instance_data' must hold instance rows (the output of aws ec2 "
            "describe-instance-types, or rows as in data/instance-types.json), "
            "not a file name: a plan cannot read files; give the file to "
            "ecsnet plan --instance-data FILE instead");
    return ecsnet_instdb_find(c->db, itype, strlen(itype));
  }
  own = ecsnet_instdb_new(c->alloc, c->ud);
  if (own == NULL) {
    c->A.failed = 1;
    return NULL;
  }
  if (ecsnet_instdb_load_json(own, v, NULL, err, sizeof err) != ECSNET_OK) {
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_INSTANCE_DATA", "/instance_data",
            "%s", err);
  } else if (ecsnet_instdb_count(own) > 0) {
    r = ecsnet_instdb_find(own, itype, strlen(itype));
    /* a row of the compiled table comes back as itself: keep only the
    ** plan's own rows */
    if (r != NULL && r == ecsnet_instance_find(itype, strlen(itype)))
      r = NULL;
    if (r != NULL)
      r = keep_row(c, r);
  }
  ecsnet_instdb_free(own);
  if (r == NULL && !c->A.failed)
    r = ecsnet_instdb_find(c->db, itype, strlen(itype));
  return r;
}


/* The top level's settings, in the order the findings come. */
static void read_settings(ctx *c, const cJSON *doc, settings *in) {
  ecsnet_plan_t *p = c->p;
  const char *itype, *osname;
  long long extras = 0;
  osname = read_str(c, doc, "os", "");
  if (osname != NULL) {
    if (strcmp(osname, "windows") == 0)
      in->os = ECSNET_OS_WINDOWS;
    else if (strcmp(osname, "linux") != 0)
      finding(c, 0, ECSNET_SEV_ERROR, "PLAN_BAD_FIELD", "/os",
              "'os' must be \"linux\" or \"windows\"");
  }
  itype = read_str(c, doc, "instance_type", "");
  if (itype == NULL)
    itype = read_str(c, doc, "instance", "");
  if (itype == NULL) {
    c->no_instance_type = 1;   /* told once the services are read */
  } else {
    p->instance = find_type(c, doc, itype);
    if (p->instance == NULL && !c->A.failed) {
      char q[ECSNET_ERRBUF_MAX];
      ecsnet_quote(q, sizeof q, itype, strlen(itype));
      finding(c, 0, ECSNET_SEV_ERROR, "PLAN_UNKNOWN_INSTANCE",
              "/instance_type", "unknown instance type %s (give its data: "
              "ecsnet plan --instance-data FILE, the plan's 'instance_data', "
              "or ecsnet.load_instances, e.g. from aws ec2 "
              "describe-instance-types)", q);
    }
  }
  if (read_count(c, doc, "instances", "", &in->given) == 1)
    p->instances_given = in->given;
  if (read_count(c, doc, "extras_per_az", "", &extras) == 1)
    c->extras_per_az = extras;
  in->trunking = read_bool(c, doc, "trunking", "", 0);
  in->after = read_bool(c, doc, "launched_after_opt_in", "", 1);
  in->shared = read_bool(c, doc, "shared_subnet", "", 0);
  c->icpu = read_size(c, doc, "instance_cpu", "");
  c->imem = read_size(c, doc, "instance_memory", "");
}


/* The instances of a plan whose services all run on Fargate: none. A row
** of its own, so that the run needs no case for a missing type. */
static const ecsnet_instance_t FARGATE_ONLY = {
  "none (Fargate)", 0, 0, -1, 0, 0, -1, 0, 0, 0, 0,
  "the plan's services all run on Fargate: no instances", NULL, NULL, NULL,
  ECSNET_TIER_DOCUMENTED, NULL
};


/* The instance type is required unless every service runs on Fargate. */
static void instance_needed(ctx *c) {
  ecsnet_plan_t *p = c->p;
  size_t i, nfg = 0;
  if (!c->no_instance_type)
    return;
  for (i = 0; i < p->nservices; i++)
    nfg += p->services[i].fargate != 0;
  if (p->nservices > 0 && nfg == p->nservices) {
    p->instance = &FARGATE_ONLY;
    c->fargate_only = p->fargate_only = 1;
    return;
  }
  finding(c, 0, ECSNET_SEV_ERROR, "PLAN_NO_INSTANCE", "/instance_type",
          "the plan needs 'instance_type' (e.g. \"c5.large\") unless all "
          "its services run on Fargate");
}


/* An IPv6-only plan's requirements, from AWS's guide ("Using a VPC in
** IPv6-only mode", docs/reference.md §8.2), as findings: what the plan can
** tell (Windows, instances, bridge and host tasks) and what it cannot
** (load balancers, images, endpoints, ECS Exec). */
static void ipv6_readiness(ctx *c, const settings *in) {
  ecsnet_plan_t *p = c->p;
  size_t i, nec2 = 0, nbound = 0, nfg = 0, nv4 = 0;
  for (i = 0; i < p->nsubnets; i++)
    nv4 += p->subnets[i].valid && !p->subnets[i].ipv6_only;
  if (c->vpc_v6_only)
    finding(c, 0, nv4 > 0 ? ECSNET_SEV_ERROR : ECSNET_SEV_INFO,
            "PLAN_IPV6_ONLY", "/vpc", nv4 > 0
            ? "the VPC is given only as IPv6 but the plan has IPv4 subnets: "
              "give its IPv4 CIDR (the primary first) so that they and "
              "secondary CIDRs can be checked"
            : "the VPC is given only as IPv6: its subnets are not checked "
              "against IPv4 blocks");
  if (!p->ipv6_only)
    return;
  for (i = 0; i < p->nservices; i++) {
    const ecsnet_plan_service_t *sv = &p->services[i];
    if (sv->fargate) {
      nfg++;
      continue;
    }
    nec2++;
    if (sv->mode == ECSNET_MODE_BRIDGE || sv->mode == ECSNET_MODE_HOST)
      nbound++;
  }
  if (in->os == ECSNET_OS_WINDOWS)
    finding(c, 0, ECSNET_SEV_ERROR, "PLAN_IPV6_WINDOWS", "/os",
            "IPv6-only subnets: ECS does not run IPv6-only tasks on Windows "
            "(docs/reference.md §8.2)");
  if (nec2 > 0)
    finding(c, 0, ECSNET_SEV_WARNING, "PLAN_IPV6_AGENT", "/subnets",
            "IPv6-only subnets: the container instances need ECS agent "
            "1.99.1 or later (IPv6-only support came in 1.98.0; the "
            "developer guide asks for 1.99.1) (docs/reference.md §8.2)");
  if (nbound > 0)
    finding(c, 0, ECSNET_SEV_WARNING, "PLAN_IPV6_PRIMARY", "/services",
            "IPv6-only subnets: launch the instances with a primary IPv6 "
            "address (--enable-primary-ipv6), or the %zu bridge/host "
            "service%s fail%s to register with load balancers and Cloud Map "
            "(docs/reference.md §8.2)", nbound, nbound == 1 ? "" : "s",
            nbound == 1 ? "s" : "");
  if (nfg > 0)
    finding(c, 0, ECSNET_SEV_INFO, "PLAN_IPV6_FARGATE", "/services",
            "IPv6-only subnets: Fargate runs IPv6-only tasks since 2025-09; "
            "each task takes an IPv6 address and no instance "
            "(docs/reference.md §8.2)");
  finding(c, 0, ECSNET_SEV_INFO, "PLAN_IPV6_READINESS", "/subnets",
          "IPv6-only subnets: load balancers must be dual-stack with IPv6 "
          "target groups (docs/reference.md §8.2)");
  finding(c, 0, ECSNET_SEV_INFO, "PLAN_IPV6_READINESS", "/subnets",
          "IPv6-only subnets: pull images by ECR's dual-stack URIs, and "
          "reach IPv4-only endpoints through DNS64/NAT64 "
          "(docs/reference.md §8.2)");
  finding(c, 0, ECSNET_SEV_INFO, "PLAN_IPV6_READINESS", "/subnets",
          "IPv6-only subnets: ECS Exec is not supported there "
          "(docs/reference.md §8.2)");
}


void ecsnet__plan_read(ctx *c, const cJSON *doc, settings *in) {
  in->os = ECSNET_OS_LINUX;
  in->given = -1;
  in->nvpc = 0;
  check_keys(c, doc, "", TOP_KEYS);
  read_settings(c, doc, in);
  read_vpc(c, doc, in->vpc, &in->nvpc);
  read_services(c, doc, in->os);
  instance_needed(c);
  read_subnets(c, doc, in->vpc, in->nvpc);
  ipv6_readiness(c, in);
}

/* }====================================================================== */
