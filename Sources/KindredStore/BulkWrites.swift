import Foundation
import KindredCore
import SQLKit

extension TableMapping {
    /// Inserts many records with multi-row INSERT statements (a few hundred rows each).
    func insertMany(_ records: [Record<Fields>], on connection: any SQLDatabase) async throws {
        guard let first = records.first else { return }
        let names = ["id", "created_at", "updated_at"] + columns(first.fields).map(\.name)
        let rowsPerStatement = max(1, 30_000 / names.count)
        for start in stride(from: 0, to: records.count, by: rowsPerStatement) {
            var query = connection.insert(into: table).columns(names)
            for record in records[start..<min(start + rowsPerStatement, records.count)] {
                let values: [any Encodable & Sendable] = [record.id, record.createdAt.description, record.updatedAt.description]
                    + columns(record.fields).map(\.value)
                query = query.values(values.map { SQLBind($0) })
            }
            try await query.run()
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

/// Multi-row inserts of plain rows.
enum BulkInsert {
    /// Inserts `rows` (each in `columns` order) into `table`; `ignoringConflicts` skips rows that break a unique key.
    static func rows(_ rows: [[any Encodable & Sendable]], into table: String, columns: [String], ignoringConflicts: Bool = false,
                     on connection: any SQLDatabase) async throws {
        let rowsPerStatement = max(1, 30_000 / max(columns.count, 1))
        for start in stride(from: 0, to: rows.count, by: rowsPerStatement) {
            var query = connection.insert(into: table).columns(columns)
            for row in rows[start..<min(start + rowsPerStatement, rows.count)] { query = query.values(row.map { SQLBind($0) }) }
            if ignoringConflicts { query = query.ignoringConflicts() }
            try await query.run()
        }
    }
}

extension Rollups {
    /// Recomputes every constituent's rollups, a thousand constituents a transaction; returns how many there are.
    static func recomputeAll(in database: Database, timeZone: TimeZone) async throws -> Int {
        var after = "", count = 0
        while true {
            let start = after
            let ids = try await database.write { connection in
                let ids = try await connection.raw("SELECT id FROM constituents WHERE id > \(bind: start) ORDER BY id LIMIT 1000").all().map { try $0.text("id") }
                try await recompute(constituentIds: ids, timeZone: timeZone, on: connection)
                return ids
            }
            guard let last = ids.last else { return count }
            count += ids.count
            after = last
        }
    }

    /// Recomputes the rollups of many constituents with a few statements per few hundred constituents, keeping the
    /// retention tallies, engagement giving and predictions in step.
    static func recompute(constituentIds ids: [String], timeZone: TimeZone, on connection: any SQLDatabase) async throws {
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            if connection.dialect.name == "postgresql" {
                try await connection.raw("SELECT id FROM constituents WHERE id IN (\(binds: chunk)) ORDER BY id FOR NO KEY UPDATE").run()
            }
            let facts = try await giftFacts(of: chunk, on: connection)
            let retention = try await RetentionTallies.Rewrite.begin(chunk, on: connection)
            try await connection.raw("DELETE FROM constituent_rollups WHERE constituent_id IN (\(binds: chunk))").run()
            try await connection.raw("DELETE FROM constituent_giving_months WHERE constituent_id IN (\(binds: chunk))").run()
            var rollupRows: [[any Encodable & Sendable]] = [], monthRows: [[any Encodable & Sendable]] = []
            let rollups = facts.mapValues { CurrencyRollup.compute(from: $0, timeZone: timeZone) }
            let summaries = facts.mapValues(DonorGivingSummary.perCurrency)
            for (donor, donorRollups) in rollups {
                for rollup in donorRollups {
                    let summary = summaries[donor]![rollup.currency]!
                    rollupRows.append([donor, rollup.currency, rollup.giftCount, rollup.totalMinor,
                                       rollup.firstGift.at.description, rollup.firstGift.amountMinor,
                                       rollup.lastGift.at.description, rollup.lastGift.amountMinor,
                                       rollup.largestGift.at.description, rollup.largestGift.amountMinor,
                                       summary.transactions, summary.firstDay, summary.lastDay, summary.firstMinor,
                                       summary.lastMinor, summary.largestMinor])
                    monthRows += rollup.months.map { [donor, rollup.currency, $0.month, $0.totalMinor, $0.giftCount] }
                }
            }
            try await BulkInsert.rows(rollupRows, into: "constituent_rollups", columns: [
                "constituent_id", "currency", "gift_count", "total_minor", "first_gift_at", "first_gift_minor",
                "last_gift_at", "last_gift_minor", "largest_gift_at", "largest_gift_minor", "transaction_days", "first_day",
                "last_day", "first_day_minor", "last_day_minor", "largest_day_minor"], on: connection)
            try await BulkInsert.rows(monthRows, into: "constituent_giving_months",
                                      columns: ["constituent_id", "currency", "month", "total_minor", "gift_count"], on: connection)
            try await retention.finish(rollups, on: connection)
            try await EngagementLedger.replaceGiving(of: chunk, facts: facts, on: connection)
            try await DonorPredictions.replace(of: chunk, summaries: summaries, on: connection)
        }
    }
}
