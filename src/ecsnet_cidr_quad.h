/*
** ecsnet_cidr_quad.h: the dotted-quad readers, the hot path of parsing and
** of membership (private to src/ecsnet_cidr*.c; test/test_cidr.c and
** fuzz/fuzz_cidr.c compare the two). The byte loop and the SSSE3 reader
** stay side by side with ecsnet__quad, which picks one at run time.
*/
#ifndef ECSNET_CIDR_QUAD_H
#define ECSNET_CIDR_QUAD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

#endif
