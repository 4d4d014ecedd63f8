#!/usr/bin/env bash
# Kindred benchmarks, each printed beside a reference measured in the same run:
#   1. API reads: GET /api/v1/constituents/{id} (auth, a database read, JSON) versus the trivial /healthz endpoint,
#      both served by the same release build, measured with wrk.
#   2. Bulk writes: `kindred demo` (validation, rollups and audit entries in the same transactions) versus the sqlite3
#      CLI inserting the same number of plain rows in one transaction, timed with hyperfine.
# Usage: Benchmarks/run.sh   (needs wrk, hyperfine, sqlite3 and a release build: swift build -c release --product kindred)
source "$(dirname "$0")/setup.sh"

db="sqlite:$work/bench.sqlite"
"$kindred" demo --size 1000 --seed 1 --json --database "$db" >/dev/null
key=$("$kindred" keys create --name bench --role admin --json --database "$db" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
id=$(sqlite3 "$work/bench.sqlite" "SELECT id FROM constituents WHERE is_sensitive = 0 LIMIT 1")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$kindred" serve --port "$port" --database "$db" --log-level error >/dev/null 2>&1 &
server=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

rps() { wrk -t2 -c16 -d10s "$@" | awk '/Requests\/sec/ {print $2}'; }
trivial=$(rps "http://127.0.0.1:$port/healthz")
record=$(rps -H "Authorization: Bearer $key" "http://127.0.0.1:$port/api/v1/constituents/$id")
printf 'API reads   /healthz (reference): %10.0f req/s\n' "$trivial"
printf 'API reads   GET constituent:      %10.0f req/s   ratio to reference: %.2f\n' "$record" "$(awk -v a="$record" -v b="$trivial" 'BEGIN { print a / b }')"
kill "$server"; unset server

rows=$(sqlite3 "$work/bench.sqlite" "SELECT (SELECT COUNT(*) FROM constituents) + (SELECT COUNT(*) FROM gifts) + (SELECT COUNT(*) FROM interactions)")
python3 - "$rows" >"$work/plain.sql" <<'PY'
import sys
rows = int(sys.argv[1])
print("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t (id TEXT PRIMARY KEY, a INTEGER, b TEXT); BEGIN;")
for i in range(rows):
    print(f"INSERT INTO t VALUES ('{i:036d}', {i}, 'row {i}');")
print("COMMIT;")
PY
hyperfine --runs 3 --export-json "$work/writes.json" \
  --prepare "rm -f $work/demo.sqlite* $work/plain.sqlite*" \
  -n "sqlite3 CLI, $rows plain rows" "sqlite3 $work/plain.sqlite < $work/plain.sql" \
  -n "kindred demo, $rows records" "$kindred demo --size 1000 --seed 1 --json --database sqlite:$work/demo.sqlite" >/dev/null
python3 - "$work/writes.json" "$rows" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
rows = int(sys.argv[2])
reference, kindred = results[0]["mean"], results[1]["mean"]
print(f"Bulk writes sqlite3 CLI (reference): {rows / reference:10.0f} rows/s   ({reference:.2f} s)")
print(f"Bulk writes kindred demo:            {rows / kindred:10.0f} rows/s   ({kindred:.2f} s)   ratio to reference: {reference / kindred:.3f}")
PY
