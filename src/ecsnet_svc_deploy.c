/*
** ecsnet_svc_deploy.c: what a service declares about its deployment and
** where it runs (docs/reference.md §8.1, §8.8), read once for the
** deployment rules (ECS059-ECS062) and for plans read from templates (the
** report's services[].deploy): DesiredCount, DeploymentConfiguration
** (MaximumPercent, MinimumHealthyPercent, Strategy), the Auto Scaling
** groups behind the service's capacity providers (MaxSize,
** DesiredCapacity, the launch template's InstanceType), and the subnets of
** its AwsvpcConfiguration and of those groups (AWS::EC2::Subnet CidrBlock,
** Ipv6CidrBlock, AvailabilityZone). References are resolved through the
** services room (svc_referred); what a template does not declare, or
** declares through a parameter or an import, stays unknown and says why.
** The task counts of a deployment are ecsnet_deploy_counts' (one model).
*/
#include <stdio.h>
#include <stdlib.h>

#include "ecsnet_svc_internal.h"

#define UNKNOWN (-1)
#define ABSENT (-2)

/* A copy in the report of s (a string of the template, freed before the
** report), or NULL. */
static const char *keep(V *v, const char *s) {
  return s ? astrdup(v, s, strlen(s)) : NULL;
}


static const cJSON *prop(const cJSON *o, const char *k) {
  return js_object(o) ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
}


/* A count: a non-negative integer, or a numeric string (CloudFormation
** converts them); ABSENT when missing, UNKNOWN for anything else. */
static long long count_of(const cJSON *n) {
  double d;
  if (n == NULL || js_null(n))
    return ABSENT;
  if (js_number(n))
    d = n->valuedouble;
  else if (js_string(n) && n->valuestring[0] >= '0' &&
           n->valuestring[0] <= '9') {
    char *end;
    d = strtod(n->valuestring, &end);
    if (*end != '\0')
      return UNKNOWN;
  } else
    return UNKNOWN;
  if (!(d >= 0 && d <= (double)ECSNET_DEPLOY_MAX_COUNT) ||
      d != (double)(long long)d)
    return UNKNOWN;
  return (long long)d;
}


/* {======================================================================
** Subnets: AWS::EC2::Subnet CidrBlock (literal, or Fn::Select of Fn::Cidr
** of a literal block or of the VPC's CidrBlock), Ipv6CidrBlock,
** AvailabilityZone (literal, or Fn::Select of Fn::GetAZs)
** ======================================================================= */

/* "a.b.c.d/len" into addr and len; 0 when it is not one. */
static int ipv4_prefix(const char *s, unsigned long *addr, int *len) {
  unsigned a, b, c, d;
  int l;
  char tail;
  if (sscanf(s, "%u.%u.%u.%u/%d%c", &a, &b, &c, &d, &l, &tail) != 5 ||
      a > 255 || b > 255 || c > 255 || d > 255 || l < 0 || l > 32)
    return 0;
  *addr = ((unsigned long)a << 24) | (b << 16) | (c << 8) | d;
  *len = l;
  return 1;
}


/* The IPv4 block n names: a literal, or the CidrBlock of the VPC it
** refers to (Fn::GetAtt [Vpc, CidrBlock]). */
static const char *ipv4_block(const cJSON *resources, const cJSON *n) {
  char name[SVC_NAMELEN];
  const cJSON *vpc;
  if (js_string(n))
    return n->valuestring;
  vpc = svc_referred(resources, n, "AWS::EC2::VPC", name);
  n = prop(vpc, "CidrBlock");
  return js_string(n) ? n->valuestring : NULL;
}


/* {"Fn::Select": [i, {"Fn::Cidr": [block, count, bits]}]}: the i-th
** block of 'bits' host bits, counted from the start of 'block', as text
** into buf; NULL when it is not that or cannot be computed. */
static const char *cidr_select(const cJSON *resources, const cJSON *n,
                               char *buf, size_t len) {
  const cJSON *sel = prop(n, "Fn::Select"), *cidr, *args;
  const char *block;
  long long i, count, bits;
  unsigned long addr, at;
  int plen;
  if (!js_array(sel) || cJSON_GetArraySize(sel) != 2)
    return NULL;
  i = count_of(sel->child);
  cidr = prop(sel->child->next, "Fn::Cidr");
  if (i < 0 || !js_array(cidr) || cJSON_GetArraySize(cidr) != 3)
    return NULL;
  args = cidr->child;
  block = ipv4_block(resources, args);
  count = count_of(args->next);
  bits = count_of(args->next->next);
  if (block == NULL || !ipv4_prefix(block, &addr, &plen) || count < 0 ||
      i >= count || bits < 0 || bits > 32 - plen)
    return NULL;
  if ((unsigned long long)i >= (1ULL << (32 - plen - bits)))
    return NULL;
  at = (addr & (plen == 0 ? 0 : 0xFFFFFFFFUL << (32 - plen))) +
       ((unsigned long)i << bits);
  snprintf(buf, len, "%lu.%lu.%lu.%lu/%d", (at >> 24) & 255, (at >> 16) & 255,
           (at >> 8) & 255, at & 255, (int)(32 - bits));
  return buf;
}


/* The AZ of a subnet: AvailabilityZone (or AvailabilityZoneId) as
** written, "#i" for {"Fn::Select": [i, {"Fn::GetAZs": ...}]}, NULL. */
static const char *subnet_az(V *v, const cJSON *p) {
  const cJSON *az = prop(p, "AvailabilityZone"), *sel;
  if (az == NULL)
    az = prop(p, "AvailabilityZoneId");
  if (js_string(az))
    return keep(v, az->valuestring);
  sel = prop(az, "Fn::Select");
  if (js_array(sel) && cJSON_GetArraySize(sel) == 2 &&
      count_of(sel->child) >= 0 && prop(sel->child->next, "Fn::GetAZs"))
    return astrf(v, "#%lld", count_of(sel->child));
  return NULL;
}


/* One subnet of a list: resolved when the template declares it. */
static void read_subnet(V *v, const cJSON *resources, const cJSON *n,
                        ecsnet_svc_subnet_t *out, const char **why) {
  char name[SVC_NAMELEN], buf[64];
  const cJSON *p = svc_referred(resources, n, "AWS::EC2::Subnet", name), *c;
  memset(out, 0, sizeof *out);
  if (p == NULL) {
    out->id = js_string(n) ? keep(v, n->valuestring)
                           : keep(v, excerpt(n, buf, sizeof buf));
    if (*why == NULL)
      *why = js_string(n)
        ? astrf(v, "subnet %s is an ID, not a subnet of this template", n->valuestring)
        : astrf(v, "a subnet is %s, not a subnet of this template",
                excerpt(n, buf, sizeof buf));
    return;
  }
  out->id = astrdup(v, name, strlen(name));
  c = prop(p, "CidrBlock");
  out->cidr = keep(v, js_string(c) ? c->valuestring
                              : cidr_select(resources, c, buf, sizeof buf));
  c = prop(p, "Ipv6CidrBlock");
  out->ipv6 = js_string(c) ? keep(v, c->valuestring) : NULL;
  out->az = subnet_az(v, p);
  if (out->cidr == NULL && out->ipv6 == NULL && *why == NULL)
    *why = c != NULL || prop(p, "CidrBlock") != NULL
      ? astrf(v, "the CIDR block of subnet %s is not a literal the template "
              "declares", out->id)
      : astrf(v, "subnet %s declares no CIDR block", out->id);
}


/* The CidrBlock of the VPC of the first subnet of the template, or NULL. */
static const char *subnets_vpc(const cJSON *resources,
                               const ecsnet_svc_subnet_t *sn, size_t n) {
  char name[SVC_NAMELEN];
  size_t i;
  for (i = 0; i < n; i++) {
    const cJSON *r = resources ? prop(resources, sn[i].id) : NULL;
    const cJSON *vpc = svc_referred(resources, prop(prop(r, "Properties"), "VpcId"),
                                    "AWS::EC2::VPC", name);
    const cJSON *c = prop(vpc, "CidrBlock");
    if (js_string(c))
      return c->valuestring;
  }
  return NULL;
}


/* The subnets of a list (Subnets, VPCZoneIdentifier) into *out. */
static size_t read_subnets(V *v, const cJSON *resources, const cJSON *list,
                           ecsnet_svc_subnet_t **out, const char **why,
                           const char *what) {
  const cJSON *e;
  size_t n = 0, k = 0;
  char buf[96];
  if (list == NULL || js_null(list)) {
    if (*why == NULL)
      *why = astrf(v, "%s names no subnets", what);
    return 0;
  }
  if (!js_array(list)) {
    if (*why == NULL)
      *why = astrf(v, "the subnets of %s are %s, not a list the template "
                   "declares", what, excerpt(list, buf, sizeof buf));
    return 0;
  }
  for (e = list->child; e != NULL; e = e->next)
    n++;
  *out = (ecsnet_svc_subnet_t *)aalloc(v, (n ? n : 1) * sizeof **out);
  for (e = list->child; e != NULL; e = e->next)
    read_subnet(v, resources, e, &(*out)[k++], why);
  return k;
}

/* }====================================================================== */


/* {======================================================================
** Instances: the Auto Scaling groups behind the capacity providers
** ======================================================================= */

/* The instance type of a group: its launch template's or launch
** configuration's InstanceType; NULL when not a literal of the template. */
static const char *group_type(const cJSON *resources, const cJSON *g) {
  char name[SVC_NAMELEN];
  const cJSON *lt = prop(g, "LaunchTemplate"), *p, *it;
  if (lt != NULL) {
    p = svc_referred(resources, prop(lt, "LaunchTemplateId"),
                     "AWS::EC2::LaunchTemplate", name);
    if (p == NULL)
      p = svc_referred(resources, prop(lt, "LaunchTemplateName"),
                       "AWS::EC2::LaunchTemplate", name);
    it = prop(prop(p, "LaunchTemplateData"), "InstanceType");
  } else {
    p = svc_referred(resources, prop(g, "LaunchConfigurationName"),
                     "AWS::AutoScaling::LaunchConfiguration", name);
    it = prop(p, "InstanceType");
  }
  return js_string(it) ? it->valuestring : NULL;
}


/* Adds group g (logical ID gname) to the service's instances. */
static void add_group(V *v, const cJSON *resources, const char *gname,
                      const cJSON *g, ecsnet_svc_deploy_t *d) {
  long long mx = count_of(prop(g, "MaxSize"));
  long long want = count_of(prop(g, "DesiredCapacity"));
  const char *type = group_type(resources, g);
  if (want == ABSENT)
    want = count_of(prop(g, "MinSize"));   /* a group starts at MinSize */
  if (mx < 0 && d->instances_why == NULL)
    d->instances_why = astrf(v, "the MaxSize of Auto Scaling group %s is "
                             "not a number the template declares", gname);
  d->instances_max = mx < 0 || d->instances_max < 0 ? UNKNOWN
                                                    : d->instances_max + mx;
  d->instances_desired = want < 0 || d->instances_desired < 0
    ? UNKNOWN : d->instances_desired + want;
  if (d->asg == NULL) {
    d->asg = astrdup(v, gname, strlen(gname));
    d->instance_type = keep(v, type);
  } else {
    d->asg = astrf(v, "%s, %s", d->asg, gname);
    if (type == NULL || d->instance_type == NULL ||
        strcmp(type, d->instance_type) != 0)
      d->instance_type = NULL;
  }
  if (type == NULL)
    d->instance_type = NULL;
  if (d->instance_subnets == NULL) {
    const char *why = NULL;
    d->ninstance_subnets = read_subnets(v, resources,
                                        prop(g, "VPCZoneIdentifier"),
                                        &d->instance_subnets, &why,
                                        astrf(v, "Auto Scaling group %s", gname));
  }
}


/* The capacity-provider entries the tasks are placed by: the service's
** CapacityProviderStrategy, else the default strategy of its cluster's
** ClusterCapacityProviderAssociations (when the service gives no
** LaunchType). NULL: none the template shows. */
static const cJSON *strategy_of(V *v, const cJSON *resources,
                                const cJSON *props) {
  int ord;
  const char *key;
  const cJSON *list = member(v, props, "capacityProviderStrategy", &ord, &key);
  const cJSON *cluster, *r;
  char want[SVC_NAMELEN], got[SVC_NAMELEN];
  if (js_array(list) && list->child != NULL)
    return list;
  if (resources == NULL || member(v, props, "launchType", &ord, &key) != NULL)
    return NULL;
  cluster = member(v, props, "cluster", &ord, &key);
  if (svc_referred(resources, cluster, "AWS::ECS::Cluster", want) == NULL)
    return NULL;
  for (r = resources->child; r != NULL; r = r->next) {
    const cJSON *t = prop(r, "Type"), *p = prop(r, "Properties");
    if (!js_string(t) ||
        strcmp(t->valuestring, "AWS::ECS::ClusterCapacityProviderAssociations") != 0 ||
        svc_referred(resources, prop(p, "Cluster"), "AWS::ECS::Cluster", got) == NULL ||
        strcmp(want, got) != 0)
      continue;
    list = prop(p, "DefaultCapacityProviderStrategy");
    return js_array(list) && list->child != NULL ? list : NULL;
  }
  return NULL;
}


/* The groups behind the service's capacity providers, or why not known. */
static void read_instances(V *v, const cJSON *resources, const cJSON *props,
                           unsigned lt, ecsnet_svc_deploy_t *d) {
  const cJSON *list, *e;
  char name[SVC_NAMELEN], gname[SVC_NAMELEN], buf[96];
  d->instances_max = d->instances_desired = 0;
  if (lt == ECSNET_LT_FARGATE) {
    d->instances_max = d->instances_desired = ABSENT;
    return;   /* no instances */
  }
  list = resources ? strategy_of(v, resources, props) : NULL;
  if (list == NULL) {
    d->instances_max = d->instances_desired = UNKNOWN;
    d->instances_why = resources == NULL
      ? "a service document declares no instances"
      : "the service is placed by no capacity provider of the template (its "
        "instances are whatever the cluster has)";
    return;
  }
  for (e = list->child; e != NULL; e = e->next) {
    int ord;
    const char *key;
    const cJSON *cp = member(v, e, "capacityProvider", &ord, &key), *p, *g;
    p = svc_referred(resources, cp, "AWS::ECS::CapacityProvider", name);
    g = svc_referred(resources,
                     prop(prop(p, "AutoScalingGroupProvider"), "AutoScalingGroupArn"),
                     "AWS::AutoScaling::AutoScalingGroup", gname);
    if (g == NULL) {
      d->instances_max = d->instances_desired = UNKNOWN;
      d->instances_why = p == NULL
        ? astrf(v, "capacity provider %s is not one of this template",
                excerpt(cp, buf, sizeof buf))
        : astrf(v, "capacity provider %s is backed by no Auto Scaling group "
                "of this template", name);
      return;
    }
    add_group(v, resources, gname, g, d);
  }
}

/* }====================================================================== */


/* {======================================================================
** The deployment rules (ECS059-ECS062)
** ======================================================================= */

typedef struct {
  const char *name;
  const cJSON *props;
  const ecsnet_svc_deploy_t *d;
  ecsnet_deploy_counts_t n;
  long long maxp, minp;
  int static_ports;            /* per task; 0: none, or not on instances */
  int mode;
} dep;


/* Diagnoses at DeploymentConfiguration (or the Properties without one). */
static void at_config(V *v, const dep *s, ecsnet_rule_id_t id, const char *msg) {
  int ord;
  const char *key = "DeploymentConfiguration";
  if (member(v, s->props, "deploymentConfiguration", &ord, &key) == NULL) {
    diag(v, id, -1, NULL, "%s", msg);
    return;
  }
  push_key(v, key, ord);
  diag(v, id, -1, NULL, "%s", msg);
  pop(v);
}


static const char *instances_text(V *v, const ecsnet_svc_deploy_t *d) {
  return astrf(v, "Auto Scaling group %s holds at most %lld instance%s "
               "(MaxSize)", d->asg, d->instances_max,
               d->instances_max == 1 ? "" : "s");
}


/* ROLLING: a new task needs a free slot unless an old one may stop first. */
static void rolling(V *v, const dep *s) {
  long long desired = s->d->desired, slots;
  int stop_first = s->n.least < desired;
  if (stop_first)
    return;
  if (s->static_ports == 0 || s->n.most <= desired) {
    if (s->n.most <= desired)
      at_config(v, s, ECSNET_RULE_ECS059, astrf(v, "service %s: with "
        "MaximumPercent %lld and MinimumHealthyPercent %lld, ECS may run at "
        "most %lld and must keep all %lld of its tasks, so a rolling "
        "deployment can neither start a new task nor stop an old one; raise "
        "MaximumPercent or lower MinimumHealthyPercent", s->name, s->maxp,
        s->minp, s->n.most, desired));
    return;
  }
  if (s->d->instances_max < 0) {
    at_config(v, s, ECSNET_RULE_ECS061, astrf(v, "service %s: its tasks bind "
      "%d static host port%s, so each runs on an instance of its own; with "
      "MinimumHealthyPercent %lld a rolling deployment starts a new task "
      "before it stops an old one and needs at least %lld instances, one "
      "more than the desired count; %s", s->name, s->static_ports,
      s->static_ports == 1 ? "" : "s", s->minp, desired + 1,
      s->d->instances_why ? s->d->instances_why : "the instances are not known"));
    return;
  }
  slots = s->d->instances_max;
  if (slots > desired)
    return;
  at_config(v, s, ECSNET_RULE_ECS059, astrf(v, "service %s: its tasks bind "
    "%d static host port%s, so each runs on an instance of its own, and %s, "
    "%s its %lld tasks; MinimumHealthyPercent %lld keeps every old task, so "
    "the rolling deployment cannot start a new one (RESOURCE:PORTS) nor stop "
    "an old one and stalls: raise MaxSize to %lld or more, or lower "
    "MinimumHealthyPercent to %lld", s->name, s->static_ports,
    s->static_ports == 1 ? "" : "s", instances_text(v, s->d),
    slots == desired ? "exactly" : "fewer than", desired, s->minp,
    desired + 1, desired > 0 ? 100 * (desired - 1) / desired : 0));
}


/* BLUE_GREEN, LINEAR, CANARY: both revisions at once (§8.1). */
static void second_revision(V *v, const dep *s) {
  const char *name = ecsnet_deploy_name(s->d->strategy);
  const char *basis = s->d->strategy == ECSNET_DEPLOY_BLUE_GREEN
    ? "both revisions run during the bake time"
    : "both revisions are assumed to run at the desired count during the "
      "deployment bake time";
  if (s->static_ports == 0)
    return;
  if (s->d->instances_max < 0) {
    at_config(v, s, ECSNET_RULE_ECS061, astrf(v, "service %s: its tasks bind "
      "%d static host port%s, so each runs on an instance of its own; the %s "
      "deployment needs %lld instances (%s); %s", s->name, s->static_ports,
      s->static_ports == 1 ? "" : "s", name, s->n.peak, basis,
      s->d->instances_why ? s->d->instances_why : "the instances are not known"));
    return;
  }
  if (s->d->instances_max >= s->n.peak)
    return;
  at_config(v, s, ECSNET_RULE_ECS060, astrf(v, "service %s deploys %s: %s, "
    "%lld tasks at the peak, and its tasks bind %d static host port%s, so "
    "each needs an instance of its own, but %s: the new revision cannot be "
    "placed (RESOURCE:PORTS); raise MaxSize to %lld, or use dynamic host "
    "ports", s->name, name, basis, s->n.peak, s->static_ports,
    s->static_ports == 1 ? "" : "s", instances_text(v, s->d), s->n.peak));
}


/* awsvpc: an address per task in the service's subnets (§4.1). */
static void addresses(V *v, const dep *s) {
  const ecsnet_svc_deploy_t *d = s->d;
  long long usable = 0;
  size_t i;
  int ord;
  const char *key = "NetworkConfiguration";
  if (s->mode != ECSNET_MODE_AWSVPC || d->nsubnets == 0 || d->subnets_why)
    return;
  for (i = 0; i < d->nsubnets; i++) {
    unsigned long addr;
    int len;
    size_t j;
    for (j = 0; j < i && strcmp(d->subnets[j].id, d->subnets[i].id) != 0; j++)
      ;
    if (j < i)
      continue;   /* the same subnet named twice holds its addresses once */
    if (d->subnets[i].cidr == NULL ||
        !ipv4_prefix(d->subnets[i].cidr, &addr, &len) || len < 16 || len > 28)
      return;   /* IPv6-only, or a block the plan reports */
    usable += (1LL << (32 - len)) - 5;
  }
  if (s->n.peak <= usable)
    return;
  if (member(v, s->props, "networkConfiguration", &ord, &key) == NULL)
    return;
  push_key(v, key, ord);
  diag(v, ECSNET_RULE_ECS062, -1, NULL, "service %s: its %zu subnet%s "
       "hold%s %lld usable addresses (AWS keeps 5 of each), but %s %lld "
       "tasks%s, each with an address of its own; the tasks beyond cannot "
       "start, and this counts no instance or anything else in those "
       "subnets", s->name, d->nsubnets, d->nsubnets == 1 ? "" : "s",
       d->nsubnets == 1 ? "s" : "", usable,
       s->n.peak == d->desired ? "the service runs"
                               : astrf(v, "its %s deployment runs%s",
                                       ecsnet_deploy_name(d->strategy),
                                       d->strategy == ECSNET_DEPLOY_LINEAR ||
                                       d->strategy == ECSNET_DEPLOY_CANARY
                                         ? " (assumed, docs/reference.md §8.1)"
                                         : ""),
       s->n.peak, s->n.peak == d->desired ? "" : " at its peak");
  pop(v);
}


static void check_deploy(V *v, const char *name, const cJSON *props,
                         const ecsnet_taskdef_t *t, unsigned lt,
                         const ecsnet_svc_deploy_t *d) {
  dep s;
  ecsnet_demand_t dm;
  if (t == NULL || t->unknown || d->daemon || d->desired <= 0 ||
      d->strategy < 0 || d->max_percent == UNKNOWN ||
      d->min_percent == UNKNOWN)
    return;
  memset(&s, 0, sizeof s);
  s.name = name;
  s.props = props;
  s.d = d;
  s.maxp = d->max_percent == ABSENT ? 200 : d->max_percent;
  s.minp = d->min_percent == ABSENT ? 100 : d->min_percent;
  if (s.minp > 100 || ecsnet_deploy_counts(d->strategy, d->desired, s.minp,
                                           s.maxp, &s.n) != ECSNET_OK)
    return;
  ecsnet_taskdef_demand(t, &dm);
  s.mode = dm.mode;
  if (lt != ECSNET_LT_FARGATE && dm.mode != ECSNET_MODE_AWSVPC)
    s.static_ports = dm.static_ports;
  if (d->strategy == ECSNET_DEPLOY_ROLLING)
    rolling(v, &s);
  else
    second_revision(v, &s);
  addresses(v, &s);
}

/* }====================================================================== */


/* The Default of the template parameter n refers to ({"Ref": P}): the
** Parameters object is a sibling of Resources in the template. */
static const cJSON *param_default(const cJSON *resources, const cJSON *n,
                                  const char **name) {
  const cJSON *ref = prop(n, "Ref"), *p;
  if (resources == NULL || !js_string(ref) || n->child->next != NULL)
    return NULL;
  for (p = resources->prev; p != NULL && p != resources; p = p->prev)
    if (p->string != NULL && strcmp(p->string, "Parameters") == 0)
      break;
  if (p == NULL || p == resources)
    for (p = resources->next; p != NULL; p = p->next)
      if (p->string != NULL && strcmp(p->string, "Parameters") == 0)
        break;
  p = prop(p, ref->valuestring);
  *name = ref->valuestring;
  return prop(p, "Default");
}


/* DesiredCount, SchedulingStrategy and DeploymentConfiguration. */
static void read_config(V *v, const cJSON *resources, const cJSON *props,
                        ecsnet_svc_deploy_t *d) {
  int ord;
  const char *key;
  const cJSON *dc = member(v, props, "deploymentConfiguration", &ord, &key);
  const cJSON *st = member(v, props, "schedulingStrategy", &ord, &key);
  const cJSON *strategy;
  const cJSON *dn = member(v, props, "desiredCount", &ord, &key);
  d->desired = count_of(dn);
  d->desired_default = UNKNOWN;
  if (d->desired == UNKNOWN && v->cfn) {
    const char *pname = NULL;
    d->desired_default = count_of(param_default(v->cfn ? resources : NULL, dn, &pname));
    if (d->desired_default < 0)
      d->desired_default = UNKNOWN;
    else
      d->desired_param = keep(v, pname);
  }
  d->daemon = js_string(st) && strcmp(st->valuestring, "DAEMON") == 0;
  d->max_percent = d->min_percent = ABSENT;
  d->strategy = ECSNET_DEPLOY_ROLLING;
  if (dc == NULL || js_null(dc))
    return;
  if (!js_object(dc)) {
    d->max_percent = d->min_percent = UNKNOWN;
    d->strategy = -1;
    return;
  }
  d->max_percent = count_of(member(v, dc, "maximumPercent", &ord, &key));
  d->min_percent = count_of(member(v, dc, "minimumHealthyPercent", &ord, &key));
  strategy = member(v, dc, "strategy", &ord, &key);
  if (js_string(strategy)) {
    char err[ECSNET_ERRBUF_MAX];
    d->strategy = ecsnet_deploy_strategy(strategy->valuestring,
                                         strlen(strategy->valuestring),
                                         err, sizeof err);
  } else if (strategy != NULL && !js_null(strategy))
    d->strategy = -1;
}


void svc_deploy(V *v, const cJSON *resources, const char *name,
                const cJSON *props, const ecsnet_taskdef_t *t, unsigned lt,
                ecsnet_svc_deploy_t *out) {
  int ord;
  const char *key;
  const cJSON *nc = member(v, props, "networkConfiguration", &ord, &key);
  const cJSON *awsvpc = js_object(nc)
    ? member(v, nc, "awsvpcConfiguration", &ord, &key) : NULL;
  memset(out, 0, sizeof *out);
  read_config(v, resources, props, out);
  read_instances(v, resources, props, lt, out);
  if (awsvpc != NULL)
    out->nsubnets = read_subnets(v, resources,
                                 member(v, awsvpc, "subnets", &ord, &key),
                                 &out->subnets, &out->subnets_why,
                                 astrf(v, "service %s", name));
  out->vpc = subnets_vpc(resources, out->subnets, out->nsubnets);
  if (out->vpc == NULL)
    out->vpc = subnets_vpc(resources, out->instance_subnets,
                           out->ninstance_subnets);
  out->vpc = keep(v, out->vpc);
  check_deploy(v, name, props, t, lt, out);
}
