/*
** ecsnet_svc.c: the services of a CloudFormation template (AWS::ECS::Service,
** docs/reference.md §5.1-§5.4, §8.1, §8.5). Each service's task definition
** and target groups are resolved inside the template ({"Ref": X},
** {"Fn::GetAtt": [X, ...]}), and the rules that CreateService applies are
** checked on the service, the task definition's model (ecsnet_taskdef_t,
** read once by the walk) and the target group's properties. What cannot be
** resolved (an ARN, a parameter, an import, a condition) is unknown: the
** rules that need it skip with an info, never an error (DEVELOPING.md,
** decision 4). Diagnostics point into the service or the target group and
** name both resources.
**
** A service document (AWS CLI JSON: create-service or update-service input,
** describe-services output) is checked by the same rules against a task
** definition given with it (the options' model); there is no template, so
** target groups are known only by ARN and their rules are skipped.
*/
#include <stdio.h>
#include <stdlib.h>

#include "ecsnet_svc_internal.h"

#define NAMELEN SVC_NAMELEN



/* {======================================================================
** Resources of the template
** ======================================================================= */

/* The resource 'name' of the template and its ordinal (NULL when none). */
static const cJSON *resource(const cJSON *resources, const char *name,
                             int *ord) {
  const cJSON *r;
  int i = 0;
  if (resources == NULL)   /* a service document: no template */
    return NULL;
  for (r = resources->child; r != NULL; r = r->next, i++)
    if (r->string != NULL && strcmp(r->string, name) == 0) {
      *ord = i;
      return r;
    }
  return NULL;
}


static int has_type(const cJSON *r, const char *type) {
  const cJSON *t = cJSON_GetObjectItemCaseSensitive(r, "Type");
  return js_string(t) && strcmp(t->valuestring, type) == 0;
}


/* The logical ID that n refers to, into buf: {"Ref": X}, {"Fn::GetAtt":
** [X, attr]} or {"Fn::GetAtt": "X.attr"}. NULL for anything else. */
static const char *ref_target(const cJSON *n, char *buf, size_t len) {
  const cJSON *k;
  const char *s = NULL;
  size_t l;
  if (!js_object(n) || n->child == NULL || n->child->next != NULL)
    return NULL;
  k = n->child;
  if (strcmp(k->string, "Ref") == 0 && js_string(k))
    s = k->valuestring;
  else if (strcmp(k->string, "Fn::GetAtt") == 0) {
    if (js_array(k) && js_string(k->child))
      s = k->child->valuestring;
    else if (js_string(k))
      s = k->valuestring;
  }
  if (s == NULL)
    return NULL;
  l = strcspn(s, ".");
  if (l == 0 || l >= len)
    return NULL;
  memcpy(buf, s, l);
  buf[l] = '\0';
  return buf;
}


/* The Properties of the resource of 'type' that n refers to, with the
** resource's name and ordinal; NULL when n refers to none. */
const cJSON *referred(const svc *s, const cJSON *n, const char *type,
                      char *name, int *ord, int *props_ord) {
  const cJSON *r, *p;
  int i = 0;
  if (ref_target(n, name, NAMELEN) == NULL)
    return NULL;
  r = resource(s->resources, name, ord);
  if (r == NULL || !has_type(r, type))
    return NULL;
  for (p = r->child; p != NULL; p = p->next, i++)
    if (p->string != NULL && strcmp(p->string, "Properties") == 0 &&
        js_object(p)) {
      *props_ord = i;
      return p;
    }
  return NULL;
}


/* A diagnostic at member 'key' (ordinal kord; NULL: the Properties
** themselves) of resource 'name' (ordinal ord, Properties at pord), which
** is not where the walk is: the service's path is saved and restored. */
static void diag_in(V *v, const char *name, int ord, int pord,
                    const char *key, int kord, ecsnet_rule_id_t id, int sev,
                    const char *aws, const char *msg) {
  seg saved[MAXDEPTH];
  int depth = v->depth;
  memcpy(saved, v->segs, sizeof saved);
  v->depth = 1;   /* Resources */
  push_key(v, name, ord);
  push_key(v, "Properties", pord);
  if (key != NULL)
    push_key(v, key, kord);
  diag(v, id, sev, aws, "%s", msg);
  memcpy(v->segs, saved, sizeof saved);
  v->depth = depth;
}

/* }====================================================================== */


/* {======================================================================
** The task definition and the launch type
** ======================================================================= */

/* Whether the service's DependsOn (a logical ID or a list of them) names
** the resource id. */
static int depends_on(const svc *s, const char *id) {
  int ord;
  const cJSON *r = resource(s->resources, s->name, &ord), *d, *e;
  d = r ? cJSON_GetObjectItemCaseSensitive(r, "DependsOn") : NULL;
  if (js_string(d))
    return strcmp(d->valuestring, id) == 0;
  for (e = js_array(d) ? d->child : NULL; e != NULL; e = e->next)
    if (js_string(e) && strcmp(e->valuestring, id) == 0)
      return 1;
  return 0;
}


/* The task definition of this template that the service names by its
** Family, a name without revision: its latest ACTIVE revision, which is the
** template's own when the service depends on it (CDK names a CODE_DEPLOY
** service's task definition so; docs/reference.md, Services in templates).
** -1 when no task definition, or more than one, fits. */
static int by_family(const V *v, const svc *s, const cJSON *n) {
  size_t i;
  int found = -1;
  if (!js_string(n) || strchr(n->valuestring, ':') != NULL)
    return -1;
  for (i = 0; i < v->r->pub.ntaskdefs; i++) {
    const ecsnet_taskdef_t *t = &v->r->pub.taskdefs[i];
    if (t->resource != NULL && t->family != NULL &&
        strcmp(t->family, n->valuestring) == 0 && depends_on(s, t->resource)) {
      if (found >= 0)
        return -1;
      found = (int)i;
    }
  }
  return found;
}


/* The service's task definition: one of this template, or NULL (with an
** info saying why the rules that need it are skipped). */
static const ecsnet_taskdef_t *task_definition(V *v, svc *s, int *index) {
  char name[NAMELEN], buf[96];
  const char *key = "TaskDefinition";
  int ord = -1, o2 = -1, o3 = -1;
  size_t i;
  const cJSON *n = member(v, s->props, "taskDefinition", &ord, &key);
  *index = -1;
  if (n == NULL || js_null(n)) {
    diag(v, ECSNET_RULE_ECS024, -1, NULL, "service %s names no task "
         "definition: the rules that need one were skipped", s->name);
    return NULL;
  }
  if (referred(s, n, "AWS::ECS::TaskDefinition", name, &o2, &o3) != NULL)
    for (i = 0; i < v->r->pub.ntaskdefs; i++) {
      const ecsnet_taskdef_t *t = &v->r->pub.taskdefs[i];
      if (t->resource != NULL && strcmp(t->resource, name) == 0) {
        *index = (int)i;
        return t;
      }
    }
  if ((*index = by_family(v, s, n)) >= 0)
    return &v->r->pub.taskdefs[*index];
  push_key(v, key, ord);
  diag(v, ECSNET_RULE_ECS024, -1, NULL, "the task definition of service %s "
       "is %s, not a task definition of this template: the rules that need "
       "it were skipped", s->name, excerpt(n, buf, sizeof buf));
  pop(v);
  return NULL;
}


/* The launch type of one capacity provider: FARGATE, FARGATE_SPOT, or an
** AWS::ECS::CapacityProvider of the template (an Auto Scaling group is
** EC2; Managed Instances). 0: unknown. */
static unsigned provider_type(const svc *s, const cJSON *cp) {
  char name[NAMELEN];
  int ord, pord;
  const cJSON *p;
  if (js_string(cp) && (strcmp(cp->valuestring, "FARGATE") == 0 ||
                        strcmp(cp->valuestring, "FARGATE_SPOT") == 0))
    return ECSNET_LT_FARGATE;
  p = referred(s, cp, "AWS::ECS::CapacityProvider", name, &ord, &pord);
  if (p == NULL)
    return 0;
  if (cJSON_GetObjectItemCaseSensitive(p, "AutoScalingGroupProvider"))
    return ECSNET_LT_EC2;
  if (cJSON_GetObjectItemCaseSensitive(p, "ManagedInstancesProvider"))
    return ECSNET_LT_MANAGED_INSTANCES;
  return 0;
}


/* Where the tasks run: LaunchType, else a capacity-provider strategy
** whose providers all agree. Without either the cluster's default
** strategy decides, which the template may not show: unknown (0). */
static unsigned launch_type(V *v, const svc *s) {
  const char *lt = NULL, *key;
  const cJSON *list, *e;
  int ord;
  unsigned all = 0;
  int st = get_str(v, s->props, "launchType", &lt, &ord);
  if (st == R_OK)
    return ecsnet_launch_type_bit(lt, strlen(lt));
  if (st != R_ABSENT ||
      get_list(v, s->props, "capacityProviderStrategy", &list, &ord, &key) !=
      R_OK)
    return 0;
  for (e = list->child; e != NULL; e = e->next) {
    const cJSON *cp = member(v, e, "capacityProvider", &ord, &key);
    unsigned one = provider_type(s, cp);
    if (one == 0 || (all != 0 && one != all))
      return 0;
    all = one;
  }
  return all;
}

/* }====================================================================== */


/* {======================================================================
** Network configuration (ECS036-ECS038)
** ======================================================================= */

/* The elements of a list that are there whatever the conditions say
** (an Fn::If element may be AWS::NoValue). */
int definite(const cJSON *list) {
  const cJSON *e;
  int n = 0;
  for (e = list->child; e != NULL; e = e->next)
    if (!(js_object(e) && e->child != NULL && e->child->next == NULL &&
          strcmp(e->child->string, "Fn::If") == 0))
      n++;
  return n;
}


static void count_limit(V *v, const svc *s, const cJSON *awsvpc,
                        const char *camel, int max, const char *what) {
  const cJSON *list;
  const char *key;
  int ord, n;
  if (get_list(v, awsvpc, camel, &list, &ord, &key) != R_OK ||
      !js_array(list) || (n = definite(list)) <= max)
    return;
  push_key(v, key, ord);
  diag(v, ECSNET_RULE_ECS037, -1, NULL, "service %s lists %d %s; an "
       "AwsvpcConfiguration takes at most %d", s->name, n, what, max);
  pop(v);
}


/* AwsvpcConfiguration: limits (ECS037) and AssignPublicIp (ECS038). */
static void check_awsvpc(V *v, const svc *s, const cJSON *nc) {
  const cJSON *awsvpc;
  const char *key, *pub = NULL;
  int ord, o2;
  if (get_obj(v, nc, "awsvpcConfiguration", &awsvpc, &ord, &key) != R_OK)
    return;
  push_key(v, key, ord);
  count_limit(v, s, awsvpc, "subnets", 16, "subnets");
  count_limit(v, s, awsvpc, "securityGroups", 5, "security groups");
  if (get_str(v, awsvpc, "assignPublicIp", &pub, &o2) == R_OK &&
      strcmp(pub, "ENABLED") == 0 && s->lt == ECSNET_LT_EC2) {
    push_key(v, key_at(awsvpc, o2), o2);
    diag(v, ECSNET_RULE_ECS038, -1, "Assign public IP is not supported for "
         "this launch type.", "service %s runs on EC2, where task ENIs get "
         "no public IP: set %s to DISABLED and reach the internet through a "
         "NAT gateway", s->name, key_at(awsvpc, o2));
    pop(v);
  }
  pop(v);
}


/* NetworkConfiguration against the task definition's mode (ECS036); an
** empty one counts as absent. */
static void check_network(V *v, const svc *s) {
  const cJSON *nc;
  const char *key;
  int ord;
  int st = get_obj(v, s->props, "networkConfiguration", &nc, &ord, &key);
  if (st == R_OK && nc->child == NULL)
    st = R_ABSENT;
  if (st == R_ABSENT && s->mode == ECSNET_MODE_AWSVPC && !s->partial)
    diag(v, ECSNET_RULE_ECS036, -1, "Network Configuration must be "
         "provided when networkMode 'awsvpc' is specified.", "service %s "
         "has no %s, which the task definition %s needs: it uses awsvpc; add "
         "%s with the subnets and security groups", s->name,
         v->cfn ? "NetworkConfiguration" : "networkConfiguration", s->td,
         v->cfn ? "NetworkConfiguration.AwsvpcConfiguration"
                : "networkConfiguration.awsvpcConfiguration");
  if (st != R_OK)
    return;
  push_key(v, key, ord);
  if (s->mode >= 0 && s->mode != ECSNET_MODE_AWSVPC)
    diag(v, ECSNET_RULE_ECS036, -1, "Network Configuration is not valid for "
         "the given networkMode of this task definition.", "service %s has "
         "a %s, but the task definition %s uses %s, which takes none: remove "
         "it, or use awsvpc", s->name, key, s->td,
         ecsnet_mode_info((ecsnet_mode_t)s->mode)->name);
  check_awsvpc(v, s, nc);
  pop(v);
}

/* }====================================================================== */


/* {======================================================================
** Launch types (ECS039, ECS040)
** ======================================================================= */

/* The key that says where the tasks run, pushed for a diagnostic. */
static void push_lt_key(V *v, const svc *s) {
  int ord = -1;
  const char *key = "LaunchType";
  if (member(v, s->props, "launchType", &ord, &key) == NULL) {
    key = "CapacityProviderStrategy";
    member(v, s->props, "capacityProviderStrategy", &ord, &key);
  }
  push_key(v, key, ord);
}


/* Fargate runs only REPLICA services (ECS039, docs/reference.md §8.5:
** CreateService's schedulingStrategy); needs no task definition. */
static void check_fargate_daemon(V *v, const svc *s) {
  const char *st;
  int ord;
  if (s->lt != ECSNET_LT_FARGATE ||
      get_str(v, s->props, "schedulingStrategy", &st, &ord) != R_OK ||
      strcmp(st, "DAEMON") != 0)
    return;
  push_key(v, key_at(s->props, ord), ord);
  diag(v, ECSNET_RULE_ECS039, -1, NULL, "service %s runs on Fargate with "
       "%s DAEMON, which Fargate does not support: use REPLICA (the "
       "default), or run the daemon on EC2", s->name, key_at(s->props, ord));
  pop(v);
}


/* DAEMON only with the ECS deployment controller (ECS063, docs/reference.md
** §8.5: CreateService's schedulingStrategy); needs no task definition. */
static void check_daemon_controller(V *v, const svc *s) {
  const char *st, *type, *key;
  int ord, o2;
  const cJSON *dc;
  if (get_str(v, s->props, "schedulingStrategy", &st, &ord) != R_OK ||
      strcmp(st, "DAEMON") != 0 ||
      get_obj(v, s->props, "deploymentController", &dc, &o2, &key) != R_OK ||
      get_str(v, dc, "type", &type, &ord) != R_OK ||
      (strcmp(type, "CODE_DEPLOY") != 0 && strcmp(type, "EXTERNAL") != 0))
    return;
  push_key(v, key, o2);
  push_key(v, key_at(dc, ord), ord);
  diag(v, ECSNET_RULE_ECS063, -1, "Tasks using the Fargate launch type or "
       "the CODE_DEPLOY or EXTERNAL deployment controller types don't "
       "support the DAEMON scheduling strategy.", "service %s is a DAEMON "
       "service with the %s deployment controller, which runs only REPLICA "
       "services: use the ECS deployment controller, or REPLICA", s->name,
       type);
  pop(v);
  pop(v);
}


static void check_fargate(V *v, const svc *s) {
  check_fargate_daemon(v, s);
  check_daemon_controller(v, s);
  if (s->lt != ECSNET_LT_FARGATE || s->t == NULL)
    return;
  push_lt_key(v, s);
  if (s->mode >= 0 && s->mode != ECSNET_MODE_AWSVPC)
    diag(v, ECSNET_RULE_ECS039, -1, NULL, "service %s runs on Fargate, but "
         "the task definition %s uses %s; Fargate runs only awsvpc tasks: "
         "set its networkMode to awsvpc", s->name, s->td,
         ecsnet_mode_info((ecsnet_mode_t)s->mode)->name);
  else if (s->t->launch_types != 0 &&
           !(s->t->launch_types & ECSNET_LT_FARGATE))
    diag(v, ECSNET_RULE_ECS039, ECSNET_SEV_WARNING, NULL, "service %s runs "
         "on Fargate, but the task definition %s lists requiresCompatibilities "
         "without FARGATE, so ECS does not validate it for Fargate; add "
         "FARGATE (whether ECS refuses the service is not verified)",
         s->name, s->td);
  pop(v);
}


/* Is a ServiceConnectConfiguration enabled (Enabled true, or "true")? */
int sc_enabled(V *v, const cJSON *sc) {
  int ord;
  const char *key;
  const cJSON *en = member(v, sc, "enabled", &ord, &key);
  return js_type(en) == cJSON_True ||
         (js_string(en) && strcmp(en->valuestring, "true") == 0);
}


/* Managed Instances take a capacity-provider strategy and no launchType
** (ECS049, docs/reference.md §8.5: CreateService's launchType). */
static void check_mi_launch_type(V *v, const svc *s) {
  const char *key;
  int ord;
  const cJSON *lt = given(v, s->props, "launchType", &ord, &key);
  if (!js_string(lt) || strcmp(lt->valuestring, "MANAGED_INSTANCES") != 0)
    return;
  push_key(v, key, ord);
  diag(v, ECSNET_RULE_ECS049, -1, NULL, "service %s gives %s "
       "MANAGED_INSTANCES; ECS runs a service on Managed Instances only "
       "through a capacityProviderStrategy naming a Managed Instances "
       "capacity provider, with launchType omitted", s->name, key);
  pop(v);
}


/* LaunchType or a capacity-provider strategy, not both; at most 20
** providers (ECS049, docs/reference.md §8.5). */
static void check_strategy(V *v, const svc *s) {
  const cJSON *list, *lt;
  const char *key, *k2;
  int ord, o2, n;
  check_mi_launch_type(v, s);
  if (get_list(v, s->props, "capacityProviderStrategy", &list, &ord, &key) !=
      R_OK || !js_array(list) || (n = definite(list)) == 0)
    return;
  push_key(v, key, ord);
  lt = given(v, s->props, "launchType", &o2, &k2);
  if (lt != NULL && !is_unknown(lt))
    diag(v, ECSNET_RULE_ECS049, -1, "If a capacityProviderStrategy is "
         "specified, the launchType parameter must be omitted.", "service "
         "%s gives both %s and %s: remove %s (the strategy decides where "
         "the tasks run)", s->name, k2, key, k2);
  if (n > 20)
    diag(v, ECSNET_RULE_ECS049, -1, NULL, "service %s lists %d capacity "
         "providers; a strategy takes at most 20", s->name, n);
  pop(v);
}


/* ECS Anywhere: no load balancer, service registry or Service Connect. */
static void check_external(V *v, const svc *s) {
  static const char *const keys[] = { "loadBalancers", "serviceRegistries",
                                      "serviceConnectConfiguration" };
  static const char *const what[] = { "load balancers", "service discovery",
                                      "Service Connect" };
  size_t i;
  if (s->lt != ECSNET_LT_EXTERNAL)
    return;
  for (i = 0; i < ECSNET_COUNTOF(keys); i++) {
    int ord;
    const char *key = keys[i];
    const cJSON *n = given(v, s->props, keys[i], &ord, &key);
    if (n == NULL || is_unknown(n) || (i == 2 && !sc_enabled(v, n)))
      continue;
    push_key(v, key, ord);
    diag(v, ECSNET_RULE_ECS040, -1, NULL, "service %s runs on ECS Anywhere "
         "(EXTERNAL), which supports no %s: remove %s", s->name, what[i],
         key);
    pop(v);
  }
}

/* }====================================================================== */


/* {======================================================================
** Load balancers (ECS041-ECS045)
** ======================================================================= */



static const ecsnet_td_container_t *container(const ecsnet_taskdef_t *t,
                                              const char *name) {
  size_t i;
  for (i = 0; i < t->ncontainers; i++)
    if (t->containers[i].name != NULL &&
        strcmp(t->containers[i].name, name) == 0)
      return &t->containers[i];
  return NULL;
}


static int containers_known(const ecsnet_taskdef_t *t) {
  size_t i;
  if (t->unknown)
    return 0;
  for (i = 0; i < t->ncontainers; i++)
    if (t->containers[i].name == NULL && t->containers[i].unknown)
      return 0;
  return 1;
}


/* The mappings of lb->cport in its container; 0 when there is none and
** all are known, 1 when found, -1 when unknown. */
static int find_port(const svc *s, lbref *lb) {
  size_t i;
  int unknown = lb->c->unknown;
  for (i = 0; i < lb->c->nports; i++) {
    const ecsnet_td_port_t *p = &lb->c->ports[i];
    if (p->unknown)
      unknown = 1;
    else if (p->container_port == lb->cport ||
             (p->range_first > 0 && p->range_first <= lb->cport &&
              lb->cport <= p->range_last)) {
      if (p->protocol == ECSNET_PROTO_UDP)
        lb->has_udp = 1;
      else
        lb->has_tcp = 1;
      if ((s->mode == ECSNET_MODE_BRIDGE || s->mode == ECSNET_MODE_NAT) &&
          p->host_port <= 0)
        lb->dynamic = 1;
    }
  }
  return lb->has_tcp || lb->has_udp ? 1 : unknown ? -1 : 0;
}


/* ContainerName and ContainerPort of a load balancer (ECS041) or a service
** registry (ECS047) against the model; 1 when the mapping was found. A
** load balancer's port on tcp and udp is refused by CreateService (ECS030,
** docs/reference.md §6.1). */
int check_container(V *v, const svc *s, const cJSON *e, lbref *lb,
                    ecsnet_rule_id_t id) {
  const char *what = id == ECSNET_RULE_ECS041 ? "the load balancer"
                                              : "the service registry";
  char aws[128];
  lb->st_name = get_str(v, e, "containerName", &lb->cname, &lb->o_name);
  lb->st_port = get_int(v, e, "containerPort", &lb->cport, &lb->o_port);
  if (lb->st_name != R_OK || lb->st_port != R_OK || s->t == NULL ||
      !containers_known(s->t))
    return 0;
  lb->c = container(s->t, lb->cname);
  if (lb->c == NULL) {
    push_key(v, key_at(e, lb->o_name), lb->o_name);
    diag(v, id, -1, NULL, "service %s: %s names container '%s', which the "
         "task definition %s does not have; name one of its containers",
         s->name, what, lb->cname, s->td);
    pop(v);
    return 0;
  }
  push_key(v, key_at(e, lb->o_port), lb->o_port);
  switch (find_port(s, lb)) {
    case 1:
      if (lb->has_tcp && lb->has_udp && id == ECSNET_RULE_ECS041)
        diag(v, ECSNET_RULE_ECS030, -1, NULL, "service %s: container '%s' "
             "maps port %ld for both tcp and udp, and CreateService refuses "
             "such a port for a load balancer (Container port %ld is used in "
             "more than one port mapping); map it once", s->name, lb->cname,
             lb->cport, lb->cport);
      pop(v);
      return 1;
    case -1:
      pop(v);
      return 0;
    default: break;
  }
  if (s->mode == ECSNET_MODE_AWSVPC)
    snprintf(aws, sizeof aws, "The container %s did not have a container "
             "port %ld defined.", lb->cname, lb->cport);
  else
    snprintf(aws, sizeof aws, "A host port mapping for the container port "
             "%ld is required.", lb->cport);
  diag(v, id, -1, s->mode >= 0 && id == ECSNET_RULE_ECS041
       ? astrf(v, "%s", aws) : NULL, "service %s: %s sends to port %ld of "
       "container '%s', which the task definition %s does not map; use the "
       "containerPort of one of its port mappings, or add a mapping for %ld",
       s->name, what, lb->cport, lb->cname, s->td, lb->cport);
  pop(v);
  return 0;
}


typedef struct {
  const char *name;
  int ord, pord;
  const cJSON *props;
} tgref;


/* A target group property: R_ABSENT, R_UNKNOWN (said as an info in the
** target group) or R_OK with the node in *out and its ordinal in *ord. */
static int tg_value(V *v, const svc *s, const tgref *g, const char *camel,
                    const cJSON **out, int *ord) {
  const char *key = camel;
  const cJSON *n = member(v, g->props, camel, ord, &key);
  char buf[96], *msg;
  if (n == NULL || js_null(n))
    return R_ABSENT;
  if (!is_unknown(n)) {
    *out = n;
    return R_OK;
  }
  msg = astrf(v, "service %s: %s of target group %s is %s, not known until "
              "deployment: the rules that need it were skipped", s->name,
              key, g->name, excerpt(n, buf, sizeof buf));
  diag_in(v, g->name, g->ord, g->pord, key, *ord, ECSNET_RULE_ECS024, -1,
          NULL, msg);
  return R_UNKNOWN;
}


/* Target type (ECS042): ip for awsvpc, instance (the default) else. */
static void check_target_type(V *v, svc *s, const tgref *g) {
  const cJSON *n = NULL;
  const char *tt = "instance";
  int ord = -1, st, want_ip = s->mode == ECSNET_MODE_AWSVPC;
  size_t i;
  char *msg;
  if (s->mode < 0 || s->mode == ECSNET_MODE_NONE)
    return;
  for (i = 0; i < s->ntgs; i++)   /* once per target group and service */
    if (strcmp(s->tgs[i], g->name) == 0)
      return;
  if (s->ntgs < ECSNET_COUNTOF(s->tgs))
    s->tgs[s->ntgs++] = g->name;
  st = tg_value(v, s, g, "targetType", &n, &ord);
  if (st == R_UNKNOWN || (st == R_OK && !js_string(n)))
    return;
  if (st == R_OK)
    tt = n->valuestring;
  if (strcmp(tt, want_ip ? "ip" : "instance") == 0)
    return;
  msg = astrf(v, "service %s: target group %s has target type %s%s; the "
              "task definition %s uses %s, which registers %s targets: set "
              "TargetType to %s", s->name, g->name, tt,
              st == R_ABSENT ? " (the default)" : "", s->td,
              ecsnet_mode_info((ecsnet_mode_t)s->mode)->name,
              want_ip ? "IP" : "instance", want_ip ? "ip" : "instance");
  diag_in(v, g->name, g->ord, g->pord, st == R_ABSENT ? NULL
          : key_at(g->props, ord), ord, ECSNET_RULE_ECS042, -1, NULL, msg);
}


/* Does a mapping of t take host port 'port' statically (a health
** endpoint of the task on the instance)? */
static int static_host_port(const ecsnet_taskdef_t *t, const cJSON *port) {
  size_t i, j;
  double n = js_number(port) ? port->valuedouble
             : js_string(port) ? strtod(port->valuestring, NULL) : -1;
  for (i = 0; i < t->ncontainers; i++)
    for (j = 0; j < t->containers[i].nports; j++)
      if (t->containers[i].ports[j].host_port > 0 &&
          t->containers[i].ports[j].host_port == n)
        return 1;
  return 0;
}


/* A dynamic host port is health-checked on the traffic port (ECS044). An
** absent HealthCheckPort is traffic-port (the ELB API's default); a port
** that the task maps statically on the instance is served by it. */
static void check_health_port(V *v, const svc *s, const tgref *g,
                              const lbref *lb) {
  const cJSON *n = NULL;
  int ord = -1;
  char buf[96], *msg;
  if (!lb->dynamic ||
      tg_value(v, s, g, "healthCheckPort", &n, &ord) != R_OK ||
      (js_string(n) && strcmp(n->valuestring, "traffic-port") == 0) ||
      static_host_port(s->t, n))
    return;
  msg = astrf(v, "service %s: container '%s' maps port %ld to a dynamic "
              "host port, but target group %s health-checks the fixed port "
              "%s on the instance, where the task does not listen: set "
              "HealthCheckPort to traffic-port or leave it out", s->name,
              lb->cname, lb->cport, g->name, excerpt(n, buf, sizeof buf));
  diag_in(v, g->name, g->ord, g->pord, key_at(g->props, ord), ord,
          ECSNET_RULE_ECS044, -1, NULL, msg);
}


/* The target group's protocol against the mapping's (ECS045). */
static void check_protocol(V *v, const svc *s, const tgref *g,
                           const lbref *lb) {
  const cJSON *n = NULL;
  const char *proto;
  int ord = -1, udp;
  char *msg;
  if (tg_value(v, s, g, "protocol", &n, &ord) != R_OK || !js_string(n))
    return;
  proto = n->valuestring;
  if (strcmp(proto, "UDP") == 0)
    udp = 1;
  else if (strcmp(proto, "TCP") == 0 || strcmp(proto, "TLS") == 0 ||
           strcmp(proto, "HTTP") == 0 || strcmp(proto, "HTTPS") == 0)
    udp = 0;
  else
    return;   /* TCP_UDP, GENEVE, QUIC: not checked */
  if (udp ? lb->has_udp : lb->has_tcp)
    return;
  msg = astrf(v, "service %s: target group %s uses %s, but container '%s' "
              "maps port %ld for %s only in the task definition %s: map it "
              "with protocol %s", s->name, g->name, proto, lb->cname,
              lb->cport, udp ? "tcp" : "udp", s->td, udp ? "udp" : "tcp");
  diag_in(v, g->name, g->ord, g->pord, key_at(g->props, ord), ord,
          ECSNET_RULE_ECS045, s->mode == ECSNET_MODE_BRIDGE
          ? ECSNET_SEV_ERROR : -1, NULL, msg);
}


/* The target group of one entry, resolved in the template. */
static void check_target_group(V *v, svc *s, const cJSON *e,
                               const lbref *lb) {
  tgref g;
  char name[NAMELEN];
  int ord = -1;
  const char *key = "TargetGroupArn";
  const cJSON *n = member(v, e, "targetGroupArn", &ord, &key);
  if (n == NULL)
    return;
  g.props = referred(s, n, "AWS::ElasticLoadBalancingV2::TargetGroup", name,
                     &g.ord, &g.pord);
  if (g.props == NULL) {
    if (!js_string(n) || is_unknown(n)) {
      push_key(v, key, ord);
      unknown_info(v, n, "the target group");
      pop(v);
    }
    return;
  }
  g.name = astrdup(v, name, strlen(name));
  check_target_type(v, s, &g);
  if (lb != NULL) {
    check_health_port(v, s, &g, lb);
    check_protocol(v, s, &g, lb);
  }
}


static void check_load_balancer(V *v, svc *s, const cJSON *e) {
  lbref lb;
  int ord;
  const char *key;
  memset(&lb, 0, sizeof lb);
  if (given(v, e, "loadBalancerName", &ord, &key) != NULL) {
    if (s->mode == ECSNET_MODE_AWSVPC) {
      push_key(v, key, ord);
      diag(v, ECSNET_RULE_ECS042, -1, NULL, "service %s: a Classic Load "
           "Balancer cannot reach the task definition %s, which uses awsvpc "
           "(IP targets); use an ALB or NLB target group", s->name, s->td);
      pop(v);
    }
    return;
  }
  check_target_group(v, s, e, check_container(v, s, e, &lb,
                                              ECSNET_RULE_ECS041) ? &lb : NULL);
}


static void check_load_balancers(V *v, svc *s) {
  const cJSON *list, *e;
  const char *key;
  int ord, i = 0, n;
  if (get_list(v, s->props, "loadBalancers", &list, &ord, &key) != R_OK ||
      !js_array(list))
    return;
  push_key(v, key, ord);
  if ((n = definite(list)) > 5)
    diag(v, ECSNET_RULE_ECS043, -1, NULL, "service %s has %d load balancer "
         "entries; a service takes at most 5 target groups", s->name, n);
  for (e = list->child; e != NULL; e = e->next, i++) {
    push_index(v, i);
    if (is_unknown(e))
      unknown_info(v, e, "load balancer");
    else if (js_object(e))
      check_load_balancer(v, s, e);
    pop(v);
  }
  pop(v);
}

/* }====================================================================== */


/* The rules of one service whose task definition is resolved (s->t, or
** NULL when unknown). */
static void check_service(V *v, svc *s, ecsnet_service_t *out) {
  s->mode = s->t ? s->t->mode : -1;
  s->lt = launch_type(v, s);
  out->launch_type = s->lt;
  check_network(v, s);
  check_strategy(v, s);
  check_fargate(v, s);
  check_external(v, s);
  check_load_balancers(v, s);
  check_registries(v, s);
  check_service_connect(v, s);
  check_port_names(v, s, s->props, "vpcLatticeConfigurations", 1);
  svc_deploy(v, s->resources, s->name, s->props, s->t, s->lt, &out->deploy);
}


/* The services room's resolution for ecsnet_svc_deploy.c. */
const cJSON *svc_referred(const cJSON *resources, const cJSON *n,
                          const char *type, char *name) {
  svc s;
  int ord, pord;
  memset(&s, 0, sizeof s);
  s.resources = resources;
  return referred(&s, n, type, name, &ord, &pord);
}


static void check_template_service(V *v, svc *s, ecsnet_service_t *out) {
  int index;
  s->t = task_definition(v, s, &index);
  s->td = s->t ? (s->t->resource ? s->t->resource : "?") : "?";
  v->td = index;
  out->taskdef = index;
  check_service(v, s, out);
  v->td = -1;
}


/* A service that another reader presents as a resource of a template it
** made (ecsnet_svc_tf.c: Terraform plans), its Properties pushed: the
** same rules, with its task definition t (NULL: unknown) named td. */
void check_presented_service(V *v, const cJSON *resources, const char *name,
                             const cJSON *props, const ecsnet_taskdef_t *t,
                             const char *td, int index,
                             ecsnet_service_t *out) {
  svc s;
  memset(&s, 0, sizeof s);
  s.resources = resources;
  s.name = name;
  s.props = props;
  s.t = t;
  s.td = td;
  v->td = index;
  check_service(v, &s, out);
  v->td = -1;
}


/* Every AWS::ECS::Service of the template (its Resources pushed at depth
** 1), after the task definitions: the report's services. */
size_t check_services(V *v, const cJSON *resources) {
  const cJSON *r;
  size_t n = 0;
  int k = 0;
  for (r = resources->child; r != NULL; r = r->next)
    n += has_type(r, "AWS::ECS::Service");
  if (n == 0)
    return 0;
  v->r->pub.services = (ecsnet_service_t *)aalloc(v, n * sizeof(ecsnet_service_t));
  for (r = resources->child; r != NULL; r = r->next, k++) {
    ecsnet_service_t *out;
    svc s;
    int o2 = -1;
    if (!has_type(r, "AWS::ECS::Service"))
      continue;
    out = &v->r->pub.services[v->r->pub.nservices++];
    memset(&s, 0, sizeof s);
    s.resources = resources;
    s.name = astrdup(v, r->string, strlen(r->string));
    push_key(v, r->string, k);
    out->name = s.name;
    out->pointer = here(v);
    out->taskdef = -1;
    s.props = cJSON_GetObjectItemCaseSensitive(r, "Properties");
    if (js_object(s.props)) {
      const cJSON *c;
      for (c = r->child, o2 = 0; c != NULL && c != s.props; c = c->next)
        o2++;
      push_key(v, "Properties", o2);
      check_template_service(v, &s, out);
      pop(v);
    }
    pop(v);
  }
  return n;
}


/* {======================================================================
** Service documents (AWS CLI JSON)
** ======================================================================= */

/* One service object at the walk's path, with the options' task
** definition. */
static void doc_service(V *v, const cJSON *obj, ecsnet_service_t *out) {
  svc s;
  const char *name = NULL;
  int ord;
  memset(&s, 0, sizeof s);
  s.props = obj;
  if (get_str(v, obj, "serviceName", &name, &ord) != R_OK) {
    s.partial = member(v, obj, "service", &ord, &name) != NULL;
    if (get_str(v, obj, "service", &name, &ord) != R_OK)
      name = "(unnamed)";
  }
  s.name = astrdup(v, name, strlen(name));
  out->name = s.name;
  out->pointer = here(v);
  out->taskdef = -1;
  s.t = v->o->taskdef;
  s.td = s.t && s.t->family ? s.t->family : "given";
  if (s.t == NULL)
    diag(v, ECSNET_RULE_ECS024, -1, NULL, "service %s: no task definition "
         "was given with it; the rules that need one were skipped (give "
         "the task definition alongside)", s.name);
  check_service(v, &s, out);
}


/* create-service or update-service input (the service object itself), or
** describe-services output ({"services": [...]}). */
int walk_service_doc(V *v, const cJSON *root, char *err, size_t errlen) {
  const cJSON *list = NULL, *e;
  int ord = -1, i = 0;
  const char *key = "services";
  if (!js_object(root)) {
    ecsnet__errf(err, errlen, "not a service: expected create-service input "
                 "or describe-services output, got %s", type_name(root));
    return ECSNET_EINVAL;
  }
  list = member(v, root, "services", &ord, &key);
  if (!js_array(list)) {
    v->r->pub.services = (ecsnet_service_t *)aalloc(v, sizeof(ecsnet_service_t));
    v->r->pub.nservices = 1;
    doc_service(v, root, &v->r->pub.services[0]);
    return ECSNET_OK;
  }
  v->r->pub.services = (ecsnet_service_t *)aalloc(
      v, ((size_t)cJSON_GetArraySize(list) + 1) * sizeof(ecsnet_service_t));
  push_key(v, key, ord);
  for (e = list->child; e != NULL; e = e->next, i++)
    if (js_object(e)) {
      push_index(v, i);
      doc_service(v, e, &v->r->pub.services[v->r->pub.nservices++]);
      pop(v);
    }
  pop(v);
  return ECSNET_OK;
}

/* }====================================================================== */
