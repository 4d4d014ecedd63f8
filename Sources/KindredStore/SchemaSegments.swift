import KindredCore

extension Schema {
    /// Version 4: segments (dynamic rules and static lists), the last known members of each dynamic segment, and the
    /// entered/left events that automation reads.
    @Sendable static func version4(_ flavor: SQLFlavor) -> [String] {
        [
            """
            CREATE TABLE segments (
              id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT, kind TEXT NOT NULL \(oneOf("kind", SegmentKind.self)),
              rule TEXT, \(timestamps), CHECK ((kind = 'dynamic') = (rule IS NOT NULL))
            )
            """,
            "CREATE UNIQUE INDEX segments_name ON segments (name)",
            """
            CREATE TABLE segment_members (
              segment_id TEXT NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
              constituent_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE CASCADE,
              added_at TEXT NOT NULL, PRIMARY KEY (segment_id, constituent_id)
            )
            """,
            "CREATE INDEX segment_members_constituent ON segment_members (constituent_id)",
            """
            CREATE TABLE segment_memberships (
              segment_id TEXT NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
              constituent_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE CASCADE,
              entered_at TEXT NOT NULL, PRIMARY KEY (segment_id, constituent_id)
            )
            """,
            "CREATE INDEX segment_memberships_constituent ON segment_memberships (constituent_id)",
            """
            CREATE TABLE segment_events (
              id TEXT PRIMARY KEY, segment_id TEXT NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
              constituent_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE CASCADE,
              kind TEXT NOT NULL CHECK (kind IN ('entered', 'left')), occurred_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX segment_events_segment ON segment_events (segment_id, occurred_at)",
            "CREATE INDEX segment_events_constituent ON segment_events (constituent_id)",
        ]
    }
}
