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
