/*
** ecsnet_svc_internal.h: between the services room (ecsnet_svc.c) and
** the deployments of its services (ecsnet_svc_deploy.c). Internal: never
** included by the binding; symbols declared here are hidden.
*/
#ifndef ECSNET_SVC_INTERNAL_H
#define ECSNET_SVC_INTERNAL_H

#include "ecsnet_td_internal.h"

#define SVC_NAMELEN 256

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
