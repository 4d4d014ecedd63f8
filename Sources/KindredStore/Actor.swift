import KindredCore
import SQLKit

/// Who is acting: a staff user, an API key, or Kindred itself. Recorded in the audit log.
public struct Actor: Sendable, Hashable {
    /// The kinds of actor.
    public enum Kind: String, Sendable { case user, apiKey = "api_key", system }

    /// User, API key or system.
    public let kind: Kind
    /// The user's or key's id.
    public let id: String?
    /// The role whose permissions apply.
    public let role: StaffRole

    /// Creates an actor.
    public init(kind: Kind, id: String?, role: StaffRole) {
        self.kind = kind
        self.id = id
        self.role = role
    }

    /// Kindred itself (migrations, the demo generator, the CLI), with admin rights.
    public static let system = Actor(kind: .system, id: nil, role: .admin)

    /// The constituents this actor may see.
    public var scope: ConstituentScope { AccessPolicy.scope(of: role) }
}

/// The audit log: who did what to which record, and when — never the personal data itself.
public enum AuditLog {
    /// The actions recorded.
    public enum Action: String, Sendable { case create, update, delete, read }

    /// Appends an entry inside the caller's transaction.
    static func record(_ action: Action, entity: String, id: String?, by actor: Actor, at time: Timestamp,
                       on connection: any SQLDatabase) async throws {
        try await connection.raw("""
            INSERT INTO audit_log (id, occurred_at, actor_kind, actor_id, action, entity, entity_id)
            VALUES (\(bind: RecordIdentifier.make(at: time)), \(bind: time.description), \(bind: actor.kind.rawValue),
                    \(bind: actor.id), \(bind: action.rawValue), \(bind: entity), \(bind: id))
            """).run()
    }
}

/// One audit log entry as the API shows it: ids and actions only, never personal data.
public struct AuditEntry: Sendable, Hashable, Codable {
    /// The entry's id.
    public let id: String
    /// When.
    public let occurredAt: Timestamp
    /// `user`, `api_key` or `system`.
    public let actorKind: String
    /// The user's or key's id.
    public let actorId: String?
    /// `create`, `update`, `delete` or `read`.
    public let action: String
    /// The kind of record.
    public let entity: String
    /// The record's id.
    public let entityId: String?
}

extension AuditLog {
    /// Entries in the order they were written, optionally for one record, one page after `cursor`.
    public static func list(entityId: String?, cursor: String?, limit: Int, in database: Database) async throws -> Page<AuditEntry> {
        var conditions: [SQLQueryString] = []
        if let entityId { conditions.append("entity_id = \(bind: entityId)") }
        if let cursor { conditions.append("id > \(bind: cursor)") }
        let whereClause: SQLQueryString = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let rows = try await database.read { connection in
            try await connection.raw("SELECT * FROM audit_log" + whereClause + " ORDER BY id LIMIT \(literal: limit + 1)").all()
        }
        let entries = try rows.map { row in
            AuditEntry(id: try row.text("id"), occurredAt: try row.timestamp("occurred_at"), actorKind: try row.text("actor_kind"),
                       actorId: try row.optionalText("actor_id"), action: try row.text("action"), entity: try row.text("entity"),
                       entityId: try row.optionalText("entity_id"))
        }
        let items = Array(entries.prefix(limit))
        return Page(items: items, nextCursor: entries.count > limit ? items.last?.id : nil)
    }
}
