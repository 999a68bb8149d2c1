/*
** test_files.c: a document read from a file with a size bound, validated
** (ecsnet_file_read, ecsnet_file_validate), and a folder's entries
** (ecsnet_dir_list), from C alone, in a scratch folder under /tmp: regular
** files only (a FIFO is refused without waiting), the bound told by the
** size, entries sorted with their kinds, and out of memory on every
** allocation.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ecsnet.h"
#include "check.h"

static char dir[64];

static void put(const char *name, const char *text) {
  char path[160];
  FILE *f;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  f = fopen(path, "wb");
  if (f == NULL) {
    perror(path);
    exit(2);
  }
  fputs(text, f);
  fclose(f);
}

static const char *at(const char *name) {
  static char path[160];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return path;
}

static const char TD[] = "{\"family\":\"web\",\"networkMode\":\"awsvpc\","
  "\"containerDefinitions\":[{\"name\":\"web\",\"image\":\"nginx\","
  "\"portMappings\":[{\"containerPort\":80,\"hostPort\":8080}]}]}";

static void test_read(void) {
  ecsnet_filebuf_t b = { NULL, 0, 0 };
  char err[ECSNET_ERRBUF_MAX];
  CHECK_INT(ecsnet_file_read(at("td.json"), 0, NULL, NULL, &b, err, sizeof err),
            ECSNET_OK);
  CHECK_INT(b.len, strlen(TD));
  CHECK(b.data != NULL && memcmp(b.data, TD, b.len) == 0);
  CHECK_INT(ecsnet_file_read(at("td.json"), 10, NULL, NULL, &b, err, sizeof err),
            ECSNET_ELIMIT);
  CHECK(strstr(err, "document too large: ") == err);
  CHECK_INT(ecsnet_file_read(at("missing.json"), 0, NULL, NULL, &b, err,
                             sizeof err), ECSNET_ENOENT);
  CHECK(strstr(err, "cannot open '") == err);
  CHECK(strstr(err, "missing.json': no such file or directory") != NULL);
  CHECK_INT(ecsnet_file_read(dir, 0, NULL, NULL, &b, err, sizeof err),
            ECSNET_EINVAL);
  CHECK(strstr(err, "not a regular file") != NULL);
  /* a FIFO without a writer: refused at once, never waited on */
  CHECK_INT(ecsnet_file_read(at("fifo.json"), 0, NULL, NULL, &b, err,
                             sizeof err), ECSNET_EINVAL);
  CHECK(strstr(err, "not a regular file") != NULL);
  CHECK_INT(ecsnet_file_read(at("empty.json"), 0, NULL, NULL, &b, err,
                             sizeof err), ECSNET_OK);
  CHECK_INT(b.len, 0);
  ecsnet_filebuf_free(&b, NULL, NULL);
  CHECK(b.data == NULL && b.cap == 0);
  ecsnet_filebuf_free(NULL, NULL, NULL);
}

/* The same findings as ecsnet_validate on the file's text; where it stopped. */
static void test_validate(void) {
  ecsnet_filebuf_t b = { NULL, 0, 0 };
  ecsnet_report_t *r = NULL, *want = NULL;
  char err[ECSNET_ERRBUF_MAX];
  int stage = 0;
  size_t i;
  CHECK_INT(ecsnet_file_validate(at("td.json"), NULL, NULL, NULL, &b, &stage, &r,
                                 err, sizeof err), ECSNET_OK);
  CHECK_INT(stage, ECSNET_FILE_VALIDATE);
  CHECK_INT(ecsnet_validate(TD, strlen(TD), NULL, NULL, NULL, &want, err,
                            sizeof err), ECSNET_OK);
  CHECK(r != NULL && want != NULL);
  if (r != NULL && want != NULL) {
    CHECK_INT(r->ndiags, want->ndiags);
    CHECK(r->ndiags > 0);   /* awsvpc: the host port must equal the container port */
    for (i = 0; i < r->ndiags && i < want->ndiags; i++)
      CHECK_STR(r->diags[i].f.code, want->diags[i].f.code);
  }
  ecsnet_report_free(r);
  ecsnet_report_free(want);
  CHECK_INT(ecsnet_file_validate(at("broken.json"), NULL, NULL, NULL, &b, &stage,
                                 &r, err, sizeof err), ECSNET_EINVAL);
  CHECK_INT(stage, ECSNET_FILE_VALIDATE);
  CHECK(r == NULL);
  CHECK_INT(ecsnet_file_validate(at("missing.json"), NULL, NULL, NULL, &b,
                                 &stage, &r, err, sizeof err), ECSNET_ENOENT);
  CHECK_INT(stage, ECSNET_FILE_READ);
  ecsnet_filebuf_free(&b, NULL, NULL);
}

static void test_dir(void) {
  static const char *const names[] = {
    "a-link.json", "broken.json", "c-dirlink", "d-dangling.json", "empty.json",
    "fifo.json", "sub", "td.json"
  };
  static const int kinds[] = {
    ECSNET_DIRENT_FILE, ECSNET_DIRENT_FILE, ECSNET_DIRENT_LINK_DIR,
    ECSNET_DIRENT_OTHER, ECSNET_DIRENT_FILE, ECSNET_DIRENT_OTHER,
    ECSNET_DIRENT_DIR, ECSNET_DIRENT_FILE
  };
  ecsnet_dirlist_t l;
  char err[ECSNET_ERRBUF_MAX];
  size_t i;
  memset(&l, 0, sizeof l);
  CHECK_INT(ecsnet_dir_list(dir, NULL, NULL, &l, err, sizeof err), ECSNET_OK);
  CHECK_INT(l.n, sizeof names / sizeof names[0]);   /* .hidden left out */
  for (i = 0; i < l.n && i < sizeof names / sizeof names[0]; i++) {
    CHECK_STR(l.entries[i].name, names[i]);
    CHECK_INT(l.entries[i].kind, kinds[i]);
  }
  CHECK_INT(ecsnet_dir_list(at("missing"), NULL, NULL, &l, err, sizeof err),
            ECSNET_EINVAL);
  CHECK(strstr(err, "cannot read folder '") == err);
  ecsnet_dirlist_free(&l, NULL, NULL);
  ecsnet_dirlist_free(NULL, NULL, NULL);
}

/* Out of memory at every allocation: ECSNET_ENOMEM, nothing leaked. */
static void test_nomem(void) {
  int k, done = 0;
  for (k = 0; k < 10000 && !done; k++) {
    check_failer f = { 0, 0 };
    ecsnet_filebuf_t b = { NULL, 0, 0 };
    ecsnet_dirlist_t l;
    ecsnet_report_t *r = NULL;
    char err[ECSNET_ERRBUF_MAX];
    int stage, st, st2;
    f.left = k;
    memset(&l, 0, sizeof l);
    st = ecsnet_file_validate(at("td.json"), NULL, check_failing_alloc, &f, &b,
                              &stage, &r, err, sizeof err);
    CHECK(st == ECSNET_OK || st == ECSNET_ENOMEM);
    ecsnet_report_free(r);
    ecsnet_filebuf_free(&b, check_failing_alloc, &f);
    f.left = k;
    st2 = ecsnet_dir_list(dir, check_failing_alloc, &f, &l, err, sizeof err);
    CHECK(st2 == ECSNET_OK || st2 == ECSNET_ENOMEM);
    ecsnet_dirlist_free(&l, check_failing_alloc, &f);
    CHECK_INT(f.live, 0);
    done = st == ECSNET_OK && st2 == ECSNET_OK;
  }
  CHECK(done);
}

int main(void) {
  char cmd[512];
  int rc;
  snprintf(dir, sizeof dir, "/tmp/ecsnet-test-files-%ld", (long)getpid());
  snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s/sub' && cd '%s' && "
           "ln -s td.json a-link.json && ln -s sub c-dirlink && "
           "ln -s nowhere d-dangling.json && mkfifo fifo.json", dir, dir, dir);
  if (system(cmd) != 0) {
    fprintf(stderr, "cannot make %s\n", dir);
    return 2;
  }
  put("td.json", TD);
  put("broken.json", "{\"family\": ");
  put("empty.json", "");
  put(".hidden.json", "{}");
  test_read();
  test_validate();
  test_dir();
  test_nomem();
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  rc = system(cmd);
  (void)rc;
  return CHECK_REPORT();
}
