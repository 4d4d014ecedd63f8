import HTTPTypes
import Hummingbird

/// Registers routes on a router and remembers each (method, path), so a test can hold them against the OpenAPI document.
final class RouteRecorder {
    /// The routes registered so far, paths in OpenAPI form (`/api/v1/gifts/{id}`).
    private(set) var routes: [(method: HTTPRequest.Method, path: String)] = []
    private let router: Router<KindredRequestContext>

    init(router: Router<KindredRequestContext>) {
        self.router = router
    }

    /// Adds a route; `path` uses Hummingbird's `:name` parameters.
    func add(_ method: HTTPRequest.Method, _ path: String,
             _ handler: @Sendable @escaping (Request, KindredRequestContext) async throws -> Response) {
        router.on(RouterPath(path), method: method, use: handler)
        let openAPIPath = path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
        routes.append((method, "/" + openAPIPath))
    }
}
