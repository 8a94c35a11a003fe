#!/usr/bin/env bash
# Sends a release server (demo data, throwaway SQLite) the uploads it must refuse: a zip bomb of
# 1 GB in 3 MB, one whose headers claim 1,000 bytes for 500 MB, 200,000 lines of CSV, 9 MB of CSV,
# and 40 logged-out 8 MB files at once, while a club page is asked. Prints each answer, its time
# and the server's peak memory; fails when a file is not refused or memory reaches the budget.
#   Benchmarks/uploads.sh [--budget MB]   (300 unless given)
set -euo pipefail
cd "$(dirname "$0")/.."
BUDGET=300
[ "${1:-}" = --budget ] && BUDGET="$2"
swift build -c release --product ishc 2>&1 | tail -1
WORK=$(mktemp -d)
PORT=${ISHC_BENCH_PORT:-8191}
cleanup() { [ -n "${APP:-}" ] && kill "$APP" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
python3 Benchmarks/uploads/make_files.py "$WORK"
python3 Benchmarks/uploads/liar.py "$WORK"
ISHC_SQLITE_PATH="$WORK/demo.sqlite" ISHC_WARM_FACTS=0 LOG_LEVEL=warning .build/release/ishc demo --port "$PORT" >"$WORK/server.log" 2>&1 &
APP=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 1; done
python3 Benchmarks/uploads/measure.py "http://127.0.0.1:$PORT" "$APP" "$WORK" "$BUDGET"
