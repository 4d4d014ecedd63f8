import Foundation
import HummingbirdBcrypt
import HTTPTypes
import Hummingbird
import KindredCore
import KindredStore

/// The staff web app at `/`: sign-in and sessions, the pages, the assets. Pages are server-rendered; every form works
/// without JavaScript.
struct WebRoutes: Sendable {
    let store: KindredStore
    let sessions: WebSessions
    let renderer: WebRenderer
    let imports: ImportRuns

    /// Registers the web app's routes on `router`; imports run through the same `imports` as the API's.
    static func register(on router: Router<KindredRequestContext>, store: KindredStore, imports: ImportRuns, renderer: WebRenderer) {
        let routes = WebRoutes(store: store, sessions: WebSessions(database: store.database, clock: store.clock), renderer: renderer, imports: imports)
        router.get("/assets/kindred.css") { _, _ in WebAssets.response(WebAssets.stylesheet, type: "text/css; charset=utf-8") }
        router.get("/assets/kindred.js") { _, _ in WebAssets.response(WebAssets.script, type: "text/javascript; charset=utf-8") }
        let web = router.group()
            .add(middleware: WebErrorMiddleware(renderer: renderer))
            .add(middleware: WebSessionMiddleware(sessions: routes.sessions, renderer: renderer))
        /// The sign-in form.
        web.get("/sign-in") { request, context in routes.signInForm(request, context) }
        /// Signs in: a new session cookie, then the dashboard.
        web.post("/sign-in") { request, context in try await routes.signIn(request, context) }
        /// Signs out: the session ends everywhere it was used.
        web.post("/sign-out") { request, context in try await routes.signOut(request, context) }
        /// Changes the signed-in user's interface language.
        web.post("/account/language") { request, context in try await routes.setLanguage(request, context) }
        routes.registerPages(on: web)
    }

    /// The sign-in page (the dashboard when already signed in); a visitor without one gets a sign-in CSRF cookie.
    func signInForm(_ request: Request, _ context: KindredRequestContext, error: String? = nil, email: String = "",
                    status: HTTPResponse.Status = .ok) -> Response {
        if context.webSession != nil, error == nil { return WebRenderer.redirect("/") }
        let language = Language.preferred(acceptLanguage: request.headers[.acceptLanguage])
        let token = request.cookies[WebCookies.signInToken]?.value ?? StaffDirectory.newToken()
        struct SignInView { let chrome: PageChrome; let t: [String: String]; let error: String?; let email: String }
        let view = SignInView(chrome: PageChrome(titleKey: "sign_in", session: nil, language: language, csrf: token, path: "/sign-in"),
                              t: Catalogue.strings(language), error: error, email: email)
        var headers = HTTPFields()
        headers[.setCookie] = WebCookies.make(WebCookies.signInToken, token, maxAge: 3600, secure: WebCookies.isSecure(request)).description
        return renderer.page("sign-in", view, status: status, headers: headers)
    }

    /// Checks the credentials; rotates the session id (any earlier session of this browser ends).
    func signIn(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        var request = request
        let form = try await WebForm.read(&request)
        let language = Language.preferred(acceptLanguage: request.headers[.acceptLanguage])
        let email = String((form["email"] ?? "").prefix(320)), password = String((form.fields["password"] ?? "").prefix(200))
        let outcome = try await sessions.signIn(email: email, address: context.remoteAddress) { hash in Bcrypt.verify(password, hash: hash) }
        switch outcome {
        case .signedIn(let sessionId, _):
            if let old = request.cookies[WebCookies.session]?.value { try await sessions.signOut(id: old) }
            context.logger.info("staff signed in", metadata: ["email": "\(email)"])
            var headers = HTTPFields()
            let secure = WebCookies.isSecure(request)
            headers.append(HTTPField(name: .setCookie, value: WebCookies.make(WebCookies.session, sessionId, maxAge: nil, secure: secure).description))
            headers.append(HTTPField(name: .setCookie, value: WebCookies.make(WebCookies.signInToken, "", maxAge: 0, secure: secure).description))
            return WebRenderer.redirect("/", headers: headers)
        case .refused:
            context.logger.warning("sign-in failed", metadata: ["email": "\(email)", "address": "\(context.remoteAddress)"])
            return signInForm(request, context, error: Catalogue.text("sign_in_failed", language), email: email, status: .unauthorized)
        case .throttled:
            context.logger.warning("sign-in throttled", metadata: ["email": "\(email)", "address": "\(context.remoteAddress)"])
            return signInForm(request, context, error: Catalogue.text("sign_in_throttled", language), email: email, status: .tooManyRequests)
        }
    }

    /// Ends the session and clears its cookie.
    func signOut(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        if let id = request.cookies[WebCookies.session]?.value { try await sessions.signOut(id: id) }
        var headers = HTTPFields()
        headers[.setCookie] = WebCookies.make(WebCookies.session, "", maxAge: 0, secure: WebCookies.isSecure(request)).description
        return WebRenderer.redirect("/sign-in", headers: headers)
    }

    /// Stores the chosen language and returns to the page the switch was on.
    func setLanguage(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let session = try context.requireSession()
        var request = request
        let form = try await WebForm.read(&request)
        guard let language = form["language"].flatMap(Language.init(rawValue:)) else {
            throw ValidationFailure([FieldIssue(field: "language", message: "must be one of: \(Language.allowedValues)")])
        }
        try await sessions.setLanguage(language, of: session.user.id)
        return WebRenderer.redirect(Self.localPath(form["back"]) ?? "/")
    }
}

extension KindredRequestContext {
    /// The signed-in session, or a 401 that the web error middleware turns into a redirect to sign in.
    func requireSession() throws -> WebSession {
        guard let webSession else { throw Problem(.unauthorized, "sign in first") }
        return webSession
    }
}
