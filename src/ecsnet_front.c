/*
** ecsnet_front.c: the one front end from document text to a tree, for the
** validator, plans and instance data.
**
** Two steps, so that a caller can allocate between them (the validator
** makes its report before the parse: ecsnet_td_diag.c): ecsnet__front_check
** (size limit, NUL bytes, UTF-8, control characters, escapes of NUL, an
** empty document) and ecsnet__front_parse (the syntax, then on failure the
** first error at its exact line and column, the nesting limit, or out of
** memory, which is not the user's bad text). ecsnet__front_load runs both.
** Each fault is found once, as a kind and an offset; only the wording
** differs: the validator's, or a loader's that names its document ("the
** plan"). The tree is cJSON's; YAML (libyaml, ecsnet_yaml.c) makes the
** same nodes and an index of their positions; its errors are worded there.
*/
#include <string.h>

#include "cJSON.h"
#include "ecsnet.h"
#include "ecsnet_internal.h"

#define BOM "\xef\xbb\xbf"

/* What is wrong with a text. */
typedef enum {
  F_NONE, F_NOTEXT, F_TOO_LARGE, F_NUL, F_UTF8, F_CONTROL, F_NUL_ESCAPE,
  F_EMPTY, F_SYNTAX, F_END, F_DEPTH, F_TRAILING, F_NOMEM
} fault_kind;

typedef struct {
  fault_kind kind;
  size_t off;          /* where, exactly */
  size_t near;         /* where the parser stopped (cJSON: approximate) */
  const char *why;     /* F_SYNTAX: what the syntax checker found */
} fault;


/* The checks of the text itself (and of JSON's \u0000 escapes). */
static fault find_text_fault(const ecsnet_front_t *f, const char *text,
                             size_t n) {
  fault e = { F_NONE, 0, 0, NULL };
  int why = 0;
  if (text == NULL)
    e.kind = F_NOTEXT;
  else if (n > f->max) {
    e.kind = F_TOO_LARGE;
    e.off = n;
  }
  else if ((e.off = ecsnet__text_scan((const unsigned char *)text, n, &why))
           < n)
    e.kind = why == 1 ? F_NUL : why == 3 ? F_CONTROL : F_UTF8;
  else if (f->syntax == ECSNET_SYNTAX_JSON &&
           (e.off = ecsnet__json_nul_escape(text, n)) < n)
    e.kind = F_NUL_ESCAPE;
  else if (ecsnet__json_skip_ws(text, text + n) == text + n) {
    e.kind = F_EMPTY;
    e.off = 0;
  }
  return e;
}


/* Why cJSON refused checked text, having stopped at 'end'. */
static fault json_fault(const char *text, size_t n, const char *end) {
  fault e = { F_SYNTAX, 0, 0, NULL };
  e.near = end && end >= text ? (size_t)(end - text) : 0;
  if (e.near > n)
    e.near = n;
  e.off = ecsnet__json_syntax_error(text, n, &e.why);
  if (e.why == NULL) {   /* cJSON refused what the check accepts */
    e.off = e.near;
    /* Well-formed and within cJSON's nesting limit: the only other way
    ** cJSON fails is an allocation failure, which is not the user's
    ** malformed JSON. */
    if (ecsnet__json_depth_at(text, e.off) < CJSON_NESTING_LIMIT) {
      e.kind = F_NOMEM;
      return e;
    }
    e.why = "unexpected character";
  }
  if (e.off > n)
    e.off = n;
  if (ecsnet__json_depth_at(text, e.off) >= CJSON_NESTING_LIMIT)
    e.kind = F_DEPTH;
  else if (e.off >= n)
    e.kind = F_END;
  return e;
}


/* The parser of the front end's syntax: the tree in *out, or a fault. */
static fault parse(const ecsnet_front_t *f, const char *text, size_t n,
                   cJSON **out) {
  fault e = { F_NONE, 0, 0, NULL };
  const char *end = NULL, *p;
  size_t bom = 0;
  switch (f->syntax) {
    case ECSNET_SYNTAX_JSON:
    default:
      /* A byte order mark is skipped here, not by cJSON, which skips it only
      ** when more than one byte follows (so "\xef\xbb\xbf" "2" failed as if
      ** out of memory); a second mark stays an error. */
      if (n >= 3 && memcmp(text, BOM, 3) == 0 &&
          !(n >= 6 && memcmp(text + 3, BOM, 3) == 0))
        bom = 3;
      *out = cJSON_ParseWithLengthOpts(text + bom, n - bom, &end, 0);
      if (*out == NULL)
        return json_fault(text, n, end);
      p = ecsnet__json_skip_ws(end, text + n);
      if (p < text + n) {
        cJSON_Delete(*out);
        *out = NULL;
        e.kind = F_TRAILING;
        e.off = e.near = (size_t)(p - text);
      }
      return e;
  }
}


/* The validator's wording (the messages its specs assert). */
static void validator_message(const fault *e, const ecsnet_front_t *f,
                              const char *text, size_t n, unsigned line,
                              unsigned col, char *err, size_t errlen) {
  unsigned char c = e->off < n ? (unsigned char)text[e->off] : 0;
  const char *sy = f->syntax == ECSNET_SYNTAX_YAML ? "YAML" : "JSON";
  switch (e->kind) {
    case F_NOTEXT:
      ecsnet__errf(err, errlen, "no document");
      break;
    case F_TOO_LARGE:
      ecsnet__errf(err, errlen, "document too large: %zu bytes, more than "
                   "the limit of %zu (option max_bytes)", n, f->max);
      break;
    case F_CONTROL:
      if (f->syntax == ECSNET_SYNTAX_YAML)
        ecsnet__errf(err, errlen, "malformed YAML at line %u column %u: "
                     "control character 0x%02x (write it as an escape in a "
                     "double-quoted string, e.g. \\x%02x)", line, col, c, c);
      else
        ecsnet__errf(err, errlen, "malformed JSON at line %u column %u: "
                     "control character 0x%02x (write it as an escape, e.g. "
                     "\\u%04x)", line, col, c, c);
      break;
    case F_NUL: case F_UTF8:
      ecsnet__errf(err, errlen, "%s at line %u column %u (byte %zu): %s "
                   "text must be UTF-8 without NUL bytes", e->kind == F_NUL
                   ? "NUL byte" : "invalid UTF-8", line, col, e->off + 1, sy);
      break;
    case F_NUL_ESCAPE:
      ecsnet__errf(err, errlen, "\\u0000 at line %u column %u: a NUL "
                   "character in a string is not accepted (it would cut the "
                   "string short)", line, col);
      break;
    case F_EMPTY:
      ecsnet__errf(err, errlen, "empty document: expected a %s task "
                   "definition", sy);
      break;
    case F_DEPTH:
      ecsnet__errf(err, errlen, "JSON nested too deeply at line %u column %u: "
                   "more than %d levels of lists and objects", line, col,
                   CJSON_NESTING_LIMIT);
      break;
    case F_END:
      ecsnet__errf(err, errlen, "malformed JSON at line %u column %u: "
                   "unexpected end of input", line, col);
      break;
    case F_TRAILING:
      ecsnet__errf(err, errlen, "malformed JSON at line %u column %u: text "
                   "after the end of the document", line, col);
      break;
    case F_NOMEM:
      ecsnet__errf(err, errlen, "not enough memory to parse the JSON");
      break;
    default: {
      char q[64];
      ecsnet_quote(q, sizeof q, text + e->off,
                   n - e->off > 12 ? 12 : n - e->off);
      ecsnet__errf(err, errlen, "malformed JSON at line %u column %u: %s at "
                   "%s", line, col, e->why, q);
      break;
    }
  }
}


/* A loader's wording: 'what' names the document ("the plan"), 'a_what'
** after "must be" ("a plan"). Syntax errors keep the position cJSON gave
** ("near"), as these messages always said. */
static void loader_message(const fault *e, const ecsnet_front_t *f,
                           const char *text, size_t n, unsigned line,
                           unsigned col, char *err, size_t errlen) {
  unsigned char c = e->off < n ? (unsigned char)text[e->off] : 0;
  unsigned nl = line, nc = col;
  if (e->kind == F_SYNTAX || e->kind == F_END || e->kind == F_DEPTH)
    ecsnet__line_col(text, e->near, &nl, &nc);
  switch (e->kind) {
    case F_NOTEXT: case F_NUL:
      ecsnet__errf(err, errlen, "%s must be JSON text without NUL bytes",
                   f->a_what);
      break;
    case F_TOO_LARGE:
      ecsnet__errf(err, errlen, "%s is too large: %zu bytes, more than the "
                   "limit of %zu", f->what, n, f->max);
      break;
    case F_UTF8:
      ecsnet__errf(err, errlen, "%s holds invalid UTF-8 at line %u, column "
                   "%u (byte %zu): JSON text must be UTF-8", f->what, line,
                   col, e->off + 1);
      break;
    case F_CONTROL:
      ecsnet__errf(err, errlen, "%s holds control character 0x%02x at line "
                   "%u, column %u: write it as an escape (e.g. \\u%04x)",
                   f->what, c, line, col, c);
      break;
    case F_NUL_ESCAPE:
      ecsnet__errf(err, errlen, "%s holds \\u0000 at line %u, column %u: a "
                   "NUL character in a string is not accepted", f->what, line,
                   col);
      break;
    case F_EMPTY:
      ecsnet__errf(err, errlen, "%s is empty: expected JSON text", f->what);
      break;
    case F_DEPTH:
      ecsnet__errf(err, errlen, "%s is nested too deeply (near line %u, "
                   "column %u): more than %d levels of lists and objects",
                   f->what, nl, nc, CJSON_NESTING_LIMIT);
      break;
    case F_NOMEM:
      ecsnet__errf(err, errlen, "not enough memory to parse %s", f->what);
      break;
    default:   /* F_SYNTAX, F_END, F_TRAILING */
      ecsnet__errf(err, errlen, "%s is not valid JSON (near line %u, column "
                   "%u)", f->what, nl, nc);
      break;
  }
}


/* The status of a fault, its message in err. */
static int fail(const fault *e, const ecsnet_front_t *f, const char *text,
                size_t n, char *err, size_t errlen) {
  unsigned line = 1, col = 1;
  if (text != NULL && e->kind != F_TOO_LARGE)
    ecsnet__line_col(text, e->off, &line, &col);
  if (f->what == NULL)
    validator_message(e, f, text, n, line, col, err, errlen);
  else
    loader_message(e, f, text, n, line, col, err, errlen);
  return e->kind == F_TOO_LARGE ? ECSNET_ELIMIT
         : e->kind == F_NOMEM ? ECSNET_ENOMEM : ECSNET_EINVAL;
}


int ecsnet__front_check(const ecsnet_front_t *f, const char *text, size_t n,
                        char *err, size_t errlen) {
  fault e = find_text_fault(f, text, n);
  return e.kind == F_NONE ? ECSNET_OK : fail(&e, f, text, n, err, errlen);
}


int ecsnet__front_parse(const ecsnet_front_t *f, const char *text, size_t n,
                        cJSON **out, char *err, size_t errlen) {
  return ecsnet__front_parse_pos(f, text, n, out, NULL, err, errlen);
}


int ecsnet__front_parse_pos(const ecsnet_front_t *f, const char *text,
                            size_t n, cJSON **out, ecsnet_ypos_t **pos,
                            char *err, size_t errlen) {
  fault e;
  if (pos != NULL)
    *pos = NULL;
  if (f->syntax == ECSNET_SYNTAX_YAML) {
    if (pos == NULL) {   /* a YAML tree is freed with its memory */
      *out = NULL;
      ecsnet__errf(err, errlen, "YAML is read only where its tree's memory "
                   "is kept");
      return ECSNET_EINVAL;
    }
    return ecsnet__yaml_parse(text, n, f->max, out, pos, err, errlen);
  }
  e = parse(f, text, n, out);
  return e.kind == F_NONE ? ECSNET_OK : fail(&e, f, text, n, err, errlen);
}


ecsnet_syntax_t ecsnet__syntax_detect(const char *text, size_t n) {
  const char *p = text, *e = text + n;
  if (text == NULL)
    return ECSNET_SYNTAX_JSON;
  if (n >= 3 && memcmp(p, BOM, 3) == 0)
    p += 3;
  p = ecsnet__json_skip_ws(p, e);
  return p == e || strchr("{[}]", *p) != NULL ? ECSNET_SYNTAX_JSON
                                               : ECSNET_SYNTAX_YAML;
}


int ecsnet__front_load(const ecsnet_front_t *f, const char *text, size_t n,
                       cJSON **out, char *err, size_t errlen) {
  int st = ecsnet__front_check(f, text, n, err, errlen);
  *out = NULL;
  return st != ECSNET_OK ? st : ecsnet__front_parse(f, text, n, out, err,
                                                    errlen);
}


int ecsnet__json_load(const char *what, const char *a_what, const char *text,
                      size_t n, size_t max, cJSON **out, char *err,
                      size_t errlen) {
  ecsnet_front_t f;
  f.syntax = ECSNET_SYNTAX_JSON;
  f.what = what;
  f.a_what = a_what;
  f.max = max;
  return ecsnet__front_load(&f, text, n, out, err, errlen);
}
