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

    /// The gift's day as a number of days since 1970-01-01.
    private var day: SQLQueryString {
        store.database.flavor == .sqlite
            ? "CAST(julianday(substr(received_at, 1, 10)) - 2440587.5 AS INTEGER)"
            : "CAST(CAST(substr(received_at, 1, 10) AS DATE) - DATE '1970-01-01' AS BIGINT)"
    }

    /// Each donor's transactions (days with counted gifts, summed) up to and including `end`, for the donors whose ids
    /// fall in `donors` when given.
    private func transactions(through end: CalendarDate, currency: Currency, donors: ClosedRange<String>? = nil) -> SQLQueryString {
        let before = CalendarDate(daysSinceEpoch: end.daysSinceEpoch + 1).description
        let range: SQLQueryString = donors.map { " AND constituent_id BETWEEN \(bind: $0.lowerBound) AND \(bind: $0.upperBound)" } ?? ""
        return """
            SELECT constituent_id, \(day) AS day, CAST(SUM(amount_minor) AS BIGINT) AS total FROM gifts
            WHERE status = 'completed' AND amount_minor > 0 AND currency = \(bind: currency.code) AND received_at < \(bind: before)
            """ + range + " GROUP BY constituent_id, \(day)"
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
    /// transactions, t_x and T in weeks (calendar days / 7).
    public func repeatHistories(calibrationEnd end: CalendarDate, currency: Currency) async throws -> GroupedHistories<RepeatHistory> {
        let query: SQLQueryString = "SELECT x, tx, t, COUNT(*) AS n FROM (SELECT COUNT(*) - 1 AS x, MAX(day) - MIN(day) AS tx, "
            + "\(literal: Int(end.daysSinceEpoch)) - MIN(day) AS t FROM (" + transactions(through: end, currency: currency)
            + ") days GROUP BY constituent_id) donors GROUP BY x, tx, t"
        let rows = try await store.database.read { try await $0.raw(query).all() }
        return GroupedHistories(counted: try rows.map { row in
            (RepeatHistory(x: Int(try row.int64("x")), tx: Double(try row.int64("tx")) / 7, T: Double(try row.int64("t")) / 7), Double(try row.int64("n")))
        })
    }

    /// Gamma-Gamma values at `calibrationEnd`: for every donor with a repeat transaction, how many and their mean value in
    /// major units (the first transaction left out).
    public func repeatValues(calibrationEnd end: CalendarDate, currency: Currency) async throws -> GroupedHistories<RepeatValue> {
        let query: SQLQueryString = "SELECT x, total, COUNT(*) AS n FROM (SELECT COUNT(*) AS x, CAST(SUM(d.total) AS BIGINT) AS total FROM ("
            + transactions(through: end, currency: currency) + ") d JOIN (SELECT constituent_id, MIN(day) AS first FROM ("
            + transactions(through: end, currency: currency)
            + ") t GROUP BY constituent_id) f ON f.constituent_id = d.constituent_id WHERE d.day > f.first GROUP BY d.constituent_id) repeats GROUP BY x, total"
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
