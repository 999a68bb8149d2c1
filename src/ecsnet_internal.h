/*
** ecsnet_internal.h: helpers shared by the core's files. Not installed,
** never included by the binding. Symbols declared here are hidden.
*/
#ifndef ECSNET_INTERNAL_H
#define ECSNET_INTERNAL_H

#include <stddef.h>
#include "ecsnet.h"

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility push(hidden)
#endif

#define ECSNET_COUNTOF(a) (sizeof(a) / sizeof((a)[0]))

/* An allocator and its user data, as handed to ecsnet_*_new. */
typedef struct {
  ecsnet_alloc_fn fn;
  void *ud;
} ecsnet_mem_t;

/* Fills 'm' from a caller's pair; a NULL function means realloc/free. */
void ecsnet__mem_init(ecsnet_mem_t *m, ecsnet_alloc_fn fn, void *ud);
void *ecsnet__alloc(const ecsnet_mem_t *m, size_t n);
void *ecsnet__realloc(const ecsnet_mem_t *m, void *p, size_t osize,
                      size_t nsize);
void ecsnet__free(const ecsnet_mem_t *m, void *p, size_t n);

/* snprintf into an error buffer that may be NULL or of length 0. */
void ecsnet__errf(char *buf, size_t len, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
  __attribute__((format(printf, 3, 4)))
#endif
  ;

/* {======================================================================
** The front end (ecsnet_front.c): document text to a tree
** ======================================================================= */

struct cJSON;

/* The syntaxes behind the front end (ecsnet_syntax_t, ecsnet_taskdef.h):
** each parser makes the same tree (cJSON nodes); YAML (libyaml) also an
** index of node positions (ecsnet_ypos_t). */
struct ecsnet_ypos;

/* A document as the front end reads it. 'what' names it in a loader's
** messages ("the plan"), 'a_what' after "must be" ("a plan"); what NULL:
** the validator's messages. 'max': the size limit in bytes. */
typedef struct {
  ecsnet_syntax_t syntax;
  const char *what, *a_what;
  size_t max;
} ecsnet_front_t;

/* The checks before parsing: size (ECSNET_ELIMIT), NUL bytes, UTF-8,
** control characters, \u0000 escapes, an empty document (ECSNET_EINVAL),
** each with its exact line and column in err. */
int ecsnet__front_check(const ecsnet_front_t *f, const char *text, size_t n,
                        char *err, size_t errlen);

/* Parses checked text into *out. ECSNET_EINVAL for bad syntax (the first
** error, exactly placed), nesting over cJSON's limit or text after the
** document; ECSNET_ENOMEM when the parser ran out of memory. */
int ecsnet__front_parse(const ecsnet_front_t *f, const char *text, size_t n,
                        struct cJSON **out, char *err, size_t errlen);

/* The same for JSON or YAML: for YAML, *pos holds the tree's memory and its
** nodes' positions, and the tree is freed with ecsnet__ypos_free(*pos), not
** cJSON_Delete; for JSON *pos is NULL. */
int ecsnet__front_parse_pos(const ecsnet_front_t *f, const char *text,
                            size_t n, struct cJSON **out,
                            struct ecsnet_ypos **pos, char *err,
                            size_t errlen);

/* The syntax of a text under ECSNET_SYNTAX_AUTO (JSON or YAML). */
ecsnet_syntax_t ecsnet__syntax_detect(const char *text, size_t n);

/* Both. */
int ecsnet__front_load(const ecsnet_front_t *f, const char *text, size_t n,
                       struct cJSON **out, char *err, size_t errlen);

/* ecsnet__front_load of JSON in a loader's wording (plans, instance
** data). */
int ecsnet__json_load(const char *what, const char *a_what, const char *text,
                      size_t n, size_t max, struct cJSON **out, char *err,
                      size_t errlen);

/* }====================================================================== */

/* Whether ecsnet_libcidr_parse hands the text to libcidr (text that would
** make libcidr 1.2.3 misbehave, or longer than any prefix, it does not). */
int ecsnet__libcidr_readable(const char *s, size_t n);

/* The validator's rule IDs, from the one rule list (ecsnet_rules_list.h):
** ECSNET_RULE_ECS001 ... in ID order, and the catalog they index. */
typedef enum {
#define ECSNET_RULE(id, ...) ECSNET_RULE_##id,
#include "ecsnet_rules_list.h"
#undef ECSNET_RULE
  ECSNET_RULE_COUNT
} ecsnet_rule_id_t;

extern const ecsnet_rule_t ecsnet__rules[ECSNET_RULE_COUNT];

/* ecsnet_text.c: checks of JSON text. */

/* The 1-based line and column (in characters) of byte 'off' in text. */
void ecsnet__line_col(const char *s, size_t off, unsigned *line,
                      unsigned *col);

/* The deepest nesting of JSON lists and objects before byte 'off'. */
size_t ecsnet__json_depth_at(const char *s, size_t off);

/* The offset of the first \u0000 escape in JSON text, or n. */
size_t ecsnet__json_nul_escape(const char *s, size_t n);

/* The offset of the first NUL byte, control character other than JSON's
** whitespace, or invalid UTF-8 sequence, or n; *why: 0 UTF-8, 1 NUL,
** 3 control. */
size_t ecsnet__text_scan(const unsigned char *s, size_t n, int *why);

/* The offset of the first syntax error in JSON text, with *why naming it;
** n and NULL when none is found. */
size_t ecsnet__json_syntax_error(const char *s, size_t n, const char **why);

/* The offset of the value at the ordinal path ord[0..nord), in valid JSON
** text (children counted from 0 in each list or object). */
size_t ecsnet__json_locate(const char *s, size_t n, const int *ord, int nord);

/* The locator: ecsnet__json_locate and ecsnet__line_col for many paths
** of one text, each resumed from the last path's deepest shared level and
** from the last place counted (going on forward over siblings and lines;
** from the start when the new one is before), so diagnostics in document
** order cost one pass. The answers are those of the two from the start. */
#define ECSNET_LOC_DEPTH 32
typedef struct {
  const char *s;
  size_t n;
  int depth;                        /* levels of the last path kept */
  int ord[ECSNET_LOC_DEPTH];        /* the last path's ordinals */
  size_t at[ECSNET_LOC_DEPTH + 1];  /* at[k]: the value at ord[0..k) */
  size_t off;                       /* the last place counted */
  unsigned line, col;
  size_t end_of;                    /* the last value ended (or -1) */
  size_t end;
  unsigned end_line, end_col;
} ecsnet_loc_t;
void ecsnet__loc_init(ecsnet_loc_t *l, const char *s, size_t n);
size_t ecsnet__loc_find(ecsnet_loc_t *l, const int *ord, int nord);
void ecsnet__loc_line_col(ecsnet_loc_t *l, size_t off, unsigned *line,
                          unsigned *col);
/* The end of the value at 'off' (found at line:col): the offset of the
** byte after it, with *eline:*ecol that byte's place, counted on from the
** value's start (the last value's answer again for the same 'off'). */
size_t ecsnet__loc_end(ecsnet_loc_t *l, size_t off, unsigned line,
                       unsigned col, unsigned *eline, unsigned *ecol);

/* The first byte at or after p that is not JSON whitespace (or e). */
const char *ecsnet__json_skip_ws(const char *p, const char *e);

/* The task-definition model's own JSON form (src/ecsnet_model.c): whether
** an object has it (a 'containers' or 'network_mode' member), reading it
** into *t (arrays from 'm'; strings point into the tree) and freeing what
** the reading allocated (also after a failed read). */
int ecsnet__model_shaped(const ecsnet_json_t *td);
int ecsnet__model_read(const ecsnet_json_t *td, const ecsnet_mem_t *m,
                       ecsnet_taskdef_t *t, char *err, size_t errlen);
void ecsnet__model_free(const ecsnet_mem_t *m, ecsnet_taskdef_t *t);

/* The Damerau-Levenshtein distance (optimal string alignment) of a and b,
** letters compared case-insensitively; max + 1 when it is more than
** 'max' (stops early). */
int ecsnet__edit_distance(const char *a, const char *b, int max);

/* The name of names[0..n) that k most likely means, for every "did you
** mean": the nearest within two edits (letter case is free: hostName is
** hostname) and no more than a third of the name; NULL when none is. */
const char *ecsnet__suggest(const char *k, const char *const *names,
                            size_t n);

/* {======================================================================
** YAML (ecsnet_yaml.c, libyaml)
** ======================================================================= */

/* A YAML tree's memory: its nodes (cJSON structs, each with its 1-based
** line and column beside it), keys and strings, in chunks. */
typedef struct ecsnet_ypos ecsnet_ypos_t;

/* Parses checked YAML text into *out (cJSON nodes, as the JSON parser
** makes, read-only: never cJSON_Delete them) and *pos (the tree's memory).
** 'max' is the size limit (max_bytes): aliases may add at most
** ECSNET_YAML_ALIAS_NODES(max) nodes. ECSNET_EINVAL (bad syntax, an unknown
** tag, a second document, nesting, ...) with the place in err,
** ECSNET_ELIMIT over the alias limit, ECSNET_ENOMEM. Memory: malloc (libyaml
** has no allocator hook), all of it freed on every path. */
#define ECSNET_YAML_ALIAS_NODES(max) ((max) / 16 > 4096 ? (max) / 16 : 4096)
int ecsnet__yaml_parse(const char *text, size_t n, size_t max,
                       struct cJSON **out, ecsnet_ypos_t **pos, char *err,
                       size_t errlen);

/* The position of a node of the tree 'pos' holds; 0 when pos is NULL. */
int ecsnet__ypos_get(const ecsnet_ypos_t *pos, const struct cJSON *node,
                     unsigned *line, unsigned *col);
void ecsnet__ypos_free(ecsnet_ypos_t *pos);

/* }====================================================================== */

/* Where a document's values are, for diagnostics: JSON text (found by
** ordinal path) or a YAML tree and its positions. */
typedef struct {
  const char *text;
  size_t n;
  const struct cJSON *root;     /* YAML: the tree 'ypos' indexes */
  const ecsnet_ypos_t *ypos;    /* NULL: JSON text */
} ecsnet_doc_t;

/* The line and column of the value at the ordinal path ord[0..nord) into
** f->line, f->column, and for JSON text where it ends into f->end_line,
** f->end_column when 'ends' says so (the one function the validator places diagnostics with,
** ecsnet_text.c); 'loc' is one locator for the document's JSON text, kept
** across its diagnostics (ecsnet__loc_init(loc, d->text, d->n) first). */
void ecsnet__doc_place(const ecsnet_doc_t *d, ecsnet_loc_t *loc,
                       const int *ord, int nord, int ends,
                       ecsnet_finding_t *f);

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif

#endif
