#!/bin/sh
# bench/validate.sh: the validator's speed on a typical 3 KB task definition
# (3 containers, 7 port mappings; bench/validate-typical.json), as ratios
# measured in one run (issue 4 targets: C parse + validate <= 1.3x cJSON_Parse
# alone; Lua 5.4 with a string <= 1.4x; from a Lua table <= lua-cjson's decode).
set -e
cd "$(dirname "$0")/.."
TD=bench/validate-typical.json
N=${VALIDATE_BENCH_ITERS:-3000}
mkdir -p build/bench
# the validator's own core files only (the same flags as the library)
gcc -std=c99 -O2 -D_POSIX_C_SOURCE=200809L -Isrc -I/usr/include/cjson bench/validate_bench.c \
  src/ecsnet_core.c src/ecsnet_modes.c src/ecsnet_json.c src/ecsnet_rules.c src/ecsnet_taskdef.c \
  -lcjson -o build/bench/validate_bench
# C and Lua alternate three times; each figure is the best seen, so that load
# from other processes does not skew one side of a ratio
ALL=""
for _ in 1 2 3; do
  ALL="$ALL
$(build/bench/validate_bench "$TD" "$N")
$(LUA_PATH="./lua/?.lua;;" LUA_CPATH="${VALIDATE_BENCH_CPATH:-build/gcc/lua5.4/?.so};;" lua5.4 bench/validate.lua "$TD" "$N")"
done
get() { printf '%s\n' "$ALL" | awk -v k="$1" '$1 == k && (m == "" || $2 < m) { m = $2 } END { print m }'; }
parse=$(get cjson_parse_ns); val=$(get validate_ns); pos=$(get validate_positions_ns)
lstr=$(get lua_validate_string_ns); ltab=$(get lua_validate_table_ns); dec=$(get lua_cjson_decode_ns)
echo "typical task definition: $(get bytes) bytes, 3 containers, 7 port mappings"
printf '  cJSON_Parse alone (C)              %8s ns\n' "$parse"
printf '  parse + validate (C)               %8s ns  %s x cJSON_Parse (target <= 1.3)\n' "$val" \
  "$(awk -v a="$val" -v b="$parse" 'BEGIN { printf "%.2f", a / b }')"
printf '  parse + validate + positions (C)   %8s ns  %s x cJSON_Parse\n' "$pos" \
  "$(awk -v a="$pos" -v b="$parse" 'BEGIN { printf "%.2f", a / b }')"
printf '  ecsnet.validate(string), Lua 5.4   %8s ns  %s x cJSON_Parse (target <= 1.4)\n' "$lstr" \
  "$(awk -v a="$lstr" -v b="$parse" 'BEGIN { printf "%.2f", a / b }')"
printf '  cjson.decode(string), Lua 5.4      %8s ns\n' "$dec"
printf '  ecsnet.validate(table), Lua 5.4    %8s ns  %s x cjson.decode (target <= 1.0)\n' "$ltab" \
  "$(awk -v a="$ltab" -v b="$dec" 'BEGIN { printf "%.2f", a / b }')"
