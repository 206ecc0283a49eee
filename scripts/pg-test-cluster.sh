#!/usr/bin/env bash
# A throwaway PostgreSQL 15 + PostGIS cluster for the store tests.
#
#   scripts/pg-test-cluster.sh start   # prints the URL for PALVELUVERKKO_TEST_DATABASE_URL
#   scripts/pg-test-cluster.sh stop    # stops it and removes its directory
#
# Both are idempotent: start on a running cluster prints the URL again; stop on none does nothing.
# Needs Debian's postgresql-15 and postgresql-15-postgis-3 (apt-get install -y postgresql-15
# postgresql-15-postgis-3). As root the server runs as the postgres user (initdb refuses root).
# Local connections are trusted and the server listens on 127.0.0.1 only: for tests, never for data.
#
# Environment: PALVELUVERKKO_PG_DIR (default /tmp/palveluverkko-pg-test), PALVELUVERKKO_PG_PORT
# (default 54329), PALVELUVERKKO_PG_DB (default palveluverkko_test).
set -euo pipefail

DIR="${PALVELUVERKKO_PG_DIR:-/tmp/palveluverkko-pg-test}"
PORT="${PALVELUVERKKO_PG_PORT:-54329}"
DB="${PALVELUVERKKO_PG_DB:-palveluverkko_test}"
BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
URL="postgres://postgres@127.0.0.1:${PORT}/${DB}"

say() { echo "pg-test-cluster: $*" >&2; }

# Runs a command as the cluster's owner: postgres when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

running() { [ -f "$DIR/data/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; }

psql_() { as_owner env PGOPTIONS="-c client_min_messages=warning" psql -v ON_ERROR_STOP=1 -qAt -h 127.0.0.1 -p "$PORT" -U postgres "$@"; }

start() {
  if [ ! -x "$BIN/initdb" ]; then
    say "no PostgreSQL server in $BIN: apt-get install -y postgresql-15 postgresql-15-postgis-3"
    exit 1
  fi
  mkdir -p "$DIR"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$DIR"; fi
  if [ ! -f "$DIR/data/PG_VERSION" ]; then
    say "initdb in $DIR/data"
    as_owner "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
  fi
  if ! running; then
    say "starting on 127.0.0.1:$PORT"
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
      -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null ||
      { tail -20 "$DIR/server.log" >&2; exit 1; }
  fi
  if [ "$(psql_ -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
    psql_ -d postgres -c "CREATE DATABASE $DB"
  fi
  psql_ -d "$DB" -c "CREATE EXTENSION IF NOT EXISTS postgis"
  echo "$URL"
}

stop() {
  if running; then
    say "stopping"
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null
  fi
  rm -rf "$DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
