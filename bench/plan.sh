#!/bin/sh
# bench/plan.sh: a plan of 100,000 tasks over 10,000 instances in 3 AZs, and
# the same at 10x (bench/README.md "Plans"). Lua 5.4 (the target)
# and LuaJIT, gcc build. Run from the top folder after `make build`.
set -e
for lua in lua5.4 luajit; do
  LUA_PATH="./lua/?.lua;;" LUA_CPATH="build/gcc/$lua/?.so;;" $lua bench/plan.lua "${PLAN_RUNS:-5}"
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
