#!/bin/sh
# Runs every suite of `make test` (after the build) and ends with one line
# "N passed, N failed" over all runs. Exits non-zero on any failure.
# `run-tests.sh quick` (behind `make check`) runs only the developer's quick
# steps: the gcc C tests, busted on Lua 5.4 (gcc build) and luacheck.
#
# Each step's output goes to build/test-logs/<step>.log; a failing step's log
# tail is printed. Counted: C checks, busted tests per Lua, luacheck files,
# sanitizer and valgrind runs of the suite, examples, the LuaRocks install.
set -u
cd "$(dirname "$0")/.." || exit 2
MODE=${1:-all}
case $MODE in
  all|quick) ;;
  *) echo "usage: $0 [all|quick]" >&2; exit 2 ;;
esac

# Scratch space; concurrent runs (developers' helpers) each set their own.
TMP=${ECSNET_TEST_TMP:-build/test-run}
LOGS=$TMP/logs
mkdir -p "$LOGS"
FUZZ_TEST_SECONDS=${FUZZ_TEST_SECONDS:-30}
PASSED=0
FAILED=0
BUSTED="/usr/bin/busted"
LPATH="./lua/?.lua;./spec/?.lua;./examples/?.lua"

add() { PASSED=$((PASSED + $1)); FAILED=$((FAILED + $2)); }

# report NAME STATUS PASS FAIL: one line per step
report() {
  if [ "$2" -eq 0 ] && [ "$4" -eq 0 ]; then
    printf '  ok    %-34s %s passed\n' "$1" "$3"
  else
    printf '  FAIL  %-34s %s passed, %s failed (exit %s; log %s)\n' "$1" "$3" "$4" "$2" "$LOGS/$1.log"
    tail -n 40 "$LOGS/$1.log" | sed 's/^/        | /'
  fi
}

# A step that prints "N passed, N failed" (the C tests).
ctest() {
  name=$1; shift
  "$@" > "$LOGS/$name.log" 2>&1
  st=$?
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$LOGS/$name.log" | tail -n 1)
  p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed.*/\1/p'); p=${p:-0}
  f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed$/\1/p'); f=${f:-1}
  [ "$st" -ne 0 ] && [ "$f" -eq 0 ] && f=1
  add "$p" "$f"; report "$name" "$st" "$p" "$f"
}

# A busted run: counts successes; failures, errors and pending count as failed.
bustedrun() {
  name=$1; shift
  "$@" > "$LOGS/$name.log" 2>&1
  st=$?
  line=$(grep -E '[0-9]+ successes? / [0-9]+ failures? / [0-9]+ errors? / [0-9]+ pending' "$LOGS/$name.log" | tail -n 1)
  if [ -z "$line" ]; then
    p=0; f=1
  else
    set -- $(echo "$line" | sed 's/[^0-9 ]//g; s/  */ /g')
    p=$1; f=$(($2 + $3 + $4))
  fi
  [ "$st" -ne 0 ] && [ "$f" -eq 0 ] && f=1
  add "$p" "$f"; report "$name" "$st" "$p" "$f"
}

# A step that passes or fails as a whole.
single() {
  name=$1; shift
  "$@" > "$LOGS/$name.log" 2>&1
  st=$?
  if [ "$st" -eq 0 ]; then add 1 0; report "$name" 0 1 0; else add 0 1; report "$name" "$st" 0 1; fi
}

# 1. C tests of the core alone (no Lua), from the given build folders (the
#    gcc, clang and ASan+UBSan builds).
ctests() {
  for t in "$@"; do
    [ -x "$t" ] || continue
    case "$t" in
      build/asan/*) ctest "c-$(echo "$t" | cut -d/ -f2)-$(basename "$t")" \
                      env ASAN_OPTIONS=detect_leaks=1 "$t" ;;
      *) ctest "c-$(echo "$t" | cut -d/ -f2)-$(basename "$t")" "$t" ;;
    esac
  done
}

# 2. busted on one Lua with one compiler's build.
bustedon() {
  suffix=""; [ "$2" = gcc ] || suffix="-$2"
  bustedrun "busted-$1$suffix" "$1" $BUSTED --lpath="$LPATH" --cpath="build/$2/$1/?.so" spec
}

# 3. luacheck over the Lua sources.
lint() {
  dirs=""
  for d in lua spec bin examples; do [ -d "$d" ] && dirs="$dirs $d"; done
  # shellcheck disable=SC2086
  luacheck --no-color $dirs
}

if [ "$MODE" = quick ]; then
  echo "ecsnet quick checks (make check; make test runs the whole suite)"
  ctests build/gcc/test/*
  bustedon lua5.4 gcc
  single luacheck lint
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
  exit
fi

echo "ecsnet test suite"

ctests build/gcc/test/* build/clang/test/* build/asan/test/*

# 1b. Script-driven suites (e.g. differential tests against Python's
#     ipaddress): every test/*.sh prints "N passed, N failed".
for t in test/*.sh; do
  [ -f "$t" ] || continue
  ctest "script-$(basename "$t" .sh)" sh "$t"
done

# 1c. The core from 8 threads under ThreadSanitizer.
for t in build/tsan/test/*; do
  [ -x "$t" ] || continue
  ctest "c-tsan-$(basename "$t")" env TSAN_OPTIONS=halt_on_error=1 "$t"
done

# 2. busted on every Lua (gcc build), and on Lua 5.4 with the clang build.
for lua in lua5.4 lua5.3 lua5.1 luajit; do
  bustedon $lua gcc
done
bustedon lua5.4 clang

single luacheck lint

# 4. The suite under ASan+UBSan (Lua 5.4, leaks detected).
ASAN_LIBS="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)"
bustedrun busted-asan-ubsan env LD_PRELOAD="$ASAN_LIBS" \
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ECSNET_SANITIZED=1 lua5.4 $BUSTED --lpath="$LPATH" --cpath="build/asan/lua5.4/?.so" spec

# 5. The suite under valgrind memcheck: no errors, nothing definitely or
#    indirectly lost.
bustedrun busted-valgrind valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
  --show-leak-kinds=definite,indirect --error-exitcode=99 \
  lua5.4 $BUSTED --lpath="$LPATH" --cpath="build/gcc/lua5.4/?.so" spec

# 5b. Robustness: the API under an allocator failing the k-th allocation for
#     every k (ASan+UBSan, LeakSanitizer), and from 8 lua_States on 8 threads
#     at once (ThreadSanitizer).
ctest allocfail env ASAN_OPTIONS=detect_leaks=1 ALLOCFAIL_STEP="${ALLOCFAIL_STEP:-1}" \
  build/asan/allocfail test/lua/workload.lua "build/asan/lua5.4/?.so" "$LPATH"
ctest tsan-states env TSAN_OPTIONS=halt_on_error=1 \
  build/tsan/states test/lua/workload.lua "build/tsan/lua5.4/?.so" "$LPATH" 8 20

# 6. Every example runs, on Lua 5.4 and LuaJIT.
runex() {
  lua=$1; ex=$2
  LUA_PATH="./lua/?.lua;./examples/?.lua;;" LUA_CPATH="build/gcc/$lua/?.so;;" $lua "$ex"
}
for ex in examples/*.lua; do
  [ -f "$ex" ] || continue
  for lua in lua5.4 luajit; do
    single "example-$(basename "$ex" .lua)-$lua" runex $lua "$ex"
  done
done
for sh in examples/*.sh; do
  [ -f "$sh" ] || continue
  single "example-$(basename "$sh" .sh)" sh "$sh"
done

# 7. Every fuzz harness for a short run (make fuzz runs them longer).
for h in build/fuzz/fuzz_*; do
  [ -x "$h" ] || continue
  name=$(basename "$h")
  fuzzrun() {
    mkdir -p "$TMP/corpus-$name" "$TMP/artifacts"
    seeds=""; [ -d "fuzz/$name" ] && seeds="fuzz/$name"
    # shellcheck disable=SC2086
    "$h" -max_total_time="$FUZZ_TEST_SECONDS" -print_final_stats=1 -rss_limit_mb=2048 -timeout=10 \
      -artifact_prefix="$TMP/artifacts/" "$TMP/corpus-$name" $seeds
  }
  single "fuzz-$name" fuzzrun
done

# 8. The rockspec: `luarocks make` into a scratch tree (offline), lint, and
#    require "ecsnet" from that tree alone.
rock() {
  rm -rf "$TMP/rock-src" "$TMP/rocks"
  mkdir -p "$TMP/rock-src"
  cp -r src lua ecsnet-scm-1.rockspec "$TMP/rock-src/"
  for d in examples docs bin; do [ -d "$d" ] && cp -r "$d" "$TMP/rock-src/"; done
  tree=$(pwd)/$TMP/rocks
  (cd "$TMP/rock-src" && luarocks --lua-version 5.4 --tree "$tree" make --no-manifest ecsnet-scm-1.rockspec) &&
  luarocks lint ecsnet-scm-1.rockspec &&
  LUA_PATH="$tree/share/lua/5.4/?.lua" LUA_CPATH="$tree/lib/lua/5.4/?.so" \
    lua5.4 -e 'local e = require "ecsnet"; assert(e.mode("awsvpc").own_eni); print("ecsnet " .. e._VERSION .. " from the rock tree")' &&
  (cd "$tree" && ./bin/ecsnet modes none --format json | grep -q '"name": "none"') &&
  { [ ! -d docs ] || [ -d "$tree/lib/luarocks/rocks-5.4/ecsnet/scm-1/docs" ]; } &&
  echo "the installed ecsnet command runs"
}
single luarocks-make rock

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
