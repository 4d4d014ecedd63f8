import Foundation
import KindredCore
import SQLKit

/// What a message link token opens: the person, and the message it came in (nil for a link made by staff).
public struct MessageLinkHolder: Sendable, Hashable {
    /// The person.
    public let constituentId: String
    /// The message (nil for a link staff made) and its channel.
    public let messageId: String?, channel: MessageChannel
}

/// What supporters do with messages (unsubscribe, open, click, their preferences) and what relays report (bounces,
/// complaints); each recorded at once, with the negative signals on the timeline.
extension MessageQueue {
    /// The holder of a link token, nil when it is unknown or expired.
    public func holder(ofToken token: String) async throws -> MessageLinkHolder? {
        guard token.count <= 100 else { return nil }
        let now = store.clock()
        return try await store.database.read { connection in
            guard let row = try await connection.raw("""
                SELECT t.constituent_id, t.message_id, m.channel FROM message_tokens t JOIN constituents c ON c.id = t.constituent_id
                LEFT JOIN messages m ON m.id = t.message_id
                WHERE t.token_hash = \(bind: StaffDirectory.hash(token)) AND t.expires_at > \(bind: now.description)
                """).first() else { return nil }
            return MessageLinkHolder(constituentId: try row.text("constituent_id"), messageId: try row.optionalText("message_id"),
                                     channel: try row.optionalVocabulary("channel") ?? .email)
        }
    }

    /// Makes a preference centre link for a person (the token is returned only here).
    public func preferenceLink(for constituentId: String, by actor: Actor) async throws -> String {
        let now = store.clock(), token = StaffDirectory.randomToken(prefix: "km_")
        try await store.database.write { connection in
            guard try await ScopeFilter.isVisible(constituentId, actor.scope, on: connection) else { throw StoreError.notFound(entity: "constituent", id: constituentId) }
            try await connection.raw("""
                INSERT INTO message_tokens (id, token_hash, constituent_id, message_id, created_at, expires_at)
                VALUES (\(bind: RecordIdentifier.make(at: now)), \(bind: StaffDirectory.hash(token)), \(bind: constituentId), NULL, \(bind: now.description),
                  \(bind: now.adding(milliseconds: Self.linkDays * 86_400_000).description))
                """).run()
            try await AuditLog.record(.create, entity: "preference_link", id: constituentId, by: actor, at: now, on: connection)
        }
        return token
    }

    /// Withdraws the holder's consent for the message's channel (one click, RFC 8058); answers whether anything changed.
    @discardableResult
    public func unsubscribe(_ holder: MessageLinkHolder) async throws -> Bool {
        let now = store.clock()
        return try await store.database.write { connection in
            let current = try await SupporterPreferenceRecords.choices(of: holder.constituentId, on: connection)
            let channel = holder.channel.consentChannel
            guard current.channels.contains(channel) else { return false }
            try await SupporterPreferenceRecords.apply([.consent(channel, .withdrawn)], to: holder.constituentId, source: "unsubscribe", at: now, on: connection)
            try await Self.signal(holder.channel == .email ? "newsletter_unsubscribed" : "sms_unsubscribed", channel: holder.channel.rawValue,
                                  person: holder.constituentId, message: holder.messageId, at: now, on: connection)
            return true
        }
    }

    /// The holder's current choices, for the preference centre.
    public func choices(of holder: MessageLinkHolder) async throws -> PreferenceChoices { try await choices(ofPerson: holder.constituentId) }

    /// A person's current choices (callers check visibility).
    public func choices(ofPerson id: String) async throws -> PreferenceChoices {
        try await store.database.read { try await SupporterPreferenceRecords.choices(of: id, on: $0) }
    }

    /// Records what the holder chose in the preference centre (only what changed) and answers the changes.
    public func saveChoices(_ chosen: PreferenceChoices, for holder: MessageLinkHolder) async throws -> [PreferenceChange] {
        let now = store.clock()
        return try await store.database.write { connection in
            let changes = PreferenceCentre.changes(from: try await SupporterPreferenceRecords.choices(of: holder.constituentId, on: connection), to: chosen)
            try await SupporterPreferenceRecords.apply(changes, to: holder.constituentId, source: "preference_centre", at: now, on: connection)
            return changes
        }
    }

    /// A person's preference history, newest first.
    public func preferenceHistory(of constituentId: String) async throws -> [PreferenceRecord] {
        try await store.database.read { try await SupporterPreferenceRecords.history(of: constituentId, on: $0) }
    }

    /// Records the first open of the holder's message (tracked messages only) on the timeline.
    public func recordOpen(_ holder: MessageLinkHolder) async throws {
        try await firstTime("opened_at", "email_opened", holder)
    }

    /// Whether `url` is a link of the holder's message (so the click redirect never sends anyone elsewhere); records
    /// the first click on the timeline when it is.
    public func recordClick(_ holder: MessageLinkHolder, url: String) async throws -> Bool {
        guard let messageId = holder.messageId, url.hasPrefix("http://") || url.hasPrefix("https://"), url.count <= 2_000 else { return false }
        let known = try await store.database.read { connection in
            try await connection.raw("SELECT body_text FROM messages WHERE id = \(bind: messageId)").first()?.text("body_text").contains(url) ?? false
        }
        if known { try await firstTime("clicked_at", "email_link_clicked", holder) }
        return known
    }

    private func firstTime(_ column: String, _ type: String, _ holder: MessageLinkHolder) async throws {
        guard let messageId = holder.messageId else { return }
        let now = store.clock()
        try await store.database.write { connection in
            let changed = try await connection.raw("""
                UPDATE messages SET \(ident: column) = \(bind: now.description) WHERE id = \(bind: messageId) AND \(ident: column) IS NULL RETURNING id
                """).all()
            if !changed.isEmpty { try await Self.signal(type, channel: "email", person: holder.constituentId, message: messageId, at: now, on: connection) }
        }
    }

    /// Records a bounce or complaint reported for a sent message: the address is not used again, a complaint withdraws
    /// consent for the channel, and the negative signal goes on the timeline.
    public func recordOutcome(_ outcome: MessageOutcome, of messageId: String, by actor: Actor) async throws -> Message {
        let now = store.clock()
        try await store.database.write { connection in
            guard let row = try await connection.raw("SELECT * FROM messages WHERE id = \(bind: messageId)").first(),
                  try await ScopeFilter.isVisible(try row.text("constituent_id"), actor.scope, on: connection) else {
                throw StoreError.notFound(entity: "message", id: messageId)
            }
            guard try row.text("status") == MessageStatus.sent.rawValue else { throw StoreError.conflict("only a sent message can bounce or be complained about") }
            let person = try row.text("constituent_id"), channel: MessageChannel = try row.vocabulary("channel")
            try await connection.raw("UPDATE messages SET outcome = \(bind: outcome.rawValue) WHERE id = \(bind: messageId)").run()
            if let address = try row.optionalText("address") {
                try await connection.raw("""
                    INSERT INTO undeliverable_addresses (channel, address, reason, recorded_at) VALUES (\(bind: channel.rawValue), \(bind: address), \(bind: outcome.rawValue), \(bind: now.description))
                    ON CONFLICT (channel, address) DO NOTHING
                    """).run()
            }
            if outcome == .complained {
                try await SupporterPreferenceRecords.apply([.consent(channel.consentChannel, .withdrawn)], to: person, source: "complaint", at: now, on: connection)
            }
            try await Self.signal(outcome == .bounced ? "email_bounced" : "email_complaint", channel: channel.rawValue, person: person, message: messageId, at: now, on: connection)
            try await AuditLog.record(.update, entity: "message", id: messageId, by: actor, at: now, on: connection)
        }
        return try await message(messageId, by: actor)
    }

    /// An interaction on the person's timeline, counted in their engagement.
    static func signal(_ type: String, channel: String, person: String, message: String?, at now: Timestamp, on connection: any SQLDatabase) async throws {
        let interaction = InteractionFields(constituentId: person, type: type, channel: channel, occurredAt: now, direction: .inbound,
                                            properties: message.map { ["messageId": .string($0)] } ?? [:])
        try await EngagementLedger.record(interaction, at: now, on: connection)
    }
}
