import Foundation
import KindredCore
import SQLKit

/// Rebuilds everyone's engagement sums in one set-based statement: each interaction and counted gift scaled to the
/// epoch in SQL (`power`, built in on PostgreSQL, installed on SQLite), grouped per person. It gives the same sums as
/// adding the contributions one by one (`EngagementSettings.accumulate`), which the tests check. SQLite is told to read
/// interactions by person (the index covers the type): left to itself it reads them by type, every type a chunk.
enum EngagementRebuild {
    /// Replaces the stored sums of the constituents with ids after `after` up to `through` (to the end when nil);
    /// self-reported answers are kept; `cutoff` splits off the trend's "then" part.
    static func run(settings: EngagementSettings, cutoff: Timestamp, after: String, through: String?, on connection: any SQLDatabase) async throws {
        func range(_ column: String) -> String {
            "\(column) > '\(after)'" + (through.map { " AND \(column) <= '\($0)'" } ?? "")
        }
        let postgres = connection.dialect.name == "postgresql"
        func days(_ column: String) -> String {
            postgres ? "(EXTRACT(EPOCH FROM CAST(\(column) AS TIMESTAMPTZ)) / 86400.0 - \(EngagementDecay.epoch.millisecondsSinceEpoch / 86_400_000))"
                : "(julianday(\(column)) - julianday('\(EngagementDecay.epoch.description)'))"
        }
        let h = settings.halfLifeDays
        let weights = settings.interactionWeights.filter { $0.value.weight != 0 }.sorted { $0.key < $1.key }
            .map { "SELECT '\($0.key)' AS type, '\($0.value.dimension.rawValue)' AS dimension, CAST(\($0.value.weight) AS DOUBLE PRECISION) AS weight" }
        let interactions = weights.isEmpty ? "" : """
            SELECT i.constituent_id, w.dimension, w.weight, i.occurred_at AS happened, w.weight * power(2, \(days("i.occurred_at")) / \(h)) AS scaled
            FROM interactions i\(postgres ? "" : " INDEXED BY interactions_constituent") JOIN (\(weights.joined(separator: " UNION ALL "))) w ON w.type = i.type WHERE \(range("i.constituent_id")) UNION ALL
            """
        let dimensions = EngagementDimension.allCases.map {
            "COALESCE(SUM(CASE WHEN x.dimension = '\($0.rawValue)' THEN x.scaled END), 0)"
        }.joined(separator: ", ")
        let columns = (EngagementDimension.allCases.map(\.rawValue) + ["total", "non_giving", "then_total", "then_giving", "last_active_at"])
        try await connection.raw("""
            UPDATE constituent_engagement SET giving = 0, content = 0, social = 0, advocacy = 0, voice = 0, participation = 0, total = 0,
              non_giving = 0, then_total = 0, then_giving = 0, last_active_at = NULL WHERE \(unsafeRaw: range("constituent_id"))
            """).run()
        try await connection.raw("""
            INSERT INTO constituent_engagement (constituent_id, \(unsafeRaw: columns.joined(separator: ", ")))
            SELECT x.constituent_id, \(unsafeRaw: dimensions), COALESCE(SUM(x.scaled), 0),
              COALESCE(SUM(CASE WHEN x.dimension <> 'giving' THEN x.scaled END), 0),
              COALESCE(SUM(CASE WHEN x.happened <= \(bind: cutoff.description) THEN x.scaled END), 0),
              COALESCE(SUM(CASE WHEN x.happened <= \(bind: cutoff.description) AND x.dimension = 'giving' THEN x.scaled END), 0),
              MAX(CASE WHEN x.weight > 0 THEN x.happened END)
            FROM (\(unsafeRaw: interactions)
              SELECT g.constituent_id, 'giving', CAST(\(unsafeRaw: String(settings.giftWeight)) AS DOUBLE PRECISION), g.received_at,
                \(unsafeRaw: String(settings.giftWeight)) * power(2, \(unsafeRaw: days("g.received_at")) / \(unsafeRaw: String(h)))
              FROM gifts g WHERE g.status = 'completed' AND g.amount_minor > 0 AND \(unsafeRaw: range("g.constituent_id"))) x
            WHERE true GROUP BY x.constituent_id
            ON CONFLICT (constituent_id) DO UPDATE SET \(unsafeRaw: columns.map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
            """).run()
    }
}
