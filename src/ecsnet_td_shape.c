/*
** ecsnet_td_shape.c: the shapes of a task-definition document (register
** input, describe output, CloudFormation, Terraform's container_definitions
** and `terraform show -json` plans and states), found in one pass over the
** top-level keys, and the walk over its task definitions (issues 4, 19).
*/

#include <stdio.h>
#include <stdlib.h>

#include "ecsnet_td_internal.h"

static const char *const shape_names[] = {
  "auto", "register", "describe", "cloudformation", "terraform",
  "terraform_plan", "service"
};

const char *ecsnet_shape_name(ecsnet_shape_t s) {
  return ((int)s >= 0 && s < ECSNET_SHAPE_COUNT) ? shape_names[s] : NULL;
}


void ecsnet_validate_opts_init(ecsnet_validate_opts_t *o) {
  memset(o, 0, sizeof *o);
  o->shape = ECSNET_SHAPE_AUTO;
  o->os = -1;
  o->cpu = o->memory = -1;
  o->ends = 1;
  ecsnet_agent_config_init(&o->agent, ECSNET_OS_LINUX);
}


/* A top-level list is Terraform's container_definitions when it is empty
** or its elements are container definitions: objects (or values unknown
** until deployment), one at least with a name, an image or port mappings. */
static int looks_like_containers(const cJSON *list) {
  const cJSON *e;
  int seen = 0;
  if (list->child == NULL)
    return 1;
  for (e = list->child; e != NULL; e = e->next) {
    const cJSON *k;
    if (js_string(e) && is_unknown(e))
      continue;
    if (!js_object(e))
      return 0;
    for (k = e->child; k != NULL && !seen; k = k->next)
      if (k->string != NULL &&
          (same(k->string, "name") || same(k->string, "image") ||
           same(k->string, "portMappings")))
        seen = 1;
  }
  return seen;
}


enum { DESCRIBE = 1, TD_SEEN = 2, CFN = 4, REGISTER = 8, CFN_PROPS = 16,
       TF_FORMAT = 32, TF_KEYS = 64, SERVICE = 128, SVC_KEY = 256,
       SVC_HINT = 512 };

/* What top-level member c (key k) tells detect(), added to the flags f;
** the keys told apart by their first letter first. A key that only
** CreateService takes (schedulingStrategy, deploymentConfiguration, ...)
** is a service alone: tools such as ecspresso keep a service definition
** of those keys without serviceName (API_CreateService). */
static unsigned shape_hint(const cJSON *c, const char *k, unsigned f) {
  switch (k[0]) {
    case 't':
      if (same(k, "taskDefinition")) {
        if (!(f & TD_SEEN) && js_object(c))   /* the first one counts */
          f |= DESCRIBE;
        return f | TD_SEEN;
      }
      return same(k, "terraform_version") ? f | TF_KEYS : f;
    case 'R': return same(k, "Resources") ? f | CFN : f;
    case 'A': return same(k, "AWSTemplateFormatVersion") ? f | CFN : f;
    case 'C': return same(k, "ContainerDefinitions") ? f | CFN_PROPS : f;
    case 'c':
      if (same(k, "containerDefinitions"))
        return f | REGISTER;
      return same(k, "cluster") ? f | SVC_HINT : f;
    case 'f':
      if (same(k, "family"))
        return f | REGISTER;
      return same(k, "format_version") ? f | TF_FORMAT : f;
    case 'n':
      if (same(k, "networkMode"))
        return f | REGISTER;
      return same(k, "networkConfiguration") ? f | SVC_HINT : f;
    case 'p': return same(k, "planned_values") ? f | TF_KEYS : f;
    case 'v':
      if (same(k, "vpcLatticeConfigurations"))
        return f | SERVICE;
      return same(k, "values") ? f | TF_KEYS : f;
    case 'h':
      return same(k, "healthCheckGracePeriodSeconds") ? f | SERVICE : f;
    case 'r': return same(k, "resource_changes") ? f | TF_KEYS : f;
    case 's':
      if (same(k, "serviceName") || same(k, "schedulingStrategy") ||
          same(k, "serviceRegistries") ||
          same(k, "serviceConnectConfiguration") ||
          (same(k, "services") && js_array(c) && js_object(c->child)))
        return f | SERVICE;   /* create-service input, describe-services */
      return same(k, "service") ? f | SVC_KEY   /* update-service input, */
                                : f;            /* with one of the hints */
    case 'd':
      if (same(k, "deploymentConfiguration") ||
          same(k, "deploymentController"))
        return f | SERVICE;
      return same(k, "desiredCount") ? f | SVC_HINT : f;
    case 'l': return same(k, "loadBalancers") ? f | SVC_HINT : f;
    default: return f;
  }
}


ecsnet_shape_t detect(const cJSON *root) {
  const cJSON *c;
  unsigned f = 0;
  if (js_array(root))
    return looks_like_containers(root) ? ECSNET_SHAPE_TERRAFORM
                                       : ECSNET_SHAPE_AUTO;
  if (!js_object(root))
    return ECSNET_SHAPE_AUTO;
  /* one pass over the top-level keys */
  for (c = root->child; c != NULL; c = c->next)
    if (c->string != NULL)
      f = shape_hint(c, c->string, f);
  if ((f & (SVC_KEY | SVC_HINT)) == (SVC_KEY | SVC_HINT))
    f |= SERVICE;
  if ((f & (TF_FORMAT | TF_KEYS)) == (TF_FORMAT | TF_KEYS))
    return ECSNET_SHAPE_TERRAFORM_PLAN;
  if (f & DESCRIBE)
    return ECSNET_SHAPE_DESCRIBE;
  if (f & CFN)
    return ECSNET_SHAPE_CLOUDFORMATION;
  if (f & REGISTER)
    return ECSNET_SHAPE_REGISTER;
  if (f & SERVICE)
    return ECSNET_SHAPE_SERVICE;
  if (f & CFN_PROPS)
    return ECSNET_SHAPE_CLOUDFORMATION;   /* the Properties alone */
  return ECSNET_SHAPE_AUTO;
}


static ecsnet_taskdef_t *add_td(V *v, size_t *cap_td) {
  report *r = v->r;
  ecsnet_taskdef_t *t;
  if (r->pub.ntaskdefs == *cap_td) {
    size_t nc = *cap_td ? *cap_td * 2 : 4;
    ecsnet_taskdef_t *nt = (ecsnet_taskdef_t *)aalloc(v, nc * sizeof *nt);
    if (r->pub.ntaskdefs)
      memcpy(nt, r->pub.taskdefs, r->pub.ntaskdefs * sizeof *nt);
    r->pub.taskdefs = nt;
    *cap_td = nc;
  }
  t = &r->pub.taskdefs[r->pub.ntaskdefs];
  memset(t, 0, sizeof *t);
  v->td = (int)r->pub.ntaskdefs++;
  v->nports = 0;
  v->links = 0;
  return t;
}


/* A task definition object (register shape, or CloudFormation Properties). */
static void walk_props(V *v, const cJSON *props, size_t *cap_td) {
  ecsnet_taskdef_t *t = add_td(v, cap_td);
  int ord = -1;
  const char *key = "containerDefinitions";
  const cJSON *cd = fmember(v, props, ECSNET_F_REGISTER_CONTAINER_DEFINITIONS,
                            &ord, &key);
  check_taskdef(v, props, cd, ord, key, t);
}


/* A CloudFormation template: each AWS::ECS::TaskDefinition resource, then
** each AWS::ECS::Service (ecsnet_svc.c), or the Properties object alone. */
static int walk_cfn(V *v, const cJSON *root, size_t *cap_td, char *err,
                    size_t errlen) {
  const cJSON *res, *r;
  int k = 0, ord = -1;
  size_t nsvc;
  v->cfn = 1;
  res = child_ord(root, "Resources", &ord);
  if (res == NULL) {   /* the Properties object alone */
    walk_props(v, root, cap_td);
    return ECSNET_OK;
  }
  if (!js_object(res)) {
    ecsnet__errf(err, errlen, "not a CloudFormation template: "
                 "\"Resources\" must be an object");
    return ECSNET_EINVAL;
  }
  push_key(v, "Resources", ord);
  for (r = res->child; r != NULL; r = r->next, k++) {
    const cJSON *type, *props;
    int o2 = -1;
    type = child_ord(r, "Type", &o2);
    if (!js_string(type) ||
        strcmp(type->valuestring, "AWS::ECS::TaskDefinition") != 0)
      continue;
    push_key(v, r->string, k);
    props = child_ord(r, "Properties", &o2);
    if (js_object(props)) {
      push_key(v, "Properties", o2);
      walk_props(v, props, cap_td);
      pop(v);
      v->r->pub.taskdefs[v->td].resource = astrdup(v, r->string,
                                                   strlen(r->string));
    }
    else {
      add_td(v, cap_td)->pointer = here(v);
      v->r->pub.taskdefs[v->td].mode = -1;
      v->r->pub.taskdefs[v->td].cpu = -1;
      v->r->pub.taskdefs[v->td].memory = -1;
      diag(v, ECSNET_RULE_ECS031, -1, NULL, "resource '%s' has no Properties "
           "object; add Properties with ContainerDefinitions",
           r->string);
      v->r->pub.taskdefs[v->td].resource = astrdup(v, r->string,
                                                   strlen(r->string));
    }
    pop(v);
  }
  v->td = -1;
  nsvc = check_services(v, res);
  pop(v);
  if (v->r->pub.ntaskdefs == 0 && nsvc == 0) {
    ecsnet__errf(err, errlen, "the CloudFormation template has no "
                 "AWS::ECS::TaskDefinition resource");   /* nor a service */
    return ECSNET_EINVAL;
  }
  return ECSNET_OK;
}


/* {======================================================================
** Terraform plans and states (terraform show -json)
** ======================================================================= */

/* Where the container definitions of one resource are: the path depth of
** its container_definitions member, that member's pointer and the parsed
** string (NULL when the value was a list already). */
typedef struct {
  const char *address;
  int depth;             /* v->depth at the resource's values */
  int cd_ord;
  const char *cd_ptr;    /* pointer of container_definitions */
  const char *text;      /* the string's text, or NULL */
  const cJSON *tree;     /* its parse */
} tfres;


/* The ordinal path of the RFC 6901 pointer 'p' in tree, into ord[]; the
** number of levels resolved. */
static int resolve_ptr(const cJSON *tree, const char *p, int *ord, int max) {
  int n = 0;
  while (*p == '/' && n < max && tree != NULL) {
    char key[256];
    size_t kl = 0;
    const cJSON *c;
    int i = 0;
    for (p++; *p != '\0' && *p != '/'; p++)
      if (kl + 1 < sizeof key) {
        if (p[0] == '~' && (p[1] == '0' || p[1] == '1'))
          key[kl++] = *++p == '0' ? '~' : '/';
        else
          key[kl++] = *p;
      }
    key[kl] = '\0';
    if (js_array(tree)) {
      long want = strtol(key, NULL, 10);
      for (c = tree->child; c != NULL && i < want; c = c->next)
        i++;
    }
    else
      for (c = tree->child; c != NULL; c = c->next, i++)
        if (c->string != NULL && strcmp(c->string, key) == 0)
          break;
    if (c == NULL)
      break;
    ord[n++] = i;
    tree = c;
  }
  return n;
}


/* The diagnostics of one resource, from index 'from': each message names
** the resource's address; a finding inside the container_definitions
** string gives its line and column in that string, and points at the
** string in the plan. */
static void tf_finish(V *v, size_t from, const tfres *res) {
  report *r = v->r;
  size_t i, plen = res->cd_ptr ? strlen(res->cd_ptr) : 0;
  ecsnet_loc_t loc;
  if (res->text != NULL)
    ecsnet__loc_init(&loc, res->text, strlen(res->text));
  for (i = from; i < r->nid; i++) {
    idiag *d = &r->id[i];
    char where[96] = "";
    size_t ml;
    char *m;
    if (res->text != NULL && d->nord > res->depth &&
        d->ord[res->depth] == res->cd_ord &&
        strncmp(d->d.f.pointer, res->cd_ptr, plen) == 0 &&
        d->d.f.pointer[plen] == '/') {
      int ord[MAXDEPTH];
      unsigned line, col;
      int n = resolve_ptr(res->tree, d->d.f.pointer + plen, ord, MAXDEPTH);
      ecsnet__loc_line_col(&loc, ecsnet__loc_find(&loc, ord, n), &line,
                           &col);
      snprintf(where, sizeof where, " (inside the container_definitions "
               "string: line %u, column %u)", line, col);
      d->nord = res->depth + 1;
    }
    ml = strlen(res->address) + 2 + strlen(d->d.f.message) + strlen(where);
    m = (char *)aalloc(v, ml + 1);
    snprintf(m, ml + 1, "%s: %s%s", res->address, d->d.f.message, where);
    d->d.f.message = m;
  }
}


/* The walk of one resource's container definitions under its own
** out-of-memory handler, which frees the parsed string before passing the
** unwinding on. */
static void tf_check(V *v, const cJSON *values, const cJSON *cd,
                     ecsnet_taskdef_t *t, cJSON *tree, size_t from,
                     const tfres *res) {
  jmp_buf outer;
  int code;
  memcpy(outer, v->oom, sizeof outer);
  code = setjmp(v->oom);
  if (code == 0) {
    check_taskdef(v, values, cd, res->cd_ord, "container_definitions", t);
    v->tf = 0;
    v->tf_unknown = NULL;
    tf_finish(v, from, res);
  }
  memcpy(v->oom, outer, sizeof outer);
  if (tree != NULL) {
    cJSON_Delete(tree);
    forget_keys(v);   /* the key indexes may hold its objects */
  }
  if (code != 0)
    longjmp(v->oom, code);
}


/* One aws_ecs_task_definition: its values (planned, or the state's), its
** after_unknown object (or NULL) and address. In after_unknown, true marks
** a value known only after apply; a list or object there marks parts of
** one (not read: those parts are absent from the values). */
static void tf_resource(V *v, const cJSON *values, const cJSON *unknown,
                        const char *address, size_t *cap_td) {
  ecsnet_taskdef_t *t = add_td(v, cap_td);
  size_t from = v->r->nid;
  tfres res;
  cJSON *tree = NULL;
  const cJSON *cd, *u;
  int ord = -1;
  const char *key = "container_definitions";
  memset(&res, 0, sizeof res);
  res.address = address;
  res.depth = v->depth;
  v->tf = 1;
  v->tf_unknown = js_object(unknown) ? unknown : NULL;
  cd = fmember(v, values, ECSNET_F_TF_TASK_CONTAINER_DEFINITIONS, &ord, &key);
  res.cd_ord = ord;
  u = v->tf_unknown ? cJSON_GetObjectItemCaseSensitive(v->tf_unknown,
                                                       "container_definitions")
                    : NULL;
  if (js_type(u) == cJSON_True && (cd == NULL || js_null(cd))) {
    v->tf = 2;
    diag(v, ECSNET_RULE_ECS024, -1, NULL, "container_definitions is known only "
         "after apply (after_unknown): the container rules were skipped");
  }
  else if (js_string(cd)) {
    ecsnet_front_t f;
    char err[ECSNET_ERRBUF_MAX];
    f.syntax = ECSNET_SYNTAX_JSON;
    f.what = f.a_what = NULL;
    f.max = ECSNET_TD_MAX_BYTES;
    push_key(v, key, ord);
    res.cd_ptr = here(v);
    if (unknown_string(cd->valuestring)) {
      v->tf = 2;
      unknown_info(v, cd, key);
    }
    else {
      int st = ecsnet__front_load(&f, cd->valuestring, strlen(cd->valuestring),
                                  &tree, err, sizeof err);
      if (st == ECSNET_ENOMEM)
        OOM(v);
      if (st != ECSNET_OK) {
        v->tf = 2;
        diag(v, ECSNET_RULE_ECS023, -1, NULL, "container_definitions must be "
             "a JSON list of container definitions: %s", err);
      }
      else {
        res.text = cd->valuestring;
        res.tree = tree;
        cd = tree;
      }
    }
    pop(v);
  }
  tf_check(v, values, cd, t, tree, from, &res);
}


/* Is resource r an aws_ecs_task_definition (not a data source)? */
static int tf_is_taskdef(const cJSON *r) {
  const cJSON *type = cJSON_GetObjectItemCaseSensitive(r, "type");
  const cJSON *mode = cJSON_GetObjectItemCaseSensitive(r, "mode");
  return js_string(type) &&
         strcmp(type->valuestring, "aws_ecs_task_definition") == 0 &&
         !(js_string(mode) && strcmp(mode->valuestring, "data") == 0);
}


/* tf_after_unknown: in a change, its own; else the change of the resource
** at the same address in resource_changes. */
const cJSON *tf_after_unknown(const tf_res_t *res) {
  const cJSON *c;
  if (res->change_ord >= 0)
    return cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(res->r, "change"), "after_unknown");
  for (c = js_array(res->changes) ? res->changes->child : NULL; c != NULL;
       c = c->next) {
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(c, "address");
    if (js_string(a) && strcmp(a->valuestring, res->address) == 0)
      return cJSON_GetObjectItemCaseSensitive(
          cJSON_GetObjectItemCaseSensitive(c, "change"), "after_unknown");
  }
  return NULL;
}


typedef void (*tf_visit)(V *v, const tf_res_t *res, void *ctx);

/* A module of planned_values or values: its resources, then its child
** modules, each at its pointer. */
static void tf_module(V *v, const cJSON *mod, tf_res_t *res, int level,
                      tf_visit fn, void *ctx) {
  const cJSON *list, *r;
  int ord = -1, k;
  if (!js_object(mod) || level > 8)
    return;
  list = child_ord(mod, "resources", &ord);
  if (js_array(list)) {
    push_key(v, "resources", ord);
    for (r = list->child, k = 0; r != NULL; r = r->next, k++) {
      const cJSON *a = cJSON_GetObjectItemCaseSensitive(r, "address");
      res->r = r;
      res->values = child_ord(r, "values", &res->vord);
      if (!js_object(res->values) || !js_string(a))
        continue;
      res->address = a->valuestring;
      push_index(v, k);
      fn(v, res, ctx);
      pop(v);
    }
    pop(v);
  }
  list = child_ord(mod, "child_modules", &ord);
  if (js_array(list)) {
    const char *maddr = res->maddr;
    push_key(v, "child_modules", ord);
    for (r = list->child, k = 0; r != NULL; r = r->next, k++) {
      const cJSON *a = cJSON_GetObjectItemCaseSensitive(r, "address");
      res->maddr = js_string(a) ? a->valuestring : NULL;
      push_index(v, k);
      tf_module(v, r, res, level + 1, fn, ctx);
      pop(v);
    }
    res->maddr = maddr;
    pop(v);
  }
}


/* resource_changes alone (no planned_values): each change's after. */
static void tf_changes(V *v, tf_res_t *res, tf_visit fn, void *ctx) {
  const cJSON *r;
  int k;
  for (r = res->changes->child, k = 0; r != NULL; r = r->next, k++) {
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(r, "address");
    const cJSON *ma = cJSON_GetObjectItemCaseSensitive(r, "module_address");
    res->r = r;
    res->values = child_ord(child_ord(r, "change", &res->change_ord), "after",
                            &res->vord);
    if (!js_object(res->values) || !js_string(a))
      continue;   /* deleted: nothing to check */
    res->address = a->valuestring;
    res->maddr = js_string(ma) ? ma->valuestring : NULL;
    push_index(v, k);
    fn(v, res, ctx);
    pop(v);
  }
}


void tf_walk(V *v, const cJSON *root, tf_visit fn, void *ctx) {
  const cJSON *top;
  int ord = -1, o2 = -1;
  const char *name = "planned_values";
  tf_res_t res;
  memset(&res, 0, sizeof res);
  res.change_ord = -1;
  res.vkey = "values";
  res.changes = child_ord(root, "resource_changes", &o2);
  top = child_ord(root, name, &ord);
  if (!js_object(top)) {
    name = "values";
    top = child_ord(root, name, &ord);
  }
  if (js_object(top)) {
    const cJSON *mod = child_ord(top, "root_module", &o2);
    push_key(v, name, ord);
    push_key(v, "root_module", o2);
    tf_module(v, mod, &res, 0, fn, ctx);
    pop(v);
    pop(v);
  }
  else if (js_array(res.changes)) {
    res.vkey = "after";
    push_key(v, "resource_changes", o2);
    tf_changes(v, &res, fn, ctx);
    pop(v);
  }
}


/* tf_walk's visitor for the task definitions. */
static void tf_taskdef(V *v, const tf_res_t *res, void *cap_td) {
  if (!tf_is_taskdef(res->r))
    return;
  if (res->change_ord >= 0)
    push_key(v, "change", res->change_ord);
  push_key(v, res->vkey, res->vord);
  tf_resource(v, res->values, tf_after_unknown(res), res->address,
              (size_t *)cap_td);
  pop(v);
  if (res->change_ord >= 0)
    pop(v);
}


/* A plan (planned_values, resource_changes) or a state (values): every
** aws_ecs_task_definition of the root module and its child modules, then
** every aws_ecs_service (ecsnet_svc_tf.c). */
static int walk_tfplan(V *v, const cJSON *root, size_t *cap_td, char *err,
                       size_t errlen) {
  int ord = -1;
  tf_walk(v, root, tf_taskdef, cap_td);
  v->td = -1;
  if (check_tf_services(v, root) == 0 && v->r->pub.ntaskdefs == 0) {
    ecsnet__errf(err, errlen, "the Terraform %s has no "
                 "aws_ecs_task_definition resource",
                 child_ord(root, "planned_values", &ord) != NULL ||
                 js_array(child_ord(root, "resource_changes", &ord))
                 ? "plan" : "state");
    return ECSNET_EINVAL;
  }
  return ECSNET_OK;
}

/* }====================================================================== */


/* A document that is almost a task definition: the first top-level key
** that is a misspelt key of a shape ("containerDefintions"), named in
** buf with the key meant (else buf is left alone). */
static void near_miss(const cJSON *root, char *buf, size_t len) {
  static const char *const keys[] = {
    "containerDefinitions", "taskDefinition", "ContainerDefinitions",
    "Resources", "AWSTemplateFormatVersion", "planned_values",
    "format_version", "networkMode", "family"
  };
  const cJSON *c;
  if (!js_object(root))
    return;
  for (c = root->child; c != NULL; c = c->next) {
    const char *sug;
    if (c->string == NULL || c->string[0] == '\0')
      continue;
    sug = ecsnet__suggest(c->string, keys, ECSNET_COUNTOF(keys));
    if (sug != NULL) {
      char q[96];
      ecsnet_quote(q, sizeof q, c->string, strlen(c->string));
      snprintf(buf, len, "key %s is no key of a task-definition document; "
               "did you mean \"%s\"?", q, sug);
      return;
    }
  }
}


/* Service Connect names that no mapping carries (R16) */
static void check_sc_names(V *v) {
  size_t k;
  if (v->o->nservice_connect == 0 || v->sc_unknown)
    return;
  v->td = -1;
  v->depth = 0;
  for (k = 0; k < v->o->nservice_connect && k < ECSNET_COUNTOF(v->sc_found);
       k++)
    if (!v->sc_found[k] && v->o->service_connect[k] != NULL)
      diag(v, ECSNET_RULE_ECS032, -1, NULL, "Service Connect port name '%s' matches "
           "no port mapping name; name the port mapping or correct the "
           "name", v->o->service_connect[k]);
}


#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
int walk(V *v, const cJSON *root, ecsnet_shape_t shape, char *err,
         size_t errlen) {
  size_t cap_td = 0;
  int ord = -1, st;
  v->depth = 0;
  switch (shape) {
    case ECSNET_SHAPE_REGISTER:
      if (!js_object(root))
        goto notobj;
      walk_props(v, root, &cap_td);
      break;
    case ECSNET_SHAPE_DESCRIBE: {
      const cJSON *td = child_ord(root, "taskDefinition", &ord);
      if (!js_object(td)) {
        ecsnet__errf(err, errlen, "not a describe-task-definition output: "
                     "expected an object with a \"taskDefinition\" object");
        return ECSNET_EINVAL;
      }
      push_key(v, "taskDefinition", ord);
      walk_props(v, td, &cap_td);
      pop(v);
      break;
    }
    case ECSNET_SHAPE_CLOUDFORMATION:
      if (!js_object(root)) {
        v->cfn = 1;
        goto notobj;
      }
      st = walk_cfn(v, root, &cap_td, err, errlen);
      if (st != ECSNET_OK)
        return st;
      break;
    case ECSNET_SHAPE_TERRAFORM:
      if (!js_array(root)) {
        ecsnet__errf(err, errlen, "not a Terraform container_definitions "
                     "value: expected a list of containers, got %s",
                     type_name(root));
        return ECSNET_EINVAL;
      }
      check_taskdef(v, NULL, root, -1, NULL, add_td(v, &cap_td));
      break;
    case ECSNET_SHAPE_SERVICE:
      st = walk_service_doc(v, root, err, errlen);
      if (st != ECSNET_OK)
        return st;
      break;
    case ECSNET_SHAPE_TERRAFORM_PLAN:
      if (!js_object(root)) {
        ecsnet__errf(err, errlen, "not a Terraform plan or state (terraform "
                     "show -json): expected an object, got %s",
                     type_name(root));
        return ECSNET_EINVAL;
      }
      st = walk_tfplan(v, root, &cap_td, err, errlen);
      if (st != ECSNET_OK)
        return st;
      break;
    default:
    notobj: {
      char near[160] = "";
      near_miss(root, near, sizeof near);
      if (near[0] != '\0')
        ecsnet__errf(err, errlen, "not a task definition: %s", near);
      else
        ecsnet__errf(err, errlen, "not a task definition: expected an "
                     "object with containerDefinitions, {\"taskDefinition\": "
                     "...}, a CloudFormation template or a list of container "
                     "definitions, got %s", type_name(root));
      return ECSNET_EINVAL;
    }
  }
  check_sc_names(v);
  return ECSNET_OK;
}


/* {======================================================================
** A Terraform configuration given instead of JSON
** ======================================================================= */

/* Does text look like Terraform's HCL (a .tf file) rather than JSON: its
** first word, after blanks and comments, a top-level block type of the
** language followed by a label or a brace? For the entry point, which
** then says in one line that `terraform show -json` is the way instead of
** giving a JSON syntax error. */
int looks_like_hcl(const char *s, size_t n) {
  static const char *const blocks[] = {
    "resource", "data", "module", "provider", "variable", "output",
    "locals", "terraform", "moved", "import", "removed", "check", NULL
  };
  const char *p = s, *e = s + n, *w;
  int i;
  if (s == NULL)
    return 0;
  for (;;) {   /* blanks and comments: #, //, slash-star */
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
      p++;
    if (p < e && (*p == '#' || (*p == '/' && p + 1 < e && p[1] == '/')))
      while (p < e && *p != '\n')
        p++;
    else if (p + 1 < e && p[0] == '/' && p[1] == '*') {
      for (p += 2; p + 1 < e && !(p[0] == '*' && p[1] == '/'); p++)
        ;
      p += 2;
    }
    else
      break;
  }
  for (w = p; p < e && ((*p >= 'a' && *p <= 'z') || *p == '_'); p++)
    ;
  if (p == w)
    return 0;   /* no word: JSON's '{' or '[', for one */
  for (i = 0; blocks[i] != NULL; i++)
    if ((size_t)(p - w) == strlen(blocks[i]) &&
        strncmp(w, blocks[i], (size_t)(p - w)) == 0)
      break;
  if (blocks[i] == NULL)
    return 0;
  while (p < e && (*p == ' ' || *p == '\t'))
    p++;
  return p < e && (*p == '"' || *p == '{');
}

/* }====================================================================== */
