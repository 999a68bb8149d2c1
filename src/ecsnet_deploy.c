/*
** ecsnet_deploy.c: deployment strategies (DeploymentConfiguration;
** docs/reference.md §8.1, "Deployment strategies"): their names, the
** parameters that belong to one strategy, and how many tasks a deployment
** runs at once. The one home of these counts for plans (ecsnet_plan_*.c)
** and for the host-port check of the Lua layer (ecsnet.deployment).
*/
#include <stdio.h>
#include <string.h>

#include "ecsnet_internal.h"


static const char *const STRATEGIES[] = {
  "ROLLING", "BLUE_GREEN", "LINEAR", "CANARY", NULL
};

#define NSTRATEGIES 4


const char *ecsnet_deploy_name(int strategy) {
  return strategy >= 0 && strategy < NSTRATEGIES ? STRATEGIES[strategy] : NULL;
}


int ecsnet_deploy_strategy(const char *s, size_t n, char *err, size_t errlen) {
  char word[64], q[ECSNET_ERRBUF_MAX];
  const char *near = NULL;
  int k;
  for (k = 0; k < NSTRATEGIES; k++)
    if (strlen(STRATEGIES[k]) == n && memcmp(STRATEGIES[k], s, n) == 0)
      return k;
  if (n < sizeof word && memchr(s, '\0', n) == NULL) {
    memcpy(word, s, n);
    word[n] = '\0';
    near = ecsnet__suggest(word, STRATEGIES, NSTRATEGIES);
  }
  ecsnet_quote(q, sizeof q, s, n);
  ecsnet__errf(err, errlen, "unknown deployment strategy %s%s%s%s (expected "
               "ROLLING, BLUE_GREEN, LINEAR or CANARY, as "
               "DeploymentConfiguration.strategy spells them)", q,
               near ? " (did you mean '" : "", near ? near : "",
               near ? "'?)" : "");
  return -1;
}


/* The parameters that belong to one strategy, with AWS's ranges
** (API_LinearConfiguration, API_CanaryConfiguration). */
static const struct {
  const char *key;
  int owner;
  double lo, hi;
} PARAMS[] = {
  { "step_percent", ECSNET_DEPLOY_LINEAR, 3.0, 100.0 },
  { "canary_percent", ECSNET_DEPLOY_CANARY, 0.1, 100.0 },
};


const char *ecsnet_deploy_param_name(size_t i) {
  return i < sizeof PARAMS / sizeof PARAMS[0] ? PARAMS[i].key : NULL;
}


int ecsnet_deploy_param(int strategy, const char *key, double v, char *err,
                        size_t errlen) {
  size_t i;
  for (i = 0; i < sizeof PARAMS / sizeof PARAMS[0]; i++) {
    if (strcmp(PARAMS[i].key, key) != 0)
      continue;
    if (strategy != PARAMS[i].owner) {
      ecsnet__errf(err, errlen, "'%s' belongs to the %s strategy; this "
                   "service's strategy is %s", key,
                   STRATEGIES[PARAMS[i].owner],
                   ecsnet_deploy_name(strategy) ? ecsnet_deploy_name(strategy)
                                                : "unknown");
      return ECSNET_EINVAL;
    }
    if (!(v >= PARAMS[i].lo && v <= PARAMS[i].hi)) {
      ecsnet__errf(err, errlen, "'%s' must be a number from %g to %g "
                   "(docs/reference.md §8.1)", key, PARAMS[i].lo,
                   PARAMS[i].hi);
      return ECSNET_ERANGE;
    }
    return ECSNET_OK;
  }
  ecsnet__errf(err, errlen, "'%s' is not a deployment strategy's parameter",
               key);
  return ECSNET_ENOENT;
}


/* floor(d * pct / 100) (up = 0) or its ceiling (up = 1) into *out, without
** overflow: d = 100q + r, so d * pct / 100 = q * pct + r * pct / 100 with
** r * pct < 100 * 2^53. ECSNET_ERANGE above ECSNET_DEPLOY_MAX_COUNT. */
static int percent_of(long long d, long long pct, int up, long long *out) {
  long long q = d / 100, r = d % 100, part = r * pct / 100;
  if (up && (r * pct) % 100 != 0)
    part++;
  if (q > 0 && pct > (ECSNET_DEPLOY_MAX_COUNT - part) / q)
    return ECSNET_ERANGE;
  *out = q * pct + part;
  return *out > ECSNET_DEPLOY_MAX_COUNT ? ECSNET_ERANGE : ECSNET_OK;
}


int ecsnet_deploy_counts(int strategy, long long desired,
                         long long min_percent, long long max_percent,
                         ecsnet_deploy_counts_t *out) {
  if (ecsnet_deploy_name(strategy) == NULL || desired < 0 ||
      desired > ECSNET_DEPLOY_MAX_COUNT || min_percent < 0 ||
      min_percent > ECSNET_DEPLOY_MAX_COUNT || max_percent < 0 ||
      max_percent > ECSNET_DEPLOY_MAX_COUNT)
    return ECSNET_ERANGE;
  if (strategy != ECSNET_DEPLOY_ROLLING) {
    /* a second full revision beside the first (BLUE_GREEN: inferred from
    ** AWS's guide; LINEAR, CANARY: assumed, during the deployment bake
    ** time); the first keeps its tasks until the traffic has moved */
    if (desired > ECSNET_DEPLOY_MAX_COUNT / 2)
      return ECSNET_ERANGE;
    out->most = out->peak = 2 * desired;
    out->least = desired;
    return ECSNET_OK;
  }
  if (percent_of(desired, max_percent, 0, &out->most) != ECSNET_OK ||
      percent_of(desired, min_percent, 1, &out->least) != ECSNET_OK)
    return ECSNET_ERANGE;
  out->peak = out->most > desired ? out->most : desired;
  return ECSNET_OK;
}
