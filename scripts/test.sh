#!/usr/bin/env bash
# Runs every suite: the layer check (scripts/check-layers.sh), the Swift tests on SQLite, the same tests on a throwaway PostgreSQL, a smoke
# test of the command line, the browser tests in headless Chromium, and schemathesis against the API's document. Installs what is missing
# (Debian packages with apt-get, Python packages with pip). Ends with each runner's summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK=$(mktemp -d /tmp/ishc-test.XXXXXX)
PGPORT=${ISHC_TEST_PGPORT:-55432}
APPPORT=${ISHC_TEST_APPPORT:-8099}
SUMMARY=()
FAILED=0

log() { printf '\n== %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

cleanup() {
  [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null
  if [ -n "${PGBIN:-}" ] && [ -d "$WORK/pg" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- what the tests need -----------------------------------------------------------------------
log "Checking tools"
need_apt=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || [ -x /usr/bin/chromedriver ] || need_apt+=(chromium-driver)
# The report's print test turns its PDF into page images.
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "Installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -q >/dev/null && as_root apt-get install -y -q --no-install-recommends "${need_apt[@]}" >/dev/null \
    || { echo "apt-get install ${need_apt[*]} failed"; exit 1; }
fi
python3 -c "import selenium, pytest, axe_selenium_python, openpyxl, pypdf, schemathesis" 2>/dev/null \
  || python3 -m pip install -q selenium pytest axe-selenium-python openpyxl pypdf schemathesis || { echo "pip install failed"; exit 1; }

# --- layers ------------------------------------------------------------------------------------
log "Checking the layers (scripts/check-layers.sh)"
if bash scripts/check-layers.sh; then
  SUMMARY+=("Layers:     handlers, stores, views and migrations as they should be")
else
  SUMMARY+=("Layers:     FAILED")
  FAILED=1
fi

# --- build once --------------------------------------------------------------------------------
log "Building (debug, with tests)"
swift build --build-tests 2>&1 | grep -E "error|warning: unre|Compiling App|Build complete" | tail -20
[ "${PIPESTATUS[0]}" = 0 ] || { echo "Build failed"; exit 1; }

# --- Swift tests on SQLite ---------------------------------------------------------------------
log "Swift tests on SQLite"
env -u DATABASE_URL swift test --skip-build 2>&1 | tee "$WORK/sqlite.log" | grep -E "✘" | head -40
line=$(grep -E "Test run with .* (passed|failed)" "$WORK/sqlite.log" | tail -1)
SUMMARY+=("SQLite:     ${line:-no summary (crashed?)}")
grep -q "Test run with .* passed" "$WORK/sqlite.log" || FAILED=1

# --- Swift tests on a throwaway PostgreSQL -----------------------------------------------------
log "Starting a throwaway PostgreSQL on port $PGPORT"
PGBIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
if [ "$(id -u)" = 0 ]; then
  id ishcpg >/dev/null 2>&1 || useradd --system --no-create-home ishcpg
  chown -R ishcpg "$WORK"; chmod 755 "$WORK"
  as_pg() { runuser -u ishcpg -- "$@"; }
else
  as_pg() { "$@"; }
fi
as_pg "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null \
  && as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=1000" -l "$WORK/pg.log" -w start >/dev/null \
  && "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres ishc_test
if [ $? = 0 ]; then
  log "Swift tests on PostgreSQL"
  DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/ishc_test?sslmode=disable" swift test --skip-build 2>&1 \
    | tee "$WORK/pg-tests.log" | grep -E "✘" | head -40
  line=$(grep -E "Test run with .* (passed|failed)" "$WORK/pg-tests.log" | tail -1)
  SUMMARY+=("PostgreSQL: ${line:-no summary (crashed?)}")
  grep -q "Test run with .* passed" "$WORK/pg-tests.log" || FAILED=1
else
  cat "$WORK/pg.log" 2>/dev/null | tail -20
  SUMMARY+=("PostgreSQL: could not start the throwaway server")
  FAILED=1
fi

# --- command line smoke test and browser tests -------------------------------------------------
log "Command line: demo, status --json, verify-ledger"
BIN="$ROOT/.build/debug/ishc"
export ISHC_SQLITE_PATH="$WORK/browser.sqlite"
if "$BIN" demo --no-serve >"$WORK/demo.log" 2>&1 && "$BIN" status --json >"$WORK/status.json" 2>"$WORK/status.err" \
   && "$BIN" verify-ledger >"$WORK/verify.log" 2>&1 && grep -q "every ledger balances" "$WORK/verify.log" \
   && tail -1 "$WORK/verify.log" && python3 - "$WORK/status.json" <<'PY'
import json, sys
s = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
expect = {"database": "sqlite", "provinces": 34, "communes": 3321, "legacy_provinces": 63, "legacy_communes": 10035}
bad = {k: (s.get(k), v) for k, v in expect.items() if s.get(k) != v}
assert not bad, f"status --json differs: {bad}"
assert s["clubs"] > 0 and s["members"] > 0 and s["users"] > 0, s
assert s["activities"] > 0 and s["health_checks"] > 0 and s["care_visits"] > 0 and s["loans"] > 0 and s["reversals"] > 0, s
assert s["plans"] > 0 and s["plan_targets"] > 0 and s["plan_targets_below"] > 0 and s["denominators"] > 0, s
assert s["idempotency_keys"] >= 3, s
assert s["reports"] >= 5 and s["reports_approved"] >= 4 and s["reports_submitted"] >= 1 and s["reports_legacy"] == 1 and s["report_events"] > s["reports"], s
print("status --json:", json.dumps(s, sort_keys=True))
PY
then
  SUMMARY+=("CLI:        demo, status --json and verify-ledger as expected")
else
  cat "$WORK/demo.log" "$WORK/status.err" "$WORK/verify.log" 2>/dev/null | tail -20
  SUMMARY+=("CLI:        FAILED")
  FAILED=1
fi

log "Browser tests (headless Chromium, 360 and 1280 px, axe-core)"
"$BIN" serve --port "$APPPORT" >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$APPPORT/healthz" >/dev/null 2>&1 && break; sleep 1; done
ISHC_BASE_URL="http://127.0.0.1:$APPPORT" python3 -m pytest -q -p no:cacheprovider Tests/browser 2>&1 | tee "$WORK/browser.log" | tail -30
line=$(grep -E "[0-9]+ (passed|failed|error)" "$WORK/browser.log" | tail -1)
SUMMARY+=("Browser:    ${line:-no summary}")
grep -qE "[0-9]+ passed" "$WORK/browser.log" && ! grep -qE "[0-9]+ (failed|error)" "$WORK/browser.log" || FAILED=1

log "The API against its document (schemathesis, scripts/api-check.sh)"
if bash scripts/api-check.sh "http://127.0.0.1:$APPPORT" 25 2>&1 | tee "$WORK/api.log" | tail -12 \
   && "$BIN" verify-ledger >"$WORK/verify-api.log" 2>&1 && grep -q "every ledger balances" "$WORK/verify-api.log"; then
  SUMMARY+=("API:        $(grep -E '[0-9]+ generated' "$WORK/api.log" | tail -1 | sed 's/^ *//'); the ledger balances after")
else
  SUMMARY+=("API:        FAILED")
  FAILED=1
fi

log "Summary"
printf '%s\n' "${SUMMARY[@]}"
exit $FAILED
