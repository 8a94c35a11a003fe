#!/usr/bin/env bash
# Imports a 5,000-row member list (.xlsx) into a demo club through upload, preview and confirm,
# then exports the club's members as Excel and CSV, on a throwaway SQLite database, in a release
# build. Fails when import or either export takes longer than the budget (3 s by default).
#   Benchmarks/members.sh [--rows N] [--budget SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product ishc
db="$(mktemp -d)/bench.sqlite"
trap 'rm -rf "$(dirname "$db")"' EXIT
ISHC_SQLITE_PATH="$db" LOG_LEVEL=warning .build/release/ishc bench-members "$@"
