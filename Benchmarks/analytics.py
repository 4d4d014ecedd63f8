"""The analytics benchmark's data and its DuckDB reference.

  python3 analytics.py generate DIR PEOPLE GIFTS INTERACTIONS
      Generates the data set with DuckDB (deterministic), keeps it in DIR/reference.duckdb and writes
      DIR/constituents.csv, gifts.csv, interactions.csv (no header) for loading into Kindred; person n has the
      external id Pn (source bench), so an import can name them.
  python3 analytics.py reference DIR NOW YEAR
      Runs the reference queries over the same data in DuckDB and prints "name seconds result" lines:
      the retention report's five-year series from the raw gifts, the three-condition segment count, and a full
      recompute of rollups, monthly rollups, decayed engagement per dimension, RFM quintiles and loyalty levels.
"""
import sys
import time

import duckdb

TYPES = ("['email_opened', 'email_opened', 'email_opened', 'email_link_clicked', 'article_read', 'article_read', 'page_viewed', "
         "'post_liked', 'post_shared', 'event_attended', 'volunteer_shift_completed', 'survey_answered', 'newsletter_unsubscribed', 'call']")
WEIGHTS = [("email_opened", "content", 1), ("email_link_clicked", "content", 2), ("article_read", "content", 2),
           ("page_viewed", "content", 0.5), ("post_liked", "social", 1), ("post_shared", "advocacy", 4),
           ("event_attended", "participation", 6), ("volunteer_shift_completed", "participation", 8),
           ("survey_answered", "voice", 4), ("newsletter_unsubscribed", "content", -5)]


def generate(directory, people, gifts, interactions):
    db = duckdb.connect(f"{directory}/reference.duckdb")
    donors = max(1, people * 6 // 10)
    db.execute("CREATE MACRO h(x) AS CAST(hash(x) >> 1 AS BIGINT)")
    db.execute(f"""
        CREATE TABLE people AS SELECT i AS n, printf('00000000-0000-7000-8000-%012x', i) AS id,
          (['Anna', 'Bram', 'Cor', 'Daan', 'Eva', 'Fleur', 'Gijs', 'Hanna', 'Ilse', 'Joris'])[1 + i % 10] AS given_name,
          (['Jansen', 'de Vries', 'Bakker', 'Visser', 'Smit', 'Meijer', 'Bos', 'Mulder', 'Peeters', 'Claes'])[1 + (i // 10) % 10] AS family_name,
          (['Utrecht', 'Amsterdam', 'Rotterdam', 'Gent', 'Antwerpen', 'Brussel', 'Leiden', 'Delft', 'Haarlem', 'Zwolle'])[1 + h(i) % 10] AS city,
          TIMESTAMP '2016-01-01' + to_seconds(CAST(h(i * 3 + 1) % 250000000 AS BIGINT)) AS created_at
        FROM range({people}) t(i)""")
    db.execute(f"""
        CREATE TABLE gifts AS SELECT printf('00000001-0000-7000-8000-%012x', i) AS id,
          printf('00000000-0000-7000-8000-%012x', h(i * 7 + 1) % {donors}) AS constituent_id,
          ([500, 1000, 2500, 2500, 5000, 10000, 25000])[1 + h(i * 3) % 7] AS amount_minor,
          CASE WHEN h(i * 5) % 20 = 0 THEN 'USD' ELSE 'EUR' END AS currency,
          TIMESTAMP '2017-01-01' + to_seconds(CAST(h(i * 11) % 311000000 AS BIGINT)) AS received_at,
          (['online', 'mail', 'phone', 'event', 'peer_to_peer', 'bank_transfer'])[1 + h(i * 13) % 6] AS channel,
          (['desktop', 'mobile', 'tablet', 'unknown'])[1 + h(i * 17) % 4] AS device,
          CASE WHEN h(i * 19) % 33 = 0 THEN 'refunded' ELSE 'completed' END AS status,
          (['https://www.google.com/', 'https://facebook.com/x', 'https://news.example/story', NULL])[1 + h(i * 23) % 4] AS referrer
        FROM range({gifts}) t(i)""")
    db.execute(f"""
        CREATE TABLE interactions AS SELECT printf('00000002-0000-7000-8000-%012x', i) AS id,
          printf('00000000-0000-7000-8000-%012x', h(i * 29) % {people}) AS constituent_id,
          ({TYPES})[1 + h(i * 31) % 14] AS type,
          TIMESTAMP '2021-01-01' + to_seconds(CAST(h(i * 37) % 185000000 AS BIGINT)) AS occurred_at,
          CASE WHEN h(i * 41) % 5 = 0 THEN '{{"topic":"water"}}' ELSE '{{}}' END AS properties
        FROM range({interactions}) t(i)""")
    stamp = "strftime({}, '%Y-%m-%dT%H:%M:%S.000Z')"
    db.execute(f"""COPY (SELECT id, given_name, family_name, given_name || ' ' || family_name, lower(given_name || ' ' || family_name), city,
                   {stamp.format('created_at')}, 'P' || n FROM people) TO '{directory}/constituents.csv' (HEADER false)""")
    db.execute(f"""COPY (SELECT id, constituent_id, amount_minor, currency, {stamp.format('received_at')}, channel, device, status,
                   referrer FROM gifts) TO '{directory}/gifts.csv' (HEADER false)""")
    db.execute(f"""COPY (SELECT id, constituent_id, type,
                   CASE WHEN type LIKE 'email%' OR type LIKE 'newsletter%' THEN 'email' WHEN type LIKE 'post%' THEN 'social'
                        WHEN type LIKE 'event%' THEN 'event' WHEN type LIKE 'volunteer%' THEN 'in_person' WHEN type = 'call' THEN 'phone'
                        ELSE 'web' END, {stamp.format('occurred_at')}, properties FROM interactions)
                   TO '{directory}/interactions.csv' (HEADER false)""")


def timed(db, name, sql):
    start = time.perf_counter()
    result = db.execute(sql).fetchall()
    row = result[-1] if result else ()
    print(f"{name} {time.perf_counter() - start:.3f} " + ",".join(str(value) for value in row), flush=True)


def reference(directory, now, year):
    db = duckdb.connect(f"{directory}/reference.duckdb", read_only=False)
    db.execute("SET threads TO 2")
    sums = ", ".join(f"SUM(CASE WHEN fy = {y} THEN amt ELSE 0 END) AS y{y}" for y in range(year - 5, year + 1))
    series = " UNION ALL ".join(
        f"""SELECT {y}, COUNT(*) FILTER (y{y - 1} > 0), COUNT(*) FILTER (y{y} > 0), COUNT(*) FILTER (y{y} > 0 AND first = {y}),
              COUNT(*) FILTER (y{y - 1} > 0 AND y{y} > 0), COUNT(*) FILTER (y{y - 1} > 0 AND y{y} = 0),
              COUNT(*) FILTER (y{y} > 0 AND y{y - 1} = 0 AND first < {y - 1}), COUNT(*) FILTER (y{y - 1} > 0 AND y{y} > y{y - 1}),
              COUNT(*) FILTER (y{y - 1} > 0 AND y{y} > 0 AND y{y} < y{y - 1}), SUM(y{y - 1}), SUM(y{y}),
              SUM(y{y}) FILTER (y{y - 1} > 0) / NULLIF(SUM(y{y - 1}), 0) FROM donors"""
        for y in range(year - 4, year + 1))
    timed(db, "retention", f"""
        WITH d AS (SELECT constituent_id, year(received_at) AS fy, SUM(amount_minor) AS amt FROM gifts
                   WHERE status = 'completed' AND currency = 'EUR' GROUP BY ALL),
        donors AS (SELECT constituent_id, MIN(fy) AS first, {sums} FROM d GROUP BY constituent_id)
        {series}""")
    timed(db, "segment", f"""
        WITH g AS (SELECT constituent_id, MAX(CASE WHEN year(received_at) = {year} THEN 1 ELSE 0 END) AS gave,
                          MAX(CASE WHEN year(received_at) = {year - 1} THEN 1 ELSE 0 END) AS gave_before
                   FROM gifts WHERE status = 'completed' AND received_at <= TIMESTAMP '{now}' GROUP BY 1),
             i AS (SELECT constituent_id FROM interactions WHERE type = 'article_read'
                   AND occurred_at >= TIMESTAMP '{now}' - INTERVAL 90 DAY AND occurred_at <= TIMESTAMP '{now}' GROUP BY 1 HAVING COUNT(*) >= 2)
        SELECT COUNT(*) FROM people p JOIN g ON g.constituent_id = p.id JOIN i ON i.constituent_id = p.id
        WHERE p.city = 'Utrecht' AND g.gave = 0 AND g.gave_before = 1""")
    weights = " UNION ALL ".join(f"SELECT '{t}' AS type, '{d}' AS dimension, {w}::DOUBLE AS weight" for t, d, w in WEIGHTS)
    decay = f"pow(2, -(epoch(TIMESTAMP '{now}') - epoch(moment)) / 86400.0 / 180)"
    start = time.perf_counter()
    db.execute("""CREATE OR REPLACE TABLE r_rollups AS SELECT constituent_id, currency, COUNT(*) AS gifts, SUM(amount_minor) AS total,
                  MIN(received_at) AS first_at, arg_min(amount_minor, received_at) AS first_amount, MAX(received_at) AS last_at,
                  arg_max(amount_minor, received_at) AS last_amount, MAX(amount_minor) AS largest
                  FROM gifts WHERE status = 'completed' GROUP BY ALL""")
    db.execute("""CREATE OR REPLACE TABLE r_months AS SELECT constituent_id, currency, strftime(received_at, '%Y-%m') AS month,
                  SUM(amount_minor) AS total, COUNT(*) AS gifts FROM gifts WHERE status = 'completed' GROUP BY ALL""")
    db.execute(f"""CREATE OR REPLACE TABLE r_engagement AS SELECT constituent_id, dimension, SUM(weight * {decay}) AS points FROM (
                   SELECT i.constituent_id, w.dimension, w.weight, i.occurred_at AS moment FROM interactions i JOIN ({weights}) w USING (type)
                   UNION ALL SELECT constituent_id, 'giving', 10.0, received_at FROM gifts WHERE status = 'completed') GROUP BY ALL""")
    db.execute(f"""CREATE OR REPLACE TABLE r_rfm AS SELECT constituent_id, NTILE(5) OVER (ORDER BY last_at) AS r,
                   NTILE(5) OVER (ORDER BY gifts) AS f, NTILE(5) OVER (ORDER BY total) AS m FROM (
                   SELECT constituent_id, MAX(received_at) AS last_at, COUNT(*) AS gifts, SUM(amount_minor) AS total FROM gifts
                   WHERE status = 'completed' AND currency = 'EUR' AND received_at >= TIMESTAMP '{now}' - INTERVAL 5 YEAR GROUP BY 1)""")
    db.execute(f"""CREATE OR REPLACE TABLE r_loyalty AS SELECT constituent_id, CASE
                   WHEN bool_or(fy = {year}) AND bool_or(fy = {year - 1}) AND bool_or(fy = {year - 2}) THEN 'structural'
                   WHEN bool_or(fy = {year}) AND NOT bool_or(fy = {year - 1}) AND bool_or(fy < {year - 1}) THEN 'recaptured'
                   WHEN bool_or(fy = {year}) AND bool_or(fy < {year}) THEN 'repeat' WHEN bool_or(fy = {year}) THEN 'new'
                   WHEN bool_or(fy = {year - 1}) THEN 'lapsed' ELSE 'lost' END AS level
                   FROM (SELECT constituent_id, year(received_at) AS fy FROM gifts WHERE status = 'completed') GROUP BY 1""")
    count = db.execute("SELECT COUNT(*) FROM r_engagement").fetchone()[0]
    print(f"recompute {time.perf_counter() - start:.3f} {count}", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
    else:
        reference(sys.argv[2], sys.argv[3], int(sys.argv[4]))
