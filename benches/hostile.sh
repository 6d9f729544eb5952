#!/usr/bin/env bash
# Issue 12's figures on the release build, in one run:
#
# 1. The wrong-password flood: the binary test `hostile_logins` built with
#    `--release` (so it runs target/release/tnhub, under a 1 GiB
#    address-space limit): 32 clients for FLOOD_SECS, each from its own
#    loopback address, half guessing the real user's password, half
#    inventing names; a real user's remembered login every 20 ms. Prints
#    the answers, RSS before/peak/after and the remembered logins' p50/p99.
# 2. Unknown user vs wrong password: ROUNDS interleaved failed logins of
#    each (curl's time_total, a new connection each), on a release server
#    with the login throttle off (so every try runs its Argon2 check).
# 3. A 215,000-number `lnpchecker` body (4.5 MB): time to be refused alone
#    (the server runs with --body-limit 8 MiB, as the test does, so the XML
#    reader's cap answers 7314 rather than the default 4 MiB body limit's
#    413), then LNP_ROUNDS times two at once while `/health` is asked every 10 ms; the
#    /health p99 over that time.
#
#   benches/hostile.sh                 # FLOOD_SECS=15 ROUNDS=41 LNP_ROUNDS=30
#   SKIP_FLOOD=1 benches/hostile.sh    # only 2 and 3
#
# Settings: FLOOD_SECS (15), ROUNDS (41), LNP_ROUNDS (30), PORT (18083), SKIP_BUILD=1,
# SKIP_FLOOD=1. SQLite only (none of these figures touches the database
# beyond the login's account read).
set -euo pipefail

FLOOD_SECS=${FLOOD_SECS:-15}
ROUNDS=${ROUNDS:-41}
LNP_ROUNDS=${LNP_ROUNDS:-30}
PORT=${PORT:-18083}
ACCOUNT=9900001
USER_NAME=bench
PASSWORD=bench-password-1

cd "$(dirname "$0")/.."

# shellcheck source=benches/lib.sh
source benches/lib.sh python3 prlimit

echo "machine: $(nproc) CPUs, $(uname -sr); build: $($BIN --version), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (+ local changes)')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "${SKIP_FLOOD:-0}" != 1 ]; then
    echo
    echo "== 1. wrong-password flood, $FLOOD_SECS s, 32 clients, release binary under prlimit --as=1GiB"
    TNHUB_FLOOD_SECS=$FLOOD_SECS cargo test --release -q -p tnhub --test hostile_logins -- --nocapture 2>&1 |
        grep -E '^flood|test result|panicked|FAILED' || true
    echo "load after the flood: $(cut -d' ' -f1-3 /proc/loadavg)"
fi

TNHUB_LISTEN="127.0.0.1:$PORT" \
    TNHUB_DATABASE_URL="$DATABASE_URL" \
    TNHUB_DEMO_ACCOUNT=$ACCOUNT TNHUB_DEMO_USER=$USER_NAME TNHUB_DEMO_PASSWORD=$PASSWORD \
    TNHUB_LOG=warn TNHUB_LOGIN_FAILURES_PER_USER=0 TNHUB_LOGIN_FAILURES_PER_ADDRESS=0 \
    TNHUB_BODY_LIMIT=$(( 8 * 1024 * 1024 )) \
    "$BIN" serve >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
for _ in $(seq 3000); do
    curl -sf -o /dev/null "$BASE/ready" && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "error: the server exited:" >&2; cat "$WORK/server.err" >&2; exit 1; }
    sleep 0.01
done
API="$BASE/api/accounts/$ACCOUNT"
curl -sf -o /dev/null -u "$USER_NAME:$PASSWORD" "$API"

echo
echo "== 2. unknown user vs wrong password, $ROUNDS interleaved failed logins each"
: >"$WORK/wrong"
: >"$WORK/unknown"
for i in $(seq "$ROUNDS"); do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -u "$USER_NAME:wrong-$i" "$API" >>"$WORK/wrong"
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -u "nobody-here:wrong-$i" "$API" >>"$WORK/unknown"
done
python3 - "$WORK/wrong" "$WORK/unknown" <<'PY'
import statistics, sys
def read(path):
    rows = [l.split() for l in open(path)]
    bad = [c for c, _ in rows if c != "401"]
    if bad:
        sys.exit(f"error: {path}: answers {bad} instead of 401")
    return [float(t) * 1000 for _, t in rows]
w, u = read(sys.argv[1]), read(sys.argv[2])
mw, mu = statistics.median(w), statistics.median(u)
diff = abs(mu - mw) / mw * 100
print(f"wrong password median {mw:.1f} ms, unknown user median {mu:.1f} ms: {diff:.0f} % apart, "
      f"{'met' if diff <= 20 else 'MISSED'} (within 20 %)")
PY

echo
echo "== 3. 215,000-number lnpchecker body, refused; /health meanwhile"
python3 -c '
import sys
tns = "".join(f"<Tn>919{i % 10_000_000:07}</Tn>" for i in range(215_000))
sys.stdout.write(f"<NumberPortabilityRequest><TnList>{tns}</TnList></NumberPortabilityRequest>")' >"$WORK/lnp.xml"
lnp() {
    curl -s -o "$WORK/lnp-$1.out" -w '%{http_code} %{time_total}\n' -u "$USER_NAME:$PASSWORD" \
        -H 'Content-Type: application/xml' --data-binary @"$WORK/lnp.xml" "$API/lnpchecker"
}
alone=()
for i in 1 2 3 4 5; do alone+=("$(lnp alone)"); done
grep -q '<Code>7314</Code>' "$WORK/lnp-alone.out" ||
    { echo "error: the lnpchecker answer is not 7314: $(head -c 300 "$WORK/lnp-alone.out")" >&2; exit 1; }
# LNP_ROUNDS rounds of two at once, with /health asked every 10 ms while they run.
(
    for _ in $(seq "$LNP_ROUNDS"); do
        lnp a >"$WORK/both-a" &
        a=$!
        lnp b >"$WORK/both-b" &
        b=$!
        wait "$a" "$b"
        cat "$WORK/both-a" "$WORK/both-b"
    done
) >"$WORK/both" &
heavy=$!
: >"$WORK/health"
while kill -0 "$heavy" 2>/dev/null; do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$BASE/health" >>"$WORK/health"
    sleep 0.01
done
wait "$heavy"
mapfile -t both <"$WORK/both"
python3 - "$WORK/health" "$(printf '%s;' "${alone[@]}")" "$(printf '%s;' "${both[@]}")" <<'PY'
import sys
def times(text):
    rows = [r.split() for r in text.split(";") if r.strip()]
    assert all(c == "400" for c, _ in rows), rows
    return sorted(float(t) * 1000 for _, t in rows)
alone, both = times(sys.argv[2]), times(sys.argv[3])
print(f"refused alone (5 tries): median {alone[len(alone) // 2]:.0f} ms, max {alone[-1]:.0f} ms: "
      f"{'met' if alone[len(alone) // 2] < 100 else 'MISSED'} (< 100 ms)")
print(f"two at once ({len(both) // 2} rounds): median {both[len(both) // 2]:.0f} ms, max {both[-1]:.0f} ms")
rows = [l.split() for l in open(sys.argv[1])]
assert all(c == "200" for c, _ in rows), rows
h = sorted(float(t) * 1000 for _, t in rows)
p99 = h[min(len(h) - 1, int(len(h) * 0.99))]
print(f"/health meanwhile: {len(h)} pings, p50 {h[len(h) // 2]:.1f} ms, p99 {p99:.1f} ms, max {h[-1]:.1f} ms: "
      f"{'met' if p99 < 50 else 'MISSED'} (p99 < 50 ms)")
PY
hwm_kb=$(awk '/VmHWM/ {print $2}' "/proc/$SERVER_PID/status")
echo "server peak RSS (VmHWM) after 2 and 3: $(( hwm_kb / 1024 )) MB"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
