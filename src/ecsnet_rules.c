/*
** ecsnet_rules.c: the validator's rule catalog.
**
** Every rule repeats a sourced fact of docs/reference.md: the
** checklist number (R1-R23 of §6) and the section are part of each entry.
** IDs are stable: a rule is never renumbered; a retired rule keeps its ID.
** docs/rules.md is generated from this table (tools/gen-rules-doc.lua) and
** a spec checks that the two agree. The entries are in ecsnet_rules_list.h,
** from which ecsnet_internal.h also makes the enum of rule IDs.
*/
#include <string.h>

#include "ecsnet.h"
#include "ecsnet_internal.h"

#define DOC "https://docs.aws.amazon.com/AmazonECS/latest/"
#define TDP DOC "developerguide/task_definition_parameters.html"
#define APIPM DOC "APIReference/API_PortMapping.html"
#define APICD DOC "APIReference/API_ContainerDefinition.html"
#define APIRT DOC "APIReference/API_RegisterTaskDefinition.html"

#define E ECSNET_SEV_ERROR
#define W ECSNET_SEV_WARNING
#define I ECSNET_SEV_INFO

/* The catalog, in ID order: ecsnet__rules[ECSNET_RULE_ECS001] is ECS001. */
const ecsnet_rule_t ecsnet__rules[ECSNET_RULE_COUNT] = {
#define ECSNET_RULE(id, ...) { #id, __VA_ARGS__ },
#include "ecsnet_rules_list.h"
#undef ECSNET_RULE
};


size_t ecsnet_rules_count(void) {
  return ECSNET_COUNTOF(ecsnet__rules);
}


const ecsnet_rule_t *ecsnet_rule(size_t i) {
  return i < ECSNET_COUNTOF(ecsnet__rules) ? &ecsnet__rules[i] : NULL;
}


/* IDs are "ECS" + three digits, in order, so the number is the index + 1. */
const ecsnet_rule_t *ecsnet_rule_find(const char *id) {
  size_t k;
  if (id == NULL || strncmp(id, "ECS", 3) != 0 || id[3] < '0' || id[3] > '9' ||
      id[4] < '0' || id[4] > '9' || id[5] < '0' || id[5] > '9' || id[6] != '\0')
    return NULL;
  k = (size_t)((id[3] - '0') * 100 + (id[4] - '0') * 10 + (id[5] - '0'));
  return k >= 1 && k <= ECSNET_RULE_COUNT ? &ecsnet__rules[k - 1] : NULL;
}


const char *ecsnet_severity_name(ecsnet_severity_t s) {
  switch (s) {
    case ECSNET_SEV_ERROR: return "error";
    case ECSNET_SEV_WARNING: return "warning";
    case ECSNET_SEV_INFO: return "info";
    default: return NULL;
  }
}
