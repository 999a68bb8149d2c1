#!/bin/sh
# bench/yaml.sh: checking a 3 KB YAML template (bench/yaml-template.yaml,
# bench/validate-typical.json as CloudFormation, with !Sub, !GetAtt and
# !Ref) against libyaml's parse of it alone, in C, in one process
# (bench/yaml_bench.c: rounds interleaved, best round kept). this part's
# target: ecsnet_validate <= 1.5x libyaml's parse alone.
set -e
cd "$(dirname "$0")/.."
TPL=${1:-bench/yaml-template.yaml}
N=${YAML_BENCH_ITERS:-100}
mkdir -p build/bench
# the core's files with the flags of the library's build
# shellcheck disable=SC2046
gcc -std=c99 -O2 -D_POSIX_C_SOURCE=200809L -Isrc -I/usr/include/cjson \
  bench/yaml_bench.c $(ls src/ecsnet_*.c) -lcjson -lcidr -lyaml -o build/bench/yaml_bench
OUT=$(build/bench/yaml_bench "$TPL" "$N")
get() { printf '%s\n' "$OUT" | awk -v k="$1" '$1 == k { print $2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
floor=$(get libyaml_parse_ns); val=$(get validate_ns); pos=$(get validate_positions_ns)
echo "$TPL: $(get bytes) bytes"
printf '  libyaml parse alone (C)            %8s ns\n' "$floor"
printf '  ecsnet_validate (C)                %8s ns  %s x libyaml (target <= 1.5)\n' "$val" "$(ratio "$val" "$floor")"
printf '  ecsnet_validate + positions (C)    %8s ns  %s x libyaml\n' "$pos" "$(ratio "$pos" "$floor")"
