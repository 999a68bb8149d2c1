/*
** states.c: ecsnet used from many independent lua_States at once, one per
** thread (as nginx workers or a threaded C host would). Built with
** ThreadSanitizer together with a TSan build of the module: any data race
** in the core or the binding is reported and fails the run.
**
** usage: states SCRIPT CPATH LPATH [THREADS] [ROUNDS]
** Prints "N passed, N failed": one check per thread.
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "host.h"

typedef struct {
  const char *script, *cpath, *lpath;
  int rounds;
  int ok;
  char err[256];
} job_t;

static lua_State *newstate(const char *cpath, const char *lpath) {
  lua_State *L = luaL_newstate();
  if (L == NULL) return NULL;
  host_open(L, cpath, lpath);
  return L;
}

static void *worker(void *arg) {
  job_t *j = (job_t *)arg;
  lua_State *L = newstate(j->cpath, j->lpath);
  int i;
  j->ok = 0;
  if (L == NULL) return NULL;
  j->ok = 1;
  for (i = 0; i < j->rounds && j->ok; i++) {
    if (luaL_dofile(L, j->script) != LUA_OK) {
      snprintf(j->err, sizeof j->err, "%s", lua_tostring(L, -1));
      j->ok = 0;
    }
  }
  lua_close(L);
  return NULL;
}

int main(int argc, char **argv) {
  int n = argc > 4 ? atoi(argv[4]) : 8;
  int rounds = argc > 5 ? atoi(argv[5]) : 20;
  int i, passed = 0, failed = 0;
  pthread_t th[64];
  job_t jobs[64];
  lua_State *keeper;
  if (argc < 4 || n < 1 || n > 64) {
    fprintf(stderr, "usage: states SCRIPT CPATH LPATH [THREADS<=64] [ROUNDS]\n");
    return 2;
  }
  /* The main thread's state loads the module first and keeps it loaded, so
     that the threads' lua_close never dlclose()s it: glibc's loader locks
     are invisible to TSan, which would report its internals as races. */
  keeper = newstate(argv[2], argv[3]);
  if (keeper == NULL || luaL_dostring(keeper, "require 'ecsnet'") != LUA_OK) {
    fprintf(stderr, "cannot load ecsnet: %s\n",
            keeper ? lua_tostring(keeper, -1) : "no memory");
    return 2;
  }
  for (i = 0; i < n; i++) {
    jobs[i].script = argv[1]; jobs[i].cpath = argv[2]; jobs[i].lpath = argv[3];
    jobs[i].rounds = rounds;
    jobs[i].err[0] = '\0';
    if (pthread_create(&th[i], NULL, worker, &jobs[i]) != 0) {
      fprintf(stderr, "pthread_create failed\n");
      return 2;
    }
  }
  for (i = 0; i < n; i++) {
    pthread_join(th[i], NULL);
    if (jobs[i].ok) passed++;
    else { failed++; fprintf(stderr, "thread %d: %s\n", i, jobs[i].err); }
  }
  lua_close(keeper);
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
