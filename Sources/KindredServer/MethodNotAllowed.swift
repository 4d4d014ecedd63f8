import HTTPTypes
import Hummingbird

/// Answers 405 with an `Allow` header when a path exists but not for the request's method
/// (the router alone would say 404). Added after every route, so it wraps only the not-found path.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Every route as (method, path segments), `{name}` segments matching anything.
    let routes: [(method: String, segments: [Substring])]

    init(routes: [(method: String, path: String)]) {
        self.routes = routes.map { ($0.method, $0.path.split(separator: "/")) }
    }

    /// Turns a router 404 into a 405 when other methods serve the path.
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let segments = request.uri.path.split(separator: "/")
            let matching = routes.filter { route in
                route.segments.count == segments.count
                    && zip(route.segments, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
            }
            // A literal segment beats a parameter (`/segments/preview` is not `/segments/{id}`), as in the router.
            let literals = { (route: (method: String, segments: [Substring])) in route.segments.count { !$0.hasPrefix("{") } }
            let best = matching.map(literals).max() ?? 0
            let allowed = matching.filter { literals($0) == best }.map(\.method)
            guard !allowed.isEmpty else { throw error }
            throw Problem(.methodNotAllowed, "\(request.method.rawValue) is not allowed here; use \(allowed.joined(separator: ", "))",
                          headers: [.allow: allowed.joined(separator: ", ")])
        }
    }
}
