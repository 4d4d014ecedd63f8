import Foundation
import KindredCore
import SQLKit

/// Counted giving in one bucket: a month, or a channel, device or source.
public struct GivingBucket: Sendable, Hashable, Codable {
    /// The month (`YYYY-MM`) or the facet's value.
    public let key: String
    /// Counted giving, minor units.
    public let totalMinor: Int64
    /// Counted gifts.
    public let giftCount: Int64

    /// Creates a bucket.
    public init(key: String, totalMinor: Int64, giftCount: Int64) {
        self.key = key
        self.totalMinor = totalMinor
        self.giftCount = giftCount
    }
}

/// The dashboard's figures, from the maintained rollups.
public struct Dashboard: Sendable, Hashable, Codable {
    /// The currency of every amount.
    public let currency: String
    /// Constituents per loyalty level today.
    public let loyalty: [String: Int]
    /// Constituents per engagement level (everyone not active in two years is cold).
    public let engagementLevels: [String: Int]
    /// Constituents flagged quietly engaged.
    public let quietlyEngaged: Int
    /// When the three population counts above were computed (the giving figures and retention are live).
    public let populationAsOf: Timestamp
    /// Retention for the current fiscal year and the four before.
    public let retention: [RetentionReport]
    /// Counted giving per month, the last 24 months, oldest first.
    public let givingByMonth: [GivingBucket]
    /// Counted giving in the last 12 months by channel, largest first.
    public let givingByChannel: [GivingBucket]
    /// … by device.
    public let givingByDevice: [GivingBucket]
    /// … by referrer source.
    public let givingBySource: [GivingBucket]
}

/// The dashboard's population counts: who is at which loyalty and engagement level, and the quietly engaged.
public struct DashboardPopulation: Sendable, Hashable, Codable {
    /// Constituents per loyalty level.
    public let loyalty: [String: Int]
    /// Constituents per engagement level.
    public let engagementLevels: [String: Int]
    /// Constituents flagged quietly engaged.
    public let quietlyEngaged: Int
    /// When they were counted.
    public let computedAt: Timestamp
}

extension SegmentStore {
    /// Up to this many constituents the population is counted on every dashboard (it takes milliseconds).
    public static let liveCountLimit = 50_000

    /// The dashboard in `currency` (the organisation's when nil). The giving figures and retention are read live from
    /// maintained tallies; the population counts are counted now for an organisation of up to `liveCountLimit` people
    /// (or when `freshPopulation`), else read from the snapshot the background jobs refresh every few minutes.
    public func dashboard(currency: Currency? = nil, freshPopulation: Bool = false, liveCountLimit: Int = liveCountLimit) async throws -> Dashboard {
        let population: DashboardPopulation
        if !freshPopulation, let stored = try await storedPopulation(), stored.loyalty.values.reduce(0, +) > liveCountLimit {
            population = stored
        } else {
            population = try await refreshPopulation()
        }
        let (buckets, code) = try await store.database.read { connection in
            let compiler = try await compiler(on: connection)
            let code = (currency ?? compiler.profile.currency).code
            return (try await Self.buckets(currency: code, now: compiler.now, timeZone: compiler.timeZone, on: connection), code)
        }
        let profile = try await OrganisationSettingsStore.profile(in: store.database)
        let year = profile.fiscalCalendar.fiscalYear(of: profile.localDate(store.clock()))
        return Dashboard(currency: code, loyalty: population.loyalty, engagementLevels: population.engagementLevels,
                         quietlyEngaged: population.quietlyEngaged, populationAsOf: population.computedAt,
                         retention: try await store.loyalty.retentionSeries(endingIn: year, currency: Currency(code: code)),
                         givingByMonth: buckets["month"] ?? [], givingByChannel: buckets["channel"] ?? [],
                         givingByDevice: buckets["device"] ?? [], givingBySource: buckets["source"] ?? [])
    }

    /// The stored population counts, if any.
    public func storedPopulation() async throws -> DashboardPopulation? {
        let row = try await store.database.read { try await $0.raw("SELECT counts FROM dashboard_population WHERE id = 1").first() }
        return try row.map { try JSONDecoder().decode(DashboardPopulation.self, from: Data(try $0.text("counts").utf8)) }
    }

    /// Counts the population now (one pass each for loyalty and engagement) and stores the snapshot.
    @discardableResult
    public func refreshPopulation() async throws -> DashboardPopulation {
        let population = try await store.database.read { connection in
            let compiler = try await compiler(on: connection)
            let everyone = Int(try await connection.raw("SELECT COUNT(*) AS n FROM constituents").first()?.int64("n") ?? 0)
            let counts = try await Self.loyaltyCounts(compiler, everyone: everyone, on: connection)
            let (levels, quiet) = try await Self.engagementCounts(compiler, everyone: everyone, on: connection)
            return DashboardPopulation(loyalty: counts, engagementLevels: levels, quietlyEngaged: quiet, computedAt: compiler.now)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(population), as: UTF8.self)
        try await store.database.write { connection in
            try await connection.raw("DELETE FROM dashboard_population WHERE id = 1").run()
            try await connection.raw("INSERT INTO dashboard_population (id, computed_at, counts) VALUES (1, \(bind: population.computedAt.description), \(bind: text))").run()
        }
        return population
    }

    /// Constituents per loyalty level in one pass over the monthly rollups and active plans (the per-person rules of
    /// `LoyaltyFacts`, counted; the tests compare them with each person's level).
    private static func loyaltyCounts(_ compiler: SegmentCompiler, everyone: Int, on connection: any SQLDatabase) async throws -> [String: Int] {
        let months = compiler.loyaltyMonths
        func within(_ year: Int) -> String {
            "MAX(CASE WHEN month >= '\(months.first(year))' AND month < '\(months.first(year + 1))' AND month <= '\(months.current)' THEN 1 ELSE 0 END)"
        }
        let y = months.year
        let flags = """
            SELECT constituent_id, \(within(y)) AS y0, \(within(y - 1)) AS y1, \(within(y - 2)) AS y2,
              MAX(CASE WHEN month < '\(months.first(y))' THEN 1 ELSE 0 END) AS before0, MAX(CASE WHEN month < '\(months.first(y - 1))' THEN 1 ELSE 0 END) AS before1,
              MAX(plan) AS plan
            FROM (SELECT constituent_id, month, 0 AS plan FROM constituent_giving_months
                  UNION ALL SELECT constituent_id, '0000-00', 1 FROM recurring_plans WHERE status = 'active' AND starts_on <= '\(months.today)'
                    AND (ends_on IS NULL OR ends_on >= '\(months.today)')) m GROUP BY constituent_id
            """
        let rules = [
            "structural": "plan = 1 OR (y0 = 1 AND y1 = 1 AND y2 = 1)",
            "recaptured": "plan = 0 AND y0 = 1 AND y1 = 0 AND before1 = 1",
            "repeat": "plan = 0 AND y0 = 1 AND before0 = 1 AND NOT (y1 = 1 AND y2 = 1) AND NOT (y1 = 0 AND before1 = 1)",
            "new": "plan = 0 AND y0 = 1 AND before0 = 0", "lapsed": "plan = 0 AND y0 = 0 AND y1 = 1",
            "lost": "plan = 0 AND y0 = 0 AND y1 = 0 AND before1 = 1", "known": "plan = 1 OR y0 = 1 OR before0 = 1",
        ]
        let sums = rules.map { "COALESCE(SUM(CASE WHEN \($0.value) THEN 1 ELSE 0 END), 0) AS \($0.key)" }.joined(separator: ", ")
        let row = try await connection.raw("SELECT \(unsafeRaw: sums) FROM (\(unsafeRaw: flags)) d").first()!
        var counts: [String: Int] = [:]
        for level in LoyaltyLevel.allCases where level != .prospect { counts[level.rawValue] = Int(try row.int64(level.rawValue)) }
        counts[LoyaltyLevel.prospect.rawValue] = everyone - Int(try row.int64("known"))
        return counts
    }

    /// A stored engagement measure as a percentile score (0–100) among the rows ranked: ties share the mid rank, and
    /// nothing scores 0.
    static func rankScore(_ column: String) -> String {
        "CASE WHEN \(column) > 0 THEN 100.0 * (RANK() OVER (ORDER BY \(column)) - 1 + 0.5 * COUNT(*) OVER (PARTITION BY \(column))) / COUNT(*) OVER () ELSE 0 END"
    }

    /// Constituents per engagement level and the quietly engaged, from one ranking of the active constituents.
    private static func engagementCounts(_ compiler: SegmentCompiler, everyone: Int, on connection: any SQLDatabase) async throws -> ([String: Int], Int) {
        let score = rankScore
        let yearAgo = compiler.now.adding(milliseconds: -365 * 86_400_000).description
        let row = try await connection.raw("""
            SELECT COALESCE(SUM(CASE WHEN total_score >= 20 AND total_score < 40 THEN 1 ELSE 0 END), 0) AS cool,
              COALESCE(SUM(CASE WHEN total_score >= 40 AND total_score < 60 THEN 1 ELSE 0 END), 0) AS warm,
              COALESCE(SUM(CASE WHEN total_score >= 60 AND total_score < 80 THEN 1 ELSE 0 END), 0) AS hot,
              COALESCE(SUM(CASE WHEN total_score >= 80 THEN 1 ELSE 0 END), 0) AS on_fire,
              COALESCE(SUM(CASE WHEN non_giving_score >= 70 AND (giving_score <= 30 OR (SELECT COUNT(*) FROM gifts q
                WHERE q.constituent_id = s.constituent_id AND q.status = 'completed' AND q.received_at > \(bind: yearAgo)
                AND q.received_at <= \(bind: compiler.now.description)) <= 1) THEN 1 ELSE 0 END), 0) AS quiet
            FROM (SELECT constituent_id, \(unsafeRaw: score("total")) AS total_score, \(unsafeRaw: score("non_giving")) AS non_giving_score,
                    \(unsafeRaw: score("giving")) AS giving_score
                  FROM constituent_engagement WHERE last_active_at >= \(bind: compiler.activeSince)) s
            """).first()!
        var levels: [String: Int] = [:]
        for level in EngagementLevel.allCases.dropFirst() { levels[level.rawValue] = Int(try row.int64(level.rawValue)) }
        levels[EngagementLevel.cold.rawValue] = everyone - levels.values.reduce(0, +)
        return (levels, Int(try row.int64("quiet")))
    }

    private static func buckets(currency: String, now: Timestamp, timeZone: TimeZone, on connection: any SQLDatabase) async throws -> [String: [GivingBucket]] {
        let today = CurrencyRollup.localDate(now, timeZone)
        func monthsAgo(_ count: Int) -> String {
            let index = today.year * 12 + today.month - 1 - count
            return String(format: "%04d-%02d", index / 12, index % 12 + 1)
        }
        var result: [String: [GivingBucket]] = [:]
        let months = try await connection.raw("""
            SELECT month AS bucket, CAST(SUM(total_minor) AS BIGINT) AS total, CAST(SUM(gift_count) AS BIGINT) AS gifts FROM organisation_giving
            WHERE currency = \(bind: currency) AND facet = 'channel' AND month > \(bind: monthsAgo(24)) AND month <= \(bind: monthsAgo(0))
            GROUP BY month HAVING SUM(gift_count) > 0 ORDER BY month
            """).all()
        result["month"] = try months.map(bucket)
        for facet in ["channel", "device", "source"] {
            let rows = try await connection.raw("""
                SELECT value AS bucket, CAST(SUM(total_minor) AS BIGINT) AS total, CAST(SUM(gift_count) AS BIGINT) AS gifts FROM organisation_giving
                WHERE currency = \(bind: currency) AND facet = \(bind: facet) AND month > \(bind: monthsAgo(12)) AND month <= \(bind: monthsAgo(0))
                GROUP BY value HAVING SUM(gift_count) > 0 ORDER BY total DESC, value LIMIT 50
                """).all()
            result[facet] = try rows.map(bucket)
        }
        return result
    }

    private static func bucket(_ row: any SQLRow) throws -> GivingBucket {
        GivingBucket(key: try row.text("bucket"), totalMinor: try row.int64("total"), giftCount: try row.int64("gifts"))
    }
}

extension LoyaltyQueries {
    /// Recomputes every constituent's giving rollups, month rollups and prediction inputs from their gifts
    /// (`RollupRebuild`), then the retention tallies from the rollups; returns how many constituents there are. Engagement
    /// giving is not touched: it does not depend on what this recounts, and `EngagementQueries.recomputeAll` rebuilds it.
    public func recomputeRollups() async throws -> Int {
        let timeZone = try await OrganisationSettingsStore.profile(in: database).timeZone
        let count = try await RollupRebuild.run(in: database, timeZone: TimeZone(identifier: timeZone)!)
        try await RetentionTallies.rebuild(in: database)
        try await database.write { try await Self.rollupsTimeZone.save(timeZone, by: .system, at: clock(), on: $0) }
        return count
    }

    /// Rebuilds the organisation's giving by month, channel, device and source from every gift.
    public func rebuildOrganisationGiving() async throws {
        try await OrganisationGiving.rebuild(in: database, timeZone: try await OrganisationSettingsStore.profile(in: database).zone)
    }

    /// The time zone the stored month rollups were counted in (UTC before time zones could be chosen).
    static let rollupsTimeZone = StoredSetting(key: "rollups_time_zone", fallback: "UTC")

    /// When the organisation's time zone is not the one the month rollups were counted in, counts them again (every
    /// donor's rollups, the retention tallies and the organisation's giving); returns whether it did.
    public func recountIfTimeZoneChanged() async throws -> Bool {
        let (wanted, counted) = try await database.read { connection in
            (try await OrganisationSettingsStore.profile.load(on: connection).timeZone, try await Self.rollupsTimeZone.load(on: connection))
        }
        guard wanted != counted else { return false }
        try await rebuildOrganisationGiving()
        _ = try await recomputeRollups()
        return true
    }
}
