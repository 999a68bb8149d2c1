/*
** check.h: a minimal test harness for the core's C tests (no Lua).
** Each CHECK counts one assertion; a test binary ends with
** CHECK_REPORT(), which prints "N passed, N failed" and returns the status.
*/
#ifndef ECSNET_CHECK_H
#define ECSNET_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond) do { \
    if (cond) check_passed++; \
    else { check_failed++; \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); } \
  } while (0)

#define CHECK_STR(a, b) do { \
    const char *check_a_ = (a), *check_b_ = (b); \
    if (check_a_ && check_b_ && strcmp(check_a_, check_b_) == 0) check_passed++; \
    else { check_failed++; \
      fprintf(stderr, "%s:%d: check failed: %s == %s (\"%s\" vs \"%s\")\n", \
              __FILE__, __LINE__, #a, #b, check_a_ ? check_a_ : "(null)", \
              check_b_ ? check_b_ : "(null)"); } \
  } while (0)

#define CHECK_INT(a, b) do { \
    long long check_a_ = (long long)(a), check_b_ = (long long)(b); \
    if (check_a_ == check_b_) check_passed++; \
    else { check_failed++; \
      fprintf(stderr, "%s:%d: check failed: %s == %s (%lld vs %lld)\n", \
              __FILE__, __LINE__, #a, #b, check_a_, check_b_); } \
  } while (0)

/* An allocator (ecsnet_alloc_fn) that fails once 'left' allocations have
** been served, counting the blocks still live: for the out-of-memory
** paths of every entry point that takes an allocator. */
typedef struct { int left; long live; } check_failer;

#if defined(__GNUC__) || defined(__clang__)
__attribute__((unused))
#endif
static void *check_failing_alloc(void *ud, void *ptr, size_t osize,
                                 size_t nsize) {
  check_failer *f = (check_failer *)ud;
  (void)osize;
  if (nsize == 0) {
    if (ptr) f->live--;
    free(ptr);
    return NULL;
  }
  if (f->left-- == 0)
    return NULL;
  if (ptr == NULL) f->live++;
  return realloc(ptr, nsize);
}

#define CHECK_REPORT() \
  (printf("%d passed, %d failed\n", check_passed, check_failed), \
   check_failed == 0 ? 0 : 1)

#endif
