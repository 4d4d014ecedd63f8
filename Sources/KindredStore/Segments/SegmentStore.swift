import Foundation
import KindredCore
import SQLKit

/// A stored segment.
public struct Segment: Sendable, Hashable, Codable {
    /// The id.
    public let id: String
    /// The name.
    public let name: String
    /// The persona description.
    public let description: String?
    /// Dynamic or static.
    public let kind: SegmentKind
    /// The rule of a dynamic segment, JSON form.
    public let rule: SegmentRule?
    /// The rule's canonical text.
    public let ruleText: String?
    /// When it was created.
    public let createdAt: Timestamp
    /// When it last changed.
    public let updatedAt: Timestamp
}

/// Segments: definitions, live membership evaluated in SQL, static lists, CSV export and the entered/left events.
public struct SegmentStore: Sendable {
    let store: KindredStore

    /// Creates a segment.
    public func create(_ definition: SegmentDefinition, by actor: Actor) async throws -> Segment {
        let now = store.clock(), id = RecordIdentifier.make(at: now)
        try await store.database.write { connection in
            try await ensureUniqueName(definition.name, except: nil, on: connection)
            try await connection.raw("""
                INSERT INTO segments (id, name, description, kind, rule, created_at, updated_at)
                VALUES (\(bind: id), \(bind: definition.name), \(bind: definition.description), \(bind: definition.kind.rawValue),
                        \(bind: try Self.json(definition.rule)), \(bind: now.description), \(bind: now.description))
                """).run()
            try await AuditLog.record(.create, entity: "segment", id: id, by: actor, at: now, on: connection)
        }
        return try await get(id)
    }

    /// Replaces a segment's definition; a static list keeps its members, a list made dynamic loses them.
    public func replace(_ id: String, with definition: SegmentDefinition, by actor: Actor) async throws -> Segment {
        let now = store.clock()
        try await store.database.write { connection in
            _ = try await load(id, on: connection)
            try await ensureUniqueName(definition.name, except: id, on: connection)
            try await connection.raw("""
                UPDATE segments SET name = \(bind: definition.name), description = \(bind: definition.description),
                  kind = \(bind: definition.kind.rawValue), rule = \(bind: try Self.json(definition.rule)), updated_at = \(bind: now.description)
                WHERE id = \(bind: id)
                """).run()
            if definition.kind == .dynamic { try await connection.raw("DELETE FROM segment_members WHERE segment_id = \(bind: id)").run() }
            try await AuditLog.record(.update, entity: "segment", id: id, by: actor, at: now, on: connection)
        }
        return try await get(id)
    }

    /// Deletes a segment with its members and events.
    public func delete(_ id: String, by actor: Actor) async throws {
        let now = store.clock()
        try await store.database.write { connection in
            _ = try await load(id, on: connection)
            try await connection.raw("DELETE FROM segments WHERE id = \(bind: id)").run()
            try await AuditLog.record(.delete, entity: "segment", id: id, by: actor, at: now, on: connection)
        }
    }

    /// A segment by id.
    public func get(_ id: String) async throws -> Segment {
        try await store.database.read { try await load(id, on: $0) }
    }

    /// Segments by id, a page at a time.
    public func list(cursor: String?, limit: Int) async throws -> Page<Segment> {
        let rows = try await store.database.read { connection in
            try await connection.raw("SELECT * FROM segments WHERE id > \(bind: cursor ?? "") ORDER BY id LIMIT \(literal: limit + 1)").all()
        }
        let items = try rows.prefix(limit).map(Self.segment)
        return Page(items: items, nextCursor: rows.count > limit ? items.last?.id : nil)
    }

    /// How many constituents the actor may see are in the segment now.
    public func count(_ id: String, by actor: Actor) async throws -> Int {
        try await store.database.read { connection in
            let segment = try await load(id, on: connection)
            return try await count(try await condition(of: segment, on: connection), actor: actor, on: connection)
        }
    }

    /// How many constituents the actor may see match a rule, without saving it.
    public func preview(_ rule: SegmentRule, by actor: Actor) async throws -> Int {
        try await store.database.read { connection in
            try await count(try await compiler(on: connection).condition(rule), actor: actor, on: connection)
        }
    }

    /// A page of the segment's members the actor may see, by id.
    public func members(_ id: String, cursor: String?, limit: Int, by actor: Actor) async throws -> Page<Record<ConstituentFields>> {
        let membership: SQLQueryString = try await store.database.read { connection in
            try await condition(of: try await load(id, on: connection), on: connection)
        }
        return try await store.constituents.list(extra: membership, cursor: cursor, limit: limit, by: actor)
    }

    /// A page of the ids of the segment's members the actor may see, in id order (for work over a whole segment).
    public func memberIds(_ id: String, cursor: String?, limit: Int, by actor: Actor) async throws -> Page<String> {
        let ids = try await store.database.read { connection in
            var query: SQLQueryString = "SELECT id FROM constituents WHERE " + (try await condition(of: try await load(id, on: connection), on: connection))
            if let scope = ScopeFilter.condition(actor.scope, column: "constituents.id") { query = query + " AND " + scope }
            if let cursor { query = query + " AND constituents.id > \(bind: cursor)" }
            return try await connection.raw(query + " ORDER BY constituents.id LIMIT \(literal: limit + 1)").all().map { try $0.text("id") }
        }
        return Page(items: Array(ids.prefix(limit)), nextCursor: ids.count > limit ? ids[limit - 1] : nil)
    }

    /// The SQL condition on `constituents.id` of a segment's membership.
    func condition(of segment: Segment, on connection: any SQLDatabase) async throws -> SQLQueryString {
        guard let rule = segment.rule else {
            return "constituents.id IN (SELECT sm.constituent_id FROM segment_members sm WHERE sm.segment_id = \(bind: segment.id))"
        }
        return try await compiler(on: connection).condition(rule)
    }

    /// The compiler with the organisation's settings at this moment.
    func compiler(on connection: any SQLDatabase) async throws -> SegmentCompiler {
        SegmentCompiler(connection: connection, now: store.clock(), profile: try await OrganisationSettingsStore.profile.load(on: connection),
                        engagement: try await OrganisationSettingsStore.engagement.load(on: connection),
                        trendCutoff: try await EngagementLedger.trendCutoff.load(on: connection))
    }

    private func count(_ condition: SQLQueryString, actor: Actor, on connection: any SQLDatabase) async throws -> Int {
        var query: SQLQueryString = "SELECT COUNT(*) AS n FROM constituents WHERE " + condition
        if let scope = ScopeFilter.condition(actor.scope, column: "constituents.id") { query = query + " AND " + scope }
        return Int(try await connection.raw(query).first()?.int64("n") ?? 0)
    }

    func load(_ id: String, on connection: any SQLDatabase) async throws -> Segment {
        guard let row = try await connection.raw("SELECT * FROM segments WHERE id = \(bind: id)").first() else {
            throw StoreError.notFound(entity: "segment", id: id)
        }
        return try Self.segment(row)
    }

    private func ensureUniqueName(_ name: String, except id: String?, on connection: any SQLDatabase) async throws {
        if let row = try await connection.raw("SELECT id FROM segments WHERE name = \(bind: name)").first(), try row.text("id") != id {
            throw StoreError.conflict("a segment named \"\(name)\" already exists: \(try row.text("id"))")
        }
    }

    static func json(_ rule: SegmentRule?) throws -> String? {
        try rule.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
    }

    static func segment(_ row: any SQLRow) throws -> Segment {
        let rule = try row.optionalText("rule").map { try JSONDecoder().decode(SegmentRule.self, from: Data($0.utf8)) }
        return Segment(id: try row.text("id"), name: try row.text("name"), description: try row.optionalText("description"),
                       kind: try row.vocabulary("kind"), rule: rule, ruleText: rule.map(SegmentText.print),
                       createdAt: try row.timestamp("created_at"), updatedAt: try row.timestamp("updated_at"))
    }
}

extension KindredStore {
    /// Segments, static lists and personas.
    public var segments: SegmentStore { SegmentStore(store: self) }
}
