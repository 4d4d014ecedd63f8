/// One piece of feedback as the report counts it.
public struct FeedbackFact: Sendable, Hashable {
    /// Where it came from.
    public let channel: FeedbackChannel
    /// The month it was received, `YYYY-MM`.
    public let month: String
    /// Its rating and scale, if any.
    public let rating: Int?, scale: RatingScale?
    /// How it reads.
    public let sentiment: SentimentLabel
    /// Whether it needed a follow-up.
    public let needsFollowUp: Bool
    /// For a rating that needed a follow-up: whether the person's next rating on the scale was better.
    public let recoveryOutcome: RecoveryOutcome?
    /// The supporter's loyalty level now.
    public let loyalty: LoyaltyLevel?
    /// The campaign of the supporter's last gift before it, if it had one.
    public let campaign: String?

    /// Creates a fact.
    public init(channel: FeedbackChannel, month: String, rating: Int?, scale: RatingScale?, sentiment: SentimentLabel, needsFollowUp: Bool,
                recoveryOutcome: RecoveryOutcome? = nil, loyalty: LoyaltyLevel? = nil, campaign: String? = nil) {
        (self.channel, self.month, self.rating, self.scale, self.sentiment, self.needsFollowUp) = (channel, month, rating, scale, sentiment, needsFollowUp)
        (self.recoveryOutcome, self.loyalty, self.campaign) = (recoveryOutcome, loyalty, campaign)
    }
}

/// The figures of a set of feedback: how many, NPS over the NPS answers, CSAT over the CSAT answers, how the texts
/// read, and how many needed a follow-up.
public struct FeedbackFigures: Sendable, Hashable, Encodable {
    /// Pieces of feedback.
    public let feedback: Int
    /// The Net Promoter Score of the NPS ratings.
    public let nps: NetPromoterScore
    /// Customer satisfaction of the CSAT ratings.
    public let csat: SatisfactionScore
    /// Pieces whose text reads positive, neutral and negative.
    public let positive: Int, neutral: Int, negative: Int
    /// Pieces that opened a service-recovery task.
    public let needingFollowUp: Int
    /// Of the ratings that needed a follow-up: how many were followed by a better rating on the same scale, by one no
    /// better, and by none yet.
    public let improvedAfterFollowUp: Int, notImprovedAfterFollowUp: Int, awaitingNextAnswer: Int

    /// Counts `facts`.
    public init(_ facts: [FeedbackFact]) {
        feedback = facts.count
        nps = NetPromoterScore(facts.compactMap { $0.scale == .nps ? $0.rating : nil })
        csat = SatisfactionScore(facts.compactMap { $0.scale == .csat ? $0.rating : nil })
        positive = facts.filter { $0.sentiment == .positive }.count
        neutral = facts.filter { $0.sentiment == .neutral }.count
        negative = facts.filter { $0.sentiment == .negative }.count
        needingFollowUp = facts.filter(\.needsFollowUp).count
        improvedAfterFollowUp = facts.filter { $0.recoveryOutcome == .improved }.count
        notImprovedAfterFollowUp = facts.filter { $0.recoveryOutcome == .notImproved }.count
        awaitingNextAnswer = facts.filter { $0.recoveryOutcome == .awaitingAnswer }.count
    }
}

/// Feedback over a period: overall, by channel and by month.
public struct FeedbackReport: Sendable, Hashable, Encodable {
    /// The first and last day counted.
    public let from: CalendarDate, to: CalendarDate
    /// Everything in the period.
    public let overall: FeedbackFigures
    /// Per channel that had feedback, in the vocabulary's order.
    public let byChannel: [Group]
    /// Per month that had feedback, oldest first.
    public let byMonth: [Group]
    /// Per loyalty level (now) that had feedback, in the vocabulary's order.
    public let byLoyalty: [Group]
    /// Per campaign of the supporter's last gift before the feedback, by name; `none` for feedback from people without one.
    public let byCampaign: [Group]
    /// The latest words, newest first, at most `verbatimLimit`.
    public let verbatims: [FeedbackVerbatim]

    /// The most verbatims listed.
    public static let verbatimLimit = 20

    /// The figures of one channel or month.
    public struct Group: Sendable, Hashable, Encodable {
        /// The channel or the month (`YYYY-MM`).
        public let key: String
        /// Its figures.
        public let figures: FeedbackFigures
    }

    /// Groups `facts` received from `from` to `to`.
    public init(from: CalendarDate, to: CalendarDate, facts: [FeedbackFact], verbatims: [FeedbackVerbatim] = []) {
        (self.from, self.to) = (from, to)
        overall = FeedbackFigures(facts)
        let channels = Dictionary(grouping: facts, by: \.channel), months = Dictionary(grouping: facts, by: \.month)
        byChannel = FeedbackChannel.allCases.compactMap { channel in channels[channel].map { Group(key: channel.rawValue, figures: FeedbackFigures($0)) } }
        byMonth = months.keys.sorted().map { Group(key: $0, figures: FeedbackFigures(months[$0]!)) }
        let levels = Dictionary(grouping: facts.filter { $0.loyalty != nil }, by: { $0.loyalty! })
        byLoyalty = LoyaltyLevel.allCases.compactMap { level in levels[level].map { Group(key: level.rawValue, figures: FeedbackFigures($0)) } }
        let campaigns = Dictionary(grouping: facts, by: { $0.campaign ?? "none" })
        byCampaign = campaigns.keys.sorted().map { Group(key: $0, figures: FeedbackFigures(campaigns[$0]!)) }
        self.verbatims = Array(verbatims.prefix(Self.verbatimLimit))
    }
}

/// A piece of feedback's words as a report quotes them.
public struct FeedbackVerbatim: Sendable, Hashable, Encodable {
    /// When it was received.
    public let receivedAt: Timestamp
    /// Where it came from.
    public let channel: FeedbackChannel
    /// Its rating and scale, if any.
    public let rating: Int?, scale: RatingScale?
    /// How it reads.
    public let sentiment: SentimentLabel
    /// The words.
    public let text: String

    /// Creates a value from its parts.
    public init(receivedAt: Timestamp, channel: FeedbackChannel, rating: Int?, scale: RatingScale?, sentiment: SentimentLabel, text: String) {
        (self.receivedAt, self.channel, self.rating, self.scale, self.sentiment, self.text) = (receivedAt, channel, rating, scale, sentiment, text)
    }
}
