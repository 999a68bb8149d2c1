/*
** test_core.c: the core's basics and the network-mode model, from C alone.
** Reference: ecs-facts.md §1.1-1.3.
*/
#include <string.h>

#include "ecsnet.h"
#include "check.h"


static void test_basics(void) {
  char buf[ECSNET_ERRBUF_MAX];
  CHECK_STR(ecsnet_version(), ECSNET_VERSION);
  CHECK_STR(ecsnet_strerror(ECSNET_OK), "ok");
  CHECK_STR(ecsnet_strerror(ECSNET_ENOMEM), "not enough memory");
  CHECK_STR(ecsnet_strerror(-1), "unknown status");

  ecsnet_quote(buf, sizeof buf, "brige", 5);
  CHECK_STR(buf, "'brige'");
  ecsnet_quote(buf, sizeof buf, "a\0b\n'", 5);
  CHECK_STR(buf, "'a\\x00b\\n\\''");
  ecsnet_quote(buf, 4, "abcdef", 6);  /* truncated, still terminated */
  CHECK_INT(strlen(buf), 3);
  ecsnet_quote(buf, sizeof buf,
               "0123456789012345678901234567890123456789012345678901234", 55);
  CHECK(strstr(buf, "...'") != NULL);
}


static void test_mode_lookup(void) {
  const ecsnet_mode_info_t *m = NULL;
  CHECK_INT(ecsnet_mode_lookup("awsvpc", 6, ECSNET_OS_LINUX, &m), ECSNET_OK);
  CHECK(m != NULL && m->id == ECSNET_MODE_AWSVPC);
  /* §1.1: an omitted mode is bridge on Linux, nat on Windows */
  CHECK_INT(ecsnet_mode_lookup("default", 7, ECSNET_OS_LINUX, &m), ECSNET_OK);
  CHECK(m->id == ECSNET_MODE_BRIDGE);
  CHECK_INT(ecsnet_mode_lookup("default", 7, ECSNET_OS_WINDOWS, &m), ECSNET_OK);
  CHECK(m->id == ECSNET_MODE_NAT);
  CHECK_STR(m->driver, "nat");
  CHECK(m->api_value == NULL);
  CHECK_INT(ecsnet_mode_lookup("brige", 5, ECSNET_OS_LINUX, &m), ECSNET_ENOENT);
  /* length-delimited: a NUL inside the name is not a match */
  CHECK_INT(ecsnet_mode_lookup("host\0x", 6, ECSNET_OS_LINUX, &m), ECSNET_ENOENT);
  CHECK_INT(ecsnet_mode_lookup("hos", 3, ECSNET_OS_LINUX, &m), ECSNET_ENOENT);
  CHECK(ecsnet_mode_info(ECSNET_MODE_COUNT) == NULL);
}


static void test_mode_cells(void) {
  const ecsnet_mode_info_t *b = ecsnet_mode_info(ECSNET_MODE_BRIDGE);
  const ecsnet_mode_info_t *v = ecsnet_mode_info(ECSNET_MODE_AWSVPC);
  const ecsnet_mode_info_t *n = ecsnet_mode_info(ECSNET_MODE_NONE);
  /* §1.2 */
  CHECK_INT(v->support[ECSNET_PLATFORM_FARGATE], ECSNET_SUPPORT_REQUIRED);
  CHECK_INT(b->support[ECSNET_PLATFORM_EC2_LINUX], ECSNET_SUPPORT_DEFAULT);
  CHECK_INT(v->support[ECSNET_PLATFORM_EXTERNAL_LINUX], ECSNET_SUPPORT_NO);
  /* §1.3 */
  CHECK_INT(b->cap[ECSNET_CAP_LINKS], 1);
  CHECK_INT(v->cap[ECSNET_CAP_LINKS], 0);
  CHECK_INT(n->cap[ECSNET_CAP_PORT_MAPPINGS], 0);
  CHECK_STR(v->lb_target_type, "ip");
  CHECK_STR(ecsnet_cap_name(ECSNET_CAP_OWN_ENI), "own_eni");
  CHECK_STR(ecsnet_platform_name(ECSNET_PLATFORM_MANAGED_INSTANCES),
            "managed_instances");
  CHECK(ecsnet_cap_name(ECSNET_CAP_COUNT) == NULL);
}


int main(void) {
  test_basics();
  test_mode_lookup();
  test_mode_cells();
  return CHECK_REPORT();
}
