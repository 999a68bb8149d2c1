/*
** ecsnet_cidr_set.c: prefix sets as sorted disjoint intervals, one array per
** family; O(log n) membership by binary search, linear-time set algebra, and
** iteration over the minimal prefix list.
**
** Additions are appended and the set is marked dirty; ecsnet_cidrset_compile
** sorts and merges in place. Input that arrives sorted (set algebra output,
** or a sorted list) stays compiled without sorting.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ecsnet.h"
#include "ecsnet_internal.h"
#include "ecsnet_cidr_u128.h"
#include "ecsnet_cidr_quad.h"

typedef struct { uint32_t lo, hi; } iv4;
typedef struct { u128 lo, hi; } iv6;

struct ecsnet_cidrset {
  ecsnet_mem_t mem;
  iv4 *v4;
  size_t n4, cap4;
  iv6 *v6;
  size_t n6, cap6;
  int dirty;
};


ecsnet_cidrset_t *ecsnet_cidrset_new(ecsnet_alloc_fn alloc, void *ud) {
  ecsnet_mem_t m;
  ecsnet_cidrset_t *s;
  ecsnet__mem_init(&m, alloc, ud);
  s = (ecsnet_cidrset_t *)ecsnet__alloc(&m, sizeof *s);
  if (s == NULL) return NULL;
  memset(s, 0, sizeof *s);
  s->mem = m;
  return s;
}


void ecsnet_cidrset_free(ecsnet_cidrset_t *s) {
  ecsnet_mem_t m;
  if (s == NULL) return;
  m = s->mem;
  ecsnet__free(&m, s->v4, s->cap4 * sizeof *s->v4);
  ecsnet__free(&m, s->v6, s->cap6 * sizeof *s->v6);
  ecsnet__free(&m, s, sizeof *s);
}


size_t ecsnet_cidrset_bytes(const ecsnet_cidrset_t *s) {
  return sizeof *s + s->cap4 * sizeof *s->v4 + s->cap6 * sizeof *s->v6;
}


size_t ecsnet_cidrset_intervals(const ecsnet_cidrset_t *s, int family) {
  return family == 4 ? s->n4 : s->n6;
}


static int grow(const ecsnet_mem_t *m, void **arr, size_t *cap, size_t need,
                size_t elem) {
  size_t nc;
  void *p;
  if (need <= *cap) return ECSNET_OK;
  nc = *cap ? *cap : 8;
  while (nc < need) {
    if (nc > ((size_t)-1) / 2 / elem) return ECSNET_ENOMEM;
    nc *= 2;
  }
  p = ecsnet__realloc(m, *arr, *cap * elem, nc * elem);
  if (p == NULL) return ECSNET_ENOMEM;
  *arr = p;
  *cap = nc;
  return ECSNET_OK;
}


/* At the limit of one family, merging what was added may make room; else
** ECSNET_ELIMIT. */
static int room(ecsnet_cidrset_t *s, int family) {
  if ((family == 4 ? s->n4 : s->n6) < ECSNET_CIDRSET_MAX_RANGES) return ECSNET_OK;
  ecsnet_cidrset_compile(s);
  return (family == 4 ? s->n4 : s->n6) < ECSNET_CIDRSET_MAX_RANGES
         ? ECSNET_OK : ECSNET_ELIMIT;
}

static int contains_range(const ecsnet_cidrset_t *s, int family, u128 lo,
                          u128 hi);

static int add_v4(ecsnet_cidrset_t *s, uint32_t lo, uint32_t hi) {
  if (room(s, 4)) return ECSNET_ELIMIT;
  if (grow(&s->mem, (void **)&s->v4, &s->cap4, s->n4 + 1, sizeof *s->v4))
    return ECSNET_ENOMEM;
  /* Stays compiled when it lands strictly after the last interval. */
  if (s->n4 && (uint64_t)lo <= (uint64_t)s->v4[s->n4 - 1].hi + 1) s->dirty = 1;
  s->v4[s->n4].lo = lo;
  s->v4[s->n4].hi = hi;
  s->n4++;
  return ECSNET_OK;
}


static int add_v6(ecsnet_cidrset_t *s, u128 lo, u128 hi) {
  if (room(s, 6)) return ECSNET_ELIMIT;
  if (grow(&s->mem, (void **)&s->v6, &s->cap6, s->n6 + 1, sizeof *s->v6))
    return ECSNET_ENOMEM;
  if (s->n6) {
    u128 ph = s->v6[s->n6 - 1].hi;
    if (u128_eq(ph, u128_ones()) || !u128_lt(u128_add(ph, u128_small(1)), lo))
      s->dirty = 1;
  }
  s->v6[s->n6].lo = lo;
  s->v6[s->n6].hi = hi;
  s->n6++;
  return ECSNET_OK;
}


int ecsnet_cidrset_add(ecsnet_cidrset_t *s, const ecsnet_prefix_t *p) {
  u128 lo = u128_and(u128_of(p), u128_netmask(p->family, p->len));
  u128 hi = u128_or(lo, u128_hostmask(p->family, p->len));
  int st;
  if (p->family != 4 && p->family != 6) return ECSNET_EINVAL;
  st = p->family == 4 ? add_v4(s, (uint32_t)lo.lo, (uint32_t)hi.lo)
                      : add_v6(s, lo, hi);
  /* at the limit (the set is compiled then), what it holds already is fine */
  if (st == ECSNET_ELIMIT && contains_range(s, p->family, lo, hi))
    st = ECSNET_OK;
  return st;
}


static int cmp4(const void *a, const void *b) {
  const iv4 *x = (const iv4 *)a, *y = (const iv4 *)b;
  return x->lo < y->lo ? -1 : x->lo > y->lo ? 1 : 0;
}

static int cmp6(const void *a, const void *b) {
  const iv6 *x = (const iv6 *)a, *y = (const iv6 *)b;
  return u128_lt(x->lo, y->lo) ? -1 : u128_lt(y->lo, x->lo) ? 1 : 0;
}


int ecsnet_cidrset_compile(ecsnet_cidrset_t *s) {
  size_t i, o;
  if (!s->dirty) return ECSNET_OK;
  if (s->n4 > 1) {
    qsort(s->v4, s->n4, sizeof *s->v4, cmp4);
    for (i = 1, o = 0; i < s->n4; i++) {
      if ((uint64_t)s->v4[i].lo <= (uint64_t)s->v4[o].hi + 1) {
        if (s->v4[i].hi > s->v4[o].hi) s->v4[o].hi = s->v4[i].hi;
      } else {
        s->v4[++o] = s->v4[i];
      }
    }
    s->n4 = o + 1;
  }
  if (s->n6 > 1) {
    qsort(s->v6, s->n6, sizeof *s->v6, cmp6);
    for (i = 1, o = 0; i < s->n6; i++) {
      u128 ph = s->v6[o].hi;
      if (u128_eq(ph, u128_ones()) ||
          !u128_lt(u128_add(ph, u128_small(1)), s->v6[i].lo)) {
        if (u128_lt(ph, s->v6[i].hi)) s->v6[o].hi = s->v6[i].hi;
      } else {
        s->v6[++o] = s->v6[i];
      }
    }
    s->n6 = o + 1;
  }
  s->dirty = 0;
  return ECSNET_OK;
}


/* Index of the last interval whose lo <= x, or (size_t)-1. Branch-free
** (the compiler turns the select into a conditional move): random queries
** would mispredict about half of a branchy search's steps. */
static size_t find4(const iv4 *v, size_t n, uint32_t x) {
  const iv4 *base = v;
  size_t len = n;
  if (n == 0) return (size_t)-1;
  while (len > 1) {
    size_t half = len / 2;
    base = base[half].lo <= x ? base + half : base;
    len -= half;
  }
  return base->lo <= x ? (size_t)(base - v) : (size_t)-1;
}

static size_t find6(const iv6 *v, size_t n, u128 x) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (!u128_lt(x, v[mid].lo)) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}


static int contains_range(const ecsnet_cidrset_t *s, int family, u128 lo,
                          u128 hi) {
  size_t k;
  if (family == 4) {
    k = find4(s->v4, s->n4, (uint32_t)lo.lo);
    return k != (size_t)-1 && (uint32_t)hi.lo <= s->v4[k].hi;
  }
  k = find6(s->v6, s->n6, lo);
  return k != (size_t)-1 && !u128_lt(s->v6[k].hi, hi);
}


int ecsnet_cidrset_contains(const ecsnet_cidrset_t *s,
                            const ecsnet_prefix_t *p) {
  u128 lo, hi;
  if (s->dirty) return -1;
  lo = u128_and(u128_of(p), u128_netmask(p->family, p->len));
  hi = u128_or(lo, u128_hostmask(p->family, p->len));
  return contains_range(s, p->family, lo, hi);
}


int ecsnet_cidrset_contains_text(const ecsnet_cidrset_t *s, const char *t,
                                 size_t n) {
  ecsnet_prefix_t p;
  uint32_t q;
  if (s->dirty) return -1;
  if (ecsnet__quad(t, n, &q)) {
    size_t k = find4(s->v4, s->n4, q);
    return k != (size_t)-1 && q <= s->v4[k].hi;
  }
  if (ecsnet_prefix_parse(t, n, 0, &p, NULL, 0) != ECSNET_OK) return -1;
  if (p.family == 4) {   /* the hot path: one 32-bit search */
    uint32_t x = ((uint32_t)p.addr[0] << 24) | ((uint32_t)p.addr[1] << 16) |
                 ((uint32_t)p.addr[2] << 8) | p.addr[3];
    uint32_t y = x | (p.len == 0 ? 0xffffffffu : (uint32_t)((1ULL << (32 - p.len)) - 1));
    size_t k = find4(s->v4, s->n4, x);
    return k != (size_t)-1 && y <= s->v4[k].hi;
  }
  return ecsnet_cidrset_contains(s, &p);
}


int ecsnet_cidrset_overlaps(const ecsnet_cidrset_t *s,
                            const ecsnet_prefix_t *p) {
  u128 lo, hi;
  size_t k;
  if (s->dirty) return -1;
  lo = u128_and(u128_of(p), u128_netmask(p->family, p->len));
  hi = u128_or(lo, u128_hostmask(p->family, p->len));
  /* the last interval starting at or before hi must end at or after lo */
  if (p->family == 4) {
    k = find4(s->v4, s->n4, (uint32_t)hi.lo);
    return k != (size_t)-1 && s->v4[k].hi >= (uint32_t)lo.lo;
  }
  k = find6(s->v6, s->n6, hi);
  return k != (size_t)-1 && !u128_lt(s->v6[k].hi, lo);
}


/* {======================================================================
** Set algebra: merge walks over two compiled interval lists
** ======================================================================= */

/* Generic view of both families as u128 intervals. */
static u128 lo_at(const ecsnet_cidrset_t *s, int fam, size_t i) {
  return fam == 4 ? u128_small(s->v4[i].lo) : s->v6[i].lo;
}
static u128 hi_at(const ecsnet_cidrset_t *s, int fam, size_t i) {
  return fam == 4 ? u128_small(s->v4[i].hi) : s->v6[i].hi;
}
static size_t count_at(const ecsnet_cidrset_t *s, int fam) {
  return fam == 4 ? s->n4 : s->n6;
}
static int push(ecsnet_cidrset_t *r, int fam, u128 lo, u128 hi) {
  return fam == 4 ? add_v4(r, (uint32_t)lo.lo, (uint32_t)hi.lo)
                  : add_v6(r, lo, hi);
}

enum { OP_UNION, OP_DIFF, OP_INTER };

/* Sweeps the boundaries of a and b for one family; emits the intervals where
** op(in_a, in_b) holds. Inputs are sorted and disjoint, so output is too. */
static int sweep(ecsnet_cidrset_t *r, const ecsnet_cidrset_t *a,
                 const ecsnet_cidrset_t *b, int fam, int op) {
  size_t na = count_at(a, fam), nb = count_at(b, fam), i = 0, j = 0;
  if (op == OP_UNION) {
    while (i < na || j < nb) {
      int st;
      if (j >= nb || (i < na && !u128_lt(lo_at(b, fam, j), lo_at(a, fam, i))))
        st = push(r, fam, lo_at(a, fam, i), hi_at(a, fam, i)), i++;
      else
        st = push(r, fam, lo_at(b, fam, j), hi_at(b, fam, j)), j++;
      if (st) return st;
    }
    return ECSNET_OK;
  }
  if (op == OP_INTER) {
    while (i < na && j < nb) {
      u128 alo = lo_at(a, fam, i), ahi = hi_at(a, fam, i);
      u128 blo = lo_at(b, fam, j), bhi = hi_at(b, fam, j);
      u128 lo = u128_lt(alo, blo) ? blo : alo;
      u128 hi = u128_lt(ahi, bhi) ? ahi : bhi;
      int st = u128_lt(hi, lo) ? ECSNET_OK : push(r, fam, lo, hi);
      if (st) return st;
      if (u128_lt(ahi, bhi)) i++; else j++;
    }
    return ECSNET_OK;
  }
  /* difference */
  for (i = 0; i < na; i++) {
    u128 lo = lo_at(a, fam, i), hi = hi_at(a, fam, i);
    int open = 1;
    while (j < nb && u128_lt(hi_at(b, fam, j), lo)) j++;
    while (open && j < nb && !u128_lt(hi, lo_at(b, fam, j))) {
      u128 blo = lo_at(b, fam, j), bhi = hi_at(b, fam, j);
      int st = u128_lt(lo, blo) ? push(r, fam, lo, u128_sub(blo, u128_small(1)))
                                : ECSNET_OK;
      if (st) return st;
      if (u128_lt(bhi, hi)) {
        lo = u128_add(bhi, u128_small(1));
        j++;
      } else {
        open = 0;     /* b[j] covers the rest; it may cover a[i+1] too */
      }
    }
    if (open) {
      int st = push(r, fam, lo, hi);
      if (st) return st;
    }
  }
  return ECSNET_OK;
}


int ecsnet_cidrset_combine(const ecsnet_cidrset_t *a, const ecsnet_cidrset_t *b,
                           ecsnet_setop_t op, ecsnet_cidrset_t **out) {
  static const int ops[] = { OP_UNION, OP_DIFF, OP_INTER };
  ecsnet_cidrset_t *r;
  int st;
  *out = NULL;
  if (a->dirty || b->dirty || (unsigned)op > ECSNET_SETOP_INTERSECTION)
    return ECSNET_EINVAL;
  r = ecsnet_cidrset_new(a->mem.fn, a->mem.ud);
  if (r == NULL) return ECSNET_ENOMEM;
  st = sweep(r, a, b, 4, ops[op]);
  if (st == ECSNET_OK) st = sweep(r, a, b, 6, ops[op]);
  if (st != ECSNET_OK) {
    ecsnet_cidrset_free(r);
    return st;
  }
  ecsnet_cidrset_compile(r);    /* union of touching intervals merges here */
  *out = r;
  return ECSNET_OK;
}

static ecsnet_cidrset_t *algebra(const ecsnet_cidrset_t *a,
                                 const ecsnet_cidrset_t *b, ecsnet_setop_t op) {
  ecsnet_cidrset_t *r;
  ecsnet_cidrset_combine(a, b, op, &r);
  return r;
}

ecsnet_cidrset_t *ecsnet_cidrset_union(const ecsnet_cidrset_t *a,
                                       const ecsnet_cidrset_t *b) {
  return algebra(a, b, ECSNET_SETOP_UNION);
}

ecsnet_cidrset_t *ecsnet_cidrset_difference(const ecsnet_cidrset_t *a,
                                            const ecsnet_cidrset_t *b) {
  return algebra(a, b, ECSNET_SETOP_DIFFERENCE);
}

ecsnet_cidrset_t *ecsnet_cidrset_intersection(const ecsnet_cidrset_t *a,
                                              const ecsnet_cidrset_t *b) {
  return algebra(a, b, ECSNET_SETOP_INTERSECTION);
}

int ecsnet_cidrset_equal(const ecsnet_cidrset_t *a, const ecsnet_cidrset_t *b) {
  return a->n4 == b->n4 && a->n6 == b->n6 &&
         (a->n4 == 0 || memcmp(a->v4, b->v4, a->n4 * sizeof *a->v4) == 0) &&
         (a->n6 == 0 || memcmp(a->v6, b->v6, a->n6 * sizeof *a->v6) == 0);
}

/* }====================================================================== */


int ecsnet_cidrset_next(const ecsnet_cidrset_t *s, ecsnet_cidrset_iter_t *it,
                        ecsnet_prefix_t *out) {
  while (it->family_pos < 2) {
    int fam = it->family_pos == 0 ? 4 : 6;
    unsigned maxbits = fam == 4 ? 32u : 128u;
    u128 lo, hi, end;
    unsigned bits;
    if (s->dirty || it->index >= count_at(s, fam)) {
      it->family_pos++;
      it->index = 0;
      it->started = 0;
      continue;
    }
    hi = hi_at(s, fam, it->index);
    lo = it->started ? u128_of(&it->next) : lo_at(s, fam, it->index);
    bits = u128_ctz(lo, maxbits);
    while (bits > 0 && u128_lt(hi, u128_add(lo, u128_lowmask(bits))))
      bits--;
    memset(out, 0, sizeof *out);
    out->family = (unsigned char)fam;
    out->len = (unsigned char)(maxbits - bits);
    u128_to(out, lo);
    end = u128_add(lo, u128_lowmask(bits));
    if (u128_eq(end, hi)) {
      it->index++;
      it->started = 0;
    } else {
      it->next = *out;
      u128_to(&it->next, u128_add(end, u128_small(1)));
      it->started = 1;
    }
    return 1;
  }
  return 0;
}
