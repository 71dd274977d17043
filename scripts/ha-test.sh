#!/usr/bin/env bash
# High-availability drill (issue 14; docs/deploy.md "City scale"): a three-node PostgreSQL 15 cluster
# managed by Patroni with etcd, all on loopback ports, the platform in front of it through a libpq
# multi-host URL (target_session_attrs=read-write), a steady write load (gate punches re-sent until
# acknowledged, staff complaints never re-sent), then the primary is killed (kill -9 of its Patroni
# and its postmaster: the machine is gone). Checks: writes resume on the new primary within 45 s,
# every acknowledged write is in the database (0 lost), no punch or complaint is there twice, and the
# audit chain verifies. Not part of `make test` (it needs about three minutes and the Debian packages
# patroni and etcd-server, which it installs); a person runs it before a release:
#
#   scripts/ha-test.sh [build/release/server/anxin]
#
# Synchronous replication (Patroni's synchronous_mode) is what makes "0 lost" hold: a commit is
# acknowledged only once a standby has it, and Patroni promotes only that standby.
set -euo pipefail
cd "$(dirname "$0")/.."
anxin=$(realpath "${1:-build/release/server/anxin}")
[[ -x $anxin ]] || { echo "build the server first (make build), or give its path" >&2; exit 1; }
PGBIN=/usr/lib/postgresql/15/bin
need=()
for p in patroni etcd-server etcd-client postgresql-15; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})); then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi

base=$(mktemp -d /tmp/anxin-ha.XXXXXX)
chmod 755 "$base"
as_pg=()
if [[ $(id -u) -eq 0 ]]; then chown postgres "$base"; as_pg=(runuser -u postgres --); fi
log() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*"; }
pids=()
cleanup() {
  [[ -n ${app_pid:-} ]] && kill "$app_pid" 2>/dev/null || true
  [[ -n ${load_pid:-} ]] && kill "$load_pid" 2>/dev/null || true
  pkill -f "patroni $base/" 2>/dev/null || true  # the daemons, not only their runuser wrappers
  sleep 2
  for n in 1 2 3; do "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$base/node$n/data" -m immediate stop >/dev/null 2>&1 || true; done
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ ${KEEP:-0} == 1 ]]; then echo "kept $base"; else rm -rf "$base"; fi
}
trap cleanup EXIT

etcd_port=23790
for port in $etcd_port 23800 5441 5442 5443 8441 8442 8443 18080; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use (a previous drill still running?)" >&2; exit 1
  fi
done
log "etcd on 127.0.0.1:$etcd_port"
etcd --name ha-etcd --data-dir "$base/etcd" --listen-client-urls "http://127.0.0.1:$etcd_port" \
  --advertise-client-urls "http://127.0.0.1:$etcd_port" --listen-peer-urls http://127.0.0.1:23800 \
  --initial-advertise-peer-urls http://127.0.0.1:23800 --initial-cluster ha-etcd=http://127.0.0.1:23800 \
  >"$base/etcd.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do ETCDCTL_API=3 etcdctl --endpoints "127.0.0.1:$etcd_port" endpoint health >/dev/null 2>&1 && break; sleep 0.2; done

declare -A patroni_pid
start_node() {
  local n=$1
  mkdir -p "$base/node$n"
  cat >"$base/node$n/patroni.yml" <<YAML
scope: anxin-ha
name: node$n
log: {level: WARNING}
restapi: {listen: 127.0.0.1:844$n, connect_address: 127.0.0.1:844$n}
etcd3: {hosts: 127.0.0.1:$etcd_port}
bootstrap:
  dcs:
    ttl: 20
    loop_wait: 5
    retry_timeout: 5
    maximum_lag_on_failover: 1048576
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      parameters: {wal_level: replica, hot_standby: "on", max_wal_senders: 10, max_replication_slots: 10,
                   wal_log_hints: "on", max_connections: 200}
  initdb: [{encoding: UTF8}, {locale: C.UTF-8}]
  pg_hba:
    - local all all trust
    - host replication replicator 127.0.0.1/32 trust
    - host all all 127.0.0.1/32 trust
postgresql:
  listen: 127.0.0.1:544$n
  connect_address: 127.0.0.1:544$n
  data_dir: $base/node$n/data
  bin_dir: $PGBIN
  pgpass: $base/node$n/pgpass
  authentication:
    replication: {username: replicator, password: drill-only}
    superuser: {username: postgres, password: drill-only}
  parameters: {unix_socket_directories: $base/node$n}
YAML
  chown -R postgres "$base/node$n" 2>/dev/null || true
  "${as_pg[@]}" patroni "$base/node$n/patroni.yml" >"$base/node$n/patroni.log" 2>&1 &
  patroni_pid[$n]=$!
}
leader() {  # the node number whose REST API answers /primary with 200
  for n in 1 2 3; do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:844$n/primary" || true) == 200 ]] && { echo "$n"; return; }
  done
  echo ""
}
cluster() { patronictl -c "$base/node1/patroni.yml" list 2>/dev/null || true; }

log "Patroni node1 (bootstraps the cluster)"
start_node 1
for _ in $(seq 120); do [[ $(leader) == 1 ]] && break; sleep 0.5; done
[[ $(leader) == 1 ]] || { cat "$base/node1/patroni.log"; exit 1; }
log "Patroni node2, node3 (replicas)"
start_node 2
start_node 3
for _ in $(seq 120); do
  c=$(cluster)
  [[ $(grep -c running <<<"$c") -eq 3 && $(grep -c 'Sync Standby' <<<"$c") -ge 1 ]] && break
  sleep 1
done
cluster

url="postgresql://postgres@127.0.0.1:5441,127.0.0.1:5442,127.0.0.1:5443/anxin?target_session_attrs=read-write&connect_timeout=3"
psql_primary() { psql "postgresql://postgres@127.0.0.1:5441,127.0.0.1:5442,127.0.0.1:5443/${2:-anxin}?target_session_attrs=read-write" -Atq -c "$1"; }
psql_primary "CREATE DATABASE anxin" postgres
export ANXIN_DATA_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
mkdir -p "$base/app"
log "demo province into the cluster (scale 0.05)"
(cd "$base/app" && "$anxin" --db "$url" --log-level warn demo --scale 0.05 >/dev/null)
port=18080
(cd "$base/app" && exec "$anxin" --db "$url" --log-level warn serve --listen "127.0.0.1:$port" \
   --audit-checkpoints "$base/app/checkpoints.log" >"$base/app/serve.log" 2>&1) &
app_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/health/ready" >/dev/null && break; sleep 0.3; done

load_seconds=90
log "write load for ${load_seconds}s (punches re-sent until acknowledged; complaints once)"
python3 scripts/ha_load.py "http://127.0.0.1:$port" 'Sx8#Kp3-Vn' "$load_seconds" "$base" &
load_pid=$!
sleep 25
old=$(leader)
killed_at=$(date +%s.%N)
log "kill -9 the primary: node$old (Patroni and postmaster)"
# The Patroni daemon itself (not the runuser wrapper), then the postmaster it leaves behind.
pkill -9 -f "patroni $base/node$old/patroni.yml" || true
kill -9 "$(head -1 "$base/node$old/data/postmaster.pid")"
patroni_pid[$old]=""
wait "$load_pid"
new=$(leader)
log "load done; primary now node$new (was node$old)"
[[ -n $new && $new != "$old" ]] || { echo "no failover happened" >&2; exit 1; }
cluster

# --- checks ---------------------------------------------------------------------------------
python3 - "$base" "$killed_at" "$url" <<'PY'
import re, sys, subprocess, collections
base, killed_at, url = sys.argv[1], float(sys.argv[2]), sys.argv[3]
events = [l.split(None, 3) for l in open(base + "/events.log")]
ok = [(float(t), k, i) for t, k, s, i in events if s == "1"]
failed = [(float(t), k, i) for t, k, s, i in events if s == "0"]
after = [t for t, k, i in ok if t > killed_at]
resumed = (min(after) - killed_at) if after else None

def q(sql):
    out = subprocess.run(["psql", url.replace("&connect_timeout=3", ""), "-Atq", "-c", sql], check=True,
                         capture_output=True, text=True).stdout
    return [l for l in out.splitlines() if l]

run = re.match(r"ha-(\d+)-", next(i for t, k, i in ok if k == "punch")).group(1)
punch_rows = collections.Counter(q("SELECT punch_id FROM registry_punch WHERE device_id = 'HA-GATE-1' AND punch_id LIKE 'ha-%s-%%'" % run))
acked_punches = {i.strip() for t, k, i in ok if k == "punch"}
clue_rows = collections.Counter(q("SELECT id FROM clues_clue WHERE description LIKE 'HA %s %%'" % run))
desc_rows = collections.Counter(q("SELECT description FROM clues_clue WHERE description LIKE 'HA %s %%'" % run))
acked_clues = {i.split()[0] for t, k, i in ok if k == "clue"}
lost_punches = sorted(acked_punches - set(punch_rows))
lost_clues = sorted(acked_clues - set(clue_rows))
dup = sum(1 for c in punch_rows.values() if c > 1) + sum(1 for c in desc_rows.values() if c > 1)
doubt = len([1 for t, k, i in failed if k == "clue"])
print()
print("  acknowledged writes: %d punches, %d complaints" % (len(acked_punches), len(acked_clues)))
print("  failed attempts while the primary was away: %d (punches re-sent until acknowledged; %d complaints not re-sent, in doubt)"
      % (len(failed), doubt))
print("  complaints in doubt that were committed all the same (their answer was lost): %d of %d"
      % (max(0, len(desc_rows) - len(acked_clues)), doubt))
print("  writes resumed %.1f s after the kill" % resumed if resumed is not None else "  writes never resumed")
print("  acknowledged writes lost: %d (punches %d, complaints %d)" % (len(lost_punches) + len(lost_clues), len(lost_punches), len(lost_clues)))
print("  duplicates: %d" % dup)
ok_all = resumed is not None and resumed <= 45 and not lost_punches and not lost_clues and dup == 0
open(base + "/verdict", "w").write("ok" if ok_all else "fail")
PY
log "stop the platform (it writes its last signed audit checkpoint); audit chain on the new primary"
kill -TERM "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""
(cd "$base/app" && "$anxin" --db "$url" --log-level warn audit verify --checkpoints "$base/app/checkpoints.log") | tail -3 \
  | tee "$base/audit.txt"
grep -q "intact" "$base/audit.txt" || echo fail >"$base/verdict"
verdict=$(cat "$base/verdict")
log "verdict: $verdict"
[[ $verdict == ok ]]
