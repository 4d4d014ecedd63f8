#!/usr/bin/env bash
# Predictions: from the raw gifts to fitted BG/NBD and Gamma-Gamma parameters, Kindred beside the Python lifetimes
# library on the same simulated gift history (Benchmarks/predictions.py), then the per-donor refresh.
#   side by side  DONORS donors (default 100,000): lifetimes from its CSV, Kindred from its database
#                 (`kindred model fit bgnbd` + `kindred model fit gammagamma`, each a fresh process); the
#                 parameters compared
#   at scale      LARGE donors (default 1,000,000, about 5 million gifts): the same two fits in Kindred alone,
#                 then `kindred model predict` (refit and every donor's prediction and ask ladder)
# Usage: Benchmarks/predictions.sh [DONORS [LARGE]]   (needs sqlite3, python3 with numpy, pandas and lifetimes)
donors=${1:-100000}; large=${2:-1000000}
source "$(dirname "$0")/setup.sh"
seconds() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
end=2025-12-30

# Loads WORK/DIR's generated CSVs into a fresh Kindred database (rows in, then the gift index, as a restore would).
load() {
  local dir=$1 db=$1/kindred.sqlite
  "$kindred" migrate --database "sqlite:$db" >/dev/null
  sqlite3 "$db" "PRAGMA journal_mode=WAL; CREATE TABLE c_in (id TEXT, name TEXT); CREATE TABLE g_in (id TEXT, c TEXT, amount BIGINT, currency TEXT, at TEXT)" >/dev/null
  sqlite3 "$db" ".import --csv $dir/constituents.csv c_in" ".import --csv $dir/gifts.csv g_in"
  sqlite3 "$db" "DROP INDEX gifts_constituent; DROP INDEX gifts_received;
    INSERT INTO constituents (id, kind, given_name, display_name, search_name, preferred_language, created_at, updated_at)
      SELECT id, 'person', name, name, lower(name), 'en', '2023-01-01T00:00:00Z', '2023-01-01T00:00:00Z' FROM c_in;
    INSERT INTO gifts (id, constituent_id, amount_minor, currency, received_at, channel, device, status, created_at, updated_at)
      SELECT id, c, amount, currency, at, 'online', 'desktop', 'completed', at, at FROM g_in;
    DROP TABLE c_in; DROP TABLE g_in;
    CREATE INDEX gifts_constituent ON gifts (constituent_id, received_at, currency, status, amount_minor); CREATE INDEX gifts_received ON gifts (received_at)"
}

# Runs `kindred model fit MODEL` on DIR's database; prints the JSON and leaves the seconds in $fit_seconds.
fit() {
  local start; start=$(seconds)
  "$kindred" model fit "$2" --calibration-end "$end" --json --database "sqlite:$1/kindred.sqlite"
  fit_seconds=$(elapsed "$start" "$(seconds)")
}

mkdir -p "$work/side" "$work/large"
python3 Benchmarks/predictions.py generate "$work/side" "$donors"
load "$work/side"
python3 Benchmarks/predictions.py lifetimes "$work/side" "$end" >"$work/lifetimes.txt"
fit "$work/side" bgnbd >"$work/bgnbd.json"; bgnbd_seconds=$fit_seconds
fit "$work/side" gammagamma >"$work/gg.json"; gg_seconds=$fit_seconds
python3 - "$work" "$bgnbd_seconds" "$gg_seconds" <<'PY'
import json, sys
work, bgnbd_s, gg_s = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
ref = dict(line.split() for line in open(f"{work}/lifetimes.txt"))
ours = {**json.load(open(f"{work}/bgnbd.json"))["params"], **json.load(open(f"{work}/gg.json"))["params"]}
ours_s, ref_s = bgnbd_s + gg_s, float(ref["seconds"])
print(f"Fit from raw gifts  lifetimes (reference):  {ref_s:8.2f} s   ({ref['donors']} donors)")
print(f"Fit from raw gifts  kindred:                {ours_s:8.2f} s   (BG/NBD {bgnbd_s:.2f} s, Gamma-Gamma {gg_s:.2f} s)   "
      f"speed-up: {ref_s / ours_s:.1f}x")
worst = 0.0
for name in ["r", "alpha", "a", "b", "p", "q", "gamma"]:
    difference = abs(ours[name] - float(ref[name]))
    worst = max(worst, difference)
    print(f"  {name:6s} lifetimes {float(ref[name]):14.6f}   kindred {ours[name]:14.6f}   difference {difference:.2e}")
print(f"  largest parameter difference: {worst:.2e}")
PY

python3 Benchmarks/predictions.py generate "$work/large" "$large"
load "$work/large"
fit "$work/large" bgnbd >/dev/null; large_bgnbd=$fit_seconds
fit "$work/large" gammagamma >/dev/null; large_gg=$fit_seconds
gifts=$(sqlite3 "$work/large/kindred.sqlite" "SELECT COUNT(*) FROM gifts")
echo "Fit at scale        kindred, $large donors / $gifts gifts: BG/NBD $large_bgnbd s, Gamma-Gamma $large_gg s"
"$kindred" report recompute --database "sqlite:$work/large/kindred.sqlite" >/dev/null   # the rollups the refresh walks
start=$(seconds)
/usr/bin/time -f "%M" -o "$work/predict.kb" "$kindred" model predict --database "sqlite:$work/large/kindred.sqlite" | head -1
echo "Predict at scale    kindred model predict: $(elapsed "$start" "$(seconds)") s, peak $(( $(cat "$work/predict.kb") / 1024 )) MB"
