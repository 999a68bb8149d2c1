/*
** ecsnet_core.c: status codes, version, memory and message helpers.
*/
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


/* The 1-based line and column of byte 'off' in text: lines end at '\n',
** columns count characters (UTF-8 continuation bytes are not counted), so
** every loader and the validator place an error the same way. */
void ecsnet__line_col(const char *s, size_t off, unsigned *line,
                      unsigned *col) {
  size_t i, ls = 0;
  unsigned l = 1, c = 1;
  for (i = 0; i < off; i++)
    if (s[i] == '\n') {
      l++;
      ls = i + 1;
    }
  for (i = ls; i < off; i++)
    if (((unsigned char)s[i] & 0xc0) != 0x80)
      c++;
  *line = l;
  *col = c;
}


/* The deepest nesting of lists and objects in s[0..off), strings skipped:
** tells cJSON's nesting limit from other parse failures. */
size_t ecsnet__json_depth_at(const char *s, size_t off) {
  size_t i, d = 0, maxd = 0;
  int in_str = 0;
  for (i = 0; i < off; i++) {
    char c = s[i];
    if (in_str) {
      if (c == '\\') i++;
      else if (c == '"') in_str = 0;
    }
    else if (c == '"') in_str = 1;
    else if (c == '[' || c == '{') { if (++d > maxd) maxd = d; }
    else if (c == ']' || c == '}') { if (d) d--; }
  }
  return maxd;
}


/* The offset of the first \u0000 escape (a NUL character inside a JSON
** string, which would cut the C string cJSON makes), or n when there is
** none. A backslash that is itself escaped does not start an escape. */
size_t ecsnet__json_nul_escape(const char *s, size_t n) {
  const char *p = s, *e = s + n;
  while (p < e && (p = (const char *)memchr(p, '\\', (size_t)(e - p))) != NULL) {
    const char *q = p;
    while (q < e && *q == '\\')
      q++;
    /* a run of backslashes: the last one escapes q[0] when the run is odd */
    if (((size_t)(q - p) & 1) && e - q >= 5 && memcmp(q, "u0000", 5) == 0)
      return (size_t)(q - 1 - s);
    p = q;
  }
  return n;
}
