/// How one option of a choice question was answered.
public struct OptionCount: Sendable, Hashable, Encodable {
    /// The option's key.
    public let key: String
    /// How many responses chose it.
    public let count: Int

    /// Creates a value from its parts.
    public init(key: String, count: Int) { (self.key, self.count) = (key, count) }
}

/// The results of one question over a set of responses.
public struct QuestionResult: Sendable, Hashable, Encodable {
    /// The question's key.
    public let key: String
    /// What it asks for.
    public let kind: SurveyQuestionKind
    /// How many responses answered it.
    public let answers: Int
    /// For an NPS question: promoters, passives, detractors and the score.
    public let nps: NetPromoterScore?
    /// For a CSAT question: the satisfied share.
    public let csat: SatisfactionScore?
    /// For a rating or scale question: the mean answer (nil without answers).
    public let mean: Double?
    /// For a rating or scale question: how many gave each number, lowest first.
    public let distribution: [OptionCount]
    /// For a choice question: how many chose each option, in the question's order.
    public let options: [OptionCount]
    /// Words written (free-text answers and "why?" follow-ups), newest first, at most `SurveyResults.verbatimLimit`.
    public let verbatims: [String]
}

/// The results of a survey.
public struct SurveyResults: Sendable, Hashable, Encodable {
    /// How many responses there are.
    public let responses: Int
    /// Each question's results, in the survey's order.
    public let questions: [QuestionResult]

    /// The most verbatims listed per question.
    public static let verbatimLimit = 20

    /// Tallies `responses` (oldest first) against the questions of `survey`; answers to questions since removed are
    /// left out.
    public init(survey: SurveyFields, responses: [SurveyAnswers]) {
        self.responses = responses.count
        questions = survey.questions.map { question in
            let values = responses.compactMap { $0.values[question.key] }
            let numbers = values.compactMap { value -> Int? in if case .number(let number) = value { return number } else { return nil } }
            let chosen = values.flatMap { value -> [String] in
                switch value {
                case .text(let key) where question.kind == .singleChoice: [key]
                case .list(let keys): keys
                default: []
                }
            }
            let written = responses.reversed().compactMap { response -> String? in
                if question.kind == .freeText, case .text(let text)? = response.values[question.key] { return text }
                return response.reasons[question.key]
            }
            let counts = Dictionary(grouping: numbers, by: { $0 }).mapValues(\.count)
            return QuestionResult(
                key: question.key, kind: question.kind, answers: values.count,
                nps: question.kind == .nps ? NetPromoterScore(numbers) : nil, csat: question.kind == .csat ? SatisfactionScore(numbers) : nil,
                mean: numbers.isEmpty ? nil : Double(numbers.reduce(0, +)) / Double(numbers.count),
                distribution: question.range.map { range in range.map { OptionCount(key: String($0), count: counts[$0] ?? 0) } } ?? [],
                options: question.options.map { option in OptionCount(key: option.key, count: chosen.filter { $0 == option.key }.count) },
                verbatims: Array(written.prefix(Self.verbatimLimit)))
        }
    }
}
