#!/bin/sh
# bench/folder.sh: 'ecsnet check DIR' on a folder of 10,000 task definitions
# (the corpus of real ones, ../shared/corpus/taskdefs, copied round-robin
# under distinct names; or FOLDER_BENCH_SRC), against the floor of reading
# and cJSON-parsing the same files in C (bench/folder_floor.c), in the same
# run. Target: check within 1.5x the floor, peak memory under 32 MB.
# Prints the floor, the command's wall time, its user + system time (what a
# loaded machine stretches least) and peak RSS (GNU time) for each format
# (FOLDER_BENCH_FORMATS), best of FOLDER_BENCH_ROUNDS (3).
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
floor_cpu=$(awk -v ns="$(get floor_cpu_ns)" 'BEGIN { printf "%.0f", ns / 1e6 }')
echo "$DIR: $(get files) files, $(get bytes) bytes; load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
echo "  floor: read + cJSON parse (C)      ${floor_ms} ms (cpu ${floor_cpu} ms)"
for fmt in ${FOLDER_BENCH_FORMATS:-text json sarif junit gitlab github gcc checkstyle}; do
  best=""; rss=""; cpu=""
  r=0
  while [ "$r" -lt "$ROUNDS" ]; do
    /usr/bin/time -f '%e %M %U %S' -o build/bench/folder-time.txt bin/ecsnet check --format "$fmt" "$DIR" \
      >/dev/null 2>&1 || true
    read -r secs kb us ss <<EOT
$(tail -n 1 build/bench/folder-time.txt)
EOT
    ms=$(awk -v s="$secs" 'BEGIN { printf "%.0f", s * 1000 }')
    cms=$(awk -v u="$us" -v s="$ss" 'BEGIN { printf "%.0f", (u + s) * 1000 }')
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
    if [ -z "$cpu" ] || [ "$cms" -lt "$cpu" ]; then cpu=$cms; fi
    if [ -z "$rss" ] || [ "$kb" -gt "$rss" ]; then rss=$kb; fi
    r=$((r + 1))
  done
  printf '  ecsnet check --format %-10s   %s ms  %s x floor (target <= 1.5)  cpu %s ms %s x  peak RSS %s kB (target < 32768)\n' \
    "$fmt" "$best" "$(awk -v a="$best" -v b="$floor_ms" 'BEGIN { printf "%.2f", a / b }')" \
    "$cpu" "$(awk -v a="$cpu" -v b="$floor_cpu" 'BEGIN { printf "%.2f", a / b }')" "$rss"
done
