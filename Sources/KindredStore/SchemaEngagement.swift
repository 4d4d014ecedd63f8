import KindredCore

extension Schema {
    /// Version 3: engagement sums per person (scaled to the decay epoch, so one addition keeps them current) and the
    /// materialised RFM scores.
    @Sendable static func version3(_ flavor: SQLFlavor) -> [String] {
        let sums = (EngagementDimension.allCases.map(\.rawValue) + ["total", "non_giving", "then_total", "then_giving"])
            .map { "\($0) DOUBLE PRECISION NOT NULL DEFAULT 0" }.joined(separator: ", ")
        return [
            """
            CREATE TABLE constituent_engagement (
              constituent_id TEXT PRIMARY KEY REFERENCES constituents (id) ON DELETE CASCADE, \(sums),
              last_active_at TEXT, self_reported INTEGER CHECK (self_reported BETWEEN 1 AND 5), self_reported_at TEXT
            )
            """,
            "CREATE INDEX constituent_engagement_active ON constituent_engagement (last_active_at)",
            """
            CREATE TABLE constituent_rfm (
              constituent_id TEXT PRIMARY KEY REFERENCES constituents (id) ON DELETE CASCADE,
              recency INTEGER NOT NULL CHECK (recency BETWEEN 1 AND 5), frequency INTEGER NOT NULL CHECK (frequency BETWEEN 1 AND 5),
              monetary INTEGER NOT NULL CHECK (monetary BETWEEN 1 AND 5), cell TEXT NOT NULL,
              rfm_group TEXT NOT NULL \(oneOf("rfm_group", RFMGroup.self)), currency TEXT NOT NULL, computed_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX constituent_rfm_group ON constituent_rfm (rfm_group)",
        ]
    }
}
