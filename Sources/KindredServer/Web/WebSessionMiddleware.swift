import Foundation
import HTTPTypes
import Hummingbird
import KindredCore
import KindredStore

/// The web app's cookies.
enum WebCookies {
    /// The session id (HttpOnly, SameSite=Lax, Secure behind TLS).
    static let session = "kindred_session"
    /// The CSRF token of a visitor not yet signed in (the sign-in form's double-submit token).
    static let signInToken = "kindred_csrf"

    /// A cookie for the web app: HttpOnly, SameSite=Lax, path `/`, Secure when the request came over TLS.
    static func make(_ name: String, _ value: String, maxAge: Int?, secure: Bool) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// Whether the request reached Kindred over TLS (directly or through a proxy that says so).
    static func isSecure(_ request: Request) -> Bool {
        request.uri.scheme == .https || request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
    }
}

/// A submitted form's fields (URL-encoded); the body is read once by the middleware and kept buffered.
struct WebForm {
    /// The largest form body accepted.
    static let maximumBytes = 1 << 20
    /// Every name and value in order (a name repeats for checkboxes).
    let pairs: [(name: String, value: String)]
    /// The first value of each name.
    let fields: [String: String]

    /// Reads the form of a request (413 when too large).
    static func read(_ request: inout Request) async throws -> WebForm {
        let buffer = try await request.collectBody(upTo: maximumBytes)
        let pairs = Self.pairs(of: String(buffer: buffer))
        return WebForm(pairs: pairs, fields: pairs.reversed().reduce(into: [:]) { $0[$1.name] = $1.value })
    }

    /// The names and values of a URL-encoded form body, in order.
    static func pairs(of body: String) -> [(name: String, value: String)] {
        body.split(separator: "&").compactMap { pair -> (name: String, value: String)? in
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            guard let name = parts.first, !name.isEmpty else { return nil }
            return (name, parts.count > 1 ? parts[1] : "")
        }
    }

    /// An amount typed in a currency: field `amount` (`.` or `,` for decimals) in field `currency` (an ISO code);
    /// what is wrong is added to `issues`, naming the field.
    func money(issues: inout [FieldIssue]) -> (amountMinor: Int64?, currency: Currency?) {
        let currency = self["currency"].flatMap { Currency(code: $0.uppercased()) }
        let amount = currency.flatMap { currency in self["amount"].flatMap { DecimalAmount.minorUnits($0.replacingOccurrences(of: ",", with: "."), currency: currency) } }
        if currency == nil { issues.append(FieldIssue(field: "currency", message: "must be an ISO 4217 code such as EUR")) }
        if currency != nil, amount == nil { issues.append(FieldIssue(field: "amount", message: "must be an amount such as 25 or 25.50")) }
        return (amount, currency)
    }

    /// Every value sent under `name`.
    func values(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    /// The value of a required choice, or a validation failure naming the field and the allowed values.
    func choice<V: Vocabulary>(_ name: String, as type: V.Type = V.self) throws(ValidationFailure) -> V {
        guard let value = V(rawValue: self[name] ?? "") else { throw ValidationFailure([FieldIssue(field: name, message: "must be one of: \(V.allowedValues)")]) }
        return value
    }

    /// Every value of a repeated choice (checkboxes); one that is not allowed is a validation failure, never dropped.
    func choices<V: Vocabulary>(_ name: String, as type: V.Type = V.self) throws(ValidationFailure) -> [V] {
        try values(name).map { raw throws(ValidationFailure) in
            guard let value = V(rawValue: raw) else { throw ValidationFailure([FieldIssue(field: name, message: "must be one of: \(V.allowedValues)")]) }
            return value
        }
    }

    /// A field trimmed, nil when absent or empty.
    subscript(_ name: String) -> String? {
        guard let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }
}

/// For every web path: finds the signed-in session from its cookie, and refuses any state-changing request whose CSRF
/// token (header `X-CSRF-Token`, else form field `_csrf`) is not the session's (or, before sign-in, the sign-in cookie's).
struct WebSessionMiddleware: RouterMiddleware {
    let sessions: WebSessions
    let renderer: WebRenderer

    /// Sets the session and actor, checks the CSRF token, and adds the security headers to the answer.
    func handle(_ request: Request, context: KindredRequestContext,
                next: (Request, KindredRequestContext) async throws -> Response) async throws -> Response {
        var context = context, request = request
        if let id = request.cookies[WebCookies.session]?.value, let session = try await sessions.session(id: id) {
            context.webSession = session
            context.actor = session.actor
        }
        if ![.get, .head].contains(request.method) {
            let expected = context.webSession?.csrfToken ?? request.cookies[WebCookies.signInToken]?.value
            // A script sends the token as a header (and may send a file as the body); a form sends it as a field.
            var sent = request.headers[HTTPField.Name("X-CSRF-Token")!]
            if sent == nil { sent = try await WebForm.read(&request).fields["_csrf"] }
            guard let expected, let sent, StaffDirectory.constantTimeEquals(expected, sent) else {
                context.logger.warning("web request refused: missing or wrong CSRF token", metadata: ["path": "\(request.uri.path)"])
                let language = context.webSession?.language ?? Language.preferred(acceptLanguage: request.headers[.acceptLanguage])
                return WebErrors.page(renderer, status: .forbidden, headingKey: "forbidden_title", detail: Catalogue.text("csrf_refused", language),
                                      session: context.webSession, language: language, path: request.uri.path)
            }
        }
        return try await next(request, context)
    }
}
