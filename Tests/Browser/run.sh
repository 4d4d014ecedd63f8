#!/usr/bin/env bash
# Runs the browser tests (web_app_test.py, survey_pages_test.py, message_pages_test.py, journey_pages_test.py) in headless Chromium against a Kindred server on a fresh SQLite database.
# Screenshots go to artifacts/screenshots/ (or $SCREENSHOTS). Without Chromium, chromedriver or selenium the run says
# SKIPPED and exits 0, except under CI=true, where a missing program fails it.
# Usage: Tests/Browser/run.sh [path/to/kindred]   (default .build/debug/kindred)
set -euo pipefail
cd "$(dirname "$0")/../.."
kindred=${1:-.build/debug/kindred}
shots=${SCREENSHOTS:-artifacts/screenshots}
missing=()
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
[ -x "${CHROMEDRIVER:-/usr/bin/chromedriver}" ] || missing+=(chromedriver)
python3 -c 'import selenium' 2>/dev/null || missing+=(selenium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Browser tests SKIPPED: ${missing[*]} not installed (apt-get install chromium chromium-driver; pip install selenium)"
  [ "${CI:-}" = true ] && exit 1
  exit 0
fi
work=$(mktemp -d)
trap '[ -n "${server:-}" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
db="sqlite:$work/kindred.sqlite"
"$kindred" migrate --database "$db" >/dev/null
password() { "$kindred" users create --email "$1" --role "$2" --json --database "$db" | python3 -c 'import json,sys; print(json.load(sys.stdin)["password"])'; }
admin_password=$(password admin@browser.test admin)
viewer_password=$(password viewer@browser.test viewer)
KINDRED_API_KEY=$("$kindred" keys create --name browser-tests --role fundraiser --json --database "$db" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
export KINDRED_API_KEY
KINDRED_ADMIN_KEY=$("$kindred" keys create --name browser-admin --role admin --json --database "$db" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
export KINDRED_ADMIN_KEY KINDRED_OUTBOX="$work/outbox"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Every browser test comes from one address: lift the public pages' rate limit (its own tests are in SurveyAPITests).
"$kindred" serve --port "$port" --database "$db" --log-level warning --public-requests-per-minute 100000 --outbox "$KINDRED_OUTBOX" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
rm -rf "$shots" && mkdir -p "$shots"
status=0
for suite in web_app_test survey_pages_test message_pages_test journey_pages_test; do
  python3 "Tests/Browser/$suite.py" "http://127.0.0.1:$port" admin@browser.test "$admin_password" viewer@browser.test "$viewer_password" "$shots" || status=$?
done
if [ "$status" -ne 0 ]; then echo "--- server log"; tail -50 "$work/serve.log"; fi
exit "$status"
