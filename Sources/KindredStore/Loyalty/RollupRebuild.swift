import Foundation
import KindredCore
import SQLKit

/// The full rebuild of every donor's giving rollups, monthly rollups and prediction inputs, range by range of
/// constituent ids. Unlike the upkeep of a gift write (`Rollups.recompute`), it reads each range's gifts with one query
/// in the order of the gifts' person index, deletes and rewrites the range with range conditions instead of id lists,
/// and leaves the retention tallies and engagement giving to their own rebuilds, which the full recompute runs after it.
enum RollupRebuild {
    /// Constituents per transaction: other writers wait at most one range.
    static let rangeSize = 20_000

    /// Rebuilds every range; returns the number of constituents.
    static func run(in database: Database, timeZone: TimeZone) async throws -> Int {
        var after = "", count = 0
        while true {
            let start = after
            let range = try await database.write { connection -> IdRange? in
                guard let range = try await IdRange.next(after: start, size: rangeSize, on: connection) else { return nil }
                try await rebuild(range, timeZone: timeZone, on: connection)
                return range
            }
            guard let range else { return count }
            count += range.count
            after = range.through
        }
    }

    /// Rewrites the rollups, monthly rollups and prediction inputs of the constituents in `range`.
    private static func rebuild(_ range: IdRange, timeZone: TimeZone, on connection: any SQLDatabase) async throws {
        if connection.dialect.name == "postgresql" {
            try await connection.raw("SELECT COUNT(*) AS n FROM (SELECT id FROM constituents WHERE \(range.condition("id")) FOR NO KEY UPDATE) locked").run()
        }
        for table in ["constituent_rollups", "constituent_giving_months"] {
            try await connection.raw("DELETE FROM \(unsafeRaw: table) WHERE \(range.condition("constituent_id"))").run()
        }
        let facts = try await Rollups.giftFacts(where: range.condition("constituent_id"), on: connection)
        var rollupRows: [[any Encodable & Sendable]] = [], monthRows: [[any Encodable & Sendable]] = []
        var summaries: [String: [String: DonorGivingSummary]] = [:]
        for (donor, gifts) in facts {
            let perCurrency = DonorGivingSummary.perCurrency(gifts)
            summaries[donor] = perCurrency
            for rollup in CurrencyRollup.compute(from: gifts, timeZone: timeZone) {
                let summary = perCurrency[rollup.currency]!
                rollupRows.append(Rollups.row(donor, rollup, summary))
                monthRows += rollup.months.map { [donor, rollup.currency, $0.month, $0.totalMinor, $0.giftCount] }
            }
        }
        try await BulkInsert.rows(rollupRows, into: "constituent_rollups", columns: Rollups.rollupColumns, on: connection)
        try await BulkInsert.rows(monthRows, into: "constituent_giving_months", columns: Rollups.monthColumns, on: connection)
        try await connection.raw("DELETE FROM donor_predictions WHERE \(range.condition("constituent_id"))").run()
        try await DonorPredictions.insert(of: facts.keys.sorted(), summaries: summaries, on: connection)
    }
}

extension Schema {
    /// Version 29: the gifts-by-donor index also holds the gift's id (the rollups' tie-break between gifts received at
    /// the same instant), so the full rebuild reads every donor's gifts from the index alone.
    @Sendable static func version29(_ flavor: SQLFlavor) -> [String] {
        ["DROP INDEX gifts_constituent", "CREATE INDEX gifts_constituent ON gifts (constituent_id, received_at, currency, status, amount_minor, id)"]
    }
}
