import KindredCore

extension Schema {
    /// Version 5: the organisation's counted giving per month and currency, split by channel, device and referrer
    /// source, kept in step with every gift write for the dashboard.
    @Sendable static func version5(_ flavor: SQLFlavor) -> [String] {
        [
            """
            CREATE TABLE organisation_giving (
              month TEXT NOT NULL, currency TEXT NOT NULL, facet TEXT NOT NULL \(oneOf("facet", GivingFacet.self)), value TEXT NOT NULL,
              total_minor BIGINT NOT NULL, gift_count BIGINT NOT NULL, PRIMARY KEY (month, currency, facet, value)
            )
            """,
        ]
    }
}

extension Schema {
    /// Version 6: the per-person interaction index also holds the type, so engagement is rebuilt from the index alone.
    @Sendable static func version6(_ flavor: SQLFlavor) -> [String] {
        ["DROP INDEX interactions_constituent", "CREATE INDEX interactions_constituent ON interactions (constituent_id, occurred_at, type)"]
    }
}

extension Schema {
    /// Version 7: the retention report's counts per currency and fiscal year, kept in step with every rollup rewrite,
    /// and the fiscal-year start they are counted under (0 until they are first built).
    @Sendable static func version7(_ flavor: SQLFlavor) -> [String] {
        let figures = (RetentionTallies.countColumns + RetentionTallies.amountColumns).map { "\($0) BIGINT NOT NULL DEFAULT 0" }
        return [
            "CREATE TABLE retention_tallies (currency TEXT NOT NULL, fiscal_year INTEGER NOT NULL, \(figures.joined(separator: ", ")), PRIMARY KEY (currency, fiscal_year))",
            "CREATE TABLE retention_basis (id INTEGER PRIMARY KEY CHECK (id = 1), fiscal_start_month INTEGER NOT NULL)",
            "INSERT INTO retention_basis (id, fiscal_start_month) VALUES (1, 0)",
        ]
    }
}

extension Schema {
    /// Version 9: the dashboard's population counts (loyalty and engagement levels, quietly engaged), computed in the
    /// background and read by the dashboard, so it answers in milliseconds on a million people.
    @Sendable static func version9(_ flavor: SQLFlavor) -> [String] {
        ["CREATE TABLE dashboard_population (id INTEGER PRIMARY KEY CHECK (id = 1), computed_at TEXT NOT NULL, counts TEXT NOT NULL)"]
    }

    /// Version 10: the engagement distributions person pages rank a person against, taken in the background (each
    /// taking has a new random `version`, which processes compare to know when to decode them again).
    @Sendable static func version10(_ flavor: SQLFlavor) -> [String] {
        ["CREATE TABLE engagement_distribution (measure TEXT PRIMARY KEY, version TEXT NOT NULL, computed_at TEXT NOT NULL, distribution TEXT NOT NULL)"]
    }
}
