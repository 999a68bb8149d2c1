/*
** ecsnet.h: the public C API of ecsnet's core.
**
** The core is plain C99. It never includes a Lua header, keeps no mutable
** static state (one process may hold many lua_States and threads), never
** calls abort/exit/printf, and reports failures through integer status codes
** (ECSNET_OK = 0, ECSNET_E* otherwise). Text inputs are pointer + length;
** output buffers are the caller's, with an explicit length.
**
** Every function here is thread-safe unless its comment says otherwise:
** they read only their arguments and the constant tables compiled into the
** library.
*/
#ifndef ECSNET_H
#define ECSNET_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The one place the version lives: it feeds the Lua module's _VERSION, and a
** spec checks that it matches the rockspec ("scm" is the development line;
** releases set "X.Y.Z"). */
#define ECSNET_VERSION "scm"

#if defined(__GNUC__) || defined(__clang__)
#define ECSNET_API __attribute__((visibility("default")))
#else
#define ECSNET_API
#endif


/*
** {======================================================================
** Status codes, errors and memory
** =======================================================================
*/

#define ECSNET_OK       0
#define ECSNET_EINVAL   1   /* malformed input (text, JSON, value) */
#define ECSNET_ENOMEM   2   /* an allocation failed */
#define ECSNET_ERANGE   3   /* a value is out of its allowed range */
#define ECSNET_ENOENT   4   /* no such thing (mode, instance type, ...) */
#define ECSNET_EFAMILY  5   /* IPv4 and IPv6 mixed where one family is needed */
#define ECSNET_ELIMIT   6   /* a documented size limit was exceeded */
#define ECSNET_EFULL    7   /* no room left (ports, addresses) */
#define ECSNET_ESTATE   8   /* the operation does not fit the object's state */

/* Longest message a core function writes into a caller's error buffer,
** terminating NUL included. Buffers of this size are never truncated. */
#define ECSNET_ERRBUF_MAX 256

/* A short, constant, lower-case description of a status code. */
ECSNET_API const char *ecsnet_strerror(int status);

/* The library's version string (ECSNET_VERSION of the build). */
ECSNET_API const char *ecsnet_version(void);

/* An allocator with the signature and contract of lua_Alloc: nsize == 0
** frees and returns NULL; otherwise it returns a block of nsize bytes or
** NULL. Core objects that own memory take one of these, so that Lua can
** account for the memory and tests can make allocations fail. NULL means
** the C library's realloc/free. */
typedef void *(*ecsnet_alloc_fn)(void *ud, void *ptr, size_t osize,
                                 size_t nsize);

/* Writes s[0..n) into buf as a single-quoted, printable excerpt for error
** messages: control bytes, quotes and bytes >= 0x7f are escaped (\n, \',
** \xNN), and input beyond 48 bytes is cut with "...". Always NUL-terminates
** when len > 0. Returns the length written. */
ECSNET_API size_t ecsnet_quote(char *buf, size_t len, const char *s, size_t n);

/* "Did you mean": the name of 'names' (n of them) nearest to 'word' within
** two edits (letter case is free) and no more than a third of the name, or
** NULL when none is; the one edit distance behind every suggestion. */
ECSNET_API const char *ecsnet_suggest(const char *word,
                                      const char *const *names, size_t n);

/* }====================================================================== */


/*
** {======================================================================
** Network modes (reference: docs/reference.md §1.1-1.4, §5.4-5.7)
** =======================================================================
*/

typedef enum {
  ECSNET_MODE_BRIDGE = 0,
  ECSNET_MODE_HOST,
  ECSNET_MODE_AWSVPC,
  ECSNET_MODE_NONE,
  ECSNET_MODE_NAT,          /* Windows "default": networkMode omitted */
  ECSNET_MODE_COUNT
} ecsnet_mode_t;

typedef enum {
  ECSNET_OS_LINUX = 0,
  ECSNET_OS_WINDOWS
} ecsnet_os_t;

/* "linux", "windows" (the runtimePlatform families ecsnet models); NULL
** out of range. */
ECSNET_API const char *ecsnet_os_name(ecsnet_os_t os);

/* Launch types, the one list of their names: name i is the ECSNET_LT_* bit
** 1u << i ("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"); NULL past
** the last. */
ECSNET_API const char *ecsnet_launch_type_name(size_t i);

/* The ECSNET_LT_* bit of the launch type named s (n bytes, exact case), or
** 0 for a name not in the list. */
ECSNET_API unsigned ecsnet_launch_type_bit(const char *s, size_t n);

/* Where a task can run. */
typedef enum {
  ECSNET_PLATFORM_EC2_LINUX = 0,
  ECSNET_PLATFORM_EC2_WINDOWS,
  ECSNET_PLATFORM_FARGATE,
  ECSNET_PLATFORM_EXTERNAL_LINUX,
  ECSNET_PLATFORM_EXTERNAL_WINDOWS,
  ECSNET_PLATFORM_MANAGED_INSTANCES,
  ECSNET_PLATFORM_COUNT
} ecsnet_platform_t;

/* How a mode stands on one platform. */
typedef enum {
  ECSNET_SUPPORT_NO = 0,
  ECSNET_SUPPORT_YES,       /* allowed; networkMode must name it */
  ECSNET_SUPPORT_DEFAULT,   /* allowed, and what an omitted networkMode means */
  ECSNET_SUPPORT_REQUIRED   /* the only mode the platform accepts */
} ecsnet_support_t;

/* Yes/no capabilities of a mode (the §1.3 table). */
typedef enum {
  ECSNET_CAP_PORT_MAPPINGS = 0,      /* portMappings may be given */
  ECSNET_CAP_HOST_PORT_REMAP,        /* hostPort may differ from containerPort */
  ECSNET_CAP_DYNAMIC_HOST_PORTS,     /* hostPort 0/omitted = agent-assigned */
  ECSNET_CAP_CONTAINER_PORT_RANGE,   /* containerPortRange allowed */
  ECSNET_CAP_LINKS,                  /* container links */
  ECSNET_CAP_HOSTNAME,               /* container hostname */
  ECSNET_CAP_EXTRA_HOSTS,            /* extraHosts */
  ECSNET_CAP_OWN_ENI,                /* the task gets its own ENI and IP */
  ECSNET_CAP_TASK_SECURITY_GROUPS,   /* per-task security groups */
  ECSNET_CAP_SERVICE_DISCOVERY,      /* Cloud Map */
  ECSNET_CAP_SERVICE_CONNECT,        /* Service Connect */
  ECSNET_CAP_MULTIPLE_COPIES,        /* several copies per host (dynamic ports) */
  ECSNET_CAP_STATIC_PORT_COPIES,     /* several copies per host with static ports */
  ECSNET_CAP_COUNT
} ecsnet_cap_t;

typedef struct {
  ecsnet_mode_t id;
  const char *name;         /* "bridge", "host", "awsvpc", "none", "default" */
  const char *api_value;    /* networkMode value; NULL for Windows "default" */
  const char *driver;       /* Docker driver: "bridge", "host", ..., "nat" */
  const char *summary;      /* one sentence */
  unsigned char support[ECSNET_PLATFORM_COUNT];   /* ecsnet_support_t */
  const char *support_note[ECSNET_PLATFORM_COUNT]; /* NULL or a caveat */
  unsigned char cap[ECSNET_CAP_COUNT];             /* 0 or 1 */
  /* NULL, or why the cell is qualified; cells the reference marks
  ** "not verified" carry the conservative value and say so here. */
  const char *cap_note[ECSNET_CAP_COUNT];
  const char *host_port_rule;   /* what hostPort may be, in words */
  const char *lb_target_type;   /* "instance", "ip", or NULL (no LB) */
  const char *lb_note;          /* NULL or a caveat on load balancers */
  const char *cloud_map_records;/* "SRV", "A,SRV", or "" (not supported) */
  const char *security[4];      /* notes of §1.4, NULL-terminated */
  const char *sources;          /* reference tags behind this entry */
} ecsnet_mode_info_t;

/* The constant description of one mode, or NULL when id is out of range. */
ECSNET_API const ecsnet_mode_info_t *ecsnet_mode_info(ecsnet_mode_t id);

/* Looks a mode up by name (s, n bytes): "bridge", "host", "awsvpc", "none",
** or "default", which resolves to bridge on Linux and to the nat driver on
** Windows; "nat" names the Windows default directly. Returns ECSNET_OK and
** sets *out, or ECSNET_ENOENT. */
ECSNET_API int ecsnet_mode_lookup(const char *s, size_t n, ecsnet_os_t os,
                                  const ecsnet_mode_info_t **out);

/* Accepted mode names, comma-separated, for messages ("awsvpc, bridge, ..."). */
ECSNET_API const char *ecsnet_mode_names(void);

/* Names used in tables: "ec2_linux", ..., "port_mappings", ... */
ECSNET_API const char *ecsnet_platform_name(ecsnet_platform_t p);
ECSNET_API const char *ecsnet_cap_name(ecsnet_cap_t c);
ECSNET_API const char *ecsnet_support_name(ecsnet_support_t s);

/* }====================================================================== */

/* The other parts of the API, one header each. */
/*
** {======================================================================
** Findings: what every producer reports (validator diagnostics, plan
** findings and recommendations, host-port conflicts)
** =======================================================================
*/

typedef enum {
  ECSNET_SEV_ERROR = 0,
  ECSNET_SEV_WARNING,
  ECSNET_SEV_INFO,
  ECSNET_SEV_COUNT
} ecsnet_severity_t;

typedef struct {
  const char *code;           /* stable: "ECS008", "PLAN_SUBNET_FULL",
                                 "same_static_port" */
  ecsnet_severity_t severity;
  const char *pointer;        /* RFC 6901 JSON Pointer into the user's
                                 document ("" the whole; NULL: none) */
  unsigned line, column;      /* 1-based position in the user's file; 0 when
                                 not known */
  const char *message;        /* what is wrong and what to do */
  unsigned end_line, end_column; /* where the value ends: the place after
                                 its last character (a scalar's, a list's
                                 ']', an object's '}'), 1-based; 0 when not
                                 known (YAML, no positions) */
} ecsnet_finding_t;

/* }====================================================================== */


#include "ecsnet_cidr.h"
#include "ecsnet_agent.h"
#include "ecsnet_taskdef.h"
#include "ecsnet_ports.h"
#include "ecsnet_eni.h"

/*
** {======================================================================
** Files: a document read from disk with a size bound (ecsnet_files.c)
** =======================================================================
*/

/* A file's bytes (not NUL-terminated), in memory reused from file to file:
** start it zeroed, release it with ecsnet_filebuf_free. */
typedef struct {
  char *data;
  size_t len;                 /* bytes read */
  size_t cap;                 /* bytes allocated */
} ecsnet_filebuf_t;

/* Reads the regular file 'path' whole into b (grown through alloc, ud).
** Refused unread: what is not a regular file (a folder, FIFO, socket or
** device: opened without waiting, then checked), and a file of more than
** 'max' bytes (0: ECSNET_TD_MAX_BYTES), told by its size; a file that grows
** past 'max' while it is read is refused there. Returns ECSNET_OK,
** ECSNET_ENOENT (cannot open), ECSNET_EINVAL (not a regular file, or a read
** error), ECSNET_ELIMIT (too large) or ECSNET_ENOMEM, with why in err
** ("cannot open 'x.json': no such file or directory", "document too large:
** ..."). */
ECSNET_API int ecsnet_file_read(const char *path, size_t max,
                                ecsnet_alloc_fn alloc, void *ud,
                                ecsnet_filebuf_t *b, char *err,
                                size_t errlen);

/* Frees b's memory (NULL-safe) and zeroes it. */
ECSNET_API void ecsnet_filebuf_free(ecsnet_filebuf_t *b,
                                    ecsnet_alloc_fn alloc, void *ud);

/* Where ecsnet_file_validate stopped. */
#define ECSNET_FILE_READ      1   /* reading: ecsnet_file_read's status */
#define ECSNET_FILE_VALIDATE  2   /* validating: ecsnet_validate's status */

/* Reads 'path' as ecsnet_file_read does (the bound: opts->max_bytes) into b
** and validates its bytes as ecsnet_validate does; *stage says which step
** the status is of. The report (*out, NULL on failure) may point into b:
** keep b as it is until the report is freed. */
ECSNET_API int ecsnet_file_validate(const char *path,
                                    const ecsnet_validate_opts_t *opts,
                                    ecsnet_alloc_fn alloc, void *ud,
                                    ecsnet_filebuf_t *b, int *stage,
                                    ecsnet_report_t **out, char *err,
                                    size_t errlen);

/* A folder's entries, as a walk of it sees them. */
#define ECSNET_DIRENT_FILE      0   /* a regular file, or a link to one */
#define ECSNET_DIRENT_DIR       1   /* a folder (not a link to one) */
#define ECSNET_DIRENT_LINK_DIR  2   /* a link to a folder */
#define ECSNET_DIRENT_OTHER     3   /* a device, FIFO, socket, a link to one
                                       or to nothing */

typedef struct {
  const char *name;           /* the entry's name, without the folder */
  size_t offset;              /* private */
  int kind;                   /* ECSNET_DIRENT_* */
} ecsnet_dirent_t;

/* The entries of one folder, reused from folder to folder: start it
** zeroed, release it with ecsnet_dirlist_free. */
typedef struct {
  ecsnet_dirent_t *entries;
  size_t n;
  size_t cap_entries, used, cap_names;   /* private */
  char *names;                           /* private */
} ecsnet_dirlist_t;

/* Lists the folder 'dir' into l: every entry whose name does not start
** with '.' (hidden ones, and . and .., are left out), with its kind, sorted
** by name as strcoll orders them (as Lua's string comparison does). Returns
** ECSNET_OK; ECSNET_EINVAL when the folder cannot be read, ECSNET_ELIMIT for
** a path of 4,096 bytes or more, ECSNET_ENOMEM, with why in err. */
ECSNET_API int ecsnet_dir_list(const char *dir, ecsnet_alloc_fn alloc,
                               void *ud, ecsnet_dirlist_t *l, char *err,
                               size_t errlen);

/* Frees l's memory (NULL-safe) and zeroes it. */
ECSNET_API void ecsnet_dirlist_free(ecsnet_dirlist_t *l,
                                    ecsnet_alloc_fn alloc, void *ud);

/* }====================================================================== */

#ifdef __cplusplus
}
#endif

#endif
