#!/usr/bin/env bash
# The property-based API test: the built server against its own served
# OpenAPI document, with a bounded budget.
#
#   ./scripts/fuzz.sh              customer API and operator plane, ~2 minutes
#   FUZZ_SECONDS=600 ./scripts/fuzz.sh   a longer run
#   FUZZ_BINARY=/path/to/tnhub ./scripts/fuzz.sh   another build (not rebuilt)
#
# It builds and starts target/debug/tnhub on a free loopback port (a fresh SQLite file,
# known demo credentials and admin token), fetches /api/openapi.yaml, then:
#   1. fuzz/probe.py: fixed probes of every operation (no credentials, an
#      account not granted, ids naming nothing or holding characters XML 1.0
#      forbids, malformed bodies);
#   2. schemathesis on the customer API (HTTP Basic) and on the operator
#      plane (bearer token), each for half the budget.
# Every answer must be a documented status (no 5xx), its body well-formed and
# matching the documented schema: schemathesis checks JSON bodies, and
# fuzz/hooks.py adds the same for XML (fuzz/xmlcheck.py). The tools come from
# scripts/setup-fuzz.sh. Requests go to loopback only.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/fuzz/.venv"
SECONDS_TOTAL="${FUZZ_SECONDS:-120}"

die() { echo "fuzz: $*" >&2; exit 1; }
[ -x "$VENV/bin/schemathesis" ] || die "schemathesis is not installed: run 'bash scripts/setup-fuzz.sh'"

BINARY="${FUZZ_BINARY:-}"
if [ -z "$BINARY" ]; then
  cargo build --locked -q -p tnhub
  BINARY=target/debug/tnhub
fi
WORK="$(mktemp -d)"
PORT="$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
ACCOUNT=9900001 USER_NAME=fuzz PASSWORD=fuzz-password-1 TOKEN=fuzz-admin-token
BASE="http://127.0.0.1:$PORT"

TNHUB_DATABASE_URL="sqlite://$WORK/fuzz.db" TNHUB_LISTEN="127.0.0.1:$PORT" TNHUB_MODE=sandbox \
  TNHUB_DEMO_ACCOUNT=$ACCOUNT TNHUB_DEMO_USER=$USER_NAME TNHUB_DEMO_PASSWORD=$PASSWORD \
  TNHUB_ADMIN_TOKEN=$TOKEN TNHUB_LOG=warn \
  "$BINARY" serve >"$WORK/server.log" 2>&1 &
SERVER=$!
cleanup() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  "$VENV/bin/python" -c "import urllib.request as u; u.urlopen('$BASE/health', timeout=1)" 2>/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log"; die "the server exited"; }
  sleep 0.5
done
"$VENV/bin/python" -c "import urllib.request as u,sys; sys.stdout.write(u.urlopen('$BASE/api/openapi.yaml').read().decode())" >"$WORK/openapi.yaml"

status=0
echo "fuzz: probes of every operation"
"$VENV/bin/python" fuzz/probe.py "$WORK/openapi.yaml" "$BASE/api" $ACCOUNT $USER_NAME $PASSWORD $TOKEN || status=1

CHECKS=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
run() {
  # From the scratch directory, where schemathesis keeps its example cache.
  (cd "$WORK" && PYTHONPATH="$ROOT/fuzz" SCHEMATHESIS_HOOKS=hooks FUZZ_ACCOUNT=$ACCOUNT "$VENV/bin/schemathesis" --no-color --config-file "$ROOT/fuzz/schemathesis.toml" run "$WORK/openapi.yaml" \
    --checks "$CHECKS,xml_bodies" --max-time $((SECONDS_TOTAL / 2)) --workers 1 \
    --request-timeout 30 --seed 1 --suppress-health-check all "$@") || status=1
}
echo "fuzz: schemathesis, customer API (${SECONDS_TOTAL}s budget in all)"
run --url "$BASE/api" --auth "$USER_NAME:$PASSWORD" --exclude-path-regex '^/(admin|health|ready|metrics)'
echo "fuzz: schemathesis, operator plane"
run --url "$BASE" --header "Authorization: Bearer $TOKEN" --include-path-regex '^/admin'

if grep -q "panicked" "$WORK/server.log"; then
  grep -m5 -A3 "panicked" "$WORK/server.log"
  status=1
fi
[ $status -eq 0 ] && echo "fuzz: no problem found" || echo "fuzz: problems found (above)"
exit $status
