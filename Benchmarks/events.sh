#!/usr/bin/env bash
# Event ingest over HTTP: POST /v1/batch with 100 track calls per request (wrk, 2 threads, 8 connections, 15 s)
# against a release build on SQLite, beside the reference: an in-process Python loop of prepared inserts of the same
# rows into the same schema, 100 per transaction (Benchmarks/prepared_inserts.py).
# Usage: Benchmarks/events.sh   (needs wrk, sqlite3, python3 and a release build)
source "$(dirname "$0")/setup.sh"

db="sqlite:$work/events.sqlite"
"$kindred" migrate --database "$db" >/dev/null
key=$("$kindred" keys create --name bench --write-key --json --database "$db" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
export WRITE_KEY_B64=$(printf '%s:' "$key" | base64 -w0)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$kindred" serve --port "$port" --database "$db" --log-level error >/dev/null 2>&1 &
server=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
# The 1,000 users are known people, as on a live site: identify them first.
python3 - "$port" <<'PY'
import base64, json, os, sys, urllib.request
batch = [{"type": "identify", "userId": f"user-{i}", "traits": {"firstName": "Reader", "lastName": str(i)}} for i in range(1000)]
request = urllib.request.Request(f"http://127.0.0.1:{sys.argv[1]}/v1/batch", data=json.dumps({"batch": batch}).encode(),
                                 headers={"Content-Type": "application/json", "Authorization": "Basic " + os.environ["WRITE_KEY_B64"]})
assert json.load(urllib.request.urlopen(request))["stored"] == 1000
PY
requests=$(wrk -t2 -c8 -d15s -s Benchmarks/event_batch.lua "http://127.0.0.1:$port" | awk '/Requests\/sec/ {print $2}')
kill "$server"; wait "$server" 2>/dev/null || true; unset server
stored=$(sqlite3 "$work/events.sqlite" "SELECT COUNT(*) FROM interactions")
events=$(awk -v r="$requests" 'BEGIN { printf "%.0f", r * 100 }')

"$kindred" migrate --database "sqlite:$work/reference.sqlite" >/dev/null
reference=$(python3 Benchmarks/prepared_inserts.py "$work/reference.sqlite" 200000)
printf 'Event ingest prepared inserts, in process (reference): %8.0f events/s\n' "$reference"
printf 'Event ingest HTTP /v1/batch, 100 per request:          %8.0f events/s   ratio to reference: %.2f   (%s interactions stored)\n' \
  "$events" "$(awk -v a="$events" -v b="$reference" 'BEGIN { print a / b }')" "$stored"
