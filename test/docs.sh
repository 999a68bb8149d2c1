#!/bin/sh
# test/docs.sh: every fenced lua and sh block of README.md, docs/*.md and
# the examples' READMEs runs, and its claims hold (test/doc_snippets.lua).
# The blocks run in build/doc-test, which links every top-level entry of
# the tree, so that the files they write stay out of it. Needs the gcc
# Lua 5.4 build (make test builds it first).
cd "$(dirname "$0")/.." || exit 2
top=$PWD
scratch=build/doc-test
rm -rf "$scratch" && mkdir -p "$scratch" || exit 2
for e in * .[!.]*; do
  [ -e "$e" ] && [ "$e" != .git ] && ln -s "$top/$e" "$scratch/$e"
done
set -- README.md docs/*.md
for f in examples/*/README.md; do [ -f "$f" ] && set -- "$@" "$f"; done
cd "$scratch" || exit 2
LUA_PATH="./lua/?.lua;./examples/?.lua;;" LUA_CPATH="build/gcc/lua5.4/?.so;;" \
  PATH="$top/bin:$PATH" exec lua5.4 test/doc_snippets.lua "$@"
