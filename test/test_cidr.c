/*
** test_cidr.c: the CIDR core without Lua: parsing, text, the
** libcidr round trip of every strictly accepted prefix, arithmetic,
** subnetting, sets (also under a failing allocator) and the AWS rules.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ecsnet.h"
#include "ecsnet_cidr_quad.h"   /* the two dotted-quad readers */
#include "check.h"

static ecsnet_prefix_t P(const char *s) {
  ecsnet_prefix_t p;
  char err[ECSNET_ERRBUF_MAX];
  if (ecsnet_prefix_parse(s, strlen(s), 0, &p, err, sizeof err) != ECSNET_OK) {
    fprintf(stderr, "test setup: %s\n", err);
    memset(&p, 0, sizeof p);
  }
  return p;
}

static const char *T(const ecsnet_prefix_t *p) {
  static char b[8][ECSNET_PREFIX_STRLEN_MAX];
  static int k;
  k = (k + 1) % 8;
  ecsnet_prefix_format(p, b[k], sizeof b[k]);
  return b[k];
}

/* Parses s; returns the canonical text or "ERR: message". */
static const char *parse_text(const char *s, size_t n, unsigned flags) {
  static char out[ECSNET_ERRBUF_MAX + 8];
  ecsnet_prefix_t p;
  char err[ECSNET_ERRBUF_MAX];
  if (ecsnet_prefix_parse(s, n, flags, &p, err, sizeof err) != ECSNET_OK) {
    snprintf(out, sizeof out, "ERR: %s", err);
    return out;
  }
  ecsnet_prefix_format(&p, out, sizeof out);
  return out;
}

#define STRICT(s) parse_text(s, strlen(s), 0)

static void test_parse(void) {
  CHECK_STR(STRICT("10.0.0.0/8"), "10.0.0.0/8");
  CHECK_STR(STRICT("10.0.0.5"), "10.0.0.5/32");
  CHECK_STR(STRICT("0.0.0.0/0"), "0.0.0.0/0");
  CHECK_STR(STRICT("2001:DB8:0:0::/32"), "2001:db8::/32");
  CHECK_STR(STRICT("::"), "::/128");
  CHECK_STR(STRICT("::ffff:10.0.0.1"), "::ffff:10.0.0.1/128");
  CHECK_STR(STRICT("1:2:3:4:5:6:1.2.3.4"), "1:2:3:4:5:6:102:304/128");
  CHECK_STR(STRICT("10.0.0.5/24"),
            "ERR: invalid prefix '10.0.0.5/24': host bits are set (did you mean 10.0.0.0/24?)");
  CHECK_STR(STRICT("2001:db8::1/64"),
            "ERR: invalid prefix '2001:db8::1/64': host bits are set (did you mean 2001:db8::/64?)");
  CHECK_STR(parse_text("10.0.0.5/24", 11, ECSNET_CIDR_MASK), "10.0.0.0/24");
  CHECK_STR(STRICT("010.0.0.0/8"), "ERR: invalid prefix '010.0.0.0/8': leading zero in octet '010' "
            "is ambiguous (octal in some parsers); write it without the zero");
  CHECK_STR(STRICT("10.1/16"), "ERR: invalid prefix '10.1/16': fewer than 4 octets (short forms "
            "like '10.1' are ambiguous; write all four)");
  CHECK_STR(STRICT("0x0a.0.0.0/8"), "ERR: invalid prefix '0x0a.0.0.0/8': hex octets are not "
            "accepted (write decimal)");
  CHECK(strstr(STRICT("10.0.0.0/8 "), "contains whitespace") != NULL);
  CHECK(strstr(STRICT("10.0.0.0/33"), "out of range (0-32)") != NULL);
  CHECK(strstr(STRICT("::/129"), "out of range (0-128)") != NULL);
  CHECK(strstr(STRICT("::/1000"), "out of range (0-128)") != NULL);
  CHECK(strstr(STRICT("10.0.0.0/08"), "leading zero in the prefix length") != NULL);
  CHECK(strstr(STRICT("10.0.0.0/8;"), "trailing garbage") != NULL);
  CHECK(strstr(parse_text("10.0.0.0\0/8", 11, 0), "NUL byte") != NULL);
  CHECK(strstr(parse_text("10.0.0.0/8\0", 11, 0), "NUL byte") != NULL);
  CHECK(strstr(STRICT(""), "empty text") != NULL);
  CHECK(strstr(STRICT("1:2:3:4:5:6:7:8:9"), "more than 8 groups") != NULL);
  CHECK(strstr(STRICT("1:2:3:4:5:6:7"), "fewer than 8 groups") != NULL);
  CHECK(strstr(STRICT("1:2:3:4:5:6:7:"), "trailing single ':'") != NULL);
  CHECK(strstr(STRICT(":::"), "IPv6") != NULL);
  CHECK(strstr(parse_text("10.0.0.1/32", 11, ECSNET_CIDR_ADDR), "not allowed") != NULL);
  CHECK_STR(parse_text("10.0.0.1", 8, ECSNET_CIDR_ADDR), "10.0.0.1/32");
  /* lenient: libcidr's reading, and the note */
  {
    ecsnet_prefix_t p;
    char note[ECSNET_ERRBUF_MAX];
    CHECK_INT(ecsnet_prefix_parse("010.0.0.0/8", 11, ECSNET_CIDR_LENIENT, &p, note,
                                  sizeof note), ECSNET_OK);
    CHECK_STR(T(&p), "8.0.0.0/8");
    CHECK(strstr(note, "'010.0.0.0/8' read as 8.0.0.0/8: leading zero") == note);
    CHECK_INT(ecsnet_prefix_parse("10.0.0.0/8", 10, ECSNET_CIDR_LENIENT, &p, note,
                                  sizeof note), ECSNET_OK);
    CHECK_STR(note, "");
    CHECK_INT(ecsnet_prefix_parse("x", 1, ECSNET_CIDR_LENIENT, &p, note, sizeof note),
              ECSNET_EINVAL);
    CHECK(strstr(note, "libcidr also rejects it") != NULL);
    /* NULL out and err are allowed */
    CHECK_INT(ecsnet_prefix_parse("10.0.0.0/8", 10, 0, NULL, NULL, 0), ECSNET_OK);
    CHECK_INT(ecsnet_prefix_parse("10.0.0.0/88", 11, 0, NULL, NULL, 0), ECSNET_EINVAL);
  }
}

/* Every dotted-quad spelling built from these octets and lengths, with the
** answer known by construction (docs/reference.md §4: strict decimal, 0-255, no
** leading zeros, length 0-32 without a leading zero, no host bits): the
** one-pass IPv4 path and the full parser behind it must agree with it. */
static void test_parse_v4_grid(void) {
  static const struct { const char *t; int v; } oct[] = {
    {"0", 0}, {"1", 1}, {"9", 9}, {"10", 10}, {"99", 99}, {"100", 100},
    {"255", 255}, {"256", -1}, {"00", -1}, {"01", -1}, {"010", -1},
    {"999", -1}, {"1000", -1}, {"", -1}, {"a", -1}
  };
  static const struct { const char *t; int len; } lens[] = {
    {"", 32}, {"/0", 0}, {"/8", 8}, {"/9", 9}, {"/10", 10}, {"/24", 24},
    {"/32", 32}, {"/33", -1}, {"/00", -1}, {"/08", -1}, {"/032", -1},
    {"/", -1}, {"//8", -1}, {"/8/", -1}
  };
  const size_t no = sizeof oct / sizeof oct[0], nl = sizeof lens / sizeof lens[0];
  size_t a, b, c, d, l;
  long wrong = 0, ok = 0;
  for (a = 0; a < no; a++) for (b = 0; b < no; b++) for (c = 0; c < no; c++)
  for (d = 0; d < no; d++) for (l = 0; l < nl; l++) {
    char t[64];
    ecsnet_prefix_t p, m;
    int n = snprintf(t, sizeof t, "%s.%s.%s.%s%s", oct[a].t, oct[b].t,
                     oct[c].t, oct[d].t, lens[l].t);
    int valid = oct[a].v >= 0 && oct[b].v >= 0 && oct[c].v >= 0 &&
                oct[d].v >= 0 && lens[l].len >= 0;
    uint32_t v = valid ? (uint32_t)oct[a].v << 24 | (uint32_t)oct[b].v << 16 |
                         (uint32_t)oct[c].v << 8 | (uint32_t)oct[d].v : 0;
    uint32_t host = valid && lens[l].len < 32 ? 0xffffffffu >> lens[l].len : 0;
    int st = ecsnet_prefix_parse(t, (size_t)n, 0, &p, NULL, 0);
    int stm = ecsnet_prefix_parse(t, (size_t)n, ECSNET_CIDR_MASK, &m, NULL, 0);
    if (!valid) {
      wrong += st != ECSNET_EINVAL || stm != ECSNET_EINVAL;
      continue;
    }
    ok++;
    /* strict: refused when host bits are set; masked: always the network */
    if ((v & host) != 0) wrong += st != ECSNET_EINVAL;
    else wrong += st != ECSNET_OK || p.family != 4 || p.len != lens[l].len ||
                  p.addr[0] != (v >> 24) || p.addr[3] != (v & 255);
    v &= ~host;
    wrong += stm != ECSNET_OK || m.len != lens[l].len ||
             (((uint32_t)m.addr[0] << 24 | (uint32_t)m.addr[1] << 16 |
               (uint32_t)m.addr[2] << 8 | m.addr[3]) != v);
  }
  CHECK_INT(wrong, 0);
  CHECK(ok == 7L * 7 * 7 * 7 * 7);   /* every valid spelling was tried */
}

/* The byte-loop reader and the SSSE3 one (when this CPU has it) give the
** same answer on every address of the grid and on random text over the
** characters that matter; the public parser above uses one of them. */
static int quad_same(const char *t, size_t n) {
  uint32_t a = 0, b = 0;
  int x = ecsnet__quad_scalar(t, n, &a), y = x;
#ifdef ECSNET_QUAD_SSSE3
  if (__builtin_cpu_supports("ssse3")) y = ecsnet__quad_ssse3(t, n, &b);
  else b = a;
#else
  b = a;
#endif
  return x == y && (!x || a == b);
}

static void test_quad_readers(void) {
  static const char *const oct[] = {
    "0", "1", "9", "10", "99", "100", "199", "200", "249", "250", "255",
    "256", "00", "01", "010", "999", "1000", "", "/"
  };
  static const char alpha[] = "0123456789..../x";
  const size_t no = sizeof oct / sizeof oct[0];
  size_t a, b, c, d;
  long i, differ = 0, accepted = 0;
  uint64_t x = 0x9e3779b97f4a7c15ULL;
  for (a = 0; a < no; a++) for (b = 0; b < no; b++) for (c = 0; c < no; c++)
  for (d = 0; d < no; d++) {
    char t[40];
    uint32_t v;
    int n = snprintf(t, sizeof t, "%s.%s.%s.%s", oct[a], oct[b], oct[c], oct[d]);
    differ += !quad_same(t, (size_t)n);
    accepted += ecsnet__quad_scalar(t, (size_t)n, &v);
  }
  for (i = 0; i < 2000000; i++) {   /* random text, 0-17 bytes */
    char t[17];
    size_t n, k;
    x ^= x << 13; x ^= x >> 7; x ^= x << 17;
    n = (size_t)(x % 18);
    for (k = 0; k < n; k++) {   /* 4 bits a byte, 12 bytes a step */
      if (k == 12) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; }
      t[k] = alpha[(x >> (4 * (k % 12) + 5)) & 15];
    }
    differ += !quad_same(t, n);
  }
  CHECK_INT(differ, 0);
  CHECK_INT(accepted, 11L * 11 * 11 * 11);   /* the 11 valid octets */
#ifdef ECSNET_QUAD_SSSE3
  printf("dotted-quad readers: byte loop and SSSE3 (%s on this CPU) agree\n",
         __builtin_cpu_supports("ssse3") ? "used" : "not available");
#endif
}

static void test_format(void) {
  static const char *const rfc5952[][2] = {
    {"2001:db8:0:0:0:0:2:1", "2001:db8::2:1/128"},
    {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1/128"},
    {"2001:0:0:1:0:0:0:1", "2001:0:0:1::1/128"},
    {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1/128"},
    {"0:0:0:0:0:0:0:1", "::1/128"},
    {"1:0:0:0:0:0:0:0", "1::/128"},
    {"0:1:0:1:0:1:0:1", "0:1:0:1:0:1:0:1/128"},
    {"ABCD:EF01:2345:6789:ABCD:EF01:2345:6789", "abcd:ef01:2345:6789:abcd:ef01:2345:6789/128"},
    {"0:0:0:0:0:ffff:c000:0280", "::ffff:192.0.2.128/128"},
  };
  size_t k;
  char b[4];
  ecsnet_prefix_t p = P("2001:db8::/32");
  for (k = 0; k < sizeof rfc5952 / sizeof rfc5952[0]; k++)
    CHECK_STR(STRICT(rfc5952[k][0]), rfc5952[k][1]);
  /* truncation: returns the full length, NUL-terminates */
  CHECK_INT(ecsnet_prefix_format(&p, b, sizeof b), 13);
  CHECK_STR(b, "200");
  CHECK_INT(ecsnet_prefix_format(&p, NULL, 0), 13);
}

/* libcidr's own IPv6 text: the longest run of one or more zero groups as
** "::" (the first on a tie), no mixed notation. RFC 5952 §4.2.2 says a
** single group must not be compressed; this is where the two differ. */
static void libcidr_style(const ecsnet_prefix_t *p, char *out) {
  unsigned g[8];
  int k, best = -1, bestlen = 0, run = 0;
  size_t o = 0;
  for (k = 0; k < 8; k++) g[k] = ((unsigned)p->addr[2 * k] << 8) | p->addr[2 * k + 1];
  for (k = 0; k < 8; k++) {
    if (g[k] == 0) { if (++run > bestlen) { bestlen = run; best = k - run + 1; } }
    else run = 0;
  }
  for (k = 0; k < 8; k++) {
    if (k == best) { out[o++] = ':'; out[o++] = ':'; k += bestlen - 1; continue; }
    if (k && !(best >= 0 && k == best + bestlen)) out[o++] = ':';
    o += (size_t)sprintf(out + o, "%x", g[k]);
  }
  o += (size_t)sprintf(out + o, "/%u", p->len);
  out[o] = '\0';
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void) {   /* xorshift64*: seeded, reproducible */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 2685821657736338717ULL;
}

static void random_prefix(ecsnet_prefix_t *p) {
  int k;
  memset(p, 0, sizeof *p);
  p->family = (rnd() & 1) ? 4 : 6;
  if (p->family == 4) {
    for (k = 0; k < 4; k++) p->addr[k] = (unsigned char)rnd();
    p->len = (unsigned char)(rnd() % 33);
  } else {
    uint64_t shape = rnd();
    for (k = 0; k < 8; k++) {   /* zero groups often, to vary '::' */
      unsigned v = (shape >> (2 * k)) & 3 ? (unsigned)rnd() & 0xffff : 0;
      if (((shape >> 20) & 7) == 0 && k < 6) v = k == 5 ? 0xffff : 0;   /* mapped */
      p->addr[2 * k] = (unsigned char)(v >> 8);
      p->addr[2 * k + 1] = (unsigned char)v;
    }
    p->len = (unsigned char)(rnd() % 129);
  }
  ecsnet_prefix_mask(p);
}

/* Every strictly accepted prefix round-trips through libcidr: libcidr reads
** our canonical text as the same value, its own text reads back (strictly)
** as the same value, and its text equals ours except for the documented
** IPv6 difference (single zero groups, no mixed notation). */
static void test_libcidr_roundtrip(void) {
  int i, same_text = 0, differs = 0, bad = 0, explained = 0;
  for (i = 0; i < 200000; i++) {
    ecsnet_prefix_t p, q, r;
    char ours[ECSNET_PREFIX_STRLEN_MAX], theirs[ECSNET_PREFIX_TEXT_MAX];
    char alt[ECSNET_PREFIX_STRLEN_MAX + 8];
    size_t n;
    random_prefix(&p);
    n = ecsnet_prefix_format(&p, ours, sizeof ours);
    if (ecsnet_prefix_parse(ours, n, 0, &q, NULL, 0) != ECSNET_OK ||
        ecsnet_prefix_compare(&p, &q) != 0) { bad++; continue; }
    if (ecsnet_libcidr_parse(ours, n, &r) != ECSNET_OK ||
        ecsnet_prefix_compare(&p, &r) != 0) { bad++; continue; }
    if (ecsnet_prefix_text(&p, ECSNET_TEXT_LIBCIDR, theirs, sizeof theirs) != ECSNET_OK ||
        ecsnet_prefix_parse(theirs, strlen(theirs), 0, &r, NULL, 0) != ECSNET_OK ||
        ecsnet_prefix_compare(&p, &r) != 0) { bad++; continue; }
    if (strcmp(ours, theirs) == 0) { same_text++; continue; }
    differs++;
    if (p.family == 6) {
      libcidr_style(&p, alt);
      if (strcmp(alt, theirs) == 0) explained++;
      else if (bad < 5) fprintf(stderr, "unexplained: %s vs libcidr %s\n", ours, theirs);
    }
  }
  CHECK_INT(bad, 0);
  CHECK_INT(explained, differs);
  CHECK(same_text > 150000);
  printf("libcidr round trip: 200000 prefixes, %d with identical text, %d IPv6 differ only "
         "where libcidr breaks RFC 5952 (single zero group, no mixed notation)\n",
         same_text, differs);
}

static void test_arith(void) {
  ecsnet_prefix_t a = P("10.0.0.0/16"), b = P("10.0.128.0/17"), c = P("::/0"), r;
  unsigned long long u;
  char t[ECSNET_DECIMAL_MAX];
  CHECK_INT(ecsnet_prefix_contains(&a, &b), 1);
  CHECK_INT(ecsnet_prefix_contains(&b, &a), 0);
  CHECK_INT(ecsnet_prefix_contains(&a, &c), 0);
  CHECK_INT(ecsnet_prefix_overlaps(&b, &a), 1);
  CHECK_INT(ecsnet_prefix_overlaps(&a, &c), 0);
  CHECK(ecsnet_prefix_compare(&a, &b) < 0);
  CHECK(ecsnet_prefix_compare(&c, &a) > 0);
  CHECK_INT(ecsnet_prefix_usable_aws(&a, &u), ECSNET_OK);
  CHECK_INT(u, 65531);
  r = P("10.0.0.0/20");
  ecsnet_prefix_usable_aws(&r, &u);
  CHECK_INT(u, 4091);                 /* docs/reference.md §4.1 */
  r = P("10.0.0.0/28");
  ecsnet_prefix_usable_aws(&r, &u);
  CHECK_INT(u, 11);
  r = P("10.0.0.0/29");
  CHECK_INT(ecsnet_prefix_usable_aws(&r, &u), ECSNET_ERANGE);
  r = P("2001:db8::/64");
  CHECK_INT(ecsnet_prefix_usable_aws(&r, &u), ECSNET_OK);
  CHECK(u == 18446744073709551611ULL);
  CHECK_INT(ecsnet_prefix_usable_aws(&c, &u), ECSNET_ERANGE);
  CHECK_INT(ecsnet_prefix_size(&c, &u), ECSNET_ERANGE);
  ecsnet_prefix_size_text(&c, 0, t, sizeof t);
  CHECK_STR(t, "340282366920938463463374607431768211456");
  ecsnet_prefix_size_text(&c, 5, t, sizeof t);
  CHECK_STR(t, "340282366920938463463374607431768211451");
  r = P("::1");
  ecsnet_prefix_size_text(&r, 5, t, sizeof t);
  CHECK_STR(t, "0");
  CHECK_INT(ecsnet_prefix_addr(&a, 4, &r), ECSNET_OK);
  CHECK_STR(T(&r), "10.0.0.4/32");
  CHECK_INT(ecsnet_prefix_addr(&a, -2, &r), ECSNET_OK);
  CHECK_STR(T(&r), "10.0.255.254/32");
  CHECK_INT(ecsnet_prefix_addr(&a, 65536, &r), ECSNET_ERANGE);
  CHECK_INT(ecsnet_prefix_addr(&a, -65537, &r), ECSNET_ERANGE);
  CHECK_INT(ecsnet_prefix_addr(&c, -1, &r), ECSNET_OK);
  CHECK_STR(T(&r), "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
  CHECK_INT(ecsnet_prefix_supernet(&b, 8, &r), ECSNET_OK);
  CHECK_STR(T(&r), "10.0.0.0/8");
  CHECK_INT(ecsnet_prefix_supernet(&a, 17, &r), ECSNET_ERANGE);
  CHECK_INT(ecsnet_prefix_step(&b, 1, &r), ECSNET_OK);
  CHECK_STR(T(&r), "10.1.0.0/17");
  r = P("255.255.255.255");
  CHECK_INT(ecsnet_prefix_step(&r, 1, &r), ECSNET_ERANGE);
  CHECK_INT(ecsnet_prefix_step(&c, 1, &r), ECSNET_ERANGE);
  {
    unsigned len;
    CHECK_INT(ecsnet_prefix_len_for(4, 251, 5, &len), ECSNET_OK);
    CHECK_INT(len, 24);
    CHECK_INT(ecsnet_prefix_len_for(4, 252, 5, &len), ECSNET_OK);
    CHECK_INT(len, 23);
    CHECK_INT(ecsnet_prefix_len_for(4, 5000000000ULL, 5, &len), ECSNET_ERANGE);
  }
}

static void test_subnetting(void) {
  ecsnet_split_t it;
  ecsnet_prefix_t s, p = P("10.0.0.0/16"), out[300], unused[300];
  size_t n, nu;
  long count = 0;
  unsigned char lens[3] = {27, 25, 26};
  char err[ECSNET_ERRBUF_MAX];
  CHECK_INT(ecsnet_split_init(&it, &p, 28), ECSNET_OK);
  while (ecsnet_split_next(&it, &s)) count++;
  CHECK_INT(count, 4096);
  CHECK_STR(T(&s), "10.0.255.240/28");
  CHECK_INT(ecsnet_split_init(&it, &p, 15), ECSNET_ERANGE);
  p = P("::/0");                      /* streams: nothing is allocated */
  CHECK_INT(ecsnet_split_init(&it, &p, 128), ECSNET_OK);
  for (count = 0; count < 1000 && ecsnet_split_next(&it, &s); count++) {}
  CHECK_STR(T(&s), "::3e7/128");
  p = P("0.0.0.0/0");
  CHECK_INT(ecsnet_split_init(&it, &p, 1), ECSNET_OK);
  for (count = 0; ecsnet_split_next(&it, &s); count++) {}
  CHECK_INT(count, 2);
  /* carve: ipcalc -s style */
  p = P("10.0.0.0/24");
  CHECK_INT(ecsnet_prefix_carve(&p, lens, 3, out, unused, 300, &nu, err, sizeof err),
            ECSNET_OK);
  CHECK_STR(T(&out[0]), "10.0.0.192/27");
  CHECK_STR(T(&out[1]), "10.0.0.0/25");
  CHECK_STR(T(&out[2]), "10.0.0.128/26");
  CHECK_INT(nu, 1);
  CHECK_STR(T(&unused[0]), "10.0.0.224/27");
  lens[0] = 24;
  CHECK_INT(ecsnet_prefix_carve(&p, lens, 3, out, unused, 300, &nu, err, sizeof err),
            ECSNET_EFULL);
  CHECK(strstr(err, "do not fit in 10.0.0.0/24") != NULL);
  lens[0] = 23;
  CHECK_INT(ecsnet_prefix_carve(&p, lens, 3, out, unused, 300, &nu, err, sizeof err),
            ECSNET_ERANGE);
  /* exclude and ranges */
  p = P("::/0");
  s = P("::1");
  CHECK_INT(ecsnet_prefix_exclude(&p, &s, out, 300, &n), ECSNET_OK);
  CHECK_INT(n, 128);
  CHECK_STR(T(&out[0]), "::/128");
  CHECK_STR(T(&out[127]), "8000::/1");
  s = P("10.0.0.0/8");
  CHECK_INT(ecsnet_prefix_exclude(&p, &s, out, 300, &n), ECSNET_EFAMILY);
  p = P("0.0.0.1");
  s = P("255.255.255.254");
  CHECK_INT(ecsnet_range_prefixes(&p, &s, out, 300, &n), ECSNET_OK);
  CHECK_INT(n, 62);
  CHECK_INT(ecsnet_range_prefixes(&s, &p, out, 300, &n), ECSNET_EINVAL);
  CHECK_INT(ecsnet_range_prefixes(&p, &s, out, 10, &n), ECSNET_ELIMIT);
}

/* An allocator that fails after 'budget' allocations. */
typedef struct { long budget; long live; } failing;
static void *fail_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  failing *f = (failing *)ud;
  (void)osize;
  if (nsize == 0) {
    if (ptr) f->live--;
    free(ptr);
    return NULL;
  }
  if (f->budget-- <= 0) return NULL;
  if (ptr == NULL) f->live++;
  return realloc(ptr, nsize);
}

static void test_sets(void) {
  ecsnet_cidrset_t *a = ecsnet_cidrset_new(NULL, NULL), *b = ecsnet_cidrset_new(NULL, NULL);
  ecsnet_cidrset_t *u, *d, *x;
  ecsnet_cidrset_iter_t it;
  ecsnet_prefix_t p;
  const char *list[] = {"10.0.0.0/16", "10.1.0.0/16", "192.168.0.0/24", "2001:db8::/32",
                        "10.0.5.0/24", "::/128"};
  size_t k;
  char buf[512];
  for (k = 0; k < 6; k++) {
    p = P(list[k]);
    CHECK_INT(ecsnet_cidrset_add(a, &p), ECSNET_OK);
  }
  p = P("10.0.0.1");
  CHECK_INT(ecsnet_cidrset_contains(a, &p), -1);    /* not compiled yet */
  ecsnet_cidrset_compile(a);
  CHECK_INT(ecsnet_cidrset_contains(a, &p), 1);
  CHECK_INT(ecsnet_cidrset_contains_text(a, "10.1.255.255", 12), 1);
  CHECK_INT(ecsnet_cidrset_contains_text(a, "10.2.0.0", 8), 0);
  CHECK_INT(ecsnet_cidrset_contains_text(a, "2001:db8:ffff::1", 16), 1);
  CHECK_INT(ecsnet_cidrset_contains_text(a, "::", 2), 1);
  CHECK_INT(ecsnet_cidrset_contains_text(a, "::1", 3), 0);
  CHECK_INT(ecsnet_cidrset_contains_text(a, "10.0.0.0/15", 11), 1);
  CHECK_INT(ecsnet_cidrset_contains_text(a, "10.0.0.0/14", 11), 0);
  CHECK_INT(ecsnet_cidrset_contains_text(a, "bad", 3), -1);
  CHECK_INT(ecsnet_cidrset_intervals(a, 4), 2);
  CHECK_INT(ecsnet_cidrset_intervals(a, 6), 2);
  p = P("10.0.64.0/18");
  ecsnet_cidrset_add(b, &p);
  p = P("2001:db8::/33");
  ecsnet_cidrset_add(b, &p);
  ecsnet_cidrset_compile(b);
  u = ecsnet_cidrset_union(a, b);
  d = ecsnet_cidrset_difference(a, b);
  x = ecsnet_cidrset_intersection(a, b);
  CHECK(u && d && x);
  CHECK_INT(ecsnet_cidrset_equal(u, a), 1);
  buf[0] = '\0';
  memset(&it, 0, sizeof it);
  while (ecsnet_cidrset_next(d, &it, &p)) {
    strcat(buf, T(&p));
    strcat(buf, " ");
  }
  CHECK_STR(buf, "10.0.0.0/18 10.0.128.0/17 10.1.0.0/16 192.168.0.0/24 ::/128 2001:db8:8000::/33 ");
  buf[0] = '\0';
  memset(&it, 0, sizeof it);
  while (ecsnet_cidrset_next(x, &it, &p)) {
    strcat(buf, T(&p));
    strcat(buf, " ");
  }
  CHECK_STR(buf, "10.0.64.0/18 2001:db8::/33 ");
  p = P("10.0.0.0/8");
  CHECK_INT(ecsnet_cidrset_overlaps(d, &p), 1);
  p = P("11.0.0.0/8");
  CHECK_INT(ecsnet_cidrset_overlaps(d, &p), 0);
  CHECK(ecsnet_cidrset_bytes(a) > 0);
  ecsnet_cidrset_free(u);
  ecsnet_cidrset_free(d);
  ecsnet_cidrset_free(x);
  /* the whole IPv4 and IPv6 spaces, merged from halves */
  {
    ecsnet_cidrset_t *w = ecsnet_cidrset_new(NULL, NULL);
    const char *halves[] = {"128.0.0.0/1", "0.0.0.0/1", "8000::/1", "::/1"};
    for (k = 0; k < 4; k++) {
      p = P(halves[k]);
      ecsnet_cidrset_add(w, &p);
    }
    ecsnet_cidrset_compile(w);
    CHECK_INT(ecsnet_cidrset_intervals(w, 4), 1);
    CHECK_INT(ecsnet_cidrset_intervals(w, 6), 1);
    memset(&it, 0, sizeof it);
    CHECK_INT(ecsnet_cidrset_next(w, &it, &p), 1);
    CHECK_STR(T(&p), "0.0.0.0/0");
    CHECK_INT(ecsnet_cidrset_next(w, &it, &p), 1);
    CHECK_STR(T(&p), "::/0");
    CHECK_INT(ecsnet_cidrset_next(w, &it, &p), 0);
    ecsnet_cidrset_free(w);
  }
  ecsnet_cidrset_free(a);
  ecsnet_cidrset_free(b);
  ecsnet_cidrset_free(NULL);
  /* a failing allocator: every failure is ECSNET_ENOMEM or NULL, no leak */
  {
    long budget;
    int failures = 0;
    for (budget = 0; budget < 40; budget++) {
      failing f = {0, 0};
      ecsnet_cidrset_t *s;
      f.budget = budget;
      s = ecsnet_cidrset_new(fail_alloc, &f);
      if (s != NULL) {
        int st = ECSNET_OK, i;
        for (i = 0; i < 100 && st == ECSNET_OK; i++) {
          p = P("10.0.0.0/24");
          p.addr[2] = (unsigned char)(i * 2);
          st = ecsnet_cidrset_add(s, &p);
        }
        if (st != ECSNET_OK) failures++;
        ecsnet_cidrset_compile(s);
        u = ecsnet_cidrset_union(s, s);
        if (u == NULL) failures++;
        ecsnet_cidrset_free(u);
        ecsnet_cidrset_free(s);
      } else {
        failures++;
      }
      CHECK_INT(f.live, 0);
    }
    CHECK(failures > 0);
  }
}

/* docs/robustness.md, limits: ECSNET_CIDRSET_MAX_RANGES disjoint ranges
** per family; one more is ECSNET_ELIMIT, for add and for operations, and
** ranges that merge make room again. */
static void test_set_limit(void) {
  ecsnet_cidrset_t *s = ecsnet_cidrset_new(NULL, NULL), *u = NULL, *t;
  ecsnet_prefix_t p;
  uint32_t k, a;
  int st = ECSNET_OK;
  CHECK(s != NULL);
  if (s == NULL) return;
  memset(&p, 0, sizeof p);
  p.family = 4;
  p.len = 32;
  /* every other address from 0.0.0.0: no two ranges touch */
  for (k = 0; k < ECSNET_CIDRSET_MAX_RANGES && st == ECSNET_OK; k++) {
    a = k * 2;
    p.addr[0] = (uint8_t)(a >> 24); p.addr[1] = (uint8_t)(a >> 16);
    p.addr[2] = (uint8_t)(a >> 8); p.addr[3] = (uint8_t)a;
    st = ecsnet_cidrset_add(s, &p);
  }
  CHECK_INT(st, ECSNET_OK);
  CHECK(ecsnet_cidrset_intervals(s, 4) == ECSNET_CIDRSET_MAX_RANGES);
  a = k * 2;     /* one more disjoint range */
  p.addr[0] = (uint8_t)(a >> 24); p.addr[1] = (uint8_t)(a >> 16);
  p.addr[2] = (uint8_t)(a >> 8); p.addr[3] = (uint8_t)a;
  CHECK_INT(ecsnet_cidrset_add(s, &p), ECSNET_ELIMIT);
  /* an address the set holds already is fine */
  p.addr[3] = 2;
  p.addr[0] = p.addr[1] = p.addr[2] = 0;
  CHECK_INT(ecsnet_cidrset_add(s, &p), ECSNET_OK);
  CHECK_INT(ecsnet_cidrset_compile(s), ECSNET_OK);
  CHECK(ecsnet_cidrset_intervals(s, 4) == ECSNET_CIDRSET_MAX_RANGES);
  /* the union with the odd addresses of the next block passes the limit */
  t = ecsnet_cidrset_new(NULL, NULL);
  CHECK(t != NULL);
  if (t != NULL) {
    ecsnet_prefix_parse("128.0.0.1", 9, 0, &p, NULL, 0);
    CHECK_INT(ecsnet_cidrset_add(t, &p), ECSNET_OK);
    ecsnet_prefix_parse("128.0.0.3", 9, 0, &p, NULL, 0);
    CHECK_INT(ecsnet_cidrset_add(t, &p), ECSNET_OK);
    ecsnet_cidrset_compile(t);
    CHECK_INT(ecsnet_cidrset_combine(s, t, ECSNET_SETOP_UNION, &u), ECSNET_ELIMIT);
    CHECK(u == NULL);
    CHECK(ecsnet_cidrset_union(s, t) == NULL);
    /* the intersection is small: fine */
    CHECK_INT(ecsnet_cidrset_combine(s, t, ECSNET_SETOP_INTERSECTION, &u), ECSNET_OK);
    CHECK(u != NULL && ecsnet_cidrset_intervals(u, 4) == 0);
    ecsnet_cidrset_free(u);
    CHECK_INT(ecsnet_cidrset_combine(s, t, (ecsnet_setop_t)7, &u), ECSNET_EINVAL);
  }
  /* the limit is per family: IPv6 still has room */
  ecsnet_prefix_parse("2001:db8::/32", 13, 0, &p, NULL, 0);
  CHECK_INT(ecsnet_cidrset_add(s, &p), ECSNET_OK);
  ecsnet_cidrset_free(t);
  ecsnet_cidrset_free(s);
}

static void test_aws(void) {
  ecsnet_prefix_t p, v[3], s[4];
  char why[ECSNET_ERRBUF_MAX];
  size_t i, j;
  unsigned clash;
  p = P("10.0.0.0/16");
  CHECK_INT(ecsnet_aws_vpc_check(&p, why, sizeof why), ECSNET_OK);
  p = P("10.0.0.0/29");
  CHECK_INT(ecsnet_aws_vpc_check(&p, why, sizeof why), ECSNET_ERANGE);
  CHECK(strstr(why, "/16 to /28 (docs/reference.md §4.1)") != NULL);
  p = P("2600:1f18::/56");
  CHECK_INT(ecsnet_aws_vpc_check(&p, why, sizeof why), ECSNET_OK);
  v[0] = P("10.0.0.0/16");
  p = P("10.0.1.0/24");
  CHECK_INT(ecsnet_aws_subnet_check(&p, v, 1, why, sizeof why), ECSNET_OK);
  p = P("10.1.1.0/24");
  CHECK_INT(ecsnet_aws_subnet_check(&p, v, 1, why, sizeof why), ECSNET_EINVAL);
  p = P("2600:1f18::/64");
  CHECK_INT(ecsnet_aws_subnet_check(&p, NULL, 0, why, sizeof why), ECSNET_OK);
  CHECK_INT(ecsnet_aws_subnet_warning(&p, why, sizeof why), 0);
  CHECK_STR(why, "");
  /* a non-/64 IPv6 subnet passes with a warning (docs/reference.md §4.2) */
  p = P("2600:1f18::/60");
  CHECK_INT(ecsnet_aws_subnet_check(&p, NULL, 0, why, sizeof why), ECSNET_OK);
  CHECK_INT(ecsnet_aws_subnet_warning(&p, why, sizeof why), 1);
  CHECK(strstr(why, "subnet 2600:1f18::/60 is not a /64: ") == why);
  CHECK(strstr(why, "not verified (docs/reference.md §4.2)") != NULL);
  p = P("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
  CHECK_INT(ecsnet_aws_subnet_warning(&p, why, sizeof why), 1);
  CHECK(strstr(why, "(docs/reference.md §4.2)") != NULL);   /* fits the buffer */
  v[1] = P("2600:1f18::/56");
  p = P("2600:1f18:0:100::/56");
  CHECK_INT(ecsnet_aws_subnet_check(&p, v, 2, why, sizeof why), ECSNET_EINVAL);
  p = P("10.0.0.0/24");
  CHECK_INT(ecsnet_aws_subnet_warning(&p, why, sizeof why), 0);
  p = P("192.168.0.0/16");
  CHECK_INT(ecsnet_aws_secondary_check(v, 1, &p, why, sizeof why), ECSNET_EINVAL);
  CHECK(strstr(why, "other RFC 1918") != NULL);
  p = P("100.64.0.0/16");
  CHECK_INT(ecsnet_aws_secondary_check(v, 1, &p, why, sizeof why), ECSNET_OK);
  {
    /* docs/reference.md §4.1: route destinations and the blocks-per-VPC quota */
    ecsnet_secondary_opts_t o;
    ecsnet_prefix_t r[1];
    memset(&o, 0, sizeof o);
    r[0] = P("100.64.1.0/24");     /* inside 100.64.0.0/16: refused */
    o.routes = r;
    o.nroutes = 1;
    CHECK_INT(ecsnet_aws_secondary_check_opts(v, 1, &p, NULL, why, sizeof why), ECSNET_OK);
    CHECK_INT(ecsnet_aws_secondary_check_opts(v, 1, &p, &o, why, sizeof why), ECSNET_EINVAL);
    CHECK(strstr(why, "route-table destination 100.64.1.0/24") != NULL);
    r[0] = P("100.0.0.0/8");       /* larger than the block: fine */
    CHECK_INT(ecsnet_aws_secondary_check_opts(v, 1, &p, &o, why, sizeof why), ECSNET_OK);
    o.nroutes = 0;
    o.max_blocks = 1;
    CHECK_INT(ecsnet_aws_secondary_check_opts(v, 1, &p, &o, why, sizeof why), ECSNET_EINVAL);
    o.max_blocks = 51;
    CHECK_INT(ecsnet_aws_secondary_check_opts(v, 1, &p, &o, why, sizeof why), ECSNET_ERANGE);
  }
  s[0] = P("10.0.0.0/24");
  s[1] = P("10.0.2.0/24");
  s[2] = P("10.0.1.0/24");
  s[3] = P("10.0.2.128/25");
  CHECK_INT(ecsnet_aws_subnets_disjoint(s, 3, NULL, NULL, &i, &j, why, sizeof why), ECSNET_OK);
  CHECK_INT(ecsnet_aws_subnets_disjoint(s, 4, NULL, NULL, &i, &j, why, sizeof why),
            ECSNET_EINVAL);
  CHECK_INT(i, 1);
  CHECK_INT(j, 3);
  p = P("172.17.0.0/16");
  CHECK_INT(ecsnet_prefix_classify(&p, &clash), ECSNET_CLASS_RFC1918);
  CHECK_INT(clash, ECSNET_CLASH_DOCKER);
  p = P("169.254.172.0/22");
  CHECK_INT(ecsnet_prefix_classify(&p, &clash), ECSNET_CLASS_LINK_LOCAL);
  CHECK_INT(clash, ECSNET_CLASH_ECS_BRIDGE);
  p = P("100.64.0.0/10");
  CHECK_STR(ecsnet_class_name(ecsnet_prefix_classify(&p, NULL)), "rfc6598");
}

/* Sizes past 2^63 addresses and AWS's smallest subnets, in the core
** (docs/reference.md §4.1, §4.2). */
static void test_len_for_count(void) {
  unsigned len = 0;
  CHECK(ecsnet_prefix_len_for_count(4, 4000, 5, 1, &len) == ECSNET_OK && len == 20);
  CHECK(ecsnet_prefix_len_for_count(4, 3, 5, 1, &len) == ECSNET_OK && len == 28);
  CHECK(ecsnet_prefix_len_for_count(4, 3, 5, 0, &len) == ECSNET_OK && len == 29);
  CHECK(ecsnet_prefix_len_for_count(6, 3, 5, 1, &len) == ECSNET_OK && len == 64);
  CHECK(ecsnet_prefix_len_for_count(6, 1180591620717411303424.0, 5, 1, &len) == ECSNET_OK &&
        len == 57);   /* 2^70 + 5 needs 2^71 */
  CHECK(ecsnet_prefix_len_for_count(4, 1e10, 5, 1, &len) == ECSNET_ERANGE);
  CHECK(ecsnet_prefix_len_for_count(6, 1e300, 5, 1, &len) == ECSNET_ERANGE);
}


int main(void) {
  test_len_for_count();
  test_parse();
  test_parse_v4_grid();
  test_quad_readers();
  test_format();
  test_libcidr_roundtrip();
  test_arith();
  test_subnetting();
  test_sets();
  test_set_limit();
  test_aws();
  return CHECK_REPORT();
}
