/*
** lecsnet_cidr.h: what the files of the CIDR binding share (private to
** src/lecsnet_cidr*.c and src/lecsnet_cidrset.c): the access to ecsnet.cidr
** values, argument readers, and each file's registration lists.
**
** Every function these files register gets the two metatables as upvalues
** 1 (ecsnet.cidr) and 2 (ecsnet.cidrset); lecsnet_open_cidr
** (src/lecsnet_cidr.c) does the registering.
*/
#ifndef LECSNET_CIDR_H
#define LECSNET_CIDR_H

#include "lecsnet_aux.h"

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility push(hidden)
#endif

static inline ecsnet_prefix_t *checkcidr(lua_State *L, int i) {
  return (ecsnet_prefix_t *)luaL_checkudata(L, i, LECSNET_CIDR);
}

static inline ecsnet_prefix_t *testcidr(lua_State *L, int i) {
  return (ecsnet_prefix_t *)luaL_testudata(L, i, LECSNET_CIDR);
}

static inline ecsnet_prefix_t *pushcidr(lua_State *L, const ecsnet_prefix_t *p) {
  ecsnet_prefix_t *u = (ecsnet_prefix_t *)lua_newuserdatauv(L, sizeof *u, 0);
  *u = *p;
  luaL_setmetatable(L, LECSNET_CIDR);
  return u;
}

/* Raises "not enough memory". */
void lecsnet_cidr_nomem(lua_State *L);

/* Reads the cidr-like value at 'i' (an ecsnet.cidr or a string) into *out.
** Raises for other types; returns ECSNET_OK or, for text that does not
** parse, an error code with the message in err (ECSNET_ERRBUF_MAX bytes). */
int lecsnet_cidr_toprefix(lua_State *L, int i, unsigned flags,
                          ecsnet_prefix_t *out, char *err);

/* nil, "address families differ: ..."; returns 2. */
int lecsnet_cidr_family_fail(lua_State *L, const ecsnet_prefix_t *a,
                             const ecsnet_prefix_t *b);

/* Reads the options at 'arg': {mask = bool, lenient = bool}, the names in
** 'known'; returns ECSNET_CIDR_* flags. */
unsigned lecsnet_cidr_flags(lua_State *L, int arg, const char *const known[]);

/* Pushes a list of prefixes as a table of ecsnet.cidr values. */
void lecsnet_cidr_pushlist(lua_State *L, const ecsnet_prefix_t *v, size_t n);

/* Reads the prefix at 2 for a method on 'a' (contains, overlaps, exclude);
** returns 0 after pushing nil, message for bad text or mixed families. */
int lecsnet_cidr_second(lua_State *L, const ecsnet_prefix_t *a,
                        ecsnet_prefix_t *b);

/* Registration lists of each file (NULL-terminated luaL_Reg arrays):
** methods of ecsnet.cidr, metamethods and methods of ecsnet.cidrset, and
** module functions. */
extern const luaL_Reg lecsnet_cidr_subnet_methods[];   /* lecsnet_cidr_subnet.c */
extern const luaL_Reg lecsnet_cidr_subnet_funcs[];
extern const luaL_Reg lecsnet_cidr_aws_methods[];      /* lecsnet_cidr_aws.c */
extern const luaL_Reg lecsnet_cidr_aws_funcs[];
extern const luaL_Reg lecsnet_cidrset_meta[];          /* lecsnet_cidrset.c */
extern const luaL_Reg lecsnet_cidrset_methods[];
extern const luaL_Reg lecsnet_cidrset_funcs[];

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif

#endif
