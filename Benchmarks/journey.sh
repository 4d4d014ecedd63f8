#!/usr/bin/env bash
# The supporter journey at scale: PEOPLE people imported (plus PEOPLE/5 donors from as many gifts, 2016–2025) with
# interactions over the last year (views of stories, reads, shares, searches, donation-form starts), then
#   1. `kindred journey place`: everyone placed by six stage rules in one statement, each move written to the history;
#      reference, in the same run on a copy of the same database: the sqlite3 CLI writing the same stages with a
#      hand-written set-based INSERT … SELECT CASE (the floor of the same work);
#   2. the same placement again, when nobody moved;
#   3. `kindred journey funnel` and 4. `kindred journey touchpoints` (three touchpoints, 90 days); the touchpoint
#      reference is the sqlite3 CLI counting each touchpoint's reach with COUNT(DISTINCT) over the same interactions.
# Usage: Benchmarks/journey.sh [PEOPLE]   (needs sqlite3, python3, GNU time and a release build)
people=${1:-100000}
source "$(dirname "$0")/setup.sh"
db="sqlite:$work/kindred.sqlite"
python3 Benchmarks/make_constituents.py "$people" "$work/people.csv"
python3 Benchmarks/make_gifts.py "$people" "$work/gifts.csv"
"$kindred" import constituents "$work/people.csv" --database "$db" >/dev/null
"$kindred" import gifts "$work/gifts.csv" --database "$db" >/dev/null
sqlite3 "$work/kindred.sqlite" "
  CREATE TEMP TABLE kinds (n INTEGER, type TEXT, share INTEGER, days INTEGER, url TEXT);
  INSERT INTO kinds VALUES (1, 'page_viewed', 60, 300, 'https://example.org/stories/'), (2, 'article_read', 25, 150, 'https://example.org/stories/'),
    (3, 'article_read', 20, 120, 'https://example.org/news/'), (4, 'email_link_clicked', 20, 100, NULL), (5, 'post_shared', 5, 200, NULL),
    (6, 'site_searched', 3, 60, 'https://example.org/search'), (7, 'donation_form_started', 4, 80, 'https://example.org/donate');
  INSERT INTO interactions (id, constituent_id, type, channel, occurred_at, direction, properties, created_at, updated_at)
  SELECT c.id || '-' || k.n, c.id, k.type, 'web', strftime('%Y-%m-%dT%H:%M:%S.000Z', 'now', '-' || (1 + (c.rowid * 7 + k.n) % k.days) || ' days'), 'inbound',
         json_object('url', k.url || CASE WHEN k.url LIKE '%/' THEN c.rowid % 40 ELSE '' END, 'device', CASE c.rowid % 3 WHEN 0 THEN 'mobile' WHEN 1 THEN 'desktop' ELSE 'tablet' END,
                     'query', CASE WHEN k.type = 'site_searched' THEN 'term ' || (c.rowid % 30) END, 'results', (c.rowid % 4),
                     'campaign_name', CASE WHEN k.type = 'email_link_clicked' THEN 'spring' END),
         strftime('%Y-%m-%dT%H:%M:%S.000Z', 'now'), strftime('%Y-%m-%dT%H:%M:%S.000Z', 'now')
  FROM constituents c JOIN kinds k ON (c.rowid * 37 + k.n * 11) % 100 < k.share;
  DELETE FROM settings WHERE key = 'journey';
  INSERT INTO settings (key, value) VALUES ('journey', '{\"stages\":[{\"key\":\"awareness\",\"name\":\"Awareness\"},
    {\"key\":\"discovery\",\"name\":\"Discovery\",\"rule\":\"interactions(within 365 days) >= 1\"},
    {\"key\":\"cultivation\",\"name\":\"Cultivation\",\"rule\":\"interactions(within 180 days) >= 3\"},
    {\"key\":\"donation\",\"name\":\"Donation\",\"rule\":\"giving.count >= 1\"},
    {\"key\":\"advocacy\",\"name\":\"Advocacy\",\"rule\":\"interactions(type = post_shared, within 365 days) >= 1\"},
    {\"key\":\"service\",\"name\":\"Service\",\"rule\":\"giving.count >= 8\"},
    {\"key\":\"lapsed\",\"name\":\"Lapsed\",\"rule\":\"giving.lastGiftAt < \\\"2020-01-01\\\"\"}]}');
  INSERT INTO touchpoints (id, name, kind, match_text, stages, created_at, updated_at) VALUES
    ('0190f1a2-0000-7000-8000-00000000b001', 'Stories', 'web_page', '/stories', '[\"discovery\"]', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('0190f1a2-0000-7000-8000-00000000b002', 'Donate form', 'form', 'https://example.org/donate', '[\"donation\"]', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
    ('0190f1a2-0000-7000-8000-00000000b003', 'Spring email', 'email', 'spring', '[\"cultivation\"]', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');"
people_total=$(sqlite3 "$work/kindred.sqlite" "SELECT COUNT(*) FROM constituents")
interactions=$(sqlite3 "$work/kindred.sqlite" "SELECT COUNT(*) FROM interactions")
cp "$work/kindred.sqlite" "$work/reference.sqlite"
seconds_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

start=$(date +%s.%N)
sqlite3 "$work/reference.sqlite" "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
  INSERT INTO journey_stage_history (id, constituent_id, stage, previous_stage, entered_at)
  SELECT c.id || '-h', c.id, CASE
    WHEN (SELECT r.last_gift_at FROM constituent_rollups r WHERE r.constituent_id = c.id AND r.currency = 'EUR') < '2020-01-01' THEN 'lapsed'
    WHEN COALESCE((SELECT r.gift_count FROM constituent_rollups r WHERE r.constituent_id = c.id AND r.currency = 'EUR'), 0) >= 8 THEN 'service'
    WHEN (SELECT COUNT(*) FROM interactions i WHERE i.constituent_id = c.id AND i.type = 'post_shared' AND i.occurred_at >= strftime('%Y-%m-%dT%H:%M:%S.000Z', 'now', '-365 days')) >= 1 THEN 'advocacy'
    WHEN COALESCE((SELECT r.gift_count FROM constituent_rollups r WHERE r.constituent_id = c.id AND r.currency = 'EUR'), 0) >= 1 THEN 'donation'
    WHEN (SELECT COUNT(*) FROM interactions i WHERE i.constituent_id = c.id AND i.occurred_at >= strftime('%Y-%m-%dT%H:%M:%S.000Z', 'now', '-180 days')) >= 3 THEN 'cultivation'
    WHEN (SELECT COUNT(*) FROM interactions i WHERE i.constituent_id = c.id AND i.occurred_at >= strftime('%Y-%m-%dT%H:%M:%S.000Z', 'now', '-365 days')) >= 1 THEN 'discovery'
    ELSE 'awareness' END, NULL, strftime('%Y-%m-%dT%H:%M:%S.000Z', 'now') FROM constituents c;" >/dev/null
reference=$(seconds_since "$start")
reference_stages=$(sqlite3 "$work/reference.sqlite" "SELECT group_concat(stage || ' ' || n, ', ') FROM (SELECT stage, COUNT(*) AS n FROM journey_stage_history GROUP BY stage ORDER BY stage)")

start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$work/peak" "$kindred" journey place --json --database "$db" > "$work/place.json"
placed=$(seconds_since "$start")
stages=$(sqlite3 "$work/kindred.sqlite" "SELECT group_concat(stage || ' ' || n, ', ') FROM (SELECT stage, COUNT(*) AS n FROM journey_stage_history GROUP BY stage ORDER BY stage)")
[ "$stages" = "$reference_stages" ] || { echo "Kindred placed [$stages], the reference [$reference_stages]"; exit 1; }
start=$(date +%s.%N)
"$kindred" journey place --json --database "$db" > "$work/again.json"
again=$(seconds_since "$start")
start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$work/peak-funnel" "$kindred" journey funnel --json --database "$db" > "$work/funnel.json"
funnel=$(seconds_since "$start")

start=$(date +%s.%N)
sqlite3 "$work/reference.sqlite" "
  SELECT COUNT(DISTINCT constituent_id) FROM interactions WHERE occurred_at >= strftime('%Y-%m-%dT%H:%M:%S.000Z', 'now', '-90 days') AND json_extract(properties, '$.url') LIKE 'https://example.org/stories/%';
  SELECT COUNT(DISTINCT constituent_id) FROM interactions WHERE occurred_at >= strftime('%Y-%m-%dT%H:%M:%S.000Z', 'now', '-90 days') AND json_extract(properties, '$.url') LIKE 'https://example.org/donate%';
  SELECT COUNT(DISTINCT constituent_id) FROM interactions WHERE occurred_at >= strftime('%Y-%m-%dT%H:%M:%S.000Z', 'now', '-90 days') AND json_extract(properties, '$.campaign_name') = 'spring';" > "$work/reference-reach"
touch_reference=$(seconds_since "$start")
start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$work/peak-touch" "$kindred" journey touchpoints --days 90 --json --database "$db" > "$work/touch.json"
touch=$(seconds_since "$start")
reach=$(python3 -c 'import json,sys; print("\n".join(str(t["total"]["reach"]) for t in sorted(json.load(open(sys.argv[1]))["touchpoints"], key=lambda t: t["id"])))' "$work/touch.json" | paste -sd' ')
expected=$(awk 'NR==1{s=$0} NR==2{d=$0} NR==3{e=$0} END {print s, d, e}' "$work/reference-reach")
[ "$reach" = "$expected" ] || { echo "Kindred's reach [$reach], the reference [$expected]"; exit 1; }

printf 'Journey over %d people, %d interactions: %s\n' "$people_total" "$interactions" "$stages"
printf 'Placement   sqlite3 set-based INSERT … CASE (reference): %8.2f s\n' "$reference"
printf 'Placement   kindred journey place:                        %8.2f s  %s  peak %d MB  ratio to reference: %s\n' \
  "$placed" "$(cat "$work/place.json")" "$(( $(cat "$work/peak") / 1024 ))" "$(ratio "$placed" "$reference")"
printf 'Placement   again, nobody moved:                          %8.2f s  %s\n' "$again" "$(cat "$work/again.json")"
printf 'Funnel      kindred journey funnel:                       %8.2f s  peak %d MB\n' "$funnel" "$(( $(cat "$work/peak-funnel") / 1024 ))"
printf 'Touchpoints sqlite3 COUNT(DISTINCT) reach (reference):    %8.2f s  reach %s\n' "$touch_reference" "$expected"
printf 'Touchpoints kindred journey touchpoints (90 days):        %8.2f s  peak %d MB  ratio to reference: %s\n' \
  "$touch" "$(( $(cat "$work/peak-touch") / 1024 ))" "$(ratio "$touch" "$touch_reference")"
