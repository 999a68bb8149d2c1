/*
** ecsnet_files.c: a document read from a file with a size bound, and
** validated (the command's folder check reads thousands of them; reading
** and validating here keeps each file's bytes out of Lua).
**
** Only a regular file is read: the file is opened without waiting (a FIFO
** opened to read would wait for a writer) and its kind checked before any
** read; a file larger than the bound is refused by its size, unread, and
** one that grows past the bound while it is read is refused there.
*/
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ecsnet_internal.h"

#define FIRST_CAP 65536


/* err: "cannot VERB 'PATH': reason" (strerror's text, first letter lower). */
static void io_err(char *err, size_t errlen, const char *verb,
                   const char *path, int code) {
  char q[ECSNET_ERRBUF_MAX / 2];
  char why[128];
  const char *s = strerror(code);
  size_t n = strlen(s);
  if (n >= sizeof why)
    n = sizeof why - 1;
  memcpy(why, s, n);
  why[n] = '\0';
  if (why[0] >= 'A' && why[0] <= 'Z')
    why[0] = (char)(why[0] - 'A' + 'a');
  ecsnet_quote(q, sizeof q, path, strlen(path));
  ecsnet__errf(err, errlen, "cannot %s %s: %s", verb, q, why);
}


/* Makes room for at least 'want' bytes in b (its contents kept). */
static int grow(const ecsnet_mem_t *m, ecsnet_filebuf_t *b, size_t want) {
  size_t cap = b->cap ? b->cap : FIRST_CAP;
  char *p;
  if (want <= b->cap)
    return ECSNET_OK;
  while (cap < want)
    cap = cap > ((size_t)-1) / 2 ? want : cap * 2;
  p = (char *)ecsnet__realloc(m, b->data, b->cap, cap);
  if (p == NULL)
    return ECSNET_ENOMEM;
  b->data = p;
  b->cap = cap;
  return ECSNET_OK;
}


/* Reads fd to its end into b, refusing more than max bytes. */
static int read_all(const ecsnet_mem_t *m, int fd, size_t max, size_t size,
                    ecsnet_filebuf_t *b, const char *path, char *err,
                    size_t errlen) {
  /* room for the file's size and one byte more: a file that grew past the
  ** bound shows it without another round */
  int st = grow(m, b, (size < max ? size : max) + 1);
  if (st != ECSNET_OK)
    return st;
  for (;;) {
    ssize_t got;
    if (b->len == b->cap && (st = grow(m, b, b->cap + 1)) != ECSNET_OK)
      return st;
    got = read(fd, b->data + b->len, b->cap - b->len);
    if (got < 0) {
      if (errno == EINTR)
        continue;
      io_err(err, errlen, "read", path, errno);
      return ECSNET_EINVAL;
    }
    if (got == 0)
      return ECSNET_OK;
    b->len += (size_t)got;
    if (b->len > max) {
      ecsnet__errf(err, errlen, "document too large: more than the limit "
                   "of %zu bytes", max);
      return ECSNET_ELIMIT;
    }
  }
}


int ecsnet_file_read(const char *path, size_t max, ecsnet_alloc_fn alloc,
                     void *ud, ecsnet_filebuf_t *b, char *err,
                     size_t errlen) {
  ecsnet_mem_t m;
  struct stat sb;
  int fd, st;
  ecsnet__mem_init(&m, alloc, ud);
  b->len = 0;
  if (max == 0)
    max = ECSNET_TD_MAX_BYTES;
  do
    fd = open(path, O_RDONLY | O_NONBLOCK);
  while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    io_err(err, errlen, "open", path, errno);
    return ECSNET_ENOENT;
  }
  if (fstat(fd, &sb) != 0) {
    io_err(err, errlen, "read", path, errno);
    close(fd);
    return ECSNET_EINVAL;
  }
  if (!S_ISREG(sb.st_mode)) {
    char q[ECSNET_ERRBUF_MAX / 2];
    ecsnet_quote(q, sizeof q, path, strlen(path));
    ecsnet__errf(err, errlen, "cannot read %s: not a regular file", q);
    close(fd);
    return ECSNET_EINVAL;
  }
  if (sb.st_size > 0 && (unsigned long long)sb.st_size > max) {
    ecsnet__errf(err, errlen, "document too large: %lld bytes, more than "
                 "the limit of %zu bytes", (long long)sb.st_size, max);
    close(fd);
    return ECSNET_ELIMIT;
  }
  st = read_all(&m, fd, max, sb.st_size > 0 ? (size_t)sb.st_size : 0, b,
                path, err, errlen);
  close(fd);
  return st;
}


void ecsnet_filebuf_free(ecsnet_filebuf_t *b, ecsnet_alloc_fn alloc,
                         void *ud) {
  ecsnet_mem_t m;
  if (b == NULL)
    return;
  ecsnet__mem_init(&m, alloc, ud);
  ecsnet__free(&m, b->data, b->cap);
  b->data = NULL;
  b->len = b->cap = 0;
}


int ecsnet_file_validate(const char *path, const ecsnet_validate_opts_t *opts,
                         ecsnet_alloc_fn alloc, void *ud, ecsnet_filebuf_t *b,
                         int *stage, ecsnet_report_t **out, char *err,
                         size_t errlen) {
  int st;
  *out = NULL;
  *stage = ECSNET_FILE_READ;
  st = ecsnet_file_read(path, opts ? opts->max_bytes : 0, alloc, ud, b, err,
                        errlen);
  if (st != ECSNET_OK)
    return st;
  *stage = ECSNET_FILE_VALIDATE;
  return ecsnet_validate(b->data, b->len, opts, alloc, ud, out, err, errlen);
}
