/*
** test_taskdef.c: the task-definition validator from C alone (task-definition validation;
** docs/reference.md §1.5, §2, §6): reports, the model, built documents, the
** catalog, bad input, and every allocation failing in turn.
*/
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "ecsnet.h"
#include "ecsnet_td_internal.h"   /* the key tables */
#include "check.h"

static const char *TD =
  "{\n"
  "  \"family\": \"web\",\n"
  "  \"networkMode\": \"awsvpc\",\n"
  "  \"requiresCompatibilities\": [\"FARGATE\"],\n"
  "  \"cpu\": \"512\", \"memory\": \"1 GB\",\n"
  "  \"containerDefinitions\": [\n"
  "    {\"name\": \"web\", \"links\": [\"db\"], \"image\": \"x\",\n"
  "     \"portMappings\": [{\"containerPort\": 80, \"hostPort\": 8080},\n"
  "                      {\"containerPort\": 53, \"protocol\": \"udp\"}]},\n"
  "    {\"name\": \"db\", \"image\": \"x\", \"cpu\": 128}\n"
  "  ]\n"
  "}\n";

static const ecsnet_diag_t *find(const ecsnet_report_t *r, const char *id) {
  size_t i;
  for (i = 0; i < r->ndiags; i++)
    if (strcmp(r->diags[i].rule->id, id) == 0)
      return &r->diags[i];
  return NULL;
}


static void test_report(void) {
  ecsnet_validate_opts_t o;
  ecsnet_report_t *r = NULL;
  char err[ECSNET_ERRBUF_MAX];
  const ecsnet_diag_t *d;
  ecsnet_validate_opts_init(&o);
  o.positions = 1;
  CHECK_INT(ecsnet_validate(TD, strlen(TD), &o, NULL, NULL, &r, err,
                            sizeof err), ECSNET_OK);
  CHECK(r != NULL);
  if (r == NULL)
    return;
  CHECK_INT(r->shape, ECSNET_SHAPE_REGISTER);
  CHECK_INT(r->ok, 0);
  CHECK_INT(r->counts[ECSNET_SEV_ERROR], 2);
  d = find(r, "ECS009");
  CHECK(d != NULL);
  if (d) {
    CHECK_STR(d->f.pointer, "/containerDefinitions/0/links");
    CHECK_STR(d->aws_message, "Links are not supported when networkMode=awsvpc.");
    CHECK_INT(d->f.line, 7);
    CHECK_INT(d->f.column, 30);
    CHECK_STR(d->rule->checklist, "R9");
  }
  d = find(r, "ECS008");
  CHECK(d != NULL);
  if (d) {
    CHECK_STR(d->f.pointer, "/containerDefinitions/0/portMappings/0/hostPort");
    CHECK_INT(d->f.line, 8);
    CHECK_INT(d->f.severity, ECSNET_SEV_ERROR);
  }
  /* document order */
  CHECK(r->ndiags >= 2 && strcmp(r->diags[0].rule->id, "ECS009") == 0);
  /* the model */
  CHECK_INT(r->ntaskdefs, 1);
  if (r->ntaskdefs == 1) {
    const ecsnet_taskdef_t *t = &r->taskdefs[0];
    CHECK_STR(t->family, "web");
    CHECK_STR(t->pointer, "");
    CHECK_INT(t->mode, ECSNET_MODE_AWSVPC);
    CHECK_INT(t->mode_given, 1);
    CHECK_INT(t->launch_types, ECSNET_LT_FARGATE);
    CHECK(t->cpu == 512);
    CHECK(t->memory == 1024);
    CHECK_INT(t->ncontainers, 2);
    CHECK_INT(t->containers[0].nports, 2);
    CHECK_INT(t->containers[0].ports[1].container_port, 53);
    CHECK_INT(t->containers[0].ports[1].protocol, ECSNET_PROTO_UDP);
    CHECK_INT(t->containers[0].ports[1].host_port, -1);
    CHECK(t->containers[1].cpu == 128);
    CHECK_STR(t->containers[1].name, "db");
  }
  ecsnet_report_free(r);
  ecsnet_report_free(NULL);
}


static void test_bad(void) {
  static const struct { const char *text; int status; const char *msg; } cases[] = {
    { "{\"a\": [1,]}", ECSNET_EINVAL, "malformed JSON at line 1 column 10: trailing comma" },
    { "{\n\"a\": }", ECSNET_EINVAL, "malformed JSON at line 2 column 6: expected a value" },
    { "", ECSNET_EINVAL, "empty document" },
    { "42", ECSNET_EINVAL, "not a task definition" },
    { "{\"family\": \"\xff\"}", ECSNET_EINVAL, "invalid UTF-8 at line 1 column 13" },
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ecsnet_report_t *r = (ecsnet_report_t *)1;
    char err[ECSNET_ERRBUF_MAX] = "";
    CHECK_INT(ecsnet_validate(cases[i].text, strlen(cases[i].text), NULL, NULL,
                              NULL, &r, err, sizeof err), cases[i].status);
    CHECK(r == NULL);
    CHECK(strncmp(err, cases[i].msg, strlen(cases[i].msg)) == 0);
  }
  {
    /* a NUL byte inside the given length */
    const char text[] = "{\"family\": \"a\0b\"}";
    ecsnet_report_t *r;
    char err[ECSNET_ERRBUF_MAX];
    CHECK_INT(ecsnet_validate(text, sizeof text - 1, NULL, NULL, NULL, &r, err,
                              sizeof err), ECSNET_EINVAL);
    CHECK(strstr(err, "NUL byte at line 1 column 14") != NULL);
  }
  {
    /* the size limit */
    ecsnet_validate_opts_t o;
    ecsnet_report_t *r;
    char err[ECSNET_ERRBUF_MAX];
    ecsnet_validate_opts_init(&o);
    o.max_bytes = 4;
    CHECK_INT(ecsnet_validate("[{}]  ", 6, &o, NULL, NULL, &r, err,
                              sizeof err), ECSNET_ELIMIT);
    CHECK(strstr(err, "document too large") != NULL);
  }
}


static void test_built(void) {
  ecsnet_json_t *doc = ecsnet_json_object(), *cds = ecsnet_json_array();
  ecsnet_json_t *c = ecsnet_json_object(), *pms = ecsnet_json_array();
  ecsnet_json_t *pm = ecsnet_json_object();
  ecsnet_report_t *r = NULL;
  char err[ECSNET_ERRBUF_MAX];
  CHECK_INT(ecsnet_json_set(doc, "networkMode", 11, ecsnet_json_string("none", 4)), ECSNET_OK);
  CHECK_INT(ecsnet_json_set(doc, "containerDefinitions", 20, cds), ECSNET_OK);
  CHECK_INT(ecsnet_json_append(cds, c), ECSNET_OK);
  CHECK_INT(ecsnet_json_set_ref(c, "name", ecsnet_json_string_ref("app")), ECSNET_OK);
  CHECK_INT(ecsnet_json_set(c, "portMappings", 12, pms), ECSNET_OK);
  CHECK_INT(ecsnet_json_append(pms, pm), ECSNET_OK);
  CHECK_INT(ecsnet_json_set(pm, "containerPort", 13, ecsnet_json_number(80)), ECSNET_OK);
  {
    ecsnet_json_t *n = ecsnet_json_null();
    CHECK_INT(ecsnet_json_append(doc, n), ECSNET_EINVAL);  /* not a list */
    ecsnet_json_free(n);                                   /* still ours */
  }
  ecsnet_json_sort(doc);
  CHECK(ecsnet_json_first(doc) != NULL);
  CHECK_INT(ecsnet_validate_json(doc, NULL, NULL, NULL, &r, err, sizeof err), ECSNET_OK);
  if (r) {
    const ecsnet_diag_t *d = find(r, "ECS007");
    CHECK(d != NULL);
    if (d) {
      CHECK_STR(d->f.pointer, "/containerDefinitions/0/portMappings");
      CHECK_INT(d->f.line, 0);
    }
    ecsnet_report_free(r);
  }
  ecsnet_json_free(doc);
  ecsnet_json_free(NULL);
  CHECK(ecsnet_json_string("a\0b", 3) == NULL);
}


/* JSON text read into nodes through the front end, walked with the
** reading accessors (what lecsnet_json.c does). */
static void test_parsed(void) {
  static const char text[] = "{\"a\": [1.5, \"x\", true, false, null], \"b\": {}}";
  ecsnet_json_t *doc = NULL, *a, *e;
  char err[ECSNET_ERRBUF_MAX];
  size_t len = 9;
  CHECK_INT(ecsnet_json_parse("the manifest", text, sizeof text - 1, 1024, &doc, err, sizeof err),
            ECSNET_OK);
  CHECK_INT(ecsnet_json_kind(doc), ECSNET_JSON_OBJECT);
  a = ecsnet_json_first(doc);
  CHECK_STR(ecsnet_json_name(a), "a");
  CHECK_INT(ecsnet_json_kind(a), ECSNET_JSON_ARRAY);
  e = ecsnet_json_first(a);
  CHECK(ecsnet_json_value(e) == 1.5);
  CHECK(ecsnet_json_name(e) == NULL);
  e = ecsnet_json_next(e);
  CHECK_STR(ecsnet_json_text(e, &len), "x");
  CHECK_INT((int)len, 1);
  CHECK_INT(ecsnet_json_kind(ecsnet_json_next(e)), ECSNET_JSON_TRUE);
  CHECK_INT(ecsnet_json_kind(ecsnet_json_next(ecsnet_json_next(e))), ECSNET_JSON_FALSE);
  CHECK_INT(ecsnet_json_kind(ecsnet_json_next(ecsnet_json_next(ecsnet_json_next(e)))), ECSNET_JSON_NULL);
  CHECK(ecsnet_json_text(a, &len) == NULL && len == 0);
  CHECK(ecsnet_json_value(a) == 0);
  CHECK_INT(ecsnet_json_kind(ecsnet_json_next(a)), ECSNET_JSON_OBJECT);
  CHECK(ecsnet_json_next(ecsnet_json_next(a)) == NULL);
  ecsnet_json_free(doc);
  CHECK_INT(ecsnet_json_parse("the manifest", "{\"a\":", 5, 1024, &doc, err, sizeof err), ECSNET_EINVAL);
  CHECK(doc == NULL);
  CHECK_STR(err, "the manifest is not valid JSON (near line 1, column 5)");
  CHECK_INT(ecsnet_json_parse(NULL, "[]", 2, 1, &doc, err, sizeof err), ECSNET_ELIMIT);
  CHECK_STR(err, "the document is too large: 2 bytes, more than the limit of 1");
}


static void test_catalog(void) {
  size_t i, j, n = ecsnet_rules_count();
  char id[8];
  CHECK(n >= 30);
  for (i = 0; i < n; i++) {
    const ecsnet_rule_t *r = ecsnet_rule(i);
    snprintf(id, sizeof id, "ECS%03u", (unsigned)(i + 1));
    CHECK_STR(r->id, id);
    CHECK(ecsnet_rule_find(id) == r);
    CHECK(r->help != NULL && strlen(r->help) > 20);
    CHECK(strncmp(r->link, "https://", 8) == 0);
    for (j = 0; j < i; j++)
      CHECK(strcmp(ecsnet_rule(j)->name, r->name) != 0);
  }
  CHECK(ecsnet_rule(n) == NULL);
  CHECK(ecsnet_rule_find("ECS999") == NULL);
  CHECK(ecsnet_rule_find(NULL) == NULL);
  CHECK(ecsnet_rule_find("ECS000") == NULL);
  CHECK(ecsnet_rule_find("ECS") == NULL);
  CHECK(ecsnet_rule_find("ECS01") == NULL);
  CHECK(ecsnet_rule_find("ECS0011") == NULL);
  CHECK(ecsnet_rule_find("ECS0a1") == NULL);
  CHECK(ecsnet_rule_find("ecs001") == NULL);
  snprintf(id, sizeof id, "ECS%03u", (unsigned)(n + 1));
  CHECK(ecsnet_rule_find(id) == NULL);
  CHECK_STR(ecsnet_severity_name(ECSNET_SEV_WARNING), "warning");
  CHECK_STR(ecsnet_shape_name(ECSNET_SHAPE_CLOUDFORMATION), "cloudformation");
}


/* The caller's allocator failing in turn: check_failing_alloc (check.h). */


static void test_alloc_failures(void) {
  int k, ok = 0;
  for (k = 0; k < 200 && !ok; k++) {
    check_failer f;
    ecsnet_report_t *r = NULL;
    ecsnet_validate_opts_t o;
    char err[ECSNET_ERRBUF_MAX];
    int st;
    f.left = k;
    f.live = 0;
    ecsnet_validate_opts_init(&o);
    o.positions = 1;
    st = ecsnet_validate(TD, strlen(TD), &o, check_failing_alloc, &f, &r, err,
                         sizeof err);
    if (st == ECSNET_OK) {
      ok = 1;
      CHECK(r != NULL);
      ecsnet_report_free(r);
    }
    else {
      CHECK_INT(st, ECSNET_ENOMEM);
      CHECK(r == NULL);
    }
    CHECK_INT(f.live, 0);
  }
  CHECK(ok);
}


/* Terraform's JSON output: a plan with a child module, the
** address in each message, the position inside the container_definitions
** string, and every allocation failing in turn (the parsed string is
** freed on the way out: valgrind and ASan runs see a leak otherwise). */
static const char *TFPLAN =
  "{\"format_version\": \"1.2\", \"terraform_version\": \"1.9.8\",\n"
  " \"planned_values\": {\"root_module\": {\"child_modules\": [\n"
  "  {\"address\": \"module.app\", \"resources\": [\n"
  "   {\"address\": \"module.app.aws_ecs_task_definition.web\",\n"
  "    \"mode\": \"managed\", \"type\": \"aws_ecs_task_definition\",\n"
  "    \"name\": \"web\", \"values\": {\"family\": \"web\",\n"
  "     \"network_mode\": \"awsvpc\", \"requires_compatibilities\": [\"FARGATE\"],\n"
  "     \"container_definitions\": \"[{\\\"name\\\": \\\"web\\\",\\n"
  " \\\"portMappings\\\": [{\\\"containerPort\\\": 80, \\\"hostPort\\\": 81}]}]\"}}]}]}}}\n";

static void test_tfplan(void) {
  ecsnet_report_t *r = NULL;
  ecsnet_validate_opts_t o;
  char err[ECSNET_ERRBUF_MAX];
  const ecsnet_diag_t *d;
  int k, ok = 0;
  ecsnet_validate_opts_init(&o);
  o.positions = 1;
  CHECK_INT(ecsnet_validate(TFPLAN, strlen(TFPLAN), &o, NULL, NULL, &r, err,
                            sizeof err), ECSNET_OK);
  if (r == NULL)
    return;
  CHECK_INT(r->shape, ECSNET_SHAPE_TERRAFORM_PLAN);
  CHECK_STR(ecsnet_shape_name(r->shape), "terraform_plan");
  CHECK_INT(r->ntaskdefs, 1);
  d = find(r, "ECS008");
  CHECK(d != NULL);
  if (d != NULL) {
    CHECK_STR(d->f.pointer, "/planned_values/root_module/child_modules/0/"
              "resources/0/values/container_definitions/0/portMappings/0/"
              "hostPort");
    CHECK(strncmp(d->f.message, "module.app.aws_ecs_task_definition.web: ",
                  40) == 0);
    CHECK(strstr(d->f.message, "(inside the container_definitions string: "
                 "line 2, column 53)") != NULL);
    CHECK_INT(d->f.line, 8);   /* the string in the plan */
  }
  ecsnet_report_free(r);
  for (k = 0; k < 200 && !ok; k++) {
    check_failer f;
    int st;
    r = NULL;
    f.left = k;
    f.live = 0;
    st = ecsnet_validate(TFPLAN, strlen(TFPLAN), &o, check_failing_alloc, &f, &r,
                         err, sizeof err);
    if (st == ECSNET_OK) {
      ok = 1;
      ecsnet_report_free(r);
    }
    else
      CHECK_INT(st, ECSNET_ENOMEM);
    CHECK_INT(f.live, 0);
  }
  CHECK(ok);
}


/* The generated key tables (src/ecsnet_shapes.c, tools/gen-shapes.py) say
** what the API model says, shape by shape: every member is found, at its
** own name, and there is no other. */
static void test_shapes_agree(void) {
  static const struct { ecsnet_ks_t ks; const char *shape; } api[] = {
    { ECSNET_KS_REGISTER, "RegisterTaskDefinitionRequest" },
    { ECSNET_KS_DESCRIBE, "TaskDefinition" },
    { ECSNET_KS_CONTAINER, "ContainerDefinition" },
    { ECSNET_KS_PORT, "PortMapping" },
    { ECSNET_KS_PLATFORM, "RuntimePlatform" },
  };
  const char *path = "../shared/reference/ecs-api-shapes-2026-08.json";
  FILE *f = fopen(path, "rb");
  char *text;
  long len;
  cJSON *doc, *shapes;
  size_t k;
  CHECK(f != NULL);
  if (f == NULL) {
    fprintf(stderr, "%s is missing: the key tables cannot be checked\n", path);
    return;
  }
  fseek(f, 0, SEEK_END);
  len = ftell(f);
  fseek(f, 0, SEEK_SET);
  text = (char *)malloc((size_t)len + 1);
  CHECK(text != NULL && fread(text, 1, (size_t)len, f) == (size_t)len);
  fclose(f);
  if (text == NULL)
    return;
  text[len] = '\0';
  doc = cJSON_Parse(text);
  shapes = cJSON_GetObjectItemCaseSensitive(doc, "shapes");
  CHECK(cJSON_IsObject(shapes));
  for (k = 0; k < sizeof api / sizeof api[0]; k++) {
    const ecsnet_keyshape_t *t = &ecsnet__keyshapes[api[k].ks];
    const cJSON *m, *members = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(shapes, api[k].shape), "members");
    unsigned n = 0;
    CHECK_STR(t->shape, api[k].shape);
    for (m = members ? members->child : NULL; m != NULL; m = m->next, n++) {
      int i = ks_find(t, key_sig(m->string), m->string, 0);
      CHECK(i >= 0 && strcmp(t->names[i], m->string) == 0);
      if (i < 0)
        fprintf(stderr, "%s.%s is not in src/ecsnet_shapes.c: run "
                "python3 tools/gen-shapes.py\n", api[k].shape, m->string);
    }
    CHECK_INT(n, t->n);
  }
  /* lookups: exact first letter, or either case (CloudFormation) */
  CHECK(ks_find(&ecsnet__keyshapes[ECSNET_KS_CONTAINER], key_sig("hostName"),
                "hostName", 0) < 0);
  CHECK(ks_find(&ecsnet__keyshapes[ECSNET_KS_CONTAINER], key_sig("Memory"),
                "Memory", 0) < 0);
  CHECK(ks_find(&ecsnet__keyshapes[ECSNET_KS_CONTAINER], key_sig("Memory"),
                "Memory", 1) >= 0);
  CHECK(ks_find(&ecsnet__keyshapes[ECSNET_KS_CONTAINER],
                key_sig("memoryReservation"), "memoryReservation", 0) >= 0);
  CHECK(ks_find(&ecsnet__keyshapes[ECSNET_KS_TF_TASK], key_sig("network_mode"),
                "network_mode", 0) >= 0);
  cJSON_Delete(doc);
  free(text);
}


/* Terraform's HCL told apart from JSON. */
static void test_hcl(void) {
  static const char *const hcl[] = {
    "resource \"aws_ecs_task_definition\" \"web\" {\n  family = \"web\"\n}\n",
    "# a comment\n// another\n/* and one */ module \"app\" {}",
    "terraform {\n  required_version = \">= 1.5\"\n}",
    "locals {}",
  };
  static const char *const not_hcl[] = {
    "{\"family\": \"web\"}", "[]", "resources \"x\" {}", "resource = 1",
    "", "data", "# only a comment",
  };
  size_t i;
  for (i = 0; i < sizeof hcl / sizeof hcl[0]; i++)
    CHECK(ecsnet__td_looks_like_hcl(hcl[i], strlen(hcl[i])));
  for (i = 0; i < sizeof not_hcl / sizeof not_hcl[0]; i++)
    CHECK(!ecsnet__td_looks_like_hcl(not_hcl[i], strlen(not_hcl[i])));
  CHECK(!ecsnet__td_looks_like_hcl(NULL, 0));
}


/* A template's services (docs/reference.md §8.1, §8.5): the report's
** services, a diagnostic in the target group naming both resources, its
** place in the text, and every allocation failing in turn. */
static const char *SVC =
  "{\"Resources\": {\n"
  "  \"Web\": {\"Type\": \"AWS::ECS::TaskDefinition\", \"Properties\": {\n"
  "    \"NetworkMode\": \"awsvpc\", \"ContainerDefinitions\": [\n"
  "      {\"Name\": \"web\", \"Image\": \"nginx\", \"PortMappings\": [{\"ContainerPort\": 80}]}]}},\n"
  "  \"Tg\": {\"Type\": \"AWS::ElasticLoadBalancingV2::TargetGroup\",\n"
  "    \"Properties\": {\"Protocol\": \"HTTP\", \"Port\": 80}},\n"
  "  \"Api\": {\"Type\": \"AWS::ECS::Service\", \"Properties\": {\n"
  "    \"TaskDefinition\": {\"Fn::GetAtt\": [\"Web\", \"TaskDefinitionArn\"]},\n"
  "    \"LaunchType\": \"EC2\",\n"
  "    \"NetworkConfiguration\": {\"AwsvpcConfiguration\": {\"Subnets\": [\"s\"]}},\n"
  "    \"LoadBalancers\": [{\"ContainerName\": \"web\", \"ContainerPort\": 80,\n"
  "                       \"TargetGroupArn\": {\"Ref\": \"Tg\"}}]}}}}\n";

static void test_services(void) {
  ecsnet_validate_opts_t o;
  ecsnet_report_t *r = NULL;
  char err[ECSNET_ERRBUF_MAX];
  const ecsnet_diag_t *d;
  int k, ok = 0;
  ecsnet_validate_opts_init(&o);
  o.positions = 1;
  CHECK_INT(ecsnet_validate(SVC, strlen(SVC), &o, NULL, NULL, &r, err,
                            sizeof err), ECSNET_OK);
  if (r == NULL)
    return;
  CHECK_INT((int)r->nservices, 1);
  CHECK_STR(r->services[0].name, "Api");
  CHECK_STR(r->services[0].pointer, "/Resources/Api");
  CHECK_INT(r->services[0].taskdef, 0);
  CHECK_INT((int)r->services[0].launch_type, ECSNET_LT_EC2);
  CHECK_STR(r->taskdefs[0].resource, "Web");
  CHECK_INT(r->counts[ECSNET_SEV_ERROR], 1);
  d = find(r, "ECS042");   /* no TargetType: instance, the default */
  CHECK(d != NULL);
  if (d) {
    CHECK_STR(d->f.pointer, "/Resources/Tg/Properties");
    CHECK_INT(d->f.line, 6);
    CHECK_INT(d->taskdef, 0);
    CHECK(strstr(d->f.message, "service Api: target group Tg has target "
                 "type instance (the default)") != NULL);
  }
  {   /* the same task definition under a create-service input */
    static const char *CS = "{\"serviceName\": \"api\", \"launchType\": "
      "\"FARGATE\", \"loadBalancers\": [{\"containerName\": \"web\", "
      "\"containerPort\": 81, \"targetGroupArn\": \"arn:tg\"}]}";
    ecsnet_validate_opts_t so;
    ecsnet_report_t *sr = NULL;
    ecsnet_validate_opts_init(&so);
    so.taskdef = &r->taskdefs[0];
    CHECK_INT(ecsnet_validate(CS, strlen(CS), &so, NULL, NULL, &sr, err,
                              sizeof err), ECSNET_OK);
    if (sr != NULL) {
      CHECK_INT(sr->shape, ECSNET_SHAPE_SERVICE);
      CHECK_STR(ecsnet_shape_name(sr->shape), "service");
      CHECK_INT((int)sr->nservices, 1);
      CHECK_INT((int)sr->ntaskdefs, 0);
      CHECK(find(sr, "ECS036") != NULL);   /* awsvpc, no networkConfiguration */
      CHECK(find(sr, "ECS041") != NULL && find(sr, "ECS041")->taskdef == -1);
      ecsnet_report_free(sr);
    }
  }
  ecsnet_report_free(r);
  for (k = 0; k < 300 && !ok; k++) {
    check_failer f;
    int st;
    f.left = k;
    f.live = 0;
    r = NULL;
    st = ecsnet_validate(SVC, strlen(SVC), &o, check_failing_alloc, &f, &r,
                         err, sizeof err);
    if (st == ECSNET_OK) {
      ok = 1;
      CHECK_INT((int)r->nservices, 1);
      ecsnet_report_free(r);
    }
    else
      CHECK_INT(st, ECSNET_ENOMEM);
    CHECK_INT(f.live, 0);
  }
  CHECK(ok);
}


int main(void) {
  test_report();
  test_bad();
  test_built();
  test_parsed();
  test_catalog();
  test_alloc_failures();
  test_tfplan();
  test_shapes_agree();
  test_hcl();
  test_services();
  return CHECK_REPORT();
}
