#!/usr/bin/env bash
# `make demo`: migrate a SQLite database under ./var, generate the demo province on first start
# (`anxin demo`: real divisions, synthetic enterprises, projects, workers, wages, complaints and cases
# in every state and card colour, warnings of every level; one login per role),
# print the logins, and run the server on 127.0.0.1:8080.
set -euo pipefail
anxin=$1
db=$2
listen=${ANXIN_LISTEN:-127.0.0.1:8080}
export ANXIN_DB=$db

"$anxin" migrate
# First start: generate the demo province (imports the divisions itself when needed, creates one
# login per role). `anxin demo` runs once per database; exit code 3 = already generated.
password='Sx8#Kp3-Vn'
marker=var/.demo-generated
if [[ ! -f $marker ]]; then
  rc=0
  "$anxin" --log-level warn demo || rc=$?
  if [[ $rc -ne 0 && $rc -ne 3 ]]; then exit "$rc"; fi
  touch "$marker"
fi

cat <<EOT

  anxin demo — http://$listen
  A synthetic Shandong: projects, workers, attendance and wages of three months, complaints and
  cases in every state (yellow and red cards), warnings of every level.
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
