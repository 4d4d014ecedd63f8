import Foundation
import KindredCore
import SQLKit

/// Turns a segment rule into one SQL condition on `constituents.id`, portable between SQLite and PostgreSQL.
/// Engagement scores are percentiles; a condition on one is first turned into a threshold on the stored sum (one
/// window query per distinct condition), so the condition itself is a plain indexed comparison.
struct SegmentCompiler {
    let connection: any SQLDatabase
    let now: Timestamp
    let profile: OrganisationProfile
    /// The organisation's time zone.
    var timeZone: TimeZone { profile.zone }
    let engagement: EngagementSettings
    let trendCutoff: Timestamp?
    private static let day: Int64 = 86_400_000

    var isPostgres: Bool { connection.dialect.name == "postgresql" }
    var activeSince: String { now.adding(milliseconds: -730 * Self.day).description }

    /// The condition a rule compiles to.
    func condition(_ rule: SegmentRule) async throws -> SQLQueryString {
        switch rule {
        case .and(let rules): return try await joined(rules, "AND")
        case .or(let rules): return try await joined(rules, "OR")
        case .not(let inner): return "NOT (" + (try await condition(inner)) + ")"
        case .condition(let condition): return try await person(condition)
        case .count(let count): return try await self.count(count)
        }
    }

    private func joined(_ rules: [SegmentRule], _ word: String) async throws -> SQLQueryString {
        var parts: [SQLQueryString] = []
        for rule in rules { parts.append("(" + (try await condition(rule)) + ")") }
        return parts.joined(separator: " \(word) ")
    }

    // MARK: Person fields

    private static let columns = ["kind": "kind", "givenName": "given_name", "familyName": "family_name", "displayName": "display_name",
                                  "city": "city", "postalCode": "postal_code", "country": "country", "preferredLanguage": "preferred_language",
                                  "createdAt": "created_at", "household": "household_id"]
    private static let rollups = ["giving.total": "total_minor", "giving.count": "gift_count", "giving.largest": "largest_gift_minor",
                                  "giving.firstGiftAt": "first_gift_at", "giving.lastGiftAt": "last_gift_at"]

    private static let predictions = ["prediction.activeProbability": "probability_alive", "prediction.expectedGifts": "expected_gifts_1y",
                                      "prediction.giftValue": "expected_gift_minor", "prediction.lifetimeValue": "lifetime_value_minor",
                                      "prediction.lapseRisk": "lapse_risk"]

    private func person(_ condition: SegmentCondition) async throws -> SQLQueryString {
        let field = condition.field, kind = SegmentCatalogue.kind(of: field)!
        if let column = Self.columns[field] { return compare("constituents.\(column)", kind, condition) }
        if let column = Self.predictions[field] {
            return compare("(SELECT dp.\(column) FROM donor_predictions dp WHERE dp.constituent_id = constituents.id)", kind, condition)
        }
        if let column = Self.rollups[field] {
            let value = "(SELECT gr.\(column) FROM constituent_rollups gr WHERE gr.constituent_id = constituents.id AND gr.currency = '\(profile.currency.code)')"
            return compare(["giving.total", "giving.count"].contains(field) ? "COALESCE(\(value), 0)" : value, kind, condition)
        }
        switch field {
        case "role":
            return membership("SELECT r.role FROM constituent_roles r WHERE r.constituent_id = constituents.id", "r.role", kind, condition)
        case "tag":
            var lowered = condition
            lowered.value = condition.value.map(Self.lowercased)
            return membership("SELECT t.tag_key FROM constituent_tags t WHERE t.constituent_id = constituents.id", "t.tag_key", kind, lowered)
        case "email":
            return membership("SELECT e.email FROM constituent_emails e WHERE e.constituent_id = constituents.id", "lower(e.email)", kind, condition)
        case "loyalty": return loyalty(condition)
        case "engagement.trend": return compare(trendExpression, kind, condition)
        case "engagement.selfReported":
            return compare("(SELECT ce.self_reported FROM constituent_engagement ce WHERE ce.constituent_id = constituents.id)", kind, condition)
        case "engagement.score", "engagement.level", "engagement.quietlyEngaged": return try await engagementScore(condition)
        default: break
        }
        if field.hasPrefix("engagement.") { return try await engagementScore(condition) }
        if field.hasPrefix("consent.") {
            let channel = String(field.dropFirst(8))
            return compare("(SELECT cr.status FROM consent_records cr WHERE cr.constituent_id = constituents.id AND cr.channel = '\(channel)' ORDER BY cr.recorded_at DESC, cr.id DESC LIMIT 1)", kind, condition)
        }
        if field.hasPrefix("acquisition.") { return acquisition(condition, kind) }
        let rfm = String(field.dropFirst(4)) == "group" ? "rfm_group" : String(field.dropFirst(4))
        return compare("(SELECT x.\(rfm) FROM constituent_rfm x WHERE x.constituent_id = constituents.id)", kind, condition)
    }

    private static func lowercased(_ value: SegmentValue) -> SegmentValue {
        switch value {
        case .text(let text): .text(text.lowercased())
        case .list(let values): .list(values.map(lowercased))
        default: value
        }
    }

    /// A condition on a many-valued field: `=`/`in` when any value matches, `!=` when none does.
    private func membership(_ select: String, _ column: String, _ kind: SegmentFieldKind, _ condition: SegmentCondition) -> SQLQueryString {
        switch condition.op {
        case .exists: return "EXISTS (\(unsafeRaw: select))"
        case .notEqual:
            var positive = condition
            positive.op = .equal
            return "NOT EXISTS (\(unsafeRaw: select) AND " + compare(column, kind, positive) + ")"
        default: return "EXISTS (\(unsafeRaw: select) AND " + compare(column, kind, condition) + ")"
        }
    }

    private func acquisition(_ condition: SegmentCondition, _ kind: SegmentFieldKind) -> SQLQueryString {
        let first = "SELECT %@ FROM gifts fg WHERE fg.constituent_id = constituents.id AND fg.status = 'completed' ORDER BY fg.received_at, fg.id LIMIT 1"
        let value: String
        switch condition.field {
        case "acquisition.channel": value = "(" + first.replacingOccurrences(of: "%@", with: "fg.channel") + ")"
        case "acquisition.device": value = "(" + first.replacingOccurrences(of: "%@", with: "fg.device") + ")"
        case "acquisition.referrer": value = "(" + first.replacingOccurrences(of: "%@", with: "fg.referrer") + ")"
        case "acquisition.campaign":
            let id = "(" + first.replacingOccurrences(of: "%@", with: "fg.campaign_id") + ")"
            let text = condition.value.flatMap { if case .text(let text) = $0 { text } else { nil } } ?? ""
            let named: SQLQueryString = "\(unsafeRaw: id) IN (SELECT ac.id FROM campaigns ac WHERE lower(ac.name) = \(bind: text.lowercased()))"
            switch condition.op {
            case .equal: return "(\(unsafeRaw: id) = \(bind: text) OR " + named + ")"
            case .notEqual: return "NOT COALESCE(\(unsafeRaw: id) = \(bind: text) OR " + named + ", FALSE)"
            default: return compare(id, kind, condition)
            }
        default:
            let friend = "(" + first.replacingOccurrences(of: "%@", with: "CASE WHEN fg.channel = 'peer_to_peer' OR EXISTS (SELECT 1 FROM gift_soft_credits sc WHERE sc.gift_id = fg.id) THEN 1 ELSE 0 END") + ")"
            value = "COALESCE(\(friend), 0)"
        }
        return compare(value, kind, condition)
    }
}
