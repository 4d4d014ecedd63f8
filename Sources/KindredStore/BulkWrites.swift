import Foundation
import KindredCore
import SQLKit

extension TableMapping {
    /// Inserts many records as bulk rows (one JSON parameter per few thousand records).
    func insertMany(_ records: [Record<Fields>], on connection: any SQLDatabase) async throws {
        guard let first = records.first else { return }
        let names = ["id", "created_at", "updated_at"] + columns(first.fields).map(\.name)
        let columns = self.columns
        // A batch is usually stamped with one instant: its text is made once, not twice a record.
        let stamp = (first.createdAt, first.createdAt.description)
        try await BulkInsert.rows(count: records.count, into: table, columns: names, conflict: "", on: connection) { index in
            let record = records[index]
            let created = record.createdAt == stamp.0 ? stamp.1 : record.createdAt.description
            let updated = record.updatedAt == stamp.0 ? stamp.1 : record.updatedAt.description
            return [record.id, created, updated] + columns(record.fields).map(\.value)
        }
    }
}

extension OtherRecords {
    /// Inserts interactions and adds them to their people's engagement: every path that records interactions uses it.
    static func insertInteractions(_ records: [Record<InteractionFields>], on connection: any SQLDatabase) async throws {
        try await interaction.insertMany(records, on: connection)
        try await EngagementLedger.add(records.map(\.fields), on: connection)
    }
}

extension Rollups {
    /// Recomputes the rollups of many constituents with a few statements per few thousand constituents, keeping the
    /// retention tallies, engagement giving and predictions in step.
    static func recompute(constituentIds ids: [String], timeZone: TimeZone, on connection: any SQLDatabase) async throws {
        for start in stride(from: 0, to: ids.count, by: 5_000) {
            let chunk = Array(ids[start..<min(start + 5_000, ids.count)])
            let chosen = TextList.subquery(chunk, on: connection)
            if connection.dialect.name == "postgresql" {
                try await connection.raw("SELECT id FROM constituents WHERE id IN \(chosen) ORDER BY id FOR NO KEY UPDATE").run()
            }
            let facts = try await giftFacts(of: chunk, on: connection)
            let retention = try await RetentionTallies.Rewrite.begin(chunk, on: connection)
            try await connection.raw("DELETE FROM constituent_rollups WHERE constituent_id IN \(chosen)").run()
            try await connection.raw("DELETE FROM constituent_giving_months WHERE constituent_id IN \(chosen)").run()
            var rollupRows: [[any Encodable & Sendable]] = [], monthRows: [[any Encodable & Sendable]] = []
            let rollups = facts.mapValues { CurrencyRollup.compute(from: $0, timeZone: timeZone) }
            let summaries = facts.mapValues(DonorGivingSummary.perCurrency)
            for (donor, donorRollups) in rollups {
                for rollup in donorRollups {
                    rollupRows.append(row(donor, rollup, summaries[donor]![rollup.currency]!))
                    monthRows += rollup.months.map { [donor, rollup.currency, $0.month, $0.totalMinor, $0.giftCount] }
                }
            }
            try await BulkInsert.rows(rollupRows, into: "constituent_rollups", columns: rollupColumns, on: connection)
            try await BulkInsert.rows(monthRows, into: "constituent_giving_months", columns: monthColumns, on: connection)
            try await retention.finish(rollups, on: connection)
            try await EngagementLedger.replaceGiving(of: chunk, facts: facts, on: connection)
            try await DonorPredictions.replace(of: chunk, summaries: summaries, on: connection)
        }
    }

    /// The columns of a `constituent_rollups` row, in the order of `row`.
    static let rollupColumns = [
        "constituent_id", "currency", "gift_count", "total_minor", "first_gift_at", "first_gift_minor",
        "last_gift_at", "last_gift_minor", "largest_gift_at", "largest_gift_minor", "transaction_days", "first_day",
        "last_day", "first_day_minor", "last_day_minor", "largest_day_minor"]
    /// The columns of a `constituent_giving_months` row.
    static let monthColumns = ["constituent_id", "currency", "month", "total_minor", "gift_count"]

    /// A donor's `constituent_rollups` row in one currency.
    static func row(_ donor: String, _ rollup: CurrencyRollup, _ summary: DonorGivingSummary) -> [any Encodable & Sendable] {
        [donor, rollup.currency, rollup.giftCount, rollup.totalMinor,
         rollup.firstGift.at.description, rollup.firstGift.amountMinor,
         rollup.lastGift.at.description, rollup.lastGift.amountMinor,
         rollup.largestGift.at.description, rollup.largestGift.amountMinor,
         summary.transactions, summary.firstDay, summary.lastDay, summary.firstMinor,
         summary.lastMinor, summary.largestMinor]
    }
}

/// Many texts as one JSON parameter, for `column IN` conditions over thousands of values: a bind per value costs the
/// driver and the parser more than the lookups themselves.
enum TextList {
    /// A subquery returning `values`, for `column IN \(TextList.subquery(values, on: connection))`.
    static func subquery(_ values: some Sequence<String>, on connection: any SQLDatabase) -> SQLQueryString {
        var json = "["
        for value in values {
            if json.utf8.count > 1 { json += "," }
            JSONText.writeString(value, into: &json)
        }
        json += "]"
        return connection.dialect.name == "postgresql"
            ? "(SELECT json_array_elements_text(CAST(\(bind: json) AS JSON)))"
            : "(SELECT value FROM json_each(\(bind: json)))"
    }
}
