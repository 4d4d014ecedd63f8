import Foundation
import KindredCore
import SQLKit

/// What storing a set of event messages did.
public struct IngestOutcome: Sendable, Hashable, Codable {
    /// Messages stored for the first time.
    public var stored: Int
    /// Messages whose `messageId` was already stored (retries); stored once, not again.
    public var duplicates: Int

    /// Creates an outcome.
    public init(stored: Int, duplicates: Int) {
        self.stored = stored
        self.duplicates = duplicates
    }
}

/// The event log: stores event-API messages once each, durably, and turns them into people, interactions and
/// gifts in the same transaction. Messages from a not-yet-known browser wait, stored, until the person is
/// identified or aliased, and then join them.
public struct EventLog: Sendable {
    let database: Database
    let clock: @Sendable () -> Timestamp
    let queue: EventCommitQueue

    /// Stores the messages durably, in one transaction shared with other calls arriving at the same time (group
    /// commit): all of them, or (on an error) none; returns only once committed.
    public func ingest(_ messages: [TrackingMessage], by actor: Actor) async throws -> IngestOutcome {
        guard !messages.isEmpty else { return IngestOutcome(stored: 0, duplicates: 0) }
        return try await queue.ingest(messages, by: actor, using: self)
    }

    /// Writes several calls' messages in one transaction; returns each call's outcome.
    func write(_ calls: [(messages: [TrackingMessage], actor: Actor)]) async throws -> [IngestOutcome] {
        let now = clock()
        return try await database.write { connection in
            let mapping = try await EventMappingSettings.load(on: connection)
            let timeZone = try await OrganisationSettingsStore.timeZone(on: connection)
            var outcomes: [IngestOutcome] = []
            for call in calls {
                let session = IngestSession(connection: connection, actor: call.actor, now: now, timeZone: timeZone, mapping: mapping)
                outcomes.append(try await session.storeAll(call.messages))
            }
            return outcomes
        }
    }

    /// The number of stored messages still waiting for their person to be identified.
    public func pendingCount() async throws -> Int {
        try await database.read { connection in
            Int(try await connection.raw("SELECT COUNT(*) AS n FROM events WHERE constituent_id IS NULL").first()?.int64("n") ?? 0)
        }
    }
}

/// The organisation's event-name rules, kept in the settings table as overrides of the defaults.
public enum EventMappingSettings {
    static let stored = StoredSetting<[String: EventRule]>(key: "event_mapping", fallback: [:])

    /// The defaults with the stored overrides applied.
    static func load(on connection: any SQLDatabase) async throws -> EventMapping {
        EventMapping.defaults.overridden(by: try await stored.load(on: connection))
    }

    /// The overrides an administrator has set.
    public static func overrides(in database: Database) async throws -> [String: EventRule] {
        try await database.read { try await stored.load(on: $0) }
    }

    /// Replaces the overrides (validated) and returns the mapping now in force.
    public static func replace(_ overrides: [String: EventRule], by actor: Actor, in database: Database, at now: Timestamp) async throws -> EventMapping {
        let valid = try EventMapping.validated(overrides)
        try await database.write { try await stored.save(valid, by: actor, at: now, on: $0) }
        return EventMapping.defaults.overridden(by: valid)
    }
}

extension KindredStore {
    /// The event log of the event API.
    public var events: EventLog { EventLog(database: database, clock: clock, queue: eventQueue) }
}
