#!/usr/bin/env bash
# `make demo`: migrate a SQLite database under ./var, load the real divisions on first start,
# create one login per role, print them, and run the server on 127.0.0.1:8080.
set -euo pipefail
anxin=$1
db=$2
listen=${ANXIN_LISTEN:-127.0.0.1:8080}
export ANXIN_DB=$db

"$anxin" migrate
marker=var/.regions-imported
if [[ ! -f $marker ]]; then
  "$anxin" regions import
  touch "$marker"
fi

password='Anxin@2026'
# username role region extra-flag
logins=(
  "admin system-admin 37"
  "secadmin security-admin 37"
  "auditor audit-admin 37"
  "jinan city-supervisor 3701"
  "lixia county-supervisor 370102"
  "jiefanglu town-supervisor 370102001"
  "zhujian housing-officer 3701"
  "laowu labor-affairs-officer 370102"
  "bank bank-operator 37"
)
for entry in "${logins[@]}"; do
  read -r user label region <<<"$entry"
  case $label in
    *-supervisor) role=supervisor; extra=() ;;
    housing-officer) role=industry-officer; extra=(--industry housing) ;;
    labor-affairs-officer) role=enterprise-user; extra=(--enterprise demo-enterprise) ;;
    *) role=$label; extra=() ;;
  esac
  if ! ANXIN_PASSWORD=$password "$anxin" --log-level warn user add --username "$user" --role "$role" \
       --region "$region" "${extra[@]}" >/dev/null 2>var/.user-add.err; then
    grep -q "已存在" var/.user-add.err || { cat var/.user-add.err >&2; exit 1; }
  fi
done

cat <<EOT

  anxin demo — http://$listen
  Logins (password $password):
    admin (system administrator)      secadmin (security administrator)   auditor (audit administrator)
    jinan (济南市 city supervisor)     lixia (历下区 county supervisor)     jiefanglu (解放路街道 town officer)
    zhujian (济南市住建 housing officer) laowu (labor-affairs officer)       bank (bank operator)
  Try:
    curl -s http://$listen/api/v1/health
    curl -s -X POST http://$listen/api/v1/auth/login -H 'Content-Type: application/json' \\
         -d '{"username":"lixia","password":"$password"}'

EOT
exec "$anxin" serve --demo --listen "$listen"
