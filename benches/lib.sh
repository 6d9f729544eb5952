# Shared by the benchmark scripts (sourced, not run): installs wrk from
# Debian's packages if missing, builds the release binary unless
# SKIP_BUILD=1, and sets BIN, WORK (a temporary directory removed on exit,
# with the server stopped first: put its pid in SERVER_PID), BASE
# (http://127.0.0.1:$PORT, checked to be free) and DATABASE_URL.
#
# BACKEND picks the database the server runs on: `sqlite` (the default: a
# fresh file in WORK) or `postgres` (a fresh database created on the server
# at BENCH_PG, default postgres://postgres@127.0.0.1:5432, and dropped on
# exit). `sql QUERY` runs a query on that database and prints the rows as
# comma-separated lines, whichever the backend. `to_ms` turns one of wrk's
# latencies (812.00us, 1.23ms, 1.02s) into milliseconds.
#
# Expects PORT to be set and the working directory to be the repository.

# shellcheck source=scripts/apt.sh
source scripts/apt.sh

command -v wrk >/dev/null || apt_install wrk || true
for tool in curl wrk "$@"; do
    command -v "$tool" >/dev/null || { echo "error: $tool is required" >&2; exit 1; }
done

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    cargo build --release -p tnhub >&2
fi
BIN=${CARGO_TARGET_DIR:-target}/release/tnhub

BACKEND=${BACKEND:-sqlite}
BENCH_PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
BENCH_PG=${BENCH_PG%/}
PG_DB=
WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [ -n "$PG_DB" ]; then
        psql -q -X -d "$BENCH_PG/postgres" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 ||
            echo "warning: could not drop the benchmark database $PG_DB" >&2
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

case $BACKEND in
    sqlite)
        DATABASE_URL="sqlite://$WORK/bench.db"
        sql() { python3 -c 'import csv, sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
csv.writer(sys.stdout, lineterminator="\n").writerows(db.execute(sys.argv[2]))' "$WORK/bench.db" "$1"; }
        ;;
    postgres)
        for tool in psql pg_isready; do
            command -v "$tool" >/dev/null || { echo "error: $tool is required for BACKEND=postgres (apt-get install postgresql-client)" >&2; exit 1; }
        done
        pg_isready -q -d "$BENCH_PG/postgres" ||
            { echo "error: PostgreSQL does not answer at $BENCH_PG (set BENCH_PG=postgres://user@host:port)" >&2; exit 1; }
        PG_DB="tnhub_bench_$$"
        psql -q -X -v ON_ERROR_STOP=1 -d "$BENCH_PG/postgres" -c "CREATE DATABASE $PG_DB" >/dev/null
        DATABASE_URL="$BENCH_PG/$PG_DB"
        sql() { psql -q -X -A -t -F, -v ON_ERROR_STOP=1 -d "$DATABASE_URL" -c "$1"; }
        ;;
    *)
        echo "error: BACKEND must be sqlite or postgres, not '$BACKEND'" >&2
        exit 1
        ;;
esac

BASE="http://127.0.0.1:$PORT"
if curl -s -o /dev/null "$BASE/health"; then
    echo "error: something already listens on port $PORT (set PORT=…)" >&2
    exit 1
fi

# wrk prints latencies as 812.00us, 1.23ms or 1.02s: in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.2f", v * 1000 }
        else printf "?" }'
}
