/// Something a person did that counts in their engagement: an interaction or a counted gift.
public struct EngagementActivity: Sendable, Hashable {
    /// `interaction` or `gift`.
    public let kind: String
    /// The interaction's or gift's id.
    public let id: String
    /// The interaction type, or `gift`.
    public let type: String
    /// When it happened.
    public let occurredAt: Timestamp

    /// Creates an activity.
    public init(kind: String, id: String, type: String, occurredAt: Timestamp) {
        self.kind = kind
        self.id = id
        self.type = type
        self.occurredAt = occurredAt
    }
}

/// What one activity contributes now: its weight, decayed.
public struct EngagementContribution: Sendable, Hashable, Codable {
    /// `interaction` or `gift`.
    public let kind: String
    /// The interaction's or gift's id.
    public let id: String
    /// The interaction type, or `gift`.
    public let type: String
    /// The dimension it counts in.
    public let dimension: EngagementDimension
    /// When it happened.
    public let occurredAt: Timestamp
    /// Its weight when it happened.
    public let weight: Double
    /// What it is worth now.
    public let points: Double
}

/// A dimension's decayed points and its 0–100 score among active constituents.
public struct DimensionScore: Sendable, Hashable, Codable {
    /// The dimension.
    public let dimension: EngagementDimension
    /// Decayed points now.
    public let points: Double
    /// The percentile among constituents active in the last two years.
    public let score: Double

    /// Creates a dimension score.
    public init(dimension: EngagementDimension, points: Double, score: Double) {
        self.dimension = dimension
        self.points = points
        self.score = score
    }
}

/// The measured engagement of a person beside what they say of it.
public struct SelfReportedEngagement: Sendable, Hashable, Codable {
    /// Their answer to "how involved do you feel?", 1 to 5.
    public let value: Int
    /// When they said it.
    public let recordedAt: Timestamp
    /// How it compares with the measured level.
    public let agreement: SelfReportAgreement

    /// Creates the comparison.
    public init(value: Int, recordedAt: Timestamp, measured: EngagementLevel) {
        self.value = value
        self.recordedAt = recordedAt
        agreement = SelfReportAgreement(selfReported: value, measured: measured)
    }
}

/// A person's engagement explained: the score, level and trend, every dimension, the quietly-engaged flag and the
/// activities that contribute most.
public struct EngagementProfile: Sendable, Hashable, Codable {
    /// The person.
    public let constituentId: String
    /// The overall 0–100 score: the percentile of their total among constituents active in the last two years.
    public let score: Double
    /// The level of the score.
    public let level: EngagementLevel
    /// The movement over the last 90 days.
    public let trend: EngagementTrend
    /// Decayed points now, every dimension together.
    public let points: Double
    /// Decayed points 90 days ago.
    public let pointsNinetyDaysAgo: Double
    /// Non-giving engagement high while giving is low.
    public let quietlyEngaged: Bool
    /// True when they did something that counts in the last two years.
    public let active: Bool
    /// Every dimension.
    public let dimensions: [DimensionScore]
    /// The activities worth most now, at most ten.
    public let topContributions: [EngagementContribution]
    /// Their own view, if recorded.
    public let selfReported: SelfReportedEngagement?
    /// The half-life used, in days.
    public let halfLifeDays: Double

    /// Assembles a profile.
    public init(constituentId: String, score: Double, trend: EngagementTrend, points: Double, pointsNinetyDaysAgo: Double,
                quietlyEngaged: Bool, active: Bool, dimensions: [DimensionScore], topContributions: [EngagementContribution],
                selfReported: (value: Int, at: Timestamp)?, halfLifeDays: Double) {
        self.constituentId = constituentId
        self.score = score
        level = EngagementLevel(score: score)
        self.trend = trend
        self.points = points
        self.pointsNinetyDaysAgo = pointsNinetyDaysAgo
        self.quietlyEngaged = quietlyEngaged
        self.active = active
        self.dimensions = dimensions
        self.topContributions = topContributions
        self.selfReported = selfReported.map { SelfReportedEngagement(value: $0.value, recordedAt: $0.at, measured: EngagementLevel(score: score)) }
        self.halfLifeDays = halfLifeDays
    }
}

extension EngagementSettings {
    /// What each activity is worth at `now` (activities after `now` and those that count nothing are left out),
    /// largest first.
    public func contributions(of activities: [EngagementActivity], now: Timestamp) -> [EngagementContribution] {
        let decay = decay
        return activities.compactMap { activity -> EngagementContribution? in
            guard activity.occurredAt <= now else { return nil }
            let weight = activity.kind == "gift" ? EngagementWeight(.giving, giftWeight) : self.weight(of: activity.type)
            guard let weight, weight.weight != 0 else { return nil }
            return EngagementContribution(kind: activity.kind, id: activity.id, type: activity.type, dimension: weight.dimension,
                                          occurredAt: activity.occurredAt, weight: weight.weight,
                                          points: decay.points(weight.weight, at: activity.occurredAt, now: now))
        }.sorted { (abs($0.points), $0.occurredAt) > (abs($1.points), $1.occurredAt) }
    }

    /// The decayed points at `moment` of the activities up to then.
    public func points(of activities: [EngagementActivity], at moment: Timestamp) -> Double {
        contributions(of: activities, now: moment).reduce(0) { $0 + $1.points }
    }
}
