import Foundation
import KindredCore
import SQLKit

extension KindredStore {
    /// The CX ROI report for NPS answers in fiscal `year`: what promoters, passives and detractors, and each engagement
    /// level, gave the year after, in `currency` (the organisation's by default), following constituent visibility.
    public func experienceReturn(year: Int, currency: Currency?, by actor: Actor) async throws -> ExperienceReturn {
        let now = clock()
        return try await database.read { connection in
            let profile = try await OrganisationSettingsStore.profile.load(on: connection)
            let code = (currency ?? profile.currency).code, calendar = profile.fiscalCalendar
            let (start, next, after) = (calendar.firstMonth(ofYear: year), calendar.firstMonth(ofYear: year + 1), calendar.firstMonth(ofYear: year + 2))
            func scoped(_ column: String) -> SQLQueryString {
                ScopeFilter.condition(actor.scope, column: column).map { " AND " + $0 } ?? ""
            }
            var categories: [String: NPSCategory] = [:]
            let received: SQLQueryString = "substr(COALESCE(received_at, created_at), 1, 7)"
            let answers = try await connection.raw("SELECT constituent_id, rating FROM feedback WHERE scale = 'nps' AND rating IS NOT NULL AND "
                + received + " >= \(bind: start) AND " + received + " < \(bind: next)" + scoped("constituent_id")
                + " ORDER BY COALESCE(received_at, created_at), id").all()
            for row in answers { categories[try row.text("constituent_id")] = NPSCategory(score: Int(try row.int64("rating"))) }

            var giving: [String: (Int64, Int64)] = [:]
            for row in try await connection.raw("""
                SELECT constituent_id, CAST(SUM(CASE WHEN month < \(bind: next) THEN total_minor ELSE 0 END) AS BIGINT) AS y0,
                  CAST(SUM(CASE WHEN month >= \(bind: next) THEN total_minor ELSE 0 END) AS BIGINT) AS y1
                FROM constituent_giving_months WHERE currency = \(bind: code) AND month >= \(bind: start) AND month < \(bind: after)
                """ + scoped("constituent_id") + " GROUP BY constituent_id").all() {
                giving[try row.text("constituent_id")] = (try row.int64("y0"), try row.int64("y1"))
            }
            var values: [String: Int64] = [:]
            for row in try await connection.raw("SELECT constituent_id, lifetime_value_minor FROM donor_predictions WHERE currency = \(bind: code)"
                                                + " AND lifetime_value_minor IS NOT NULL" + scoped("constituent_id")).all() {
                values[try row.text("constituent_id")] = try row.int64("lifetime_value_minor")
            }
            var levels: [String: EngagementLevel] = [:]
            let since = now.adding(milliseconds: -730 * 86_400_000).description
            let ranked: SQLQueryString = "SELECT constituent_id, \(unsafeRaw: SegmentStore.rankScore("total"))"
                + " AS score FROM constituent_engagement WHERE last_active_at >= \(bind: since)"
            for row in try await connection.raw("SELECT constituent_id, score FROM (" + ranked + ") r WHERE 1 = 1" + scoped("r.constituent_id")).all() {
                levels[try row.text("constituent_id")] = EngagementLevel(score: try row.decode(column: "score", as: Double.self))
            }
            let everyone = Int(try await connection.raw("SELECT COUNT(*) AS n FROM constituents WHERE 1 = 1" + scoped("id")).first()?.int64("n") ?? 0)
            let people = Set(categories.keys).union(giving.keys).union(values.keys).union(levels.keys)
            let facts = people.map { id in
                ExperienceFact(category: categories[id], level: levels[id] ?? .cold, givenInYearMinor: giving[id]?.0 ?? 0,
                               givenNextYearMinor: giving[id]?.1 ?? 0, lifetimeValueMinor: values[id])
            }
            let today = profile.localDate(now)
            return ExperienceReturn(year: year, currency: code, nextYearComplete: calendar.fiscalYear(of: today) > year + 1, facts: facts,
                                    others: everyone - facts.count)
        }
    }
}
