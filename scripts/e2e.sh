#!/usr/bin/env bash
# Browser tests of the web console against the real binary: installs chromium (Debian's), starts
# `anxin serve` on a free loopback port with a fresh SQLite database in a temp dir, loads the
# divisions, creates one login per role (plus one to lock out), runs web/e2e, stops the server.
#   scripts/e2e.sh [path/to/anxin] [test-name filter]      SCREENSHOTS=1 also writes docs/screenshots/
#   WEB_DIST=dir serves another build of the console (default web/dist).
set -euo pipefail
cd "$(dirname "$0")/.."
anxin=$(realpath "${1:-build/release/server/anxin}")
filter=${2:-}

bash scripts/install-deps.sh --browser
[[ -x $anxin ]] || { echo "e2e: $anxin is not built (make build)" >&2; exit 1; }
web_dist=$(realpath "${WEB_DIST:-web/dist}")
[[ -f $web_dist/index.html ]] || { echo "e2e: $web_dist is not built (make web)" >&2; exit 1; }

tmp=$(mktemp -d -t anxin-e2e.XXXXXX)
server_pid=""
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

export ANXIN_DB="sqlite://$tmp/e2e.db"
ANXIN_DATA_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export ANXIN_DATA_KEY
export ANXIN_PASSWORD='Anxin@2026'
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")

"$anxin" --log-level warn regions import >"$tmp/import.log"
# username role region display-name extra
while read -r user role region name extra; do
  # shellcheck disable=SC2086
  "$anxin" --log-level warn user add --username "$user" --role "$role" --region "$region" --display-name "$name" \
    $extra >/dev/null
done <<'USERS'
admin system-admin 37 王建国
secadmin security-admin 37 李安全
auditor audit-admin 37 赵审计
lixia supervisor 370102 刘历下
zhujian industry-officer 3701 孙住建 --industry housing
laowu enterprise-user 370102 周劳务 --enterprise demo-enterprise
bank bank-operator 37 吴银行 --bank icbc
locked supervisor 370102 郑锁定
USERS

"$anxin" --log-level warn serve --listen "127.0.0.1:$port" --web-root "$web_dist" >"$tmp/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
node -e "
  const deadline = Date.now() + 20000;
  (async function poll() {
    try { if ((await fetch('$base/api/v1/health')).ok) process.exit(0) } catch {}
    if (Date.now() > deadline) { console.error('e2e: server did not start'); process.exit(1) }
    setTimeout(poll, 200)
  })()" || { cat "$tmp/server.log" >&2; exit 1; }

status=0
(cd web && E2E_BASE_URL=$base E2E_PASSWORD=$ANXIN_PASSWORD node e2e/run.mjs "$filter") || status=$?
if ((status != 0)); then echo "--- server log (last 40 lines)"; tail -n 40 "$tmp/server.log"; fi
exit $status
