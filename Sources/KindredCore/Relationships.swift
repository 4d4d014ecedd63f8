/// The validated fields of a household: people who live and give together.
public struct HouseholdFields: Sendable, Hashable, Codable {
    /// The household's name, e.g. "The Jansen family".
    public var name: String
    /// The system the record came from.
    public var source: String?
    /// The record's id in that system.
    public var externalId: String?

    /// Creates a value from its parts.
    public init(name: String, source: String? = nil, externalId: String? = nil) {
        self.name = name
        self.source = source
        self.externalId = externalId
    }
}

/// A household as sent to the API.
public struct HouseholdInput: RecordInput {
    /// `HouseholdFields.name`, as sent; checked by `validated()`.
    public var name: String?
    /// `HouseholdFields.source`, as sent; checked by `validated()`.
    public var source: String?
    /// `HouseholdFields.externalId`, as sent; checked by `validated()`.
    public var externalId: String?

    /// Validates the name and external reference.
    public func validated() throws(ValidationFailure) -> HouseholdFields {
        var issues = IssueCollector()
        var fields = HouseholdFields(name: issues.text(name, "name", required: true) ?? "")
        (fields.source, fields.externalId) = issues.externalReference(source: source, externalId: externalId)
        try issues.throwIfAny()
        return fields
    }

    /// Creates a value from its parts.
    public init(name: String? = nil, source: String? = nil, externalId: String? = nil) {
        self.name = name
        self.source = source
        self.externalId = externalId
    }
}

/// The validated fields of a directional relationship: `fromId` is <kind> `toId`
/// (e.g. a caregiver is `caregiver_of` a client).
public struct RelationshipFields: Sendable, Hashable, Codable {
    /// The constituent the relationship starts from.
    public var fromId: String
    /// The constituent it points to.
    public var toId: String
    /// The kind of relationship.
    public var kind: RelationshipKind
    /// The organisation's own name for a `custom` relationship.
    public var customKind: String?
    /// The kind of caregiver, for `caregiver_of`.
    public var caregiverKind: CaregiverKind?
    /// When it began.
    public var startedOn: CalendarDate?
    /// When it ended.
    public var endedOn: CalendarDate?
    /// A short note.
    public var note: String?

    /// Creates a value from its parts.
    public init(fromId: String, toId: String, kind: RelationshipKind, customKind: String? = nil, caregiverKind: CaregiverKind? = nil, startedOn: CalendarDate? = nil, endedOn: CalendarDate? = nil, note: String? = nil) {
        self.fromId = fromId
        self.toId = toId
        self.kind = kind
        self.customKind = customKind
        self.caregiverKind = caregiverKind
        self.startedOn = startedOn
        self.endedOn = endedOn
        self.note = note
    }
}

/// A relationship as sent to the API.
public struct RelationshipInput: RecordInput {
    /// `RelationshipFields.fromId`, as sent; checked by `validated()`.
    public var fromId: String?
    /// `RelationshipFields.toId`, as sent; checked by `validated()`.
    public var toId: String?
    /// `RelationshipFields.kind`, as sent; checked by `validated()`.
    public var kind: RelationshipKind?
    /// `RelationshipFields.customKind`, as sent; checked by `validated()`.
    public var customKind: String?
    /// `RelationshipFields.caregiverKind`, as sent; checked by `validated()`.
    public var caregiverKind: CaregiverKind?
    /// `RelationshipFields.startedOn`, as sent; checked by `validated()`.
    public var startedOn: CalendarDate?
    /// `RelationshipFields.endedOn`, as sent; checked by `validated()`.
    public var endedOn: CalendarDate?
    /// `RelationshipFields.note`, as sent; checked by `validated()`.
    public var note: String?

    /// Validates both ends, the kind and its qualifiers, and the dates.
    public func validated() throws(ValidationFailure) -> RelationshipFields {
        var issues = IssueCollector()
        let from = issues.identifier(fromId, "fromId", required: true)
        let to = issues.identifier(toId, "toId", required: true)
        if let from, from == to { issues.add("toId", "must differ from fromId") }
        let kind = issues.required(kind, "kind")
        let custom = issues.text(customKind, "customKind", maxLength: 50)
        if kind == .custom && custom == nil { issues.add("customKind", "is required for a custom relationship") }
        if kind != .custom && custom != nil { issues.add("customKind", "is only for custom relationships") }
        if kind != .caregiverOf && caregiverKind != nil { issues.add("caregiverKind", "is only for caregiver_of relationships") }
        if let startedOn, let endedOn, endedOn < startedOn { issues.add("endedOn", "must not be before startedOn") }
        let fields = RelationshipFields(
            fromId: from ?? "", toId: to ?? "", kind: kind ?? .custom, customKind: custom,
            caregiverKind: kind == .caregiverOf ? (caregiverKind ?? .other) : nil,
            startedOn: startedOn, endedOn: endedOn, note: issues.text(note, "note", maxLength: 1000))
        try issues.throwIfAny()
        return fields
    }

    /// Creates a value from its parts.
    public init(fromId: String? = nil, toId: String? = nil, kind: RelationshipKind? = nil, customKind: String? = nil, caregiverKind: CaregiverKind? = nil, startedOn: CalendarDate? = nil, endedOn: CalendarDate? = nil, note: String? = nil) {
        self.fromId = fromId
        self.toId = toId
        self.kind = kind
        self.customKind = customKind
        self.caregiverKind = caregiverKind
        self.startedOn = startedOn
        self.endedOn = endedOn
        self.note = note
    }
}

/// The validated fields of a campaign, project or fund that gifts can name.
public struct DesignationFields: Sendable, Hashable, Codable {
    /// The name.
    public var name: String
    /// A short code, unique within its kind (e.g. `XMAS24`).
    public var code: String?
    /// What it is about; for campaigns, the impact text used in messages.
    public var description: String?
    /// The fundraising goal in minor units.
    public var goalMinor: Int64?
    /// The goal's currency; required with a goal.
    public var currency: Currency?
    /// First day.
    public var startsOn: CalendarDate?
    /// Last day.
    public var endsOn: CalendarDate?
    /// The system the record came from.
    public var source: String?
    /// The record's id in that system.
    public var externalId: String?

    /// Creates a value from its parts.
    public init(name: String, code: String? = nil, description: String? = nil, goalMinor: Int64? = nil, currency: Currency? = nil, startsOn: CalendarDate? = nil, endsOn: CalendarDate? = nil, source: String? = nil, externalId: String? = nil) {
        self.name = name
        self.code = code
        self.description = description
        self.goalMinor = goalMinor
        self.currency = currency
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.source = source
        self.externalId = externalId
    }
}

/// A campaign, project or fund as sent to the API.
public struct DesignationInput: RecordInput {
    /// `DesignationFields.name`, as sent; checked by `validated()`.
    public var name: String?
    /// `DesignationFields.code`, as sent; checked by `validated()`.
    public var code: String?
    /// `DesignationFields.description`, as sent; checked by `validated()`.
    public var description: String?
    /// `DesignationFields.goalMinor`, as sent; checked by `validated()`.
    public var goalMinor: Int64?
    /// `DesignationFields.currency`, as sent; checked by `validated()`.
    public var currency: Currency?
    /// `DesignationFields.startsOn`, as sent; checked by `validated()`.
    public var startsOn: CalendarDate?
    /// `DesignationFields.endsOn`, as sent; checked by `validated()`.
    public var endsOn: CalendarDate?
    /// `DesignationFields.source`, as sent; checked by `validated()`.
    public var source: String?
    /// `DesignationFields.externalId`, as sent; checked by `validated()`.
    public var externalId: String?

    /// Validates the name, code, goal and dates.
    public func validated() throws(ValidationFailure) -> DesignationFields {
        var issues = IssueCollector()
        let goal = issues.amount(goalMinor, "goalMinor", required: false)
        if goal != nil && currency == nil { issues.add("currency", "is required with goalMinor") }
        if let startsOn, let endsOn, endsOn < startsOn { issues.add("endsOn", "must not be before startsOn") }
        var fields = DesignationFields(
            name: issues.text(name, "name", required: true) ?? "", code: issues.text(code, "code", maxLength: 50),
            description: issues.text(description, "description", maxLength: 5000), goalMinor: goal, currency: currency,
            startsOn: startsOn, endsOn: endsOn)
        (fields.source, fields.externalId) = issues.externalReference(source: source, externalId: externalId)
        try issues.throwIfAny()
        return fields
    }

    /// Creates a value from its parts.
    public init(name: String? = nil, code: String? = nil, description: String? = nil, goalMinor: Int64? = nil, currency: Currency? = nil, startsOn: CalendarDate? = nil, endsOn: CalendarDate? = nil, source: String? = nil, externalId: String? = nil) {
        self.name = name
        self.code = code
        self.description = description
        self.goalMinor = goalMinor
        self.currency = currency
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.source = source
        self.externalId = externalId
    }
}
