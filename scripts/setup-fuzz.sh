#!/usr/bin/env bash
# Installs the Python tools that check the served OpenAPI document into
# fuzz/.venv, pinned by fuzz/requirements.txt:
#   - openapi-spec-validator: is the document valid OpenAPI 3.1?
#     (the HTTP test `the_served_document_is_valid_openapi` runs it)
#   - schemathesis: the property-based API test (scripts/fuzz.sh)
# Idempotent and non-interactive; a second run only checks the installed versions.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/fuzz/.venv"
REQ="$ROOT/fuzz/requirements.txt"

die() { echo "setup-fuzz: $*" >&2; exit 1; }

# shellcheck source=scripts/venv.sh
source "$ROOT/scripts/venv.sh"

# Up to date when every pinned `name==version` is what the venv has.
up_to_date() {
  [ -x "$VENV/bin/python" ] || return 1
  "$VENV/bin/python" - "$REQ" <<'PY' 2>/dev/null
import importlib.metadata as m, sys
for line in open(sys.argv[1]):
    line = line.split("#")[0].strip()
    if line:
        name, version = line.split("==")
        if m.version(name) != version:
            sys.exit(1)
PY
}

if up_to_date; then
  echo "setup-fuzz: $(grep -v '^#' "$REQ" | tr '\n' ' ')already installed"
else
  make_venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQ"
  up_to_date || die "the tools of $REQ did not install into $VENV"
  echo "setup-fuzz: installed $(grep -v '^#' "$REQ" | tr '\n' ' ')"
fi
