/*
** allocfail.c: runs a Lua script under an allocator that fails the k-th
** allocation, for every k from 1 until a run completes without a failure
** (or for a sample of k when ALLOCFAIL_STEP > 1). Each run must end in a
** clean Lua error or success: never a crash, an abort or a leak (the
** program is built with ASan+UBSan and LeakSanitizer checks at exit).
**
** usage: allocfail SCRIPT CPATH LPATH
** Prints "N passed, N failed": a run passes when it returned normally
** (success, or a Lua error that is a memory error or mentions memory).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"

typedef struct {
  long count;      /* allocations so far (growing requests only) */
  long fail_at;    /* fail this one (1-based); 0 = never */
  int failed;      /* a failure was injected */
} budget_t;

static void *failing_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  budget_t *b = (budget_t *)ud;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  if (ptr == NULL || nsize > osize) {
    b->count++;
    if (b->fail_at > 0 && b->count == b->fail_at) {
      b->failed = 1;
      return NULL;
    }
  }
  return realloc(ptr, nsize);
}

/* One run; returns 0 when it ended cleanly, 1 otherwise. */
static int run(const char *script, const char *cpath, const char *lpath,
               long fail_at, int *injected, long *total) {
  budget_t b = { 0, 0, 0 };
  lua_State *L = lua_newstate(failing_alloc, &b);
  int st, ok = 0;
  if (L == NULL) { *injected = 1; return 0; }
  host_open(L, cpath, lpath);
  {
    long start = b.count;  /* count from the script's start */
    b.fail_at = fail_at > 0 ? start + fail_at : 0;
    st = luaL_dofile(L, script);
    *injected = b.failed;
    *total = b.count - start;
  }
  if (st == LUA_OK)
    ok = 1;
  else if (b.failed) {
    /* a failure was injected: any error that got here cleanly is fine, as
       long as it is a string (memory errors, or errors raised by code that
       saw nil, message from a failed step) */
    ok = lua_type(L, -1) == LUA_TSTRING;
    if (!ok) fprintf(stderr, "k=%ld: non-string error object\n", fail_at);
  } else {
    fprintf(stderr, "k=%ld: script failed without an injected failure: %s\n",
            fail_at, lua_tostring(L, -1));
  }
  lua_close(L);
  return ok ? 0 : 1;
}

int main(int argc, char **argv) {
  long k, step, total = 0, passed = 0, failed = 0;
  int injected;
  const char *s = getenv("ALLOCFAIL_STEP");
  if (argc != 4) {
    fprintf(stderr, "usage: allocfail SCRIPT CPATH LPATH\n");
    return 2;
  }
  step = s ? atol(s) : 1;
  if (step < 1) step = 1;
  /* a clean run first: it must pass and tells how many allocations there are */
  if (run(argv[1], argv[2], argv[3], 0, &injected, &total) != 0) {
    printf("0 passed, 1 failed\n");
    return 1;
  }
  passed++;
  for (k = 1; ; k += step) {
    long t;
    if (run(argv[1], argv[2], argv[3], k, &injected, &t) == 0) passed++;
    else failed++;
    if (!injected) break;  /* k went past the run's last allocation */
  }
  fprintf(stderr, "allocfail: %ld allocations in a clean run; failed each k "
          "from 1 to %ld in steps of %ld\n", total, k, step);
  printf("%ld passed, %ld failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
