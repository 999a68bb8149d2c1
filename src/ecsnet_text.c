/*
** ecsnet_text.c: checks of JSON text that cJSON does not make, for the
** front end (ecsnet_front.c) and the validator's positions: lines and
** columns, a UTF-8 scan, a strict syntax checker that names the first error
** and its exact place, and the offset of a value at an ordinal path
**.
*/
#include <ctype.h>
#include <string.h>

#include "cJSON.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include "ecsnet_internal.h"

/* {======================================================================
** Places: lines and columns, nesting, \u0000 escapes
** ======================================================================= */

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

/* }====================================================================== */


/* {======================================================================
** The UTF-8 scan
** ======================================================================= */

#define ONES  0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
#define HAS_LESS(w, b) (((w) - ONES * (b)) & ~(w) & HIGHS)

/* Offset of the first NUL byte, control character other than JSON's
** whitespace, or invalid UTF-8 sequence, or n; *why: 0 UTF-8, 1 NUL,
** 3 control. Raw tabs and line breaks inside strings are let through, as
** cJSON does: telling them from whitespace needs string tracking, which
** tripled this pass's cost (bench/validate.sh). */
#if defined(__SSE2__)
/* From i, 16 bytes at a time, to the first byte that is neither printable
** ASCII nor a tab or line break (or to the last 16 bytes). A signed
** compare with 0x20 finds control bytes and, as negative, bytes >= 0x80. */
/* The bytes of v that stop plain_run(), as a bit mask. */
static inline int stops(__m128i v) {
  const __m128i sp = _mm_set1_epi8(0x20), tab = _mm_set1_epi8('\t');
  const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
  __m128i ws = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, tab),
                                         _mm_cmpeq_epi8(v, lf)),
                            _mm_cmpeq_epi8(v, cr));
  return _mm_movemask_epi8(_mm_andnot_si128(ws, _mm_cmplt_epi8(v, sp)));
}


static size_t plain_run(const unsigned char *s, size_t i, size_t n) {
  const __m128i sp = _mm_set1_epi8(0x20);
  /* 32 bytes at a time: a block of printable ASCII (most of a file, all
  ** of one written on one line) costs one compare per half */
  for (; i + 32 <= n; i += 32) {
    __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 16));
    unsigned m;
    if (_mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi8(a, sp),
                                       _mm_cmplt_epi8(b, sp))) == 0)
      continue;
    m = (unsigned)stops(a) | (unsigned)stops(b) << 16;   /* line breaks */
    if (m != 0)                                          /* and tabs go on */
      return i + (size_t)__builtin_ctz(m);
  }
  for (; i + 16 <= n; i += 16) {
    int m = stops(_mm_loadu_si128((const __m128i *)(const void *)(s + i)));
    if (m != 0)
      return i + (size_t)__builtin_ctz((unsigned)m);
  }
  return i;
}
#endif

size_t ecsnet__text_scan(const unsigned char *s, size_t n, int *why) {
  size_t i = 0;
  for (;;) {
    unsigned c;
#if defined(__SSE2__)
    i = plain_run(s, i, n);
#elif defined(__GNUC__) || defined(__clang__)
    /* 8 bytes at a time up to the next byte that is not plain ASCII */
    while (i + 8 <= n) {
      unsigned long long w, m;
      memcpy(&w, s + i, 8);
      m = (w & HIGHS) | HAS_LESS(w, 0x20);
      if (m == 0) {
        i += 8;
        continue;
      }
      i += (size_t)(__builtin_ctzll(m) >> 3);   /* the lowest is exact */
      break;
    }
#endif
    while (i < n && s[i] >= 0x20 && s[i] < 0x80)
      i++;
    if (i >= n)
      return n;
    c = s[i];
    if (c == '\t' || c == '\n' || c == '\r') {
      i++;
      continue;
    }
    if (c == 0) {
      *why = 1;
      return i;
    }
    if (c < 0x20) {
      *why = 3;
      return i;
    }
    {
      size_t len, k;
      unsigned cp;
      *why = 0;
      if (c >= 0xc2 && c <= 0xdf) { len = 2; cp = c & 0x1f; }
      else if (c >= 0xe0 && c <= 0xef) { len = 3; cp = c & 0x0f; }
      else if (c >= 0xf0 && c <= 0xf4) { len = 4; cp = c & 0x07; }
      else return i;
      if (i + len > n)
        return i;
      for (k = 1; k < len; k++) {
        if ((s[i + k] & 0xc0) != 0x80)
          return i;
        cp = (cp << 6) | (s[i + k] & 0x3f);
      }
      if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
          (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
        return i;
      i += len;
    }
  }
}


/* }====================================================================== */


/* {======================================================================
** The syntax checker and the places of values
** ======================================================================= */

/*
** A strict syntax check, run only after cJSON refused the text, to name
** the first error and its exact place (cJSON's own error offset is
** approximate). Returns the offset and sets *why.
*/
typedef struct {
  const char *s, *e, *p;
  const char *why;
} syn;

static void syn_ws(syn *y) {
  while (y->p < y->e && (*y->p == ' ' || *y->p == '\t' || *y->p == '\n' ||
                         *y->p == '\r'))
    y->p++;
}

static int syn_value(syn *y, int depth);

/* Reads the four hex digits after the 'u' at y->p into *cp, leaving y->p
** after them; 0 (y->why set, y->p at the bad byte) when they are not. */
static int syn_hex4(syn *y, unsigned *cp) {
  int k;
  *cp = 0;
  for (k = 1; k <= 4; k++) {
    int c;
    if (y->p + k >= y->e || !isxdigit((unsigned char)y->p[k])) {
      y->p += k;
      y->why = "bad \\u escape in a string";
      return 0;
    }
    c = (unsigned char)y->p[k];
    *cp = *cp * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
  }
  y->p += 5;
  return 1;
}

static int syn_string(syn *y) {
  y->p++;
  while (y->p < y->e && *y->p != '"') {
    if (*y->p == '\\') {
      y->p++;
      if (y->p >= y->e) break;
      if (*y->p == 'u') {
        unsigned cp;
        if (!syn_hex4(y, &cp))
          return 0;
        /* UTF-16 surrogates come in pairs, as cJSON requires */
        if (cp >= 0xDC00 && cp <= 0xDFFF) {
          y->why = "a \\u escape of a lone low surrogate in a string";
          return 0;
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          unsigned lo;
          if (y->p + 1 >= y->e || y->p[0] != '\\' || y->p[1] != 'u') {
            y->why = "a \\u escape of a high surrogate without its low half";
            return 0;
          }
          y->p++;
          if (!syn_hex4(y, &lo))
            return 0;
          if (lo < 0xDC00 || lo > 0xDFFF) {
            y->why = "a \\u escape of a high surrogate without its low half";
            return 0;
          }
        }
        continue;
      }
      if (!strchr("\"\\/bfnrt", *y->p)) {
        y->why = "bad escape in a string";
        return 0;
      }
    }
    y->p++;
  }
  if (y->p >= y->e) {
    y->why = "unterminated string";
    return 0;
  }
  y->p++;
  return 1;
}

static int syn_number(syn *y) {
  const char *p = y->p;
  if (p < y->e && *p == '-') p++;
  if (p < y->e && *p == '0') p++;
  else if (p < y->e && *p >= '1' && *p <= '9')
    while (p < y->e && isdigit((unsigned char)*p)) p++;
  else { y->p = p; y->why = "invalid number"; return 0; }
  if (p < y->e && *p == '.') {
    p++;
    if (p >= y->e || !isdigit((unsigned char)*p)) {
      y->p = p; y->why = "invalid number"; return 0;
    }
    while (p < y->e && isdigit((unsigned char)*p)) p++;
  }
  if (p < y->e && (*p == 'e' || *p == 'E')) {
    p++;
    if (p < y->e && (*p == '+' || *p == '-')) p++;
    if (p >= y->e || !isdigit((unsigned char)*p)) {
      y->p = p; y->why = "invalid number"; return 0;
    }
    while (p < y->e && isdigit((unsigned char)*p)) p++;
  }
  y->p = p;
  return 1;
}

static int syn_value(syn *y, int depth) {
  syn_ws(y);
  if (y->p >= y->e) { y->why = "unexpected end of input"; return 0; }
  if (depth > CJSON_NESTING_LIMIT) {
    y->why = "nested too deeply";
    return 0;
  }
  switch (*y->p) {
    case '"': return syn_string(y);
    case '{': case '[': {
      char close = *y->p == '{' ? '}' : ']';
      int first = 1;
      y->p++;
      for (;;) {
        syn_ws(y);
        if (y->p >= y->e) { y->why = "unexpected end of input"; return 0; }
        if (*y->p == close) {
          if (!first) { y->why = "trailing comma"; return 0; }
          y->p++;
          return 1;
        }
        if (close == '}') {
          if (*y->p != '"') {
            y->why = "expected a quoted member name";
            return 0;
          }
          if (!syn_string(y)) return 0;
          syn_ws(y);
          if (y->p >= y->e) { y->why = "unexpected end of input"; return 0; }
          if (*y->p != ':') { y->why = "expected ':' after a member name"; return 0; }
          y->p++;
        }
        if (!syn_value(y, depth + 1)) return 0;
        syn_ws(y);
        if (y->p >= y->e) { y->why = "unexpected end of input"; return 0; }
        if (*y->p == close) { y->p++; return 1; }
        if (*y->p != ',') {
          y->why = close == '}' ? "expected ',' or '}'" : "expected ',' or ']'";
          return 0;
        }
        y->p++;
        first = 0;   /* a value must follow the comma */
      }
    }
    case 't':
      if (y->e - y->p >= 4 && memcmp(y->p, "true", 4) == 0) { y->p += 4; return 1; }
      break;
    case 'f':
      if (y->e - y->p >= 5 && memcmp(y->p, "false", 5) == 0) { y->p += 5; return 1; }
      break;
    case 'n':
      if (y->e - y->p >= 4 && memcmp(y->p, "null", 4) == 0) { y->p += 4; return 1; }
      break;
    default:
      if (*y->p == '-' || isdigit((unsigned char)*y->p))
        return syn_number(y);
      break;
  }
  y->why = "expected a value";
  return 0;
}

/* The offset of the first syntax error; n and NULL when none is found. */
size_t ecsnet__json_syntax_error(const char *s, size_t n, const char **why) {
  syn y;
  y.s = s;
  y.e = s + n;
  y.p = s;
  y.why = NULL;
  if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
    y.p += 3;
  if (syn_value(&y, 1)) {
    syn_ws(&y);
    if (y.p < y.e) {
      *why = "text after the end of the document";
      return (size_t)(y.p - s);
    }
    *why = NULL;
    return n;
  }
  *why = y.why;
  return (size_t)(y.p - s);
}


const char *ecsnet__json_skip_ws(const char *p, const char *e) {
  while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    p++;
  return p;
}


/* Passes a string: its closing quote is the first one after an even run
** of backslashes (memchr finds the quotes). */
static const char *skip_string(const char *p, const char *e) {
  const char *b = ++p;   /* past the opening quote */
  while (p < e) {
    const char *q = (const char *)memchr(p, '"', (size_t)(e - p)), *r;
    if (q == NULL)
      return e;
    for (r = q; r > b && r[-1] == '\\'; r--)
      ;
    if ((q - r) % 2 == 0)
      return q + 1;
    p = q + 1;
  }
  return e;
}


/* Skips one value of valid JSON. */
static const char *skip_value(const char *p, const char *e) {
  int d = 0;
  do {
    p = ecsnet__json_skip_ws(p, e);
    if (p >= e)
      return e;
    if (*p == '"')
      p = skip_string(p, e);
    else if (*p == '{' || *p == '[') { d++; p++; }
    else if (*p == '}' || *p == ']') { d--; p++; }
    else if (*p == ',' || *p == ':') p++;
    else
      while (p < e && !strchr(",]}: \t\r\n", *p))
        p++;
  } while (d > 0 && p < e);
  return p;
}


/* The locator: the value at an ordinal path, found from where the last
** path was. The walk of one level is a loop whose state is (p, i): p at
** the value of child i once its key is passed. Every level of the last
** path found is kept as that state, so a new path resumes at the deepest
** level it shares with the last: at the value of the level's last child
** when the new ordinal is not before it (the loop goes on from the state
** it had there), else at the level's first child. The answer is the one
** the walk from the start gives, for any path. */
void ecsnet__loc_init(ecsnet_loc_t *l, const char *s, size_t n) {
  const char *p = s, *e = s + n;
  if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  l->s = s;
  l->n = n;
  l->depth = 0;
  l->at[0] = (size_t)(ecsnet__json_skip_ws(p, e) - s);
  l->off = 0;
  l->line = l->col = 1;
  l->end_of = (size_t)-1;
}


/* In an object, passes a member's key and colon to its value. */
static const char *to_value(const char *p, const char *e, int obj) {
  if (obj && p < e) {
    p = skip_string(p, e);          /* key */
    p = ecsnet__json_skip_ws(p, e);
    if (p < e && *p == ':') p++;
    p = ecsnet__json_skip_ws(p, e);
  }
  return p;
}


/* Passes the value at p (and its key, in an object) to the next child's
** value. */
static const char *next_child(const char *p, const char *e, int obj) {
  p = skip_value(p, e);
  p = ecsnet__json_skip_ws(p, e);
  if (p < e && *p == ',') p = ecsnet__json_skip_ws(p + 1, e);
  return to_value(p, e, obj);
}


/* The first child's value of the list or object at p. */
static const char *first_child(const char *p, const char *e, int obj) {
  return to_value(ecsnet__json_skip_ws(p + 1, e), e, obj);
}


size_t ecsnet__loc_find(ecsnet_loc_t *l, const int *ord, int nord) {
  const char *s = l->s, *e = s + l->n, *p;
  int k = 0;
  while (k < l->depth && k < nord && ord[k] == l->ord[k])
    k++;
  p = s + l->at[k];
  for (; k < nord && p < e; k++) {
    const char *c = p;
    int obj = *c == '{', i;
    if (*c != '{' && *c != '[')
      break;
    if (k < l->depth && ord[k] > l->ord[k]) {
      i = l->ord[k];
      p = s + l->at[k + 1];
    }
    else {
      i = 0;
      p = first_child(c, e, obj);
    }
    while (p < e && i != ord[k]) {
      p = next_child(p, e, obj);
      i++;
    }
    if (p >= e) {
      l->depth = k;                 /* the walk ran out: nothing to keep */
      break;
    }
    if (k < ECSNET_LOC_DEPTH) {
      l->ord[k] = ord[k];
      l->at[k + 1] = (size_t)(p - s);
      l->depth = k + 1;
    }
  }
  return (size_t)(p - s);
}


/* Offset of the value at the ordinal path, in valid JSON text, walked
** from the start. */
size_t ecsnet__json_locate(const char *s, size_t n, const int *ord, int nord) {
  ecsnet_loc_t l;
  ecsnet__loc_init(&l, s, n);
  return ecsnet__loc_find(&l, ord, nord);
}


size_t ecsnet__loc_end(ecsnet_loc_t *l, size_t off, unsigned line,
                       unsigned col, unsigned *eline, unsigned *ecol) {
  const char *s = l->s, *e;
  size_t i;
  if (off != l->end_of) {
    e = skip_value(s + off, s + l->n);
    for (i = off; s + i < e; i++) {
      if (s[i] == '\n') {
        line++;
        col = 1;
      }
      else if (((unsigned char)s[i] & 0xc0) != 0x80)
        col++;
    }
    l->end_of = off;
    l->end = (size_t)(e - s);
    l->end_line = line;
    l->end_col = col;
  }
  *eline = l->end_line;
  *ecol = l->end_col;
  return l->end;
}


/* ecsnet__line_col from the last place counted when 'off' is not before
** it, else from the start. */
void ecsnet__loc_line_col(ecsnet_loc_t *l, size_t off, unsigned *line,
                          unsigned *col) {
  const char *s = l->s;
  size_t i, from;
  if (off < l->off) {
    l->off = 0;
    l->line = l->col = 1;
  }
  from = l->off;
  for (i = from; i < off; i++)
    if (s[i] == '\n') {
      l->line++;
      from = i + 1;
      l->col = 1;
    }
  for (i = from; i < off; i++)
    if (((unsigned char)s[i] & 0xc0) != 0x80)
      l->col++;
  l->off = off;
  *line = l->line;
  *col = l->col;
}

/* }====================================================================== */


/* {======================================================================
** Placing a diagnostic: the validator's one way, for JSON and YAML
** ======================================================================= */

/* The node at the ordinal path in a tree (the deepest one reached). */
static const cJSON *node_at(const cJSON *n, const int *ord, int nord) {
  int k;
  for (k = 0; k < nord && n != NULL; k++) {
    const cJSON *c = n->child;
    int i;
    for (i = 0; c != NULL && i < ord[k]; i++)
      c = c->next;
    if (c == NULL)
      break;
    n = c;
  }
  return n;
}


void ecsnet__doc_place(const ecsnet_doc_t *d, ecsnet_loc_t *loc,
                       const int *ord, int nord, int ends,
                       ecsnet_finding_t *f) {
  if (d->ypos == NULL) {
    size_t off = ecsnet__loc_find(loc, ord, nord);
    ecsnet__loc_line_col(loc, off, &f->line, &f->column);
    if (ends)
      ecsnet__loc_end(loc, off, f->line, f->column, &f->end_line,
                      &f->end_column);
    return;
  }
  if (!ecsnet__ypos_get(d->ypos, node_at(d->root, ord, nord), &f->line,
                        &f->column)) {
    f->line = 1;
    f->column = 1;
  }
}

/* }====================================================================== */
