import Foundation
import KindredCore
import SQLKit

/// Keeps `retention_tallies` in step with the monthly giving rollups, so the retention report reads a handful of rows:
/// whenever donors' rollups are rewritten, each donor's old contributions to the fiscal years' tallies are taken away
/// and the new ones added (`RetentionTally.contributions`). The tallies are counted under the fiscal-year start stored
/// in `retention_basis` (0 until first built); they are rebuilt from the rollups when it differs from the
/// organisation's (first use, a new fiscal year start) and by the full recompute.
enum RetentionTallies {
    /// The stored counts, in the order of `RetentionTally.counts`.
    static let countColumns = [
        "donors_prior_year", "donors_current_year", "new_donors", "retained_donors", "recaptured_donors", "upgraded_donors",
        "downgraded_donors", "prior_new_donors", "prior_new_retained", "prior_repeat_donors", "prior_repeat_retained",
    ]
    /// The stored amounts, in the order of `RetentionTally.amounts`.
    static let amountColumns = ["amount_prior_year", "amount_current_year", "retained_giving"]

    /// Counted giving per donor, currency and fiscal year (minor units).
    typealias YearTotals = [String: [String: [Int: Int64]]]

    /// A rewrite of some donors' rollups in progress: what they gave per fiscal year before it.
    struct Rewrite {
        /// The tallies' fiscal calendar; nil while the tallies have not been built (nothing to keep in step).
        let calendar: FiscalCalendar?
        /// The donors' year totals before the rewrite.
        let before: YearTotals

        /// Reads the tallies' basis (a shared lock on PostgreSQL, so a rebuild waits for this transaction) and the
        /// donors' stored months, before their rollups are deleted.
        static func begin(_ ids: [String], on connection: any SQLDatabase) async throws -> Rewrite {
            guard let calendar = try await basis(on: connection, exclusive: false) else { return Rewrite(calendar: nil, before: [:]) }
            var before: YearTotals = [:]
            let rows = try await connection.raw("SELECT constituent_id, currency, month, total_minor FROM constituent_giving_months WHERE constituent_id IN \(TextList.subquery(ids, on: connection))").all()
            for row in rows {
                before[try row.text("constituent_id"), default: [:]][try row.text("currency"), default: [:]][calendar.fiscalYear(ofMonth: try row.text("month")), default: 0]
                    += try row.int64("total_minor")
            }
            return Rewrite(calendar: calendar, before: before)
        }

        /// Moves the tallies from the donors' old year totals to those of their new rollups.
        func finish(_ rollups: [String: [CurrencyRollup]], on connection: any SQLDatabase) async throws {
            guard let calendar else { return }
            var after: YearTotals = [:]
            for (donor, currencies) in rollups {
                for rollup in currencies {
                    for month in rollup.months { after[donor, default: [:]][rollup.currency, default: [:]][calendar.fiscalYear(ofMonth: month.month), default: 0] += month.totalMinor }
                }
            }
            var change = Tallies()
            change.add(after, sign: 1)
            change.add(before, sign: -1)
            try await change.write(adding: true, on: connection)
        }
    }

    /// The fiscal calendar the tallies are counted under, nil before they are first built. `exclusive` takes the
    /// basis row for update (a rebuild); otherwise it is shared (a rewrite) on PostgreSQL.
    private static func basis(on connection: any SQLDatabase, exclusive: Bool) async throws -> FiscalCalendar? {
        let lock = connection.dialect.name == "postgresql" ? (exclusive ? " FOR UPDATE" : " FOR SHARE") : ""
        let start = try await connection.raw("SELECT fiscal_start_month FROM retention_basis WHERE id = 1\(unsafeRaw: lock)").first()?.int64("fiscal_start_month") ?? 0
        return start == 0 ? nil : FiscalCalendar(startMonth: Int(start))
    }

    /// Rebuilds the tallies from every donor's monthly rollups under the organisation's fiscal calendar, in one
    /// transaction, unless `onlyIfStale` and they are already counted under it.
    static func rebuild(in database: Database, onlyIfStale: Bool = false) async throws {
        try await database.write { connection in
            let current = try await basis(on: connection, exclusive: true)
            let calendar = try await OrganisationSettingsStore.profile.load(on: connection).fiscalCalendar
            if onlyIfStale, current == calendar { return }
            let start = calendar.startMonth
            let fiscalYear = "CAST(substr(month, 1, 4) AS INTEGER) + CASE WHEN \(start) > 1 AND CAST(substr(month, 6, 2) AS INTEGER) >= \(start) THEN 1 ELSE 0 END"
            let flavor: SQLFlavor = connection.dialect.name == "postgresql" ? .postgres : .sqlite
            var tallies = Tallies(), after = ""
            while true {
                var page: YearTotals = [:]
                try await PackedGroups.read("""
                    SELECT constituent_id AS key, \(unsafeRaw: PackedGroups.aggregate(["currency", "fiscal_year", "total"], flavor: flavor)) AS packed
                    FROM (SELECT constituent_id, currency, \(unsafeRaw: fiscalYear) AS fiscal_year, CAST(SUM(total_minor) AS BIGINT) AS total
                          FROM constituent_giving_months WHERE constituent_id IN (
                            SELECT DISTINCT constituent_id FROM constituent_giving_months WHERE constituent_id > \(bind: after) ORDER BY constituent_id LIMIT 20000)
                          GROUP BY constituent_id, currency, \(unsafeRaw: fiscalYear)) years
                    GROUP BY constituent_id
                    """, fields: 3, on: connection) { donor, values in
                    for record in stride(from: 0, to: values.count, by: 3) {
                        guard let year = Int(values[record + 1]), let total = Int64(values[record + 2]) else { throw StoredValueError(column: "retention") }
                        page[donor, default: [:]][String(values[record]), default: [:]][year] = total
                    }
                }
                guard let last = page.keys.max() else { break }
                tallies.add(page, sign: 1)
                after = last
            }
            try await connection.raw("DELETE FROM retention_tallies").run()
            try await tallies.write(adding: false, on: connection)
            try await connection.raw("UPDATE retention_basis SET fiscal_start_month = \(bind: start) WHERE id = 1").run()
        }
    }

    /// The stored tallies of `years` in `currency` (an empty tally for a year without any).
    static func read(currency: String, years: ClosedRange<Int>, on connection: any SQLDatabase) async throws -> [Int: RetentionTally] {
        let rows = try await connection.raw("SELECT * FROM retention_tallies WHERE currency = \(bind: currency) AND fiscal_year BETWEEN \(bind: years.lowerBound) AND \(bind: years.upperBound)").all()
        var tallies: [Int: RetentionTally] = [:]
        for row in rows {
            var tally = RetentionTally()
            for (keyPath, column) in zip(RetentionTally.counts, countColumns) { tally[keyPath: keyPath] = Int(try row.int64(column)) }
            for (keyPath, column) in zip(RetentionTally.amounts, amountColumns) { tally[keyPath: keyPath] = try row.int64(column) }
            tallies[Int(try row.int64("fiscal_year"))] = tally
        }
        return Dictionary(uniqueKeysWithValues: years.map { ($0, tallies[$0] ?? RetentionTally()) })
    }

    /// Tallies per currency and fiscal year being summed in memory.
    private struct Tallies {
        var byKey: [String: [Int: RetentionTally]] = [:]

        /// Adds (or with `sign` −1 takes away) the contributions of every donor in `totals`.
        mutating func add(_ totals: YearTotals, sign: Int) {
            for (donor, currencies) in totals {
                for (currency, years) in currencies {
                    for (year, tally) in RetentionTally.contributions(constituentId: donor, yearTotals: years) {
                        byKey[currency, default: [:]][year, default: RetentionTally()].add(tally, sign: sign)
                    }
                }
            }
        }

        /// Writes the tallies (skipping zero changes), adding them to the stored ones or as new rows; in key order,
        /// so concurrent PostgreSQL transactions lock the rows in the same order.
        func write(adding: Bool, on connection: any SQLDatabase) async throws {
            let columns = ["currency", "fiscal_year"] + countColumns + amountColumns
            var rows: [[any Encodable & Sendable]] = []
            for currency in byKey.keys.sorted() {
                for (year, tally) in byKey[currency]!.sorted(by: { $0.key < $1.key }) where !tally.isZero {
                    let counts: [any Encodable & Sendable] = RetentionTally.counts.map { tally[keyPath: $0] }
                    let amounts: [any Encodable & Sendable] = RetentionTally.amounts.map { tally[keyPath: $0] }
                    rows.append([currency, year] + counts + amounts)
                }
            }
            guard adding else { return try await BulkInsert.rows(rows, into: "retention_tallies", columns: columns, on: connection) }
            for row in rows {
                try await connection.insert(into: "retention_tallies").columns(columns).values(row.map { SQLBind($0) })
                    .onConflict(with: ["currency", "fiscal_year"]) { update in
                        var update = update
                        for column in countColumns + amountColumns { update = update.set(column, to: SQLRaw("retention_tallies.\(column) + excluded.\(column)")) }
                        return update
                    }.run()
            }
        }
    }
}
