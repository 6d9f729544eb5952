#!/usr/bin/env bash
# The web console's render time with many orders: starts `tnhub serve`
# (release build) on a fresh database (SQLite, or PostgreSQL with
# BACKEND=postgres), writes ORDERS orders (default 100,000) of the demo
# account straight into the database — statuses mixed, created over the last
# 14 days, one in ten a port-in — signs in to the console as the operator,
# then has wrk fetch each page from one connection (so each request's
# latency is the page's render time):
#
#   - the overview (/console): numbers in service, orders by status and per
#     day, port-ins by status, dead callbacks, the clock;
#   - the orders list (/console/accounts/{a}/orders): the first page of 50
#     with the total count.
#
#   benches/console.sh                      # 100,000 orders, 5 s per page
#   ORDERS=1000000 DURATION=10s benches/console.sh
#
# Settings (environment): ORDERS (100000), DURATION (5s), PORT (18085),
# SKIP_BUILD=1 to use the existing target/release/tnhub (TNHUB_BIN=path for
# another build), BACKEND=postgres.
# Target (BENCHMARKS.md): both pages under 100 ms.
set -euo pipefail

ORDERS=${ORDERS:-100000}
DURATION=${DURATION:-5s}
PORT=${PORT:-18085}
ACCOUNT=9900001
TOKEN=console-bench-token

cd "$(dirname "$0")/.."

# shellcheck source=benches/lib.sh
source benches/lib.sh python3
# TNHUB_BIN=path runs another build (with SKIP_BUILD=1), e.g. a debug one.
BIN=${TNHUB_BIN:-$BIN}

TNHUB_LISTEN="127.0.0.1:$PORT" \
    TNHUB_DATABASE_URL="$DATABASE_URL" \
    TNHUB_DEMO_ACCOUNT=$ACCOUNT TNHUB_DEMO_USER=bench TNHUB_DEMO_PASSWORD=bench-password-1 \
    TNHUB_ADMIN_TOKEN=$TOKEN TNHUB_LOG=warn \
    "$BIN" serve >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
for _ in $(seq 3000); do
    curl -sf -o /dev/null "$BASE/ready" && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "error: the server exited:" >&2; cat "$WORK/server.err" >&2; exit 1; }
    sleep 0.01
done

# The orders, as the server stores them: UUIDv7-like ids sorting by time.
python3 - "$ORDERS" "$ACCOUNT" >"$WORK/orders.csv" <<'PY'
import random, sys, time, uuid
n, account = int(sys.argv[1]), sys.argv[2]
random.seed(7)
now = int(time.time() * 1000)
start = now - 14 * 86_400_000
statuses = ["COMPLETE"] * 8 + ["FAILED", "PARTIAL", "RECEIVED", "BACKORDERED"]
port = ["SUBMITTED", "FOC", "EXCEPTION", "COMPLETE", "CANCELLED"]
for i in range(n):
    at = start + (14 * 86_400_000) * i // n
    t = f"{at:012x}"
    oid = f"{t[:8]}-{t[8:]}-7{(i >> 12) & 0xfff:03x}-8{i & 0xfff:03x}-{i:012x}"
    kind, status = ("port_in", random.choice(port)) if i % 10 == 0 else ("new_number", random.choice(statuses))
    print(f"{oid},{account},{kind},{status},bench,1,{at},{at}")
PY
echo "writing $ORDERS orders ($BACKEND) …" >&2
case $BACKEND in
    sqlite)
        python3 - "$WORK/bench.db" "$WORK/orders.csv" <<'PY'
import csv, sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=30)
rows = list(csv.reader(open(sys.argv[2])))
db.executemany("INSERT INTO orders (id, account_id, kind, status, created_by, tn_count, request, result, created_at, updated_at) "
               "VALUES (?, ?, ?, ?, ?, ?, '{}', '{}', ?, ?)", rows)
db.commit()
db.execute("ANALYZE")
PY
        ;;
    postgres)
        sql "CREATE TEMP TABLE x (id text, account_id text, kind text, status text, created_by text, tn_count int, created_at bigint, updated_at bigint);
             \\copy x FROM '$WORK/orders.csv' CSV
             INSERT INTO orders (id, account_id, kind, status, created_by, tn_count, request, result, created_at, updated_at)
               SELECT id, account_id, kind, status, created_by, tn_count, '{}', '{}', created_at, updated_at FROM x;
             ANALYZE orders;" >/dev/null
        ;;
esac
echo "orders stored: $(sql 'SELECT COUNT(*) FROM orders')" >&2

# Sign in as the operator, as a browser does (the form's CSRF token, cookies).
JAR="$WORK/cookies"
csrf=$(curl -s -c "$JAR" "$BASE/console/sign-in" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
curl -s -o /dev/null -b "$JAR" -c "$JAR" --data-urlencode "csrf=$csrf" --data-urlencode kind=operator \
    --data-urlencode "token=$TOKEN" "$BASE/console/sign-in"
session=$(awk '$6 == "tnhub_console" {print $7}' "$JAR")
[ -n "$session" ] || { echo "error: the console sign-in failed" >&2; exit 1; }

echo "machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); backend $BACKEND; $ORDERS orders"
for page in "/console" "/console/accounts/$ACCOUNT/orders"; do
    code=$(curl -s -o "$WORK/page.html" -w '%{http_code}' -H "Cookie: tnhub_console=$session" "$BASE$page")
    [ "$code" = 200 ] || { echo "error: $page answered $code" >&2; exit 1; }
    echo "== $page ($(wc -c <"$WORK/page.html") bytes)"
    wrk -t1 -c1 -d"$DURATION" --latency -H "Cookie: tnhub_console=$session" "$BASE$page" |
        grep -E 'Latency|50%|90%|99%|Requests/sec'
done
