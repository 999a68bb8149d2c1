/*
** ecsnet_td_diag.c: the validator's report and its diagnostics: the
** arena the report owns, JSON pointers of the walk's path, diagnostics in
** document order, and the report's final form.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "ecsnet_td_internal.h"


/* {======================================================================
** The report
** ======================================================================= */

char *astrf(V *v, const char *fmt, ...) {
  char buf[512];
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0)
    n = 0;
  if ((size_t)n >= sizeof buf)
    n = (int)sizeof buf - 1;
  return astrdup(v, buf, (size_t)n);
}


void ecsnet_report_free(ecsnet_report_t *pub) {
  report *r = (report *)pub;
  if (r == NULL)
    return;
  ecsnet__arena_free(&r->arena);
  if (r->id != NULL)
    ecsnet__free(&r->arena.mem, r->id, r->cid * sizeof(idiag));
  ecsnet__free(&r->arena.mem, r, sizeof *r + ARENA_INLINE);
}


/* A report with the arena's first chunk in the same allocation. It is
** made before the text is parsed, so that freeing it later does not merge
** with the top of the heap behind cJSON's nodes (measured: that cost
** glibc a consolidation per call). */
report *report_new(ecsnet_alloc_fn alloc, void *ud) {
  ecsnet_mem_t mem;
  report *r;
  ecsnet__mem_init(&mem, alloc, ud);
  r = (report *)ecsnet__alloc(&mem, sizeof *r + ARENA_INLINE);
  if (r == NULL)
    return NULL;
  memset(r, 0, sizeof *r);
  ecsnet__arena_init(&r->arena, &mem, ARENA_CHUNK, 8);
  ecsnet__arena_seed(&r->arena, r + 1, ARENA_INLINE);
  r->pub.priv_ = r;
  return r;
}

/* }====================================================================== */


/* {======================================================================
** Paths and diagnostics
** ======================================================================= */

/* Stops the walk: the task definition is over one of the validator's
** limits ('n': how many it has, 0 when counting stopped at the limit). */
void over_limit(V *v, const char *what, size_t n, size_t max) {
  const char *ptr = v->td >= 0 ? v->r->pub.taskdefs[v->td].pointer : NULL;
  char count[32] = "";
  if (n > 0)
    snprintf(count, sizeof count, " (%zu)", n);
  ecsnet__errf(v->limit, sizeof v->limit, "the task definition%s%s%s has "
               "more than %zu %s%s; ecsnet checks at most that many per task "
               "definition (docs/robustness.md)", ptr && *ptr ? " at '" : "",
               ptr && *ptr ? ptr : "", ptr && *ptr ? "'" : "", max, what,
               count);
  longjmp(v->oom, 2);
}


/* The RFC 6901 pointer of segs[0..n) (the walk's path). The levels that
** the last pointer had (the same key or index) are not built again. */
static char *pointer_of(V *v, const seg *segs, int n) {
  char *buf = v->pbuf;
  size_t o = 0;
  int i;
  if (n > MAXDEPTH)
    n = MAXDEPTH;
  for (i = 0; i < n && i < v->pn && v->pc[i].key == segs[i].key &&
              v->pc[i].index == segs[i].index; i++)
    o = v->pc[i].len;
  for (; i < n && o + 16 < sizeof v->pbuf; i++) {
    buf[o++] = '/';
    if (segs[i].key == NULL) {
      char digits[16];
      int nd = 0, x = segs[i].index;
      do { digits[nd++] = (char)('0' + x % 10); x /= 10; } while (x > 0);
      while (nd > 0)
        buf[o++] = digits[--nd];
    }
    else {
      const char *k = segs[i].key;
      size_t kl = strlen(k);
      if (strpbrk(k, "~/") == NULL && o + kl + 16 < sizeof v->pbuf) {
        memcpy(buf + o, k, kl);
        o += kl;
      }
      else
        for (; *k && o + 4 < sizeof v->pbuf; k++) {
          if (*k == '~') { buf[o++] = '~'; buf[o++] = '0'; }
          else if (*k == '/') { buf[o++] = '~'; buf[o++] = '1'; }
          else buf[o++] = *k;
        }
    }
    v->pc[i].key = segs[i].key;
    v->pc[i].index = segs[i].index;
    v->pc[i].len = o;
  }
  v->pn = i;
  return astrdup(v, buf, o);
}


char *here(V *v) {
  return pointer_of(v, v->segs, v->depth);
}


/* Adds a diagnostic at 'ptr' (ordinal path ord[0..nord)). sev < 0: the
** rule's own severity. */
static void vdiag_core(V *v, const char *ptr, const int *ord, int nord,
                       ecsnet_rule_id_t id, int sev, const char *aws,
                       const char *fmt, va_list ap) {
  report *r = v->r;
  idiag *d;
  char msg[768];
  const ecsnet_rule_t *rule = &ecsnet__rules[id];
  if (r->nid == r->cid) {
    size_t nc = r->cid ? r->cid * 2 : 4;
    idiag *nd = (idiag *)ecsnet__realloc(&r->arena.mem, r->id, r->cid * sizeof *nd,
                                         nc * sizeof *nd);
    if (nd == NULL)
      OOM(v);
    r->id = nd;
    r->cid = nc;
  }
  vsnprintf(msg, sizeof msg, fmt, ap);
  d = &r->id[r->nid];
  memset(d, 0, sizeof *d);
  d->d.rule = rule;
  d->d.f.code = rule->id;
  d->d.f.severity = sev < 0 ? rule->severity : (ecsnet_severity_t)sev;
  d->d.f.pointer = ptr;
  d->d.f.message = astrdup(v, msg, strlen(msg));
  d->d.aws_message = aws;
  d->d.taskdef = v->td;
  if (nord > MAXDEPTH)
    nord = MAXDEPTH;
  memcpy(d->ord, ord, (size_t)nord * sizeof *ord);
  d->nord = nord;
  d->seq = v->seq++;
  r->nid++;
}


static void vdiag_at(V *v, const seg *segs, int n, ecsnet_rule_id_t id,
                     int sev, const char *aws, const char *fmt,
                     va_list ap) {
  int ord[MAXDEPTH], i;
  const char *ptr = pointer_of(v, segs, n);
  if (n > MAXDEPTH)
    n = MAXDEPTH;
  for (i = 0; i < n; i++)
    ord[i] = segs[i].ord;
  vdiag_core(v, ptr, ord, n, id, sev, aws, fmt, ap);
}


void diag(V *v, ecsnet_rule_id_t id, int sev, const char *aws,
          const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vdiag_at(v, v->segs, v->depth, id, sev, aws, fmt, ap);
  va_end(ap);
}


void diag_port(V *v, const portrec *p, ecsnet_rule_id_t id, int sev,
               const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vdiag_core(v, p->ptr, p->ord, p->nord, id, sev, NULL, fmt, ap);
  va_end(ap);
}

/* }====================================================================== */


/* {======================================================================
** The report's final form
** ======================================================================= */

static int cmp_diag(const void *a, const void *b) {
  const idiag *x = (const idiag *)a, *y = (const idiag *)b;
  int i, n = x->nord < y->nord ? x->nord : y->nord;
  if (x->d.taskdef != y->d.taskdef && (x->d.taskdef < 0 || y->d.taskdef < 0))
    return x->d.taskdef < 0 ? 1 : -1;   /* document-level ones last */
  for (i = 0; i < n; i++)
    if (x->ord[i] != y->ord[i])
      return x->ord[i] < y->ord[i] ? -1 : 1;
  if (x->nord != y->nord)
    return x->nord < y->nord ? -1 : 1;
  return x->seq < y->seq ? -1 : (x->seq > y->seq ? 1 : 0);
}


/* Sorts the diagnostics into document order, places them in the document
** (when asked and given: JSON text or a YAML tree's positions, through
** ecsnet__doc_place; positions 2: where each value ends too) and makes the
** public array. ECSNET_ENOMEM when the
** array does not fit; the caller frees the report then. */
int report_finish(report *r, const ecsnet_doc_t *doc, int positions) {
  size_t i;
  ecsnet_loc_t loc;
  if (r->nid > 1)
    qsort(r->id, r->nid, sizeof *r->id, cmp_diag);
  r->pub.diags = (ecsnet_diag_t *)ecsnet__arena_alloc(
      &r->arena, (r->nid ? r->nid : 1) * sizeof(ecsnet_diag_t));
  if (r->pub.diags == NULL)
    return ECSNET_ENOMEM;
  r->pub.ndiags = r->nid;
  r->pub.ok = 1;
  if (doc != NULL && positions)
    ecsnet__loc_init(&loc, doc->text, doc->n);
  for (i = 0; i < r->nid; i++) {
    ecsnet_diag_t *d = &r->pub.diags[i];
    *d = r->id[i].d;
    if (doc != NULL && positions)
      ecsnet__doc_place(doc, &loc, r->id[i].ord, r->id[i].nord,
                        positions == 2, &d->f);
    r->pub.counts[d->f.severity]++;
    if (d->f.severity == ECSNET_SEV_ERROR)
      r->pub.ok = 0;
  }
  ecsnet__free(&r->arena.mem, r->id, r->cid * sizeof(idiag));
  r->id = NULL;
  r->cid = r->nid = 0;
  return ECSNET_OK;
}

/* }====================================================================== */
