import Foundation
import Hummingbird
import KindredCore
import KindredStore

/// `/api/v1/webhooks`: subscriptions (admins only) and each one's delivery log.
enum WebhookRoutes {
    /// Registers the routes.
    static func register(on routes: RouteRecorder, store: KindredStore) {
        /// Subscribes a URL to events; the signing secret is shown only in this answer.
        routes.add(.post, "/api/v1/webhooks") { request, context in
            let actor = try context.authorize(.write, .settings)
            let input = try RequestBody.decode(WebhookInput.self, from: try await RequestBody.object(request, context: context).data)
            let webhook = try await store.webhooks.create(input, by: actor)
            return try JSONResponse.make(webhook, status: .created, headers: [.location: "/api/v1/webhooks/\(webhook.id)"])
        }
        /// Every webhook, without secrets.
        routes.add(.get, "/api/v1/webhooks") { _, context in
            _ = try context.authorize(.write, .settings)
            return try JSONResponse.make(["items": try await store.webhooks.list()])
        }
        /// Deletes a webhook and its delivery log.
        routes.add(.delete, "/api/v1/webhooks/:id") { _, context in
            let actor = try context.authorize(.write, .settings)
            try await store.webhooks.delete(try webhookId(context), by: actor)
            return Response(status: .noContent)
        }
        /// A webhook's deliveries, newest first: status, attempts, last answer or error.
        routes.add(.get, "/api/v1/webhooks/:id/deliveries") { request, context in
            _ = try context.authorize(.write, .settings)
            let query = QueryParameters(request: request)
            return try JSONResponse.make(try await store.webhooks.deliveries(of: try webhookId(context), cursor: try query.idCursor(), limit: try query.limit()))
        }
    }

    private static func webhookId(_ context: KindredRequestContext) throws -> String {
        guard let id = context.parameters.get("id"), RecordIdentifier.isValid(id) else { throw Problem(.notFound, "no webhook has this id") }
        return id
    }
}

/// The webhook part of the OpenAPI document.
enum OpenAPIWebhooks {
    typealias S = SchemaBuilder
    typealias D = OpenAPIDocument

    private static let id = D.parameter("id", in: "path", S.identifier)
    private static let webhook = S.object([
        ("id", S.identifier, true), ("url", S.string, true), ("events", S.array(S.oneOf(WebhookEvent.self)), true), ("active", S.boolean, true),
        ("secret", S.string, false), ("createdAt", S.dateTime, true)])

    /// The schemas.
    static let schemas: [String: JSONValue] = [
        "WebhookInput": S.input([("url", S.type("string", ["maxLength": 2_000, "pattern": "^https?://[^\\s/]+"]), true),
                                 ("events", S.type("array", ["items": S.oneOf(WebhookEvent.self), "minItems": 1]), true), ("active", S.boolean, false)],
                                required: ["url", "events"]),
        "Webhook": webhook,
        "WebhookDelivery": S.object([
            ("id", S.identifier, true), ("webhookId", S.identifier, true), ("event", S.oneOf(WebhookEvent.self), true), ("payload", S.string, true),
            ("status", S.type("string", ["enum": ["pending", "delivered", "failed"]]), true), ("attempts", S.type("integer", ["minimum": 0]), true),
            ("nextAttemptAt", S.dateTime, false), ("lastStatus", S.integer, false), ("lastError", S.string, false), ("createdAt", S.dateTime, true),
            ("deliveredAt", S.dateTime, false)]),
    ]

    /// The paths.
    static let paths: [String: JSONValue] = [
        "/api/v1/webhooks": [
            "post": D.operation("webhooksCreate", "Subscribes a URL to events (admins only); the signing secret is shown only here", "webhooks", body: "WebhookInput",
                                responses: ["201": D.json("The webhook with its secret", S.ref("Webhook")), "400": D.problem("The body is not a JSON object"),
                                            "413": D.problem("The body is larger than 1 MiB"), "422": D.problem("Invalid fields, each named")]),
            "get": D.operation("webhooksList", "Every webhook, without secrets (admins only)", "webhooks",
                               responses: ["200": D.json("The webhooks", S.object([("items", S.array(S.ref("Webhook")), true)]))]),
        ],
        "/api/v1/webhooks/{id}": ["delete": D.operation(
            "webhooksDelete", "Deletes a webhook and its delivery log (admins only)", "webhooks", parameters: [id],
            responses: ["204": ["description": "Deleted"], "404": D.problem("No such webhook")])],
        "/api/v1/webhooks/{id}/deliveries": ["get": D.operation(
            "webhooksDeliveries", "The webhook's deliveries, newest first (admins only)", "webhooks",
            parameters: [id, D.parameter("cursor", in: "query", S.identifier), D.parameter("limit", in: "query", S.type("integer", ["minimum": 1, "maximum": 200]))],
            responses: ["200": D.json("A page of deliveries", S.page(S.ref("WebhookDelivery"))), "404": D.problem("No such webhook"),
                        "422": D.problem("Invalid query parameters")])],
    ]
}
