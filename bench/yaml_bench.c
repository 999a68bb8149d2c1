/*
** yaml_bench.c: checking a YAML template against libyaml's parse of it
** alone (bench/yaml.sh), every figure measured in this one
** process with the rounds interleaved, best round kept:
**   libyaml parse alone (C)        the floor: every event, nothing built
**   ecsnet_validate (C)            detect + parse to the tree + validate,
**                                  without and with line/column positions
** Prints "<name>_ns N" lines.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <yaml.h>

#include "ecsnet.h"
#include "bench_file.h"

#define ROUNDS 150

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* libyaml's events of the whole text; the number of events. */
static size_t libyaml_parse(const char *text, size_t n) {
  yaml_parser_t p;
  yaml_event_t ev;
  size_t events = 0;
  int done = 0;
  if (!yaml_parser_initialize(&p))
    return 0;
  yaml_parser_set_input_string(&p, (const unsigned char *)text, n);
  while (!done) {
    if (!yaml_parser_parse(&p, &ev))
      break;
    done = ev.type == YAML_STREAM_END_EVENT;
    events++;
    yaml_event_delete(&ev);
  }
  yaml_parser_delete(&p);
  return events;
}

int main(int argc, char **argv) {
  static const char *const names[] = {
    "libyaml_parse_ns", "validate_ns", "validate_positions_ns"
  };
  double best[3];
  char *text;
  long n;
  int i, k, round, iters = argc > 2 ? atoi(argv[2]) : 300;
  volatile size_t sink = 0;
  ecsnet_validate_opts_t o, op;
  ecsnet_report_t *r;
  char err[ECSNET_ERRBUF_MAX];
  if (argc < 2 || (text = bench_read_file(argv[1], &n)) == NULL)
    return 2;
  ecsnet_validate_opts_init(&o);
  ecsnet_validate_opts_init(&op);
  op.positions = 1;
  if (ecsnet_validate(text, (size_t)n, &o, NULL, NULL, &r, err,
                      sizeof err) != ECSNET_OK) {
    fprintf(stderr, "%s\n", err);
    return 2;
  }
  if (r->shape != ECSNET_SHAPE_CLOUDFORMATION || r->ntaskdefs != 1) {
    fprintf(stderr, "not read as a template\n");
    return 2;
  }
  ecsnet_report_free(r);
  for (k = 0; k < 3; k++)
    best[k] = 1e30;
  for (round = 0; round < ROUNDS; round++) {
    for (k = 0; k < 3; k++) {
      double t0 = now(), t;
      for (i = 0; i < iters; i++) {
        if (k == 0)
          sink += libyaml_parse(text, (size_t)n);
        else if (ecsnet_validate(text, (size_t)n, k == 1 ? &o : &op, NULL,
                                 NULL, &r, err, sizeof err) == ECSNET_OK) {
          sink += r->ndiags;
          ecsnet_report_free(r);
        }
      }
      t = (now() - t0) / iters;
      if (t < best[k])
        best[k] = t;
    }
  }
  printf("bytes %ld\n", n);
  for (k = 0; k < 3; k++)
    printf("%s %.0f\n", names[k], best[k]);
  free(text);
  return sink == (size_t)-1;
}
