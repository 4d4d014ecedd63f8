import Foundation

/// What a webhook can be told about.
public enum WebhookEvent: String, Vocabulary {
    case feedbackCreated = "feedback.created", surveyAnswered = "survey.answered", taskOverdue = "task.overdue"
    case segmentEntered = "segment.entered", segmentLeft = "segment.left"
    /// An engagement plan's `call_webhook` step ran for a person.
    case planStep = "plan.step"
    /// People moved to another journey stage (never sent for a first placement).
    case stageChanged = "journey.stage_changed"
}

/// A webhook subscription as sent to the API.
public struct WebhookInput: Sendable, Codable {
    /// Where to POST: an http or https URL.
    public var url: String?
    /// The events to send (at least one).
    public var events: [WebhookEvent]?
    /// Whether deliveries are made; true when absent.
    public var active: Bool?

    /// Creates a value from its parts.
    public init(url: String? = nil, events: [WebhookEvent]? = nil, active: Bool? = nil) { (self.url, self.events, self.active) = (url, events, active) }

    /// The URL (an absolute http or https URL with a host, at most 2,000 characters) and the distinct events, in order.
    public func validated() throws(ValidationFailure) -> (url: String, events: [WebhookEvent], active: Bool) {
        var issues = IssueCollector()
        let url = issues.text(url, "url", maxLength: 2_000, required: true) ?? ""
        if !url.isEmpty {
            let parts = URLComponents(string: url)
            if !["http", "https"].contains(parts?.scheme?.lowercased() ?? "") || (parts?.host ?? "").isEmpty || url.contains(where: \.isWhitespace) {
                issues.add("url", "must be an http or https URL with a host")
            }
        }
        var distinct: [WebhookEvent] = []
        for event in events ?? [] where !distinct.contains(event) { distinct.append(event) }
        if distinct.isEmpty { issues.add("events", "must name at least one of: \(WebhookEvent.allowedValues)") }
        try issues.throwIfAny()
        return (url, distinct, active ?? true)
    }
}

/// When a failed delivery is tried again: 30 seconds doubled with each attempt, at most six hours; after
/// `maximumAttempts` it is given up.
public enum WebhookBackoff {
    /// Attempts before a delivery is given up.
    public static let maximumAttempts = 8

    /// Milliseconds to wait after the `attempts`-th failed attempt (1 or more).
    public static func delay(afterAttempts attempts: Int) -> Int64 {
        min(30_000 << Int64(max(0, min(attempts - 1, 20))), 6 * 3_600_000)
    }
}
