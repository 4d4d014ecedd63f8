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

extension SegmentStore {
    /// The dashboard in `currency` (the organisation's when nil).
    public func dashboard(currency: Currency? = nil) async throws -> Dashboard {
        let (counts, levels, quiet, buckets, code) = try await store.database.read { connection in
            let compiler = try await compiler(on: connection)
            let code = (currency ?? compiler.profile.currency).code
            var loyalty = SQLQueryString("SELECT COUNT(*) AS everyone")
            for level in LoyaltyLevel.allCases {
                loyalty = loyalty + ", COALESCE(SUM(CASE WHEN \(unsafeRaw: compiler.loyaltyExpression(level)) THEN 1 ELSE 0 END), 0) AS \(unsafeRaw: level.rawValue)"
            }
            for score in [20.0, 40, 60, 80] {
                loyalty = loyalty + ", COALESCE(SUM(CASE WHEN " + (try await compiler.atLeast("total", score, strict: false)) + " THEN 1 ELSE 0 END), 0) AS \(unsafeRaw: "at_least_\(Int(score))")"
            }
            loyalty = loyalty + ", COALESCE(SUM(CASE WHEN " + (try await compiler.engagementScore(SegmentCondition("engagement.quietlyEngaged", .equal, .bool(true))))
                + " THEN 1 ELSE 0 END), 0) AS quiet FROM constituents"
            let row = try await connection.raw(loyalty).first()!
            let counts = try Dictionary(uniqueKeysWithValues: LoyaltyLevel.allCases.map { ($0.rawValue, Int(try row.int64($0.rawValue))) })
            let atLeast = try [0] + [20, 40, 60, 80].map { Int(try row.int64("at_least_\($0)")) }
            let everyone = Int(try row.int64("everyone"))
            var levels: [String: Int] = [:]
            for (index, level) in EngagementLevel.allCases.enumerated() {
                let from = index == 0 ? everyone : atLeast[index], to = index == 4 ? 0 : atLeast[index + 1]
                levels[level.rawValue] = from - to
            }
            let buckets = try await Self.buckets(currency: code, now: compiler.now, timeZone: compiler.timeZone, on: connection)
            return (counts, levels, Int(try row.int64("quiet")), buckets, code)
        }
        let profile = try await OrganisationSettingsStore.profile(in: store.database)
        let year = profile.fiscalCalendar.fiscalYear(of: store.loyalty.today)
        return Dashboard(currency: code, loyalty: counts, engagementLevels: levels, quietlyEngaged: quiet,
                         retention: try await store.loyalty.retentionSeries(endingIn: year, currency: Currency(code: code)),
                         givingByMonth: buckets["month"] ?? [], givingByChannel: buckets["channel"] ?? [],
                         givingByDevice: buckets["device"] ?? [], givingBySource: buckets["source"] ?? [])
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
    /// Recomputes every constituent's giving rollups from their gifts; returns how many constituents there are.
    public func recomputeRollups() async throws -> Int {
        try await Rollups.recomputeAll(in: database, timeZone: settings.timeZone)
    }

    /// Rebuilds the organisation's giving by month, channel, device and source from every gift.
    public func rebuildOrganisationGiving() async throws {
        try await OrganisationGiving.rebuild(in: database, timeZone: settings.timeZone)
    }
}
