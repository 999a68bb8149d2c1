#!/bin/sh
# bench/validate.sh: the validator's speed on a typical 3 KB task definition
# (3 containers, 7 port mappings; bench/validate-typical.json). Every figure
# comes from one process (bench/validate_bench.c embeds Lua 5.4), rounds
# interleaved, best round kept; the ratios are what is reported. task-definition validation's
# targets: C parse + validate <= 1.3x cJSON_Parse alone; Lua 5.4 with a
# string <= 1.4x; from a Lua table <= lua-cjson's decode of the same text.
set -e
cd "$(dirname "$0")/.."
TD=${1:-bench/validate-typical.json}
N=${VALIDATE_BENCH_ITERS:-300}
mkdir -p build/bench
# the core library the module links (built by make before make bench), so
# that the bench measures the same code and no file list goes stale
gcc -std=c99 -O2 -D_POSIX_C_SOURCE=200809L -Isrc -I/usr/include/cjson -I/usr/include/lua5.4 \
  bench/validate_bench.c build/gcc/libecsnet.a -lcjson -lyaml -lcidr -llua5.4 -o build/bench/validate_bench
OUT=$(LUA_PATH="./lua/?.lua;;" LUA_CPATH="${VALIDATE_BENCH_CPATH:-build/gcc/lua5.4/?.so};;" \
  build/bench/validate_bench "$TD" "$N")
get() { printf '%s\n' "$OUT" | awk -v k="$1" '$1 == k { print $2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
parse=$(get cjson_parse_ns); val=$(get validate_ns); pos=$(get validate_positions_ns)
lstr=$(get lua_validate_string_ns); ltab=$(get lua_validate_table_ns); dec=$(get lua_cjson_decode_ns)
echo "$TD: $(get bytes) bytes"
printf '  cJSON_Parse alone (C)              %8s ns\n' "$parse"
printf '  parse + validate (C)               %8s ns  %s x cJSON_Parse (target <= 1.3)\n' "$val" "$(ratio "$val" "$parse")"
printf '  parse + validate + positions (C)   %8s ns  %s x cJSON_Parse\n' "$pos" "$(ratio "$pos" "$parse")"
printf '  ecsnet.validate(string), Lua 5.4   %8s ns  %s x cJSON_Parse (target <= 1.4)\n' "$lstr" "$(ratio "$lstr" "$parse")"
printf '  cjson.decode(string), Lua 5.4      %8s ns\n' "$dec"
printf '  ecsnet.validate(table), Lua 5.4    %8s ns  %s x cjson.decode (target <= 1.0)\n' "$ltab" "$(ratio "$ltab" "$dec")"
