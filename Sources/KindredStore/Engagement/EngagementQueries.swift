import Foundation
import KindredCore
import SQLKit

/// Engagement as staff read it: each person's explained profile, self-reported engagement, settings and recompute.
public struct EngagementQueries: Sendable {
    let database: Database
    let clock: @Sendable () -> Timestamp
    static let activeWindow: Int64 = 730 * 86_400_000
    static let day: Int64 = 86_400_000

    /// The explained engagement of a constituent (who must exist; callers check visibility first).
    public func profile(of id: String) async throws -> EngagementProfile {
        let now = clock()
        return try await database.read { connection in
            let settings = try await OrganisationSettingsStore.engagement.load(on: connection)
            let activities = try await Self.activities(of: id, on: connection)
            let stored = try await connection.raw("SELECT * FROM constituent_engagement WHERE constituent_id = \(bind: id)").first()
            var values: [String: Double] = [:]
            for column in Self.measures { values[column] = try stored?.decode(column: column, as: Double.self) ?? 0 }
            let lastActive = try stored?.optionalText("last_active_at").flatMap(Timestamp.init(iso8601:))
            let active = lastActive.map { $0 >= now.adding(milliseconds: -Self.activeWindow) } ?? false
            // Scores rank the constituents active in the last two years; anyone else is outside them and scores 0.
            let percentiles = active ? try await Self.percentiles(of: values, since: now.adding(milliseconds: -Self.activeWindow),
                                                                cache: database.distributionCache, on: connection) : [:]
            let giftsLastYear = activities.count { $0.kind == "gift" && $0.occurredAt > now.adding(milliseconds: -365 * Self.day) && $0.occurredAt <= now }
            let contributions = settings.contributions(of: activities, now: now)
            let then = now.adding(milliseconds: -90 * Self.day)
            let pointsThen = settings.points(of: activities, at: then), pointsNow = contributions.reduce(0) { $0 + $1.points }
            let dimensions = EngagementDimension.allCases.map { dimension in
                DimensionScore(dimension: dimension, points: contributions.filter { $0.dimension == dimension }.reduce(0) { $0 + $1.points },
                               score: percentiles[dimension.rawValue] ?? 0)
            }
            var selfReported: (value: Int, at: Timestamp)?
            if let value = try stored?.optionalInt64("self_reported"), let at = try stored?.optionalText("self_reported_at").flatMap(Timestamp.init(iso8601:)) {
                selfReported = (Int(value), at)
            }
            return EngagementProfile(
                constituentId: id, score: percentiles["total"] ?? 0, trend: EngagementTrend(now: pointsNow, then: pointsThen),
                points: pointsNow, pointsNinetyDaysAgo: pointsThen,
                quietlyEngaged: EngagementRanking.quietlyEngaged(nonGivingScore: percentiles["non_giving"] ?? 0,
                                                                 givingScore: percentiles["giving"] ?? 0, giftsLast12Months: giftsLastYear),
                active: active,
                dimensions: dimensions, topContributions: Array(contributions.prefix(10)),
                selfReported: selfReported, halfLifeDays: settings.halfLifeDays)
        }
    }

    /// Records a person's own answer to "how involved do you feel?" (1–5).
    public func recordSelfReported(_ value: Int, for id: String, by actor: Actor) async throws {
        guard (1...5).contains(value) else { throw ValidationFailure([FieldIssue(field: "value", message: "must be an integer from 1 to 5")]) }
        let now = clock()
        try await database.write { connection in
            try await Self.storeSelfReported(value, for: id, at: now, on: connection)
            try await AuditLog.record(.update, entity: "constituent", id: id, by: actor, at: now, on: connection)
        }
    }

    /// Stores a person's felt involvement (1–5) and when they said it.
    static func storeSelfReported(_ value: Int, for id: String, at now: Timestamp, on connection: any SQLDatabase) async throws {
        try await connection.raw("""
            INSERT INTO constituent_engagement (constituent_id, self_reported, self_reported_at) VALUES (\(bind: id), \(bind: value), \(bind: now.description))
            ON CONFLICT (constituent_id) DO UPDATE SET self_reported = excluded.self_reported, self_reported_at = excluded.self_reported_at
            """).run()
    }

    /// The engagement settings in force.
    public func settings() async throws -> EngagementSettings {
        try await database.read { try await OrganisationSettingsStore.engagement.load(on: $0) }
    }

    /// Replaces the settings (validated) and recomputes everyone's engagement under them; returns the settings.
    public func replaceSettings(_ settings: EngagementSettings, by actor: Actor) async throws -> EngagementSettings {
        let valid = try settings.validated()
        try await database.write { try await OrganisationSettingsStore.engagement.save(valid, by: actor, at: clock(), on: $0) }
        _ = try await recomputeAll()
        return valid
    }

    /// When everyone's engagement was last rebuilt (the trend compares with 90 days before then), if ever.
    public func lastRecomputedAt() async throws -> Timestamp? {
        try await database.read { try await EngagementLedger.trendCutoff.load(on: $0) }?.adding(milliseconds: 90 * Self.day)
    }

    /// Rebuilds every constituent's engagement sums; returns how many constituents there are.
    public func recomputeAll() async throws -> Int {
        let count = try await EngagementLedger.recomputeAll(in: database, now: clock())
        // Stored distributions hold the old sums' scale (a settings change rescales everyone): take them again.
        let kept = try await database.read { try await $0.raw("SELECT COUNT(*) AS n FROM engagement_distribution").first()?.int64("n") ?? 0 }
        if kept > 0 { try await refreshDistributions() }
        return count
    }

    /// Everything a person did that can count: interactions and counted gifts.
    static func activities(of id: String, on connection: any SQLDatabase) async throws -> [EngagementActivity] {
        let interactions = try await connection.raw("SELECT id, type, occurred_at FROM interactions WHERE constituent_id = \(bind: id)").all()
        let gifts = try await connection.raw("SELECT id, received_at FROM gifts WHERE constituent_id = \(bind: id) AND status = 'completed'").all()
        return try interactions.map { EngagementActivity(kind: "interaction", id: try $0.text("id"), type: try $0.text("type"), occurredAt: try $0.timestamp("occurred_at")) }
            + gifts.map { EngagementActivity(kind: "gift", id: try $0.text("id"), type: "gift", occurredAt: try $0.timestamp("received_at")) }
    }

    /// The percentile of each stored value among constituents active since `since`, in one pass.
    static func percentiles(of values: [String: Double], since: Timestamp, cache: DistributionCache,
                            on connection: any SQLDatabase) async throws -> [String: Double] {
        if let distributions = try await cache.distributions(on: connection), distributions.count == values.count {
            var result: [String: Double] = [:]
            for (measure, distribution) in distributions { result[measure] = distribution.percentile(of: values[measure] ?? 0) }
            return result
        }
        let columns = values.keys.sorted()
        var select = SQLQueryString("SELECT COUNT(*) AS population")
        for column in columns {
            select.appendInterpolation(unsafeRaw: ", COALESCE(SUM(CASE WHEN \(column) < ")
            select.appendInterpolation(bind: values[column]!)
            select.appendInterpolation(unsafeRaw: " THEN 1 ELSE 0 END), 0) AS \(column)_below, COALESCE(SUM(CASE WHEN \(column) = ")
            select.appendInterpolation(bind: values[column]!)
            select.appendInterpolation(unsafeRaw: " THEN 1 ELSE 0 END), 0) AS \(column)_equal")
        }
        select.appendInterpolation(unsafeRaw: " FROM constituent_engagement WHERE last_active_at >= ")
        select.appendInterpolation(bind: since.description)
        guard let row = try await connection.raw(select).first() else { return [:] }
        let population = Int(try row.int64("population"))
        var result: [String: Double] = [:]
        for column in columns {
            result[column] = EngagementRanking.percentile(
                value: values[column]!, below: Int(try row.int64("\(column)_below")),
                equal: max(1, Int(try row.int64("\(column)_equal"))), population: max(population, 1))
        }
        return result
    }
}

extension EngagementQueries {
    /// Every measure a person is ranked on.
    static var measures: [String] { ["total", "non_giving"] + EngagementDimension.allCases.map(\.rawValue) }

    /// When the stored distributions were taken, nil when there are none.
    public func distributionsTakenAt() async throws -> Timestamp? {
        try await database.read { try await $0.raw("SELECT MIN(computed_at) AS at FROM engagement_distribution").first()?.optionalText("at") }
            .flatMap(Timestamp.init(iso8601:))
    }

    /// Takes the sorted values of every measure over the active population (all of them, or the values at 1,001
    /// evenly spaced ranks) and stores them, so profiles rank a person without sorting everyone. Run by the background
    /// jobs every few minutes and after a full rebuild. Below `minimumPopulation` active people it stores none (and
    /// removes any): profiles then rank against the live table, which is quick and exact at that size.
    public func refreshDistributions(minimumPopulation: Int = 20_000) async throws {
        let since = clock().adding(milliseconds: -Self.activeWindow).description
        let now = clock().description, version = RecordIdentifier.make(at: clock())
        let rows: [[String]] = try await database.read { connection in
            var rows: [[String]] = []
            let population = Int(try await connection.raw("SELECT COUNT(*) AS n FROM constituent_engagement WHERE last_active_at >= \(bind: since)").first()?.int64("n") ?? 0)
            guard population >= minimumPopulation else { return rows }  // ranking against the live table is quick and exact
            let ranks = EngagementDistribution.ranks(population: population)
            let wanted = population > EngagementDistribution.resolution + 1 ? " WHERE r IN (\(ranks.map(String.init).joined(separator: ", ")))" : ""
            for measure in Self.measures {
                let values = try await connection.raw("""
                    SELECT v FROM (SELECT \(unsafeRaw: measure) AS v, ROW_NUMBER() OVER (ORDER BY \(unsafeRaw: measure)) - 1 AS r
                      FROM constituent_engagement WHERE last_active_at >= \(bind: since)) ranked\(unsafeRaw: wanted) ORDER BY r
                    """).all().map { try $0.decode(column: "v", as: Double.self) }
                let text = String(decoding: try JSONEncoder().encode(EngagementDistribution(population: population, cuts: values)), as: UTF8.self)
                rows.append([measure, version, now, text])
            }
            return rows
        }
        try await database.write { connection in
            try await connection.raw("DELETE FROM engagement_distribution").run()
            try await BulkInsert.rows(rows, into: "engagement_distribution", columns: ["measure", "version", "computed_at", "distribution"], on: connection)
        }
    }
}

extension KindredStore {
    /// Engagement profiles, self-reported engagement, settings and recompute.
    public var engagement: EngagementQueries { EngagementQueries(database: database, clock: clock) }
}

/// The stored engagement distributions, decoded once per refresh and shared by every profile served over one
/// database (each read checks the stored version, so several processes stay in step).
actor DistributionCache {
    private var version: String?
    private var decoded: [String: EngagementDistribution] = [:]

    /// The distributions by measure, or nil when none are stored.
    func distributions(on connection: any SQLDatabase) async throws -> [String: EngagementDistribution]? {
        guard let latest = try await connection.raw("SELECT MAX(version) AS version FROM engagement_distribution").first()?.optionalText("version") else { return nil }
        if latest != version {
            var fresh: [String: EngagementDistribution] = [:]
            for row in try await connection.raw("SELECT measure, distribution FROM engagement_distribution").all() {
                fresh[try row.text("measure")] = try JSONDecoder().decode(EngagementDistribution.self, from: Data(try row.text("distribution").utf8))
            }
            (version, decoded) = (latest, fresh)
        }
        return decoded
    }
}
