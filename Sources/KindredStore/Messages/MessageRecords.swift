import Foundation
import KindredCore
import SQLKit

extension Schema {
    /// Version 26: message templates, every message queued, sent or suppressed (with why), the tokens behind each
    /// message's unsubscribe, preference and tracking links (hashes only), the supporter's preference history, and
    /// addresses that bounced or complained.
    @Sendable static func version26(_ flavor: SQLFlavor) -> [String] {
        [
            """
            CREATE TABLE message_templates (
              id TEXT PRIMARY KEY, name TEXT NOT NULL, channel TEXT NOT NULL \(oneOf("channel", MessageChannel.self)),
              topic TEXT \(oneOf("topic", MessageTopic.self, nullable: true)), variants TEXT NOT NULL, track_engagement BOOLEAN NOT NULL, \(timestamps)
            )
            """,
            """
            CREATE TABLE messages (
              id TEXT PRIMARY KEY, constituent_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE CASCADE,
              template_id TEXT REFERENCES message_templates (id) ON DELETE SET NULL,
              channel TEXT NOT NULL \(oneOf("channel", MessageChannel.self)), topic TEXT, language TEXT NOT NULL, address TEXT,
              subject TEXT, body_text TEXT NOT NULL, body_html TEXT,
              status TEXT NOT NULL \(oneOf("status", MessageStatus.self)), reason TEXT,
              scheduled_for TEXT NOT NULL, claimed_until TEXT, attempts INTEGER NOT NULL DEFAULT 0, sent_at TEXT, last_error TEXT,
              outcome TEXT \(oneOf("outcome", MessageOutcome.self, nullable: true)), opened_at TEXT, clicked_at TEXT,
              source TEXT NOT NULL, created_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX messages_due ON messages (status, scheduled_for)",
            "CREATE INDEX messages_constituent ON messages (constituent_id, channel, sent_at)",
            """
            CREATE TABLE message_tokens (
              id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, constituent_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE CASCADE,
              message_id TEXT, created_at TEXT NOT NULL, expires_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX message_tokens_constituent ON message_tokens (constituent_id)",
            """
            CREATE TABLE preference_records (
              id TEXT PRIMARY KEY, constituent_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE CASCADE,
              preference TEXT NOT NULL, value TEXT NOT NULL, recorded_at TEXT NOT NULL, source TEXT NOT NULL
            )
            """,
            "CREATE INDEX preference_records_constituent ON preference_records (constituent_id, preference, recorded_at)",
            """
            CREATE TABLE undeliverable_addresses (
              channel TEXT NOT NULL, address TEXT NOT NULL, reason TEXT NOT NULL, recorded_at TEXT NOT NULL, PRIMARY KEY (channel, address)
            )
            """,
        ]
    }
}

/// How message templates are stored: the staff-facing fields in columns, the texts as one JSON document.
enum MessageTemplateRecords {
    static let mapping = TableMapping<MessageTemplateFields>(
        table: "message_templates", entity: "message_template", ownership: .shared, ownerColumns: [], externalReference: { _ in nil },
        columns: { fields in
            [("name", fields.name), ("channel", fields.channel.rawValue), ("topic", fields.topic?.rawValue), ("variants", jsonText(fields.variants)),
             ("track_engagement", fields.trackEngagement)]
        },
        decode: { row in
            MessageTemplateFields(name: try row.text("name"), channel: try row.vocabulary("channel"), topic: try row.optionalVocabulary("topic"),
                                  variants: try JSONDecoder().decode(MessageVariants.self, from: Data(try row.text("variants").utf8)),
                                  trackEngagement: try row.bool("track_engagement"))
        })
}

extension KindredStore {
    /// Message templates: email and SMS texts in English, Dutch and French.
    public var messageTemplates: Repository<MessageTemplateFields> { repository(MessageTemplateRecords.mapping) }
}

extension OrganisationSettingsStore {
    /// How messages are sent: the sender, caps, quiet hours and weekends.
    static let messaging = StoredSetting(key: "messaging", fallback: MessagingSettings())
}

extension MessageQueue {
    /// The messaging settings in force.
    public func settings() async throws -> MessagingSettings {
        try await store.database.read { try await OrganisationSettingsStore.messaging.load(on: $0) }
    }

    /// Replaces the messaging settings (validated); returns them.
    public func replaceSettings(_ settings: MessagingSettings, by actor: Actor) async throws -> MessagingSettings {
        let valid = try settings.validated()
        try await store.database.write { try await OrganisationSettingsStore.messaging.save(valid, by: actor, at: store.clock(), on: $0) }
        return valid
    }
}
