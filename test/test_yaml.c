/*
** test_yaml.c: YAML documents through ecsnet_validate from C alone (issue
** 19): detection and opts.syntax, positions, tags, the limits, and every
** allocation of the report (the caller's allocator) failing in turn,
** nothing left behind. (The tree's memory is malloc's, as libyaml's: the
** runs under valgrind and ASan check that nothing leaks.)
*/
#include <stdlib.h>
#include <string.h>

#include "ecsnet.h"
#include "check.h"

static const char *TPL =
  "# a CloudFormation template\n"
  "Resources:\n"
  "  TaskDef:\n"
  "    Type: AWS::ECS::TaskDefinition\n"
  "    Properties:\n"
  "      Family: !Sub '${AWS::StackName}-web'\n"
  "      NetworkMode: awsvpc\n"
  "      ContainerDefinitions:\n"
  "        - &web\n"
  "          Name: web\n"
  "          Image: !Ref Image\n"
  "          PortMappings:\n"
  "            - {ContainerPort: 80, HostPort: 8080}\n"
  "            - ContainerPort: !GetAtt [Cfg, Port]\n"
  "        - <<: *web\n"
  "          Name: copy\n";

static const ecsnet_diag_t *find(const ecsnet_report_t *r, const char *id,
                                 size_t from) {
  size_t i;
  for (i = from; i < r->ndiags; i++)
    if (strcmp(r->diags[i].rule->id, id) == 0)
      return &r->diags[i];
  return NULL;
}


static int validate(const char *text, int syntax, ecsnet_report_t **r,
                    char *err, size_t errlen) {
  ecsnet_validate_opts_t o;
  ecsnet_validate_opts_init(&o);
  o.positions = 1;
  o.syntax = (ecsnet_syntax_t)syntax;
  return ecsnet_validate(text, strlen(text), &o, NULL, NULL, r, err, errlen);
}


static void test_template(void) {
  ecsnet_report_t *r = NULL;
  char err[ECSNET_ERRBUF_MAX];
  const ecsnet_diag_t *d;
  CHECK_INT(validate(TPL, ECSNET_SYNTAX_AUTO, &r, err, sizeof err),
            ECSNET_OK);
  if (r == NULL)
    return;
  CHECK_INT(r->shape, ECSNET_SHAPE_CLOUDFORMATION);
  d = find(r, "ECS008", 0);
  CHECK(d != NULL);
  if (d != NULL) {
    CHECK_STR(d->f.pointer, "/Resources/TaskDef/Properties/"
              "ContainerDefinitions/0/PortMappings/0/HostPort");
    CHECK_INT(d->f.line, 13);
    CHECK_INT(d->f.column, 45);
    /* the merged copy: its pointer in the copy, its place the anchor's */
    d = find(r, "ECS008", (size_t)(d - r->diags) + 1);
    CHECK(d != NULL);
    if (d != NULL) {
      CHECK_STR(d->f.pointer, "/Resources/TaskDef/Properties/"
                "ContainerDefinitions/1/PortMappings/0/HostPort");
      CHECK_INT(d->f.line, 13);
    }
  }
  d = find(r, "ECS024", 0);   /* !GetAtt [Cfg, Port]: unknown */
  CHECK(d != NULL && d->f.severity == ECSNET_SEV_INFO && d->f.line == 14 &&
        d->f.column == 30);
  ecsnet_report_free(r);
  /* forced to JSON, the same text is malformed JSON */
  r = NULL;
  CHECK_INT(validate(TPL, ECSNET_SYNTAX_JSON, &r, err, sizeof err),
            ECSNET_EINVAL);
  CHECK(r == NULL);
  CHECK_STR(err, "malformed JSON at line 1 column 1: expected a value at "
            "'# a CloudFor'");
  /* JSON forced to YAML is read (JSON is nearly YAML) */
  CHECK_INT(validate("{\"family\": \"a\", \"containerDefinitions\": "
                     "[{\"name\": \"x\", \"image\": \"y\"}]}",
                     ECSNET_SYNTAX_YAML, &r, err, sizeof err), ECSNET_OK);
  ecsnet_report_free(r);
}


static void test_bad(void) {
  static const struct { const char *text; int st; const char *err; } cases[] = {
    { "a: !Nope x\n", ECSNET_EINVAL, "malformed YAML at line 1 column 4: "
      "unknown tag '!Nope' (ecsnet reads CloudFormation's short forms, e.g. "
      "!Ref, !Sub, !GetAtt)" },
    { "a: 1\n---\nb: 2\n", ECSNET_EINVAL, "malformed YAML at line 2 column "
      "1: a second document: ecsnet reads one document per file" },
    { "a: [1\n", ECSNET_EINVAL, "malformed YAML at line 2 column 1: did not "
      "find expected ',' or ']' while parsing a flow sequence" },
    { "a: *x\n", ECSNET_EINVAL, "malformed YAML at line 1 column 4: alias "
      "*x has no complete anchor before it" },
    { "a: &x [*x]\n", ECSNET_EINVAL, "malformed YAML at line 1 column 8: "
      "alias *x has no complete anchor before it" },
    { "a: {<<: 1}\n", ECSNET_EINVAL, "malformed YAML at line 1 column 4: a "
      "merge key (<<) takes a mapping or a list of mappings" },
    { "!Ref a: b\n", ECSNET_EINVAL, "malformed YAML at line 1 column 1: a tag "
      "on a mapping key ('!Ref') is not accepted" },
    { "a: !!str [b]\n", ECSNET_EINVAL, "malformed YAML at line 1 column 4: "
      "tag 'tag:yaml.org,2002:str' on a list or mapping" },
    { "# only\n", ECSNET_EINVAL, "empty document: expected a YAML task "
      "definition (the text holds no YAML node)" },
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ecsnet_report_t *r = NULL;
    char err[ECSNET_ERRBUF_MAX];
    CHECK_INT(validate(cases[i].text, ECSNET_SYNTAX_AUTO, &r, err,
                       sizeof err), cases[i].st);
    CHECK(r == NULL);
    CHECK_STR(err, cases[i].err);
  }
}


/* Aliases that would expand to 9^7 nodes stop at the limit. */
static void test_billion_laughs(void) {
  char doc[1024];
  size_t o = 0;
  int i, k;
  ecsnet_report_t *r = NULL;
  char err[ECSNET_ERRBUF_MAX];
  o += (size_t)sprintf(doc + o, "a: &a [l, l, l, l, l, l, l, l, l]\n");
  for (i = 1; i < 8; i++) {
    o += (size_t)sprintf(doc + o, "%c: &%c [", 'a' + i, 'a' + i);
    for (k = 0; k < 9; k++)
      o += (size_t)sprintf(doc + o, "%s*%c", k ? ", " : "", 'a' + i - 1);
    o += (size_t)sprintf(doc + o, "]\n");
  }
  CHECK_INT(validate(doc, ECSNET_SYNTAX_AUTO, &r, err, sizeof err),
            ECSNET_ELIMIT);
  CHECK(r == NULL);
  CHECK(strstr(err, "YAML aliases expand to more than 65536 nodes") == err);
}


/* The caller's allocator failing in turn: check_failing_alloc (check.h). */


static void test_report_alloc_failures(void) {
  int k, ok = 0;
  for (k = 0; k < 200 && !ok; k++) {
    check_failer f;
    ecsnet_report_t *r = NULL;
    ecsnet_validate_opts_t o;
    char err[ECSNET_ERRBUF_MAX];
    int st;
    f.left = k;
    f.live = 0;
    ecsnet_validate_opts_init(&o);
    o.positions = 1;
    st = ecsnet_validate(TPL, strlen(TPL), &o, check_failing_alloc, &f, &r, err,
                         sizeof err);
    if (st == ECSNET_OK) {
      ok = 1;
      ecsnet_report_free(r);
    }
    else
      CHECK_INT(st, ECSNET_ENOMEM);
    CHECK_INT(f.live, 0);
  }
  CHECK(ok);
}


/* ecsnet_yaml_parse: a YAML tree as plain nodes the caller frees with
** ecsnet_json_free (the command's .ecsnet.yml reader), walked with the
** ecsnet_json accessors; errors named and placed; aliases and merge keys
** resolved in the copy. */
static void test_yaml_parse(void) {
  const char *cfg = "base: &b {ECS018: error}\nignore: [ECS020, ECS03]\n"
                    "severity:\n  <<: *b\n  ECS002: info\nport: 22\n";
  char err[ECSNET_ERRBUF_MAX];
  ecsnet_json_t *t = NULL, *c;
  size_t n;
  int seen = 0;
  CHECK_INT(ecsnet_yaml_parse("the configuration", cfg, strlen(cfg), 4096,
                              &t, err, sizeof err), ECSNET_OK);
  CHECK(t != NULL && ecsnet_json_kind(t) == ECSNET_JSON_OBJECT);
  for (c = ecsnet_json_first(t); c != NULL; c = ecsnet_json_next(c)) {
    const char *name = ecsnet_json_name(c);
    if (strcmp(name, "ignore") == 0) {
      const ecsnet_json_t *e = ecsnet_json_first(c);
      CHECK_STR(ecsnet_json_text(e, &n), "ECS020");
      CHECK_STR(ecsnet_json_text(ecsnet_json_next(e), &n), "ECS03");
      seen++;
    } else if (strcmp(name, "severity") == 0) {
      const ecsnet_json_t *e;
      int found = 0;
      for (e = ecsnet_json_first(c); e != NULL; e = ecsnet_json_next(e))
        if (strcmp(ecsnet_json_name(e), "ECS018") == 0)
          found = strcmp(ecsnet_json_text(e, &n), "error") == 0;
      CHECK(found);   /* from the merge key */
      seen++;
    } else if (strcmp(name, "port") == 0) {
      CHECK(ecsnet_json_kind(c) == ECSNET_JSON_NUMBER &&
            ecsnet_json_value(c) == 22);
      seen++;
    }
  }
  CHECK_INT(seen, 3);
  ecsnet_json_free(t);
  t = NULL;
  CHECK_INT(ecsnet_yaml_parse("the configuration", "a: [1\n", 6, 4096, &t,
                              err, sizeof err), ECSNET_EINVAL);
  CHECK(t == NULL && strstr(err, "line 2") != NULL);
  CHECK_INT(ecsnet_yaml_parse(NULL, "a: 1\n", 5, 2, &t, err, sizeof err),
            ECSNET_ELIMIT);
  CHECK(t == NULL);
  CHECK_STR(ecsnet_suggest("ignroe", (const char *const[]){"ignore", "exclude"},
                           2), "ignore");
  CHECK(ecsnet_suggest("zzzzzz", (const char *const[]){"ignore"}, 1) == NULL);
  CHECK(ecsnet_suggest(NULL, NULL, 0) == NULL);
}


int main(void) {
  test_yaml_parse();
  test_template();
  test_bad();
  test_billion_laughs();
  test_report_alloc_failures();
  return CHECK_REPORT();
}
