import Foundation
import KindredCore
import SQLKit

extension SegmentCompiler {
    // MARK: Loyalty

    /// `loyalty op level`, decided in SQL from the monthly rollups and active plans exactly as `LoyaltyFacts` does.
    func loyalty(_ condition: SegmentCondition) -> SQLQueryString {
        let levels: [String]
        switch condition.value {
        case .text(let level): levels = [level]
        case .list(let values): levels = values.map(Self.text)
        default: levels = []
        }
        let matches = "(" + levels.compactMap(LoyaltyLevel.init(rawValue:)).map(loyaltyExpression).joined(separator: " OR ") + ")"
        return condition.op == .notEqual ? "NOT \(unsafeRaw: matches)" : "\(unsafeRaw: matches)"
    }

    /// The months loyalty is decided on: today, its fiscal year, the current month and each fiscal year's first month.
    var loyaltyMonths: (today: String, year: Int, current: String, first: (Int) -> String) {
        let today = CurrencyRollup.localDate(now, timeZone), calendar = profile.fiscalCalendar
        return (today.description, calendar.fiscalYear(of: today), String(today.description.prefix(7)), calendar.firstMonth(ofYear:))
    }

    func loyaltyExpression(_ level: LoyaltyLevel) -> String {
        let months = loyaltyMonths, year = months.year, current = months.current, firstMonth = months.first
        func gave(_ fiscalYear: Int) -> String {
            "EXISTS (SELECT 1 FROM constituent_giving_months m WHERE m.constituent_id = constituents.id AND m.month >= '\(firstMonth(fiscalYear))' AND m.month < '\(firstMonth(fiscalYear + 1))' AND m.month <= '\(current)')"
        }
        func before(_ fiscalYear: Int) -> String {
            "EXISTS (SELECT 1 FROM constituent_giving_months m WHERE m.constituent_id = constituents.id AND m.month < '\(firstMonth(fiscalYear))')"
        }
        let day = months.today
        let plan = "EXISTS (SELECT 1 FROM recurring_plans p WHERE p.constituent_id = constituents.id AND p.status = 'active' AND p.starts_on <= '\(day)' AND (p.ends_on IS NULL OR p.ends_on >= '\(day)'))"
        let y = gave(year), y1 = gave(year - 1), y2 = gave(year - 2)
        let recapturedCore = "NOT \(y1) AND \(before(year - 1))"
        switch level {
        case .structural: return "(\(plan) OR (\(y) AND \(y1) AND \(y2)))"
        case .recaptured: return "(NOT \(plan) AND \(y) AND \(recapturedCore))"
        case .repeat: return "(NOT \(plan) AND \(y) AND \(before(year)) AND NOT (\(y1) AND \(y2)) AND NOT (\(recapturedCore)))"
        case .new: return "(NOT \(plan) AND \(y) AND NOT \(before(year)))"
        case .lapsed: return "(NOT \(plan) AND NOT \(y) AND \(y1))"
        case .lost: return "(NOT \(plan) AND NOT \(y) AND NOT \(y1) AND \(before(year - 1)))"
        case .prospect: return "(NOT \(plan) AND NOT \(y) AND NOT \(before(year)))"
        }
    }

    // MARK: Engagement

    /// The trend of the stored sums: now against the trend cutoff (90 days before the last full recompute); steady for
    /// everyone until a first recompute has set a baseline.
    var trendExpression: String {
        guard let trendCutoff else { return "'steady'" }
        let decay = engagement.decay
        let now = "ce.total * \(decay.factor(at: self.now))", then = "ce.then_total * \(decay.factor(at: trendCutoff))"
        return "COALESCE((SELECT CASE WHEN \(then) <= 0 THEN (CASE WHEN \(now) > 0 THEN 'rising' ELSE 'steady' END) WHEN \(now) > \(then) * 1.15 THEN 'rising' WHEN \(now) < \(then) * 0.85 THEN 'falling' ELSE 'steady' END FROM constituent_engagement ce WHERE ce.constituent_id = constituents.id), 'steady')"
    }

    /// Conditions on engagement scores, levels and the quietly-engaged flag.
    func engagementScore(_ condition: SegmentCondition) async throws -> SQLQueryString {
        switch condition.field {
        case "engagement.level":
            let levels: [SegmentValue] = if case .list(let values) = condition.value { values } else { condition.value.map { [$0] } ?? [] }
            var parts: [SQLQueryString] = []
            for case .text(let name) in levels {
                guard let level = EngagementLevel(rawValue: name) else { continue }
                let low = Double(level.rank * 20)
                var part = try await atLeast("total", low, strict: false)
                if level != .onFire { part = part + " AND NOT " + (try await atLeast("total", low + 20, strict: false)) }
                parts.append("(" + part + ")")
            }
            let any = "(" + parts.joined(separator: " OR ") + ")"
            return condition.op == .notEqual ? "NOT " + any : any
        case "engagement.quietlyEngaged":
            let recentGifts: SQLQueryString = "(SELECT COUNT(*) FROM gifts q WHERE q.constituent_id = constituents.id AND q.status = 'completed' AND q.received_at > \(bind: now.adding(milliseconds: -365 * 86_400_000).description) AND q.received_at <= \(bind: now.description)) <= 1"
            let quiet = "(" + (try await atLeast("non_giving", 70, strict: false)) + " AND (NOT " + (try await atLeast("giving", 30, strict: true)) + " OR " + recentGifts + "))"
            let wanted = (condition.value == .bool(true)) == (condition.op == .equal)
            return wanted ? quiet : "NOT " + quiet
        default:
            let column = condition.field == "engagement.score" ? "total" : String(condition.field.dropFirst(11))
            return try await scoreComparison(column, condition)
        }
    }

    private func scoreComparison(_ column: String, _ condition: SegmentCondition) async throws -> SQLQueryString {
        switch (condition.op, condition.value) {
        case (.exists, _):
            return "EXISTS (SELECT 1 FROM constituent_engagement ce WHERE ce.constituent_id = constituents.id AND ce.last_active_at >= \(bind: activeSince))"
        case (.in, .list(let values)):
            var parts: [SQLQueryString] = []
            for value in values { parts.append(try await scoreComparison(column, SegmentCondition(condition.field, .equal, value))) }
            return "(" + parts.joined(separator: " OR ") + ")"
        case (_, .number(let score)):
            switch condition.op {
            case .greaterOrEqual: return try await atLeast(column, score, strict: false)
            case .greater: return try await atLeast(column, score, strict: true)
            case .less: return "NOT " + (try await atLeast(column, score, strict: false))
            case .lessOrEqual: return "NOT " + (try await atLeast(column, score, strict: true))
            case .equal: return "(" + (try await atLeast(column, score, strict: false)) + " AND NOT " + (try await atLeast(column, score, strict: true)) + ")"
            default: return "NOT (" + (try await atLeast(column, score, strict: false)) + " AND NOT " + (try await atLeast(column, score, strict: true)) + ")"
            }
        default: return "1 = 0"
        }
    }

    /// People whose score on `column` is ≥ `score` (> with `strict`): the least stored sum with such a score is found
    /// with one window query, and the condition compares the stored sum with it.
    func atLeast(_ column: String, _ score: Double, strict: Bool) async throws -> SQLQueryString {
        if score < 0 || (score == 0 && !strict) { return "1 = 1" }
        let rank = "100.0 * (RANK() OVER (ORDER BY \(column)) - 1 + 0.5 * COUNT(*) OVER (PARTITION BY \(column))) / COUNT(*) OVER ()"
        let query: SQLQueryString = """
            SELECT MIN(v) AS threshold FROM (SELECT \(unsafeRaw: column) AS v, \(unsafeRaw: rank) AS score FROM constituent_engagement
            WHERE last_active_at >= \(bind: activeSince)) x WHERE x.v > 0 AND x.score \(unsafeRaw: strict ? ">" : ">=") \(bind: score)
            """
        guard let threshold = try await connection.raw(query).first()?.decode(column: "threshold", as: Double?.self) else { return "1 = 0" }
        return "EXISTS (SELECT 1 FROM constituent_engagement ce WHERE ce.constituent_id = constituents.id AND ce.last_active_at >= \(bind: activeSince) AND ce.\(unsafeRaw: column) >= \(bind: threshold))"
    }
}
