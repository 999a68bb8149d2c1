/*
** ecsnet_cidr.h: CIDR and subnet math (docs/reference.md §4).
** Part of the public C API; included by ecsnet.h, never on its own.
**
** A prefix is a small value type the caller owns (no heap, nothing to
** free). All arithmetic and membership run on it; libcidr is used only for
** lenient parsing and for text forms (netmask, wildcard, reverse DNS), never
** in a hot loop (docs/DEVELOPING.md#decision-1). Prefix sets are heap objects with a
** _new/_free pair. Every function is thread-safe; a set may be read from
** several threads at once but not read while being modified.
*/
#ifndef ECSNET_CIDR_H
#define ECSNET_CIDR_H

#include <stddef.h>

/* {======================================================================
** The value type
** ======================================================================= */

/* An IPv4 or IPv6 prefix: family 4 or 6, prefix length 0..32 or 0..128, the
** address in network byte order (IPv4 in addr[0..3], addr[4..15] zero).
** Parsed and computed prefixes never have host bits set. 18 bytes. */
typedef struct {
  unsigned char family;     /* 4 or 6 */
  unsigned char len;        /* prefix length */
  unsigned char addr[16];   /* network order; IPv4 in addr[0..3] */
} ecsnet_prefix_t;

/* Parse flags. */
#define ECSNET_CIDR_MASK    1u  /* mask host bits instead of failing */
#define ECSNET_CIDR_LENIENT 2u  /* accept libcidr's loose forms, report normalization */
#define ECSNET_CIDR_ADDR    4u  /* a bare address only: a '/len' is an error */

/* Longest canonical text of a prefix, NUL included
** ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128" is 43 bytes + NUL). */
#define ECSNET_PREFIX_STRLEN_MAX 48
/* Longest text of ecsnet_prefix_text (reverse names: 72 + NUL). */
#define ECSNET_PREFIX_TEXT_MAX 80
/* Longest decimal count (2^128 has 39 digits). */
#define ECSNET_DECIMAL_MAX 40

/* Parses s[0..n) as a prefix ("10.0.0.0/8", "2001:db8::/32") or a bare
** address, which means /32 or /128. Strict: decimal IPv4 in four octets
** without leading zeros, no hex or octal, no short forms, no whitespace, no
** NUL, no zone index, the length in range and written without a leading
** zero, nothing after it. Host bits set are ECSNET_EINVAL with "did you mean
** 10.0.0.0/24?" unless ECSNET_CIDR_MASK. With ECSNET_CIDR_LENIENT, text the
** strict parser refuses is handed to libcidr (octal, hex, short forms,
** netmask lengths, in-addr.arpa names); host bits are then cleared, and on
** success 'err' receives how the text was normalized ("" when it was already
** canonical). Returns ECSNET_OK, or ECSNET_EINVAL with a message quoting the
** input in 'err' (ECSNET_ERRBUF_MAX bytes are never truncated). */
ECSNET_API int ecsnet_prefix_parse(const char *s, size_t n, unsigned flags,
                                   ecsnet_prefix_t *out, char *err,
                                   size_t errlen);

/* Writes the canonical text: dotted decimal for IPv4; RFC 5952 for IPv6
** (lower case, no leading zeros, the longest run of two or more zero groups
** as "::", the first on a tie; IPv4-mapped addresses as ::ffff:a.b.c.d).
** Addresses are followed by "/len" always. Returns the length the full text
** has (as snprintf); it is cut to fit 'len' and NUL-terminated when len > 0. */
ECSNET_API size_t ecsnet_prefix_format(const ecsnet_prefix_t *p, char *buf,
                                       size_t len);

/* The same without "/len": the address alone. */
ECSNET_API size_t ecsnet_addr_format(const ecsnet_prefix_t *p, char *buf,
                                     size_t len);

/* 1 when 'inner' lies within 'outer' (equal counts), else 0; different
** families are 0 (callers that must tell that apart compare families). */
ECSNET_API int ecsnet_prefix_contains(const ecsnet_prefix_t *outer,
                                      const ecsnet_prefix_t *inner);

/* 1 when a and b share an address; different families are 0. */
ECSNET_API int ecsnet_prefix_overlaps(const ecsnet_prefix_t *a,
                                      const ecsnet_prefix_t *b);

/* Total order: IPv4 before IPv6, then by network address, then shorter
** prefix first (as Python's ipaddress). Returns <0, 0, >0. */
ECSNET_API int ecsnet_prefix_compare(const ecsnet_prefix_t *a,
                                     const ecsnet_prefix_t *b);

/* AWS usable addresses (size - 5: the first four and the last are
** reserved, docs/reference.md §4.1, §4.2). IPv4: 2^(32-len)-5 when len <= 28;
** IPv6: 2^(128-len)-5 when 64 <= len <= 125. ECSNET_ERANGE otherwise. */
ECSNET_API int ecsnet_prefix_usable_aws(const ecsnet_prefix_t *p,
                                        unsigned long long *out);

/* Number of addresses, 2^(max-len), when it fits (IPv4 always; IPv6 when
** len >= 65). ECSNET_ERANGE otherwise: use ecsnet_prefix_size_text. */
ECSNET_API int ecsnet_prefix_size(const ecsnet_prefix_t *p,
                                  unsigned long long *out);

/* The exact number of addresses, or with 'reserved' > 0 the size minus
** 'reserved' (0 when smaller), as decimal text. Returns the length. */
ECSNET_API size_t ecsnet_prefix_size_text(const ecsnet_prefix_t *p,
                                          unsigned reserved, char *buf,
                                          size_t len);

/* The address 'index' counting from the network address (index >= 0) or,
** for index < 0, from the last address (-1 = last), as a /32 or /128.
** ECSNET_ERANGE when outside the prefix. */
ECSNET_API int ecsnet_prefix_addr(const ecsnet_prefix_t *p, long long index,
                                  ecsnet_prefix_t *out);

/* The prefix of length 'newlen' <= p->len that contains p. ECSNET_ERANGE
** when newlen > p->len. */
ECSNET_API int ecsnet_prefix_supernet(const ecsnet_prefix_t *p,
                                      unsigned newlen, ecsnet_prefix_t *out);

/* The next (dir > 0) or previous (dir < 0) prefix of the same length.
** ECSNET_ERANGE past either end of the address space. */
ECSNET_API int ecsnet_prefix_step(const ecsnet_prefix_t *p, int dir,
                                  ecsnet_prefix_t *out);

/* Sets p's host bits to zero (for values built by hand). */
ECSNET_API void ecsnet_prefix_mask(ecsnet_prefix_t *p);

/* 1 when p's address has no bits set past its length. */
ECSNET_API int ecsnet_prefix_is_network(const ecsnet_prefix_t *p);

/* }====================================================================== */


/* {======================================================================
** Subnetting
** ======================================================================= */

/* Streaming split: the subnets of length 'newlen' of 'p', in order, one at a
** time; nothing is allocated, so a /0 into /128s streams forever rather than
** exhausting memory. Usage:
**   ecsnet_split_t it; ecsnet_prefix_t s;
**   if (ecsnet_split_init(&it, &p, 28) == ECSNET_OK)
**     while (ecsnet_split_next(&it, &s)) ...
** init: ECSNET_ERANGE when newlen < p->len or newlen > 32/128. */
typedef struct {
  ecsnet_prefix_t cur;
  unsigned char parent_len;
  unsigned char done;
} ecsnet_split_t;
ECSNET_API int ecsnet_split_init(ecsnet_split_t *it, const ecsnet_prefix_t *p,
                                 unsigned newlen);
ECSNET_API int ecsnet_split_next(ecsnet_split_t *it, ecsnet_prefix_t *out);

/* Carves prefixes of the requested lengths out of 'block', largest first
** (shortest length; equal lengths in request order), each aligned on its
** size and placed at the lowest free address, as `ipcalc -s` does. out[i]
** receives the prefix for lens[i]. Because largest-first placement leaves
** no holes, the unused space is one range: *unused (room for 'max_unused'
** prefixes) receives its minimal prefix list and *n_unused its count
** (unused may be NULL when max_unused is 0; 2*128 is always enough).
** ECSNET_EFULL when the requests do not fit (err says by how much),
** ECSNET_ERANGE for a length shorter than the block's or beyond 32/128. */
ECSNET_API int ecsnet_prefix_carve(const ecsnet_prefix_t *block,
                                   const unsigned char *lens, size_t n,
                                   ecsnet_prefix_t *out,
                                   ecsnet_prefix_t *unused, size_t max_unused,
                                   size_t *n_unused, char *err, size_t errlen);

/* a minus b, as a minimal sorted prefix list into out (room for 'max'; 128
** is always enough). ECSNET_EFAMILY for different families. */
ECSNET_API int ecsnet_prefix_exclude(const ecsnet_prefix_t *a,
                                     const ecsnet_prefix_t *b,
                                     ecsnet_prefix_t *out, size_t max,
                                     size_t *n_out);

/* The minimal sorted prefix list covering first..last (two addresses of one
** family; prefix lengths ignored). Room for 'max' (256 is always enough).
** ECSNET_EINVAL when last < first, ECSNET_EFAMILY for mixed families. */
ECSNET_API int ecsnet_range_prefixes(const ecsnet_prefix_t *first,
                                     const ecsnet_prefix_t *last,
                                     ecsnet_prefix_t *out, size_t max,
                                     size_t *n_out);

/* The smallest prefix length whose block has at least 'needed' addresses
** after 'reserved' are taken (AWS: reserved = 5), for family 4 or 6.
** ECSNET_ERANGE when none does. */
ECSNET_API int ecsnet_prefix_len_for(int family, unsigned long long needed,
                                     unsigned reserved, unsigned *len);

/* The same for a count given as a double (counts of IPv6 addresses past
** 2^64 fit no integer): 'needed' >= 1; exact for every count a double holds.
** With 'aws' the length is at most AWS's smallest subnet (/28, /64;
** docs/reference.md §4.1, §4.2). ECSNET_ERANGE when no prefix has that many. */
ECSNET_API int ecsnet_prefix_len_for_count(int family, double needed,
                                           unsigned reserved, int aws,
                                           unsigned *len);

/* }====================================================================== */


/* {======================================================================
** Prefix sets: sorted disjoint intervals per family, O(log n) membership
** ======================================================================= */

typedef struct ecsnet_cidrset ecsnet_cidrset_t;

/* At most this many disjoint ranges per family in one set, counted as the
** set is built (docs/robustness.md): 128 MiB of IPv4 or 512 MiB of IPv6
** intervals. Adding a prefix the set does not cover beyond it, or an
** operation whose result would pass it, gives ECSNET_ELIMIT. */
#define ECSNET_CIDRSET_MAX_RANGES 16777216u

/* A new empty set allocating through 'alloc' (NULL: realloc/free). NULL when
** out of memory. Caller frees with ecsnet_cidrset_free (NULL-safe). */
ECSNET_API ecsnet_cidrset_t *ecsnet_cidrset_new(ecsnet_alloc_fn alloc,
                                                void *ud);
ECSNET_API void ecsnet_cidrset_free(ecsnet_cidrset_t *s);

/* Adds a prefix (host bits are ignored). Cheap: the set is compiled (sorted,
** merged) by the next ecsnet_cidrset_compile, which queries need.
** ECSNET_OK, ECSNET_ENOMEM, or ECSNET_ELIMIT (ECSNET_CIDRSET_MAX_RANGES
** disjoint ranges of the family already, and p not inside one of them). */
ECSNET_API int ecsnet_cidrset_add(ecsnet_cidrset_t *s,
                                  const ecsnet_prefix_t *p);
/* Sorts and merges. ECSNET_OK (no allocation happens here). */
ECSNET_API int ecsnet_cidrset_compile(ecsnet_cidrset_t *s);

/* 1 when every address of p is in the (compiled) set, else 0; -1 when the
** set has additions not yet compiled. */
ECSNET_API int ecsnet_cidrset_contains(const ecsnet_cidrset_t *s,
                                       const ecsnet_prefix_t *p);

/* Membership of an address given as text (strict; a bare address or a
** prefix): 1, 0, or -1 when the text does not parse. The hot path: no
** allocation, no libcidr. */
ECSNET_API int ecsnet_cidrset_contains_text(const ecsnet_cidrset_t *s,
                                            const char *t, size_t n);

/* 1 when some address of p is in the set. */
ECSNET_API int ecsnet_cidrset_overlaps(const ecsnet_cidrset_t *s,
                                       const ecsnet_prefix_t *p);

/* *out = a | b, a - b or a & b, a new compiled set allocated through a's
** allocator. ECSNET_OK; ECSNET_EINVAL when an operand is not compiled;
** ECSNET_ENOMEM; ECSNET_ELIMIT when the result would hold more than
** ECSNET_CIDRSET_MAX_RANGES ranges of a family. *out is NULL on failure. */
typedef enum {
  ECSNET_SETOP_UNION, ECSNET_SETOP_DIFFERENCE, ECSNET_SETOP_INTERSECTION
} ecsnet_setop_t;
ECSNET_API int ecsnet_cidrset_combine(const ecsnet_cidrset_t *a,
                                      const ecsnet_cidrset_t *b,
                                      ecsnet_setop_t op,
                                      ecsnet_cidrset_t **out);

/* The same as new sets: NULL on any failure of ecsnet_cidrset_combine. */
ECSNET_API ecsnet_cidrset_t *ecsnet_cidrset_union(const ecsnet_cidrset_t *a,
                                                  const ecsnet_cidrset_t *b);
ECSNET_API ecsnet_cidrset_t *ecsnet_cidrset_difference(
    const ecsnet_cidrset_t *a, const ecsnet_cidrset_t *b);
ECSNET_API ecsnet_cidrset_t *ecsnet_cidrset_intersection(
    const ecsnet_cidrset_t *a, const ecsnet_cidrset_t *b);

/* 1 when the two compiled sets hold the same addresses. */
ECSNET_API int ecsnet_cidrset_equal(const ecsnet_cidrset_t *a,
                                    const ecsnet_cidrset_t *b);

/* Number of disjoint intervals of one family (4 or 6). */
ECSNET_API size_t ecsnet_cidrset_intervals(const ecsnet_cidrset_t *s,
                                           int family);

/* Bytes the set holds on the heap (the struct included). */
ECSNET_API size_t ecsnet_cidrset_bytes(const ecsnet_cidrset_t *s);

/* Iterates over the minimal prefix list, IPv4 first, in address order.
** Zero the iterator first; returns 1 with *out set, 0 at the end. */
typedef struct {
  size_t family_pos;        /* 0: IPv4, 1: IPv6, 2: done */
  size_t index;             /* interval */
  ecsnet_prefix_t next;     /* next address within the interval */
  int started;
} ecsnet_cidrset_iter_t;
ECSNET_API int ecsnet_cidrset_next(const ecsnet_cidrset_t *s,
                                   ecsnet_cidrset_iter_t *it,
                                   ecsnet_prefix_t *out);

/* }====================================================================== */


/* {======================================================================
** AWS rules (docs/reference.md §4.1, §4.2)
** ======================================================================= */

/* What a prefix is (the range it lies in; ECSNET_CLASS_MIXED when it spans
** several). */
typedef enum {
  ECSNET_CLASS_PUBLIC = 0,
  ECSNET_CLASS_RFC1918,       /* 10/8, 172.16/12, 192.168/16 */
  ECSNET_CLASS_SHARED,        /* RFC 6598 100.64.0.0/10 */
  ECSNET_CLASS_LINK_LOCAL,    /* 169.254.0.0/16, fe80::/10 */
  ECSNET_CLASS_LOOPBACK,      /* 127/8, ::1/128 */
  ECSNET_CLASS_BENCHMARK,     /* 198.18.0.0/15 (RFC 2544; AWS names 198.19/16) */
  ECSNET_CLASS_MULTICAST,     /* 224/4, ff00::/8 */
  ECSNET_CLASS_RESERVED,      /* 0/8, 240/4, doc nets, ::/128 ... */
  ECSNET_CLASS_ULA,           /* fc00::/7 */
  ECSNET_CLASS_MIXED,         /* spans more than one of these */
  ECSNET_CLASS_COUNT
} ecsnet_class_t;

/* Known ranges that collide with ECS or Docker (bit flags). */
#define ECSNET_CLASH_DOCKER      1u  /* 172.17.0.0/16, Docker's default bridge */
#define ECSNET_CLASH_ECS_BRIDGE  2u  /* 169.254.172.0/22, the agent's ecs-bridge */
#define ECSNET_CLASH_ECS_CREDS   4u  /* 169.254.170.2/32, task metadata/credentials */
#define ECSNET_CLASH_IMDS        8u  /* 169.254.169.254/32 */

/* Classifies p; *clashes (may be NULL) receives the ECSNET_CLASH_* bits of
** the ranges p overlaps. */
ECSNET_API ecsnet_class_t ecsnet_prefix_classify(const ecsnet_prefix_t *p,
                                                 unsigned *clashes);
/* "public", "rfc1918", "rfc6598", "link-local", "loopback", "benchmark",
** "multicast", "reserved", "ula", "mixed". */
ECSNET_API const char *ecsnet_class_name(ecsnet_class_t c);

/* VPC block: IPv4 /16../28, not link-local (§4.1); IPv6 /56 (§4.2).
** ECSNET_OK, or ECSNET_ERANGE with the reason in 'why'. */
ECSNET_API int ecsnet_aws_vpc_check(const ecsnet_prefix_t *p, char *why,
                                    size_t len);

/* Subnet: IPv4 /16../28 (§4.1); when vpc != NULL, inside one of the n_vpc
** VPC blocks of its family. ECSNET_OK, or ECSNET_ERANGE (size) /
** ECSNET_EINVAL (outside) with the reason. An IPv6 subnet of any size
** passes: the /64 rule is no longer stated by the EC2 API (§4.2), so a
** non-/64 is ecsnet_aws_subnet_warning's, not an error. */
ECSNET_API int ecsnet_aws_subnet_check(const ecsnet_prefix_t *p,
                                       const ecsnet_prefix_t *vpc,
                                       size_t n_vpc, char *why, size_t len);

/* 1, with what is known in 'why', for a subnet whose size is not verified
** as allowed (an IPv6 subnet that is not a /64: docs/reference.md §4.2);
** 0 (and why "") otherwise. */
ECSNET_API int ecsnet_aws_subnet_warning(const ecsnet_prefix_t *p, char *why,
                                         size_t len);

/* May 'cand' be associated with a VPC whose primary block is blocks[0] and
** whose other blocks are blocks[1..n)? The §4.1 table keyed on the
** primary's range, plus: IPv4 only, /16../28, no overlap with any existing
** block. ECSNET_OK, or ECSNET_EINVAL with the reason (which row and cell).
** The same as ecsnet_aws_secondary_check_opts with no options. */
ECSNET_API int ecsnet_aws_secondary_check(const ecsnet_prefix_t *blocks,
                                          size_t n,
                                          const ecsnet_prefix_t *cand,
                                          char *why, size_t len);

/* The rest of §4.1's secondary-block rules, which need the VPC's setup. */
typedef struct {
  /* Destinations of the VPC's route tables: a block the same as or larger
  ** than one of them (one that contains it) may not be added. */
  const ecsnet_prefix_t *routes;
  size_t nroutes;
  /* The IPv4 blocks-per-VPC quota, the primary included: 0 skips the
  ** check; AWS's default is ECSNET_AWS_VPC_BLOCKS (5), adjustable up to
  ** ECSNET_AWS_VPC_BLOCKS_MAX (50). */
  size_t max_blocks;
} ecsnet_secondary_opts_t;

#define ECSNET_AWS_VPC_BLOCKS      5
#define ECSNET_AWS_VPC_BLOCKS_MAX  50

/* ecsnet_aws_secondary_check, then the route destinations and the quota of
** 'o' (NULL: none). ECSNET_ERANGE when o->max_blocks is over 50. */
ECSNET_API int ecsnet_aws_secondary_check_opts(
    const ecsnet_prefix_t *blocks, size_t n, const ecsnet_prefix_t *cand,
    const ecsnet_secondary_opts_t *o, char *why, size_t len);

/* Subnets of one VPC must not overlap (§4.1): ECSNET_OK, or ECSNET_EINVAL
** with *i < *j (input positions) an overlapping pair and a reason; i and j
** may be NULL. Sorts indexes: n * sizeof(size_t) scratch through 'alloc'
** (ECSNET_ENOMEM when that fails). */
ECSNET_API int ecsnet_aws_subnets_disjoint(const ecsnet_prefix_t *subnets,
                                           size_t n, ecsnet_alloc_fn alloc,
                                           void *ud, size_t *i, size_t *j,
                                           char *why, size_t len);

/* }====================================================================== */


/* {======================================================================
** Text forms through libcidr (src/ecsnet_cidr_text.c)
** ======================================================================= */

typedef enum {
  ECSNET_TEXT_NETMASK = 0,   /* "255.255.255.0", "ffff:ffff:ffff:ffff::" */
  ECSNET_TEXT_WILDCARD,      /* "0.0.0.255" */
  ECSNET_TEXT_REVERSE,       /* "0.0.0.10.in-addr.arpa" (network address) */
  ECSNET_TEXT_NETMASK_FORM,  /* "10.0.0.0/255.255.255.0" */
  ECSNET_TEXT_LIBCIDR        /* libcidr's own text of the prefix */
} ecsnet_text_t;

/* Writes one text form of p (ECSNET_PREFIX_TEXT_MAX bytes suffice).
** ECSNET_ENOMEM when libcidr's allocation fails, ECSNET_EINVAL otherwise. */
ECSNET_API int ecsnet_prefix_text(const ecsnet_prefix_t *p, ecsnet_text_t what,
                                  char *buf, size_t len);

/* The libcidr version this build runs against ("1.2.3"). */
ECSNET_API const char *ecsnet_libcidr_version(void);

/* Hands s[0..n) (no NUL inside) to libcidr's cidr_from_str. ECSNET_OK with
** the address and length as libcidr read them (host bits kept), or
** ECSNET_EINVAL / ECSNET_ENOMEM. Used by the lenient parser and the
** round-trip tests. */
ECSNET_API int ecsnet_libcidr_parse(const char *s, size_t n,
                                    ecsnet_prefix_t *out);

/* }====================================================================== */

#endif
