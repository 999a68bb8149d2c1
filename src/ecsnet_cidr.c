/*
** ecsnet_cidr.c: the prefix value type: strict parsing, canonical text,
** arithmetic, subnetting, and the AWS rules of docs/reference.md §4.
**
** Arithmetic runs on a 128-bit integer made of two uint64_t halves; an IPv4
** address is its 32-bit value in the low half. libcidr is not used here
** (see ecsnet_cidr_text.c).
*/
#include <stdint.h>
#include <string.h>

#include "ecsnet.h"
#include "ecsnet_internal.h"
#include "ecsnet_cidr_u128.h"
#include "ecsnet_cidr_quad.h"



/*
** {======================================================================
** Strict parser
** =======================================================================
*/

/* Parses a dotted-quad IPv4 address s[i..e); sets *v. Returns 0 or a
** static reason. 'part' receives the offending octet's start. */
static const char *parse_v4(const char *s, size_t i, size_t e, uint32_t *v,
                            size_t *bad) {
  uint32_t acc = 0;
  int parts = 0;
  while (1) {
    size_t st = i;
    unsigned val = 0;
    int digits = 0;
    while (i < e && s[i] >= '0' && s[i] <= '9') {
      val = val * 10 + (unsigned)(s[i] - '0');
      i++;
      if (++digits > 3) break;
    }
    *bad = st;
    if (digits == 0) {
      if (i < e && s[i] != '.') return "char";
      return "empty";
    }
    if (i < e && (s[i] == 'x' || s[i] == 'X') && digits == 1 && val == 0)
      return "hex";
    if (digits > 3 || val > 255) return "range";
    if (digits > 1 && s[st] == '0') return "zero";
    acc = (acc << 8) | val;
    parts++;
    if (i == e) break;
    if (s[i] != '.') { *bad = i; return "char"; }
    if (parts == 4) return "many";
    i++;
  }
  if (parts < 4) return "short";
  *v = acc;
  return NULL;
}

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Parses an IPv6 address s[i..e) into a[16]. Returns 0 or a reason. */
static const char *parse_v6(const char *s, size_t i, size_t e,
                            unsigned char a[16]) {
  unsigned g[8];
  int ng = 0, gap = -1;
  size_t k;
  if (e - i >= 2 && s[i] == ':' && s[i + 1] == ':') {
    gap = 0;
    i += 2;
    if (i == e) goto done;
  } else if (i < e && s[i] == ':') {
    return "a single leading ':' (use '::')";
  }
  while (1) {
    size_t st = i;
    unsigned val = 0;
    int digits = 0, h;
    while (i < e && (h = hexval((unsigned char)s[i])) >= 0) {
      val = (val << 4) | (unsigned)h;
      i++;
      if (++digits > 4) return "a group of more than 4 hex digits";
    }
    if (digits == 0) return "an empty group";
    if (i < e && s[i] == '.') {   /* embedded IPv4 in the last 32 bits */
      uint32_t v4;
      size_t bad;
      const char *why;
      if (ng > 6 || (gap >= 0 && ng > 5)) return "too many groups";
      why = parse_v4(s, st, e, &v4, &bad);
      if (why != NULL) {
        if (why[0] == 'z') return "a leading zero in its embedded IPv4 part";
        return "a malformed embedded IPv4 part";
      }
      g[ng++] = (unsigned)(v4 >> 16);
      g[ng++] = (unsigned)(v4 & 0xffff);
      break;
    }
    if (ng == 8) return "more than 8 groups";
    g[ng++] = val;
    if (i == e) break;
    if (s[i] != ':') return "a character that is not a hex digit or ':'";
    i++;
    if (i < e && s[i] == ':') {
      if (gap >= 0) return "'::' more than once";
      gap = ng;
      i++;
      if (i == e) break;
    } else if (i == e) {
      return "a trailing single ':'";
    }
  }
done:
  if (gap < 0 && ng != 8) return "fewer than 8 groups and no '::'";
  if (gap >= 0 && ng > 7) return "'::' standing for no group";
  memset(a, 0, 16);
  if (gap < 0) gap = ng;
  for (k = 0; k < (size_t)gap; k++) {
    a[2 * k] = (unsigned char)(g[k] >> 8);
    a[2 * k + 1] = (unsigned char)(g[k] & 0xff);
  }
  for (k = (size_t)gap; k < (size_t)ng; k++) {
    size_t pos = 8 - (size_t)ng + k;
    a[2 * pos] = (unsigned char)(g[k] >> 8);
    a[2 * pos + 1] = (unsigned char)(g[k] & 0xff);
  }
  return NULL;
}


/* Writes the network of p (masked) as text for "did you mean". */
static void did_you_mean(const ecsnet_prefix_t *p, char *buf, size_t len) {
  ecsnet_prefix_t m = *p;
  ecsnet_prefix_mask(&m);
  ecsnet_prefix_format(&m, buf, len);
}


/* The common case: "a.b.c.d" or "a.b.c.d/len", canonical and without host
** bits. Returns 0 to hand anything else to the full parser, which explains
** what is wrong. */
static int fast_v4(const char *s, size_t n, ecsnet_prefix_t *out) {
  uint32_t v;
  unsigned len = 32;
  size_t a = n;
  /* "/l" or "/ll" at the end; anything else with a '/' fails ecsnet__quad */
  if (n >= 3 && s[n - 3] == '/') {
    unsigned d1 = (unsigned char)s[n - 2] - 0x30u, d2 = (unsigned char)s[n - 1] - 0x30u;
    if (d1 - 1u > 8u || d2 > 9u) return 0;   /* no leading zero */
    len = d1 * 10u + d2;
    if (len > 32) return 0;
    a = n - 3;
  } else if (n >= 2 && s[n - 2] == '/') {
    len = (unsigned char)s[n - 1] - 0x30u;
    if (len > 9u) return 0;
    a = n - 2;
  }
  if (!ecsnet__quad(s, a, &v)) return 0;
  if (len < 32 && (v & (0xffffffffu >> len)) != 0) return 0;
  out->family = 4;
  out->len = (unsigned char)len;
  out->addr[0] = (unsigned char)(v >> 24);
  out->addr[1] = (unsigned char)(v >> 16);
  out->addr[2] = (unsigned char)(v >> 8);
  out->addr[3] = (unsigned char)v;
  memset(out->addr + 4, 0, 12);
  return 1;
}


/* The strict parser proper. Fast path first: a plain IPv4 address or prefix
** is read in one pass; everything else gets a precise reason. */
static int parse_strict(const char *s, size_t n, unsigned flags,
                        ecsnet_prefix_t *out, char *err, size_t errlen) {
  size_t i, slash = n, colon = 0;
  unsigned len = 0;
  int family;
  char q[ECSNET_ERRBUF_MAX];
#define FAIL(...) do { \
    if (err != NULL && errlen > 0) { \
      ecsnet_quote(q, sizeof q, s, n); \
      ecsnet__errf(err, errlen, __VA_ARGS__); \
    } \
    return ECSNET_EINVAL; \
  } while (0)

  if (!(flags & ECSNET_CIDR_ADDR) && fast_v4(s, n, out))
    return ECSNET_OK;
  if (n == 0)
    FAIL("invalid prefix '': empty text (expected e.g. 10.0.0.0/16 or "
         "2001:db8::/56)");
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '/') {
      if (slash != n) FAIL("invalid prefix %s: more than one '/'", q);
      slash = i;
    } else if (c == ':') {
      colon = 1;
    } else if (c == 0) {
      FAIL("invalid prefix %s: contains a NUL byte", q);
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v'
               || c == '\f') {
      FAIL("invalid prefix %s: contains whitespace (trim it first)", q);
    } else if (c == '%') {
      FAIL("invalid prefix %s: a zone index ('%%...') is not allowed", q);
    }
  }
  family = colon ? 6 : 4;
  if (slash != n) {
    size_t j = slash + 1;
    if (flags & ECSNET_CIDR_ADDR)
      FAIL("invalid address %s: a prefix length is not allowed here "
           "(give an address)", q);
    if (j == n) FAIL("invalid prefix %s: missing prefix length after '/'", q);
    for (; j < n; j++) {
      if (s[j] < '0' || s[j] > '9') {
        if (family == 4 && s[j] == '.')
          FAIL("invalid prefix %s: netmask notation is not accepted (write "
               "the prefix length, e.g. /16%s)", q,
               (flags & ECSNET_CIDR_LENIENT) ? "" : ", or use the lenient "
               "option");
        FAIL("invalid prefix %s: prefix length must be decimal digits "
             "only (trailing garbage?)", q);
      }
      if (j - slash > 3)
        FAIL("invalid prefix %s: prefix length out of range (0-%d)", q,
             family == 4 ? 32 : 128);
      len = len * 10 + (unsigned)(s[j] - '0');
    }
    if (n - slash > 2 && s[slash + 1] == '0')
      FAIL("invalid prefix %s: leading zero in the prefix length", q);
    if (len > (family == 4 ? 32u : 128u))
      FAIL("invalid prefix %s: prefix length out of range (0-%d)", q,
           family == 4 ? 32 : 128);
  } else {
    len = family == 4 ? 32 : 128;
  }
  memset(out, 0, sizeof *out);
  out->family = (unsigned char)family;
  out->len = (unsigned char)len;
  if (family == 4) {
    uint32_t v;
    size_t bad;
    const char *why = parse_v4(s, 0, slash, &v, &bad);
    if (why != NULL) {
      size_t k = bad;
      while (k < slash && s[k] != '.') k++;
      if (why[0] == 'h')
        FAIL("invalid prefix %s: hex octets are not accepted (write "
             "decimal)", q);
      if (why[0] == 'z')
        FAIL("invalid prefix %s: leading zero in octet '%.*s' is ambiguous "
             "(octal in some parsers); write it without the zero", q,
             (int)(k - bad), s + bad);
      if (why[0] == 'r')
        FAIL("invalid prefix %s: octet '%.*s' is out of range (0-255)", q,
             (int)(k - bad > 8 ? 8 : k - bad), s + bad);
      if (why[0] == 's')
        FAIL("invalid prefix %s: fewer than 4 octets (short forms like "
             "'10.1' are ambiguous; write all four)", q);
      if (why[0] == 'm')
        FAIL("invalid prefix %s: more than 4 octets", q);
      if (why[0] == 'e')
        FAIL("invalid prefix %s: %s", q, bad == 0 && slash == 0
             ? "missing address before '/'" : "empty octet");
      {
        char ch[8];   /* the byte as ecsnet_quote shows it: 'x', '\xff' */
        ecsnet_quote(ch, sizeof ch, s + bad, 1);
        FAIL("invalid prefix %s: unexpected character %s (expected an "
             "IPv4 or IPv6 address)", q, ch);
      }
    }
    out->addr[0] = (unsigned char)(v >> 24);
    out->addr[1] = (unsigned char)(v >> 16);
    out->addr[2] = (unsigned char)(v >> 8);
    out->addr[3] = (unsigned char)v;
  } else {
    const char *why;
    if (slash == 0) FAIL("invalid prefix %s: missing address before '/'", q);
    why = parse_v6(s, 0, slash, out->addr);
    if (why != NULL)
      FAIL("invalid prefix %s: not an IPv6 address: %s", q, why);
  }
  if (!ecsnet_prefix_is_network(out)) {
    if (flags & ECSNET_CIDR_MASK) {
      ecsnet_prefix_mask(out);
    } else {
      char dym[ECSNET_PREFIX_STRLEN_MAX];
      did_you_mean(out, dym, sizeof dym);
      FAIL("invalid prefix %s: host bits are set (did you mean %s?)", q, dym);
    }
  }
  return ECSNET_OK;
#undef FAIL
}


/* Strict first; in lenient mode, what the strict parser refuses goes to
** libcidr and the note says how the text was read. */
int ecsnet_prefix_parse(const char *s, size_t n, unsigned flags,
                        ecsnet_prefix_t *out, char *err, size_t errlen) {
  int st;
  ecsnet_prefix_t tmp;
  if (out == NULL) out = &tmp;
  if (!(flags & ECSNET_CIDR_LENIENT))
    return parse_strict(s, n, flags, out, err, errlen);
  {
    char why[ECSNET_ERRBUF_MAX];
    char q[ECSNET_ERRBUF_MAX], got[ECSNET_PREFIX_STRLEN_MAX];
    const char *reason;
    st = parse_strict(s, n, flags | ECSNET_CIDR_MASK, out, why, sizeof why);
    if (st == ECSNET_OK) {
      /* Accepted strictly; note only a host-bit masking or a non-canonical
      ** spelling (e.g. upper-case IPv6). */
      ecsnet_prefix_t raw;
      int masked = parse_strict(s, n, flags & ~ECSNET_CIDR_MASK, &raw, NULL,
                                0) != ECSNET_OK;
      size_t gl = ecsnet_prefix_format(out, got, sizeof got);
      if (err != NULL && errlen > 0) err[0] = '\0';
      if (masked || gl != n || memcmp(got, s, n) != 0) {
        ecsnet_quote(q, sizeof q, s, n);
        ecsnet__errf(err, errlen, "%s read as %s%s", q, got,
                     masked ? " (host bits cleared)" : "");
      }
      return ECSNET_OK;
    }
    /* Whitespace, NULs and zone indexes stay errors even here. */
    if (memchr(s, 0, n) != NULL) {
      ecsnet__errf(err, errlen, "%s", why);
      return ECSNET_EINVAL;
    }
    st = ecsnet_libcidr_parse(s, n, out);
    if (st != ECSNET_OK) {
      if (st == ECSNET_ENOMEM) return st;
      /* text libcidr cannot read safely is not given to it */
      ecsnet__errf(err, errlen, "%s%s", why, ecsnet__libcidr_readable(s, n)
                   ? " (libcidr also rejects it)" : "");
      return st;
    }
    ecsnet_prefix_mask(out);
    ecsnet_prefix_format(out, got, sizeof got);
    ecsnet_quote(q, sizeof q, s, n);
    /* 'why' reads "invalid prefix 'x': reason"; keep the reason. */
    reason = strstr(why, "': ");
    reason = reason ? reason + 3 : why;
    if ((n > 13 && memcmp(s + n - 13, ".in-addr.arpa", 13) == 0) ||
        (n > 9 && memcmp(s + n - 9, ".ip6.arpa", 9) == 0))
      reason = "a reverse-DNS name";
    ecsnet__errf(err, errlen, "%s read as %s: %s", q, got, reason);
    return ECSNET_OK;
  }
}

/* }====================================================================== */


/*
** {======================================================================
** Text
** =======================================================================
*/

static size_t put_v4(char *b, const unsigned char *a) {
  size_t o = 0;
  int k;
  for (k = 0; k < 4; k++) {
    unsigned v = a[k];
    if (k) b[o++] = '.';
    if (v >= 100) { b[o++] = (char)('0' + v / 100); v %= 100;
                    b[o++] = (char)('0' + v / 10); b[o++] = (char)('0' + v % 10); }
    else if (v >= 10) { b[o++] = (char)('0' + v / 10); b[o++] = (char)('0' + v % 10); }
    else b[o++] = (char)('0' + v);
  }
  return o;
}

static size_t put_hex(char *b, unsigned v) {
  static const char hx[] = "0123456789abcdef";
  size_t o = 0;
  int sh, started = 0;
  for (sh = 12; sh >= 0; sh -= 4) {
    unsigned d = (v >> sh) & 15;
    if (d || started || sh == 0) { b[o++] = hx[d]; started = 1; }
  }
  return o;
}

/* RFC 5952: the longest run (>= 2) of zero groups becomes "::", the first
** on a tie; IPv4-mapped addresses (::ffff:0:0/96) in mixed notation (§5). */
static size_t put_v6(char *b, const unsigned char *a) {
  unsigned g[8];
  int k, best = -1, bestlen = 1, run = 0;
  size_t o = 0;
  for (k = 0; k < 8; k++) g[k] = ((unsigned)a[2 * k] << 8) | a[2 * k + 1];
  if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 &&
      g[5] == 0xffff) {
    memcpy(b, "::ffff:", 7);
    return 7 + put_v4(b + 7, a + 12);
  }
  for (k = 0; k < 8; k++) {
    if (g[k] == 0) {
      run++;
      if (run > bestlen) { bestlen = run; best = k - run + 1; }
    } else {
      run = 0;
    }
  }
  for (k = 0; k < 8; k++) {
    if (k == best) {
      b[o++] = ':';
      b[o++] = ':';
      k += bestlen - 1;
      continue;
    }
    if (k && !(best >= 0 && k == best + bestlen)) b[o++] = ':';
    o += put_hex(b + o, g[k]);
  }
  return o;
}

static size_t finish_text(const char *tmp, size_t o, char *buf, size_t len) {
  if (buf != NULL && len > 0) {
    size_t c = o < len - 1 ? o : len - 1;
    memcpy(buf, tmp, c);
    buf[c] = '\0';
  }
  return o;
}

size_t ecsnet_addr_format(const ecsnet_prefix_t *p, char *buf, size_t len) {
  char tmp[ECSNET_PREFIX_STRLEN_MAX];
  size_t o = p->family == 4 ? put_v4(tmp, p->addr) : put_v6(tmp, p->addr);
  return finish_text(tmp, o, buf, len);
}

size_t ecsnet_prefix_format(const ecsnet_prefix_t *p, char *buf, size_t len) {
  char tmp[ECSNET_PREFIX_STRLEN_MAX];
  size_t o = p->family == 4 ? put_v4(tmp, p->addr) : put_v6(tmp, p->addr);
  unsigned l = p->len;
  tmp[o++] = '/';
  if (l >= 100) { tmp[o++] = (char)('0' + l / 100); l %= 100;
                  tmp[o++] = (char)('0' + l / 10); tmp[o++] = (char)('0' + l % 10); }
  else if (l >= 10) { tmp[o++] = (char)('0' + l / 10); tmp[o++] = (char)('0' + l % 10); }
  else tmp[o++] = (char)('0' + l);
  return finish_text(tmp, o, buf, len);
}

/* }====================================================================== */


/*
** {======================================================================
** Arithmetic
** =======================================================================
*/

void ecsnet_prefix_mask(ecsnet_prefix_t *p) {
  u128 v = u128_of(p);
  u128_to(p, u128_and(v, u128_netmask(p->family, p->len)));
}

int ecsnet_prefix_is_network(const ecsnet_prefix_t *p) {
  u128 v = u128_of(p);
  return u128_is_zero(u128_and(v, u128_hostmask(p->family, p->len)));
}

int ecsnet_prefix_contains(const ecsnet_prefix_t *outer,
                           const ecsnet_prefix_t *inner) {
  u128 a, b, m;
  if (outer->family != inner->family || inner->len < outer->len)
    return 0;
  m = u128_netmask(outer->family, outer->len);
  a = u128_and(u128_of(outer), m);
  b = u128_and(u128_of(inner), m);
  return u128_eq(a, b);
}

int ecsnet_prefix_overlaps(const ecsnet_prefix_t *a, const ecsnet_prefix_t *b) {
  return a->len <= b->len ? ecsnet_prefix_contains(a, b)
                          : ecsnet_prefix_contains(b, a);
}

int ecsnet_prefix_compare(const ecsnet_prefix_t *a, const ecsnet_prefix_t *b) {
  int c;
  if (a->family != b->family) return a->family < b->family ? -1 : 1;
  c = memcmp(a->addr, b->addr, a->family == 4 ? 4 : 16);
  if (c) return c < 0 ? -1 : 1;
  return a->len < b->len ? -1 : a->len > b->len ? 1 : 0;
}

int ecsnet_prefix_usable_aws(const ecsnet_prefix_t *p,
                             unsigned long long *out) {
  unsigned bits;
  if (p->family == 4) {
    if (p->len > 28) return ECSNET_ERANGE;
    bits = 32u - p->len;
  } else {
    if (p->len < 64 || p->len > 125) return ECSNET_ERANGE;
    bits = 128u - p->len;
  }
  if (out) *out = (bits == 64 ? 0ULL : (1ULL << bits)) - 5ULL;
  return ECSNET_OK;
}

int ecsnet_prefix_size(const ecsnet_prefix_t *p, unsigned long long *out) {
  unsigned bits = (p->family == 4 ? 32u : 128u) - p->len;
  if (bits > 63) return ECSNET_ERANGE;
  if (out) *out = 1ULL << bits;
  return ECSNET_OK;
}

size_t ecsnet_prefix_size_text(const ecsnet_prefix_t *p, unsigned reserved,
                               char *buf, size_t len) {
  char tmp[ECSNET_DECIMAL_MAX];
  unsigned bits = (p->family == 4 ? 32u : 128u) - p->len;
  u128 v = u128_pow2(bits);
  u128 r = u128_small(reserved);
  if (bits == 128) {     /* 2^128 does not fit: it is all ones + 1 */
    static const char full[] = "340282366920938463463374607431768211456";
    if (reserved == 0) return finish_text(full, sizeof full - 1, buf, len);
    v = u128_sub(u128_ones(), u128_small(reserved - 1));
  } else if (u128_lt(v, r)) {
    v = u128_small(0);
  } else {
    v = u128_sub(v, r);
  }
  return finish_text(tmp, u128_decimal(v, tmp), buf, len);
}

int ecsnet_prefix_addr(const ecsnet_prefix_t *p, long long index,
                       ecsnet_prefix_t *out) {
  unsigned bits = (p->family == 4 ? 32u : 128u) - p->len;
  u128 net = u128_and(u128_of(p), u128_netmask(p->family, p->len));
  u128 off;
  unsigned long long mag = index < 0 ? (unsigned long long)(-(index + 1)) + 1
                                     : (unsigned long long)index;
  if (bits < 64 && mag > ((1ULL << bits) - (index < 0 ? 0 : 1)))
    return ECSNET_ERANGE;
  if (index >= 0) {
    off = u128_small(mag);
    net = u128_add(net, off);
  } else {
    u128 last = u128_or(net, u128_hostmask(p->family, p->len));
    net = u128_sub(last, u128_small(mag - 1));
  }
  *out = *p;
  out->len = (unsigned char)(p->family == 4 ? 32 : 128);
  u128_to(out, net);
  return ECSNET_OK;
}

int ecsnet_prefix_supernet(const ecsnet_prefix_t *p, unsigned newlen,
                           ecsnet_prefix_t *out) {
  if (newlen > p->len) return ECSNET_ERANGE;
  *out = *p;
  out->len = (unsigned char)newlen;
  ecsnet_prefix_mask(out);
  return ECSNET_OK;
}

int ecsnet_prefix_step(const ecsnet_prefix_t *p, int dir,
                       ecsnet_prefix_t *out) {
  unsigned max = p->family == 4 ? 32u : 128u;
  u128 v = u128_and(u128_of(p), u128_netmask(p->family, p->len));
  u128 unit, top;
  if (p->len == 0) return ECSNET_ERANGE;
  unit = u128_pow2(max - p->len);
  top = u128_netmask(p->family, p->len);   /* the last block's address */
  if (dir > 0) {
    if (u128_eq(v, top)) return ECSNET_ERANGE;
    v = u128_add(v, unit);
  } else {
    if (u128_is_zero(v)) return ECSNET_ERANGE;
    v = u128_sub(v, unit);
  }
  *out = *p;
  u128_to(out, v);
  return ECSNET_OK;
}

/* }====================================================================== */


/*
** {======================================================================
** Subnetting
** =======================================================================
*/

int ecsnet_split_init(ecsnet_split_t *it, const ecsnet_prefix_t *p,
                      unsigned newlen) {
  unsigned max = p->family == 4 ? 32u : 128u;
  if (newlen < p->len || newlen > max) return ECSNET_ERANGE;
  it->cur = *p;
  ecsnet_prefix_mask(&it->cur);
  it->cur.len = (unsigned char)newlen;
  it->parent_len = p->len;
  it->done = 0;
  return ECSNET_OK;
}

int ecsnet_split_next(ecsnet_split_t *it, ecsnet_prefix_t *out) {
  ecsnet_prefix_t nx;
  if (it->done) return 0;
  *out = it->cur;
  /* The next one, unless it leaves the parent (or the address space). */
  if (ecsnet_prefix_step(&it->cur, 1, &nx) != ECSNET_OK) {
    it->done = 1;
  } else {
    ecsnet_prefix_t parent = it->cur;
    parent.len = it->parent_len;
    if (!ecsnet_prefix_contains(&parent, &nx)) it->done = 1;
    else it->cur = nx;
  }
  return 1;
}

/* Appends the minimal prefixes covering [lo, hi] (hi >= lo) to out. */
static int range_to_prefixes(int family, u128 lo, u128 hi,
                             ecsnet_prefix_t *out, size_t max, size_t *n) {
  unsigned maxbits = family == 4 ? 32u : 128u;
  while (1) {
    /* The largest aligned block starting at lo that ends by hi. */
    unsigned bits = u128_ctz(lo, maxbits);
    ecsnet_prefix_t p;
    u128 end;
    while (bits > 0 && u128_lt(hi, u128_add(lo, u128_lowmask(bits))))
      bits--;
    if (*n >= max) return ECSNET_ELIMIT;
    memset(&p, 0, sizeof p);
    p.family = (unsigned char)family;
    p.len = (unsigned char)(maxbits - bits);
    u128_to(&p, lo);
    out[(*n)++] = p;
    end = u128_add(lo, u128_lowmask(bits));
    if (u128_eq(end, hi)) return ECSNET_OK;
    lo = u128_add(end, u128_small(1));
  }
}

int ecsnet_range_prefixes(const ecsnet_prefix_t *first,
                          const ecsnet_prefix_t *last, ecsnet_prefix_t *out,
                          size_t max, size_t *n_out) {
  u128 lo, hi;
  *n_out = 0;
  if (first->family != last->family) return ECSNET_EFAMILY;
  lo = u128_of(first);
  hi = u128_of(last);
  if (u128_lt(hi, lo)) return ECSNET_EINVAL;
  return range_to_prefixes(first->family, lo, hi, out, max, n_out);
}

int ecsnet_prefix_exclude(const ecsnet_prefix_t *a, const ecsnet_prefix_t *b,
                          ecsnet_prefix_t *out, size_t max, size_t *n_out) {
  u128 alo, ahi, blo, bhi;
  int st = ECSNET_OK;
  *n_out = 0;
  if (a->family != b->family) return ECSNET_EFAMILY;
  alo = u128_and(u128_of(a), u128_netmask(a->family, a->len));
  ahi = u128_or(alo, u128_hostmask(a->family, a->len));
  blo = u128_and(u128_of(b), u128_netmask(b->family, b->len));
  bhi = u128_or(blo, u128_hostmask(b->family, b->len));
  if (u128_lt(bhi, alo) || u128_lt(ahi, blo)) {     /* disjoint */
    if (max < 1) return ECSNET_ELIMIT;
    out[0] = *a;
    ecsnet_prefix_mask(&out[0]);
    *n_out = 1;
    return ECSNET_OK;
  }
  if (u128_lt(alo, blo))
    st = range_to_prefixes(a->family, alo, u128_sub(blo, u128_small(1)), out,
                           max, n_out);
  if (st == ECSNET_OK && u128_lt(bhi, ahi))
    st = range_to_prefixes(a->family, u128_add(bhi, u128_small(1)), ahi, out,
                           max, n_out);
  return st;
}

int ecsnet_prefix_len_for(int family, unsigned long long needed,
                          unsigned reserved, unsigned *len) {
  unsigned max = family == 4 ? 32u : 128u, bits;
  for (bits = 0; bits <= max; bits++) {
    int fits;
    if (bits >= 64) fits = 1;
    else fits = (1ULL << bits) >= reserved &&
                (1ULL << bits) - reserved >= needed;
    if (fits) { *len = max - bits; return ECSNET_OK; }
  }
  return ECSNET_ERANGE;
}

int ecsnet_prefix_len_for_count(int family, double needed, unsigned reserved,
                                int aws, unsigned *len) {
  unsigned max = family == 4 ? 32u : 128u;
  if (needed < 9223372036854775808.0) {   /* 2^63: exact as an integer */
    if (ecsnet_prefix_len_for(family, (unsigned long long)needed, reserved,
                              len) != ECSNET_OK)
      return ECSNET_ERANGE;
  } else {   /* the smallest 2^k >= needed + reserved; doubles double exactly */
    double t = 9223372036854775808.0;
    unsigned k = 63;
    while (t < needed && k <= max) { t *= 2; k++; }
    if (t == needed && reserved > 0) k++;
    if (k > max)
      return ECSNET_ERANGE;
    *len = max - k;
  }
  if (aws && family == 4 && *len > 28) *len = 28;
  if (aws && family == 6 && *len > 64) *len = 64;
  return ECSNET_OK;
}

int ecsnet_prefix_carve(const ecsnet_prefix_t *block,
                        const unsigned char *lens, size_t n,
                        ecsnet_prefix_t *out, ecsnet_prefix_t *unused,
                        size_t max_unused, size_t *n_unused, char *err,
                        size_t errlen) {
  unsigned max = block->family == 4 ? 32u : 128u;
  u128 lo = u128_and(u128_of(block), u128_netmask(block->family, block->len));
  u128 hi = u128_or(lo, u128_hostmask(block->family, block->len));
  u128 cur = lo;
  int exhausted = 0, l;
  size_t i, left = 0;
  if (n_unused) *n_unused = 0;
  for (i = 0; i < n; i++)
    if (lens[i] < block->len || lens[i] > max) {
      char b[ECSNET_PREFIX_STRLEN_MAX];
      ecsnet_prefix_format(block, b, sizeof b);
      ecsnet__errf(err, errlen, "request %zu: a /%u does not fit in %s", i + 1,
                   (unsigned)lens[i], b);
      return ECSNET_ERANGE;
    }
  /* Largest first: by length, requests of one length in their order. With
  ** every block aligned on its size and sizes non-increasing, the cursor
  ** stays aligned and no hole opens. */
  for (l = block->len; l <= (int)max; l++) {
    for (i = 0; i < n; i++) {
      u128 last;
      if (lens[i] != l) continue;
      if (exhausted) { left++; continue; }
      memset(&out[i], 0, sizeof out[i]);
      out[i].family = block->family;
      out[i].len = (unsigned char)l;
      u128_to(&out[i], cur);
      last = u128_or(cur, u128_hostmask(block->family, (unsigned)l));
      if (u128_eq(last, hi)) exhausted = 1;
      else cur = u128_add(last, u128_small(1));
    }
  }
  if (left) {
    char b[ECSNET_PREFIX_STRLEN_MAX];
    ecsnet_prefix_format(block, b, sizeof b);
    ecsnet__errf(err, errlen, "the requests do not fit in %s: %zu of %zu "
                 "left over when it is full", b, left, n);
    return ECSNET_EFULL;
  }
  if (!exhausted && unused != NULL) {
    size_t nu = 0;
    int st = range_to_prefixes(block->family, cur, hi, unused, max_unused,
                               &nu);
    if (n_unused) *n_unused = nu;
    if (st != ECSNET_OK) return st;
  }
  return ECSNET_OK;
}

/* }====================================================================== */


/*
** {======================================================================
** AWS rules (docs/reference.md §4)
** =======================================================================
*/

typedef struct { unsigned char a[4]; unsigned char len; } v4net;

static int in_v4(const ecsnet_prefix_t *p, unsigned a, unsigned b, unsigned c,
                 unsigned d, unsigned len) {
  ecsnet_prefix_t r;
  memset(&r, 0, sizeof r);
  r.family = 4;
  r.len = (unsigned char)len;
  r.addr[0] = (unsigned char)a; r.addr[1] = (unsigned char)b;
  r.addr[2] = (unsigned char)c; r.addr[3] = (unsigned char)d;
  return ecsnet_prefix_contains(&r, p) ? 2 : ecsnet_prefix_overlaps(&r, p);
}

static const char *const class_names[ECSNET_CLASS_COUNT] = {
  "public", "rfc1918", "rfc6598", "link-local", "loopback", "benchmark",
  "multicast", "reserved", "ula", "mixed"
};

const char *ecsnet_class_name(ecsnet_class_t c) {
  return (int)c >= 0 && c < ECSNET_CLASS_COUNT ? class_names[c] : "unknown";
}

ecsnet_class_t ecsnet_prefix_classify(const ecsnet_prefix_t *p,
                                      unsigned *clashes) {
  static const struct { unsigned char a, b, c, d, len, cls; } v4[] = {
    {10, 0, 0, 0, 8, ECSNET_CLASS_RFC1918},
    {172, 16, 0, 0, 12, ECSNET_CLASS_RFC1918},
    {192, 168, 0, 0, 16, ECSNET_CLASS_RFC1918},
    {100, 64, 0, 0, 10, ECSNET_CLASS_SHARED},
    {169, 254, 0, 0, 16, ECSNET_CLASS_LINK_LOCAL},
    {127, 0, 0, 0, 8, ECSNET_CLASS_LOOPBACK},
    {198, 18, 0, 0, 15, ECSNET_CLASS_BENCHMARK},
    {224, 0, 0, 0, 4, ECSNET_CLASS_MULTICAST},
    {0, 0, 0, 0, 8, ECSNET_CLASS_RESERVED},
    {240, 0, 0, 0, 4, ECSNET_CLASS_RESERVED},
    {192, 0, 2, 0, 24, ECSNET_CLASS_RESERVED},
    {198, 51, 100, 0, 24, ECSNET_CLASS_RESERVED},
    {203, 0, 113, 0, 24, ECSNET_CLASS_RESERVED},
  };
  size_t k;
  unsigned cl = 0;
  int cls = -1;
  if (p->family == 4) {
    if (in_v4(p, 172, 17, 0, 0, 16)) cl |= ECSNET_CLASH_DOCKER;
    if (in_v4(p, 169, 254, 172, 0, 22)) cl |= ECSNET_CLASH_ECS_BRIDGE;
    if (in_v4(p, 169, 254, 170, 2, 32)) cl |= ECSNET_CLASH_ECS_CREDS;
    if (in_v4(p, 169, 254, 169, 254, 32)) cl |= ECSNET_CLASH_IMDS;
    if (clashes) *clashes = cl;
    for (k = 0; k < ECSNET_COUNTOF(v4); k++) {
      int r = in_v4(p, v4[k].a, v4[k].b, v4[k].c, v4[k].d, v4[k].len);
      if (r == 2) return (ecsnet_class_t)v4[k].cls;
      if (r == 1) return ECSNET_CLASS_MIXED;   /* p is larger than the range */
    }
    return ECSNET_CLASS_PUBLIC;
  } else {
    static const struct { unsigned char hi0, hi1, len, cls; } v6[] = {
      {0xfe, 0x80, 10, ECSNET_CLASS_LINK_LOCAL},
      {0xfc, 0x00, 7, ECSNET_CLASS_ULA},
      {0xff, 0x00, 8, ECSNET_CLASS_MULTICAST},
      {0x20, 0x01, 16, 0xff},   /* 2001:db8::/32 below */
    };
    ecsnet_prefix_t r;
    if (clashes) *clashes = 0;
    memset(&r, 0, sizeof r);
    r.family = 6;
    r.len = 128;
    r.addr[15] = 1;
    if (ecsnet_prefix_contains(&r, p)) return ECSNET_CLASS_LOOPBACK;
    r.addr[15] = 0;
    if (ecsnet_prefix_contains(&r, p)) return ECSNET_CLASS_RESERVED;
    r.addr[0] = 0x20; r.addr[1] = 0x01; r.addr[2] = 0x0d; r.addr[3] = 0xb8;
    r.len = 32;
    if (ecsnet_prefix_contains(&r, p)) return ECSNET_CLASS_RESERVED;
    for (k = 0; k + 1 < ECSNET_COUNTOF(v6); k++) {
      memset(&r, 0, sizeof r);
      r.family = 6;
      r.len = v6[k].len;
      r.addr[0] = v6[k].hi0;
      r.addr[1] = v6[k].hi1;
      if (ecsnet_prefix_contains(&r, p)) return (ecsnet_class_t)v6[k].cls;
      if (ecsnet_prefix_overlaps(&r, p)) cls = ECSNET_CLASS_MIXED;
    }
    /* ::/8 etc. and anything wider than the ranges above */
    if (cls >= 0 || p->len < 3) return ECSNET_CLASS_MIXED;
    return ECSNET_CLASS_PUBLIC;
  }
}

int ecsnet_aws_vpc_check(const ecsnet_prefix_t *p, char *why, size_t len) {
  char b[ECSNET_PREFIX_STRLEN_MAX];
  ecsnet_prefix_format(p, b, sizeof b);
  if (p->family == 4) {
    if (p->len < 16 || p->len > 28) {
      ecsnet__errf(why, len, "VPC block %s is a /%u: IPv4 VPC blocks must be "
                   "/16 to /28 (docs/reference.md §4.1)", b, (unsigned)p->len);
      return ECSNET_ERANGE;
    }
    if (in_v4(p, 169, 254, 0, 0, 16)) {
      ecsnet__errf(why, len, "VPC block %s is link-local (169.254.0.0/16), "
                   "which cannot be assigned to a VPC (docs/reference.md §4.1)", b);
      return ECSNET_ERANGE;
    }
  } else if (p->len != 56) {
    ecsnet__errf(why, len, "VPC block %s is a /%u: Amazon-provided IPv6 VPC "
                 "blocks are /56 (docs/reference.md §4.2)", b, (unsigned)p->len);
    return ECSNET_ERANGE;
  }
  if (why && len) why[0] = '\0';
  return ECSNET_OK;
}

int ecsnet_aws_subnet_check(const ecsnet_prefix_t *p,
                            const ecsnet_prefix_t *vpc, size_t n_vpc,
                            char *why, size_t len) {
  char b[ECSNET_PREFIX_STRLEN_MAX];
  size_t k;
  int same = 0;
  ecsnet_prefix_format(p, b, sizeof b);
  if (p->family == 4 && (p->len < 16 || p->len > 28)) {
    ecsnet__errf(why, len, "subnet %s is a /%u: IPv4 subnets must be /16 to "
                 "/28 (docs/reference.md §4.1)", b, (unsigned)p->len);
    return ECSNET_ERANGE;
  }
  if (vpc != NULL) {
    for (k = 0; k < n_vpc; k++) {
      if (vpc[k].family != p->family) continue;
      same++;
      if (ecsnet_prefix_contains(&vpc[k], p)) break;
    }
    if (k == n_vpc) {
      ecsnet__errf(why, len, same ? "subnet %s is not inside any of the "
                   "VPC's IPv%d blocks (docs/reference.md §4.1)" : "subnet %s: the "
                   "VPC has no IPv%d block", b, p->family);
      return ECSNET_EINVAL;
    }
  }
  if (why && len) why[0] = '\0';
  return ECSNET_OK;
}

int ecsnet_aws_subnet_warning(const ecsnet_prefix_t *p, char *why,
                              size_t len) {
  char b[ECSNET_PREFIX_STRLEN_MAX];
  if (why && len) why[0] = '\0';
  if (p->family != 6 || p->len == 64)
    return 0;
  ecsnet_prefix_format(p, b, sizeof b);
  ecsnet__errf(why, len, "subnet %s is not a /64: AWS's guides (2023) give "
               "IPv6 subnets a /64, and the EC2 API reference stopped saying "
               "so in November 2023; whether other sizes are allowed now is "
               "not verified (docs/reference.md §4.2)", b);
  return 1;
}

/* The primary ranges of the §4.1 table. */
enum { R_10, R_172, R_192, R_198_19, R_PUBLIC, R_100_64, R_LINK };

static int range_of(const ecsnet_prefix_t *p) {
  if (in_v4(p, 10, 0, 0, 0, 8) == 2) return R_10;
  if (in_v4(p, 172, 16, 0, 0, 12) == 2) return R_172;
  if (in_v4(p, 192, 168, 0, 0, 16) == 2) return R_192;
  if (in_v4(p, 198, 19, 0, 0, 16) == 2) return R_198_19;
  if (in_v4(p, 100, 64, 0, 0, 10) == 2) return R_100_64;
  if (in_v4(p, 169, 254, 0, 0, 16) == 2) return R_LINK;
  return R_PUBLIC;
}

static const char *const range_names[] = {
  "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "198.19.0.0/16",
  "a public range", "100.64.0.0/10", "169.254.0.0/16"
};

int ecsnet_aws_secondary_check(const ecsnet_prefix_t *blocks, size_t n,
                               const ecsnet_prefix_t *cand, char *why,
                               size_t len) {
  char b[ECSNET_PREFIX_STRLEN_MAX], o[ECSNET_PREFIX_STRLEN_MAX];
  int pr, cr, st;
  size_t k;
  const char *cell = NULL;
  ecsnet_prefix_format(cand, b, sizeof b);
  if (n == 0 || blocks[0].family != 4 || cand->family != 4) {
    ecsnet__errf(why, len, "secondary block %s: the association table "
                 "covers IPv4 blocks with an IPv4 primary (docs/reference.md "
                 "§4.1)", b);
    return n == 0 ? ECSNET_EINVAL : ECSNET_EFAMILY;
  }
  st = ecsnet_aws_vpc_check(cand, why, len);
  if (st != ECSNET_OK) return ECSNET_EINVAL;
  for (k = 0; k < n; k++)
    if (ecsnet_prefix_overlaps(&blocks[k], cand)) {
      ecsnet_prefix_format(&blocks[k], o, sizeof o);
      ecsnet__errf(why, len, "secondary block %s overlaps the VPC's block %s "
                   "(docs/reference.md §4.1)", b, o);
      return ECSNET_EINVAL;
    }
  pr = range_of(&blocks[0]);
  cr = range_of(cand);
  ecsnet_prefix_format(&blocks[0], o, sizeof o);
  if (pr == R_LINK) {
    ecsnet__errf(why, len, "the primary block %s is link-local and cannot "
                 "be assigned to a VPC (docs/reference.md §4.1)", o);
    return ECSNET_EINVAL;
  }
  if (cr == R_10 || cr == R_172 || cr == R_192) {
    if (cr != pr) cell = "other RFC 1918 ranges";
    if (pr == R_198_19 || pr == R_PUBLIC || pr == R_100_64)
      cell = "RFC 1918 ranges";
  }
  if (cell == NULL && cr == R_198_19 && pr != R_198_19)
    cell = "198.19.0.0/16";
  if (cell == NULL && pr == R_172 && in_v4(cand, 172, 31, 0, 0, 16) == 2)
    cell = "172.31.0.0/16";
  if (cell == NULL && pr == R_10 && in_v4(cand, 10, 0, 0, 0, 16) == 2) {
    for (k = 0; k < n; k++)
      if (in_v4(&blocks[k], 10, 0, 0, 0, 15) == 2) break;
    if (k < n) cell = "10.0.0.0/16 while a block is in 10.0.0.0/15";
  }
  if (cell == NULL && cr == R_LINK)
    cell = "link-local 169.254.0.0/16";
  if (cell != NULL) {
    ecsnet__errf(why, len, "secondary block %s is restricted for a VPC "
                 "whose primary block %s is in %s: %s may not be added "
                 "(docs/reference.md §4.1 table)", b, o,
                 pr == R_PUBLIC || pr == R_100_64 ? "a public range or "
                 "100.64.0.0/10" : range_names[pr], cell);
    return ECSNET_EINVAL;
  }
  if (why && len) why[0] = '\0';
  return ECSNET_OK;
}

int ecsnet_aws_secondary_check_opts(const ecsnet_prefix_t *blocks, size_t n,
                                    const ecsnet_prefix_t *cand,
                                    const ecsnet_secondary_opts_t *o,
                                    char *why, size_t len) {
  char b[ECSNET_PREFIX_STRLEN_MAX], d[ECSNET_PREFIX_STRLEN_MAX];
  size_t k;
  int st;
  if (o != NULL && o->max_blocks > ECSNET_AWS_VPC_BLOCKS_MAX) {
    ecsnet__errf(why, len, "max_blocks %zu is over AWS's limit of %d IPv4 "
                 "blocks per VPC (docs/reference.md §4.1)", o->max_blocks,
                 ECSNET_AWS_VPC_BLOCKS_MAX);
    return ECSNET_ERANGE;
  }
  st = ecsnet_aws_secondary_check(blocks, n, cand, why, len);
  if (st != ECSNET_OK || o == NULL)
    return st;
  ecsnet_prefix_format(cand, b, sizeof b);
  if (o->max_blocks > 0 && n >= o->max_blocks) {
    ecsnet__errf(why, len, "secondary block %s: the VPC has %zu IPv4 blocks "
                 "already, the quota of %zu (the primary counts; AWS's "
                 "default is %d, adjustable to %d; docs/reference.md §4.1)", b, n,
                 o->max_blocks, ECSNET_AWS_VPC_BLOCKS,
                 ECSNET_AWS_VPC_BLOCKS_MAX);
    return ECSNET_EINVAL;
  }
  for (k = 0; k < o->nroutes; k++) {
    const ecsnet_prefix_t *r = &o->routes[k];
    if (r->family != 4 || r->len < cand->len ||
        !ecsnet_prefix_contains(cand, r))
      continue;
    ecsnet_prefix_format(r, d, sizeof d);
    ecsnet__errf(why, len, "secondary block %s is the same as or larger than "
                 "the route-table destination %s, which AWS refuses: a block "
                 "smaller than the destination (/%d or longer) may be added, "
                 "or change the route (docs/reference.md §4.1)", b, d,
                 (int)r->len + 1);
    return ECSNET_EINVAL;
  }
  if (why && len) why[0] = '\0';
  return ECSNET_OK;
}

static int cmp_index(const ecsnet_prefix_t *v, size_t a, size_t b) {
  int c = ecsnet_prefix_compare(&v[a], &v[b]);
  return c ? c : (a < b ? -1 : a > b);
}

int ecsnet_aws_subnets_disjoint(const ecsnet_prefix_t *subnets, size_t n,
                                ecsnet_alloc_fn alloc, void *ud, size_t *i,
                                size_t *j, char *why, size_t len) {
  ecsnet_mem_t m;
  size_t *ix, k, bi = 0, bj = 0;
  int found = 0;
  if (why && len) why[0] = '\0';
  if (n < 2) return ECSNET_OK;
  ecsnet__mem_init(&m, alloc, ud);
  ix = (size_t *)ecsnet__alloc(&m, n * sizeof *ix);
  if (ix == NULL) return ECSNET_ENOMEM;
  for (k = 0; k < n; k++) ix[k] = k;
  /* insertion sort is enough for subnet lists; fall back to shell sort */
  {
    size_t gap, a, b;
    for (gap = n / 2; gap > 0; gap /= 2)
      for (a = gap; a < n; a++)
        for (b = a; b >= gap && cmp_index(subnets, ix[b - gap], ix[b]) > 0;
             b -= gap) {
          size_t t = ix[b]; ix[b] = ix[b - gap]; ix[b - gap] = t;
        }
  }
  /* Sorted by start: some pair overlaps iff a neighbour pair (within one
  ** family) overlaps the widest earlier prefix. */
  {
    size_t widest = ix[0];
    for (k = 1; k < n; k++) {
      size_t c = ix[k];
      if (subnets[c].family == subnets[widest].family &&
          ecsnet_prefix_overlaps(&subnets[widest], &subnets[c])) {
        size_t a = widest < c ? widest : c, b = widest < c ? c : widest;
        if (!found || a < bi || (a == bi && b < bj)) { bi = a; bj = b; }
        found = 1;
      }
      if (subnets[c].family != subnets[widest].family ||
          !ecsnet_prefix_contains(&subnets[widest], &subnets[c]))
        widest = c;
    }
  }
  ecsnet__free(&m, ix, n * sizeof *ix);
  if (found) {
    char a[ECSNET_PREFIX_STRLEN_MAX], b[ECSNET_PREFIX_STRLEN_MAX];
    ecsnet_prefix_format(&subnets[bi], a, sizeof a);
    ecsnet_prefix_format(&subnets[bj], b, sizeof b);
    if (i) *i = bi;
    if (j) *j = bj;
    ecsnet__errf(why, len, "subnets %s (#%zu) and %s (#%zu) overlap: "
                 "subnets of one VPC must not overlap (docs/reference.md §4.1)",
                 a, bi + 1, b, bj + 1);
    return ECSNET_EINVAL;
  }
  return ECSNET_OK;
}

/* }====================================================================== */
