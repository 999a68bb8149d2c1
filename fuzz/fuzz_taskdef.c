/*
** fuzz_taskdef.c: libFuzzer harness for the task-definition validator
**. The first byte picks the shape and options; the rest is the
** document. Every report is walked (pointers, messages, model, services)
** and freed. A service document (shape service) is checked against the
** model of a fixed task definition.
*/
#include <stdint.h>
#include <string.h>

#include "ecsnet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The task definition of service documents. */
static const char TD[] = "{\"family\": \"web\", \"networkMode\": "
  "\"bridge\", \"containerDefinitions\": [{\"name\": \"web\", "
  "\"portMappings\": [{\"containerPort\": 80, \"name\": \"api\"}, "
  "{\"containerPort\": 53, \"protocol\": \"udp\"}]}]}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const unsigned short reserved[] = { 22, 8080 };
static const char *const sc[] = { "api", "dns", "web" };
  ecsnet_validate_opts_t o;
  ecsnet_report_t *r = NULL, *td = NULL;
  char err[ECSNET_ERRBUF_MAX];
  int st;
  size_t i, j, k, sum = 0;
  uint8_t sel;
  if (size == 0)
    return 0;
  sel = data[0];
  ecsnet_validate_opts_init(&o);
  o.shape = (ecsnet_shape_t)(sel % ECSNET_SHAPE_COUNT);
  o.positions = (sel & 0x08) != 0;
  o.launch_types = (sel >> 4) & 0x0f;
  if (sel & 0x80) {
    o.os = ECSNET_OS_WINDOWS;
    o.service_connect = sc;
    o.nservice_connect = 3;
    o.agent.reserved_given[ECSNET_PORT_TCP] = 1;
    o.agent.nreserved[ECSNET_PORT_TCP] = 2;
    o.agent.reserved[ECSNET_PORT_TCP] = reserved;
    o.agent.dyn_origin = ECSNET_DYN_ENV;
    o.agent.dyn_first = 8000;
    o.agent.dyn_last = 9000;
    o.network_mode = "awsvpc";
  }
  if (o.shape == ECSNET_SHAPE_SERVICE && (sel & 0x40) &&
      ecsnet_validate(TD, sizeof TD - 1, NULL, NULL, NULL, &td, err,
                      sizeof err) == ECSNET_OK)
    o.taskdef = &td->taskdefs[0];
  st = ecsnet_validate((const char *)data + 1, size - 1, &o, NULL, NULL, &r,
                       err, sizeof err);
  ecsnet_report_free(td);   /* the service report holds no pointer into it */
  if (st != ECSNET_OK) {
    sum += strlen(err);
    return sum == (size_t)-1;
  }
  for (i = 0; i < r->ndiags; i++)
    sum += strlen(r->diags[i].f.pointer) + strlen(r->diags[i].f.message) +
           r->diags[i].f.line;
  for (i = 0; i < r->ntaskdefs; i++)
    for (j = 0; j < r->taskdefs[i].ncontainers; j++)
      for (k = 0; k < r->taskdefs[i].containers[j].nports; k++)
        sum += strlen(r->taskdefs[i].containers[j].ports[k].pointer);
  for (i = 0; i < r->nservices; i++)
    sum += strlen(r->services[i].name) + strlen(r->services[i].pointer);
  ecsnet_report_free(r);
  return sum == (size_t)-1;
}
