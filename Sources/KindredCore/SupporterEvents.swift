/// Whether a supporter event takes registrations.
public enum SupporterEventStatus: String, Vocabulary { case open, closed, cancelled }

/// The validated fields of a supporter event: an open day, an "open" where supporters shape a campaign, a meeting.
public struct SupporterEventFields: Sendable, Hashable, Codable {
    /// Its name.
    public var name: String
    /// What it is about.
    public var description: String?
    /// When it starts and ends.
    public var startsAt: Timestamp, endsAt: Timestamp?
    /// Where.
    public var location: String?
    /// The most registrations taken; unlimited when absent.
    public var capacity: Int?
    /// Whether it takes registrations.
    public var status: SupporterEventStatus
    /// The survey attendees are asked to answer afterwards, if any.
    public var surveyId: String?

    /// Creates a value from its parts.
    public init(name: String, description: String? = nil, startsAt: Timestamp, endsAt: Timestamp? = nil, location: String? = nil, capacity: Int? = nil,
                status: SupporterEventStatus = .open, surveyId: String? = nil) {
        (self.name, self.description, self.startsAt, self.endsAt, self.location) = (name, description, startsAt, endsAt, location)
        (self.capacity, self.status, self.surveyId) = (capacity, status, surveyId)
    }
}

/// A supporter event as sent to the API.
public struct SupporterEventInput: RecordInput {
    /// `SupporterEventFields.name`; required.
    public var name: String?
    /// `SupporterEventFields.description`.
    public var description: String?
    /// `SupporterEventFields.startsAt`; required.
    public var startsAt: Timestamp?
    /// `SupporterEventFields.endsAt`; not before the start.
    public var endsAt: Timestamp?
    /// `SupporterEventFields.location`.
    public var location: String?
    /// `SupporterEventFields.capacity`; 1 to 100,000.
    public var capacity: Int?
    /// `SupporterEventFields.status`; open when absent.
    public var status: SupporterEventStatus?
    /// `SupporterEventFields.surveyId`.
    public var surveyId: String?

    /// Creates a value from its parts.
    public init(name: String? = nil, description: String? = nil, startsAt: Timestamp? = nil, endsAt: Timestamp? = nil, location: String? = nil,
                capacity: Int? = nil, status: SupporterEventStatus? = nil, surveyId: String? = nil) {
        (self.name, self.description, self.startsAt, self.endsAt, self.location) = (name, description, startsAt, endsAt, location)
        (self.capacity, self.status, self.surveyId) = (capacity, status, surveyId)
    }

    /// Checks every field: a name and start, an end not before the start, a capacity of 1 to 100,000.
    public func validated() throws(ValidationFailure) -> SupporterEventFields {
        var issues = IssueCollector()
        let name = issues.text(name, "name", required: true) ?? ""
        let description = issues.text(description, "description", maxLength: 4_000)
        let location = issues.text(location, "location", maxLength: 300)
        let startsAt = issues.required(startsAt, "startsAt")
        if let startsAt, let endsAt, endsAt < startsAt { issues.add("endsAt", "must not be before startsAt") }
        if let capacity, !(1...100_000).contains(capacity) { issues.add("capacity", "must be from 1 to 100000") }
        let surveyId = issues.identifier(surveyId, "surveyId")
        try issues.throwIfAny()
        return SupporterEventFields(name: name, description: description, startsAt: startsAt ?? Timestamp(millisecondsSinceEpoch: 0), endsAt: endsAt,
                                    location: location, capacity: capacity, status: status ?? .open, surveyId: surveyId)
    }
}
