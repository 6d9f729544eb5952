#!/usr/bin/env bash
# The order-throughput benchmark: starts `tnhub serve` (release build) on a
# fresh database (SQLite, or PostgreSQL with BACKEND=postgres) with the
# embedded default inventory, creates a site and a SIP peer, then has wrk
# send single-number orders
# (`AreaCodeSearchAndOrderType`, quantity 1, cycling over 40 area codes) from
# 16 concurrent connections, and waits for the worker to finish them all.
#
#   benches/orders.sh                       # 16 connections, 10 s
#   CONNECTIONS=32 DURATION=20s benches/orders.sh
#
# Settings (environment): DURATION (10s), CONNECTIONS (16), THREADS (2),
# PORT (18081), SKIP_BUILD=1 to use the existing target/release/tnhub,
# SERVE_ARGS for extra `tnhub serve` flags, BACKEND=postgres to run on a
# fresh PostgreSQL database (BENCH_PG, see benches/lib.sh) instead of SQLite.
#
# Prints the machine, wrk's figures for the creates (201s per second and
# their latency), and from the database itself: orders completed, completed
# orders per second (from the first create to the last completion) and the
# create-to-COMPLETE latency (median, p90, p99, max) taken from each order's
# own created and completed timestamps. Targets (BENCHMARKS.md): at least
# 1,000 completed orders per second, median create-to-COMPLETE under 50 ms.
set -euo pipefail

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
PORT=${PORT:-18081}
ACCOUNT=9900001
USER_NAME=bench
PASSWORD=bench-password-1

cd "$(dirname "$0")/.."

# shellcheck source=benches/lib.sh
source benches/lib.sh python3

# shellcheck disable=SC2086 # SERVE_ARGS is a list of flags
TNHUB_LISTEN="127.0.0.1:$PORT" \
    TNHUB_DATABASE_URL="$DATABASE_URL" \
    TNHUB_DEMO_ACCOUNT=$ACCOUNT TNHUB_DEMO_USER=$USER_NAME TNHUB_DEMO_PASSWORD=$PASSWORD \
    TNHUB_LOG=warn \
    "$BIN" serve ${SERVE_ARGS:-} >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
for _ in $(seq 3000); do
    curl -sf -o /dev/null "$BASE/ready" && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "error: the server exited:" >&2; cat "$WORK/server.err" >&2; exit 1; }
    sleep 0.01
done

AUTH="Basic $(printf '%s:%s' "$USER_NAME" "$PASSWORD" | base64 -w0)"
API="$BASE/api/accounts/$ACCOUNT"
post() { curl -s -D - -o /dev/null -H "Authorization: $AUTH" -H 'Content-Type: application/xml' --data "$2" "$API/$1"; }
site=$(post sites '<Site><Name>bench</Name><Address><HouseNumber>1</HouseNumber><StreetName>Main</StreetName><City>Raleigh</City><StateCode>NC</StateCode><Zip>27601</Zip></Address></Site>' |
    awk -F/ 'tolower($1) ~ /^location:/ {print $NF}' | tr -d '\r')
[ -n "$site" ] || { echo "error: could not create a site" >&2; exit 1; }
post "sites/$site/sippeers" '<SipPeer><PeerName>bench</PeerName></SipPeer>' >/dev/null

# Each request orders one number in the next of 40 busy area codes.
cat >"$WORK/order.lua" <<LUA
local npas = {201,202,203,205,206,207,208,209,210,212,213,214,215,216,217,218,219,224,225,228,
              229,231,234,239,240,248,251,252,253,254,256,260,262,267,269,270,276,281,301,302}
local i = 0
wrk.method = "POST"
wrk.headers["Authorization"] = "$AUTH"
wrk.headers["Content-Type"] = "application/xml"
request = function()
    i = i + 1
    local npa = npas[(i % #npas) + 1]
    local body = "<Order><SiteId>$site</SiteId><AreaCodeSearchAndOrderType><AreaCode>" .. npa ..
        "</AreaCode><Quantity>1</Quantity></AreaCodeSearchAndOrderType></Order>"
    return wrk.format(nil, nil, nil, body)
end
LUA

# Warm the auth cache so the first second is not all Argon2.
curl -sf -o /dev/null -H "Authorization: $AUTH" "$API"

out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/order.lua" "$API/orders")

# Wait until the worker has finished every accepted order (at most 120 s).
for _ in $(seq 1200); do
    left=$(sql "SELECT COUNT(*) FROM orders WHERE status IN ('RECEIVED', 'PROCESSING')")
    [ "$left" = 0 ] && break
    sleep 0.1
done
[ "$left" = 0 ] || { echo "error: $left orders still unfinished after 120 s" >&2; exit 1; }

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
echo
echo "machine: $(nproc) CPUs ($cpu), $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr)"
echo "build:   $($BIN --version), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (+ local changes)')"
echo "backend: $BACKEND"
echo "wrk:     -t$THREADS -c$CONNECTIONS -d$DURATION, AreaCodeSearchAndOrderType quantity 1, SERVE_ARGS='${SERVE_ARGS:-}'"
echo
echo "creates (wrk): $(awk '/^Requests\/sec:/ {printf "%.0f/s", $2}' <<<"$out"), latency p50 $(awk '$1 == "50%" {print $2}' <<<"$out"), p99 $(awk '$1 == "99%" {print $2}' <<<"$out")$(awk '/Non-2xx/ {printf ", %s non-2xx", $NF}' <<<"$out")"
sql "SELECT status, created_at, COALESCE(completed_at, 0) FROM orders" | python3 -c '
import sys
rows = [(s, int(c), int(d)) for s, c, d in (line.strip().split(",") for line in sys.stdin if line.strip())]
done = [r for r in rows if r[0] == "COMPLETE"]
other = {}
for r in rows:
    if r[0] != "COMPLETE":
        other[r[0]] = other.get(r[0], 0) + 1
if not done:
    sys.exit("error: no order completed")
lat = sorted(c - s for _, s, c in done)
span = (max(c for _, _, c in done) - min(s for _, s, _ in rows)) / 1000
pick = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
rate = len(done) / span
verdict = lambda ok: "met" if ok else "MISSED"
print(f"orders:  {len(done)} COMPLETE" + "".join(f", {n} {s}" for s, n in other.items()) + f" in {span:.1f} s")
print(f"throughput: {rate:.0f} completed orders/s: {verdict(rate >= 1000)} (>= 1000)")
print(f"create to COMPLETE: median {pick(0.5)} ms, p90 {pick(0.9)} ms, p99 {pick(0.99)} ms, max {lat[-1]} ms: "
      f"{verdict(pick(0.5) < 50)} (median < 50 ms)")
'
hwm_kb=$(awk '/VmHWM/ {print $2}' "/proc/$SERVER_PID/status")
echo "server peak RSS: $(( hwm_kb / 1024 )) MB"
