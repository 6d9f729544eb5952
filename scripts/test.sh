#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it (.ci/run calls this script).
#
#   ./scripts/test.sh            everything: setup, formatting, lints, all tests
#   ./scripts/test.sh -E 'test(sites)'   extra arguments go to cargo nextest
#
# It installs what the tests need (Bandwidth's official Node and Python
# clients for the conformance tests, the OpenAPI validator and the fuzzer,
# Chromium and chromedriver for the web console's browser tests,
# a fresh PostgreSQL database for the PostgreSQL tests), then checks formatting and lints, then runs every test
# of every crate, the HTTP tests a second time on PostgreSQL, and the API
# fuzzer (scripts/fuzz.sh) against the built server. Nothing is
# skipped: a missing tool (or PostgreSQL) is a failure with a message saying
# how to get it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n==> %s\n' "$*"; }

step "installing the official clients for the conformance tests"
bash scripts/setup-conformance.sh

step "installing the OpenAPI validator and the API fuzzer (fuzz/.venv)"
bash scripts/setup-fuzz.sh

step "installing Chromium for the web console's browser tests"
bash scripts/setup-browser.sh

step "installing podman for the container image test (tests/image.rs; as root only)"
if [ "$(id -u)" -eq 0 ] && ! command -v podman >/dev/null 2>&1; then
  # shellcheck source=scripts/apt.sh
  source scripts/apt.sh
  apt_install podman || { echo "cannot install podman: the image test needs it (apt-get install podman)" >&2; exit 1; }
fi

step "checking formatting (cargo fmt)"
cargo fmt --all -- --check

step "linting (cargo clippy -D warnings)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "preparing a fresh PostgreSQL database (scripts/pg-test-db.sh; dropped on exit)"
source scripts/pg-test-db.sh

step "running the tests"
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --locked --no-fail-fast "$@"
  step "running the HTTP tests again, on PostgreSQL"
  TNHUB_TEST_BACKEND=postgres cargo nextest run -p tnhub-server --test api --locked --no-fail-fast "$@"
  step "running the documentation tests"
  cargo test --workspace --locked --doc
else
  echo "(cargo-nextest not found; using cargo test — install it with 'cargo install cargo-nextest' for faster runs)"
  cargo test --workspace --locked --no-fail-fast
  step "running the HTTP tests again, on PostgreSQL"
  TNHUB_TEST_BACKEND=postgres cargo test -p tnhub-server --test api --locked --no-fail-fast
fi

step "fuzzing the API against its served OpenAPI document (scripts/fuzz.sh, ~2.5 minutes)"
bash scripts/fuzz.sh

step "all checks passed"
