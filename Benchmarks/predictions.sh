#!/usr/bin/env bash
# Predictions: from the gifts to fitted BG/NBD and Gamma-Gamma parameters, Kindred beside the Python lifetimes library
# on the same simulated gift history (Benchmarks/predictions.py), at DONORS (default 100,000, about 540,000 gifts) and
# LARGE donors (default 1,000,000, about 5.4 million gifts), with the per-donor refresh at each size.
#   load          the gifts go into a fresh Kindred database as rows, then `kindred report recompute` rebuilds what every
#                 gift write keeps in step (rollups with the models' statistics, retention, engagement, RFM): a restore's
#                 cost, printed on its own line and not counted in the fits
#   in-process    lifetimes from its CSV, timed inside Python after its imports, against the two fits' own time as each
#                 stores it (reading the statistics from the database and optimising; process start and opening the
#                 database not counted, as Python's interpreter and imports are not)
#   commands      the whole lifetimes script (interpreter and imports too) against `kindred model fit bgnbd` + `kindred
#                 model fit gammagamma`, each a fresh process timed whole
#   from gifts    the same two commands at a calibration end before the last gift, where Kindred reads every gift
#                 instead of the rollups
#   predict       `kindred model predict`: refit both models, then every donor's prediction and ask ladder
# Usage: Benchmarks/predictions.sh [DONORS [LARGE]]   (needs sqlite3, curl, python3 with numpy, pandas and lifetimes)
donors=${1:-100000}; large=${2:-1000000}
source "$(dirname "$0")/setup.sh"
seconds() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
end=2025-12-30; before=2025-12-29

# Loads DIR's generated CSVs into a fresh Kindred database (rows in, then the gift index, as a restore would), then
# rebuilds what the gift writes keep; leaves the rebuild's seconds in $rebuild_seconds.
load() {
  local dir=$1 db=$1/kindred.sqlite start
  "$kindred" migrate --database "sqlite:$db" >/dev/null
  sqlite3 "$db" "PRAGMA journal_mode=WAL; CREATE TABLE c_in (id TEXT, name TEXT); CREATE TABLE g_in (id TEXT, c TEXT, amount BIGINT, currency TEXT, at TEXT)" >/dev/null
  sqlite3 "$db" ".import --csv $dir/constituents.csv c_in" ".import --csv $dir/gifts.csv g_in"
  sqlite3 "$db" "DROP INDEX gifts_constituent; DROP INDEX gifts_received;
    INSERT INTO constituents (id, kind, given_name, display_name, search_name, preferred_language, created_at, updated_at)
      SELECT id, 'person', name, name, lower(name), 'en', '2023-01-01T00:00:00Z', '2023-01-01T00:00:00Z' FROM c_in;
    INSERT INTO gifts (id, constituent_id, amount_minor, currency, received_at, channel, device, status, created_at, updated_at)
      SELECT id, c, amount, currency, at, 'online', 'desktop', 'completed', at, at FROM g_in;
    DROP TABLE c_in; DROP TABLE g_in;
    CREATE INDEX gifts_constituent ON gifts (constituent_id, received_at, currency, status, amount_minor, id); CREATE INDEX gifts_received ON gifts (received_at)"
  start=$(seconds)
  "$kindred" report recompute --database "sqlite:$db" >/dev/null
  sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
  rebuild_seconds=$(elapsed "$start" "$(seconds)")
}

# Runs `kindred model fit MODEL` at END on DIR's database; prints the JSON and leaves the process's seconds in
# $fit_seconds and the fit's own (as stored) in $inside_seconds.
fit() {
  local start; start=$(seconds)
  "$kindred" model fit "$2" --calibration-end "$3" --json --database "sqlite:$1/kindred.sqlite"
  fit_seconds=$(elapsed "$start" "$(seconds)")
  inside_seconds=$(sqlite3 "$1/kindred.sqlite" "SELECT seconds FROM model_fits ORDER BY fitted_at DESC, id DESC LIMIT 1")
}

# The side-by-side at N donors in WORK/DIR.
side_by_side() {
  local dir=$work/$1 n=$2
  mkdir -p "$dir"
  python3 Benchmarks/predictions.py generate "$dir" "$n" >/dev/null
  load "$dir"
  /usr/bin/time -f "%e" -o "$dir/lifetimes.wall" python3 Benchmarks/predictions.py lifetimes "$dir" "$end" >"$dir/lifetimes.txt"
  fit "$dir" bgnbd "$end" >"$dir/bgnbd.json"; local bgnbd_s=$fit_seconds bgnbd_in=$inside_seconds
  fit "$dir" gammagamma "$end" >"$dir/gg.json"; local gg_s=$fit_seconds gg_in=$inside_seconds
  fit "$dir" bgnbd "$before" >/dev/null; local scan_bgnbd_s=$fit_seconds
  fit "$dir" gammagamma "$before" >/dev/null; local scan_gg_s=$fit_seconds
  local start; start=$(seconds)
  /usr/bin/time -f "%M" -o "$dir/predict.kb" "$kindred" model predict --database "sqlite:$dir/kindred.sqlite" >/dev/null
  local predict_s; predict_s=$(elapsed "$start" "$(seconds)")
  gifts=$(sqlite3 "$dir/kindred.sqlite" "SELECT COUNT(*) FROM gifts")
  python3 - "$dir" "$n" "$gifts" "$rebuild_seconds" "$bgnbd_in" "$gg_in" "$bgnbd_s" "$gg_s" "$scan_bgnbd_s" "$scan_gg_s" "$predict_s" "$(cat "$dir/predict.kb")" <<'PY'
import json, sys
d, n, gifts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rebuild, bgnbd_in, gg_in, bgnbd, gg, scan_bgnbd, scan_gg, predict, predict_kb = map(float, sys.argv[4:])
ref = dict(line.split() for line in open(f"{d}/lifetimes.txt"))
ref_in, ref_wall = float(ref["seconds"]), float(open(f"{d}/lifetimes.wall").read())
ours = {**json.load(open(f"{d}/bgnbd.json"))["params"], **json.load(open(f"{d}/gg.json"))["params"]}
print(f"{n:,} donors / {gifts:,} gifts")
print(f"  load: kindred report recompute (what gift writes keep in step), not counted below: {rebuild:.1f} s")
print(f"  in-process  lifetimes {ref_in:7.3f} s   kindred fits  {bgnbd_in + gg_in:7.3f} s (BG/NBD {bgnbd_in:.3f}, Gamma-Gamma {gg_in:.3f}; "
      f"read and optimise, as stored)   speed-up {ref_in / (bgnbd_in + gg_in):.1f}x")
print(f"  commands    lifetimes {ref_wall:7.3f} s   kindred CLI   {bgnbd + gg:7.3f} s (BG/NBD {bgnbd:.3f}, Gamma-Gamma {gg:.3f}; "
      f"two processes timed whole)   speed-up {ref_wall / (bgnbd + gg):.1f}x")
print(f"  (in-process lifetimes against the two whole kindred processes: {ref_in / (bgnbd + gg):.1f}x)")
print(f"  from gifts  kindred CLI at a calibration end before the last gift: {scan_bgnbd + scan_gg:.3f} s "
      f"(BG/NBD {scan_bgnbd:.3f}, Gamma-Gamma {scan_gg:.3f})   speed-up against lifetimes in-process {ref_in / (scan_bgnbd + scan_gg):.1f}x")
worst = max(abs(ours[k] - float(ref[k])) for k in ["r", "alpha", "a", "b", "p", "q", "gamma"])
print("  parameters  " + "  ".join(f"{k} {ours[k]:.6f}/{float(ref[k]):.6f}" for k in ["r", "alpha", "a", "b", "p", "q", "gamma"])
      + f"   (kindred/lifetimes) largest difference {worst:.2e}")
print(f"  predict     kindred model predict (refit, then every donor's prediction and ask ladder): {predict:.2f} s, peak {predict_kb / 1024:.0f} MB")
PY
}

side_by_side side "$donors"
side_by_side large "$large"
