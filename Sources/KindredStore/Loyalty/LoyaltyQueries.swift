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
            let donors = """
                SELECT constituent_id, MIN(fy) AS first_year, \(sums)
                FROM (SELECT constituent_id, total_minor, \(fiscalYear) AS fy FROM constituent_giving_months WHERE currency = '\(code)') m
                GROUP BY constituent_id HAVING SUM(CASE WHEN fy BETWEEN \(year - 5) AND \(year) THEN 1 ELSE 0 END) > 0
                """
            // Every figure of the five years counted in one pass over the donors, as RetentionReport defines them.
            var tallies: [String] = []
            for offset in 1...5 {
                let p = "y\(offset - 1)", c = "y\(offset)", y = years[offset]
                let figures = [
                    ("prior", "\(p) > 0"), ("current", "\(c) > 0"), ("new", "\(c) > 0 AND first_year = \(y)"), ("retained", "\(p) > 0 AND \(c) > 0"),
                    ("recaptured", "\(c) > 0 AND \(p) = 0 AND first_year < \(y - 1)"), ("upgraded", "\(p) > 0 AND \(c) > \(p)"),
                    ("downgraded", "\(p) > 0 AND \(c) > 0 AND \(c) < \(p)"), ("prior_new", "\(p) > 0 AND first_year = \(y - 1)"),
                    ("prior_new_kept", "\(p) > 0 AND \(c) > 0 AND first_year = \(y - 1)"), ("prior_repeat", "\(p) > 0 AND first_year < \(y - 1)"),
                    ("prior_repeat_kept", "\(p) > 0 AND \(c) > 0 AND first_year < \(y - 1)"),
                ]
                tallies += figures.map { "COALESCE(SUM(CASE WHEN \($0.1) THEN 1 ELSE 0 END), 0) AS \($0.0)_\(offset)" }
                tallies += ["CAST(COALESCE(SUM(\(p)), 0) AS BIGINT) AS amount_prior_\(offset)", "CAST(COALESCE(SUM(\(c)), 0) AS BIGINT) AS amount_current_\(offset)",
                            "CAST(COALESCE(SUM(CASE WHEN \(p) > 0 THEN \(c) ELSE 0 END), 0) AS BIGINT) AS amount_kept_\(offset)"]
            }
            let row = try await connection.raw("SELECT \(unsafeRaw: tallies.joined(separator: ", ")) FROM (\(unsafeRaw: donors)) d").first()!
            return try (1...5).map { offset in
                let count = { (name: String) in Int(try row.int64("\(name)_\(offset)")) }
                return RetentionReport(year: years[offset], currency: code, tally: RetentionTally(
                    donorsPriorYear: try count("prior"), donorsCurrentYear: try count("current"), newDonors: try count("new"),
                    retainedDonors: try count("retained"), recapturedDonors: try count("recaptured"), upgradedDonors: try count("upgraded"),
                    downgradedDonors: try count("downgraded"), priorNewDonors: try count("prior_new"), priorNewRetained: try count("prior_new_kept"),
                    priorRepeatDonors: try count("prior_repeat"), priorRepeatRetained: try count("prior_repeat_kept"),
                    amountPriorYear: try row.int64("amount_prior_\(offset)"), amountCurrentYear: try row.int64("amount_current_\(offset)"),
                    retainedGiving: try row.int64("amount_kept_\(offset)")))
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
