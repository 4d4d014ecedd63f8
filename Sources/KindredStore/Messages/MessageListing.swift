import Foundation
import KindredCore
import SQLKit

extension MessageQueue {
    /// One message, if its person is visible to the actor.
    public func message(_ id: String, by actor: Actor) async throws -> Message {
        let page = try await list(messageId: id, constituentId: nil, status: nil, cursor: nil, limit: 1, by: actor)
        guard let message = page.items.first else { throw StoreError.notFound(entity: "message", id: id) }
        return message
    }

    /// Messages of the people the actor may see, newest first, for one person and/or in one status.
    public func list(constituentId: String?, status: MessageStatus?, cursor: String?, limit: Int, by actor: Actor) async throws -> Page<Message> {
        try await list(messageId: nil, constituentId: constituentId, status: status, cursor: cursor, limit: limit, by: actor)
    }

    private func list(messageId: String?, constituentId: String?, status: MessageStatus?, cursor: String?, limit: Int, by actor: Actor) async throws -> Page<Message> {
        var query: SQLQueryString = "SELECT * FROM messages WHERE 1 = 1"
        if let messageId { query = query + " AND id = \(bind: messageId)" }
        if let constituentId { query = query + " AND constituent_id = \(bind: constituentId)" }
        if let status { query = query + " AND status = \(bind: status.rawValue)" }
        if let cursor { query = query + " AND id < \(bind: cursor)" }
        if let scope = ScopeFilter.condition(actor.scope, column: "messages.constituent_id") { query = query + " AND " + scope }
        let statement = query + " ORDER BY id DESC LIMIT \(literal: limit + 1)"
        let rows = try await store.database.read { try await $0.raw(statement).all() }
        let items = try rows.prefix(limit).map { row in
            Message(id: try row.text("id"), constituentId: try row.text("constituent_id"), templateId: try row.optionalText("template_id"),
                    channel: try row.vocabulary("channel"), topic: try row.optionalVocabulary("topic"), language: try row.vocabulary("language"),
                    address: try row.optionalText("address"), subject: try row.optionalText("subject"), text: try row.text("body_text"),
                    status: try row.vocabulary("status"), reason: try row.optionalText("reason") ?? row.optionalText("last_error"),
                    scheduledFor: try row.timestamp("scheduled_for"), sentAt: try row.optionalTimestamp("sent_at"), attempts: Int(try row.int64("attempts")),
                    outcome: try row.optionalVocabulary("outcome"), openedAt: try row.optionalTimestamp("opened_at"),
                    clickedAt: try row.optionalTimestamp("clicked_at"), source: try row.text("source"), createdAt: try row.timestamp("created_at"))
        }
        return Page(items: items, nextCursor: rows.count > limit ? items.last?.id : nil)
    }
}
