/*
** test_core.c: the core's basics and the network-mode model, from C alone.
** Reference: docs/reference.md §1.1-1.3.
*/
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"
#include "ecsnet.h"
#include "ecsnet_arena.h"
#include "ecsnet_internal.h"
#include "check.h"


static void test_basics(void) {
  char buf[ECSNET_ERRBUF_MAX];
  CHECK_STR(ecsnet_version(), ECSNET_VERSION);
  CHECK_STR(ecsnet_strerror(ECSNET_OK), "ok");
  CHECK_STR(ecsnet_strerror(ECSNET_ENOMEM), "not enough memory");
  CHECK_STR(ecsnet_strerror(-1), "unknown status");

  ecsnet_quote(buf, sizeof buf, "brige", 5);
  CHECK_STR(buf, "'brige'");
  ecsnet_quote(buf, sizeof buf, "a\0b\n'", 5);
  CHECK_STR(buf, "'a\\x00b\\n\\''");
  ecsnet_quote(buf, 4, "abcdef", 6);  /* truncated, still terminated */
  CHECK_INT(strlen(buf), 3);
  ecsnet_quote(buf, sizeof buf,
               "0123456789012345678901234567890123456789012345678901234", 55);
  CHECK(strstr(buf, "...'") != NULL);
}


static void test_mode_lookup(void) {
  const ecsnet_mode_info_t *m = NULL;
  CHECK_INT(ecsnet_mode_lookup("awsvpc", 6, ECSNET_OS_LINUX, &m), ECSNET_OK);
  CHECK(m != NULL && m->id == ECSNET_MODE_AWSVPC);
  /* §1.1: an omitted mode is bridge on Linux, nat on Windows */
  CHECK_INT(ecsnet_mode_lookup("default", 7, ECSNET_OS_LINUX, &m), ECSNET_OK);
  CHECK(m->id == ECSNET_MODE_BRIDGE);
  CHECK_INT(ecsnet_mode_lookup("default", 7, ECSNET_OS_WINDOWS, &m), ECSNET_OK);
  CHECK(m->id == ECSNET_MODE_NAT);
  CHECK_STR(m->driver, "nat");
  CHECK(m->api_value == NULL);
  CHECK_INT(ecsnet_mode_lookup("brige", 5, ECSNET_OS_LINUX, &m), ECSNET_ENOENT);
  /* length-delimited: a NUL inside the name is not a match */
  CHECK_INT(ecsnet_mode_lookup("host\0x", 6, ECSNET_OS_LINUX, &m), ECSNET_ENOENT);
  CHECK_INT(ecsnet_mode_lookup("hos", 3, ECSNET_OS_LINUX, &m), ECSNET_ENOENT);
  CHECK(ecsnet_mode_info(ECSNET_MODE_COUNT) == NULL);
}


static void test_mode_cells(void) {
  const ecsnet_mode_info_t *b = ecsnet_mode_info(ECSNET_MODE_BRIDGE);
  const ecsnet_mode_info_t *v = ecsnet_mode_info(ECSNET_MODE_AWSVPC);
  const ecsnet_mode_info_t *n = ecsnet_mode_info(ECSNET_MODE_NONE);
  /* §1.2 */
  CHECK_INT(v->support[ECSNET_PLATFORM_FARGATE], ECSNET_SUPPORT_REQUIRED);
  CHECK_INT(b->support[ECSNET_PLATFORM_EC2_LINUX], ECSNET_SUPPORT_DEFAULT);
  CHECK_INT(v->support[ECSNET_PLATFORM_EXTERNAL_LINUX], ECSNET_SUPPORT_NO);
  /* §1.3 */
  CHECK_INT(b->cap[ECSNET_CAP_LINKS], 1);
  CHECK_INT(v->cap[ECSNET_CAP_LINKS], 0);
  CHECK_INT(n->cap[ECSNET_CAP_PORT_MAPPINGS], 0);
  CHECK_STR(v->lb_target_type, "ip");
  CHECK_STR(ecsnet_cap_name(ECSNET_CAP_OWN_ENI), "own_eni");
  CHECK_STR(ecsnet_platform_name(ECSNET_PLATFORM_MANAGED_INSTANCES),
            "managed_instances");
  CHECK(ecsnet_cap_name(ECSNET_CAP_COUNT) == NULL);
}


/* cJSON's allocation fails from the k-th call on (hooks are global). */
static int fail_after;
static void *failing_malloc(size_t n) {
  return fail_after-- > 0 ? malloc(n) : NULL;
}


/* An allocator that fails once 'left' allocations were made. */
typedef struct { int left; long live; } budget;

static void *budget_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  budget *b = (budget *)ud;
  (void)osize;
  if (nsize == 0) {
    if (ptr != NULL) b->live--;
    free(ptr);
    return NULL;
  }
  if (b->left-- <= 0)
    return NULL;
  if (ptr == NULL) b->live++;
  return realloc(ptr, nsize);
}


/* The arena (ecsnet_arena.c): seed, chunks, large requests, alignment,
** and its one out-of-memory policy (NULL and a sticky flag). */
static void test_arena(void) {
  ecsnet_mem_t mem;
  ecsnet_arena_t a;
  budget b = { 10, 0 };
  double seed[8];
  char *p, *q, *big;
  size_t i;
  ecsnet__mem_init(&mem, budget_alloc, &b);
  ecsnet__arena_init(&a, &mem, 256, 16);
  ecsnet__arena_seed(&a, seed, sizeof seed);
  p = (char *)ecsnet__arena_alloc(&a, 3);
  q = (char *)ecsnet__arena_alloc(&a, 5);
  CHECK(p == (char *)seed);
  CHECK(q == p + 16);           /* aligned to 16 */
  CHECK_INT(b.live, 0);         /* served by the seed */
  p = ecsnet__arena_strdup(&a, "abcdef", 3);
  CHECK_STR(p, "abc");
  for (i = 0; i < 40; i++)      /* past the seed: a chunk of 256 */
    CHECK(ecsnet__arena_alloc(&a, 16) != NULL);
  CHECK(b.live >= 1 && b.live <= 4);
  big = (char *)ecsnet__arena_calloc(&a, 100, 10);  /* its own chunk */
  CHECK(big != NULL && big[0] == 0 && big[999] == 0);
  CHECK(((size_t)big & 15) == 0);
  CHECK(!a.failed);
  CHECK(ecsnet__arena_calloc(&a, (size_t)-1 / 2, 8) == NULL);  /* overflow */
  CHECK(a.failed);
  a.failed = 0;
  b.left = 0;
  CHECK(ecsnet__arena_alloc(&a, 4096) == NULL);  /* out of memory */
  CHECK(a.failed);
  CHECK(ecsnet__arena_alloc(&a, (size_t)-1) == NULL);
  ecsnet__arena_free(&a);
  CHECK_INT(b.live, 0);         /* every chunk freed, the seed not */
}


/* The front end (ecsnet_front.c) in a loader's wording and the validator's. */
static void test_front(void) {
  char err[ECSNET_ERRBUF_MAX];
  ecsnet_front_t f;
  cJSON *doc = NULL;
  cJSON_Hooks hooks;
  f.syntax = ECSNET_SYNTAX_JSON;
  f.what = "the doc";
  f.a_what = "a doc";
  f.max = 64;
#define LOAD(s) ecsnet__front_load(&f, s, sizeof(s) - 1, &doc, err, sizeof err)
  CHECK_INT(LOAD("{\"a\": [1, 2]}"), ECSNET_OK);
  CHECK(cJSON_IsObject(doc));
  cJSON_Delete(doc);
  CHECK_INT(LOAD("\xef\xbb\xbf" "2"), ECSNET_OK);   /* a byte order mark */
  CHECK(cJSON_IsNumber(doc));
  cJSON_Delete(doc);
  CHECK_INT(LOAD("\xef\xbb\xbf" "[]"), ECSNET_OK);
  cJSON_Delete(doc);
  CHECK_INT(LOAD("\xef\xbb\xbf\xef\xbb\xbf" "[]"), ECSNET_EINVAL);
  CHECK(doc == NULL);
  CHECK_INT(LOAD("{"), ECSNET_EINVAL);
  CHECK(doc == NULL);
  CHECK_STR(err, "the doc is not valid JSON (near line 1, column 1)");
  CHECK_INT(LOAD("{}\n  x"), ECSNET_EINVAL);   /* text after the document */
  CHECK(doc == NULL);
  CHECK_STR(err, "the doc is not valid JSON (near line 2, column 3)");
  CHECK_INT(LOAD("[\"\xc3\xa9\", \"\xff\"]"), ECSNET_EINVAL);
  CHECK_STR(err, "the doc holds invalid UTF-8 at line 1, column 8 (byte 9): "
            "JSON text must be UTF-8");
  CHECK_INT(LOAD("[\"a\x01\"]"), ECSNET_EINVAL);
  CHECK_STR(err, "the doc holds control character 0x01 at line 1, column 4: "
            "write it as an escape (e.g. \\u0001)");
  CHECK_INT(LOAD("[\"a\\u0000\"]"), ECSNET_EINVAL);
  CHECK_STR(err, "the doc holds \\u0000 at line 1, column 4: a NUL character "
            "in a string is not accepted");
  CHECK_INT(LOAD("[1\0]"), ECSNET_EINVAL);
  CHECK_STR(err, "a doc must be JSON text without NUL bytes");
  CHECK_INT(LOAD(" \n\t"), ECSNET_EINVAL);
  CHECK_STR(err, "the doc is empty: expected JSON text");
  CHECK_INT(ecsnet__front_load(&f, NULL, 0, &doc, err, sizeof err),
            ECSNET_EINVAL);
  CHECK_STR(err, "a doc must be JSON text without NUL bytes");
  f.max = 4;
  CHECK_INT(LOAD("[1, 2]"), ECSNET_ELIMIT);
  CHECK_STR(err, "the doc is too large: 6 bytes, more than the limit of 4");
  f.max = 64;

  /* out of memory in the parser is not bad JSON */
  memset(&hooks, 0, sizeof hooks);
  hooks.malloc_fn = failing_malloc;
  hooks.free_fn = free;
  cJSON_InitHooks(&hooks);
  fail_after = 2;
  CHECK_INT(LOAD("[1, 2, 3, 4]"), ECSNET_ENOMEM);
  CHECK(doc == NULL);
  CHECK_STR(err, "not enough memory to parse the doc");
  fail_after = 1000;
  CHECK_INT(LOAD("[1, 2, 3, 4"), ECSNET_EINVAL);
  {
    ecsnet_report_t *r = NULL;
    fail_after = 2;
    CHECK_INT(ecsnet_validate("[{\"name\": \"a\"}]", 15, NULL, NULL, NULL, &r,
                              err, sizeof err), ECSNET_ENOMEM);
    CHECK(r == NULL);
    CHECK_STR(err, "not enough memory to parse the JSON");
  }
  cJSON_InitHooks(NULL);

  /* the validator's wording: exact places */
  f.what = f.a_what = NULL;
  CHECK_INT(LOAD("{\"a\": 1,}"), ECSNET_EINVAL);
  CHECK_STR(err, "malformed JSON at line 1 column 9: trailing comma at '}'");
  CHECK_INT(LOAD("{}\n  x"), ECSNET_EINVAL);
  CHECK_STR(err, "malformed JSON at line 2 column 3: text after the end of "
            "the document");
  CHECK_INT(LOAD(" "), ECSNET_EINVAL);
  CHECK_STR(err, "empty document: expected a JSON task definition");
  CHECK_INT(LOAD("\xef\xbb\xbf\xef\xbb\xbf" "[]"), ECSNET_EINVAL);
  CHECK_STR(err, "malformed JSON at line 1 column 2: expected a value at "
            "'\\xef\\xbb\\xbf[]'");
#undef LOAD
}

/* The UTF-8 scan, byte by byte from its definition: the first NUL,
** control byte other than tab and line breaks, or byte that does not start
** or continue a valid UTF-8 sequence (no overlongs, surrogates, or code
** points past U+10FFFF). */
static size_t scan_reference(const unsigned char *s, size_t n, int *why) {
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i], cp, len, k;
    if (c == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
      *why = c == 0 ? 1 : 3;
      return i;
    }
    if (c < 0x80) {
      i++;
      continue;
    }
    *why = 0;
    len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3
          : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (len == 0 || i + len > n)
      return i;
    cp = c & (len == 2 ? 0x1f : len == 3 ? 0x0f : 0x07);
    for (k = 1; k < len; k++) {
      if ((s[i + k] & 0xc0) != 0x80)
        return i;
      cp = cp << 6 | (s[i + k] & 0x3f);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
      return i;
    i += len;
  }
  return n;
}


/* The vector scan (16 bytes at a time) agrees with the definition on
** random texts: mostly printable ASCII and whitespace, with the bytes
** that stop a scan placed anywhere, at every length around 16 and 32. */
static void test_text_scan(void) {
  static const unsigned char odd[] = { 0, 1, 0x1f, 0x7f, 0x80, 0xbf, 0xc2,
                                       0xe0, 0xed, 0xf0, 0xf4, 0xf5, 0xff,
                                       '\t', '\n', '\r', 0xa9, 0x9f };
  unsigned char buf[80];
  unsigned long seed = 12345;
  int t, bad = 0;
  for (t = 0; t < 200000; t++) {
    size_t n, i, want, got;
    int wwhy = -1, gwhy = -1;
    seed = seed * 6364136223846793005UL + 1442695040888963407UL;
    n = (seed >> 33) % sizeof buf;
    for (i = 0; i < n; i++) {
      seed = seed * 6364136223846793005UL + 1442695040888963407UL;
      buf[i] = (seed >> 40) % 23 == 0 ? odd[(seed >> 20) % sizeof odd]
               : (unsigned char)(0x20 + (seed >> 24) % 95);
    }
    want = scan_reference(buf, n, &wwhy);
    got = ecsnet__text_scan(buf, n, &gwhy);
    if (got != want || (want < n && gwhy != wwhy))
      bad++;
  }
  CHECK(bad == 0);
}


int main(void) {
  test_basics();
  test_mode_lookup();
  test_mode_cells();
  test_arena();
  test_front();
  test_text_scan();
  return CHECK_REPORT();
}
