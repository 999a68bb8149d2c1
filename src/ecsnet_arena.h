/*
** ecsnet_arena.h: a bump allocator for objects that live and die together
** (a validation report, and later a plan's strings and arrays). Not
** installed; symbols are hidden.
**
** One out-of-memory policy: an allocation that cannot be served returns
** NULL and sets 'failed', which stays set. Owners that unwind on failure
** (the validator longjmps) wrap ecsnet__arena_alloc; owners that check once
** at the end read 'failed'.
*/
#ifndef ECSNET_ARENA_H
#define ECSNET_ARENA_H

#include <stddef.h>
#include "ecsnet_internal.h"

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility push(hidden)
#endif

typedef struct ecsnet_chunk {
  struct ecsnet_chunk *next;
  size_t size;
} ecsnet_chunk_t;

typedef struct {
  ecsnet_mem_t mem;
  ecsnet_chunk_t *chunks;   /* allocated chunks, newest first */
  char *p;                  /* the free space of the current chunk */
  size_t left;
  size_t chunk;             /* the size of a new chunk (larger requests
                            ** get a chunk of their own size) */
  size_t align;             /* a power of two */
  int failed;               /* an allocation failed (sticky) */
} ecsnet_arena_t;

/* An empty arena allocating through 'mem' in chunks of 'chunk' bytes,
** each allocation aligned to 'align' (a power of two, at most 64). */
void ecsnet__arena_init(ecsnet_arena_t *a, const ecsnet_mem_t *mem,
                        size_t chunk, size_t align);

/* Gives the arena a first buffer of n bytes that it uses but never frees
** (e.g. the space after the owner's own struct in the same allocation);
** 'buf' must be aligned to the arena's alignment. */
void ecsnet__arena_seed(ecsnet_arena_t *a, void *buf, size_t n);

/* The slow path of ecsnet__arena_alloc: a new chunk. */
void *ecsnet__arena_grow(ecsnet_arena_t *a, size_t n);

/* n bytes (n > 0), or NULL with a->failed set. */
static inline void *ecsnet__arena_alloc(ecsnet_arena_t *a, size_t n) {
  size_t r = (n + a->align - 1) & ~(a->align - 1);
  void *res;
  if (r < n || r > a->left)
    return ecsnet__arena_grow(a, n);
  res = a->p;
  a->p += r;
  a->left -= r;
  return res;
}

/* n * size zeroed bytes (checked for overflow), or NULL. */
void *ecsnet__arena_calloc(ecsnet_arena_t *a, size_t n, size_t size);

/* A NUL-terminated copy of s[0..n), or NULL. */
char *ecsnet__arena_strdup(ecsnet_arena_t *a, const char *s, size_t n);

/* Frees every chunk (not the seed buffer); the arena is empty after. */
void ecsnet__arena_free(ecsnet_arena_t *a);

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif

#endif
