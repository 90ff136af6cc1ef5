#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests and benchmarks: a cluster of its own in FOLDER, on a free loopback
# port, one role `hermine` (trust authentication on loopback) that may create databases.
#   scripts/postgres.sh start FOLDER [fast]   prints its URL: postgres://hermine@127.0.0.1:PORT/postgres
#                                             (fast: no fsync, for tests that do not kill the server itself)
#   scripts/postgres.sh stop FOLDER           stops it by its process id
# Installs Debian's postgresql when it is missing (as root). Run as root, the server runs as `postgres`.
set -euo pipefail
command=${1:?start or stop}
folder=${2:?a folder}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] && [ "$command" = start ]; then
  [ "$(id -u)" = 0 ] || { echo "PostgreSQL is not installed: apt-get install postgresql" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null && apt-get install -y -q postgresql >/dev/null
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case $command in
start)
  mkdir -p "$folder"
  [ "$(id -u)" = 0 ] && chown postgres "$folder"
  as_owner "$bin/initdb" -D "$folder/data" -U hermine --auth=trust -E UTF8 --locale=C >"$folder/initdb.log"
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  options="-p $port -k $folder -c listen_addresses=127.0.0.1 -c max_connections=500 -c shared_buffers=256MB"
  [ "${3:-}" = fast ] && options="$options -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  as_owner "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -o "$options" -w start >/dev/null
  echo "postgres://hermine@127.0.0.1:$port/postgres"
  ;;
stop)
  [ -f "$folder/data/postmaster.pid" ] || exit 0
  pid=$(head -1 "$folder/data/postmaster.pid")
  kill -INT "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  ;;
*) echo "usage: $0 start|stop FOLDER" >&2; exit 2 ;;
esac
