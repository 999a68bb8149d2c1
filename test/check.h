/*
** check.h: a minimal test harness for the core's C tests (no Lua).
** Each CHECK counts one assertion; a test binary ends with
** CHECK_REPORT(), which prints "N passed, N failed" and returns the status.
*/
#ifndef ECSNET_CHECK_H
#define ECSNET_CHECK_H

#include <stdio.h>
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

#define CHECK_REPORT() \
  (printf("%d passed, %d failed\n", check_passed, check_failed), \
   check_failed == 0 ? 0 : 1)

#endif
