extension EventEnrichment {
    /// The interaction type whose events are feedback (the default mapping's `Feedback Given`).
    public static let feedbackInteractionType = "feedback_given"

    /// The feedback a `Feedback Given` event records for `constituentId`, or nil when it carries neither words nor a
    /// rating: the words from `text`, `comment`, `feedback` or `message`; `rating` (or `score`) with its `scale` (nps
    /// or csat); `channel` (web by default), `complaint` and `language`; received at the event's time.
    public static func feedback(from message: TrackingMessage, constituentId: String) throws(MessageRejection) -> FeedbackFields? {
        let properties = message.properties
        let text = ["text", "comment", "feedback", "message"].lazy.compactMap { properties[$0]?.stringValue }.first
        let ratingValue = properties["rating"] ?? properties["score"]
        if text == nil && ratingValue == nil { return nil }
        var rating: Int?
        if let ratingValue {
            guard case .number(let number) = ratingValue, number == number.rounded(), abs(number) <= 1_000 else {
                throw MessageRejection("properties.rating must be a whole number on its scale (nps 0–10, csat 1–5)")
            }
            rating = Int(number)
        }
        var scale: RatingScale?
        if let value = properties["scale"], value != .null {
            guard let known = value.stringValue.flatMap(RatingScale.init(rawValue:)) else { throw MessageRejection("properties.scale must be nps or csat") }
            scale = known
        }
        let input = FeedbackInput(
            constituentId: constituentId, channel: properties["channel"]?.stringValue.flatMap(FeedbackChannel.init(rawValue:)) ?? .web,
            text: text, rating: rating, scale: scale, complaint: properties["complaint"] == .bool(true),
            language: properties["language"]?.stringValue.flatMap(FeedbackLanguage.init(rawValue:)), receivedAt: message.timestamp)
        do {
            return try input.validated()
        } catch {
            throw MessageRejection("the feedback is not valid: \(error.summary)")
        }
    }
}
