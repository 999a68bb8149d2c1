/*
** fuzz_cidr.c: libFuzzer harness for the CIDR core: the strict
** and lenient parsers on arbitrary bytes (the byte-loop and SSSE3
** dotted-quad readers giving the same answer), the canonical text's round trip,
** and set algebra on the prefixes found in the input's lines, with the
** invariants the operations must keep. Any violation aborts (a finding).
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ecsnet.h"
#include "ecsnet_cidr_quad.h"   /* the two dotted-quad readers */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MUST(c) do { if (!(c)) abort(); } while (0)

static void one_text(const char *s, size_t n, ecsnet_cidrset_t *set) {
  ecsnet_prefix_t p, q, ex[300];
  char err[ECSNET_ERRBUF_MAX], txt[ECSNET_PREFIX_STRLEN_MAX];
  size_t k, m;
  int st;
#ifdef ECSNET_QUAD_SSSE3
  if (__builtin_cpu_supports("ssse3")) {   /* the readers agree */
    uint32_t a = 0, b = 0;
    int x = ecsnet__quad_scalar(s, n, &a);
    MUST(x == ecsnet__quad_ssse3(s, n, &b) && (!x || a == b));
  }
#endif
  st = ecsnet_prefix_parse(s, n, 0, &p, err, sizeof err);
  MUST(strlen(err) < sizeof err);
  if (st == ECSNET_OK) {
    /* canonical text reads back as the same value, also through libcidr */
    k = ecsnet_prefix_format(&p, txt, sizeof txt);
    MUST(k < sizeof txt);
    MUST(ecsnet_prefix_parse(txt, k, 0, &q, NULL, 0) == ECSNET_OK);
    MUST(ecsnet_prefix_compare(&p, &q) == 0);
    MUST(ecsnet_libcidr_parse(txt, k, &q) == ECSNET_OK);
    MUST(ecsnet_prefix_compare(&p, &q) == 0);
    MUST(ecsnet_prefix_is_network(&p));
    MUST(ecsnet_cidrset_add(set, &p) == ECSNET_OK);
    /* the supernet contains it; the exclusion of a subnet does not */
    if (p.len > 0) {
      MUST(ecsnet_prefix_supernet(&p, p.len - 1u, &q) == ECSNET_OK);
      MUST(ecsnet_prefix_contains(&q, &p) && !ecsnet_prefix_contains(&p, &q));
      MUST(ecsnet_prefix_exclude(&q, &p, ex, 300, &m) == ECSNET_OK && m == 1);
      MUST(!ecsnet_prefix_overlaps(&ex[0], &p));
    }
  }
  /* the mask flag never reports host bits; lenient never crashes */
  if (ecsnet_prefix_parse(s, n, ECSNET_CIDR_MASK, &p, err, sizeof err) == ECSNET_OK)
    MUST(ecsnet_prefix_is_network(&p));
  if (ecsnet_prefix_parse(s, n, ECSNET_CIDR_LENIENT, &p, err, sizeof err) == ECSNET_OK) {
    MUST(ecsnet_prefix_is_network(&p));
    MUST(ecsnet_prefix_text(&p, ECSNET_TEXT_REVERSE, txt, 0) != ECSNET_EINVAL || 1);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ecsnet_cidrset_t *a = ecsnet_cidrset_new(NULL, NULL), *b = ecsnet_cidrset_new(NULL, NULL);
  ecsnet_cidrset_t *u, *d, *x, *dx;
  ecsnet_cidrset_iter_t it;
  ecsnet_prefix_t p;
  size_t i = 0, line = 0;
  if (a == NULL || b == NULL) abort();
  /* the whole input, then each line, as prefix text */
  one_text((const char *)data, size, a);
  while (i < size) {
    size_t e = i;
    while (e < size && data[e] != '\n') e++;
    one_text((const char *)data + i, e - i, (line++ & 1) ? b : a);
    ecsnet_cidrset_contains_text(a, (const char *)data + i, e - i);
    i = e + 1;
  }
  ecsnet_cidrset_compile(a);
  ecsnet_cidrset_compile(b);
  u = ecsnet_cidrset_union(a, b);
  d = ecsnet_cidrset_difference(a, b);
  x = ecsnet_cidrset_intersection(a, b);
  MUST(u && d && x);
  dx = ecsnet_cidrset_intersection(d, b);   /* (a - b) & b is empty */
  MUST(dx && ecsnet_cidrset_intervals(dx, 4) == 0 && ecsnet_cidrset_intervals(dx, 6) == 0);
  /* every prefix of a is in the union; every prefix of a & b is in a and b;
  ** the minimal prefix list of a rebuilds a */
  memset(&it, 0, sizeof it);
  {
    ecsnet_cidrset_t *r = ecsnet_cidrset_new(NULL, NULL);
    MUST(r != NULL);
    while (ecsnet_cidrset_next(a, &it, &p)) {
      MUST(ecsnet_cidrset_contains(u, &p) == 1);
      MUST(ecsnet_cidrset_add(r, &p) == ECSNET_OK);
    }
    ecsnet_cidrset_compile(r);
    MUST(ecsnet_cidrset_equal(r, a));
    ecsnet_cidrset_free(r);
  }
  memset(&it, 0, sizeof it);
  while (ecsnet_cidrset_next(x, &it, &p))
    MUST(ecsnet_cidrset_contains(a, &p) == 1 && ecsnet_cidrset_contains(b, &p) == 1);
  ecsnet_cidrset_free(dx);
  ecsnet_cidrset_free(u);
  ecsnet_cidrset_free(d);
  ecsnet_cidrset_free(x);
  ecsnet_cidrset_free(a);
  ecsnet_cidrset_free(b);
  return 0;
}
