/*
** ecsnet_td_internal.h: what the validator's rooms share (not installed,
** never included by the binding; symbols declared here are hidden).
**
** The rooms: ecsnet_taskdef.c (entry points), ecsnet_td_diag.c (the report
** and its diagnostics), ecsnet_td_fields.c (reading members), ecsnet_td_ports.c
** (port-mapping rules), ecsnet_td_task.c (task and container rules),
** ecsnet_td_shape.c (shape detection and the walk); the text reaches them
** through the front end (ecsnet_front.c, ecsnet_text.c). Functions the walk
** runs for every member are static inline here.
*/
#ifndef ECSNET_TD_INTERNAL_H
#define ECSNET_TD_INTERNAL_H

#include <setjmp.h>
#include <stddef.h>
#include <string.h>

#include "cJSON.h"
#include "ecsnet.h"
#include "ecsnet_arena.h"
#include "ecsnet_internal.h"
#include "ecsnet_shapes.h"   /* generated: ecsnet_ks_t, ecsnet_field_t */

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility push(hidden)
#define TD_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define TD_INLINE inline __attribute__((always_inline))
#else
#define TD_PRINTF(f, a)
#define TD_INLINE inline
#endif

#define MAXDEPTH 24
#define PORT_DEPTH 8    /* a port mapping is at most 7 levels deep */
#define KEYIDX 48       /* members indexed per object */
/* Arena chunks stay below glibc's large-request size (1024 bytes): a
** large malloc consolidates the fast bins that cJSON's nodes just went to,
** which measured as a third of the validator's cost. */
#define ARENA_CHUNK 992
#define ARENA_INLINE (ARENA_CHUNK - sizeof(report))   /* after the report */


/* {======================================================================
** The report and the validator's state
** ======================================================================= */

typedef struct {
  ecsnet_diag_t d;
  int ord[MAXDEPTH];
  int nord;
  size_t seq;
} idiag;


typedef struct {
  ecsnet_report_t pub;
  ecsnet_arena_t arena;  /* everything the report holds */
  idiag *id;             /* diagnostics while validating */
  size_t nid, cid;
} report;

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
  report *r;
  jmp_buf oom;                 /* 1: out of memory, 2: over a limit */
  const ecsnet_validate_opts_t *o;
  int cfn;                     /* PascalCase keys */
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
  int klast;                   /* the slot used last */
  int links;                   /* a container of this task gives links */
  /* a Terraform resource (terraform show -json): snake_case attributes,
  ** and its after_unknown object (NULL: none) */
  int tf;
  const cJSON *tf_unknown;
  int describe;                /* the task definition is describe output */
  int pn;                      /* here()'s last pointer: pc, pbuf below */
  /* not cleared (run() clears V up to segs): each is written before it is
  ** read; forget_keys() empties the key indexes */
  seg segs[MAXDEPTH];          /* the path; depth levels of it are set */
  char limit[ECSNET_ERRBUF_MAX];  /* why the walk stopped (ECSNET_ELIMIT) */
  /* the key indexes of the two objects read last (member()): the
  ** validator alternates between a container and its port mappings */
  struct {
    const cJSON *obj;
    int n;                     /* -1: too many keys to index */
    int dups;                  /* two keys have the same name (in Cloud-
                                  Formation with ks set: may have) */
    int ks;                    /* 1 + the shape whose names fill fld, or 0 */
    struct {                   /* 16 bytes */
      const cJSON *node;
      unsigned sig;
      unsigned char prev;      /* 1 + the key before with the same bit */
      unsigned char known;     /* a name of shape ks (when ks is set) */
    } keys[KEYIDX];
    /* without ks: the hash chains */
    unsigned long long mask;   /* a bit per key signature's hash */
    unsigned char last[64];    /* 1 + the last key of each bit in mask */
    /* with ks: the keys that are no names of it (sig 0 left out) */
    int unknown;
    unsigned char unk[KEYIDX];
    /* per name of shape ks: 1 + the key member() would find for it, or 0:
    ** the slots one lookup per key fills (fill_fields()), which the
    ** field reads (fmember()) load */
    unsigned char fld[ECSNET_KS_MAX_NAMES];
  } kx[2];
  /* here()'s last pointer, kept for the next (the paths of a walk share
  ** their prefixes): pbuf[0..pc[i].len) is the pointer of the path's
  ** levels 0..i, for i < pn, each level's segment as it was then */
  struct {
    const char *key;
    int index;
    size_t len;
  } pc[MAXDEPTH];
  char pbuf[1024];
} V;

#define OOM(v) longjmp((v)->oom, 1)

/* }====================================================================== */


/* {======================================================================
** Inline helpers: cJSON's types, key signatures, the path, memory
** ======================================================================= */

/* cJSON's type tests, inline: the validator runs them for every member it
** reads, and cJSON_Is* are calls into the shared library. */
static inline int js_type(const cJSON *n) { return n != NULL ? (n->type & 0xFF) : 0; }
static inline int js_array(const cJSON *n) { return js_type(n) == cJSON_Array; }
static inline int js_null(const cJSON *n) { return js_type(n) == cJSON_NULL; }
static inline int js_number(const cJSON *n) { return js_type(n) == cJSON_Number; }
static inline int js_object(const cJSON *n) { return js_type(n) == cJSON_Object; }
static inline int js_string(const cJSON *n) { return js_type(n) == cJSON_String; }
static inline int js_false(const cJSON *n) { return js_type(n) == cJSON_False; }
static inline int js_bool(const cJSON *n) {
  return n != NULL && (n->type & (cJSON_True | cJSON_False)) != 0;
}

/* a == b for short strings, without a library call; two bytes a step
** (a byte after a's end is never read). */
static inline int same(const char *a, const char *b) {
  for (;; a += 2, b += 2) {
    if (a[0] != b[0])
      return 0;
    if (a[0] == '\0')
      return 1;
    if (a[1] != b[1])
      return 0;
    if (a[1] == '\0')
      return 1;
  }
}


/* A key's signature: its first four bytes, the first one lower-cased (so
** that PascalCase and camelCase match). */
static inline unsigned key_sig(const char *k) {
  unsigned c1 = (unsigned char)k[0] ? (unsigned char)k[1] : 0;
  unsigned c2 = c1 ? (unsigned char)k[2] : 0;
  unsigned c3 = c2 ? (unsigned char)k[3] : 0;
  return ((unsigned char)k[0] | 0x20) | c1 << 8 | c2 << 16 | c3 << 24;
}


/* The hash of a key signature: its bit in an index's mask. */
static inline unsigned sig_hash(unsigned sig) {
  return (sig * 2654435761u) >> 26;
}

static inline unsigned long long sig_bit(unsigned sig) {
  return 1ULL << sig_hash(sig);
}


/* Drops the key indexes (member()) and here()'s last pointer, for a tree
** that was freed: a later object or key at the same address must not find
** them. */
static inline void forget_keys(V *v) {
  v->kx[0].obj = v->kx[1].obj = NULL;
  v->kx[0].ks = v->kx[1].ks = 0;
  v->pn = 0;   /* here()'s segments may name its keys */
}


static inline void push_key(V *v, const char *key, int ord) {
  if (v->depth < MAXDEPTH) {
    v->segs[v->depth].key = key;
    v->segs[v->depth].index = -1;
    v->segs[v->depth].ord = ord;
  }
  v->depth++;
}


static inline void push_index(V *v, int i) {
  if (v->depth < MAXDEPTH) {
    v->segs[v->depth].key = NULL;
    v->segs[v->depth].index = i;
    v->segs[v->depth].ord = i;
  }
  v->depth++;
}


static inline void pop(V *v) {
  v->depth--;
}


/* Arena memory; out of memory unwinds the walk. */
static inline void *aalloc(V *v, size_t n) {
  void *p = ecsnet__arena_alloc(&v->r->arena, n);
  if (p == NULL)
    OOM(v);
  return p;
}


static inline char *astrdup(V *v, const char *s, size_t n) {
  char *d = (char *)aalloc(v, n + 1);
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

static inline int notcap(const V *v, ecsnet_cap_t c) {
  return v->m != NULL && !v->m->cap[c];
}

/* A capability the reference marks "not verified" gives a warning, not an
** error ("unknown is not invalid"). */
static inline int cap_sev(const V *v, ecsnet_cap_t c) {
  const char *note = v->m ? v->m->cap_note[c] : NULL;
  return (note != NULL && strstr(note, "not verified") != NULL)
         ? ECSNET_SEV_WARNING : -1;
}

static inline const char *mode_name(const V *v) {
  return v->m ? v->m->name : "unknown";
}

/* What a read found. */
#define R_ABSENT  0   /* missing or null */
#define R_OK      1
#define R_UNKNOWN 2   /* {"Ref": ...}, {"Fn::...": ...}, {"Condition": ...},
                         "${...}", "{{...}}" */
#define R_BAD     3   /* wrong type; diagnosed */

static inline int unknown_string(const char *s) {
  const char *p = s;
  /* "${" or "{{": a '{' after '$' or '{' (strchr: a vector at a time) */
  while ((p = strchr(p, '{')) != NULL) {
    if (p > s && (p[-1] == '$' || p[-1] == '{'))
      return 1;
    p++;
  }
  return 0;
}


static inline int is_unknown(const cJSON *n) {
  if (js_object(n) && n->child != NULL && n->child->next == NULL &&
      n->child->string != NULL) {
    const char *k = n->child->string;
    return (k[0] == 'R' && strcmp(k, "Ref") == 0) ||
           (k[0] == 'F' && strncmp(k, "Fn::", 4) == 0) ||
           (k[0] == 'C' && strcmp(k, "Condition") == 0);   /* !Condition */
  }
  if (js_string(n))
    return unknown_string(n->valuestring);
  return 0;
}

/* }====================================================================== */


/* {======================================================================
** Between the rooms (short names here, the core's prefix in the symbols)
** ======================================================================= */

/* ecsnet_td_diag.c: the report, paths and diagnostics. sev < 0: the
** rule's own severity. */
#define astrf ecsnet__td_astrf
#define over_limit ecsnet__td_over_limit
#define here ecsnet__td_here
#define diag ecsnet__td_diag
#define diag_port ecsnet__td_diag_port
#define report_new ecsnet__td_report_new
#define report_finish ecsnet__td_report_finish
char *astrf(V *v, const char *fmt, ...) TD_PRINTF(2, 3);
void over_limit(V *v, const char *what, size_t n, size_t max);
char *here(V *v);
void diag(V *v, ecsnet_rule_id_t id, int sev, const char *aws,
          const char *fmt, ...) TD_PRINTF(5, 6);
void diag_port(V *v, const portrec *p, ecsnet_rule_id_t id, int sev,
               const char *fmt, ...) TD_PRINTF(5, 6);
report *report_new(ecsnet_alloc_fn alloc, void *ud);
int report_finish(report *r, const ecsnet_doc_t *doc, int positions);

/* ecsnet_td_fields.c: reading members, by name (member(), get_*) or, in
** the hot paths, by field (fmember(), fget_*: a field of a shape the key
** tables know, read from the slot the object's one pass filled) */
#define type_name ecsnet__td_type_name
#define excerpt ecsnet__td_excerpt
#define member ecsnet__td_member
#define key_at ecsnet__td_key_at
#define keycheck ecsnet__td_keycheck
#define unknown_info ecsnet__td_unknown_info
#define get_int ecsnet__td_get_int
#define get_str ecsnet__td_get_str
#define get_list ecsnet__td_get_list
#define get_obj ecsnet__td_get_obj
#define given ecsnet__td_given
#define size_value ecsnet__td_size_value
#define fmember_slow ecsnet__td_fmember_slow
#define read_int ecsnet__td_read_int
#define read_str ecsnet__td_read_str
#define read_list ecsnet__td_read_list
#define read_obj ecsnet__td_read_obj
#define fgiven ecsnet__td_fgiven
const char *type_name(const cJSON *n);
const char *excerpt(const cJSON *n, char *buf, size_t len);
cJSON *member(V *v, const cJSON *obj, const char *camel, int *ord,
              const char **key);
const char *key_at(const cJSON *obj, int ord);
void keycheck(V *v, const cJSON *obj, int ks);
void unknown_info(V *v, const cJSON *n, const char *what);
int get_int(V *v, const cJSON *obj, const char *camel, long *out, int *ordp);
int get_str(V *v, const cJSON *obj, const char *camel, const char **out,
            int *ordp);
int get_list(V *v, const cJSON *obj, const char *camel, const cJSON **out,
             int *ordp, const char **keyp);
int get_obj(V *v, const cJSON *obj, const char *camel, const cJSON **out,
            int *ordp, const char **keyp);
/* Member 'name' of obj by its exact name, and its ordinal (what a JSON
** Pointer's position needs), without the field reader's dialects: for
** documents of one spelling (CloudFormation's walk, Terraform plans). */
#define child_ord ecsnet__td_child_ord
const cJSON *child_ord(const cJSON *obj, const char *name, int *ord);
const cJSON *given(V *v, const cJSON *obj, const char *camel, int *ord,
                   const char **key);
double size_value(const cJSON *n);
cJSON *fmember_slow(V *v, const cJSON *obj, ecsnet_field_t f, int *ord,
                    const char **key);
/* get_int() ... get_obj() for field f: fget_int() ... fget_obj() below,
** inline for a value that is absent or plainly of the kind, these
** otherwise */
int read_int(V *v, const cJSON *obj, ecsnet_field_t f, long *out, int *ordp);
int read_str(V *v, const cJSON *obj, ecsnet_field_t f, const char **out,
             int *ordp);
int read_list(V *v, const cJSON *obj, ecsnet_field_t f, const cJSON **out,
              int *ordp, const char **keyp);
int read_obj(V *v, const cJSON *obj, ecsnet_field_t f, const cJSON **out,
             int *ordp, const char **keyp);
const cJSON *fgiven(V *v, const cJSON *obj, ecsnet_field_t f, int *ord,
                    const char **key);

/* member(v, obj, <the name of f>, ord, key) for a field f of a shape: an
** array load when obj's keys were looked up in f's shape (keycheck() or
** an earlier field read did it), else the slow path fills the slots or,
** for an object read against another shape, looks the name up. */
static inline cJSON *fmember(V *v, const cJSON *obj, ecsnet_field_t f,
                             int *ord, const char **key) {
  int k = v->kx[v->klast].obj == obj ? v->klast : v->klast ^ 1;
  if (v->kx[k].obj == obj && v->kx[k].ks == (int)(f >> 8) + 1) {
    unsigned s = v->kx[k].fld[f & 0xFF];
    const cJSON *n;
    v->klast = k;
    if (s == 0)
      return NULL;
    n = v->kx[k].keys[s - 1].node;
    *ord = (int)s - 1;
    *key = n->string;
    return (cJSON *)n;
  }
  return fmember_slow(v, obj, f, ord, key);
}

/* ecsnet_td_ports.c: port-mapping rules */
#define check_port_mapping ecsnet__td_check_port_mapping
#define check_ports ecsnet__td_check_ports
void check_port_mapping(V *v, const cJSON *pm, int ci, const char *cname,
                        ecsnet_td_port_t *out, int *nranges);
void check_ports(V *v, const ecsnet_taskdef_t *t);

/* ecsnet_td_task.c: task and container rules */
#define check_taskdef ecsnet__td_check_taskdef
void check_taskdef(V *v, const cJSON *props, const cJSON *containers,
                   int containers_ord, const char *containers_key,
                   ecsnet_taskdef_t *t);

/* ecsnet_svc.c: the AWS::ECS::Service resources of a template (Resources
** pushed), after its task definitions; returns how many there are */
#define check_services ecsnet__svc_check_services
size_t check_services(V *v, const cJSON *resources);
/* A service document (create-service or update-service input,
** describe-services output) against the options' task definition. */
#define walk_service_doc ecsnet__svc_walk_service_doc
int walk_service_doc(V *v, const cJSON *root, char *err, size_t errlen);

/* A service presented as a resource of a template made by another reader
** (Resources, its Properties pushed), against task definition t (NULL:
** unknown) named td, at the report's index (or -1). */
#define check_presented_service ecsnet__svc_check_presented_service
void check_presented_service(V *v, const cJSON *resources, const char *name,
                             const cJSON *props, const ecsnet_taskdef_t *t,
                             const char *td, int index,
                             ecsnet_service_t *out);

/* One resource of a Terraform plan or state as tf_walk meets it (its index
** pushed: .../resources/k, or resource_changes/k): r itself, its values
** (planned or state values, or a change's after) at key vkey of r, or of
** r's "change" (its ordinal change_ord; -1: values are r's own), the
** value's ordinal vord, its address and its module's address (or NULL). */
typedef struct {
  const cJSON *r, *values, *changes;
  const char *vkey, *address, *maddr;
  int vord, change_ord;
} tf_res_t;

/* Calls fn for each resource with values and an address of a plan or
** state: planned_values (else values) module by module, else
** resource_changes alone (ecsnet_td_shape.c). */
#define tf_walk ecsnet__td_tf_walk
#define tf_after_unknown ecsnet__td_tf_after_unknown
void tf_walk(V *v, const cJSON *root,
             void (*fn)(V *v, const tf_res_t *res, void *ctx), void *ctx);
/* The after_unknown of a resource (its change's, in a plan), or NULL. */
const cJSON *tf_after_unknown(const tf_res_t *res);

/* ecsnet_svc_tf.c: the aws_ecs_service resources of a Terraform plan or
** state, after its task definitions; returns how many there are */
#define check_tf_services ecsnet__svc_check_tf_services
size_t check_tf_services(V *v, const cJSON *root);

/* ecsnet_td_shape.c: shapes and the walk */
#define detect ecsnet__td_detect
#define walk ecsnet__td_walk
#define looks_like_hcl ecsnet__td_looks_like_hcl
ecsnet_shape_t detect(const cJSON *root);
int walk(V *v, const cJSON *root, ecsnet_shape_t shape, char *err,
         size_t errlen);
/* Text that is Terraform's HCL (.tf), not JSON: for the entry point's
** message when the JSON does not parse. */
int looks_like_hcl(const char *s, size_t n);

/* }====================================================================== */

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif

/* {======================================================================
** Key tables of the API shapes (src/ecsnet_shapes.c, generated by
** tools/gen-shapes.py)
** ======================================================================= */

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility push(hidden)
#endif


typedef struct {
  const char *shape;            /* "ContainerDefinition" */
  const char *const *names;     /* same signatures next to each other */
  const unsigned *sigs;         /* key_sig() of each name */
  const unsigned char *slots;   /* 1 + first name of a hash, or 0 */
  unsigned n;
  unsigned mult;
  int shift;
} ecsnet_keyshape_t;

#define keyshapes ecsnet__keyshapes
extern const ecsnet_keyshape_t keyshapes[ECSNET_KS_COUNT];

/* The name of field f. */
static inline const char *field_name(ecsnet_field_t f) {
  return keyshapes[f >> 8].names[f & 0xFF];
}


/* The index of the name k (signature sig) in shape s, or -1. The first
** letter is compared case-insensitively when 'anycase' (CloudFormation
** writes the API names in PascalCase), else exactly. */
static inline int ks_find(const ecsnet_keyshape_t *s, unsigned sig,
                          const char *k, int anycase) {
  unsigned i = s->slots[(unsigned)((sig * s->mult) & 0xFFFFFFFFu) >> s->shift];
  if (i == 0)
    return -1;
  /* equal signatures: bytes 1-3 agree, and a key shorter than 4 bytes
  ** ends where the name does */
  for (i--; i < s->n && s->sigs[i] == sig; i++)
    if ((anycase || k[0] == s->names[i][0]) &&
        (sig >> 24 == 0 || same(k + 4, s->names[i] + 4)))
      return (int)i;
  return -1;
}


/* The field reads (ecsnet_td_fields.c) where they are made: a value that is
** absent, or of the kind and known (for an integer: a number that is one),
** is read here; anything else (null, not known until deployment, another
** type, a numeric string) by read_int() ... read_obj(), which diagnose. */
static TD_INLINE int fget_int(V *v, const cJSON *obj, ecsnet_field_t f,
                              long *out, int *ordp) {
  const char *key;
  const cJSON *n = fmember(v, obj, f, ordp, &key);
  double d;
  if (n == NULL) {
    *ordp = -1;
    return R_ABSENT;
  }
  d = n->valuedouble;
  if (js_number(n) && d >= -2147483648.0 && d <= 2147483647.0 &&
      d == (double)(long)d) {
    *out = (long)d;
    return R_OK;
  }
  return read_int(v, obj, f, out, ordp);
}

static TD_INLINE int fget_str(V *v, const cJSON *obj, ecsnet_field_t f,
                              const char **out, int *ordp) {
  const char *key;
  const cJSON *n = fmember(v, obj, f, ordp, &key);
  if (n == NULL) {
    *ordp = -1;
    return R_ABSENT;
  }
  if (js_string(n) && !unknown_string(n->valuestring)) {
    *out = n->valuestring;
    return R_OK;
  }
  return read_str(v, obj, f, out, ordp);
}

static TD_INLINE int fget_list(V *v, const cJSON *obj, ecsnet_field_t f,
                               const cJSON **out, int *ordp,
                               const char **keyp) {
  const cJSON *n = fmember(v, obj, f, ordp, keyp);
  if (n == NULL) {
    *ordp = -1;
    *keyp = field_name(f);
    return R_ABSENT;
  }
  if (js_array(n)) {
    *out = n;
    return R_OK;
  }
  return read_list(v, obj, f, out, ordp, keyp);
}

static TD_INLINE int fget_obj(V *v, const cJSON *obj, ecsnet_field_t f,
                              const cJSON **out, int *ordp,
                              const char **keyp) {
  const cJSON *n = fmember(v, obj, f, ordp, keyp);
  if (n == NULL) {
    *ordp = -1;
    *keyp = field_name(f);
    return R_ABSENT;
  }
  if (js_object(n) && !is_unknown(n)) {
    *out = n;
    return R_OK;
  }
  return read_obj(v, obj, f, out, ordp, keyp);
}

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif

/* }====================================================================== */

#endif
