#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL 15 on a free loopback port, exported to it as
# ANXIN_TEST_POSTGRES, and stops and deletes the server afterwards whatever the command's outcome.
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
[[ -x $PGBIN/initdb ]] || { echo "PostgreSQL 15 not found in $PGBIN (run scripts/install-deps.sh)" >&2; exit 1; }

dir=$(mktemp -d /tmp/anxin-pg.XXXXXX)
as_pg=()
if [[ $(id -u) -eq 0 ]]; then
  # The server refuses to run as root.
  chown postgres "$dir"
  as_pg=(runuser -u postgres --)
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"${as_pg[@]}" "$PGBIN/initdb" -D "$dir/data" -A trust -U anxin -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
stop() {
  "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
"${as_pg[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null
"$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U anxin anxin_test
export ANXIN_TEST_POSTGRES="postgresql://anxin@127.0.0.1:$port/anxin_test"
echo "==> PostgreSQL 15 on 127.0.0.1:$port"
"$@"
