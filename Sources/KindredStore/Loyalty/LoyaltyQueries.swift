import Foundation
import KindredCore
import SQLKit

/// Loyalty levels, the retention report and RFM scores, under the organisation's fiscal year and currency.
public struct LoyaltyQueries: Sendable {
    let database: Database
    let settings: OrganisationSettings
    let clock: @Sendable () -> Timestamp

    /// Today in the organisation's time zone.
    public var today: CalendarDate { CurrencyRollup.localDate(clock(), settings.timeZone) }

    /// A constituent's loyalty at `date` (today when nil). The constituent must exist; callers check visibility.
    public func loyalty(of id: String, on date: CalendarDate? = nil) async throws -> LoyaltyStatus {
        let date = date ?? today, zone = settings.timeZone
        return try await database.read { connection in
            let calendar = try await OrganisationSettingsStore.profile.load(on: connection).fiscalCalendar
            let gifts = try await connection.raw("""
                SELECT id, received_at, channel, campaign_id, device, referrer,
                  (SELECT COUNT(*) FROM gift_soft_credits s WHERE s.gift_id = g.id) AS soft_credits
                FROM gifts g WHERE constituent_id = \(bind: id) AND status = 'completed' ORDER BY received_at, id
                """).all().filter { CurrencyRollup.localDate(try $0.timestamp("received_at"), zone) <= date }
            let plans = try await connection.raw("""
                SELECT COUNT(*) AS n FROM recurring_plans WHERE constituent_id = \(bind: id) AND status = 'active'
                  AND starts_on <= \(bind: date.description) AND (ends_on IS NULL OR ends_on >= \(bind: date.description))
                """).first()?.int64("n") ?? 0
            let years = Set(try gifts.map { calendar.fiscalYear(of: CurrencyRollup.localDate(try $0.timestamp("received_at"), zone)) })
            let acquisition = try gifts.first.map { row in
                AcquisitionSource(giftId: try row.text("id"), receivedAt: try row.timestamp("received_at"), channel: try row.vocabulary("channel"),
                                  campaignId: try row.optionalText("campaign_id"), device: try row.vocabulary("device"),
                                  referrer: try row.optionalText("referrer"), hasSoftCredit: try row.int64("soft_credits") > 0)
            }
            return LoyaltyStatus(constituentId: id, date: date, calendar: calendar,
                                 facts: LoyaltyFacts(givingYears: years, hasActiveRecurringPlan: plans > 0), acquisition: acquisition)
        }
    }

    /// The retention report of fiscal year `year` and the four years before it (oldest first), in `currency` (the
    /// organisation's when nil), from the maintained monthly rollups.
    public func retentionSeries(endingIn year: Int, currency: Currency? = nil) async throws -> [RetentionReport] {
        try await database.read { connection in
            let profile = try await OrganisationSettingsStore.profile.load(on: connection)
            let code = (currency ?? profile.currency).code, start = profile.fiscalYearStartMonth
            let years = Array(year - 5...year)
            let fiscalYear = "CAST(substr(month, 1, 4) AS INTEGER) + CASE WHEN \(start) > 1 AND CAST(substr(month, 6, 2) AS INTEGER) >= \(start) THEN 1 ELSE 0 END"
            let sums = years.map { "CAST(SUM(CASE WHEN fy = \($0) THEN total_minor ELSE 0 END) AS BIGINT) AS y\($0 - year + 5)" }.joined(separator: ", ")
            let rows = try await connection.raw("""
                SELECT constituent_id, MIN(fy) AS first_year, \(unsafeRaw: sums)
                FROM (SELECT constituent_id, total_minor, \(unsafeRaw: fiscalYear) AS fy FROM constituent_giving_months WHERE currency = \(bind: code)) m
                GROUP BY constituent_id HAVING SUM(CASE WHEN fy BETWEEN \(unsafeRaw: String(year - 5)) AND \(unsafeRaw: String(year)) THEN 1 ELSE 0 END) > 0
                """).all()
            var donors: [(id: String, first: Int, amounts: [Int64])] = []
            for row in rows {
                donors.append((try row.text("constituent_id"), Int(try row.int64("first_year")), try (0...5).map { try row.int64("y\($0)") }))
            }
            return (1...5).map { offset in
                RetentionReport(year: years[offset], currency: code, donors: donors.map {
                    DonorYears(constituentId: $0.id, firstYear: $0.first, priorMinor: $0.amounts[offset - 1], currentMinor: $0.amounts[offset])
                })
            }
        }
    }

    /// The retention report of one fiscal year.
    public func retention(year: Int, currency: Currency? = nil) async throws -> RetentionReport {
        try await retentionSeries(endingIn: year, currency: currency).last!
    }
}

extension KindredStore {
    /// Loyalty, retention and RFM.
    public var loyalty: LoyaltyQueries { LoyaltyQueries(database: database, settings: settings, clock: clock) }
}
