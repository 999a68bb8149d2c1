/*
** ecsnet_taskdef.h: task definitions: parsing and validation (docs/reference.md §1.5, §2, §6).
** Part of the public C API; included by ecsnet.h, never on its own.
**
** ecsnet_validate() reads a document in one of the shapes users have
** (register-task-definition input, describe output {"taskDefinition": ...},
** a CloudFormation template with AWS::ECS::TaskDefinition resources, a
** Terraform container_definitions array; a template's AWS::ECS::Service
** resources are checked too, ecsnet_svc.c), checks every networking rule of
** the catalog (ecsnet_rules()) and returns a report: diagnostics in document
** order plus a normalized model of each task definition. The JSON text is
** parsed with cJSON; a document can also be built node by node with the
** ecsnet_json_* functions (the Lua binding does so for Lua tables).
**
** Thread-safety: a report and a document belong to one thread at a time;
** distinct ones are independent. The catalog is constant.
*/
#ifndef ECSNET_TASKDEF_H
#define ECSNET_TASKDEF_H

/*
** {======================================================================
** The rule catalog
** =======================================================================
*/


typedef struct {
  const char *id;         /* stable: "ECS008" */
  const char *checklist;  /* "R8" (docs/reference.md §6), or "" for input rules */
  const char *name;       /* "host-port-must-match" */
  const char *title;      /* one line */
  ecsnet_severity_t severity;  /* the usual severity */
  const char *section;    /* "docs/reference.md §1.3, §1.5" */
  const char *link;       /* AWS documentation URL */
  const char *help;       /* what to do, a few sentences */
} ecsnet_rule_t;

/* The number of rules and the i-th one (NULL when out of range). */
ECSNET_API size_t ecsnet_rules_count(void);
ECSNET_API const ecsnet_rule_t *ecsnet_rule(size_t i);
/* Looks a rule up by ID ("ECS008"); NULL when unknown. */
ECSNET_API const ecsnet_rule_t *ecsnet_rule_find(const char *id);
ECSNET_API const char *ecsnet_severity_name(ecsnet_severity_t s);

/* }====================================================================== */


/*
** {======================================================================
** Documents built node by node (no JSON text)
** =======================================================================
*/

/* A JSON node; the type is cJSON's, kept opaque here. */
typedef struct cJSON ecsnet_json_t;

/* Constructors; each returns NULL when out of memory. Strings are copied
** unless the function name says "ref": a reference must stay valid and
** unchanged until the tree is freed. s must have no NUL byte before s[n]
** and s[n] must be NUL for the ref forms. */
ECSNET_API ecsnet_json_t *ecsnet_json_object(void);
ECSNET_API ecsnet_json_t *ecsnet_json_array(void);
ECSNET_API ecsnet_json_t *ecsnet_json_null(void);
ECSNET_API ecsnet_json_t *ecsnet_json_bool(int b);
ECSNET_API ecsnet_json_t *ecsnet_json_number(double d);
ECSNET_API ecsnet_json_t *ecsnet_json_string(const char *s, size_t n);
ECSNET_API ecsnet_json_t *ecsnet_json_string_ref(const char *s);
/* Appends 'item' to array 'parent', or to object 'parent' under 'key'
** (key copied; the _ref form keeps the pointer). On success 'parent' owns
** 'item'; on failure (ECSNET_ENOMEM, ECSNET_EINVAL) the caller still does. */
ECSNET_API int ecsnet_json_append(ecsnet_json_t *parent, ecsnet_json_t *item);
ECSNET_API int ecsnet_json_set(ecsnet_json_t *parent, const char *key,
                               size_t keylen, ecsnet_json_t *item);
ECSNET_API int ecsnet_json_set_ref(ecsnet_json_t *parent, const char *key,
                                   ecsnet_json_t *item);
/* The first element or member of a list or object (NULL when empty). */
ECSNET_API ecsnet_json_t *ecsnet_json_first(const ecsnet_json_t *node);
/* Sorts an object's members by name (byte order). */
ECSNET_API void ecsnet_json_sort(ecsnet_json_t *obj);
/* Frees a tree (NULL-safe). */
ECSNET_API void ecsnet_json_free(ecsnet_json_t *node);

/* Reading a tree: JSON text through the front end (its limits, checks and
** exact positions; 'what' names the document in messages, e.g. "the
** manifest"; 'max' is the size limit in bytes) into *out, which the caller
** frees with ecsnet_json_free. ECSNET_EINVAL or ECSNET_ELIMIT with the
** reason in err; ECSNET_ENOMEM. Strings in the tree hold no NUL byte. */
typedef enum {
  ECSNET_JSON_NULL = 0, ECSNET_JSON_FALSE, ECSNET_JSON_TRUE,
  ECSNET_JSON_NUMBER, ECSNET_JSON_STRING, ECSNET_JSON_ARRAY,
  ECSNET_JSON_OBJECT
} ecsnet_json_kind_t;
ECSNET_API int ecsnet_json_parse(const char *what, const char *text,
                                 size_t n, size_t max, ecsnet_json_t **out,
                                 char *err, size_t errlen);
/* The same for YAML text (JSON is YAML too) through the YAML front end
** (libyaml: short-form tags as {"Fn::...": ...}, merge keys, bounded
** aliases); the tree is freed with ecsnet_json_free as well. */
ECSNET_API int ecsnet_yaml_parse(const char *what, const char *text,
                                 size_t n, size_t max, ecsnet_json_t **out,
                                 char *err, size_t errlen);
ECSNET_API ecsnet_json_kind_t ecsnet_json_kind(const ecsnet_json_t *node);
/* The next element or member after 'node' (NULL after the last). */
ECSNET_API ecsnet_json_t *ecsnet_json_next(const ecsnet_json_t *node);
/* A member's name (NULL for an array element). */
ECSNET_API const char *ecsnet_json_name(const ecsnet_json_t *node);
/* A string's value and length (NULL for other kinds). */
ECSNET_API const char *ecsnet_json_text(const ecsnet_json_t *node,
                                        size_t *len);
/* A number's value (0 for other kinds). */
ECSNET_API double ecsnet_json_value(const ecsnet_json_t *node);

/* }====================================================================== */


/*
** {======================================================================
** Validation
** =======================================================================
*/

typedef enum {
  ECSNET_SHAPE_AUTO = 0,      /* detect */
  ECSNET_SHAPE_REGISTER,      /* register-task-definition input */
  ECSNET_SHAPE_DESCRIBE,      /* {"taskDefinition": {...}} */
  ECSNET_SHAPE_CLOUDFORMATION,/* template with AWS::ECS::TaskDefinition */
  ECSNET_SHAPE_TERRAFORM,     /* container_definitions array */
  ECSNET_SHAPE_TERRAFORM_PLAN,/* terraform show -json: plan or state */
  ECSNET_SHAPE_SERVICE,       /* create-service / update-service input, or
                                 describe-services output {"services": [...]} */
  ECSNET_SHAPE_COUNT
} ecsnet_shape_t;

/* The syntax of a document's text: auto detects it from the content (JSON
** when the first character other than whitespace, after a byte order mark,
** is one of { [ } ], or when there is none; YAML otherwise). */
typedef enum {
  ECSNET_SYNTAX_AUTO = 0,
  ECSNET_SYNTAX_JSON,
  ECSNET_SYNTAX_YAML
} ecsnet_syntax_t;

/* Launch types, as bits of a mask. */
#define ECSNET_LT_EC2                1
#define ECSNET_LT_FARGATE            2
#define ECSNET_LT_EXTERNAL           4
#define ECSNET_LT_MANAGED_INSTANCES  8

/* The default document limit. */
#define ECSNET_TD_MAX_BYTES       (1024 * 1024)

/* Limits of one validation (docs/robustness.md). ECS itself allows 10
** containers (rule ECS021); 10,000 mappings is far beyond anything seen
** registered (docs/reference.md §2.2 quotes a 65,536-byte request limit, seen
** from CloudFormation and not verified as ECS's own). Beyond these, ecsnet
** refuses the document with ECSNET_ELIMIT instead of spending seconds on
** it. */
#define ECSNET_TD_MAX_CONTAINERS     1000    /* per task definition */
#define ECSNET_TD_MAX_PORT_MAPPINGS  10000   /* per task definition */

typedef struct {
  ecsnet_shape_t shape;
  unsigned launch_types;      /* ECSNET_LT_* added to requiresCompatibilities */
  int os;                     /* -1: from runtimePlatform (else Linux);
                                 else an ecsnet_os_t used when absent */
  int positions;              /* compute line/column (JSON or YAML text) */
  ecsnet_syntax_t syntax;     /* of the text ecsnet_validate reads */
  size_t max_bytes;           /* 0: ECSNET_TD_MAX_BYTES */
  /* The agent's configuration on the instances the tasks run on
  ** (ecsnet_agent.h): reserved ports and the dynamic range. Its 'os' is not
  ** used: each task definition's OS picks the defaults that apply. */
  ecsnet_agent_config_t agent;
  /* Port names the caller uses for Service Connect (R16): NUL-terminated. */
  const char *const *service_connect;
  size_t nservice_connect;
  /* Task attributes for a Terraform container_definitions array (NULL or
  ** < 0 when not given): network_mode as in the API ("awsvpc"). */
  const char *network_mode;
  const char *family;
  double cpu, memory;
  /* The task definition of a service document (shape service), read by an
  ** earlier validation (its report must outlive this call); NULL: not
  ** given, and the rules that need it are skipped. */
  const struct ecsnet_taskdef *taskdef;
  /* With positions, JSON text: also where each value ends (end_line,
  ** end_column; SARIF's region end). 1 by default; 0 saves the second
  ** scan of each value a diagnostic points at, for outputs without ends. */
  int ends;
} ecsnet_validate_opts_t;

/* Sets the defaults: auto shape, no extra launch type, os from the
** document, no positions (ends when positions are asked for), default
** agent configuration. */
ECSNET_API void ecsnet_validate_opts_init(ecsnet_validate_opts_t *o);

/* One diagnostic: a finding (f.code is the rule's ID) with what the
** validator adds. Strings live as long as the report. */
typedef struct {
  ecsnet_finding_t f;       /* code, severity, pointer, line, column, message */
  const ecsnet_rule_t *rule;
  const char *aws_message;  /* AWS's own error text, or NULL */
  int taskdef;              /* index into the report's task definitions, or -1 */
} ecsnet_diag_t;

/* The normalized model (the shape of Lua's ecsnet.taskdefs()). Absent
** numbers are -1. */
#define ECSNET_PROTO_TCP 0
#define ECSNET_PROTO_UDP 1

typedef struct {
  int container_port;         /* -1: absent or unknown */
  int host_port;              /* -1: absent */
  int range_first, range_last;/* -1: no containerPortRange */
  int protocol;               /* ECSNET_PROTO_* */
  const char *name;           /* NULL when absent */
  const char *app_protocol;   /* NULL when absent */
  const char *pointer;
  int unknown;                /* a value could not be known statically */
  int name_unknown;           /* the name could not be known statically */
  int app_protocol_unknown;   /* appProtocol could not be known statically */
} ecsnet_td_port_t;

typedef struct {
  const char *name;           /* NULL when absent */
  const char *pointer;
  double cpu, memory;         /* -1 when absent */
  const char *user;           /* NULL when absent */
  size_t nports;
  ecsnet_td_port_t *ports;
  int unknown;                /* its name or its port mappings (the list or
                                 one of them) are not known statically */
} ecsnet_td_container_t;

typedef struct ecsnet_taskdef {
  const char *family;         /* NULL when absent */
  const char *pointer;        /* "" or "/Resources/X/Properties" */
  int mode;                   /* ecsnet_mode_t, or -1 when unknown/invalid */
  int mode_given;
  ecsnet_os_t os;
  unsigned launch_types;      /* ECSNET_LT_* (requiresCompatibilities + opts) */
  double cpu, memory;         /* -1 when absent */
  size_t ncontainers;
  ecsnet_td_container_t *containers;
  int unknown;                /* containerDefinitions, or one container, is
                                 not known statically */
  const char *resource;       /* CloudFormation logical ID, or NULL */
} ecsnet_taskdef_t;

/* A subnet a service names, resolved in the template where it is declared
** (AWS::EC2::Subnet; docs/reference.md §8.8). */
typedef struct {
  const char *id;             /* logical ID, or the literal subnet ID */
  const char *cidr;           /* its IPv4 CidrBlock, NULL: not known */
  const char *ipv6;           /* its Ipv6CidrBlock, NULL: none or not known */
  const char *az;             /* AvailabilityZone (or AvailabilityZoneId);
                                 "#N": the Nth AZ of Fn::GetAZs; NULL */
} ecsnet_svc_subnet_t;

/* What a service declares about its deployment and where it runs
** (docs/reference.md §8.1, §8.8): read once by the services room, for
** the deployment rules and for plans read from templates. A count is -1
** when not known (a parameter, an import), -2 when not declared. */
typedef struct {
  long long desired;          /* DesiredCount */
  long long desired_default;  /* -1, or the Default of the parameter that
                                 DesiredCount refers to (a plan assumes it) */
  const char *desired_param;  /* that parameter's name, or NULL */
  int strategy;               /* ecsnet_deploy_t; -1 not known */
  long long max_percent;      /* MaximumPercent */
  long long min_percent;      /* MinimumHealthyPercent */
  int daemon;                 /* SchedulingStrategy DAEMON */
  /* the Auto Scaling groups behind the service's capacity providers */
  long long instances_max;    /* the sum of their MaxSize */
  long long instances_desired;  /* ... of their DesiredCapacity */
  const char *instance_type;  /* one type for all, NULL: not known */
  const char *asg;            /* the groups' logical IDs, ", " between */
  const char *instances_why;  /* why the instances are not known, or NULL */
  size_t nsubnets, ninstance_subnets;
  ecsnet_svc_subnet_t *subnets;           /* AwsvpcConfiguration.Subnets */
  ecsnet_svc_subnet_t *instance_subnets;  /* the groups' VPCZoneIdentifier */
  const char *subnets_why;    /* why the subnets are not known, or NULL */
  const char *vpc;            /* the VPC CidrBlock the subnets lie in, or NULL */
} ecsnet_svc_deploy_t;

/* An AWS::ECS::Service of a CloudFormation template, as the service rules
** read it (docs/reference.md §8.1, §8.5). */
typedef struct {
  const char *name;           /* logical ID */
  const char *pointer;        /* "/Resources/Api" */
  int taskdef;                /* index into the report's task definitions,
                                 or -1 when not in the template or unknown */
  unsigned launch_type;       /* ECSNET_LT_* the tasks run on, 0: unknown */
  ecsnet_svc_deploy_t deploy; /* its deployment and capacity (§8.8) */
} ecsnet_service_t;

typedef struct ecsnet_report {
  ecsnet_shape_t shape;       /* the shape read (detected or forced) */
  int ok;                     /* 1 when no diagnostic is an error */
  size_t counts[ECSNET_SEV_COUNT];
  size_t ndiags;
  ecsnet_diag_t *diags;       /* ordered by document position */
  size_t ntaskdefs;
  ecsnet_taskdef_t *taskdefs;
  size_t nservices;           /* CloudFormation: AWS::ECS::Service resources */
  ecsnet_service_t *services;
  void *priv_;                /* the report's memory; do not touch */
} ecsnet_report_t;

/* Parses JSON text (json, n bytes) and validates it. On success returns
** ECSNET_OK and a report in *out (caller frees with ecsnet_report_free).
** Bad input (malformed JSON, NUL bytes, invalid UTF-8, nesting deeper than
** cJSON's limit, more than max_bytes, not a task-definition document, a
** task definition over ECSNET_TD_MAX_CONTAINERS containers or
** ECSNET_TD_MAX_PORT_MAPPINGS port mappings) returns ECSNET_EINVAL or
** ECSNET_ELIMIT with a message in err (line and column for malformed
** JSON); ECSNET_ENOMEM when out of memory. */
ECSNET_API int ecsnet_validate(const char *json, size_t n,
                               const ecsnet_validate_opts_t *opts,
                               ecsnet_alloc_fn alloc, void *ud,
                               ecsnet_report_t **out, char *err, size_t errlen);

/* The same for a document built with ecsnet_json_* (no positions). The
** caller keeps ownership of doc. */
ECSNET_API int ecsnet_validate_json(const ecsnet_json_t *doc,
                                    const ecsnet_validate_opts_t *opts,
                                    ecsnet_alloc_fn alloc, void *ud,
                                    ecsnet_report_t **out, char *err,
                                    size_t errlen);

/* Frees a report (NULL-safe). */
ECSNET_API void ecsnet_report_free(ecsnet_report_t *r);

/* "auto", "register", "describe", "cloudformation", "terraform",
** "terraform_plan", "service". */
ECSNET_API const char *ecsnet_shape_name(ecsnet_shape_t s);

/* }====================================================================== */

#endif
