#!/usr/bin/env bash
# Installs what the web console's browser tests need
# (crates/server/tests/api/console_browser.rs): Debian's `chromium`, its
# `chromium-driver` (chromedriver, which the tests drive over WebDriver) and
# a font to render pages with. Idempotent; does nothing when both are on
# PATH. Fails with a message saying what to install when it cannot.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

have() { command -v "$1" >/dev/null 2>&1; }

if have chromedriver && { have chromium || have chromium-browser; }; then
  exit 0
fi
# shellcheck source=scripts/apt.sh
source scripts/apt.sh
if ! apt_install chromium chromium-driver fonts-dejavu-core; then
  echo "setup-browser: cannot install Chromium: install Debian's chromium and chromium-driver" \
       "(apt-get install chromium chromium-driver) as root; the console's browser tests need them" >&2
  exit 1
fi
have chromedriver || { echo "setup-browser: chromium-driver installed but chromedriver is not on PATH" >&2; exit 1; }
