#!/usr/bin/env bash
# Installs what Tsunagu needs to build, run and test, from Debian's packages and the npm
# registry only. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache git
  libboost-dev libssl-dev libsqlite3-dev libsodium-dev libicu-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev googletest
  chromium fonts-noto-cjk openssl curl
  janus iproute2 util-linux
)

# Only `make bench` needs these (`install-deps.sh --bench`): the chart and the JSON summaries.
BENCH_PACKAGES=(gnuplot-nox jq)
if [[ ${1:-} == --bench ]]; then
  DEBIAN_PACKAGES+=("${BENCH_PACKAGES[@]}")
fi

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi

if ((${#missing[@]})); then
  echo "install-deps: installing Debian packages: ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Debian's janus package starts a demo Janus on all interfaces; Tsunagu runs its own, with its
# own configuration, so the packaged service is switched off.
if [[ " ${missing[*]:-} " == *" janus "* ]] && command -v systemctl >/dev/null; then
  ${SUDO:-} systemctl disable --now janus >/dev/null 2>&1 || true
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if ((node_major < 20)); then
  echo "install-deps: Node.js 20.19 or newer is needed for Vite (found $(node --version))." >&2
  exit 1
fi

# npm packages as locked; skipped when node_modules already matches the lock file. `npm ci`
# would be the natural choice, but npm 11 writes lock files without the other platforms'
# optional packages (rollup's native builds) and then refuses them in `npm ci`; `npm install
# --no-save` installs the locked versions and leaves the lock file alone.
stamp=web/node_modules/.tsunagu-lock
if [[ ! -f $stamp ]] || ! cmp -s web/package-lock.json "$stamp"; then
  echo "install-deps: npm install from the lock file (web/)"
  (cd web && npm install --no-save --no-audit --no-fund --loglevel=error)
  cp web/package-lock.json "$stamp"
fi
