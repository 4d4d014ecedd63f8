#!/usr/bin/env bash
# CSV import of gifts: `kindred import gifts` (validation, donors created, campaigns, rollups, one transaction) beside
# the reference, the sqlite3 CLI's `.import` of the same file into a table of its columns, with wall time and peak
# memory (GNU time) for each, at 1,000,000 rows and again at ROWS_LARGE rows (default 10,000,000) for memory.
# Usage: Benchmarks/import.sh [ROWS_LARGE]   (needs sqlite3, GNU time, python3 and a release build)
large=${1:-10000000}
source "$(dirname "$0")/setup.sh"

measure() {  # prints "seconds peak_kb" of a command
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr"; exit 1; }
  cat "$work/time"
}

for rows in 1000000 "$large"; do
  python3 Benchmarks/make_gifts.py "$rows" "$work/gifts.csv"
  rm -f "$work"/reference.sqlite* "$work"/kindred.sqlite*
  cat >"$work/import.sql" <<SQL
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
CREATE TABLE gifts_file (constituent_external_id TEXT, received_at TEXT, amount TEXT, currency TEXT, first_name TEXT,
  last_name TEXT, email TEXT, campaign TEXT, external_id TEXT);
.import --csv --skip 1 $work/gifts.csv gifts_file
SQL
  read -r ref_s ref_kb < <(measure sqlite3 "$work/reference.sqlite" ".read $work/import.sql")
  "$kindred" migrate --database "sqlite:$work/kindred.sqlite" >/dev/null
  read -r k_s k_kb < <(measure "$kindred" import gifts "$work/gifts.csv" --json --database "sqlite:$work/kindred.sqlite")
  stored=$(sqlite3 "$work/kindred.sqlite" "SELECT COUNT(*) FROM gifts")
  printf 'CSV import %8d rows  sqlite3 .import (reference): %7.1f s %8.0f rows/s  peak %6.0f MB\n' "$rows" "$ref_s" "$(awk -v r="$rows" -v s="$ref_s" 'BEGIN { print r / s }')" "$(awk -v k="$ref_kb" 'BEGIN { print k / 1024 }')"
  printf 'CSV import %8d rows  kindred import gifts:         %7.1f s %8.0f rows/s  peak %6.0f MB   time ratio to reference: %.1f   (%s gifts stored)\n' \
    "$rows" "$k_s" "$(awk -v r="$rows" -v s="$k_s" 'BEGIN { print r / s }')" "$(awk -v k="$k_kb" 'BEGIN { print k / 1024 }')" \
    "$(awk -v a="$k_s" -v b="$ref_s" 'BEGIN { print a / b }')" "$stored"
done
