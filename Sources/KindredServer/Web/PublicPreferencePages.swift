import Foundation
import HTTPTypes
import Hummingbird
import KindredCore
import KindredStore

/// The pages a message's links open, without signing in: the preference centre (`/p/pref/TOKEN`), the unsubscribe
/// page with its one-click POST (`/p/u/TOKEN`, RFC 8058), and the open and click tracking of tracked messages.
/// Every choice is recorded as consent or preference history and honoured at once.
struct PublicPreferencePages: Sendable {
    let store: KindredStore
    let forms: PublicSurveyPages

    /// The tracking image: a transparent 1×1 GIF.
    static let pixel = Data(base64Encoded: "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")!

    /// Registers the pages (through the recorder, so the OpenAPI document and schemathesis cover them).
    static func register(on routes: RouteRecorder, pages: PublicPreferencePages) {
        /// The preference centre.
        routes.add(.get, "/p/pref/:token") { request, context in try await pages.centre(request, context) }
        /// Saves the preference centre's choices.
        routes.add(.post, "/p/pref/:token") { request, context in try await pages.save(request, context) }
        /// Asks to confirm unsubscribing.
        routes.add(.get, "/p/u/:token") { request, context in try await pages.confirm(request, context) }
        /// Unsubscribes (one click).
        routes.add(.post, "/p/u/:token") { request, context in try await pages.unsubscribe(request, context) }
        /// Records the first open of a tracked message.
        routes.add(.get, "/p/m/:token/open.gif") { _, context in try await pages.opened(context) }
        /// Records the first click of a tracked message and redirects to the message's own link.
        routes.add(.get, "/p/m/:token/click") { request, context in try await pages.clicked(request, context) }
    }

    /// The holder of the path's token, or nil (the caller answers 404).
    private func holder(_ context: KindredRequestContext) async throws -> MessageLinkHolder? {
        try await store.messages.holder(ofToken: context.parameters.get("token") ?? "")
    }

    func centre(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        if let wait = forms.limiter.admit(context.remoteAddress) { return try await forms.busy(forms.requestedLanguage(request), wait: wait) }
        guard let holder = try await holder(context) else { return try await forms.message(.notFound, "unknown", forms.requestedLanguage(request)) }
        let choices = try await store.messages.choices(of: holder)
        let language = QueryParameters(request: request).string("lang").flatMap(Language.init(rawValue:)) ?? choices.language
        return try await page(choices, token: context.parameters.get("token") ?? "", language: language, notice: nil, status: .ok)
    }

    func save(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        var request = request
        let fallback = forms.requestedLanguage(request)
        if let wait = forms.limiter.admit(context.remoteAddress, cost: PublicSurveyPages.answerCost) { return try await forms.busy(fallback, wait: wait) }
        guard let body = try? await request.collectBody(upTo: PublicSurveyPages.maximumFormBytes) else { return try await forms.message(.contentTooLarge, "too_long", fallback) }
        guard let holder = try await holder(context) else { return try await forms.message(.notFound, "unknown", fallback) }
        let token = context.parameters.get("token") ?? ""
        let pairs = WebForm.pairs(of: String(buffer: body))
        let current = try await store.messages.choices(of: holder)
        let pageLanguage = pairs.last { $0.name == "lang" }.flatMap { Language(rawValue: $0.value) } ?? current.language
        guard let chosen = Self.choices(from: pairs, current: current) else {
            return try await page(current, token: token, language: pageLanguage, notice: "preferences_invalid", status: .unprocessableContent)
        }
        _ = try await store.messages.saveChoices(chosen, for: holder)
        return try await page(chosen, token: token, language: chosen.language, notice: "preferences_saved", status: .ok)
    }

    /// The choices a preference form sends (a radio group left out keeps its current choice), or nil when a value is
    /// not one the form offers.
    static func choices(from pairs: [(name: String, value: String)], current: PreferenceChoices) -> PreferenceChoices? {
        func all<V: Vocabulary>(_ name: String, _ type: V.Type) -> [V]? {
            let values = pairs.filter { $0.name == name }.map(\.value)
            let known = values.compactMap(V.init(rawValue:))
            return known.count == values.count ? known : nil
        }
        func one<V: Vocabulary>(_ name: String, or current: V) -> V? {
            guard let value = pairs.last(where: { $0.name == name })?.value else { return current }
            return V(rawValue: value)
        }
        guard let channels = all("channel", ConsentChannel.self), channels.allSatisfy(PreferenceCentre.channels.contains),
              let welcome = all("topic", MessageTopic.self), let wishes = all("wish", InvolvementWish.self),
              let frequency = one("frequency", or: current.preferences.frequency), let language = one("language", or: current.language) else { return nil }
        var involvement = current.involvement
        if let raw = pairs.last(where: { $0.name == "involvement" })?.value, !raw.isEmpty {
            guard let value = Int(raw), (1...5).contains(value) else { return nil }
            involvement = value
        }
        let declined = MessageTopic.allCases.filter { !welcome.contains($0) }
        return PreferenceChoices(channels: Set(channels), preferences: SupporterPreferences(declinedTopics: declined, frequency: frequency, wishes: wishes),
                                 language: language, involvement: involvement)
    }

    private func page(_ choices: PreferenceChoices, token: String, language: Language, notice: String?, status: HTTPResponse.Status) async throws -> Response {
        let t = PublicCatalogue.strings(language), frame = try await PublicFrame(store: store, language: language)
        struct Option { let name: String; let value: String; let label: String; let checked: Bool }
        struct View { let t: [String: String]; let language: String; let languages: [LanguageOption]; let organisation: String?; let title: String
                      let action: String; let notice: String?; let problem: Bool
                      let channels: [Option]; let topics: [Option]; let frequencies: [Option]; let writeIn: [Option]; let involvement: [Option]; let wishes: [Option] }
        let view = View(
            t: t, language: language.rawValue, languages: frame.languages, organisation: frame.organisation, title: t["preferences_title"] ?? "",
            action: "/p/pref/\(token)", notice: notice.flatMap { t[$0] }, problem: status != .ok,
            channels: PreferenceCentre.channels.map { Option(name: "channel", value: $0.rawValue, label: t["channel_\($0.rawValue)"] ?? "", checked: choices.channels.contains($0)) },
            topics: MessageTopic.allCases.map { Option(name: "topic", value: $0.rawValue, label: t["topic_\($0.rawValue)"] ?? "",
                                                       checked: !choices.preferences.declinedTopics.contains($0)) },
            frequencies: ContactFrequency.allCases.map { Option(name: "frequency", value: $0.rawValue, label: t["frequency_\($0.rawValue)"] ?? "",
                                                                checked: choices.preferences.frequency == $0) },
            writeIn: frame.languages.map { Option(name: "language", value: $0.code, label: $0.name, checked: $0.code == choices.language.rawValue) },
            involvement: (1...5).map { Option(name: "involvement", value: String($0), label: String($0), checked: choices.involvement == $0) },
            wishes: InvolvementWish.allCases.map { Option(name: "wish", value: $0.rawValue, label: t["wish_\($0.rawValue)"] ?? "",
                                                          checked: choices.preferences.wishes.contains($0)) })
        return forms.renderer.page("public-preferences", view, status: status, headers: PublicSurveyPages.headers)
    }

    func confirm(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let language = forms.requestedLanguage(request)
        if let wait = forms.limiter.admit(context.remoteAddress) { return try await forms.busy(language, wait: wait) }
        guard let holder = try await holder(context) else { return try await forms.message(.notFound, "unknown", language) }
        let token = context.parameters.get("token") ?? "", written = try await store.messages.choices(of: holder).language
        let shown = QueryParameters(request: request).string("lang").flatMap(Language.init(rawValue:)) ?? written
        let t = PublicCatalogue.strings(shown), frame = try await PublicFrame(store: store, language: shown)
        struct View { let t: [String: String]; let language: String; let languages: [LanguageOption]; let organisation: String?; let title: String
                      let question: String; let action: String; let preferences: String }
        let view = View(t: t, language: shown.rawValue, languages: frame.languages, organisation: frame.organisation, title: t["unsubscribe_title"] ?? "",
                        question: t["unsubscribe_\(holder.channel.rawValue)"] ?? "", action: "/p/u/\(token)", preferences: "/p/pref/\(token)")
        return forms.renderer.page("public-unsubscribe", view, headers: PublicSurveyPages.headers)
    }

    func unsubscribe(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        var request = request
        let fallback = forms.requestedLanguage(request)
        if let wait = forms.limiter.admit(context.remoteAddress) { return try await forms.busy(fallback, wait: wait) }
        guard (try? await request.collectBody(upTo: PublicSurveyPages.maximumFormBytes)) != nil else { return try await forms.message(.contentTooLarge, "too_long", fallback) }
        guard let holder = try await holder(context) else { return try await forms.message(.notFound, "unknown", fallback) }
        try await store.messages.unsubscribe(holder)
        return try await forms.message(.ok, "unsubscribed", try await store.messages.choices(of: holder).language)
    }

    func opened(_ context: KindredRequestContext) async throws -> Response {
        guard (context.parameters.get("token") ?? "").count <= 100 else { return try await forms.message(.notFound, "unknown", .en) }
        if forms.limiter.admit(context.remoteAddress) == nil, let holder = try await holder(context) { try await store.messages.recordOpen(holder) }
        return Response(status: .ok, headers: [.contentType: "image/gif", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(data: Self.pixel)))
    }

    func clicked(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let language = forms.requestedLanguage(request)
        if let wait = forms.limiter.admit(context.remoteAddress) { return try await forms.busy(language, wait: wait) }
        guard let holder = try await holder(context), let url = QueryParameters(request: request).string("u"),
              try await store.messages.recordClick(holder, url: url) else { return try await forms.message(.notFound, "unknown", language) }
        return Response(status: .found, headers: [.location: url, .cacheControl: "no-store"])
    }
}

/// The preference centre's and the unsubscribe page's templates.
enum PublicPreferenceTemplates {
    /// The preference centre: each group of choices a fieldset.
    static let centre = """
        {{<public-layout}}{{$main}}
        <h1>{{title}}</h1>
        <p class="intro">{{t.preferences_intro}}</p>
        {{#notice}}<p class="{{#problem}}error{{/problem}}{{^problem}}notice{{/problem}}" role="status" id="preferences-notice">{{notice}}</p>{{/notice}}
        <form method="post" action="{{action}}" class="survey" id="preferences-form">
          <input type="hidden" name="lang" value="{{language}}">
          <fieldset class="question"><legend>{{t.channels_legend}}</legend><div class="choices">{{#channels}}<label class="choice"><input type="checkbox" name="{{name}}" value="{{value}}" {{#checked}}checked{{/checked}}><span>{{label}}</span></label>{{/channels}}</div></fieldset>
          <fieldset class="question"><legend>{{t.topics_legend}}</legend><div class="choices">{{#topics}}<label class="choice"><input type="checkbox" name="{{name}}" value="{{value}}" {{#checked}}checked{{/checked}}><span>{{label}}</span></label>{{/topics}}</div></fieldset>
          <fieldset class="question"><legend>{{t.frequency_legend}}</legend><div class="choices">{{#frequencies}}<label class="choice"><input type="radio" name="{{name}}" value="{{value}}" {{#checked}}checked{{/checked}}><span>{{label}}</span></label>{{/frequencies}}</div></fieldset>
          <fieldset class="question"><legend>{{t.language_legend}}</legend><div class="choices">{{#writeIn}}<label class="choice"><input type="radio" name="{{name}}" value="{{value}}" {{#checked}}checked{{/checked}}><span>{{label}}</span></label>{{/writeIn}}</div></fieldset>
          <fieldset class="question"><legend>{{t.involvement_legend}}</legend><div class="choices numbers">{{#involvement}}<label class="choice"><input type="radio" name="{{name}}" value="{{value}}" {{#checked}}checked{{/checked}}><span>{{label}}</span></label>{{/involvement}}</div>
            <p class="ends"><span>{{t.involvement_low}}</span><span>{{t.involvement_high}}</span></p></fieldset>
          <fieldset class="question"><legend>{{t.wishes_legend}}</legend><div class="choices">{{#wishes}}<label class="choice"><input type="checkbox" name="{{name}}" value="{{value}}" {{#checked}}checked{{/checked}}><span>{{label}}</span></label>{{/wishes}}</div></fieldset>
          <button type="submit" id="save-preferences">{{t.save}}</button>
        </form>
        {{/main}}{{/public-layout}}
        """

    /// The unsubscribe page: one button, and the preference centre for those who would rather choose.
    static let unsubscribe = """
        {{<public-layout}}{{$main}}
        <h1>{{title}}</h1>
        <form method="post" action="{{action}}" id="unsubscribe-form">
          <input type="hidden" name="lang" value="{{language}}">
          <p>{{question}}</p>
          <button type="submit" id="unsubscribe">{{t.unsubscribe_button}}</button>
        </form>
        <p><a href="{{preferences}}" id="preferences-link">{{t.preferences_link}}</a></p>
        {{/main}}{{/public-layout}}
        """
}
