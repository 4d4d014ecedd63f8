import KindredCore

extension Schema {
    /// Version 2: the event log, the identities that join events to people, import runs, and what duplicate
    /// detection and merging need (normalised keys, merges with their undo snapshots, aliases of merged ids).
    @Sendable static func version2(_ flavor: SQLFlavor) -> [String] {
        [
            """
            CREATE TABLE events (
              id TEXT PRIMARY KEY, message_id TEXT NOT NULL, type TEXT NOT NULL \(oneOf("type", TrackingCall.self)),
              name TEXT, user_id TEXT, anonymous_id TEXT, previous_id TEXT,
              constituent_id TEXT REFERENCES constituents (id) ON DELETE SET NULL,
              occurred_at TEXT NOT NULL, received_at TEXT NOT NULL, api_key_id TEXT, body TEXT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX events_message ON events (message_id)",
            "CREATE INDEX events_constituent ON events (constituent_id, occurred_at)",
            "CREATE INDEX events_pending_anonymous ON events (anonymous_id) WHERE constituent_id IS NULL",
            "CREATE INDEX events_pending_user ON events (user_id) WHERE constituent_id IS NULL",
            """
            CREATE TABLE identities (
              kind TEXT NOT NULL CHECK (kind IN ('user', 'anonymous')), value TEXT NOT NULL,
              constituent_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE CASCADE,
              created_at TEXT NOT NULL, PRIMARY KEY (kind, value)
            )
            """,
            "CREATE INDEX identities_constituent ON identities (constituent_id)",
            """
            CREATE TABLE import_runs (
              id TEXT PRIMARY KEY, kind TEXT NOT NULL \(oneOf("kind", ImportKind.self)), file_name TEXT NOT NULL,
              source TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('applied', 'rejected', 'dry_run', 'failed')),
              rows_read BIGINT NOT NULL, created BIGINT NOT NULL, updated BIGINT NOT NULL, unchanged BIGINT NOT NULL,
              constituents_created BIGINT NOT NULL, issue_count BIGINT NOT NULL, issues TEXT NOT NULL,
              started_at TEXT NOT NULL, finished_at TEXT NOT NULL, actor_id TEXT
            )
            """,
            "ALTER TABLE constituents ADD COLUMN name_key TEXT",
            "ALTER TABLE constituents ADD COLUMN postal_key TEXT",
            "ALTER TABLE constituents ADD COLUMN address_key TEXT",
            "CREATE INDEX constituents_postal_key ON constituents (postal_key) WHERE postal_key IS NOT NULL",
            "CREATE INDEX constituents_address_key ON constituents (address_key) WHERE address_key IS NOT NULL",
            "CREATE INDEX constituents_unkeyed ON constituents (id) WHERE name_key IS NULL",
            """
            CREATE TABLE merges (
              id TEXT PRIMARY KEY, survivor_id TEXT NOT NULL, duplicate_id TEXT NOT NULL, taken TEXT NOT NULL,
              snapshot TEXT NOT NULL, merged_at TEXT NOT NULL, undone_at TEXT, actor_id TEXT
            )
            """,
            "CREATE INDEX merges_survivor ON merges (survivor_id)",
            """
            CREATE TABLE constituent_aliases (
              source TEXT NOT NULL, external_id TEXT NOT NULL,
              constituent_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE CASCADE,
              merge_id TEXT NOT NULL REFERENCES merges (id), PRIMARY KEY (source, external_id)
            )
            """,
            "CREATE INDEX constituent_aliases_constituent ON constituent_aliases (constituent_id)",
        ]
    }
}
