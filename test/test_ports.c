/*
** test_ports.c: host ports from C alone.
** Reference: docs/reference.md §2.3 (reserved ports, 100 limit), §2.4 (dynamic
** range), §2.5 (the agent's scan), §2.6 (static ports).
*/
#include <stdlib.h>
#include <string.h>

#include "ecsnet.h"
#include "check.h"

static char err[ECSNET_ERRBUF_MAX];

static ecsnet_host_t *mkhost(unsigned short a, unsigned short b) {
  ecsnet_host_config_t cfg;
  ecsnet_host_t *h = NULL;
  ecsnet_host_config_init(&cfg, ECSNET_OS_LINUX);
  if (a) {
    cfg.dyn_origin = ECSNET_DYN_ENV;
    cfg.dyn_first = a;
    cfg.dyn_last = b;
  }
  CHECK_INT(ecsnet_host_new(NULL, NULL, &cfg, &h, err, sizeof err), ECSNET_OK);
  return h;
}

static ecsnet_port_map_t map(unsigned short cport, unsigned short hport,
                             unsigned short count, int proto) {
  ecsnet_port_map_t m;
  memset(&m, 0, sizeof m);
  m.container_port = cport;
  m.host_port = hport;
  m.count = count;
  m.protocol = (unsigned char)proto;
  return m;
}


static void test_parse(void) {
  unsigned short a = 0, b = 0, res[8];
  size_t n;
  /* §2.4 */
  CHECK_INT(ecsnet_port_range_parse("100-200", 7, &a, &b, err, sizeof err), ECSNET_OK);
  CHECK_INT(a, 100); CHECK_INT(b, 200);
  CHECK_INT(ecsnet_port_range_parse("200-100", 7, &a, &b, err, sizeof err), ECSNET_ERANGE);
  CHECK(strstr(err, "reversed") != NULL);
  CHECK_INT(ecsnet_port_range_parse("0-100", 5, &a, &b, err, sizeof err), ECSNET_ERANGE);
  CHECK_INT(ecsnet_port_range_parse("1-65536", 7, &a, &b, err, sizeof err), ECSNET_ERANGE);
  CHECK_INT(ecsnet_port_range_parse("1-", 2, &a, &b, err, sizeof err), ECSNET_EINVAL);
  CHECK_INT(ecsnet_port_range_parse("1-2\0", 4, &a, &b, err, sizeof err), ECSNET_EINVAL);
  CHECK_INT(ecsnet_port_range_parse("99999999999-1", 13, &a, &b, err, sizeof err), ECSNET_EINVAL);
  CHECK_INT(ecsnet_ip_local_port_range_parse("32768\t60999\n", 12, &a, &b, err, sizeof err), ECSNET_OK);
  CHECK_INT(a, 32768); CHECK_INT(b, 60999);
  CHECK_INT(ecsnet_ip_local_port_range_parse("32768", 5, &a, &b, err, sizeof err), ECSNET_EINVAL);
  CHECK_INT(ecsnet_ip_local_port_range_parse("60999 32768", 11, &a, &b, err, sizeof err), ECSNET_ERANGE);
  /* §2.3: ECS_RESERVED_PORTS is a JSON array */
  CHECK_INT(ecsnet_reserved_parse("[22, 80]", 8, res, 8, &n, err, sizeof err), ECSNET_OK);
  CHECK_INT(n, 2); CHECK_INT(res[1], 80);
  CHECK_INT(ecsnet_reserved_parse("[22, 1.5]", 9, res, 8, &n, err, sizeof err), ECSNET_ERANGE);
  CHECK_INT(ecsnet_reserved_parse("[\"22\"]", 6, res, 8, &n, err, sizeof err), ECSNET_EINVAL);
  CHECK_INT(ecsnet_reserved_parse("{}", 2, res, 8, &n, err, sizeof err), ECSNET_EINVAL);
  CHECK_INT(ecsnet_reserved_parse("[1,2,3]", 7, res, 2, &n, err, sizeof err), ECSNET_ELIMIT);
  CHECK_INT(ecsnet_reserved_parse("[1e300]", 7, res, 2, &n, err, sizeof err), ECSNET_ERANGE);
}


static void test_config(void) {
  ecsnet_host_config_t cfg;
  ecsnet_host_t *h = NULL;
  unsigned short dup[3] = { 22, 80, 22 }, many[101];
  const unsigned short *r;
  size_t n, i;
  unsigned short a, b;
  ecsnet_dyn_origin_t o;
  /* §2.3 defaults, §2.4 default range */
  h = mkhost(0, 0);
  r = ecsnet_host_reserved(h, ECSNET_PORT_TCP, &n);
  CHECK_INT(n, 5); CHECK_INT(r[0], 22); CHECK_INT(r[4], 51679);
  ecsnet_host_dynamic_range(h, &a, &b, &o);
  CHECK_INT(a, 32768); CHECK_INT(b, 60999); CHECK_INT(o, ECSNET_DYN_KERNEL_DEFAULT);
  CHECK_INT(ecsnet_host_holder(h, ECSNET_PORT_TCP, 22), -1);
  CHECK(ecsnet_host_memory(h) <= 20 * 1024);
  ecsnet_host_free(h);
  ecsnet_host_free(NULL);

  ecsnet_host_config_init(&cfg, ECSNET_OS_WINDOWS);
  cfg.task_iam_roles = 1;
  CHECK_INT(ecsnet_host_new(NULL, NULL, &cfg, &h, err, sizeof err), ECSNET_OK);
  r = ecsnet_host_reserved(h, ECSNET_PORT_TCP, &n);
  CHECK_INT(n, 12); CHECK_INT(r[1], 80);
  ecsnet_host_dynamic_range(h, &a, &b, &o);
  CHECK_INT(a, 49152); CHECK_INT(b, 65535);
  ecsnet_host_free(h);

  ecsnet_host_config_init(&cfg, ECSNET_OS_LINUX);
  cfg.reserved[0] = dup; cfg.nreserved[0] = 3; cfg.reserved_given[0] = 1;
  CHECK_INT(ecsnet_host_new(NULL, NULL, &cfg, &h, err, sizeof err), ECSNET_EINVAL);
  CHECK(h == NULL);
  CHECK(strstr(err, "port 22 twice") != NULL);
  for (i = 0; i < 101; i++) many[i] = (unsigned short)(1000 + i);
  cfg.reserved[0] = many; cfg.nreserved[0] = 101;
  CHECK_INT(ecsnet_host_new(NULL, NULL, &cfg, &h, err, sizeof err), ECSNET_ELIMIT);
  cfg.nreserved[0] = 60;
  cfg.reserved[1] = many + 60; cfg.nreserved[1] = 41; cfg.reserved_given[1] = 1;
  CHECK_INT(ecsnet_host_new(NULL, NULL, &cfg, &h, err, sizeof err), ECSNET_ELIMIT);
  cfg.nreserved[1] = 40;
  CHECK_INT(ecsnet_host_new(NULL, NULL, &cfg, &h, err, sizeof err), ECSNET_OK);
  CHECK_INT(ecsnet_host_reserved_count(h), 100);
  ecsnet_host_free(h);

  ecsnet_host_config_init(&cfg, ECSNET_OS_LINUX);
  cfg.dyn_origin = ECSNET_DYN_ENV; cfg.dyn_first = 200; cfg.dyn_last = 100;
  CHECK_INT(ecsnet_host_new(NULL, NULL, &cfg, &h, err, sizeof err), ECSNET_ERANGE);
  cfg.dyn_origin = ECSNET_DYN_FALLBACK_LINUX;
  CHECK_INT(ecsnet_host_new(NULL, NULL, &cfg, &h, err, sizeof err), ECSNET_OK);
  ecsnet_host_dynamic_range(h, &a, &b, &o);
  CHECK_INT(a, 49153); CHECK_INT(b, 65535);
  CHECK_STR(ecsnet_dyn_origin_name(o), "agent fallback");
  ecsnet_host_free(h);
}


static void test_dynamic(void) {
  ecsnet_host_t *h = mkhost(100, 104);
  ecsnet_port_map_t req = map(80, 0, 1, ECSNET_PORT_TCP), out, reqs[2];
  ecsnet_portfail_t why;
  unsigned ids[5], id, i;
  /* §2.5: upward from the range start */
  for (i = 0; i < 5; i++) {
    CHECK_INT(ecsnet_host_place(h, ECSNET_MODE_BRIDGE, &req, 1, &out, &ids[i], &why,
                                err, sizeof err), ECSNET_OK);
    CHECK_INT(out.host_port, 100 + i);
    CHECK_INT(out.kind, ECSNET_BIND_DYNAMIC);
  }
  CHECK_INT(ecsnet_host_last_assigned(h), 99);   /* reset at the range end */
  CHECK_INT(ecsnet_host_place(h, ECSNET_MODE_BRIDGE, &req, 1, &out, &id, &why,
                              err, sizeof err), ECSNET_EFULL);
  CHECK_INT(why, ECSNET_PORTFAIL_DYNAMIC);
  CHECK(strncmp(err, "a host port is unavailable", 26) == 0);
  CHECK_INT(ecsnet_host_remove(h, ids[1]), ECSNET_OK);
  CHECK_INT(ecsnet_host_remove(h, ids[1]), ECSNET_ENOENT);
  CHECK_INT(ecsnet_host_remove(h, 999), ECSNET_ENOENT);
  CHECK_INT(ecsnet_host_place(h, ECSNET_MODE_BRIDGE, &req, 1, &out, &id, &why,
                              err, sizeof err), ECSNET_OK);
  CHECK_INT(out.host_port, 101);
  /* wrap once: 102 is the last assigned; free 100, scan 103.. then wrap */
  CHECK_INT(ecsnet_host_remove(h, ids[0]), ECSNET_OK);
  CHECK_INT(ecsnet_host_place(h, ECSNET_MODE_BRIDGE, &req, 1, &out, &id, &why,
                              err, sizeof err), ECSNET_OK);
  CHECK_INT(out.host_port, 100);
  ecsnet_host_free(h);

  /* §2.5: N contiguous ports; atomic failure */
  h = mkhost(100, 119);
  reqs[0] = map(1, 0, 10, ECSNET_PORT_TCP);
  reqs[1] = map(2, 0, 10, ECSNET_PORT_TCP);
  CHECK_INT(ecsnet_host_place(h, ECSNET_MODE_BRIDGE, reqs, 2, NULL, &id, &why,
                              err, sizeof err), ECSNET_OK);
  CHECK_INT(ecsnet_host_used(h, ECSNET_PORT_TCP), 25);
  CHECK_INT(ecsnet_host_place(h, ECSNET_MODE_BRIDGE, reqs, 1, NULL, &ids[0], &why,
                              err, sizeof err), ECSNET_EFULL);
  CHECK_INT(ids[0], 0);
  CHECK_INT(why, ECSNET_PORTFAIL_CONTIGUOUS);
  CHECK(strncmp(err, "10 contiguous host ports are unavailable", 40) == 0);
  CHECK_INT(ecsnet_host_remove(h, id), ECSNET_OK);
  CHECK_INT(ecsnet_host_used(h, ECSNET_PORT_TCP), 5);
  ecsnet_host_free(h);
}


static void test_static(void) {
  ecsnet_host_t *h = mkhost(0, 0);
  ecsnet_port_map_t reqs[3], out[3];
  ecsnet_portfail_t why;
  unsigned id, id2;
  size_t used;
  long copies;
  reqs[0] = map(80, 8080, 1, ECSNET_PORT_TCP);
  CHECK_INT(ecsnet_host_place(h, ECSNET_MODE_BRIDGE, reqs, 1, out, &id, &why, err,
                              sizeof err), ECSNET_OK);
  CHECK_INT(out[0].kind, ECSNET_BIND_STATIC);
  CHECK_INT(ecsnet_host_holder(h, ECSNET_PORT_TCP, 8080), (long)id);
  /* §2.6 */
  CHECK_INT(ecsnet_host_place(h, ECSNET_MODE_BRIDGE, reqs, 1, out, &id2, &why, err,
                              sizeof err), ECSNET_EFULL);
  CHECK_INT(why, ECSNET_PORTFAIL_TAKEN);
  CHECK_STR(ecsnet_portfail_name(why), "RESOURCE:PORTS");
  CHECK_INT(id2, 0);
  /* §2.3 reserved */
  reqs[0] = map(22, 22, 1, ECSNET_PORT_TCP);
  CHECK_INT(ecsnet_host_place(h, ECSNET_MODE_BRIDGE, reqs, 1, out, &id2, &why, err,
                              sizeof err), ECSNET_EFULL);
  CHECK_INT(why, ECSNET_PORTFAIL_RESERVED);
  /* atomic: a dynamic and a static that collides */
  used = ecsnet_host_used(h, ECSNET_PORT_TCP);
  reqs[0] = map(1, 0, 1, ECSNET_PORT_TCP);
  reqs[1] = map(2, 9000, 1, ECSNET_PORT_UDP);
  reqs[2] = map(3, 8080, 1, ECSNET_PORT_TCP);
  CHECK_INT(ecsnet_host_place(h, ECSNET_MODE_BRIDGE, reqs, 3, out, &id2, &why, err,
                              sizeof err), ECSNET_EFULL);
  CHECK_INT(ecsnet_host_used(h, ECSNET_PORT_TCP), used);
  CHECK_INT(ecsnet_host_used(h, ECSNET_PORT_UDP), 0);
  CHECK_INT(ecsnet_host_last_assigned(h), 0);
  /* host mode: host port = container port; mismatch invalid */
  reqs[0] = map(8500, 0, 1, ECSNET_PORT_TCP);
  CHECK_INT(ecsnet_host_place(h, ECSNET_MODE_HOST, reqs, 1, out, &id2, &why, err,
                              sizeof err), ECSNET_OK);
  CHECK_INT(out[0].host_port, 8500);
  reqs[0] = map(8501, 9000, 1, ECSNET_PORT_TCP);
  CHECK_INT(ecsnet_host_place(h, ECSNET_MODE_HOST, reqs, 1, out, &id2, &why, err,
                              sizeof err), ECSNET_EINVAL);
  /* awsvpc: nothing taken, capacity unlimited */
  used = ecsnet_host_used(h, ECSNET_PORT_TCP);
  reqs[0] = map(8080, 8080, 1, ECSNET_PORT_TCP);
  CHECK_INT(ecsnet_host_place(h, ECSNET_MODE_AWSVPC, reqs, 1, out, &id2, &why, err,
                              sizeof err), ECSNET_OK);
  CHECK_INT(out[0].kind, ECSNET_BIND_TASK);
  CHECK_INT(ecsnet_host_used(h, ECSNET_PORT_TCP), used);
  CHECK_INT(ecsnet_host_capacity(h, ECSNET_MODE_AWSVPC, reqs, 1, 10, &copies, &why,
                                 err, sizeof err), ECSNET_OK);
  CHECK_INT(copies, -1);
  /* none: no mappings */
  CHECK_INT(ecsnet_host_place(h, ECSNET_MODE_NONE, reqs, 1, out, &id2, &why, err,
                              sizeof err), ECSNET_EINVAL);
  /* capacity: static 0 more, dynamic = free ports of the range */
  reqs[0] = map(80, 8080, 1, ECSNET_PORT_TCP);
  CHECK_INT(ecsnet_host_capacity(h, ECSNET_MODE_BRIDGE, reqs, 1, 100000, &copies,
                                 &why, err, sizeof err), ECSNET_OK);
  CHECK_INT(copies, 0);
  reqs[0] = map(80, 0, 1, ECSNET_PORT_TCP);
  CHECK_INT(ecsnet_host_capacity(h, ECSNET_MODE_BRIDGE, reqs, 1, 100000, &copies,
                                 &why, err, sizeof err), ECSNET_OK);
  CHECK_INT(copies, 60999 - 32768 + 1 - 2);
  CHECK_INT(ecsnet_host_ntasks(h), 3);
  ecsnet_host_free(h);

  /* regression: a placement failing at its first mapping must not roll
  ** back entries it never bound ('out' holding an earlier call's data) */
  h = mkhost(0, 0);
  reqs[0] = map(80, 0, 1, ECSNET_PORT_TCP);
  CHECK_INT(ecsnet_host_place(h, ECSNET_MODE_BRIDGE, reqs, 1, out, &id, &why, err,
                              sizeof err), ECSNET_OK);
  CHECK_INT(out[0].host_port, 32768);
  reqs[0] = map(22, 22, 1, ECSNET_PORT_TCP);   /* reserved: fails first */
  reqs[1] = map(81, 0, 1, ECSNET_PORT_TCP);
  reqs[2] = map(82, 0, 1, ECSNET_PORT_TCP);
  out[1] = map(1, 32768, 1, ECSNET_PORT_TCP);  /* looks bound: must stay */
  out[1].kind = ECSNET_BIND_DYNAMIC;
  out[2] = out[1];
  CHECK_INT(ecsnet_host_place(h, ECSNET_MODE_BRIDGE, reqs, 3, out, &id2, &why, err,
                              sizeof err), ECSNET_EFULL);
  CHECK_INT(ecsnet_host_holder(h, ECSNET_PORT_TCP, 32768), (long)id);
  reqs[0] = map(80, 8080, 1, ECSNET_PORT_TCP);
  CHECK_INT(ecsnet_host_place(h, ECSNET_MODE_BRIDGE, reqs, 3, out, &id2, &why, err,
                              sizeof err), ECSNET_OK);
  CHECK_INT(ecsnet_host_capacity(h, ECSNET_MODE_BRIDGE, reqs, 3, 10, &copies, &why,
                                 err, sizeof err), ECSNET_OK);
  CHECK_INT(copies, 0);
  CHECK_INT(ecsnet_host_holder(h, ECSNET_PORT_TCP, 32768), (long)id);
  CHECK_INT(ecsnet_host_used(h, ECSNET_PORT_TCP), 5 + 1 + 3);
  ecsnet_host_free(h);
}


/* A failing allocator: the k-th allocation fails; nothing leaks (ASan). */
typedef struct { int left; } failer_t;

static void *failing_alloc(void *ud, void *p, size_t osize, size_t nsize) {
  failer_t *f = (failer_t *)ud;
  (void)osize;
  if (nsize == 0) { free(p); return NULL; }
  if (f->left-- <= 0) return NULL;
  return realloc(p, nsize);
}

static void test_nomem(void) {
  int k, ok = 0;
  for (k = 0; k < 40; k++) {
    failer_t f;
    ecsnet_host_config_t cfg;
    ecsnet_host_t *h = NULL;
    ecsnet_port_map_t reqs[2];
    unsigned id;
    int i, st = ECSNET_OK;
    long copies;
    f.left = k;
    ecsnet_host_config_init(&cfg, ECSNET_OS_LINUX);
    if (ecsnet_host_new(failing_alloc, &f, &cfg, &h, err, sizeof err) != ECSNET_OK)
      continue;
    reqs[0] = map(53, 0, 1, ECSNET_PORT_UDP);
    reqs[1] = map(80, 0, 1, ECSNET_PORT_TCP);
    for (i = 0; i < 6 && st == ECSNET_OK; i++)
      st = ecsnet_host_place(h, ECSNET_MODE_BRIDGE, reqs, 2, NULL, &id, NULL, err, sizeof err);
    if (st == ECSNET_OK)
      st = ecsnet_host_capacity(h, ECSNET_MODE_BRIDGE, reqs, 2, 3, &copies, NULL, err, sizeof err);
    CHECK(st == ECSNET_OK || st == ECSNET_ENOMEM);
    ok += st == ECSNET_OK;
    ecsnet_host_free(h);
  }
  CHECK(ok > 0);
}


/* The agent's defaults have one home (ecsnet_agent.c): reserved lists per
** OS with their options, the dynamic range per origin and OS
** (docs/reference.md#reserved-ports, #dynamic-host-port-range). */
static void test_agent(void) {
  ecsnet_agent_config_t c;
  const unsigned short *l;
  unsigned short a, b, given[] = { 8080 };
  ecsnet_dyn_origin_t o;
  ecsnet_agent_config_init(&c, ECSNET_OS_LINUX);
  CHECK_INT(ecsnet_agent_reserved(&c, ECSNET_OS_LINUX, ECSNET_PORT_TCP, &l), 5);
  CHECK_INT(l[0], 22);
  CHECK_INT(ecsnet_agent_reserved(&c, ECSNET_OS_WINDOWS, ECSNET_PORT_TCP, &l), 11);
  CHECK_INT(ecsnet_agent_reserved(&c, ECSNET_OS_LINUX, ECSNET_PORT_UDP, &l), 0);
  c.prometheus = 1;
  c.task_iam_roles = 1;
  CHECK_INT(ecsnet_agent_reserved(&c, ECSNET_OS_LINUX, ECSNET_PORT_TCP, &l), 6);
  CHECK_INT(l[5], 51680);
  CHECK_INT(ecsnet_agent_reserved(&c, ECSNET_OS_WINDOWS, ECSNET_PORT_TCP, &l), 12);
  CHECK_INT(l[11], 80);
  c.reserved_given[ECSNET_PORT_TCP] = 1;   /* an empty list is the default */
  CHECK_INT(ecsnet_agent_reserved(&c, ECSNET_OS_LINUX, ECSNET_PORT_TCP, &l), 6);
  c.reserved[ECSNET_PORT_TCP] = given;
  c.nreserved[ECSNET_PORT_TCP] = 1;
  CHECK_INT(ecsnet_agent_reserved(&c, ECSNET_OS_WINDOWS, ECSNET_PORT_TCP, &l), 1);
  CHECK_INT(l[0], 8080);
  ecsnet_agent_dynamic_range(&c, ECSNET_OS_LINUX, &a, &b, &o);
  CHECK(a == 32768 && b == 60999 && o == ECSNET_DYN_KERNEL_DEFAULT);
  ecsnet_agent_dynamic_range(&c, ECSNET_OS_WINDOWS, &a, &b, &o);
  CHECK(a == 49152 && b == 65535 && o == ECSNET_DYN_WINDOWS);
  c.dyn_origin = ECSNET_DYN_FALLBACK_LINUX;
  ecsnet_agent_dynamic_range(&c, ECSNET_OS_LINUX, &a, &b, &o);
  CHECK(a == 49153 && b == 65535 && o == ECSNET_DYN_FALLBACK_LINUX);
  c.dyn_origin = ECSNET_DYN_ENV;
  c.dyn_first = 50000;
  c.dyn_last = 50999;
  ecsnet_agent_dynamic_range(&c, ECSNET_OS_WINDOWS, &a, &b, &o);
  CHECK(a == 50000 && b == 50999 && o == ECSNET_DYN_ENV);
  ecsnet_agent_config_init(&c, ECSNET_OS_WINDOWS);
  CHECK(c.dyn_first == 49152 && c.dyn_origin == ECSNET_DYN_WINDOWS);
}


int main(void) {
  test_parse();
  test_config();
  test_dynamic();
  test_static();
  test_nomem();
  test_agent();
  return CHECK_REPORT();
}
