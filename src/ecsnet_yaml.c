/*
** ecsnet_yaml.c: the YAML front end (issue 19): libyaml's events to the
** same cJSON tree the JSON parser makes, with the line and column of every
** node in an index (ecsnet_ypos_t) that the validator's one placing
** function reads (ecsnet__doc_place, ecsnet_text.c).
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
** Memory: libyaml allocates with malloc and has no allocator hook; the tree
** is cJSON's (its hooks), the index and the builder's stacks malloc. All of
** it is freed on every path out.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "cJSON.h"
#include "ecsnet.h"
#include "ecsnet_internal.h"

/* {======================================================================
** The position index: node pointer -> line, column (open addressing)
** ======================================================================= */

typedef struct {
  const cJSON *node;
  unsigned line, col;
} ypos_ent;

struct ecsnet_ypos {
  ypos_ent *e;
  size_t cap, n;   /* cap: a power of 2 */
};

static size_t slot_of(const ecsnet_ypos_t *p, const cJSON *node) {
  size_t h = (size_t)((unsigned long long)(size_t)node * 0x9E3779B97F4A7C15ULL
                      >> 17);
  size_t m = p->cap - 1, i = h & m;
  while (p->e[i].node != NULL && p->e[i].node != node)
    i = (i + 1) & m;
  return i;
}

static int ypos_put(ecsnet_ypos_t *p, const cJSON *node, unsigned line,
                    unsigned col) {
  size_t i;
  if ((p->n + 1) * 2 > p->cap) {
    ecsnet_ypos_t q;
    size_t k;
    q.cap = p->cap ? p->cap * 2 : 256;
    q.n = 0;
    q.e = (ypos_ent *)calloc(q.cap, sizeof *q.e);
    if (q.e == NULL)
      return 0;
    for (k = 0; k < p->cap; k++)
      if (p->e[k].node != NULL)
        q.e[slot_of(&q, p->e[k].node)] = p->e[k];
    q.n = p->n;
    free(p->e);
    *p = q;
  }
  i = slot_of(p, node);
  if (p->e[i].node == NULL)
    p->n++;
  p->e[i].node = node;
  p->e[i].line = line;
  p->e[i].col = col;
  return 1;
}

int ecsnet__ypos_get(const ecsnet_ypos_t *p, const cJSON *node,
                     unsigned *line, unsigned *col) {
  size_t i;
  if (p == NULL || p->cap == 0 || node == NULL)
    return 0;
  i = slot_of(p, node);
  if (p->e[i].node == NULL)
    return 0;
  *line = p->e[i].line;
  *col = p->e[i].col;
  return 1;
}

void ecsnet__ypos_free(ecsnet_ypos_t *p) {
  if (p != NULL) {
    free(p->e);
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
  char *anchor;     /* its anchor, or NULL */
  char *key;        /* an object's pending key (NULL: a key comes next) */
  int merging;      /* the pending key is a merge key (<<) */
  cJSON *merges;    /* objects merged in (a list; owns them) */
  unsigned line, col;
  size_t count;     /* nodes in it so far */
} frame;

typedef struct {
  char *name;
  cJSON *node;
  size_t count;
} anchor;

typedef struct {
  frame *st;
  size_t nst, cst;
  anchor *an;
  size_t nan, can;
  cJSON *root;
  ecsnet_ypos_t *pos;
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

static char *bstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = (char *)malloc(n);
  if (d != NULL)
    memcpy(d, s, n);
  return d;
}

static int put_pos(B *b, const cJSON *node, unsigned line, unsigned col) {
  if (b->pos != NULL && !ypos_put(b->pos, node, line, col))
    return nomem(b);
  return 1;
}

/* Copies 'src' (positions too; the copy's root at line:col). */
static cJSON *dup_tree(B *b, const cJSON *src, unsigned line, unsigned col) {
  cJSON *d = cJSON_Duplicate(src, 0);
  const cJSON *c;
  if (d == NULL) {
    nomem(b);
    return NULL;
  }
  if (line == 0 && b->pos != NULL)
    ecsnet__ypos_get(b->pos, src, &line, &col);
  if (!put_pos(b, d, line, col)) {
    cJSON_Delete(d);
    return NULL;
  }
  for (c = src->child; c != NULL; c = c->next) {
    cJSON *k = dup_tree(b, c, 0, 0);
    if (k == NULL) {
      cJSON_Delete(d);
      return NULL;
    }
    cJSON_AddItemToArray(d, k);   /* keeps k->string */
  }
  return d;
}


/* Adds a finished node (of 'count' nodes) to the open list or object, or
** makes it the root. Frees it on failure. */
static int add_node(B *b, cJSON *node, size_t count) {
  frame *f;
  if (node->string != NULL && (b->nst == 0 ||
                               cJSON_IsArray(b->st[b->nst - 1].node))) {
    cJSON_free(node->string);   /* a copy of a member, in a list */
    node->string = NULL;
  }
  if (b->nst == 0) {
    b->root = node;
    return 1;
  }
  f = &b->st[b->nst - 1];
  f->count += count;
  if (cJSON_IsArray(f->node)) {
    cJSON_AddItemToArray(f->node, node);
    return 1;
  }
  if (f->merging) {
    f->merging = 0;
    free(f->key);
    f->key = NULL;
    if (f->merges == NULL && (f->merges = cJSON_CreateArray()) == NULL) {
      cJSON_Delete(node);
      return nomem(b);
    }
    cJSON_AddItemToArray(f->merges, node);
    return 1;
  }
  if (node->string != NULL) {   /* a copy of a member: rename it */
    cJSON_free(node->string);
    node->string = NULL;
  }
  node->string = (char *)cJSON_malloc(strlen(f->key) + 1);
  if (node->string == NULL) {
    cJSON_Delete(node);
    return nomem(b);
  }
  strcpy(node->string, f->key);
  free(f->key);
  f->key = NULL;
  cJSON_AddItemToArray(f->node, node);   /* an object's member, in order */
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
        cJSON_AddItemToArray(f->node, d);
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

/* An untagged plain scalar as the core schema reads it. */
static cJSON *plain_scalar(const char *s) {
  if (*s == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
      strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0)
    return cJSON_CreateNull();
  if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 ||
      strcmp(s, "TRUE") == 0)
    return cJSON_CreateTrue();
  if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0 ||
      strcmp(s, "FALSE") == 0)
    return cJSON_CreateFalse();
  if (is_number(s))
    return cJSON_CreateNumber(strtod(s, NULL));
  return cJSON_CreateString(s);
}

/* {"fn": v}, positions at line:col; frees v on failure. */
static cJSON *wrap_fn(B *b, const char *fn, cJSON *v, unsigned line,
                      unsigned col) {
  cJSON *w = cJSON_CreateObject();
  if (w == NULL) {
    cJSON_Delete(v);
    nomem(b);
    return NULL;
  }
  cJSON_AddItemToObject(w, fn, v);
  if (cJSON_GetObjectItemCaseSensitive(w, fn) != v) {   /* key not copied */
    cJSON_Delete(w);
    cJSON_Delete(v);
    nomem(b);
    return NULL;
  }
  if (!put_pos(b, w, line, col)) {
    cJSON_Delete(w);
    return NULL;
  }
  return w;
}

/* A tagged scalar's value: !GetAtt a.b is ["a", "b"], others a string. */
static cJSON *fn_scalar(B *b, const char *fn, const char *s, unsigned line,
                        unsigned col, size_t *count) {
  const char *dot = strchr(s, '.');
  cJSON *v;
  *count = 2;
  if (strcmp(fn, "Fn::GetAtt") == 0 && dot != NULL) {
    cJSON *a = cJSON_CreateArray();
    cJSON *x = a ? cJSON_CreateString(s) : NULL;
    cJSON *y = x ? cJSON_CreateString(dot + 1) : NULL;
    if (y == NULL) {
      cJSON_Delete(a);
      cJSON_Delete(x);
      nomem(b);
      return NULL;
    }
    x->valuestring[dot - s] = '\0';
    cJSON_AddItemToArray(a, x);
    cJSON_AddItemToArray(a, y);
    if (!put_pos(b, x, line, col) || !put_pos(b, y, line, col) ||
        !put_pos(b, a, line, col)) {
      cJSON_Delete(a);
      return NULL;
    }
    v = a;
    *count = 4;
  }
  else if ((v = cJSON_CreateString(s)) == NULL) {
    nomem(b);
    return NULL;
  }
  else if (!put_pos(b, v, line, col)) {
    cJSON_Delete(v);
    return NULL;
  }
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
  if ((a->name = bstrdup(name)) == NULL)
    return nomem(b);
  a->node = node;
  a->count = count;
  b->nan++;
  return 1;
}

/* A finished node: its anchor remembered, then added. */
static int finish_node(B *b, cJSON *node, size_t count, const char *anch) {
  if (anch != NULL && !remember_anchor(b, anch, node, count)) {
    cJSON_Delete(node);
    return 0;
  }
  return add_node(b, node, count);
}

static int on_scalar(B *b, const yaml_event_t *ev, unsigned line,
                     unsigned col) {
  const char *s = (const char *)ev->data.scalar.value, *fn = NULL;
  int kind = tag_kind(ev->data.scalar.tag, &fn);
  size_t count = 1;
  cJSON *node;
  frame *f = b->nst ? &b->st[b->nst - 1] : NULL;
  if (strlen(s) != ev->data.scalar.length)
    return bfail(b, ECSNET_EINVAL, line, col, "a NUL character (\\0) in a "
                 "scalar is not accepted (it would cut the string short)%s",
                 NULL);
  if (kind < 0)
    return bfail(b, ECSNET_EINVAL, line, col, "unknown tag '%s' (ecsnet "
                 "reads CloudFormation's short forms, e.g. !Ref, !Sub, "
                 "!GetAtt)", (const char *)ev->data.scalar.tag);
  if (f != NULL && cJSON_IsObject(f->node) && f->key == NULL) {   /* a key */
    if (kind == 2)
      return bfail(b, ECSNET_EINVAL, line, col, "a tag on a mapping key "
                   "('%s') is not accepted", (const char *)ev->data.scalar.tag);
    if ((f->key = bstrdup(s)) == NULL)
      return nomem(b);
    f->merging = kind == 0 && ev->data.scalar.plain_implicit &&
                 strcmp(s, "<<") == 0;
    return 1;
  }
  if (kind == 2)
    node = fn_scalar(b, fn, s, line, col, &count);
  else {
    node = kind == 0 && ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE
           ? plain_scalar(s) : cJSON_CreateString(s);
    if (node == NULL)
      return nomem(b);
    if (!put_pos(b, node, line, col)) {
      cJSON_Delete(node);
      return 0;
    }
  }
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
    return (f->key = bstrdup(b->an[i - 1].node->valuestring)) != NULL
           ? 1 : nomem(b);
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
                 "(ecsnet reads CloudFormation's short forms, e.g. !Ref, "
                 "!Sub, !GetAtt)" : "tag '%s' on a list or mapping",
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
  f->count = 1;
  if ((f->node = map ? cJSON_CreateObject() : cJSON_CreateArray()) == NULL)
    return nomem(b);
  b->nst++;   /* owned by the stack from here */
  if (!put_pos(b, f->node, line, col))
    return 0;
  if (anch != NULL && (f->anchor = bstrdup((const char *)anch)) == NULL)
    return nomem(b);
  if (kind == 2) {
    cJSON *w = cJSON_CreateObject();
    if (w == NULL)
      return nomem(b);
    f->wrap = w;
    w->child = NULL;
    if (!put_pos(b, w, line, col))
      return 0;
    f->count = 2;
    if ((w->string = (char *)cJSON_malloc(strlen(fn) + 1)) == NULL)
      return nomem(b);
    strcpy(w->string, fn);   /* the long name, moved to the member on end */
  }
  return 1;
}


static void frame_free(frame *f) {
  cJSON_Delete(f->node);
  cJSON_Delete(f->wrap);
  cJSON_Delete(f->merges);
  free(f->anchor);
  free(f->key);
}


static int on_end(B *b) {
  frame f = b->st[--b->nst];
  cJSON *node = f.node;
  int ok = 1;
  if (f.merges != NULL)
    ok = do_merges(b, &f);
  if (ok && f.wrap != NULL) {
    /* the long name was kept in wrap->string: it becomes node's key */
    node->string = f.wrap->string;
    f.wrap->string = NULL;
    f.wrap->child = node;
    node->prev = node;
    node = f.wrap;
    f.wrap = NULL;
  }
  f.node = NULL;
  cJSON_Delete(f.merges);
  f.merges = NULL;
  if (ok)
    ok = finish_node(b, node, f.count, f.anchor);
  else
    cJSON_Delete(node);
  free(f.anchor);
  free(f.key);
  return ok;
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
  size_t i, bom;
  memset(&b, 0, sizeof b);
  b.status = ECSNET_OK;
  b.err = err;
  b.errlen = errlen;
  b.alias_max = ECSNET_YAML_ALIAS_NODES(max);
  *out = NULL;
  if (pos != NULL) {
    *pos = NULL;
    if ((b.pos = (ecsnet_ypos_t *)calloc(1, sizeof *b.pos)) == NULL)
      return nomem(&b), ECSNET_ENOMEM;
  }
  if (!yaml_parser_initialize(&p)) {
    ecsnet__ypos_free(b.pos);
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
  while (b.nst > 0)
    frame_free(&b.st[--b.nst]);
  free(b.st);
  for (i = 0; i < b.nan; i++)
    free(b.an[i].name);
  free(b.an);
  if (b.status != ECSNET_OK) {
    cJSON_Delete(b.root);
    ecsnet__ypos_free(b.pos);
    return b.status;
  }
  *out = b.root;
  if (pos != NULL)
    *pos = b.pos;
  else
    ecsnet__ypos_free(b.pos);
  return ECSNET_OK;
}

/* }====================================================================== */
