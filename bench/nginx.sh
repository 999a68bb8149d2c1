#!/bin/sh
# Throughput of ecsnet inside nginx: requests per second for
# POST /v1/validate with the 3 KB typical task definition, against
# POST /v1/echo in the same server, which only reads the body and returns it.
# Target: validation costs at most 1.5x the echo's time per request.
# Loopback only; wrk runs a bounded time (BENCH_SECONDS, default 2) per URL
# and round, in NGINX_BENCH_ROUNDS (5) rounds alternating echo and
# validate, each URL keeping its best round: a burst of load from other
# jobs on the shared machine then falls on both alike.
set -eu
cd "$(dirname "$0")/.."
secs=${BENCH_SECONDS:-2}
rounds=${NGINX_BENCH_ROUNDS:-5}
prefix=$(pwd)/build/bench-nginx
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
rm -rf "$prefix"
sh examples/openresty/run.sh start "$prefix" "$port" > /dev/null
trap 'sh examples/openresty/run.sh stop "$prefix"' EXIT INT TERM
body=bench/taskdef-3kb.json
rps() {
  BODY=$body wrk -t2 -c8 -d"${secs}s" -s bench/wrk_post.lua "http://127.0.0.1:$port$1" |
    sed -n 's/^Requests\/sec:[[:space:]]*//p'
}
# warm both workers' code paths first
BODY=$body wrk -t1 -c2 -d1s -s bench/wrk_post.lua "http://127.0.0.1:$port/v1/validate" > /dev/null
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a > b ? a : b) }'; }
echo_rps=0; validate_rps=0
r=0
while [ "$r" -lt "$rounds" ]; do
  echo_rps=$(best "$echo_rps" "$(rps /v1/echo)")
  validate_rps=$(best "$validate_rps" "$(rps /v1/validate)")
  r=$((r + 1))
done
ratio=$(awk -v e="$echo_rps" -v v="$validate_rps" 'BEGIN { printf "%.2f", e / v }')
printf 'nginx (2 workers, wrk -t2 -c8, best of %s alternating rounds of %ss per URL, body %s bytes)\n' \
  "$rounds" "$secs" "$(wc -c < $body)"
printf '  POST /v1/echo       %10.0f req/s\n' "$echo_rps"
printf '  POST /v1/validate   %10.0f req/s\n' "$validate_rps"
printf '  validate / echo time per request: %sx (target <= 1.5x)\n' "$ratio"
