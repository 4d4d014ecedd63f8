import Foundation
import HTTPTypes
import Hummingbird
import KindredCore
import KindredStore

/// The public pages of supporter events: `/p/e/ID` (the event and its registration form) and `/p/r/TOKEN` (a
/// registration's personal page, which after check-in leads to the post-event survey).
struct PublicEventPages: Sendable {
    let store: KindredStore
    let forms: PublicSurveyPages

    /// Registers the pages through the recorder.
    static func register(on routes: RouteRecorder, pages: PublicEventPages) {
        /// The event page with its registration form.
        routes.add(.get, "/p/e/:id") { request, context in try await pages.event(request, context) }
        /// Registers for the event.
        routes.add(.post, "/p/e/:id") { request, context in try await pages.registerFor(request, context) }
        /// A registration's personal page.
        routes.add(.get, "/p/r/:token") { request, context in try await pages.registration(request, context) }
        /// Opens the post-event survey for an attendee.
        routes.add(.post, "/p/r/:token/survey") { request, context in try await pages.survey(request, context) }
    }

    /// The event, its places left and the registration form.
    func event(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let language = forms.requestedLanguage(request)
        if let wait = forms.limiter.admit(context.remoteAddress) { return try await forms.busy(language, wait: wait) }
        guard let event = try await publicEvent(context) else { return try await forms.message(.notFound, "unknown", language) }
        return try await page(event, language: language, notice: nil, link: nil, status: .ok)
    }

    /// Registers the person named in the form (found by email, else added) and shows their personal link once.
    func registerFor(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        var request = request
        let fallback = forms.requestedLanguage(request)
        if let wait = forms.limiter.admit(context.remoteAddress, cost: PublicSurveyPages.answerCost) { return try await forms.busy(fallback, wait: wait) }
        guard let event = try await publicEvent(context) else { return try await forms.message(.notFound, "unknown", fallback) }
        guard let body = try? await request.collectBody(upTo: 16_384) else { return try await forms.message(.contentTooLarge, "too_long", fallback) }
        let form = WebForm.pairs(of: String(buffer: body)).reduce(into: [String: String]()) { $0[$1.name] = $1.value }
        let language = form["lang"].flatMap(Language.init(rawValue:)) ?? fallback
        let input = ConstituentInput(givenName: form["givenName"], familyName: form["familyName"], emails: [form["email"] ?? ""], preferredLanguage: language)
        guard form["givenName"]?.isEmpty == false || form["familyName"]?.isEmpty == false, let person = try? input.validated() else {
            return try await page(event, language: language, notice: "event_invalid", link: nil, status: .unprocessableContent)
        }
        switch try await store.register(eventId: event.id, person: person) {
        case .registered(let token):
            return try await page(event, language: language, notice: "event_registered", link: forms.publicURL(request, "/p/r/\(token)"), status: .ok)
        case .alreadyRegistered: return try await page(event, language: language, notice: "event_registered_again", link: nil, status: .conflict)
        case .full: return try await page(event, language: language, notice: "event_full", link: nil, status: .conflict)
        case .closed: return try await page(event, language: language, notice: "event_closed", link: nil, status: .gone)
        case .unknownEvent: return try await forms.message(.notFound, "unknown", language)
        }
    }

    /// A registration's page: the event, and after check-in the way to the post-event survey.
    func registration(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let asked = QueryParameters(request: request).string("lang").flatMap(Language.init(rawValue:))
        if let wait = forms.limiter.admit(context.remoteAddress) { return try await forms.busy(forms.requestedLanguage(request), wait: wait) }
        let token = context.parameters.get("token") ?? ""
        guard let view = try await store.registration(token: token) else { return try await forms.message(.notFound, "unknown", forms.requestedLanguage(request)) }
        let language = asked ?? view.language, t = PublicCatalogue.strings(language), frame = try await PublicFrame(store: store, language: language)
        struct View { let t: [String: String]; let language: String; let languages: [LanguageOption]; let organisation: String?; let name: String
                      let when: String; let location: String?; let status: String; let survey: Bool; let action: String }
        let view2 = View(t: t, language: language.rawValue, languages: frame.languages, organisation: frame.organisation, name: view.event.fields.name,
                         when: try await when(view.event.fields, language), location: view.event.fields.location,
                         status: t[view.attended ? "registration_attended" : "registration_open"] ?? "", survey: view.attended && view.hasSurvey,
                         action: "/p/r/\(token)/survey")
        return forms.renderer.page("public-registration", view2, headers: PublicSurveyPages.headers)
    }

    /// Sends an attendee on to a fresh personal link to the event's survey.
    func survey(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let language = forms.requestedLanguage(request)
        if let wait = forms.limiter.admit(context.remoteAddress, cost: PublicSurveyPages.answerCost) { return try await forms.busy(language, wait: wait) }
        switch try await store.postEventSurvey(token: context.parameters.get("token") ?? "") {
        case .link(let path): return WebRenderer.redirect(path)
        case .answered: return try await forms.message(.conflict, "survey_already_answered", language, titleKey: "thanks_title")
        case .notAvailable: return try await forms.message(.conflict, "closed", language)
        case .unknown: return try await forms.message(.notFound, "unknown", language)
        }
    }

    private func publicEvent(_ context: KindredRequestContext) async throws -> Record<SupporterEventFields>? {
        guard let id = context.parameters.get("id"), RecordIdentifier.isValid(id) else { return nil }
        return try? await store.supporterEvents.get(id, by: .system)
    }

    private func when(_ event: SupporterEventFields, _ language: Language) async throws -> String {
        let zone = try await OrganisationSettingsStore.profile(in: store.database).zone
        return WebFormat.dateTime(event.startsAt, language, timeZone: zone) + (event.endsAt.map { " – " + WebFormat.dateTime($0, language, timeZone: zone) } ?? "")
    }

    private func page(_ event: Record<SupporterEventFields>, language: Language, notice: String?, link: String?, status: HTTPResponse.Status) async throws -> Response {
        let t = PublicCatalogue.strings(language), frame = try await PublicFrame(store: store, language: language)
        let taken = try await store.registrationCount(eventId: event.id)
        struct View { let t: [String: String]; let language: String; let languages: [LanguageOption]; let organisation: String?; let name: String
                      let description: String?; let when: String; let location: String?; let placesLeft: String?; let notice: String?; let link: String?
                      let open: Bool; let action: String }
        let view = View(t: t, language: language.rawValue, languages: frame.languages, organisation: frame.organisation, name: event.fields.name,
                        description: event.fields.description, when: try await when(event.fields, language), location: event.fields.location,
                        placesLeft: event.fields.capacity.map { String(max(0, $0 - taken)) }, notice: notice.flatMap { t[$0] }, link: link,
                        open: link == nil && event.fields.status == .open && event.fields.startsAt > store.clock(), action: "/p/e/\(event.id)")
        return forms.renderer.page("public-event", view, status: status, headers: PublicSurveyPages.headers)
    }
}

/// The event pages' templates.
enum PublicEventTemplates {
    static let event = """
        {{<public-layout}}{{$main}}
        <h1>{{name}}</h1>
        <p><strong>{{t.event_when}}</strong> {{when}}{{#location}} · <strong>{{t.event_where}}</strong> {{location}}{{/location}}</p>
        {{#description}}<p class="intro">{{description}}</p>{{/description}}
        {{#placesLeft}}<p>{{t.event_places_left}} <strong id="places-left">{{placesLeft}}</strong></p>{{/placesLeft}}
        {{#notice}}<p class="notice" role="status" id="event-notice">{{notice}}</p>{{/notice}}
        {{#link}}<p><input id="registration-link" readonly value="{{link}}"></p>{{/link}}
        {{#open}}<form method="post" action="{{action}}" class="card" id="register-form">
          <input type="hidden" name="lang" value="{{language}}">
          <label for="given-name">{{t.given_name}}</label><input id="given-name" name="givenName" maxlength="100" autocomplete="given-name">
          <label for="family-name">{{t.family_name}}</label><input id="family-name" name="familyName" maxlength="100" autocomplete="family-name">
          <label for="email">{{t.email}}</label><input id="email" name="email" type="email" maxlength="320" required autocomplete="email">
          <p class="note">{{t.privacy}}</p>
          <button type="submit" id="register">{{t.event_register}}</button>
        </form>{{/open}}
        {{/main}}{{/public-layout}}
        """

    static let registration = """
        {{<public-layout}}{{$main}}
        <h1>{{t.registration_title}}: {{name}}</h1>
        <p><strong>{{t.event_when}}</strong> {{when}}{{#location}} · <strong>{{t.event_where}}</strong> {{location}}{{/location}}</p>
        <p id="registration-status">{{status}}</p>
        {{#survey}}<form method="post" action="{{action}}?lang={{language}}"><button type="submit" id="post-event-survey">{{t.registration_survey}}</button></form>{{/survey}}
        {{/main}}{{/public-layout}}
        """
}
