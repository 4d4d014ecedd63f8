import Foundation
import Hummingbird
import KindredCore
import KindredStore

/// One survey as the list shows it.
struct SurveyRow { let id: String; let name: String; let status: String; let responses: Int; let headline: String }

/// One question's results as the survey page shows them.
struct QuestionResultView { let text: String; let answers: Int; let score: String?; let breakdown: String?; let mean: String?; let chart: String?
                            let verbatims: [String]; let hasVerbatims: Bool }

extension WebRoutes {
    /// Registers the survey pages.
    func registerSurveyPages(on web: RouterGroup<KindredRequestContext>) {
        /// The feedback dashboard.
        web.get("/feedback") { request, context in try await feedbackDashboard(request, context) }
        /// Surveys with their response counts and headline score, and the form for a new one.
        web.get("/surveys") { request, context in try await surveyList(request, context) }
        /// Creates a ready-made NPS or CSAT survey in three languages.
        web.post("/surveys") { request, context in try await createSurvey(request, context) }
        /// A survey's results question by question, its status and links.
        web.get("/surveys/{id}") { request, context in try await surveyPage(request, context, link: nil) }
        /// Opens, closes or drafts a survey.
        web.post("/surveys/{id}/status") { request, context in try await setSurveyStatus(request, context) }
        /// Creates an anonymous link and shows it once.
        web.post("/surveys/{id}/links") { request, context in
            let actor = try context.authorize(.write, .feedback)
            let link = try await store.createSurveyLink(surveyId: try context.parameters.require("id"), constituentId: nil, expiresAt: nil, by: actor)
            return try await surveyPage(request, context, link: publicURL(request, link.path ?? ""))
        }
        registerPulsePages(on: web)
        registerVoicePages(on: web)
        registerMessagePages(on: web)
        registerPlanPages(on: web)
        registerJourneyPages(on: web)
        /// Creates a personal link for the person and shows it once on their page.
        web.post("/people/{id}/survey-links") { request, context in try await createPersonalLink(request, context) }
    }

    /// Every survey, newest first.
    func surveyList(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let session = try context.requireSession(), actor = try context.authorize(.read, .feedback), language = session.language
        let t = Catalogue.strings(language)
        let surveys = try await store.surveys.list(cursor: nil, limit: 200, newestFirst: true, by: actor).items
        var rows: [SurveyRow] = []
        for survey in surveys {
            let (pulse, results) = try await results(of: survey, by: actor)
            let rated = results?.questions.first { $0.nps != nil || $0.csat != nil }
            let headline = (rated?.nps?.score ?? rated?.csat?.score).map { "\(rated?.nps != nil ? "NPS" : "CSAT") \(WebFormat.number(Int($0.rounded()), language))" }
            rows.append(SurveyRow(id: survey.id, name: survey.fields.name, status: t["survey_status_\(survey.fields.status.rawValue)"]!,
                                  responses: pulse?.responses ?? results?.responses ?? 0, headline: headline ?? ""))
        }
        struct View { let chrome: PageChrome; let t: [String: String]; let surveys: [SurveyRow]; let hasSurveys: Bool; let canWrite: Bool }
        return renderer.page("surveys", View(chrome: chrome("surveys_title", session, "/surveys"), t: t, surveys: rows, hasSurveys: !rows.isEmpty,
                                             canWrite: AccessPolicy.allows(session.user.role, .write, .feedback)))
    }

    /// Creates a survey from a template and opens its page.
    func createSurvey(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let actor = try context.authorize(.write, .feedback)
        var request = request
        let form = try await WebForm.read(&request)
        guard let template = SurveyTemplate(rawValue: form["template"] ?? "") else {
            throw ValidationFailure([FieldIssue(field: "template", message: "must be one of: \(SurveyTemplate.allowedValues)")])
        }
        let survey = try await store.surveys.create(try SurveyInput(name: form["name"], template: template).validated(), by: actor)
        return WebRenderer.redirect("/surveys/\(survey.id)")
    }

    /// The survey page; `link` is a link just created, shown this once.
    func surveyPage(_ request: Request, _ context: KindredRequestContext, link: String?) async throws -> Response {
        let session = try context.requireSession(), actor = try context.authorize(.read, .feedback), language = session.language
        let t = Catalogue.strings(language), id = try context.parameters.require("id")
        let survey = try await store.surveys.get(id, by: actor)
        let isPulse = survey.fields.audience == .staff
        let (pulse, results) = try await results(of: survey, by: actor)
        let questions = zip(survey.fields.questions, results?.questions ?? []).map { question, result in
            let score = (result.nps?.score ?? result.csat?.score).map { WebFormat.number(Int($0.rounded()), language) }
            let breakdown = result.nps.map { "\($0.promoters) · \($0.passives) · \($0.detractors)" }
            let bars = (result.distribution.isEmpty ? result.options : result.distribution).map { count in
                ChartBar(label: question.options.first { $0.key == count.key }?.label.text(in: language) ?? count.key, value: Double(count.count),
                         display: WebFormat.number(count.count, language))
            }
            return QuestionResultView(
                text: question.text.text(in: language), answers: result.answers, score: score, breakdown: breakdown,
                mean: result.mean.map { String(format: "%.1f", $0) },
                chart: bars.isEmpty ? nil : SVGChart.bars(id: "chart-\(question.key)", title: question.text.text(in: language), labelHeading: t["survey_answer"]!,
                                                         valueHeading: t["survey_responses"]!, bars: bars, empty: t["chart_empty"]!),
                verbatims: result.verbatims, hasVerbatims: !result.verbatims.isEmpty)
        }
        struct Group { let label: String; let answers: Int; let score: String }
        struct View { let chrome: PageChrome; let t: [String: String]; let id: String; let name: String; let responses: Int; let link: String?
                      let statuses: [FilterOption]; let questions: [QuestionResultView]; let canWrite: Bool; let isPulse: Bool; let pulseLink: String
                      let withheld: Bool; let groups: [Group]; let groupsWithheld: Int }
        let statuses = SurveyStatus.allCases.map { FilterOption(value: $0.rawValue, label: t["survey_status_\($0.rawValue)"]!, selected: $0 == survey.fields.status) }
        let groups = (pulse?.byGroup ?? []).map { group in
            Group(label: t["staff_role_\(group.key)"] ?? group.key, answers: group.results.responses,
                  score: group.results.questions.first { $0.nps != nil }?.nps?.score.map { WebFormat.number(Int($0.rounded()), language) } ?? "–")
        }
        return renderer.page("survey", View(chrome: chrome("surveys_title", session, "/surveys"), t: t, id: id, name: survey.fields.name,
                                            responses: pulse?.responses ?? results?.responses ?? 0, link: link, statuses: statuses, questions: questions,
                                            canWrite: AccessPolicy.allows(session.user.role, .write, .feedback), isPulse: isPulse,
                                            pulseLink: publicURL(request, "/pulse/\(id)"), withheld: pulse?.withheld ?? false, groups: groups,
                                            groupsWithheld: pulse?.groupsWithheld ?? 0))
    }

    /// Sets a survey's status and returns to it.
    func setSurveyStatus(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let actor = try context.authorize(.write, .feedback)
        var request = request
        let form = try await WebForm.read(&request), id = try context.parameters.require("id")
        guard let status = SurveyStatus(rawValue: form["status"] ?? "") else {
            throw ValidationFailure([FieldIssue(field: "status", message: "must be one of: \(SurveyStatus.allowedValues)")])
        }
        var fields = try await store.surveys.get(id, by: actor).fields
        fields.status = status
        _ = try await store.surveys.update(id, with: fields, by: actor)
        return WebRenderer.redirect("/surveys/\(id)")
    }

    /// Creates a personal survey link and shows the person page with it, once.
    func createPersonalLink(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let (actor, id, form) = try await personPost(request, context, .feedback)
        guard let surveyId = form["survey"], RecordIdentifier.isValid(surveyId) else {
            throw ValidationFailure([FieldIssue(field: "survey", message: "choose a survey")])
        }
        let days = Int64(SurveyLinkRequest.personalDays) * 86_400_000
        let link = try await store.createSurveyLink(surveyId: surveyId, constituentId: id, expiresAt: store.clock().adding(milliseconds: days), by: actor)
        return try await person(request, context, surveyLink: publicURL(request, link.path ?? ""))
    }

    /// The surveys a personal link can be made for (the open ones), for the person page's form.
    func openSurveys(by actor: Actor) async throws -> [FilterOption] {
        try await store.surveys.list(filters: [("status", SurveyStatus.open.rawValue)], cursor: nil, limit: 100, newestFirst: true, by: actor).items
            .map { FilterOption(value: $0.id, label: $0.fields.name, selected: false) }
    }

    /// A survey's results: a staff pulse's (with the overall results only when at least five answered), else all.
    private func results(of survey: Record<SurveyFields>, by actor: Actor) async throws -> (pulse: PulseResults?, results: SurveyResults?) {
        guard survey.fields.audience == .staff else { return (nil, try await store.surveyResults(surveyId: survey.id, by: actor)) }
        let pulse = try await store.pulseResults(surveyId: survey.id)
        return (pulse, pulse.overall)
    }

    /// `path` as a whole address on the host the request came to.
    func publicURL(_ request: Request, _ path: String) -> String { surveyForms.publicURL(request, path) }
}
