/*
** ecsnet_arena.c: the bump allocator of ecsnet_arena.h.
*/
#include <string.h>

#include "ecsnet_arena.h"


/* The header of a chunk, rounded up to the arena's alignment. */
static size_t header(const ecsnet_arena_t *a) {
  return (sizeof(ecsnet_chunk_t) + a->align - 1) & ~(a->align - 1);
}


void ecsnet__arena_init(ecsnet_arena_t *a, const ecsnet_mem_t *mem,
                        size_t chunk, size_t align) {
  memset(a, 0, sizeof *a);
  a->mem = *mem;
  a->chunk = chunk;
  a->align = align ? align : 8;
}


void ecsnet__arena_seed(ecsnet_arena_t *a, void *buf, size_t n) {
  a->p = (char *)buf;
  a->left = n & ~(a->align - 1);
}


void *ecsnet__arena_grow(ecsnet_arena_t *a, size_t n) {
  size_t hdr = header(a), r, sz;
  ecsnet_chunk_t *c;
  void *res;
  if (n > ((size_t)-1) / 2 - hdr - a->align) {
    a->failed = 1;
    return NULL;
  }
  r = (n + a->align - 1) & ~(a->align - 1);
  sz = r + hdr > a->chunk ? r + hdr : a->chunk;
  c = (ecsnet_chunk_t *)ecsnet__alloc(&a->mem, sz);
  if (c == NULL) {
    a->failed = 1;
    return NULL;
  }
  c->next = a->chunks;
  c->size = sz;
  a->chunks = c;
  res = (char *)c + hdr;
  a->p = (char *)res + r;
  a->left = sz - hdr - r;
  return res;
}


void *ecsnet__arena_calloc(ecsnet_arena_t *a, size_t n, size_t size) {
  size_t total;
  void *p;
  if (n != 0 && size > ((size_t)-1) / 4 / n) {
    a->failed = 1;
    return NULL;
  }
  total = n * size;
  p = ecsnet__arena_alloc(a, total ? total : 1);
  if (p != NULL)
    memset(p, 0, total ? total : 1);
  return p;
}


char *ecsnet__arena_strdup(ecsnet_arena_t *a, const char *s, size_t n) {
  char *d = (char *)ecsnet__arena_alloc(a, n + 1);
  if (d != NULL) {
    memcpy(d, s, n);
    d[n] = '\0';
  }
  return d;
}


void ecsnet__arena_free(ecsnet_arena_t *a) {
  ecsnet_chunk_t *c = a->chunks;
  while (c != NULL) {
    ecsnet_chunk_t *next = c->next;
    ecsnet__free(&a->mem, c, c->size);
    c = next;
  }
  a->chunks = NULL;
  a->p = NULL;
  a->left = 0;
}
