#!/usr/bin/env bash
# A fresh PostgreSQL database for one test run, dropped afterwards.
#
#   source scripts/pg-test-db.sh        in a script: exports
#                                       TNHUB_TEST_DATABASE_URL and drops the
#                                       database when that script exits
#   scripts/pg-test-db.sh CMD ARGS...   runs CMD with the variable set, e.g.
#     scripts/pg-test-db.sh cargo nextest run -p tnhub-store-postgres
#
# PostgreSQL must be reachable at $TNHUB_TEST_PG (default
# postgres://postgres@127.0.0.1:5432, trust or .pgpass authentication). If
# PostgreSQL is not installed at all, it is installed from Debian's packages
# (as root or with password-less sudo) and its loopback connections trusted;
# if it is not running and this machine has a local cluster, it is started
# (pg_ctlcluster); if it still cannot be reached, this fails: the PostgreSQL
# tests are part of the suite, and their absence is a failure, not a skip.
#
# If TNHUB_TEST_DATABASE_URL is already set, that database is used as it is
# (and not dropped): tests create a fresh schema each, so any throwaway
# database will do.

pg_test_db_main() {
  local admin="${TNHUB_TEST_PG:-postgres://postgres@127.0.0.1:5432}"
  admin="${admin%/}"
  if [[ -n "${TNHUB_TEST_DATABASE_URL:-}" ]]; then
    echo "using the PostgreSQL test database from TNHUB_TEST_DATABASE_URL (not created or dropped here)"
    return 0
  fi
  # shellcheck source=scripts/apt.sh
  source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"
  local tool installed= answers=
  if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -d "$admin/postgres"; then
    answers=1
  fi
  local local_url=
  [[ "$admin" == *@127.0.0.1* || "$admin" == *@localhost* ]] && local_url=1
  if [[ -z "$answers" && -n "$local_url" && -z "$(ls /etc/postgresql 2>/dev/null)" ]]; then
    # A fresh machine without PostgreSQL: install a local server for the
    # tests (Debian creates and starts its cluster).
    apt_install postgresql postgresql-client && installed=1
  elif ! command -v psql >/dev/null 2>&1 || ! command -v pg_isready >/dev/null 2>&1; then
    # A server elsewhere (or a local cluster) but no client tools.
    apt_install postgresql-client || true
  fi
  for tool in psql pg_isready; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "error: '$tool' not found and PostgreSQL could not be installed here: install it (apt-get install postgresql postgresql-client)" >&2
      return 1
    fi
  done

  if ! pg_isready -q -d "$admin/postgres"; then
    local version
    version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)"
    if [[ -n "$version" ]] && command -v pg_ctlcluster >/dev/null 2>&1; then
      echo "PostgreSQL is not running; starting the local cluster $version/main"
      pg_ctlcluster --skip-systemctl-redirect "$version" main start ||
        echo "warning: pg_ctlcluster could not start $version/main" >&2
      local i
      for i in $(seq 1 30); do
        pg_isready -q -d "$admin/postgres" && break
        sleep 1
      done
    fi
    if ! pg_isready -q -d "$admin/postgres"; then
      echo "error: PostgreSQL does not answer at $admin, and the PostgreSQL tests need it." >&2
      echo "  Start it (e.g. pg_ctlcluster --skip-systemctl-redirect 15 main start), or point" >&2
      echo "  TNHUB_TEST_PG at a server, or TNHUB_TEST_DATABASE_URL at a throwaway database." >&2
      return 1
    fi
  fi

  if [[ -n "$installed" ]]; then
    pg_test_db_trust_loopback
  fi

  local name="tnhub_test_$$_$(date +%s)"
  if ! psql -q -X -v ON_ERROR_STOP=1 -d "$admin/postgres" -c "CREATE DATABASE $name" >/dev/null; then
    echo "error: could not create the test database $name at $admin" >&2
    return 1
  fi
  PG_TEST_DB_ADMIN="$admin"
  PG_TEST_DB_NAME="$name"
  export TNHUB_TEST_DATABASE_URL="$admin/$name"
  trap pg_test_db_drop EXIT
  echo "PostgreSQL test database: $TNHUB_TEST_DATABASE_URL (dropped on exit)"
}

# A cluster this script just installed asks for passwords on TCP; the tests
# connect as `postgres` over loopback without one (as on the CI machine), so
# let loopback connections in without a password, on that cluster only.
pg_test_db_trust_loopback() {
  local version hba
  version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)"
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  [[ -f "$hba" ]] || return 0
  if ! grep -q 'tnhub tests' "$hba"; then
    echo "letting loopback connections into the new PostgreSQL $version cluster without a password (for the tests)"
    local sudo=()
    [[ "$(id -u)" -eq 0 ]] || sudo=(sudo -n)
    "${sudo[@]}" sh -c "{ printf '%s\n' '# tnhub tests: loopback without a password' \
      'host all all 127.0.0.1/32 trust' 'host all all ::1/128 trust'; cat '$hba'; } > '$hba.new' && mv '$hba.new' '$hba' && chown postgres:postgres '$hba'"
    "${sudo[@]}" pg_ctlcluster --skip-systemctl-redirect "$version" main reload ||
      "${sudo[@]}" pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    local i
    for i in $(seq 1 30); do
      pg_isready -q -h 127.0.0.1 && break
      sleep 1
    done
  fi
}

pg_test_db_drop() {
  # FORCE: test servers killed mid-run may leave connections behind.
  psql -q -X -d "$PG_TEST_DB_ADMIN/postgres" \
    -c "DROP DATABASE IF EXISTS $PG_TEST_DB_NAME WITH (FORCE)" >/dev/null 2>&1 ||
    echo "warning: could not drop the test database $PG_TEST_DB_NAME" >&2
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  # Run as a command: set the database up, run what was asked, drop it.
  set -euo pipefail
  pg_test_db_main
  if [[ $# -gt 0 ]]; then
    "$@"
  else
    echo "(no command given: the database exists only until this script exits)"
  fi
else
  pg_test_db_main || return 1
fi
