import Foundation
import Hummingbird
import KindredStore
import Metrics
import Prometheus

/// Liveness, readiness, metrics and the OpenAPI document.
enum OperationsRoutes {
    /// The Prometheus registry, bootstrapped into swift-metrics once per process.
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Registers `/healthz`, `/readyz`, `/metrics` and `/openapi.json`.
    static func register(on routes: RouteRecorder, store: KindredStore) {
        let registry = Self.registry
        let connections = Gauge(label: "kindred_db_reachable")
        routes.add(.get, "/healthz") { _, _ in
            try JSONResponse.make(["status": "ok"])
        }
        routes.add(.get, "/readyz") { _, _ in
            let reachable = await store.database.isReachable()
            connections.record(reachable ? 1 : 0)
            guard reachable else { throw Problem(.serviceUnavailable, "the database cannot be reached", headers: [.retryAfter: "5"]) }
            return try JSONResponse.make(["status": "ready"])
        }
        routes.add(.get, "/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        routes.add(.get, "/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: .init(byteBuffer: ByteBuffer(data: OpenAPIDocument.json)))
        }
    }
}
