#!/usr/bin/env bash
# Self-test of the conformance scripts: runs every script against the small stateful stand-in
# in fake-server.mjs (not against tnhub). Use it after editing a script; it proves the script's
# client usage and assertions are coherent, nothing about tnhub.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
bash scripts/setup-conformance.sh >/dev/null

LOG="$(mktemp)"
node conformance/tools/fake-server.mjs --port 0 >"$LOG" 2>&1 &
FAKE_PID=$!
trap 'kill "$FAKE_PID" 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 50); do grep -q listening "$LOG" && break; sleep 0.1; done
URL="$(sed -n 's/^fake listening on //p' "$LOG")"
[ -n "$URL" ] || { echo "fake server did not start"; cat "$LOG"; exit 1; }

export TNHUB_BASE_URL="$URL/api" TNHUB_ACCOUNT_ID=9900001 TNHUB_USER=demo TNHUB_PASSWORD=demo-pass TNHUB_ADMIN_TOKEN=fake-admin-token
pass=0 fail=0
for s in sites_peers search orders disconnects portins subscriptions; do
  if node "conformance/node/$s.mjs" >"$LOG.out" 2>&1; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "--- node $s"; cat "$LOG.out"; fi
done
for s in sites_peers search orders disconnects_features portins subscriptions; do
  if conformance/python/.venv/bin/python "conformance/python/$s.py" >"$LOG.out" 2>&1; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "--- python $s"; cat "$LOG.out"; fi
done
rm -f "$LOG.out"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
