/*
** validate_bench.c: the validator's speed on one task definition, every
** figure measured in this one process with the rounds interleaved, so that
** load from other processes hits both sides of each ratio alike
** (bench/validate.sh):
**   cJSON_Parse alone (C)            the floor
**   ecsnet_validate (C)              parse + validate, without and with positions
**   ecsnet.validate(string)          from Lua 5.4 (an embedded lua_State)
**   ecsnet.validate(table)           from Lua 5.4, the table lua-cjson decoded
**   cjson.decode(string)             lua-cjson, the yardstick for tables
** Prints "<name>_ns N" lines (best round).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cJSON.h"
#include "ecsnet.h"
#include "bench_file.h"
#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"

#define ROUNDS 60

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static const char *lua_setup =
  "local ecsnet = require 'ecsnet'\n"
  "local cjson = require 'cjson'\n"
  "local text = ...\n"
  "local tbl = cjson.decode(text)\n"
  "assert(ecsnet.validate(text).ok and ecsnet.validate(tbl).ok)\n"
  "local validate, decode = ecsnet.validate, cjson.decode\n"
  "return function(n) for _ = 1, n do validate(text) end end,\n"
  "       function(n) for _ = 1, n do validate(tbl) end end,\n"
  "       function(n) for _ = 1, n do decode(text) end end\n";

int main(int argc, char **argv) {
  static const char *const names[] = {
    "cjson_parse_ns", "validate_ns", "validate_positions_ns",
    "lua_validate_string_ns", "lua_validate_table_ns", "lua_cjson_decode_ns"
  };
  double best[6];
  char *text;
  long n;
  int i, k, round, iters = argc > 2 ? atoi(argv[2]) : 2000;
  volatile size_t sink = 0;
  ecsnet_validate_opts_t o, op;
  lua_State *L;
  if (argc < 2 || (text = bench_read_file(argv[1], &n)) == NULL)
    return 2;
  ecsnet_validate_opts_init(&o);
  ecsnet_validate_opts_init(&op);
  op.positions = 1;
  L = luaL_newstate();
  luaL_openlibs(L);
  if (luaL_loadstring(L, lua_setup) != LUA_OK) {
    fprintf(stderr, "%s\n", lua_tostring(L, -1));
    return 2;
  }
  lua_pushlstring(L, text, (size_t)n);
  if (lua_pcall(L, 1, 3, 0) != LUA_OK) {
    fprintf(stderr, "%s\n", lua_tostring(L, -1));
    return 2;
  }
  for (k = 0; k < 6; k++)
    best[k] = 1e30;
  for (round = 0; round < ROUNDS; round++) {
    for (k = 0; k < 6; k++) {
      double t0 = now(), t;
      if (k == 0) {
        for (i = 0; i < iters; i++) {
          cJSON *root = cJSON_Parse(text);
          sink += root != NULL;
          cJSON_Delete(root);
        }
      }
      else if (k <= 2) {
        for (i = 0; i < iters; i++) {
          ecsnet_report_t *r;
          char err[ECSNET_ERRBUF_MAX];
          if (ecsnet_validate(text, (size_t)n, k == 1 ? &o : &op, NULL, NULL,
                              &r, err, sizeof err) == ECSNET_OK) {
            sink += r->ndiags;
            ecsnet_report_free(r);
          }
        }
      }
      else {
        lua_pushvalue(L, k - 2);   /* the three functions sit at 1, 2, 3 */
        lua_pushinteger(L, iters);
        if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
          fprintf(stderr, "%s\n", lua_tostring(L, -1));
          return 2;
        }
      }
      t = (now() - t0) / iters;
      if (t < best[k])
        best[k] = t;
    }
  }
  printf("bytes %ld\n", n);
  for (k = 0; k < 6; k++)
    printf("%s %.0f\n", names[k], best[k]);
  lua_close(L);
  free(text);
  return sink == (size_t)-1;
}
