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

    /// The transactions (days with counted gifts, summed) up to and including `end` of the donors whose ids fall in
    /// `donors`.
    private func transactions(through end: CalendarDate, currency: Currency, donors: ClosedRange<String>) -> SQLQueryString {
        "SELECT constituent_id, " + day + " AS day, CAST(SUM(amount_minor) AS BIGINT) AS total FROM gifts WHERE "
            + counted("gifts", currency: currency, through: end)
            + " AND constituent_id BETWEEN \(bind: donors.lowerBound) AND \(bind: donors.upperBound) GROUP BY constituent_id, " + day
    }

    /// The giving summary of every donor whose id falls in `donors`, from their transactions up to and including `end`.
    func summaries(of donors: ClosedRange<String>, through end: CalendarDate, currency: Currency, on connection: any SQLDatabase) async throws -> [String: DonorGivingSummary] {
        let query: SQLQueryString = "SELECT constituent_id, COUNT(*) AS n, MIN(day) AS first_day, MAX(day) AS last_day, "
            + "CAST(SUM(total) AS BIGINT) AS total, MAX(total) AS largest, MAX(CASE WHEN earliest = 1 THEN total END) AS first_total, "
            + "MAX(CASE WHEN latest = 1 THEN total END) AS last_total FROM (SELECT constituent_id, day, total, "
            + "ROW_NUMBER() OVER (PARTITION BY constituent_id ORDER BY day) AS earliest, "
            + "ROW_NUMBER() OVER (PARTITION BY constituent_id ORDER BY day DESC) AS latest FROM ("
            + transactions(through: end, currency: currency, donors: donors) + ") d) w GROUP BY constituent_id"
        var summaries: [String: DonorGivingSummary] = [:]
        for row in try await connection.raw(query).all() {
            summaries[try row.text("constituent_id")] = DonorGivingSummary(
                transactions: Int(try row.int64("n")), firstDay: try row.int64("first_day"), lastDay: try row.int64("last_day"),
                totalMinor: try row.int64("total"), firstMinor: try row.int64("first_total"), lastMinor: try row.int64("last_total"),
                largestMinor: try row.int64("largest"))
        }
        return summaries
    }

    /// BG/NBD histories at `calibrationEnd`: every donor whose first transaction is on or before it, with x repeat
    /// transactions, t_x and T in weeks (calendar days / 7). One pass over the gifts' covering index per donor.
    public func repeatHistories(calibrationEnd end: CalendarDate, currency: Currency) async throws -> GroupedHistories<RepeatHistory> {
        let first = day(of: "MIN(g.received_at)")
        let query: SQLQueryString = "SELECT x, tx, t, COUNT(*) AS n FROM (SELECT " + transactionCount + " - 1 AS x, "
            + day(of: "MAX(g.received_at)") + " - " + first + " AS tx, \(literal: Int(end.daysSinceEpoch)) - " + first
            + " AS t FROM gifts g WHERE " + counted("g", currency: currency, through: end) + " GROUP BY g.constituent_id) donors GROUP BY x, tx, t"
        let rows = try await store.database.read { try await $0.raw(query).all() }
        return GroupedHistories(counted: try rows.map { row in
            (RepeatHistory(x: Int(try row.int64("x")), tx: Double(try row.int64("tx")) / 7, T: Double(try row.int64("t")) / 7), Double(try row.int64("n")))
        })
    }

    /// Gamma-Gamma values at `calibrationEnd`: for every donor with a repeat transaction, how many and their mean value in
    /// major units (the first day's gifts left out, found by an index look-up per donor).
    public func repeatValues(calibrationEnd end: CalendarDate, currency: Currency) async throws -> GroupedHistories<RepeatValue> {
        let firstDay: SQLQueryString = "substr(MIN(g.received_at), 1, 10)"
        let nextDay: SQLQueryString = store.database.flavor == .sqlite
            ? "date(" + firstDay + ", '+1 day')" : "to_char(CAST(" + firstDay + " AS DATE) + 1, 'YYYY-MM-DD')"
        let firstTotal: SQLQueryString = "(SELECT SUM(f.amount_minor) FROM gifts f WHERE f.constituent_id = g.constituent_id AND "
            + counted("f", currency: currency) + " AND f.received_at >= " + firstDay + " AND f.received_at < " + nextDay + ")"
        let query: SQLQueryString = "SELECT x, total, COUNT(*) AS n FROM (SELECT " + transactionCount + " - 1 AS x, CAST(SUM(g.amount_minor) - "
            + firstTotal + " AS BIGINT) AS total FROM gifts g WHERE " + counted("g", currency: currency, through: end)
            + " GROUP BY g.constituent_id HAVING " + transactionCount + " > 1) repeats GROUP BY x, total"
        let rows = try await store.database.read { try await $0.raw(query).all() }
        let unit = pow(10, Double(currency.minorUnitDigits))
        return GroupedHistories(counted: try rows.map { row in
            let x = Int(try row.int64("x"))
            return (RepeatValue(x: x, mean: Double(try row.int64("total")) / unit / Double(x)), Double(try row.int64("n")))
        })
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
        let rows = try await store.database.read { try await $0.raw(query).all() }
        return GroupedHistories(counted: try rows.map { row in
            (DiscreteHistory(x: Int(try row.int64("x")), tx: Int(try row.int64("tx")), n: lastYear - cohortYear), Double(try row.int64("n")))
        })
    }
}
