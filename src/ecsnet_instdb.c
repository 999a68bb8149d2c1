/*
** ecsnet_instdb.c: instance data: the compiled table and run-time
** databases loaded from JSON (the data file's format or the output of
** aws ec2 describe-instance-types). docs/reference.md#instance-data.
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


const char *ecsnet_instance_data_date(void) {
  return ecsnet__instdata_date;
}


const char *ecsnet_instance_data_estimate(void) {
  return ecsnet__instdata_estimate;
}


const char *ecsnet_tier_name(int tier) {
  switch (tier) {
    case ECSNET_TIER_DOCUMENTED: return "documented";
    case ECSNET_TIER_ESTIMATED: return "estimated";
    case ECSNET_TIER_UNKNOWN: return "unknown";
    case ECSNET_TIER_USER: return "user";
    default: return NULL;
  }
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
  const char *strs[6];
  const char **dst[6];
  size_t lens[6], total = 0, i;
  char *p;
  strs[0] = src->name; strs[1] = src->source; strs[2] = src->note;
  strs[3] = src->date; strs[4] = src->ecs_date; strs[5] = src->trunk_basis;
  out->row = *src;
  dst[0] = &out->row.name; dst[1] = &out->row.source; dst[2] = &out->row.note;
  dst[3] = &out->row.date; dst[4] = &out->row.ecs_date;
  dst[5] = &out->row.trunk_basis;
  for (i = 0; i < 6; i++) {
    lens[i] = strs[i] ? strlen(strs[i]) + 1 : 0;
    total += lens[i];
  }
  p = (char *)ecsnet__alloc(m, total);
  if (p == NULL)
    return ECSNET_ENOMEM;
  out->buf = p;
  out->buflen = total ? total : 1;
  for (i = 0; i < 6; i++) {
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


static const char basis_loaded[] =
    "unknown: not in ECS's trunking table and the loaded instance data gives "
    "no trunking figure; give awsvpc_tasks_with_trunking to use the real number";
static const char basis_user[] =
    "given in instance data loaded at run time (not checked against a "
    "published source)";
static const char basis_describe[] =
    "unknown: loaded from describe-instance-types output, which has no ECS "
    "trunking data; give awsvpc_tasks_with_trunking in instance data to use "
    "the real number";


/* The trunking tier of a data-file row: 'trunk_tier' when given (the data
** file's own rows), else "user" when the row gives a trunking figure
** (trunking_supported or awsvpc_tasks_with_trunking). A with-trunking
** count for a type not marked supported makes it supported. */
static int read_tier(const cJSON *o, int g_trunk, int g_tw,
                     ecsnet_instance_t *r, const char *q, char *err,
                     size_t errlen) {
  const cJSON *f = objget(o, "trunk_tier");
  if (g_tw && !g_trunk && r->tasks_with >= 0)
    r->trunking = 1;
  if (f != NULL) {
    int t;
    for (t = ECSNET_TIER_DOCUMENTED; t <= ECSNET_TIER_USER; t++)
      if (cJSON_IsString(f) && strcmp(f->valuestring, ecsnet_tier_name(t)) == 0)
        break;
    if (t > ECSNET_TIER_USER) {
      ecsnet__errf(err, errlen, "instance type %s: 'trunk_tier' must be "
                   "\"documented\", \"estimated\", \"unknown\" or \"user\"", q);
      return ECSNET_EINVAL;
    }
    r->trunk_tier = t;
    if (t == ECSNET_TIER_DOCUMENTED)
      r->trunk_basis = NULL;
  } else if (g_trunk || g_tw) {
    r->trunk_tier = ECSNET_TIER_USER;
    r->trunk_basis = basis_user;
  }
  f = objget(o, "trunk_basis");
  if (f != NULL && !cJSON_IsNull(f)) {
    if (!cJSON_IsString(f)) {
      ecsnet__errf(err, errlen, "instance type %s: 'trunk_basis' must be a "
                   "string", q);
      return ECSNET_EINVAL;
    }
    r->trunk_basis = f->valuestring;
  }
  if (r->trunk_tier == ECSNET_TIER_USER && r->trunk_basis == NULL)
    r->trunk_basis = basis_user;
  return ECSNET_OK;
}


/* One row in the data file's format, over 'base' (a known row) or from
** scratch; 'row' is its 1-based index, for messages. The strings point
** into the document until own_strings. */
static int read_row(const cJSON *o, size_t row, ecsnet_instdb_t *db,
                    ecsnet_instance_t *r, char *err, size_t errlen) {
  const char *name = strfield(o, "instance_type");
  const ecsnet_instance_t *base;
  char q[ECSNET_ERRBUF_MAX];
  int g_enis, g_v4, g_wo, g_tw, g_trunk = 0, st, given_wo_computed = 0;
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
    r->trunk_tier = ECSNET_TIER_UNKNOWN;
    r->trunk_basis = basis_loaded;
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
                        &g_tw, q, err, errlen)) != ECSNET_OK ||
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
    /* null: not known (the data file's 'unknown' rows) */
    if (!cJSON_IsBool(f) && !cJSON_IsNull(f)) {
      ecsnet__errf(err, errlen, "instance type %s: 'trunking_supported' "
                   "must be true or false (null: not known)", q);
      return ECSNET_EINVAL;
    }
    r->trunking = cJSON_IsTrue(f);
    g_trunk = 1;
  }
  if ((st = read_tier(o, g_trunk, g_tw, r, q, err, errlen)) != ECSNET_OK)
    return st;
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
  else if (cJSON_IsNull(objget(o, "ecs_date")))
    r->ecs_date = NULL;
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
    r->trunk_tier = ECSNET_TIER_UNKNOWN;
    r->trunk_basis = basis_describe;
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
