/*
** ecsnet_cidr_u128.h: 128-bit unsigned arithmetic for the CIDR core, and its
** dotted-quad reader (private to src/ecsnet_cidr*.c). An IPv4 address is its
** 32-bit value in 'lo'.
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

/*
** {======================================================================
** The dotted-quad reader: the hot path of parsing and of membership
** =======================================================================
*/

/* A bare dotted-quad address t[0..n), strictly (no leading zeros, 0-255,
** exactly four octets, nothing else): 1 and *out, or 0 to hand the text to
** the full parser, which says what is wrong. A byte loop: on random
** addresses its digit-count branches mispredict (~20 ns in
** bench/cidr_bench.c), hence the SSSE3 reader below where the CPU has it. */
static inline int ecsnet__quad_scalar(const char *t, size_t n, uint32_t *out) {
  const char *e = t + n;
  uint32_t v = 0;
  int k;
  for (k = 0; k < 4; k++) {
    unsigned o;
    if (t == e || (unsigned)(*t - '0') > 9) return 0;
    o = (unsigned)(*t++ - '0');
    if (t < e && (unsigned)(*t - '0') <= 9) {
      if (o == 0) return 0;
      o = o * 10 + (unsigned)(*t++ - '0');
      if (t < e && (unsigned)(*t - '0') <= 9) {
        o = o * 10 + (unsigned)(*t++ - '0');
        if (o > 255) return 0;
      }
    }
    v = (v << 8) | o;
    if (k < 3) {
      if (t == e || *t != '.') return 0;
      t++;
    }
  }
  if (t != e) return 0;
  *out = v;
  return 1;
}

#if (defined(__GNUC__) || defined(__clang__)) && \
    (defined(__x86_64__) || defined(__i386__))
#define ECSNET_QUAD_SSSE3 1
#include <tmmintrin.h>

/* The 81 layouts of a valid dotted quad, by octet lengths L0..L3 (1-3),
** index (L0-1)*27 + (L1-1)*9 + (L2-1)*3 + (L3-1). For each, the pshufb
** control that moves octet k's hundreds, tens and units digits into bytes
** 4k, 4k+1, 4k+2 (0x80 gives a zero byte), and the positions of the first
** digit of each octet longer than one digit (a '0' there is a leading
** zero). Octet k starts at S_k (L_0 + ... + L_(k-1) + k) and ends at E_k. */
typedef struct {
  unsigned char shuf[16];
  unsigned short lead;
} ecsnet__quad_layout;

#define QL_L(i, k) ((k) == 0 ? (i) / 27 + 1 : (k) == 1 ? (i) / 9 % 3 + 1 : \
                    (k) == 2 ? (i) / 3 % 3 + 1 : (i) % 3 + 1)
#define QL_S(i, k) ((k) == 0 ? 0 : (k) == 1 ? QL_L(i, 0) + 1 : \
                    (k) == 2 ? QL_L(i, 0) + QL_L(i, 1) + 2 : \
                    QL_L(i, 0) + QL_L(i, 1) + QL_L(i, 2) + 3)
#define QL_E(i, k) (QL_S(i, k) + QL_L(i, k))
#define QL_OCT(i, k) \
  (unsigned char)(QL_L(i, k) == 3 ? QL_E(i, k) - 3 : 0x80), \
  (unsigned char)(QL_L(i, k) >= 2 ? QL_E(i, k) - 2 : 0x80), \
  (unsigned char)(QL_E(i, k) - 1), 0x80
#define QL_LEAD(i, k) (QL_L(i, k) > 1 ? 1u << QL_S(i, k) : 0u)
#define QL(i) { { QL_OCT(i, 0), QL_OCT(i, 1), QL_OCT(i, 2), QL_OCT(i, 3) }, \
  (unsigned short)(QL_LEAD(i, 0) | QL_LEAD(i, 1) | QL_LEAD(i, 2) | \
                   QL_LEAD(i, 3)) }
#define QL9(j) QL(9 * (j)), QL(9 * (j) + 1), QL(9 * (j) + 2), QL(9 * (j) + 3), \
  QL(9 * (j) + 4), QL(9 * (j) + 5), QL(9 * (j) + 6), QL(9 * (j) + 7), \
  QL(9 * (j) + 8)

static const ecsnet__quad_layout ecsnet__quad_layouts[81] = {
  QL9(0), QL9(1), QL9(2), QL9(3), QL9(4), QL9(5), QL9(6), QL9(7), QL9(8)
};

#undef QL9
#undef QL
#undef QL_LEAD
#undef QL_OCT
#undef QL_E
#undef QL_S
#undef QL_L

/* ecsnet__quad_scalar's answer without a branch on the digits: the bytes
** in one vector, dots and digits as bit masks, the dots' positions give
** the layout, one shuffle lines the digits up and two multiply-adds make
** the four octets (~7 ns against ~20 ns on random addresses). */
__attribute__((target("ssse3")))
static inline int ecsnet__quad_ssse3(const char *t, size_t n, uint32_t *out) {
  const unsigned char *s = (const unsigned char *)t;
  uint64_t lo = 0, hi = 0;
  __m128i v, d, w;
  unsigned dot, dig, zero, r, p1, p2, p3, l0, l1, l2, l3;
  const ecsnet__quad_layout *q;
  if (n - 7u > 8u) return 0;   /* 7 to 15 bytes */
  if (n >= 8) {   /* two loads inside the text; little-endian */
    memcpy(&lo, s, 8);
    memcpy(&hi, s + n - 8, 8);
    hi = n > 8 ? hi >> (8 * (16 - n)) : 0;
  } else {
    memcpy(&lo, s, 7);
  }
  v = _mm_set_epi64x((long long)hi, (long long)lo);   /* zeros past n */
  dot = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')));
  d = _mm_sub_epi8(v, _mm_set1_epi8('0'));
  dig = (unsigned)_mm_movemask_epi8(
      _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d));
  /* each byte a digit or a dot (the zeros past n are neither); 3 dots */
  r = dot & (dot - 1u);
  r &= r - 1u;
  if ((dig | dot) != (1u << n) - 1u || r == 0 || (r & (r - 1u)) != 0)
    return 0;
  p1 = (unsigned)__builtin_ctz(dot);
  p2 = (unsigned)__builtin_ctz(dot & (dot - 1u));
  p3 = (unsigned)__builtin_ctz(r);
  l0 = p1 - 1u;   /* lengths less one: 0-2 when valid */
  l1 = p2 - p1 - 2u;
  l2 = p3 - p2 - 2u;
  l3 = (unsigned)n - p3 - 2u;
  if ((l0 > 2u) | (l1 > 2u) | (l2 > 2u) | (l3 > 2u)) return 0;
  q = &ecsnet__quad_layouts[l0 * 27 + l1 * 9 + l2 * 3 + l3];
  zero = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(d, _mm_setzero_si128()));
  if (zero & q->lead) return 0;
  w = _mm_shuffle_epi8(d, _mm_loadu_si128((const __m128i *)q->shuf));
  w = _mm_maddubs_epi16(w, _mm_set1_epi32(0x00010a64));   /* 100, 10, 1, 0 */
  w = _mm_madd_epi16(w, _mm_set1_epi16(1));
  if (_mm_movemask_epi8(_mm_cmpgt_epi32(w, _mm_set1_epi32(255))) != 0)
    return 0;
  w = _mm_packus_epi16(_mm_packs_epi32(w, w), w);
  *out = __builtin_bswap32((uint32_t)_mm_cvtsi128_si32(w));
  return 1;
}
#endif

/* The dotted-quad reader: SSSE3 where the CPU has it, else the byte loop. */
static inline int ecsnet__quad(const char *t, size_t n, uint32_t *out) {
#ifdef ECSNET_QUAD_SSSE3
  if (__builtin_cpu_supports("ssse3"))
    return ecsnet__quad_ssse3(t, n, out);
#endif
  return ecsnet__quad_scalar(t, n, out);
}

/* }====================================================================== */

#endif
