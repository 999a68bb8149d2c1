/*
** ecsnet_model.c: the task-definition model's own JSON form, the shape
** ecsnet.taskdefs returns (network_mode, os, cpu, memory, launch_types,
** containers[].port_mappings[] with container_port, host_port, protocol,
** range, unknown), read back into the model (ecsnet_taskdef_t). Plans and
** density take task definitions in this form as well as raw; every other
** shape is read by the validator.
*/
#include <string.h>

#include "cJSON.h"
#include "ecsnet.h"
#include "ecsnet_internal.h"


static const cJSON *get(const cJSON *o, const char *k) {
  return cJSON_GetObjectItemCaseSensitive(o, k);
}


static const char *str(const cJSON *o, const char *k) {
  const cJSON *f = get(o, k);
  return cJSON_IsString(f) ? f->valuestring : NULL;
}


/* A number, or digits in a string ("1024", as the API also accepts); -1
** when absent or neither. */
static double num(const cJSON *o, const char *k) {
  const cJSON *f = get(o, k);
  if (cJSON_IsNumber(f))
    return f->valuedouble;
  if (cJSON_IsString(f) && f->valuestring[0] >= '0' && f->valuestring[0] <= '9') {
    double d = 0;
    const char *p = f->valuestring;
    while (*p >= '0' && *p <= '9')
      d = d * 10 + (*p++ - '0');
    return *p == '\0' ? d : -1;
  }
  return -1;
}


static int port_num(const cJSON *o, const char *k) {
  double d = num(o, k);
  return d > 0 && d < 65536 ? (int)d : -1;
}


int ecsnet__model_shaped(const ecsnet_json_t *td) {
  return get(td, "containers") != NULL || get(td, "network_mode") != NULL;
}


static int read_mode(const cJSON *td, ecsnet_taskdef_t *t, char *err,
                     size_t errlen) {
  const char *mode = str(td, "network_mode"), *os = str(td, "os");
  const ecsnet_mode_info_t *mi;
  t->os = (os && strcmp(os, ecsnet_os_name(ECSNET_OS_WINDOWS)) == 0)
          ? ECSNET_OS_WINDOWS : ECSNET_OS_LINUX;
  t->mode_given = mode != NULL;
  if (mode == NULL)
    mode = "default";
  if (ecsnet_mode_lookup(mode, strlen(mode), t->os, &mi) != ECSNET_OK) {
    char q[ECSNET_ERRBUF_MAX];
    ecsnet_quote(q, sizeof q, mode, strlen(mode));
    ecsnet__errf(err, errlen, "unknown network mode %s in the task "
                 "definition (expected one of: %s)", q, ecsnet_mode_names());
    return ECSNET_EINVAL;
  }
  t->mode = mi->id;
  return ECSNET_OK;
}


/* ECSNET_LT_* of the list; an entry that names no launch type sets a bit
** of its own, so that such a list is not read as Fargate-only. */
static unsigned read_launch_types(const cJSON *td) {
  const cJSON *lt = get(td, "launch_types"), *x;
  unsigned bits = 0, b;
  if (!cJSON_IsArray(lt))
    return 0;
  cJSON_ArrayForEach(x, lt) {
    b = cJSON_IsString(x) ? ecsnet_launch_type_bit(x->valuestring,
                                                   strlen(x->valuestring)) : 0;
    bits |= b != 0 ? b : 1u << 8;
  }
  return bits;
}


static void read_port(const cJSON *pm, ecsnet_td_port_t *p) {
  const char *proto = str(pm, "protocol");
  memset(p, 0, sizeof *p);
  p->range_first = p->range_last = -1;
  p->container_port = port_num(pm, "container_port");
  p->host_port = port_num(pm, "host_port");
  p->protocol = proto && strcmp(proto, "udp") == 0 ? ECSNET_PROTO_UDP
                                                   : ECSNET_PROTO_TCP;
  p->name = str(pm, "name");
  p->pointer = str(pm, "pointer");
  p->unknown = cJSON_IsTrue(get(pm, "unknown"));
}


static int read_container(const cJSON *c, const ecsnet_mem_t *m,
                          ecsnet_td_container_t *out) {
  const cJSON *pms = get(c, "port_mappings"), *pm;
  size_t n = cJSON_IsArray(pms) ? (size_t)cJSON_GetArraySize(pms) : 0;
  memset(out, 0, sizeof *out);
  out->name = str(c, "name");
  out->pointer = str(c, "pointer");
  out->cpu = num(c, "cpu");
  out->memory = num(c, "memory");
  out->user = str(c, "user");
  if (n == 0)
    return ECSNET_OK;
  out->ports = (ecsnet_td_port_t *)ecsnet__alloc(m, n * sizeof *out->ports);
  if (out->ports == NULL)
    return ECSNET_ENOMEM;
  out->nports = n;
  n = 0;
  cJSON_ArrayForEach(pm, pms)
    read_port(pm, &out->ports[n++]);
  return ECSNET_OK;
}


int ecsnet__model_read(const ecsnet_json_t *td, const ecsnet_mem_t *m,
                       ecsnet_taskdef_t *t, char *err, size_t errlen) {
  const cJSON *cs = get(td, "containers"), *c;
  size_t n = cJSON_IsArray(cs) ? (size_t)cJSON_GetArraySize(cs) : 0;
  int st;
  memset(t, 0, sizeof *t);
  if ((st = read_mode(td, t, err, errlen)) != ECSNET_OK)
    return st;
  t->family = str(td, "family");
  t->pointer = str(td, "pointer");
  t->cpu = num(td, "cpu");
  t->memory = num(td, "memory");
  t->launch_types = read_launch_types(td);
  if (n == 0)
    return ECSNET_OK;
  t->containers = (ecsnet_td_container_t *)ecsnet__alloc(
    m, n * sizeof *t->containers);
  if (t->containers == NULL)
    return ECSNET_ENOMEM;
  memset(t->containers, 0, n * sizeof *t->containers);
  t->ncontainers = n;
  n = 0;
  cJSON_ArrayForEach(c, cs) {
    st = read_container(c, m, &t->containers[n++]);
    if (st != ECSNET_OK)
      return st;
  }
  return ECSNET_OK;
}


void ecsnet__model_free(const ecsnet_mem_t *m, ecsnet_taskdef_t *t) {
  size_t i;
  for (i = 0; i < t->ncontainers; i++)
    ecsnet__free(m, t->containers[i].ports,
                 t->containers[i].nports * sizeof(ecsnet_td_port_t));
  ecsnet__free(m, t->containers, t->ncontainers * sizeof *t->containers);
  t->containers = NULL;
  t->ncontainers = 0;
}
