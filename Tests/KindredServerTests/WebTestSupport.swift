import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KindredCore
import KindredServer
import KindredStore
import KindredTestSupport
import NIOCore

/// A browser stand-in for the web app: keeps cookies, reads the CSRF token off the last page, posts forms.
final class WebBrowser: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var lastPage = ""
    var headers: HTTPFields = [:]

    init(_ client: any TestClientProtocol) {
        self.client = client
    }

    /// The CSRF token in the last page's forms.
    var csrf: String? {
        guard let range = lastPage.range(of: #"name="_csrf" value=""#) else { return nil }
        return String(lastPage[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Loads a page.
    @discardableResult
    func get(_ path: String, extra: HTTPFields = [:]) async throws -> HTTPResponse.Status {
        try await send(.get, path, body: nil, extra: extra)
    }

    /// Posts a form (with the page's CSRF token unless `csrf` says otherwise).
    @discardableResult
    func post(_ path: String, _ fields: [String: String], csrf token: String?? = .none, extra: HTTPFields = [:]) async throws -> HTTPResponse.Status {
        try await post(path, pairs: fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, csrf: token, extra: extra)
    }

    /// Posts a form whose names may repeat (checkboxes), in the order given.
    @discardableResult
    func post(_ path: String, pairs: [(String, String)], csrf token: String?? = .none, extra: HTTPFields = [:]) async throws -> HTTPResponse.Status {
        var all = pairs
        if let token = token ?? csrf { all.append(("_csrf", token)) }
        var components = URLComponents()
        components.queryItems = all.map { URLQueryItem(name: $0.0, value: $0.1) }
        let body = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        var headers = extra
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await send(.post, path, body: body, extra: headers)
    }

    /// Posts a raw body (a file upload by script) with the page's CSRF token as a header.
    @discardableResult
    func upload(_ path: String, _ body: String) async throws -> HTTPResponse.Status {
        var headers: HTTPFields = [.contentType: "text/csv"]
        if let csrf { headers[HTTPField.Name("X-CSRF-Token")!] = csrf }
        return try await send(.post, path, body: body, extra: headers)
    }

    private func send(_ method: HTTPRequest.Method, _ path: String, body: String?, extra: HTTPFields) async throws -> HTTPResponse.Status {
        var headers = extra
        if !cookies.isEmpty { headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        let (status, responseHeaders, text) = try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) {
            ($0.status, $0.headers, String(buffer: $0.body))
        }
        self.headers = responseHeaders
        for cookie in responseHeaders[values: .setCookie] {
            let pair = cookie.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { cookies[pair[0]] = pair[1].isEmpty ? nil : pair[1] }
        }
        if !text.isEmpty { lastPage = text }
        return status
    }

    /// Signs in through the form.
    func signIn(_ email: String, _ password: String) async throws -> HTTPResponse.Status {
        try await get("/sign-in")
        return try await post("/sign-in", ["email": email, "password": password])
    }
}

/// The web app over a fresh SQLite database with one staff user per role (password "correct horse battery staple").
struct WebHarness: Sendable {
    static let password = "correct horse battery staple"
    let store: KindredStore

    /// The sign-in email of the user with `role`.
    static func email(_ role: StaffRole) -> String { "\(role.rawValue.replacingOccurrences(of: "_", with: "-"))@example.org" }

    /// Runs `body` against the router with a browser per call to `browser()`.
    static func run(_ body: @Sendable (WebHarness, @Sendable () -> WebBrowser) async throws -> Void) async throws {
        try await withTestStore(.sqlite) { store in
            let directory = StaffDirectory(database: store.database)
            let hash = Passwords.hash(password, cost: 4)
            for role in StaffRole.allCases { _ = try await directory.createUser(email: email(role), passwordHash: hash, role: role) }
            let app = Application(router: buildRouter(store: store).router)
            try await app.test(.router) { client in try await body(WebHarness(store: store), { WebBrowser(client) }) }
        }
    }
}
