import Foundation
import HTTPTypes
import Hummingbird
import KindredCore
import KindredStore

extension WebRoutes {
    /// Registers the staff pulse pages: any signed-in staff member answers, once, anonymously.
    func registerPulsePages(on web: RouterGroup<KindredRequestContext>) {
        /// The pulse form, or why it cannot be answered.
        web.get("/pulse/{id}") { request, context in try await pulseForm(request, context) }
        /// Stores the answers without who gave them.
        web.post("/pulse/{id}") { request, context in try await answerPulse(request, context) }
    }

    /// The pulse survey's form in the reader's language; a message when it is closed or already answered.
    func pulseForm(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let survey = try await pulseSurvey(context)
        let pages = surveyForms
        guard survey.fields.status == .open else { return try await pages.message(.gone, "closed", session.language) }
        if try await store.hasAnsweredPulse(surveyId: survey.id, userId: session.user.id) { return try await pages.message(.ok, "answered", session.language) }
        return try await pages.form(survey.fields, action: "/pulse/\(survey.id)", language: session.language, csrf: session.csrfToken, answers: nil,
                                    problems: [:], status: .ok)
    }

    /// Checks the answers and stores them with only the reader's role and the day.
    func answerPulse(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let session = try context.requireSession()
        var request = request
        let form = try await WebForm.read(&request)
        let survey = try await pulseSurvey(context), pages = surveyForms, language = session.language
        let (raw, reasons) = PublicSurveyPages.answers(in: form.pairs)
        let (answers, problems) = survey.fields.check(raw: raw, reasons: reasons)
        guard problems.isEmpty else {
            return try await pages.form(survey.fields, action: "/pulse/\(survey.id)", language: language, csrf: session.csrfToken,
                                        answers: (raw, reasons), problems: problems, status: .unprocessableContent)
        }
        switch try await store.submitPulse(surveyId: survey.id, userId: session.user.id, group: session.user.role, answers: answers, language: language) {
        case .stored: return try await pages.message(.ok, "thanks", language)
        case .alreadyAnswered: return try await pages.message(.conflict, "answered", language)
        case .notOpen: return try await pages.message(.gone, "closed", language)
        }
    }

    /// The survey named in the path, if it is a staff pulse (else not found).
    private func pulseSurvey(_ context: KindredRequestContext) async throws -> Record<SurveyFields> {
        let id = try context.parameters.require("id")
        guard RecordIdentifier.isValid(id), let survey = try? await store.surveys.get(id, by: .system), survey.fields.audience == .staff else {
            throw Problem(.notFound, "no staff pulse survey has this id")
        }
        return survey
    }

    /// The survey form and message pages, shared with the public survey pages.
    var surveyForms: PublicSurveyPages {
        PublicSurveyPages(store: store, renderer: renderer, limiter: AddressRateLimiter(perMinute: 1))
    }
}
