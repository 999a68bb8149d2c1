#!/bin/sh
# bench/folder.sh: 'ecsnet check DIR' on a folder of 10,000 task definitions
# (the corpus of real ones, ../shared/corpus/taskdefs, copied round-robin
# under distinct names; or FOLDER_BENCH_SRC), against the floor of reading
# and cJSON-parsing the same files in C (bench/folder_floor.c), in the same
# run. Target: check within 1.5x the floor, peak memory under 32 MB.
# Prints the floor, the command's wall time and peak RSS (GNU time) for
# --format json and text, best of FOLDER_BENCH_ROUNDS (3).
set -e
cd "$(dirname "$0")/.."
N=${FOLDER_BENCH_FILES:-10000}
ROUNDS=${FOLDER_BENCH_ROUNDS:-3}
SRC=${FOLDER_BENCH_SRC:-../shared/corpus/taskdefs}
DIR=build/bench/folder-$N
mkdir -p build/bench
gcc -std=c99 -O2 -Wall -Wextra -I/usr/include/cjson bench/folder_floor.c -lcjson -o build/bench/folder_floor
if [ ! -f "$DIR/.done" ]; then
  rm -rf "$DIR"
  mkdir -p "$DIR"
  # every source file that the floor parses (JSON), cycled to N files
  ls "$SRC"/*.json > build/bench/folder-src.txt
  awk -v n="$N" -v dir="$DIR" '{ src[NR] = $0 } END {
    for (i = 0; i < n; i++) {
      s = src[i % NR + 1]; b = s; sub(/.*\//, "", b)
      printf "cp %s %s/%05d-%s\n", s, dir, i, b
    } }' build/bench/folder-src.txt | sh
  touch "$DIR/.done"
fi
FLOOR=$(build/bench/folder_floor "$DIR" "$ROUNDS")
get() { printf '%s\n' "$FLOOR" | awk -v k="$1" '$1 == k { print $2 }'; }
floor_ms=$(awk -v ns="$(get floor_ns)" 'BEGIN { printf "%.0f", ns / 1e6 }')
echo "$DIR: $(get files) files, $(get bytes) bytes"
echo "  floor: read + cJSON parse (C)      ${floor_ms} ms"
for fmt in ${FOLDER_BENCH_FORMATS:-text json sarif junit gitlab github gcc checkstyle}; do
  best=""; rss=""
  r=0
  while [ "$r" -lt "$ROUNDS" ]; do
    /usr/bin/time -f '%e %M' -o build/bench/folder-time.txt bin/ecsnet check --format "$fmt" "$DIR" \
      >/dev/null 2>&1 || true
    read -r secs kb <<EOT
$(tail -n 1 build/bench/folder-time.txt)
EOT
    ms=$(awk -v s="$secs" 'BEGIN { printf "%.0f", s * 1000 }')
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
    if [ -z "$rss" ] || [ "$kb" -gt "$rss" ]; then rss=$kb; fi
    r=$((r + 1))
  done
  printf '  ecsnet check --format %-10s   %s ms  %s x floor (target <= 1.5)  peak RSS %s kB (target < 32768)\n' \
    "$fmt" "$best" "$(awk -v a="$best" -v b="$floor_ms" 'BEGIN { printf "%.2f", a / b }')" "$rss"
done
