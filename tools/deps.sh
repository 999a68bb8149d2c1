#!/bin/sh
# Installs the Debian packages that building and testing ecsnet need.
# Idempotent: runs 'apt-get update' only when something is missing. As root it
# installs; otherwise it prints the exact apt-get line and fails.
set -eu

PKGS="gcc make clang libclang-rt-14-dev valgrind python3 curl
lua5.4 liblua5.4-dev lua5.3 liblua5.3-dev lua5.1 liblua5.1-0-dev
luajit2 libluajit2-5.1-dev libcjson-dev libcidr-dev libyaml-dev pkg-config
lua-busted lua-check luarocks lua-cjson lua-ldoc lua-markdown
nginx-core libnginx-mod-http-lua wrk apache2-utils"

missing=""
for p in $PKGS; do
  s=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$s" = "installed" ] || missing="$missing $p"
done

[ -z "$missing" ] && exit 0

line="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" != 0 ]; then
  echo "ecsnet: missing Debian packages:$missing" >&2
  echo "ecsnet: run as root:  apt-get update && $line" >&2
  exit 1
fi
echo "ecsnet: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
