#!/bin/sh
# Starts a private nginx (Debian's nginx + libnginx-mod-http-lua, LuaJIT) with
# ecsnet on 127.0.0.1, in its own prefix folder; stops it with "stop".
#
#   examples/openresty/run.sh start PREFIX PORT   # prints the master's pid
#   examples/openresty/run.sh stop PREFIX
#
# ECSNET_CATALOG names another service-catalog folder (default: catalog/).
# The module must be built for LuaJIT first (make builds build/gcc/luajit/).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cmd=${1:-}
prefix=${2:-}
[ -n "$prefix" ] || { echo "usage: run.sh start|stop PREFIX [PORT]" >&2; exit 2; }

case "$cmd" in
  start)
    port=${3:?port}
    cpath=${ECSNET_LUAJIT_CPATH:-$root/build/gcc/luajit}
    [ -f "$cpath/ecsnet/core.so" ] || { echo "run.sh: $cpath/ecsnet/core.so not built (run make)" >&2; exit 2; }
    mkdir -p "$prefix/conf" "$prefix/logs"
    catalog=${ECSNET_CATALOG:-$here/catalog}
    sed -e "s|@ROOT@|$root|g" -e "s|@CPATH@|$cpath|g" -e "s|@PORT@|$port|g" -e "s|@CATALOG@|$catalog|g" \
      "$here/nginx.conf" > "$prefix/conf/nginx.conf"
    # A master started by root runs its workers as 'nobody', who may not be
    # able to read a private checkout (CI clones into a 0700 temp folder).
    # This private test server is on loopback only: keep the workers as the
    # user who started it. A production config names its own user.
    if [ "$(id -u)" = 0 ]; then
      { echo "user root;"; cat "$prefix/conf/nginx.conf"; } > "$prefix/conf/nginx.conf.tmp"
      mv "$prefix/conf/nginx.conf.tmp" "$prefix/conf/nginx.conf"
    fi
    nginx -p "$prefix" -c conf/nginx.conf -e "$prefix/logs/error.log"
    # wait for the pid file and the port
    i=0
    while [ ! -s "$prefix/logs/nginx.pid" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    cat "$prefix/logs/nginx.pid"
    ;;
  stop)
    if [ -s "$prefix/logs/nginx.pid" ]; then
      nginx -p "$prefix" -c conf/nginx.conf -e "$prefix/logs/error.log" -s quit || true
      i=0
      while [ -s "$prefix/logs/nginx.pid" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    fi
    ;;
  *) echo "usage: run.sh start|stop PREFIX [PORT]" >&2; exit 2 ;;
esac
