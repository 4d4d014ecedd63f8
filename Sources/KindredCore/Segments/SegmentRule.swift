/// A comparison in a segment rule.
public enum SegmentOperator: String, Vocabulary {
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case contains, exists, `in`
}

/// A value a condition compares with.
public enum SegmentValue: Sendable, Hashable, Codable {
    case text(String), number(Double), bool(Bool), list([SegmentValue])

    /// Decodes from a JSON string, number, boolean or array.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .text(value) }
        else if let values = try? container.decode([SegmentValue].self) { self = .list(values) }
        else { throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be a string, number, boolean or list") }
    }

    /// Encodes as the plain JSON value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .list(let values): try container.encode(values)
        }
    }
}

/// One comparison of a field: `loyalty = lapsed`, `engagement.content >= 60`, `email exists`.
public struct SegmentCondition: Sendable, Hashable, Codable {
    /// The field, e.g. `engagement.content`.
    public var field: String
    /// The comparison.
    public var op: SegmentOperator
    /// The value; nil for `exists`.
    public var value: SegmentValue?

    /// Creates a condition.
    public init(_ field: String, _ op: SegmentOperator, _ value: SegmentValue? = nil) {
        self.field = field
        self.op = op
        self.value = value
    }
}

/// What a count condition counts.
public enum SegmentSource: String, Vocabulary {
    case gifts, interactions, relationships
}

/// A count of a person's gifts, interactions or relationships matching filters:
/// `interactions(type = "article_read", within 30 days) >= 3`.
public struct SegmentCount: Sendable, Hashable, Codable {
    /// What is counted.
    public var source: SegmentSource
    /// The filters, all of which must hold.
    public var filters: [SegmentCondition]
    /// Only the last N days, if given.
    public var withinDays: Int?
    /// The comparison of the count.
    public var op: SegmentOperator
    /// The number compared with.
    public var count: Int

    /// Creates a count condition; by default "at least one".
    public init(_ source: SegmentSource, filters: [SegmentCondition] = [], withinDays: Int? = nil, op: SegmentOperator = .greaterOrEqual, count: Int = 1) {
        self.source = source
        self.filters = filters
        self.withinDays = withinDays
        self.op = op
        self.count = count
    }
}

/// A segment rule: conditions combined with and, or, not and nesting. Its JSON form is `{"and": [...]}`, `{"or": [...]}`,
/// `{"not": …}`, `{"field": …, "op": …, "value": …}` or `{"count": "gifts", "where": [...], "withinDays": …, "op": …, "value": …}`.
public indirect enum SegmentRule: Sendable, Hashable, Codable {
    case and([SegmentRule]), or([SegmentRule]), not(SegmentRule), condition(SegmentCondition), count(SegmentCount)

    private enum Key: String, CodingKey { case and, or, not, field, op, value, count, `where`, withinDays }

    /// Decodes the JSON form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        if let rules = try container.decodeIfPresent([SegmentRule].self, forKey: .and) { self = .and(rules) }
        else if let rules = try container.decodeIfPresent([SegmentRule].self, forKey: .or) { self = .or(rules) }
        else if let rule = try container.decodeIfPresent(SegmentRule.self, forKey: .not) { self = .not(rule) }
        else if let source = try container.decodeIfPresent(SegmentSource.self, forKey: .count) {
            self = .count(SegmentCount(source, filters: try container.decodeIfPresent([SegmentCondition].self, forKey: .where) ?? [],
                                       withinDays: try container.decodeIfPresent(Int.self, forKey: .withinDays),
                                       op: try container.decodeIfPresent(SegmentOperator.self, forKey: .op) ?? .greaterOrEqual,
                                       count: try container.decodeIfPresent(Int.self, forKey: .value) ?? 1))
        } else {
            self = .condition(SegmentCondition(try container.decode(String.self, forKey: .field), try container.decode(SegmentOperator.self, forKey: .op),
                                               try container.decodeIfPresent(SegmentValue.self, forKey: .value)))
        }
    }

    /// Encodes the JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .and(let rules): try container.encode(rules, forKey: .and)
        case .or(let rules): try container.encode(rules, forKey: .or)
        case .not(let rule): try container.encode(rule, forKey: .not)
        case .condition(let condition):
            try container.encode(condition.field, forKey: .field)
            try container.encode(condition.op, forKey: .op)
            try container.encodeIfPresent(condition.value, forKey: .value)
        case .count(let count):
            try container.encode(count.source, forKey: .count)
            if !count.filters.isEmpty { try container.encode(count.filters, forKey: .where) }
            try container.encodeIfPresent(count.withinDays, forKey: .withinDays)
            try container.encode(count.op, forKey: .op)
            try container.encode(count.count, forKey: .value)
        }
    }
}
