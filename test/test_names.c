/*
** test_names.c: the core's name lists (launch types, OS names, shapes)
** from C alone: each name is what the validator accepts and reports.
** Reference: docs/reference.md §1.2 and §5 (launch types, Windows), §2 (shapes).
*/
#include <stdio.h>
#include <string.h>

#include "ecsnet.h"
#include "check.h"


static const unsigned lt_bits[] = {
  ECSNET_LT_EC2, ECSNET_LT_FARGATE, ECSNET_LT_EXTERNAL,
  ECSNET_LT_MANAGED_INSTANCES
};


/* The launch types the validator reads from requiresCompatibilities. */
static unsigned validated_launch_types(const char *name) {
  char doc[256], err[ECSNET_ERRBUF_MAX];
  ecsnet_report_t *r = NULL;
  unsigned lt = 0;
  snprintf(doc, sizeof doc, "{\"family\":\"web\",\"networkMode\":\"awsvpc\","
           "\"requiresCompatibilities\":[\"%s\"],\"containerDefinitions\":"
           "[{\"name\":\"web\",\"image\":\"nginx\"}]}", name);
  CHECK_INT(ecsnet_validate(doc, strlen(doc), NULL, NULL, NULL, &r, err,
                            sizeof err), ECSNET_OK);
  if (r != NULL && r->ntaskdefs == 1)
    lt = r->taskdefs[0].launch_types;
  ecsnet_report_free(r);
  return lt;
}


static void test_launch_types(void) {
  size_t i;
  for (i = 0; i < sizeof lt_bits / sizeof lt_bits[0]; i++) {
    const char *name = ecsnet_launch_type_name(i);
    CHECK(name != NULL);
    if (name == NULL)
      continue;
    CHECK_INT(lt_bits[i], 1u << i);
    CHECK_INT(ecsnet_launch_type_bit(name, strlen(name)), lt_bits[i]);
    CHECK_INT(validated_launch_types(name), lt_bits[i]);
  }
  CHECK(ecsnet_launch_type_name(i) == NULL);
  CHECK(ecsnet_launch_type_name((size_t)-1) == NULL);
  CHECK_STR(ecsnet_launch_type_name(0), "EC2");
  CHECK_STR(ecsnet_launch_type_name(3), "MANAGED_INSTANCES");
  /* exact names, by length: no prefix, no case folding, no NUL tail */
  CHECK_INT(ecsnet_launch_type_bit("FARGATEX", 7), ECSNET_LT_FARGATE);
  CHECK_INT(ecsnet_launch_type_bit("FARGATE", 6), 0);
  CHECK_INT(ecsnet_launch_type_bit("fargate", 7), 0);
  CHECK_INT(ecsnet_launch_type_bit("EC2\0", 4), 0);
  CHECK_INT(ecsnet_launch_type_bit("", 0), 0);
}


static void test_os_names(void) {
  CHECK_STR(ecsnet_os_name(ECSNET_OS_LINUX), "linux");
  CHECK_STR(ecsnet_os_name(ECSNET_OS_WINDOWS), "windows");
  CHECK(ecsnet_os_name((ecsnet_os_t)2) == NULL);
  CHECK(ecsnet_os_name((ecsnet_os_t)-1) == NULL);
}


static void test_shapes(void) {
  int i;
  for (i = 0; i < ECSNET_SHAPE_COUNT; i++)
    CHECK(ecsnet_shape_name((ecsnet_shape_t)i) != NULL);
  CHECK(ecsnet_shape_name(ECSNET_SHAPE_COUNT) == NULL);
  CHECK_STR(ecsnet_shape_name(ECSNET_SHAPE_CLOUDFORMATION), "cloudformation");
}


int main(void) {
  test_launch_types();
  test_os_names();
  test_shapes();
  return CHECK_REPORT();
}
