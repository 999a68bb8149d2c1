/*
** ecsnet_td_task.c: the task and container rules of a task definition:
** the network mode and where it runs (R1-R6), container fields (R9-R11,
** R22, R23), parameters Fargate or Windows do not support, links, the
** Fargate task size and log drivers, container names, images and essential
** containers (task-definition validation; docs/reference.md §1.5, §6,
** §8.6).
*/
#include <stdio.h>

#include "ecsnet_td_internal.h"


/* systemControls is not here: Fargate supports it on platform version
** 1.4.0 and later on Linux (API SystemControl); Windows refuses it. */
static const ecsnet_field_t fargate_container[] = {
  ECSNET_F_CONTAINER_DISABLE_NETWORKING, ECSNET_F_CONTAINER_DNS_SEARCH_DOMAINS,
  ECSNET_F_CONTAINER_DNS_SERVERS, ECSNET_F_CONTAINER_DOCKER_SECURITY_OPTIONS,
  ECSNET_F_CONTAINER_PRIVILEGED, ECSNET_F_NONE
};
static const ecsnet_field_t fargate_task[] = {
  ECSNET_F_REGISTER_IPC_MODE, ECSNET_F_REGISTER_PID_MODE,
  ECSNET_F_REGISTER_PLACEMENT_CONSTRAINTS, ECSNET_F_NONE
};
static const ecsnet_field_t fargate_task_tf[] = {   /* Terraform's names */
  ECSNET_F_TF_TASK_IPC_MODE, ECSNET_F_TF_TASK_PID_MODE,
  ECSNET_F_TF_TASK_PLACEMENT_CONSTRAINTS, ECSNET_F_NONE
};
static const ecsnet_field_t windows_container[] = {
  ECSNET_F_CONTAINER_DISABLE_NETWORKING, ECSNET_F_CONTAINER_DNS_SERVERS,
  ECSNET_F_CONTAINER_DNS_SEARCH_DOMAINS, ECSNET_F_CONTAINER_SYSTEM_CONTROLS,
  ECSNET_F_NONE
};
/* linuxParameters (LinuxParameters: no key table, so by name) */
static const char *const fargate_swap[] = { "maxSwap", "swappiness", NULL };


/* check_params' last argument for a Linux task on Fargate, which takes
** pidMode "task" (API TaskDefinition, pidMode: "On Fargate for Linux
** containers, the only valid value is task"; docs/reference.md §2). */
#define LINUX_FARGATE 2

/* The parameters of obj that Fargate (ECS028) or Windows (ECS029) does
** not support: the fields in 'fields' (ending in ECSNET_F_NONE), or with
** fields NULL the members named in 'names' (ending in NULL). */
static void check_params(V *v, const cJSON *obj, const ecsnet_field_t *fields,
                         const char *const *names, ecsnet_rule_id_t id,
                         int skip_if_fargate) {
  int i;
  for (i = 0; fields ? fields[i] != ECSNET_F_NONE : names[i] != NULL; i++) {
    int ord;
    const char *name = fields ? field_name(fields[i]) : names[i], *key = name;
    const cJSON *n = fields ? fgiven(v, obj, fields[i], &ord, &key)
                            : given(v, obj, name, &ord, &key);
    if (n == NULL)
      continue;
    if (skip_if_fargate == LINUX_FARGATE && strncmp(name, "pid", 3) == 0 &&
        js_string(n) && strcmp(n->valuestring, "task") == 0)
      continue;
    if (skip_if_fargate && v->fargate) {
      const ecsnet_field_t *f;
      int dup = 0;
      for (f = fargate_container; *f != ECSNET_F_NONE; f++)
        if (fields && *f == fields[i])
          dup = 1;
      if (dup)
        continue;
    }
    push_key(v, key, ord);
    if (id == ECSNET_RULE_ECS028) {
      char *aws = astrf(v, "Tasks using the Fargate launch type do not "
                        "support %s.", name);
      diag(v, id, -1, aws, "Fargate does not support %s; remove it or run "
           "the task on EC2", key);
    }
    else
      diag(v, id, -1, NULL, "Windows containers do not support %s; remove it",
           key);
    pop(v);
  }
}


static int user_is_root(const char *u) {
  size_t n = strcspn(u, ":");
  return (n == 4 && strncmp(u, "root", 4) == 0) ||
         (n == 1 && u[0] == '0');
}


/* networkMode inside a container, links (R9), hostname (R10), extraHosts
** (R11) */
static void check_container_network(V *v, const cJSON *c, const char *name) {
  const char *key;
  int ord;
  /* networkMode inside a container (§6.1) */
  if (member(v, c, "networkMode", &ord, &key) != NULL) {   /* no field */
    push_key(v, key, ord);
    diag(v, ECSNET_RULE_ECS026, -1, NULL, "networkMode is a task-level setting; here, "
         "inside container '%s', ECS ignores it; move it to the task "
         "definition", name);
    pop(v);
  }

  /* links (R9), hostname (R10), extraHosts (R11) */
  if (fgiven(v, c, ECSNET_F_CONTAINER_LINKS, &ord, &key) != NULL &&
      (v->links = 1) != 0 &&   /* check_links reads them after the loop */
      notcap(v, ECSNET_CAP_LINKS)) {
    int awsvpc = v->m->id == ECSNET_MODE_AWSVPC;
    push_key(v, key, ord);
    diag(v, ECSNET_RULE_ECS009, cap_sev(v, ECSNET_CAP_LINKS),
         awsvpc ? "Links are not supported when networkMode=awsvpc." : NULL,
         "links are supported only in bridge mode%s, not %s%s; remove them%s",
         v->m->id == ECSNET_MODE_NAT ? " on Linux" : "", mode_name(v),
         v->windows && v->m->id != ECSNET_MODE_NAT ? " on Windows" : "",
         awsvpc ? " (containers of an awsvpc task reach each other on "
         "localhost)" : "");
    pop(v);
  }
  if (fgiven(v, c, ECSNET_F_CONTAINER_HOSTNAME, &ord, &key) && notcap(v, ECSNET_CAP_HOSTNAME)) {
    push_key(v, key, ord);
    diag(v, ECSNET_RULE_ECS010, cap_sev(v, ECSNET_CAP_HOSTNAME),
         v->m->id == ECSNET_MODE_AWSVPC ? "hostname is not supported on "
         "container when networkMode=awsvpc." : NULL,
         "hostname is not supported in %s mode; remove it", mode_name(v));
    pop(v);
  }
  if (fgiven(v, c, ECSNET_F_CONTAINER_EXTRA_HOSTS, &ord, &key) &&
      (notcap(v, ECSNET_CAP_EXTRA_HOSTS) || v->windows || v->fargate)) {
    push_key(v, key, ord);
    diag(v, ECSNET_RULE_ECS011, -1, NULL, "extraHosts is not supported %s; remove it "
         "and resolve names through DNS",
         v->fargate ? "on Fargate" : v->windows ? "on Windows"
         : "in awsvpc mode");
    pop(v);
  }

}


/* {======================================================================
** Task size, names, images, essential containers, log drivers
** (docs/reference.md §5.6, §8.6)
** ======================================================================= */

/* The log drivers Fargate supports (API_LogConfiguration). */
static const char *const fargate_log_drivers[] = {
  "awslogs", "splunk", "awsfirelens", NULL
};


/* logConfiguration.logDriver of a container on Fargate. An
** unknown value skips the rule (with an info). */
static void check_log_driver(V *v, const cJSON *c) {
  const cJSON *lc;
  const char *lkey, *driver;
  int lord, dord, i;
  if (fget_obj(v, c, ECSNET_F_CONTAINER_LOG_CONFIGURATION, &lc, &lord, &lkey) != R_OK)
    return;
  push_key(v, lkey, lord);
  if (get_str(v, lc, "logDriver", &driver, &dord) == R_OK) {
    for (i = 0; fargate_log_drivers[i] != NULL; i++)
      if (strcmp(driver, fargate_log_drivers[i]) == 0)
        break;
    if (fargate_log_drivers[i] == NULL) {
      char q[96];
      ecsnet_quote(q, sizeof q, driver, strlen(driver));
      push_key(v, key_at(lc, dord), dord);
      diag(v, ECSNET_RULE_ECS058, -1, NULL, "log driver %s is not supported "
           "on Fargate, which supports awslogs, splunk and awsfirelens; use "
           "one of them (awsfirelens can route logs to Fluentd, Fluent Bit "
           "and other destinations) or run the task on EC2", q);
      pop(v);
    }
  }
  pop(v);
}


/* An absent, null or empty value (a name or image AWS rejects as "null or
** empty"). */
static int empty_value(const cJSON *n) {
  return n == NULL || js_null(n) ||
         (js_string(n) && n->valuestring[0] == '\0');
}


/* A name or image diagnostic, at the member when there is one (empty or
** null), else at the container. */
static void no_name_image(V *v, const cJSON *n, const char *key, int ord,
                          const char *aws, const char *msg) {
  if (n != NULL)
    push_key(v, key, ord);
  diag(v, ECSNET_RULE_ECS055, -1, aws, "%s", msg);
  if (n != NULL)
    pop(v);
}


/* A container name the API takes: up to 255 letters, digits, hyphens and
** underscores (API ContainerDefinition, name). */
static int container_name_ok(const char *s) {
  size_t n = 0;
  for (; s[n] != '\0'; n++) {
    char c = s[n];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return 0;
  }
  return n <= 255;
}


/* A container without a name or an image, or with a name the API refuses. 'st_name' is the name's read
** status; a value not known statically counts as given. */
static void check_name_image(V *v, const cJSON *c, int st_name,
                             const char *name) {
  int ord = -1;
  const char *key = "name";
  const cJSON *n = fmember(v, c, ECSNET_F_CONTAINER_NAME, &ord, &key);
  if (st_name == R_ABSENT || (st_name == R_OK && name[0] == '\0'))
    no_name_image(v, n, key, ord, "Container.name should not be null or "
                  "empty.", "the container definition has no name; "
                  "RegisterTaskDefinition rejects it: set a name (up to 255 "
                  "letters, digits, '-' and '_')");
  else if (st_name == R_OK && !container_name_ok(name)) {
    char q[96];
    ecsnet_quote(q, sizeof q, name, strlen(name));
    no_name_image(v, n, key, ord, "Container.name contains invalid characters.",
                  astrf(v, "container name %s is not up to 255 letters, digits, "
                        "'-' and '_'; RegisterTaskDefinition rejects it: rename "
                        "the container", q));
  }
  key = "image";
  n = fmember(v, c, ECSNET_F_CONTAINER_IMAGE, &ord, &key);
  if (empty_value(n))
    no_name_image(v, n, key, ord, "Container.image should not be null or "
                  "empty.", astrf(v, "container '%s' has no image; "
                  "RegisterTaskDefinition rejects it: set the image (a "
                  "repository URL with a tag or digest)", name));
}

/* }====================================================================== */


/* parameters Fargate or Windows do not support */
static void check_container_params(V *v, const cJSON *c) {
  if (v->fargate)
    check_params(v, c, fargate_container, NULL, ECSNET_RULE_ECS028, 0);
  if (v->fargate) {
    const cJSON *lp;
    const char *lkey;
    int lord;
    if (fget_obj(v, c, ECSNET_F_CONTAINER_LINUX_PARAMETERS, &lp, &lord,
                 &lkey) == R_OK) {
      push_key(v, lkey, lord);
      check_params(v, lp, NULL, fargate_swap, ECSNET_RULE_ECS028, 0);
      pop(v);
    }
    check_log_driver(v, c);
  }
  if (v->windows)
    check_params(v, c, windows_container, NULL, ECSNET_RULE_ECS029, 1);

}


/* port mappings (R7, R8, R12-R18), into the model's out->ports */
static void check_port_mappings(V *v, const cJSON *c, int ci,
                                const char *name, ecsnet_td_container_t *out) {
  const cJSON *list;
  const char *key;
  int ord, st, nranges = 0;
  st = fget_list(v, c, ECSNET_F_CONTAINER_PORT_MAPPINGS, &list, &ord, &key);
  if (st == R_UNKNOWN)
    out->unknown = 1;   /* the model is incomplete (service rules skip) */
  if (st == R_OK && js_array(list) && list->child != NULL) {
    const cJSON *pm;
    int i = 0;
    size_t n = (size_t)cJSON_GetArraySize(list);
    push_key(v, key, ord);
    if (notcap(v, ECSNET_CAP_PORT_MAPPINGS)) {
      diag(v, ECSNET_RULE_ECS007, -1, NULL, "container '%s' has port mappings, but "
           "network mode none has no network: remove portMappings or choose "
           "bridge, host or awsvpc", name);
      /* the model still lists them */
    }
    out->ports = (ecsnet_td_port_t *)aalloc(v, n * sizeof *out->ports);
    for (pm = list->child; pm != NULL; pm = pm->next, i++) {
      ecsnet_td_port_t *tp = &out->ports[out->nports];
      push_index(v, i);
      memset(tp, 0, sizeof *tp);
      if (is_unknown(pm)) {
        unknown_info(v, pm, "port mapping");
        out->unknown = 1;
        tp->container_port = tp->host_port = -1;
        tp->range_first = tp->range_last = -1;
        tp->unknown = 1;
        tp->pointer = here(v);
        out->nports++;
      }
      else if (!js_object(pm)) {
        diag(v, ECSNET_RULE_ECS023, -1, NULL, "a port mapping must be an object, got %s",
             type_name(pm));
      }
      else if (notcap(v, ECSNET_CAP_PORT_MAPPINGS)) {
        tp->container_port = tp->host_port = -1;
        tp->range_first = tp->range_last = -1;
        tp->pointer = here(v);
        out->nports++;
      }
      else {
        check_port_mapping(v, pm, ci, name, tp, &nranges);
        out->nports++;
      }
      pop(v);
    }
    pop(v);
  }
}


static void check_container(V *v, const cJSON *c, int ci,
                            ecsnet_td_container_t *out) {
  const char *name = NULL, *user = NULL;
  int ord, uord = -1, st_name;
  long num;

  keycheck(v, c, ECSNET_KS_CONTAINER);
  st_name = fget_str(v, c, ECSNET_F_CONTAINER_NAME, &name, &ord);
  if (st_name == R_OK)
    out->name = astrdup(v, name, strlen(name));
  else if (st_name == R_UNKNOWN)
    out->unknown = 1;
  check_name_image(v, c, st_name, name ? name : "?");
  out->cpu = fget_int(v, c, ECSNET_F_CONTAINER_CPU, &num, &ord) == R_OK
             ? (double)num : -1;
  out->memory = fget_int(v, c, ECSNET_F_CONTAINER_MEMORY, &num, &ord) == R_OK
                ? (double)num : -1;
  if (fget_str(v, c, ECSNET_F_CONTAINER_USER, &user, &uord) == R_OK)
    out->user = astrdup(v, user, strlen(user));
  check_container_network(v, c, name ? name : "?");
  check_container_params(v, c);

  /* host mode as root (R23) */
  if (v->m != NULL && v->m->id == ECSNET_MODE_HOST) {
    if (user != NULL && user_is_root(user)) {
      push_key(v, key_at(c, uord), uord);
      diag(v, ECSNET_RULE_ECS022, -1, NULL, "container '%s' runs as '%s' in host mode, "
           "where it can impersonate the host; set user to a non-root user",
           name ? name : "?", user);
      pop(v);
    }
    else if (user == NULL)
      diag(v, ECSNET_RULE_ECS022, ECSNET_SEV_INFO, NULL, "container '%s' runs in host "
           "mode without a user: it runs as the image's user, often root; "
           "set user to a non-root user", name ? name : "?");
  }

  check_port_mappings(v, c, ci, name ? name : "?", out);
}


static const char *const platform_title[ECSNET_PLATFORM_COUNT] = {
  "EC2 Linux", "EC2 Windows", "Fargate", "ECS Anywhere (EXTERNAL) Linux",
  "ECS Anywhere (EXTERNAL) Windows", "Managed Instances"
};


/* Links (bridge mode) name containers of this task definition, as name or
** name:alias (ECS033; not verified whether RegisterTaskDefinition rejects an
** unknown name, so a warning). The containers list's key is pushed. */
static void check_links(V *v, const cJSON *containers,
                        const ecsnet_taskdef_t *t) {
  const cJSON *c;
  int i;
  for (c = containers->child, i = 0; c != NULL; c = c->next, i++) {
    const cJSON *links, *l;
    const char *key;
    int ord, k;
    if (!js_object(c) ||
        fget_list(v, c, ECSNET_F_CONTAINER_LINKS, &links, &ord, &key) != R_OK)
      continue;
    push_index(v, i);
    push_key(v, key, ord);
    for (l = links->child, k = 0; l != NULL; l = l->next, k++) {
      const char *colon;
      size_t n, j;
      int found = 0;
      if (!js_string(l) || is_unknown(l))
        continue;
      colon = strchr(l->valuestring, ':');
      n = colon ? (size_t)(colon - l->valuestring) : strlen(l->valuestring);
      for (j = 0; j < t->ncontainers && !found; j++)
        found = t->containers[j].name != NULL &&
                strlen(t->containers[j].name) == n &&
                memcmp(t->containers[j].name, l->valuestring, n) == 0;
      if (!found) {
        char q[96];
        ecsnet_quote(q, sizeof q, l->valuestring, n);
        push_index(v, k);
        diag(v, ECSNET_RULE_ECS033, -1, NULL, "link %s names no container of this task "
             "definition; Docker cannot link to it and the container does not "
             "start: name a container defined here (name or name:alias)", q);
        pop(v);
      }
    }
    pop(v);
    pop(v);
  }
}


/* requiresCompatibilities: the launch types it lists, added to *lt. */
static void read_compatibilities(V *v, const cJSON *props,
                                 ecsnet_field_t f, unsigned *lt) {
  const cJSON *list, *c;
  const char *key;
  int ord, k = 0;
  if (fget_list(v, props, f, &list, &ord, &key) != R_OK)
    return;
  push_key(v, key, ord);
  for (c = list->child; c != NULL; c = c->next, k++) {
    if (is_unknown(c))
      continue;
    push_index(v, k);
    if (!js_string(c))
      diag(v, ECSNET_RULE_ECS023, -1, NULL, "a compatibility must be a string, "
           "got %s", type_name(c));
    else if (strcmp(c->valuestring, "EC2") == 0) *lt |= ECSNET_LT_EC2;
    else if (strcmp(c->valuestring, "FARGATE") == 0)
      *lt |= ECSNET_LT_FARGATE;
    else if (strcmp(c->valuestring, "EXTERNAL") == 0)
      *lt |= ECSNET_LT_EXTERNAL;
    else if (strcmp(c->valuestring, "MANAGED_INSTANCES") == 0)
      *lt |= ECSNET_LT_MANAGED_INSTANCES;
    else {
      char q[96];
      ecsnet_quote(q, sizeof q, c->valuestring, strlen(c->valuestring));
      diag(v, ECSNET_RULE_ECS023, -1, NULL, "unknown compatibility %s: use EC2, "
           "FARGATE, EXTERNAL or MANAGED_INSTANCES", q);
    }
    pop(v);
  }
  pop(v);
}


/* Is props describe output's TaskDefinition: the describe shape, or a
** register-shaped object with keys only describe output has (the inner
** object of describe-task-definition, saved alone)? Its keys are checked
** against TaskDefinition then. */
static int describe_like(V *v, const cJSON *props) {
  static const char *const only[] = { "taskDefinitionArn", "revision",
                                      "status", "requiresAttributes",
                                      "compatibilities", "registeredAt",
                                      NULL };
  int i, ord;
  const char *key;
  if (v->r->pub.shape == ECSNET_SHAPE_DESCRIBE)
    return 1;
  if (v->cfn)
    return 0;
  for (i = 0; only[i] != NULL; i++)
    if (member(v, props, only[i], &ord, &key) != NULL)
      return 1;
  return 0;
}


/* The task attributes of a task definition object: family, networkMode
** (into *mode, its status returned), launch types, operating system,
** cpu and memory, and the task parameters Fargate does not support. */
/* A daemon task definition (Managed Daemons, docs/reference.md §8.3): the
** inner object of DescribeDaemonTaskDefinition, told by its
** daemonTaskDefinitionArn. Its API shape has no networkMode and no
** portMappings, so nothing else tells it from a bridge task definition. */
static int is_daemon(V *v, const cJSON *props) {
  int ord;
  const char *key;
  return props != NULL && !v->tf &&
         member(v, props, "daemonTaskDefinitionArn", &ord, &key) != NULL;
}


static int read_task(V *v, const cJSON *props, ecsnet_taskdef_t *t,
                     const char **mode, int *mode_ord, unsigned *lt,
                     ecsnet_os_t *os) {
  const char *family = NULL, *key;
  const cJSON *n;
  int ord, st_mode;
  v->describe = describe_like(v, props);
  /* a daemon's keys are DaemonTaskDefinition's, which the key tables lack */
  if (!is_daemon(v, props))
    keycheck(v, props, v->describe ? ECSNET_KS_DESCRIBE : ECSNET_KS_REGISTER);
  if (fget_str(v, props, ECSNET_F_REGISTER_FAMILY, &family, &ord) == R_OK)
    t->family = astrdup(v, family, strlen(family));
  st_mode = fget_str(v, props, ECSNET_F_REGISTER_NETWORK_MODE, mode, mode_ord);
  read_compatibilities(v, props, ECSNET_F_REGISTER_REQUIRES_COMPATIBILITIES,
                       lt);
  /* runtimePlatform.operatingSystemFamily */
  if (fget_obj(v, props, ECSNET_F_REGISTER_RUNTIME_PLATFORM, &n, &ord,
               &key) == R_OK) {
    const char *osf = NULL;
    int o2;
    push_key(v, key, ord);
    keycheck(v, n, ECSNET_KS_PLATFORM);
    if (fget_str(v, n, ECSNET_F_PLATFORM_OPERATING_SYSTEM_FAMILY, &osf,
                 &o2) == R_OK)
      *os = strncmp(osf, "WINDOWS", 7) == 0 ? ECSNET_OS_WINDOWS
                                            : ECSNET_OS_LINUX;
    pop(v);
  }
  n = fmember(v, props, ECSNET_F_REGISTER_CPU, &ord, &key);
  if (n != NULL)
    t->cpu = size_value(n);
  n = fmember(v, props, ECSNET_F_REGISTER_MEMORY, &ord, &key);
  if (n != NULL)
    t->memory = size_value(n);
  if (*lt & ECSNET_LT_FARGATE) {
    v->fargate = 1;
    check_params(v, props, fargate_task, NULL, ECSNET_RULE_ECS028,
                 *os == ECSNET_OS_WINDOWS ? 0 : LINUX_FARGATE);
  }
  return st_mode;
}


/* Is Terraform attribute 'name' unknown until apply (after_unknown)? Says
** so (ECS024) when the rules need it. */
static int tf_unknown(V *v, const char *name) {
  const cJSON *u = v->tf_unknown ? v->tf_unknown->child : NULL;
  for (; u != NULL; u = u->next)
    if (u->string != NULL && same(u->string, name)) {
      if (js_type(u) == cJSON_True) {
        diag(v, ECSNET_RULE_ECS024, -1, NULL, "%s is known only after "
             "apply (after_unknown): the rules that need it were skipped",
             name);
        return 1;
      }
      break;
    }
  return 0;
}


/* The task attributes of an aws_ecs_task_definition resource in Terraform's
** JSON output (snake_case; runtime_platform is a list of one block; null
** or "" is unset), as read_task() does for the API's names. */
static int read_task_tf(V *v, const cJSON *props, ecsnet_taskdef_t *t,
                        const char **mode, int *mode_ord, unsigned *lt,
                        ecsnet_os_t *os) {
  const char *family = NULL, *key;
  const cJSON *n;
  int ord, st_mode = R_UNKNOWN;
  keycheck(v, props, ECSNET_KS_TF_TASK);
  if (fget_str(v, props, ECSNET_F_TF_TASK_FAMILY, &family, &ord) == R_OK)
    t->family = astrdup(v, family, strlen(family));
  if (!tf_unknown(v, "network_mode")) {
    st_mode = fget_str(v, props, ECSNET_F_TF_TASK_NETWORK_MODE, mode,
                       mode_ord);
    if (st_mode == R_OK && (*mode)[0] == '\0')
      st_mode = R_ABSENT;
  }
  if (!tf_unknown(v, "requires_compatibilities"))
    read_compatibilities(v, props, ECSNET_F_TF_TASK_REQUIRES_COMPATIBILITIES,
                         lt);
  if (!tf_unknown(v, "runtime_platform") &&
      fget_list(v, props, ECSNET_F_TF_TASK_RUNTIME_PLATFORM, &n, &ord,
                &key) == R_OK &&
      js_object(n->child)) {
    const char *osf = NULL;
    int o2;
    push_key(v, key, ord);
    push_index(v, 0);
    keycheck(v, n->child, ECSNET_KS_TF_PLATFORM);
    if (fget_str(v, n->child, ECSNET_F_TF_PLATFORM_OPERATING_SYSTEM_FAMILY,
                 &osf, &o2) == R_OK)
      *os = strncmp(osf, "WINDOWS", 7) == 0 ? ECSNET_OS_WINDOWS
                                            : ECSNET_OS_LINUX;
    pop(v);
    pop(v);
  }
  n = fmember(v, props, ECSNET_F_TF_TASK_CPU, &ord, &key);
  if (n != NULL && !js_null(n))
    t->cpu = size_value(n);
  n = fmember(v, props, ECSNET_F_TF_TASK_MEMORY, &ord, &key);
  if (n != NULL && !js_null(n))
    t->memory = size_value(n);
  if (*lt & ECSNET_LT_FARGATE) {
    v->fargate = 1;
    check_params(v, props, fargate_task_tf, NULL, ECSNET_RULE_ECS028,
                 *os == ECSNET_OS_WINDOWS ? 0 : LINUX_FARGATE);
  }
  return st_mode;
}


/* The task attributes of Terraform's container_definitions, from the
** options. */
static int read_task_opts(V *v, ecsnet_taskdef_t *t, const char **mode) {
  int st_mode = R_ABSENT;
  if (v->o->network_mode != NULL) {
    *mode = v->o->network_mode;
    st_mode = R_OK;
  }
  if (v->o->family != NULL)
    t->family = astrdup(v, v->o->family, strlen(v->o->family));
  t->cpu = v->o->cpu >= 0 ? v->o->cpu : -1;
  t->memory = v->o->memory >= 0 ? v->o->memory : -1;
  return st_mode;
}


/* the mode (R1, R2): sets v->m (NULL when unknown) */
static void check_mode(V *v, const cJSON *props, ecsnet_taskdef_t *t,
                       int st_mode, const char *mode, int mode_ord,
                       ecsnet_os_t os) {
  v->m = NULL;
  if (st_mode == R_OK) {
    const ecsnet_mode_info_t *mi = NULL;
    int k;
    for (k = 0; k < ECSNET_MODE_COUNT; k++) {
      const ecsnet_mode_info_t *x = ecsnet_mode_info((ecsnet_mode_t)k);
      if (x->api_value != NULL && strcmp(x->api_value, mode) == 0)
        mi = x;
    }
    if (mi == NULL) {
      char q[96];
      ecsnet_quote(q, sizeof q, mode, strlen(mode));
      if (props != NULL)
        push_key(v, key_at(props, mode_ord), mode_ord);
      diag(v, ECSNET_RULE_ECS001, -1, NULL, "networkMode %s is not a network mode: use "
           "bridge, host, awsvpc or none, or leave it out for the default",
           q);
      if (props != NULL)
        pop(v);
    }
    else {
      v->m = mi;
      t->mode_given = 1;
    }
  }
  else if (st_mode == R_ABSENT) {
    const ecsnet_mode_info_t *mi = NULL;
    ecsnet_mode_lookup("default", 7, os, &mi);
    v->m = mi;
    diag(v, ECSNET_RULE_ECS002, -1, NULL, "networkMode is not set: the task uses the "
         "default mode, %s", os == ECSNET_OS_WINDOWS
         ? "'default' (Docker's nat driver) on Windows"
         : "bridge on Linux");
  }
  /* else unknown (diagnosed as info) or bad type: v->m stays NULL */
  t->mode = v->m ? (int)v->m->id : -1;
}


/* none on Managed Instances (R5): the developer guide leaves it out, the
** API reference lists it (docs/reference.md §8.3): a warning naming both. */
static void managed_none(V *v, const cJSON *props, int mode_ord) {
  if (props != NULL)
    push_key(v, key_at(props, mode_ord), mode_ord);
  diag(v, ECSNET_RULE_ECS051, -1, NULL, "networkMode none on Managed "
       "Instances: the developer guide (managed-instance-networking.html) "
       "lists only awsvpc and host, the API reference "
       "(ManagedInstancesNetworkConfiguration) lists none too; use awsvpc or "
       "host unless you have seen ECS accept none");
  if (props != NULL)
    pop(v);
}


/* enableFaultInjection (docs/reference.md §8.4): the agent injects network
** faults only in host and awsvpc mode and answers any other with the text
** quoted below, so the flag is a warning elsewhere. */
static void check_fault_injection(V *v, const cJSON *props) {
  const char *key;
  int ord;
  const cJSON *n;
  if (props == NULL || v->m == NULL || v->m->id == ECSNET_MODE_HOST ||
      v->m->id == ECSNET_MODE_AWSVPC)
    return;
  n = fmember(v, props, v->tf ? ECSNET_F_TF_TASK_ENABLE_FAULT_INJECTION
                              : ECSNET_F_REGISTER_ENABLE_FAULT_INJECTION,
              &ord, &key);
  if (n == NULL || !cJSON_IsTrue(n))
    return;   /* absent, false, or not known statically */
  push_key(v, key, ord);
  diag(v, ECSNET_RULE_ECS052, -1,
       astrf(v, "%s mode is not supported. Please use either host or awsvpc "
             "mode.", v->m->name),
       "enableFaultInjection is on but the task uses %s mode: the agent "
       "injects network faults only in host and awsvpc mode", v->m->name);
  pop(v);
}


/* A daemon task definition: no network mode of its own, no port mappings;
** read as none (no ENI, no VPC address: inferred, docs/reference.md §8.3). */
static void daemon_mode(V *v, ecsnet_taskdef_t *t) {
  const ecsnet_mode_info_t *mi = NULL;
  ecsnet_mode_lookup("none", 4, ECSNET_OS_LINUX, &mi);
  v->m = mi;
  t->mode = mi ? (int)mi->id : -1;
  diag(v, ECSNET_RULE_ECS053, -1, NULL, "a daemon task definition (Managed "
       "Daemons): it has no networkMode and runs in the agent's "
       "daemon-bridge network, not bridge mode; it appears to take no ENI "
       "and no VPC address (inferred), so ecsnet models it as none");
}


/* where it runs (R3-R6): the first platform that rejects the mode */
static void check_platforms(V *v, const cJSON *props,
                            const ecsnet_taskdef_t *t, int mode_ord) {
  static const struct { unsigned lt; int win; ecsnet_platform_t p;
                        ecsnet_rule_id_t id; } plat[] = {
    { ECSNET_LT_FARGATE, -1, ECSNET_PLATFORM_FARGATE, ECSNET_RULE_ECS003 },
    { ECSNET_LT_MANAGED_INSTANCES, -1, ECSNET_PLATFORM_MANAGED_INSTANCES,
      ECSNET_RULE_ECS005 },
    { ECSNET_LT_EXTERNAL, 0, ECSNET_PLATFORM_EXTERNAL_LINUX, ECSNET_RULE_ECS004 },
    { ECSNET_LT_EXTERNAL, 1, ECSNET_PLATFORM_EXTERNAL_WINDOWS, ECSNET_RULE_ECS004 },
    { 0, 1, ECSNET_PLATFORM_EC2_WINDOWS, ECSNET_RULE_ECS006 },
  };
  unsigned lt = t->launch_types;
  size_t k;
  if (v->m == NULL)
    return;
  for (k = 0; k < ECSNET_COUNTOF(plat); k++) {
    int applies = plat[k].lt ? (lt & plat[k].lt) != 0 : 1;
    if (plat[k].win >= 0 && plat[k].win != (int)v->windows)
      applies = 0;
    if (!applies || v->m->support[plat[k].p] != ECSNET_SUPPORT_NO)
      continue;
    if (plat[k].p == ECSNET_PLATFORM_MANAGED_INSTANCES && t->mode_given &&
        v->m->id == ECSNET_MODE_NONE) {
      managed_none(v, props, mode_ord);
      continue;
    }
    if (props != NULL && t->mode_given)
      push_key(v, key_at(props, mode_ord), mode_ord);
    if (plat[k].p == ECSNET_PLATFORM_FARGATE)
      diag(v, ECSNET_RULE_ECS003, -1, "Fargate only supports network mode "
           "\xe2\x80\x98" "awsvpc" "\xe2\x80\x99.",
           "requiresCompatibilities lists FARGATE, which needs networkMode "
           "awsvpc%s; set networkMode to awsvpc", t->mode_given ?
           astrf(v, ", not %s", v->m->name) : " (it is not set)");
    else
      diag(v, plat[k].id, -1, NULL, "%s mode cannot run on %s: %s",
           t->mode_given ? v->m->name : "the default",
           platform_title[plat[k].p],
           v->m->support_note[plat[k].p] ? v->m->support_note[plat[k].p]
           : "choose a supported network mode");
    if (props != NULL && t->mode_given)
      pop(v);
    break;
  }
}


/* The Fargate task sizes (docs/reference.md §8.6): for a cpu value, the
** memory from 'lo' to 'hi' MiB in steps of 'step'; 'win': also on Windows. */
static const struct { int cpu, lo, hi, step, win; } fargate_sizes[] = {
  { 256, 512, 512, 512, 0 },  { 256, 1024, 2048, 1024, 0 },
  { 512, 1024, 4096, 1024, 0 },  { 1024, 2048, 8192, 1024, 1 },
  { 2048, 4096, 16384, 1024, 1 },  { 4096, 8192, 30720, 1024, 1 },
  { 8192, 16384, 61440, 4096, 0 },  { 16384, 32768, 122880, 8192, 0 },
};


/* Task cpu or memory ('name') for the Fargate rule: R_OK with *out (CPU
** units or MiB), R_ABSENT (missing, null or ""), or R_UNKNOWN (not known
** statically, or a form size_value cannot read: skipped). The key is set
** for a value that is present. */
static int task_size(V *v, const cJSON *props, const char *name,
                     double optval, double *out, int *ord,
                     const char **key) {
  const cJSON *n;
  *key = NULL;
  if (props == NULL) {   /* Terraform container_definitions: options */
    *out = optval;
    return optval >= 0 ? R_OK : R_UNKNOWN;
  }
  if (v->tf && tf_unknown(v, name))
    return R_UNKNOWN;
  n = member(v, props, name, ord, key);
  if (empty_value(n))
    return R_ABSENT;
  *out = is_unknown(n) ? -1 : size_value(n);
  return *out >= 0 ? R_OK : R_UNKNOWN;
}


/* The memory Fargate allows with 'cpu', as text ("512, 1024 or 2048
** MiB"). */
static const char *sizes_text(V *v, int cpu) {
  char buf[160] = "";
  size_t k, n = 0;
  for (k = 0; k < ECSNET_COUNTOF(fargate_sizes); k++) {
    int lo = fargate_sizes[k].lo, hi = fargate_sizes[k].hi;
    if (fargate_sizes[k].cpu != cpu)
      continue;
    if (lo == hi)
      n += (size_t)snprintf(buf + n, sizeof buf - n, "%d, ", lo);
    else if (hi - lo == fargate_sizes[k].step)
      n += (size_t)snprintf(buf + n, sizeof buf - n, "%d or %d", lo, hi);
    else
      n += (size_t)snprintf(buf + n, sizeof buf - n, "%d to %d in steps of "
                            "%d", lo, hi, fargate_sizes[k].step);
  }
  return astrf(v, "%s MiB", buf);
}


/* A Fargate task without task-level cpu or memory ('sc', 'sm': their read
** status): AWS names the first one missing. */
static void fargate_size_missing(V *v, int sc, int sm) {
  const char *what = sc == R_ABSENT && sm == R_ABSENT ? "cpu and memory"
                     : sc == R_ABSENT ? "cpu" : "memory";
  diag(v, ECSNET_RULE_ECS054, -1, sc == R_ABSENT
       ? "Fargate requires that 'cpu' be defined at the task level."
       : "Fargate requires that 'memory' be defined at the task level.",
       "the task runs on Fargate, which needs task-level %s; set %s on the "
       "task definition (container-level values do not count), for example "
       "%s", what, what, sc == R_ABSENT && sm == R_ABSENT
       ? "cpu 256 with memory 512" : sc == R_ABSENT ? "cpu 256 (.25 vCPU)"
       : "memory 512 (MiB)");
}


/* Is 'cpu' a Fargate size (on Windows one of its three)? */
static int fargate_cpu(const V *v, double cpu) {
  size_t k;
  for (k = 0; k < ECSNET_COUNTOF(fargate_sizes); k++)
    if (cpu == fargate_sizes[k].cpu && (fargate_sizes[k].win || !v->windows))
      return 1;
  return 0;
}


/* Does 'mem' (MiB) go with the Fargate size 'cpu'? */
static int fargate_pair(double cpu, double mem) {
  size_t k;
  if (!(mem >= 0 && mem <= 1048576) || mem != (double)(long)mem)
    return 0;   /* checked before the cast: a huge double has no long */
  for (k = 0; k < ECSNET_COUNTOF(fargate_sizes); k++)
    if (cpu == fargate_sizes[k].cpu && mem >= fargate_sizes[k].lo &&
        mem <= fargate_sizes[k].hi &&
        ((long)mem - fargate_sizes[k].lo) % fargate_sizes[k].step == 0)
      return 1;
  return 0;
}


/* Task cpu and memory on Fargate: both given, at the task level, and one
** of the documented combinations (Windows: 1, 2 or 4 vCPU). A diagnostic
** points at the value when there is one. */
static void check_fargate_size(V *v, const cJSON *props,
                               const ecsnet_taskdef_t *t) {
  double cpu = -1, mem = -1;
  int cord = -1, mord = -1, sc, sm;
  const char *ckey, *mkey;
  sc = task_size(v, props, "cpu", t->cpu, &cpu, &cord, &ckey);
  sm = task_size(v, props, "memory", t->memory, &mem, &mord, &mkey);
  if (sc == R_ABSENT || sm == R_ABSENT)
    fargate_size_missing(v, sc, sm);
  else if (sc == R_OK && !fargate_cpu(v, cpu)) {
    if (ckey != NULL)
      push_key(v, ckey, cord);
    diag(v, ECSNET_RULE_ECS054, -1, "Invalid 'cpu' setting for task.",
         "task cpu %.17g is not a Fargate size: use %s CPU units (1024 = 1 "
         "vCPU)", cpu, v->windows ? "1024, 2048 or 4096 (Windows)"
         : "256, 512, 1024, 2048, 4096, 8192 or 16384");
    if (ckey != NULL)
      pop(v);
  }
  else if (sc == R_OK && sm == R_OK && !fargate_pair(cpu, mem)) {
    if (mkey != NULL)
      push_key(v, mkey, mord);
    diag(v, ECSNET_RULE_ECS054, -1, "No Fargate configuration exists for "
         "given values.", "task memory %.17g MiB does not go with cpu %.17g "
         "on Fargate: with %.17g CPU units use %s", mem, cpu, cpu,
         sizes_text(v, (int)cpu));
    if (mkey != NULL)
      pop(v);
  }
}


/* A containerDefinitions that is absent, unknown, empty or not a list. */
static void no_containers(V *v, const cJSON *containers,
                          int containers_ord, const char *containers_key) {
  if (containers == NULL)
    diag(v, ECSNET_RULE_ECS031, -1, NULL, "the task definition has no "
         "containerDefinitions; add a list of containers");
  else if (is_unknown(containers)) {
    push_key(v, containers_key, containers_ord);
    unknown_info(v, containers, containers_key);
    pop(v);
  }
  else {
    if (containers_key)
      push_key(v, containers_key, containers_ord);
    if (js_array(containers))
      diag(v, ECSNET_RULE_ECS031, -1, NULL, "containerDefinitions is empty; add at "
           "least one container");
    else
      diag(v, ECSNET_RULE_ECS023, -1, NULL, "containerDefinitions must be a list, "
           "got %s", type_name(containers));
    if (containers_key)
      pop(v);
  }
}


/* A name used by an earlier container of the task; names not
** known statically are not compared. 'tc' is the container just read. */
static void check_name_unique(V *v, const cJSON *c,
                              const ecsnet_taskdef_t *t,
                              const ecsnet_td_container_t *tc) {
  size_t j;
  if (tc->name == NULL || tc->name[0] == '\0')
    return;
  for (j = 0; j < t->ncontainers; j++)
    if (t->containers[j].name != NULL &&
        strcmp(t->containers[j].name, tc->name) == 0) {
      char q[96];
      int ord = -1;
      const char *key = "name";
      fmember(v, c, ECSNET_F_CONTAINER_NAME, &ord, &key);
      ecsnet_quote(q, sizeof q, tc->name, strlen(tc->name));
      push_key(v, key, ord);
      diag(v, ECSNET_RULE_ECS056, -1, "Container names must be unique "
           "within a Task Definition.", "container name %s is used by "
           "another container of this task definition (%s); give each "
           "container its own name", q, t->containers[j].pointer);
      pop(v);
      return;
    }
}


/* Is container c known not to be essential: essential false (in
** CloudFormation also the string "false")? Absent means true; a value not
** known statically may be true. */
static int non_essential(V *v, const cJSON *c) {
  int ord;
  const char *key;
  const cJSON *n = fmember(v, c, ECSNET_F_CONTAINER_ESSENTIAL, &ord, &key);
  return js_false(n) || (v->cfn && js_string(n) &&
                         strcmp(n->valuestring, "false") == 0);
}


/* containers (R22 and the per-container rules), then links */
static void check_containers(V *v, const cJSON *containers,
                             int containers_ord, const char *containers_key,
                             ecsnet_taskdef_t *t) {
  const cJSON *c;
  int i, essential = 0;
  size_t nc = (size_t)cJSON_GetArraySize(containers);
  if (nc > ECSNET_TD_MAX_CONTAINERS)
    over_limit(v, "containers", nc, ECSNET_TD_MAX_CONTAINERS);
  t->containers = (ecsnet_td_container_t *)aalloc(v,
                                                  nc * sizeof *t->containers);
  if (containers_key)
    push_key(v, containers_key, containers_ord);
  for (c = containers->child, i = 0; c != NULL; c = c->next, i++) {
    ecsnet_td_container_t *tc = &t->containers[t->ncontainers];
    memset(tc, 0, sizeof *tc);
    push_index(v, i);
    if (i == 10)
      diag(v, ECSNET_RULE_ECS021, -1, NULL, "the task definition has %zu containers; "
           "ECS allows at most 10 (not adjustable)", nc);
    if (is_unknown(c)) {
      unknown_info(v, c, "container definition");
      t->unknown = 1;
    }
    else if (!js_object(c))
      diag(v, ECSNET_RULE_ECS023, -1, NULL, "a container definition must be an "
           "object, got %s", type_name(c));
    else {
      /* read before the port mappings, which take the key indexes */
      if (!non_essential(v, c))
        essential = 1;
      tc->pointer = here(v);
      tc->cpu = tc->memory = -1;
      check_container(v, c, (int)t->ncontainers, tc);
      check_name_unique(v, c, t, tc);
      t->ncontainers++;
    }
    if (is_unknown(c) || !js_object(c))
      essential = 1;   /* not known: it may be essential */
    pop(v);
  }
  if (!essential)
    diag(v, ECSNET_RULE_ECS057, -1, "Task definition doesn't have any "
         "essential container.", "every container sets essential to false; "
         "ECS needs at least one essential container: set essential to true "
         "on the main one, or leave essential out (it defaults to true)");
  if (v->links && v->m != NULL && !notcap(v, ECSNET_CAP_LINKS))
    check_links(v, containers, t);
  if (containers_key)
    pop(v);
}


/* Reads the task attributes, then walks the containers. 'props' is the
** task definition object (NULL for Terraform: attributes from options;
** with v->tf a Terraform resource's values). */
void check_taskdef(V *v, const cJSON *props, const cJSON *containers,
                   int containers_ord, const char *containers_key,
                   ecsnet_taskdef_t *t) {
  const char *mode = NULL;
  int mode_ord = -1, st_mode;
  unsigned lt = v->o->launch_types;
  ecsnet_os_t os = v->o->os == ECSNET_OS_WINDOWS ? ECSNET_OS_WINDOWS
                                                 : ECSNET_OS_LINUX;
  t->pointer = here(v);
  t->cpu = t->memory = -1;
  t->mode = -1;
  if (props != NULL && v->tf)
    st_mode = read_task_tf(v, props, t, &mode, &mode_ord, &lt, &os);
  else if (props != NULL)
    st_mode = read_task(v, props, t, &mode, &mode_ord, &lt, &os);
  else
    st_mode = read_task_opts(v, t, &mode);
  v->fargate = (lt & ECSNET_LT_FARGATE) != 0;
  v->windows = os == ECSNET_OS_WINDOWS;
  t->os = os;
  t->launch_types = lt;
  if (is_daemon(v, props)) {
    daemon_mode(v, t);
  } else {
    check_mode(v, props, t, st_mode, mode, mode_ord, os);
    check_platforms(v, props, t, mode_ord);
  }
  check_fault_injection(v, props);
  if (v->fargate && !is_daemon(v, props))
    check_fargate_size(v, props, t);
  if (v->tf == 2) {   /* Terraform: container_definitions unknown or unread */
    t->unknown = 1;
    return;
  }
  if (js_null(containers))
    containers = NULL;
  if (is_unknown(containers))
    t->unknown = 1;   /* the model is incomplete (service rules skip) */
  if (containers == NULL || !js_array(containers) ||
      containers->child == NULL) {
    no_containers(v, containers, containers_ord, containers_key);
    return;
  }
  check_containers(v, containers, containers_ord, containers_key, t);
  check_ports(v, t);
}
