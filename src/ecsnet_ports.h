/*
** ecsnet_ports.h: host ports: a container instance's port space (docs/reference.md §2.3-2.6).
** Part of the public C API; included by ecsnet.h, never on its own.
**
** A host (ecsnet_host_t) is one container instance as the ECS scheduler and
** agent see it: an operating system, reserved TCP and UDP ports, the dynamic
** ("ephemeral") range the agent assigns host ports from, the agent's "last
** assigned port" tracker, and the tasks placed on it. The port space is a
** bitmap of 65536 bits per protocol, in 1 KB chunks of 8192 ports allocated
** on first use, so placing a dynamic-port task costs O(1) amortized and a
** host costs ~10 KB (TCP only) to ~18 KB (TCP and UDP, 200 tasks).
**
** The input is a plain array of port requests (ecsnet_port_map_t), one per
** port mapping, in container order: no JSON. A host is not thread-safe; use
** one host from one thread at a time (distinct hosts are independent).
*/
#ifndef ECSNET_PORTS_H
#define ECSNET_PORTS_H

#define ECSNET_PORT_TCP 0
#define ECSNET_PORT_UDP 1

/* What a binding is (ecsnet_port_map_t.kind). */
#define ECSNET_BIND_STATIC  0   /* host port as given (bridge/nat static, host mode) */
#define ECSNET_BIND_DYNAMIC 1   /* assigned by the agent from the dynamic range */
#define ECSNET_BIND_TASK    2   /* awsvpc: the task's own ENI; no host port taken */

/* One port mapping: a request on input, a binding on output. */
typedef struct {
  unsigned short container;       /* caller's container index, passed through */
  unsigned char protocol;         /* ECSNET_PORT_TCP or ECSNET_PORT_UDP */
  unsigned char kind;             /* output: ECSNET_BIND_* */
  unsigned short container_port;  /* first container port, 1-65535 */
  unsigned short host_port;       /* input: 0 = dynamic (bridge/nat), else static;
                                     output: the first host port */
  unsigned short count;           /* 1, or the size of a containerPortRange */
} ecsnet_port_map_t;

/* Why a placement failed (ecsnet_host_place's *why). */
typedef enum {
  ECSNET_PORTFAIL_NONE = 0,
  ECSNET_PORTFAIL_RESERVED,    /* static port on the reserved list: RESOURCE:PORTS */
  ECSNET_PORTFAIL_TAKEN,       /* static port held by another task's static port: RESOURCE:PORTS */
  ECSNET_PORTFAIL_LIMIT,       /* more than 100 reserved ports: RESOURCE:PORTS */
  ECSNET_PORTFAIL_BOUND,       /* static port held by an agent-assigned port: bind fails */
  ECSNET_PORTFAIL_DYNAMIC,     /* "a host port is unavailable" */
  ECSNET_PORTFAIL_CONTIGUOUS,  /* "N contiguous host ports are unavailable" */
  ECSNET_PORTFAIL_INVALID      /* the requests themselves are invalid for the mode */
} ecsnet_portfail_t;

/* A host's configuration is the agent's (ecsnet_agent.h). */
typedef ecsnet_agent_config_t ecsnet_host_config_t;

typedef struct ecsnet_host ecsnet_host_t;

/* The same as ecsnet_agent_config_init (the name hosts were configured by
** before the agent's configuration had a type of its own). */
ECSNET_API void ecsnet_host_config_init(ecsnet_host_config_t *cfg, ecsnet_os_t os);

/* Parses an ECS_DYNAMIC_HOST_PORT_RANGE value "first-last" (s, n bytes).
** ECSNET_EINVAL (not two numbers), ECSNET_ERANGE (outside 1-65535 or
** reversed); message in err. */
ECSNET_API int ecsnet_port_range_parse(const char *s, size_t n,
                                       unsigned short *first, unsigned short *last,
                                       char *err, size_t errlen);

/* Parses the text of /proc/sys/net/ipv4/ip_local_port_range ("32768\t60999\n";
** any blanks between and around). Same codes. */
ECSNET_API int ecsnet_ip_local_port_range_parse(const char *s, size_t n,
                                                unsigned short *first,
                                                unsigned short *last,
                                                char *err, size_t errlen);

/* Parses an ECS_RESERVED_PORTS value (a JSON array of ports, "[22, 80]")
** into out[0..*count), at most 'cap' entries. ECSNET_EINVAL (not a JSON
** array of integers), ECSNET_ERANGE (a port outside 1-65535),
** ECSNET_ELIMIT (more than 'cap'). Duplicates are kept (ecsnet_host_new
** rejects them). */
ECSNET_API int ecsnet_reserved_parse(const char *s, size_t n, unsigned short *out,
                                     size_t cap, size_t *count,
                                     char *err, size_t errlen);

/* Creates a host. ECSNET_EINVAL (a reserved port twice, port 0),
** ECSNET_ERANGE (reversed or out-of-range dynamic range), ECSNET_ELIMIT
** (more than 100 reserved ports, TCP and UDP together), ECSNET_ENOMEM.
** Caller frees with ecsnet_host_free. */
ECSNET_API int ecsnet_host_new(ecsnet_alloc_fn alloc, void *ud,
                               const ecsnet_host_config_t *cfg,
                               ecsnet_host_t **out, char *err, size_t errlen);

/* Frees a host and its tasks; NULL is a no-op. */
ECSNET_API void ecsnet_host_free(ecsnet_host_t *h);

/* In-place construction, for callers that own the memory (the Lua binding
** keeps the host inside its userdata: one cache line less per call).
** 'h' points to ecsnet_host_sizeof() bytes aligned for pointers. Same codes
** as ecsnet_host_new; after a failure nothing is held. ecsnet_host_fini
** frees what the host holds, not 'h' itself; calling it twice is safe, and
** so is calling it after a failed init. */
ECSNET_API size_t ecsnet_host_sizeof(void);
ECSNET_API int ecsnet_host_init(ecsnet_host_t *h, ecsnet_alloc_fn alloc, void *ud,
                                const ecsnet_host_config_t *cfg, char *err,
                                size_t errlen);
ECSNET_API void ecsnet_host_fini(ecsnet_host_t *h);

/* Places one copy of a task with the 'n' port mappings 'reqs' in network
** mode 'mode', the way the ECS scheduler checks and the agent (>= 1.70)
** assigns (docs/reference.md §2.5):
** - bridge/nat: host_port != 0 is static; 0 is dynamic: scan upward from the
**   last assigned port + 1 to the range end, then wrap once from the range
**   start; count > 1 (containerPortRange) needs that many contiguous ports;
** - host: the host port is the container port (host_port must be 0 or equal);
** - awsvpc: no host port is taken; none: no mappings allowed.
** On success writes n bindings into 'out' (may be NULL), the new task's id
** (> 0) into *task, and returns ECSNET_OK. On failure the host is unchanged
** (also its tracker, unlike the agent, which moves it on failure), *why says
** why and err holds the message in ECS's words: ECSNET_EFULL (ports),
** ECSNET_ELIMIT (100 reserved), ECSNET_EINVAL (requests), ECSNET_ENOMEM. */
ECSNET_API int ecsnet_host_place(ecsnet_host_t *h, ecsnet_mode_t mode,
                                 const ecsnet_port_map_t *reqs, size_t n,
                                 ecsnet_port_map_t *out, unsigned *task,
                                 ecsnet_portfail_t *why, char *err, size_t errlen);

/* Removes task 'task' and frees its ports. ECSNET_ENOENT if no such task. */
ECSNET_API int ecsnet_host_remove(ecsnet_host_t *h, unsigned task);

/* The bindings of a placed task: *maps points into the host (valid until the
** next place/remove), *n is their number. ECSNET_ENOENT if no such task. */
ECSNET_API int ecsnet_host_task(const ecsnet_host_t *h, unsigned task,
                                const ecsnet_port_map_t **maps, size_t *n);

/* Writes the ids of placed tasks, ascending, into ids[0..cap); returns how
** many tasks there are (which may exceed cap). */
ECSNET_API size_t ecsnet_host_task_ids(const ecsnet_host_t *h, unsigned *ids,
                                       size_t cap);
/* The number of placed tasks. */
ECSNET_API size_t ecsnet_host_ntasks(const ecsnet_host_t *h);

/* How many more copies of the task fit on the host by ports alone (the host
** is not changed), up to 'limit'. *copies = -1 when the task takes no host
** port (awsvpc, or no mappings): ports do not limit it. *why and err say what
** stops the next copy. ECSNET_OK, ECSNET_EINVAL, ECSNET_ENOMEM. */
ECSNET_API int ecsnet_host_capacity(const ecsnet_host_t *h, ecsnet_mode_t mode,
                                    const ecsnet_port_map_t *reqs, size_t n,
                                    long limit, long *copies,
                                    ecsnet_portfail_t *why, char *err, size_t errlen);

/* Who holds host port 'port' of 'protocol': 0 free, -1 reserved, else the
** task id. */
ECSNET_API long ecsnet_host_holder(const ecsnet_host_t *h, int protocol,
                                   unsigned port);

/* The host's configuration as applied. */
ECSNET_API ecsnet_os_t ecsnet_host_os(const ecsnet_host_t *h);
ECSNET_API void ecsnet_host_dynamic_range(const ecsnet_host_t *h,
                                          unsigned short *first,
                                          unsigned short *last,
                                          ecsnet_dyn_origin_t *origin);
/* The reserved list of 'protocol' (sorted); *n entries. */
ECSNET_API const unsigned short *ecsnet_host_reserved(const ecsnet_host_t *h,
                                                      int protocol, size_t *n);
/* Reserved ports counted against the 100 limit: configured + static task ports. */
ECSNET_API size_t ecsnet_host_reserved_count(const ecsnet_host_t *h);
/* The agent's last assigned host port (0: none yet, scans from the start). */
ECSNET_API unsigned ecsnet_host_last_assigned(const ecsnet_host_t *h);
/* Ports of 'protocol' in use (reserved and task ports, whole port space). */
ECSNET_API size_t ecsnet_host_used(const ecsnet_host_t *h, int protocol);
/* Bytes the host holds through its allocator. */
ECSNET_API size_t ecsnet_host_memory(const ecsnet_host_t *h);

/* The static host port a mapping takes in network mode 'mode' (an
** ecsnet_mode_t), or 0 when it takes none or a dynamic one: in bridge and
** nat a host port > 0; in host mode the host port, else the container
** port; awsvpc and none take no host port. Ports are -1 when absent. The
** one answer to "is this mapping static?" (docs/reference.md#static-ports-and-placement). */
ECSNET_API int ecsnet_static_host_port(int mode, int container_port,
                                       int host_port);

/* Compiles one port mapping of the task-definition model (ecsnet_taskdef.h)
** into a request of container 'container': a containerPortRange
** (range_first >= 0) takes range_first..range_last, otherwise the container
** port; an absent host port (-1) is 0, dynamic. 'what' names the mapping in
** messages (its JSON Pointer). ECSNET_EINVAL with the message in err when
** the mapping cannot be placed: a value not known statically, a range that
** is not 1 <= first < last <= 65535, a container port outside 1-65535, a
** host port above 65535. */
ECSNET_API int ecsnet_port_request(const ecsnet_td_port_t *p,
                                   unsigned container, const char *what,
                                   ecsnet_port_map_t *out, char *err,
                                   size_t errlen);

/* The requests of a whole task definition of the model, in container order
** (containers numbered from 1): writes at most 'cap' into 'out' and the
** count into *n, which may exceed 'cap' (call again with a larger buffer),
** and the network mode into *mode (an unknown mode is the OS's default, as
** an omitted one). Same codes as ecsnet_port_request; with flag
** ECSNET_REQS_SKIP a mapping that cannot be placed is left out instead
** (for checks that skip what is not known, as host conflicts do). */
#define ECSNET_REQS_SKIP 1u
ECSNET_API int ecsnet_taskdef_port_requests(const ecsnet_taskdef_t *td,
                                            unsigned flags,
                                            ecsnet_port_map_t *out, size_t cap,
                                            size_t *n, ecsnet_mode_t *mode,
                                            char *err, size_t errlen);

/* What ecsnet_host_conflicts finds between task definitions (services)
** sharing one host (docs/reference.md §2.3, §2.4, §2.6; R17, R19). */
typedef enum {
  ECSNET_CONFLICT_SAME_STATIC_PORT = 0, /* error: the second gets RESOURCE:PORTS */
  ECSNET_CONFLICT_RESERVED,             /* error: a static port on the reserved list */
  ECSNET_CONFLICT_IN_DYNAMIC_RANGE,     /* warning: may already be handed out */
  ECSNET_CONFLICT_ONE_PER_HOST,         /* info: static ports, one copy per host */
  ECSNET_CONFLICT_RESERVED_LIMIT        /* error: reserved + static over 100 */
} ecsnet_conflict_kind_t;

/* A conflict is a finding (f.code the kind's name, f.pointer NULL, the
** message in 'text', which f.message points to: do not copy the struct
** and keep the copy's f.message) with what names its port and task
** definitions. */
typedef struct {
  ecsnet_finding_t f;
  ecsnet_conflict_kind_t kind;
  unsigned port;                /* 0 when the finding names no port */
  int protocol;                 /* ECSNET_PORT_*, with a port */
  unsigned taskdefs[2];         /* 1-based indexes into the input; 0: unused */
  char text[2 * ECSNET_ERRBUF_MAX];
} ecsnet_conflict_t;

/* One task definition for ecsnet_host_conflicts: its port requests in its
** network mode, and its family for messages (NULL: "task definition #i"). */
typedef struct {
  ecsnet_mode_t mode;
  const ecsnet_port_map_t *reqs;
  size_t n;
  const char *family;
} ecsnet_conflict_td_t;

/* The conflicts of the n task definitions 'tds' on host 'h', in input
** order: for each definition its static ports (the same port claimed by an
** earlier one, on the reserved list, inside the dynamic range) and whether
** it is one per host; last, the 100-port limit over all. 'scratch' holds
** at least as many entries as there are requests in all; 'out' at least
** twice that plus n + 1. Returns the number of findings written. */
typedef struct { unsigned key, owner; } ecsnet_conflict_claim_t;
ECSNET_API size_t ecsnet_host_conflicts(const ecsnet_host_t *h,
                                        const ecsnet_conflict_td_t *tds,
                                        size_t n,
                                        ecsnet_conflict_claim_t *scratch,
                                        ecsnet_conflict_t *out);

/* "same_static_port", "reserved", "in_dynamic_range", "one_per_host",
** "reserved_limit". */
ECSNET_API const char *ecsnet_conflict_name(ecsnet_conflict_kind_t k);

/* Names: "RESOURCE:PORTS", ... (origins: ecsnet_dyn_origin_name). */
ECSNET_API const char *ecsnet_portfail_name(ecsnet_portfail_t why);

#endif
