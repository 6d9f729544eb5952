#!/usr/bin/env bash
# The official clients configured with a client id and secret only (then with a ready token),
# keeping Bandwidth's default URLs, against a tnhub that stands in for Bandwidth's hosts:
#
#   conformance/oauth.sh TNHUB_BINARY
#
# Runs itself again inside `unshare --mount --net` (root needed): a private network namespace
# (its own loopback, so tnhub may take port 443) and mount namespace, where /etc/hosts is
# bind-mounted over with one that sends api.bandwidth.com and dashboard.bandwidth.com to
# 127.0.0.1. tnhub serves HTTPS there on 127.0.0.1:443 with a certificate from its local CA,
# which the clients trust through NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE and SSL_CERT_FILE.
# Every step is bounded in time. Exit 0 when all four runs pass.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${1:?usage: conformance/oauth.sh TNHUB_BINARY}"
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"

if [[ -z "${TNHUB_OAUTH_INSIDE:-}" ]]; then
  # shellcheck source=scripts/apt.sh
  source "$ROOT/scripts/apt.sh"
  command -v ip >/dev/null 2>&1 || apt_install iproute2 || true
  command -v curl >/dev/null 2>&1 || apt_install curl || true
  for tool in unshare ip curl; do
    command -v "$tool" >/dev/null 2>&1 || { echo "conformance/oauth.sh: $tool is missing and could not be installed" >&2; exit 2; }
  done
  [[ "$(id -u)" == 0 ]] || { echo "conformance/oauth.sh: needs root (unshare --mount --net)" >&2; exit 2; }
  exec env TNHUB_OAUTH_INSIDE=1 timeout 300 unshare --mount --net bash "${BASH_SOURCE[0]}" "$BIN"
fi

WORK="$(mktemp -d)"
SERVER=""
cleanup() {
  if [[ -n "$SERVER" ]]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

ip link set lo up
{ cat /etc/hosts; echo "127.0.0.1 api.bandwidth.com dashboard.bandwidth.com"; } > "$WORK/hosts"
mount --bind "$WORK/hosts" /etc/hosts

ACCOUNT=9900001
CLIENT_ID=conformance-client
CLIENT_SECRET=conformance-client-secret
DB="sqlite://$WORK/tnhub.db"

"$BIN" ca --database-url "$DB" --out "$WORK/ca.pem" 2>/dev/null
TNHUB_LOG=warn TNHUB_DEMO_ACCOUNT=$ACCOUNT TNHUB_DEMO_CLIENT_ID=$CLIENT_ID \
TNHUB_DEMO_CLIENT_SECRET=$CLIENT_SECRET \
  "$BIN" serve --listen 127.0.0.1:8080 --tls-listen 127.0.0.1:443 --database-url "$DB" \
  > "$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do
  curl -sf --cacert "$WORK/ca.pem" https://dashboard.bandwidth.com/health >/dev/null 2>&1 && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log"; echo "FAIL tnhub did not start"; exit 1; }
  sleep 0.2
done
echo "ok   tnhub answers https://dashboard.bandwidth.com with the local CA's certificate"

export NODE_EXTRA_CA_CERTS="$WORK/ca.pem" REQUESTS_CA_BUNDLE="$WORK/ca.pem" SSL_CERT_FILE="$WORK/ca.pem"
export TNHUB_ACCOUNT_ID=$ACCOUNT
unset TNHUB_BASE_URL TNHUB_USER TNHUB_PASSWORD TNHUB_ACCESS_TOKEN
NODE=(timeout 120 node "$ROOT/conformance/node/oauth.mjs")
PYTHON=(timeout 120 "$ROOT/conformance/python/.venv/bin/python" "$ROOT/conformance/python/oauth.py")

echo "== Node, client id and secret"
TNHUB_CLIENT_ID=$CLIENT_ID TNHUB_CLIENT_SECRET=$CLIENT_SECRET "${NODE[@]}"
echo "== Python, client id and secret"
TNHUB_CLIENT_ID=$CLIENT_ID TNHUB_CLIENT_SECRET=$CLIENT_SECRET "${PYTHON[@]}"

TOKEN="$(curl -sf --cacert "$WORK/ca.pem" -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials \
  https://api.bandwidth.com/api/v1/oauth2/token | "$ROOT/conformance/python/.venv/bin/python" -c \
  'import json, sys; print(json.load(sys.stdin)["access_token"])')"
echo "== Node, ready token"
TNHUB_ACCESS_TOKEN=$TOKEN "${NODE[@]}"
echo "== Python, ready token"
TNHUB_ACCESS_TOKEN=$TOKEN "${PYTHON[@]}"
echo "ok   all four runs passed"
