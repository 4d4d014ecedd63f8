#!/usr/bin/env bash
# An engagement plan's step over a 100,000-person segment: every member enters the segment, and `kindred plans run`
# enrols each of them (one enrolment and one step job per person) and runs the step (a tag added, its job marked done
# in the same transaction). Goal: the whole segment processed in under 30 s. The reference, in the same run on a copy
# of the same database: the sqlite3 CLI adding the same tags in one set-based statement (no enrolment, no job, no
# per-person transaction) — the floor of the write itself.
# Usage: Benchmarks/plans.sh [PEOPLE]   (needs sqlite3, python3, GNU time and a release build)
people=${1:-100000}
source "$(dirname "$0")/setup.sh"
db="sqlite:$work/kindred.sqlite"
python3 Benchmarks/make_constituents.py "$people" "$work/people.csv"
"$kindred" import constituents "$work/people.csv" --database "$db" >/dev/null
earlier=$(date -u -d '-2 hours' +%Y-%m-%dT%H:%M:%S.000Z); entered=$(date -u -d '-1 minute' +%Y-%m-%dT%H:%M:%S.000Z)
segment=0190f1a2-0000-7000-8000-00000000a001; plan=0190f1a2-0000-7000-8000-00000000a002
sqlite3 "$work/kindred.sqlite" "
  INSERT INTO segments (id, name, kind, rule, created_at, updated_at) VALUES ('$segment', 'Everyone', 'static', NULL, '$earlier', '$earlier');
  INSERT INTO engagement_plans (id, name, active, definition, created_at, updated_at) VALUES ('$plan', 'Welcome every member', 1,
    '{\"trigger\":{\"kind\":\"segment_entered\",\"segmentId\":\"$segment\"},\"steps\":[{\"delayHours\":0,\"action\":\"add_tag\",\"text\":\"welcomed\"}],\"skipWeekends\":false}',
    '$earlier', '$earlier');
  INSERT INTO segment_events (id, segment_id, constituent_id, kind, occurred_at) SELECT id || '-e', '$segment', id, 'entered', '$entered' FROM constituents;"
cp "$work/kindred.sqlite" "$work/reference.sqlite"

start=$(date +%s.%N)
sqlite3 "$work/reference.sqlite" "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
  INSERT INTO constituent_tags (constituent_id, tag, tag_key, position) SELECT constituent_id, 'welcomed', 'welcomed', 0 FROM segment_events;" >/dev/null
reference=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')

start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$work/peak" "$kindred" plans run --json --database "$db" > "$work/run.json"
seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
tagged=$(sqlite3 "$work/kindred.sqlite" "SELECT COUNT(*) FROM constituent_tags WHERE tag_key = 'welcomed'")
done=$(sqlite3 "$work/kindred.sqlite" "SELECT COUNT(*) FROM plan_jobs WHERE status = 'done'")
[ "$tagged" = "$people" ] && [ "$done" = "$people" ] || { echo "expected $people tags and done jobs, found $tagged and $done"; exit 1; }
printf 'Plan step over %d people  sqlite3 set-based tagging (reference): %8.2f s\n' "$people" "$reference"
printf 'Plan step over %d people  kindred plans run:                      %8.2f s  %s  peak %d MB  ratio to reference: %.1f\n' \
  "$people" "$seconds" "$(cat "$work/run.json")" "$(( $(cat "$work/peak") / 1024 ))" "$(awk -v a="$seconds" -v b="$reference" 'BEGIN { printf "%.1f", a / b }')"
