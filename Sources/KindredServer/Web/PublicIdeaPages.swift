import Foundation
import HTTPTypes
import Hummingbird
import KindredCore
import KindredStore

/// The public ideas board at `/p/ideas`: supporters propose ideas and vote, one vote per browser and idea (a random
/// voter cookie) and at most three per idea from one address, rate-limited like every public page.
struct PublicIdeaPages: Sendable {
    let store: KindredStore
    let forms: PublicSurveyPages

    /// The voter cookie (random, a year).
    static let voterCookie = "kindred_voter"
    /// What proposing costs against the rate limit, in page views.
    static let proposalCost = 10.0

    /// Registers the board (through the recorder, so the OpenAPI document and schemathesis cover it).
    static func register(on routes: RouteRecorder, pages: PublicIdeaPages) {
        /// The board: ideas by votes, and the form to propose one.
        routes.add(.get, "/p/ideas") { request, context in try await pages.board(request, context) }
        /// Proposes an idea.
        routes.add(.post, "/p/ideas") { request, context in try await pages.propose(request, context) }
        /// Votes for an idea.
        routes.add(.post, "/p/ideas/:id/vote") { request, context in try await pages.vote(request, context) }
    }

    /// The board in the reader's language.
    func board(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let language = forms.requestedLanguage(request)
        if let wait = forms.limiter.admit(context.remoteAddress) { return try await forms.busy(language, wait: wait) }
        return try await page(language, notice: nil, status: .ok, request: request)
    }

    /// Adds a proposed idea (status new) and shows the board with thanks, or the form again with what is wrong.
    func propose(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        var request = request
        let fallback = forms.requestedLanguage(request)
        if let wait = forms.limiter.admit(context.remoteAddress, cost: Self.proposalCost) { return try await forms.busy(fallback, wait: wait) }
        guard let body = try? await request.collectBody(upTo: PublicSurveyPages.maximumFormBytes) else { return try await forms.message(.contentTooLarge, "too_long", fallback) }
        let form = WebForm.pairs(of: String(buffer: body)).reduce(into: [String: String]()) { $0[$1.name] = $1.value }
        let language = form["lang"].flatMap(Language.init(rawValue:)) ?? fallback
        guard let fields = try? IdeaInput(title: form["title"], body: form["body"]).validated() else {
            return try await page(language, notice: "idea_invalid", status: .unprocessableContent, request: request, sent: (form["title"] ?? "", form["body"] ?? ""))
        }
        _ = try await store.ideas.create(fields, by: .system)
        return try await page(language, notice: "idea_added", status: .ok, request: request)
    }

    /// Counts a vote (once per voter cookie, three per address) and shows the board with what happened.
    func vote(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        var request = request
        let fallback = forms.requestedLanguage(request)
        if let wait = forms.limiter.admit(context.remoteAddress, cost: PublicSurveyPages.answerCost) { return try await forms.busy(fallback, wait: wait) }
        let body = (try? await request.collectBody(upTo: 4_096)).map { String(buffer: $0) } ?? ""
        let language = WebForm.pairs(of: body).last { $0.name == "lang" }.flatMap { Language(rawValue: $0.value) } ?? fallback
        let sent = request.cookies[Self.voterCookie]?.value ?? ""
        let wellFormed = (20...64).contains(sent.count) && sent.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" || $0 == "-" }
        let voter = wellFormed ? sent : "", known = wellFormed ? sent : StaffDirectory.newToken()
        let outcome = try await store.vote(for: context.parameters.get("id") ?? "", voter: known, address: context.remoteAddress)
        let status: HTTPResponse.Status = switch outcome {
        case .counted: .ok
        case .alreadyVoted, .addressLimit: .conflict
        case .unknownIdea: .notFound
        }
        var response = try await page(language, notice: outcome == .counted ? "vote_counted" : outcome == .unknownIdea ? "unknown_title" : "vote_\(outcome.rawValue)",
                                      status: status, request: request)
        if known != voter {
            response.headers[.setCookie] = WebCookies.make(Self.voterCookie, known, maxAge: 365 * 86_400, secure: WebCookies.isSecure(request)).description
        }
        return response
    }

    private func page(_ language: Language, notice: String?, status: HTTPResponse.Status, request: Request, sent: (String, String) = ("", "")) async throws -> Response {
        let t = PublicCatalogue.strings(language), frame = try await PublicFrame(store: store, language: language)
        struct Idea { let id: String; let title: String; let body: String; let status: String; let votes: Int; let canVote: Bool }
        struct View { let t: [String: String]; let language: String; let languages: [LanguageOption]; let organisation: String?; let notice: String?
                      let ideas: [Idea]; let hasIdeas: Bool; let sentTitle: String; let sentBody: String }
        let ideas = try await store.boardIdeas().map { record in
            Idea(id: record.id, title: record.fields.title, body: record.fields.body, status: t["idea_status_\(record.fields.status.rawValue)"] ?? "",
                 votes: record.fields.votes, canVote: record.fields.status != .done)
        }
        let view = View(t: t, language: language.rawValue, languages: frame.languages, organisation: frame.organisation, notice: notice.flatMap { t[$0] },
                        ideas: ideas, hasIdeas: !ideas.isEmpty, sentTitle: sent.0, sentBody: sent.1)
        return forms.renderer.page("public-ideas", view, status: status, headers: PublicSurveyPages.headers)
    }
}

/// The ideas board's template.
enum PublicIdeaTemplates {
    static let board = """
        {{<public-layout}}{{$main}}
        <h1>{{t.ideas_title}}</h1>
        <p class="intro">{{t.ideas_intro}}</p>
        {{#notice}}<p class="notice" role="status" id="board-notice">{{notice}}</p>{{/notice}}
        {{#hasIdeas}}<ol class="ideas" id="idea-list">{{#ideas}}<li class="card idea">
          <h2>{{title}}</h2>{{#body}}<p class="idea-body">{{body}}</p>{{/body}}
          <p><span class="badge">{{status}}</span> <strong class="idea-votes">{{votes}}</strong> {{t.idea_votes}}</p>
          {{#canVote}}<form method="post" action="/p/ideas/{{id}}/vote"><input type="hidden" name="lang" value="{{language}}">
            <button type="submit" class="vote">{{t.idea_vote}}</button></form>{{/canVote}}
        </li>{{/ideas}}</ol>{{/hasIdeas}}
        {{^hasIdeas}}<p class="empty">{{t.no_ideas}}</p>{{/hasIdeas}}
        <form method="post" action="/p/ideas" class="card" id="propose-idea">
          <input type="hidden" name="lang" value="{{language}}">
          <label for="idea-title">{{t.idea_title}}</label><input id="idea-title" name="title" maxlength="120" required value="{{sentTitle}}">
          <label for="idea-body">{{t.idea_body}}</label><textarea id="idea-body" name="body" rows="4" maxlength="2000">{{sentBody}}</textarea>
          <button type="submit" id="propose">{{t.idea_propose}}</button>
        </form>
        {{/main}}{{/public-layout}}
        """
}
