/// One problem with one field of an input, named by its JSON path (e.g. `emails[1]`).
public struct FieldIssue: Sendable, Hashable, Codable {
    /// The JSON path of the field.
    public let field: String
    /// What is wrong, in plain words.
    public let message: String

    /// Creates an issue for `field`.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// An input that failed validation; carries every problem found, not just the first.
public struct ValidationFailure: Error, Sendable, Equatable {
    /// All problems found.
    public let issues: [FieldIssue]

    /// Creates a failure from its issues.
    public init(_ issues: [FieldIssue]) {
        self.issues = issues
    }

    /// A one-line summary naming every field.
    public var summary: String {
        issues.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
    }
}

/// Collects field issues while an input is validated, then throws them together.
public struct IssueCollector: Sendable {
    /// The issues collected so far.
    public private(set) var issues: [FieldIssue] = []

    /// Creates an empty collector.
    public init() {}

    /// Records an issue.
    public mutating func add(_ field: String, _ message: String) {
        issues.append(FieldIssue(field: field, message: message))
    }

    /// Returns the value, recording "is required" when it is missing.
    public mutating func required<T>(_ value: T?, _ field: String) -> T? {
        if value == nil { add(field, "is required") }
        return value
    }

    /// Trims free text, turns empty into nil and checks its length and characters.
    public mutating func text(_ value: String?, _ field: String, maxLength: Int = 200, required: Bool = false) -> String? {
        let trimmed = value?.trimmingWhitespace()
        guard let trimmed, !trimmed.isEmpty else {
            if required { add(field, "is required") }
            return nil
        }
        if trimmed.utf8.count > maxLength, trimmed.count > maxLength {  // never fewer bytes than characters
            add(field, "must be at most \(maxLength) characters")
        } else if trimmed.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" }) {
            add(field, "must not contain control characters")
        }
        return trimmed
    }

    /// Checks that an external reference (source and external id) is either complete or absent: the pair or neither.
    public mutating func externalReference(source: String?, externalId: String?) -> (String?, String?) {
        let source = text(source, "source", maxLength: 100)
        if let raw = externalId, raw.trimmingWhitespace().isEmpty { add("externalId", "must not be empty; leave it out instead") }
        let externalId = text(externalId, "externalId", maxLength: 200)
        if externalId != nil && source == nil { add("source", "is required when externalId is given") }
        if source != nil && externalId == nil { add("externalId", "is required when source is given") }
        return (source, externalId)
    }

    /// Throws the collected issues, if any.
    public func throwIfAny() throws(ValidationFailure) {
        if !issues.isEmpty { throw ValidationFailure(issues) }
    }
}

extension String {
    /// The string reduced to lower-case ASCII letters and digits, for matching names written in different styles
    /// (`Date Received`, `date_received`, `dateReceived`).
    public var looseKey: String {
        String(lowercased().unicodeScalars.filter(\.isASCIIAlphanumeric).map(Character.init))
    }

    /// The string without leading and trailing whitespace and newlines.
    public func trimmingWhitespace() -> String {
        // Most values start and end with a printable ASCII character: nothing to trim, no Unicode tables to consult.
        if let first = utf8.first, let last = utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) { return self }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
