/*
** ecsnet_ports.c: a container instance's port space.
** Reference: docs/reference.md §2.3 (reserved ports, the 100 limit), §2.4 (the
** dynamic range), §2.5 (how the agent >= 1.70 picks host ports), §2.6
** (static ports and placement).
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"
#include "ecsnet.h"
#include "ecsnet_internal.h"

/* The bitmap of one protocol comes in 8 chunks of 8192 ports (1 KB each),
** allocated when a port in them is first needed: a NULL chunk is all
** free. A Linux host using the default range touches chunks 0 and 4-7 of
** TCP (5 KB), and no UDP memory until a UDP port is mapped. */
#define CHUNK_SHIFT 13
#define CHUNK_PORTS (1u << CHUNK_SHIFT)
#define NCHUNK 8
#define CHUNK_WORDS (CHUNK_PORTS / 64u)
#define CHUNK_BYTES (CHUNK_WORDS * sizeof(uint64_t))

typedef uint64_t *chunks_t[NCHUNK];

/* A port space: the held ports of both protocols, the agent's tracker and
** the static ports counted against the 100 limit. The host owns one; the
** capacity query works on a scratch copy. */
typedef struct {
  chunks_t bits[2];
  unsigned tracker;
  unsigned nstatic;
} space_t;

/* Tasks are kept sorted by id. A removed task stays as a tombstone
** ('dead') until more than half the array is dead, then the array is
** compacted: removal is O(log n) amortized, with no memmove per call. */
typedef struct {
  unsigned id;
  unsigned short n;
  unsigned short nstatic;   /* static host ports (counted against 100) */
  ecsnet_port_map_t one;    /* the binding when n == 1 */
  unsigned char dead;
  ecsnet_port_map_t *many;  /* the bindings when n > 1 */
} task_t;

/* Hot fields first: a placement touches one or two cache lines of this. */
struct ecsnet_host {
  space_t sp;
  unsigned short dyn_first, dyn_last;
  unsigned next_id;
  task_t *tasks;
  size_t ntasks, cap;       /* entries in 'tasks', live and dead */
  size_t nlive;
  unsigned char nreserved[2];
  ecsnet_mem_t mem;
  ecsnet_os_t os;
  ecsnet_dyn_origin_t origin;
  unsigned short reserved[2][ECSNET_RESERVED_MAX];
};

static const char *const proto_name[2] = { "tcp", "udp" };

/* A binding not made yet, while place_in runs. */
#define PENDING 0xff


/* {======================================================================
** Bit operations
** ======================================================================= */

static int bit_get(uint64_t *const *b, unsigned p) {
  const uint64_t *c = b[p >> CHUNK_SHIFT];
  return c != NULL && ((c[(p & (CHUNK_PORTS - 1)) >> 6] >> (p & 63)) & 1u);
}

/* bit_set and bit_clr need the chunk: ensure_chunks ran before. */
static void bit_set(uint64_t *const *b, unsigned p) {
  b[p >> CHUNK_SHIFT][(p & (CHUNK_PORTS - 1)) >> 6] |= (uint64_t)1 << (p & 63);
}

static void bit_clr(uint64_t *const *b, unsigned p) {
  b[p >> CHUNK_SHIFT][(p & (CHUNK_PORTS - 1)) >> 6] &= ~((uint64_t)1 << (p & 63));
}

static unsigned ctz64(uint64_t x) {
#if defined(__GNUC__) || defined(__clang__)
  return (unsigned)__builtin_ctzll(x);
#else
  unsigned n = 0;
  while (!(x & 1)) { x >>= 1; n++; }
  return n;
#endif
}

/* First port p in [from, to] whose bit equals 'want' (0 free, 1 held), or
** to + 1. Word at a time: the scan is O((to - from) / 64); a missing chunk
** is 8192 free ports at once. */
static unsigned find_bit(uint64_t *const *b, unsigned from, unsigned to, int want) {
  unsigned p = from;
  while (p <= to) {
    const uint64_t *c = b[p >> CHUNK_SHIFT];
    unsigned cend = p | (CHUNK_PORTS - 1);   /* last port of p's chunk */
    if (c == NULL) {
      if (!want)
        return p;
    } else {
      unsigned base = p & ~63u;               /* port of the word's bit 0 */
      uint64_t x = want ? c[(p & (CHUNK_PORTS - 1)) >> 6]
                        : ~c[(p & (CHUNK_PORTS - 1)) >> 6];
      x &= ~(uint64_t)0 << (p & 63);
      while (x == 0 && base + 64 <= cend && base + 64 <= to) {
        base += 64;
        x = want ? c[(base & (CHUNK_PORTS - 1)) >> 6]
                 : ~c[(base & (CHUNK_PORTS - 1)) >> 6];
      }
      if (x != 0) {
        unsigned q = base + ctz64(x);
        return q > to ? to + 1 : q;
      }
    }
    p = cend + 1;
  }
  return to + 1;
}

/* The agent's getHostPortRange over [from, to]: the first run of 'n' free
** ports. Returns 1 and sets *first when found. *last_free gets the last free
** port seen (the agent's "lastCheckedPort"), 0 when none was free. */
static int find_run(uint64_t *const *b, unsigned from, unsigned to, unsigned n,
                    unsigned *first, unsigned *last_free) {
  unsigned p = from;
  *last_free = 0;
  while (p <= to) {
    unsigned f = find_bit(b, p, to, 0), e;
    if (f > to)
      return 0;
    /* the first held port among the n from f (or past them): O(n / 64) */
    e = find_bit(b, f, f + n - 1 < to ? f + n - 1 : to, 1);
    if (e - f >= n) {
      *first = f;
      *last_free = f + n - 1;
      return 1;
    }
    *last_free = e - 1;
    p = e + 1;
  }
  return 0;
}

static size_t popcount_bits(uint64_t *const *b) {
  size_t i, k, n = 0;
  for (k = 0; k < NCHUNK; k++)
    for (i = 0; b[k] != NULL && i < CHUNK_WORDS; i++) {
      uint64_t x = b[k][i];
      while (x) { x &= x - 1; n++; }
    }
  return n;
}

/* }====================================================================== */


/* {======================================================================
** Parsing the agent's settings
** ======================================================================= */

/* Reads a decimal number at s[*i..n); at most 10 digits. */
static int read_num(const char *s, size_t n, size_t *i, unsigned long *v) {
  size_t start = *i;
  *v = 0;
  while (*i < n && s[*i] >= '0' && s[*i] <= '9' && *i - start < 10)
    *v = *v * 10 + (unsigned long)(s[(*i)++] - '0');
  return *i > start && !(*i < n && s[*i] >= '0' && s[*i] <= '9');
}

static int is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int check_range(const char *s, size_t n, unsigned long a, unsigned long b,
                       unsigned short *first, unsigned short *last,
                       char *err, size_t errlen) {
  char q[ECSNET_ERRBUF_MAX];
  ecsnet_quote(q, sizeof q, s, n);
  if (a < 1 || a > 65535 || b < 1 || b > 65535) {
    ecsnet__errf(err, errlen, "port range %s is outside 1-65535", q);
    return ECSNET_ERANGE;
  }
  if (a > b) {
    ecsnet__errf(err, errlen, "port range %s is reversed: the first port must "
                 "not be above the last (did you mean '%lu-%lu'?)", q, b, a);
    return ECSNET_ERANGE;
  }
  *first = (unsigned short)a;
  *last = (unsigned short)b;
  return ECSNET_OK;
}

int ecsnet_port_range_parse(const char *s, size_t n, unsigned short *first,
                            unsigned short *last, char *err, size_t errlen) {
  size_t i = 0;
  unsigned long a, b;
  if (!read_num(s, n, &i, &a) || i >= n || s[i] != '-' ||
      (++i, !read_num(s, n, &i, &b)) || i != n) {
    char q[ECSNET_ERRBUF_MAX];
    ecsnet_quote(q, sizeof q, s, n);
    ecsnet__errf(err, errlen, "invalid port range %s (expected 'first-last', "
                 "e.g. '32768-60999', as ECS_DYNAMIC_HOST_PORT_RANGE takes)", q);
    return ECSNET_EINVAL;
  }
  return check_range(s, n, a, b, first, last, err, errlen);
}

int ecsnet_ip_local_port_range_parse(const char *s, size_t n,
                                     unsigned short *first, unsigned short *last,
                                     char *err, size_t errlen) {
  size_t i = 0, mid;
  unsigned long a, b;
  while (i < n && is_blank(s[i])) i++;
  if (!read_num(s, n, &i, &a))
    goto bad;
  mid = i;
  while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
  if (i == mid || !read_num(s, n, &i, &b))
    goto bad;
  while (i < n && is_blank(s[i])) i++;
  if (i != n)
    goto bad;
  return check_range(s, n, a, b, first, last, err, errlen);
bad:
  {
    char q[ECSNET_ERRBUF_MAX];
    ecsnet_quote(q, sizeof q, s, n);
    ecsnet__errf(err, errlen, "invalid ip_local_port_range %s (expected two "
                 "numbers, e.g. '32768\\t60999', as in "
                 "/proc/sys/net/ipv4/ip_local_port_range)", q);
  }
  return ECSNET_EINVAL;
}

int ecsnet_reserved_parse(const char *s, size_t n, unsigned short *out,
                          size_t cap, size_t *count, char *err, size_t errlen) {
  char q[ECSNET_ERRBUF_MAX];
  const char *end = NULL;
  cJSON *root, *it;
  size_t k = 0;
  int st = ECSNET_OK;
  *count = 0;
  ecsnet_quote(q, sizeof q, s, n);
  root = cJSON_ParseWithLengthOpts(s, n, &end, 0);
  if (root == NULL || !cJSON_IsArray(root)) {
    cJSON_Delete(root);
    ecsnet__errf(err, errlen, "invalid reserved port list %s (expected a JSON "
                 "array such as '[22, 80, 5000, 8080]', as ECS_RESERVED_PORTS "
                 "takes)", q);
    return ECSNET_EINVAL;
  }
  cJSON_ArrayForEach(it, root) {
    double d = it->valuedouble;
    if (!cJSON_IsNumber(it)) {
      ecsnet__errf(err, errlen, "invalid reserved port list %s: every entry "
                   "must be an integer port", q);
      st = ECSNET_EINVAL;
      break;
    }
    if (d < 1 || d > 65535 || d != (double)(long)d) {
      ecsnet__errf(err, errlen, "reserved port %g in %s is not a port "
                   "(1-65535)", d, q);
      st = ECSNET_ERANGE;
      break;
    }
    if (k >= cap) {
      ecsnet__errf(err, errlen, "reserved port list %s has more than %lu "
                   "ports; ECS allows at most %d reserved ports per instance "
                   "(docs/reference.md §2.3)", q, (unsigned long)cap,
                   ECSNET_RESERVED_MAX);
      st = ECSNET_ELIMIT;
      break;
    }
    out[k++] = (unsigned short)d;
  }
  cJSON_Delete(root);
  *count = k;
  return st;
}

/* }====================================================================== */


/* {======================================================================
** Hosts
** ======================================================================= */

void ecsnet_host_config_init(ecsnet_host_config_t *cfg, ecsnet_os_t os) {
  ecsnet_agent_config_init(cfg, os);
}

static int cmp_port(const void *a, const void *b) {
  return (int)*(const unsigned short *)a - (int)*(const unsigned short *)b;
}

/* Copies one protocol's reserved list, sorted, rejecting 0 and duplicates. */
static int set_reserved(ecsnet_host_t *h, int p, const unsigned short *src,
                        size_t n, char *err, size_t errlen) {
  size_t i;
  const char *var = p == ECSNET_PORT_TCP ? "ECS_RESERVED_PORTS"
                                         : "ECS_RESERVED_PORTS_UDP";
  if (n > ECSNET_RESERVED_MAX) {
    ecsnet__errf(err, errlen, "%s lists %lu ports; ECS allows at most %d "
                 "reserved ports per instance, defaults included "
                 "(docs/reference.md §2.3)", var, (unsigned long)n,
                 ECSNET_RESERVED_MAX);
    return ECSNET_ELIMIT;
  }
  if (n > 0)
    memcpy(h->reserved[p], src, n * sizeof *src);
  qsort(h->reserved[p], n, sizeof h->reserved[p][0], cmp_port);
  for (i = 0; i < n; i++) {
    if (h->reserved[p][i] == 0) {
      ecsnet__errf(err, errlen, "%s lists port 0; ports are 1-65535", var);
      return ECSNET_ERANGE;
    }
    if (i > 0 && h->reserved[p][i] == h->reserved[p][i - 1]) {
      ecsnet__errf(err, errlen, "%s lists port %u twice; list each reserved "
                   "port once", var, h->reserved[p][i]);
      return ECSNET_EINVAL;
    }
  }
  h->nreserved[p] = (unsigned char)n;
  return ECSNET_OK;
}

/* Allocates the missing chunks of protocol p over ports [a, b]. */
static int ensure_chunks(const ecsnet_host_t *h, space_t *sp, int p,
                         unsigned a, unsigned b) {
  unsigned k;
  for (k = a >> CHUNK_SHIFT; k <= (b >> CHUNK_SHIFT); k++)
    if (sp->bits[p][k] == NULL) {
      uint64_t *c = (uint64_t *)ecsnet__alloc(&h->mem, CHUNK_BYTES);
      if (c == NULL)
        return ECSNET_ENOMEM;
      memset(c, 0, CHUNK_BYTES);
      sp->bits[p][k] = c;
    }
  return ECSNET_OK;
}

static void free_chunks(const ecsnet_host_t *h, space_t *sp) {
  int p, k;
  for (p = 0; p < 2; p++)
    for (k = 0; k < NCHUNK; k++) {
      ecsnet__free(&h->mem, sp->bits[p][k], CHUNK_BYTES);
      sp->bits[p][k] = NULL;
    }
}

size_t ecsnet_host_sizeof(void) {
  return sizeof(ecsnet_host_t);
}

int ecsnet_host_init(ecsnet_host_t *h, ecsnet_alloc_fn alloc, void *ud,
                     const ecsnet_host_config_t *cfg, char *err, size_t errlen) {
  int p, st;
  memset(h, 0, sizeof *h);
  ecsnet__mem_init(&h->mem, alloc, ud);
  h->os = cfg->os;
  h->next_id = 1;

  /* §2.4: where the dynamic range comes from */
  ecsnet_agent_dynamic_range(cfg, cfg->os, &h->dyn_first, &h->dyn_last,
                             &h->origin);
  if ((h->origin == ECSNET_DYN_ENV || h->origin == ECSNET_DYN_IP_LOCAL_PORT_RANGE)
      && (h->dyn_first < 1 || h->dyn_first > h->dyn_last)) {
    ecsnet__errf(err, errlen, "dynamic range %u-%u is %s", h->dyn_first,
                 h->dyn_last, h->dyn_first < 1 ? "outside 1-65535"
                 : "reversed: the first port must not be above the last");
    ecsnet_host_fini(h);
    return ECSNET_ERANGE;
  }

  /* §2.3: reserved ports; a given list replaces the default */
  for (p = 0; p < 2; p++) {
    const unsigned short *list;
    size_t n = ecsnet_agent_reserved(cfg, cfg->os, p, &list);
    st = set_reserved(h, p, list, n, err, errlen);
    if (st != ECSNET_OK) {
      ecsnet_host_fini(h);
      return st;
    }
  }
  if ((size_t)h->nreserved[0] + h->nreserved[1] > ECSNET_RESERVED_MAX) {
    ecsnet__errf(err, errlen, "%u TCP and %u UDP reserved ports make %u; ECS "
                 "allows at most %d reserved ports per instance, defaults "
                 "included (docs/reference.md §2.3)", h->nreserved[0],
                 h->nreserved[1], h->nreserved[0] + h->nreserved[1],
                 ECSNET_RESERVED_MAX);
    ecsnet_host_fini(h);
    return ECSNET_ELIMIT;
  }
  for (p = 0; p < 2; p++) {
    unsigned i;
    for (i = 0; i < h->nreserved[p]; i++) {
      if (ensure_chunks(h, &h->sp, p, h->reserved[p][i], h->reserved[p][i])) {
        ecsnet_host_fini(h);
        return ECSNET_ENOMEM;
      }
      bit_set(h->sp.bits[p], h->reserved[p][i]);
    }
  }
  return ECSNET_OK;
}

int ecsnet_host_new(ecsnet_alloc_fn alloc, void *ud,
                    const ecsnet_host_config_t *cfg, ecsnet_host_t **out,
                    char *err, size_t errlen) {
  ecsnet_mem_t mem;
  ecsnet_host_t *h;
  int st;
  *out = NULL;
  ecsnet__mem_init(&mem, alloc, ud);
  h = (ecsnet_host_t *)ecsnet__alloc(&mem, sizeof *h);
  if (h == NULL)
    return ECSNET_ENOMEM;
  st = ecsnet_host_init(h, alloc, ud, cfg, err, errlen);
  if (st != ECSNET_OK) {
    ecsnet__free(&mem, h, sizeof *h);
    return st;
  }
  *out = h;
  return ECSNET_OK;
}

static ecsnet_port_map_t *task_maps(task_t *t) {
  return t->n <= 1 ? &t->one : t->many;
}

void ecsnet_host_fini(ecsnet_host_t *h) {
  size_t i;
  if (h == NULL)
    return;
  for (i = 0; i < h->ntasks; i++)
    if (!h->tasks[i].dead && h->tasks[i].n > 1)
      ecsnet__free(&h->mem, h->tasks[i].many,
                   h->tasks[i].n * sizeof(ecsnet_port_map_t));
  ecsnet__free(&h->mem, h->tasks, h->cap * sizeof(task_t));
  free_chunks(h, &h->sp);
  h->tasks = NULL;
  h->ntasks = h->cap = h->nlive = 0;
}

void ecsnet_host_free(ecsnet_host_t *h) {
  ecsnet_mem_t mem;
  if (h == NULL)
    return;
  mem = h->mem;
  ecsnet_host_fini(h);
  ecsnet__free(&mem, h, sizeof *h);
}

static int is_reserved(const ecsnet_host_t *h, int p, unsigned port) {
  size_t lo = 0, hi = h->nreserved[p];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (h->reserved[p][mid] < port) lo = mid + 1;
    else hi = mid;
  }
  return lo < h->nreserved[p] && h->reserved[p][lo] == port;
}

/* The task holding 'port' of protocol 'p' (not reserved), and how: 0 none. */
static unsigned owner_of(const ecsnet_host_t *h, int p, unsigned port,
                         int *kind) {
  size_t i, j;
  for (i = 0; i < h->ntasks; i++) {
    task_t *t = &h->tasks[i];
    const ecsnet_port_map_t *m = task_maps(t);
    if (t->dead)
      continue;
    for (j = 0; j < t->n; j++)
      if (m[j].protocol == p && m[j].kind != ECSNET_BIND_TASK &&
          port >= m[j].host_port && port < (unsigned)m[j].host_port + m[j].count) {
        *kind = m[j].kind;
        return t->id;
      }
  }
  return 0;
}

/* }====================================================================== */


/* {======================================================================
** Placement
** ======================================================================= */

/* Validates the requests for the mode; writes the message. */
static int check_reqs(ecsnet_mode_t mode, const ecsnet_port_map_t *reqs,
                      size_t n, char *err, size_t errlen) {
  size_t i;
  if (mode >= ECSNET_MODE_COUNT) {
    ecsnet__errf(err, errlen, "unknown network mode %d", (int)mode);
    return ECSNET_EINVAL;
  }
  if (mode == ECSNET_MODE_NONE && n > 0) {
    ecsnet__errf(err, errlen, "networkMode 'none' allows no port mappings "
                 "(docs/reference.md §1.3)");
    return ECSNET_EINVAL;
  }
  for (i = 0; i < n; i++) {
    const ecsnet_port_map_t *r = &reqs[i];
    unsigned long lastc = (unsigned long)r->container_port + r->count - 1;
    if (r->protocol > 1) {
      ecsnet__errf(err, errlen, "port mapping %lu: protocol must be tcp or udp",
                   (unsigned long)i + 1);
      return ECSNET_EINVAL;
    }
    if (r->container_port == 0 || r->count == 0 || lastc > 65535) {
      ecsnet__errf(err, errlen, "port mapping %lu: container port %u (%u ports) "
                   "is outside 1-65535", (unsigned long)i + 1,
                   r->container_port, r->count);
      return ECSNET_ERANGE;
    }
    if (r->count > 1 && r->host_port != 0) {
      ecsnet__errf(err, errlen, "port mapping %lu: hostPort must be empty when "
                   "containerPortRange is set (docs/reference.md §2.1)",
                   (unsigned long)i + 1);
      return ECSNET_EINVAL;
    }
    if (mode == ECSNET_MODE_HOST) {
      if (r->count > 1) {
        ecsnet__errf(err, errlen, "port mapping %lu: containerPortRange is not "
                     "allowed in host mode (docs/reference.md §1.3)",
                     (unsigned long)i + 1);
        return ECSNET_EINVAL;
      }
      if (r->host_port != 0 && r->host_port != r->container_port) {
        ecsnet__errf(err, errlen, "port mapping %lu: in host mode host ports "
                     "must either be undefined or match the container port "
                     "(%u, not %u; docs/reference.md §1.3)", (unsigned long)i + 1,
                     r->container_port, r->host_port);
        return ECSNET_EINVAL;
      }
    }
    if (mode == ECSNET_MODE_AWSVPC && r->host_port != 0 &&
        r->host_port != r->container_port) {
      ecsnet__errf(err, errlen, "port mapping %lu: When networkMode=awsvpc, the "
                   "host ports and container ports in port mappings must match "
                   "(%u vs %u; docs/reference.md §1.5)", (unsigned long)i + 1,
                   r->host_port, r->container_port);
      return ECSNET_EINVAL;
    }
  }
  return ECSNET_OK;
}

/* The static host port of request r in 'mode', 0 if dynamic or not on the
** host. */
static unsigned static_port(ecsnet_mode_t mode, const ecsnet_port_map_t *r) {
  if (mode == ECSNET_MODE_AWSVPC)
    return 0;
  if (mode == ECSNET_MODE_HOST)
    return r->container_port;
  return r->host_port;
}

/* Allocates the chunks a placement may set: each static port's, and the
** dynamic range's for each protocol with a dynamic mapping. Done before
** anything changes, so that placing stays atomic under ENOMEM. */
static int ensure_for(const ecsnet_host_t *h, space_t *sp, ecsnet_mode_t mode,
                      const ecsnet_port_map_t *reqs, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    unsigned sport = static_port(mode, &reqs[i]);
    int st;
    if (mode == ECSNET_MODE_AWSVPC)
      return ECSNET_OK;
    st = sport ? ensure_chunks(h, sp, reqs[i].protocol, sport, sport)
               : ensure_chunks(h, sp, reqs[i].protocol, h->dyn_first, h->dyn_last);
    if (st != ECSNET_OK)
      return st;
  }
  return ECSNET_OK;
}

/* Undoes the first k bindings written to 'out' in 'sp'. */
static void unbind(space_t *sp, const ecsnet_port_map_t *out, size_t k) {
  size_t i;
  unsigned j;
  for (i = 0; i < k; i++) {
    if (out[i].kind == ECSNET_BIND_TASK)
      continue;
    for (j = 0; j < out[i].count; j++)
      bit_clr(sp->bits[out[i].protocol], (unsigned)out[i].host_port + j);
  }
}

/*
** Places one copy into 'sp' atomically: static ports first (the scheduler
** rejects the instance before the agent sees the task, §2.6), the 100
** limit, then the agent's dynamic scan in mapping order (§2.5). 'h' gives
** the configuration and the tasks named in messages.
*/
static int place_in(const ecsnet_host_t *h, space_t *sp, ecsnet_mode_t mode,
                    const ecsnet_port_map_t *reqs, size_t n,
                    ecsnet_port_map_t *out,
                    ecsnet_portfail_t *why, char *err, size_t errlen) {
  size_t i;
  unsigned tracker0 = sp->tracker, nstatic = 0;
  unsigned first = h->dyn_first, last = h->dyn_last;
  int st = ECSNET_OK;
  *why = ECSNET_PORTFAIL_NONE;

  /* nothing bound yet: the rollback below must not see entries of an
  ** earlier call (capacity reuses 'out') or uninitialized memory */
  for (i = 0; i < n; i++)
    out[i].kind = PENDING;
  /* pass 1: static ports */
  for (i = 0; i < n; i++) {
    const ecsnet_port_map_t *r = &reqs[i];
    unsigned sport = static_port(mode, r);
    int p = r->protocol;
    out[i] = *r;
    out[i].kind = PENDING;
    if (mode == ECSNET_MODE_AWSVPC) {
      out[i].kind = ECSNET_BIND_TASK;
      out[i].host_port = r->container_port;
      continue;
    }
    if (sport == 0)
      continue;
    out[i].host_port = (unsigned short)sport;
    out[i].count = 1;
    if (bit_get(sp->bits[p], sport)) {
      size_t j;
      for (j = 0; j < i; j++)
        if (out[j].kind == ECSNET_BIND_STATIC && out[j].protocol == p &&
            out[j].host_port == sport)
          break;
      if (j < i) {
        ecsnet__errf(err, errlen, "the task maps host port %u/%s twice; a host "
                     "port can be bound once (docs/reference.md §6 R14)", sport,
                     proto_name[p]);
        *why = ECSNET_PORTFAIL_INVALID;
        st = ECSNET_EINVAL;
      } else if (is_reserved(h, p, sport)) {
        ecsnet__errf(err, errlen, "RESOURCE:PORTS: host port %u/%s is on the "
                     "instance's reserved list (docs/reference.md §2.3, §2.6)",
                     sport, proto_name[p]);
        *why = ECSNET_PORTFAIL_RESERVED;
        st = ECSNET_EFULL;
      } else {
        int kind = ECSNET_BIND_STATIC;
        unsigned who = owner_of(h, p, sport, &kind);
        if (kind == ECSNET_BIND_DYNAMIC) {
          ecsnet__errf(err, errlen, "host port %u/%s is held by a port the "
                       "agent assigned to task %u: ECS does not count dynamic "
                       "ports as reserved, so it would place the task and the "
                       "container would fail to bind the port (docs/reference.md "
                       "§2.3, §2.4)", sport, proto_name[p], who);
          *why = ECSNET_PORTFAIL_BOUND;
        } else {
          if (who)
            ecsnet__errf(err, errlen, "RESOURCE:PORTS: host port %u/%s is "
                         "already used by task %u; a static host port allows "
                         "one task per instance (docs/reference.md §2.6)", sport,
                         proto_name[p], who);
          else
            ecsnet__errf(err, errlen, "RESOURCE:PORTS: host port %u/%s is "
                         "already used by another copy; a static host port "
                         "allows one task per instance (docs/reference.md §2.6)",
                         sport, proto_name[p]);
          *why = ECSNET_PORTFAIL_TAKEN;
        }
        st = ECSNET_EFULL;
      }
      goto fail;
    }
    bit_set(sp->bits[p], sport);
    out[i].kind = ECSNET_BIND_STATIC;
    nstatic++;
  }
  /* §2.3: at most 100 reserved ports, static task ports included */
  if (nstatic > 0) {
    unsigned total = h->nreserved[0] + h->nreserved[1] + sp->nstatic + nstatic;
    if (total > ECSNET_RESERVED_MAX) {
      ecsnet__errf(err, errlen, "RESOURCE:PORTS: the instance would hold %u "
                   "reserved ports (%u configured, %u static task ports); ECS "
                   "allows at most %d, defaults included (docs/reference.md §2.3)",
                   total, h->nreserved[0] + h->nreserved[1],
                   sp->nstatic + nstatic, ECSNET_RESERVED_MAX);
      *why = ECSNET_PORTFAIL_LIMIT;
      st = ECSNET_ELIMIT;
      goto fail;
    }
  }
  /* pass 2: the agent's scan for each dynamic mapping, in order */
  for (i = 0; i < n; i++) {
    const ecsnet_port_map_t *r = &reqs[i];
    int p = r->protocol;
    unsigned cnt = r->count, got = 0, lf, lt = sp->tracker;
    int found;
    if (mode == ECSNET_MODE_AWSVPC || static_port(mode, r) != 0)
      continue;
    found = find_run(sp->bits[p], lt ? lt + 1 : first, last, cnt, &got, &lf);
    if (!found && lt) {
      /* wrap once: from the range start up to the last free port seen - 1;
      ** when none was seen the agent fails and resets its tracker, and a
      ** retry scans from the start: modelled as scanning up to 'lt' */
      unsigned end = lf ? lf - 1 : lt;
      found = find_run(sp->bits[p], first, end < last ? end : last, cnt, &got,
                       &lf);
    }
    if (!found) {
      if (cnt > 1) {
        ecsnet__errf(err, errlen, "%u contiguous host ports are unavailable: "
                     "no run of %u free %s ports in the dynamic range %u-%u "
                     "(docs/reference.md §2.5)", cnt, cnt, proto_name[p], first, last);
        *why = ECSNET_PORTFAIL_CONTIGUOUS;
      } else {
        ecsnet__errf(err, errlen, "a host port is unavailable: no free %s port "
                     "in the dynamic range %u-%u (docs/reference.md §2.5)",
                     proto_name[p], first, last);
        *why = ECSNET_PORTFAIL_DYNAMIC;
      }
      st = ECSNET_EFULL;
      goto fail;
    }
    {
      unsigned j;
      for (j = 0; j < cnt; j++)
        bit_set(sp->bits[p], got + j);
    }
    out[i].kind = ECSNET_BIND_DYNAMIC;
    out[i].host_port = (unsigned short)got;
    lf = got + cnt - 1;
    sp->tracker = lf == last ? first - 1 : lf;
  }
  sp->nstatic += nstatic;
  return ECSNET_OK;

fail:
  /* undo what was bound: kinds still PENDING were never set */
  for (i = 0; i < n; i++)
    if (out[i].kind == ECSNET_BIND_STATIC || out[i].kind == ECSNET_BIND_DYNAMIC)
      unbind(sp, &out[i], 1);
  sp->tracker = tracker0;
  return st;
}

int ecsnet_host_place(ecsnet_host_t *h, ecsnet_mode_t mode,
                      const ecsnet_port_map_t *reqs, size_t n,
                      ecsnet_port_map_t *out, unsigned *task,
                      ecsnet_portfail_t *why, char *err, size_t errlen) {
  ecsnet_port_map_t local[4], *maps = local;
  ecsnet_portfail_t why0;
  task_t *t;
  int st;
  if (why == NULL) why = &why0;
  *why = ECSNET_PORTFAIL_NONE;
  if (task) *task = 0;
  st = check_reqs(mode, reqs, n, err, errlen);
  if (st != ECSNET_OK) {
    *why = ECSNET_PORTFAIL_INVALID;
    return st;
  }
  if (n > 65535) {
    ecsnet__errf(err, errlen, "too many port mappings (%lu)", (unsigned long)n);
    *why = ECSNET_PORTFAIL_INVALID;
    return ECSNET_ELIMIT;
  }
  /* everything that can fail for memory happens before the host changes */
  if (h->ntasks == h->cap) {
    size_t ncap = h->cap ? h->cap * 2 : 4;
    task_t *nt = (task_t *)ecsnet__realloc(&h->mem, h->tasks,
                                           h->cap * sizeof(task_t),
                                           ncap * sizeof(task_t));
    if (nt == NULL) goto nomem;
    h->tasks = nt;
    h->cap = ncap;
  }
  if (ensure_for(h, &h->sp, mode, reqs, n) != ECSNET_OK) goto nomem;
  if (n > 1) {
    maps = (ecsnet_port_map_t *)ecsnet__alloc(&h->mem, n * sizeof *maps);
    if (maps == NULL) goto nomem;
  }
  st = place_in(h, &h->sp, mode, reqs, n, maps, why, err, errlen);
  if (st != ECSNET_OK) {
    if (n > 1) ecsnet__free(&h->mem, maps, n * sizeof *maps);
    return st;
  }
  t = &h->tasks[h->ntasks++];
  h->nlive++;
  memset(t, 0, sizeof *t);
  t->id = h->next_id++;
  t->n = (unsigned short)n;
  {
    size_t i;
    for (i = 0; i < n; i++)
      if (maps[i].kind == ECSNET_BIND_STATIC) t->nstatic++;
  }
  if (n == 1) t->one = maps[0];
  else if (n > 1) t->many = maps;
  if (out != NULL && n > 0)
    memcpy(out, task_maps(t), n * sizeof *out);
  if (task) *task = t->id;
  return ECSNET_OK;
nomem:
  ecsnet__errf(err, errlen, "not enough memory");
  return ECSNET_ENOMEM;
}

/* Ids grow by one per placement, so an interpolated first probe usually
** lands on the task: one cache line instead of a binary search's several. */
static task_t *find_task(const ecsnet_host_t *h, unsigned id) {
  size_t lo = 0, hi = h->ntasks;
  if (hi == 0 || id < h->tasks[0].id || id > h->tasks[hi - 1].id)
    return NULL;
  {
    unsigned span = h->tasks[hi - 1].id - h->tasks[0].id;
    size_t g = span ? (size_t)((unsigned long long)(id - h->tasks[0].id) *
                               (hi - 1) / span) : 0;
    if (h->tasks[g].id == id)
      return h->tasks[g].dead ? NULL : &h->tasks[g];
    if (h->tasks[g].id < id) lo = g + 1;
    else hi = g;
  }
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (h->tasks[mid].id < id) lo = mid + 1;
    else hi = mid;
  }
  if (lo < h->ntasks && h->tasks[lo].id == id && !h->tasks[lo].dead)
    return &h->tasks[lo];
  return NULL;
}

int ecsnet_host_remove(ecsnet_host_t *h, unsigned id) {
  task_t *t = find_task(h, id);
  if (t == NULL)
    return ECSNET_ENOENT;
  unbind(&h->sp, task_maps(t), t->n);
  h->sp.nstatic -= t->nstatic;
  if (t->n > 1)
    ecsnet__free(&h->mem, t->many, t->n * sizeof(ecsnet_port_map_t));
  t->dead = 1;
  h->nlive--;
  if (h->ntasks - h->nlive > 8 && (h->ntasks - h->nlive) * 2 > h->ntasks) {
    size_t i, k = 0;
    for (i = 0; i < h->ntasks; i++)
      if (!h->tasks[i].dead)
        h->tasks[k++] = h->tasks[i];
    h->ntasks = k;
  }
  return ECSNET_OK;
}

int ecsnet_host_task(const ecsnet_host_t *h, unsigned id,
                     const ecsnet_port_map_t **maps, size_t *n) {
  task_t *t = find_task(h, id);
  if (t == NULL)
    return ECSNET_ENOENT;
  *maps = task_maps(t);
  *n = t->n;
  return ECSNET_OK;
}

size_t ecsnet_host_task_ids(const ecsnet_host_t *h, unsigned *ids, size_t cap) {
  size_t i, k = 0;
  for (i = 0; i < h->ntasks; i++)
    if (!h->tasks[i].dead) {
      if (k < cap) ids[k] = h->tasks[i].id;
      k++;
    }
  return k;
}

size_t ecsnet_host_ntasks(const ecsnet_host_t *h) {
  return h->nlive;
}

int ecsnet_host_capacity(const ecsnet_host_t *h, ecsnet_mode_t mode,
                         const ecsnet_port_map_t *reqs, size_t n, long limit,
                         long *copies, ecsnet_portfail_t *why, char *err,
                         size_t errlen) {
  space_t sp;
  ecsnet_port_map_t *out;
  ecsnet_portfail_t why0;
  size_t i;
  int st, takes, p;
  if (why == NULL) why = &why0;
  *copies = 0;
  *why = ECSNET_PORTFAIL_NONE;
  st = check_reqs(mode, reqs, n, err, errlen);
  if (st != ECSNET_OK) {
    *why = ECSNET_PORTFAIL_INVALID;
    return st;
  }
  takes = n > 0 && mode != ECSNET_MODE_AWSVPC;
  if (!takes) {
    *copies = -1;
    ecsnet__errf(err, errlen, "the task takes no host port%s", mode ==
                 ECSNET_MODE_AWSVPC ? " (awsvpc: each task has its own ENI; "
                 "ENIs limit it, docs/reference.md §3)" : "");
    return ECSNET_OK;
  }
  out = (ecsnet_port_map_t *)ecsnet__alloc(&h->mem, n * sizeof *out);
  if (out == NULL) return ECSNET_ENOMEM;
  memset(&sp, 0, sizeof sp);
  sp.tracker = h->sp.tracker;
  sp.nstatic = h->sp.nstatic;
  st = ECSNET_OK;
  for (p = 0; p < 2 && st == ECSNET_OK; p++)
    for (i = 0; i < NCHUNK && st == ECSNET_OK; i++)
      if (h->sp.bits[p][i] != NULL) {
        st = ensure_chunks(h, &sp, p, (unsigned)i << CHUNK_SHIFT,
                           (unsigned)i << CHUNK_SHIFT);
        if (st == ECSNET_OK)
          memcpy(sp.bits[p][i], h->sp.bits[p][i], CHUNK_BYTES);
      }
  if (st == ECSNET_OK)
    st = ensure_for(h, &sp, mode, reqs, n);
  if (st == ECSNET_OK) {
    /* each copy takes at least one host port: at most 65535 rounds */
    while (*copies < limit) {
      int r = place_in(h, &sp, mode, reqs, n, out, why, err, errlen);
      if (r != ECSNET_OK) {
        if (r == ECSNET_ENOMEM) st = r;
        break;
      }
      (*copies)++;
    }
    if (*copies >= limit && *why == ECSNET_PORTFAIL_NONE)
      ecsnet__errf(err, errlen, "stopped at the limit of %ld copies", limit);
  }
  free_chunks(h, &sp);
  ecsnet__free(&h->mem, out, n * sizeof *out);
  return st;
}

long ecsnet_host_holder(const ecsnet_host_t *h, int p, unsigned port) {
  int kind;
  if (p < 0 || p > 1 || port > 65535 || !bit_get(h->sp.bits[p], port))
    return 0;
  if (is_reserved(h, p, port))
    return -1;
  return (long)owner_of(h, p, port, &kind);
}

ecsnet_os_t ecsnet_host_os(const ecsnet_host_t *h) {
  return h->os;
}

void ecsnet_host_dynamic_range(const ecsnet_host_t *h, unsigned short *first,
                               unsigned short *last, ecsnet_dyn_origin_t *origin) {
  if (first) *first = h->dyn_first;
  if (last) *last = h->dyn_last;
  if (origin) *origin = h->origin;
}

const unsigned short *ecsnet_host_reserved(const ecsnet_host_t *h, int p,
                                           size_t *n) {
  *n = (p == 0 || p == 1) ? h->nreserved[p] : 0;
  return (p == 0 || p == 1) ? h->reserved[p] : NULL;
}

size_t ecsnet_host_reserved_count(const ecsnet_host_t *h) {
  return (size_t)h->nreserved[0] + h->nreserved[1] + h->sp.nstatic;
}

unsigned ecsnet_host_last_assigned(const ecsnet_host_t *h) {
  return h->sp.tracker;
}

size_t ecsnet_host_used(const ecsnet_host_t *h, int p) {
  return (p == 0 || p == 1) ? popcount_bits(h->sp.bits[p]) : 0;
}

size_t ecsnet_host_memory(const ecsnet_host_t *h) {
  int p, k;
  size_t i, m = sizeof *h + h->cap * sizeof(task_t);
  for (p = 0; p < 2; p++)
    for (k = 0; k < NCHUNK; k++)
      m += h->sp.bits[p][k] ? CHUNK_BYTES : 0;
  for (i = 0; i < h->ntasks; i++)
    if (!h->tasks[i].dead && h->tasks[i].n > 1)
      m += h->tasks[i].n * sizeof(ecsnet_port_map_t);
  return m;
}

const char *ecsnet_portfail_name(ecsnet_portfail_t why) {
  switch (why) {
    case ECSNET_PORTFAIL_NONE: return "none";
    case ECSNET_PORTFAIL_RESERVED:
    case ECSNET_PORTFAIL_TAKEN:
    case ECSNET_PORTFAIL_LIMIT: return "RESOURCE:PORTS";
    case ECSNET_PORTFAIL_BOUND: return "PORT_ALREADY_ALLOCATED";
    case ECSNET_PORTFAIL_DYNAMIC: return "HOST_PORT_UNAVAILABLE";
    case ECSNET_PORTFAIL_CONTIGUOUS: return "CONTIGUOUS_HOST_PORTS_UNAVAILABLE";
    case ECSNET_PORTFAIL_INVALID: return "INVALID";
    default: return "unknown";
  }
}

/* }====================================================================== */
