/*
** ecsnet_td_fields.c: reading the members of a task definition: lookup
** by name (camelCase, or PascalCase in CloudFormation) through a key index,
** key checks, and the field reader behind get_int, get_str, get_list and
** get_obj.
*/
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ecsnet_td_internal.h"

/* fill_fields() marks PascalCase slots in a 64-bit mask */
typedef char ecsnet__fld_check[ECSNET_KS_MAX_NAMES <= 64 ? 1 : -1];

/* The kind of a value, for messages ("a string"). */
const char *type_name(const cJSON *n) {
  if (js_string(n)) return "a string";
  if (js_number(n)) return "a number";
  if (js_bool(n)) return "a boolean";
  if (js_array(n)) return "a list";
  if (js_object(n)) return "an object";
  if (js_null(n)) return "null";
  return "an invalid value";
}


/* A printable excerpt of a node for messages. */
const char *excerpt(const cJSON *n, char *buf, size_t len) {
  if (js_string(n))
    ecsnet_quote(buf, len, n->valuestring, strlen(n->valuestring));
  else if (js_number(n)) {
    if (isfinite(n->valuedouble))
      snprintf(buf, len, "%.17g", n->valuedouble);
    else
      snprintf(buf, len, "%s", "a number out of range");
  }
  else if (js_object(n) && n->child && n->child->string) {
    char k[64];
    ecsnet_quote(k, sizeof k, n->child->string, strlen(n->child->string));
    snprintf(buf, len, "{%s: ...}", k);
  }
  else
    snprintf(buf, len, "%s", type_name(n));
  return buf;
}


/* Looks key i of slot k (signature sig) up in shape s's table: marks it
** 'known' when it is one of the names, and fills that name's slot with it
** when member() would pick it (the last one; in CloudFormation the last
** PascalCase one, else the last camelCase one: 'pascal' marks the slots
** holding a PascalCase key). */
static TD_INLINE void fill_key(V *v, int k, int i, unsigned sig,
                               const char *key, const ecsnet_keyshape_t *s,
                               unsigned long long *pascal) {
  int f = sig != 0 ? ks_find(s, sig, key, v->cfn) : -1, j;
  v->kx[k].keys[i].known = f >= 0;
  if (f < 0) {   /* listed for lookups by name; a duplicate of another? */
    if (sig == 0)
      return;
    for (j = 0; j < v->kx[k].unknown && !v->kx[k].dups; j++) {
      int o = v->kx[k].unk[j];
      if (v->kx[k].keys[o].sig == sig &&
          same(v->kx[k].keys[o].node->string, key))
        v->kx[k].dups = 1;
    }
    v->kx[k].unk[v->kx[k].unknown++] = (unsigned char)i;
    return;
  }
  if (v->kx[k].fld[f] != 0)   /* the name again (in CloudFormation: or in */
    v->kx[k].dups = 1;        /* the other case; keycheck() tells there) */
  if (v->cfn) {
    if (isupper((unsigned char)key[0]))
      *pascal |= 1ULL << f;
    else if ((*pascal >> f) & 1)
      return;   /* camelCase counts only without a PascalCase key */
  }
  v->kx[k].fld[f] = (unsigned char)(i + 1);
}


static void fill_start(V *v, int k, int ks) {
  memset(v->kx[k].fld, 0, sizeof v->kx[k].fld);
  v->kx[k].ks = ks + 1;
  v->kx[k].unknown = 0;
  v->kx[k].dups = 0;
}


/* Indexes obj's members into slot k (the validator reads several fields of
** one object in a row). With ks >= 0 each key is looked up in shape ks
** (fill_key()): a name's lookup is then a slot, another key's a scan of
** the few keys that are no names. Without a shape: one pass over the keys,
** then a mask test that answers most absent keys at once, and each hash's
** keys chained from the last, so that a lookup compares only keys of its
** hash. */
static void index_keys(V *v, int k, const cJSON *obj, int ks) {
  const ecsnet_keyshape_t *s = ks >= 0 ? &keyshapes[ks] : NULL;
  unsigned long long pascal = 0;
  const cJSON *c;
  int i = 0;
  v->kx[k].obj = obj;
  v->kx[k].n = 0;
  v->kx[k].mask = 0;
  v->kx[k].dups = 0;
  v->kx[k].ks = 0;
  if (s != NULL)
    fill_start(v, k, ks);
  for (c = obj->child; c != NULL; c = c->next, i++) {
    unsigned sig, h;
    unsigned char prev = 0;
    if (i >= KEYIDX) {
      v->kx[k].n = -1;   /* too many: plain scans */
      v->kx[k].ks = 0;
      return;
    }
    sig = (c->string == NULL || c->string[0] == '\0') ? 0 : key_sig(c->string);
    v->kx[k].keys[i].sig = sig;
    v->kx[k].keys[i].node = c;
    v->kx[k].n = i + 1;
    if (s != NULL) {
      fill_key(v, k, i, sig, c->string, s, &pascal);
      continue;
    }
    h = sig_hash(sig);
    if ((v->kx[k].mask >> h) & 1) {
      prev = v->kx[k].last[h];
      if (sig != 0 && !v->kx[k].dups) {
        int j;   /* a shared bit: is it the same name? */
        for (j = prev - 1; j >= 0; j = v->kx[k].keys[j].prev - 1)
          if (v->kx[k].keys[j].sig == sig &&
              same(v->kx[k].keys[j].node->string, c->string)) {
            v->kx[k].dups = 1;
            break;
          }
      }
    }
    v->kx[k].keys[i].prev = prev;
    v->kx[k].last[h] = (unsigned char)(i + 1);
    v->kx[k].mask |= 1ULL << h;
  }
}


/* The slot (of two) that indexes obj, indexing it if neither does (with
** ks >= 0 against shape ks too). With the index a lookup reads only the
** keys of its hash, and knows whether two keys of the object share a name
** ('dups'). */
static int slot_for(V *v, const cJSON *obj, int ks) {
  int k = v->klast;
  if (v->kx[k].obj != obj) {
    k ^= 1;
    if (v->kx[k].obj != obj)
      index_keys(v, k, obj, ks);
    v->klast = k;
  }
  return k;
}


static int slot_of(V *v, const cJSON *obj) {
  return slot_for(v, obj, -1);
}


/* Looks each key of slot k up in shape ks's table (fill_key()), for an
** object indexed without it or against another shape. */
static void fill_fields(V *v, int k, int ks) {
  const ecsnet_keyshape_t *s = &keyshapes[ks];
  unsigned long long pascal = 0;
  int i;
  fill_start(v, k, ks);
  for (i = 0; i < v->kx[k].n; i++)
    fill_key(v, k, i, v->kx[k].keys[i].sig, v->kx[k].keys[i].node->string,
             s, &pascal);
}


/* fmember()'s way when obj's slots are not at hand: fill them (once per
** object and shape), or, for an object whose keys were looked up in
** another shape or that has too many keys to index, look the name up. */
cJSON *fmember_slow(V *v, const cJSON *obj, ecsnet_field_t f, int *ord,
                    const char **key) {
  int k, ks = (int)(f >> 8);
  unsigned s;
  const cJSON *n;
  if (!js_object(obj))
    return NULL;
  k = slot_for(v, obj, ks);
  if (v->kx[k].n < 0 || (v->kx[k].ks != 0 && v->kx[k].ks != ks + 1))
    return member(v, obj, field_name(f), ord, key);
  if (v->kx[k].ks == 0)
    fill_fields(v, k, ks);
  s = v->kx[k].fld[f & 0xFF];
  if (s == 0)
    return NULL;
  n = v->kx[k].keys[s - 1].node;
  *ord = (int)s - 1;
  *key = n->string;
  return (cJSON *)n;
}


/* Does key kname match the API name camel? 2: as written (in
** CloudFormation: PascalCase), 1: camelCase in CloudFormation (reported by
** keycheck() as ECS025), 0: no. 'rest': the signatures are equal, so
** bytes 1-3 agree and only the rest is compared. */
static int key_match(const V *v, const char *kname, const char *camel,
                     int rest) {
  if (!v->cfn)
    return kname[0] == camel[0] &&
           (rest ? same(kname + 4, camel + 4) : same(kname + 1, camel + 1))
           ? 2 : 0;
  if ((kname[0] | 0x20) != camel[0] ||
      !(rest ? same(kname + 4, camel + 4) : same(kname + 1, camel + 1)))
    return 0;
  return isupper((unsigned char)kname[0]) ? 2 : 1;
}


/* Finds member 'camel' of obj (PascalCase first in CloudFormation). Sets
** *ord to its ordinal and *key to the key as written. Of duplicate keys
** the last counts, as Python's json (the AWS CLI) reads them; keycheck()
** reports the duplicate. */
cJSON *member(V *v, const cJSON *obj, const char *camel, int *ord,
              const char **key) {
  const cJSON *c, *found = NULL, *alt = NULL;
  int i, k, found_ord = -1, alt_ord = -1;
  unsigned sig;
  if (!js_object(obj))
    return NULL;
  k = slot_of(v, obj);
  sig = key_sig(camel);
  if (v->kx[k].n >= 0 && v->kx[k].ks != 0) {   /* looked up in a shape */
    int f = ks_find(&keyshapes[v->kx[k].ks - 1], sig, camel, 0), j;
    if (f >= 0) {   /* a name: its slot */
      unsigned o = v->kx[k].fld[f];
      if (o != 0)
        found = v->kx[k].keys[o - 1].node, found_ord = (int)o - 1;
    }
    else   /* the keys that are no names, the last match of each kind */
      for (j = 0; j < v->kx[k].unknown; j++) {
        int m;
        i = v->kx[k].unk[j];
        if (v->kx[k].keys[i].sig != sig)
          continue;
        c = v->kx[k].keys[i].node;
        m = key_match(v, c->string, camel, sig >> 24 != 0);
        if (m == 2)
          found = c, found_ord = i;
        else if (m == 1)
          alt = c, alt_ord = i;
      }
  }
  else if (v->kx[k].n >= 0) {   /* from the last key of the hash back */
    unsigned h = sig_hash(sig);
    if (!((v->kx[k].mask >> h) & 1))
      return NULL;
    for (i = v->kx[k].last[h] - 1; i >= 0 && found == NULL;
         i = v->kx[k].keys[i].prev - 1) {
      int m;
      if (v->kx[k].keys[i].sig != sig)
        continue;
      c = v->kx[k].keys[i].node;
      m = key_match(v, c->string, camel, sig >> 24 != 0);
      if (m == 2)
        found = c, found_ord = i;
      else if (m == 1 && alt == NULL)
        alt = c, alt_ord = i;
    }
  }
  else   /* not indexed: every key, the last match of each kind counts */
    for (c = obj->child, i = 0; c != NULL; c = c->next, i++) {
      int m = (c->string == NULL || c->string[0] == '\0')
              ? 0 : key_match(v, c->string, camel, 0);
      if (m == 2)
        found = c, found_ord = i;
      else if (m == 1)
        alt = c, alt_ord = i;
    }
  if (found == NULL)
    found = alt, found_ord = alt_ord;
  if (found != NULL) {
    *ord = found_ord;
    *key = found->string;
  }
  return (cJSON *)found;
}


/* The name of the member at ordinal 'ord' of obj. */
const char *key_at(const cJSON *obj, int ord) {
  const cJSON *c = obj->child;
  while (c != NULL && ord-- > 0)
    c = c->next;
  return (c != NULL && c->string != NULL) ? c->string : "?";
}


/* {======================================================================
** Keys outside the API shape (ECS035, this part)
** ======================================================================= */

/* Names from other container tools that mean an ECS key (Docker Engine
** API's HostConfig and Config, Docker Compose, Kubernetes), for typos no
** edit distance finds: portBindings is portMappings. Compared
** case-insensitively. */
static const struct { int ks; const char *alias, *name; } aliases[] = {
  { ECSNET_KS_CONTAINER, "portBindings", "portMappings" },
  { ECSNET_KS_CONTAINER, "ports", "portMappings" },
  { ECSNET_KS_CONTAINER, "exposedPorts", "portMappings" },
  { ECSNET_KS_CONTAINER, "expose", "portMappings" },
  { ECSNET_KS_CONTAINER, "env", "environment" },
  { ECSNET_KS_CONTAINER, "envFile", "environmentFiles" },
  { ECSNET_KS_CONTAINER, "env_file", "environmentFiles" },
  { ECSNET_KS_CONTAINER, "cmd", "command" },
  { ECSNET_KS_CONTAINER, "args", "command" },
  { ECSNET_KS_CONTAINER, "workingDir", "workingDirectory" },
  { ECSNET_KS_CONTAINER, "working_dir", "workingDirectory" },
  { ECSNET_KS_CONTAINER, "dns", "dnsServers" },
  { ECSNET_KS_CONTAINER, "dnsSearch", "dnsSearchDomains" },
  { ECSNET_KS_CONTAINER, "dns_search", "dnsSearchDomains" },
  { ECSNET_KS_CONTAINER, "restart", "restartPolicy" },
  { ECSNET_KS_CONTAINER, "mem_limit", "memory" },
  { ECSNET_KS_CONTAINER, "mem_reservation", "memoryReservation" },
  { ECSNET_KS_PORT, "published", "hostPort" },
  { ECSNET_KS_PORT, "target", "containerPort" },
  { ECSNET_KS_PORT, "port", "containerPort" },
};


static int same_nocase(const char *a, const char *b) {
  for (; *a != '\0' && tolower((unsigned char)*a) ==
         tolower((unsigned char)*b); a++, b++)
    ;
  return *a == '\0' && *b == '\0';
}


/* The key of shape ks that k most likely means, or NULL. */
static const char *meant(const char *k, int ks) {
  const ecsnet_keyshape_t *s = &keyshapes[ks];
  const char *sug = ecsnet__suggest(k, s->names, s->n);
  size_t i;
  for (i = 0; sug == NULL && i < ECSNET_COUNTOF(aliases); i++)
    if (aliases[i].ks == ks && same_nocase(k, aliases[i].alias))
      sug = aliases[i].name;
  return sug;
}


/* What ecsnet says about a key outside the shape, by document shape. An
** error where the reader rejects unknown keys: the AWS CLI and SDKs
** validate register input against the API model, CloudFormation rejects
** extraneous properties (docs/reference.md §8.4). A warning where nothing
** rejects it or the shape is inferred: describe output (AWS wrote it),
** Terraform (the provider's handling is not verified). A register-shaped
** object with describe-only keys is taken as describe output (read_task). */
static void unknown_key(V *v, const char *k, int ord, int ks) {
  const ecsnet_keyshape_t *s = &keyshapes[ks];
  const char *sug = meant(k, ks);
  char did[160] = "";
  const char *why;
  int sev = ECSNET_SEV_WARNING;
  ecsnet_shape_t shape = v->r->pub.shape;
  if (sug != NULL)
    snprintf(did, sizeof did, "; did you mean '%c%s'?", v->cfn
             ? toupper((unsigned char)sug[0]) : sug[0], sug + 1);
  if (v->tf || ks == ECSNET_KS_TF_TASK || ks == ECSNET_KS_TF_PLATFORM)
    why = ks >= ECSNET_KS_TF_TASK
          ? "it is not an attribute of Terraform's aws_ecs_task_definition"
          : "ECS does not know it; what Terraform's provider does with it is "
            "not verified";
  else if (v->cfn) {
    sev = ECSNET_SEV_ERROR;
    why = "CloudFormation rejects it (extraneous key is not permitted)";
  }
  else if (shape == ECSNET_SHAPE_REGISTER && !v->describe) {
    sev = ECSNET_SEV_ERROR;
    why = "the AWS CLI and SDKs reject it (Unknown parameter)";
  }
  else if (shape == ECSNET_SHAPE_TERRAFORM)
    why = "ECS does not know it; what Terraform's provider does with it is "
          "not verified";
  else
    why = "ECS does not know it";
  push_key(v, k, ord);
  diag(v, ECSNET_RULE_ECS035, sev, NULL, "'%s' is not a key of %s: %s%s", k,
       s->shape, why, did[0] ? did : "; remove it or correct the name");
  pop(v);
}


/* A key that is not one of shape ks's names but is known all the same:
** in describe output the tags of register input (console exports put them
** in the object), networkMode in a container (a task attribute: ECS026
** says so), CloudFormation's intrinsic functions ("Fn::If"). */
static int key_known_else(const V *v, const char *k, unsigned sig, int ks) {
  if (ks == ECSNET_KS_DESCRIBE &&
      ks_find(&keyshapes[ECSNET_KS_REGISTER], sig, k, 0) >= 0)
    return 1;
  if (ks == ECSNET_KS_CONTAINER && (k[0] | 0x20) == 'n' &&
      same(k + 1, "etworkMode"))
    return 1;
  return v->cfn && strstr(k, "::") != NULL;
}


/* Is key k (signature sig) one of shape ks's names? CloudFormation's keys
** are the names with the first letter upper-cased (lower-case: ECS025). */
static int key_known(const V *v, const char *k, unsigned sig, int ks) {
  return ks_find(&keyshapes[ks], sig, k, v->cfn) >= 0 ||
         key_known_else(v, k, sig, ks);
}


/* ECS034 for key 'key' (member i) when an earlier member has its name;
** 'seen': the signature bits of the keys before it, 'bit': this key's. */
static void check_dup(V *v, const cJSON *obj, const char *key, int i,
                      unsigned long long seen, unsigned long long bit) {
  const cJSON *d;
  int j;
  for (d = obj->child, j = 0; (seen & bit) && d != NULL && j < i;
       d = d->next, j++)
    if (d->string != NULL && d->string[0] == key[0] && same(d->string, key)) {
      push_key(v, key, i);
      diag(v, ECSNET_RULE_ECS034, -1, NULL, "key '%s' appears twice in this object "
           "(first as member %d): JSON readers disagree on which value "
           "counts; the AWS CLI keeps the last, which ecsnet checks; "
           "remove one", key, j + 1);
      pop(v);
      return;
    }
}


/* Reports duplicate keys of obj (ECS034: JSON readers disagree on which
** value counts; member() reads the last, as the AWS CLI does), each key
** outside the API shape ks (ECS035; ks < 0: not checked; a null value is
** an absent one, as everywhere in the validator) and, in
** CloudFormation, each key that starts with a lower-case letter (ECS025:
** CloudFormation rejects it as extraneous). Each key is looked up in the
** shape's table once (fill_fields()), which also fills the slots that the
** field reads load; an object without duplicates costs nothing more. */
void keycheck(V *v, const cJSON *obj, int ks) {
  const cJSON *c;
  int i = 0, k, indexed;
  unsigned long long seen = 0;   /* signature bits of the keys so far */
  if (!js_object(obj))
    return;
  k = slot_for(v, obj, ks);
  indexed = v->kx[k].n >= 0 && ks >= 0;
  if (indexed && v->kx[k].ks != ks + 1)   /* not looked up in ks yet */
    fill_fields(v, k, ks);
  if (!v->cfn && v->kx[k].n >= 0) {
    if (ks >= 0 && v->kx[k].unknown > 0)   /* keys that are no names */
      for (i = 0; i < v->kx[k].n; i++) {
        unsigned sig = v->kx[k].keys[i].sig;
        const cJSON *node = v->kx[k].keys[i].node;
        if (sig != 0 && !v->kx[k].keys[i].known && !js_null(node) &&
            !key_known_else(v, node->string, sig, ks))
          unknown_key(v, node->string, i, ks);
      }
    if (!v->kx[k].dups)   /* no two keys share a signature: no duplicate */
      return;
    ks = -1;
    i = 0;
  }
  for (c = obj->child; c != NULL; c = c->next, i++) {
    const char *key = c->string;
    unsigned sig;
    unsigned long long bit;
    if (key == NULL || key[0] == '\0')
      continue;
    sig = key_sig(key);
    bit = sig_bit(sig);
    /* compare names only when an earlier key shares the signature bit */
    check_dup(v, obj, key, i, seen, bit);
    seen |= bit;
    if (ks >= 0 && !js_null(c) &&
        !(indexed ? v->kx[k].keys[i].known ||
                    key_known_else(v, key, sig, ks)
                  : key_known(v, key, sig, ks)))
      unknown_key(v, key, i, ks);
    else if (v->cfn && islower((unsigned char)key[0])) {
      push_key(v, key, i);
      diag(v, ECSNET_RULE_ECS025, -1, NULL,
           "CloudFormation property '%s' must be written '%c%s': "
           "CloudFormation rejects camelCase keys (extraneous key [%s] is "
           "not permitted); rename it (its value is still checked here)",
           key, toupper((unsigned char)key[0]), key + 1, key);
      pop(v);
    }
  }
}

/* }====================================================================== */


/* Unknown values of fields no networking rule reads are not reported. */
static int quiet_key(const char *k) {
  static const char *const quiet[] = { "family", "name", "cpu", "memory",
                                       NULL };
  int i;
  for (i = 0; quiet[i] != NULL; i++)
    if (tolower((unsigned char)k[0]) == quiet[i][0] &&
        strcmp(k + 1, quiet[i] + 1) == 0)
      return 1;
  return 0;
}


void unknown_info(V *v, const cJSON *n, const char *what) {
  char buf[96];
  if (quiet_key(what))
    return;
  diag(v, ECSNET_RULE_ECS024, -1, NULL,
       "%s is %s, not known until deployment: the rules that need it "
       "were skipped", what, excerpt(n, buf, sizeof buf));
}


/* The kinds of value the field reader reads. */
enum { F_INT, F_STR, F_LIST, F_OBJ };

static inline int kind_ok(const V *v, const cJSON *n, int kind) {
  switch (kind) {
    case F_INT: return js_number(n) || (v->cfn && js_string(n));
    case F_STR: return js_string(n);
    case F_LIST: return js_array(n) || (js_object(n) && n->child == NULL);
    default: return js_object(n);
  }
}


/* A value read_field() does not return as R_OK or R_ABSENT: R_UNKNOWN
** (reported as info) or R_BAD (another type, diagnosed). */
static int read_other(V *v, const cJSON *n, const char *key, int ord,
                      int kind) {
  static const char *const kind_name[] = { "an integer", "a string",
                                           "a list", "an object" };
  push_key(v, key, ord);
  if (is_unknown(n)) {
    unknown_info(v, n, key);
    pop(v);
    return R_UNKNOWN;
  }
  if (kind == F_INT && js_string(n)) {
    char buf[96];
    diag(v, ECSNET_RULE_ECS023, -1, NULL, "%s must be an integer, got %s %s", key,
         type_name(n), excerpt(n, buf, sizeof buf));
  }
  else
    diag(v, ECSNET_RULE_ECS023, -1, NULL, "%s must be %s, got %s", key,
         kind_name[kind], type_name(n));
  pop(v);
  return R_BAD;
}


/* The one field reader, after the lookup: value n of member 'key'
** (ordinal ord; n NULL: missing). R_ABSENT: missing or null (for an object
** also an empty list, as Lua's {} becomes); R_UNKNOWN: not known until
** deployment (reported as info); R_OK: a value of the kind, in *out (for a
** list also an empty object); R_BAD: another type, diagnosed. Inline: each
** reader below gets a copy for its kind. */
static TD_INLINE int read_value(V *v, const cJSON *n, const char *key,
                                int ord, int kind, const cJSON **out) {
  if (n == NULL || js_null(n) ||
      (kind == F_OBJ && js_array(n) && n->child == NULL))
    return R_ABSENT;
  if (kind_ok(v, n, kind) && !(kind != F_LIST && is_unknown(n))) {
    *out = n;
    return R_OK;
  }
  return read_other(v, n, key, ord, kind);
}


/* The lookups before read_value(): member 'camel' of obj by name, or field
** f (fmember()); *ordp the member's ordinal (-1: none), *keyp its key as
** written (missing: the name). */
static TD_INLINE const cJSON *by_name(V *v, const cJSON *obj,
                                      const char *camel, int *ordp,
                                      const char **keyp) {
  *ordp = -1;
  *keyp = camel;
  return member(v, obj, camel, ordp, keyp);
}

static TD_INLINE const cJSON *by_field(V *v, const cJSON *obj,
                                       ecsnet_field_t f, int *ordp,
                                       const char **keyp) {
  const cJSON *n;
  *ordp = -1;
  n = fmember(v, obj, f, ordp, keyp);
  if (n == NULL)
    *keyp = field_name(f);
  return n;
}


/* strtod(s, &end) for the common case, text of 1 to 9 decimal digits
** and nothing else (strtod, with the locale behind it, costs more than the
** rest of reading the field); anything else goes to strtod. */
static double decimal(const char *s, char **end) {
  long x = 0;
  int i;
  for (i = 0; i < 9 && s[i] >= '0' && s[i] <= '9'; i++)
    x = x * 10 + (s[i] - '0');
  if (i > 0 && s[i] == '\0') {
    *end = (char *)s + i;
    return (double)x;
  }
  return strtod(s, end);
}


/* An integer value n of member 'key' (ordinal ord) into *out: numeric
** strings count in CloudFormation (it converts them). R_OK or R_BAD
** (diagnosed at the member). */
static int int_value(V *v, const cJSON *n, const char *key, int ord,
                     long *out) {
  char buf[96];
  double d;
  if (js_string(n)) {
    char *end;
    const char *s = n->valuestring;
    d = decimal(s, &end);
    if (end == s || *end != '\0' || isspace((unsigned char)*s)) {
      push_key(v, key, ord);
      diag(v, ECSNET_RULE_ECS023, -1, NULL, "%s must be an integer, got %s", key,
           excerpt(n, buf, sizeof buf));
      pop(v);
      return R_BAD;
    }
  }
  else
    d = n->valuedouble;
  if (isfinite(d) && d <= 2147483647.0 && d >= -2147483648.0 &&
      d == (double)(long)d) {
    *out = (long)d;
    return R_OK;
  }
  push_key(v, key, ord);
  if (!isfinite(d) || d > 2147483647.0 || d < -2147483648.0)
    diag(v, ECSNET_RULE_ECS023, -1, NULL, "%s must be an integer, got a number "
         "out of range; use a value the API accepts", key);
  else
    diag(v, ECSNET_RULE_ECS023, -1, NULL, "%s must be an integer, got %s", key,
         excerpt(n, buf, sizeof buf));
  pop(v);
  return R_BAD;
}


/* Reads an integer member. Numeric strings count in CloudFormation (it
** converts them). Returns R_*; *out is set for R_OK. The member's pointer
** is pushed while diagnosing. */
int get_int(V *v, const cJSON *obj, const char *camel, long *out,
            int *ordp) {
  const char *key;
  const cJSON *n = by_name(v, obj, camel, ordp, &key);
  int st = read_value(v, n, key, *ordp, F_INT, &n);
  return st == R_OK ? int_value(v, n, key, *ordp, out) : st;
}


int read_int(V *v, const cJSON *obj, ecsnet_field_t f, long *out,
             int *ordp) {
  const char *key;
  const cJSON *n = by_field(v, obj, f, ordp, &key);
  int st = read_value(v, n, key, *ordp, F_INT, &n);
  return st == R_OK ? int_value(v, n, key, *ordp, out) : st;
}


/* Reads a string member; *out points into the tree. */
int get_str(V *v, const cJSON *obj, const char *camel, const char **out,
            int *ordp) {
  const char *key;
  const cJSON *n = by_name(v, obj, camel, ordp, &key);
  int st = read_value(v, n, key, *ordp, F_STR, &n);
  if (st == R_OK)
    *out = n->valuestring;
  return st;
}


int read_str(V *v, const cJSON *obj, ecsnet_field_t f, const char **out,
             int *ordp) {
  const char *key;
  const cJSON *n = by_field(v, obj, f, ordp, &key);
  int st = read_value(v, n, key, *ordp, F_STR, &n);
  if (st == R_OK)
    *out = n->valuestring;
  return st;
}


/* Reads a list member: R_OK with *out (possibly empty), absent for null. */
int get_list(V *v, const cJSON *obj, const char *camel, const cJSON **out,
             int *ordp, const char **keyp) {
  const cJSON *n = by_name(v, obj, camel, ordp, keyp);
  return read_value(v, n, *keyp, *ordp, F_LIST, out);
}


int read_list(V *v, const cJSON *obj, ecsnet_field_t f, const cJSON **out,
              int *ordp, const char **keyp) {
  const cJSON *n = by_field(v, obj, f, ordp, keyp);
  return read_value(v, n, *keyp, *ordp, F_LIST, out);
}


/* Reads an object member (an empty list, as Lua's {} becomes, counts as
** an empty object). */
int get_obj(V *v, const cJSON *obj, const char *camel, const cJSON **out,
            int *ordp, const char **keyp) {
  const cJSON *n = by_name(v, obj, camel, ordp, keyp);
  return read_value(v, n, *keyp, *ordp, F_OBJ, out);
}


int read_obj(V *v, const cJSON *obj, ecsnet_field_t f, const cJSON **out,
             int *ordp, const char **keyp) {
  const cJSON *n = by_field(v, obj, f, ordp, keyp);
  return read_value(v, n, *keyp, *ordp, F_OBJ, out);
}


/* Does value n count as "given": true, a non-empty list or string, a
** number, an object, an unknown value? */
static const cJSON *given_value(const V *v, const cJSON *n) {
  if (n == NULL || js_null(n) || js_false(n))
    return NULL;
  if (js_array(n) && n->child == NULL)
    return NULL;
  if (js_object(n) && n->child == NULL)
    return NULL;
  if (js_string(n) && n->valuestring[0] == '\0')
    return NULL;
  if (js_string(n) && v->cfn && strcmp(n->valuestring, "false") == 0)
    return NULL;
  return n;
}


const cJSON *child_ord(const cJSON *obj, const char *name, int *ord) {
  const cJSON *c;
  int i = 0;
  if (!js_object(obj))
    return NULL;
  for (c = obj->child; c != NULL; c = c->next, i++)
    if (c->string != NULL && strcmp(c->string, name) == 0) {
      *ord = i;
      return c;
    }
  return NULL;
}


/* Is member 'camel' set to something that counts as "given"? */
const cJSON *given(V *v, const cJSON *obj, const char *camel,
                          int *ord, const char **key) {
  return given_value(v, member(v, obj, camel, ord, key));
}


const cJSON *fgiven(V *v, const cJSON *obj, ecsnet_field_t f, int *ord,
                    const char **key) {
  return given_value(v, fmember(v, obj, f, ord, key));
}


/* Task cpu/memory: a number, or a string "256", "1 vCPU", "2 GB". */
double size_value(const cJSON *n) {
  if (js_number(n) && isfinite(n->valuedouble))
    return n->valuedouble;
  if (js_string(n)) {
    char *end;
    double d = decimal(n->valuestring, &end);
    if (end == n->valuestring || !isfinite(d))
      return -1;
    while (*end == ' ')
      end++;
    if (*end == '\0')
      return d;
    if ((end[0] == 'v' || end[0] == 'V') && (end[1] == 'c' || end[1] == 'C'))
      return d * 1024;
    if ((end[0] == 'g' || end[0] == 'G') && (end[1] == 'b' || end[1] == 'B'))
      return d * 1024;
    return -1;
  }
  return -1;
}
