import Foundation
import KindredCore
import SQLKit

/// The grouped sufficient statistics the repeat-giving models are fitted to, computed by the database from the counted
/// gifts (completed, with an amount) in one currency. A gift's day is its UTC calendar day; gifts of one donor on one
/// day are one transaction.
public struct ModelData: Sendable {
    let store: KindredStore

    /// Creates the queries over a store.
    public init(store: KindredStore) {
        self.store = store
    }

    /// The day of an ISO 8601 timestamp expression as a number of days since 1970-01-01.
    private func day(of timestamp: String) -> SQLQueryString {
        store.database.flavor == .sqlite
            ? "CAST(julianday(substr(\(unsafeRaw: timestamp), 1, 10)) - 2440587.5 AS INTEGER)"
            : "CAST(CAST(substr(\(unsafeRaw: timestamp), 1, 10) AS DATE) - DATE '1970-01-01' AS BIGINT)"
    }

    /// A gift's day as a number of days since 1970-01-01.
    private var day: SQLQueryString { day(of: "received_at") }

    /// The counted gifts of `alias` in `currency` (up to and including `end` when given).
    private func counted(_ alias: String, currency: Currency, through end: CalendarDate? = nil) -> SQLQueryString {
        let filter: SQLQueryString = "\(unsafeRaw: alias).status = 'completed' AND \(unsafeRaw: alias).amount_minor > 0 AND \(unsafeRaw: alias).currency = \(bind: currency.code)"
        guard let end else { return filter }
        return filter + " AND \(unsafeRaw: alias).received_at < \(bind: CalendarDate(daysSinceEpoch: end.daysSinceEpoch + 1).description)"
    }

    /// Transactions per donor: the distinct days of their counted gifts.
    private let transactionCount: SQLQueryString = "COUNT(DISTINCT substr(g.received_at, 1, 10))"

    /// The integer columns `columns` of every row of `query`, read packed: one array per column.
    private func columns(_ columns: [String], of query: SQLQueryString) async throws -> [[Int64]] {
        let flavor = store.database.flavor
        return try await store.database.read { try await PackedIntegerRows.read(columns, of: query, flavor: flavor, on: $0) }
    }

    /// Whether every counted gift in `currency` is on or before `end`, so the statistics the donors' rollups keep are
    /// the statistics at `end`: a walk of the gifts' time index from the day after `end` to the first counted gift.
    private func rollupsHold(through end: CalendarDate, currency: Currency) async throws -> Bool {
        let later = try await store.database.read {
            try await $0.raw("SELECT g.id FROM gifts g WHERE " + counted("g", currency: currency) + " AND g.received_at >= "
                + "\(bind: CalendarDate(daysSinceEpoch: end.daysSinceEpoch + 1).description) LIMIT 1").first()
        }
        return later == nil
    }

    /// BG/NBD histories at `calibrationEnd`: every donor whose first transaction is on or before it, with x repeat
    /// transactions, t_x and T in weeks (calendar days / 7). From the rollups' statistics along their index (which
    /// orders equal histories together) when no gift is later (a fit at today); else grouped by the database from one
    /// pass over the gifts' covering index per donor.
    public func repeatHistories(calibrationEnd end: CalendarDate, currency: Currency) async throws -> GroupedHistories<RepeatHistory> {
        let last = end.daysSinceEpoch
        if try await rollupsHold(through: end, currency: currency) {
            let read = try await columns(["transaction_days", "first_day", "last_day"], of: "SELECT transaction_days, first_day, last_day "
                + "FROM constituent_rollups WHERE currency = \(bind: currency.code) ORDER BY transaction_days, first_day, last_day")
            return GroupedHistories(counted: PackedIntegerRows.runs(count: read[0].count) { row in
                RepeatHistory(x: Int(read[0][row]) - 1, tx: Double(read[2][row] - read[1][row]) / 7, T: Double(last - read[1][row]) / 7)
            })
        }
        let first = day(of: "MIN(g.received_at)")
        let query: SQLQueryString = "SELECT x, tx, t, COUNT(*) AS n FROM (SELECT " + transactionCount + " - 1 AS x, "
            + day(of: "MAX(g.received_at)") + " - " + first + " AS tx, \(literal: Int(last)) - " + first
            + " AS t FROM gifts g WHERE " + counted("g", currency: currency, through: end) + " GROUP BY g.constituent_id) donors GROUP BY x, tx, t"
        let read = try await columns(["x", "tx", "t", "n"], of: query)
        return GroupedHistories(counted: PackedIntegerRows.runs(count: read[0].count, counts: read[3]) { row in
            RepeatHistory(x: Int(read[0][row]), tx: Double(read[1][row]) / 7, T: Double(read[2][row]) / 7)
        })
    }

    /// Gamma-Gamma values at `calibrationEnd`: for every donor with a repeat transaction, how many and their mean value in
    /// major units (the first day's gifts left out). From the rollups along their index when no gift is later, else
    /// grouped by the database from the gifts (the first day's total found by an index look-up per donor).
    public func repeatValues(calibrationEnd end: CalendarDate, currency: Currency) async throws -> GroupedHistories<RepeatValue> {
        let unit = pow(10, Double(currency.minorUnitDigits))
        let value = { (x: Int64, total: Int64) in RepeatValue(x: Int(x), mean: Double(total) / unit / Double(x)) }
        if try await rollupsHold(through: end, currency: currency) {
            let read = try await columns(["x", "total"], of: "SELECT transaction_days - 1 AS x, total_minor - first_day_minor AS total "
                + "FROM constituent_rollups WHERE currency = \(bind: currency.code) AND transaction_days > 1 ORDER BY transaction_days, total_minor, first_day_minor")
            return GroupedHistories(counted: PackedIntegerRows.runs(count: read[0].count) { value(read[0][$0], read[1][$0]) })
        }
        let firstDay: SQLQueryString = "substr(MIN(g.received_at), 1, 10)"
        let nextDay: SQLQueryString = store.database.flavor == .sqlite
            ? "date(" + firstDay + ", '+1 day')" : "to_char(CAST(" + firstDay + " AS DATE) + 1, 'YYYY-MM-DD')"
        let firstTotal: SQLQueryString = "(SELECT SUM(f.amount_minor) FROM gifts f WHERE f.constituent_id = g.constituent_id AND "
            + counted("f", currency: currency) + " AND f.received_at >= " + firstDay + " AND f.received_at < " + nextDay + ")"
        let query: SQLQueryString = "SELECT x, total, COUNT(*) AS n FROM (SELECT " + transactionCount + " - 1 AS x, CAST(SUM(g.amount_minor) - "
            + firstTotal + " AS BIGINT) AS total FROM gifts g WHERE " + counted("g", currency: currency, through: end)
            + " GROUP BY g.constituent_id HAVING " + transactionCount + " > 1) repeats GROUP BY x, total"
        let read = try await columns(["x", "total", "n"], of: query)
        return GroupedHistories(counted: PackedIntegerRows.runs(count: read[0].count, counts: read[2]) { value(read[0][$0], read[1][$0]) })
    }

    /// BG/BB histories of a cohort: donors whose first counted gift falls in fiscal year `cohortYear`; the opportunities
    /// are the fiscal years after it up to `lastYear`; x years with a gift, t_x the last one's index (0 if none).
    public func cohortHistories(cohortYear: Int, lastYear: Int, currency: Currency) async throws -> GroupedHistories<DiscreteHistory> {
        let start = try await OrganisationSettingsStore.profile(in: store.database).fiscalYearStartMonth
        let fiscalYear: SQLQueryString = "CAST(substr(received_at, 1, 4) AS BIGINT) + CASE WHEN \(literal: start) > 1 AND "
            + "CAST(substr(received_at, 6, 2) AS INTEGER) >= \(literal: start) THEN 1 ELSE 0 END"
        let query: SQLQueryString = "WITH years AS (SELECT DISTINCT constituent_id, " + fiscalYear + " AS fy FROM gifts "
            + "WHERE status = 'completed' AND amount_minor > 0 AND currency = \(bind: currency.code)), "
            + "cohort AS (SELECT constituent_id FROM years GROUP BY constituent_id HAVING MIN(fy) = \(literal: cohortYear)) "
            + "SELECT x, tx, COUNT(*) AS n FROM (SELECT c.constituent_id, COUNT(y.fy) AS x, COALESCE(MAX(y.fy) - \(literal: cohortYear), 0) AS tx "
            + "FROM cohort c LEFT JOIN years y ON y.constituent_id = c.constituent_id AND y.fy > \(literal: cohortYear) AND y.fy <= \(literal: lastYear) "
            + "GROUP BY c.constituent_id) donors GROUP BY x, tx"
        let read = try await columns(["x", "tx", "n"], of: query)
        return GroupedHistories(counted: PackedIntegerRows.runs(count: read[0].count, counts: read[2]) { row in
            DiscreteHistory(x: Int(read[0][row]), tx: Int(read[1][row]), n: lastYear - cohortYear)
        })
    }
}
