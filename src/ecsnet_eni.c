/*
** ecsnet_eni.c: instance data (compiled table and run-time databases), what
** a task needs, and awsvpc density (issue 6; ecs-facts.md §3.1-3.4, §2.6).
*/
#include <string.h>

#include "cJSON.h"
#include "ecsnet.h"
#include "ecsnet_internal.h"
#include "ecsnet_eni_internal.h"


/* {======================================================================
** The compiled table
** ======================================================================= */

size_t ecsnet_instance_count(void) {
  return ecsnet__instdata_count;
}


const ecsnet_instance_t *ecsnet_instance_at(size_t i) {
  return i < ecsnet__instdata_count ? &ecsnet__instdata[i] : NULL;
}


/* strcmp order between s[0..n) and a NUL-terminated name. */
static int namecmp(const char *s, size_t n, const char *name) {
  size_t m = strlen(name);
  int c = memcmp(s, name, n < m ? n : m);
  if (c != 0)
    return c;
  return n < m ? -1 : (n > m ? 1 : 0);
}


static const ecsnet_instance_t *bsearch_rows(const ecsnet_instance_t *rows,
                                             size_t count, size_t stride,
                                             const char *s, size_t n) {
  size_t lo = 0, hi = count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const ecsnet_instance_t *r =
        (const ecsnet_instance_t *)((const char *)rows + mid * stride);
    int c = namecmp(s, n, r->name);
    if (c == 0)
      return r;
    if (c < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return NULL;
}


const ecsnet_instance_t *ecsnet_instance_find(const char *s, size_t n) {
  if (s == NULL || n == 0 || n > ECSNET_INSTANCE_NAME_MAX ||
      memchr(s, '\0', n) != NULL)
    return NULL;
  return bsearch_rows(ecsnet__instdata, ecsnet__instdata_count,
                      sizeof(ecsnet_instance_t), s, n);
}

/* }====================================================================== */


/* {======================================================================
** Run-time databases
** ======================================================================= */

/* A row that owns its strings (one block, 'buf'). */
typedef struct {
  ecsnet_instance_t row;
  char *buf;
  size_t buflen;
} dbrow;

struct ecsnet_instdb {
  ecsnet_mem_t mem;
  dbrow *rows;          /* sorted by name */
  size_t n, cap;
};


ecsnet_instdb_t *ecsnet_instdb_new(ecsnet_alloc_fn alloc, void *ud) {
  ecsnet_mem_t m;
  ecsnet_instdb_t *db;
  ecsnet__mem_init(&m, alloc, ud);
  db = (ecsnet_instdb_t *)ecsnet__alloc(&m, sizeof *db);
  if (db == NULL)
    return NULL;
  db->mem = m;
  db->rows = NULL;
  db->n = db->cap = 0;
  return db;
}


static void rows_free(const ecsnet_mem_t *m, dbrow *rows, size_t n,
                      size_t cap) {
  size_t i;
  for (i = 0; i < n; i++)
    ecsnet__free(m, rows[i].buf, rows[i].buflen);
  ecsnet__free(m, rows, cap * sizeof(dbrow));
}


void ecsnet_instdb_free(ecsnet_instdb_t *db) {
  ecsnet_mem_t m;
  if (db == NULL)
    return;
  m = db->mem;
  rows_free(&m, db->rows, db->n, db->cap);
  ecsnet__free(&m, db, sizeof *db);
}


const ecsnet_instance_t *ecsnet_instdb_find(const ecsnet_instdb_t *db,
                                            const char *s, size_t n) {
  if (s == NULL || n == 0 || n > ECSNET_INSTANCE_NAME_MAX ||
      memchr(s, '\0', n) != NULL)
    return NULL;
  if (db != NULL && db->n > 0) {
    const ecsnet_instance_t *r =
        bsearch_rows(&db->rows[0].row, db->n, sizeof(dbrow), s, n);
    if (r != NULL)
      return r;
  }
  return ecsnet_instance_find(s, n);
}


size_t ecsnet_instdb_count(const ecsnet_instdb_t *db) {
  return db ? db->n : 0;
}


const ecsnet_instance_t *ecsnet_instdb_at(const ecsnet_instdb_t *db,
                                          size_t i) {
  return db && i < db->n ? &db->rows[i].row : NULL;
}


/* Copies the row's strings into one block owned by 'out'. */
static int own_strings(const ecsnet_mem_t *m, const ecsnet_instance_t *src,
                       dbrow *out) {
  const char *strs[5];
  const char **dst[5];
  size_t lens[5], total = 0, i;
  char *p;
  strs[0] = src->name; strs[1] = src->source; strs[2] = src->note;
  strs[3] = src->date; strs[4] = src->ecs_date;
  out->row = *src;
  dst[0] = &out->row.name; dst[1] = &out->row.source; dst[2] = &out->row.note;
  dst[3] = &out->row.date; dst[4] = &out->row.ecs_date;
  for (i = 0; i < 5; i++) {
    lens[i] = strs[i] ? strlen(strs[i]) + 1 : 0;
    total += lens[i];
  }
  p = (char *)ecsnet__alloc(m, total);
  if (p == NULL)
    return ECSNET_ENOMEM;
  out->buf = p;
  out->buflen = total ? total : 1;
  for (i = 0; i < 5; i++) {
    if (strs[i] == NULL) {
      *dst[i] = NULL;
      continue;
    }
    memcpy(p, strs[i], lens[i]);
    *dst[i] = p;
    p += lens[i];
  }
  return ECSNET_OK;
}


/* Reads an optional count field: ECSNET_OK with *v (unchanged when absent;
** -1 for null when 'nullable'), or ECSNET_EINVAL with a message. */
static int count_field(const cJSON *o, const char *key, int nullable,
                       int min, int *v, int *given, const char *row,
                       char *err, size_t errlen) {
  const cJSON *f = cJSON_GetObjectItemCaseSensitive(o, key);
  double d;
  if (given)
    *given = f != NULL;
  if (f == NULL)
    return ECSNET_OK;
  if (cJSON_IsNull(f) && nullable) {
    *v = -1;
    return ECSNET_OK;
  }
  if (!cJSON_IsNumber(f)) {
    ecsnet__errf(err, errlen, "instance type %s: '%s' must be a%s count",
                 row, key, nullable ? " null or" : "");
    return ECSNET_EINVAL;
  }
  d = f->valuedouble;
  if (!(d >= min && d <= 1000000.0) || (double)(long long)(d) != d) {
    ecsnet__errf(err, errlen, "instance type %s: '%s' must be a whole "
                 "number from %d to 1000000, got %g", row, key, min, d);
    return ECSNET_EINVAL;
  }
  *v = (int)d;
  return ECSNET_OK;
}


static const cJSON *objget(const cJSON *o, const char *k) {
  return cJSON_GetObjectItemCaseSensitive(o, k);
}


static const char *strfield(const cJSON *o, const char *k) {
  const cJSON *f = objget(o, k);
  return cJSON_IsString(f) ? f->valuestring : NULL;
}


/* One row in the data file's format, over 'base' (a known row) or from
** scratch; 'row' is its 1-based index, for messages. The strings point
** into the document until own_strings. */
static int read_row(const cJSON *o, size_t row, ecsnet_instdb_t *db,
                    ecsnet_instance_t *r, char *err, size_t errlen) {
  const char *name = strfield(o, "instance_type");
  const ecsnet_instance_t *base;
  char q[ECSNET_ERRBUF_MAX];
  int g_enis, g_v4, g_wo, st, given_wo_computed = 0;
  const cJSON *f;
  if (!cJSON_IsObject(o) || name == NULL) {
    ecsnet__errf(err, errlen, "row %zu needs 'instance_type' (a string)",
                 row);
    return ECSNET_EINVAL;
  }
  ecsnet_quote(q, sizeof q, name, strlen(name));
  if (name[0] == '\0' || strlen(name) > ECSNET_INSTANCE_NAME_MAX) {
    ecsnet__errf(err, errlen, "instance type %s: the name must have 1 to %d "
                 "bytes", q, ECSNET_INSTANCE_NAME_MAX);
    return ECSNET_EINVAL;
  }
  base = ecsnet_instdb_find(db, name, strlen(name));
  if (base != NULL) {
    *r = *base;
  } else {
    memset(r, 0, sizeof *r);
    r->ipv6_per_eni = -1;
    r->tasks_with = -1;
  }
  r->name = name;
  r->flags = (r->flags & ~(ECSNET_INST_DESCRIBE)) | ECSNET_INST_OVERRIDE;
  if ((st = count_field(o, "max_enis", 0, 1, &r->max_enis, &g_enis, q, err,
                        errlen)) != ECSNET_OK ||
      (st = count_field(o, "ipv4_per_eni", 0, 1, &r->ipv4_per_eni, &g_v4, q,
                        err, errlen)) != ECSNET_OK ||
      (st = count_field(o, "ipv6_per_eni", 1, 0, &r->ipv6_per_eni, NULL, q,
                        err, errlen)) != ECSNET_OK ||
      (st = count_field(o, "awsvpc_tasks_without_trunking", 0, 0,
                        &r->tasks_without, &g_wo, q, err, errlen)) != ECSNET_OK ||
      (st = count_field(o, "awsvpc_tasks_with_trunking", 1, 0, &r->tasks_with,
                        NULL, q, err, errlen)) != ECSNET_OK ||
      (st = count_field(o, "vcpus", 0, 0, &r->vcpus, NULL, q, err,
                        errlen)) != ECSNET_OK ||
      (st = count_field(o, "network_cards", 0, 0, &r->network_cards, NULL, q,
                        err, errlen)) != ECSNET_OK)
    return st;
  f = objget(o, "memory_mib");
  if (f != NULL) {
    if (!cJSON_IsNumber(f) || !(f->valuedouble >= 0 &&
        f->valuedouble <= 1e9) || (double)(long long)(f->valuedouble) != f->valuedouble) {
      ecsnet__errf(err, errlen, "instance type %s: 'memory_mib' must be a "
                   "whole number of MiB", q);
      return ECSNET_EINVAL;
    }
    r->memory_mib = (unsigned long)f->valuedouble;
  }
  if (base == NULL && (!g_enis || !g_v4)) {
    ecsnet__errf(err, errlen, "instance type %s is new: give at least "
                 "'max_enis' and 'ipv4_per_eni'", q);
    return ECSNET_EINVAL;
  }
  f = objget(o, "trunking_supported");
  if (f != NULL) {
    if (!cJSON_IsBool(f)) {
      ecsnet__errf(err, errlen, "instance type %s: 'trunking_supported' "
                   "must be true or false", q);
      return ECSNET_EINVAL;
    }
    r->trunking = cJSON_IsTrue(f);
  }
  f = objget(o, "tasks_without_trunking_computed");
  if (cJSON_IsBool(f)) {
    given_wo_computed = 1;
    if (cJSON_IsTrue(f))
      r->flags |= ECSNET_INST_COMPUTED;
    else
      r->flags &= ~ECSNET_INST_COMPUTED;
  }
  if (!g_wo && (g_enis || base == NULL)) {
    /* ECS's rule: without trunking, max ENIs - 1 (§3.1) */
    r->tasks_without = r->max_enis - 1;
    if (!given_wo_computed)
      r->flags |= ECSNET_INST_COMPUTED;
  }
  if (!r->trunking)
    r->tasks_with = -1;
  if (objget(o, "source") != NULL) {
    const char *s = strfield(o, "source");
    const char *cut;
    if (s == NULL) {
      ecsnet__errf(err, errlen, "instance type %s: 'source' must be a "
                   "string", q);
      return ECSNET_EINVAL;
    }
    /* The reference writes its anomalies after "; NOTE: "; the data file
    ** keeps them in 'anomalies' as well, so the row holds the base. */
    cut = strstr(s, "; NOTE: ");
    r->source = s;
    if (cut != NULL) {
      r->note = cut + 8;
      r->flags |= ECSNET_INST_NOTE;
    } else if (base != NULL && base->source != s) {
      r->note = NULL;
    }
  } else if (base == NULL) {
    r->source = "loaded at run time (no source given)";
  }
  if (strfield(o, "date"))
    r->date = strfield(o, "date");
  if (strfield(o, "ecs_date"))
    r->ecs_date = strfield(o, "ecs_date");
  return ECSNET_OK;
}


/* One entry of describe-instance-types output ('row' as for read_row). */
static int read_describe(const cJSON *o, size_t row, ecsnet_instdb_t *db,
                         ecsnet_instance_t *r, char *err, size_t errlen) {
  const char *name = strfield(o, "InstanceType");
  const cJSON *net = objget(o, "NetworkInfo"), *f, *cards, *c;
  const ecsnet_instance_t *base;
  char q[ECSNET_ERRBUF_MAX];
  double enis = 0;
  int ncards = 0;
  if (name == NULL || name[0] == '\0' ||
      strlen(name) > ECSNET_INSTANCE_NAME_MAX) {
    ecsnet__errf(err, errlen, "row %zu needs 'InstanceType' (a name of 1 "
                 "to %d bytes)", row, ECSNET_INSTANCE_NAME_MAX);
    return ECSNET_EINVAL;
  }
  ecsnet_quote(q, sizeof q, name, strlen(name));
  if (!cJSON_IsObject(net)) {
    ecsnet__errf(err, errlen, "instance type %s: 'NetworkInfo' is missing",
                 q);
    return ECSNET_EINVAL;
  }
  base = ecsnet_instdb_find(db, name, strlen(name));
  if (base != NULL) {
    *r = *base;
  } else {
    memset(r, 0, sizeof *r);
    r->tasks_with = -1;
    r->source = "aws ec2 describe-instance-types output (loaded at run time); "
                "not in the ECS trunking table";
  }
  r->name = name;
  r->flags = (r->flags & ~ECSNET_INST_OVERRIDE) | ECSNET_INST_DESCRIBE;
  /* ECS counts ENIs across all network cards (§3.1, §3.4). */
  cards = objget(net, "NetworkCards");
  if (cJSON_IsArray(cards) && cJSON_GetArraySize(cards) > 0) {
    cJSON_ArrayForEach(c, cards) {
      f = objget(c, "MaximumNetworkInterfaces");
      if (!cJSON_IsNumber(f) || !(f->valuedouble >= 0 &&
          f->valuedouble <= 10000) || (double)(long long)(f->valuedouble) != f->valuedouble) {
        ecsnet__errf(err, errlen, "instance type %s: NetworkCards[%d]."
                     "MaximumNetworkInterfaces must be a count", q, ncards);
        return ECSNET_EINVAL;
      }
      enis += f->valuedouble;
      ncards++;
    }
  } else {
    f = objget(net, "MaximumNetworkInterfaces");
    if (!cJSON_IsNumber(f) || !(f->valuedouble >= 1 &&
        f->valuedouble <= 10000) || (double)(long long)(f->valuedouble) != f->valuedouble) {
      ecsnet__errf(err, errlen, "instance type %s: NetworkInfo."
                   "MaximumNetworkInterfaces must be a count", q);
      return ECSNET_EINVAL;
    }
    enis = f->valuedouble;
    ncards = 1;
  }
  if (enis < 1) {
    ecsnet__errf(err, errlen, "instance type %s: no network interfaces", q);
    return ECSNET_EINVAL;
  }
  if (base == NULL || (int)enis != base->max_enis)
    r->tasks_without = (int)enis - 1;
  r->max_enis = (int)enis;
  r->network_cards = ncards;
  f = objget(net, "Ipv4AddressesPerInterface");
  if (!cJSON_IsNumber(f) || !(f->valuedouble >= 1 &&
      f->valuedouble <= 10000) || (double)(long long)(f->valuedouble) != f->valuedouble) {
    ecsnet__errf(err, errlen, "instance type %s: NetworkInfo."
                 "Ipv4AddressesPerInterface must be a count", q);
    return ECSNET_EINVAL;
  }
  r->ipv4_per_eni = (int)f->valuedouble;
  f = objget(net, "Ipv6AddressesPerInterface");
  if (cJSON_IsFalse(objget(net, "Ipv6Supported")))
    r->ipv6_per_eni = -1;
  else if (cJSON_IsNumber(f) && f->valuedouble >= 0 && f->valuedouble <= 10000)
    r->ipv6_per_eni = (int)f->valuedouble;
  f = objget(objget(o, "VCpuInfo"), "DefaultVCpus");
  if (cJSON_IsNumber(f) && f->valuedouble >= 0 && f->valuedouble <= 100000)
    r->vcpus = (int)f->valuedouble;
  f = objget(objget(o, "MemoryInfo"), "SizeInMiB");
  if (cJSON_IsNumber(f) && f->valuedouble >= 0 && f->valuedouble <= 1e9)
    r->memory_mib = (unsigned long)f->valuedouble;
  return ECSNET_OK;
}


static int cmp_rows(const dbrow *a, const dbrow *b) {
  return strcmp(a->row.name, b->row.name);
}


/* Insertion into the sorted array (loads are small; the compiled table
** holds the bulk). Replaces a row of the same name. */
static int db_put(ecsnet_instdb_t *db, dbrow *nr) {
  size_t lo = 0, hi = db->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = cmp_rows(nr, &db->rows[mid]);
    if (c == 0) {
      ecsnet__free(&db->mem, db->rows[mid].buf, db->rows[mid].buflen);
      db->rows[mid] = *nr;
      return ECSNET_OK;
    }
    if (c < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  if (db->n == db->cap) {
    size_t nc = db->cap ? db->cap * 2 : 16;
    dbrow *p = (dbrow *)ecsnet__realloc(&db->mem, db->rows,
                                        db->cap * sizeof(dbrow),
                                        nc * sizeof(dbrow));
    if (p == NULL)
      return ECSNET_ENOMEM;
    db->rows = p;
    db->cap = nc;
  }
  memmove(&db->rows[lo + 1], &db->rows[lo], (db->n - lo) * sizeof(dbrow));
  db->rows[lo] = *nr;
  db->n++;
  return ECSNET_OK;
}


/* The list of rows in a document, and whether they are describe entries. */
static const cJSON *row_list(const cJSON *doc, int *describe, int *single) {
  const cJSON *l;
  *single = 0;
  *describe = 0;
  if (cJSON_IsArray(doc)) {
    const cJSON *first = doc->child;
    *describe = first != NULL && objget(first, "InstanceType") != NULL;
    return doc;
  }
  if (!cJSON_IsObject(doc))
    return NULL;
  if ((l = objget(doc, "InstanceTypes")) != NULL) {
    *describe = 1;
    return cJSON_IsArray(l) ? l : NULL;
  }
  if ((l = objget(doc, "instance_types")) != NULL)
    return cJSON_IsArray(l) ? l : NULL;
  if (objget(doc, "instance_type") != NULL || objget(doc, "InstanceType")) {
    *single = 1;
    *describe = objget(doc, "InstanceType") != NULL;
    return doc;
  }
  return NULL;
}


/*
** Loading is all or nothing: every row is read and given its own strings
** in a scratch array first; only then are they moved into the database
** (which cannot fail halfway except for growing the array, reserved up
** front).
*/
int ecsnet_instdb_load_json(ecsnet_instdb_t *db, const ecsnet_json_t *doc,
                            size_t *added, char *err, size_t errlen) {
  int describe, single, st = ECSNET_OK;
  const cJSON *list = row_list(doc, &describe, &single), *it;
  size_t n = 0, i, k = 0, row = 0, need;
  dbrow *tmp;
  if (added)
    *added = 0;
  if (list == NULL) {
    ecsnet__errf(err, errlen, "expected instance data: {\"instance_types\": "
                 "[...]}, a list of rows, or describe-instance-types output "
                 "({\"InstanceTypes\": [...]})");
    return ECSNET_EINVAL;
  }
  if (single)
    n = 1;
  else
    cJSON_ArrayForEach(it, list) n++;
  if (n == 0)
    return ECSNET_OK;
  tmp = (dbrow *)ecsnet__alloc(&db->mem, n * sizeof(dbrow));
  if (tmp == NULL)
    return ECSNET_ENOMEM;
  for (it = single ? list : list->child; it != NULL && k < n;
       it = single ? NULL : it->next) {
    ecsnet_instance_t r;
    size_t j;
    row++;   /* 1-based, for messages; k drops rows that repeat a name */
    if (!cJSON_IsObject(it)) {
      ecsnet__errf(err, errlen, "row %zu is not an object", row);
      st = ECSNET_EINVAL;
      break;
    }
    st = describe ? read_describe(it, row, db, &r, err, errlen)
                  : read_row(it, row, db, &r, err, errlen);
    if (st != ECSNET_OK)
      break;
    /* a name given twice in one load: the later row wins */
    for (j = 0; j < k; j++)
      if (strcmp(tmp[j].row.name, r.name) == 0)
        break;
    if (j < k) {
      ecsnet__free(&db->mem, tmp[j].buf, tmp[j].buflen);
      memmove(&tmp[j], &tmp[j + 1], (k - j - 1) * sizeof(dbrow));
      k--;
    }
    if ((st = own_strings(&db->mem, &r, &tmp[k])) != ECSNET_OK)
      break;
    k++;
  }
  need = db->n + k;
  if (st == ECSNET_OK && need > db->cap) {
    dbrow *p = (dbrow *)ecsnet__realloc(&db->mem, db->rows,
                                        db->cap * sizeof(dbrow),
                                        need * sizeof(dbrow));
    if (p == NULL) {
      st = ECSNET_ENOMEM;
    } else {
      db->rows = p;
      db->cap = need;
    }
  }
  if (st != ECSNET_OK) {
    rows_free(&db->mem, tmp, k, n);
    return st;
  }
  for (i = 0; i < k; i++)
    db_put(db, &tmp[i]);   /* cannot fail: capacity reserved */
  ecsnet__free(&db->mem, tmp, n * sizeof(dbrow));
  if (added)
    *added = k;
  return ECSNET_OK;
}


int ecsnet_instdb_load(ecsnet_instdb_t *db, const char *text, size_t n,
                       size_t *added, char *err, size_t errlen) {
  cJSON *doc;
  int st;
  if (added)
    *added = 0;
  st = ecsnet__json_load("instance data", "instance data", text, n,
                         ECSNET_INSTDATA_MAX_BYTES, &doc, err, errlen);
  if (st != ECSNET_OK)
    return st;
  st = ecsnet_instdb_load_json(db, doc, added, err, errlen);
  cJSON_Delete(doc);
  return st;
}

/* }====================================================================== */


/* {======================================================================
** What a task needs
** ======================================================================= */

#define MAXPORTS 256

typedef struct {
  int port[MAXPORTS];
  int n, overflow;
} portset;


static void portset_add(portset *s, int port, int udp) {
  int key = port * 2 + (udp ? 1 : 0), i;
  for (i = 0; i < s->n; i++)
    if (s->port[i] == key)
      return;
  if (s->n < MAXPORTS)
    s->port[s->n++] = key;
  else
    s->overflow++;
}


/* A port counts as static in bridge/nat when hostPort > 0, and in host
** mode always (hostPort is containerPort there); awsvpc and none use no
** host ports (§1.3, §2.6). */
static void count_port(portset *s, int mode, int cport, int hport, int udp) {
  if (mode == ECSNET_MODE_HOST) {
    int p = hport > 0 ? hport : cport;
    if (p > 0)
      portset_add(s, p, udp);
  } else if (mode == ECSNET_MODE_BRIDGE || mode == ECSNET_MODE_NAT) {
    if (hport > 0)
      portset_add(s, hport, udp);
  }
}


static double numfield(const cJSON *o, const char *k) {
  const cJSON *f = objget(o, k);
  if (cJSON_IsNumber(f))
    return f->valuedouble;
  if (cJSON_IsString(f) && f->valuestring[0] >= '0' && f->valuestring[0] <= '9') {
    /* "1024" as the API also accepts */
    double d = 0;
    const char *p = f->valuestring;
    while (*p >= '0' && *p <= '9')
      d = d * 10 + (*p++ - '0');
    return *p == '\0' ? d : -1;
  }
  return -1;
}


static void finish_demand(ecsnet_demand_t *d, const portset *ps) {
  d->static_ports = ps->n + ps->overflow;
  d->first_static_port = ps->n > 0 ? ps->port[0] / 2 : -1;
}


static int demand_normalized(const cJSON *td, ecsnet_demand_t *d, char *err,
                             size_t errlen) {
  const char *mode = strfield(td, "network_mode");
  const char *os = strfield(td, "os");
  const cJSON *cs = objget(td, "containers"), *c, *lt;
  const ecsnet_mode_info_t *mi;
  portset ps;
  double csum = 0, msum = 0;
  int cgiven = 0, mgiven = 0, nlt = 0, fg = 0;
  ps.n = ps.overflow = 0;
  d->os = (os && strcmp(os, "windows") == 0) ? ECSNET_OS_WINDOWS
                                             : ECSNET_OS_LINUX;
  if (mode == NULL)
    mode = "default";
  if (ecsnet_mode_lookup(mode, strlen(mode), d->os, &mi) != ECSNET_OK) {
    char q[ECSNET_ERRBUF_MAX];
    ecsnet_quote(q, sizeof q, mode, strlen(mode));
    ecsnet__errf(err, errlen, "unknown network mode %s in the task "
                 "definition (expected one of: %s)", q, ecsnet_mode_names());
    return ECSNET_EINVAL;
  }
  d->mode = mi->id;
  d->cpu = numfield(td, "cpu");
  d->memory = numfield(td, "memory");
  if (cJSON_IsArray(cs)) {
    cJSON_ArrayForEach(c, cs) {
      const cJSON *pms = objget(c, "port_mappings"), *pm;
      double cc = numfield(c, "cpu"), cm = numfield(c, "memory");
      if (cc >= 0) { csum += cc; cgiven = 1; }
      if (cm >= 0) { msum += cm; mgiven = 1; }
      if (!cJSON_IsArray(pms))
        continue;
      cJSON_ArrayForEach(pm, pms) {
        const char *proto = strfield(pm, "protocol");
        int udp = proto && strcmp(proto, "udp") == 0;
        double cp = numfield(pm, "container_port");
        double hp = numfield(pm, "host_port");
        count_port(&ps, d->mode, cp > 0 && cp < 65536 ? (int)cp : -1,
                   hp > 0 && hp < 65536 ? (int)hp : -1, udp);
      }
    }
  }
  if (d->cpu < 0 && cgiven)
    d->cpu = csum;
  if (d->memory < 0 && mgiven)
    d->memory = msum;
  lt = objget(td, "launch_types");
  if (cJSON_IsArray(lt)) {
    cJSON_ArrayForEach(c, lt) {
      nlt++;
      if (cJSON_IsString(c) && strcmp(c->valuestring, "FARGATE") == 0)
        fg++;
    }
  }
  d->fargate_only = nlt > 0 && fg == nlt;
  finish_demand(d, &ps);
  return ECSNET_OK;
}


int ecsnet_task_demand(const ecsnet_json_t *td, ecsnet_alloc_fn alloc,
                       void *ud, ecsnet_demand_t *out, char *err,
                       size_t errlen) {
  ecsnet_validate_opts_t o;
  ecsnet_report_t *rep = NULL;
  const ecsnet_taskdef_t *t;
  portset ps;
  size_t i, j;
  int st;
  memset(out, 0, sizeof *out);
  out->mode = ECSNET_MODE_AWSVPC;
  out->cpu = out->memory = -1;
  out->first_static_port = -1;
  if (!cJSON_IsObject(td) && !cJSON_IsArray(td)) {
    ecsnet__errf(err, errlen, "a task definition must be an object");
    return ECSNET_EINVAL;
  }
  if (cJSON_IsObject(td) && (objget(td, "containers") != NULL ||
                             objget(td, "network_mode") != NULL))
    return demand_normalized(td, out, err, errlen);
  ecsnet_validate_opts_init(&o);
  st = ecsnet_validate_json(td, &o, alloc, ud, &rep, err, errlen);
  if (st != ECSNET_OK)
    return st;
  if (rep->ntaskdefs != 1) {
    ecsnet__errf(err, errlen, rep->ntaskdefs == 0
                 ? "the document holds no task definition"
                 : "the document holds %zu task definitions; give one",
                 rep->ntaskdefs);
    ecsnet_report_free(rep);
    return ECSNET_EINVAL;
  }
  t = &rep->taskdefs[0];
  if (t->mode < 0) {
    ecsnet__errf(err, errlen, "the task definition's network mode is "
                 "invalid or unknown (see ecsnet.validate)");
    ecsnet_report_free(rep);
    return ECSNET_EINVAL;
  }
  out->mode = t->mode;
  out->os = t->os;
  out->cpu = t->cpu;
  out->memory = t->memory;
  out->fargate_only = t->launch_types == ECSNET_LT_FARGATE;
  ps.n = ps.overflow = 0;
  {
    double csum = 0, msum = 0;
    int cg = 0, mg = 0;
    for (i = 0; i < t->ncontainers; i++) {
      const ecsnet_td_container_t *c = &t->containers[i];
      if (c->cpu >= 0) { csum += c->cpu; cg = 1; }
      if (c->memory >= 0) { msum += c->memory; mg = 1; }
      for (j = 0; j < c->nports; j++) {
        const ecsnet_td_port_t *p = &c->ports[j];
        count_port(&ps, t->mode, p->container_port, p->host_port,
                   p->protocol == ECSNET_PROTO_UDP);
      }
    }
    if (out->cpu < 0 && cg)
      out->cpu = csum;
    if (out->memory < 0 && mg)
      out->memory = msum;
  }
  finish_demand(out, &ps);
  ecsnet_report_free(rep);
  return ECSNET_OK;
}

/* }====================================================================== */


/* {======================================================================
** Density
** ======================================================================= */

void ecsnet_density_in_init(ecsnet_density_in_t *in) {
  memset(in, 0, sizeof *in);
  in->mode = ECSNET_MODE_AWSVPC;
  in->os = ECSNET_OS_LINUX;
  in->launched_after_opt_in = 1;
  in->cpu = in->memory = -1;
  in->instance_cpu = in->instance_memory = -1;
}


const char *ecsnet_bind_name(ecsnet_bind_t b) {
  switch (b) {
    case ECSNET_BIND_ENI: return "ENI";
    case ECSNET_BIND_CPU: return "CPU";
    case ECSNET_BIND_MEMORY: return "MEMORY";
    case ECSNET_BIND_PORTS: return "PORTS";
    default: return "none";
  }
}


const char *ecsnet_trunk_reason(unsigned bit) {
  switch (bit) {
    case ECSNET_TRUNK_SETTING_OFF:
      return "the account setting awsvpcTrunking is off for the instance's "
             "IAM role (turn it on with PutAccountSetting, or for the whole "
             "account with PutAccountSettingDefault)";
    case ECSNET_TRUNK_UNSUPPORTED_TYPE:
      return "the instance type is not in the ECS trunking table (choose a "
             "supported type, e.g. c5, m5, r5, c6i, m6g)";
    case ECSNET_TRUNK_WINDOWS:
      return "ENI trunking is Linux only; Windows instances never get a "
             "trunk ENI";
    case ECSNET_TRUNK_LAUNCHED_BEFORE:
      return "the instance was launched before the opt-in; only instances "
             "launched after it get a trunk ENI (replace the instance)";
    case ECSNET_TRUNK_SHARED_SUBNET:
      return "trunking does not support shared subnets (the instance fails "
             "to register)";
    case ECSNET_TRUNK_NOT_AWSVPC:
      return "the task does not use awsvpc, so ENIs do not limit it";
    case ECSNET_TRUNK_UNKNOWN_LIMIT:
      return "the trunking table's value for this type is invalid (it "
             "lists -2), so the trunked limit is unknown";
    default:
      return NULL;
  }
}


/* floor of a ratio >= 0, capped (no libm: the core links without -lm) */
static long whole(double x) {
  if (!(x >= 0))
    return 0;
  if (x > 1e9)
    return 1000000000L;
  return (long)x;
}


static void consider(ecsnet_density_t *o, long v, ecsnet_bind_t b) {
  if (v < 0)
    return;
  if (o->tasks < 0 || v < o->tasks) {
    o->tasks = v;
    o->binding = b;
  }
}


int ecsnet_density(const ecsnet_instance_t *it, const ecsnet_density_in_t *in,
                   ecsnet_density_t *o) {
  double icpu, imem;
  int awsvpc;
  memset(o, 0, sizeof *o);
  o->by_eni = o->by_cpu = o->by_memory = o->by_ports = o->tasks = -1;
  o->tasks_with = -1;
  if (it == NULL || in == NULL || in->mode < 0 || in->mode >= ECSNET_MODE_COUNT)
    return ECSNET_EINVAL;
  awsvpc = in->mode == ECSNET_MODE_AWSVPC;
  o->trunking_supported = it->trunking;
  o->tasks_without = it->tasks_without;
  o->tasks_with = it->trunking ? it->tasks_with : -1;
  /* §3.2: every precondition, each reported */
  if (!in->trunking) o->trunking_why |= ECSNET_TRUNK_SETTING_OFF;
  if (!it->trunking) o->trunking_why |= ECSNET_TRUNK_UNSUPPORTED_TYPE;
  else if (it->tasks_with < 0) o->trunking_why |= ECSNET_TRUNK_UNKNOWN_LIMIT;
  if (in->os == ECSNET_OS_WINDOWS) o->trunking_why |= ECSNET_TRUNK_WINDOWS;
  if (!in->launched_after_opt_in)
    o->trunking_why |= ECSNET_TRUNK_LAUNCHED_BEFORE;
  if (in->shared_subnet) o->trunking_why |= ECSNET_TRUNK_SHARED_SUBNET;
  if (!awsvpc) o->trunking_why |= ECSNET_TRUNK_NOT_AWSVPC;
  o->trunking_applies = o->trunking_why == 0;
  if (awsvpc) {
    o->by_eni = o->trunking_applies ? it->tasks_with : it->tasks_without;
    o->eni_limit = o->trunking_applies ? it->tasks_with + 2
                                       : it->tasks_without + 1;
    o->ips_per_instance = o->trunking_applies ? 2 : 1;
    o->ips_per_task = 1;
  } else {
    o->eni_limit = it->max_enis;
    o->ips_per_instance = 1;
    o->ips_per_task = 0;
  }
  icpu = in->instance_cpu >= 0 ? in->instance_cpu
                               : (it->vcpus > 0 ? it->vcpus * 1024.0 : -1);
  imem = in->instance_memory >= 0 ? in->instance_memory
                                  : (it->memory_mib > 0 ? (double)it->memory_mib : -1);
  if (in->cpu > 0 && icpu >= 0)
    o->by_cpu = whole(icpu / in->cpu);
  if (in->memory > 0 && imem >= 0)
    o->by_memory = whole(imem / in->memory);
  /* one copy per instance per static port (§2.6) */
  if (!awsvpc && in->static_ports > 0)
    o->by_ports = 1;
  o->binding = ECSNET_BIND_NONE;
  consider(o, o->by_eni, ECSNET_BIND_ENI);
  consider(o, o->by_cpu, ECSNET_BIND_CPU);
  consider(o, o->by_memory, ECSNET_BIND_MEMORY);
  consider(o, o->by_ports, ECSNET_BIND_PORTS);
  if (awsvpc) {
    long t = o->tasks >= 0 ? o->tasks : o->by_eni;
    o->enis_used = t + (o->trunking_applies ? 2 : 1);
    o->ips_used = t + o->ips_per_instance;
  } else {
    o->enis_used = 1;
    o->ips_used = 1;
  }
  return ECSNET_OK;
}

/* }====================================================================== */
