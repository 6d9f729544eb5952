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

# shellcheck source=scripts/apt.sh
source "$ROOT/scripts/apt.sh"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt_install nodejs npm || true
fi
command -v node >/dev/null 2>&1 || die "node not found and it could not be installed here. Install Node.js >= 18 (e.g. 'apt-get install nodejs npm') and re-run."
command -v npm  >/dev/null 2>&1 || die "npm not found and it could not be installed here. Install npm (e.g. 'apt-get install npm') and re-run."
PYTHON="${PYTHON:-python3}"

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
  if [ ! -x "$VPY" ]; then
    command -v "$PYTHON" >/dev/null 2>&1 || apt_install python3 python3-venv || true
    command -v "$PYTHON" >/dev/null 2>&1 || die "$PYTHON not found and it could not be installed here. Install Python >= 3.9 with venv (e.g. 'apt-get install python3 python3-venv') and re-run."
    if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
      rm -rf "$VENV"
      # Debian's python3 comes without ensurepip: that is the python3-venv package.
      apt_install python3-venv || true
      "$PYTHON" -m venv "$VENV" 2>/dev/null || {
        rm -rf "$VENV"
        die "'$PYTHON -m venv' failed. Install the venv module (e.g. 'apt-get install python3-venv') and re-run."
      }
    fi
  fi
  "$VPY" -m pip install --quiet --disable-pip-version-check -r "$PY_DIR/requirements.txt"
  [ "$(installed_py_ver)" = "$PY_VER" ] || die "$PY_PKG==$PY_VER did not install into $VENV"
  echo "setup-conformance: installed $PY_PKG==$PY_VER"
fi
