/// How service recovery works for an organisation: how negative feedback must read to need a follow-up, how soon the
/// follow-up is due, and who hears of it when it is overdue.
public struct ServiceRecoverySettings: Sendable, Hashable, Codable {
    /// The sentiment score (−1 to 0) at or below which words alone need a follow-up.
    public var sentimentThreshold: Double
    /// Working days (1 to 30) a follow-up task is due in.
    public var businessDaysToFollowUp: Int
    /// The staff user an overdue follow-up is escalated to; when absent (or disabled), the active admins in turn.
    public var escalationManagerId: String?

    /// The defaults: −0.3, two working days, the admins.
    public static let defaults = ServiceRecoverySettings(sentimentThreshold: ServiceRecovery.defaultThreshold,
                                                         businessDaysToFollowUp: ServiceRecovery.businessDaysToFollowUp)

    /// Creates a value from its parts.
    public init(sentimentThreshold: Double, businessDaysToFollowUp: Int, escalationManagerId: String? = nil) {
        (self.sentimentThreshold, self.businessDaysToFollowUp, self.escalationManagerId) = (sentimentThreshold, businessDaysToFollowUp, escalationManagerId)
    }

    /// The settings if every value is in range.
    public func validated() throws(ValidationFailure) -> ServiceRecoverySettings {
        var issues = IssueCollector()
        if !sentimentThreshold.isFinite || !(-1...0).contains(sentimentThreshold) { issues.add("sentimentThreshold", "must be from -1 to 0") }
        if !(1...30).contains(businessDaysToFollowUp) { issues.add("businessDaysToFollowUp", "must be from 1 to 30") }
        _ = issues.identifier(escalationManagerId, "escalationManagerId")
        try issues.throwIfAny()
        return self
    }

    /// `feedback` with its follow-up reason worked out under these settings.
    public func applied(to feedback: FeedbackFields) -> FeedbackFields {
        var result = feedback
        result.recoveryReason = ServiceRecovery.reason(for: feedback, sentiment: feedback.sentiment, threshold: sentimentThreshold)
        return result
    }
}

/// Whether a supporter's next rated answer after a follow-up was better than the one that caused it.
public enum RecoveryOutcome: String, Vocabulary {
    /// The next answer on the same scale was higher.
    case improved
    /// It was the same or lower.
    case notImproved = "not_improved"
    /// There has been no answer on that scale since.
    case awaitingAnswer = "awaiting_answer"

    /// The outcome of the rating `before` given the person's later ratings on the same scale, oldest first.
    public static func of(before: Int, later: [Int]) -> RecoveryOutcome {
        guard let next = later.first else { return .awaitingAnswer }
        return next > before ? .improved : .notImproved
    }
}
