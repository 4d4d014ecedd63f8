import Foundation
import HTTPTypes
import Hummingbird
import KindredCore
import KindredStore

/// The survey pages supporters reach by link at `/p/s/TOKEN`, without signing in. A token opens its survey and
/// nothing else: the page shows only the survey's own wording, never anything about the person.
struct PublicSurveyPages: Sendable {
    let store: KindredStore
    let renderer: WebRenderer
    let limiter: AddressRateLimiter

    /// The largest answer form accepted.
    static let maximumFormBytes = 64 * 1024
    /// What sending answers costs against the rate limit, in page views (so a flood of answers is slowed sooner).
    static let answerCost = 5.0

    /// Registers the survey pages and the ideas board (through the recorder, so the OpenAPI document and the
    /// schemathesis run cover them), sharing one rate limit.
    static func register(on routes: RouteRecorder, store: KindredStore, renderer: WebRenderer, requestsPerMinute: Int) {
        let pages = PublicSurveyPages(store: store, renderer: renderer, limiter: AddressRateLimiter(perMinute: requestsPerMinute))
        PublicIdeaPages.register(on: routes, pages: PublicIdeaPages(store: store, forms: pages))
        PublicEventPages.register(on: routes, pages: PublicEventPages(store: store, forms: pages))
        PublicPreferencePages.register(on: routes, pages: PublicPreferencePages(store: store, forms: pages))
        /// The survey form (or why it cannot be answered).
        routes.add(.get, "/p/s/:token") { request, context in try await pages.show(request, context) }
        /// Sends the answers.
        routes.add(.post, "/p/s/:token") { request, context in try await pages.answer(request, context) }
    }

    /// The page for a GET.
    func show(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let asked = QueryParameters(request: request).string("lang").flatMap(Language.init(rawValue:))
        if let wait = limiter.admit(context.remoteAddress) { return try await busy(requestedLanguage(request), wait: wait) }
        let token = context.parameters.get("token") ?? ""
        guard let invitation = try await store.surveyInvitation(token: token) else {
            return try await message(.notFound, "unknown", requestedLanguage(request))
        }
        let language = asked ?? invitation.language ?? browserLanguage(request)
        guard invitation.survey.fields.status == .open else { return try await message(.gone, "closed", language) }
        if invitation.answeredAt != nil { return try await message(.ok, "answered", language) }
        return try await form(invitation.survey.fields, action: "/p/s/\(token)", language: language, answers: nil, problems: [:], status: .ok)
    }

    /// Checks and stores the answers; the form again with each problem named, or a thank-you.
    func answer(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        var request = request
        let fallback = requestedLanguage(request)
        if let wait = limiter.admit(context.remoteAddress, cost: Self.answerCost) { return try await busy(fallback, wait: wait) }
        let token = context.parameters.get("token") ?? ""
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: Self.maximumFormBytes) } catch { return try await message(.contentTooLarge, "too_long", fallback) }
        let pairs = WebForm.pairs(of: String(buffer: body))
        let language = pairs.last { $0.name == "lang" }.flatMap { Language(rawValue: $0.value) } ?? fallback
        guard let invitation = try await store.surveyInvitation(token: token) else { return try await message(.notFound, "unknown", language) }
        let (raw, reasons) = Self.answers(in: pairs)
        let survey = invitation.survey.fields
        let (answers, problems) = survey.check(raw: raw, reasons: reasons)
        guard problems.isEmpty else {
            return try await form(survey, action: "/p/s/\(token)", language: language, answers: (raw, reasons), problems: problems, status: .unprocessableContent)
        }
        switch try await store.submitSurveyResponse(token: token, answers: answers, language: language) {
        case .stored: return try await message(.ok, "thanks", language)
        case .alreadyAnswered: return try await message(.conflict, "answered", language)
        case .notOpen: return try await message(.gone, "closed", language)
        case .unknownLink: return try await message(.notFound, "unknown", language)
        }
    }

    private func browserLanguage(_ request: Request) -> Language { Language.preferred(acceptLanguage: request.headers[.acceptLanguage]) }

    /// The language asked for with `lang`, else the browser's.
    func requestedLanguage(_ request: Request) -> Language {
        QueryParameters(request: request).string("lang").flatMap(Language.init(rawValue:)) ?? browserLanguage(request)
    }

    /// The raw answers of a survey form: `q.KEY` (repeated for several choices) and `why.KEY`.
    static func answers(in pairs: [(name: String, value: String)]) -> (raw: [String: [String]], reasons: [String: String]) {
        var raw: [String: [String]] = [:], reasons: [String: String] = [:]
        for pair in pairs {
            if pair.name.hasPrefix("q.") { raw[String(pair.name.dropFirst(2)), default: []].append(pair.value) }
            if pair.name.hasPrefix("why.") { reasons[String(pair.name.dropFirst(4))] = pair.value }
        }
        return (raw, reasons)
    }

    /// The survey form posting to `action` (with the staff session's CSRF token when there is one), showing what was
    /// sent and each problem when it comes back.
    func form(_ survey: SurveyFields, action: String, language: Language, csrf: String? = nil, answers: (raw: [String: [String]], reasons: [String: String])?,
              problems: [String: SurveyAnswerProblem], status: HTTPResponse.Status) async throws -> Response {
        let t = PublicCatalogue.strings(language)
        let questions = survey.questions.map { question in
            PublicSurveyQuestion(question, language: language, sent: answers?.raw[question.key] ?? [], reason: answers?.reasons[question.key],
                                 problem: problems[question.key].map { t["problem_\($0.rawValue)"] ?? $0.rawValue }, strings: t)
        }
        struct View { let t: [String: String]; let title: String; let intro: String?; let action: String; let language: String; let csrf: String?
                      let hasProblems: Bool; let questions: [PublicSurveyQuestion]; let languages: [LanguageOption]; let organisation: String? }
        let frame = try await PublicFrame(store: store, language: language)
        let view = View(t: t, title: survey.title.text(in: language), intro: survey.intro?.text(in: language), action: action,
                        language: language.rawValue, csrf: csrf, hasProblems: !problems.isEmpty, questions: questions, languages: frame.languages,
                        organisation: frame.organisation)
        return renderer.page("public-survey", view, status: status, headers: Self.headers)
    }

    func message(_ status: HTTPResponse.Status, _ key: String, _ language: Language, titleKey: String? = nil, extra: HTTPFields = [:]) async throws -> Response {
        let t = PublicCatalogue.strings(language), frame = try await PublicFrame(store: store, language: language)
        struct View { let t: [String: String]; let title: String; let text: String; let language: String; let languages: [LanguageOption]; let organisation: String? }
        let view = View(t: t, title: t[titleKey ?? "\(key)_title"] ?? key, text: t["\(key)_text"] ?? t[key] ?? "", language: language.rawValue,
                        languages: frame.languages, organisation: frame.organisation)
        var headers = Self.headers
        headers.append(contentsOf: extra)
        return renderer.page("public-message", view, status: status, headers: headers)
    }

    func busy(_ language: Language, wait: Int) async throws -> Response {
        try await message(.tooManyRequests, "busy", language, extra: [.retryAfter: String(wait)])
    }

    /// `path` as a whole address on the host the request came to.
    func publicURL(_ request: Request, _ path: String) -> String {
        "\(WebCookies.isSecure(request) ? "https" : "http")://\(request.head.authority ?? "localhost")\(path)"
    }

    /// Public pages never leak their token through the Referer header and are not indexed.
    static let headers: HTTPFields = [HTTPField.Name("Referrer-Policy")!: "no-referrer", HTTPField.Name("X-Robots-Tag")!: "noindex"]
}

/// What every public page's frame shows: the organisation's name and the language switch.
struct PublicFrame {
    let organisation: String?
    let languages: [LanguageOption]

    init(store: KindredStore, language: Language) async throws {
        organisation = try await OrganisationSettingsStore.profile(in: store.database).name
        let names: [Language: String] = [.en: "English", .nl: "Nederlands", .fr: "Français"]
        languages = Language.allCases.map { LanguageOption(code: $0.rawValue, name: names[$0] ?? $0.rawValue, selected: $0 == language) }
    }
}

/// One question as the public form shows it, with what was sent and its problem when the form comes back.
struct PublicSurveyQuestion {
    struct Choice { let type: String; let name: String; let value: String; let label: String; let checked: Bool }
    struct Ends { let low: String; let high: String }

    let key: String, text: String, required: Bool, problem: String?
    let choices: [Choice], hasChoices: Bool, numbers: Bool, ends: Ends?, isText: Bool, name: String, value: String, followUp: String?, reason: String

    init(_ question: SurveyQuestion, language: Language, sent: [String], reason: String?, problem: String?, strings t: [String: String]) {
        (key, text, required, self.problem, name) = (question.key, question.text.text(in: language), question.required, problem, "q.\(question.key)")
        let type = question.kind == .multipleChoice ? "checkbox" : "radio"
        if let range = question.range {
            choices = range.map { Choice(type: type, name: "q.\(question.key)", value: String($0), label: String($0), checked: sent.contains(String($0))) }
        } else {
            choices = question.options.map { Choice(type: type, name: "q.\(question.key)", value: $0.key, label: $0.label.text(in: language), checked: sent.contains($0.key)) }
        }
        (hasChoices, numbers) = (!choices.isEmpty, question.range != nil)
        switch question.kind {
        case .nps: ends = Ends(low: t["nps_low"] ?? "", high: t["nps_high"] ?? "")
        case .csat: ends = Ends(low: t["csat_low"] ?? "", high: t["csat_high"] ?? "")
        default: ends = nil
        }
        isText = question.kind == .freeText
        value = isText ? sent.first ?? "" : ""
        followUp = question.followUpText(in: language)
        self.reason = reason ?? ""
    }
}
