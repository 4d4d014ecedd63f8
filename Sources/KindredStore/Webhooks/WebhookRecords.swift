import Crypto
import Foundation
import KindredCore
import SQLKit

extension Schema {
    /// Version 22: webhook subscriptions (the signing secret kept to sign with) and their delivery log, which is also
    /// the outbox: a delivery is written in the transaction of what it reports, and sent after.
    @Sendable static func version22(_ flavor: SQLFlavor) -> [String] {
        [
            """
            CREATE TABLE webhooks (
              id TEXT PRIMARY KEY, url TEXT NOT NULL, secret TEXT NOT NULL, events TEXT NOT NULL, active BOOLEAN NOT NULL, \(timestamps)
            )
            """,
            """
            CREATE TABLE webhook_deliveries (
              id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE, event TEXT NOT NULL,
              payload TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')), attempts INTEGER NOT NULL,
              next_attempt_at TEXT, last_status INTEGER, last_error TEXT, created_at TEXT NOT NULL, delivered_at TEXT
            )
            """,
            "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at)",
            "CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id)",
        ]
    }
}

/// A webhook subscription as the API shows it (the secret only when created).
public struct Webhook: Sendable, Hashable, Codable {
    /// Its id.
    public let id: String
    /// Where deliveries are POSTed.
    public let url: String
    /// The events sent.
    public let events: [WebhookEvent]
    /// Whether deliveries are made.
    public let active: Bool
    /// The signing secret; returned only when the webhook is created.
    public let secret: String?
    /// When it was created.
    public let createdAt: Timestamp
}

/// One delivery of one event to one webhook, with how it went.
public struct WebhookDelivery: Sendable, Hashable, Codable {
    /// Its id (also sent as `Kindred-Delivery`, so a receiver can drop repeats).
    public let id: String
    /// The webhook.
    public let webhookId: String
    /// The event.
    public let event: WebhookEvent
    /// The JSON body sent.
    public let payload: String
    /// pending, delivered or failed (given up).
    public let status: String
    /// Attempts made.
    public let attempts: Int
    /// When it will be tried next, while pending.
    public let nextAttemptAt: Timestamp?
    /// The HTTP status of the last attempt, if one answered.
    public let lastStatus: Int?
    /// What went wrong last, if anything.
    public let lastError: String?
    /// When it was queued and when it was delivered.
    public let createdAt: Timestamp, deliveredAt: Timestamp?
}

/// Signs webhook bodies: `Kindred-Signature: t=UNIX,v1=HEX` where HEX is HMAC-SHA256 of `UNIX.BODY` under the secret.
public enum WebhookSignature {
    /// The header value for `body` sent at `seconds` (Unix time).
    public static func header(secret: String, seconds: Int64, body: Data) -> String {
        "t=\(seconds),v1=\(hex(secret: secret, seconds: seconds, body: body))"
    }

    /// The hex HMAC of `seconds.body`.
    public static func hex(secret: String, seconds: Int64, body: Data) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(seconds).".utf8) + body, using: SymmetricKey(data: Data(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined()
    }
}

/// Queues deliveries inside the transaction of what they report.
enum WebhookOutbox {
    /// Queues `event` with `data` for every active webhook subscribed to it.
    static func enqueue(_ event: WebhookEvent, _ data: [String: JSONValue], at now: Timestamp, on connection: any SQLDatabase) async throws {
        let hooks = try await connection.raw("SELECT id, events FROM webhooks WHERE active = \(bind: true)").all()
        for hook in hooks where try JSONDecoder().decode([WebhookEvent].self, from: Data(try hook.text("events").utf8)).contains(event) {
            let id = RecordIdentifier.make(at: now)
            let payload = jsonText(["id": .string(id), "event": .string(event.rawValue), "occurredAt": .string(now.description), "data": .object(data)] as [String: JSONValue])
            try await connection.raw("""
                INSERT INTO webhook_deliveries (id, webhook_id, event, payload, status, attempts, next_attempt_at, created_at)
                VALUES (\(bind: id), \(bind: try hook.text("id")), \(bind: event.rawValue), \(bind: payload), 'pending', 0, \(bind: now.description), \(bind: now.description))
                """).run()
        }
    }
}
