#!/usr/bin/env bash
# The scale benchmark (issue 14): the same figures on an empty account and
# on an account with 1,000,000 numbers in service, in one run of one
# release server (SQLite, or PostgreSQL with BACKEND=postgres).
#
#   benches/scale.sh                      # 1,000,000 numbers, 10 s per figure
#   NUMBERS=200000 DURATION=5s benches/scale.sh
#
# 1. Starts `tnhub serve` on a fresh database (embedded default inventory),
#    creates a site and a SIP peer.
# 2. "Empty": measures with wrk (CONNECTIONS connections, after a WARMUP):
#    10-result searches (`areaCode=919&quantity=10`) and single-number
#    search orders (orders.sh's 40 area codes; completed orders/s from the
#    database). Then, on the numbers those orders left (~10,000: a page
#    needs numbers to list), `GET /tns` and `inserviceNumbers` paging: the
#    first page and a deep one (`page=` the number 90 % of the way in).
# 3. Fills the account with NUMBERS numbers through
#    `AreaCodeSearchAndOrderType` orders of 5,000 spread over 50 area codes
#    (the 40 above, 919 and 9 more), all sent at once, and times first
#    POST to last order complete. Checks every order completed and that no
#    area code gave more than a small share of what it offers (its
#    exchanges in the embedded data x 10,000).
# 4. "Full": the same measurements again, and each figure as % of its
#    empty (or ~10,000-number) one. Target (BENCHMARKS.md): >= 80 %.
#
# Settings (environment): NUMBERS (1000000), DURATION (10s), WARMUP (2s),
# CONNECTIONS (16), THREADS (2), PORT (18082), SKIP_BUILD=1, BACKEND,
# BENCH_PG (see benches/lib.sh).
set -euo pipefail

NUMBERS=${NUMBERS:-1000000}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
PORT=${PORT:-18082}
ORDER_SIZE=5000
ACCOUNT=9900001
USER_NAME=bench
PASSWORD=bench-password-1

cd "$(dirname "$0")/.."

# shellcheck source=benches/lib.sh
source benches/lib.sh python3

now_ns() { date +%s%N; }
say() { echo "$*" >&2; }

TNHUB_LISTEN="127.0.0.1:$PORT" \
    TNHUB_DATABASE_URL="$DATABASE_URL" \
    TNHUB_DEMO_ACCOUNT=$ACCOUNT TNHUB_DEMO_USER=$USER_NAME TNHUB_DEMO_PASSWORD=$PASSWORD \
    TNHUB_LOG=warn \
    "$BIN" serve >"$WORK/server.out" 2>"$WORK/server.err" &
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
curl -sf -o /dev/null -H "Authorization: $AUTH" "$API"

# orders.sh's 40 area codes, then 919 (the searched one) and 9 more.
ORDER_NPAS="201 202 203 205 206 207 208 209 210 212 213 214 215 216 217 218 219 224 225 228
229 231 234 239 240 248 251 252 253 254 256 260 262 267 269 270 276 281 301 302"
FILL_NPAS="$ORDER_NPAS 919 303 304 305 310 312 313 314 315 316"

npa_list=$(echo "$ORDER_NPAS" | tr -s ' \n' ',' | sed 's/,$//')
cat >"$WORK/order.lua" <<LUA
local npas = {$npa_list}
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

# Waits until the worker has finished every accepted order (at most $1 s).
wait_idle() {
    local left
    for _ in $(seq $(( $1 * 10 ))); do
        left=$(sql "SELECT COUNT(*) FROM orders WHERE status IN ('RECEIVED', 'PROCESSING')")
        [ "$left" = 0 ] && return 0
        sleep 0.1
    done
    echo "error: $left orders still unfinished after $1 s" >&2
    exit 1
}

in_service() { sql "SELECT COUNT(*) FROM numbers WHERE account_id = '$ACCOUNT' AND status = 'Inservice'"; }

# wrk's figures for one URL: "req/s p50 p99" (milliseconds).
wrk_get() {
    local url=$1 out code
    code=$(curl -s -o "$WORK/body" -w '%{http_code}' -H "Authorization: $AUTH" "$url")
    [ "$code" = 200 ] || { echo "error: $url answered $code: $(head -c 300 "$WORK/body")" >&2; exit 1; }
    # A 60 s timeout: a slow figure is measured, not lost to wrk's 2 s default.
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" --timeout 60s -H "Authorization: $AUTH" "$url" >/dev/null
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 60s --latency -H "Authorization: $AUTH" "$url")
    # Refusals (the server's 503 when its database is saturated) are
    # counted, not fatal: they are part of the figure.
    printf '%s %s %s %s %s\n' "$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' <<<"$out")" \
        "$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")" \
        "$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")" \
        "$(awk '/requests in/ {print $1}' <<<"$out")" \
        "$(awk '/Non-2xx/ {n = $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' <<<"$out")"
}

# Single-number search orders for DURATION: "completed/s median-ms p99-ms".
wrk_orders() {
    local marker
    marker=$(sql "SELECT COALESCE(MAX(created_at), 0) FROM orders")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "$WORK/order.lua" "$API/orders" >/dev/null
    wait_idle 300
    sql "SELECT status, created_at, COALESCE(completed_at, 0) FROM orders WHERE created_at > $marker" | python3 -c '
import sys
rows = [(s, int(c), int(d)) for s, c, d in (l.strip().split(",") for l in sys.stdin if l.strip())]
done = [r for r in rows if r[0] == "COMPLETE"]
if not done or len(done) < len(rows):
    sys.exit(f"error: {len(rows) - len(done)} of {len(rows)} single-number orders did not complete")
lat = sorted(c - s for _, s, c in done)
span = (max(c for _, _, c in done) - min(s for _, s, _ in rows)) / 1000
print(f"{len(done) / span:.0f} {lat[len(lat) // 2]} {lat[min(len(lat) - 1, int(0.99 * len(lat)))]}")'
}

# The number `share` of the way into the account's numbers in service.
deep_tn() {
    sql "SELECT tn FROM numbers WHERE account_id = '$ACCOUNT' AND status = 'Inservice' ORDER BY tn LIMIT 1 OFFSET $(( $(in_service) * 9 / 10 ))"
}

declare -A FIG
# Measures every figure into FIG[<phase>,<name>].
measure() {
    local phase=$1 deep
    say "[$phase] search areaCode=919&quantity=10"
    FIG[$phase,search]=$(wrk_get "$API/availableNumbers?areaCode=919&quantity=10")
    say "[$phase] single-number orders"
    FIG[$phase,orders]=$(wrk_orders)
    FIG[$phase,count]=$(in_service)
    deep=$(deep_tn)
    say "[$phase] paging over ${FIG[$phase,count]} numbers (deep page from $deep)"
    FIG[$phase,tns1]=$(wrk_get "$BASE/api/tns?size=500")
    FIG[$phase,tnsdeep]=$(wrk_get "$BASE/api/tns?page=$deep&size=500")
    FIG[$phase,ins1]=$(wrk_get "$API/inserviceNumbers?size=300")
    FIG[$phase,insdeep]=$(wrk_get "$API/inserviceNumbers?page=$deep&size=300")
    FIG[$phase,total]=$(wrk_get "$API/inserviceNumbers/totals")
    FIG[$phase,load]=$(cut -d' ' -f1-3 /proc/loadavg)
    for key in search orders tns1 tnsdeep ins1 insdeep total; do say "[$phase] $key: ${FIG[$phase,$key]}"; done
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
measure empty

# The fill: every order sent at once (they queue), then wait for the worker.
orders=$(( (NUMBERS + ORDER_SIZE - 1) / ORDER_SIZE ))
say "[fill] $orders orders of $ORDER_SIZE numbers"
marker=$(sql "SELECT COALESCE(MAX(created_at), 0) FROM orders")
fill_start=$(now_ns)
python3 - "$PORT" "/api/accounts/$ACCOUNT/orders" "$AUTH" "$site" "$orders" "$ORDER_SIZE" $FILL_NPAS <<'PY'
import http.client, sys
port, path, auth, site, orders, size, *npas = sys.argv[1:]
conn = http.client.HTTPConnection("127.0.0.1", int(port))
for i in range(int(orders)):
    body = (f"<Order><SiteId>{site}</SiteId><PartialAllowed>false</PartialAllowed><AreaCodeSearchAndOrderType>"
            f"<AreaCode>{npas[i % len(npas)]}</AreaCode><Quantity>{size}</Quantity>"
            f"</AreaCodeSearchAndOrderType></Order>")
    conn.request("POST", path, body, {"Authorization": auth, "Content-Type": "application/xml"})
    r = conn.getresponse()
    text = r.read()
    if r.status != 201:
        sys.exit(f"error: order {i} answered {r.status}: {text[:300]!r}")
PY
sent_ms=$(( ($(now_ns) - fill_start) / 1000000 ))
wait_idle 1800
fill_ms=$(( ($(now_ns) - fill_start) / 1000000 ))
fill_status=$(sql "SELECT status || ' ' || COUNT(*) FROM orders WHERE created_at > $marker GROUP BY status" | tr '\n' ',' | sed 's/,$//')
say "[fill] $fill_status in $fill_ms ms"

# What the fill took of each area code's offer (its exchanges x 10,000).
offer=$(sql "SELECT substr(tn, 1, 3), COUNT(*) FROM numbers WHERE account_id = '$ACCOUNT' GROUP BY 1" | python3 -c '
import csv, collections, gzip, sys
exchanges = collections.Counter(r["npa"] for r in csv.DictReader(gzip.open("crates/nanp/data/exchanges.csv.gz", "rt")))
worst = max((int(n) / (exchanges[npa] * 10000), npa, int(n)) for npa, n in (l.strip().split(",") for l in sys.stdin if l.strip()))
print(f"largest share of an area code offer: {worst[1]}, {worst[2]:,} of {exchanges[worst[1]] * 10000:,} ({100 * worst[0]:.1f} %)")')
say "[fill] $offer"

measure full
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
hwm_kb=$(awk '/VmHWM/ {print $2}' "/proc/$SERVER_PID/status")

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
echo
echo "machine: $(nproc) CPUs ($cpu), $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr)"
echo "build:   $($BIN --version), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (+ local changes)')"
echo "backend: $BACKEND; wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency after a $WARMUP warm-up"
echo "load:    $load_start at the start, ${FIG[empty,load]} after the empty figures, $load_end at the end (1/5/15-minute averages)"
echo "fill:    $orders orders of $ORDER_SIZE numbers: ${FIG[full,count]} in service; sent in $((sent_ms / 1000)).$(( sent_ms % 1000 / 100 )) s, all complete $((fill_ms / 1000)).$(( fill_ms % 1000 / 100 )) s after the first was sent: $(awk -v t="$fill_ms" 'BEGIN {print t < 60000 ? "met" : "MISSED"}') (< 60 s); orders: $fill_status"
echo "         $offer"
echo "server peak RSS: $(( hwm_kb / 1024 )) MB"
refused=$(grep -c 'database is unavailable' "$WORK/server.err" || true)
[ "$refused" = 0 ] || echo "server: $refused requests refused with 503 (database unavailable: pool wait over --database-timeout)"
echo
echo "| Figure | empty ($(printf "%'d" "${FIG[empty,count]}") for paging) | p50 / p99 ms | full ($(printf "%'d" "${FIG[full,count]}")) | p50 / p99 ms | full / empty | target >= 80 % |"
echo "|---|---:|---:|---:|---:|---:|---|"
row() {
    local name=$1 key=$2 unit=$3
    # req/s p50 p99 [requests failed]: the rate counted is of successes.
    read -r a ap50 ap99 an af <<<"${FIG[empty,$key]}"
    read -r b bp50 bp99 bn bf <<<"${FIG[full,$key]}"
    awk -v n="$name" -v a="$a" -v b="$b" -v u="$unit" -v l1="$ap50 / $ap99" -v l2="$bp50 / $bp99" \
        -v an="${an:-0}" -v af="${af:-0}" -v bn="${bn:-0}" -v bf="${bf:-0}" 'BEGIN {
        if (an > 0) a = a * (an - af) / an
        if (bn > 0) b = b * (bn - bf) / bn
        ea = af > 0 ? sprintf(" (%d of %d failed)", af, an) : ""
        eb = bf > 0 ? sprintf(" (%d of %d failed)", bf, bn) : ""
        r = 100 * b / a
        printf "| %s | %.0f %s%s | %s | %.0f %s%s | %s | %.0f %% | %s |\n", n, a, u, ea, l1, b, u, eb, l2, r, r >= 80 ? "met" : "MISSED" }'
}
row '`availableNumbers?areaCode=919&quantity=10`' search req/s
row 'single-number search orders (create to COMPLETE median / p99)' orders completed/s
row '`GET /tns?size=500`, first page' tns1 req/s
row '`GET /tns?page=<90 %>&size=500`, deep page' tnsdeep req/s
row '`inserviceNumbers?size=300`, first page' ins1 req/s
row '`inserviceNumbers?page=<90 %>&size=300`, deep page' insdeep req/s
row '`inserviceNumbers/totals`' total req/s
