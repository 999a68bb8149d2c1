#!/bin/sh
# Differential test of ecsnet's CIDR math against Python's ipaddress
#: test/cidr_diff_gen.py makes CIDR_DIFF_N random cases per
# operation (default 100000; IPv4 and IPv6 alternate) from CIDR_DIFF_SEED,
# in two processes; test/cidr_diff.lua checks them through the Lua API (the
# gcc Lua 5.4 build). The cases are cached under the scratch folder, keyed by
# the generator's checksum, the seed and the count, so reruns skip Python.
# Prints per operation, then "N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 2
SEED=${CIDR_DIFF_SEED:-20260301}
N=${CIDR_DIFF_N:-100000}
TMP=${ECSNET_TEST_TMP:-build/test-run}
mkdir -p "$TMP"
sum=$(cksum < test/cidr_diff_gen.py | cut -d' ' -f1)
cases="$TMP/cidr-diff-$sum-$SEED-$N.txt"
if [ ! -s "$cases" ]; then
  start=$(date +%s)
  python3 test/cidr_diff_gen.py "$SEED" "$N" 0 2 > "$cases.0" &
  p0=$!
  python3 test/cidr_diff_gen.py "$SEED" "$N" 1 2 > "$cases.1" || { echo "0 passed, 1 failed"; exit 1; }
  wait $p0 || { echo "0 passed, 1 failed"; exit 1; }
  cat "$cases.0" "$cases.1" > "$cases" && rm -f "$cases.0" "$cases.1"
  echo "generated $(wc -l < "$cases") cases (seed $SEED) in $(( $(date +%s) - start ))s"
fi
LUA_PATH="./lua/?.lua;;" LUA_CPATH="build/gcc/lua5.4/?.so;;" lua5.4 test/cidr_diff.lua "$cases"
