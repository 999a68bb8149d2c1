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

/* Checks and parses the JSON text of a loader (NUL bytes, 'max' bytes,
** \u0000, nesting) into *out (a cJSON tree; declared here without
** cJSON.h); 'what' names the document in messages. */
struct cJSON;
int ecsnet__json_load(const char *what, const char *a_what, const char *text,
                      size_t n, size_t max, struct cJSON **out, char *err,
                      size_t errlen);

/* The offset of the first \u0000 escape in JSON text, or n. */
size_t ecsnet__json_nul_escape(const char *s, size_t n);

/* Whether ecsnet_libcidr_parse hands the text to libcidr (text that would
** make libcidr 1.2.3 misbehave, or longer than any prefix, it does not). */
int ecsnet__libcidr_readable(const char *s, size_t n);

/* The 1-based line and column (in characters) of byte 'off' in text. */
void ecsnet__line_col(const char *s, size_t off, unsigned *line,
                      unsigned *col);

/* The deepest nesting of JSON lists and objects before byte 'off'. */
size_t ecsnet__json_depth_at(const char *s, size_t off);

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

/* The first byte at or after p that is not JSON whitespace (or e). */
const char *ecsnet__json_skip_ws(const char *p, const char *e);

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif

#endif
