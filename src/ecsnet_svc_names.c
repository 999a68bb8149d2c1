/*
** ecsnet_svc_names.c: the names a service gives its tasks on the network,
** checked against its task definition: Cloud Map registries (ECS047) and
** the port names of Service Connect (ECS032, ECS017, ECS048, ECS050) and
** VPC Lattice (ECS046); docs/reference.md §5.2, §5.3, §8.1, §8.5. Part of
** the services room (ecsnet_svc.c resolves the service and calls these).
*/
#include <stdio.h>
#include <string.h>

#include "ecsnet_svc_internal.h"


/* {======================================================================
** Service registries: Cloud Map (ECS047)
** ======================================================================= */

#define REC_A 1
#define REC_SRV 2

/* The DNS record types of the AWS::ServiceDiscovery::Service a registry
** refers to (REC_*); 0 when not known (not in the template, no DnsConfig,
** a type under a condition). */
static unsigned record_types(V *v, const svc *s, const cJSON *e) {
  char name[SVC_NAMELEN];
  int ord = -1, pord;
  const char *key = "RegistryArn";
  const cJSON *n = member(v, e, "registryArn", &ord, &key), *p, *dc, *recs, *r;
  unsigned types = 0;
  p = referred(s, n, "AWS::ServiceDiscovery::Service", name, &ord, &pord);
  dc = p ? cJSON_GetObjectItemCaseSensitive(p, "DnsConfig") : NULL;
  recs = js_object(dc) ? cJSON_GetObjectItemCaseSensitive(dc, "DnsRecords")
                       : NULL;
  if (!js_array(recs))
    return 0;
  for (r = recs->child; r != NULL; r = r->next) {
    const cJSON *t = js_object(r) ? cJSON_GetObjectItemCaseSensitive(r, "Type")
                                  : NULL;
    if (!js_string(t))
      return 0;
    if (strcmp(t->valuestring, "SRV") == 0)
      types |= REC_SRV;
    else if (strcmp(t->valuestring, "A") == 0 ||
             strcmp(t->valuestring, "AAAA") == 0)
      types |= REC_A;
    else
      return 0;
  }
  return types;
}


/* One ServiceRegistries entry (docs/reference.md §5.2): the container and
** port it names, the record types against the mode, containerPort and
** port not both. */
static void check_registry(V *v, const svc *s, const cJSON *e) {
  lbref lb;
  unsigned types = record_types(v, s, e);
  int bridge_like = s->mode == ECSNET_MODE_BRIDGE ||
                    s->mode == ECSNET_MODE_HOST || s->mode == ECSNET_MODE_NAT;
  int ord, o2;
  const char *key, *k2;
  const cJSON *port;
  memset(&lb, 0, sizeof lb);
  check_container(v, s, e, &lb, ECSNET_RULE_ECS047);
  if (bridge_like && (types & REC_A))
    diag(v, ECSNET_RULE_ECS047, -1, NULL, "service %s: its Cloud Map "
         "service has A records, but the task definition %s uses %s, whose "
         "tasks have no address of their own: use SRV records with "
         "ContainerName and ContainerPort", s->name, s->td,
         ecsnet_mode_info((ecsnet_mode_t)s->mode)->name);
  else if (bridge_like && (types & REC_SRV) &&
           (lb.st_name == R_ABSENT || lb.st_port == R_ABSENT))
    diag(v, ECSNET_RULE_ECS047, -1, NULL, "service %s: SRV records in %s "
         "mode need ContainerName and ContainerPort, from the task "
         "definition %s; add them", s->name,
         ecsnet_mode_info((ecsnet_mode_t)s->mode)->name, s->td);
  else if (s->mode == ECSNET_MODE_AWSVPC && (types & REC_SRV) &&
           lb.st_port == R_OK && (port = given(v, e, "port", &ord, &key)) &&
           !is_unknown(port)) {
    member(v, e, "containerPort", &o2, &k2);
    push_key(v, key, ord);
    diag(v, ECSNET_RULE_ECS047, -1, NULL, "service %s: the service registry "
         "gives both %s and %s; for SRV records give either ContainerName "
         "and ContainerPort or Port", s->name, k2, key);
    pop(v);
  }
}


void check_registries(V *v, const svc *s) {
  const cJSON *list, *e;
  const char *key;
  int ord, i = 0;
  if (get_list(v, s->props, "serviceRegistries", &list, &ord, &key) != R_OK ||
      !js_array(list) || list->child == NULL)
    return;
  push_key(v, key, ord);
  if (s->mode == ECSNET_MODE_NONE)
    diag(v, ECSNET_RULE_ECS047, -1, NULL, "service %s: the task definition "
         "%s uses none, which service discovery does not support; remove "
         "ServiceRegistries or use awsvpc, bridge or host", s->name, s->td);
  else
    for (e = list->child; e != NULL; e = e->next, i++) {
      push_index(v, i);
      if (js_object(e) && !is_unknown(e))
        check_registry(v, s, e);
      pop(v);
    }
  pop(v);
}

/* }====================================================================== */


/* {======================================================================
** Port names: Service Connect (ECS032, ECS017) and VPC Lattice (ECS046)
** ======================================================================= */

/* The mapping named 'name' in t: 1 found (*out), 0 none, -1 unknown. */
static int port_named(const ecsnet_taskdef_t *t, const char *name,
                      const ecsnet_td_port_t **out) {
  size_t i, j;
  int unknown = t->unknown;
  for (i = 0; i < t->ncontainers; i++) {
    const ecsnet_td_container_t *c = &t->containers[i];
    unknown |= c->unknown;
    for (j = 0; j < c->nports; j++) {
      if (c->ports[j].name_unknown)
        unknown = 1;
      if (c->ports[j].name != NULL && strcmp(c->ports[j].name, name) == 0) {
        *out = &c->ports[j];
        return 1;
      }
    }
  }
  return unknown ? -1 : 0;
}


/* A per-request timeout needs an application protocol: a mapping without
** appProtocol is TCP to Service Connect, which takes only the idle
** timeout (ECS048, docs/reference.md §8.1). */
static void check_sc_timeout(V *v, const svc *s, const cJSON *e,
                             const ecsnet_td_port_t *p, const char *pn) {
  const cJSON *t;
  const char *key, *k2;
  int ord, o2;
  long secs;
  if (p->app_protocol != NULL || p->app_protocol_unknown ||
      get_obj(v, e, "timeout", &t, &ord, &key) != R_OK)
    return;
  push_key(v, key, ord);
  if (get_int(v, t, "perRequestTimeoutSeconds", &secs, &o2) == R_OK &&
      secs != 0) {
    k2 = key_at(t, o2);
    push_key(v, k2, o2);
    diag(v, ECSNET_RULE_ECS048, -1, NULL, "service %s: Service Connect port "
         "'%s' of the task definition %s has no appProtocol, so it is TCP, "
         "which takes only the idle timeout: remove %s or set the mapping's "
         "appProtocol (http, http2, grpc)", s->name, pn, s->td, k2);
    pop(v);
  }
  pop(v);
}


/* The PortName of each entry of the list 'camel' of obj. */
void check_port_names(V *v, const svc *s, const cJSON *obj,
                      const char *camel, int lattice) {
  const cJSON *list, *e;
  const char *key;
  int ord, i = 0;
  if (s->t == NULL ||
      get_list(v, obj, camel, &list, &ord, &key) != R_OK || !js_array(list))
    return;
  push_key(v, key, ord);
  for (e = list->child; e != NULL; e = e->next, i++) {
    const char *pn;
    const ecsnet_td_port_t *p = NULL;
    int o2, found;
    push_index(v, i);
    if (js_object(e) && get_str(v, e, "portName", &pn, &o2) == R_OK &&
        (found = port_named(s->t, pn, &p)) >= 0) {
      push_key(v, key_at(e, o2), o2);
      if (!found)
        diag(v, lattice ? ECSNET_RULE_ECS046 : ECSNET_RULE_ECS032,
             ECSNET_SEV_ERROR, NULL, "service %s: %s port name '%s' names "
             "no port mapping of the task definition %s; name a port "
             "mapping '%s' or correct the name", s->name,
             lattice ? "VPC Lattice" : "Service Connect", pn, s->td, pn);
      else if (!lattice && p->protocol == ECSNET_PROTO_UDP)
        diag(v, ECSNET_RULE_ECS017, -1, NULL, "service %s: Service Connect "
             "port '%s' of the task definition %s uses udp; Service Connect "
             "needs tcp", s->name, pn, s->td);
      pop(v);
      if (found && !lattice)
        check_sc_timeout(v, s, e, p, pn);
    }
    pop(v);
  }
  pop(v);
}


/* discoveryName: at most 64 of [a-z0-9_-], not starting with '-'. */
static int discovery_name_ok(const char *n) {
  size_t i;
  for (i = 0; n[i] != '\0'; i++)
    if (!((n[i] >= 'a' && n[i] <= 'z') || (n[i] >= '0' && n[i] <= '9') ||
          n[i] == '_' || n[i] == '-'))
      return 0;
  return i > 0 && i <= 64 && n[0] != '-';
}


/* The names of one Service Connect service (ECS050): its discoveryName,
** and at most one client alias. */
static void check_sc_entry(V *v, const svc *s, const cJSON *e) {
  const char *dn, *key;
  const cJSON *aliases;
  int ord, n;
  if (get_str(v, e, "discoveryName", &dn, &ord) == R_OK &&
      !discovery_name_ok(dn)) {
    char q[96];
    ecsnet_quote(q, sizeof q, dn, strlen(dn));
    push_key(v, key_at(e, ord), ord);
    diag(v, ECSNET_RULE_ECS050, -1, NULL, "service %s: Service Connect "
         "discovery name %s is not 1-64 lower-case letters, digits, '_' and "
         "'-' starting with no '-'; rename it", s->name, q);
    pop(v);
  }
  if (get_list(v, e, "clientAliases", &aliases, &ord, &key) == R_OK &&
      js_array(aliases) && (n = definite(aliases)) > 1) {
    push_key(v, key, ord);
    diag(v, ECSNET_RULE_ECS050, -1, NULL, "service %s: a Service Connect "
         "service has %d client aliases; it takes at most 1 (give another "
         "port mapping its own entry)", s->name, n);
    pop(v);
  }
}


static void check_sc_entries(V *v, const svc *s, const cJSON *sc) {
  const cJSON *list, *e;
  const char *key;
  int ord, i = 0;
  if (get_list(v, sc, "services", &list, &ord, &key) != R_OK ||
      !js_array(list))
    return;
  push_key(v, key, ord);
  for (e = list->child; e != NULL; e = e->next, i++)
    if (js_object(e)) {
      push_index(v, i);
      check_sc_entry(v, s, e);
      pop(v);
    }
  pop(v);
}


void check_service_connect(V *v, const svc *s) {
  const cJSON *sc;
  const char *key;
  int ord;
  if (get_obj(v, s->props, "serviceConnectConfiguration", &sc, &ord, &key) !=
      R_OK || !sc_enabled(v, sc))
    return;   /* absent, disabled, or not known */
  push_key(v, key, ord);
  check_port_names(v, s, sc, "services", 0);
  check_sc_entries(v, s, sc);
  pop(v);
}

/* }====================================================================== */
