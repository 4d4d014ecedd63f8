import Foundation
import KindredCore
import SQLKit

/// A delivery claimed for sending, with where to send it and the secret to sign it with.
public struct ClaimedDelivery: Sendable {
    /// The delivery.
    public let id: String
    /// The event name.
    public let event: String
    /// The body to send.
    public let payload: String
    /// The webhook's URL and secret.
    public let url: String, secret: String
    /// Attempts made before this one.
    public let attempts: Int
}

/// Webhook subscriptions, their delivery log, and the claims and outcomes of the dispatcher.
public struct WebhookStore: Sendable {
    let store: KindredStore

    /// How long a claimed delivery is left to its sender before another process may try it.
    static let leaseMilliseconds: Int64 = 120_000

    /// Creates a webhook with a new signing secret (shown only in the answer).
    public func create(_ input: WebhookInput, by actor: Actor) async throws -> Webhook {
        let valid = try input.validated(), now = store.clock()
        let id = RecordIdentifier.make(at: now), secret = StaffDirectory.randomToken(prefix: "whsec_")
        try await store.database.write { connection in
            try await connection.raw("""
                INSERT INTO webhooks (id, url, secret, events, active, created_at, updated_at)
                VALUES (\(bind: id), \(bind: valid.url), \(bind: secret), \(bind: jsonText(valid.events)), \(bind: valid.active), \(bind: now.description), \(bind: now.description))
                """).run()
            try await AuditLog.record(.create, entity: "webhook", id: id, by: actor, at: now, on: connection)
        }
        return Webhook(id: id, url: valid.url, events: valid.events, active: valid.active, secret: secret, createdAt: now)
    }

    /// Every webhook, oldest first, without secrets.
    public func list() async throws -> [Webhook] {
        try await store.database.read { connection in
            try await connection.raw("SELECT * FROM webhooks ORDER BY id").all().map { row in
                Webhook(id: try row.text("id"), url: try row.text("url"), events: try JSONDecoder().decode([WebhookEvent].self, from: Data(try row.text("events").utf8)),
                        active: try row.bool("active"), secret: nil, createdAt: try row.timestamp("created_at"))
            }
        }
    }

    /// Deletes a webhook and its delivery log.
    public func delete(_ id: String, by actor: Actor) async throws {
        let now = store.clock()
        try await store.database.write { connection in
            guard try await connection.raw("SELECT id FROM webhooks WHERE id = \(bind: id)").first() != nil else { throw StoreError.notFound(entity: "webhook", id: id) }
            try await connection.raw("DELETE FROM webhooks WHERE id = \(bind: id)").run()
            try await AuditLog.record(.delete, entity: "webhook", id: id, by: actor, at: now, on: connection)
        }
    }

    /// A webhook's deliveries, newest first.
    public func deliveries(of id: String, cursor: String?, limit: Int) async throws -> Page<WebhookDelivery> {
        let rows = try await store.database.read { connection in
            guard try await connection.raw("SELECT id FROM webhooks WHERE id = \(bind: id)").first() != nil else { throw StoreError.notFound(entity: "webhook", id: id) }
            var query: SQLQueryString = "SELECT * FROM webhook_deliveries WHERE webhook_id = \(bind: id)"
            if let cursor { query = query + " AND id < \(bind: cursor)" }
            return try await connection.raw(query + " ORDER BY id DESC LIMIT \(literal: limit + 1)").all().map { row in
                WebhookDelivery(id: try row.text("id"), webhookId: id, event: try row.vocabulary("event"), payload: try row.text("payload"),
                                status: try row.text("status"), attempts: Int(try row.int64("attempts")),
                                nextAttemptAt: try row.optionalText("next_attempt_at").flatMap(Timestamp.init(iso8601:)),
                                lastStatus: try row.optionalInt64("last_status").map(Int.init), lastError: try row.optionalText("last_error"),
                                createdAt: try row.timestamp("created_at"), deliveredAt: try row.optionalText("delivered_at").flatMap(Timestamp.init(iso8601:)))
            }
        }
        let items = Array(rows.prefix(limit))
        return Page(items: items, nextCursor: rows.count > limit ? items.last?.id : nil)
    }

    /// Claims up to `limit` pending deliveries that are due, leasing each for two minutes so that no other process
    /// sends it meanwhile (PostgreSQL: `FOR UPDATE SKIP LOCKED`; SQLite has one writer).
    public func claimDue(limit: Int = 20) async throws -> [ClaimedDelivery] {
        let now = store.clock(), lease = now.adding(milliseconds: Self.leaseMilliseconds)
        let lock = store.database.flavor == .postgres ? " FOR UPDATE OF d SKIP LOCKED" : ""
        return try await store.database.write { connection in
            let rows = try await connection.raw("""
                SELECT d.id, d.event, d.payload, d.attempts, w.url, w.secret FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                WHERE d.status = 'pending' AND d.next_attempt_at <= \(bind: now.description) AND w.active = \(bind: true)
                ORDER BY d.next_attempt_at, d.id LIMIT \(literal: limit)\(unsafeRaw: lock)
                """).all()
            let claimed = try rows.map { row in
                ClaimedDelivery(id: try row.text("id"), event: try row.text("event"), payload: try row.text("payload"), url: try row.text("url"),
                                secret: try row.text("secret"), attempts: Int(try row.int64("attempts")))
            }
            for delivery in claimed {
                try await connection.raw("UPDATE webhook_deliveries SET next_attempt_at = \(bind: lease.description) WHERE id = \(bind: delivery.id)").run()
            }
            return claimed
        }
    }

    /// Records an attempt: delivered on a 2xx answer; otherwise tried again after the backoff, or given up after the
    /// last attempt.
    public func record(_ id: String, status: Int?, error: String?) async throws {
        let now = store.clock()
        try await store.database.write { connection in
            guard let row = try await connection.raw("SELECT attempts FROM webhook_deliveries WHERE id = \(bind: id)").first() else { return }
            let attempts = Int(try row.int64("attempts")) + 1
            let delivered = status.map { (200..<300).contains($0) } ?? false
            let state = delivered ? "delivered" : attempts >= WebhookBackoff.maximumAttempts ? "failed" : "pending"
            let next = state == "pending" ? now.adding(milliseconds: WebhookBackoff.delay(afterAttempts: attempts)).description : nil
            try await connection.raw("""
                UPDATE webhook_deliveries SET status = \(bind: state), attempts = \(bind: attempts), next_attempt_at = \(bind: next),
                  last_status = \(bind: status), last_error = \(bind: error.map { String($0.prefix(500)) }),
                  delivered_at = \(bind: delivered ? now.description : nil) WHERE id = \(bind: id)
                """).run()
        }
    }
}

extension KindredStore {
    /// Webhook subscriptions and deliveries.
    public var webhooks: WebhookStore { WebhookStore(store: self) }
}
