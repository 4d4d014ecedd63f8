import Hummingbird
import KindredCore
import KindredStore

/// The request context: Hummingbird's core storage plus the authenticated actor.
public struct KindredRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// Who is calling; set by the authentication middleware.
    public var actor: Actor?
    /// The web app's signed-in session, when the request carries a live session cookie.
    public var webSession: WebSession?
    /// The client's IP address as text ("unknown" when the transport has none), for rate limiting sign-ins.
    public let remoteAddress: String

    /// Creates the context for a new request.
    public init(source: Source) {
        coreContext = .init(source: source)
        actor = nil
        webSession = nil
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Room for the largest event batch; the REST API applies its own smaller limit.
    public var maxUploadSize: Int { 2 * 1024 * 1024 }

    /// The actor, or a 401 when the request is not authenticated.
    func requireActor() throws -> Actor {
        guard let actor else { throw Problem(.unauthorized, "authentication is required", headers: [.wwwAuthenticate: "Bearer"]) }
        return actor
    }

    /// The actor, when allowed to perform `action` on `resource`; 403 otherwise.
    func authorize(_ action: AccessAction, _ resource: ProtectedResource) throws -> Actor {
        let actor = try requireActor()
        guard AccessPolicy.allows(actor.role, action, resource) else {
            throw Problem(.forbidden, "the \(actor.role.rawValue) role may not \(action.rawValue) \(resource.rawValue)")
        }
        return actor
    }
}

/// Authenticates every `/api/` request by `Authorization: Bearer KEY`; other paths pass untouched.
struct APIKeyAuthenticator: RouterMiddleware {
    let directory: StaffDirectory

    /// Sets the context's actor from a valid key, or answers 401.
    func handle(_ request: Request, context: KindredRequestContext,
                next: (Request, KindredRequestContext) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/") else { return try await next(request, context) }
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw Problem(.unauthorized, "send an API key as Authorization: Bearer KEY", headers: [.wwwAuthenticate: "Bearer"])
        }
        let key = String(header.dropFirst("bearer ".count)).trimmingWhitespace()
        guard key.count <= 200, let found = try await directory.actor(forKey: key) else {
            throw Problem(.unauthorized, "the API key is not valid", headers: [.wwwAuthenticate: "Bearer"])
        }
        guard !found.writeOnly else { throw Problem(.forbidden, "a write key can only send events to /v1") }
        var context = context
        context.actor = found.actor
        return try await next(request, context)
    }
}

extension KindredRequestContext {
    /// The `id` path parameter of a record of `entity`; an id that cannot exist is simply not found (404).
    func recordId(of entity: String) throws -> String {
        guard let id = parameters.get("id"), RecordIdentifier.isValid(id) else { throw Problem(.notFound, "no \(entity) has this id") }
        return id
    }
}
