import Hummingbird
import KindredCore
import KindredStore
import Logging

/// Where and how the server listens.
public struct ServerConfiguration: Sendable {
    /// The address to bind.
    public var host: String
    /// The port to bind; 0 picks a free one.
    public var port: Int
    /// Requests a minute one address may make to the public pages (survey links).
    public var publicRequestsPerMinute: Int
    /// Where messages go: the outbox folder, or an SMTP relay for email.
    public var messageDelivery: MessageDeliveryConfiguration

    /// The public pages' limit unless told: a person answering a survey needs a handful of requests.
    public static let defaultPublicRequestsPerMinute = 60

    /// Creates a configuration; defaults to 127.0.0.1:8080.
    public init(host: String = "127.0.0.1", port: Int = 8080, publicRequestsPerMinute: Int = defaultPublicRequestsPerMinute,
                messageDelivery: MessageDeliveryConfiguration = MessageDeliveryConfiguration()) {
        self.host = host
        self.port = port
        self.publicRequestsPerMinute = publicRequestsPerMinute
        self.messageDelivery = messageDelivery
    }
}

/// The router and the list of its routes (for the OpenAPI completeness test).
public struct KindredRouter {
    /// The router.
    public let router: Router<KindredRequestContext>
    /// Every registered (method, OpenAPI path).
    public let routes: [(method: String, path: String)]
}

/// Builds the router with every route and middleware; used by `buildApplication` and by tests. The public pages
/// admit `publicRequestsPerMinute` requests a minute from one address.
public func buildRouter(store: KindredStore, publicRequestsPerMinute: Int = ServerConfiguration.defaultPublicRequestsPerMinute) -> KindredRouter {
    _ = OperationsRoutes.registry
    let router = Router(context: KindredRequestContext.self)
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: APIKeyAuthenticator(directory: StaffDirectory(database: store.database, clock: store.clock)))
    let recorder = RouteRecorder(router: router)
    OperationsRoutes.register(on: recorder, store: store)
    APIRoutes.register(on: recorder, store: store)
    EventRoutes.register(on: recorder, store: store)
    let imports = ImportRuns(store: store)
    ImportRoutes.register(on: recorder, store: store, runs: imports)
    IdentityRoutes.register(on: recorder, store: store)
    EngagementRoutes.register(on: recorder, store: store)
    SegmentRoutes.register(on: recorder, store: store)
    PredictionRoutes.register(on: recorder, store: store)
    FeedbackRoutes.register(on: recorder, store: store)
    SurveyRoutes.register(on: recorder, store: store)
    MessageRoutes.register(on: recorder, store: store)
    JourneyRoutes.register(on: recorder, store: store)
    WebhookRoutes.register(on: recorder, store: store)
    do {
        let renderer = try WebRenderer()
        WebRoutes.register(on: router, store: store, imports: imports, renderer: renderer)
        PublicSurveyPages.register(on: recorder, store: store, renderer: renderer, requestsPerMinute: publicRequestsPerMinute)
    } catch {
        preconditionFailure("the web app's templates do not parse: \(error)")  // compile-time text; the web tests render every one
    }
    let routes = recorder.routes.map { (method: $0.method.rawValue, path: $0.path) }
    router.add(middleware: MethodNotAllowedMiddleware(routes: routes))
    return KindredRouter(router: router, routes: routes)
}

/// Builds the application that `kindred serve` runs: HTTP server, routes, background jobs, webhook deliveries, messages
/// and graceful shutdown on SIGTERM.
public func buildApplication(store: KindredStore, configuration: ServerConfiguration, logger: Logger)
    -> some ApplicationProtocol {
    Application(
        router: buildRouter(store: store, publicRequestsPerMinute: configuration.publicRequestsPerMinute).router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Kindred"),
        services: [BackgroundJobs(store: store, logger: logger), WebhookDispatcher(store: store, logger: logger),
                   MessageDispatcher(store: store, configuration: configuration.messageDelivery, logger: logger)],
        logger: logger)
}
