#!/bin/sh
# bench/ports.sh: host-port placement speed and memory, run by
# `make bench` from the top folder after the build. Prints the C floor, then
# Lua 5.4 (and LuaJIT) over the same core calls, and the ratio.
# The sides run in alternating rounds (C, then each Lua variant, then C
# again...) and each keeps its best round, so that a burst of load from
# other jobs on the shared machine falls on every side alike rather than on
# whichever side happened to run during it.
# Overrides: ECSNET_BENCH_CPATH (the Lua module dir pattern, per Lua: %s),
# ECSNET_BENCH_CORE (objects/sources to link the C floor with),
# PORTS_BENCH_ROUNDS (5).
set -eu
cd "$(dirname "$0")/.."
out=build/bench
mkdir -p "$out"
core=${ECSNET_BENCH_CORE:-build/gcc/libecsnet.a}
cpath=${ECSNET_BENCH_CPATH:-build/gcc/%s/?.so}
rounds=${PORTS_BENCH_ROUNDS:-5}
# shellcheck disable=SC2086
gcc -std=c99 -O2 -Isrc -I/usr/include/cjson bench/ports_bench.c $core -lcjson -lcidr -o "$out/ports_bench"
sides="c"
for lua in lua5.4 luajit; do
  command -v $lua >/dev/null 2>&1 || continue
  sides="$sides $lua:place_id $lua:place"
done
ns() { echo "$1" | sed -n 's/.* \([0-9.]*\) ns\/placement.*/\1/p'; }
rm -f "$out"/ports-best-*
r=0
while [ "$r" -lt "$rounds" ]; do
  for side in $sides; do
    if [ "$side" = c ]; then
      line=$("$out/ports_bench")
    else
      lua=${side%%:*}; v=${side#*:}
      LUA_PATH="./lua/?.lua;;"; LUA_CPATH="$(printf "$cpath" "$lua");;"; export LUA_PATH LUA_CPATH
      line=$($lua bench/ports_bench.lua "$v")
    fi
    f="$out/ports-best-$(echo "$side" | tr ':.' '__')"
    if [ ! -f "$f" ] || awk -v a="$(ns "$line")" -v b="$(ns "$(cat "$f")")" 'BEGIN { exit !(a < b) }'; then
      echo "$line" > "$f"
    fi
  done
  r=$((r + 1))
done
c=$(cat "$out/ports-best-c")
echo "$c (best of $rounds, rounds alternating)"
for side in $sides; do
  [ "$side" = c ] && continue
  l=$(cat "$out/ports-best-$(echo "$side" | tr ':.' '__')")
  echo "$l (best of $rounds)"
  awk -v a="$(ns "$l")" -v b="$(ns "$c")" -v n="$(echo "$side" | tr ':' ' ')" \
    'BEGIN { printf "  ratio %s / C: %.2fx\n", n, a / b }'
done
