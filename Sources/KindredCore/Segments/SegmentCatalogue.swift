/// What kind of value a segment field holds, which decides the comparisons it allows.
public enum SegmentFieldKind: Sendable, Hashable {
    /// Free text: `=`, `!=`, `contains`, `in`, `exists`.
    case text
    /// A number: every comparison but `contains`.
    case number
    /// A date, written `YYYY-MM-DD`: every comparison but `contains`.
    case date
    /// true or false: `=`, `!=`.
    case boolean
    /// One of a fixed list: `=`, `!=`, `in`.
    case vocabulary([String])

    /// The comparisons the kind allows.
    public var operators: [SegmentOperator] {
        switch self {
        case .text: [.equal, .notEqual, .contains, .in, .exists]
        case .number, .date: [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .in, .exists]
        case .boolean: [.equal, .notEqual]
        case .vocabulary: [.equal, .notEqual, .in]
        }
    }

    static func of<V: Vocabulary>(_ vocabulary: V.Type) -> SegmentFieldKind { .vocabulary(V.allCases.map(\.rawValue)) }
}

/// A rule that cannot be used, with where: a character offset in the text form, or a path in the JSON form.
public struct SegmentRuleError: Error, Sendable, Hashable {
    /// What is wrong.
    public let message: String
    /// The character offset (from 0) in the text form, when the rule came as text.
    public let offset: Int?
    /// The path in the JSON form, e.g. `and[1].field`.
    public let path: String

    /// Creates an error.
    public init(_ message: String, offset: Int? = nil, path: String = "") {
        self.message = message
        self.offset = offset
        self.path = path
    }
}

/// Every field a segment rule may name, with its kind.
public enum SegmentCatalogue {
    /// The fields of a person.
    public static let personFields: [String: SegmentFieldKind] = {
        var fields: [String: SegmentFieldKind] = [
            "kind": .of(ConstituentKind.self), "givenName": .text, "familyName": .text, "displayName": .text, "city": .text,
            "postalCode": .text, "country": .text, "preferredLanguage": .of(Language.self), "createdAt": .date, "household": .text,
            "role": .of(ConstituentRole.self), "tag": .text, "email": .text,
            "giving.total": .number, "giving.count": .number, "giving.largest": .number, "giving.firstGiftAt": .date, "giving.lastGiftAt": .date,
            "loyalty": .of(LoyaltyLevel.self),
            "acquisition.channel": .of(GiftChannel.self), "acquisition.campaign": .text, "acquisition.device": .of(Device.self),
            "acquisition.referrer": .text, "acquisition.throughFriend": .boolean,
            "engagement.score": .number, "engagement.level": .of(EngagementLevel.self), "engagement.trend": .of(EngagementTrend.self),
            "engagement.quietlyEngaged": .boolean, "engagement.selfReported": .number,
            "prediction.activeProbability": .number, "prediction.expectedGifts": .number, "prediction.giftValue": .number,
            "prediction.lifetimeValue": .number, "prediction.lapseRisk": .boolean,
            "rfm.recency": .number, "rfm.frequency": .number, "rfm.monetary": .number, "rfm.cell": .text, "rfm.group": .of(RFMGroup.self),
        ]
        for dimension in EngagementDimension.allCases { fields["engagement.\(dimension.rawValue)"] = .number }
        for channel in ConsentChannel.allCases { fields["consent.\(channel.rawValue)"] = .of(ConsentStatus.self) }
        return fields
    }()

    /// The filters of each count source.
    public static let countFields: [SegmentSource: [String: SegmentFieldKind]] = [
        .gifts: ["campaign": .text, "project": .text, "fund": .text, "channel": .of(GiftChannel.self), "device": .of(Device.self),
                 "referrer": .text, "amount": .number, "currency": .text, "receivedAt": .date, "status": .of(GiftStatus.self),
                 "paymentMethod": .of(PaymentMethod.self)],
        .interactions: ["type": .text, "channel": .text, "direction": .of(InteractionDirection.self), "occurredAt": .date],
        .relationships: ["kind": .of(RelationshipKind.self)],
    ]

    /// The kind of a person field, or of a count source's filter (`property.NAME` is any interaction property).
    public static func kind(of field: String, in source: SegmentSource? = nil) -> SegmentFieldKind? {
        guard let source else { return personFields[field] }
        if source == .interactions, field.hasPrefix("property."), isPropertyName(String(field.dropFirst(9))) { return .text }
        return countFields[source]?[field]
    }

    /// A JSON property name usable in a rule: letters, digits and `_`, 1 to 64 of them.
    static func isPropertyName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "_" }
    }

    /// Checks a rule against the catalogue; the error names the JSON path.
    public static func validate(_ rule: SegmentRule, path: String = "rule", depth: Int = 0) throws(SegmentRuleError) {
        guard depth < 32 else { throw SegmentRuleError("the rule nests deeper than 32 levels", path: path) }
        switch rule {
        case .and(let rules), .or(let rules):
            let name = if case .and = rule { "and" } else { "or" }
            guard !rules.isEmpty, rules.count <= 100 else { throw SegmentRuleError("\(name) needs 1 to 100 rules", path: "\(path).\(name)") }
            for (index, inner) in rules.enumerated() { try validate(inner, path: "\(path).\(name)[\(index)]", depth: depth + 1) }
        case .not(let inner):
            try validate(inner, path: "\(path).not", depth: depth + 1)
        case .condition(let condition):
            if let problem = problem(with: condition, in: nil) { throw SegmentRuleError(problem, path: path) }
        case .count(let count):
            if let problem = problem(with: count) { throw SegmentRuleError(problem, path: path) }
        }
    }

    /// What is wrong with a count condition, if anything.
    static func problem(with count: SegmentCount) -> String? {
        if ![.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual].contains(count.op) {
            return "a count compares with =, !=, <, <=, > or >=, not \(count.op.rawValue)"
        }
        if !(0...1_000_000).contains(count.count) { return "a count compares with a whole number from 0 to 1000000" }
        if let days = count.withinDays, !(1...36_500).contains(days) { return "within takes 1 to 36500 days" }
        if count.filters.count > 20 { return "a count takes at most 20 filters" }
        return count.filters.lazy.compactMap { problem(with: $0, in: count.source) }.first
    }

    /// What is wrong with a condition, if anything.
    static func problem(with condition: SegmentCondition, in source: SegmentSource?) -> String? {
        guard let kind = kind(of: condition.field, in: source) else {
            let known = source.map { (countFields[$0] ?? [:]).keys.sorted().joined(separator: ", ") } ?? "see the README"
            return "unknown field \"\(condition.field.prefix(64))\"" + (source.map { " for \($0.rawValue) (known: \(known))" } ?? "")
        }
        guard kind.operators.contains(condition.op) else {
            return "\(condition.field) takes \(kind.operators.map(\.rawValue).joined(separator: ", ")), not \(condition.op.rawValue)"
        }
        if condition.op == .exists { return condition.value == nil ? nil : "exists takes no value" }
        guard let value = condition.value else { return "\(condition.field) \(condition.op.rawValue) needs a value" }
        if condition.op == .in {
            guard case .list(let values) = value, !values.isEmpty, values.count <= 1000 else { return "in takes a list of 1 to 1000 values" }
            return values.lazy.compactMap { problem(with: $0, kind: kind, field: condition.field) }.first
        }
        return problem(with: value, kind: kind, field: condition.field)
    }

    private static func problem(with value: SegmentValue, kind: SegmentFieldKind, field: String) -> String? {
        switch (kind, value) {
        case (.text, .text(let text)): return text.count <= 500 ? nil : "\(field) compares with at most 500 characters"
        case (.number, .number(let number)): return number.isFinite && abs(number) < 1e15 ? nil : "\(field) compares with a number below 10^15"
        case (.date, .text(let text)): return CalendarDate(iso8601: text) != nil && text.count == 10 ? nil : "\(field) compares with a date such as 2026-01-31"
        case (.boolean, .bool): return nil
        case (.vocabulary(let allowed), .text(let text)):
            return allowed.contains(text) ? nil : "\(field) is one of: \(allowed.joined(separator: ", "))"
        default: return "\(field) does not compare with that kind of value"
        }
    }
}
