/// A stored record: its identity and timestamps plus the validated fields of its kind.
/// In JSON the fields sit beside `id`, `createdAt` and `updatedAt` in one flat object.
public struct Record<Fields: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    /// The record's UUIDv7.
    public let id: String
    /// When the record was created.
    public let createdAt: Timestamp
    /// When the record last changed.
    public let updatedAt: Timestamp
    /// The record's own fields.
    public let fields: Fields

    /// Creates a record.
    public init(id: String, createdAt: Timestamp, updatedAt: Timestamp, fields: Fields) {
        self.id = id
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.fields = fields
    }

    private enum CodingKeys: String, CodingKey { case id, createdAt, updatedAt }

    /// Decodes the flat form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        createdAt = try container.decode(Timestamp.self, forKey: .createdAt)
        updatedAt = try container.decode(Timestamp.self, forKey: .updatedAt)
        fields = try Fields(from: decoder)
    }

    /// Encodes the flat form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try fields.encode(to: encoder)
    }
}

/// An input as it arrives from the API or a file: every field optional, checked by `validated()`.
public protocol RecordInput: Sendable, Codable {
    /// The validated fields this input describes.
    associatedtype Fields: Sendable & Hashable & Codable
    /// Checks every field and returns the validated fields, or every problem found.
    func validated() throws(ValidationFailure) -> Fields
}

extension IssueCollector {
    /// Checks that an optional identifier, when given, is a canonical UUID.
    public mutating func identifier(_ value: String?, _ field: String, required: Bool = false) -> String? {
        guard let value else {
            if required { add(field, "is required") }
            return nil
        }
        if !RecordIdentifier.isValid(value) { add(field, "must be a record id (a lower-case UUID)") }
        return value
    }

    /// Checks an amount in minor units: non-negative (positive unless zero is allowed) and not absurd.
    public mutating func amount(_ value: Int64?, _ field: String, required: Bool = true, allowZero: Bool = false) -> Int64? {
        guard let value else {
            if required { add(field, "is required") }
            return nil
        }
        if value < 0 || (!allowZero && value == 0) {
            add(field, allowZero ? "must not be negative" : "must be greater than zero")
        } else if value > maximumAmountMinor {
            add(field, "must be at most \(maximumAmountMinor) minor units")
        }
        return value
    }

    /// Checks a list of short labels (tags): trimmed, non-empty, unique, limited in size and number.
    public mutating func labels(_ values: [String]?, _ field: String, maxCount: Int = 50, maxLength: Int = 50) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for (index, raw) in (values ?? []).enumerated() {
            guard let label = text(raw, "\(field)[\(index)]", maxLength: maxLength, required: true) else { continue }
            if seen.insert(label.lowercased()).inserted { result.append(label) }
        }
        if result.count > maxCount { add(field, "must have at most \(maxCount) entries") }
        return result
    }
}
