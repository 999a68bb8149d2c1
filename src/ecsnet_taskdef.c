/*
** ecsnet_taskdef.c: reading task definitions and checking their networking
** rules (issue 4; ../shared/reference/ecs-facts.md §1.5, §2, §6).
**
** One pass: the input text is checked (size, NUL bytes, UTF-8), parsed by
** cJSON, its shape found (register input, describe output, CloudFormation,
** Terraform), and each task definition is walked once: the walk fills the
** normalized model and emits diagnostics. Mode facts come from the network
** mode model (ecsnet_mode_info), not from here. Diagnostics carry the path
** of child ordinals from the root; sorting on it gives document order, and
** the same path resolves the line and column in the text when asked.
**
** Memory: everything a report holds lives in one arena owned by the report
** (allocated through the caller's ecsnet_alloc_fn); an allocation failure
** longjmps back to ecsnet_validate*, which frees what was built.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ecsnet_td_internal.h"

/* The rooms (ecsnet_td_internal.h): the report and diagnostics
** (ecsnet_td_diag.c), member reading (ecsnet_td_fields.c), port-mapping
** rules (ecsnet_td_ports.c), task and container rules (ecsnet_td_task.c),
** shapes and the walk (ecsnet_td_shape.c), text checks (ecsnet_text.c).
** This file holds the entry points. */


/* The walk under the out-of-memory handler. */
static int protected_walk(V *v, const cJSON *root, ecsnet_shape_t shape,
                          char *err, size_t errlen) {
  switch (setjmp(v->oom)) {
    case 0: return walk(v, root, shape, err, errlen);
    case 2: ecsnet__errf(err, errlen, "%s", v->limit); return ECSNET_ELIMIT;
    default: return ECSNET_ENOMEM;
  }
}

/* Validates the tree into 'r', which it owns: freed on failure. */
static int run(const cJSON *root, const char *text, size_t n,
               const ecsnet_validate_opts_t *opts, report *r,
               ecsnet_report_t **out, char *err, size_t errlen) {
  ecsnet_validate_opts_t defaults;
  V vs, *v = &vs;
  int st;
  ecsnet_shape_t shape;
  if (opts == NULL) {
    ecsnet_validate_opts_init(&defaults);
    opts = &defaults;
  }
  memset(v, 0, sizeof *v);
  v->r = r;
  v->o = opts;
  v->td = -1;
  shape = opts->shape;
  if (shape == ECSNET_SHAPE_AUTO)
    shape = detect(root);
  r->pub.shape = shape;
  st = protected_walk(v, root, shape, err, errlen);
  if (st == ECSNET_ENOMEM) {
    ecsnet_report_free(&r->pub);
    goto nomem;
  }
  if (st != ECSNET_OK) {
    ecsnet_report_free(&r->pub);
    return st;
  }
  /* order, positions, counts, then the public array (in the arena) */
  if (report_finish(r, text, n, opts->positions) != ECSNET_OK) {
    ecsnet_report_free(&r->pub);
    goto nomem;
  }
  *out = &r->pub;
  return ECSNET_OK;
nomem:
  ecsnet__errf(err, errlen, "not enough memory");
  return ECSNET_ENOMEM;
}


/* The text checks before parsing: size, NUL bytes, UTF-8, control
** characters, \u0000 escapes, an empty document. */
static int check_input(const char *json, size_t n, size_t max, char *err,
                       size_t errlen) {
  size_t bad;
  int why = 0;
  unsigned line, col;
  if (n > max) {
    ecsnet__errf(err, errlen, "document too large: %zu bytes, more than the "
                 "limit of %zu (option max_bytes)", n, max);
    return ECSNET_ELIMIT;
  }
  bad = ecsnet__text_scan((const unsigned char *)json, n, &why);
  if (bad < n) {
    ecsnet__line_col(json, bad, &line, &col);
    if (why == 3)
      ecsnet__errf(err, errlen, "malformed JSON at line %u column %u: control "
                   "character 0x%02x (write it as an escape, e.g. \\u%04x)",
                   line, col, (unsigned char)json[bad],
                   (unsigned char)json[bad]);
    else
      ecsnet__errf(err, errlen, "%s at line %u column %u (byte %zu): JSON "
                   "text must be UTF-8 without NUL bytes", why == 1
                   ? "NUL byte" : "invalid UTF-8", line, col, bad + 1);
    return ECSNET_EINVAL;
  }
  bad = ecsnet__json_nul_escape(json, n);
  if (bad < n) {
    ecsnet__line_col(json, bad, &line, &col);
    ecsnet__errf(err, errlen, "\\u0000 at line %u column %u: a NUL character "
                 "in a string is not accepted (it would cut the string short)",
                 line, col);
    return ECSNET_EINVAL;
  }
  if (ecsnet__json_skip_ws(json, json + n) == json + n) {
    ecsnet__errf(err, errlen, "empty document: expected a JSON task "
                 "definition");
    return ECSNET_EINVAL;
  }
  return ECSNET_OK;
}


/* Why cJSON refused the text (it stopped at 'end'): the first syntax
** error and its exact place, the nesting limit, or out of memory. */
static int parse_failed(const char *json, size_t n, const char *end,
                        char *err, size_t errlen) {
  const char *what = NULL;
  unsigned line, col;
  size_t off = ecsnet__json_syntax_error(json, n, &what);
  if (what == NULL) {   /* cJSON refused what the check accepts */
    off = end ? (size_t)(end - json) : 0;
    if (off > n)
      off = n;
    /* Well-formed and within cJSON's nesting limit: the only other way
    ** cJSON fails is an allocation failure, which is not the user's
    ** malformed JSON. */
    if (ecsnet__json_depth_at(json, off) < CJSON_NESTING_LIMIT) {
      ecsnet__errf(err, errlen, "not enough memory to parse the JSON");
      return ECSNET_ENOMEM;
    }
    what = "unexpected character";
  }
  if (off > n)
    off = n;
  ecsnet__line_col(json, off, &line, &col);
  if (ecsnet__json_depth_at(json, off) >= CJSON_NESTING_LIMIT)
    ecsnet__errf(err, errlen, "JSON nested too deeply at line %u column %u: "
                 "more than %d levels of lists and objects", line, col,
                 CJSON_NESTING_LIMIT);
  else if (off >= n)
    ecsnet__errf(err, errlen, "malformed JSON at line %u column %u: "
                 "unexpected end of input", line, col);
  else {
    char q[64];
    ecsnet_quote(q, sizeof q, json + off, n - off > 12 ? 12 : n - off);
    ecsnet__errf(err, errlen, "malformed JSON at line %u column %u: %s at "
                 "%s", line, col, what, q);
  }
  return ECSNET_EINVAL;
}


int ecsnet_validate(const char *json, size_t n,
                    const ecsnet_validate_opts_t *opts, ecsnet_alloc_fn alloc,
                    void *ud, ecsnet_report_t **out, char *err,
                    size_t errlen) {
  size_t max = (opts && opts->max_bytes) ? opts->max_bytes
                                         : ECSNET_TD_MAX_BYTES;
  int st;
  const char *end = NULL, *p;
  cJSON *root;
  report *r;
  *out = NULL;
  st = check_input(json, n, max, err, errlen);
  if (st != ECSNET_OK)
    return st;
  r = report_new(alloc, ud);
  if (r == NULL) {
    ecsnet__errf(err, errlen, "not enough memory");
    return ECSNET_ENOMEM;
  }
  root = cJSON_ParseWithLengthOpts(json, n, &end, 0);
  if (root == NULL) {
    ecsnet_report_free(&r->pub);
    return parse_failed(json, n, end, err, errlen);
  }
  p = ecsnet__json_skip_ws(end, json + n);
  if (p < json + n) {
    unsigned line, col;
    ecsnet__line_col(json, (size_t)(p - json), &line, &col);
    cJSON_Delete(root);
    ecsnet_report_free(&r->pub);
    ecsnet__errf(err, errlen, "malformed JSON at line %u column %u: text "
                 "after the end of the document", line, col);
    return ECSNET_EINVAL;
  }
  st = run(root, json, n, opts, r, out, err, errlen);
  cJSON_Delete(root);
  return st;
}


int ecsnet_validate_json(const ecsnet_json_t *doc,
                         const ecsnet_validate_opts_t *opts,
                         ecsnet_alloc_fn alloc, void *ud,
                         ecsnet_report_t **out, char *err, size_t errlen) {
  *out = NULL;
  if (doc == NULL) {
    ecsnet__errf(err, errlen, "no document");
    return ECSNET_EINVAL;
  }
  {
    report *r = report_new(alloc, ud);
    if (r == NULL) {
      ecsnet__errf(err, errlen, "not enough memory");
      return ECSNET_ENOMEM;
    }
    return run(doc, NULL, 0, opts, r, out, err, errlen);
  }
}

/* }====================================================================== */
