/// Where a 0–10 "how likely are you to recommend us" answer falls.
public enum NPSCategory: String, Vocabulary {
    case detractor, passive, promoter

    /// 0–6 detractor, 7–8 passive, 9–10 promoter; nil outside 0–10.
    public init?(score: Int) {
        switch score {
        case 0...6: self = .detractor
        case 7...8: self = .passive
        case 9...10: self = .promoter
        default: return nil
        }
    }
}

/// The Net Promoter Score of a set of 0–10 answers: the percentage of promoters minus the percentage of detractors,
/// from −100 to +100.
public struct NetPromoterScore: Sendable, Hashable, Encodable {
    /// Answers of 9–10.
    public let promoters: Int
    /// Answers of 7–8.
    public let passives: Int
    /// Answers of 0–6.
    public let detractors: Int

    /// Every answer counted.
    public var answers: Int { promoters + passives + detractors }

    /// %promoters − %detractors, nil without answers.
    public var score: Double? {
        answers == 0 ? nil : Double(promoters - detractors) * 100 / Double(answers)
    }

    private enum CodingKeys: String, CodingKey { case promoters, passives, detractors, answers, score }

    /// Encodes the counts with the answers and the score (null without answers).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(promoters, forKey: .promoters)
        try container.encode(passives, forKey: .passives)
        try container.encode(detractors, forKey: .detractors)
        try container.encode(answers, forKey: .answers)
        try container.encode(score, forKey: .score)
    }

    /// Counts the answers; those outside 0–10 are not answers and are left out.
    public init(_ scores: some Sequence<Int>) {
        var counts: [NPSCategory: Int] = [:]
        for score in scores { if let category = NPSCategory(score: score) { counts[category, default: 0] += 1 } }
        (promoters, passives, detractors) = (counts[.promoter] ?? 0, counts[.passive] ?? 0, counts[.detractor] ?? 0)
    }
}

/// Customer satisfaction of a set of 1–5 answers: the percentage answering 4 or 5.
public struct SatisfactionScore: Sendable, Hashable, Encodable {
    /// Answers of 4–5.
    public let satisfied: Int
    /// Every answer from 1 to 5.
    public let answers: Int

    /// %satisfied, nil without answers.
    public var score: Double? { answers == 0 ? nil : Double(satisfied) * 100 / Double(answers) }

    private enum CodingKeys: String, CodingKey { case satisfied, answers, score }

    /// Encodes the counts with the score (null without answers).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(satisfied, forKey: .satisfied)
        try container.encode(answers, forKey: .answers)
        try container.encode(score, forKey: .score)
    }

    /// Counts the answers; those outside 1–5 are left out.
    public init(_ ratings: some Sequence<Int>) {
        let valid = ratings.filter { (1...5).contains($0) }
        (satisfied, answers) = (valid.filter { $0 >= 4 }.count, valid.count)
    }
}
