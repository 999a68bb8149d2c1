/*
** fuzz_yaml.c: libFuzzer harness for the YAML front end: the
** whole input is read as YAML (opts.syntax forced, positions on), so the
** seeds in fuzz/fuzz_yaml/ are plain templates (SOURCES.md says where they
** come from). Every report is walked (pointers, messages, places) and
** freed; a place is always inside the text.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ecsnet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ecsnet_validate_opts_t o;
  ecsnet_report_t *r = NULL;
  char err[ECSNET_ERRBUF_MAX];
  size_t i, lines = 1, sum = 0;
  ecsnet_validate_opts_init(&o);
  o.positions = 1;
  o.syntax = ECSNET_SYNTAX_YAML;
  o.max_bytes = 1 << 16;   /* aliases: at most 4,096 more nodes */
  /* an upper bound of libyaml's lines: it also breaks at \r, NEL (c2 85),
  ** LS and PS (e2 80 a8, a9) */
  for (i = 0; i < size; i++)
    lines += data[i] == '\n' || data[i] == '\r' || data[i] == 0x85 ||
             data[i] == 0xa8 || data[i] == 0xa9;
  if (ecsnet_validate((const char *)data, size, &o, NULL, NULL, &r, err,
                      sizeof err) != ECSNET_OK) {
    sum += strlen(err);
    return sum == (size_t)-1;
  }
  for (i = 0; i < r->ndiags; i++) {
    if (r->diags[i].f.line < 1 || r->diags[i].f.line > lines ||
        r->diags[i].f.column < 1)
      abort();
    sum += strlen(r->diags[i].f.pointer) + strlen(r->diags[i].f.message);
  }
  ecsnet_report_free(r);
  return sum == (size_t)-1;
}
