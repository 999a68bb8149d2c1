/*
** test_locate.c: the locator (ecsnet__loc_find, ecsnet__loc_line_col), one
** state kept across many paths of one text, gives the offset, line and
** column that the walk from the start gives (ecsnet__json_locate on a fresh
** state, ecsnet__line_col), for random paths over the corpus of real task
** definitions and the spec fixtures' JSON: in document order (as the
** validator asks), in random order (going back), past the end of a list
** and below a scalar; on each text as written and on one line. Every
** offset found for a path that exists is also the start of that node's
** value (its first character tells its type), and ecsnet__loc_end ends
** it: the text between is that value alone (a value of the node's type
** with as many children, or its equal), the end's line and column
** those ecsnet__line_col gives.
*/
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"
#include "ecsnet.h"
#include "ecsnet_internal.h"
#include "check.h"

#define MAXP 24
#define NPATHS 200

typedef struct {
  int ord[MAXP];
  int nord;
  const cJSON *node;   /* NULL: the path goes past the tree */
} path;

static unsigned long rng = 12345;
static unsigned rnd(unsigned n) {
  rng = rng * 6364136223846793005UL + 1442695040888963407UL;
  return n ? (unsigned)((rng >> 33) % n) : 0;
}

static int count_children(const cJSON *n) {
  int c = 0;
  const cJSON *x;
  for (x = n->child; x != NULL; x = x->next)
    c++;
  return c;
}

/* A random path from the root: down to a random depth, now and then one
** ordinal past the children or below a scalar. */
static void random_path(const cJSON *root, path *p) {
  const cJSON *n = root;
  p->nord = 0;
  p->node = root;
  while (p->nord < MAXP && rnd(8) != 0) {
    int nc = (cJSON_IsArray(n) || cJSON_IsObject(n)) ? count_children(n) : 0;
    int i, o;
    const cJSON *c;
    if (nc == 0 || rnd(40) == 0) {
      if (rnd(4) == 0) {                    /* below a scalar, past the end */
        p->ord[p->nord++] = (int)rnd(3) + nc;
        p->node = NULL;
      }
      return;
    }
    o = (int)rnd((unsigned)nc);
    for (c = n->child, i = 0; i < o; i++)
      c = c->next;
    p->ord[p->nord++] = o;
    p->node = n = c;
  }
}

static int cmp_path(const void *a, const void *b) {
  const path *x = (const path *)a, *y = (const path *)b;
  int i, n = x->nord < y->nord ? x->nord : y->nord;
  for (i = 0; i < n; i++)
    if (x->ord[i] != y->ord[i])
      return x->ord[i] < y->ord[i] ? -1 : 1;
  return x->nord - y->nord;
}

/* The first character of a node's value. */
static int starts_as(const cJSON *n, char c) {
  if (cJSON_IsObject(n)) return c == '{';
  if (cJSON_IsArray(n)) return c == '[';
  if (cJSON_IsString(n)) return c == '"';
  if (cJSON_IsTrue(n)) return c == 't';
  if (cJSON_IsFalse(n)) return c == 'f';
  if (cJSON_IsNull(n)) return c == 'n';
  return c == '-' || (c >= '0' && c <= '9');
}

/* The end ecsnet__loc_end finds: the text from the start to it is the
** node's value alone (a value of its type with as many children, or equal
** to it), and its line and column are ecsnet__line_col's. */
static int ends_right(ecsnet_loc_t *loc, const char *text, size_t off,
                      unsigned line, unsigned col, const cJSON *node) {
  unsigned el, ec, wl, wc;
  size_t end = ecsnet__loc_end(loc, off, line, col, &el, &ec);
  const char *rest = NULL;
  cJSON *alone = cJSON_ParseWithLengthOpts(text + off, end - off, &rest, 0);
  int same = alone != NULL && rest == text + end &&
             (alone->type & 0xff) == (node->type & 0xff) &&
             count_children(alone) == count_children(node) &&
             (alone->child != NULL ||
              (cJSON_IsNumber(node) ? alone->valuedouble == node->valuedouble
                                    : cJSON_Compare(alone, node, 1)));
  cJSON_Delete(alone);
  ecsnet__line_col(text, end, &wl, &wc);
  return same && el == wl && ec == wc;
}

static long compared;

static void compare(const char *text, size_t n, path *ps, int np,
                    const char *name) {
  ecsnet_loc_t loc;
  int i, bad = 0;
  ecsnet__loc_init(&loc, text, n);
  for (i = 0; i < np && bad < 3; i++) {
    size_t want = ecsnet__json_locate(text, n, ps[i].ord, ps[i].nord);
    size_t got = ecsnet__loc_find(&loc, ps[i].ord, ps[i].nord);
    unsigned wl, wc, gl, gc;
    ecsnet__line_col(text, want, &wl, &wc);
    ecsnet__loc_line_col(&loc, got, &gl, &gc);
    if (got != want || gl != wl || gc != wc ||
        (ps[i].node != NULL && !starts_as(ps[i].node, text[want])) ||
        (ps[i].node != NULL && !ends_right(&loc, text, want, gl, gc,
                                           ps[i].node))) {
      fprintf(stderr, "%s: path %d (depth %d): offset %zu (%u:%u), from "
              "the start %zu (%u:%u)\n", name, i, ps[i].nord, got, gl, gc,
              want, wl, wc);
      bad++;
    }
    compared++;
  }
  CHECK(bad == 0);
}

static void check_text(const char *text, size_t n, const char *name) {
  const char *why;
  cJSON *root;
  path *ps;
  int i;
  if (ecsnet__json_syntax_error(text, n, &why) != n)
    return;                                /* not JSON: a fixture of errors */
  root = cJSON_ParseWithLength(text, n);
  if (root == NULL)
    return;
  ps = (path *)malloc(NPATHS * sizeof *ps);
  CHECK(ps != NULL);
  if (ps == NULL) {
    cJSON_Delete(root);
    return;
  }
  for (i = 0; i < NPATHS; i++)
    random_path(root, &ps[i]);
  compare(text, n, ps, NPATHS, name);      /* random order: back and forth */
  qsort(ps, NPATHS, sizeof *ps, cmp_path);
  compare(text, n, ps, NPATHS, name);      /* document order */
  free(ps);
  cJSON_Delete(root);
}

static long files;

static void check_file(const char *file) {
  FILE *f = fopen(file, "rb");
  char *text, *flat;
  long len;
  cJSON *root;
  if (f == NULL)
    return;
  fseek(f, 0, SEEK_END);
  len = ftell(f);
  fseek(f, 0, SEEK_SET);
  text = (char *)malloc((size_t)len + 1);
  if (text == NULL || fread(text, 1, (size_t)len, f) != (size_t)len) {
    fclose(f);
    free(text);
    CHECK(0);
    return;
  }
  fclose(f);
  files++;
  check_text(text, (size_t)len, file);
  root = cJSON_ParseWithLength(text, (size_t)len);
  if (root != NULL) {                      /* the same on one line */
    flat = cJSON_PrintUnformatted(root);
    if (flat != NULL)
      check_text(flat, strlen(flat), file);
    cJSON_free(flat);
    cJSON_Delete(root);
  }
  free(text);
}

static void check_dir(const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *e;
  char p[1024];
  if (d == NULL)
    return;
  while ((e = readdir(d)) != NULL) {
    size_t l = strlen(e->d_name);
    if (e->d_name[0] == '.')
      continue;
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    if (l > 5 && strcmp(e->d_name + l - 5, ".json") == 0)
      check_file(p);
    else
      check_dir(p);                        /* a folder (others fail to open) */
  }
  closedir(d);
}

/* A text built for the corners: empty containers, escapes, UTF-8 columns,
** a byte-order mark, CRLF lines. */
static void test_corners(void) {
  static const char t[] =
      "\xef\xbb\xbf{\"a\\\"\": [], \"\xc3\xa9t\xc3\xa9\": {\"x\": \"\\\\\","
      "\r\n \"y\" : [ 1 , -2.5e3 , {\"z\":null} ,[[]], \"\xe2\x82\xac\" ] },"
      "\n\"b\":true}";
  static const int paths[][4] = {
    {0}, {1, 1, 2, 0}, {1, 1, 4}, {1, 0}, {2}, {1, 1, 3, 0}, {0, 0},
    {1, 1, 1}, {2, 0}, {1}, {1, 1, 9}, {1, 1, 2, 0},
  };
  static const int lens[] = { 1, 4, 3, 2, 1, 4, 2, 3, 2, 1, 3, 4 };
  path ps[12];
  size_t i;
  for (i = 0; i < 12; i++) {
    memcpy(ps[i].ord, paths[i], sizeof paths[i]);
    ps[i].nord = lens[i];
    ps[i].node = NULL;
  }
  compare(t, sizeof t - 1, ps, 12, "corners");
  {
    ecsnet_loc_t loc;
    unsigned l, c;
    ecsnet__loc_init(&loc, t, sizeof t - 1);
    ecsnet__loc_line_col(&loc, ecsnet__loc_find(&loc, paths[1], 4), &l, &c);
    CHECK_INT(l, 2);
    CHECK_INT(c, 28);    /* {"z":null}'s null, after the CRLF */
    ecsnet__loc_line_col(&loc, ecsnet__loc_find(&loc, paths[2], 3), &l, &c);
    CHECK_INT(l, 2);
    CHECK_INT(c, 41);    /* the euro sign's string: one column per character */
  }
}

int main(void) {
  test_corners();
  check_dir("../shared/corpus/taskdefs");
  CHECK(files > 0);                        /* the corpus is there */
  check_dir("spec/fixtures");
  CHECK(files > 100);
  fprintf(stderr, "test_locate: %ld files, %ld paths compared\n", files,
          compared);
  return CHECK_REPORT();
}
