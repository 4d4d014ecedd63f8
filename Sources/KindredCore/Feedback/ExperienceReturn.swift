/// What the report knows of one supporter: their NPS category in the year, their engagement level now, what they gave
/// in the year and the next, and their predicted lifetime value where there is one.
public struct ExperienceFact: Sendable, Hashable {
    /// The category of their last NPS answer in the year, if they answered.
    public let category: NPSCategory?
    /// Their engagement level now.
    public let level: EngagementLevel
    /// What they gave in the year and in the next (minor units of the report's currency).
    public let givenInYearMinor: Int64, givenNextYearMinor: Int64
    /// Their predicted lifetime value, if predicted.
    public let lifetimeValueMinor: Int64?

    /// Creates a fact.
    public init(category: NPSCategory?, level: EngagementLevel, givenInYearMinor: Int64, givenNextYearMinor: Int64, lifetimeValueMinor: Int64?) {
        (self.category, self.level, self.givenInYearMinor, self.givenNextYearMinor) = (category, level, givenInYearMinor, givenNextYearMinor)
        self.lifetimeValueMinor = lifetimeValueMinor
    }
}

/// What a group of supporters was worth the year after: how many of its donors gave again, what it gave per person,
/// its share of all giving, and its predicted lifetime value.
public struct ExperienceGroup: Sendable, Hashable, Encodable {
    /// The group: an NPS category or an engagement level.
    public let key: String
    /// Supporters in it.
    public let people: Int
    /// Of them, those who gave in the year.
    public let donorsInYear: Int
    /// Of those donors, those who gave again the next year.
    public let retainedNextYear: Int
    /// retainedNextYear / donorsInYear; nil without donors.
    public let retentionRate: Double?
    /// What the group gave the next year.
    public let givingNextYearMinor: Int64
    /// givingNextYearMinor / people, rounded; nil for an empty group.
    public let averageGivingNextYearMinor: Int64?
    /// givingNextYearMinor / all giving the next year; nil when nobody gave.
    public let shareOfRevenue: Double?
    /// How many have a predicted lifetime value, and its mean over them.
    public let predicted: Int, averageLifetimeValueMinor: Int64?

    /// Tallies `facts` as the group `key`, against `revenueNextYearMinor` (everyone's giving the next year).
    public init(key: String, facts: [ExperienceFact], revenueNextYearMinor: Int64) {
        self.key = key
        people = facts.count
        let donors = facts.filter { $0.givenInYearMinor > 0 }
        donorsInYear = donors.count
        retainedNextYear = donors.filter { $0.givenNextYearMinor > 0 }.count
        retentionRate = donors.isEmpty ? nil : Double(retainedNextYear) / Double(donors.count)
        givingNextYearMinor = facts.reduce(0) { $0 + $1.givenNextYearMinor }
        averageGivingNextYearMinor = facts.isEmpty ? nil : Int64((Double(givingNextYearMinor) / Double(facts.count)).rounded())
        shareOfRevenue = revenueNextYearMinor > 0 ? Double(givingNextYearMinor) / Double(revenueNextYearMinor) : nil
        let values = facts.compactMap(\.lifetimeValueMinor)
        predicted = values.count
        averageLifetimeValueMinor = values.isEmpty ? nil : Int64((Double(values.reduce(0, +)) / Double(values.count)).rounded())
    }
}

/// The CX ROI report: for the supporters who answered NPS in a fiscal year, by their answer, and for everyone, by
/// engagement level — what each group gave the next year. The report that tells a board what experience is worth.
public struct ExperienceReturn: Sendable, Hashable, Encodable {
    /// The fiscal year of the answers; giving is compared with the year after.
    public let year: Int
    /// The currency counted.
    public let currency: String
    /// Whether the next year is over (else its figures are so far).
    public let nextYearComplete: Bool
    /// Everyone's giving in the next year.
    public let revenueNextYearMinor: Int64
    /// Promoters, passives and detractors, in that order.
    public let byNPS: [ExperienceGroup]
    /// Each engagement level, from Cold to On Fire.
    public let byEngagement: [ExperienceGroup]

    /// Groups `facts` (one per supporter with anything to count); `others` more supporters have nothing (no answer, no
    /// giving, no prediction) and count as Cold.
    public init(year: Int, currency: String, nextYearComplete: Bool, facts: [ExperienceFact], others: Int) {
        (self.year, self.currency, self.nextYearComplete) = (year, currency, nextYearComplete)
        let revenue = facts.reduce(0) { $0 + $1.givenNextYearMinor }
        revenueNextYearMinor = revenue
        let answered = Dictionary(grouping: facts.filter { $0.category != nil }, by: { $0.category! })
        byNPS = [NPSCategory.promoter, .passive, .detractor].map { ExperienceGroup(key: $0.rawValue, facts: answered[$0] ?? [], revenueNextYearMinor: revenue) }
        let quiet = ExperienceFact(category: nil, level: .cold, givenInYearMinor: 0, givenNextYearMinor: 0, lifetimeValueMinor: nil)
        let levels = Dictionary(grouping: facts + Array(repeating: quiet, count: max(0, others)), by: \.level)
        byEngagement = EngagementLevel.allCases.map { ExperienceGroup(key: $0.rawValue, facts: levels[$0] ?? [], revenueNextYearMinor: revenue) }
    }
}
