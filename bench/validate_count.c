/*
** validate_count.c: a driver for instruction counts (callgrind) of the
** validator against cJSON alone (bench/README.md, "## Validator"):
**   validate_count FILE N MODE
** MODE "parse": N x cJSON_Parse + cJSON_Delete of FILE's text; "validate":
** N x ecsnet_validate + ecsnet_report_free; "positions": the same with
** line/column positions. Run it under valgrind --tool=callgrind and divide
** the difference between N and 0 iterations by N.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"
#include "ecsnet.h"
#include "bench_file.h"

int main(int argc, char **argv) {
  char *text;
  long n;
  int i, iters;
  size_t sink = 0;
  ecsnet_validate_opts_t o;
  if (argc < 4 || (text = bench_read_file(argv[1], &n)) == NULL)
    return 2;
  iters = atoi(argv[2]);
  ecsnet_validate_opts_init(&o);
  o.positions = strcmp(argv[3], "positions") == 0;
  for (i = 0; i < iters; i++) {
    if (strcmp(argv[3], "parse") == 0) {
      cJSON *root = cJSON_Parse(text);
      sink += root != NULL;
      cJSON_Delete(root);
    }
    else {
      ecsnet_report_t *r;
      char err[ECSNET_ERRBUF_MAX];
      if (ecsnet_validate(text, (size_t)n, &o, NULL, NULL, &r, err,
                          sizeof err) != ECSNET_OK)
        return 1;
      sink += r->ndiags;
      ecsnet_report_free(r);
    }
  }
  printf("%zu\n", sink);
  free(text);
  return 0;
}
