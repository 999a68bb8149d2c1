/*
** fuzz_instdata.c: libFuzzer harness for run-time instance data:
** ecsnet_instdb_load on arbitrary text (the data file's format and
** describe-instance-types output). Invariants: a load either succeeds or
** leaves the database unchanged (all or nothing); every row found after a
** load has sane numbers; the compiled table is still answered.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ecsnet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ecsnet_instdb_t *db = ecsnet_instdb_new(NULL, NULL);
  char err[ECSNET_ERRBUF_MAX];
  size_t added = 0, before, i;
  int st;
  if (db == NULL)
    return 0;
  /* a known row first, so that overrides merge over something */
  {
    static const char base[] = "{\"instance_type\":\"zz.base\",\"max_enis\":3,"
                               "\"ipv4_per_eni\":6}";
    st = ecsnet_instdb_load(db, base, sizeof base - 1, NULL, err, sizeof err);
  }
  if (st != ECSNET_OK)
    abort();
  before = ecsnet_instdb_count(db);
  st = ecsnet_instdb_load(db, (const char *)data, size, &added, err, sizeof err);
  if (st != ECSNET_OK) {
    if (ecsnet_instdb_count(db) != before || added != 0 || err[0] == '\0')
      abort();
  } else if (ecsnet_instdb_count(db) < before || ecsnet_instdb_count(db) > before + added) {
    abort();
  }
  for (i = 0; i < ecsnet_instdb_count(db); i++) {
    const ecsnet_instance_t *r = ecsnet_instdb_at(db, i);
    if (r == NULL || r->name == NULL || r->max_enis < 1 || r->ipv4_per_eni < 1 ||
        r->tasks_without < 0 || r->source == NULL ||
        ecsnet_instdb_find(db, r->name, strlen(r->name)) != r)
      abort();
    if (i > 0 && strcmp(ecsnet_instdb_at(db, i - 1)->name, r->name) >= 0)
      abort();
  }
  if (ecsnet_instdb_find(db, "c5.large", 8) == NULL)
    abort();
  ecsnet_instdb_free(db);
  return 0;
}
