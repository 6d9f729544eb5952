# Sourced by the scripts that install Python tools into a virtualenv of the
# repository: `make_venv DIR` creates DIR with "$PYTHON" (default python3)
# unless it is there, installing python3/python3-venv from Debian's packages
# when they are missing (scripts/apt.sh), and dies with what to install when
# it cannot. The caller must define `die`.

# shellcheck source=scripts/apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

make_venv() {
  local venv="$1" python="${PYTHON:-python3}"
  [ -x "$venv/bin/python" ] && return 0
  command -v "$python" >/dev/null 2>&1 || apt_install python3 python3-venv || true
  command -v "$python" >/dev/null 2>&1 || die "$python not found and it could not be installed here. Install Python >= 3.9 with venv (e.g. 'apt-get install python3 python3-venv') and re-run."
  if ! "$python" -m venv "$venv" 2>/dev/null; then
    rm -rf "$venv"
    # Debian's python3 comes without ensurepip: that is the python3-venv package.
    apt_install python3-venv || true
    "$python" -m venv "$venv" 2>/dev/null || {
      rm -rf "$venv"
      die "'$python -m venv' failed. Install the venv module (e.g. 'apt-get install python3-venv') and re-run."
    }
  fi
}
