#!/bin/sh
# Runs the example user spec in examples/busted/ (the ecsnet.busted
# assertions) with busted on Lua 5.4; exits non-zero when it fails.
# Run from the top folder after `make`; tools/run-tests.sh runs it.
set -eu
cd "$(dirname "$0")/.."
exec lua5.4 /usr/bin/busted --lpath="./lua/?.lua" --cpath="${ECSNET_CPATH:-build/gcc/lua5.4/?.so}" \
  --pattern=_spec examples/busted
