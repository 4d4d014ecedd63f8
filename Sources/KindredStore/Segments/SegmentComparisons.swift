import Foundation
import KindredCore
import SQLKit

extension SegmentCompiler {
    /// `expression op value` for a field of `kind`: text compares without regard to case, dates by day (UTC), and `!=`
    /// includes records without a value.
    func compare(_ expression: String, _ kind: SegmentFieldKind, _ condition: SegmentCondition) -> SQLQueryString {
        let e = expression
        guard let value = condition.value else {
            return kind == .text ? "(\(unsafeRaw: e) IS NOT NULL AND \(unsafeRaw: e) <> '')" : "\(unsafeRaw: e) IS NOT NULL"
        }
        switch condition.op {
        case .in:
            guard case .list(let values) = value else { return "1 = 0" }
            return "(" + values.map { compare(e, kind, SegmentCondition(condition.field, .equal, $0)) }.joined(separator: " OR ") + ")"
        case .notEqual:
            return "(\(unsafeRaw: e) IS NULL OR NOT (" + compare(e, kind, SegmentCondition(condition.field, .equal, value)) + "))"
        case .contains:
            let text = Self.text(value).lowercased().replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            return "lower(\(unsafeRaw: e)) LIKE \(bind: "%" + text + "%") ESCAPE '\\'"
        default:
            break
        }
        let symbol = condition.op.rawValue
        switch (kind, value) {
        case (.date, .text(let text)):
            let day = CalendarDate(iso8601: text)!, next = CalendarDate(daysSinceEpoch: day.daysSinceEpoch + 1).description
            switch condition.op {
            case .equal: return "(\(unsafeRaw: e) >= \(bind: text) AND \(unsafeRaw: e) < \(bind: next))"
            case .lessOrEqual: return "\(unsafeRaw: e) < \(bind: next)"
            case .greater: return "\(unsafeRaw: e) >= \(bind: next)"
            default: return "\(unsafeRaw: e) \(unsafeRaw: symbol) \(bind: text)"
            }
        case (.text, .text(let text)): return "lower(\(unsafeRaw: e)) \(unsafeRaw: symbol) \(bind: text.lowercased())"
        case (_, .text(let text)): return "\(unsafeRaw: e) \(unsafeRaw: symbol) \(bind: text)"
        case (_, .bool(let flag)): return "\(unsafeRaw: e) \(unsafeRaw: symbol) \(bind: flag ? 1 : 0)"
        case (_, .number(let number)):
            if number == number.rounded() { return "\(unsafeRaw: e) \(unsafeRaw: symbol) \(bind: Int64(number))" }
            return "\(unsafeRaw: e) \(unsafeRaw: symbol) \(bind: number)"
        default: return "1 = 0"
        }
    }

    static func text(_ value: SegmentValue) -> String {
        if case .text(let text) = value { return text }
        return ""
    }

    // MARK: Counts

    private static let giftColumns = ["channel": "g.channel", "device": "g.device", "referrer": "g.referrer", "amount": "g.amount_minor",
                                      "currency": "g.currency", "receivedAt": "g.received_at", "status": "g.status", "paymentMethod": "g.payment_method"]
    private static let designations = ["campaign": ("campaign_id", "campaigns"), "project": ("project_id", "projects"), "fund": ("fund_id", "funds")]
    private static let interactionColumns = ["type": "i.type", "channel": "i.channel", "direction": "i.direction", "occurredAt": "i.occurred_at"]

    /// `(SELECT COUNT(*) …) op k`.
    func count(_ count: SegmentCount) async throws -> SQLQueryString {
        var select: SQLQueryString
        var filters: [SQLQueryString] = []
        let since = count.withinDays.map { now.adding(milliseconds: -Int64($0) * 86_400_000).description }
        switch count.source {
        case .gifts:
            select = "SELECT COUNT(*) FROM gifts g WHERE g.constituent_id = constituents.id"
            if !count.filters.contains(where: { $0.field == "status" }) { filters.append("g.status = 'completed'") }
            if let since { filters.append("g.received_at >= \(bind: since) AND g.received_at <= \(bind: now.description)") }
            for filter in count.filters {
                let kind = SegmentCatalogue.kind(of: filter.field, in: .gifts)!
                if let (column, table) = Self.designations[filter.field] {
                    filters.append(designation("g.\(column)", table: table, kind, filter))
                } else {
                    filters.append(compare(Self.giftColumns[filter.field]!, kind, filter))
                }
            }
        case .interactions:
            select = "SELECT COUNT(*) FROM interactions i WHERE i.constituent_id = constituents.id"
            if let since { filters.append("i.occurred_at >= \(bind: since) AND i.occurred_at <= \(bind: now.description)") }
            for filter in count.filters {
                let kind = SegmentCatalogue.kind(of: filter.field, in: .interactions)!
                if filter.field.hasPrefix("property.") {
                    let name = String(filter.field.dropFirst(9))
                    filters.append(compare(isPostgres ? "(i.properties::jsonb ->> '\(name)')" : "json_extract(i.properties, '$.\(name)')", kind, filter))
                } else {
                    filters.append(compare(Self.interactionColumns[filter.field]!, kind, filter))
                }
            }
        case .relationships:
            select = "SELECT COUNT(*) FROM relationships rl WHERE (rl.from_id = constituents.id OR rl.to_id = constituents.id)"
            if let since { filters.append("rl.created_at >= \(bind: since)") }
            for filter in count.filters { filters.append(compare("rl.kind", SegmentCatalogue.kind(of: filter.field, in: .relationships)!, filter)) }
        }
        for filter in filters { select = select + " AND " + filter }
        return "(" + select + ") \(unsafeRaw: count.op.rawValue) \(bind: count.count)"
    }

    /// A campaign, project or fund named by id or by name.
    private func designation(_ column: String, table: String, _ kind: SegmentFieldKind, _ condition: SegmentCondition) -> SQLQueryString {
        guard [.equal, .notEqual].contains(condition.op), let value = condition.value else { return compare(column, kind, condition) }
        let text = Self.text(value)
        let match: SQLQueryString = "(\(unsafeRaw: column) = \(bind: text) OR \(unsafeRaw: column) IN (SELECT d.id FROM \(unsafeRaw: table) d WHERE lower(d.name) = \(bind: text.lowercased())))"
        return condition.op == .equal ? match : "(\(unsafeRaw: column) IS NULL OR NOT " + match + ")"
    }
}
