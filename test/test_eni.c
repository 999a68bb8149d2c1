/*
** test_eni.c: the ENI part's core without Lua (docs/reference.md §3,
** §4.1): the compiled table against data/instance-types.json (read here
** with cJSON, independently of the loader), lookups, run-time databases,
** density, plans, and every allocation failing in turn. Run from the top
** folder (make test does).
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"
#include "ecsnet.h"
#include "check.h"


static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  char *buf;
  long len;
  if (f == NULL)
    return NULL;
  fseek(f, 0, SEEK_END);
  len = ftell(f);
  fseek(f, 0, SEEK_SET);
  buf = (char *)malloc((size_t)len + 1);
  if (buf == NULL || fread(buf, 1, (size_t)len, f) != (size_t)len) {
    free(buf);
    fclose(f);
    return NULL;
  }
  buf[len] = '\0';
  fclose(f);
  *n = (size_t)len;
  return buf;
}


static int intval(const cJSON *o, const char *k) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
  return cJSON_IsNumber(v) ? (int)v->valuedouble : -1;
}


/* The row's "trunk_tier" as ECSNET_TIER_*, -1 when missing or bad. */
static int tier_of(const cJSON *r) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(r, "trunk_tier");
  int t;
  for (t = ECSNET_TIER_DOCUMENTED; t <= ECSNET_TIER_USER; t++)
    if (cJSON_IsString(v) && strcmp(v->valuestring, ecsnet_tier_name(t)) == 0)
      return t;
  return -1;
}


/* The generated table must say what the JSON says, row by row. */
static void test_json_agrees(void) {
  size_t n = 0, rows = 0;
  char *text = slurp("data/instance-types.json", &n);
  cJSON *doc, *list, *r;
  CHECK(text != NULL);
  if (text == NULL)
    return;
  doc = cJSON_ParseWithLength(text, n);
  CHECK(doc != NULL);
  list = cJSON_GetObjectItemCaseSensitive(doc, "instance_types");
  CHECK(cJSON_IsArray(list));
  cJSON_ArrayForEach(r, list) {
    const char *name = cJSON_GetObjectItemCaseSensitive(r, "instance_type")->valuestring;
    const ecsnet_instance_t *c = ecsnet_instance_find(name, strlen(name));
    const char *src = cJSON_GetObjectItemCaseSensitive(r, "source")->valuestring;
    int ok;
    rows++;
    if (c == NULL) {
      CHECK(c != NULL);
      continue;
    }
    ok = c->max_enis == intval(r, "max_enis") &&
         c->ipv4_per_eni == intval(r, "ipv4_per_eni") &&
         c->ipv6_per_eni == intval(r, "ipv6_per_eni") &&
         c->trunking == cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "trunking_supported")) &&
         c->tasks_without == intval(r, "awsvpc_tasks_without_trunking") &&
         c->tasks_with == intval(r, "awsvpc_tasks_with_trunking") &&
         strncmp(src, c->source, strlen(c->source)) == 0 &&
         (c->note == NULL) == (strstr(src, "; NOTE: ") == NULL) &&
         tier_of(r) == c->trunk_tier &&
         ((c->trunk_basis == NULL) ==
          !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(r, "trunk_basis"))) &&
         ((c->flags & ECSNET_INST_COMPUTED) != 0) ==
           cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "tasks_without_trunking_computed"));
    if (!ok)
      fprintf(stderr, "data/instance-types.json and src/ecsnet_instdata.c disagree on %s: "
              "run make instance-data\n", name);
    CHECK(ok);
  }
  CHECK_INT(rows, ecsnet_instance_count());
  CHECK_INT(rows, 1399);   /* 648 of 2023 + 751 of EC2's 2026 data */
  cJSON_Delete(doc);
  free(text);
}


static void test_lookup(void) {
  const ecsnet_instance_t *c = ecsnet_instance_find("c5.large", 8);
  size_t i;
  CHECK(c != NULL);
  CHECK_INT(c->max_enis, 3);
  CHECK_INT(c->tasks_without, 2);
  CHECK_INT(c->tasks_with, 10);
  CHECK(ecsnet_instance_find("c9.huge", 7) == NULL);
  CHECK(ecsnet_instance_find("c5.large\0", 9) == NULL);
  CHECK(ecsnet_instance_find("", 0) == NULL);
  CHECK(ecsnet_instance_find(NULL, 3) == NULL);
  CHECK(ecsnet_instance_at(1399) == NULL);
  for (i = 1; i < ecsnet_instance_count(); i++)
    CHECK(strcmp(ecsnet_instance_at(i - 1)->name, ecsnet_instance_at(i)->name) < 0);
  c = ecsnet_instance_find("i4i.large", 9);
  CHECK(c && c->tasks_with == -1 && (c->flags & ECSNET_INST_INVALID_VALUE));
}


static const char describe[] =
  "{\"InstanceTypes\":[{\"InstanceType\":\"p9.big\",\"VCpuInfo\":{\"DefaultVCpus\":96},"
  "\"MemoryInfo\":{\"SizeInMiB\":786432},\"NetworkInfo\":{\"MaximumNetworkInterfaces\":15,"
  "\"Ipv4AddressesPerInterface\":50,\"Ipv6AddressesPerInterface\":50,\"NetworkCards\":["
  "{\"MaximumNetworkInterfaces\":15},{\"MaximumNetworkInterfaces\":15},"
  "{\"MaximumNetworkInterfaces\":15},{\"MaximumNetworkInterfaces\":15}]}}]}";


static void test_db(void) {
  ecsnet_instdb_t *a = ecsnet_instdb_new(NULL, NULL), *b = ecsnet_instdb_new(NULL, NULL);
  char err[ECSNET_ERRBUF_MAX];
  size_t added = 0;
  const ecsnet_instance_t *r;
  CHECK(a && b);
  CHECK_INT(ecsnet_instdb_load(a, describe, sizeof describe - 1, &added, err, sizeof err), ECSNET_OK);
  CHECK_INT(added, 1);
  r = ecsnet_instdb_find(a, "p9.big", 6);
  CHECK(r && r->max_enis == 60 && r->tasks_without == 59 && r->vcpus == 96 &&
        r->network_cards == 4 && r->memory_mib == 786432);
  CHECK(ecsnet_instdb_find(b, "p9.big", 6) == NULL);   /* databases are separate */
  CHECK(ecsnet_instdb_find(NULL, "p9.big", 6) == NULL);
  {
    const char *bad = "[{\"instance_type\":\"x\",\"max_enis\":0,\"ipv4_per_eni\":1}]";
    CHECK_INT(ecsnet_instdb_load(a, bad, strlen(bad), NULL, err, sizeof err), ECSNET_EINVAL);
  }
  CHECK(strstr(err, "'max_enis' must be a whole number") != NULL);
  CHECK_INT(ecsnet_instdb_count(a), 1);
  CHECK_INT(ecsnet_instdb_load(a, "{", 1, NULL, err, sizeof err), ECSNET_EINVAL);
  CHECK_STR(err, "instance data is not valid JSON (near line 1, column 1)");
  {
    /* line and column, columns in characters as for task definitions:
    ** "\xc3\xa9" is one column */
    const char *bad = "[\n  {\"instance_type\": \"\xc3\xa9\\u0000\"}\n]";
    CHECK_INT(ecsnet_instdb_load(a, bad, strlen(bad), NULL, err, sizeof err), ECSNET_EINVAL);
    CHECK_STR(err, "instance data holds \\u0000 at line 2, column 23: a NUL "
              "character in a string is not accepted");
  }
  ecsnet_instdb_free(a);
  ecsnet_instdb_free(b);
  ecsnet_instdb_free(NULL);
}


static void test_density(void) {
  ecsnet_density_in_t in;
  ecsnet_density_t d;
  const ecsnet_instance_t *c = ecsnet_instance_find("c5.large", 8);
  ecsnet_density_in_init(&in);
  CHECK_INT(ecsnet_density(c, &in, &d), ECSNET_OK);
  CHECK_INT(d.tasks, 2);
  CHECK_INT(d.binding, ECSNET_BIND_ENI);
  CHECK(d.trunking_why & ECSNET_TRUNK_SETTING_OFF);
  in.trunking = 1;
  ecsnet_density(c, &in, &d);
  CHECK_INT(d.tasks, 10);
  CHECK_INT(d.eni_limit, 12);
  CHECK_INT(d.ips_used, 12);
  in.os = ECSNET_OS_WINDOWS;
  ecsnet_density(c, &in, &d);
  CHECK_INT(d.tasks, 2);
  CHECK(d.trunking_why == ECSNET_TRUNK_WINDOWS);
  CHECK(ecsnet_trunk_reason(ECSNET_TRUNK_WINDOWS) != NULL);
  CHECK(ecsnet_trunk_reason(ECSNET_TRUNK_UNKNOWN_SUPPORT) != NULL);
  CHECK(ecsnet_trunk_reason(ECSNET_TRUNK_LAST << 1) == NULL);
  in.mode = ECSNET_MODE_COUNT;
  CHECK_INT(ecsnet_density(c, &in, &d), ECSNET_EINVAL);
  CHECK_STR(ecsnet_bind_name(ECSNET_BIND_PORTS), "PORTS");
}


static const char seed[] =
  "{\"vpc\":\"172.31.0.0/16\",\"instance_type\":\"c5.large\",\"trunking\":true,"
  "\"subnets\":[{\"az\":\"a\",\"cidr\":\"172.31.0.0/20\"},{\"az\":\"b\",\"cidr\":\"172.31.16.0/20\"},"
  "{\"az\":\"c\",\"cidr\":\"172.31.32.0/20\"}],"
  "\"services\":[{\"name\":\"web\",\"network_mode\":\"awsvpc\",\"desired_count\":300,"
  "\"maximum_percent\":100}]}";


/* this part: trunking figures in tiers, never passed off. */
static void test_tiers(void) {
  ecsnet_density_in_t in;
  ecsnet_density_t d;
  const ecsnet_instance_t *c = ecsnet_instance_find("c5.large", 8);
  const ecsnet_instance_t *m = ecsnet_instance_find("m7i.large", 9);
  const ecsnet_instance_t *t = ecsnet_instance_find("t3.large", 8);
  const ecsnet_instance_t *u = ecsnet_instance_find("c8gb.48xlarge", 13);
  CHECK(c && m && t && u);
  if (!c || !m || !t || !u)
    return;
  CHECK_STR(ecsnet_instance_data_date(), "2026-08-06");
  CHECK(strstr(ecsnet_instance_data_estimate(), "99.5% exact") != NULL);
  CHECK_STR(ecsnet_tier_name(ECSNET_TIER_USER), "user");
  CHECK(ecsnet_tier_name(ECSNET_TIER_USER + 1) == NULL);
  CHECK_STR(ecsnet_deploy_name(ECSNET_DEPLOY_BLUE_GREEN), "BLUE_GREEN");
  CHECK_STR(ecsnet_deploy_name(ECSNET_DEPLOY_CANARY), "CANARY");
  CHECK(ecsnet_deploy_name(ECSNET_DEPLOY_CANARY + 1) == NULL);
  CHECK(ecsnet_deploy_name(-1) == NULL);
  ecsnet_density_in_init(&in);
  in.trunking = 1;
  ecsnet_density(c, &in, &d);
  CHECK_INT(d.trunk_tier, ECSNET_TIER_DOCUMENTED);
  CHECK(d.trunk_note == NULL);
  /* m7i.large: 9 EKS branch interfaces, like c5.large: 10, estimated */
  ecsnet_density(m, &in, &d);
  CHECK_INT(d.trunk_tier, ECSNET_TIER_ESTIMATED);
  CHECK(d.trunking_applies);
  CHECK_INT(d.tasks, 10);
  CHECK(d.trunk_note != NULL && strncmp(d.trunk_note, "estimated, not documented", 25) == 0);
  /* t3.large: documented as not supported: the "choose a type" advice */
  ecsnet_density(t, &in, &d);
  CHECK(d.trunking_why == ECSNET_TRUNK_UNSUPPORTED_TYPE);
  /* c8gb.48xlarge: 98 branch interfaces, too few documented types share it;
  ** 2 network cards x 12 ENIs, counted across the cards as ECS does */
  ecsnet_density(u, &in, &d);
  CHECK_INT(d.trunk_tier, ECSNET_TIER_UNKNOWN);
  CHECK(d.trunking_why == ECSNET_TRUNK_UNKNOWN_SUPPORT);
  CHECK_INT(u->max_enis, 24);
  CHECK_INT(u->network_cards, 2);
  CHECK_INT(d.tasks, 23);
  CHECK(d.trunk_note != NULL && strncmp(d.trunk_note, "unknown: ", 9) == 0);
  {
    /* the user gives the real number: tier "user" */
    ecsnet_instdb_t *db = ecsnet_instdb_new(NULL, NULL);
    const char *row = "{\"instance_type\":\"c8gb.48xlarge\",\"awsvpc_tasks_with_trunking\":120}";
    char err[ECSNET_ERRBUF_MAX];
    const ecsnet_instance_t *r;
    CHECK(db != NULL);
    CHECK_INT(ecsnet_instdb_load(db, row, strlen(row), NULL, err, sizeof err), ECSNET_OK);
    r = ecsnet_instdb_find(db, "c8gb.48xlarge", 13);
    CHECK(r && r->trunking && r->tasks_with == 120 && r->trunk_tier == ECSNET_TIER_USER);
    if (r) {
      ecsnet_density(r, &in, &d);
      CHECK_INT(d.tasks, 120);
      CHECK_INT(d.trunk_tier, ECSNET_TIER_USER);
    }
    ecsnet_instdb_free(db);
  }
}


static void test_plan(void) {
  ecsnet_plan_t *p = NULL;
  char err[ECSNET_ERRBUF_MAX];
  size_t i;
  CHECK_INT(ecsnet_plan_run(seed, sizeof seed - 1, NULL, NULL, NULL, &p, err, sizeof err), ECSNET_OK);
  CHECK(p != NULL);
  if (p == NULL)
    return;
  CHECK(p->ok);
  CHECK_INT(p->nsubnets, 3);
  for (i = 0; i < p->nsubnets; i++) {
    CHECK_INT(p->subnets[i].usable, 4091);
    CHECK_INT(p->subnets[i].needed, 120);
  }
  CHECK_INT(p->usable, 12273);
  CHECK_INT(p->instances_needed, 30);
  CHECK(p->runs_out);
  CHECK_STR(p->runs_out_phase, "growth");
  ecsnet_plan_free(p);
  CHECK_INT(ecsnet_plan_run("[]", 2, NULL, NULL, NULL, &p, err, sizeof err), ECSNET_EINVAL);
  CHECK(p == NULL);
  {
    const char *bad = "{\n  \"instance_type\": \"c5.large\",\n  \"x\": ]\n}";
    CHECK_INT(ecsnet_plan_run(bad, strlen(bad), NULL, NULL, NULL, &p, err, sizeof err), ECSNET_EINVAL);
    CHECK(p == NULL);
    CHECK_STR(err, "the plan is not valid JSON (near line 3, column 8)");
  }
  CHECK_INT(ecsnet_plan_run("{\"subnets\":1}", 13, NULL, NULL, NULL, &p, err, sizeof err), ECSNET_OK);
  CHECK(p && !p->ok && p->nfindings >= 3);
  ecsnet_plan_free(p);
  ecsnet_plan_free(NULL);
  {
    /* 300 bad counts: the first 200 findings, then one that counts the
    ** rest, as severe as the worst of them */
    static char big[300 * 64 + 256];
    size_t o = 0, k;
    o += (size_t)snprintf(big + o, sizeof big - o, "{\"instance_type\":\"c5.large\","
                          "\"subnets\":[\"10.0.0.0/16\"],\"services\":[");
    for (k = 0; k < 300; k++)
      o += (size_t)snprintf(big + o, sizeof big - o, "%s{\"name\":\"s%zu\","
                            "\"network_mode\":\"awsvpc\",\"desired_count\":-1}",
                            k ? "," : "", k);
    o += (size_t)snprintf(big + o, sizeof big - o, "]}");
    CHECK_INT(ecsnet_plan_run(big, o, NULL, NULL, NULL, &p, err, sizeof err), ECSNET_OK);
    CHECK(p && !p->ok);
    if (p != NULL) {
      CHECK_INT(p->nfindings, ECSNET_PLAN_MAX_FINDINGS + 1);
      if (p->nfindings == ECSNET_PLAN_MAX_FINDINGS + 1) {
        const ecsnet_plan_finding_t *f = &p->findings[ECSNET_PLAN_MAX_FINDINGS];
        CHECK_STR(f->code, "PLAN_MORE_FINDINGS");
        CHECK_STR(f->pointer, "");
        CHECK_INT(f->severity, ECSNET_SEV_ERROR);
        CHECK_STR(f->message, "100 more findings not shown: a plan lists at "
                  "most 200; fix these and run it again");
      }
    }
    ecsnet_plan_free(p);
  }
}


/* An allocator that fails the k-th allocation. */
typedef struct { long left; long count; } failer;

static void *fail_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  failer *f = (failer *)ud;
  (void)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  f->count++;
  if (f->left-- == 0)
    return NULL;
  return realloc(ptr, nsize);
}


static void test_alloc_failures(void) {
  long k;
  int ok_seen = 0, oom_seen = 0;
  for (k = 0; k < 400; k++) {
    failer f;
    ecsnet_plan_t *p = NULL;
    ecsnet_instdb_t *db;
    char err[ECSNET_ERRBUF_MAX];
    int st;
    f.left = k;
    f.count = 0;
    st = ecsnet_plan_run(seed, sizeof seed - 1, NULL, fail_alloc, &f, &p, err, sizeof err);
    if (st == ECSNET_OK) { ok_seen = 1; ecsnet_plan_free(p); }
    else { oom_seen = 1; CHECK_INT(st, ECSNET_ENOMEM); CHECK(p == NULL); }
    f.left = k;
    db = ecsnet_instdb_new(fail_alloc, &f);
    if (db != NULL) {
      st = ecsnet_instdb_load(db, describe, sizeof describe - 1, NULL, err, sizeof err);
      CHECK(st == ECSNET_OK || st == ECSNET_ENOMEM);
      ecsnet_instdb_free(db);
    }
  }
  CHECK(ok_seen && oom_seen);
}


/* One model: the demand of a task definition is the same whether it comes
** as JSON text (the validator's model), the model's own JSON form or a JSON
** string inside a tree (docs/reference.md#static-ports-and-placement). */
static void test_demand_one_model(void) {
  static const char raw[] =
    "{\"networkMode\": \"host\", \"cpu\": \"512\", \"containerDefinitions\": ["
    "{\"name\": \"a\", \"memory\": 256, \"portMappings\": ["
    "{\"containerPort\": 80}, {\"containerPort\": 53, \"protocol\": \"udp\"}]}]}";
  static const char model[] =
    "{\"network_mode\": \"host\", \"cpu\": 512, \"containers\": ["
    "{\"name\": \"a\", \"memory\": 256, \"port_mappings\": ["
    "{\"container_port\": 80}, {\"container_port\": 53, \"protocol\": \"udp\"}]}]}";
  ecsnet_report_t *rep = NULL;
  ecsnet_validate_opts_t o;
  ecsnet_demand_t a, b, c;
  cJSON *m = cJSON_Parse(model), *str = cJSON_CreateString(raw);
  char err[ECSNET_ERRBUF_MAX];
  ecsnet_validate_opts_init(&o);
  CHECK(ecsnet_validate(raw, sizeof raw - 1, &o, NULL, NULL, &rep, err, sizeof err) == ECSNET_OK);
  CHECK_INT(rep->ntaskdefs, 1);
  ecsnet_taskdef_demand(&rep->taskdefs[0], &a);
  CHECK(ecsnet_task_demand(m, NULL, NULL, &b, err, sizeof err) == ECSNET_OK);
  CHECK(ecsnet_task_demand(str, NULL, NULL, &c, err, sizeof err) == ECSNET_OK);
  CHECK_INT(a.mode, ECSNET_MODE_HOST);
  CHECK_INT(a.static_ports, 2);
  CHECK_INT(a.first_static_port, 80);
  CHECK(a.cpu == 512 && a.memory == 256);
  CHECK(memcmp(&a, &b, sizeof a) == 0);
  CHECK(memcmp(&a, &c, sizeof a) == 0);
  CHECK_INT(ecsnet_static_host_port(ECSNET_MODE_BRIDGE, 80, 0), 0);
  CHECK_INT(ecsnet_static_host_port(ECSNET_MODE_BRIDGE, 80, 8080), 8080);
  CHECK_INT(ecsnet_static_host_port(ECSNET_MODE_HOST, 80, -1), 80);
  CHECK_INT(ecsnet_static_host_port(ECSNET_MODE_AWSVPC, 80, 80), 0);
  ecsnet_report_free(rep);
  cJSON_Delete(m);
  cJSON_Delete(str);
}


/* Deployment strategies (docs/reference.md §8.1): names with the nearest
** one, parameters checked for their strategy only, and the counts, rounded
** as DeploymentConfiguration says, without overflow near 2^53. */
static void test_deploy(void) {
  ecsnet_deploy_counts_t n;
  char err[ECSNET_ERRBUF_MAX];
  CHECK_INT(ecsnet_deploy_strategy("CANARY", 6, err, sizeof err), ECSNET_DEPLOY_CANARY);
  CHECK_INT(ecsnet_deploy_strategy("CANARY!", 6, err, sizeof err), ECSNET_DEPLOY_CANARY);
  CHECK_INT(ecsnet_deploy_strategy("BLUE-GREEN", 10, err, sizeof err), -1);
  CHECK(strstr(err, "(did you mean 'BLUE_GREEN'?)") != NULL);
  CHECK_INT(ecsnet_deploy_strategy("FOO\0", 4, err, sizeof err), -1);
  CHECK(strstr(err, "did you mean") == NULL);
  CHECK_INT(ecsnet_deploy_param(ECSNET_DEPLOY_LINEAR, "step_percent", 10, err, sizeof err), ECSNET_OK);
  CHECK_INT(ecsnet_deploy_param(ECSNET_DEPLOY_LINEAR, "step_percent", 2.9, err, sizeof err), ECSNET_ERANGE);
  CHECK_INT(ecsnet_deploy_param(ECSNET_DEPLOY_ROLLING, "canary_percent", 5, err, sizeof err), ECSNET_EINVAL);
  CHECK_STR(err, "'canary_percent' belongs to the CANARY strategy; this service's strategy is ROLLING");
  CHECK_INT(ecsnet_deploy_param(ECSNET_DEPLOY_CANARY, "bake", 5, err, sizeof err), ECSNET_ENOENT);
  CHECK_INT(ecsnet_deploy_counts(ECSNET_DEPLOY_ROLLING, 3, 50, 133, &n), ECSNET_OK);
  CHECK(n.most == 3 && n.least == 2 && n.peak == 3);     /* floor(3.99), ceil(1.5) */
  CHECK_INT(ecsnet_deploy_counts(ECSNET_DEPLOY_ROLLING, 4, 0, 50, &n), ECSNET_OK);
  CHECK(n.most == 2 && n.least == 0 && n.peak == 4);
  CHECK_INT(ecsnet_deploy_counts(ECSNET_DEPLOY_BLUE_GREEN, 5, 100, 100, &n), ECSNET_OK);
  CHECK(n.most == 10 && n.least == 5 && n.peak == 10);
  CHECK_INT(ecsnet_deploy_counts(ECSNET_DEPLOY_ROLLING, ECSNET_DEPLOY_MAX_COUNT / 2, 100, 200, &n), ECSNET_OK);
  CHECK(n.most == ECSNET_DEPLOY_MAX_COUNT);
  CHECK_INT(ecsnet_deploy_counts(ECSNET_DEPLOY_ROLLING, ECSNET_DEPLOY_MAX_COUNT, 100,
                                 ECSNET_DEPLOY_MAX_COUNT, &n), ECSNET_ERANGE);
  CHECK_INT(ecsnet_deploy_counts(ECSNET_DEPLOY_LINEAR, ECSNET_DEPLOY_MAX_COUNT, 100, 200, &n), ECSNET_ERANGE);
  CHECK_INT(ecsnet_deploy_counts(7, 1, 100, 200, &n), ECSNET_ERANGE);
  CHECK_INT(ecsnet_deploy_counts(ECSNET_DEPLOY_ROLLING, -1, 100, 200, &n), ECSNET_ERANGE);
}


int main(void) {
  test_json_agrees();
  test_lookup();
  test_db();
  test_density();
  test_tiers();
  test_plan();
  test_alloc_failures();
  test_demand_one_model();
  test_deploy();
  return CHECK_REPORT();
}
