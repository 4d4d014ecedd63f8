#!/usr/bin/env bash
# Duplicate detection over ROWS constituents (default 1,000,000; 1 % planted duplicates): `kindred duplicates`
# (email, phone, name with postal code, name with address; blocking keys streamed from SQLite) beside the reference,
# DuckDB running the email and name-with-postal-code rules (its jaro_winkler_similarity) over the same CSV.
# Usage: Benchmarks/duplicates.sh [ROWS]   (needs python3 with duckdb, GNU time and a release build)
rows=${1:-1000000}
source "$(dirname "$0")/setup.sh"
python3 Benchmarks/make_constituents.py "$rows" "$work/people.csv"
db="sqlite:$work/people.sqlite"
"$kindred" migrate --database "$db" >/dev/null
/usr/bin/time -f "%e" -o "$work/import.time" "$kindred" import constituents "$work/people.csv" --json --database "$db" >/dev/null
/usr/bin/time -f "%e %M" -o "$work/dupes.time" "$kindred" duplicates --json --limit 10000000 --database "$db" >"$work/dupes.json"
read -r k_s k_kb <"$work/dupes.time"
pairs=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$work/dupes.json")
reference=$(python3 - "$work/people.csv" <<'PY'
import sys, time, duckdb
start = time.perf_counter()
con = duckdb.connect()
con.execute(f"CREATE TABLE p AS SELECT * FROM read_csv_auto('{sys.argv[1]}')")
count = con.execute("""
  WITH k AS (SELECT external_id AS id, lower(email) AS email, upper(replace(postal_code, ' ', '')) AS postal,
                    lower(first_name || ' ' || last_name) AS name FROM p),
  pairs AS (
    SELECT a.id AS x, b.id AS y FROM k a JOIN k b ON a.email = b.email AND a.id < b.id
    UNION
    SELECT a.id, b.id FROM k a JOIN k b ON a.postal = b.postal AND a.id < b.id WHERE jaro_winkler_similarity(a.name, b.name) >= 0.92)
  SELECT count(*) FROM pairs""").fetchone()[0]
print(f"{time.perf_counter() - start:.1f} {count}")
PY
)
read -r ref_s ref_pairs <<<"$reference"
printf 'Duplicates %d people  DuckDB email + name/postal rules (reference): %6.1f s  %6d pairs\n' "$rows" "$ref_s" "$ref_pairs"
printf 'Duplicates %d people  kindred duplicates (4 rules):                %6.1f s  %6d pairs  peak %.0f MB   time ratio to reference: %.1f   (import took %s s)\n' \
  "$rows" "$k_s" "$pairs" "$(awk -v k="$k_kb" 'BEGIN { print k / 1024 }')" "$(awk -v a="$k_s" -v b="$ref_s" 'BEGIN { print a / b }')" "$(cat "$work/import.time")"
