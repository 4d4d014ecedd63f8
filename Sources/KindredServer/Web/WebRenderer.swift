import Foundation
import HTTPTypes
import Hummingbird
import KindredCore
import KindredStore
import Mustache

/// A language the reader can switch to.
struct LanguageOption {
    let code: String
    let name: String
    let selected: Bool
}

/// What every page's frame shows: the title, the reader's language and strings, the CSRF token, who is signed in.
struct PageChrome {
    let title: String
    let language: String
    let csrf: String
    let path: String
    let signedIn: Bool
    let userEmail: String
    let canSeeSettings: Bool
    let canSeeDashboard: Bool
    let onDashboard: Bool
    let onPeople: Bool
    let onSegments: Bool
    let onImports: Bool
    let onGiving: Bool
    let onTasks: Bool
    let onSurveys: Bool
    let canSeeMessages: Bool
    let onMessages: Bool
    let onJourney: Bool
    let canImport: Bool
    let onSettings: Bool
    let languages: [LanguageOption]
    let notice: String?

    /// The frame for a signed-in page (or the sign-in page when `session` is nil).
    init(titleKey: String, session: WebSession?, language: Language, csrf: String, path: String, notice: String? = nil) {
        title = Catalogue.text(titleKey, language)
        self.language = language.rawValue
        self.csrf = csrf
        self.path = path
        signedIn = session != nil
        userEmail = session?.user.email ?? ""
        canSeeSettings = session.map { AccessPolicy.allows($0.user.role, .write, .settings) } ?? false
        canSeeDashboard = session.map { AccessPolicy.allows($0.user.role, .read, .reports) } ?? false
        onDashboard = path == "/"
        onPeople = path.hasPrefix("/people")
        onSegments = path.hasPrefix("/segments")
        onImports = path.hasPrefix("/imports")
        onGiving = path.hasPrefix("/gifts") || path.hasPrefix("/campaigns")
        onTasks = path.hasPrefix("/tasks")
        onSurveys = ["/surveys", "/feedback", "/events", "/ideas"].contains { path.hasPrefix($0) }
        canSeeMessages = session.map { AccessPolicy.allows($0.user.role, .read, .messages) } ?? false
        onMessages = path.hasPrefix("/messages") || path.hasPrefix("/plans")
        onJourney = path.hasPrefix("/journey")
        canImport = session.map { AccessPolicy.allows($0.user.role, .write, .imports) } ?? false
        onSettings = path.hasPrefix("/settings")
        languages = Language.allCases.map { LanguageOption(code: $0.rawValue, name: Catalogue.text("language_\($0.rawValue)", language), selected: $0 == language) }
        self.notice = notice
    }
}

/// Renders the templates into HTML responses with the headers every page carries.
struct WebRenderer: Sendable {
    /// Every template by name.
    static let templates: [String: String] = [
        "layout": LayoutTemplates.layout, "sign-in": LayoutTemplates.signIn, "error": LayoutTemplates.error,
        "dashboard": PageTemplates.dashboard, "people": PageTemplates.people, "person-new": PageTemplates.personNew,
        "settings": PageTemplates.settings, "person": PersonTemplates.person, "segments": SegmentTemplates.list,
        "segment-builder": SegmentTemplates.builder, "segment": SegmentTemplates.segment, "imports": ImportTemplates.upload,
        "import-report": ImportTemplates.report, "duplicates": IdentityTemplates.duplicates, "merge-review": IdentityTemplates.review,
        "merged": IdentityTemplates.merged, "gifts": GivingTemplates.gifts, "campaigns": GivingTemplates.campaigns,
        "tasks": TaskTemplates.inbox, "person-tasks": TaskTemplates.personTasks,
        "person-outlook": OutlookTemplates.personOutlook, "person-feedback": FeedbackTemplates.personFeedback,
        "surveys": SurveyTemplates.list, "survey": SurveyTemplates.survey, "feedback-dashboard": FeedbackDashboardTemplates.dashboard,
        "plans": PlanTemplates.list, "plan": PlanTemplates.plan, "journey": JourneyTemplates.map, "touchpoints": JourneyTemplates.touchpoints,
        "journey-stages": JourneyTemplates.stages, "messages": MessageTemplates.list, "message-rows": MessageTemplates.rows, "person-messages": MessageTemplates.person,
        "events": VoiceTemplates.events, "event": VoiceTemplates.event, "ideas": VoiceTemplates.ideas,
        "public-layout": PublicTemplates.layout, "public-survey": PublicTemplates.survey, "public-message": PublicTemplates.message,
        "public-ideas": PublicIdeaTemplates.board, "public-event": PublicEventTemplates.event,
        "public-registration": PublicEventTemplates.registration, "public-preferences": PublicPreferenceTemplates.centre,
        "public-unsubscribe": PublicPreferenceTemplates.unsubscribe,
    ]

    let library: MustacheLibrary

    /// Parses every template; a template that does not parse is a programming error the tests catch.
    init() throws {
        var library = MustacheLibrary()
        for (name, text) in Self.templates { try library.register(text, named: name) }
        self.library = library
    }

    /// Security headers of every page: no framing, no sniffing, scripts and styles only from Kindred itself.
    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy: "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
            + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        .xContentTypeOptions: "nosniff", HTTPField.Name("Referrer-Policy")!: "same-origin", .cacheControl: "no-store",
        HTTPField.Name("X-Frame-Options")!: "DENY",
    ]

    /// The page `name` rendered with `model` (a view model with `chrome` and `t`).
    func page(_ name: String, _ model: Any, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        let html = library.render(model, withTemplate: name) ?? ""
        var headers = Self.securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        for field in extra {
            if Self.securityHeaders[field.name] != nil { headers[field.name] = field.value } else { headers.append(field) }  // a page may tighten one
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A 303 redirect to `location` (after a form post, or to sign in).
    static func redirect(_ location: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }
}
