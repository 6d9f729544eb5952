#!/usr/bin/env bash
# The journal's cost: two `tnhub serve` (release build) side by side on
# fresh databases, one with the request journal off (--journal-size 0), one
# with its defaults (100 entries per account, 8 KiB of each body), measured
# in turns in one run with wrk: a 10-result search, then single-number
# order creates (AreaCodeSearchAndOrderType, as benches/orders.sh), each
# ROUNDS times per server, alternating, so drift in the machine's load hits
# both. Prints req/s per server and the on/off ratio (target: >= 90 %).
#
#   benches/journal.sh
#   DURATION=10s ROUNDS=3 CONNECTIONS=32 benches/journal.sh
#
# Settings (environment): DURATION (5s), ROUNDS (2), CONNECTIONS (16),
# THREADS (2), PORT (18090; the second server uses PORT+1), SKIP_BUILD=1
# to use the existing target/release/tnhub. SQLite only.
set -euo pipefail

DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
PORT=${PORT:-18090}
ACCOUNT=9900001
USER_NAME=bench
PASSWORD=bench-password-1

cd "$(dirname "$0")/.."

# shellcheck source=benches/lib.sh
source benches/lib.sh

PORT2=$((PORT + 1))
BASE2="http://127.0.0.1:$PORT2"
OTHER_PID=
stop_other() {
    if [ -n "$OTHER_PID" ] && kill -0 "$OTHER_PID" 2>/dev/null; then
        kill -TERM "$OTHER_PID" 2>/dev/null || true
        wait "$OTHER_PID" 2>/dev/null || true
    fi
}
trap 'stop_other; cleanup' EXIT

start_server() { # port database journal-size
    TNHUB_LISTEN="127.0.0.1:$1" \
        TNHUB_DATABASE_URL="sqlite://$WORK/$2.db" \
        TNHUB_DEMO_ACCOUNT=$ACCOUNT TNHUB_DEMO_USER=$USER_NAME TNHUB_DEMO_PASSWORD=$PASSWORD \
        TNHUB_LOG=warn TNHUB_JOURNAL_SIZE=$3 \
        "$BIN" serve >"$WORK/$2.out" 2>"$WORK/$2.err" &
}
start_server "$PORT" off 0
SERVER_PID=$!
start_server "$PORT2" on 100
OTHER_PID=$!
for base in "$BASE" "$BASE2"; do
    for _ in $(seq 3000); do
        curl -sf -o /dev/null "$base/ready" && break
        sleep 0.01
    done
    curl -sf -o /dev/null "$base/ready" || { echo "error: $base is not ready" >&2; cat "$WORK"/*.err >&2; exit 1; }
done

AUTH="Basic $(printf '%s:%s' "$USER_NAME" "$PASSWORD" | base64 -w0)"
setup() { # base -> order.lua path
    local api="$1/api/accounts/$ACCOUNT" site
    site=$(curl -s -D - -o /dev/null -H "Authorization: $AUTH" -H 'Content-Type: application/xml' \
        --data '<Site><Name>bench</Name><Address><HouseNumber>1</HouseNumber><StreetName>Main</StreetName><City>Raleigh</City><StateCode>NC</StateCode><Zip>27601</Zip></Address></Site>' \
        "$api/sites" | awk -F/ 'tolower($1) ~ /^location:/ {print $NF}' | tr -d '\r')
    [ -n "$site" ] || { echo "error: could not create a site on $1" >&2; exit 1; }
    curl -s -o /dev/null -H "Authorization: $AUTH" -H 'Content-Type: application/xml' \
        --data '<SipPeer><PeerName>bench</PeerName></SipPeer>' "$api/sites/$site/sippeers"
    cat >"$WORK/order-$2.lua" <<LUA
local npas = {201,202,203,205,206,207,208,209,210,212,213,214,215,216,217,218,219,224,225,228,
              229,231,234,239,240,248,251,252,253,254,256,260,262,267,269,270,276,281,301,302}
local i = 0
wrk.method = "POST"
wrk.headers["Authorization"] = "$AUTH"
wrk.headers["Content-Type"] = "application/xml"
request = function()
    i = i + 1
    local body = "<Order><SiteId>$site</SiteId><AreaCodeSearchAndOrderType><AreaCode>" ..
        npas[(i % #npas) + 1] .. "</AreaCode><Quantity>1</Quantity></AreaCodeSearchAndOrderType></Order>"
    return wrk.format(nil, nil, nil, body)
end
LUA
    curl -sf -o /dev/null -H "Authorization: $AUTH" "$api"
}
setup "$BASE" off
setup "$BASE2" on

rate() { awk '/^Requests\/sec:/ {printf "%.0f", $2}'; }
declare -A total=([search-off]=0 [search-on]=0 [order-off]=0 [order-on]=0)
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for round in $(seq "$ROUNDS"); do
    for kind in search order; do
        for side in off on; do
            base=$BASE
            [ "$side" = on ] && base=$BASE2
            api="$base/api/accounts/$ACCOUNT"
            if [ "$kind" = search ]; then
                r=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -H "Authorization: $AUTH" \
                    "$api/availableNumbers?areaCode=919&quantity=10" | rate)
            else
                r=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "$WORK/order-$side.lua" "$api/orders" | rate)
            fi
            total[$kind-$side]=$(( ${total[$kind-$side]} + r ))
            printf '  round %d %-6s journal %-3s %8s req/s\n' "$round" "$kind" "$side" "$r" >&2
        done
    done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

entries=$(curl -s -H "Authorization: Basic $(printf '%s:%s' "$USER_NAME" "$PASSWORD" | base64 -w0)" \
    "$BASE2/api/accounts/$ACCOUNT/tnhub/requests?limit=1000" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["requests"]))')
echo
echo "machine: $(nproc) CPUs, $(uname -sr); build $($BIN --version), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS rounds alternating; journal on kept $entries entries"
echo
echo "| Workload | journal off req/s | journal on req/s | on / off |"
echo "|---|---:|---:|---:|"
for kind in search order; do
    off=$(( ${total[$kind-off]} / ROUNDS ))
    on=$(( ${total[$kind-on]} / ROUNDS ))
    ratio=$(awk -v a="$on" -v b="$off" 'BEGIN {printf "%.0f%%", 100 * a / b}')
    verdict=$(awk -v a="$on" -v b="$off" 'BEGIN {print (a >= 0.9 * b) ? "met" : "MISSED"}')
    echo "| $kind | $off | $on | $ratio ($verdict, >= 90 %) |"
done
