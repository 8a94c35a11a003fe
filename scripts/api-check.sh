#!/usr/bin/env bash
# Runs schemathesis against a running server's /api/v1/openapi.json as the demo's club secretary
# (session cookie and form token, as the phone's outbox sends them): no answer may be a 5xx, and
# every answer must be what the document describes. Usage: scripts/api-check.sh BASE_URL [EXAMPLES]
set -euo pipefail
BASE=${1:-http://127.0.0.1:8080}
EXAMPLES=${2:-25}
JAR=$(mktemp)
trap 'rm -f "$JAR"' EXIT
token() { grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
login_token=$(curl -s -c "$JAR" -b "$JAR" "$BASE/login" | token)
curl -s -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "username=clb.hanhtien" --data-urlencode "password=demo-ishc-2025" \
  --data-urlencode "csrf=$login_token" "$BASE/login"
page_token=$(curl -s -c "$JAR" -b "$JAR" "$BASE/account" | token)
cookie() { sed 's/^#HttpOnly_//' "$JAR" | awk -v name="$1" '!/^#/ && $6 == name { print $7 }'; }
session=$(cookie ishc_session)
form=$(cookie ishc_csrf)
[ -n "$page_token" ] && [ -n "$session" ] && [ -n "$form" ] || { echo "api-check: could not log in at $BASE"; exit 1; }
# The demo club and one of its open loans, so that requests reach the operations, not only the
# "not found" answers. A schema-valid write may still be refused by the club's rules (a day in the
# future, a member who is not in the club): 422, in words, is a right answer for it.
club=$(curl -s -o /dev/null -w "%{redirect_url}" -b "$JAR" "$BASE/" | sed 's|.*/units/||')
loan=$(curl -s -b "$JAR" "$BASE/api/v1/clubs/$club" | python3 -c "import json,sys; print(json.load(sys.stdin)['openLoans'][0]['id'])")
recipient=$(curl -s -b "$JAR" "$BASE/units/$club/home-care" | grep -o '/care-recipients/[0-9A-F-]*' | head -1 | sed 's|.*/||')
CONFIG=$(mktemp --suffix=.toml)
trap 'rm -f "$JAR" "$CONFIG"' EXIT
cat > "$CONFIG" <<TOML
[parameters]
"path.unitID" = "$club"
"path.loanID" = "$loan"
"path.recipientID" = "$recipient"

[auth.openapi.session]
api_key = "$session"

[auth.openapi.formCookie]
api_key = "$form"

[checks.positive_data_acceptance]
expected-statuses = [200, 201, 401, 403, 404, 409, 422]
TOML
echo "api-check: club $club, loan $loan, person cared for $recipient"
schemathesis --config-file "$CONFIG" run "$BASE/api/v1/openapi.json" --url "$BASE/api/v1" \
  -H "X-CSRF-Token: $page_token" -H "Origin: $BASE" \
  --checks all --max-examples "$EXAMPLES" --seed 2025 --no-color
