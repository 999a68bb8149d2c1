/*
** ecsnet_cidr_text.c: the CIDR core's use of libcidr (Matthew Fuller's
** libcidr 1.2.3, Debian libcidr-dev): lenient parsing and the text forms it
** does well (netmask, wildcard, reverse-DNS names). Never in a hot loop.
**
** libcidr returns malloc'd objects and strings and reports errors through
** errno; each result is copied into the caller's buffer and freed here.
*/
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libcidr.h>

#include "ecsnet.h"
#include "ecsnet_internal.h"

/* Pin the library: pawelzelawski/libcidr has the same header name and a
** different API (peers.md a3). */
#ifndef CIDR_VERSION
#error "libcidr.h is not Matthew Fuller's libcidr (no CIDR_VERSION)"
#endif


const char *ecsnet_libcidr_version(void) {
  return cidr_version();
}


/* libcidr 1.2.3's cidr_from_str compares the last 13 bytes with
** ".in-addr.arpa" (and the last 9 with ".ip6.arpa") without checking the
** length, reading before the start of short strings (found by ASan). The
** text is therefore placed after PAD zero bytes of our own buffer. */
#define PAD 16

/* libcidr 1.2.3 also writes past its own heap block when an IPv6 netmask
** has too many groups ("::/1::::::::::::::::::::::::", found by the fuzz
** harness, confirmed with valgrind on libcidr alone). No valid text has more
** than one '/', more than 8 colons on either side of it, or other bytes than
** letters, digits, '.', '-', ':' and '/'; such text never reaches libcidr. */
static int libcidr_safe(const char *s, size_t n) {
  size_t i, colons = 0, slashes = 0;
  if (n >= 128) return 0;   /* longer than any valid text; our buffer */
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == ':') {
      if (++colons > 8) return 0;
    } else if (c == '/') {
      if (++slashes > 1) return 0;
      colons = 0;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                 (c >= 'A' && c <= 'Z') || c == '.' || c == '-')) {
      return 0;
    }
  }
  return 1;
}

int ecsnet__libcidr_readable(const char *s, size_t n) {
  return libcidr_safe(s, n);
}

int ecsnet_libcidr_parse(const char *s, size_t n, ecsnet_prefix_t *out) {
  char buf[PAD + 128];
  CIDR *c;
  int proto, pf;
  uint8_t *a;
  if (!libcidr_safe(s, n))
    return ECSNET_EINVAL;
  memset(buf, 0, PAD);
  memcpy(buf + PAD, s, n);
  buf[PAD + n] = '\0';
  errno = 0;
  c = cidr_from_str(buf + PAD);
  if (c == NULL)
    return errno == ENOMEM ? ECSNET_ENOMEM : ECSNET_EINVAL;
  proto = cidr_get_proto(c);
  pf = cidr_get_pflen(c);
  a = cidr_get_addr(c);    /* malloc'd copy, 16 bytes */
  if (a == NULL || pf < 0 || (proto != CIDR_IPV4 && proto != CIDR_IPV6)) {
    free(a);
    cidr_free(c);
    return a == NULL && errno == ENOMEM ? ECSNET_ENOMEM : ECSNET_EINVAL;
  }
  memset(out, 0, sizeof *out);
  if (proto == CIDR_IPV4) {
    out->family = 4;
    memcpy(out->addr, a + 12, 4);   /* libcidr keeps v4 in the last 4 bytes */
  } else {
    out->family = 6;
    memcpy(out->addr, a, 16);
  }
  out->len = (unsigned char)pf;
  free(a);
  cidr_free(c);
  return ECSNET_OK;
}


/* Builds libcidr's CIDR for p. NULL (errno) when out of memory. */
static CIDR *to_cidr(const ecsnet_prefix_t *p) {
  char txt[PAD + ECSNET_PREFIX_STRLEN_MAX + 8];
  /* libcidr reads the canonical text of both families exactly (the mixed
  ** ::ffff:a.b.c.d form as IPv6 too); PAD as above. */
  memset(txt, 0, PAD);
  ecsnet_prefix_format(p, txt + PAD, sizeof txt - PAD);
  return cidr_from_str(txt + PAD);
}


/* The reverse-DNS zone of a prefix: the labels its prefix length fixes,
** whole octets for IPv4 (RFC 1035 §3.5: 10.0.0.0/24 is 0.0.10.in-addr.arpa,
** 10.0.0.0/8 is 10.in-addr.arpa) and whole nibbles for IPv6 (RFC 3596
** §2.5), in reverse order. A length between two boundaries gives the zone
** that holds the prefix (10.0.16.0/20 is in 0.10.in-addr.arpa; RFC 2317
** delegation within an octet is the zone owner's choice); a host prefix
** gives the host's PTR name. */
static int reverse_zone(const ecsnet_prefix_t *p, char *buf, size_t len) {
  static const char hex[] = "0123456789abcdef";
  char out[80];
  size_t n = 0;
  int k;
  if (p->family == 4) {
    for (k = p->len / 8 - 1; k >= 0; k--) {
      unsigned v = p->addr[k];
      if (v >= 100) out[n++] = (char)('0' + v / 100);
      if (v >= 10) out[n++] = (char)('0' + v / 10 % 10);
      out[n++] = (char)('0' + v % 10);
      out[n++] = '.';
    }
    memcpy(out + n, "in-addr.arpa", 13);
    n += 12;
  } else {
    for (k = p->len / 4 - 1; k >= 0; k--) {
      unsigned char b = p->addr[k / 2];
      out[n++] = hex[k % 2 == 0 ? b >> 4 : b & 15];
      out[n++] = '.';
    }
    memcpy(out + n, "ip6.arpa", 9);
    n += 8;
  }
  if (buf != NULL && len > 0) {
    size_t c = n < len - 1 ? n : len - 1;
    memcpy(buf, out, c);
    buf[c] = '\0';
  }
  return n < len ? ECSNET_OK : ECSNET_ERANGE;
}


int ecsnet_prefix_text(const ecsnet_prefix_t *p, ecsnet_text_t what,
                       char *buf, size_t len) {
  int flags;
  CIDR *c;
  char *t;
  size_t tl;
  switch (what) {
    case ECSNET_TEXT_NETMASK: flags = CIDR_NETMASK | CIDR_ONLYPFLEN; break;
    case ECSNET_TEXT_WILDCARD:
      flags = CIDR_NETMASK | CIDR_WILDCARD | CIDR_ONLYPFLEN; break;
    case ECSNET_TEXT_REVERSE: return reverse_zone(p, buf, len);
    case ECSNET_TEXT_NETMASK_FORM: flags = CIDR_NETMASK; break;
    case ECSNET_TEXT_LIBCIDR: flags = CIDR_NOFLAGS; break;
    default: return ECSNET_EINVAL;
  }
  if (p->family == 6 && (what == ECSNET_TEXT_NETMASK ||
                         what == ECSNET_TEXT_WILDCARD)) {
    /* libcidr compacts a single zero group ("ffff:...:ffff:f000::"), which
    ** RFC 5952 §4.2.2 forbids; IPv6 masks are written by ecsnet itself. */
    ecsnet_prefix_t m;
    size_t k, bits = p->len;
    memset(&m, 0, sizeof m);
    m.family = 6;
    m.len = 128;
    for (k = 0; k < 16; k++) {
      unsigned char b = bits >= 8 ? 0xff : (unsigned char)(0xff00 >> bits);
      bits = bits >= 8 ? bits - 8 : 0;
      m.addr[k] = what == ECSNET_TEXT_NETMASK ? b : (unsigned char)~b;
    }
    return ecsnet_addr_format(&m, buf, len) < len ? ECSNET_OK : ECSNET_ERANGE;
  }
  errno = 0;
  c = to_cidr(p);
  if (c == NULL) return errno == ENOMEM ? ECSNET_ENOMEM : ECSNET_EINVAL;
  t = cidr_to_str(c, flags);
  cidr_free(c);
  if (t == NULL) return errno == ENOMEM ? ECSNET_ENOMEM : ECSNET_EINVAL;
  tl = strlen(t);
  if (buf != NULL && len > 0) {
    size_t k = tl < len - 1 ? tl : len - 1;
    memcpy(buf, t, k);
    buf[k] = '\0';
  }
  free(t);
  return tl < len ? ECSNET_OK : ECSNET_ERANGE;
}
