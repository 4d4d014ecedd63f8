/// One answer as stored: a number (NPS, CSAT, scale), words or one option's key, or the keys of several options.
public enum SurveyAnswerValue: Sendable, Hashable, Codable {
    case number(Int)
    case text(String)
    case list([String])

    /// Decodes a JSON number, string or array of strings.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .list(try container.decode([String].self))
        }
    }

    /// Encodes the plain JSON value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .text(let text): try container.encode(text)
        case .list(let list): try container.encode(list)
        }
    }

    /// The answer as the text a form would have sent.
    public var formValues: [String] {
        switch self {
        case .number(let number): [String(number)]
        case .text(let text): [text]
        case .list(let list): list
        }
    }
}

/// A supporter's answers to a survey, by question key, with the "why?" written after a rating.
public struct SurveyAnswers: Sendable, Hashable, Codable {
    /// The answer to each answered question.
    public var values: [String: SurveyAnswerValue]
    /// The follow-up written after each answered rating question, when there is one.
    public var reasons: [String: String]

    /// Creates a value from its parts.
    public init(values: [String: SurveyAnswerValue] = [:], reasons: [String: String] = [:]) { (self.values, self.reasons) = (values, reasons) }
}

/// What is wrong with the answer to one question, worded for the supporter by the page in their language.
public enum SurveyAnswerProblem: String, Vocabulary, Error {
    case required, notAWholeNumber = "not_a_whole_number", outOfRange = "out_of_range", unknownOption = "unknown_option"
    case oneOnly = "one_only", tooLong = "too_long"
}

extension SurveyFields {
    /// The longest free-text answer or follow-up, in characters.
    public static let maximumAnswerLength = 5_000

    /// Checks raw answers (each question key to the values sent, several for a multiple choice; `reasons` by key) against
    /// the questions: what was answered, and the problem with each question answered wrongly or left out though required.
    /// Keys that are not questions are ignored; blank values count as not answered.
    public func check(raw: [String: [String]], reasons: [String: String] = [:]) -> (answers: SurveyAnswers, problems: [String: SurveyAnswerProblem]) {
        var answers = SurveyAnswers(), problems: [String: SurveyAnswerProblem] = [:]
        for question in questions {
            let values = (raw[question.key] ?? []).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            guard !values.isEmpty else {
                if question.required { problems[question.key] = .required }
                continue
            }
            switch Self.value(of: values, for: question) {
            case .success(let value): answers.values[question.key] = value
            case .failure(let problem): problems[question.key] = problem; continue
            }
            guard question.kind.ratingScale != nil, let reason = reasons[question.key]?.trimmingWhitespace(), !reason.isEmpty else { continue }
            if reason.count > Self.maximumAnswerLength { problems[question.key] = .tooLong } else { answers.reasons[question.key] = Self.printable(reason) }
        }
        return (answers, problems)
    }

    private static func value(of values: [String], for question: SurveyQuestion) -> Result<SurveyAnswerValue, SurveyAnswerProblem> {
        let optionKeys = Set(question.options.map(\.key))
        switch question.kind {
        case .nps, .csat, .scale:
            guard values.count == 1 else { return .failure(.oneOnly) }
            guard let number = Int(values[0]) else { return .failure(.notAWholeNumber) }
            return question.range?.contains(number) == true ? .success(.number(number)) : .failure(.outOfRange)
        case .singleChoice:
            guard values.count == 1 else { return .failure(.oneOnly) }
            return optionKeys.contains(values[0]) ? .success(.text(values[0])) : .failure(.unknownOption)
        case .multipleChoice:
            guard values.allSatisfy(optionKeys.contains) else { return .failure(.unknownOption) }
            return .success(.list(question.options.map(\.key).filter(values.contains)))
        case .freeText:
            guard values.count == 1 else { return .failure(.oneOnly) }
            return values[0].count > maximumAnswerLength ? .failure(.tooLong) : .success(.text(printable(values[0])))
        }
    }

    /// Text without control characters other than line breaks and tabs.
    private static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\n" || $0 == "\t" }))
    }

    /// The feedback a response from a known supporter becomes: one piece per answered rating question (its "why?" as
    /// the words), or, without ratings, one piece of all the free-text answers; none when nothing was said.
    public func feedback(from answers: SurveyAnswers, constituentId: String, language: Language, at time: Timestamp) -> [FeedbackFields] {
        let feedbackLanguage = FeedbackLanguage(rawValue: language.rawValue)
        let rated = questions.compactMap { question -> FeedbackFields? in
            guard let scale = question.kind.ratingScale, case .number(let rating)? = answers.values[question.key] else { return nil }
            return FeedbackFields(constituentId: constituentId, channel: .survey, text: answers.reasons[question.key] ?? "", rating: rating,
                                  scale: scale, language: feedbackLanguage, receivedAt: time)
        }
        guard rated.isEmpty else { return rated }
        let words = questions.filter { $0.kind == .freeText }.compactMap { question -> String? in
            if case .text(let text)? = answers.values[question.key] { return text }
            return nil
        }
        guard !words.isEmpty else { return [] }
        return [FeedbackFields(constituentId: constituentId, channel: .survey, text: words.joined(separator: "\n"), language: feedbackLanguage, receivedAt: time)]
    }
}
