/// A survey text in each language Kindred speaks to supporters in; English is required and stands in for a
/// missing translation.
public struct Wording: Sendable, Hashable, Codable {
    /// English.
    public var en: String
    /// Dutch, if translated.
    public var nl: String?
    /// French, if translated.
    public var fr: String?

    /// Creates a value from its parts.
    public init(en: String, nl: String? = nil, fr: String? = nil) { (self.en, self.nl, self.fr) = (en, nl, fr) }

    /// The text in `language`, English when it is not translated.
    public func text(in language: Language) -> String {
        switch language {
        case .en: en
        case .nl: nl ?? en
        case .fr: fr ?? en
        }
    }
}

/// What a survey question asks for.
public enum SurveyQuestionKind: String, Vocabulary {
    /// 0–10 "how likely are you to recommend us", with a "why?" follow-up.
    case nps
    /// 1–5 "how satisfied are you", with a "why?" follow-up.
    case csat
    /// One of the options.
    case singleChoice = "single_choice"
    /// Any number of the options.
    case multipleChoice = "multiple_choice"
    /// A whole number from `scaleMin` to `scaleMax`.
    case scale
    /// Words.
    case freeText = "free_text"

    /// The rating scale of a rating question (NPS or CSAT).
    public var ratingScale: RatingScale? {
        switch self {
        case .nps: .nps
        case .csat: .csat
        default: nil
        }
    }
}

/// One option of a choice question: a stable key (what answers store) and its label.
public struct SurveyOption: Sendable, Hashable, Codable {
    /// The stored value, e.g. `newsletter`.
    public var key: String
    /// What the supporter reads.
    public var label: Wording

    /// Creates a value from its parts.
    public init(key: String, label: Wording) { (self.key, self.label) = (key, label) }
}

/// One question of a survey.
public struct SurveyQuestion: Sendable, Hashable, Codable {
    /// The stable key answers are stored under (lower-case letters, digits, `_`).
    public var key: String
    /// What it asks for.
    public var kind: SurveyQuestionKind
    /// The question.
    public var text: Wording
    /// Whether it must be answered.
    public var required: Bool
    /// The options of a choice question (2 to 20), else empty.
    public var options: [SurveyOption]
    /// The lowest answer of a scale question.
    public var scaleMin: Int?
    /// The highest answer of a scale question.
    public var scaleMax: Int?
    /// The "why?" asked after an NPS or CSAT rating (always optional to answer); the standard wording when absent.
    public var followUp: Wording?

    /// Creates a value from its parts.
    public init(key: String, kind: SurveyQuestionKind, text: Wording, required: Bool = false, options: [SurveyOption] = [],
                scaleMin: Int? = nil, scaleMax: Int? = nil, followUp: Wording? = nil) {
        (self.key, self.kind, self.text, self.required, self.options) = (key, kind, text, required, options)
        (self.scaleMin, self.scaleMax, self.followUp) = (scaleMin, scaleMax, followUp)
    }

    /// The whole numbers a rating or scale question accepts.
    public var range: ClosedRange<Int>? {
        switch kind {
        case .nps, .csat: kind.ratingScale?.range
        case .scale: (scaleMin ?? 1)...(scaleMax ?? 5)
        case .singleChoice, .multipleChoice, .freeText: nil
        }
    }

    /// The follow-up of a rating question in `language`: its own wording, else the standard "why?".
    public func followUpText(in language: Language) -> String? {
        guard kind.ratingScale != nil else { return nil }
        return (followUp ?? SurveyTemplates.why).text(in: language)
    }
}

/// Whether a survey takes answers.
public enum SurveyStatus: String, Vocabulary {
    /// Being written; links show "not open yet".
    case draft
    /// Taking answers.
    case open
    /// No longer taking answers.
    case closed
}

/// Who answers a survey.
public enum SurveyAudience: String, Vocabulary {
    /// Supporters, through personal or anonymous links.
    case supporters
    /// Staff, signed in, anonymously: a staff pulse survey, shown only as results of at least five answers.
    case staff
}

/// The validated fields of a survey: its name for staff, what supporters read first, and its questions.
public struct SurveyFields: Sendable, Hashable, Codable {
    /// The name staff know it by.
    public var name: String
    /// Whether it takes answers.
    public var status: SurveyStatus
    /// The title supporters read.
    public var title: Wording
    /// A line under the title, if any.
    public var intro: Wording?
    /// The questions, in order (1 to 30).
    public var questions: [SurveyQuestion]
    /// Who answers it.
    public var audience: SurveyAudience

    /// Creates a value from its parts.
    public init(name: String, status: SurveyStatus, title: Wording, intro: Wording? = nil, questions: [SurveyQuestion], audience: SurveyAudience = .supporters) {
        (self.name, self.status, self.title, self.intro, self.questions, self.audience) = (name, status, title, intro, questions, audience)
    }
}
