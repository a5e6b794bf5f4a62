#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests.
#
#   scripts/postgres-test-server.sh start DIR   installs PostgreSQL if needed, starts a server with its data, socket and
#                                               log in DIR, prints BEACH_TEST_POSTGRES=<Npgsql connection string>
#   scripts/postgres-test-server.sh stop DIR    stops the server started in DIR and removes DIR
#
# The server listens on 127.0.0.1 only, on a free port, with fsync on (the default). Tests connect as "beach", a role
# that is not a superuser (row-level security never applies to superusers) and may create databases, so that each
# test fixture gets a database of its own. Root cannot run PostgreSQL, so as root the server runs as the "postgres"
# OS user (created when missing).
set -euo pipefail

readonly ROLE=beach
readonly DATABASE=beach_test
readonly START_TIMEOUT_SECONDS=30
readonly STOP_TIMEOUT_SECONDS=15

die() { echo "postgres-test-server: $*" >&2; exit 1; }

find_bin() {
  local initdb
  initdb=$(ls -1 /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  [[ -n "$initdb" ]] && dirname "$initdb"
  return 0
}

install_postgres() {
  [[ $(id -u) -eq 0 ]] || die "PostgreSQL is not installed under /usr/lib/postgresql and installing it needs root."
  echo "postgres-test-server: installing PostgreSQL (apt-get)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
}

# Runs a command as the server's OS user: "postgres" when we are root, ourselves otherwise.
as_server_user() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! port_in_use "$port"; then
      echo "$port"
      return 0
    fi
  done
  die "found no free TCP port on 127.0.0.1"
}

start() {
  local dir=$1
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [[ -e "$dir/data" ]] && die "$dir already holds a server; stop it first"

  local bin
  bin=$(find_bin)
  if [[ -z "$bin" ]]; then
    install_postgres
    bin=$(find_bin)
    [[ -n "$bin" ]] || die "apt-get installed postgresql but no initdb is under /usr/lib/postgresql/*/bin"
  fi

  if [[ $(id -u) -eq 0 ]]; then
    id -u postgres >/dev/null 2>&1 || useradd --system --user-group --home-dir /nonexistent --shell /usr/sbin/nologin postgres
    # The server user must reach its folders inside DIR (mktemp -d makes DIR private to root).
    chmod 0755 "$dir"
  fi
  mkdir -p "$dir/data" "$dir/socket" "$dir/log"
  [[ $(id -u) -eq 0 ]] && chown postgres: "$dir/data" "$dir/socket" "$dir/log"
  chmod 0700 "$dir/data"

  local password
  password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')

  # Local (socket) connections trust the superuser: the socket lives in DIR, which only this run knows of.
  if ! as_server_user "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --no-locale \
      --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    die "initdb failed"
  fi

  local port started=0
  for _ in 1 2 3; do
    port=$(free_port)
    if as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/log/postgres.log" -w -t "$START_TIMEOUT_SECONDS" \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$dir/socket' -c max_connections=200" \
        start >"$dir/pg_ctl.log" 2>&1; then
      started=1
      break
    fi
    # Lost a race for the port (or the server failed outright): the log says which.
    grep -q "could not bind\|Address already in use" "$dir/log/postgres.log" 2>/dev/null || break
  done
  if [[ $started -ne 1 ]]; then
    echo "postgres-test-server: the server did not come up (waited up to ${START_TIMEOUT_SECONDS}s); its log:" >&2
    cat "$dir/pg_ctl.log" "$dir/log/postgres.log" >&2 2>/dev/null || true
    die "PostgreSQL failed to start"
  fi
  head -n 1 "$dir/data/postmaster.pid" >"$dir/postgres.pid"

  as_server_user "$bin/psql" -h "$dir/socket" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE ROLE $ROLE LOGIN NOSUPERUSER CREATEDB NOCREATEROLE PASSWORD '$password'" \
    -c "CREATE DATABASE $DATABASE OWNER $ROLE" >&2

  local connection="Host=127.0.0.1;Port=$port;Username=$ROLE;Password=$password;Database=$DATABASE"
  echo "$connection" >"$dir/connection-string"
  echo "BEACH_TEST_POSTGRES=$connection"
}

stop() {
  local dir=$1
  [[ -d "$dir" ]] || return 0
  if [[ -f "$dir/postgres.pid" ]]; then
    local pid
    pid=$(cat "$dir/postgres.pid")
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      # SIGINT is PostgreSQL's fast shutdown: it ends sessions, checkpoints and exits.
      kill -INT "$pid" 2>/dev/null || true
      for _ in $(seq 1 $((STOP_TIMEOUT_SECONDS * 10))); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      if kill -0 "$pid" 2>/dev/null; then
        echo "postgres-test-server: server $pid ignored SIGINT for ${STOP_TIMEOUT_SECONDS}s; killing it" >&2
        kill -KILL "$pid" 2>/dev/null || true
        sleep 0.5
      fi
    fi
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) [[ $# -eq 2 ]] || die "usage: $0 start DIR"; start "$2" ;;
  stop)  [[ $# -eq 2 ]] || die "usage: $0 stop DIR"; stop "$2" ;;
  *) echo "usage: $0 start DIR | stop DIR" >&2; exit 2 ;;
esac
