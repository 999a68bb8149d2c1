/*
** bench/folder_floor.c: the floor of 'ecsnet check DIR' on a folder of task
** definitions: list the folder, read each *.json file whole and parse it
** with cJSON (cJSON_ParseWithLength, then cJSON_Delete), nothing else.
** Prints "files N", "bytes N", "floor_ns N" (wall time) and "floor_cpu_ns
** N" (user + system time), each the best of R rounds.
**
**   build/bench/folder_floor DIR [ROUNDS]
*/
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cJSON.h"

static double clock_ns(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static double now_ns(void) { return clock_ns(CLOCK_MONOTONIC); }

/* user + system time of the process: what a loaded machine does not stretch */
static double cpu_ns(void) { return clock_ns(CLOCK_PROCESS_CPUTIME_ID); }

static int is_json(const char *name) {
  size_t n = strlen(name);
  return n > 5 && strcmp(name + n - 5, ".json") == 0 && name[0] != '.';
}

/* One round: every file listed, read and parsed; returns the files seen. */
static long one_round(const char *dir, long *bytes, char **buf, size_t *cap) {
  DIR *d = opendir(dir);
  struct dirent *e;
  long files = 0;
  char path[4096];
  if (d == NULL) {
    perror(dir);
    exit(2);
  }
  *bytes = 0;
  while ((e = readdir(d)) != NULL) {
    FILE *f;
    size_t n;
    cJSON *doc;
    if (!is_json(e->d_name))
      continue;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    f = fopen(path, "rb");
    if (f == NULL)
      continue;
    n = fread(*buf, 1, *cap, f);
    while (n == *cap) {   /* a file larger than the buffer: grow and read on */
      *buf = realloc(*buf, *cap * 2);
      n += fread(*buf + n, 1, *cap, f);
      *cap *= 2;
    }
    fclose(f);
    doc = cJSON_ParseWithLength(*buf, n);
    if (doc == NULL) {
      fprintf(stderr, "%s: not JSON\n", path);
      exit(2);
    }
    cJSON_Delete(doc);
    *bytes += (long)n;
    files++;
  }
  closedir(d);
  return files;
}

int main(int argc, char **argv) {
  int rounds = argc > 2 ? atoi(argv[2]) : 3, r;
  size_t cap = 1 << 16;
  char *buf = malloc(cap);
  double best = 0, best_cpu = 0;
  long files = 0, bytes = 0;
  if (argc < 2) {
    fprintf(stderr, "usage: folder_floor DIR [ROUNDS]\n");
    return 2;
  }
  for (r = 0; r < rounds; r++) {
    double t0 = now_ns(), c0 = cpu_ns(), t, c;
    files = one_round(argv[1], &bytes, &buf, &cap);
    t = now_ns() - t0;
    c = cpu_ns() - c0;
    if (r == 0 || t < best)
      best = t;
    if (r == 0 || c < best_cpu)
      best_cpu = c;
  }
  printf("files %ld\nbytes %ld\nfloor_ns %.0f\nfloor_cpu_ns %.0f\n", files, bytes, best,
         best_cpu);
  free(buf);
  return 0;
}
