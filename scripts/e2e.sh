#!/usr/bin/env bash
# Browser tests of the web console against the real binary: installs chromium (Debian's), generates a
# fresh small demo province (`anxin demo --scale $E2E_SCALE`: real divisions, projects, workers, payrolls,
# clues, cases, warnings and one login per role) in a SQLite database in a temp dir, adds the login
# the lockout test locks, starts `anxin serve` on a free loopback port, runs web/e2e, stops the server.
#   scripts/e2e.sh [path/to/anxin] [test-name filter]      SCREENSHOTS=1 also writes docs/screenshots/
#   WEB_DIST=dir serves another build of the console (default web/dist).
#   E2E_SCALE (default 0.05: 15 projects, 1,000 workers) is the smallest scale at which every login
#   (lixia, jiefanglu, jinan, zhujian, laowu, bank) has projects, workers and payrolls in its scope and
#   the province still has arrears projects, cases in every state and warnings of every level.
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
export ANXIN_PASSWORD='Sx8#Kp3-Vn'
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")

scale=${E2E_SCALE:-0.05}
started=$(date +%s)
"$anxin" --log-level warn demo --scale "$scale" --files-dir "$tmp/files" >"$tmp/demo.log" || { cat "$tmp/demo.log" >&2; exit 1; }
echo "e2e: demo province (scale $scale) in $(($(date +%s) - started)) s: $(grep -m1 'phases:' "$tmp/demo.log" | sed 's/^ *//')"
# The demo's logins (admin, secadmin, auditor, jinan, lixia, jiefanglu, zhujian, laowu, bank) have the
# demo password, which ANXIN_PASSWORD repeats; 01-login locks this extra one and 02-system unlocks it.
"$anxin" --log-level warn user add --username locked --role supervisor --region 370102 --display-name 郑锁定 >/dev/null

"$anxin" --log-level warn serve --listen "127.0.0.1:$port" --web-root "$web_dist" \
  --audit-checkpoints "$tmp/audit-checkpoints.log" --files-dir "$tmp/files" >"$tmp/server.log" 2>&1 &
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
# The audit trail the whole run wrote, against the checkpoint the server signs when it stops.
kill "$server_pid" && wait "$server_pid" || true
server_pid=""
"$anxin" --log-level warn audit verify --checkpoints "$tmp/audit-checkpoints.log" || status=$?
exit $status
