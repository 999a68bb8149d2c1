/*
** validate_bench.c: parse + validate of a task definition in C against
** cJSON_Parse of the same text alone (bench/validate.sh; issue 4).
** Prints "cjson_parse_ns N" and "validate_ns N" (best of several rounds).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cJSON.h"
#include "ecsnet.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv) {
  FILE *f;
  char *text;
  long n;
  int i, round, iters = argc > 2 ? atoi(argv[2]) : 5000;
  double best_parse = 1e30, best_validate = 1e30, best_positions = 1e30;
  volatile size_t sink = 0;
  ecsnet_validate_opts_t o, op;
  if (argc < 2 || (f = fopen(argv[1], "rb")) == NULL)
    return 2;
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  text = malloc((size_t)n + 1);
  if (text == NULL || fread(text, 1, (size_t)n, f) != (size_t)n)
    return 2;
  text[n] = '\0';
  fclose(f);
  ecsnet_validate_opts_init(&o);
  ecsnet_validate_opts_init(&op);
  op.positions = 1;
  for (round = 0; round < 15; round++) {
    double t0 = now(), t;
    for (i = 0; i < iters; i++) {
      cJSON *root = cJSON_Parse(text);
      sink += root != NULL;
      cJSON_Delete(root);
    }
    t = (now() - t0) / iters;
    if (t < best_parse) best_parse = t;
    t0 = now();
    for (i = 0; i < iters; i++) {
      ecsnet_report_t *r;
      char err[ECSNET_ERRBUF_MAX];
      if (ecsnet_validate(text, (size_t)n, &o, NULL, NULL, &r, err, sizeof err) == ECSNET_OK) {
        sink += r->ndiags;
        ecsnet_report_free(r);
      }
    }
    t = (now() - t0) / iters;
    if (t < best_validate) best_validate = t;
    t0 = now();
    for (i = 0; i < iters; i++) {
      ecsnet_report_t *r;
      char err[ECSNET_ERRBUF_MAX];
      if (ecsnet_validate(text, (size_t)n, &op, NULL, NULL, &r, err, sizeof err) == ECSNET_OK) {
        sink += r->ndiags;
        ecsnet_report_free(r);
      }
    }
    t = (now() - t0) / iters;
    if (t < best_positions) best_positions = t;
  }
  printf("bytes %ld\n", n);
  printf("cjson_parse_ns %.0f\n", best_parse);
  printf("validate_ns %.0f\n", best_validate);
  printf("validate_positions_ns %.0f\n", best_positions);
  free(text);
  return sink == (size_t)-1;
}
