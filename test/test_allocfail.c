/*
** test_allocfail.c: every allocation the core makes may fail, and each
** failure must surface as ECSNET_ENOMEM (or a NULL object), never a crash,
** a wrong answer or a leak (this test runs in the ASan+LeakSanitizer build
** too). Two kinds of memory are failed: the ecsnet_alloc_fn the caller
** passes, and cJSON's malloc, through cJSON_InitHooks (process-global, which
** the core itself never touches; a test may).
*/
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "ecsnet.h"
#include "check.h"

static long allocs, fail_at;

static void *failing(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud; (void)osize;
  if (nsize == 0) { free(ptr); return NULL; }
  if (++allocs == fail_at) return NULL;
  return realloc(ptr, nsize);
}

static void *failing_malloc(size_t n) {
  if (++allocs == fail_at) return NULL;
  return malloc(n);
}

static const char typical[] =
  "{\"family\":\"web\",\"networkMode\":\"bridge\",\"requiresCompatibilities\":[\"EC2\"],"
  "\"containerDefinitions\":["
  "{\"name\":\"web\",\"image\":\"x\",\"links\":[\"cache\"],\"portMappings\":["
  "{\"containerPort\":8080,\"hostPort\":0},{\"containerPort\":8443,\"hostPort\":22},"
  "{\"containerPort\":9000,\"hostPort\":9000,\"protocol\":\"udp\"}]},"
  "{\"name\":\"cache\",\"image\":\"redis\",\"portMappings\":[{\"containerPortRange\":\"7000-7010\"}]},"
  "{\"name\":\"bad\",\"image\":\"y\",\"hostname\":\"h\",\"portMappings\":[{\"containerPort\":70000}]}]}";


/* validate under failing memory: for k = 1, 2, ... until a run succeeds. */
static void test_validate(void) {
  ecsnet_validate_opts_t o;
  ecsnet_report_t *ref = NULL;
  char err[ECSNET_ERRBUF_MAX];
  cJSON_Hooks hooks = { failing_malloc, free };
  long k;
  size_t ref_diags;
  int bad = 0;
  ecsnet_validate_opts_init(&o);
  o.positions = 1;
  CHECK_INT(ecsnet_validate(typical, sizeof typical - 1, &o, NULL, NULL, &ref, err, sizeof err), ECSNET_OK);
  if (ref == NULL) return;
  ref_diags = ref->ndiags;
  CHECK(ref_diags > 0);
  ecsnet_report_free(ref);

  cJSON_InitHooks(&hooks);
  for (k = 1; k < 100000; k++) {
    ecsnet_report_t *r = NULL;
    int st;
    allocs = 0; fail_at = k;
    st = ecsnet_validate(typical, sizeof typical - 1, &o, failing, NULL, &r, err, sizeof err);
    if (st == ECSNET_OK) {
      /* no failure hit: the run past the last allocation; same answer */
      if (r == NULL || r->ndiags != ref_diags) bad++;
      ecsnet_report_free(r);
      if (allocs < k) break;
      continue;   /* the failed allocation was not needed (a fallback) */
    }
    if (st != ECSNET_ENOMEM || r != NULL) {
      bad++;
      fprintf(stderr, "k=%ld: status %d (%s), report %p\n", k, st, err, (void *)r);
    }
  }
  cJSON_InitHooks(NULL);
  fprintf(stderr, "validate: failed each of the first %ld allocations\n", k - 1);
  CHECK(k > 10);
  CHECK_INT(bad, 0);
}


/* prefix sets under a failing allocator. */
static void test_cidrset(void) {
  static const char *const prefixes[] = {
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",
    "2001:db8::/32", "fc00::/7", "10.1.0.0/16", "8.8.8.8"
  };
  long k;
  int bad = 0;
  for (k = 1; k < 10000; k++) {
    ecsnet_cidrset_t *s;
    size_t i;
    int st = ECSNET_OK;
    allocs = 0; fail_at = k;
    s = ecsnet_cidrset_new(failing, NULL);
    if (s == NULL) continue;
    for (i = 0; i < sizeof prefixes / sizeof prefixes[0] && st == ECSNET_OK; i++) {
      ecsnet_prefix_t p;
      CHECK_INT(ecsnet_prefix_parse(prefixes[i], strlen(prefixes[i]), 0, &p, NULL, 0), ECSNET_OK);
      st = ecsnet_cidrset_add(s, &p);
    }
    if (st == ECSNET_OK) st = ecsnet_cidrset_compile(s);
    if (st == ECSNET_OK) {
      ecsnet_prefix_t q;
      ecsnet_prefix_parse("10.200.1.1", 10, 0, &q, NULL, 0);
      if (ecsnet_cidrset_contains(s, &q) != 1) bad++;
    } else if (st != ECSNET_ENOMEM) {
      bad++;
    }
    ecsnet_cidrset_free(s);
    if (allocs < k) break;
  }
  fprintf(stderr, "cidrset: failed each of the first %ld allocations\n", k - 1);
  CHECK(k > 3);
  CHECK_INT(bad, 0);
}


int main(void) {
  test_validate();
  test_cidrset();
  return CHECK_REPORT();
}
