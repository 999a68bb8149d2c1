/*
** ecsnet_ports_tasks.c: what task definitions ask of a host's ports: port
** requests compiled from the task-definition model (the one answer to "is
** this mapping static?" among them), and the conflicts between task
** definitions (services) sharing one host. Uses the host through its
** public API only (ecsnet_ports.h). docs/reference.md §2.2-2.6.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ecsnet.h"
#include "ecsnet_internal.h"

static const char *const proto_name[2] = { "tcp", "udp" };


/* {======================================================================
** Requests from the task-definition model
** ======================================================================= */

int ecsnet_static_host_port(int mode, int container_port, int host_port) {
  if (mode == ECSNET_MODE_HOST)
    return host_port > 0 ? host_port : container_port > 0 ? container_port : 0;
  if (mode == ECSNET_MODE_BRIDGE || mode == ECSNET_MODE_NAT)
    return host_port > 0 ? host_port : 0;
  return 0;
}


int ecsnet_port_request(const ecsnet_td_port_t *p, unsigned container,
                        const char *what, ecsnet_port_map_t *out, char *err,
                        size_t errlen) {
  memset(out, 0, sizeof *out);
  out->container = (unsigned short)(container > 65535 ? 65535 : container);
  out->protocol = p->protocol == ECSNET_PROTO_UDP ? ECSNET_PORT_UDP
                                                  : ECSNET_PORT_TCP;
  if (p->unknown) {
    ecsnet__errf(err, errlen, "port mapping at %s has a value that cannot be "
                 "known statically (a reference or placeholder); give the "
                 "resolved task definition to place it", what);
    return ECSNET_EINVAL;
  }
  if (p->range_first >= 0) {
    if (p->range_first < 1 || p->range_last > 65535 ||
        p->range_first >= p->range_last) {
      ecsnet__errf(err, errlen, "port mapping at %s: containerPortRange must "
                   "be 'first-last' with 1 <= first < last <= 65535 "
                   "(docs/reference.md §2.2)", what);
      return ECSNET_EINVAL;
    }
    out->container_port = (unsigned short)p->range_first;
    out->count = (unsigned short)(p->range_last - p->range_first + 1);
  } else {
    if (p->container_port < 1 || p->container_port > 65535) {
      ecsnet__errf(err, errlen, "port mapping at %s: container port must be "
                   "1-65535", what);
      return ECSNET_EINVAL;
    }
    out->container_port = (unsigned short)p->container_port;
    out->count = 1;
  }
  if (p->host_port > 65535) {
    ecsnet__errf(err, errlen, "port mapping at %s: host port %d is outside "
                 "1-65535", what, p->host_port);
    return ECSNET_EINVAL;
  }
  out->host_port = (unsigned short)(p->host_port < 0 ? 0 : p->host_port);
  return ECSNET_OK;
}


int ecsnet_taskdef_port_requests(const ecsnet_taskdef_t *td, unsigned flags,
                                 ecsnet_port_map_t *out, size_t cap,
                                 size_t *n, ecsnet_mode_t *mode, char *err,
                                 size_t errlen) {
  size_t i, j, k = 0;
  *mode = td->mode >= 0 ? (ecsnet_mode_t)td->mode
        : td->os == ECSNET_OS_WINDOWS ? ECSNET_MODE_NAT : ECSNET_MODE_BRIDGE;
  for (i = 0; i < td->ncontainers; i++) {
    const ecsnet_td_container_t *c = &td->containers[i];
    for (j = 0; j < c->nports; j++) {
      ecsnet_port_map_t m;
      int st = ecsnet_port_request(&c->ports[j], (unsigned)i + 1,
                                   c->ports[j].pointer ? c->ports[j].pointer
                                                       : "?",
                                   &m, err, errlen);
      if (st != ECSNET_OK && (flags & ECSNET_REQS_SKIP))
        continue;
      if (st != ECSNET_OK)
        return st;
      if (k < cap)
        out[k] = m;
      k++;
    }
  }
  *n = k;
  return ECSNET_OK;
}

/* }====================================================================== */


/* {======================================================================
** Conflicts between task definitions on one host
** ======================================================================= */

/* The static host port of request m in mode, or 0 (a dynamic one, a
** containerPortRange in bridge, none in awsvpc). */
static unsigned claim_port(ecsnet_mode_t mode, const ecsnet_port_map_t *m) {
  if (m->count > 1)
    return 0;
  return (unsigned)ecsnet_static_host_port((int)mode, m->container_port,
                                           m->host_port);
}

static void td_name(char *buf, size_t len, const ecsnet_conflict_td_t *t,
                    size_t i) {
  if (t->family != NULL)
    ecsnet__errf(buf, len, "'%s' (#%lu)", t->family, (unsigned long)i);
  else
    ecsnet__errf(buf, len, "task definition #%lu", (unsigned long)i);
}

/* The first definition (1-based) that claims 'key' before index 'upto', or
** 0: the claims are sorted by key, then owner. */
static unsigned first_owner(const ecsnet_conflict_claim_t *c, size_t nc,
                            unsigned key) {
  size_t lo = 0, hi = nc;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (c[mid].key < key) lo = mid + 1; else hi = mid;
  }
  return lo < nc && c[lo].key == key ? c[lo].owner : 0;
}

static int cmp_claim(const void *a, const void *b) {
  const ecsnet_conflict_claim_t *x = (const ecsnet_conflict_claim_t *)a;
  const ecsnet_conflict_claim_t *y = (const ecsnet_conflict_claim_t *)b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return x->owner < y->owner ? -1 : x->owner > y->owner;
}

static ecsnet_conflict_t *finding(ecsnet_conflict_t *out, size_t *k,
                                  ecsnet_conflict_kind_t kind, int sev,
                                  unsigned port, int proto, unsigned a,
                                  unsigned b) {
  ecsnet_conflict_t *f = &out[(*k)++];
  memset(&f->f, 0, sizeof f->f);
  f->f.code = ecsnet_conflict_name(kind);
  f->f.severity = (ecsnet_severity_t)sev;
  f->f.message = f->text;
  f->kind = kind;
  f->port = port;
  f->protocol = proto;
  f->taskdefs[0] = a;
  f->taskdefs[1] = b;
  return f;
}

/* The findings of one task definition's static port. */
static void port_findings(const ecsnet_host_t *h, const ecsnet_conflict_td_t *tds,
                          size_t i, unsigned port, int p, unsigned owner,
                          ecsnet_conflict_t *out, size_t *k) {
  char a[ECSNET_ERRBUF_MAX / 2], b[ECSNET_ERRBUF_MAX / 2];
  ecsnet_conflict_t *f;
  unsigned short first, last;
  ecsnet_dyn_origin_t origin;
  ecsnet_host_dynamic_range(h, &first, &last, &origin);
  td_name(a, sizeof a, &tds[i - 1], i);
  if (owner != 0 && owner != i) {
    td_name(b, sizeof b, &tds[owner - 1], owner);
    f = finding(out, k, ECSNET_CONFLICT_SAME_STATIC_PORT, ECSNET_SEV_ERROR,
                port, p, owner, (unsigned)i);
    ecsnet__errf(f->text, sizeof f->text, "%s and %s both claim host port "
             "%u/%s: they cannot run on the same instance; the second gets "
             "RESOURCE:PORTS (docs/reference.md §2.6)", b, a, port, proto_name[p]);
  }
  if (ecsnet_host_holder(h, p, port) == -1) {
    f = finding(out, k, ECSNET_CONFLICT_RESERVED, ECSNET_SEV_ERROR, port, p,
                (unsigned)i, 0);
    ecsnet__errf(f->text, sizeof f->text, "%s maps host port %u/%s, which "
             "is on the instance's reserved list: ECS will not place it there "
             "(RESOURCE:PORTS; docs/reference.md §2.3)", a, port, proto_name[p]);
  } else if (port >= first && port <= last) {
    f = finding(out, k, ECSNET_CONFLICT_IN_DYNAMIC_RANGE, ECSNET_SEV_WARNING,
                port, p, (unsigned)i, 0);
    ecsnet__errf(f->text, sizeof f->text, "%s maps static host port %u/%s "
             "inside the dynamic range %u-%u (%s): the agent may already have "
             "given it to a dynamic mapping, and the task would then fail to "
             "start; pick a port outside the range (docs/reference.md §2.4, §6 "
             "R17)", a, port, proto_name[p], first, last,
             ecsnet_dyn_origin_name(origin));
  }
}

size_t ecsnet_host_conflicts(const ecsnet_host_t *h,
                             const ecsnet_conflict_td_t *tds, size_t n,
                             ecsnet_conflict_claim_t *scratch,
                             ecsnet_conflict_t *out) {
  size_t i, j, nc = 0, k = 0, nstatic = 0;
  size_t n0, n1, configured;
  (void)ecsnet_host_reserved(h, ECSNET_PORT_TCP, &n0);
  (void)ecsnet_host_reserved(h, ECSNET_PORT_UDP, &n1);
  configured = n0 + n1;
  for (i = 0; i < n; i++)
    for (j = 0; j < tds[i].n; j++) {
      unsigned port = claim_port(tds[i].mode, &tds[i].reqs[j]);
      if (port != 0) {
        scratch[nc].key = port * 2 + (tds[i].reqs[j].protocol & 1);
        scratch[nc++].owner = (unsigned)i + 1;
      }
    }
  qsort(scratch, nc, sizeof *scratch, cmp_claim);
  for (i = 0; i < n; i++) {
    size_t mine = 0;
    for (j = 0; j < tds[i].n; j++) {
      const ecsnet_port_map_t *m = &tds[i].reqs[j];
      unsigned port = claim_port(tds[i].mode, m), key, q;
      int p = m->protocol & 1, dup = 0;
      if (port == 0)
        continue;
      key = port * 2 + (unsigned)p;
      for (q = 0; q < j; q++)   /* the same port twice in one definition */
        dup |= claim_port(tds[i].mode, &tds[i].reqs[q]) == port &&
               (tds[i].reqs[q].protocol & 1) == p;
      mine++;
      if (dup)
        continue;
      nstatic++;
      port_findings(h, tds, i + 1, port, p, first_owner(scratch, nc, key),
                    out, &k);
    }
    if (mine > 0) {
      char a[ECSNET_ERRBUF_MAX / 2];
      ecsnet_conflict_t *f = finding(out, &k, ECSNET_CONFLICT_ONE_PER_HOST,
                                     ECSNET_SEV_INFO, 0, 0, (unsigned)i + 1, 0);
      td_name(a, sizeof a, &tds[i], i + 1);
      ecsnet__errf(f->text, sizeof f->text, "%s uses static host ports: at "
               "most one copy per instance (docs/reference.md §2.6, §6 R19)", a);
    }
  }
  if (configured + nstatic > ECSNET_RESERVED_MAX) {
    ecsnet_conflict_t *f = finding(out, &k, ECSNET_CONFLICT_RESERVED_LIMIT,
                                   ECSNET_SEV_ERROR, 0, 0, 0, 0);
    ecsnet__errf(f->text, sizeof f->text, "%lu configured reserved ports "
             "and %lu static host ports make %lu; ECS allows at most %d "
             "reserved ports per instance, defaults included (docs/reference.md "
             "§2.3)", (unsigned long)configured, (unsigned long)nstatic,
             (unsigned long)(configured + nstatic), ECSNET_RESERVED_MAX);
  }
  return k;
}


const char *ecsnet_conflict_name(ecsnet_conflict_kind_t k) {
  switch (k) {
    case ECSNET_CONFLICT_SAME_STATIC_PORT: return "same_static_port";
    case ECSNET_CONFLICT_RESERVED: return "reserved";
    case ECSNET_CONFLICT_IN_DYNAMIC_RANGE: return "in_dynamic_range";
    case ECSNET_CONFLICT_ONE_PER_HOST: return "one_per_host";
    case ECSNET_CONFLICT_RESERVED_LIMIT: return "reserved_limit";
    default: return "unknown";
  }
}

/* }====================================================================== */
