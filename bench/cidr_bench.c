/*
** cidr_bench.c: the C side of bench/cidr.sh. Writes the shared
** data sets into a folder (argv[1]), then times the floors the issue names:
** a hand-written IPv4 parser + binary search over sorted intervals,
** inet_pton + binary search for IPv6, libcidr's cidr_from_str + cidr_free,
** and ecsnet's core called from C. Prints "name value" lines (ns per item,
** bytes).
*/
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libcidr.h>

#include "ecsnet.h"

#define NPREFIX 1000
#define NQUERY 1000000

static uint64_t rs = 0x2545F4914F6CDD1DULL;
static uint64_t rnd(void) {
  rs ^= rs >> 12; rs ^= rs << 25; rs ^= rs >> 27;
  return rs * 2685821657736338717ULL;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);   /* CPU time, as the Lua and Python sides */
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

typedef struct { uint32_t lo, hi; } iv4;
typedef struct { uint64_t hh, hl, lh, ll; } iv6;   /* lo = (hh,hl), hi = (lh,ll) */

static int cmp4(const void *a, const void *b) {
  const iv4 *x = a, *y = b;
  return x->lo < y->lo ? -1 : x->lo > y->lo;
}
static int cmp6(const void *a, const void *b) {
  const iv6 *x = a, *y = b;
  if (x->hh != y->hh) return x->hh < y->hh ? -1 : 1;
  return x->hl < y->hl ? -1 : x->hl > y->hl;
}

static iv4 set4[NPREFIX];
static size_t n4;
static iv6 set6[NPREFIX];
static size_t n6;
static char **q4, **q6, **pfx4;

/* The floor's parser: digits and dots, nothing else checked. */
static inline int floor_parse4(const char *s, uint32_t *out) {
  uint32_t v = 0, o = 0;
  int parts = 0;
  for (;; s++) {
    if (*s >= '0' && *s <= '9') o = o * 10 + (uint32_t)(*s - '0');
    else if (*s == '.' || *s == '\0') {
      if (o > 255) return 0;
      v = (v << 8) | o;
      o = 0;
      parts++;
      if (*s == '\0') break;
    } else return 0;
  }
  *out = v;
  return parts == 4;
}

static inline int floor_find4(uint32_t x) {
  size_t lo = 0, hi = n4;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (set4[mid].lo <= x) lo = mid + 1; else hi = mid;
  }
  return lo > 0 && x <= set4[lo - 1].hi;
}

static inline int floor_find6(uint64_t h, uint64_t l) {
  size_t lo = 0, hi = n6;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (set6[mid].hh < h || (set6[mid].hh == h && set6[mid].hl <= l)) lo = mid + 1;
    else hi = mid;
  }
  if (lo == 0) return 0;
  lo--;
  return h < set6[lo].lh || (h == set6[lo].lh && l <= set6[lo].ll);
}

static uint64_t be64(const unsigned char *a) {
  uint64_t v = 0;
  int k;
  for (k = 0; k < 8; k++) v = (v << 8) | a[k];
  return v;
}

static void v6text(const unsigned char *a, unsigned len, char *out, size_t n) {
  ecsnet_prefix_t p;
  memset(&p, 0, sizeof p);
  p.family = 6;
  p.len = (unsigned char)len;
  memcpy(p.addr, a, 16);
  if (len == 128) ecsnet_addr_format(&p, out, n);
  else ecsnet_prefix_format(&p, out, n);
}

static void make_data(const char *dir) {
  char path[512], buf[64];
  FILE *f4, *f6, *fq4, *fq6, *fp;
  size_t i;
  ecsnet_prefix_t p;
  snprintf(path, sizeof path, "%s/v4_prefixes.txt", dir); f4 = fopen(path, "w");
  snprintf(path, sizeof path, "%s/v6_prefixes.txt", dir); f6 = fopen(path, "w");
  snprintf(path, sizeof path, "%s/v4_queries.txt", dir); fq4 = fopen(path, "w");
  snprintf(path, sizeof path, "%s/v6_queries.txt", dir); fq6 = fopen(path, "w");
  snprintf(path, sizeof path, "%s/v4_parse.txt", dir); fp = fopen(path, "w");
  if (!f4 || !f6 || !fq4 || !fq6 || !fp) { perror("bench data"); exit(2); }
  q4 = malloc(NQUERY * sizeof *q4);
  q6 = malloc(NQUERY * sizeof *q6);
  pfx4 = malloc(NQUERY * sizeof *pfx4);
  /* 1,000 IPv4 prefixes /12../28 and 1,000 IPv6 /32../64 (merged below) */
  for (i = 0; i < NPREFIX; i++) {
    unsigned len = 12 + (unsigned)(rnd() % 17);
    uint32_t v = (uint32_t)rnd() & (len ? ~0u << (32 - len) : 0);
    unsigned char a[16];
    uint64_t h = rnd(), l = 0;
    unsigned l6 = 32 + (unsigned)(rnd() % 33);
    fprintf(f4, "%u.%u.%u.%u/%u\n", v >> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255, len);
    set4[i].lo = v;
    set4[i].hi = v | (len == 32 ? 0 : (0xffffffffu >> len));
    h = (h >> 32 << 32) | 0x20010000u;   /* keep hits likely */
    h = (0x2001ULL << 48) | (h & 0x0000ffffffffffffULL);
    h &= l6 >= 64 ? ~0ULL : ~0ULL << (64 - l6);
    set6[i].hh = h; set6[i].hl = l;
    set6[i].lh = h | (l6 >= 64 ? 0 : (~0ULL >> l6)); set6[i].ll = ~0ULL;
    memset(a, 0, 16);
    for (int k = 0; k < 8; k++) a[k] = (unsigned char)(h >> (56 - 8 * k));
    v6text(a, l6, buf, sizeof buf);
    fprintf(f6, "%s\n", buf);
  }
  /* merge into sorted disjoint intervals (the floor's own set) */
  qsort(set4, NPREFIX, sizeof *set4, cmp4);
  for (i = 1, n4 = 0; i < NPREFIX; i++) {
    if ((uint64_t)set4[i].lo <= (uint64_t)set4[n4].hi + 1) {
      if (set4[i].hi > set4[n4].hi) set4[n4].hi = set4[i].hi;
    } else set4[++n4] = set4[i];
  }
  n4++;
  qsort(set6, NPREFIX, sizeof *set6, cmp6);
  for (i = 1, n6 = 0; i < NPREFIX; i++) {
    if (set6[i].hh < set6[n6].lh || (set6[i].hh == set6[n6].lh)) {
      if (set6[i].lh > set6[n6].lh) set6[n6].lh = set6[i].lh;
    } else set6[++n6] = set6[i];
  }
  n6++;
  /* 1,000,000 queries each: half inside a prefix, half anywhere */
  for (i = 0; i < NQUERY; i++) {
    uint32_t v;
    unsigned char a[16];
    uint64_t h, l;
    int k;
    if (i & 1) v = (uint32_t)rnd();
    else { iv4 *s = &set4[rnd() % n4]; v = s->lo + (uint32_t)(rnd() % ((uint64_t)s->hi - s->lo + 1)); }
    snprintf(buf, sizeof buf, "%u.%u.%u.%u", v >> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255);
    fprintf(fq4, "%s\n", buf);
    q4[i] = strdup(buf);
    if (i & 1) { h = (0x2001ULL << 48) | (rnd() >> 16); l = rnd(); }
    else { iv6 *s = &set6[rnd() % n6]; h = s->hh + (rnd() % (s->lh - s->hh + 1)); l = rnd(); }
    for (k = 0; k < 8; k++) { a[k] = (unsigned char)(h >> (56 - 8 * k)); a[8 + k] = (unsigned char)(l >> (56 - 8 * k)); }
    v6text(a, 128, buf, sizeof buf);
    fprintf(fq6, "%s\n", buf);
    q6[i] = strdup(buf);
    /* prefixes to parse: network addresses of /8../32 */
    {
      unsigned len = 8 + (unsigned)(rnd() % 25);
      uint32_t w = (uint32_t)rnd() & (~0u << (32 - len));
      if (len == 32) w = (uint32_t)rnd();
      snprintf(buf, sizeof buf, "%u.%u.%u.%u/%u", w >> 24, (w >> 16) & 255, (w >> 8) & 255, w & 255, len);
      fprintf(fp, "%s\n", buf);
      pfx4[i] = strdup(buf);
    }
  }
  (void)p;
  fclose(f4); fclose(f6); fclose(fq4); fclose(fq6); fclose(fp);
}

#define REPS 3
#define BEST(expr_ns) do { double b_ = 1e99; for (int r_ = 0; r_ < REPS; r_++) { double t_ = (expr_ns); if (t_ < b_) b_ = t_; } best = b_; } while (0)

static long sink;

static double run_floor4(void) {
  double t = now();
  long hits = 0;
  for (size_t i = 0; i < NQUERY; i++) {
    uint32_t v;
    if (floor_parse4(q4[i], &v)) hits += floor_find4(v);
  }
  sink += hits;
  return (now() - t) * 1e9 / NQUERY;
}

static double run_floor6(void) {
  double t = now();
  long hits = 0;
  for (size_t i = 0; i < NQUERY; i++) {
    unsigned char a[16];
    if (inet_pton(AF_INET6, q6[i], a) == 1) hits += floor_find6(be64(a), be64(a + 8));
  }
  sink += hits;
  return (now() - t) * 1e9 / NQUERY;
}

static double run_libcidr(void) {
  double t = now();
  for (size_t i = 0; i < NQUERY; i++) {
    CIDR *c = cidr_from_str(pfx4[i]);
    sink += c != NULL;
    cidr_free(c);
  }
  return (now() - t) * 1e9 / NQUERY;
}

static ecsnet_cidrset_t *core4, *core6;

static double run_core(ecsnet_cidrset_t *s, char **q) {
  double t = now();
  long hits = 0;
  for (size_t i = 0; i < NQUERY; i++) hits += ecsnet_cidrset_contains_text(s, q[i], strlen(q[i]));
  sink += hits;
  return (now() - t) * 1e9 / NQUERY;
}

static double run_core_parse(void) {
  double t = now();
  for (size_t i = 0; i < NQUERY; i++) {
    ecsnet_prefix_t p;
    sink += ecsnet_prefix_parse(pfx4[i], strlen(pfx4[i]), 0, &p, NULL, 0);
  }
  return (now() - t) * 1e9 / NQUERY;
}

static void load_set(ecsnet_cidrset_t *s, const char *dir, const char *name) {
  char path[512], line[128];
  FILE *f;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  f = fopen(path, "r");
  while (f && fgets(line, sizeof line, f)) {
    ecsnet_prefix_t p;
    size_t n = strcspn(line, "\n");
    if (ecsnet_prefix_parse(line, n, 0, &p, NULL, 0) == ECSNET_OK) ecsnet_cidrset_add(s, &p);
  }
  if (f) fclose(f);
  ecsnet_cidrset_compile(s);
}

int main(int argc, char **argv) {
  double best;
  long hits4 = 0, hits6 = 0;
  if (argc < 2) { fprintf(stderr, "usage: cidr_bench DIR\n"); return 2; }
  make_data(argv[1]);
  core4 = ecsnet_cidrset_new(NULL, NULL);
  core6 = ecsnet_cidrset_new(NULL, NULL);
  load_set(core4, argv[1], "v4_prefixes.txt");
  load_set(core6, argv[1], "v6_prefixes.txt");
  for (size_t i = 0; i < NQUERY; i++) {
    uint32_t v;
    unsigned char a[16];
    if (floor_parse4(q4[i], &v)) hits4 += floor_find4(v);
    if (inet_pton(AF_INET6, q6[i], a) == 1) hits6 += floor_find6(be64(a), be64(a + 8));
    /* the floor and ecsnet must agree on every query */
    if (floor_find4(v) != ecsnet_cidrset_contains_text(core4, q4[i], strlen(q4[i])) ||
        floor_find6(be64(a), be64(a + 8)) != ecsnet_cidrset_contains_text(core6, q6[i], strlen(q6[i]))) {
      fprintf(stderr, "disagreement on %s / %s\n", q4[i], q6[i]);
      return 1;
    }
  }
  printf("hits4 %ld\nhits6 %ld\n", hits4, hits6);
  printf("intervals4 %zu\nintervals6 %zu\n", n4, n6);
  BEST(run_floor4()); printf("c_floor4_ns %.1f\n", best);
  BEST(run_floor6()); printf("c_floor6_ns %.1f\n", best);
  BEST(run_libcidr()); printf("c_libcidr_parse_ns %.1f\n", best);
  BEST(run_core(core4, q4)); printf("c_ecsnet4_ns %.1f\n", best);
  BEST(run_core(core6, q6)); printf("c_ecsnet6_ns %.1f\n", best);
  BEST(run_core_parse()); printf("c_ecsnet_parse_ns %.1f\n", best);
  printf("prefix_payload_bytes %zu\n", sizeof(ecsnet_prefix_t));
  ecsnet_cidrset_free(core4);
  ecsnet_cidrset_free(core6);
  return sink == -1;
}
