# Sourced by the scripts that need a tool a fresh machine may lack:
# `apt_install PACKAGE...` installs Debian packages when this machine can
# (apt-get, and root or password-less sudo), saying so on stderr; it returns
# non-zero when it cannot, so the caller can explain what to install.

apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null || return 1
    sudo=(sudo -n)
  fi
  echo "installing Debian packages: $* …" >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1 && return 0
  # The package lists may be missing or stale on a fresh machine.
  "${sudo[@]}" apt-get update -q >/dev/null 2>&1 &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null
}
