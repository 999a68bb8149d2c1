/*
** ecsnet_yaml.c: the YAML front end: libyaml's events to the
** same cJSON tree the JSON parser makes, with the line and column of every
** node beside it (in the tree's memory, ecsnet_ypos_t), which the
** validator's one placing function reads (ecsnet__doc_place, ecsnet_text.c).
**
** What is read (docs/robustness.md, "YAML"): one document; scalars in plain
** style are numbers (decimal integers and floats), booleans (true, false in
** three casings), null (null, ~, empty), else strings; YAML 1.1's yes/no/on/
** off stay strings. Quoted scalars are strings. CloudFormation's short-form
** tags become their long forms ({"Ref": ...}, {"Fn::...": ...}); any other
** tag but the core schema's is an error naming it. Anchors and aliases are
** expanded (copies), bounded by ECSNET_YAML_ALIAS_NODES; merge keys (<<)
** merge; duplicate keys are all kept, as cJSON keeps JSON's (the validator
** warns); nesting is bounded by cJSON's limit.
**
** Memory: libyaml allocates with malloc and has no allocator hook. The tree
** is built in chunks of its own (malloc, not cJSON's hooks): cJSON structs
** each with its line and column beside it (so a position is found from the
** node alone), keys and strings; one free of the chunks frees it, on every
** path out. This, not cJSON's node-by-node allocation, keeps building the
** tree cheap beside libyaml's own parse (bench/yaml.sh).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "cJSON.h"
#include "ecsnet.h"
#include "ecsnet_internal.h"

/* {======================================================================
** The tree's memory: nodes with their positions, in chunks
** ======================================================================= */

/* A node and where it is. Every node of a YAML tree is one of these, so a
** node's position is beside it. */
typedef struct {
  cJSON j;
  unsigned line, col;
} ynode;

typedef struct chunk {
  struct chunk *next;
  size_t used, cap;
} chunk;

#define CHUNK 16000   /* below glibc's 64 KiB free-consolidation threshold */
#define ALIGN 16
#define HDR ((sizeof(chunk) + ALIGN - 1) & ~(size_t)(ALIGN - 1))

/* The tree's memory (nodes, keys, strings); freeing it frees the tree. */
struct ecsnet_ypos {
  chunk *head;
};

static void *ymem(ecsnet_ypos_t *m, size_t n) {
  chunk *c = m->head;
  n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
  if (c == NULL || c->cap - c->used < n) {
    size_t cap = n > CHUNK ? n : CHUNK;
    c = (chunk *)malloc(HDR + cap);
    if (c == NULL)
      return NULL;
    c->cap = cap;
    c->used = 0;
    c->next = m->head;
    m->head = c;
  }
  c->used += n;
  return (char *)c + HDR + c->used - n;
}

int ecsnet__ypos_get(const ecsnet_ypos_t *p, const cJSON *node,
                     unsigned *line, unsigned *col) {
  if (p == NULL || node == NULL)
    return 0;
  *line = ((const ynode *)node)->line;
  *col = ((const ynode *)node)->col;
  return 1;
}

void ecsnet__ypos_free(ecsnet_ypos_t *p) {
  if (p != NULL) {
    chunk *c = p->head;
    while (c != NULL) {
      chunk *next = c->next;
      free(c);
      c = next;
    }
    free(p);
  }
}

/* }====================================================================== */


/* {======================================================================
** The builder
** ======================================================================= */

typedef struct {
  cJSON *node;      /* the list or object being filled */
  cJSON *wrap;      /* a tag's long form around it ({"Fn::X": node}), or NULL */
  const char *anchor;   /* its anchor, or NULL */
  char *key;        /* an object's pending key (NULL: a key comes next) */
  int merging;      /* the pending key is a merge key (<<) */
  cJSON *merges;    /* a list of what is merged in, or NULL */
  unsigned line, col;
  size_t count;     /* nodes in it so far */
} frame;

typedef struct {
  const char *name;
  cJSON *node;
  size_t count;
} anchor;

typedef struct {
  frame *st;
  size_t nst, cst;
  anchor *an;
  size_t nan, can;
  cJSON *root;
  ecsnet_ypos_t *mem;
  size_t alias_nodes, alias_max;
  int status;       /* ECSNET_OK until a failure */
  char *err;
  size_t errlen;
} B;

/* A failure: the status and its message. */
static int bfail(B *b, int st, unsigned line, unsigned col, const char *fmt,
                 const char *arg) {
  char msg[256];
  if (b->status != ECSNET_OK)
    return 0;
  b->status = st;
  if (st == ECSNET_ENOMEM) {
    ecsnet__errf(b->err, b->errlen, "not enough memory to parse the YAML");
    return 0;
  }
  snprintf(msg, sizeof msg, fmt, arg ? arg : "");
  ecsnet__errf(b->err, b->errlen, "malformed YAML at line %u column %u: %s",
               line, col, msg);
  return 0;
}

static int nomem(B *b) {
  return bfail(b, ECSNET_ENOMEM, 0, 0, "", NULL);
}

/* Over the limit of nodes that aliases and merge keys may add. */
static int alias_limit(B *b, unsigned line, unsigned col) {
  if (b->status != ECSNET_OK)
    return 0;
  b->status = ECSNET_ELIMIT;
  ecsnet__errf(b->err, b->errlen, "YAML aliases expand to more than %zu "
               "nodes (at line %u column %u): ecsnet stops there (the limit "
               "is max_bytes / 16, at least 4096; docs/robustness.md)",
               b->alias_max, line, col);
  return 0;
}

/* A copy of s[0..n) in the tree's memory. */
static char *bstr(B *b, const char *s, size_t n) {
  char *d = (char *)ymem(b->mem, n + 1);
  if (d == NULL) {
    nomem(b);
    return NULL;
  }
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

/* A new node of 'type' at line:col. */
static cJSON *bnode(B *b, int type, unsigned line, unsigned col) {
  ynode *y = (ynode *)ymem(b->mem, sizeof *y);
  if (y == NULL) {
    nomem(b);
    return NULL;
  }
  memset(y, 0, sizeof *y);
  y->j.type = type;
  y->line = line;
  y->col = col;
  return &y->j;
}

/* Appends a child, as cJSON links them (the first's prev is the last). */
static void link_child(cJSON *parent, cJSON *c) {
  c->next = NULL;
  if (parent->child == NULL) {
    parent->child = c;
    c->prev = c;
  }
  else {
    cJSON *last = parent->child->prev;
    last->next = c;
    c->prev = last;
    parent->child->prev = c;
  }
}

/* Copies 'src' (positions too; the copy's root at line:col, or src's). */
static cJSON *dup_tree(B *b, const cJSON *src, unsigned line, unsigned col) {
  const ynode *ys = (const ynode *)src;
  cJSON *d = bnode(b, src->type, line ? line : ys->line, line ? col : ys->col);
  const cJSON *c;
  if (d == NULL)
    return NULL;
  d->valuestring = src->valuestring;   /* the tree's memory: shared */
  d->valueint = src->valueint;
  d->valuedouble = src->valuedouble;
  d->string = src->string;
  for (c = src->child; c != NULL; c = c->next) {
    cJSON *k = dup_tree(b, c, 0, 0);
    if (k == NULL)
      return NULL;
    link_child(d, k);
  }
  return d;
}


/* Adds a finished node (of 'count' nodes) to the open list or object, or
** makes it the root. */
static int add_node(B *b, cJSON *node, size_t count) {
  frame *f;
  if (b->nst == 0) {
    node->string = NULL;
    b->root = node;
    return 1;
  }
  f = &b->st[b->nst - 1];
  f->count += count;
  if (cJSON_IsArray(f->node)) {
    node->string = NULL;
    link_child(f->node, node);
    return 1;
  }
  if (f->merging) {
    f->merging = 0;
    f->key = NULL;
    if (f->merges == NULL &&
        (f->merges = bnode(b, cJSON_Array, f->line, f->col)) == NULL)
      return 0;
    link_child(f->merges, node);
    return 1;
  }
  node->string = f->key;
  f->key = NULL;
  link_child(f->node, node);
  return 1;
}


static int is_merge_source(const cJSON *m) {
  const cJSON *c;
  if (cJSON_IsObject(m))
    return 1;
  if (!cJSON_IsArray(m))
    return 0;
  for (c = m->child; c != NULL; c = c->next)
    if (!cJSON_IsObject(c))
      return 0;
  return 1;
}

/* Merge keys: members of the merged objects that the object lacks are
** appended (its own keys win; among the merged, the first). */
static int do_merges(B *b, frame *f) {
  const cJSON *m;
  for (m = f->merges->child; m != NULL; m = m->next) {
    const cJSON *src = cJSON_IsObject(m) ? m : m->child;
    if (!is_merge_source(m))
      return bfail(b, ECSNET_EINVAL, f->line, f->col, "a merge key (<<) "
                   "takes a mapping or a list of mappings%s", NULL);
    for (; src != NULL; src = cJSON_IsObject(m) ? NULL : src->next) {
      const cJSON *c;
      for (c = src->child; c != NULL; c = c->next) {
        cJSON *d;
        if (cJSON_GetObjectItemCaseSensitive(f->node, c->string) != NULL)
          continue;
        if (b->alias_nodes >= b->alias_max)
          return alias_limit(b, f->line, f->col);
        b->alias_nodes++;
        if ((d = dup_tree(b, c, 0, 0)) == NULL)
          return 0;
        link_child(f->node, d);
        f->count++;
      }
    }
  }
  return 1;
}

/* }====================================================================== */


/* {======================================================================
** Tags and scalars
** ======================================================================= */

/* CloudFormation's short forms and their long forms. */
static const char *const cfn_tags[][2] = {
  { "!Ref", "Ref" }, { "!Condition", "Condition" }, { "!Sub", "Fn::Sub" },
  { "!GetAtt", "Fn::GetAtt" }, { "!Join", "Fn::Join" },
  { "!Select", "Fn::Select" }, { "!Split", "Fn::Split" }, { "!If", "Fn::If" },
  { "!Equals", "Fn::Equals" }, { "!And", "Fn::And" }, { "!Or", "Fn::Or" },
  { "!Not", "Fn::Not" }, { "!FindInMap", "Fn::FindInMap" },
  { "!ImportValue", "Fn::ImportValue" }, { "!Base64", "Fn::Base64" },
  { "!Cidr", "Fn::Cidr" }, { "!GetAZs", "Fn::GetAZs" },
  { "!Transform", "Fn::Transform" }
};

#define CORE "tag:yaml.org,2002:"

/* What a tag means: 0 none or the core schema's (resolved as untagged),
** 1 a string, 2 a CloudFormation function (*fn its long name), -1 unknown. */
static int tag_kind(const yaml_char_t *tag, const char **fn) {
  const char *t = (const char *)tag;
  size_t i;
  if (t == NULL)
    return 0;
  if (strcmp(t, "!") == 0 || strcmp(t, CORE "str") == 0)
    return 1;
  if (strcmp(t, CORE "int") == 0 || strcmp(t, CORE "float") == 0 ||
      strcmp(t, CORE "bool") == 0 || strcmp(t, CORE "null") == 0 ||
      strcmp(t, CORE "map") == 0 || strcmp(t, CORE "seq") == 0)
    return 0;
  for (i = 0; i < ECSNET_COUNTOF(cfn_tags); i++)
    if (strcmp(t, cfn_tags[i][0]) == 0) {
      *fn = cfn_tags[i][1];
      return 2;
    }
  return -1;
}

static int is_number(const char *s) {
  const char *p = s;
  int digits = 0;
  if (*p == '-' || *p == '+')
    p++;
  while (*p >= '0' && *p <= '9') { p++; digits++; }
  if (*p == '.') {
    p++;
    while (*p >= '0' && *p <= '9') { p++; digits++; }
  }
  if (digits == 0)
    return 0;
  if (*p == 'e' || *p == 'E') {
    p++;
    if (*p == '-' || *p == '+')
      p++;
    if (!(*p >= '0' && *p <= '9'))
      return 0;
    while (*p >= '0' && *p <= '9')
      p++;
  }
  return *p == '\0';
}

/* A scalar node: a string, or for an untagged plain scalar what the core
** schema reads. */
static cJSON *scalar_node(B *b, const char *s, size_t n, int plain,
                          unsigned line, unsigned col) {
  int type = cJSON_String;
  cJSON *v;
  if (plain) {   /* by the first character: most scalars are none of these */
    switch (n ? s[0] : '~') {
      case '~': case 'n': case 'N':
        if (n == 0 || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
            strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0)
          type = cJSON_NULL;
        break;
      case 't': case 'T':
        if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 ||
            strcmp(s, "TRUE") == 0)
          type = cJSON_True;
        break;
      case 'f': case 'F':
        if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0 ||
            strcmp(s, "FALSE") == 0)
          type = cJSON_False;
        break;
      default:
        if (is_number(s))
          type = cJSON_Number;
        break;
    }
  }
  if ((v = bnode(b, type, line, col)) == NULL)
    return NULL;
  if (type == cJSON_Number) {
    double d = strtod(s, NULL);
    v->valuedouble = d;
    v->valueint = d >= 2147483647.0 ? 2147483647
                  : d <= -2147483648.0 ? (-2147483647 - 1) : (int)d;
  }
  else if (type == cJSON_String &&
           (v->valuestring = bstr(b, s, n)) == NULL)
    return NULL;
  return v;
}

/* {"fn": v} at line:col. */
static cJSON *wrap_fn(B *b, const char *fn, cJSON *v, unsigned line,
                      unsigned col) {
  cJSON *w = bnode(b, cJSON_Object, line, col);
  if (w == NULL || (v->string = bstr(b, fn, strlen(fn))) == NULL)
    return NULL;
  link_child(w, v);
  return w;
}

/* A tagged scalar's value: !GetAtt a.b is ["a", "b"], others a string. */
static cJSON *fn_scalar(B *b, const char *fn, const char *s, size_t n,
                        unsigned line, unsigned col, size_t *count) {
  const char *dot = strchr(s, '.');
  cJSON *v;
  *count = 2;
  if (strcmp(fn, "Fn::GetAtt") == 0 && dot != NULL) {
    cJSON *x, *y;
    if ((v = bnode(b, cJSON_Array, line, col)) == NULL ||
        (x = scalar_node(b, s, (size_t)(dot - s), 0, line, col)) == NULL ||
        (y = scalar_node(b, dot + 1, n - (size_t)(dot - s) - 1, 0, line,
                         col)) == NULL)
      return NULL;
    link_child(v, x);
    link_child(v, y);
    *count = 4;
  }
  else if ((v = scalar_node(b, s, n, 0, line, col)) == NULL)
    return NULL;
  return wrap_fn(b, fn, v, line, col);
}

/* }====================================================================== */


/* {======================================================================
** Events
** ======================================================================= */

static int remember_anchor(B *b, const char *name, cJSON *node,
                           size_t count) {
  anchor *a;
  if (b->nan == b->can) {
    size_t nc = b->can ? b->can * 2 : 16;
    anchor *na = (anchor *)realloc(b->an, nc * sizeof *na);
    if (na == NULL)
      return nomem(b);
    b->an = na;
    b->can = nc;
  }
  a = &b->an[b->nan];
  a->name = name;
  a->node = node;
  a->count = count;
  b->nan++;
  return 1;
}

/* A finished node: its anchor (a copy) remembered, then added. */
static int finish_node(B *b, cJSON *node, size_t count, const char *anch) {
  if (anch != NULL) {
    char *name = bstr(b, anch, strlen(anch));
    if (name == NULL || !remember_anchor(b, name, node, count))
      return 0;
  }
  return add_node(b, node, count);
}

#define SHORT_FORMS "(ecsnet reads CloudFormation's short forms, e.g. " \
                    "!Ref, !Sub, !GetAtt)"

static int on_scalar(B *b, const yaml_event_t *ev, unsigned line,
                     unsigned col) {
  const char *s = (const char *)ev->data.scalar.value, *fn = NULL;
  size_t n = ev->data.scalar.length, count = 1;
  int kind = tag_kind(ev->data.scalar.tag, &fn);
  cJSON *node;
  frame *f = b->nst ? &b->st[b->nst - 1] : NULL;
  if (memchr(s, '\0', n) != NULL)
    return bfail(b, ECSNET_EINVAL, line, col, "a NUL character (\\0) in a "
                 "scalar is not accepted (it would cut the string short)%s",
                 NULL);
  if (kind < 0)
    return bfail(b, ECSNET_EINVAL, line, col, "unknown tag '%s' "
                 SHORT_FORMS, (const char *)ev->data.scalar.tag);
  if (f != NULL && cJSON_IsObject(f->node) && f->key == NULL) {   /* a key */
    if (kind == 2)
      return bfail(b, ECSNET_EINVAL, line, col, "a tag on a mapping key "
                   "('%s') is not accepted", (const char *)ev->data.scalar.tag);
    if ((f->key = bstr(b, s, n)) == NULL)
      return 0;
    f->merging = kind == 0 && ev->data.scalar.plain_implicit &&
                 strcmp(s, "<<") == 0;
    return 1;
  }
  if (kind == 2)
    node = fn_scalar(b, fn, s, n, line, col, &count);
  else
    node = scalar_node(b, s, n, kind == 0 && ev->data.scalar.style ==
                       YAML_PLAIN_SCALAR_STYLE, line, col);
  if (node == NULL)
    return 0;
  return finish_node(b, node, count, (const char *)ev->data.scalar.anchor);
}


static int on_alias(B *b, const yaml_event_t *ev, unsigned line,
                    unsigned col) {
  const char *name = (const char *)ev->data.alias.anchor;
  frame *f = b->nst ? &b->st[b->nst - 1] : NULL;
  size_t i = b->nan;
  cJSON *node;
  while (i > 0 && strcmp(b->an[i - 1].name, name) != 0)
    i--;
  if (i == 0)
    return bfail(b, ECSNET_EINVAL, line, col, "alias *%s has no complete "
                 "anchor before it", name);
  if (f != NULL && cJSON_IsObject(f->node) && f->key == NULL) {
    if (!cJSON_IsString(b->an[i - 1].node))
      return bfail(b, ECSNET_EINVAL, line, col, "alias *%s as a mapping key "
                   "is not a string", name);
    f->key = b->an[i - 1].node->valuestring;   /* the tree's memory */
    return 1;
  }
  if (b->an[i - 1].count > b->alias_max - b->alias_nodes)
    return alias_limit(b, line, col);
  b->alias_nodes += b->an[i - 1].count;
  if ((node = dup_tree(b, b->an[i - 1].node, line, col)) == NULL)
    return 0;
  return add_node(b, node, b->an[i - 1].count);
}


static int on_start(B *b, const yaml_event_t *ev, unsigned line,
                    unsigned col) {
  int map = ev->type == YAML_MAPPING_START_EVENT;
  const yaml_char_t *tag = map ? ev->data.mapping_start.tag
                               : ev->data.sequence_start.tag;
  const yaml_char_t *anch = map ? ev->data.mapping_start.anchor
                                : ev->data.sequence_start.anchor;
  const char *fn = NULL;
  int kind = tag_kind(tag, &fn);
  frame *f = b->nst ? &b->st[b->nst - 1] : NULL;
  if (kind < 0 || kind == 1)
    return bfail(b, ECSNET_EINVAL, line, col, kind < 0 ? "unknown tag '%s' "
                 SHORT_FORMS : "tag '%s' on a list or mapping",
                 (const char *)tag);
  if (f != NULL && cJSON_IsObject(f->node) && f->key == NULL)
    return bfail(b, ECSNET_EINVAL, line, col, "a mapping key that is a %s: "
                 "ecsnet reads only scalar keys", map ? "mapping" : "list");
  if (b->nst >= CJSON_NESTING_LIMIT)
    return bfail(b, ECSNET_EINVAL, line, col, "nested too deeply: more than "
                 "%s levels of lists and mappings", "1000");
  if (b->nst == b->cst) {
    size_t nc = b->cst ? b->cst * 2 : 32;
    frame *ns = (frame *)realloc(b->st, nc * sizeof *ns);
    if (ns == NULL)
      return nomem(b);
    b->st = ns;
    b->cst = nc;
  }
  f = &b->st[b->nst];
  memset(f, 0, sizeof *f);
  f->line = line;
  f->col = col;
  f->count = kind == 2 ? 2 : 1;
  if ((f->node = bnode(b, map ? cJSON_Object : cJSON_Array, line,
                       col)) == NULL)
    return 0;
  if (anch != NULL &&
      (f->anchor = bstr(b, (const char *)anch, strlen((const char *)anch)))
      == NULL)
    return 0;
  if (kind == 2 && (f->wrap = wrap_fn(b, fn, f->node, line, col)) == NULL)
    return 0;
  b->nst++;
  return 1;
}


static int on_end(B *b) {
  frame *f = &b->st[b->nst - 1];
  cJSON *node = f->wrap != NULL ? f->wrap : f->node;
  if (f->merges != NULL && !do_merges(b, f))
    return 0;
  b->nst--;
  return finish_node(b, node, f->count, f->anchor);
}

/* }====================================================================== */


/* {======================================================================
** The parse
** ======================================================================= */

/* libyaml's error, placed; a tab gets a hint. */
static void parser_error(B *b, const yaml_parser_t *p, const char *text,
                         size_t n) {
  const char *hint = "";
  unsigned line = (unsigned)p->problem_mark.line + 1;
  unsigned col = (unsigned)p->problem_mark.column + 1;
  size_t i = 0, l = 1;
  char what[200];
  if (p->error == YAML_MEMORY_ERROR) {
    nomem(b);
    return;
  }
  /* the byte at line:col (columns count characters) */
  while (i < n && l < line)
    if (text[i++] == '\n')
      l++;
  for (l = 1; i < n && l < col && text[i] != '\n'; i++)
    if (((unsigned char)text[i] & 0xc0) != 0x80)
      l++;
  while (i < n && ((unsigned char)text[i] & 0xc0) == 0x80)
    i++;
  if (i < n && text[i] == '\t')
    hint = " (a tab: YAML indents with spaces only)";
  snprintf(what, sizeof what, "%s%s%s%s", p->problem ? p->problem : "error",
           p->context ? " " : "", p->context ? p->context : "", hint);
  bfail(b, ECSNET_EINVAL, line, col, "%s", what);
}


static int on_event(B *b, const yaml_event_t *ev, int *docs) {
  unsigned line = (unsigned)ev->start_mark.line + 1;
  unsigned col = (unsigned)ev->start_mark.column + 1;
  switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
      if (++*docs > 1)
        return bfail(b, ECSNET_EINVAL, line, col, "a second document: "
                     "ecsnet reads one document per file%s", NULL);
      return 1;
    case YAML_SCALAR_EVENT:
      return on_scalar(b, ev, line, col);
    case YAML_ALIAS_EVENT:
      return on_alias(b, ev, line, col);
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
      return on_start(b, ev, line, col);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
      return on_end(b);
    default:
      return 1;
  }
}


int ecsnet__yaml_parse(const char *text, size_t n, size_t max, cJSON **out,
                       ecsnet_ypos_t **pos, char *err, size_t errlen) {
  yaml_parser_t p;
  yaml_event_t ev;
  B b;
  int docs = 0, done = 0;
  size_t bom;
  memset(&b, 0, sizeof b);
  b.status = ECSNET_OK;
  b.err = err;
  b.errlen = errlen;
  b.alias_max = ECSNET_YAML_ALIAS_NODES(max);
  *out = NULL;
  *pos = NULL;
  if ((b.mem = (ecsnet_ypos_t *)calloc(1, sizeof *b.mem)) == NULL)
    return nomem(&b), ECSNET_ENOMEM;
  if (!yaml_parser_initialize(&p)) {
    ecsnet__ypos_free(b.mem);
    nomem(&b);
    return ECSNET_ENOMEM;
  }
  /* a byte order mark is skipped (columns on line 1 then count from what
  ** follows it, as editors show them); the text was checked as UTF-8 */
  bom = n >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
  yaml_parser_set_input_string(&p, (const unsigned char *)text + bom,
                               n - bom);
  yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
  while (!done && b.status == ECSNET_OK) {
    if (!yaml_parser_parse(&p, &ev)) {
      parser_error(&b, &p, text + bom, n - bom);
      break;
    }
    done = ev.type == YAML_STREAM_END_EVENT;
    on_event(&b, &ev, &docs);
    yaml_event_delete(&ev);
  }
  yaml_parser_delete(&p);
  if (b.status == ECSNET_OK && b.root == NULL) {
    b.status = ECSNET_EINVAL;
    ecsnet__errf(err, errlen, "empty document: expected a YAML task "
                 "definition (the text holds no YAML node)");
  }
  free(b.st);
  free(b.an);
  if (b.status != ECSNET_OK) {
    ecsnet__ypos_free(b.mem);
    return b.status;
  }
  *out = b.root;
  *pos = b.mem;
  return ECSNET_OK;
}

/* }====================================================================== */
