#!/bin/sh
# Records what cfn-lint's ECS rules report over the CloudFormation inputs of the
# tree, into spec/fixtures/cfnlint/findings.json, which spec/cfnlint_parity_spec.lua
# compares with ecsnet (the spec needs only that file, never cfn-lint itself).
#
#   tools/cfnlint-record.sh            from the top folder; needs cfn-lint and python3
#
# Inputs: each service rule's valid and invalid fixture (spec/fixtures/services),
# the probes of the cfn-lint rules no other input triggers (spec/fixtures/cfnlint),
# the real stacks (real-stacks/, cfn-yaml/, CDK output) and the corpus's
# CloudFormation templates (../shared/corpus/taskdefs, when present). Output:
# sorted, with paths relative to the top folder and cfn-lint's version, so a
# rerun with the same cfn-lint gives the same bytes.
set -eu
cd "$(dirname "$0")/.."
OUT=spec/fixtures/cfnlint/findings.json
# cfn-lint's rules under src/cfnlint/rules/resources/ecs/ (1.51.0)
RULES="E3042 E3044 E3046 E3047 E3048 E3049 E3052 E3053 E3054 E3713"
command -v cfn-lint >/dev/null || { echo "cfn-lint not found (pip install cfn-lint)" >&2; exit 2; }

list=$(mktemp) raw=$(mktemp)
trap 'rm -f "$list" "$raw"' EXIT
{
  ls spec/fixtures/services/*.json spec/fixtures/services/*.yaml
  ls spec/fixtures/cfnlint/*.yaml
  ls spec/fixtures/real-stacks/*.yaml spec/fixtures/real-stacks/*.yml spec/fixtures/real-stacks/*.template
  ls spec/fixtures/cfn-yaml/*.yaml spec/fixtures/cfn-yaml/*.yml spec/fixtures/cfn-yaml/*.json
  ls spec/fixtures/cdk/cdk.out/*.template.json
  if [ -d ../shared/corpus/taskdefs ]; then
    grep -l -E '"Resources"[[:space:]]*:|^Resources:' ../shared/corpus/taskdefs/*.json \
      ../shared/corpus/taskdefs/*.y*ml 2>/dev/null || true
  fi
} | LC_ALL=C sort -u > "$list"

# One run over every file (their names have no spaces); the exit status says
# findings were found (bits 2, 4, 8), which is not a failure here. Its stderr (a nested stack's TemplateURL it
# cannot open) is not a finding.
status=0
# shellcheck disable=SC2046
cfn-lint --format json --regions us-east-1 -- $(cat "$list") > "$raw" 2>/dev/null || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 2 ] && [ "$status" -ne 4 ] && [ "$status" -ne 6 ] &&
   [ "$status" -ne 8 ] && [ "$status" -ne 10 ] && [ "$status" -ne 12 ] && [ "$status" -ne 14 ]; then
  echo "cfn-lint failed with status $status" >&2
  exit 1
fi

VERSION=$(cfn-lint --version | sed 's/^cfn-lint //') RULES="$RULES" python3 - "$list" "$raw" > "$OUT" <<'PY'
import json, os, sys
files = [l.strip() for l in open(sys.argv[1]) if l.strip()]
raw = json.load(open(sys.argv[2]))
rules = os.environ["RULES"].split()
findings, unparsed = [], {}
for x in raw:
    rid, loc = x["Rule"]["Id"], x["Location"]
    if rid == "E0000":  # cfn-lint could not read the template: none of its rules ran there
        unparsed.setdefault(x["Filename"], x["Message"])
    elif rid in rules:
        findings.append({"file": x["Filename"], "rule": rid, "path": loc["Path"],
                         "line": loc["Start"]["LineNumber"],
                         "column": loc["Start"]["ColumnNumber"], "message": x["Message"]})
findings.sort(key=lambda f: (f["file"], f["line"], f["column"], f["rule"], f["message"]))
counts = {r: sum(1 for f in findings if f["rule"] == r) for r in rules}
doc = {"cfn_lint_version": os.environ["VERSION"], "rules": rules, "counts": counts,
       "inputs": files, "unparsed": [{"file": k, "message": unparsed[k]} for k in sorted(unparsed)],
       "findings": findings}
print(json.dumps(doc, indent=1, sort_keys=True))
PY
echo "$OUT: $(python3 -c 'import json,sys;print(len(json.load(open(sys.argv[1]))["findings"]))' "$OUT") findings" >&2
