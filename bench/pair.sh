#!/bin/sh
# bench/pair.sh: what pairing services with task definitions by family
# (lua/ecsnet/cli/pair.lua) costs a folder check: bench/folder.sh's folder
# of 10,000 task definitions, then the same folder with the AWS CLI pairs of
# spec/fixtures/aws-cli (3 task definitions, 3 services) and one service
# whose family has hundreds of task definitions without a revision (each
# read at the end, none paired). Prints wall time and peak RSS (GNU time)
# of 'ecsnet check' for --format text and json, best of PAIR_BENCH_ROUNDS
# (3). Target: peak RSS within 10% of the folder without services.
set -e
cd "$(dirname "$0")/.."
ROUNDS=${PAIR_BENCH_ROUNDS:-3}
BASE=build/bench/folder-10000
DIR=build/bench/pair-10000
if [ ! -f "$BASE/.done" ]; then
  FOLDER_BENCH_FORMATS=text FOLDER_BENCH_ROUNDS=1 sh bench/folder.sh >/dev/null
fi
rm -rf "$DIR"
cp -al "$BASE" "$DIR"   # hard links: no second copy of the files
rm -f "$DIR/.done"
cp spec/fixtures/aws-cli/*.json "$DIR/"
sed 's/"taskDefinition": "bluegreendemo"/"taskDefinition": "nginx"/' \
  spec/fixtures/aws-cli/bluegreen-lifecycle-hooks-service_template.json > "$DIR/0000-nginx-service.json"
bin/ecsnet check "$DIR" > build/bench/pair-out.txt 2>/dev/null || true
if ! grep -q "(3 paired by family)" build/bench/pair-out.txt; then
  echo "bench/pair.sh: expected 3 services paired by family:"; tail -n 1 build/bench/pair-out.txt; exit 1
fi
measure() {   # folder format -> "ms kB" (best time, highest RSS)
  best=""; rss=""; r=0
  while [ "$r" -lt "$ROUNDS" ]; do
    /usr/bin/time -f '%e %M' -o build/bench/pair-time.txt bin/ecsnet check --format "$2" "$1" >/dev/null 2>&1 || true
    read -r secs kb <<EOT
$(tail -n 1 build/bench/pair-time.txt)
EOT
    ms=$(awk -v s="$secs" 'BEGIN { printf "%.0f", s * 1000 }')
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
    if [ -z "$rss" ] || [ "$kb" -gt "$rss" ]; then rss=$kb; fi
    r=$((r + 1))
  done
  echo "$best $rss"
}
for fmt in text json; do
  set -- $(measure "$BASE" "$fmt") $(measure "$DIR" "$fmt")
  printf '  --format %-5s without services %s ms, %s kB; with 4 services %s ms, %s kB (peak RSS %s%%)\n' \
    "$fmt" "$1" "$2" "$3" "$4" "$(awk -v a="$4" -v b="$2" 'BEGIN { printf "%+.1f", (a - b) * 100 / b }')"
done
