import Foundation
import KindredCore

/// Group commit for the event log: calls that arrive while a transaction is being written wait, and are then
/// written together in the next one, so that many requests share one durable commit (one fsync) instead of each
/// paying for its own. Every caller is answered only after the transaction holding its messages has committed.
actor EventCommitQueue {
    private struct Waiting {
        let messages: [TrackingMessage]
        let actor: Actor
        let continuation: CheckedContinuation<IngestOutcome, any Error>
    }

    /// The most messages written in one transaction.
    static let maxMessagesPerCommit = 5_000
    private var waiting: [Waiting] = []
    private var writing = false

    /// Queues the messages and returns once they are committed (or throws when they cannot be).
    func ingest(_ messages: [TrackingMessage], by actor: Actor, using log: EventLog) async throws -> IngestOutcome {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append(Waiting(messages: messages, actor: actor, continuation: continuation))
            if !writing {
                writing = true
                Task { await drain(using: log) }
            }
        }
    }

    /// Writes queued calls, a group per transaction, until none are left.
    private func drain(using log: EventLog) async {
        while !waiting.isEmpty {
            var group: [Waiting] = [], count = 0
            while let next = waiting.first, group.isEmpty || count + next.messages.count <= Self.maxMessagesPerCommit {
                group.append(waiting.removeFirst())
                count += next.messages.count
            }
            do {
                let outcomes = try await log.write(group.map { ($0.messages, $0.actor) })
                for (waiter, outcome) in zip(group, outcomes) { waiter.continuation.resume(returning: outcome) }
            } catch where group.count > 1 {
                // One call's failure must not fail the others: write each on its own.
                for waiter in group {
                    do {
                        waiter.continuation.resume(returning: try await log.write([(waiter.messages, waiter.actor)])[0])
                    } catch {
                        waiter.continuation.resume(throwing: error)
                    }
                }
            } catch {
                group[0].continuation.resume(throwing: error)
            }
        }
        writing = false
    }
}
