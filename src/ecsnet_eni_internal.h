/*
** ecsnet_eni_internal.h: what the ENI part's core files share.
** Not installed; never included by the binding.
*/
#ifndef ECSNET_ENI_INTERNAL_H
#define ECSNET_ENI_INTERNAL_H

#include "ecsnet.h"

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility push(hidden)
#endif

/* The generated table (src/ecsnet_instdata.c), sorted by name. */
extern const ecsnet_instance_t ecsnet__instdata[];
extern const size_t ecsnet__instdata_count;
extern const char ecsnet__instdata_date[];
extern const char ecsnet__instdata_estimate[];

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif

#endif
