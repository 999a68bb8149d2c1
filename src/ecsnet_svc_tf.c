/*
** ecsnet_svc_tf.c: the aws_ecs_service resources of a Terraform plan or
** state (terraform show -json; docs/reference.md §8.7), checked by the
** service rules of ecsnet_svc.c (ECS036-ECS050).
**
** The rules read CloudFormation's dialect. So each service, and each
** target group, capacity provider and Cloud Map service of the plan, is
** presented to them as a resource of a small CloudFormation template made
** here: Terraform's snake_case block lists become the PascalCase objects
** and lists the rules read (one table per resource type, below), a link
** made through the configuration's references ("aws_lb_target_group.api.
** arn") or through a known value (an ARN, a name) becomes {"Ref": address},
** and a value known only after apply (after_unknown) becomes a value the
** rules take as unknown. Every node made remembers the place in the plan
** it came from, and each diagnostic of the rules is moved there afterwards
** (pointer and ordinal path, hence line:column), its message saying
** Terraform's names instead of CloudFormation's.
*/
#include <stdio.h>
#include <stdlib.h>

#include "ecsnet_td_internal.h"

/* The rules take a name's first dot as the end of a logical ID
** ("Web.Arn"): in the names of the template made, a dot of an address is
** this character, and a dot again in the messages. */
#define DOT '\x1f'

/* What an unknown value becomes: a string the rules take as unknown
** (is_unknown: "${"), and which says why in their infos. */
#define AFTER_APPLY "${known after apply}"


/* {======================================================================
** How Terraform's attributes map onto CloudFormation's properties
** ======================================================================= */

enum {
  T_VAL,     /* a scalar, copied */
  T_LIST,    /* a list of scalars */
  T_BLOCK,   /* a block (a list of one object): an object */
  T_BLOCKS,  /* blocks: a list of objects */
  T_FLAT,    /* a block whose attributes go into the parent */
  T_AWSVPC,  /* network_configuration: {AwsvpcConfiguration: {...}} */
  T_PUBIP,   /* true/false: "ENABLED"/"DISABLED" */
  T_REF      /* a link to another resource of the plan */
};

/* Resource kinds of the plan, as the rules know them. */
enum { K_SERVICE, K_TASKDEF, K_TG, K_CP, K_SD, K_COUNT };

typedef struct tf_field {
  const char *tf, *cfn;
  int kind;
  const struct tf_field *sub;   /* blocks: their attributes */
  int ref;                      /* T_REF: the K_* referred to */
} tf_field;

#define END { NULL, NULL, 0, NULL, 0 }

static const tf_field f_awsvpc[] = {
  { "subnets", "Subnets", T_LIST, NULL, 0 },
  { "security_groups", "SecurityGroups", T_LIST, NULL, 0 },
  { "assign_public_ip", "AssignPublicIp", T_PUBIP, NULL, 0 },
  END
};
static const tf_field f_lb[] = {
  { "target_group_arn", "TargetGroupArn", T_REF, NULL, K_TG },
  { "container_name", "ContainerName", T_VAL, NULL, 0 },
  { "container_port", "ContainerPort", T_VAL, NULL, 0 },
  { "elb_name", "LoadBalancerName", T_VAL, NULL, 0 },
  END
};
static const tf_field f_strategy[] = {
  { "capacity_provider", "CapacityProvider", T_REF, NULL, K_CP },
  { "weight", "Weight", T_VAL, NULL, 0 },
  { "base", "Base", T_VAL, NULL, 0 },
  END
};
static const tf_field f_registry[] = {
  { "registry_arn", "RegistryArn", T_REF, NULL, K_SD },
  { "port", "Port", T_VAL, NULL, 0 },
  { "container_name", "ContainerName", T_VAL, NULL, 0 },
  { "container_port", "ContainerPort", T_VAL, NULL, 0 },
  END
};
static const tf_field f_alias[] = {
  { "port", "Port", T_VAL, NULL, 0 },
  { "dns_name", "DnsName", T_VAL, NULL, 0 },
  END
};
static const tf_field f_timeout[] = {
  { "idle_timeout_seconds", "IdleTimeoutSeconds", T_VAL, NULL, 0 },
  { "per_request_timeout_seconds", "PerRequestTimeoutSeconds", T_VAL, NULL,
    0 },
  END
};
static const tf_field f_sc_service[] = {
  { "port_name", "PortName", T_VAL, NULL, 0 },
  { "discovery_name", "DiscoveryName", T_VAL, NULL, 0 },
  { "ingress_port_override", "IngressPortOverride", T_VAL, NULL, 0 },
  { "client_alias", "ClientAliases", T_BLOCKS, f_alias, 0 },
  { "timeout", "Timeout", T_BLOCK, f_timeout, 0 },
  END
};
static const tf_field f_sc[] = {
  { "enabled", "Enabled", T_VAL, NULL, 0 },
  { "namespace", "Namespace", T_VAL, NULL, 0 },
  { "service", "Services", T_BLOCKS, f_sc_service, 0 },
  END
};
static const tf_field f_lattice[] = {
  { "port_name", "PortName", T_VAL, NULL, 0 },
  { "target_group_arn", "TargetGroupArn", T_VAL, NULL, 0 },
  { "role_arn", "RoleArn", T_VAL, NULL, 0 },
  END
};
static const tf_field f_breaker[] = {
  { "enable", "Enable", T_VAL, NULL, 0 },
  { "rollback", "Rollback", T_VAL, NULL, 0 },
  END
};
static const tf_field f_controller[] = {
  { "type", "Type", T_VAL, NULL, 0 },
  END
};
/* deployment_* of the service: CloudFormation's DeploymentConfiguration */
static const tf_field f_deployment[] = {
  { "deployment_maximum_percent", "MaximumPercent", T_VAL, NULL, 0 },
  { "deployment_minimum_healthy_percent", "MinimumHealthyPercent", T_VAL,
    NULL, 0 },
  { "deployment_circuit_breaker", "DeploymentCircuitBreaker", T_BLOCK,
    f_breaker, 0 },
  END
};
static const tf_field f_service[] = {
  { "launch_type", "LaunchType", T_VAL, NULL, 0 },
  { "desired_count", "DesiredCount", T_VAL, NULL, 0 },
  { "scheduling_strategy", "SchedulingStrategy", T_VAL, NULL, 0 },
  { "platform_version", "PlatformVersion", T_VAL, NULL, 0 },
  { "health_check_grace_period_seconds", "HealthCheckGracePeriodSeconds",
    T_VAL, NULL, 0 },
  { "network_configuration", "NetworkConfiguration", T_AWSVPC, f_awsvpc, 0 },
  { "load_balancer", "LoadBalancers", T_BLOCKS, f_lb, 0 },
  { "capacity_provider_strategy", "CapacityProviderStrategy", T_BLOCKS,
    f_strategy, 0 },
  { "service_registries", "ServiceRegistries", T_BLOCKS, f_registry, 0 },
  { "service_connect_configuration", "ServiceConnectConfiguration", T_BLOCK,
    f_sc, 0 },
  { "vpc_lattice_configurations", "VpcLatticeConfigurations", T_BLOCKS,
    f_lattice, 0 },
  { "deployment_controller", "DeploymentController", T_BLOCK, f_controller,
    0 },
  END
};
static const tf_field f_health[] = {
  { "port", "HealthCheckPort", T_VAL, NULL, 0 },
  END
};
static const tf_field f_tg[] = {
  { "target_type", "TargetType", T_VAL, NULL, 0 },
  { "protocol", "Protocol", T_VAL, NULL, 0 },
  { "port", "Port", T_VAL, NULL, 0 },
  { "health_check", "HealthCheck", T_FLAT, f_health, 0 },
  END
};
static const tf_field f_asg[] = { END };
static const tf_field f_cp[] = {
  { "auto_scaling_group_provider", "AutoScalingGroupProvider", T_BLOCK,
    f_asg, 0 },
  { "managed_instances_provider", "ManagedInstancesProvider", T_BLOCK,
    f_asg, 0 },
  END
};
static const tf_field f_record[] = {
  { "type", "Type", T_VAL, NULL, 0 },
  END
};
static const tf_field f_dns[] = {
  { "dns_records", "DnsRecords", T_BLOCKS, f_record, 0 },
  END
};
static const tf_field f_sd[] = {
  { "dns_config", "DnsConfig", T_BLOCK, f_dns, 0 },
  END
};

/* The resource types of each kind, the CloudFormation type presented,
** and the table of its attributes. */
static const struct {
  const char *tf[3];
  const char *cfn;
  const tf_field *fields;
} kinds[K_COUNT] = {
  { { "aws_ecs_service", NULL, NULL }, "AWS::ECS::Service", f_service },
  { { "aws_ecs_task_definition", NULL, NULL }, "AWS::ECS::TaskDefinition",
    NULL },
  { { "aws_lb_target_group", "aws_alb_target_group", NULL },
    "AWS::ElasticLoadBalancingV2::TargetGroup", f_tg },
  { { "aws_ecs_capacity_provider", NULL, NULL }, "AWS::ECS::CapacityProvider",
    f_cp },
  { { "aws_service_discovery_service", NULL, NULL },
    "AWS::ServiceDiscovery::Service", f_sd },
};

/* CloudFormation's names in the rules' messages, and what a Terraform
** user writes instead (the longer first: they are tried in order). */
static const char *const renames[][2] = {
  { "NetworkConfiguration.AwsvpcConfiguration", "network_configuration" },
  { "AssignPublicIp to DISABLED", "assign_public_ip to false" },
  { "an AwsvpcConfiguration", "a network_configuration block" },
  { "AwsvpcConfiguration", "network_configuration" },
  { "HealthCheckPort", "health_check.port" },
  { "TargetType", "target_type" },
  { "networkMode", "network_mode" },   /* of aws_ecs_task_definition */
  { "requiresCompatibilities", "requires_compatibilities" },
};

/* }====================================================================== */


/* {======================================================================
** The plan's resources
** ======================================================================= */

typedef struct {
  const char *address;    /* "module.app.aws_ecs_service.web[0]" */
  char *name;             /* the address with DOT for each dot */
  size_t prefix;          /* the length of its module part ("module.app.") */
  int kind;               /* K_* */
  const cJSON *values, *unknown, *expr;   /* unknown, expr: or NULL */
  const char *rptr;       /* the resource's pointer */
  seg segs[MAXDEPTH];     /* the path of its values */
  int depth;
  int taskdef;            /* K_TASKDEF: the report's index, or -1 */
  int syn_ord;            /* its ordinal in the made Resources, or -1 */
} tfr;

/* A node made, and the place in the plan it stands for. */
typedef struct {
  const cJSON *syn;
  const char *ptr;
  int nord;
  int ord[MAXDEPTH];
} tfmap;

typedef struct {
  V *v;
  tfr *res;
  size_t nres, cres;
  tfmap *map;
  size_t nmap, cmap;
  size_t *slots;          /* 1 + the map's index of a node, by its hash */
  size_t nslots;          /* 2 * cmap, a power of two */
  const cJSON *config;    /* configuration.root_module, or NULL */
  cJSON *root;            /* the template made: {"Resources": {...}} */
  cJSON *resources;
  int nsyn;
} tfs;


static const cJSON *item(const cJSON *obj, const char *name) {
  return js_object(obj) ? cJSON_GetObjectItemCaseSensitive(obj, name) : NULL;
}


static int kind_of(const cJSON *r) {
  const cJSON *type = item(r, "type"), *mode = item(r, "mode");
  int k, i;
  if (!js_string(type) || (js_string(mode) &&
                           strcmp(mode->valuestring, "data") == 0))
    return -1;
  for (k = 0; k < K_COUNT; k++)
    for (i = 0; i < 3 && kinds[k].tf[i] != NULL; i++)
      if (strcmp(type->valuestring, kinds[k].tf[i]) == 0)
        return k;
  return -1;
}


/* The configuration module of module_address ("module.a[0].module.b"). */
static const cJSON *config_module(const tfs *s, const char *maddr) {
  const cJSON *m = s->config;
  while (m != NULL && maddr != NULL && strncmp(maddr, "module.", 7) == 0) {
    char name[256];
    size_t n;
    maddr += 7;
    n = strcspn(maddr, ".[");
    if (n >= sizeof name)
      return NULL;
    memcpy(name, maddr, n);
    name[n] = '\0';
    m = item(item(item(m, "module_calls"), name), "module");
    maddr += n;
    if (*maddr == '[')
      maddr += strcspn(maddr, "]") + (maddr[strcspn(maddr, "]")] ? 1 : 0);
    if (*maddr == '.')
      maddr++;
  }
  return m;
}


/* The expressions of resource r (of type and name) in its module. */
static const cJSON *config_expr(const tfs *s, const cJSON *r,
                                const char *maddr) {
  const cJSON *m = config_module(s, maddr), *c;
  const cJSON *type = item(r, "type"), *name = item(r, "name");
  if (!js_string(type) || !js_string(name))
    return NULL;
  m = item(m, "resources");
  for (c = js_array(m) ? m->child : NULL; c != NULL; c = c->next) {
    const cJSON *t = item(c, "type"), *n = item(c, "name"), *mode =
                     item(c, "mode");
    if (js_string(t) && js_string(n) &&
        strcmp(t->valuestring, type->valuestring) == 0 &&
        strcmp(n->valuestring, name->valuestring) == 0 &&
        !(js_string(mode) && strcmp(mode->valuestring, "data") == 0))
      return item(c, "expressions");
  }
  return NULL;
}




/* The report's task definition read from the values at 'ptr'. */
static int taskdef_at(const V *v, const char *ptr) {
  size_t i;
  for (i = 0; i < v->r->pub.ntaskdefs; i++)
    if (v->r->pub.taskdefs[i].pointer != NULL &&
        strcmp(v->r->pub.taskdefs[i].pointer, ptr) == 0)
      return (int)i;
  return -1;
}


/* Records resource r of kind k at address a in module maddr: its values
** at member vkey (ordinal vord) of the object the walk is at, the
** resource's own pointer rptr. */
static void add_resource(tfs *s, const cJSON *r, int k, const cJSON *values,
                         const cJSON *unknown, const char *vkey, int vord,
                         const char *a, const char *maddr, const char *rptr) {
  V *v = s->v;
  tfr *t;
  size_t ml = maddr != NULL ? strlen(maddr) : 0;
  if (s->nres == s->cres) {
    size_t nc = s->cres ? s->cres * 2 : 8;
    tfr *nr = (tfr *)aalloc(v, nc * sizeof *nr);
    if (s->nres)
      memcpy(nr, s->res, s->nres * sizeof *nr);
    s->res = nr;
    s->cres = nc;
  }
  t = &s->res[s->nres++];
  memset(t, 0, sizeof *t);
  t->address = astrdup(v, a, strlen(a));
  t->name = astrdup(v, a, strlen(a));
  for (ml = 0; t->name[ml] != '\0'; ml++)
    if (t->name[ml] == '.')
      t->name[ml] = DOT;
  ml = maddr != NULL ? strlen(maddr) : 0;
  t->prefix = ml > 0 && strncmp(a, maddr, ml) == 0 && a[ml] == '.' ? ml + 1
                                                                   : 0;
  t->kind = k;
  t->values = values;
  t->unknown = js_object(unknown) ? unknown : NULL;
  t->expr = s->config ? config_expr(s, r, maddr) : NULL;
  t->rptr = rptr;
  push_key(v, vkey, vord);
  t->depth = v->depth;
  memcpy(t->segs, v->segs, sizeof t->segs);
  pop(v);
  t->taskdef = -1;
  t->syn_ord = -1;
}


/* tf_walk's visitor: each resource of interest, at the walk's path. */
static void collect_one(V *v, const tf_res_t *res, void *ctx) {
  tfs *s = (tfs *)ctx;
  int kd = kind_of(res->r);
  const char *rptr;
  if (kd < 0)
    return;
  rptr = here(v);
  if (res->change_ord >= 0)
    push_key(v, "change", res->change_ord);
  add_resource(s, res->r, kd, res->values, tf_after_unknown(res), res->vkey,
               res->vord, res->address, res->maddr, rptr);
  if (res->change_ord >= 0)
    pop(v);
}

/* }====================================================================== */


/* {======================================================================
** Links: configuration references, known values
** ======================================================================= */

/* The number of resources of 'kind' at base address 'base' (its
** instances: "base[...]"), and whether each has an instance of the base
** address of 'from' (its first fl bytes) with the same key. */
static int instances(const tfs *s, const char *base, size_t bl, int kind,
                     const tfr *from, size_t fl, int *paired) {
  size_t i, j;
  int n = 0;
  *paired = 1;
  for (i = 0; i < s->nres; i++) {
    const tfr *t = &s->res[i];
    int found = 0;
    if (t->kind != kind || strncmp(t->address, base, bl) != 0 ||
        t->address[bl] != '[')
      continue;
    n++;
    for (j = 0; j < s->nres && !found; j++)
      found = s->res[j].kind == from->kind &&
              strncmp(s->res[j].address, from->address, fl) == 0 &&
              strcmp(s->res[j].address + fl, t->address + bl) == 0;
    *paired &= found;
  }
  return n;
}


/* The resource of 'kind' in from's module whose address is from's module
** part followed by ref's "type.name" (and index, when ref gives one).
** Without an index: the one instance; or, when the expression indexes by
** count.index or each.key ('own') and the two resources have the same
** instance keys, the instance of from's own key. */
static tfr *by_reference(tfs *s, const tfr *from, const char *ref, int kind,
                         int own) {
  char want[512];
  size_t n, i, base, fl;
  const char *idx = strrchr(from->address, '[');
  tfr *one = NULL;
  int count = 0, paired, self;
  if (strncmp(ref, "module.", 7) == 0 || strncmp(ref, "var.", 4) == 0 ||
      strncmp(ref, "local.", 6) == 0 || strncmp(ref, "data.", 5) == 0)
    return NULL;
  n = strcspn(ref, ".");                   /* type */
  if (ref[n] != '.')
    return NULL;
  n += 1 + strcspn(ref + n + 1, ".[");     /* .name */
  if (ref[n] == '[')
    n += strcspn(ref + n, "]") + (ref[n + strcspn(ref + n, "]")] ? 1 : 0);
  if (from->prefix + n >= sizeof want)
    return NULL;
  memcpy(want, from->address, from->prefix);
  memcpy(want + from->prefix, ref, n);
  want[from->prefix + n] = '\0';
  base = strlen(want);
  for (i = 0; i < s->nres; i++) {
    tfr *t = &s->res[i];
    if (t->kind != kind || strncmp(t->address, want, base) != 0)
      continue;
    if (t->address[base] == '\0')
      return t;
    if (t->address[base] == '[' && want[base - 1] != ']') {
      one = t;
      count++;
    }
  }
  if (count == 1)
    return one;
  if (count < 2 || !own || idx == NULL || base + strlen(idx) >= sizeof want)
    return NULL;
  fl = (size_t)(idx - from->address);
  if (instances(s, want, base, kind, from, fl, &paired) !=
      instances(s, from->address, fl, from->kind, from, fl, &self) || !paired)
    return NULL;
  strcpy(want + base, idx);
  for (i = 0; i < s->nres; i++)
    if (s->res[i].kind == kind && strcmp(s->res[i].address, want) == 0)
      return &s->res[i];
  return NULL;
}


/* The expression that sets input variable 'var' (its name: n bytes) of
** the module that 'from' is in: in the module call of the parent module;
** the length of the parent's part of from's address in *parent. NULL: at
** the root, or not set there. */
static const cJSON *module_input(const tfs *s, const tfr *from,
                                 const char *var, size_t n, size_t *parent) {
  char maddr[512], call[256], name[256];
  size_t p = from->prefix, cl;
  const char *a = from->address;
  if (p < 8 || p >= sizeof maddr || n >= sizeof name)
    return NULL;
  for (p -= 8; p > 0 && !(a[p - 1] == '.' && strncmp(a + p, "module.", 7) ==
                          0); p--)
    ;   /* the last "module." of the module part */
  if (strncmp(a + p, "module.", 7) != 0)
    return NULL;
  cl = strcspn(a + p + 7, ".[");
  if (cl >= sizeof call)
    return NULL;
  memcpy(call, a + p + 7, cl);
  call[cl] = '\0';
  memcpy(name, var, n);
  name[n] = '\0';
  memcpy(maddr, a, p > 0 ? p - 1 : 0);   /* the parent, without its dot */
  maddr[p > 0 ? p - 1 : 0] = '\0';
  *parent = p;
  return item(item(item(item(config_module(s, p > 0 ? maddr : NULL),
                                   "module_calls"), call), "expressions"),
              name);
}


/* The resource an expression {"references": [...]} refers to, in from's
** module; a reference to an input variable ("var.tg_arn") is followed to
** the module call that sets it ('nested': there, count.index and each.key
** are the module's, not the resource's). */
static tfr *referred_by(tfs *s, const tfr *from, const cJSON *expr,
                        int kind, int nested) {
  const cJSON *refs = item(expr, "references"), *r;
  int own = 0;
  for (r = js_array(refs) ? refs->child : NULL; r != NULL; r = r->next)
    own |= !nested && js_string(r) &&
           (strcmp(r->valuestring, "count.index") == 0 ||
            strcmp(r->valuestring, "each.key") == 0);
  for (r = js_array(refs) ? refs->child : NULL; r != NULL; r = r->next) {
    tfr *t = NULL;
    if (js_string(r) && strncmp(r->valuestring, "var.", 4) == 0) {
      size_t parent = 0, n = strcspn(r->valuestring + 4, ".[");
      const cJSON *in = module_input(s, from, r->valuestring + 4, n, &parent);
      if (in != NULL) {
        tfr up = *from;
        up.prefix = parent;
        t = referred_by(s, &up, in, kind, 1);
      }
    }
    else if (js_string(r))
      t = by_reference(s, from, r->valuestring, kind, own);
    if (t != NULL)
      return t;
  }
  return NULL;
}


static int attr_is(const cJSON *values, const char *attr, const char *s) {
  const cJSON *a = item(values, attr);
  return js_string(a) && a->valuestring[0] != '\0' &&
         strcmp(a->valuestring, s) == 0;
}


/* Is val "family:revision" of the task definition values tv? */
static int family_revision(const cJSON *tv, const char *val) {
  const cJSON *fam = item(tv, "family"), *rev = item(tv, "revision");
  size_t fl;
  char *end;
  if (!js_string(fam) || !js_number(rev))
    return 0;
  fl = strlen(fam->valuestring);
  return strncmp(val, fam->valuestring, fl) == 0 && val[fl] == ':' &&
         strtod(val + fl + 1, &end) == rev->valuedouble && *end == '\0' &&
         end != val + fl + 1;
}


/* The resource of 'kind' whose ARN (or id; a capacity provider's name)
** is the known value 'val'; for a task definition also "family:revision",
** and its family alone when one task definition of the plan has it. */
static tfr *by_value(tfs *s, const char *val, int kind) {
  size_t i;
  tfr *fam = NULL;
  int nfam = 0;
  for (i = 0; i < s->nres; i++) {
    tfr *t = &s->res[i];
    if (t->kind != kind)
      continue;
    if (attr_is(t->values, "arn", val) || attr_is(t->values, "id", val) ||
        (kind == K_CP && attr_is(t->values, "name", val)) ||
        (kind == K_TASKDEF && family_revision(t->values, val)))
      return t;
    if (kind == K_TASKDEF && attr_is(t->values, "family", val)) {
      fam = t;
      nfam++;
    }
  }
  return nfam == 1 ? fam : NULL;
}

/* }====================================================================== */


/* {======================================================================
** Making the template
** ======================================================================= */

static cJSON *made(tfs *s, cJSON *n) {
  if (n == NULL)
    OOM(s->v);
  return n;
}


static size_t slot_hash(const cJSON *syn, size_t nslots) {
  return (size_t)(((unsigned long long)(size_t)syn >> 4) *
                  0x9E3779B97F4A7C15ULL >> 20) & (nslots - 1);
}


static void slot_put(tfs *s, size_t i) {
  size_t h = slot_hash(s->map[i].syn, s->nslots);
  while (s->slots[h] != 0)
    h = (h + 1) & (s->nslots - 1);
  s->slots[h] = i + 1;
}


/* Records that node 'syn' stands for the place the walk is at (the map
** and its hash table, grown together). */
static void map_here(tfs *s, const cJSON *syn) {
  V *v = s->v;
  tfmap *m;
  int i, n = v->depth < MAXDEPTH ? v->depth : MAXDEPTH;
  if (s->nmap == s->cmap) {
    size_t nc = s->cmap ? s->cmap * 2 : 32, k;
    tfmap *nm = (tfmap *)aalloc(v, nc * sizeof *nm);
    if (s->nmap)
      memcpy(nm, s->map, s->nmap * sizeof *nm);
    s->map = nm;
    s->cmap = nc;
    s->nslots = 2 * nc;
    s->slots = (size_t *)aalloc(v, s->nslots * sizeof *s->slots);
    memset(s->slots, 0, s->nslots * sizeof *s->slots);
    for (k = 0; k < s->nmap; k++)
      slot_put(s, k);
  }
  m = &s->map[s->nmap];
  m->syn = syn;
  m->ptr = here(v);
  m->nord = n;
  for (i = 0; i < n; i++)
    m->ord[i] = v->segs[i].ord;
  slot_put(s, s->nmap++);
}


/* Adds the node made n to obj (at key, for an object), standing for the
** place the walk is at. */
static cJSON *add(tfs *s, cJSON *obj, const char *key, cJSON *n) {
  made(s, n);
  if (!(js_array(obj) ? cJSON_AddItemToArray(obj, n)
                      : cJSON_AddItemToObject(obj, key, n))) {
    cJSON_Delete(n);
    OOM(s->v);
  }
  map_here(s, n);
  return n;
}


/* The made resource of t ({"Type": ..., "Properties": {...}}), made on
** first use; its ordinal in Resources in t->syn_ord. */
static void make_resource(tfs *s, tfr *t);


static cJSON *ref_to(tfs *s, tfr *t) {
  cJSON *ref;
  make_resource(s, t);
  ref = made(s, cJSON_CreateObject());
  if (cJSON_AddStringToObject(ref, "Ref", t->name) == NULL) {
    cJSON_Delete(ref);
    OOM(s->v);
  }
  return ref;
}


/* Of a list of expression blocks, the one that stands for the values
** block 'blk': the only one, or the one whose constant values agree with
** blk's (sets are ordered otherwise in the values). NULL: not known. */
static const cJSON *expr_block(const cJSON *exprs, const cJSON *blk,
                               int nblocks) {
  const cJSON *e, *found = NULL;
  if (!js_array(exprs))
    return NULL;
  if (nblocks == 1 && cJSON_GetArraySize(exprs) == 1)
    return exprs->child;
  for (e = exprs->child; e != NULL; e = e->next) {
    const cJSON *a;
    int agree = 1, some = 0;
    for (a = js_object(e) ? e->child : NULL; a != NULL && agree; a = a->next) {
      const cJSON *cv = item(a, "constant_value"),
                  *bv = a->string ? item(blk, a->string) : NULL;
      if (cv == NULL || bv == NULL || js_array(cv) || js_object(cv))
        continue;
      some = 1;
      agree = cJSON_Compare(cv, bv, 1);
    }
    if (agree && some) {
      if (found != NULL)
        return NULL;   /* two agree: not known */
      found = e;
    }
  }
  return found;
}


static void make_object(tfs *s, const tfr *t, const tf_field *fields,
                        const cJSON *obj, const cJSON *u, const cJSON *expr,
                        cJSON *out);


/* One block of the values (the walk at it) as an object into out. */
static cJSON *make_block(tfs *s, const tfr *t, const tf_field *f,
                         cJSON *out, const char *key, const cJSON *blk,
                         const cJSON *u, const cJSON *expr) {
  cJSON *o = add(s, out, key, cJSON_CreateObject());
  make_object(s, t, f->sub, blk, u, expr, o);
  return o;
}


/* A link (T_REF): through the configuration's references, else by its
** known value; a known value that links to nothing of the plan (an ARN
** given as text) is kept. */
static void make_ref(tfs *s, const tfr *t, const tf_field *f, cJSON *out,
                     const cJSON *val, const cJSON *expr) {
  tfr *to = referred_by(s, t, expr, f->ref, 0);
  if (to == NULL && js_string(val))
    to = by_value(s, val->valuestring, f->ref);
  if (to != NULL)
    add(s, out, f->cfn, ref_to(s, to));
  else if (js_string(val) || js_number(val))
    add(s, out, f->cfn, cJSON_Duplicate(val, 0));
  else
    add(s, out, f->cfn, cJSON_CreateString(AFTER_APPLY));
}


/* One attribute of the values (present: the walk at it). */
static void make_attr(tfs *s, const tfr *t, const tf_field *f, cJSON *out,
                      const cJSON *val, const cJSON *u, const cJSON *expr) {
  const cJSON *e;
  cJSON *o;
  int i = 0, n = js_array(val) ? cJSON_GetArraySize(val) : 0;
  switch (f->kind) {
    case T_REF:
      make_ref(s, t, f, out, val, expr);
      return;
    case T_PUBIP:
      add(s, out, f->cfn, js_bool(val)
          ? cJSON_CreateString(js_false(val) ? "DISABLED" : "ENABLED")
          : cJSON_Duplicate(val, 1));
      return;
    case T_LIST:
      if (!js_array(val))
        break;
      o = add(s, out, f->cfn, cJSON_CreateArray());
      for (e = val->child; e != NULL; e = e->next, i++) {
        const cJSON *eu = js_array(u) ? cJSON_GetArrayItem(u, i) : NULL;
        push_index(s->v, i);
        add(s, o, NULL, js_type(eu) == cJSON_True || js_null(e)
            ? cJSON_CreateString(AFTER_APPLY) : cJSON_Duplicate(e, 1));
        pop(s->v);
      }
      return;
    case T_BLOCK: case T_AWSVPC: case T_FLAT:
      if (!js_array(val) || val->child == NULL || !js_object(val->child))
        return;   /* no block: absent */
      push_index(s->v, 0);
      if (f->kind == T_FLAT)
        make_object(s, t, f->sub, val->child, js_array(u) ? u->child : NULL,
                    expr_block(expr, val->child, n), out);
      else
        make_block(s, t, f, f->kind == T_AWSVPC
                   ? add(s, out, f->cfn, cJSON_CreateObject()) : out,
                   f->kind == T_AWSVPC ? "AwsvpcConfiguration" : f->cfn,
                   val->child, js_array(u) ? u->child : NULL,
                   expr_block(expr, val->child, n));
      pop(s->v);
      return;
    case T_BLOCKS:
      if (!js_array(val))
        break;
      o = add(s, out, f->cfn, cJSON_CreateArray());
      for (e = val->child; e != NULL; e = e->next, i++)
        if (js_object(e)) {
          push_index(s->v, i);
          make_block(s, t, f, o, NULL, e,
                     js_array(u) ? cJSON_GetArrayItem(u, i) : NULL,
                     expr_block(expr, e, n));
          pop(s->v);
        }
      return;
    default:
      break;
  }
  add(s, out, f->cfn, cJSON_Duplicate(val, 1));
}


/* The attributes of 'fields' of the values object obj (the walk at it),
** with its after_unknown u and configuration expressions expr, into out.
** An attribute known only after apply is unknown, except one that the
** configuration's block (expr, when known) does not set: the provider or
** AWS chooses it (launch_type beside a capacity-provider strategy, a
** Service Connect discovery_name). Not so a block: a dynamic block is
** missing from the configuration's expressions. */
static void make_object(tfs *s, const tfr *t, const tf_field *fields,
                        const cJSON *obj, const cJSON *u, const cJSON *expr,
                        cJSON *out) {
  const tf_field *f;
  for (f = fields; f->tf != NULL; f++) {
    int ord = -1;
    const cJSON *val = child_ord(obj, f->tf, &ord), *fu = item(u, f->tf),
                *fe = item(expr, f->tf);
    if (val == NULL || js_null(val)) {
      if (js_type(fu) != cJSON_True ||
          (expr != NULL && fe == NULL && f->kind != T_BLOCK &&
           f->kind != T_BLOCKS && f->kind != T_AWSVPC && f->kind != T_FLAT))
        continue;   /* absent, or an attribute the provider or AWS chooses */
      if (f->kind == T_REF)
        make_ref(s, t, f, out, NULL, fe);
      else
        add(s, out, f->cfn, cJSON_CreateString(AFTER_APPLY));
      continue;
    }
    push_key(s->v, val->string, ord);
    make_attr(s, t, f, out, val, fu, fe);
    pop(s->v);
  }
}


static void make_resource(tfs *s, tfr *t) {
  V *v = s->v;
  cJSON *r, *props;
  int depth = v->depth;
  seg saved[MAXDEPTH];
  if (t->syn_ord >= 0)
    return;
  t->syn_ord = s->nsyn++;
  memcpy(saved, v->segs, sizeof saved);
  memcpy(v->segs, t->segs, sizeof saved);
  v->depth = t->depth;
  r = add(s, s->resources, t->name, cJSON_CreateObject());
  if (cJSON_AddStringToObject(r, "Type", kinds[t->kind].cfn) == NULL)
    OOM(v);
  props = add(s, r, "Properties", cJSON_CreateObject());
  if (kinds[t->kind].fields != NULL)
    make_object(s, t, kinds[t->kind].fields, t->values, t->unknown, t->expr,
                props);
  if (t->kind == K_SERVICE) {   /* deployment_*: DeploymentConfiguration */
    cJSON *dc = add(s, props, "DeploymentConfiguration", cJSON_CreateObject());
    make_object(s, t, f_deployment, t->values, t->unknown, t->expr, dc);
  }
  memcpy(v->segs, saved, sizeof saved);
  v->depth = depth;
}

/* }====================================================================== */


/* {======================================================================
** Diagnostics: into the plan, in Terraform's names
** ======================================================================= */

static const tfmap *map_of(const tfs *s, const cJSON *syn) {
  size_t h, i;
  if (s->nslots == 0)
    return NULL;
  for (h = slot_hash(syn, s->nslots); (i = s->slots[h]) != 0;
       h = (h + 1) & (s->nslots - 1))
    if (s->map[i - 1].syn == syn)
      return &s->map[i - 1];
  return NULL;
}


static int word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_';
}


/* What Terraform calls the words at p: a phrase of the renames, or a
** PascalCase property of the tables; NULL when none. *len: their length. */
static const char *tf_name(const char *p, size_t *len) {
  static const tf_field *const tables[] = {
    f_service, f_awsvpc, f_lb, f_strategy, f_registry, f_alias, f_timeout,
    f_sc_service, f_sc, f_lattice, f_tg, f_deployment
  };
  size_t i, n;
  const tf_field *f;
  for (i = 0; i < ECSNET_COUNTOF(renames); i++) {
    n = strlen(renames[i][0]);
    if (strncmp(p, renames[i][0], n) == 0 && !word_char(p[n])) {
      *len = n;
      return renames[i][1];
    }
  }
  for (i = 0; *p >= 'A' && *p <= 'Z' && i < ECSNET_COUNTOF(tables); i++)
    for (f = tables[i]; f->tf != NULL; f++) {
      n = strlen(f->cfn);
      if (f->kind != T_FLAT && strncmp(p, f->cfn, n) == 0 &&
          !word_char(p[n])) {
        *len = n;
        return f->tf;
      }
    }
  return NULL;
}


/* msg with CloudFormation's property names said as Terraform's; quoted
** text (the user's names and values) is kept. */
static const char *tf_message(V *v, const char *msg) {
  char buf[1024];
  size_t o = 0;
  const char *p = msg;
  while (*p != '\0' && o + 1 < sizeof buf) {
    char prev = p == msg ? ' ' : p[-1];
    size_t len = 0;
    const char *name = NULL;
    if ((*p == '\'' || *p == '"') && !word_char(prev) &&
        strchr(p + 1, *p) != NULL) {
      len = (size_t)(strchr(p + 1, *p) - p) + 1;   /* a quotation */
      if (o + len + 1 >= sizeof buf)
        break;
      memcpy(buf + o, p, len);
      o += len;
      p += len;
      continue;
    }
    if (!word_char(prev) && prev != '.')
      name = tf_name(p, &len);
    if (name != NULL && o + strlen(name) + 1 < sizeof buf) {
      memcpy(buf + o, name, strlen(name));
      o += strlen(name);
      p += len;
    }
    else
      buf[o++] = *p++;
  }
  for (p = buf; p < buf + o; p++)
    if (*p == DOT)
      buf[p - buf] = '.';
  return astrdup(v, buf, o);
}


/* Moves the diagnostics from index 'from' on: from the template made to
** the places in the plan its nodes stand for. */
static void move_diags(tfs *s, const tfr *t, size_t from) {
  report *r = s->v->r;
  size_t i;
  for (i = from; i < r->nid; i++) {
    idiag *d = &r->id[i];
    const cJSON *n = s->root;
    const tfmap *m = NULL;
    int l;
    for (l = 0; l < d->nord && n != NULL; l++) {
      const tfmap *here_m;
      n = cJSON_GetArrayItem(n, d->ord[l]);
      if (n != NULL && (here_m = map_of(s, n)) != NULL)
        m = here_m;
    }
    if (m != NULL) {
      d->d.f.pointer = m->ptr;
      memcpy(d->ord, m->ord, (size_t)m->nord * sizeof *m->ord);
      d->nord = m->nord;
    }
    d->d.f.message = tf_message(s->v, d->d.f.message);
    if (strncmp(d->d.f.message, "service ", 8) != 0)   /* the field reader's */
      d->d.f.message = astrf(s->v, "service %s: %s", t->address,
                             d->d.f.message);
  }
}

/* }====================================================================== */


/* {======================================================================
** The services
** ======================================================================= */

/* The task definition of service t: the report's index, or -1 with an
** info saying why the rules that need one were skipped. */
static int service_taskdef(tfs *s, tfr *t, const char **td) {
  V *v = s->v;
  int ord = -1;
  const cJSON *val = child_ord(t->values, "task_definition", &ord);
  const cJSON *e = item(t->expr, "task_definition"), *refs;
  tfr *to = referred_by(s, t, e, K_TASKDEF, 0);
  char buf[160];
  if (to == NULL && js_string(val))
    to = by_value(s, val->valuestring, K_TASKDEF);
  if (to != NULL && to->taskdef >= 0) {
    *td = to->address;
    return to->taskdef;
  }
  *td = "?";
  memcpy(v->segs, t->segs, sizeof v->segs);
  v->depth = t->depth;
  refs = item(e, "references");
  if (js_array(refs) && js_string(refs->child))
    ecsnet_quote(buf, sizeof buf, refs->child->valuestring,
                 strlen(refs->child->valuestring));
  else if (val == NULL || js_null(val))
    snprintf(buf, sizeof buf, "%s", js_type(item(t->unknown,
             "task_definition")) == cJSON_True ? "known only after apply"
             : "not given");
  else
    excerpt(val, buf, sizeof buf);
  if (val != NULL)
    push_key(v, "task_definition", ord);
  diag(v, ECSNET_RULE_ECS024, -1, NULL, "service %s: its task_definition is "
       "%s, not an aws_ecs_task_definition of this %s: the rules that need "
       "it were skipped", t->address, buf, s->config ? "plan" : "state");
  v->depth = 0;
  return -1;
}


static void check_one(tfs *s, tfr *t, ecsnet_service_t *out) {
  V *v = s->v;
  const char *td;
  int index = service_taskdef(s, t, &td);
  const cJSON *r, *props;
  size_t from = v->r->nid;
  out->name = t->address;
  out->pointer = t->rptr;
  out->taskdef = index;
  make_resource(s, t);
  r = cJSON_GetArrayItem(s->resources, t->syn_ord);
  props = cJSON_GetObjectItemCaseSensitive(r, "Properties");
  v->depth = 0;
  push_key(v, "Resources", 0);
  push_key(v, t->name, t->syn_ord);
  push_key(v, "Properties", 1);
  check_presented_service(v, s->resources, t->name, props,
                          index >= 0 ? &v->r->pub.taskdefs[index] : NULL, td,
                          index, out);
  v->depth = 0;
  move_diags(s, t, from);
  /* the deployment's reasons name the service as the diagnostics do */
  if (out->deploy.subnets_why != NULL)
    out->deploy.subnets_why = tf_message(v, out->deploy.subnets_why);
  if (out->deploy.instances_why != NULL)
    out->deploy.instances_why = tf_message(v, out->deploy.instances_why);
}


/* The resources found, each task definition with its model. */
static void collect(tfs *s, const cJSON *root) {
  V *v = s->v;
  size_t i;
  v->depth = 0;
  tf_walk(v, root, collect_one, s);
  v->depth = 0;
  for (i = 0; i < s->nres; i++)
    if (s->res[i].kind == K_TASKDEF) {
      memcpy(v->segs, s->res[i].segs, sizeof v->segs);
      v->depth = s->res[i].depth;
      s->res[i].taskdef = taskdef_at(v, here(v));
    }
  v->depth = 0;
}


/* The services, under an out-of-memory handler that frees the template
** made before passing the unwinding on. */
static void check_all(tfs *s, size_t n) {
  V *v = s->v;
  jmp_buf outer;
  int code;
  size_t i;
  memcpy(outer, v->oom, sizeof outer);
  code = setjmp(v->oom);
  if (code == 0) {
    s->root = made(s, cJSON_CreateObject());
    s->resources = made(s, cJSON_AddObjectToObject(s->root, "Resources"));
    v->r->pub.services = (ecsnet_service_t *)aalloc(
        v, n * sizeof(ecsnet_service_t));
    v->cfn = 1;
    for (i = 0; i < s->nres; i++)
      if (s->res[i].kind == K_SERVICE) {
        ecsnet_service_t *out = &v->r->pub.services[v->r->pub.nservices++];
        memset(out, 0, sizeof *out);
        check_one(s, &s->res[i], out);
      }
    v->cfn = 0;
  }
  memcpy(v->oom, outer, sizeof outer);
  /* the key index must not outlive the nodes it holds */
  v->kx[0].obj = v->kx[1].obj = NULL;
  cJSON_Delete(s->root);   /* NULL-safe */
  if (code != 0)
    longjmp(v->oom, code);
}


size_t check_tf_services(V *v, const cJSON *root) {
  tfs s;
  size_t i, n = 0;
  memset(&s, 0, sizeof s);
  s.v = v;
  s.config = item(item(root, "configuration"), "root_module");
  collect(&s, root);
  for (i = 0; i < s.nres; i++)
    n += s.res[i].kind == K_SERVICE;
  if (n == 0)
    return 0;
  /* the key index may hold the nodes of a container_definitions string
  ** freed since: the template's nodes could take their addresses */
  v->kx[0].obj = v->kx[1].obj = NULL;
  v->td = -1;
  check_all(&s, n);
  v->td = -1;
  v->depth = 0;
  return n;
}

/* }====================================================================== */
