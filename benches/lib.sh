# Shared by the benchmark scripts (sourced, not run): installs wrk from
# Debian's packages if missing, builds the release binary unless
# SKIP_BUILD=1, and sets BIN, WORK (a temporary directory removed on exit,
# with the server stopped first: put its pid in SERVER_PID) and BASE
# (http://127.0.0.1:$PORT, checked to be free).
#
# Expects PORT to be set and the working directory to be the repository.

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! command -v wrk >/dev/null; then
    echo "installing wrk (Debian package)…" >&2
    as_root apt-get install -y wrk >/dev/null 2>&1 ||
        { as_root apt-get update >/dev/null && as_root apt-get install -y wrk >/dev/null; }
fi
for tool in curl wrk "$@"; do
    command -v "$tool" >/dev/null || { echo "error: $tool is required" >&2; exit 1; }
done

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    cargo build --release -p tnhub >&2
fi
BIN=${CARGO_TARGET_DIR:-target}/release/tnhub

WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

BASE="http://127.0.0.1:$PORT"
if curl -s -o /dev/null "$BASE/health"; then
    echo "error: something already listens on port $PORT (set PORT=…)" >&2
    exit 1
fi
