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
/* readdir's d_type (glibc, the BSDs, macOS): a folder is listed without a
** stat per entry where the file system tells the kind */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
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


/*
** {======================================================================
** A folder's entries
** =======================================================================
*/

/* The kind of 'path' as a walk sees it: a link is judged by what it
** points to, except that a link to a folder is not entered. */
static int entry_kind(const char *path) {
  struct stat sb;
  if (lstat(path, &sb) != 0)
    return ECSNET_DIRENT_OTHER;
  if (S_ISDIR(sb.st_mode))
    return ECSNET_DIRENT_DIR;
  if (S_ISREG(sb.st_mode))
    return ECSNET_DIRENT_FILE;
  if (S_ISLNK(sb.st_mode) && stat(path, &sb) == 0) {
    if (S_ISREG(sb.st_mode))
      return ECSNET_DIRENT_FILE;
    if (S_ISDIR(sb.st_mode))
      return ECSNET_DIRENT_LINK_DIR;
  }
  return ECSNET_DIRENT_OTHER;
}


/* The kind of entry e (at 'path'), from readdir where it says. */
static int kind_of(const struct dirent *e, const char *path) {
#ifdef DT_REG
  if (e->d_type == DT_REG)
    return ECSNET_DIRENT_FILE;
  if (e->d_type == DT_DIR)
    return ECSNET_DIRENT_DIR;
  if (e->d_type != DT_UNKNOWN && e->d_type != DT_LNK)
    return ECSNET_DIRENT_OTHER;   /* FIFOs, sockets, devices */
#else
  (void)e;
#endif
  return entry_kind(path);
}


static int by_name(const void *a, const void *b) {
  return strcoll(((const ecsnet_dirent_t *)a)->name,
                 ((const ecsnet_dirent_t *)b)->name);
}


/* Appends 'name' to the list (its entries and names in one block each). */
static int add_entry(const ecsnet_mem_t *m, ecsnet_dirlist_t *l,
                     const char *name, int kind) {
  size_t len = strlen(name) + 1;
  if (l->n == l->cap_entries) {
    size_t cap = l->cap_entries ? l->cap_entries * 2 : 64;
    void *p = ecsnet__realloc(m, l->entries,
                              l->cap_entries * sizeof *l->entries,
                              cap * sizeof *l->entries);
    if (p == NULL)
      return ECSNET_ENOMEM;
    l->entries = (ecsnet_dirent_t *)p;
    l->cap_entries = cap;
  }
  if (l->used + len > l->cap_names) {
    size_t cap = l->cap_names ? l->cap_names : 4096;
    char *p;
    while (cap < l->used + len)
      cap *= 2;
    p = (char *)ecsnet__realloc(m, l->names, l->cap_names, cap);
    if (p == NULL)
      return ECSNET_ENOMEM;
    l->names = p;
    l->cap_names = cap;
  }
  memcpy(l->names + l->used, name, len);
  /* names are offsets until the block stops moving (ecsnet_dir_list) */
  l->entries[l->n].name = NULL;
  l->entries[l->n].offset = l->used;
  l->entries[l->n].kind = kind;
  l->used += len;
  l->n++;
  return ECSNET_OK;
}


int ecsnet_dir_list(const char *dir, ecsnet_alloc_fn alloc, void *ud,
                    ecsnet_dirlist_t *l, char *err, size_t errlen) {
  ecsnet_mem_t m;
  DIR *d;
  struct dirent *e;
  char path[4096];
  size_t dlen = strlen(dir), i;
  int st = ECSNET_OK;
  ecsnet__mem_init(&m, alloc, ud);
  l->n = l->used = 0;
  d = opendir(dir);
  if (d == NULL) {
    io_err(err, errlen, "read folder", dir, errno);
    return ECSNET_EINVAL;
  }
  while (st == ECSNET_OK && (errno = 0, e = readdir(d)) != NULL) {
    size_t nlen = strlen(e->d_name);
    int slash = dlen > 0 && dir[dlen - 1] == '/';
    if (e->d_name[0] == '.')
      continue;   /* hidden entries (and . and ..) are not walked */
    if (dlen + nlen + 2 > sizeof path) {
      st = ECSNET_ELIMIT;
      ecsnet__errf(err, errlen, "a path under the folder is longer than "
                   "%zu bytes", sizeof path - 1);
      break;
    }
    memcpy(path, dir, dlen);
    if (!slash)
      path[dlen] = '/';
    memcpy(path + dlen + !slash, e->d_name, nlen + 1);
    st = add_entry(&m, l, e->d_name, kind_of(e, path));
  }
  if (st == ECSNET_OK && errno != 0) {
    io_err(err, errlen, "read folder", dir, errno);
    st = ECSNET_EINVAL;
  }
  closedir(d);
  if (st == ECSNET_ENOMEM)
    ecsnet__errf(err, errlen, "not enough memory");
  if (st != ECSNET_OK)
    return st;
  for (i = 0; i < l->n; i++)
    l->entries[i].name = l->names + l->entries[i].offset;
  if (l->n > 1)
    qsort(l->entries, l->n, sizeof *l->entries, by_name);
  return ECSNET_OK;
}


void ecsnet_dirlist_free(ecsnet_dirlist_t *l, ecsnet_alloc_fn alloc,
                         void *ud) {
  ecsnet_mem_t m;
  if (l == NULL)
    return;
  ecsnet__mem_init(&m, alloc, ud);
  ecsnet__free(&m, l->entries, l->cap_entries * sizeof *l->entries);
  ecsnet__free(&m, l->names, l->cap_names);
  memset(l, 0, sizeof *l);
}

/* }====================================================================== */
