#!/usr/bin/env bash
# CSV import of gifts: `kindred import gifts` (validation, donors created, campaigns, rollups, one transaction) beside
# two references run on the same file, with wall time and peak memory (GNU time) for each:
#   - the sqlite3 CLI's `.import` of the file and set-based SQL writing the same rows into the same schema
#     (Benchmarks/import_reference.sql: donors, emails, roles, campaigns, gifts, rollups, months) — the goal's reference;
#   - the raw `.import` into a table of the file's nine text columns (no index, no second table): the load floor.
# Usage: Benchmarks/import.sh [ROWS ...]   (default: 1000000 10000000; needs sqlite3, GNU time, python3, a release build)
sizes=("${@:-1000000}")
[ $# -eq 0 ] && sizes=(1000000 10000000)
source "$(dirname "$0")/setup.sh"

measure() {  # prints "seconds peak_kb" of a command
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr"; exit 1; }
  cat "$work/time"
}
line() {  # label rows seconds peak_kb [reference seconds]
  printf 'CSV import %8d rows  %-40s %7.1f s %8.0f rows/s  peak %6.0f MB' "$2" "$1" "$3" \
    "$(awk -v r="$2" -v s="$3" 'BEGIN { print r / s }')" "$(awk -v k="$4" 'BEGIN { print k / 1024 }')"
}

for rows in "${sizes[@]}"; do
  python3 Benchmarks/make_gifts.py "$rows" "$work/gifts.csv"
  rm -f "$work"/*.sqlite*
  cat >"$work/raw.sql" <<SQL
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
CREATE TABLE gifts_file (constituent_external_id TEXT, received_at TEXT, amount TEXT, currency TEXT, first_name TEXT,
  last_name TEXT, email TEXT, campaign TEXT, external_id TEXT);
.import --csv --skip 1 $work/gifts.csv gifts_file
SQL
  read -r raw_s raw_kb < <(measure sqlite3 "$work/raw.sqlite" ".read $work/raw.sql")
  "$kindred" migrate --database "sqlite:$work/reference.sqlite" >/dev/null
  cp "$work/reference.sqlite" "$work/kindred.sqlite"
  sed "s#FILE#$work/gifts.csv#" Benchmarks/import_reference.sql >"$work/reference.sql"
  read -r ref_s ref_kb < <(measure sqlite3 -bail "$work/reference.sqlite" ".read $work/reference.sql")
  read -r k_s k_kb < <(measure "$kindred" import gifts "$work/gifts.csv" --json --database "sqlite:$work/kindred.sqlite")
  stored=$(sqlite3 "$work/kindred.sqlite" "SELECT COUNT(*) FROM gifts")
  reference_stored=$(sqlite3 "$work/reference.sqlite" "SELECT COUNT(*) FROM gifts")
  line "sqlite3 .import, raw nine columns:" "$rows" "$raw_s" "$raw_kb"; echo
  line "sqlite3 .import + SQL, same schema (ref):" "$rows" "$ref_s" "$ref_kb"; echo "   ($reference_stored gifts stored)"
  line "kindred import gifts:" "$rows" "$k_s" "$k_kb"
  printf '   time ratio to reference: %.2f   to the raw load: %.1f   (%s gifts stored)\n' \
    "$(awk -v a="$k_s" -v b="$ref_s" 'BEGIN { print a / b }')" "$(awk -v a="$k_s" -v b="$raw_s" 'BEGIN { print a / b }')" "$stored"
  rm -f "$work"/*.sqlite*
done
