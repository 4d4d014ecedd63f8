/// What a staff task asks for.
public enum TaskKind: String, Vocabulary {
    case call, email, meeting, thankYou = "thank_you", followUp = "follow_up", serviceRecovery = "service_recovery", other
}

/// Where a staff task stands.
public enum TaskStatus: String, Vocabulary { case open, done, cancelled }

/// The validated fields of a staff task: something a person on the staff should do about one constituent, by a date.
public struct StaffTaskFields: Sendable, Hashable, Codable {
    /// The constituent the task is about.
    public var constituentId: String
    /// What to do, in a line.
    public var title: String
    /// What kind of work it is.
    public var kind: TaskKind
    /// More detail, if any.
    public var details: String?
    /// The staff user who should do it; nil while unassigned.
    public var assigneeId: String?
    /// The day it should be done by.
    public var dueOn: CalendarDate
    /// Open, done or cancelled.
    public var status: TaskStatus
    /// The day it was done or cancelled; set exactly when the task is no longer open.
    public var closedOn: CalendarDate?
    /// How it ended: what was said or agreed, why it was cancelled.
    public var outcome: String?

    /// Creates a value from its parts.
    public init(constituentId: String, title: String, kind: TaskKind, details: String? = nil, assigneeId: String? = nil,
                dueOn: CalendarDate, status: TaskStatus = .open, closedOn: CalendarDate? = nil, outcome: String? = nil) {
        self.constituentId = constituentId
        self.title = title
        self.kind = kind
        self.details = details
        self.assigneeId = assigneeId
        self.dueOn = dueOn
        self.status = status
        self.closedOn = closedOn
        self.outcome = outcome
    }

    /// Whether the task is still open after its due day.
    public func isOverdue(today: CalendarDate) -> Bool {
        status == .open && dueOn < today
    }
}

/// A staff task as sent to the API.
public struct StaffTaskInput: RecordInput {
    /// `StaffTaskFields.constituentId`, as sent; checked by `validated()`.
    public var constituentId: String?
    /// `StaffTaskFields.title`, as sent; checked by `validated()`.
    public var title: String?
    /// `StaffTaskFields.kind`, as sent; `other` when absent.
    public var kind: TaskKind?
    /// `StaffTaskFields.details`, as sent; checked by `validated()`.
    public var details: String?
    /// `StaffTaskFields.assigneeId`, as sent; checked by `validated()`.
    public var assigneeId: String?
    /// `StaffTaskFields.dueOn`, as sent; required.
    public var dueOn: CalendarDate?
    /// `StaffTaskFields.status`, as sent; `open` when absent.
    public var status: TaskStatus?
    /// `StaffTaskFields.closedOn`, as sent; required when the status is done or cancelled, refused while open.
    public var closedOn: CalendarDate?
    /// `StaffTaskFields.outcome`, as sent; checked by `validated()`.
    public var outcome: String?

    /// Validates the texts, the ids and that the closing day goes with a closed status.
    public func validated() throws(ValidationFailure) -> StaffTaskFields {
        var issues = IssueCollector()
        let status = status ?? .open
        if status == .open, closedOn != nil { issues.add("closedOn", "must be empty while the task is open") }
        if status != .open, closedOn == nil { issues.add("closedOn", "is required when the task is \(status.rawValue)") }
        let fields = StaffTaskFields(
            constituentId: issues.identifier(constituentId, "constituentId", required: true) ?? "",
            title: issues.text(title, "title", maxLength: 200, required: true) ?? "", kind: kind ?? .other,
            details: issues.text(details, "details", maxLength: 5000), assigneeId: issues.identifier(assigneeId, "assigneeId"),
            dueOn: issues.required(dueOn, "dueOn") ?? CalendarDate(daysSinceEpoch: 0), status: status, closedOn: closedOn, outcome: issues.text(outcome, "outcome", maxLength: 2000))
        try issues.throwIfAny()
        return fields
    }

    /// Creates a value from its parts.
    public init(constituentId: String? = nil, title: String? = nil, kind: TaskKind? = nil, details: String? = nil, assigneeId: String? = nil,
                dueOn: CalendarDate? = nil, status: TaskStatus? = nil, closedOn: CalendarDate? = nil, outcome: String? = nil) {
        self.constituentId = constituentId
        self.title = title
        self.kind = kind
        self.details = details
        self.assigneeId = assigneeId
        self.dueOn = dueOn
        self.status = status
        self.closedOn = closedOn
        self.outcome = outcome
    }
}

extension CalendarDate {
    /// The day `count` working days (Monday to Friday) after this one; a weekend day counts from the next Monday.
    public func addingBusinessDays(_ count: Int) -> CalendarDate {
        var day = daysSinceEpoch
        var remaining = count
        while remaining > 0 {
            day += 1
            if !CalendarDate(daysSinceEpoch: day).isWeekend { remaining -= 1 }
        }
        return CalendarDate(daysSinceEpoch: day)
    }

    /// Whether the day is a Saturday or a Sunday.
    public var isWeekend: Bool {
        // 1970-01-01 was a Thursday: day 0 → weekday index 3 with Monday = 0.
        let weekday = ((daysSinceEpoch % 7) + 7 + 3) % 7
        return weekday >= 5
    }
}
