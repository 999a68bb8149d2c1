/*
** ecsnet_svc_internal.h: between the services room's files (ecsnet_svc.c,
** ecsnet_svc_names.c) and the deployments of its services
** (ecsnet_svc_deploy.c). Internal: never
** included by the binding; symbols declared here are hidden.
*/
#ifndef ECSNET_SVC_INTERNAL_H
#define ECSNET_SVC_INTERNAL_H

#include "ecsnet_td_internal.h"

#define SVC_NAMELEN 256

/* One service being checked (ecsnet_svc.c). */
typedef struct {
  const cJSON *resources;      /* the template's Resources object */
  const char *name;            /* the service's logical ID */
  const cJSON *props;          /* its Properties */
  const ecsnet_taskdef_t *t;   /* its task definition, or NULL: unknown */
  const char *td;              /* the task definition's name for messages */
  int mode;                    /* t's ecsnet_mode_t, or -1 */
  unsigned lt;                 /* ECSNET_LT_* the tasks run on, 0: unknown */
  int partial;                 /* update-service input: absent = unchanged */
  const char *tgs[8];          /* target groups whose type was checked */
  size_t ntgs;
} svc;

/* One LoadBalancers (or ServiceRegistries) entry as read. */
typedef struct {
  const char *cname;
  long cport;
  int o_name, o_port;
  int st_name, st_port;         /* R_* of containerName, containerPort */
  const ecsnet_td_container_t *c;
  int has_tcp, has_udp;         /* mappings of cport by protocol */
  int dynamic;                  /* a mapping of cport takes a dynamic port */
} lbref;

/* Between ecsnet_svc.c and ecsnet_svc_names.c: the resource of 'type' n
** refers to (its logical ID into name, SVC_NAMELEN bytes; its ordinal and
** its Properties' ordinal), the elements of a list that are there whatever
** the conditions say, whether a ServiceConnectConfiguration is enabled,
** an entry's containerName and containerPort against the task definition
** (rule id's diagnostics); the registries, Service Connect and the port
** names of a list of the service's (Lattice: 1 for VPC Lattice). */
#define referred ecsnet__svc_referred_at
#define definite ecsnet__svc_definite
#define sc_enabled ecsnet__svc_sc_enabled
#define check_container ecsnet__svc_check_container
#define check_registries ecsnet__svc_check_registries
#define check_service_connect ecsnet__svc_check_service_connect
#define check_port_names ecsnet__svc_check_port_names
const cJSON *referred(const svc *s, const cJSON *n, const char *type,
                      char *name, int *ord, int *props_ord);
int definite(const cJSON *list);
int sc_enabled(V *v, const cJSON *sc);
int check_container(V *v, const svc *s, const cJSON *e, lbref *lb,
                    ecsnet_rule_id_t id);
void check_registries(V *v, const svc *s);
void check_service_connect(V *v, const svc *s);
void check_port_names(V *v, const svc *s, const cJSON *obj,
                      const char *camel, int lattice);

/* The Properties of the resource of 'type' that n refers to ({"Ref": X},
** {"Fn::GetAtt": [X, ...]}) among 'resources', its logical ID into name
** (SVC_NAMELEN bytes); NULL when n refers to none (ecsnet_svc.c). */
#define svc_referred ecsnet__svc_referred
const cJSON *svc_referred(const cJSON *resources, const cJSON *n,
                          const char *type, char *name);

/* Reads the deployment and capacity that service 'name' declares (props:
** its Properties, or an AWS CLI service object with resources NULL) into
** out, and checks the deployment rules ECS059-ECS062 with the task
** definition's model t (NULL: unknown) and the launch type lt
** (ecsnet_svc_deploy.c, docs/reference.md §8.8). */
#define svc_deploy ecsnet__svc_deploy
void svc_deploy(V *v, const cJSON *resources, const char *name,
                const cJSON *props, const ecsnet_taskdef_t *t, unsigned lt,
                ecsnet_svc_deploy_t *out);

#endif
