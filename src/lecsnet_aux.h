/*
** lecsnet_aux.h: helpers shared by the binding's files (src/lecsnet*.c).
** Metatable names are defined here, once.
*/
#ifndef LECSNET_AUX_H
#define LECSNET_AUX_H

#include "lua.h"
#include "lauxlib.h"
#include "lecsnet_compat.h"
#include "ecsnet.h"

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility push(hidden)
#endif

/* Metatable names (users see them in "ecsnet.cidr expected, got string"). */
#define LECSNET_CIDR     "ecsnet.cidr"
#define LECSNET_CIDRSET  "ecsnet.cidrset"
#define LECSNET_HOST     "ecsnet.host"
#define LECSNET_TDBOX    "ecsnet.taskdef_box"   /* report + document holder */
#define LECSNET_PORTREQS "ecsnet.portreqs"
#define LECSNET_INSTDB   "ecsnet.instdb"        /* instance data (eni) */
#define LECSNET_ENIBOX   "ecsnet.eni_box"       /* JSON tree / plan holder (eni) */
#define LECSNET_JSONBOX  "ecsnet.json_box"      /* JSON tree holder (json_decode) */
#define LECSNET_FILEBOX  "ecsnet.file_box"      /* file bytes + report (check_files) */

/* Creates metatable 'tname' with metamethods 'meta' and, when 'methods' is
** not NULL, an __index table holding 'methods'; sets __name (5.1 lacks it)
** and pops the metatable. */
/* "ecsnet.core built for Lua X.Y;", kept in the file (lecsnet.c) */
extern const char lecsnet_built_for[];

void lecsnet_newclass(lua_State *L, const char *tname, const luaL_Reg *meta,
                      const luaL_Reg *methods);

/* Pushes nil and "message"; returns 2, for 'return lecsnet_fail(...)'. */
int lecsnet_fail(lua_State *L, const char *msg);

/* Pushes nil and a formatted message; returns 2. */
int lecsnet_failf(lua_State *L, const char *fmt, ...);

/* Reads an optional field 'key' of the options table at 'arg' as one of
** 'names' (NULL-terminated); 'def' when absent. Raises a bad-argument
** error for a wrong type or an unknown value. */
int lecsnet_optfield_enum(lua_State *L, int arg, const char *key,
                          const char *const names[], int def);

/* Raises unless the value at 'arg' is nil/none or a table whose keys are
** all names in the NULL-terminated list 'known' ("unknown option 'x'
** (expected one of: ...)"). */
void lecsnet_checkopts(lua_State *L, int arg, const char *const known[]);

/* The core's name lists by index, NULL past the last (lecsnet_names.c):
** launch types (name i is ECSNET_LT_* bit 1u << i), OS names, shapes. */
typedef const char *(*lecsnet_namefn)(size_t i);
#define LECSNET_NAMES_MAX 16
const char *lecsnet_launch_type_at(size_t i);
const char *lecsnet_os_at(size_t i);
const char *lecsnet_shape_at(size_t i);

/* Pushes and returns the names for a message: "a, b or c". */
const char *lecsnet_push_names_or(lua_State *L, lecsnet_namefn name);

/* lecsnet_optfield_enum over the names of 'name' (at most
** LECSNET_NAMES_MAX): the index of the name given, 'def' when absent. */
int lecsnet_optfield_name(lua_State *L, int arg, const char *key,
                          lecsnet_namefn name, int def);

/* Openers of each part; each adds its functions to the table on top. */
void lecsnet_open_names(lua_State *L);
void lecsnet_open_modes(lua_State *L);
void lecsnet_open_cidr(lua_State *L);
void lecsnet_open_taskdef(lua_State *L);

/* Reads the agent's options from the table at 'arg' (lecsnet_agent.c):
** reserved_tcp, reserved_udp (lists of ports or ECS_RESERVED_PORTS JSON
** text; tcp_alias and udp_alias, when not NULL, are older names of them),
** prometheus, task_iam_roles, ip_local_port_range and dynamic_range, into
** *cfg (initialized for its OS), the lists kept in 'res'. Wrong types
** raise; returns 1, or 0 with a message pushed for a bad value. */
int lecsnet_agent_opts(lua_State *L, int arg, ecsnet_agent_config_t *cfg,
                       unsigned short res[2][ECSNET_RESERVED_MAX + 1],
                       const char *tcp_alias, const char *udp_alias);

/* The one task definition of the document at 'arg' (JSON text or a Lua
** table in any shape ecsnet.validate reads), as the validator's model, held
** by a box pushed on the stack (it lives as long as that slot). Returns
** NULL with nil, message pushed when the document cannot be read or holds
** no task definition or several. */
const ecsnet_taskdef_t *lecsnet_taskdef_at(lua_State *L, int arg);

/* The options table at 'arg' read as ecsnet.core.validate reads it for
** text (lecsnet_taskdef.c): unknown names and misuse raise; returns 1, or
** 0 with the message of a bad agent setting pushed. 'sc' (LECSNET_MAX_SC
** names) and 'res' hold what 'o' points to, as does the options table. */
#define LECSNET_MAX_SC 64
typedef unsigned short lecsnet_agent_lists[2][ECSNET_RESERVED_MAX + 1];
int lecsnet_validate_opts(lua_State *L, int arg, ecsnet_validate_opts_t *o,
                          const char **sc, lecsnet_agent_lists res);
void lecsnet_open_files(lua_State *L);
/* Pushes one diagnostic as a table: every field (full), or the command's
** few (lecsnet_taskdef.c). */
void lecsnet_push_diag(lua_State *L, const ecsnet_diag_t *d, int full);

/* Pushes a service's deployment and capacity (lecsnet_svc.c). */
void lecsnet_push_svc_deploy(lua_State *L, const ecsnet_svc_deploy_t *d);
void lecsnet_open_ports(lua_State *L);
void lecsnet_open_eni(lua_State *L);
void lecsnet_open_json(lua_State *L);

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif

#endif
