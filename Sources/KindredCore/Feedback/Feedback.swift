/// Where a piece of feedback came from.
public enum FeedbackChannel: String, Vocabulary {
    case email, phone, review, social, inPerson = "in_person", web, survey
}

/// The scale a feedback rating is on.
public enum RatingScale: String, Vocabulary {
    /// 0–10, "how likely are you to recommend us".
    case nps
    /// 1–5, "how satisfied are you".
    case csat

    /// The ratings the scale allows.
    public var range: ClosedRange<Int> { self == .nps ? 0...10 : 1...5 }
}

/// The validated fields of a piece of feedback: what a supporter told the organisation, through which channel, with
/// an optional rating, and what Kindred reads in it (the sentiment, and why it needs a follow-up, if it does).
public struct FeedbackFields: Sendable, Hashable, Codable {
    /// The supporter.
    public var constituentId: String
    /// Where it came from.
    public var channel: FeedbackChannel
    /// What they said.
    public var text: String
    /// A rating on `scale`, if they gave one.
    public var rating: Int?
    /// The rating's scale; set exactly when there is a rating.
    public var scale: RatingScale?
    /// Whether it is a complaint (staff say so, whatever the words).
    public var complaint: Bool
    /// The language of the text, when known; else the scorer tells it from the words.
    public var language: FeedbackLanguage?
    /// When it was received, if not when it was recorded.
    public var receivedAt: Timestamp?
    /// How the text reads (derived from it).
    public var sentiment: Sentiment
    /// Why it needs someone to close the loop, if it does (derived).
    public var recoveryReason: RecoveryReason?

    /// Creates a value from its parts, scoring the text and applying the service-recovery rule with `threshold`.
    public init(constituentId: String, channel: FeedbackChannel, text: String, rating: Int? = nil, scale: RatingScale? = nil,
                complaint: Bool = false, language: FeedbackLanguage? = nil, receivedAt: Timestamp? = nil,
                threshold: Double = ServiceRecovery.defaultThreshold) {
        (self.constituentId, self.channel, self.text, self.rating, self.scale) = (constituentId, channel, text, rating, scale)
        (self.complaint, self.language, self.receivedAt) = (complaint, language, receivedAt)
        sentiment = SentimentScorer.score(text, language: language)
        recoveryReason = nil
        recoveryReason = ServiceRecovery.reason(for: self, sentiment: sentiment, threshold: threshold)
    }
}

/// A piece of feedback as sent to the API.
public struct FeedbackInput: RecordInput {
    /// `FeedbackFields.constituentId`, as sent; required.
    public var constituentId: String?
    /// `FeedbackFields.channel`, as sent; required.
    public var channel: FeedbackChannel?
    /// `FeedbackFields.text`, as sent; required unless there is a rating.
    public var text: String?
    /// `FeedbackFields.rating`, as sent; needs `scale`.
    public var rating: Int?
    /// `FeedbackFields.scale`, as sent.
    public var scale: RatingScale?
    /// `FeedbackFields.complaint`, as sent; false when absent.
    public var complaint: Bool?
    /// `FeedbackFields.language`, as sent.
    public var language: FeedbackLanguage?
    /// `FeedbackFields.receivedAt`, as sent; when recorded when absent.
    public var receivedAt: Timestamp?

    /// Creates a value from its parts.
    public init(constituentId: String? = nil, channel: FeedbackChannel? = nil, text: String? = nil, rating: Int? = nil,
                scale: RatingScale? = nil, complaint: Bool? = nil, language: FeedbackLanguage? = nil, receivedAt: Timestamp? = nil) {
        (self.constituentId, self.channel, self.text, self.rating, self.scale) = (constituentId, channel, text, rating, scale)
        (self.complaint, self.language, self.receivedAt) = (complaint, language, receivedAt)
    }

    /// Checks every field: a rating needs its scale and must lie on it, and feedback needs words or a rating.
    public func validated() throws(ValidationFailure) -> FeedbackFields {
        var issues = IssueCollector()
        let text = issues.text(text, "text", maxLength: 10_000) ?? ""
        if let rating {
            if let scale {
                if !scale.range.contains(rating) { issues.add("rating", "must be from \(scale.range.lowerBound) to \(scale.range.upperBound) on the \(scale.rawValue) scale") }
            } else {
                issues.add("scale", "is required with a rating (nps or csat)")
            }
        } else if scale != nil {
            issues.add("rating", "is required with a scale")
        }
        if text.isEmpty && rating == nil { issues.add("text", "is required unless there is a rating") }
        let fields = FeedbackFields(
            constituentId: issues.identifier(constituentId, "constituentId", required: true) ?? "", channel: issues.required(channel, "channel") ?? .web,
            text: text, rating: rating, scale: scale, complaint: complaint ?? false, language: language, receivedAt: receivedAt)
        try issues.throwIfAny()
        return fields
    }
}

/// Why a piece of feedback needs a person to close the loop.
public enum RecoveryReason: String, Vocabulary {
    case detractor, lowSatisfaction = "low_satisfaction", negativeSentiment = "negative_sentiment", complaint
}

/// The service-recovery rule: feedback that shows an unhappy supporter opens a task for a person.
public enum ServiceRecovery {
    /// The sentiment score at or below which feedback needs a follow-up.
    public static let defaultThreshold = -0.3
    /// Working days a follow-up task is due in.
    public static let businessDaysToFollowUp = 2

    /// Why `feedback` (with its `sentiment`) needs a follow-up, or nil: a complaint, an NPS answer of 0–6, a CSAT
    /// answer of 1–2, or a sentiment score at or below `threshold` — in that order of precedence.
    public static func reason(for feedback: FeedbackFields, sentiment: Sentiment?, threshold: Double) -> RecoveryReason? {
        if feedback.complaint { return .complaint }
        if feedback.scale == .nps, let rating = feedback.rating, NPSCategory(score: rating) == .detractor { return .detractor }
        if feedback.scale == .csat, let rating = feedback.rating, rating <= 2 { return .lowSatisfaction }
        if let sentiment, !sentiment.words.isEmpty, sentiment.score <= threshold { return .negativeSentiment }
        return nil
    }
}
