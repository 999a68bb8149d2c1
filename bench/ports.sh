#!/bin/sh
# bench/ports.sh: host-port placement speed and memory, run by
# `make bench` from the top folder after the build. Prints the C floor, then
# Lua 5.4 (and LuaJIT) over the same core calls, and the ratio.
# Overrides: ECSNET_BENCH_CPATH (the Lua module dir pattern, per Lua: %s),
# ECSNET_BENCH_CORE (objects/sources to link the C floor with).
set -eu
cd "$(dirname "$0")/.."
out=build/bench
mkdir -p "$out"
core=${ECSNET_BENCH_CORE:-build/gcc/libecsnet.a}
cpath=${ECSNET_BENCH_CPATH:-build/gcc/%s/?.so}
# shellcheck disable=SC2086
gcc -std=c99 -O2 -Isrc -I/usr/include/cjson bench/ports_bench.c $core -lcjson -lcidr -o "$out/ports_bench"
# best of 3 runs (the machine is shared; the fastest run is the least disturbed)
best() {
  bl=""; bn=""
  for _ in 1 2 3; do
    line=$("$@")
    n=$(echo "$line" | sed -n 's/.* \([0-9.]*\) ns\/placement.*/\1/p')
    if [ -z "$bn" ] || awk -v a="$n" -v b="$bn" 'BEGIN { exit !(a < b) }'; then bl=$line; bn=$n; fi
  done
  echo "$bl"
}
c=$(best "$out/ports_bench")
echo "$c (best of 3)"
cns=$(echo "$c" | sed -n 's/.* \([0-9.]*\) ns\/placement.*/\1/p')
for lua in lua5.4 luajit; do
  command -v $lua >/dev/null 2>&1 || continue
  cp=$(printf "$cpath" "$lua")
  for v in place_id place; do
    LUA_PATH="./lua/?.lua;;"; LUA_CPATH="$cp;;"; export LUA_PATH LUA_CPATH
    l=$(best $lua bench/ports_bench.lua $v)
    lns=$(echo "$l" | sed -n 's/.* \([0-9.]*\) ns\/placement.*/\1/p')
    echo "$l (best of 3)"
    awk -v a="$lns" -v b="$cns" -v n="$lua $v" 'BEGIN { printf "  ratio %s / C: %.2fx\n", n, a / b }'
  done
done
