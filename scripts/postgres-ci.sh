#!/usr/bin/env bash
# A throw-away PostgreSQL server for tests and CI: a fresh cluster in a temp directory, listening on a free
# loopback port (and a unix socket in the same directory), trust authentication, fsync off. Test data only.
#
#   eval "$(scripts/postgres-ci.sh start)"   # exports DATABASE_URL PGHOST PGPORT PGUSER PGDATABASE PGCI_DIR
#   scripts/postgres-ci.sh stop "$PGCI_DIR"  # stops the server and deletes the directory
#
# Options (environment): PGCI_PASSWORD=secret requires that password (scram-sha-256) on TCP connections (the
# printed DATABASE_URL carries it; the socket stays trust); PGCI_SERVER_OPTIONS="-c log_statement=all" adds
# server settings (server.log in PGCI_DIR holds the log).
# When the server programs (initdb, pg_ctl) are missing it installs Debian's `postgresql` with apt-get (as root).
# As root, the server runs as the `postgres` system user (PostgreSQL refuses to run as root).
# Progress and errors go to stderr; stdout carries only the `export` lines.
set -euo pipefail

MARKER=.electric-migrations-pgci
OSUSER=${PGCI_OSUSER:-postgres}

log() { echo "postgres-ci: $*" >&2; }

find_pgbin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return; fi
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v initdb)"; fi
}

install_postgres() {
  if [ "$(id -u)" != 0 ]; then
    log "PostgreSQL server programs not found and not root: install the 'postgresql' package (or set PGBIN)"
    exit 1
  fi
  log "installing postgresql with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q --no-install-recommends postgresql </dev/null >&2; then
    apt-get update -q </dev/null >&2
    apt-get install -y -q --no-install-recommends postgresql </dev/null >&2
  fi
}

run_as_server_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$OSUSER" -- "$@"; else "$@"; fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {
  PGBIN=${PGBIN:-$(find_pgbin)}
  if [ -z "$PGBIN" ]; then
    install_postgres
    PGBIN=$(find_pgbin)
    [ -n "$PGBIN" ] || { log "postgresql installed but initdb/pg_ctl still not found"; exit 1; }
  fi
  if [ "$(id -u)" = 0 ] && ! id -u "$OSUSER" >/dev/null 2>&1; then
    log "creating system user $OSUSER"
    useradd --system --no-create-home --shell /usr/sbin/nologin "$OSUSER"
  fi

  local dir port
  dir=$(mktemp -d "${TMPDIR:-/tmp}/pgci.XXXXXX")
  touch "$dir/$MARKER"
  [ "$(id -u)" = 0 ] && chown -R "$OSUSER" "$dir"
  port=${PGCI_PORT:-$(free_port)}

  local auth=(-A trust)
  if [ -n "${PGCI_PASSWORD:-}" ]; then
    (umask 077; printf '%s\n' "$PGCI_PASSWORD" >"$dir/pwfile")
    [ "$(id -u)" = 0 ] && chown "$OSUSER" "$dir/pwfile"
    auth=(--auth-local=trust --auth-host=scram-sha-256 "--pwfile=$dir/pwfile")
  fi
  if ! run_as_server_user "$PGBIN/initdb" -D "$dir/data" -U postgres "${auth[@]}" -E UTF8 --locale=C.UTF-8 --no-sync \
      >"$dir/initdb.log" 2>&1; then
    log "initdb failed:"; cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1
  fi
  if ! run_as_server_user "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${PGCI_SERVER_OPTIONS:-}" \
      start >"$dir/pg_ctl.log" 2>&1; then
    log "server did not start:"; cat "$dir/pg_ctl.log" "$dir/server.log" >&2 || true
    rm -rf "$dir"; exit 1
  fi
  if ! run_as_server_user env -u PGDATABASE -u PGHOST -u PGPORT -u PGUSER -u DATABASE_URL \
      "$PGBIN/psql" -h "$dir" -p "$port" -U postgres -d postgres -qAtX -c 'CREATE DATABASE test' >/dev/null; then
    log "could not create database test"; stop "$dir"; exit 1
  fi
  log "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $dir)"
  echo "export PGCI_DIR=$dir PGSOCKET_DIR=$dir PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGDATABASE=test"
  if [ -n "${PGCI_PASSWORD:-}" ]; then
    echo "export DATABASE_URL=postgres://postgres:$(node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$PGCI_PASSWORD")@127.0.0.1:$port/test"
  else
    echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$port/test"
  fi
}

stop() {
  local dir=${1:-${PGCI_DIR:-}}
  [ -n "$dir" ] || { log "usage: $0 stop DIR (or set PGCI_DIR)"; exit 2; }
  # Only ever delete a directory this script made.
  [ -f "$dir/$MARKER" ] || { log "$dir was not made by postgres-ci.sh; leaving it alone"; exit 1; }
  PGBIN=${PGBIN:-$(find_pgbin)}
  if [ -n "$PGBIN" ] && [ -d "$dir/data" ]; then
    run_as_server_user "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-start}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) log "usage: $0 start | stop DIR"; exit 2 ;;
esac
