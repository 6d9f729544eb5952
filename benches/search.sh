#!/usr/bin/env bash
# The search benchmark: starts `tnhub serve` (release build) on a fresh
# database with the embedded default inventory and measures, in one run,
# the availableNumbers searches below and `GET /accounts/{a}` (the cheapest
# authenticated request: the ceiling of what this machine serves), with wrk.
#
#   benches/search.sh                    # 2 wrk threads, 64 connections, 15 s per URL
#   DURATION=30s CONNECTIONS=128 benches/search.sh
#
# Settings (environment): DURATION (15s), CONNECTIONS (64), THREADS (2),
# PORT (18080), WARMUP (3s per URL, not measured), SKIP_BUILD=1 to use the
# existing target/release/tnhub, BACKEND=postgres to run the server on a
# fresh PostgreSQL database (BENCH_PG=postgres://user@host:port, default
# postgres://postgres@127.0.0.1:5432) instead of a SQLite file.
#
# Prints the machine, the time from process start to /ready answering, a
# table of req/s, p50/p99 latency and each URL's ratio to the GET /accounts
# throughput, and the server's peak and final RSS. Targets (BENCHMARKS.md):
# 10-result searches >= 50% of the ceiling with p99 < 5 ms; the 5000-result
# detailed search p99 < 50 ms; RSS < 200 MB; first start to ready < 1 s.
set -euo pipefail

DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PORT=${PORT:-18080}
WARMUP=${WARMUP:-3s}
ACCOUNT=9900001
USER_NAME=bench
PASSWORD=bench-password-1

cd "$(dirname "$0")/.."

# shellcheck source=benches/lib.sh
source benches/lib.sh

now_ns() { date +%s%N; }

# First start on an empty database: migrate, create the demo account and
# user (one Argon2 hash), load the inventory index, listen.
start=$(now_ns)
TNHUB_LISTEN="127.0.0.1:$PORT" \
    TNHUB_DATABASE_URL="$DATABASE_URL" \
    TNHUB_DEMO_ACCOUNT=$ACCOUNT TNHUB_DEMO_USER=$USER_NAME TNHUB_DEMO_PASSWORD=$PASSWORD \
    TNHUB_LOG=warn \
    "$BIN" serve >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
until curl -sf -o /dev/null "$BASE/ready"; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "error: the server exited:" >&2
        cat "$WORK/server.err" >&2
        exit 1
    fi
    if [ $(( ($(now_ns) - start) / 1000000 )) -gt 30000 ]; then
        echo "error: the server was not ready within 30 s" >&2
        exit 1
    fi
    sleep 0.005
done
ready_ms=$(( ($(now_ns) - start) / 1000000 ))
# The CPU the start took (user + system, all threads): unlike the wall
# time, it hardly moves when other work shares the machine.
ready_cpu_ms=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / hz}' "/proc/$SERVER_PID/stat")

AUTH="Authorization: Basic $(printf '%s:%s' "$USER_NAME" "$PASSWORD" | base64 -w0)"
API="$BASE/api/accounts/$ACCOUNT"

# name | URL | target | connections (default $CONNECTIONS)
CASES=(
    "GET /accounts/{a} (ceiling)|$API|ceiling"
    "areaCode=919&quantity=10|$API/availableNumbers?areaCode=919&quantity=10|small"
    "state=NC&quantity=100|$API/availableNumbers?state=NC&quantity=100|medium"
    "tollFreeWildCardPattern=8**&quantity=10|$API/availableNumbers?tollFreeWildCardPattern=8**&quantity=10|small"
    "localVanity=CALL&quantity=10|$API/availableNumbers?localVanity=CALL&quantity=10|small"
    "areaCode=919&quantity=5000&enableTNDetail=true|$API/availableNumbers?areaCode=919&quantity=5000&enableTNDetail=true|large"
    # The same with one connection: what one request costs, without queueing.
    "areaCode=919&quantity=5000&enableTNDetail=true, 1 connection|$API/availableNumbers?areaCode=919&quantity=5000&enableTNDetail=true|single|1"
)

machine() {
    local cpu
    cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
    echo "machine: $(nproc) CPUs ($cpu), $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr)"
    echo "build:   $($BIN --version), $(rustc --version | cut -d' ' -f1-2), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (+ local changes)')"
    echo "wrk:     $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2), -t$THREADS -c$CONNECTIONS -d$DURATION --latency (after a $WARMUP warm-up per URL)"
}

echo
machine
echo "backend: $BACKEND"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15-minute load average before the runs; other work on the machine skews the figures)"
echo "ready:   ${ready_ms} ms from process start to /ready answering (fresh database), ${ready_cpu_ms} ms of CPU"
echo

results=()
ceiling=
for case in "${CASES[@]}"; do
    IFS='|' read -r name url kind conns <<<"$case"
    conns=${conns:-$CONNECTIONS}
    threads=$(( THREADS < conns ? THREADS : conns ))
    # Check the URL works and warm up (auth cache, page cache, allocator).
    code=$(curl -s -o "$WORK/body" -w '%{http_code}' -H "$AUTH" "$url")
    if [ "$code" != 200 ]; then
        echo "error: $name answered $code: $(head -c 300 "$WORK/body")" >&2
        exit 1
    fi
    count=$(grep -o '<ResultCount>[0-9]*' "$WORK/body" | grep -o '[0-9]*$' || echo -)
    wrk -t"$threads" -c"$conns" -d"$WARMUP" -H "$AUTH" "$url" >/dev/null
    out=$(wrk -t"$threads" -c"$conns" -d"$DURATION" --latency -H "$AUTH" "$url")
    echo "$out" >"$WORK/wrk-$kind-${#results[@]}.txt"
    rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' <<<"$out")
    p50=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
    p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
    errors=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    socket=$(awk '/Socket errors/ {print $0}' <<<"$out")
    [ -n "$ceiling" ] || ceiling=$rps
    ratio=$(awk -v a="$rps" -v b="$ceiling" 'BEGIN {printf "%.0f%%", 100 * a / b}')
    [ "$conns" = "$CONNECTIONS" ] || ratio=-
    verdict=
    case $kind in
        ceiling) verdict="(ceiling)" ;;
        small) verdict=$(awk -v a="$rps" -v b="$ceiling" -v p="$p99" \
            'BEGIN {ok = (a >= b / 2 && p < 5); printf "%s (>=50%%, p99<5ms)", ok ? "met" : "MISSED"}') ;;
        large) verdict=$(awk -v p="$p99" 'BEGIN {printf "%s (p99<50ms)", p < 50 ? "met" : "MISSED"}') ;;
        medium) verdict="(no target)" ;;
        single) verdict="(for comparison: no queueing)" ;;
    esac
    [ -z "$errors" ] || verdict="$verdict; $errors non-2xx"
    [ -z "$socket" ] || verdict="$verdict; $socket"
    results+=("| \`$name\` | $count | $rps | $p50 | $p99 | $ratio | $verdict |")
    printf '  %-52s %8s req/s  p50 %7s ms  p99 %7s ms  %5s\n' "$name" "$rps" "$p50" "$p99" "$ratio" >&2
done

echo "load after the runs: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
hwm_kb=$(awk '/VmHWM/ {print $2}' "/proc/$SERVER_PID/status")
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status")

echo
echo "| Request | results | req/s | p50 ms | p99 ms | of ceiling | target |"
echo "|---|---:|---:|---:|---:|---:|---|"
printf '%s\n' "${results[@]}"
echo
awk -v h="$hwm_kb" -v r="$rss_kb" 'BEGIN {
    printf "server RSS after the runs: peak (VmHWM) %.0f MB, now (VmRSS) %.0f MB: %s (< 200 MB)\n",
        h / 1024, r / 1024, h / 1024 < 200 ? "met" : "MISSED" }'
awk -v t="$ready_ms" 'BEGIN {
    printf "first start on an empty database to ready: %d ms: %s (< 1 s, issue 14)\n", t, t < 1000 ? "met" : "MISSED" }'
echo "CPU time of that start (user + system): ${ready_cpu_ms} ms"
