#!/usr/bin/env bash
# Analytics on a generated organisation (default 1,000,000 people, 5,000,000 gifts, 20,000,000 interactions), each
# Kindred figure beside DuckDB running the equivalent SQL over the same data (Benchmarks/analytics.py):
#   retention   GET /api/v1/reports/retention (the five-year series) vs DuckDB from the raw gifts
#   segment     POST /api/v1/segments/preview with a three-condition rule vs the same conditions in DuckDB
#   recompute   kindred report recompute (rollups, engagement, RFM, dashboard rollup) vs DuckDB computing them
#   incremental kindred import of 1 % new interactions (engagement kept in step as they are written), vs recompute
#   memory      the server's peak resident memory after serving the reports
#   web         the person page's and the dashboard's p50/p95 beside /readyz (Benchmarks/webpages.py)
# Usage: Benchmarks/analytics.sh [PEOPLE GIFTS INTERACTIONS [sqlite|postgres]]
#   (needs sqlite3, or PostgreSQL's initdb and psql; python3 with duckdb, curl, GNU time and a release build)
people=${1:-1000000}; gifts=${2:-5000000}; interactions=${3:-20000000}; engine=${4:-sqlite}
source "$(dirname "$0")/setup.sh"
now=$(date -u +"%Y-%m-%d %H:%M:%S"); year=$(date -u +%Y)
seconds() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

python3 Benchmarks/analytics.py generate "$work" "$people" "$gifts" "$interactions"
if [ "$engine" = postgres ]; then
  source Benchmarks/postgres.sh   # starts a server on $work/pg, sets $pgport
  db="postgres://kindred@127.0.0.1:$pgport/kindred"
  run() { psql -q -h 127.0.0.1 -p "$pgport" -U kindred -d kindred -v ON_ERROR_STOP=1 -c "$1"; }
  copy() { psql -q -h 127.0.0.1 -p "$pgport" -U kindred -d kindred -v ON_ERROR_STOP=1 -c "\\copy $1 FROM '$2' CSV"; }
else
  db="sqlite:$work/kindred.sqlite"
  run() { sqlite3 "$work/kindred.sqlite" "PRAGMA cache_size=-1000000; $1"; }
  copy() { sqlite3 "$work/kindred.sqlite" ".import --csv $2 $1"; }
fi
"$kindred" migrate --database "$db" >/dev/null
run "CREATE TABLE c_in (id TEXT, g TEXT, f TEXT, d TEXT, s TEXT, city TEXT, at TEXT, ext TEXT);
     CREATE TABLE g_in (id TEXT, c TEXT, amount BIGINT, currency TEXT, at TEXT, channel TEXT, device TEXT, status TEXT, referrer TEXT);
     CREATE TABLE i_in (id TEXT, c TEXT, type TEXT, channel TEXT, at TEXT, properties TEXT)"
copy c_in "$work/constituents.csv"; copy g_in "$work/gifts.csv"; copy i_in "$work/interactions.csv"
start=$(seconds)
# A bulk load: the big tables' secondary indexes are built once after the rows are in (as a restore would).
indexes="CREATE INDEX gifts_constituent ON gifts (constituent_id, received_at, currency, status, amount_minor, id); CREATE INDEX gifts_received ON gifts (received_at);
  CREATE INDEX interactions_constituent ON interactions (constituent_id, occurred_at, type); CREATE INDEX interactions_type ON interactions (type, occurred_at)"
run "DROP INDEX gifts_constituent; DROP INDEX gifts_received; DROP INDEX interactions_constituent; DROP INDEX interactions_type"
[ "$engine" = sqlite ] && run "PRAGMA journal_mode=WAL" >/dev/null
run "INSERT INTO constituents (id, kind, given_name, family_name, display_name, search_name, city, preferred_language, created_at, updated_at, source, external_id)
       SELECT id, 'person', g, f, d, s, city, 'nl', at, at, 'bench', ext FROM c_in;
     INSERT INTO gifts (id, constituent_id, amount_minor, currency, received_at, channel, device, status, referrer, created_at, updated_at)
       SELECT id, c, amount, currency, at, channel, device, status, NULLIF(referrer, ''), at, at FROM g_in;
     INSERT INTO interactions (id, constituent_id, type, channel, occurred_at, direction, properties, created_at, updated_at)
       SELECT id, c, type, channel, at, 'inbound', properties, at, at FROM i_in;
     DROP TABLE c_in; DROP TABLE g_in; DROP TABLE i_in"
run "$indexes"
echo "loaded $people people, $gifts gifts, $interactions interactions into $engine in $(elapsed "$start" "$(seconds)") s"

python3 Benchmarks/analytics.py reference "$work" "$now" "$year" >"$work/reference.txt"
ref() { awk -v n="$1" '$1 == n { print $2 }' "$work/reference.txt"; }

start=$(seconds)
/usr/bin/time -f "%M" -o "$work/recompute.kb" "$kindred" report recompute --json --database "$db" >/dev/null
recompute=$(elapsed "$start" "$(seconds)")

# Set-up before the server starts: an API key, a staff user, and the duplicate matching keys of the rows loaded
# around Kindred above (Kindred's own writes fill them; the first scan would otherwise fill a million).
key=$("$kindred" keys create --name bench --role admin --json --database "$db" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
web_password=$("$kindred" users create --email bench@example.org --role admin --json --database "$db" | python3 -c 'import json,sys; print(json.load(sys.stdin)["password"])')
"$kindred" duplicates --limit 1 --json --database "$db" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$kindred" serve --port "$port" --database "$db" --log-level error >/dev/null 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
best() {  # the best of three wall times of a request
  local fastest=999999 t
  for _ in 1 2 3; do
    t=$(curl -fs -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $key" -H 'Content-Type: application/json' "$@")
    fastest=$(awk -v a="$t" -v b="$fastest" 'BEGIN { print (a < b) ? a : b }')
  done
  echo "$fastest"
}
retention=$(best "http://127.0.0.1:$port/api/v1/reports/retention?year=$year")
rule='{"ruleText": "loyalty = lapsed and interactions(type = article_read, within 90 days) >= 2 and city = Utrecht"}'
segment=$(best -X POST --data "$rule" "http://127.0.0.1:$port/api/v1/segments/preview")
members=$(curl -fs -X POST -H "Authorization: Bearer $key" -H 'Content-Type: application/json' --data "$rule" \
  "http://127.0.0.1:$port/api/v1/segments/preview" | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')
dashboard=$(best "http://127.0.0.1:$port/api/v1/reports/dashboard?fresh=true")
python3 Benchmarks/webpages.py "http://127.0.0.1:$port" bench@example.org "$web_password" "$people" 200 >"$work/web.txt"
peak=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$server/status")
kill "$server"; wait "$server" 2>/dev/null || true; unset server

extra=$(( interactions / 100 ))
python3 - "$work/new.csv" "$extra" "$people" <<'PY'
import sys
path, count, people = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(path, "w") as out:
    out.write("constituent_external_id,type,channel,occurred_at,external_id\n")
    for n in range(count):
        out.write(f"P{(n * 7919) % people},article_read,web,2026-11-01T10:00:00Z,NEW{n}\n")
PY
start=$(seconds)
"$kindred" import interactions "$work/new.csv" --source bench --json --database "$db" >"$work/import.json"
incremental=$(elapsed "$start" "$(seconds)")

row() { printf '%-12s %-46s %9s s   DuckDB %8s s   ratio %s\n' "$1" "$2" "$3" "$4" "$(awk -v a="$3" -v b="$4" 'BEGIN { printf "%.3g", a / b }')"; }
echo "Analytics on $engine: $people people, $gifts gifts, $interactions interactions"
row retention "GET /api/v1/reports/retention (five years)" "$retention" "$(ref retention)"
row segment "3-condition segment preview ($members people)" "$segment" "$(ref segment)"
row recompute "kindred report recompute" "$recompute" "$(ref recompute)"
printf '%-12s %-46s %9s s   ratio to the full recompute %s\n' incremental "import of $extra interactions (1 %)" "$incremental" \
  "$(awk -v a="$incremental" -v b="$recompute" 'BEGIN { printf "%.3f", a / b }')"
printf '%-12s %-46s %9s s\n' dashboard "GET /api/v1/reports/dashboard?fresh=true" "$dashboard"
cat "$work/web.txt"
printf '%-12s %-46s %9s MB   (recompute process %s MB)\n' memory "server peak resident after the reports" "$peak" \
  "$(awk '{ printf "%.0f", $1 / 1024 }' "$work/recompute.kb")"
sed 's/^/DuckDB /' "$work/reference.txt"
"$kindred" report retention --year "$year" --json --database "$db" | python3 -c '
import json, sys
r = json.load(sys.stdin)
keys = ["donorsPriorYear", "donorsCurrentYear", "newDonors", "retainedDonors", "lapsedDonors", "recapturedDonors",
        "upgradedDonors", "downgradedDonors", "amountPriorYear", "amountCurrentYear", "dollarRetentionRate"]
print("Kindred retention", ",".join(str(r.get(k)) for k in keys))' 
