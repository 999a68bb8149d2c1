/*
** ecsnet_taskdef.c: reading task definitions and checking their networking
** rules (docs/reference.md §1.5, §2, §6).
**
** One pass: the input text is checked (size, NUL bytes, UTF-8) and parsed
** by the front end (cJSON), its shape found (register input, describe output, CloudFormation,
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
** shapes and the walk (ecsnet_td_shape.c); the text is checked and parsed
** by the front end (ecsnet_front.c). This file holds the entry points. */


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
static int run(const cJSON *root, const ecsnet_doc_t *doc,
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
  memset(v, 0, offsetof(V, segs));   /* the rest: written before read */
  forget_keys(v);
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
  if (report_finish(r, doc, opts->positions ? (opts->ends ? 2 : 1) : 0) !=
      ECSNET_OK) {
    ecsnet_report_free(&r->pub);
    goto nomem;
  }
  *out = &r->pub;
  return ECSNET_OK;
nomem:
  ecsnet__errf(err, errlen, "not enough memory");
  return ECSNET_ENOMEM;
}


int ecsnet_validate(const char *json, size_t n,
                    const ecsnet_validate_opts_t *opts, ecsnet_alloc_fn alloc,
                    void *ud, ecsnet_report_t **out, char *err,
                    size_t errlen) {
  ecsnet_front_t f;
  ecsnet_doc_t doc;
  ecsnet_ypos_t *pos = NULL;
  int st;
  cJSON *root;
  report *r;
  *out = NULL;
  if ((opts == NULL || opts->syntax == ECSNET_SYNTAX_AUTO) &&
      looks_like_hcl(json, n)) {
    ecsnet__errf(err, errlen, "a Terraform configuration (HCL), not JSON: "
                 "validate the plan instead (terraform plan -out=plan.out && "
                 "terraform show -json plan.out)");
    return ECSNET_EINVAL;
  }
  f.syntax = opts && opts->syntax != ECSNET_SYNTAX_AUTO ? opts->syntax
             : ecsnet__syntax_detect(json, n);
  f.what = f.a_what = NULL;   /* the validator's wording */
  f.max = (opts && opts->max_bytes) ? opts->max_bytes : ECSNET_TD_MAX_BYTES;
  st = ecsnet__front_check(&f, json, n, err, errlen);
  if (st != ECSNET_OK)
    return st;
  r = report_new(alloc, ud);
  if (r == NULL) {
    ecsnet__errf(err, errlen, "not enough memory");
    return ECSNET_ENOMEM;
  }
  st = ecsnet__front_parse_pos(&f, json, n, &root, &pos, err, errlen);
  if (st != ECSNET_OK) {
    ecsnet_report_free(&r->pub);
    return st;
  }
  doc.text = json;
  doc.n = n;
  doc.root = root;
  doc.ypos = pos;   /* YAML: the tree's memory and positions */
  st = run(root, &doc, opts, r, out, err, errlen);
  if (pos != NULL)
    ecsnet__ypos_free(pos);   /* frees the tree */
  else
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
    return run(doc, NULL, opts, r, out, err, errlen);
  }
}

/* }====================================================================== */
