/*
** bench_file.h: the one file reader of the bench drivers (validate_bench.c,
** validate_count.c, yaml_bench.c): the whole file, NUL-terminated, its
** length in *n; NULL when it cannot be read.
*/
#ifndef BENCH_FILE_H
#define BENCH_FILE_H

#include <stdio.h>
#include <stdlib.h>

static char *bench_read_file(const char *path, long *n) {
  FILE *f = fopen(path, "rb");
  char *text = NULL;
  if (f == NULL)
    return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (*n = ftell(f)) >= 0 &&
      fseek(f, 0, SEEK_SET) == 0 &&
      (text = (char *)malloc((size_t)*n + 1)) != NULL &&
      fread(text, 1, (size_t)*n, f) == (size_t)*n)
    text[*n] = '\0';
  else {
    free(text);
    text = NULL;
  }
  fclose(f);
  return text;
}

#endif
