/*
** ecsnet_cidr_u128.h: 128-bit unsigned arithmetic for the CIDR core
** (private to src/ecsnet_cidr*.c). An IPv4 address is its 32-bit value in
** 'lo'. The dotted-quad readers are in ecsnet_cidr_quad.h.
*/
#ifndef ECSNET_CIDR_U128_H
#define ECSNET_CIDR_U128_H

#include <stdint.h>
#include <string.h>
#include "ecsnet.h"

typedef struct { uint64_t hi, lo; } u128;

static inline u128 u128_make(uint64_t hi, uint64_t lo) {
  u128 r; r.hi = hi; r.lo = lo; return r;
}
static inline u128 u128_small(uint64_t v) { return u128_make(0, v); }
static inline u128 u128_ones(void) { return u128_make(~0ULL, ~0ULL); }

static inline uint64_t be64(const unsigned char *a) {
  return ((uint64_t)a[0] << 56) | ((uint64_t)a[1] << 48) |
         ((uint64_t)a[2] << 40) | ((uint64_t)a[3] << 32) |
         ((uint64_t)a[4] << 24) | ((uint64_t)a[5] << 16) |
         ((uint64_t)a[6] << 8) | (uint64_t)a[7];
}
static inline void put_be64(unsigned char *a, uint64_t v) {
  int k;
  for (k = 7; k >= 0; k--) { a[k] = (unsigned char)v; v >>= 8; }
}

static inline u128 u128_of(const ecsnet_prefix_t *p) {
  if (p->family == 4)
    return u128_small(((uint64_t)p->addr[0] << 24) | ((uint64_t)p->addr[1] << 16)
                      | ((uint64_t)p->addr[2] << 8) | (uint64_t)p->addr[3]);
  return u128_make(be64(p->addr), be64(p->addr + 8));
}
static inline void u128_to(ecsnet_prefix_t *p, u128 v) {
  if (p->family == 4) {
    p->addr[0] = (unsigned char)(v.lo >> 24); p->addr[1] = (unsigned char)(v.lo >> 16);
    p->addr[2] = (unsigned char)(v.lo >> 8); p->addr[3] = (unsigned char)v.lo;
    memset(p->addr + 4, 0, 12);
  } else {
    put_be64(p->addr, v.hi);
    put_be64(p->addr + 8, v.lo);
  }
}

static inline u128 u128_and(u128 a, u128 b) { return u128_make(a.hi & b.hi, a.lo & b.lo); }
static inline u128 u128_or(u128 a, u128 b) { return u128_make(a.hi | b.hi, a.lo | b.lo); }
static inline u128 u128_not(u128 a) { return u128_make(~a.hi, ~a.lo); }
static inline int u128_eq(u128 a, u128 b) { return a.hi == b.hi && a.lo == b.lo; }
static inline int u128_lt(u128 a, u128 b) { return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo); }
static inline int u128_is_zero(u128 a) { return (a.hi | a.lo) == 0; }
static inline u128 u128_add(u128 a, u128 b) {
  u128 r; r.lo = a.lo + b.lo; r.hi = a.hi + b.hi + (r.lo < a.lo); return r;
}
static inline u128 u128_sub(u128 a, u128 b) {
  u128 r; r.lo = a.lo - b.lo; r.hi = a.hi - b.hi - (a.lo < b.lo); return r;
}
/* 2^bits - 1, for bits 0..128. */
static inline u128 u128_lowmask(unsigned bits) {
  if (bits >= 128) return u128_ones();
  if (bits >= 64) return u128_make(bits == 64 ? 0 : (~0ULL >> (128 - bits)), ~0ULL);
  return u128_small(bits == 0 ? 0 : (~0ULL >> (64 - bits)));
}
/* 2^bits for bits 0..127. */
static inline u128 u128_pow2(unsigned bits) {
  if (bits >= 64) return u128_make(bits >= 128 ? 0 : 1ULL << (bits - 64), 0);
  return u128_small(1ULL << bits);
}
static inline u128 u128_hostmask(int family, unsigned len) {
  return u128_lowmask((family == 4 ? 32u : 128u) - len);
}
static inline u128 u128_netmask(int family, unsigned len) {
  return u128_and(u128_lowmask(family == 4 ? 32u : 128u),
                  u128_not(u128_hostmask(family, len)));
}
/* Trailing zero bits of v, at most 'max' (v == 0 gives max). */
static inline unsigned u128_ctz(u128 v, unsigned max) {
  unsigned n = 0;
  if (v.lo == 0 && v.hi == 0) return max;
  if (v.lo == 0) { n = 64; v.lo = v.hi; }
  while (!(v.lo & 1)) { v.lo >>= 1; n++; }
  return n < max ? n : max;
}
/* Decimal text of v into b (>= 40 bytes); returns the length, no NUL. */
static inline size_t u128_decimal(u128 v, char *b) {
  char t[40];
  size_t n = 0, k;
  do {
    /* divide by 10: (hi, lo) = 10 q + r */
    uint64_t qh = v.hi / 10, rh = v.hi % 10;
    /* rh * 2^64 + lo, split in 32-bit halves */
    uint64_t mid = (rh << 32) | (v.lo >> 32);
    uint64_t qm = mid / 10, rm = mid % 10;
    uint64_t low = (rm << 32) | (v.lo & 0xffffffffULL);
    uint64_t ql = low / 10, rl = low % 10;
    t[n++] = (char)('0' + rl);
    v.hi = qh;
    v.lo = (qm << 32) | ql;
  } while (v.hi || v.lo);
  for (k = 0; k < n; k++) b[k] = t[n - 1 - k];
  return n;
}

#endif
