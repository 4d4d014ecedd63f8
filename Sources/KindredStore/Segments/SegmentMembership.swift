import Foundation
import KindredCore
import SQLKit

/// Someone entering or leaving a segment.
public struct SegmentEvent: Sendable, Hashable, Codable {
    /// The event's id (time-ordered).
    public let id: String
    /// The segment.
    public let segmentId: String
    /// The constituent.
    public let constituentId: String
    /// `entered` or `left`.
    public let kind: String
    /// When it was seen.
    public let occurredAt: Timestamp
}

extension SegmentStore {
    /// Adds constituents the actor may see to a static list (at most 1,000 ids a call); returns how many were new.
    public func addMembers(_ ids: [String], to id: String, by actor: Actor) async throws -> Int {
        try await changeMembers(ids, of: id, adding: true, by: actor)
    }

    /// Removes constituents from a static list; returns how many were members.
    public func removeMembers(_ ids: [String], from id: String, by actor: Actor) async throws -> Int {
        try await changeMembers(ids, of: id, adding: false, by: actor)
    }

    private func changeMembers(_ ids: [String], of id: String, adding: Bool, by actor: Actor) async throws -> Int {
        guard (1...1000).contains(ids.count) else {
            throw ValidationFailure([FieldIssue(field: "constituentIds", message: "must list 1 to 1000 ids")])
        }
        let now = store.clock()
        return try await store.database.write { connection in
            let segment = try await load(id, on: connection)
            guard segment.kind == .static else { throw StoreError.conflict("members are added to static lists only; this segment follows its rule") }
            var issues = IssueCollector()
            for (index, member) in ids.enumerated() where !RecordIdentifier.isValid(member) { issues.add("constituentIds[\(index)]", "must be a record id") }
            try issues.throwIfAny()
            var changed: [String] = []
            for member in Set(ids).sorted() {
                guard try await ScopeFilter.isVisible(member, actor.scope, on: connection) else {
                    throw StoreError.invalidReference(field: "constituentIds", message: "no constituent \(member)")
                }
                let present = try await connection.raw("SELECT 1 AS n FROM segment_members WHERE segment_id = \(bind: id) AND constituent_id = \(bind: member)").first() != nil
                if present != adding { changed.append(member) }
            }
            if adding {
                try await BulkInsert.rows(changed.map { [id, $0, now.description] }, into: "segment_members",
                                          columns: ["segment_id", "constituent_id", "added_at"], on: connection)
            } else if !changed.isEmpty {
                try await connection.raw("DELETE FROM segment_members WHERE segment_id = \(bind: id) AND constituent_id IN (\(binds: changed))").run()
            }
            try await Self.record(changed, segment: id, kind: adding ? "entered" : "left", at: now, on: connection)
            try await AuditLog.record(.update, entity: "segment", id: id, by: actor, at: now, on: connection)
            return changed.count
        }
    }

    /// Compares each dynamic segment's members now with the last members seen and records who entered and who left;
    /// returns the number of events. The server runs it every minute; membership itself is always evaluated live.
    public func trackMemberships() async throws -> Int {
        let segments = try await store.database.read { connection in
            try await connection.raw("SELECT * FROM segments WHERE kind = 'dynamic' ORDER BY id").all().map(Self.segment)
        }
        var events = 0
        for segment in segments {
            events += try await store.database.write { connection in
                let now = store.clock(), condition = try await condition(of: segment, on: connection)
                let entered = try await connection.raw("SELECT constituents.id FROM constituents WHERE " + condition
                    + " AND NOT EXISTS (SELECT 1 FROM segment_memberships m WHERE m.segment_id = \(bind: segment.id) AND m.constituent_id = constituents.id)").all().map { try $0.text("id") }
                let left = try await connection.raw("SELECT m.constituent_id FROM segment_memberships m WHERE m.segment_id = \(bind: segment.id) AND NOT EXISTS (SELECT 1 FROM constituents WHERE constituents.id = m.constituent_id AND "
                    + condition + ")").all().map { try $0.text("constituent_id") }
                try await BulkInsert.rows(entered.map { [segment.id, $0, now.description] }, into: "segment_memberships",
                                          columns: ["segment_id", "constituent_id", "entered_at"], on: connection)
                for chunk in left.chunks(of: 500) {
                    try await connection.raw("DELETE FROM segment_memberships WHERE segment_id = \(bind: segment.id) AND constituent_id IN (\(binds: Array(chunk)))").run()
                }
                try await Self.record(entered, segment: segment.id, kind: "entered", at: now, on: connection)
                try await Self.record(left, segment: segment.id, kind: "left", at: now, on: connection)
                return entered.count + left.count
            }
        }
        return events
    }

    /// A segment's entered/left events, oldest first, a page at a time.
    public func events(of id: String, cursor: String?, limit: Int) async throws -> Page<SegmentEvent> {
        let rows = try await store.database.read { connection in
            _ = try await load(id, on: connection)
            return try await connection.raw("SELECT * FROM segment_events WHERE segment_id = \(bind: id) AND id > \(bind: cursor ?? "") ORDER BY id LIMIT \(literal: limit + 1)").all()
        }
        let items = try rows.prefix(limit).map {
            SegmentEvent(id: try $0.text("id"), segmentId: id, constituentId: try $0.text("constituent_id"), kind: try $0.text("kind"),
                         occurredAt: try $0.timestamp("occurred_at"))
        }
        return Page(items: items, nextCursor: rows.count > limit ? items.last?.id : nil)
    }

    /// Records who entered or left a segment, and tells the webhooks (in deliveries of up to 500 people).
    private static func record(_ ids: [String], segment: String, kind: String, at now: Timestamp, on connection: any SQLDatabase) async throws {
        try await BulkInsert.rows(ids.map { [RecordIdentifier.make(at: now), segment, $0, kind, now.description] }, into: "segment_events",
                                  columns: ["id", "segment_id", "constituent_id", "kind", "occurred_at"], on: connection)
        for chunk in ids.chunks(of: 500) {
            try await WebhookOutbox.enqueue(kind == "entered" ? .segmentEntered : .segmentLeft,
                                            ["segmentId": .string(segment), "constituentIds": .array(chunk.map(JSONValue.string))], at: now, on: connection)
        }
    }
}
