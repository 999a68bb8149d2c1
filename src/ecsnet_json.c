/*
** ecsnet_json.c: documents built node by node (the ecsnet_json_* API), and
** JSON text read into nodes through the front end for a binding to walk.
**
** The Lua binding walks a Lua table into these nodes so that a table is
** validated without a JSON round trip; the nodes are cJSON's, so the
** validator reads one kind of tree whatever the input was. The binding
** never calls cJSON itself (docs/DEVELOPING.md#conventions): it reads a
** parsed tree through ecsnet_json_kind, _first, _next, _name, _text and
** _value (the command reads a CDK manifest this way).
*/
#include <string.h>

#include "cJSON.h"
#include "ecsnet.h"
#include "ecsnet_internal.h"


ecsnet_json_t *ecsnet_json_object(void) { return cJSON_CreateObject(); }
ecsnet_json_t *ecsnet_json_array(void) { return cJSON_CreateArray(); }
ecsnet_json_t *ecsnet_json_null(void) { return cJSON_CreateNull(); }
ecsnet_json_t *ecsnet_json_bool(int b) { return cJSON_CreateBool(b != 0); }
ecsnet_json_t *ecsnet_json_number(double d) { return cJSON_CreateNumber(d); }


/* cJSON copies a NUL-terminated string; s[0..n) may lack the NUL, so a
** short copy is made on the stack or the heap first. */
ecsnet_json_t *ecsnet_json_string(const char *s, size_t n) {
  char small[128];
  char *tmp = small;
  cJSON *item;
  if (memchr(s, '\0', n) != NULL)
    return NULL;
  if (n >= sizeof small) {
    tmp = (char *)cJSON_malloc(n + 1);
    if (tmp == NULL)
      return NULL;
  }
  memcpy(tmp, s, n);
  tmp[n] = '\0';
  item = cJSON_CreateString(tmp);
  if (tmp != small)
    cJSON_free(tmp);
  return item;
}


ecsnet_json_t *ecsnet_json_string_ref(const char *s) {
  return cJSON_CreateStringReference(s);
}


int ecsnet_json_append(ecsnet_json_t *parent, ecsnet_json_t *item) {
  if (!cJSON_IsArray(parent) || item == NULL)
    return ECSNET_EINVAL;
  return cJSON_AddItemToArray(parent, item) ? ECSNET_OK : ECSNET_ENOMEM;
}


int ecsnet_json_set(ecsnet_json_t *parent, const char *key, size_t keylen,
                    ecsnet_json_t *item) {
  char small[128];
  char *tmp = small;
  int ok;
  if (!cJSON_IsObject(parent) || item == NULL ||
      memchr(key, '\0', keylen) != NULL)
    return ECSNET_EINVAL;
  if (keylen >= sizeof small) {
    tmp = (char *)cJSON_malloc(keylen + 1);
    if (tmp == NULL)
      return ECSNET_ENOMEM;
  }
  memcpy(tmp, key, keylen);
  tmp[keylen] = '\0';
  ok = cJSON_AddItemToObject(parent, tmp, item);  /* copies the key */
  if (tmp != small)
    cJSON_free(tmp);
  return ok ? ECSNET_OK : ECSNET_ENOMEM;
}


int ecsnet_json_set_ref(ecsnet_json_t *parent, const char *key,
                        ecsnet_json_t *item) {
  if (!cJSON_IsObject(parent) || item == NULL)
    return ECSNET_EINVAL;
  return cJSON_AddItemToObjectCS(parent, key, item) ? ECSNET_OK
                                                    : ECSNET_ENOMEM;
}


void ecsnet_json_free(ecsnet_json_t *node) {
  if (node != NULL)
    cJSON_Delete(node);
}


ecsnet_json_t *ecsnet_json_first(const ecsnet_json_t *node) {
  return node != NULL ? node->child : NULL;
}


/* Insertion sort of an object's members by name (byte order), so that a
** document built from a hash table has a stable order. cJSON's list keeps
** child->prev pointing at the last member. */
void ecsnet_json_sort(ecsnet_json_t *obj) {
  cJSON *sorted = NULL, *c, *next, *last = NULL;
  if (obj == NULL || obj->child == NULL || obj->child->next == NULL)
    return;
  for (c = obj->child; c != NULL; c = next) {
    cJSON **pp = &sorted;
    next = c->next;
    while (*pp != NULL && strcmp((*pp)->string, c->string) <= 0)
      pp = &(*pp)->next;
    c->next = *pp;
    *pp = c;
  }
  for (c = sorted; c != NULL; c = c->next) {
    c->prev = last;
    last = c;
  }
  sorted->prev = last;
  obj->child = sorted;
}


int ecsnet_json_parse(const char *what, const char *text, size_t n,
                      size_t max, ecsnet_json_t **out, char *err,
                      size_t errlen) {
  *out = NULL;
  if (what == NULL)
    what = "the document";
  return ecsnet__json_load(what, what, text, n, max, out, err, errlen);
}


/* The YAML front end's tree lives in its own chunks beside the nodes'
** positions; a copy as plain cJSON nodes lets the caller free it with
** ecsnet_json_free like any other tree. */
int ecsnet_yaml_parse(const char *what, const char *text, size_t n,
                      size_t max, ecsnet_json_t **out, char *err,
                      size_t errlen) {
  ecsnet_front_t f;
  ecsnet_ypos_t *pos = NULL;
  cJSON *tree = NULL;
  int st;
  *out = NULL;
  f.syntax = ECSNET_SYNTAX_YAML;
  f.what = f.a_what = what != NULL ? what : "the document";
  f.max = max;
  st = ecsnet__front_check(&f, text, n, err, errlen);
  if (st == ECSNET_OK)
    st = ecsnet__front_parse_pos(&f, text, n, &tree, &pos, err, errlen);
  if (st != ECSNET_OK)
    return st;
  *out = cJSON_Duplicate(tree, 1);
  ecsnet__ypos_free(pos);
  if (*out == NULL) {
    ecsnet__errf(err, errlen, "not enough memory");
    return ECSNET_ENOMEM;
  }
  return ECSNET_OK;
}


ecsnet_json_kind_t ecsnet_json_kind(const ecsnet_json_t *node) {
  if (node == NULL || cJSON_IsNull(node))
    return ECSNET_JSON_NULL;
  if (cJSON_IsFalse(node))
    return ECSNET_JSON_FALSE;
  if (cJSON_IsTrue(node))
    return ECSNET_JSON_TRUE;
  if (cJSON_IsNumber(node))
    return ECSNET_JSON_NUMBER;
  if (cJSON_IsString(node))
    return ECSNET_JSON_STRING;
  return cJSON_IsArray(node) ? ECSNET_JSON_ARRAY : ECSNET_JSON_OBJECT;
}


ecsnet_json_t *ecsnet_json_next(const ecsnet_json_t *node) {
  return node != NULL ? node->next : NULL;
}


const char *ecsnet_json_name(const ecsnet_json_t *node) {
  return node != NULL ? node->string : NULL;
}


const char *ecsnet_json_text(const ecsnet_json_t *node, size_t *len) {
  if (!cJSON_IsString(node) || node->valuestring == NULL) {
    *len = 0;
    return NULL;
  }
  *len = strlen(node->valuestring);
  return node->valuestring;
}


double ecsnet_json_value(const ecsnet_json_t *node) {
  return cJSON_IsNumber(node) ? node->valuedouble : 0;
}
