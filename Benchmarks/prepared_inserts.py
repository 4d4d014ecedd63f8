"""Reference for the event-ingest benchmark: an in-process loop of prepared inserts of the same rows the event API
writes for a track call (one `events` row and one `interactions` row), 100 calls per transaction, into the same
schema (a database migrated by `kindred migrate`), with WAL and synchronous=FULL as Kindred runs SQLite.

Usage: python3 prepared_inserts.py DATABASE_FILE EVENTS  -> prints events per second."""
import json
import sqlite3
import sys
import time
import uuid

path, total = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
db.execute("PRAGMA foreign_keys=ON")
now = "2026-11-22T12:00:00.000Z"
people = [str(uuid.uuid4()) for _ in range(1000)]
db.execute("BEGIN")
db.executemany(
    "INSERT INTO constituents (id, kind, display_name, search_name, preferred_language, created_at, updated_at) VALUES (?, 'person', 'x', 'x', 'en', ?, ?)",
    [(p, now, now) for p in people])
db.execute("COMMIT")
properties = json.dumps({"title": "Clean water", "path": "/stories/water", "url": "https://example.org/stories/water",
                         "referrer": "https://news.example/", "device": "mobile"})
start = time.perf_counter()
for batch in range(total // 100):
    events, interactions = [], []
    for i in range(100):
        n = batch * 100 + i
        person = people[(n * 7919) % 1000]
        message = f"ref-{n}"
        body = json.dumps({"type": "track", "messageId": message, "userId": f"user-{n % 1000}", "name": "Article Read",
                           "properties": {"title": "Clean water", "path": "/stories/water"}, "timestamp": now})
        events.append((str(uuid.uuid4()), message, "track", "Article Read", f"user-{n % 1000}", person, now, now, body))
        interactions.append((str(uuid.uuid4()), person, "article_read", "web", now, "inbound", properties, now, now, "event_api", message))
    db.execute("BEGIN IMMEDIATE")
    db.executemany("INSERT INTO events (id, message_id, type, name, user_id, constituent_id, occurred_at, received_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING", events)
    db.executemany("INSERT INTO interactions (id, constituent_id, type, channel, occurred_at, direction, properties, created_at, updated_at, source, external_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", interactions)
    db.execute("COMMIT")
elapsed = time.perf_counter() - start
print(f"{total / elapsed:.0f}")
