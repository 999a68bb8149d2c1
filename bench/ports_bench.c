/*
** ports_bench.c: the C floor for bench/ports.sh. 1,000,000 dynamic
** single-port placements across 10,000 hosts: 100 rounds over all hosts
** (the spread order a scheduler uses, the worst case for caches); in every
** 4th round each host also removes its oldest task. The same core calls,
** in the same order, as bench/ports_bench.lua makes through the binding.
*/
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ecsnet.h"

#define HOSTS 10000
#define ROUNDS 100

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void) {
  static ecsnet_host_t *h[HOSTS];
  ecsnet_host_config_t cfg;
  ecsnet_port_map_t req;
  char err[ECSNET_ERRBUF_MAX];
  size_t k, mem = 0, maxmem = 0;
  long fails = 0, removals = 0, placements = 0;
  int r;
  double t0, t1;
  ecsnet_host_config_init(&cfg, ECSNET_OS_LINUX);
  for (k = 0; k < HOSTS; k++)
    if (ecsnet_host_new(NULL, NULL, &cfg, &h[k], err, sizeof err) != ECSNET_OK)
      return 1;
  memset(&req, 0, sizeof req);
  req.container = 1;
  req.container_port = 80;
  req.count = 1;
  t0 = now();
  for (r = 1; r <= ROUNDS; r++) {
    for (k = 0; k < HOSTS; k++) {
      unsigned id;
      placements++;
      if (ecsnet_host_place(h[k], ECSNET_MODE_BRIDGE, &req, 1, NULL, &id, NULL,
                            err, sizeof err) != ECSNET_OK)
        fails++;
      /* ids count from 1 per host: the oldest live one is r / 4 */
      if (r % 4 == 0 && ecsnet_host_remove(h[k], (unsigned)(r / 4)) == ECSNET_OK)
        removals++;
    }
  }
  t1 = now();
  for (k = 0; k < HOSTS; k++) {
    size_t m = ecsnet_host_memory(h[k]);
    mem += m;
    if (m > maxmem) maxmem = m;
    ecsnet_host_free(h[k]);
  }
  printf("c: %ld placements, %ld removals, %ld failures on %d hosts: %.3f s, %.1f ns/placement; "
         "host memory avg %zu B, max %zu B\n", placements, removals, fails, HOSTS, t1 - t0,
         (t1 - t0) * 1e9 / placements, mem / HOSTS, maxmem);
  return 0;
}
