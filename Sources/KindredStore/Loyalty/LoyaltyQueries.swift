import Foundation
import KindredCore
import SQLKit

/// Loyalty levels, the retention report and RFM scores, under the organisation's fiscal year and currency.
public struct LoyaltyQueries: Sendable {
    let database: Database
    let clock: @Sendable () -> Timestamp

    /// A constituent's loyalty at `date` (today when nil). The constituent must exist; callers check visibility.
    public func loyalty(of id: String, on date: CalendarDate? = nil) async throws -> LoyaltyStatus {
        return try await database.read { connection in
            let profile = try await OrganisationSettingsStore.profile.load(on: connection)
            let calendar = profile.fiscalCalendar, zone = profile.zone, date = date ?? profile.localDate(clock())
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
    /// organisation's when nil), from the maintained retention tallies (built first if they are not yet counted
    /// under the organisation's fiscal year).
    public func retentionSeries(endingIn year: Int, currency: Currency? = nil) async throws -> [RetentionReport] {
        let (profile, counted) = try await database.read { connection in
            (try await OrganisationSettingsStore.profile.load(on: connection),
             try await connection.raw("SELECT fiscal_start_month FROM retention_basis WHERE id = 1").first()?.int64("fiscal_start_month"))
        }
        if counted != Int64(profile.fiscalYearStartMonth) { try await RetentionTallies.rebuild(in: database, onlyIfStale: true) }
        let code = (currency ?? profile.currency).code
        let tallies = try await database.read { try await RetentionTallies.read(currency: code, years: year - 4...year, on: $0) }
        return (year - 4...year).map { RetentionReport(year: $0, currency: code, tally: tallies[$0]!) }
    }

    /// The retention report of one fiscal year.
    public func retention(year: Int, currency: Currency? = nil) async throws -> RetentionReport {
        try await retentionSeries(endingIn: year, currency: currency).last!
    }
}

extension KindredStore {
    /// Loyalty, retention and RFM.
    public var loyalty: LoyaltyQueries { LoyaltyQueries(database: database, clock: clock) }
}
