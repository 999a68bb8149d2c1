#!/bin/sh
# Runs every built libFuzzer harness for SECONDS each (default 60), or until
# RUNS executions when a second argument is given, seeded from
# fuzz/<harness>/ (the committed seed corpus) into a scratch corpus under
# build/fuzz/corpus-<harness>. Prints per harness: executions, and whether it
# found anything. Exits non-zero on any finding.
set -u
cd "$(dirname "$0")/.." || exit 2
secs=${1:-60}
runs=${2:--1}
status=0
for h in build/fuzz/fuzz_*; do
  [ -x "$h" ] || continue
  name=$(basename "$h")
  corpus=build/fuzz/corpus-$name
  mkdir -p "$corpus" build/fuzz/artifacts
  seeds=""
  [ -d "fuzz/$name" ] && seeds="fuzz/$name"
  # shellcheck disable=SC2086
  "$h" -max_total_time="$secs" -runs="$runs" -print_final_stats=1 -artifact_prefix=build/fuzz/artifacts/ \
    -rss_limit_mb=2048 -timeout=10 "$corpus" $seeds > "build/fuzz/$name.log" 2>&1
  st=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "build/fuzz/$name.log" | tail -n 1)
  if [ "$st" -eq 0 ]; then
    took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "build/fuzz/$name.log" | tail -n 1)
    echo "$name: ${execs:-?} executions in ${took:-$secs}s, no findings"
  else
    echo "$name: FINDING (exit $st) after ${execs:-?} executions; see build/fuzz/$name.log"
    tail -n 30 "build/fuzz/$name.log"
    status=1
  fi
done
exit $status
