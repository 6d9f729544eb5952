#!/usr/bin/env bash
# The import benchmark: writes two inventory files of N single numbers with
# benches/gen_inventory.py (consecutive: adjacent numbers that merge into a
# few block rows; scattered: never-adjacent numbers, one block row each, one
# in a thousand excluded), imports each with `tnhub import` (release build)
# into a fresh database, and then starts `tnhub serve` on the database
# holding the scattered file to time its start (the inventory index is
# built from every block at start).
#
#   benches/import.sh                     # 1,000,000 numbers per file, SQLite
#   BACKEND=postgres benches/import.sh    # the same on a fresh PostgreSQL database
#   NUMBERS=200000 benches/import.sh
#
# Settings (environment): NUMBERS (1000000), BACKEND (sqlite|postgres, see
# benches/lib.sh), BENCH_PG, PORT (18082, for the start-up check),
# SKIP_BUILD=1 to use the existing target/release/tnhub.
#
# Prints per file: rows, wall time, peak RSS of the import process (GNU
# time), and the summary line tnhub prints; then the server's time from
# process start to /ready and its RSS. Target (issue 3): a million numbers
# import in seconds, not minutes.
set -euo pipefail

NUMBERS=${NUMBERS:-1000000}
PORT=${PORT:-18082}

cd "$(dirname "$0")/.."

# shellcheck source=benches/lib.sh
source benches/lib.sh python3

[ -x /usr/bin/time ] || apt_install time || { echo "error: GNU time (/usr/bin/time) is required: apt-get install time" >&2; exit 1; }

now_ns() { date +%s%N; }

# A fresh, empty database at DATABASE_URL.
fresh_database() {
    case $BACKEND in
        sqlite) rm -f "$WORK"/bench.db* ;;
        postgres)
            psql -q -X -v ON_ERROR_STOP=1 -d "$BENCH_PG/postgres" \
                -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" -c "CREATE DATABASE $PG_DB" >/dev/null
            ;;
    esac
    TNHUB_LOG=warn "$BIN" migrate --database-url "$DATABASE_URL" >/dev/null
}

echo
echo "machine: $(nproc) CPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(uname -sr)"
echo "build:   $($BIN --version), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (+ local changes)')"
echo "backend: $BACKEND"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15-minute load average before the runs)"
echo

for kind in consecutive scattered; do
    file="$WORK/$kind.csv"
    python3 benches/gen_inventory.py "$kind" "$NUMBERS" >"$file"
    fresh_database
    /usr/bin/time -f '%e %M' -o "$WORK/time" \
        "$BIN" import --database-url "$DATABASE_URL" "$file" >"$WORK/import.out" 2>"$WORK/import.err" ||
        { echo "error: the import of $kind failed:" >&2; tail -20 "$WORK/import.err" >&2; exit 1; }
    read -r wall rss_kb <"$WORK/time"
    printf '%-12s %9d numbers  %6.2f s wall  peak RSS %4d MB\n' "$kind" "$NUMBERS" "$wall" $((rss_kb / 1024))
    sed 's/^/    /' "$WORK/import.out"
done

# The scattered file is in the database now: start a server on it.
start=$(now_ns)
TNHUB_LISTEN="127.0.0.1:$PORT" TNHUB_DATABASE_URL="$DATABASE_URL" TNHUB_NO_DEMO=1 TNHUB_LOG=warn \
    "$BIN" serve >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
until curl -sf -o /dev/null "$BASE/ready"; do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "error: the server exited:" >&2; cat "$WORK/server.err" >&2; exit 1; }
    sleep 0.01
done
ready_ms=$(( ($(now_ns) - start) / 1000000 ))
echo
echo "serve on the scattered database: ready in $ready_ms ms," \
    "peak RSS $(( $(awk '/VmHWM/ {print $2}' "/proc/$SERVER_PID/status") / 1024 )) MB," \
    "now $(( $(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status") / 1024 )) MB"
