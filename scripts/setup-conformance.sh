#!/usr/bin/env bash
# Installs the official Bandwidth Numbers clients used by the conformance harness:
#   - @bandwidth/numbers (Node)  -> conformance/node/node_modules  (pinned by package-lock.json)
#   - bandwidth-numbers-sdk (Py) -> conformance/python/.venv        (pinned by requirements.txt)
# Idempotent and non-interactive; a second run only checks the installed versions.
# Node.js/npm and python3-venv are installed from Debian's packages when missing
# (as root or with password-less sudo).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_DIR="$ROOT/conformance/node"
PY_DIR="$ROOT/conformance/python"
NODE_PKG="@bandwidth/numbers"
NODE_VER="2.0.0"
PY_PKG="bandwidth-numbers-sdk"
PY_VER="1.2.0"

die() { echo "setup-conformance: $*" >&2; exit 1; }

# shellcheck source=scripts/venv.sh
source "$ROOT/scripts/venv.sh"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt_install nodejs npm || true
fi
command -v node >/dev/null 2>&1 || die "node not found and it could not be installed here. Install Node.js >= 18 (e.g. 'apt-get install nodejs npm') and re-run."
command -v npm  >/dev/null 2>&1 || die "npm not found and it could not be installed here. Install npm (e.g. 'apt-get install npm') and re-run."

# ---- Node -------------------------------------------------------------------------------------
installed_node_ver() {
  node -e 'try{process.stdout.write(require(process.argv[1]).version)}catch(e){}' \
    "$NODE_DIR/node_modules/@bandwidth/numbers/package.json" 2>/dev/null || true
}
# Up to date when the pinned version is installed and npm's install marker is not older than the lock.
if [ "$(installed_node_ver)" = "$NODE_VER" ] && [ -f "$NODE_DIR/package-lock.json" ] \
   && ! [ "$NODE_DIR/package-lock.json" -nt "$NODE_DIR/node_modules/.package-lock.json" ]; then
  echo "setup-conformance: $NODE_PKG@$NODE_VER already installed"
else
  cd "$NODE_DIR"
  if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  else
    npm install --no-audit --no-fund --loglevel=error --save-exact "$NODE_PKG@$NODE_VER"
  fi
  [ "$(installed_node_ver)" = "$NODE_VER" ] || die "$NODE_PKG@$NODE_VER did not install into $NODE_DIR/node_modules"
  echo "setup-conformance: installed $NODE_PKG@$NODE_VER"
fi

# ---- Python -----------------------------------------------------------------------------------
VENV="$PY_DIR/.venv"
VPY="$VENV/bin/python"
installed_py_ver() {
  [ -x "$VPY" ] || return 0
  "$VPY" -c 'import importlib.metadata as m,sys; sys.stdout.write(m.version(sys.argv[1]))' "$PY_PKG" 2>/dev/null || true
}
if [ "$(installed_py_ver)" = "$PY_VER" ]; then
  echo "setup-conformance: $PY_PKG==$PY_VER already installed"
else
  make_venv "$VENV"
  "$VPY" -m pip install --quiet --disable-pip-version-check -r "$PY_DIR/requirements.txt"
  [ "$(installed_py_ver)" = "$PY_VER" ] || die "$PY_PKG==$PY_VER did not install into $VENV"
  echo "setup-conformance: installed $PY_PKG==$PY_VER"
fi
