/*
** ecsnet_core.c: status codes, version, memory and message helpers.
*/
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ecsnet.h"
#include "ecsnet_internal.h"


const char *ecsnet_strerror(int status) {
  switch (status) {
    case ECSNET_OK: return "ok";
    case ECSNET_EINVAL: return "invalid input";
    case ECSNET_ENOMEM: return "not enough memory";
    case ECSNET_ERANGE: return "value out of range";
    case ECSNET_ENOENT: return "not found";
    case ECSNET_EFAMILY: return "address families differ";
    case ECSNET_ELIMIT: return "limit exceeded";
    case ECSNET_EFULL: return "no room left";
    case ECSNET_ESTATE: return "invalid state";
    default: return "unknown status";
  }
}


const char *ecsnet_version(void) {
  return ECSNET_VERSION;
}


static void *default_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud; (void)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  return realloc(ptr, nsize);
}


void ecsnet__mem_init(ecsnet_mem_t *m, ecsnet_alloc_fn fn, void *ud) {
  m->fn = fn ? fn : default_alloc;
  m->ud = fn ? ud : NULL;
}


void *ecsnet__alloc(const ecsnet_mem_t *m, size_t n) {
  return m->fn(m->ud, NULL, 0, n ? n : 1);
}


void *ecsnet__realloc(const ecsnet_mem_t *m, void *p, size_t osize,
                      size_t nsize) {
  return m->fn(m->ud, p, osize, nsize ? nsize : 1);
}


void ecsnet__free(const ecsnet_mem_t *m, void *p, size_t n) {
  if (p != NULL)
    m->fn(m->ud, p, n, 0);
}


void ecsnet__errf(char *buf, size_t len, const char *fmt, ...) {
  va_list ap;
  if (buf == NULL || len == 0)
    return;
  va_start(ap, fmt);
  vsnprintf(buf, len, fmt, ap);
  va_end(ap);
}


/*
** Messages quote user input; 'ecsnet_quote' keeps such quotes printable and
** short, so that a megabyte of garbage or a NUL byte cannot make an error
** message useless or unsafe to print.
*/
#define QUOTE_MAX 48

size_t ecsnet_quote(char *buf, size_t len, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  size_t o = 0, i;
  size_t shown = n > QUOTE_MAX ? QUOTE_MAX : n;
  if (buf == NULL || len == 0)
    return 0;
#define PUT(c) do { if (o + 1 < len) buf[o++] = (char)(c); } while (0)
  PUT('\'');
  for (i = 0; i < shown; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\n') { PUT('\\'); PUT('n'); }
    else if (c == '\t') { PUT('\\'); PUT('t'); }
    else if (c == '\'' || c == '\\') { PUT('\\'); PUT(c); }
    else if (c < 0x20 || c >= 0x7f) {
      PUT('\\'); PUT('x'); PUT(hex[c >> 4]); PUT(hex[c & 15]);
    }
    else PUT(c);
  }
  if (shown < n) { PUT('.'); PUT('.'); PUT('.'); }
  PUT('\'');
#undef PUT
  buf[o] = '\0';
  return o;
}


/* The edit distance behind every "did you mean" (ecsnet_internal.h). */
int ecsnet__edit_distance(const char *a, const char *b, int max) {
  int la = (int)strlen(a), lb = (int)strlen(b), i, j;
  int d[3][66];   /* three rows: i-2, i-1, i */
  if (la > 64 || lb > 64 || la - lb > max || lb - la > max)
    return max + 1;
  for (j = 0; j <= lb; j++)
    d[0][j] = j;
  for (i = 1; i <= la; i++) {
    int *cur = d[i % 3], *prev = d[(i - 1) % 3], *pp = d[(i + 1) % 3];
    int best = max + 1;
    cur[0] = i;
    for (j = 1; j <= lb; j++) {
      int ca = tolower((unsigned char)a[i - 1]);
      int cb = tolower((unsigned char)b[j - 1]);
      int cost = ca != cb, x = prev[j - 1] + cost;
      if (prev[j] + 1 < x) x = prev[j] + 1;
      if (cur[j - 1] + 1 < x) x = cur[j - 1] + 1;
      if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
          tolower((unsigned char)a[i - 2]) == cb && pp[j - 2] + 1 < x)
        x = pp[j - 2] + 1;   /* a transposition */
      cur[j] = x;
      if (x < best)
        best = x;
    }
    if (best > max)
      return max + 1;
  }
  return d[la % 3][lb];
}


const char *ecsnet__suggest(const char *k, const char *const *names,
                            size_t n) {
  const char *best = NULL;
  int bd = 3;
  size_t i;
  for (i = 0; i < n; i++) {
    int d = ecsnet__edit_distance(k, names[i], 2);
    if (d < bd && d * 3 <= (int)strlen(names[i])) {
      bd = d;
      best = names[i];
    }
  }
  return best;
}


const char *ecsnet_suggest(const char *word, const char *const *names,
                           size_t n) {
  return word != NULL && names != NULL ? ecsnet__suggest(word, names, n)
                                       : NULL;
}
