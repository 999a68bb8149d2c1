/*
** ecsnet_td_shape.c: the shapes of a task-definition document (register
** input, describe output, CloudFormation, Terraform), found in one pass
** over the top-level keys, and the walk over its task definitions (issue 4).
*/

#include "ecsnet_td_internal.h"

static const char *const shape_names[] = {
  "auto", "register", "describe", "cloudformation", "terraform"
};

const char *ecsnet_shape_name(ecsnet_shape_t s) {
  return ((int)s >= 0 && s < ECSNET_SHAPE_COUNT) ? shape_names[s] : NULL;
}


void ecsnet_validate_opts_init(ecsnet_validate_opts_t *o) {
  memset(o, 0, sizeof *o);
  o->shape = ECSNET_SHAPE_AUTO;
  o->os = -1;
  o->cpu = o->memory = -1;
  ecsnet_agent_config_init(&o->agent, ECSNET_OS_LINUX);
}


ecsnet_shape_t detect(const cJSON *root) {
  enum { DESCRIBE = 1, TD_SEEN = 2, CFN = 4, REGISTER = 8, CFN_PROPS = 16 };
  const cJSON *c;
  unsigned f = 0;
  if (js_array(root))
    return ECSNET_SHAPE_TERRAFORM;
  if (!js_object(root))
    return ECSNET_SHAPE_AUTO;
  /* one pass over the top-level keys */
  for (c = root->child; c != NULL; c = c->next) {
    const char *k = c->string;
    if (k == NULL)
      continue;
    if (same(k, "taskDefinition")) {
      if (!(f & TD_SEEN) && js_object(c))   /* the first one counts */
        f |= DESCRIBE;
      f |= TD_SEEN;
    }
    else if (same(k, "Resources") || same(k, "AWSTemplateFormatVersion"))
      f |= CFN;
    else if (same(k, "containerDefinitions") || same(k, "family") ||
             same(k, "networkMode"))
      f |= REGISTER;
    else if (same(k, "ContainerDefinitions"))
      f |= CFN_PROPS;
  }
  if (f & DESCRIBE)
    return ECSNET_SHAPE_DESCRIBE;
  if (f & CFN)
    return ECSNET_SHAPE_CLOUDFORMATION;
  if (f & REGISTER)
    return ECSNET_SHAPE_REGISTER;
  if (f & CFN_PROPS)
    return ECSNET_SHAPE_CLOUDFORMATION;   /* the Properties alone */
  return ECSNET_SHAPE_AUTO;
}


/* Member lookup with ordinal, exact name. */
static cJSON *child(const cJSON *obj, const char *name, int *ord) {
  cJSON *c;
  int i = 0;
  if (!js_object(obj))
    return NULL;
  for (c = obj->child; c != NULL; c = c->next, i++)
    if (c->string != NULL && strcmp(c->string, name) == 0) {
      *ord = i;
      return c;
    }
  return NULL;
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
  const cJSON *cd = member(v, props, "containerDefinitions", &ord, &key);
  check_taskdef(v, props, cd, ord, key, t);
}


/* A CloudFormation template: each AWS::ECS::TaskDefinition resource, or
** the Properties object alone. */
static int walk_cfn(V *v, const cJSON *root, size_t *cap_td, char *err,
                    size_t errlen) {
  const cJSON *res, *r;
  int k = 0, ord = -1;
  v->cfn = 1;
  res = child(root, "Resources", &ord);
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
    type = child(r, "Type", &o2);
    if (!js_string(type) ||
        strcmp(type->valuestring, "AWS::ECS::TaskDefinition") != 0)
      continue;
    push_key(v, r->string, k);
    props = child(r, "Properties", &o2);
    if (js_object(props)) {
      push_key(v, "Properties", o2);
      walk_props(v, props, cap_td);
      pop(v);
    }
    else {
      add_td(v, cap_td)->pointer = here(v);
      v->r->pub.taskdefs[v->td].mode = -1;
      v->r->pub.taskdefs[v->td].cpu = -1;
      v->r->pub.taskdefs[v->td].memory = -1;
      diag(v, ECSNET_RULE_ECS031, -1, NULL, "resource '%s' has no Properties "
           "object; add Properties with ContainerDefinitions",
           r->string);
    }
    pop(v);
  }
  pop(v);
  if (v->r->pub.ntaskdefs == 0) {
    ecsnet__errf(err, errlen, "the CloudFormation template has no "
                 "AWS::ECS::TaskDefinition resource");
    return ECSNET_EINVAL;
  }
  return ECSNET_OK;
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
      const cJSON *td = child(root, "taskDefinition", &ord);
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
    default:
    notobj:
      ecsnet__errf(err, errlen, "not a task definition: expected an object "
                   "with containerDefinitions, {\"taskDefinition\": ...}, a "
                   "CloudFormation template or a list of container "
                   "definitions, got %s", type_name(root));
      return ECSNET_EINVAL;
  }
  check_sc_names(v);
  return ECSNET_OK;
}
