/// A ready-made survey: its title and questions in English, Dutch and French.
public enum SurveyTemplate: String, Vocabulary {
    /// "How likely are you to recommend us?" (0–10) and why.
    case nps
    /// "How satisfied are you?" (1–5) and why.
    case csat
    /// Employee NPS: "How likely are you to recommend working here?" (0–10) and why; a staff pulse survey.
    case enps
}

/// The standard wording of the ready-made surveys.
public enum SurveyTemplates {
    /// The "why?" after a rating.
    public static let why = Wording(en: "What is the main reason for your score?", nl: "Wat is de belangrijkste reden voor je score?",
                                    fr: "Quelle est la raison principale de votre note ?")
    /// The title of a ready-made survey.
    public static let title = Wording(en: "Tell us how we are doing", nl: "Vertel ons hoe we het doen", fr: "Votre avis nous intéresse")

    /// The question of a ready-made survey.
    public static func question(_ template: SurveyTemplate) -> SurveyQuestion {
        switch template {
        case .nps:
            SurveyQuestion(key: "recommend", kind: .nps, text: Wording(
                en: "How likely are you to recommend us to a friend or colleague?",
                nl: "Hoe waarschijnlijk is het dat je ons aanbeveelt bij een vriend of collega?",
                fr: "Quelle est la probabilité que vous nous recommandiez à un ami ou à un collègue ?"), required: true)
        case .enps:
            SurveyQuestion(key: "recommend_work", kind: .nps, text: Wording(
                en: "How likely are you to recommend working here to a friend?",
                nl: "Hoe waarschijnlijk is het dat je werken hier aanbeveelt bij een vriend?",
                fr: "Quelle est la probabilité que vous recommandiez de travailler ici à un ami ?"), required: true)
        case .csat:
            SurveyQuestion(key: "satisfaction", kind: .csat, text: Wording(
                en: "How satisfied are you with your experience with us?", nl: "Hoe tevreden ben je over je ervaring met ons?",
                fr: "Dans quelle mesure êtes-vous satisfait de votre expérience avec nous ?"), required: true)
        }
    }
}

/// One survey question as sent to the API: every field optional, checked by `SurveyInput.validated()`.
public struct SurveyQuestionInput: Sendable, Codable {
    /// `SurveyQuestion.key`; required.
    public var key: String?
    /// `SurveyQuestion.kind`; required.
    public var kind: SurveyQuestionKind?
    /// `SurveyQuestion.text`; required.
    public var text: Wording?
    /// `SurveyQuestion.required`; false when absent.
    public var required: Bool?
    /// `SurveyQuestion.options`; for choice questions only.
    public var options: [SurveyOption]?
    /// `SurveyQuestion.scaleMin`; for scale questions only (1 when absent).
    public var scaleMin: Int?
    /// `SurveyQuestion.scaleMax`; for scale questions only (5 when absent).
    public var scaleMax: Int?
    /// `SurveyQuestion.followUp`; for NPS and CSAT questions only.
    public var followUp: Wording?

    /// Creates a value from its parts.
    public init(key: String? = nil, kind: SurveyQuestionKind? = nil, text: Wording? = nil, required: Bool? = nil, options: [SurveyOption]? = nil,
                scaleMin: Int? = nil, scaleMax: Int? = nil, followUp: Wording? = nil) {
        (self.key, self.kind, self.text, self.required, self.options) = (key, kind, text, required, options)
        (self.scaleMin, self.scaleMax, self.followUp) = (scaleMin, scaleMax, followUp)
    }
}

/// A survey as sent to the API.
public struct SurveyInput: RecordInput {
    /// `SurveyFields.name`; required.
    public var name: String?
    /// `SurveyFields.status`; open when absent.
    public var status: SurveyStatus?
    /// `SurveyFields.title`; the standard title when absent.
    public var title: Wording?
    /// `SurveyFields.intro`.
    public var intro: Wording?
    /// `SurveyFields.questions`; required unless `template` is given.
    public var questions: [SurveyQuestionInput]?
    /// A ready-made survey whose question comes first (before any `questions`).
    public var template: SurveyTemplate?
    /// `SurveyFields.audience`; staff for the `enps` template, else supporters, when absent.
    public var audience: SurveyAudience?

    /// The longest question or option key.
    public static let maximumKeyLength = 40

    /// Creates a value from its parts.
    public init(name: String? = nil, status: SurveyStatus? = nil, title: Wording? = nil, intro: Wording? = nil,
                questions: [SurveyQuestionInput]? = nil, template: SurveyTemplate? = nil, audience: SurveyAudience? = nil) {
        (self.name, self.status, self.title, self.intro, self.questions, self.template) = (name, status, title, intro, questions, template)
        self.audience = audience
    }

    /// Checks every field: 1 to 30 questions with distinct keys, each complete for its kind, every wording non-blank.
    public func validated() throws(ValidationFailure) -> SurveyFields {
        var issues = IssueCollector()
        let name = issues.text(name, "name", required: true) ?? ""
        let title = issues.wording(title, "title", maxLength: 300) ?? SurveyTemplates.title
        let intro = issues.wording(intro, "intro", maxLength: 1_000)
        var questions = template.map { [SurveyTemplates.question($0)] } ?? []
        for (index, question) in (self.questions ?? []).enumerated() {
            if let checked = issues.question(question, "questions[\(index)]") { questions.append(checked) }
        }
        if questions.isEmpty && self.questions == nil && template == nil { issues.add("questions", "is required unless template is given") }
        if self.questions != nil && questions.isEmpty && issues.issues.isEmpty { issues.add("questions", "must have at least one question") }
        if questions.count > 30 { issues.add("questions", "must have at most 30 questions") }
        var seen = Set<String>()
        for question in questions where !seen.insert(question.key).inserted { issues.add("questions", "key \(question.key) is used twice") }
        try issues.throwIfAny()
        return SurveyFields(name: name, status: status ?? .open, title: title, intro: intro, questions: questions,
                            audience: audience ?? (template == .enps ? .staff : .supporters))
    }
}

extension IssueCollector {
    /// Checks a wording: English non-blank, every text trimmed and at most `maxLength` characters.
    mutating func wording(_ value: Wording?, _ field: String, maxLength: Int, required: Bool = false) -> Wording? {
        guard let value else {
            if required { add(field, "is required") }
            return nil
        }
        let en = text(value.en, "\(field).en", maxLength: maxLength, required: true) ?? ""
        return Wording(en: en, nl: text(value.nl, "\(field).nl", maxLength: maxLength), fr: text(value.fr, "\(field).fr", maxLength: maxLength))
    }

    /// Checks a key: 1 to 40 lower-case letters, digits and `_`, starting with a letter.
    mutating func surveyKey(_ value: String?, _ field: String) -> String? {
        guard let value = required(value, field) else { return nil }
        let valid = (1...SurveyInput.maximumKeyLength).contains(value.count) && value.first.map { $0 >= "a" && $0 <= "z" } == true
            && value.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "_" }
        if !valid { add(field, "must be 1 to 40 lower-case letters, digits and _, starting with a letter") }
        return value
    }

    /// Checks one question for its kind.
    mutating func question(_ input: SurveyQuestionInput, _ field: String) -> SurveyQuestion? {
        let key = surveyKey(input.key, "\(field).key"), kind = required(input.kind, "\(field).kind")
        let text = wording(input.text, "\(field).text", maxLength: 500, required: true)
        let followUp = wording(input.followUp, "\(field).followUp", maxLength: 500)
        if followUp != nil, kind?.ratingScale == nil { add("\(field).followUp", "is only for nps and csat questions") }
        let options = input.options ?? []
        let choice = kind == .singleChoice || kind == .multipleChoice
        if choice, !(2...20).contains(options.count) { add("\(field).options", "must have 2 to 20 options") }
        if !choice, !options.isEmpty { add("\(field).options", "are only for single_choice and multiple_choice questions") }
        var optionKeys = Set<String>()
        let checkedOptions = options.enumerated().map { index, option in
            _ = surveyKey(option.key, "\(field).options[\(index)].key")
            if !optionKeys.insert(option.key).inserted { add("\(field).options[\(index)].key", "is used twice") }
            return SurveyOption(key: option.key, label: wording(option.label, "\(field).options[\(index)].label", maxLength: 200) ?? option.label)
        }
        if kind == .scale {
            let low = input.scaleMin ?? 1, high = input.scaleMax ?? 5
            if !(0...100).contains(low) || !(0...100).contains(high) || low >= high || high - low > 20 {
                add("\(field).scaleMax", "the scale must run from a lower to a higher whole number within 0–100, at most 20 apart")
            }
        } else if input.scaleMin != nil || input.scaleMax != nil {
            add("\(field).scaleMin", "is only for scale questions")
        }
        guard let key, let kind, let text else { return nil }
        return SurveyQuestion(key: key, kind: kind, text: text, required: input.required ?? false, options: checkedOptions,
                              scaleMin: kind == .scale ? input.scaleMin ?? 1 : nil, scaleMax: kind == .scale ? input.scaleMax ?? 5 : nil,
                              followUp: followUp)
    }
}
