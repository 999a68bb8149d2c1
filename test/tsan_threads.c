/*
** tsan_threads.c: the core from 8 threads at once, under ThreadSanitizer.
** Each thread validates task definitions, parses prefixes and queries one
** prefix set shared read-only by all threads. The core keeps no mutable
** global state, so TSan must report nothing (it fails the run if it does).
** Prints "N passed, N failed": one check per thread.
*/
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "ecsnet.h"

#define THREADS 8
#define ROUNDS 200

static const char taskdef[] =
  "{\"family\":\"web\",\"networkMode\":\"awsvpc\",\"requiresCompatibilities\":[\"FARGATE\"],"
  "\"containerDefinitions\":[{\"name\":\"web\",\"image\":\"x\",\"links\":[\"db\"],"
  "\"portMappings\":[{\"containerPort\":80,\"hostPort\":8080},{\"containerPort\":443}]}]}";

typedef struct {
  const ecsnet_cidrset_t *set;   /* shared, read-only */
  int id;
  int ok;
} job_t;

static void *worker(void *arg) {
  job_t *j = (job_t *)arg;
  char err[ECSNET_ERRBUF_MAX], buf[64];
  int i;
  j->ok = 1;
  for (i = 0; i < ROUNDS && j->ok; i++) {
    ecsnet_validate_opts_t o;
    ecsnet_report_t *r = NULL;
    ecsnet_prefix_t p;
    const ecsnet_mode_info_t *m;
    ecsnet_validate_opts_init(&o);
    o.positions = (i & 1);
    if (ecsnet_validate(taskdef, sizeof taskdef - 1, &o, NULL, NULL, &r, err, sizeof err) != ECSNET_OK
        || r->ok || r->counts[ECSNET_SEV_ERROR] < 2)
      j->ok = 0;
    ecsnet_report_free(r);
    snprintf(buf, sizeof buf, "10.%d.%d.7", j->id, i % 256);
    if (ecsnet_prefix_parse(buf, strlen(buf), 0, &p, err, sizeof err) != ECSNET_OK
        || ecsnet_cidrset_contains(j->set, &p) != 1)
      j->ok = 0;
    if (ecsnet_prefix_parse("11.0.0.1", 8, 0, &p, NULL, 0) != ECSNET_OK
        || ecsnet_cidrset_contains(j->set, &p) != 0)
      j->ok = 0;
    if (ecsnet_mode_lookup("default", 7, (ecsnet_os_t)(i & 1), &m) != ECSNET_OK)
      j->ok = 0;
  }
  return NULL;
}

int main(void) {
  pthread_t th[THREADS];
  job_t jobs[THREADS];
  ecsnet_cidrset_t *set = ecsnet_cidrset_new(NULL, NULL);
  ecsnet_prefix_t p;
  int i, passed = 0, failed = 0;
  if (set == NULL) return 2;
  ecsnet_prefix_parse("10.0.0.0/8", 10, 0, &p, NULL, 0);
  if (ecsnet_cidrset_add(set, &p) != ECSNET_OK || ecsnet_cidrset_compile(set) != ECSNET_OK)
    return 2;
  for (i = 0; i < THREADS; i++) {
    jobs[i].set = set;
    jobs[i].id = i;
    if (pthread_create(&th[i], NULL, worker, &jobs[i]) != 0) return 2;
  }
  for (i = 0; i < THREADS; i++) {
    pthread_join(th[i], NULL);
    if (jobs[i].ok) passed++;
    else { failed++; fprintf(stderr, "thread %d: wrong answer\n", i); }
  }
  ecsnet_cidrset_free(set);
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
