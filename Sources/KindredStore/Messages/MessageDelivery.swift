import Foundation
import KindredCore
import SQLKit

/// A message claimed for sending, its link token in place.
public struct ClaimedMessage: Sendable, Hashable {
    /// The message.
    public let id: String
    /// The person and where it goes.
    public let constituentId: String, channel: MessageChannel, address: String
    /// The texts, with the person's link token in them.
    public let message: RenderedMessage
    /// The one-click unsubscribe link.
    public let unsubscribeURL: String
    /// Attempts made before this one.
    public let attempts: Int
}

extension MessageQueue {
    /// How long a claimed message is left to its sender before another process may take it.
    static let leaseMilliseconds: Int64 = 120_000
    /// Attempts at the relay before a message is given up.
    static let maximumAttempts = 5
    /// How long the links in a message keep working.
    static let linkDays: Int64 = 730

    /// Claims up to `limit` queued messages that are due (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so several processes
    /// never take the same one), checking each against the send policy again: consent withdrawn or a cap reached since
    /// it was queued suppresses it; quiet hours move it on. The ones that may go get a fresh link token.
    public func claimDue(limit: Int = 20) async throws -> [ClaimedMessage] {
        let now = store.clock(), lease = now.adding(milliseconds: Self.leaseMilliseconds)
        let lock = store.database.flavor == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await store.database.write { connection in
            let rows = try await connection.raw("""
                SELECT * FROM messages WHERE status = 'queued' AND scheduled_for <= \(bind: now.description)
                  AND (claimed_until IS NULL OR claimed_until < \(bind: now.description))
                ORDER BY scheduled_for, id LIMIT \(literal: limit)\(unsafeRaw: lock)
                """).all()
            guard !rows.isEmpty else { return [] }
            let profile = try await OrganisationSettingsStore.profile.load(on: connection)
            let settings = try await OrganisationSettingsStore.messaging.load(on: connection)
            let compiler = try await store.segments.compiler(on: connection)
            var claimed: [ClaimedMessage] = [], standings: [String: RecipientStanding] = [:]
            for channel in MessageChannel.allCases {
                let ids = try rows.filter { try $0.text("channel") == channel.rawValue }.map { try $0.text("constituent_id") }
                for recipient in try await MessageRecipients(connection: connection, compiler: compiler, channel: channel, organisationName: nil,
                                                             campaignImpact: nil).load(Array(Set(ids))) {
                    standings["\(channel.rawValue)/\(recipient.id)"] = recipient.standing
                }
            }
            for row in rows {
                let id = try row.text("id"), person = try row.text("constituent_id"), channel: MessageChannel = try row.vocabulary("channel")
                let key = "\(channel.rawValue)/\(person)"
                guard var standing = standings[key] else { continue }
                switch SendPolicy.decide(channel: channel, topic: try row.optionalVocabulary("topic"), standing: standing, settings: settings,
                                         timeZone: profile.zone, now: now) {
                case .suppress(let reason):
                    try await connection.raw("UPDATE messages SET status = 'suppressed', reason = \(bind: reason.rawValue) WHERE id = \(bind: id)").run()
                case .wait(let until):
                    try await connection.raw("UPDATE messages SET scheduled_for = \(bind: until.description) WHERE id = \(bind: id)").run()
                case .send:
                    guard let address = try row.optionalText("address") else { continue }
                    standing.sentAt.append(now)  // a second message in the same claim counts against the caps
                    standings[key] = standing
                    let token = StaffDirectory.randomToken(prefix: "km_")
                    try await connection.raw("""
                        INSERT INTO message_tokens (id, token_hash, constituent_id, message_id, created_at, expires_at)
                        VALUES (\(bind: RecordIdentifier.make(at: now)), \(bind: StaffDirectory.hash(token)), \(bind: person), \(bind: id), \(bind: now.description),
                          \(bind: now.adding(milliseconds: Self.linkDays * 86_400_000).description))
                        """).run()
                    try await connection.raw("UPDATE messages SET claimed_until = \(bind: lease.description) WHERE id = \(bind: id)").run()
                    func filled(_ text: String?) -> String? { text?.replacingOccurrences(of: Self.tokenMarker, with: token) }
                    let message = RenderedMessage(subject: filled(try row.optionalText("subject")), text: filled(try row.text("body_text"))!,
                                                  html: filled(try row.optionalText("body_html")), language: try row.vocabulary("language"))
                    claimed.append(ClaimedMessage(id: id, constituentId: person, channel: channel, address: address, message: message,
                                                  unsubscribeURL: "\(settings.publicURL)/p/u/\(token)", attempts: Int(try row.int64("attempts"))))
                }
            }
            return claimed
        }
    }

    /// Records an attempt: sent, or tried again after the backoff (given up after five attempts, or at once when the
    /// failure is `permanent`, such as a relay refusing the address).
    public func recordAttempt(_ id: String, error: String?, permanent: Bool = false) async throws {
        let now = store.clock()
        try await store.database.write { connection in
            guard let row = try await connection.raw("SELECT attempts FROM messages WHERE id = \(bind: id) AND status = 'queued'").first() else { return }
            guard let error else {
                try await connection.raw("UPDATE messages SET status = 'sent', sent_at = \(bind: now.description), claimed_until = NULL WHERE id = \(bind: id)").run()
                return
            }
            let attempts = Int(try row.int64("attempts")) + 1
            let next = now.adding(milliseconds: WebhookBackoff.delay(afterAttempts: attempts))
            try await connection.raw("""
                UPDATE messages SET attempts = \(bind: attempts), last_error = \(bind: String(error.prefix(500))), claimed_until = NULL,
                  status = \(bind: attempts >= Self.maximumAttempts || permanent ? "failed" : "queued"), scheduled_for = \(bind: next.description) WHERE id = \(bind: id)
                """).run()
        }
    }
}
