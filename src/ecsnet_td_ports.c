/*
** ecsnet_td_ports.c: the port-mapping rules of a task definition: each
** mapping's fields (R8, R12-R16, R18), then duplicates, reserved, dynamic
** and static host ports over the whole task (R14, R17, R19) (task-definition validation;
** docs/reference.md §2, §6).
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include "ecsnet_td_internal.h"


static ecsnet_os_t td_os(const V *v) {
  return v->windows ? ECSNET_OS_WINDOWS : ECSNET_OS_LINUX;
}


/* The reserved ports in effect for this task definition's OS. */
static size_t reserved_list(const V *v, int proto,
                            const unsigned short **list) {
  return ecsnet_agent_reserved(&v->o->agent, td_os(v),
                               proto == ECSNET_PROTO_UDP ? ECSNET_PORT_UDP
                                                         : ECSNET_PORT_TCP,
                               list);
}


static int is_reserved(const V *v, int proto, long port) {
  const unsigned short *list;
  size_t i, n = reserved_list(v, proto, &list);
  for (i = 0; i < n; i++)
    if (list[i] == port)
      return 1;
  return 0;
}


/* Whether the reserved list of 'proto' is the user's, not the default. */
static int reserved_given(const V *v, int proto) {
  int p = proto == ECSNET_PROTO_UDP ? ECSNET_PORT_UDP : ECSNET_PORT_TCP;
  return v->o->agent.reserved_given[p] && v->o->agent.nreserved[p] > 0;
}


static void dyn_range(const V *v, long *first, long *last) {
  unsigned short a, b;
  ecsnet_agent_dynamic_range(&v->o->agent, td_os(v), &a, &b, NULL);
  *first = a;
  *last = b;
}


static int sc_index(const V *v, const char *name) {
  size_t i;
  for (i = 0; i < v->o->nservice_connect; i++)
    if (v->o->service_connect[i] && strcmp(v->o->service_connect[i], name) == 0)
      return (int)i;
  return -1;
}


static portrec *new_port(V *v) {
  portrec *p;
  int i;
  if (v->nports == ECSNET_TD_MAX_PORT_MAPPINGS)
    over_limit(v, "port mappings", 0, ECSNET_TD_MAX_PORT_MAPPINGS);
  if (v->nports == v->cports) {
    size_t nc = v->cports ? v->cports * 2 : 8;
    portrec *np = (portrec *)aalloc(v, nc * sizeof *np);
    if (v->nports)
      memcpy(np, v->ports, v->nports * sizeof *np);
    v->ports = np;
    v->cports = nc;
  }
  p = &v->ports[v->nports++];
  memset(p, 0, sizeof *p);
  p->ptr = here(v);
  p->nord = v->depth < PORT_DEPTH ? v->depth : PORT_DEPTH;
  for (i = 0; i < p->nord; i++)
    p->ord[i] = v->segs[i].ord;
  return p;
}


static int name_ok(const char *s) {
  size_t n = strlen(s), i;
  if (n == 0 || n > 64 || s[0] == '-')
    return 0;
  for (i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-'))
      return 0;
  }
  return 1;
}


/* "first-last" with decimal ports. */
static int parse_range(const char *s, long *a, long *b) {
  char *end;
  if (!isdigit((unsigned char)s[0]))
    return 0;
  *a = strtol(s, &end, 10);
  if (*end != '-' || !isdigit((unsigned char)end[1]))
    return 0;
  s = end + 1;
  *b = strtol(s, &end, 10);
  return *end == '\0';
}


/* One port mapping's fields as read: the R_* status of each, its value,
** its member ordinal. */
typedef struct {
  long cport, hport, a, b;       /* containerPort, hostPort, the range */
  const char *range, *proto, *pname, *app;
  int sc_p, sr, sh, spr, sn, sa;
  int o1, o2, o3, o4, o5, o6;
  int protocol, unknown, bad;
} pmap;


static void read_mapping(V *v, const cJSON *pm, pmap *f) {
  memset(f, 0, sizeof *f);
  f->cport = f->hport = f->a = f->b = -1;
  f->protocol = ECSNET_PROTO_TCP;
  keycheck(v, pm, ECSNET_KS_PORT);
  f->sc_p = fget_int(v, pm, ECSNET_F_PORT_CONTAINER_PORT, &f->cport, &f->o1);
  f->sr = fget_str(v, pm, ECSNET_F_PORT_CONTAINER_PORT_RANGE, &f->range,
                   &f->o2);
  f->sh = fget_int(v, pm, ECSNET_F_PORT_HOST_PORT, &f->hport, &f->o3);
  f->spr = fget_str(v, pm, ECSNET_F_PORT_PROTOCOL, &f->proto, &f->o4);
  f->sn = fget_str(v, pm, ECSNET_F_PORT_NAME, &f->pname, &f->o5);
  f->sa = fget_str(v, pm, ECSNET_F_PORT_APP_PROTOCOL, &f->app, &f->o6);
  f->unknown = f->sc_p == R_UNKNOWN || f->sr == R_UNKNOWN ||
               f->sh == R_UNKNOWN || f->spr == R_UNKNOWN;
}


/* protocol (R14) */
static void check_protocol(V *v, const cJSON *pm, pmap *f) {
  const char *proto = f->proto;
  if (f->spr == R_BAD)
    f->bad = 1;
  if (f->spr != R_OK)
    return;
  if (same(proto, "udp"))
    f->protocol = ECSNET_PROTO_UDP;
  else if (!same(proto, "tcp")) {
    push_key(v, key_at(pm, f->o4), f->o4);
    if (strcmp(proto, "TCP") == 0 || strcmp(proto, "UDP") == 0) {
      diag(v, ECSNET_RULE_ECS014, ECSNET_SEV_WARNING, NULL,
           "protocol '%s' should be written in lower case ('%s')", proto,
           proto[0] == 'T' ? "tcp" : "udp");
      if (proto[0] == 'U')
        f->protocol = ECSNET_PROTO_UDP;
    }
    else {
      char q[96];
      ecsnet_quote(q, sizeof q, proto, strlen(proto));
      diag(v, ECSNET_RULE_ECS014, -1,
           "Valid values for portMapping protocol are tcp and udp.",
           "protocol %s is not tcp or udp; set tcp or udp%s", q,
           (strcmp(proto, "http") == 0 || strcmp(proto, "http2") == 0 ||
            strcmp(proto, "grpc") == 0 || strcmp(proto, "HTTP") == 0)
           ? " and put the application protocol in appProtocol" : "");
    }
    pop(v);
  }
}


/* containerPortRange (R13) */
static void check_range(V *v, const cJSON *pm, pmap *f, const char *cname,
                        int *nranges) {
  push_key(v, key_at(pm, f->o2), f->o2);
  if (!parse_range(f->range, &f->a, &f->b)) {
    char q[96];
    ecsnet_quote(q, sizeof q, f->range, strlen(f->range));
    diag(v, ECSNET_RULE_ECS013, -1, NULL, "containerPortRange %s is not of the form "
         "\"first-last\" (e.g. \"8000-8010\")", q);
    f->a = f->b = -1;
    f->bad = 1;
  }
  else if (f->a < 1 || f->b > 65535 || f->a >= f->b) {
    diag(v, ECSNET_RULE_ECS013, -1, NULL, "containerPortRange '%s' must satisfy 1 <= "
         "first < last <= 65535", f->range);
    f->a = f->b = -1;
    f->bad = 1;
  }
  else {
    if (notcap(v, ECSNET_CAP_CONTAINER_PORT_RANGE))
      diag(v, ECSNET_RULE_ECS013, cap_sev(v, ECSNET_CAP_CONTAINER_PORT_RANGE), NULL,
           "containerPortRange needs bridge or awsvpc mode, not %s; map "
           "single ports or change networkMode", mode_name(v));
    if (++*nranges == 101)
      diag(v, ECSNET_RULE_ECS013, -1, NULL, "container '%s' has more than 100 port "
           "ranges; ECS allows at most 100 per container", cname);
  }
  pop(v);
  if (f->sh != R_ABSENT) {
    push_key(v, key_at(pm, f->o3), f->o3);
    diag(v, ECSNET_RULE_ECS013, -1, NULL, "hostPort must be left out when "
         "containerPortRange is set: the agent assigns the host range");
    pop(v);
    f->sh = R_ABSENT;
    f->hport = -1;
  }
}


/* containerPort / containerPortRange (R12, R13) */
static void check_container_port(V *v, const cJSON *pm, pmap *f,
                                 const char *cname, int *nranges) {
  if (f->sc_p != R_ABSENT && f->sr != R_ABSENT) {
    push_key(v, key_at(pm, f->o2), f->o2);
    diag(v, ECSNET_RULE_ECS012, -1, NULL, "container '%s' sets both containerPort and "
         "containerPortRange in one port mapping; keep one of them", cname);
    pop(v);
    f->bad = 1;
  }
  else if (f->sc_p == R_ABSENT && f->sr == R_ABSENT) {
    char *aws = astrf(v, "Invalid 'containerPort' setting for "
                      "container '%s'.", cname);
    diag(v, ECSNET_RULE_ECS012, -1, aws, "port mapping of container '%s' has no "
         "containerPort; add containerPort (1-65535) or containerPortRange",
         cname);
    f->bad = 1;
  }
  else if (f->sc_p == R_OK && (f->cport < 1 || f->cport > 65535)) {
    char *aws = astrf(v, "Invalid 'containerPort' setting for "
                      "container '%s'.", cname);
    push_key(v, key_at(pm, f->o1), f->o1);
    diag(v, ECSNET_RULE_ECS012, -1, aws, "containerPort %ld of container '%s' is not a "
         "port; use 1-65535%s", f->cport, cname,
         f->cport == 0 ? " (0 is the CLI skeleton's placeholder)" : "");
    pop(v);
    f->cport = -1;
    f->bad = 1;
  }
  if (f->sr == R_OK)
    check_range(v, pm, f, cname, nranges);
  else if (f->sr == R_BAD)
    f->bad = 1;
}


/* hostPort (R8, ECS027) */
static void check_host_port(V *v, const cJSON *pm, pmap *f) {
  long hport = f->hport, cport = f->cport;
  if (f->sh == R_BAD)
    f->bad = 1;
  if (f->sh != R_OK)
    return;
  if (hport > 0 && hport <= 65535 &&   /* the cases below that say nothing */
      !(f->sc_p == R_OK && cport > 0 && hport != cport &&
        notcap(v, ECSNET_CAP_HOST_PORT_REMAP)))
    return;
  if (hport == 0 && !notcap(v, ECSNET_CAP_DYNAMIC_HOST_PORTS))
    return;
  push_key(v, key_at(pm, f->o3), f->o3);
  if (hport < 0 || hport > 65535) {
    diag(v, ECSNET_RULE_ECS027, -1, NULL, "hostPort %ld is not a port; use 1-65535, "
         "or 0/absent for a dynamic port in bridge mode", hport);
    f->hport = -1;
    f->bad = 1;
  }
  else if (hport == 0 && notcap(v, ECSNET_CAP_DYNAMIC_HOST_PORTS)) {
    diag(v, ECSNET_RULE_ECS027, ECSNET_SEV_WARNING, NULL, "hostPort 0 asks for a "
         "dynamic port, which %s mode does not have; leave hostPort out "
         "(the documented form is blank or equal to containerPort)",
         mode_name(v));
    f->hport = -1;
  }
  else if (hport > 0 && f->sc_p == R_OK && cport > 0 && hport != cport &&
           notcap(v, ECSNET_CAP_HOST_PORT_REMAP)) {
    int awsvpc = v->m->id == ECSNET_MODE_AWSVPC;
    diag(v, ECSNET_RULE_ECS008, -1, awsvpc ? "When networkMode=awsvpc, the host "
         "ports and container ports in port mappings must match." : NULL,
         "hostPort %ld differs from containerPort %ld in %s mode; leave "
         "hostPort out or set it to %ld (remapping ports needs bridge "
         "mode)", hport, cport, mode_name(v), cport);
    f->hport = -1;
    f->bad = 1;
  }
  pop(v);
}


/* name and appProtocol (R15) */
static void check_names(V *v, const cJSON *pm, const pmap *f) {
  if (f->sn == R_OK) {
    push_key(v, key_at(pm, f->o5), f->o5);
    if (!name_ok(f->pname)) {
      char q[96];
      ecsnet_quote(q, sizeof q, f->pname, strlen(f->pname));
      diag(v, ECSNET_RULE_ECS016, -1, NULL, "port name %s is invalid: use at most 64 "
           "lower-case letters, digits, '_' and '-', not starting with '-'",
           q);
    }
    else if (notcap(v, ECSNET_CAP_SERVICE_CONNECT))
      diag(v, ECSNET_RULE_ECS016, ECSNET_SEV_WARNING, NULL, "port names are for Service "
           "Connect, which needs bridge or awsvpc mode, not %s", mode_name(v));
    pop(v);
  }
  if (f->sa == R_OK) {
    const char *app = f->app;
    push_key(v, key_at(pm, f->o6), f->o6);
    if (strcmp(app, "http") && strcmp(app, "http2") && strcmp(app, "grpc") &&
        strcmp(app, "HTTP") && strcmp(app, "HTTP2") && strcmp(app, "GRPC")) {
      char q[96];
      ecsnet_quote(q, sizeof q, app, strlen(app));
      diag(v, ECSNET_RULE_ECS016, -1, NULL, "appProtocol %s is not http, http2 or grpc",
           q);
    }
    else if (f->sn == R_ABSENT)   /* ECS registers it (AWS's own samples do) */
      diag(v, ECSNET_RULE_ECS016, ECSNET_SEV_WARNING, NULL, "appProtocol has no "
           "effect without a port name: Service Connect finds the port by its "
           "name; add name to this port mapping (the AWS CDK refuses appProtocol "
           "without one; ECS accepts it)");
    pop(v);
  }
}


/* The mapping's record for the task-wide checks, with Service Connect
** (R16) and Windows on Fargate's port 3150 (R18). */
static void record_mapping(V *v, const cJSON *pm, const pmap *f, int ci) {
  portrec *p = new_port(v);
  p->proto = f->protocol;
  p->container = ci;
  p->named = f->sn == R_OK || f->sn == R_UNKNOWN;
  p->sc = f->sn == R_OK && sc_index(v, f->pname) >= 0;
  if (f->sn == R_UNKNOWN)
    v->sc_unknown = 1;
  if (p->sc) {
    int k = sc_index(v, f->pname);
    if (k < (int)ECSNET_COUNTOF(v->sc_found))
      v->sc_found[k] = 1;
    if (f->protocol == ECSNET_PROTO_UDP) {
      push_key(v, key_at(pm, f->o4), f->o4);
      diag(v, ECSNET_RULE_ECS017, -1, NULL, "port '%s' is a Service Connect port, which "
           "must use tcp; set protocol to tcp or use another port for "
           "Service Connect", f->pname);
      pop(v);
    }
  }

  /* Windows on Fargate: 3150 (R18) */
  if (v->windows && v->fargate &&
      ((f->cport == 3150) || (f->a > 0 && f->a <= 3150 && f->b >= 3150))) {
    int o = f->sr == R_OK ? f->o2 : f->o1;
    push_key(v, key_at(pm, o), o);
    diag(v, ECSNET_RULE_ECS019, -1, NULL, "container port 3150 is reserved for Windows "
         "tasks on Fargate; use another port");
    pop(v);
  }

  /* the record for duplicate and host-port checks */
  p->cfirst = p->clast = -1;
  p->hfirst = p->hlast = -1;
  if (f->sc_p == R_OK && f->cport > 0)
    p->cfirst = p->clast = (int)f->cport;
  else if (f->sr == R_OK && f->a > 0) {
    p->cfirst = (int)f->a;
    p->clast = (int)f->b;
  }
  if (!f->bad && !f->unknown && v->m != NULL) {
    if (v->m->id == ECSNET_MODE_HOST || v->m->id == ECSNET_MODE_AWSVPC) {
      if (p->cfirst > 0) {
        p->hfirst = p->cfirst;
        p->hlast = p->clast;
      }
    }
    else if (f->hport > 0) {
      p->hfirst = p->hlast = (int)f->hport;
    }
  }
  if (f->unknown)
    p->cfirst = p->clast = -1;
}


void check_port_mapping(V *v, const cJSON *pm, int ci, const char *cname,
                        ecsnet_td_port_t *out, int *nranges) {
  pmap f;
  read_mapping(v, pm, &f);
  check_protocol(v, pm, &f);
  check_container_port(v, pm, &f, cname, nranges);
  check_host_port(v, pm, &f);
  check_names(v, pm, &f);   /* Service Connect (R16): record_mapping */
  record_mapping(v, pm, &f, ci);

  /* the model */
  out->container_port = (f.sc_p == R_OK && f.cport > 0) ? (int)f.cport : -1;
  out->host_port = (f.sh == R_OK && f.hport >= 0) ? (int)f.hport : -1;
  out->range_first = (f.sr == R_OK && f.a > 0) ? (int)f.a : -1;
  out->range_last = (f.sr == R_OK && f.a > 0) ? (int)f.b : -1;
  out->protocol = f.protocol;
  out->name = f.sn == R_OK ? astrdup(v, f.pname, strlen(f.pname)) : NULL;
  out->app_protocol = f.sa == R_OK ? astrdup(v, f.app, strlen(f.app)) : NULL;
  out->pointer = v->ports[v->nports - 1].ptr;
  out->unknown = f.unknown;
  out->name_unknown = f.sn == R_UNKNOWN;
  out->app_protocol_unknown = f.sa == R_UNKNOWN;
}


static int overlap(int a1, int b1, int a2, int b2) {
  return a1 > 0 && a2 > 0 && a1 <= b2 && a2 <= b1;
}


static void port_text(char *buf, size_t len, int a, int b, int proto) {
  if (a == b)
    snprintf(buf, len, "%d/%s", a, proto ? "udp" : "tcp");
  else
    snprintf(buf, len, "%d-%d/%s", a, b, proto ? "udp" : "tcp");
}


/* Duplicates (R14), reserved and dynamic-range ports (R17), static ports
** (R19), over the port records of the whole task. */
void check_ports(V *v, const ecsnet_taskdef_t *t) {
  size_t i, j, nstatic = 0;
  long dfirst, dlast;
  const portrec *first_static = NULL;
  dyn_range(v, &dfirst, &dlast);
  for (i = 0; i < v->nports; i++) {
    portrec *p = &v->ports[i];
    const char *cn = t->containers[p->container].name;
    int dup = 0;
    char pt[48], where[256];
    for (j = 0; j < i && !dup; j++) {
      const portrec *q = &v->ports[j];
      if (q->container != p->container)
        continue;
      if (q->proto == p->proto && overlap(p->cfirst, p->clast, q->cfirst,
                                          q->clast)) {
        port_text(pt, sizeof pt, p->cfirst, p->clast, p->proto);
        snprintf(where, sizeof where, "%s", q->ptr);
        diag_port(v, p, ECSNET_RULE_ECS015, -1, "container port %s of container '%s' "
                  "is already mapped by %s; remove one of the mappings", pt,
                  cn ? cn : "?", where);
        dup = 1;
      }
      else if (q->proto != p->proto && (p->cfirst != p->clast ||
                                        q->cfirst != q->clast) &&
               overlap(p->cfirst, p->clast, q->cfirst, q->clast)) {
        port_text(pt, sizeof pt, p->cfirst, p->clast, p->proto);
        diag_port(v, p, ECSNET_RULE_ECS013, ECSNET_SEV_WARNING, "container port %s of "
                  "container '%s' overlaps %s on the other protocol, and one "
                  "of them is a containerPortRange: ECS documents that a port "
                  "can be in only one mapping of a container when ranges are "
                  "used (not verified for tcp and udp); use ports that do not "
                  "overlap", pt, cn ? cn : "?", q->ptr);
        dup = 1;
      }
      else if (q->proto != p->proto && (p->named || q->named) &&
               p->cfirst == p->clast && overlap(p->cfirst, p->clast,
                                                q->cfirst, q->clast)) {
        diag_port(v, p, ECSNET_RULE_ECS030, (p->sc || q->sc) ? ECSNET_SEV_ERROR : -1,
                  "container port %d of container '%s' is mapped for tcp and "
                  "udp, and a mapping is named: if a load balancer or Service "
                  "Connect uses this port, CreateService fails with "
                  "\"Container port %d is used in more than one port mapping "
                  "for container %s\"; name only one protocol's mapping, or "
                  "use another port", p->cfirst, cn ? cn : "?", p->cfirst,
                  cn ? cn : "?");
        dup = 1;
      }
    }
    if (dup || p->hfirst < 0)
      continue;
    for (j = 0; j < i; j++) {
      const portrec *q = &v->ports[j];
      if (q->proto == p->proto && overlap(p->hfirst, p->hlast, q->hfirst,
                                          q->hlast)) {
        port_text(pt, sizeof pt, p->hfirst, p->hlast, p->proto);
        snprintf(where, sizeof where, "%s", q->ptr);
        diag_port(v, p, ECSNET_RULE_ECS015, -1, "host port %s is already taken by %s "
                  "in this task; two mappings cannot share a %s port", pt,
                  where, v->m && v->m->id == ECSNET_MODE_AWSVPC
                  ? "task (awsvpc)" : "static host");
        dup = 1;
        break;
      }
    }
    if (dup)
      continue;
    /* R17: static host ports on the instance (not awsvpc: the task's ENI) */
    if (v->m != NULL && v->m->id != ECSNET_MODE_AWSVPC) {
      int k;
      nstatic += (size_t)(p->hlast - p->hfirst + 1);
      if (first_static == NULL)
        first_static = p;
      for (k = p->hfirst; k <= p->hlast; k++) {
        if (is_reserved(v, p->proto, k)) {
          diag_port(v, p, ECSNET_RULE_ECS018, -1, "host port %d/%s is reserved by the "
                    "ECS agent (ECS_RESERVED_PORTS%s%s): the task cannot be "
                    "placed on such an instance; choose another host port",
                    k, p->proto ? "udp" : "tcp", p->proto ? "_UDP" : "",
                    reserved_given(v, p->proto)
                    ? ", as configured" : ", the agent's default");
          break;
        }
        if (k >= dfirst && k <= dlast) {
          diag_port(v, p, ECSNET_RULE_ECS018, -1, "host port %d is inside the dynamic "
                    "host-port range %ld-%ld, where the agent assigns ports "
                    "to other tasks; choose a static port below %ld", k,
                    dfirst, dlast, dfirst);
          break;
        }
      }
    }
  }
  if (first_static != NULL) {
    const unsigned short *list;
    size_t reserved = reserved_list(v, ECSNET_PROTO_TCP, &list) +
                      reserved_list(v, ECSNET_PROTO_UDP, &list);
    if (nstatic + reserved > ECSNET_RESERVED_MAX)
      diag_port(v, first_static, ECSNET_RULE_ECS018, -1, "this task takes %zu static "
                "host ports; with the %zu reserved ones that is more than "
                "the 100 reserved ports ECS allows per instance", nstatic,
                reserved);
    diag_port(v, first_static, ECSNET_RULE_ECS020, -1, "this task uses static host "
              "ports (%zu in %s mode): only one copy of it fits on an "
              "instance", nstatic, mode_name(v));
  }
}
