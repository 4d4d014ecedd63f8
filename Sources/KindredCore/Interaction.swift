/// The validated fields of an interaction: one touchpoint on a constituent's timeline.
public struct InteractionFields: Sendable, Hashable, Codable {
    /// The constituent.
    public var constituentId: String
    /// What happened, in snake_case: `email_opened`, `article_read`, `call`, `volunteer_shift`…
    public var type: String
    /// Where it happened: `email`, `web`, `social`, `phone`, `event`…
    public var channel: String
    /// When it happened.
    public var occurredAt: Timestamp
    /// Inbound (the constituent acted) or outbound (the organisation reached out).
    public var direction: InteractionDirection
    /// Free properties (article title, URL, campaign…).
    public var properties: [String: JSONValue]
    /// The system the record came from.
    public var source: String?
    /// The record's id in that system.
    public var externalId: String?

    /// Creates a value from its parts.
    public init(constituentId: String, type: String, channel: String, occurredAt: Timestamp, direction: InteractionDirection, properties: [String: JSONValue], source: String? = nil, externalId: String? = nil) {
        self.constituentId = constituentId
        self.type = type
        self.channel = channel
        self.occurredAt = occurredAt
        self.direction = direction
        self.properties = properties
        self.source = source
        self.externalId = externalId
    }
}

/// An interaction as sent to the API.
public struct InteractionInput: RecordInput {
    /// `InteractionFields.constituentId`, as sent; checked by `validated()`.
    public var constituentId: String?
    /// `InteractionFields.type`, as sent; checked by `validated()`.
    public var type: String?
    /// `InteractionFields.channel`, as sent; checked by `validated()`.
    public var channel: String?
    /// `InteractionFields.occurredAt`, as sent; checked by `validated()`.
    public var occurredAt: Timestamp?
    /// `InteractionFields.direction`, as sent; checked by `validated()`.
    public var direction: InteractionDirection?
    /// `InteractionFields.properties`, as sent; checked by `validated()`.
    public var properties: [String: JSONValue]?
    /// `InteractionFields.source`, as sent; checked by `validated()`.
    public var source: String?
    /// `InteractionFields.externalId`, as sent; checked by `validated()`.
    public var externalId: String?

    /// Validates the type and channel names, the time and the size of the properties.
    public func validated() throws(ValidationFailure) -> InteractionFields {
        var issues = IssueCollector()
        let type = Self.snakeCase(self.type, "type", &issues, required: true)
        let channel = Self.snakeCase(self.channel, "channel", &issues, required: false) ?? "other"
        if let properties, properties.count > 100 { issues.add("properties", "must have at most 100 members") }
        var fields = InteractionFields(
            constituentId: issues.identifier(constituentId, "constituentId", required: true) ?? "",
            type: type ?? "", channel: channel, occurredAt: issues.required(occurredAt, "occurredAt") ?? Timestamp(millisecondsSinceEpoch: 0),
            direction: direction ?? .inbound, properties: properties ?? [:])
        (fields.source, fields.externalId) = issues.externalReference(source: source, externalId: externalId)
        try issues.throwIfAny()
        return fields
    }

    /// Checks a snake_case name: lower-case letters, digits and underscores, starting with a letter.
    static func snakeCase(_ value: String?, _ field: String, _ issues: inout IssueCollector, required: Bool) -> String? {
        guard let value = issues.text(value, field, maxLength: 64, required: required) else { return nil }
        let scalars = value.unicodeScalars
        guard let first = scalars.first, ("a"..."z").contains(first),
              scalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
            issues.add(field, "must be snake_case: lower-case letters, digits and underscores, starting with a letter")
            return nil
        }
        return value
    }

    /// Creates a value from its parts.
    public init(constituentId: String? = nil, type: String? = nil, channel: String? = nil, occurredAt: Timestamp? = nil, direction: InteractionDirection? = nil, properties: [String: JSONValue]? = nil, source: String? = nil, externalId: String? = nil) {
        self.constituentId = constituentId
        self.type = type
        self.channel = channel
        self.occurredAt = occurredAt
        self.direction = direction
        self.properties = properties
        self.source = source
        self.externalId = externalId
    }
}

/// The validated fields of a consent record. Records are history: the latest per channel is the current state.
public struct ConsentFields: Sendable, Hashable, Codable {
    /// The constituent.
    public var constituentId: String
    /// The channel consented to.
    public var channel: ConsentChannel
    /// Granted or withdrawn.
    public var status: ConsentStatus
    /// When the constituent gave or withdrew it.
    public var recordedAt: Timestamp
    /// Where it was given: `donation_form`, `phone_call`, `preference_centre`…
    public var source: String
    /// A short note, e.g. the wording the constituent agreed to.
    public var note: String?

    /// Creates a value from its parts.
    public init(constituentId: String, channel: ConsentChannel, status: ConsentStatus, recordedAt: Timestamp, source: String, note: String? = nil) {
        self.constituentId = constituentId
        self.channel = channel
        self.status = status
        self.recordedAt = recordedAt
        self.source = source
        self.note = note
    }
}

/// A consent record as sent to the API.
public struct ConsentInput: RecordInput {
    /// `ConsentFields.constituentId`, as sent; checked by `validated()`.
    public var constituentId: String?
    /// `ConsentFields.channel`, as sent; checked by `validated()`.
    public var channel: ConsentChannel?
    /// `ConsentFields.status`, as sent; checked by `validated()`.
    public var status: ConsentStatus?
    /// `ConsentFields.recordedAt`, as sent; checked by `validated()`.
    public var recordedAt: Timestamp?
    /// `ConsentFields.source`, as sent; checked by `validated()`.
    public var source: String?
    /// `ConsentFields.note`, as sent; checked by `validated()`.
    public var note: String?

    /// Validates the channel, status, time and source.
    public func validated() throws(ValidationFailure) -> ConsentFields {
        var issues = IssueCollector()
        let fields = ConsentFields(
            constituentId: issues.identifier(constituentId, "constituentId", required: true) ?? "",
            channel: issues.required(channel, "channel") ?? .email, status: issues.required(status, "status") ?? .granted,
            recordedAt: issues.required(recordedAt, "recordedAt") ?? Timestamp(millisecondsSinceEpoch: 0),
            source: issues.text(source, "source", maxLength: 100, required: true) ?? "",
            note: issues.text(note, "note", maxLength: 1000))
        try issues.throwIfAny()
        return fields
    }

    /// Creates a value from its parts.
    public init(constituentId: String? = nil, channel: ConsentChannel? = nil, status: ConsentStatus? = nil, recordedAt: Timestamp? = nil, source: String? = nil, note: String? = nil) {
        self.constituentId = constituentId
        self.channel = channel
        self.status = status
        self.recordedAt = recordedAt
        self.source = source
        self.note = note
    }
}
