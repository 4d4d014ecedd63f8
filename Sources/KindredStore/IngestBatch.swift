import Foundation
import KindredCore
import SQLKit

/// A message on the fast path: stored with a few multi-row statements per batch.
private struct QueuedMessage {
    let message: TrackingMessage
    let person: String?
    let interaction: InteractionFields?
}

extension IngestSession {
    /// Stores a batch: the common messages (track, page and screen calls of people already known, or of browsers
    /// not yet known) with a few multi-row statements; identify, alias, new people and donations one by one, in
    /// order. Returns how many were new and how many were retries.
    func storeAll(_ messages: [TrackingMessage]) async throws -> IngestOutcome {
        try await prefetchIdentities(of: messages)
        var outcome = IngestOutcome(stored: 0, duplicates: 0)
        var queue: [QueuedMessage] = []
        for message in messages {
            if let queued = fastPath(message) {
                queue.append(queued)
                continue
            }
            outcome.add(try await flush(queue))
            queue.removeAll()
            if try await store(message) { outcome.stored += 1 } else { outcome.duplicates += 1 }
        }
        outcome.add(try await flush(queue))
        return outcome
    }

    /// Looks up every user and anonymous id of the batch in one query per kind.
    private func prefetchIdentities(of messages: [TrackingMessage]) async throws {
        for (kind, values) in [(IdentityKind.user, Set(messages.compactMap(\.userId))), (.anonymous, Set(messages.compactMap(\.anonymousId)))] {
            let wanted = values.filter { !lookedUp.contains(kind.rawValue + ":" + $0) }
            for chunk in Array(wanted).chunks(of: 1000) {
                let rows = try await connection.raw("SELECT value, constituent_id FROM identities WHERE kind = \(bind: kind.rawValue) AND value IN (\(binds: Array(chunk)))").all()
                for row in rows { identities[kind.rawValue + ":" + (try row.text("value"))] = try row.text("constituent_id") }
                lookedUp.formUnion(chunk.map { kind.rawValue + ":" + $0 })
            }
        }
    }

    /// The queued form of a message that needs no person created, no identity linked and no gift; nil otherwise.
    private func fastPath(_ message: TrackingMessage) -> QueuedMessage? {
        guard message.type == .track || message.type == .page || message.type == .screen else { return nil }
        let userKey = message.userId.map { IdentityKind.user.rawValue + ":" + $0 }
        let anonymousKey = message.anonymousId.map { IdentityKind.anonymous.rawValue + ":" + $0 }
        guard [userKey, anonymousKey].compactMap({ $0 }).allSatisfy(lookedUp.contains) else { return nil }
        let person = userKey.flatMap { identities[$0] } ?? anonymousKey.flatMap { identities[$0] }
        guard let person else {
            return message.userId == nil ? QueuedMessage(message: message, person: nil, interaction: nil) : nil
        }
        let rule = mapping.rule(for: message.type == .track ? message.name ?? "" : "Page Viewed")
        if rule.createsGift, (try? EventEnrichment.gift(from: message, constituentId: person)) != nil { return nil }
        if rule.interactionType == EventEnrichment.feedbackInteractionType,
           (try? EventEnrichment.feedback(from: message, constituentId: person)) != nil { return nil }
        return QueuedMessage(message: message, person: person, interaction: interaction(for: message, person: person, rule: rule))
    }

    /// Writes the queued messages: the events (a stored message id is skipped), then the interactions of those new.
    private func flush(_ queue: [QueuedMessage]) async throws -> IngestOutcome {
        guard !queue.isEmpty else { return IngestOutcome(stored: 0, duplicates: 0) }
        var stored = Set<String>()
        let columns = ["id", "message_id", "type", "name", "user_id", "anonymous_id", "previous_id", "constituent_id",
                       "occurred_at", "received_at", "api_key_id", "body"]
        for chunk in queue.chunks(of: 500) {
            var insert = connection.insert(into: "events").columns(columns)
            for queued in chunk {
                let message = queued.message
                let values: [any Encodable & Sendable] = [
                    RecordIdentifier.make(at: now), message.messageId, message.type.rawValue, message.name, message.userId,
                    message.anonymousId, message.previousId, queued.person, message.timestamp.description, now.description, actor.id,
                    JSONText.serialize(message.jsonValue)]
                insert = insert.values(values.map { SQLBind($0) })
            }
            let rows = try await insert.ignoringConflicts(with: ["message_id"]).returning("message_id").all()
            for row in rows { stored.insert(try row.text("message_id")) }
        }
        var written = Set<String>(), interactions: [Record<InteractionFields>] = []
        for queued in queue where stored.contains(queued.message.messageId) && written.insert(queued.message.messageId).inserted {
            if let fields = queued.interaction {
                interactions.append(Record(id: RecordIdentifier.make(at: now), createdAt: now, updatedAt: now, fields: fields))
            }
        }
        try await OtherRecords.insertInteractions(interactions, on: connection)
        return IngestOutcome(stored: stored.count, duplicates: queue.count - stored.count)
    }
}

extension IngestOutcome {
    /// Adds another outcome's counts.
    mutating func add(_ other: IngestOutcome) {
        stored += other.stored
        duplicates += other.duplicates
    }
}
