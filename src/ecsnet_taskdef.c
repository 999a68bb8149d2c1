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
#include <ctype.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"
#include "ecsnet.h"
#include "ecsnet_internal.h"

#define MAXDEPTH 24
#define PORT_DEPTH 8    /* a port mapping is at most 7 levels deep */
#define KEYIDX 48       /* members indexed per object */
/* Arena chunks stay below glibc's large-request size (1024 bytes): a
** large malloc consolidates the fast bins that cJSON's nodes just went to,
** which measured as a third of the validator's cost. */
#define ARENA_CHUNK 992
#define ARENA_INLINE (ARENA_CHUNK - sizeof(report))   /* after the report */


/*
** {======================================================================
** Arena and report
** =======================================================================
*/

typedef struct chunk {
  struct chunk *next;
  size_t size;
} chunk;

typedef struct {
  ecsnet_diag_t d;
  int ord[MAXDEPTH];
  int nord;
  size_t seq;
} idiag;

typedef struct {
  ecsnet_report_t pub;
  ecsnet_mem_t mem;
  chunk *chunks;
  char *p;
  size_t left;
  idiag *id;           /* diagnostics while validating */
  size_t nid, cid;
} report;

typedef struct {
  report *r;
  jmp_buf oom;
} arena_ctx;


/* cJSON's type tests, inline: the validator runs them for every member it
** reads, and cJSON_Is* are calls into the shared library. */
static int js_type(const cJSON *n) { return n != NULL ? (n->type & 0xFF) : 0; }
static int js_array(const cJSON *n) { return js_type(n) == cJSON_Array; }
static int js_null(const cJSON *n) { return js_type(n) == cJSON_NULL; }
static int js_number(const cJSON *n) { return js_type(n) == cJSON_Number; }
static int js_object(const cJSON *n) { return js_type(n) == cJSON_Object; }
static int js_string(const cJSON *n) { return js_type(n) == cJSON_String; }
static int js_false(const cJSON *n) { return js_type(n) == cJSON_False; }
static int js_bool(const cJSON *n) {
  return n != NULL && (n->type & (cJSON_True | cJSON_False)) != 0;
}

static void *aalloc(arena_ctx *ac, size_t n) {
  report *r = ac->r;
  void *res;
  n = (n + 7) & ~(size_t)7;
  if (n > r->left) {
    size_t sz = n + sizeof(chunk) > ARENA_CHUNK ? n + sizeof(chunk)
                                                : ARENA_CHUNK;
    chunk *c = (chunk *)ecsnet__alloc(&r->mem, sz);
    if (c == NULL)
      longjmp(ac->oom, 1);
    c->next = r->chunks;
    c->size = sz;
    r->chunks = c;
    r->p = (char *)c + ((sizeof(chunk) + 7) & ~(size_t)7);
    r->left = sz - ((sizeof(chunk) + 7) & ~(size_t)7);
  }
  res = r->p;
  r->p += n;
  r->left -= n;
  return res;
}


static char *astrdup(arena_ctx *ac, const char *s, size_t n) {
  char *d = (char *)aalloc(ac, n + 1);
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}


static char *astrf(arena_ctx *ac, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
  __attribute__((format(printf, 2, 3)))
#endif
  ;

static char *astrf(arena_ctx *ac, const char *fmt, ...) {
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
  return astrdup(ac, buf, (size_t)n);
}


void ecsnet_report_free(ecsnet_report_t *pub) {
  report *r = (report *)pub;
  chunk *c;
  if (r == NULL)
    return;
  c = r->chunks;
  while (c != NULL) {
    chunk *next = c->next;
    ecsnet__free(&r->mem, c, c->size);
    c = next;
  }
  if (r->id != NULL)
    ecsnet__free(&r->mem, r->id, r->cid * sizeof(idiag));
  ecsnet__free(&r->mem, r, sizeof *r + ARENA_INLINE);
}

/* }====================================================================== */


/*
** {======================================================================
** The validator's state
** =======================================================================
*/

typedef struct {
  const char *key;     /* member name, or NULL for an array element */
  int index;           /* array index */
  int ord;             /* child ordinal in the parent */
} seg;

/* One port mapping as the duplicate checks see it. */
typedef struct {
  int cfirst, clast;   /* container ports, or -1 */
  int hfirst, hlast;   /* static host ports taken, or -1 */
  int proto;
  int container;       /* container index */
  int named;
  int sc;              /* a Service Connect port (caller's list) */
  const char *ptr;     /* the mapping's pointer */
  int nord;
  int ord[PORT_DEPTH]; /* its ordinal path (deeper levels: cut) */
} portrec;

typedef struct {
  arena_ctx ac;
  const ecsnet_validate_opts_t *o;
  int cfn;                     /* PascalCase keys */
  seg segs[MAXDEPTH];
  int depth;
  int td;                      /* current task definition index */
  size_t seq;
  /* the task definition being walked */
  ecsnet_taskdef_t *t;
  const ecsnet_mode_info_t *m; /* effective mode, or NULL when unknown */
  int fargate, windows;
  portrec *ports;
  size_t nports, cports;
  int sc_found[64];
  int sc_unknown;              /* some port name is not known statically */
  /* the key indexes of the two objects read last (member()): the
  ** validator alternates between a container and its port mappings */
  struct {
    const cJSON *obj;
    int n;                     /* -1: too many keys to index */
    unsigned long long mask;   /* a bit per key signature's hash */
    struct { unsigned sig; const cJSON *node; } keys[KEYIDX];
  } kx[2];
  int klast;                   /* the slot used last */
  int links;                   /* a container of this task gives links */
  char limit[ECSNET_ERRBUF_MAX];  /* why the walk stopped (ECSNET_ELIMIT) */
} V;

#define OOM(v) longjmp((v)->ac.oom, 1)

/* Stops the walk: the task definition is over one of the validator's
** limits ('n': how many it has, 0 when counting stopped at the limit). */
static void over_limit(V *v, const char *what, size_t n, size_t max) {
  const char *ptr = v->td >= 0 ? v->ac.r->pub.taskdefs[v->td].pointer : NULL;
  char count[32] = "";
  if (n > 0)
    snprintf(count, sizeof count, " (%zu)", n);
  ecsnet__errf(v->limit, sizeof v->limit, "the task definition%s%s%s has "
               "more than %zu %s%s; ecsnet checks at most that many per task "
               "definition (docs/robustness.md)", ptr && *ptr ? " at '" : "",
               ptr && *ptr ? ptr : "", ptr && *ptr ? "'" : "", max, what,
               count);
  longjmp(v->ac.oom, 2);
}


static void push_key(V *v, const char *key, int ord) {
  if (v->depth < MAXDEPTH) {
    v->segs[v->depth].key = key;
    v->segs[v->depth].index = -1;
    v->segs[v->depth].ord = ord;
  }
  v->depth++;
}


static void push_index(V *v, int i) {
  if (v->depth < MAXDEPTH) {
    v->segs[v->depth].key = NULL;
    v->segs[v->depth].index = i;
    v->segs[v->depth].ord = i;
  }
  v->depth++;
}


static void pop(V *v) {
  v->depth--;
}


/* The RFC 6901 pointer of segs[0..n). */
static char *pointer_of(V *v, const seg *segs, int n) {
  char buf[1024];
  size_t o = 0;
  int i;
  if (n > MAXDEPTH)
    n = MAXDEPTH;
  for (i = 0; i < n && o + 16 < sizeof buf; i++) {
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
      if (strpbrk(k, "~/") == NULL && o + kl + 16 < sizeof buf) {
        memcpy(buf + o, k, kl);
        o += kl;
      }
      else
        for (; *k && o + 4 < sizeof buf; k++) {
          if (*k == '~') { buf[o++] = '~'; buf[o++] = '0'; }
          else if (*k == '/') { buf[o++] = '~'; buf[o++] = '1'; }
          else buf[o++] = *k;
        }
    }
  }
  return astrdup(&v->ac, buf, o);
}


static char *here(V *v) {
  return pointer_of(v, v->segs, v->depth);
}


/* Adds a diagnostic at 'ptr' (ordinal path ord[0..nord)). sev < 0: the
** rule's own severity. */
static void vdiag_core(V *v, const char *ptr, const int *ord, int nord,
                       const char *id, int sev, const char *aws,
                       const char *fmt, va_list ap) {
  report *r = v->ac.r;
  idiag *d;
  char msg[768];
  const ecsnet_rule_t *rule = ecsnet_rule_find(id);
  if (r->nid == r->cid) {
    size_t nc = r->cid ? r->cid * 2 : 4;
    idiag *nd = (idiag *)ecsnet__realloc(&r->mem, r->id, r->cid * sizeof *nd,
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
  d->d.severity = sev < 0 ? rule->severity : (ecsnet_severity_t)sev;
  d->d.pointer = ptr;
  d->d.message = astrdup(&v->ac, msg, strlen(msg));
  d->d.aws_message = aws;
  d->d.taskdef = v->td;
  if (nord > MAXDEPTH)
    nord = MAXDEPTH;
  memcpy(d->ord, ord, (size_t)nord * sizeof *ord);
  d->nord = nord;
  d->seq = v->seq++;
  r->nid++;
}


static void vdiag_at(V *v, const seg *segs, int n, const char *id, int sev,
                     const char *aws, const char *fmt, va_list ap) {
  int ord[MAXDEPTH], i;
  const char *ptr = pointer_of(v, segs, n);
  if (n > MAXDEPTH)
    n = MAXDEPTH;
  for (i = 0; i < n; i++)
    ord[i] = segs[i].ord;
  vdiag_core(v, ptr, ord, n, id, sev, aws, fmt, ap);
}


static void diag(V *v, const char *id, int sev, const char *aws,
                 const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
  __attribute__((format(printf, 5, 6)))
#endif
  ;

static void diag(V *v, const char *id, int sev, const char *aws,
                 const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vdiag_at(v, v->segs, v->depth, id, sev, aws, fmt, ap);
  va_end(ap);
}


static void diag_port(V *v, const portrec *p, const char *id, int sev,
                      const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
  __attribute__((format(printf, 5, 6)))
#endif
  ;

static void diag_port(V *v, const portrec *p, const char *id, int sev,
                      const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vdiag_core(v, p->ptr, p->ord, p->nord, id, sev, NULL, fmt, ap);
  va_end(ap);
}

/* }====================================================================== */


/*
** {======================================================================
** Reading values
** =======================================================================
*/

/* What a read found. */
#define R_ABSENT  0   /* missing or null */
#define R_OK      1
#define R_UNKNOWN 2   /* {"Ref": ...}, {"Fn::...": ...}, "${...}", "{{...}}" */
#define R_BAD     3   /* wrong type; diagnosed */

static int unknown_string(const char *s) {
  for (; *s; s++)
    if ((s[0] == '$' || s[0] == '{') && s[1] == '{')
      return 1;
  return 0;
}


static int is_unknown(const cJSON *n) {
  if (js_object(n) && n->child != NULL && n->child->next == NULL &&
      n->child->string != NULL) {
    const char *k = n->child->string;
    return (k[0] == 'R' && strcmp(k, "Ref") == 0) ||
           (k[0] == 'F' && strncmp(k, "Fn::", 4) == 0);
  }
  if (js_string(n))
    return unknown_string(n->valuestring);
  return 0;
}


static const char *type_name(const cJSON *n) {
  if (js_string(n)) return "a string";
  if (js_number(n)) return "a number";
  if (js_bool(n)) return "a boolean";
  if (js_array(n)) return "a list";
  if (js_object(n)) return "an object";
  if (js_null(n)) return "null";
  return "an invalid value";
}


/* A printable excerpt of a node for messages. */
static const char *excerpt(const cJSON *n, char *buf, size_t len) {
  if (js_string(n))
    ecsnet_quote(buf, len, n->valuestring, strlen(n->valuestring));
  else if (js_number(n)) {
    if (isfinite(n->valuedouble))
      snprintf(buf, len, "%.17g", n->valuedouble);
    else
      snprintf(buf, len, "%s", "a number out of range");
  }
  else if (js_object(n) && n->child && n->child->string) {
    char k[64];
    ecsnet_quote(k, sizeof k, n->child->string, strlen(n->child->string));
    snprintf(buf, len, "{%s: ...}", k);
  }
  else
    snprintf(buf, len, "%s", type_name(n));
  return buf;
}


/* Finds member 'camel' of obj (PascalCase first in CloudFormation). Sets
** *ord to its ordinal and *key to the key as written. */
/* a == b for short strings, without a library call. */
static int same(const char *a, const char *b) {
  while (*a != '\0' && *a == *b) {
    a++;
    b++;
  }
  return *a == *b;
}


/* A key's signature: its first four bytes, the first one lower-cased (so
** that PascalCase and camelCase match). */
static unsigned key_sig(const char *k) {
  unsigned c1 = (unsigned char)k[0] ? (unsigned char)k[1] : 0;
  unsigned c2 = c1 ? (unsigned char)k[2] : 0;
  unsigned c3 = c2 ? (unsigned char)k[3] : 0;
  return ((unsigned char)k[0] | 0x20) | c1 << 8 | c2 << 16 | c3 << 24;
}


/* The bit of a key signature in an index's mask. */
static unsigned long long sig_bit(unsigned sig) {
  return 1ULL << ((sig * 2654435761u) >> 26);
}


/* Indexes obj's members into slot k (the validator reads several fields of
** one object in a row: one pass over the keys, then a mask test that
** answers most absent keys at once, and integer compares). */
static void index_keys(V *v, int k, const cJSON *obj) {
  const cJSON *c;
  int i = 0;
  v->kx[k].obj = obj;
  v->kx[k].n = 0;
  v->kx[k].mask = 0;
  for (c = obj->child; c != NULL; c = c->next, i++) {
    unsigned sig;
    if (i >= KEYIDX) {
      v->kx[k].n = -1;   /* too many: plain scans */
      return;
    }
    sig = (c->string == NULL || c->string[0] == '\0') ? 0 : key_sig(c->string);
    v->kx[k].keys[i].sig = sig;
    v->kx[k].keys[i].node = c;
    v->kx[k].mask |= sig_bit(sig);
    v->kx[k].n = i + 1;
  }
}


/* Finds member 'camel' of obj (PascalCase first in CloudFormation). Sets
** *ord to its ordinal and *key to the key as written. */
static cJSON *member(V *v, const cJSON *obj, const char *camel, int *ord,
                     const char **key) {
  cJSON *c, *alt = NULL, *found = NULL;
  int i, alt_ord = -1, found_ord = -1, k, nkeys;
  unsigned sig;
  if (!js_object(obj))
    return NULL;
  k = v->klast;
  if (v->kx[k].obj != obj) {
    k ^= 1;
    if (v->kx[k].obj != obj)
      index_keys(v, k, obj);
    v->klast = k;
  }
  nkeys = v->kx[k].n;
  sig = key_sig(camel);
  if (nkeys >= 0 && (v->kx[k].mask & sig_bit(sig)) == 0)
    return NULL;
  c = obj->child;
  for (i = 0; c != NULL; i++) {
    const char *kname;
    if (nkeys >= 0) {   /* indexed: integer compares, no list walk */
      if (i >= nkeys)
        break;
      if (v->kx[k].keys[i].sig != sig)
        continue;
      c = (cJSON *)v->kx[k].keys[i].node;
    }
    else if (i > 0)
      c = c->next;
    if (c == NULL)
      break;
    kname = c->string;
    if (kname == NULL || kname[0] == '\0')
      continue;
    if (!v->cfn) {
      /* indexed, equal signatures: bytes 1-3 agree (a key shorter than 4
      ** ends where camel does) */
      if (kname[0] == camel[0] && (nkeys >= 0 && sig >> 24
                                   ? same(kname + 4, camel + 4)
                                   : same(kname + 1, camel + 1))) {
        found = c;
        found_ord = i;
      }
    }
    else if ((kname[0] | 0x20) == camel[0] && same(kname + 1, camel + 1)) {
      if (isupper((unsigned char)kname[0])) {
        found = c;
        found_ord = i;
      }
      else {
        alt = c;
        alt_ord = i;
      }
    }
  }
  /* the last of duplicate keys, as Python's json (the AWS CLI) reads them;
  ** keycheck() reports the duplicate */
  if (found != NULL) {
    *ord = found_ord; *key = found->string;
    return found;
  }
  if (alt != NULL) {   /* camelCase in CloudFormation: reported by keycheck() */
    *ord = alt_ord; *key = alt->string;
  }
  return alt;
}


/* The name of the member at ordinal 'ord' of obj. */
static const char *key_at(const cJSON *obj, int ord) {
  const cJSON *c = obj->child;
  while (c != NULL && ord-- > 0)
    c = c->next;
  return (c != NULL && c->string != NULL) ? c->string : "?";
}


/* Reports duplicate keys of obj (ECS034: JSON readers disagree on which
** value counts; member() reads the last, as the AWS CLI does) and, in
** CloudFormation, each key that starts with a lower-case letter (ECS025:
** CloudFormation rejects it as extraneous). */
static void keycheck(V *v, const cJSON *obj) {
  const cJSON *c, *d;
  int i = 0, j;
  unsigned long long seen = 0;   /* signature bits of the keys so far */
  if (!js_object(obj))
    return;
  for (c = obj->child; c != NULL; c = c->next, i++) {
    const char *k = c->string;
    unsigned long long bit;
    if (k == NULL || k[0] == '\0')
      continue;
    bit = sig_bit(key_sig(k));
    /* compare names only when an earlier key shares the signature bit */
    for (d = obj->child, j = 0; (seen & bit) && d != c; d = d->next, j++)
      if (d->string != NULL && d->string[0] == k[0] && same(d->string, k)) {
        push_key(v, k, i);
        diag(v, "ECS034", -1, NULL, "key '%s' appears twice in this object "
             "(first as member %d): JSON readers disagree on which value "
             "counts; the AWS CLI keeps the last, which ecsnet checks; "
             "remove one", k, j + 1);
        pop(v);
        break;
      }
    seen |= bit;
    if (v->cfn && islower((unsigned char)k[0])) {
      push_key(v, k, i);
      diag(v, "ECS025", -1, NULL,
           "CloudFormation property '%s' must be written '%c%s': "
           "CloudFormation rejects camelCase keys (extraneous key [%s] is "
           "not permitted); rename it (its value is still checked here)",
           k, toupper((unsigned char)k[0]), k + 1, k);
      pop(v);
    }
  }
}


/* Unknown values of fields no networking rule reads are not reported. */
static int quiet_key(const char *k) {
  static const char *const quiet[] = { "family", "name", "cpu", "memory",
                                       NULL };
  int i;
  for (i = 0; quiet[i] != NULL; i++)
    if (tolower((unsigned char)k[0]) == quiet[i][0] &&
        strcmp(k + 1, quiet[i] + 1) == 0)
      return 1;
  return 0;
}


static void unknown_info(V *v, const cJSON *n, const char *what) {
  char buf[96];
  if (quiet_key(what))
    return;
  diag(v, "ECS024", -1, NULL,
       "%s is %s, not known until deployment: the rules that need it "
       "were skipped", what, excerpt(n, buf, sizeof buf));
}


/* Reads an integer member. Numeric strings count in CloudFormation (it
** converts them). Returns R_*; *out is set for R_OK. 'what' names the
** field in messages. The member's pointer is pushed while diagnosing. */
static int get_int(V *v, const cJSON *obj, const char *camel, long *out,
                   int *ordp) {
  int ord = -1;
  const char *key = camel;
  const cJSON *n = member(v, obj, camel, &ord, &key);
  char buf[96];
  int st = R_OK;
  *ordp = ord;
  if (n == NULL || js_null(n))
    return R_ABSENT;
  push_key(v, key, ord);
  if (is_unknown(n)) {
    unknown_info(v, n, key);
    st = R_UNKNOWN;
  }
  else if (js_number(n) || (v->cfn && js_string(n))) {
    double d;
    if (js_string(n)) {
      char *end;
      const char *s = n->valuestring;
      d = strtod(s, &end);
      if (end == s || *end != '\0' || isspace((unsigned char)*s)) {
        diag(v, "ECS023", -1, NULL, "%s must be an integer, got %s", key,
             excerpt(n, buf, sizeof buf));
        pop(v);
        return R_BAD;
      }
    }
    else
      d = n->valuedouble;
    if (!isfinite(d) || d > 2147483647.0 || d < -2147483648.0) {
      diag(v, "ECS023", -1, NULL, "%s must be an integer, got a number "
           "out of range; use a value the API accepts", key);
      st = R_BAD;
    }
    else if (d != (double)(long)d) {
      diag(v, "ECS023", -1, NULL, "%s must be an integer, got %s", key,
           excerpt(n, buf, sizeof buf));
      st = R_BAD;
    }
    else
      *out = (long)d;
  }
  else {
    diag(v, "ECS023", -1, NULL, "%s must be an integer, got %s%s%s", key,
         type_name(n), js_string(n) ? " " : "",
         js_string(n) ? excerpt(n, buf, sizeof buf) : "");
    st = R_BAD;
  }
  pop(v);
  return st;
}


/* Reads a string member; *out points into the tree. */
static int get_str(V *v, const cJSON *obj, const char *camel,
                   const char **out, int *ordp) {
  int ord = -1;
  const char *key = camel;
  const cJSON *n = member(v, obj, camel, &ord, &key);
  *ordp = ord;
  if (n == NULL || js_null(n))
    return R_ABSENT;
  if (is_unknown(n)) {
    push_key(v, key, ord);
    unknown_info(v, n, key);
    pop(v);
    return R_UNKNOWN;
  }
  if (!js_string(n)) {
    push_key(v, key, ord);
    diag(v, "ECS023", -1, NULL, "%s must be a string, got %s", key,
         type_name(n));
    pop(v);
    return R_BAD;
  }
  *out = n->valuestring;
  return R_OK;
}


/* Reads a list member: R_OK with *out (possibly empty), absent for null. */
static int get_list(V *v, const cJSON *obj, const char *camel,
                    const cJSON **out, int *ordp, const char **keyp) {
  int ord = -1;
  const char *key = camel;
  const cJSON *n = member(v, obj, camel, &ord, &key);
  *ordp = ord;
  *keyp = key;
  if (n == NULL || js_null(n))
    return R_ABSENT;
  if (is_unknown(n)) {
    push_key(v, key, ord);
    unknown_info(v, n, key);
    pop(v);
    return R_UNKNOWN;
  }
  if (js_array(n) || (js_object(n) && n->child == NULL)) {
    *out = n;
    return R_OK;
  }
  push_key(v, key, ord);
  diag(v, "ECS023", -1, NULL, "%s must be a list, got %s", key, type_name(n));
  pop(v);
  return R_BAD;
}


/* Reads an object member (an empty list, as Lua's {} becomes, counts as
** an empty object). */
static int get_obj(V *v, const cJSON *obj, const char *camel,
                   const cJSON **out, int *ordp, const char **keyp) {
  int ord = -1;
  const char *key = camel;
  const cJSON *n = member(v, obj, camel, &ord, &key);
  *ordp = ord;
  *keyp = key;
  if (n == NULL || js_null(n) || (js_array(n) && n->child == NULL))
    return R_ABSENT;
  if (is_unknown(n)) {
    push_key(v, key, ord);
    unknown_info(v, n, key);
    pop(v);
    return R_UNKNOWN;
  }
  if (js_object(n)) {
    *out = n;
    return R_OK;
  }
  push_key(v, key, ord);
  diag(v, "ECS023", -1, NULL, "%s must be an object, got %s", key,
       type_name(n));
  pop(v);
  return R_BAD;
}


/* Is member 'camel' set to something that counts as "given": true, a
** non-empty list or string, a number, an object, an unknown value. */
static const cJSON *given(V *v, const cJSON *obj, const char *camel,
                          int *ord, const char **key) {
  const cJSON *n = member(v, obj, camel, ord, key);
  if (n == NULL || js_null(n) || js_false(n))
    return NULL;
  if (js_array(n) && n->child == NULL)
    return NULL;
  if (js_object(n) && n->child == NULL)
    return NULL;
  if (js_string(n) && n->valuestring[0] == '\0')
    return NULL;
  if (js_string(n) && v->cfn && strcmp(n->valuestring, "false") == 0)
    return NULL;
  return n;
}


/* Task cpu/memory: a number, or a string "256", "1 vCPU", "2 GB". */
static double size_value(const cJSON *n) {
  if (js_number(n) && isfinite(n->valuedouble))
    return n->valuedouble;
  if (js_string(n)) {
    char *end;
    double d = strtod(n->valuestring, &end);
    if (end == n->valuestring || !isfinite(d))
      return -1;
    while (*end == ' ')
      end++;
    if (*end == '\0')
      return d;
    if ((end[0] == 'v' || end[0] == 'V') && (end[1] == 'c' || end[1] == 'C'))
      return d * 1024;
    if ((end[0] == 'g' || end[0] == 'G') && (end[1] == 'b' || end[1] == 'B'))
      return d * 1024;
    return -1;
  }
  return -1;
}

/* }====================================================================== */


/*
** {======================================================================
** Rules on one task definition
** =======================================================================
*/

static int notcap(const V *v, ecsnet_cap_t c) {
  return v->m != NULL && !v->m->cap[c];
}

/* A capability the reference marks "not verified" gives a warning, not an
** error ("unknown is not invalid"). */
static int cap_sev(const V *v, ecsnet_cap_t c) {
  const char *note = v->m ? v->m->cap_note[c] : NULL;
  return (note != NULL && strstr(note, "not verified") != NULL)
         ? ECSNET_SEV_WARNING : -1;
}

static const char *mode_name(const V *v) {
  return v->m ? v->m->name : "unknown";
}


static int is_reserved(const V *v, int proto, long port) {
  static const unsigned short lin[] = { 22, 2375, 2376, 51678, 51679 };
  static const unsigned short win[] = { 53, 135, 139, 445, 2375, 2376, 3389,
                                        5985, 5986, 51678, 51679 };
  const ecsnet_validate_opts_t *o = v->o;
  const unsigned short *list;
  size_t n, i;
  if (proto == ECSNET_PROTO_TCP && o->reserved_tcp_given) {
    list = o->reserved_tcp; n = o->nreserved_tcp;
  }
  else if (proto == ECSNET_PROTO_UDP) {
    list = o->reserved_udp; n = o->reserved_udp_given ? o->nreserved_udp : 0;
  }
  else if (v->windows) {
    list = win; n = ECSNET_COUNTOF(win);
  }
  else {
    list = lin; n = ECSNET_COUNTOF(lin);
  }
  for (i = 0; i < n; i++)
    if (list[i] == port)
      return 1;
  return 0;
}


static void dyn_range(const V *v, long *first, long *last) {
  if (v->o->dynamic_first > 0 && v->o->dynamic_last >= v->o->dynamic_first) {
    *first = (long)v->o->dynamic_first;
    *last = (long)v->o->dynamic_last;
  }
  else if (v->windows) {
    *first = 49152; *last = 65535;
  }
  else {
    *first = 32768; *last = 60999;
  }
}


static int sc_index(const V *v, const char *name) {
  size_t i;
  for (i = 0; i < v->o->nservice_connect; i++)
    if (v->o->service_connect[i] && strcmp(v->o->service_connect[i], name) == 0)
      return (int)i;
  return -1;
}


static portrec *new_port(V *v) {
  portrec *p;
  int i;
  if (v->nports == ECSNET_TD_MAX_PORT_MAPPINGS)
    over_limit(v, "port mappings", 0, ECSNET_TD_MAX_PORT_MAPPINGS);
  if (v->nports == v->cports) {
    size_t nc = v->cports ? v->cports * 2 : 8;
    portrec *np = (portrec *)aalloc(&v->ac, nc * sizeof *np);
    if (v->nports)
      memcpy(np, v->ports, v->nports * sizeof *np);
    v->ports = np;
    v->cports = nc;
  }
  p = &v->ports[v->nports++];
  memset(p, 0, sizeof *p);
  p->ptr = here(v);
  p->nord = v->depth < PORT_DEPTH ? v->depth : PORT_DEPTH;
  for (i = 0; i < p->nord; i++)
    p->ord[i] = v->segs[i].ord;
  return p;
}


static int name_ok(const char *s) {
  size_t n = strlen(s), i;
  if (n == 0 || n > 64 || s[0] == '-')
    return 0;
  for (i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-'))
      return 0;
  }
  return 1;
}


/* "first-last" with decimal ports. */
static int parse_range(const char *s, long *a, long *b) {
  char *end;
  if (!isdigit((unsigned char)s[0]))
    return 0;
  *a = strtol(s, &end, 10);
  if (*end != '-' || !isdigit((unsigned char)end[1]))
    return 0;
  s = end + 1;
  *b = strtol(s, &end, 10);
  return *end == '\0';
}


static void check_port_mapping(V *v, const cJSON *pm, int ci,
                               const char *cname, ecsnet_td_port_t *out,
                               int *nranges) {
  long cport = -1, hport = -1, a = -1, b = -1;
  const char *range = NULL, *proto = NULL, *pname = NULL, *app = NULL;
  int sc_p, sh, sr, spr, sn, sa, o1, o2, o3, o4, o5, o6;
  int protocol = ECSNET_PROTO_TCP, unknown = 0, bad = 0;
  portrec *p;

  keycheck(v, pm);
  sc_p = get_int(v, pm, "containerPort", &cport, &o1);
  sr = get_str(v, pm, "containerPortRange", &range, &o2);
  sh = get_int(v, pm, "hostPort", &hport, &o3);
  spr = get_str(v, pm, "protocol", &proto, &o4);
  sn = get_str(v, pm, "name", &pname, &o5);
  sa = get_str(v, pm, "appProtocol", &app, &o6);
  unknown = sc_p == R_UNKNOWN || sr == R_UNKNOWN || sh == R_UNKNOWN ||
            spr == R_UNKNOWN;

  /* protocol (R14) */
  if (spr == R_OK) {
    if (strcmp(proto, "udp") == 0)
      protocol = ECSNET_PROTO_UDP;
    else if (strcmp(proto, "tcp") != 0) {
      push_key(v, key_at(pm, o4), o4);
      if (strcmp(proto, "TCP") == 0 || strcmp(proto, "UDP") == 0) {
        diag(v, "ECS014", ECSNET_SEV_WARNING, NULL,
             "protocol '%s' should be written in lower case ('%s')", proto,
             proto[0] == 'T' ? "tcp" : "udp");
        if (proto[0] == 'U')
          protocol = ECSNET_PROTO_UDP;
      }
      else {
        char q[96];
        ecsnet_quote(q, sizeof q, proto, strlen(proto));
        diag(v, "ECS014", -1,
             "Valid values for portMapping protocol are tcp and udp.",
             "protocol %s is not tcp or udp; set tcp or udp%s", q,
             (strcmp(proto, "http") == 0 || strcmp(proto, "http2") == 0 ||
              strcmp(proto, "grpc") == 0 || strcmp(proto, "HTTP") == 0)
             ? " and put the application protocol in appProtocol" : "");
      }
      pop(v);
    }
  }
  else if (spr == R_BAD)
    bad = 1;

  /* containerPort / containerPortRange (R12, R13) */
  if (sc_p != R_ABSENT && sr != R_ABSENT) {
    push_key(v, key_at(pm, o2), o2);
    diag(v, "ECS012", -1, NULL, "container '%s' sets both containerPort and "
         "containerPortRange in one port mapping; keep one of them", cname);
    pop(v);
    bad = 1;
  }
  else if (sc_p == R_ABSENT && sr == R_ABSENT) {
    char *aws = astrf(&v->ac, "Invalid 'containerPort' setting for "
                      "container '%s'.", cname);
    diag(v, "ECS012", -1, aws, "port mapping of container '%s' has no "
         "containerPort; add containerPort (1-65535) or containerPortRange",
         cname);
    bad = 1;
  }
  else if (sc_p == R_OK && (cport < 1 || cport > 65535)) {
    char *aws = astrf(&v->ac, "Invalid 'containerPort' setting for "
                      "container '%s'.", cname);
    push_key(v, key_at(pm, o1), o1);
    diag(v, "ECS012", -1, aws, "containerPort %ld of container '%s' is not a "
         "port; use 1-65535%s", cport, cname,
         cport == 0 ? " (0 is the CLI skeleton's placeholder)" : "");
    pop(v);
    cport = -1;
    bad = 1;
  }
  if (sr == R_OK) {
    push_key(v, key_at(pm, o2), o2);
    if (!parse_range(range, &a, &b)) {
      char q[96];
      ecsnet_quote(q, sizeof q, range, strlen(range));
      diag(v, "ECS013", -1, NULL, "containerPortRange %s is not of the form "
           "\"first-last\" (e.g. \"8000-8010\")", q);
      a = b = -1;
      bad = 1;
    }
    else if (a < 1 || b > 65535 || a >= b) {
      diag(v, "ECS013", -1, NULL, "containerPortRange '%s' must satisfy 1 <= "
           "first < last <= 65535", range);
      a = b = -1;
      bad = 1;
    }
    else {
      if (notcap(v, ECSNET_CAP_CONTAINER_PORT_RANGE))
        diag(v, "ECS013", cap_sev(v, ECSNET_CAP_CONTAINER_PORT_RANGE), NULL,
             "containerPortRange needs bridge or awsvpc mode, not %s; map "
             "single ports or change networkMode", mode_name(v));
      if (++*nranges == 101)
        diag(v, "ECS013", -1, NULL, "container '%s' has more than 100 port "
             "ranges; ECS allows at most 100 per container", cname);
    }
    pop(v);
    if (sh != R_ABSENT) {
      push_key(v, key_at(pm, o3), o3);
      diag(v, "ECS013", -1, NULL, "hostPort must be left out when "
           "containerPortRange is set: the agent assigns the host range");
      pop(v);
      sh = R_ABSENT;
      hport = -1;
    }
  }
  else if (sr == R_BAD)
    bad = 1;

  /* hostPort (R8, ECS027) */
  if (sh == R_OK) {
    push_key(v, key_at(pm, o3), o3);
    if (hport < 0 || hport > 65535) {
      diag(v, "ECS027", -1, NULL, "hostPort %ld is not a port; use 1-65535, "
           "or 0/absent for a dynamic port in bridge mode", hport);
      hport = -1;
      bad = 1;
    }
    else if (hport == 0 && notcap(v, ECSNET_CAP_DYNAMIC_HOST_PORTS)) {
      diag(v, "ECS027", ECSNET_SEV_WARNING, NULL, "hostPort 0 asks for a "
           "dynamic port, which %s mode does not have; leave hostPort out "
           "(the documented form is blank or equal to containerPort)",
           mode_name(v));
      hport = -1;
    }
    else if (hport > 0 && sc_p == R_OK && cport > 0 && hport != cport &&
             notcap(v, ECSNET_CAP_HOST_PORT_REMAP)) {
      int awsvpc = v->m->id == ECSNET_MODE_AWSVPC;
      diag(v, "ECS008", -1, awsvpc ? "When networkMode=awsvpc, the host "
           "ports and container ports in port mappings must match." : NULL,
           "hostPort %ld differs from containerPort %ld in %s mode; leave "
           "hostPort out or set it to %ld (remapping ports needs bridge "
           "mode)", hport, cport, mode_name(v), cport);
      hport = -1;
      bad = 1;
    }
    pop(v);
  }
  else if (sh == R_BAD)
    bad = 1;

  /* name and appProtocol (R15), Service Connect (R16) */
  if (sn == R_OK) {
    push_key(v, key_at(pm, o5), o5);
    if (!name_ok(pname)) {
      char q[96];
      ecsnet_quote(q, sizeof q, pname, strlen(pname));
      diag(v, "ECS016", -1, NULL, "port name %s is invalid: use at most 64 "
           "lower-case letters, digits, '_' and '-', not starting with '-'",
           q);
    }
    else if (notcap(v, ECSNET_CAP_SERVICE_CONNECT))
      diag(v, "ECS016", ECSNET_SEV_WARNING, NULL, "port names are for Service "
           "Connect, which needs bridge or awsvpc mode, not %s", mode_name(v));
    pop(v);
  }
  if (sa == R_OK) {
    push_key(v, key_at(pm, o6), o6);
    if (strcmp(app, "http") && strcmp(app, "http2") && strcmp(app, "grpc") &&
        strcmp(app, "HTTP") && strcmp(app, "HTTP2") && strcmp(app, "GRPC")) {
      char q[96];
      ecsnet_quote(q, sizeof q, app, strlen(app));
      diag(v, "ECS016", -1, NULL, "appProtocol %s is not http, http2 or grpc",
           q);
    }
    else if (sn == R_ABSENT)
      diag(v, "ECS016", -1, NULL, "appProtocol needs a port name: add name "
           "to this port mapping");
    pop(v);
  }
  p = new_port(v);
  p->proto = protocol;
  p->container = ci;
  p->named = sn == R_OK || sn == R_UNKNOWN;
  p->sc = sn == R_OK && sc_index(v, pname) >= 0;
  if (sn == R_UNKNOWN)
    v->sc_unknown = 1;
  if (p->sc) {
    int k = sc_index(v, pname);
    if (k < (int)ECSNET_COUNTOF(v->sc_found))
      v->sc_found[k] = 1;
    if (protocol == ECSNET_PROTO_UDP) {
      push_key(v, key_at(pm, o4), o4);
      diag(v, "ECS017", -1, NULL, "port '%s' is a Service Connect port, which "
           "must use tcp; set protocol to tcp or use another port for "
           "Service Connect", pname);
      pop(v);
    }
  }

  /* Windows on Fargate: 3150 (R18) */
  if (v->windows && v->fargate &&
      ((cport == 3150) || (a > 0 && a <= 3150 && b >= 3150))) {
    push_key(v, key_at(pm, sr == R_OK ? o2 : o1), sr == R_OK ? o2 : o1);
    diag(v, "ECS019", -1, NULL, "container port 3150 is reserved for Windows "
         "tasks on Fargate; use another port");
    pop(v);
  }

  /* the record for duplicate and host-port checks */
  p->cfirst = p->clast = -1;
  p->hfirst = p->hlast = -1;
  if (sc_p == R_OK && cport > 0)
    p->cfirst = p->clast = (int)cport;
  else if (sr == R_OK && a > 0) {
    p->cfirst = (int)a;
    p->clast = (int)b;
  }
  if (!bad && !unknown && v->m != NULL) {
    if (v->m->id == ECSNET_MODE_HOST || v->m->id == ECSNET_MODE_AWSVPC) {
      if (p->cfirst > 0) {
        p->hfirst = p->cfirst;
        p->hlast = p->clast;
      }
    }
    else if (hport > 0) {
      p->hfirst = p->hlast = (int)hport;
    }
  }
  if (unknown)
    p->cfirst = p->clast = -1;

  /* the model */
  out->container_port = (sc_p == R_OK && cport > 0) ? (int)cport : -1;
  out->host_port = (sh == R_OK && hport >= 0) ? (int)hport : -1;
  out->range_first = (sr == R_OK && a > 0) ? (int)a : -1;
  out->range_last = (sr == R_OK && a > 0) ? (int)b : -1;
  out->protocol = protocol;
  out->name = sn == R_OK ? astrdup(&v->ac, pname, strlen(pname)) : NULL;
  out->app_protocol = sa == R_OK ? astrdup(&v->ac, app, strlen(app)) : NULL;
  out->pointer = p->ptr;
  out->unknown = unknown;
}


static int overlap(int a1, int b1, int a2, int b2) {
  return a1 > 0 && a2 > 0 && a1 <= b2 && a2 <= b1;
}


static void port_text(char *buf, size_t len, int a, int b, int proto) {
  if (a == b)
    snprintf(buf, len, "%d/%s", a, proto ? "udp" : "tcp");
  else
    snprintf(buf, len, "%d-%d/%s", a, b, proto ? "udp" : "tcp");
}


/* Duplicates (R14), reserved and dynamic-range ports (R17), static ports
** (R19), over the port records of the whole task. */
static void check_ports(V *v, const ecsnet_taskdef_t *t) {
  size_t i, j, nstatic = 0;
  long dfirst, dlast;
  const portrec *first_static = NULL;
  dyn_range(v, &dfirst, &dlast);
  for (i = 0; i < v->nports; i++) {
    portrec *p = &v->ports[i];
    const char *cn = t->containers[p->container].name;
    int dup = 0;
    char pt[48], where[256];
    for (j = 0; j < i && !dup; j++) {
      const portrec *q = &v->ports[j];
      if (q->container != p->container)
        continue;
      if (q->proto == p->proto && overlap(p->cfirst, p->clast, q->cfirst,
                                          q->clast)) {
        port_text(pt, sizeof pt, p->cfirst, p->clast, p->proto);
        snprintf(where, sizeof where, "%s", q->ptr);
        diag_port(v, p, "ECS015", -1, "container port %s of container '%s' "
                  "is already mapped by %s; remove one of the mappings", pt,
                  cn ? cn : "?", where);
        dup = 1;
      }
      else if (q->proto != p->proto && (p->cfirst != p->clast ||
                                        q->cfirst != q->clast) &&
               overlap(p->cfirst, p->clast, q->cfirst, q->clast)) {
        port_text(pt, sizeof pt, p->cfirst, p->clast, p->proto);
        diag_port(v, p, "ECS013", ECSNET_SEV_WARNING, "container port %s of "
                  "container '%s' overlaps %s on the other protocol, and one "
                  "of them is a containerPortRange: ECS documents that a port "
                  "can be in only one mapping of a container when ranges are "
                  "used (not verified for tcp and udp); use ports that do not "
                  "overlap", pt, cn ? cn : "?", q->ptr);
        dup = 1;
      }
      else if (q->proto != p->proto && (p->named || q->named) &&
               p->cfirst == p->clast && overlap(p->cfirst, p->clast,
                                                q->cfirst, q->clast)) {
        diag_port(v, p, "ECS030", (p->sc || q->sc) ? ECSNET_SEV_ERROR : -1,
                  "container port %d of container '%s' is mapped for tcp and "
                  "udp, and a mapping is named: if a load balancer or Service "
                  "Connect uses this port, CreateService fails with "
                  "\"Container port %d is used in more than one port mapping "
                  "for container %s\"; name only one protocol's mapping, or "
                  "use another port", p->cfirst, cn ? cn : "?", p->cfirst,
                  cn ? cn : "?");
        dup = 1;
      }
    }
    if (dup || p->hfirst < 0)
      continue;
    for (j = 0; j < i; j++) {
      const portrec *q = &v->ports[j];
      if (q->proto == p->proto && overlap(p->hfirst, p->hlast, q->hfirst,
                                          q->hlast)) {
        port_text(pt, sizeof pt, p->hfirst, p->hlast, p->proto);
        snprintf(where, sizeof where, "%s", q->ptr);
        diag_port(v, p, "ECS015", -1, "host port %s is already taken by %s "
                  "in this task; two mappings cannot share a %s port", pt,
                  where, v->m && v->m->id == ECSNET_MODE_AWSVPC
                  ? "task (awsvpc)" : "static host");
        dup = 1;
        break;
      }
    }
    if (dup)
      continue;
    /* R17: static host ports on the instance (not awsvpc: the task's ENI) */
    if (v->m != NULL && v->m->id != ECSNET_MODE_AWSVPC) {
      int k;
      nstatic += (size_t)(p->hlast - p->hfirst + 1);
      if (first_static == NULL)
        first_static = p;
      for (k = p->hfirst; k <= p->hlast; k++) {
        if (is_reserved(v, p->proto, k)) {
          diag_port(v, p, "ECS018", -1, "host port %d/%s is reserved by the "
                    "ECS agent (ECS_RESERVED_PORTS%s%s): the task cannot be "
                    "placed on such an instance; choose another host port",
                    k, p->proto ? "udp" : "tcp", p->proto ? "_UDP" : "",
                    (p->proto ? v->o->reserved_udp_given
                              : v->o->reserved_tcp_given)
                    ? ", as configured" : ", the agent's default");
          break;
        }
        if (k >= dfirst && k <= dlast) {
          diag_port(v, p, "ECS018", -1, "host port %d is inside the dynamic "
                    "host-port range %ld-%ld, where the agent assigns ports "
                    "to other tasks; choose a static port below %ld", k,
                    dfirst, dlast, dfirst);
          break;
        }
      }
    }
  }
  if (first_static != NULL) {
    size_t reserved = v->o->reserved_tcp_given ? v->o->nreserved_tcp
                      : (v->windows ? 11 : 5);
    if (nstatic + reserved > 100)
      diag_port(v, first_static, "ECS018", -1, "this task takes %zu static "
                "host ports; with the %zu reserved ones that is more than "
                "the 100 reserved ports ECS allows per instance", nstatic,
                reserved);
    diag_port(v, first_static, "ECS020", -1, "this task uses static host "
              "ports (%zu in %s mode): only one copy of it fits on an "
              "instance", nstatic, mode_name(v));
  }
}


static const char *const fargate_container[] = {
  "disableNetworking", "dnsSearchDomains", "dnsServers",
  "dockerSecurityOptions", "privileged", "systemControls", NULL
};
static const char *const fargate_task[] = {
  "ipcMode", "pidMode", "placementConstraints", NULL
};
static const char *const windows_container[] = {
  "disableNetworking", "dnsServers", "dnsSearchDomains", NULL
};


static void check_params(V *v, const cJSON *obj, const char *const *names,
                         const char *id, int skip_if_fargate) {
  int i;
  for (i = 0; names[i] != NULL; i++) {
    int ord;
    const char *key = names[i];
    if (given(v, obj, names[i], &ord, &key) == NULL)
      continue;
    if (skip_if_fargate && v->fargate) {
      const char *const *f;
      int dup = 0;
      for (f = fargate_container; *f; f++)
        if (strcmp(*f, names[i]) == 0)
          dup = 1;
      if (dup)
        continue;
    }
    push_key(v, key, ord);
    if (strcmp(id, "ECS028") == 0) {
      char *aws = astrf(&v->ac, "Tasks using the Fargate launch type do not "
                        "support %s.", names[i]);
      diag(v, id, -1, aws, "Fargate does not support %s; remove it or run "
           "the task on EC2", key);
    }
    else
      diag(v, id, -1, NULL, "Windows containers do not support %s; remove it",
           key);
    pop(v);
  }
}


static int user_is_root(const char *u) {
  size_t n = strcspn(u, ":");
  return (n == 4 && strncmp(u, "root", 4) == 0) ||
         (n == 1 && u[0] == '0');
}


static void check_container(V *v, const cJSON *c, int ci,
                            ecsnet_td_container_t *out) {
  const char *name = NULL, *user = NULL, *key;
  const cJSON *list;
  int ord, uord = -1, st, nranges = 0;
  long num;

  keycheck(v, c);
  if (get_str(v, c, "name", &name, &ord) == R_OK)
    out->name = astrdup(&v->ac, name, strlen(name));
  out->cpu = get_int(v, c, "cpu", &num, &ord) == R_OK ? (double)num : -1;
  out->memory = get_int(v, c, "memory", &num, &ord) == R_OK ? (double)num
                                                              : -1;
  if (get_str(v, c, "user", &user, &uord) == R_OK)
    out->user = astrdup(&v->ac, user, strlen(user));

  /* networkMode inside a container (§6.1) */
  if (member(v, c, "networkMode", &ord, &key) != NULL) {
    push_key(v, key, ord);
    diag(v, "ECS026", -1, NULL, "networkMode is a task-level setting; here, "
         "inside container '%s', ECS ignores it; move it to the task "
         "definition", name ? name : "?");
    pop(v);
  }

  /* links (R9), hostname (R10), extraHosts (R11) */
  if (given(v, c, "links", &ord, &key) != NULL &&
      (v->links = 1) != 0 &&   /* check_links reads them after the loop */
      notcap(v, ECSNET_CAP_LINKS)) {
    int awsvpc = v->m->id == ECSNET_MODE_AWSVPC;
    push_key(v, key, ord);
    diag(v, "ECS009", cap_sev(v, ECSNET_CAP_LINKS),
         awsvpc ? "Links are not supported when networkMode=awsvpc." : NULL,
         "links are supported only in bridge mode%s, not %s%s; remove them%s",
         v->m->id == ECSNET_MODE_NAT ? " on Linux" : "", mode_name(v),
         v->windows && v->m->id != ECSNET_MODE_NAT ? " on Windows" : "",
         awsvpc ? " (containers of an awsvpc task reach each other on "
         "localhost)" : "");
    pop(v);
  }
  if (given(v, c, "hostname", &ord, &key) && notcap(v, ECSNET_CAP_HOSTNAME)) {
    push_key(v, key, ord);
    diag(v, "ECS010", cap_sev(v, ECSNET_CAP_HOSTNAME),
         v->m->id == ECSNET_MODE_AWSVPC ? "hostname is not supported on "
         "container when networkMode=awsvpc." : NULL,
         "hostname is not supported in %s mode; remove it", mode_name(v));
    pop(v);
  }
  if (given(v, c, "extraHosts", &ord, &key) &&
      (notcap(v, ECSNET_CAP_EXTRA_HOSTS) || v->windows || v->fargate)) {
    push_key(v, key, ord);
    diag(v, "ECS011", -1, NULL, "extraHosts is not supported %s; remove it "
         "and resolve names through DNS",
         v->fargate ? "on Fargate" : v->windows ? "on Windows"
         : "in awsvpc mode");
    pop(v);
  }

  /* parameters Fargate or Windows do not support */
  if (v->fargate)
    check_params(v, c, fargate_container, "ECS028", 0);
  if (v->fargate) {
    const cJSON *lp;
    const char *lkey;
    int lord;
    if (get_obj(v, c, "linuxParameters", &lp, &lord, &lkey) == R_OK) {
      static const char *const swap[] = { "maxSwap", "swappiness", NULL };
      push_key(v, lkey, lord);
      check_params(v, lp, swap, "ECS028", 0);
      pop(v);
    }
  }
  if (v->windows)
    check_params(v, c, windows_container, "ECS029", 1);

  /* host mode as root (R23) */
  if (v->m != NULL && v->m->id == ECSNET_MODE_HOST) {
    if (user != NULL && user_is_root(user)) {
      push_key(v, key_at(c, uord), uord);
      diag(v, "ECS022", -1, NULL, "container '%s' runs as '%s' in host mode, "
           "where it can impersonate the host; set user to a non-root user",
           name ? name : "?", user);
      pop(v);
    }
    else if (user == NULL)
      diag(v, "ECS022", ECSNET_SEV_INFO, NULL, "container '%s' runs in host "
           "mode without a user: it runs as the image's user, often root; "
           "set user to a non-root user", name ? name : "?");
  }

  /* port mappings (R7, R8, R12-R18) */
  st = get_list(v, c, "portMappings", &list, &ord, &key);
  if (st == R_OK && js_array(list) && list->child != NULL) {
    const cJSON *pm;
    int i = 0;
    size_t n = (size_t)cJSON_GetArraySize(list);
    push_key(v, key, ord);
    if (notcap(v, ECSNET_CAP_PORT_MAPPINGS)) {
      diag(v, "ECS007", -1, NULL, "container '%s' has port mappings, but "
           "network mode none has no network: remove portMappings or choose "
           "bridge, host or awsvpc", name ? name : "?");
      /* the model still lists them */
    }
    out->ports = (ecsnet_td_port_t *)aalloc(&v->ac, n * sizeof *out->ports);
    for (pm = list->child; pm != NULL; pm = pm->next, i++) {
      ecsnet_td_port_t *tp = &out->ports[out->nports];
      push_index(v, i);
      memset(tp, 0, sizeof *tp);
      if (is_unknown(pm)) {
        unknown_info(v, pm, "port mapping");
        tp->container_port = tp->host_port = -1;
        tp->range_first = tp->range_last = -1;
        tp->unknown = 1;
        tp->pointer = here(v);
        out->nports++;
      }
      else if (!js_object(pm)) {
        diag(v, "ECS023", -1, NULL, "a port mapping must be an object, got %s",
             type_name(pm));
      }
      else if (notcap(v, ECSNET_CAP_PORT_MAPPINGS)) {
        tp->container_port = tp->host_port = -1;
        tp->range_first = tp->range_last = -1;
        tp->pointer = here(v);
        out->nports++;
      }
      else {
        check_port_mapping(v, pm, ci, name ? name : "?", tp, &nranges);
        out->nports++;
      }
      pop(v);
    }
    pop(v);
  }
}


static const char *const platform_title[ECSNET_PLATFORM_COUNT] = {
  "EC2 Linux", "EC2 Windows", "Fargate", "ECS Anywhere (EXTERNAL) Linux",
  "ECS Anywhere (EXTERNAL) Windows", "Managed Instances"
};


/* Reads the task attributes, then walks the containers. 'props' is the
** task definition object (NULL for Terraform: attributes from options). */
/* Links (bridge mode) name containers of this task definition, as name or
** name:alias (ECS033; not verified whether RegisterTaskDefinition rejects an
** unknown name, so a warning). The containers list's key is pushed. */
static void check_links(V *v, const cJSON *containers,
                        const ecsnet_taskdef_t *t) {
  const cJSON *c;
  int i;
  for (c = containers->child, i = 0; c != NULL; c = c->next, i++) {
    const cJSON *links, *l;
    const char *key;
    int ord, k;
    if (!js_object(c) ||
        get_list(v, c, "links", &links, &ord, &key) != R_OK)
      continue;
    push_index(v, i);
    push_key(v, key, ord);
    for (l = links->child, k = 0; l != NULL; l = l->next, k++) {
      const char *colon;
      size_t n, j;
      int found = 0;
      if (!js_string(l) || is_unknown(l))
        continue;
      colon = strchr(l->valuestring, ':');
      n = colon ? (size_t)(colon - l->valuestring) : strlen(l->valuestring);
      for (j = 0; j < t->ncontainers && !found; j++)
        found = t->containers[j].name != NULL &&
                strlen(t->containers[j].name) == n &&
                memcmp(t->containers[j].name, l->valuestring, n) == 0;
      if (!found) {
        char q[96];
        ecsnet_quote(q, sizeof q, l->valuestring, n);
        push_index(v, k);
        diag(v, "ECS033", -1, NULL, "link %s names no container of this task "
             "definition; Docker cannot link to it and the container does not "
             "start: name a container defined here (name or name:alias)", q);
        pop(v);
      }
    }
    pop(v);
    pop(v);
  }
}


static void check_taskdef(V *v, const cJSON *props, const cJSON *containers,
                          int containers_ord, const char *containers_key,
                          ecsnet_taskdef_t *t) {
  const char *mode = NULL, *family = NULL, *key;
  const cJSON *n, *list;
  int ord, mode_ord = -1, st_mode = R_ABSENT, i;
  unsigned lt = v->o->launch_types;
  ecsnet_os_t os = v->o->os == ECSNET_OS_WINDOWS ? ECSNET_OS_WINDOWS
                                                 : ECSNET_OS_LINUX;
  int mode_known = 1;

  t->pointer = here(v);
  t->cpu = t->memory = -1;
  t->mode = -1;
  if (props != NULL) {
    keycheck(v, props);
    if (get_str(v, props, "family", &family, &ord) == R_OK)
      t->family = astrdup(&v->ac, family, strlen(family));
    st_mode = get_str(v, props, "networkMode", &mode, &mode_ord);
    /* requiresCompatibilities */
    if (get_list(v, props, "requiresCompatibilities", &list, &ord, &key)
        == R_OK) {
      const cJSON *c;
      int k = 0;
      push_key(v, key, ord);
      for (c = list->child; c != NULL; c = c->next, k++) {
        if (is_unknown(c))
          continue;
        push_index(v, k);
        if (!js_string(c))
          diag(v, "ECS023", -1, NULL, "a compatibility must be a string, "
               "got %s", type_name(c));
        else if (strcmp(c->valuestring, "EC2") == 0) lt |= ECSNET_LT_EC2;
        else if (strcmp(c->valuestring, "FARGATE") == 0)
          lt |= ECSNET_LT_FARGATE;
        else if (strcmp(c->valuestring, "EXTERNAL") == 0)
          lt |= ECSNET_LT_EXTERNAL;
        else if (strcmp(c->valuestring, "MANAGED_INSTANCES") == 0)
          lt |= ECSNET_LT_MANAGED_INSTANCES;
        else {
          char q[96];
          ecsnet_quote(q, sizeof q, c->valuestring, strlen(c->valuestring));
          diag(v, "ECS023", -1, NULL, "unknown compatibility %s: use EC2, "
               "FARGATE, EXTERNAL or MANAGED_INSTANCES", q);
        }
        pop(v);
      }
      pop(v);
    }
    /* runtimePlatform.operatingSystemFamily */
    if (get_obj(v, props, "runtimePlatform", &n, &ord, &key) == R_OK) {
      const char *osf = NULL;
      int o2;
      push_key(v, key, ord);
      keycheck(v, n);
      if (get_str(v, n, "operatingSystemFamily", &osf, &o2) == R_OK)
        os = strncmp(osf, "WINDOWS", 7) == 0 ? ECSNET_OS_WINDOWS
                                             : ECSNET_OS_LINUX;
      pop(v);
    }
    n = member(v, props, "cpu", &ord, &key);
    if (n != NULL)
      t->cpu = size_value(n);
    n = member(v, props, "memory", &ord, &key);
    if (n != NULL)
      t->memory = size_value(n);
    if (lt & ECSNET_LT_FARGATE) {
      v->fargate = 1;
      check_params(v, props, fargate_task, "ECS028", 0);
    }
  }
  else {
    if (v->o->network_mode != NULL) {
      mode = v->o->network_mode;
      st_mode = R_OK;
    }
    if (v->o->family != NULL)
      t->family = astrdup(&v->ac, v->o->family, strlen(v->o->family));
    t->cpu = v->o->cpu >= 0 ? v->o->cpu : -1;
    t->memory = v->o->memory >= 0 ? v->o->memory : -1;
  }
  v->fargate = (lt & ECSNET_LT_FARGATE) != 0;
  v->windows = os == ECSNET_OS_WINDOWS;
  t->os = os;
  t->launch_types = lt;

  /* the mode (R1, R2) */
  v->m = NULL;
  if (st_mode == R_OK) {
    const ecsnet_mode_info_t *mi = NULL;
    int k;
    for (k = 0; k < ECSNET_MODE_COUNT; k++) {
      const ecsnet_mode_info_t *x = ecsnet_mode_info((ecsnet_mode_t)k);
      if (x->api_value != NULL && strcmp(x->api_value, mode) == 0)
        mi = x;
    }
    if (mi == NULL) {
      char q[96];
      ecsnet_quote(q, sizeof q, mode, strlen(mode));
      if (props != NULL)
        push_key(v, key_at(props, mode_ord), mode_ord);
      diag(v, "ECS001", -1, NULL, "networkMode %s is not a network mode: use "
           "bridge, host, awsvpc or none, or leave it out for the default",
           q);
      if (props != NULL)
        pop(v);
      mode_known = 0;
    }
    else {
      v->m = mi;
      t->mode_given = 1;
    }
  }
  else if (st_mode == R_ABSENT) {
    const ecsnet_mode_info_t *mi = NULL;
    ecsnet_mode_lookup("default", 7, os, &mi);
    v->m = mi;
    diag(v, "ECS002", -1, NULL, "networkMode is not set: the task uses the "
         "default mode, %s", os == ECSNET_OS_WINDOWS
         ? "'default' (Docker's nat driver) on Windows"
         : "bridge on Linux");
  }
  else
    mode_known = 0;   /* unknown (diagnosed as info) or bad type */
  t->mode = v->m ? (int)v->m->id : -1;

  /* where it runs (R3-R6): the first platform that rejects the mode */
  if (v->m != NULL) {
    static const struct { unsigned lt; int win; ecsnet_platform_t p;
                          const char *id; } plat[] = {
      { ECSNET_LT_FARGATE, -1, ECSNET_PLATFORM_FARGATE, "ECS003" },
      { ECSNET_LT_MANAGED_INSTANCES, -1, ECSNET_PLATFORM_MANAGED_INSTANCES,
        "ECS005" },
      { ECSNET_LT_EXTERNAL, 0, ECSNET_PLATFORM_EXTERNAL_LINUX, "ECS004" },
      { ECSNET_LT_EXTERNAL, 1, ECSNET_PLATFORM_EXTERNAL_WINDOWS, "ECS004" },
      { 0, 1, ECSNET_PLATFORM_EC2_WINDOWS, "ECS006" },
    };
    size_t k;
    for (k = 0; k < ECSNET_COUNTOF(plat); k++) {
      int applies = plat[k].lt ? (lt & plat[k].lt) != 0 : 1;
      if (plat[k].win >= 0 && plat[k].win != (int)v->windows)
        applies = 0;
      if (!applies || v->m->support[plat[k].p] != ECSNET_SUPPORT_NO)
        continue;
      if (props != NULL && t->mode_given)
        push_key(v, key_at(props, mode_ord), mode_ord);
      if (plat[k].p == ECSNET_PLATFORM_FARGATE)
        diag(v, "ECS003", -1, "Fargate only supports network mode "
             "\xe2\x80\x98" "awsvpc" "\xe2\x80\x99.",
             "requiresCompatibilities lists FARGATE, which needs networkMode "
             "awsvpc%s; set networkMode to awsvpc", t->mode_given ?
             astrf(&v->ac, ", not %s", v->m->name) : " (it is not set)");
      else
        diag(v, plat[k].id, -1, NULL, "%s mode cannot run on %s: %s",
             t->mode_given ? v->m->name : "the default",
             platform_title[plat[k].p],
             v->m->support_note[plat[k].p] ? v->m->support_note[plat[k].p]
             : "choose a supported network mode");
      if (props != NULL && t->mode_given)
        pop(v);
      break;
    }
  }
  (void)mode_known;

  /* containers (R22 and the per-container rules) */
  if (js_null(containers))
    containers = NULL;
  if (containers == NULL || !js_array(containers) ||
      containers->child == NULL) {
    if (containers == NULL)
      diag(v, "ECS031", -1, NULL, "the task definition has no "
           "containerDefinitions; add a list of containers");
    else if (is_unknown(containers)) {
      push_key(v, containers_key, containers_ord);
      unknown_info(v, containers, containers_key);
      pop(v);
    }
    else {
      if (containers_key)
        push_key(v, containers_key, containers_ord);
      if (js_array(containers))
        diag(v, "ECS031", -1, NULL, "containerDefinitions is empty; add at "
             "least one container");
      else
        diag(v, "ECS023", -1, NULL, "containerDefinitions must be a list, "
             "got %s", type_name(containers));
      if (containers_key)
        pop(v);
    }
    return;
  }
  {
    const cJSON *c;
    size_t nc = (size_t)cJSON_GetArraySize(containers);
    if (nc > ECSNET_TD_MAX_CONTAINERS)
      over_limit(v, "containers", nc, ECSNET_TD_MAX_CONTAINERS);
    t->containers = (ecsnet_td_container_t *)aalloc(&v->ac,
                                                    nc * sizeof *t->containers);
    if (containers_key)
      push_key(v, containers_key, containers_ord);
    for (c = containers->child, i = 0; c != NULL; c = c->next, i++) {
      ecsnet_td_container_t *tc = &t->containers[t->ncontainers];
      memset(tc, 0, sizeof *tc);
      push_index(v, i);
      if (i == 10)
        diag(v, "ECS021", -1, NULL, "the task definition has %zu containers; "
             "ECS allows at most 10 (not adjustable)", nc);
      if (is_unknown(c))
        unknown_info(v, c, "container definition");
      else if (!js_object(c))
        diag(v, "ECS023", -1, NULL, "a container definition must be an "
             "object, got %s", type_name(c));
      else {
        tc->pointer = here(v);
        tc->cpu = tc->memory = -1;
        check_container(v, c, (int)t->ncontainers, tc);
        t->ncontainers++;
      }
      pop(v);
    }
    if (v->links && v->m != NULL && !notcap(v, ECSNET_CAP_LINKS))
      check_links(v, containers, t);
    if (containers_key)
      pop(v);
  }
  check_ports(v, t);
}

/* }====================================================================== */


/*
** {======================================================================
** Shapes
** =======================================================================
*/

static const char *const shape_names[] = {
  "auto", "register", "describe", "cloudformation", "terraform"
};

const char *ecsnet_shape_name(ecsnet_shape_t s) {
  return ((int)s >= 0 && s < ECSNET_SHAPE_COUNT) ? shape_names[s] : NULL;
}


void ecsnet_validate_opts_init(ecsnet_validate_opts_t *o) {
  memset(o, 0, sizeof *o);
  o->shape = ECSNET_SHAPE_AUTO;
  o->os = -1;
  o->cpu = o->memory = -1;
}


static ecsnet_shape_t detect(const cJSON *root) {
  enum { DESCRIBE = 1, TD_SEEN = 2, CFN = 4, REGISTER = 8, CFN_PROPS = 16 };
  const cJSON *c;
  unsigned f = 0;
  if (js_array(root))
    return ECSNET_SHAPE_TERRAFORM;
  if (!js_object(root))
    return ECSNET_SHAPE_AUTO;
  /* one pass over the top-level keys */
  for (c = root->child; c != NULL; c = c->next) {
    const char *k = c->string;
    if (k == NULL)
      continue;
    if (same(k, "taskDefinition")) {
      if (!(f & TD_SEEN) && js_object(c))   /* the first one counts */
        f |= DESCRIBE;
      f |= TD_SEEN;
    }
    else if (same(k, "Resources") || same(k, "AWSTemplateFormatVersion"))
      f |= CFN;
    else if (same(k, "containerDefinitions") || same(k, "family") ||
             same(k, "networkMode"))
      f |= REGISTER;
    else if (same(k, "ContainerDefinitions"))
      f |= CFN_PROPS;
  }
  if (f & DESCRIBE)
    return ECSNET_SHAPE_DESCRIBE;
  if (f & CFN)
    return ECSNET_SHAPE_CLOUDFORMATION;
  if (f & REGISTER)
    return ECSNET_SHAPE_REGISTER;
  if (f & CFN_PROPS)
    return ECSNET_SHAPE_CLOUDFORMATION;   /* the Properties alone */
  return ECSNET_SHAPE_AUTO;
}


/* Member lookup with ordinal, exact name. */
static cJSON *child(const cJSON *obj, const char *name, int *ord) {
  cJSON *c;
  int i = 0;
  if (!js_object(obj))
    return NULL;
  for (c = obj->child; c != NULL; c = c->next, i++)
    if (c->string != NULL && strcmp(c->string, name) == 0) {
      *ord = i;
      return c;
    }
  return NULL;
}


static ecsnet_taskdef_t *add_td(V *v, size_t *cap_td) {
  report *r = v->ac.r;
  ecsnet_taskdef_t *t;
  if (r->pub.ntaskdefs == *cap_td) {
    size_t nc = *cap_td ? *cap_td * 2 : 4;
    ecsnet_taskdef_t *nt = (ecsnet_taskdef_t *)aalloc(&v->ac, nc * sizeof *nt);
    if (r->pub.ntaskdefs)
      memcpy(nt, r->pub.taskdefs, r->pub.ntaskdefs * sizeof *nt);
    r->pub.taskdefs = nt;
    *cap_td = nc;
  }
  t = &r->pub.taskdefs[r->pub.ntaskdefs];
  memset(t, 0, sizeof *t);
  v->td = (int)r->pub.ntaskdefs++;
  v->nports = 0;
  v->links = 0;
  return t;
}


/* A task definition object (register shape, or CloudFormation Properties). */
static void walk_props(V *v, const cJSON *props, size_t *cap_td) {
  ecsnet_taskdef_t *t = add_td(v, cap_td);
  int ord = -1;
  const char *key = "containerDefinitions";
  const cJSON *cd = member(v, props, "containerDefinitions", &ord, &key);
  check_taskdef(v, props, cd, ord, key, t);
}


#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static int walk(V *v, const cJSON *root, ecsnet_shape_t shape, char *err,
                size_t errlen) {
  size_t cap_td = 0;
  int ord = -1;
  v->depth = 0;
  switch (shape) {
    case ECSNET_SHAPE_REGISTER:
      if (!js_object(root))
        goto notobj;
      walk_props(v, root, &cap_td);
      break;
    case ECSNET_SHAPE_DESCRIBE: {
      const cJSON *td = child(root, "taskDefinition", &ord);
      if (!js_object(td)) {
        ecsnet__errf(err, errlen, "not a describe-task-definition output: "
                     "expected an object with a \"taskDefinition\" object");
        return ECSNET_EINVAL;
      }
      push_key(v, "taskDefinition", ord);
      walk_props(v, td, &cap_td);
      pop(v);
      break;
    }
    case ECSNET_SHAPE_CLOUDFORMATION: {
      const cJSON *res, *r;
      int k = 0;
      v->cfn = 1;
      if (!js_object(root))
        goto notobj;
      res = child(root, "Resources", &ord);
      if (res == NULL) {   /* the Properties object alone */
        walk_props(v, root, &cap_td);
        break;
      }
      if (!js_object(res)) {
        ecsnet__errf(err, errlen, "not a CloudFormation template: "
                     "\"Resources\" must be an object");
        return ECSNET_EINVAL;
      }
      push_key(v, "Resources", ord);
      for (r = res->child; r != NULL; r = r->next, k++) {
        const cJSON *type;
        int o2 = -1;
        type = child(r, "Type", &o2);
        if (!js_string(type) ||
            strcmp(type->valuestring, "AWS::ECS::TaskDefinition") != 0)
          continue;
        push_key(v, r->string, k);
        {
          const cJSON *props = child(r, "Properties", &o2);
          if (js_object(props)) {
            push_key(v, "Properties", o2);
            walk_props(v, props, &cap_td);
            pop(v);
          }
          else {
            add_td(v, &cap_td)->pointer = here(v);
            v->ac.r->pub.taskdefs[v->td].mode = -1;
            v->ac.r->pub.taskdefs[v->td].cpu = -1;
            v->ac.r->pub.taskdefs[v->td].memory = -1;
            diag(v, "ECS031", -1, NULL, "resource '%s' has no Properties "
                 "object; add Properties with ContainerDefinitions",
                 r->string);
          }
        }
        pop(v);
      }
      pop(v);
      if (v->ac.r->pub.ntaskdefs == 0) {
        ecsnet__errf(err, errlen, "the CloudFormation template has no "
                     "AWS::ECS::TaskDefinition resource");
        return ECSNET_EINVAL;
      }
      break;
    }
    case ECSNET_SHAPE_TERRAFORM: {
      ecsnet_taskdef_t *t;
      if (!js_array(root)) {
        ecsnet__errf(err, errlen, "not a Terraform container_definitions "
                     "value: expected a list of containers, got %s",
                     type_name(root));
        return ECSNET_EINVAL;
      }
      t = add_td(v, &cap_td);
      check_taskdef(v, NULL, root, -1, NULL, t);
      break;
    }
    default:
    notobj:
      ecsnet__errf(err, errlen, "not a task definition: expected an object "
                   "with containerDefinitions, {\"taskDefinition\": ...}, a "
                   "CloudFormation template or a list of container "
                   "definitions, got %s", type_name(root));
      return ECSNET_EINVAL;
  }
  /* Service Connect names that no mapping carries (R16) */
  if (v->o->nservice_connect > 0 && !v->sc_unknown) {
    size_t k;
    v->td = -1;
    v->depth = 0;
    for (k = 0; k < v->o->nservice_connect && k < ECSNET_COUNTOF(v->sc_found);
         k++)
      if (!v->sc_found[k] && v->o->service_connect[k] != NULL)
        diag(v, "ECS032", -1, NULL, "Service Connect port name '%s' matches "
             "no port mapping name; name the port mapping or correct the "
             "name", v->o->service_connect[k]);
  }
  return ECSNET_OK;
}

/* }====================================================================== */


/*
** {======================================================================
** Text: checks, errors with line and column, positions
** =======================================================================
*/

/* Lines and columns: ecsnet__line_col (ecsnet_core.c), shared with the
** plan and instance data loaders. */

#define ONES  0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
#define HAS_LESS(w, b) (((w) - ONES * (b)) & ~(w) & HIGHS)

/* Offset of the first NUL byte, control character other than JSON's
** whitespace, or invalid UTF-8 sequence, or n; *why: 0 UTF-8, 1 NUL,
** 3 control. Raw tabs and line breaks inside strings are let through, as
** cJSON does: telling them from whitespace needs string tracking, which
** tripled this pass's cost (bench/validate.sh). */
static size_t check_text(const unsigned char *s, size_t n, int *why) {
  size_t i = 0;
  for (;;) {
    unsigned c;
#if defined(__GNUC__) || defined(__clang__)
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

static int syn_string(syn *y) {
  y->p++;
  while (y->p < y->e && *y->p != '"') {
    if (*y->p == '\\') {
      y->p++;
      if (y->p >= y->e) break;
      if (*y->p == 'u') {
        int k;
        for (k = 1; k <= 4; k++)
          if (y->p + k >= y->e || !isxdigit((unsigned char)y->p[k])) {
            y->p += k;
            y->why = "bad \\u escape in a string";
            return 0;
          }
        y->p += 5;
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
static size_t syntax_error(const char *s, size_t n, const char **why) {
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




static const char *skip_ws(const char *p, const char *e) {
  while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    p++;
  return p;
}


static const char *skip_string(const char *p, const char *e) {
  p++;   /* the opening quote */
  while (p < e && *p != '"')
    p += (*p == '\\') ? 2 : 1;
  return p < e ? p + 1 : e;
}


/* Skips one value of valid JSON. */
static const char *skip_value(const char *p, const char *e) {
  int d = 0;
  do {
    p = skip_ws(p, e);
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


/* Offset of the value at the ordinal path, in valid JSON text. */
static size_t locate(const char *s, size_t n, const int *ord, int nord) {
  const char *p = s, *e = s + n;
  int k;
  if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  p = skip_ws(p, e);
  for (k = 0; k < nord && p < e; k++) {
    int obj = *p == '{', i;
    if (*p != '{' && *p != '[')
      break;
    p = skip_ws(p + 1, e);
    for (i = 0; p < e; i++) {
      if (obj) {
        p = skip_string(p, e);          /* key */
        p = skip_ws(p, e);
        if (p < e && *p == ':') p++;
        p = skip_ws(p, e);
      }
      if (i == ord[k])
        break;
      p = skip_value(p, e);
      p = skip_ws(p, e);
      if (p < e && *p == ',') p = skip_ws(p + 1, e);
    }
  }
  return (size_t)(p - s);
}

/* }====================================================================== */


/*
** {======================================================================
** Entry points
** =======================================================================
*/

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


/* The walk under the out-of-memory handler. */
static int protected_walk(V *v, const cJSON *root, ecsnet_shape_t shape,
                          char *err, size_t errlen) {
  switch (setjmp(v->ac.oom)) {
    case 0: return walk(v, root, shape, err, errlen);
    case 2: ecsnet__errf(err, errlen, "%s", v->limit); return ECSNET_ELIMIT;
    default: return ECSNET_ENOMEM;
  }
}


static ecsnet_diag_t *protected_diags(report *r) {
  arena_ctx ac;
  ac.r = r;
  if (setjmp(ac.oom) != 0)
    return NULL;
  return (ecsnet_diag_t *)aalloc(&ac, (r->nid ? r->nid : 1) *
                                 sizeof(ecsnet_diag_t));
}


/* A report with the arena's first chunk in the same allocation. It is
** made before the text is parsed, so that freeing it later does not merge
** with the top of the heap behind cJSON's nodes (measured: that cost
** glibc a consolidation per call). */
static report *report_new(ecsnet_alloc_fn alloc, void *ud) {
  ecsnet_mem_t mem;
  report *r;
  ecsnet__mem_init(&mem, alloc, ud);
  r = (report *)ecsnet__alloc(&mem, sizeof *r + ARENA_INLINE);
  if (r == NULL)
    return NULL;
  memset(r, 0, sizeof *r);
  r->mem = mem;
  r->pub.priv_ = r;
  r->p = (char *)(r + 1);
  r->left = ARENA_INLINE;
  return r;
}


/* Validates the tree into 'r', which it owns: freed on failure. */
static int run(const cJSON *root, const char *text, size_t n,
               const ecsnet_validate_opts_t *opts, report *r,
               ecsnet_report_t **out, char *err, size_t errlen) {
  ecsnet_validate_opts_t defaults;
  V vs, *v = &vs;
  int st;
  size_t i;
  ecsnet_shape_t shape;
  if (opts == NULL) {
    ecsnet_validate_opts_init(&defaults);
    opts = &defaults;
  }
  memset(v, 0, sizeof *v);
  v->ac.r = r;
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
  if (r->nid > 1)
    qsort(r->id, r->nid, sizeof *r->id, cmp_diag);
  r->pub.diags = protected_diags(r);
  if (r->pub.diags == NULL) {
    ecsnet_report_free(&r->pub);
    goto nomem;
  }
  r->pub.ndiags = r->nid;
  r->pub.ok = 1;
  for (i = 0; i < r->nid; i++) {
    ecsnet_diag_t *d = &r->pub.diags[i];
    *d = r->id[i].d;
    if (text != NULL && opts->positions)
      ecsnet__line_col(text, locate(text, n, r->id[i].ord, r->id[i].nord),
                       &d->line, &d->column);
    r->pub.counts[d->severity]++;
    if (d->severity == ECSNET_SEV_ERROR)
      r->pub.ok = 0;
  }
  ecsnet__free(&r->mem, r->id, r->cid * sizeof(idiag));
  r->id = NULL;
  r->cid = r->nid = 0;
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
  size_t max = (opts && opts->max_bytes) ? opts->max_bytes
                                         : ECSNET_TD_MAX_BYTES;
  size_t bad;
  int why = 0, st;
  const char *end = NULL;
  cJSON *root;
  unsigned line, col;
  report *r;
  *out = NULL;
  if (n > max) {
    ecsnet__errf(err, errlen, "document too large: %zu bytes, more than the "
                 "limit of %zu (option max_bytes)", n, max);
    return ECSNET_ELIMIT;
  }
  bad = check_text((const unsigned char *)json, n, &why);
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
  {
    const char *p = skip_ws(json, json + n);
    if (p == json + n) {
      ecsnet__errf(err, errlen, "empty document: expected a JSON task "
                   "definition");
      return ECSNET_EINVAL;
    }
  }
  r = report_new(alloc, ud);
  if (r == NULL) {
    ecsnet__errf(err, errlen, "not enough memory");
    return ECSNET_ENOMEM;
  }
  root = cJSON_ParseWithLengthOpts(json, n, &end, 0);
  if (root == NULL) {
    ecsnet_report_free(&r->pub);
    const char *what = NULL;
    size_t off = syntax_error(json, n, &what);
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
  {
    const char *p = skip_ws(end, json + n);
    if (p < json + n) {
      size_t off = (size_t)(p - json);
      ecsnet__line_col(json, off, &line, &col);
      cJSON_Delete(root);
      ecsnet_report_free(&r->pub);
      ecsnet__errf(err, errlen, "malformed JSON at line %u column %u: text "
                   "after the end of the document", line, col);
      return ECSNET_EINVAL;
    }
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
