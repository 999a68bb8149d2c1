#!/bin/sh
# Regenerate spec/fixtures/cdk/cdk.out from the CDK app in test/cdk (offline: no AWS calls, no cdk CLI).
# Needs node and npm with access to the npm registry (for `npm ci`).
# Usage: tools/synth-cdk.sh   (from anywhere)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
app="$top/test/cdk"
out="$top/spec/fixtures/cdk/cdk.out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

(cd "$app" && npm ci --no-audit --no-fund)
(cd "$app" && node app.js "$tmp/cdk.out")

# CDK records the creation trace of acknowledged rules with absolute paths of this checkout:
# make them relative so the committed output does not depend on where the tree lives.
for f in "$tmp"/cdk.out/*.json; do
  sed "s#$app/#test/cdk/#g" "$f" > "$f.tmp" && mv "$f.tmp" "$f"
done
# Asset bundles (directories, zip files) are not test data; this app has none, but drop any.
find "$tmp/cdk.out" -mindepth 1 -maxdepth 1 \( -type d -o -name '*.zip' \) -exec rm -rf {} +

rm -rf "$out"
mkdir -p "$(dirname "$out")"
cp -R "$tmp/cdk.out" "$out"
echo "synthesized $(ls "$out" | wc -l) files into $out"
