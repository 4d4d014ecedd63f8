import Foundation
import KindredCore
import SQLKit

/// Rebuilds the engagement sums of a range of constituents from all their interactions and counted gifts: each
/// table's rows are read packed per person along its person index (`PackedGroups`) and added up by the same
/// `EngagementSettings.accumulate` that keeps the sums in step as things happen, so a rebuild and the upkeep cannot
/// disagree. (Summing in SQL instead computes the decay once per sum per row: SQLite does not share a subquery's
/// expression between the aggregates that use it, which made that rebuild several times slower.)
enum EngagementRebuild {
    /// Replaces the stored sums of the constituents in `range`; self-reported answers are kept; `cutoff` splits off
    /// the trend's "then" part.
    static func run(settings: EngagementSettings, cutoff: Timestamp, range: IdRange, on connection: any SQLDatabase) async throws {
        let flavor: SQLFlavor = connection.dialect.name == "postgresql" ? .postgres : .sqlite
        try await connection.raw("""
            UPDATE constituent_engagement SET giving = 0, content = 0, social = 0, advocacy = 0, voice = 0, participation = 0, total = 0,
              non_giving = 0, then_total = 0, then_giving = 0, last_active_at = NULL WHERE \(range.condition("constituent_id"))
            """).run()
        var interactions: [(constituentId: String, type: String, occurredAt: Timestamp)] = []
        let weighted = settings.interactionWeights.filter { $0.value.weight != 0 }.keys.sorted()
        if !weighted.isEmpty {
            let query: SQLQueryString = """
                SELECT constituent_id AS key, \(unsafeRaw: PackedGroups.aggregate(["type", "occurred_at"], flavor: flavor)) AS packed
                FROM interactions\(unsafeRaw: flavor == .sqlite ? " INDEXED BY interactions_constituent" : "")
                WHERE \(range.condition("constituent_id")) AND type IN (\(binds: weighted)) GROUP BY constituent_id
                """
            try await PackedGroups.read(query, fields: 2, on: connection) { person, values in
                for record in stride(from: 0, to: values.count, by: 2) {
                    interactions.append((person, String(values[record]), try instant(values[record + 1])))
                }
            }
        }
        var gifts: [(constituentId: String, receivedAt: Timestamp)] = []
        if settings.giftWeight != 0 {
            let query: SQLQueryString = """
                SELECT constituent_id AS key, \(unsafeRaw: PackedGroups.aggregate(["received_at"], flavor: flavor)) AS packed
                FROM gifts\(unsafeRaw: flavor == .sqlite ? " INDEXED BY gifts_constituent" : "")
                WHERE \(range.condition("constituent_id")) AND status = 'completed' AND amount_minor > 0 GROUP BY constituent_id
                """
            try await PackedGroups.read(query, fields: 1, on: connection) { person, values in
                for value in values { gifts.append((person, try instant(value))) }
            }
        }
        var sums: [String: EngagementSums] = [:]
        settings.accumulate(interactions: interactions, gifts: gifts, cutoff: cutoff, into: &sums)
        try await EngagementLedger.write(sums, mode: .replace, on: connection)
    }

    private static func instant(_ text: Substring) throws -> Timestamp {
        guard let instant = Timestamp(iso8601: text) else { throw StoredValueError(column: "packed") }
        return instant
    }
}
