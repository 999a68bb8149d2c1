/*
** fuzz_plan.c: libFuzzer harness for plan JSON (docs/plan-format.md):
** ecsnet_plan_run on arbitrary text. Invariants: not JSON or not an object
** is ECSNET_EINVAL with a message, anything else a plan; every finding has
** a code, a path starting with '/' (or empty) and a message; the address
** sums agree (needed = hosts + trunk + tasks + surge + extras, headroom =
** usable - needed) and a plan with an error finding is not ok.
** Inputs over 2 KiB, and numbers of four or more digits or with an
** exponent, are skipped to keep the simulation's work per execution small
** (scale is the bench's job).
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ecsnet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ecsnet_plan_t *p = NULL;
  char err[ECSNET_ERRBUF_MAX];
  size_t i, digits = 0;
  long long usable = 0;
  int st, errors = 0;
  if (size > 2048)
    return 0;
  for (i = 0; i < size; i++) {   /* counts of 1,000 and more: slow here */
    digits = (data[i] >= '0' && data[i] <= '9') ? digits + 1 : 0;
    if (digits > 3)
      return 0;
    /* an exponent (1e8) is a large count too: the simulation is bounded by
    ** ECSNET_PLAN_MAX_PLACED, but 20 million placements take seconds here */
    if ((data[i] == 'e' || data[i] == 'E') && i > 0 && data[i - 1] >= '0' &&
        data[i - 1] <= '9')
      return 0;
  }
  err[0] = '\0';
  st = ecsnet_plan_run((const char *)data, size, NULL, NULL, NULL, &p, err, sizeof err);
  if (st != ECSNET_OK) {
    if (p != NULL || err[0] == '\0' || st == ECSNET_ENOMEM)
      abort();
    return 0;
  }
  if (p == NULL)
    abort();
  for (i = 0; i < p->nfindings; i++) {
    const ecsnet_plan_finding_t *f = &p->findings[i];
    if (f->code == NULL || f->message == NULL || f->pointer == NULL ||
        (f->pointer[0] != '\0' && f->pointer[0] != '/'))
      abort();
    if (f->severity == ECSNET_SEV_ERROR)
      errors++;
  }
  if (errors > 0 && p->ok)
    abort();
  for (i = 0; i < p->nsubnets; i++) {
    const ecsnet_plan_subnet_t *s = &p->subnets[i];
    if (!s->valid)
      continue;
    if (s->needed != s->hosts + s->trunk_enis + s->tasks + s->surge + s->extras ||
        s->headroom != s->usable - s->needed)
      abort();
    if (s->ipv6_only) {   /* IPv6-only: out of the totals; a /64 is the cap */
      if (s->prefix.family != 6 || s->usable < 0 ||
          s->usable > ECSNET_PLAN_IPV6_USABLE)
        abort();
      continue;
    }
    if (s->usable < 11 || s->usable > 65531)
      abort();
    usable += s->usable;
  }
  if (p->usable != usable)
    abort();
  ecsnet_plan_free(p);
  return 0;
}
