#!/usr/bin/env bash
# Run one command against a throwaway PostgreSQL server, then stop the server (even on failure).
#
#   scripts/with-postgres.sh DIR COMMAND [ARG…]
#
# Uses Debian's `postgresql` package (installed through apt when missing). The server gets its
# own data directory DIR/data (made afresh each run), listens on 127.0.0.1 only, on a free port
# (no Unix socket), with durability off (fsync, full-page writes) since nothing in it outlives
# the run. PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user.
# New databases go to a tablespace in /dev/shm when there is one (template1 is moved there):
# the tests make a database per test, and creating its ~900 files costs 0.2-0.5 s on disk
# against ~15 ms in memory.
# COMMAND sees GATEWAY_TEST_DATABASE_URL (the server's `postgres` database, superuser, trust
# authentication on loopback) and PGPORT; its exit status is this script's.
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 DIR COMMAND [ARG…]" >&2
  exit 2
fi
base=$1
asked=$1
shift

bindir() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$found" ] && [ -x "$found/pg_ctl" ] && echo "$found"
}

if ! bin=$(bindir); then
  echo "installing Debian package: postgresql"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  bin=$(bindir) || { echo "postgresql is installed but pg_ctl was not found" >&2; exit 1; }
fi

as_owner=()
scratch_base=""  # a temporary data folder, removed at the end
if [ "$(id -u)" = 0 ]; then
  as_owner=(runuser -u postgres --)
fi

mkdir -p "$base"
base=$(cd "$base" && pwd)
data=$base/data
if [ -n "${as_owner[*]}" ] && ! "${as_owner[@]}" test -x "$base"; then
  # the postgres user cannot reach DIR (a checkout under /root, say): use a private temp dir
  base=$(mktemp -d "${TMPDIR:-/tmp}/emrex-gateway-pg.XXXXXX")
  data=$base/data
  scratch_base=$base
  echo "note: $asked is not reachable by the postgres user; the server's data is in $base"
fi
if [ -f "$data/postmaster.pid" ]; then  # left by a run that was killed: stop that server first
  "${as_owner[@]}" "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
fi
rm -rf "$data"
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  space=$(mktemp -d /dev/shm/emrex-gateway-pg.XXXXXX)
else
  space=$base/tablespace
  rm -rf "$space"
  mkdir -p "$space"
fi
trap 'rm -rf "$space" $scratch_base' EXIT
if [ -n "${as_owner[*]}" ]; then
  chown postgres: "$base" "$space"
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$base/server.log

"${as_owner[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 \
  --locale=C.UTF-8 --no-sync >"$base/initdb.log" 2>&1 \
  || { cat "$base/initdb.log" >&2; exit 1; }

stop() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$data" -m fast -t 30 stop >/dev/null 2>&1 \
    || "${as_owner[@]}" "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$space" $scratch_base
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

options="-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories= \
-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400 \
-c shared_buffers=256MB"
"${as_owner[@]}" "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 -o "$options" start >/dev/null \
  || { cat "$log" >&2; exit 1; }
"$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 \
  -c "CREATE TABLESPACE scratch LOCATION '$space'" \
  -c "ALTER DATABASE template1 SET TABLESPACE scratch" >/dev/null
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($data, new databases in $space)"

export PGPORT=$port
export GATEWAY_TEST_DATABASE_URL="postgresql+asyncpg://postgres@127.0.0.1:$port/postgres"
status=0
"$@" || status=$?
exit $status
