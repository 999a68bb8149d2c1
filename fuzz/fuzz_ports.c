/*
** fuzz_ports.c: libFuzzer harness for host ports. The input picks
** a host configuration and a sequence of place/remove/capacity calls; a
** shadow model of every port checks the invariants after each step:
** - no host port is held twice, and reserved ports are never handed out;
** - dynamic ports fall inside the dynamic range (docs/reference.md §2.5);
** - a failed placement leaves the host unchanged;
** - freed ports are reusable: while any port of the range is free, a
**   single dynamic port can always be placed (the scan wraps once);
** - the host's own counters agree with the shadow.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ecsnet.h"

#define MAXT 512

typedef struct {
  const uint8_t *p;
  size_t n;
} rd_t;

static unsigned get(rd_t *r) {
  if (r->n == 0) return 0;
  r->n--;
  return *r->p++;
}

static unsigned get16(rd_t *r) {
  unsigned a = get(r);
  return (a << 8) | get(r);
}

#define ASSERT(c) do { if (!(c)) __builtin_trap(); } while (0)

/*
** shadow: 0 free, -1 reserved, else task id. Only the ports a run touched
** are visited again (the 'touched' list), so that an execution costs what
** its steps cost, not two sweeps of 65,536 ports per removal.
*/
static long shadow[2][65536];
static unsigned touched[2 * 65536];   /* protocol << 16 | port, maybe repeated */
static size_t ntouched;
static size_t nused[2];               /* non-zero shadow entries per protocol */

static void shadow_set(int p, unsigned port, long v) {
  nused[p] += (shadow[p][port] == 0) - (v == 0);
  shadow[p][port] = v;
  if (ntouched < sizeof touched / sizeof touched[0])
    touched[ntouched++] = (unsigned)p << 16 | port;
}

static void shadow_reset(void) {
  size_t i;
  if (ntouched == sizeof touched / sizeof touched[0])
    memset(shadow, 0, sizeof shadow);   /* the list overflowed: sweep all */
  else
    for (i = 0; i < ntouched; i++)
      shadow[touched[i] >> 16][touched[i] & 0xffff] = 0;
  ntouched = 0;
  nused[0] = nused[1] = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  rd_t r = { data, size };
  ecsnet_host_config_t cfg;
  ecsnet_host_t *h = NULL;
  unsigned short res[2][8];
  unsigned ids[MAXT];
  size_t nids = 0, i;
  char err[ECSNET_ERRBUF_MAX];
  unsigned first, width, steps;
  int p;

  shadow_reset();
  ecsnet_host_config_init(&cfg, (get(&r) & 1) ? ECSNET_OS_WINDOWS : ECSNET_OS_LINUX);
  /* a small dynamic range so that it fills up */
  first = 1 + get16(&r);
  width = get(&r) % 64;
  if (first + width > 65535) first = 65535 - width;
  cfg.dyn_origin = ECSNET_DYN_ENV;
  cfg.dyn_first = (unsigned short)first;
  cfg.dyn_last = (unsigned short)(first + width);
  for (p = 0; p < 2; p++) {
    unsigned k, n = get(&r) % 6;
    for (k = 0; k < n; k++)
      res[p][k] = (unsigned short)(first + get(&r) % (width + 8));
    if (n || (get(&r) & 1)) {
      cfg.reserved[p] = res[p];
      cfg.nreserved[p] = n;
      cfg.reserved_given[p] = 1;
    }
  }
  if (ecsnet_host_new(NULL, NULL, &cfg, &h, err, sizeof err) != ECSNET_OK)
    return 0;
  for (p = 0; p < 2; p++) {
    const unsigned short *rv;
    size_t n;
    rv = ecsnet_host_reserved(h, p, &n);
    for (i = 0; i < n; i++) shadow_set(p, rv[i], -1);
  }

  for (steps = 0; steps < 400 && r.n > 0; steps++) {
    unsigned op = get(&r) % 8;
    if (op < 5) {
      ecsnet_port_map_t reqs[4], out[4];
      ecsnet_portfail_t why;
      ecsnet_mode_t mode = (ecsnet_mode_t)(get(&r) % 5);
      size_t n = get(&r) % 4, j;
      unsigned id = 0, last0 = ecsnet_host_last_assigned(h);
      int st;
      for (j = 0; j < n; j++) {
        unsigned b = get(&r);
        memset(&reqs[j], 0, sizeof reqs[j]);
        reqs[j].container = (unsigned short)j;
        reqs[j].protocol = (unsigned char)(b & 1);
        reqs[j].container_port = (unsigned short)(1 + get(&r));
        reqs[j].count = (unsigned short)((b & 6) == 6 ? 1 + get(&r) % 8 : 1);
        if (b & 8)
          reqs[j].host_port = (unsigned short)(first - 4 + get(&r) % (width + 8));
      }
      memset(out, (int)get(&r), sizeof out);   /* garbage must not matter */
      st = ecsnet_host_place(h, mode, reqs, n, out, &id, &why, err, sizeof err);
      if (st == ECSNET_OK) {
        ASSERT(id > 0);
        for (j = 0; j < n; j++) {
          unsigned k;
          if (out[j].kind == ECSNET_BIND_TASK) continue;
          if (out[j].kind == ECSNET_BIND_DYNAMIC) {
            ASSERT(out[j].host_port >= cfg.dyn_first);
            ASSERT(out[j].host_port + out[j].count - 1u <= cfg.dyn_last);
          }
          for (k = 0; k < out[j].count; k++) {
            unsigned port = out[j].host_port + k;
            ASSERT(shadow[out[j].protocol][port] == 0);   /* not reserved, not held */
            shadow_set(out[j].protocol, port, (long)id);
          }
        }
        ids[nids++] = id;   /* at most 400 steps < MAXT */
      } else {
        /* unchanged: the host still agrees with the shadow, which a
        ** failed placement does not touch */
        ASSERT(id == 0);
        ASSERT(ecsnet_host_used(h, 0) == nused[0]);
        ASSERT(ecsnet_host_used(h, 1) == nused[1]);
        ASSERT(ecsnet_host_last_assigned(h) == last0);
        /* a single dynamic port fails only when the range is full */
        if (why == ECSNET_PORTFAIL_DYNAMIC && n == 1 &&
            (mode == ECSNET_MODE_BRIDGE || mode == ECSNET_MODE_NAT)) {
          unsigned port, freeports = 0;
          for (port = cfg.dyn_first; port <= cfg.dyn_last; port++)
            freeports += shadow[reqs[0].protocol][port] == 0;
          ASSERT(freeports == 0);
        }
      }
    } else if (op < 7 && nids > 0) {
      size_t k = get(&r) % nids;
      unsigned id = ids[k];
      ASSERT(ecsnet_host_remove(h, id) == ECSNET_OK);
      ASSERT(ecsnet_host_remove(h, id) == ECSNET_ENOENT);
      for (i = 0; i < ntouched; i++) {
        int tp = (int)(touched[i] >> 16);
        unsigned port = touched[i] & 0xffff;
        if (shadow[tp][port] == (long)id) {
          shadow_set(tp, port, 0);
          ASSERT(ecsnet_host_holder(h, tp, port) == 0);   /* freed */
        }
      }
      ids[k] = ids[--nids];
    } else {
      ecsnet_port_map_t req;
      long copies = 0;
      memset(&req, 0, sizeof req);
      req.container_port = 80;
      req.count = 1;
      req.protocol = (unsigned char)(get(&r) & 1);
      ASSERT(ecsnet_host_capacity(h, ECSNET_MODE_BRIDGE, &req, 1, 100000, &copies,
                                  NULL, err, sizeof err) == ECSNET_OK);
      {
        unsigned port;
        long freeports = 0;
        for (port = cfg.dyn_first; port <= cfg.dyn_last; port++)
          freeports += shadow[req.protocol][port] == 0;
        ASSERT(copies == freeports);   /* every free port is reachable */
      }
      ASSERT(ecsnet_host_used(h, 0) == nused[0]);   /* capacity changes nothing */
      ASSERT(ecsnet_host_used(h, 1) == nused[1]);
    }
  }
  ASSERT(ecsnet_host_used(h, 0) == nused[0]);
  ASSERT(ecsnet_host_used(h, 1) == nused[1]);
  ASSERT(ecsnet_host_ntasks(h) == nids);
  ecsnet_host_free(h);
  return 0;
}
