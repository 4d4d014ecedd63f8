import Crypto
import Foundation
import KindredCore
import SQLKit

/// A staff user as listed (never with the password hash).
public struct StaffUser: Sendable, Hashable, Codable {
    /// The user's id.
    public let id: String
    /// Sign-in email.
    public let email: String
    /// The role whose permissions apply.
    public let role: StaffRole
    /// Disabled users cannot sign in.
    public let disabled: Bool
}

/// An API key as listed; its secret is never shown again.
public struct APIKeyListing: Sendable, Hashable {
    /// The key's id.
    public let id: String
    /// What it is for.
    public let name: String
    /// The secret's first characters, to recognise it.
    public let prefix: String
    /// The role whose permissions apply.
    public let role: StaffRole
    /// Whether it may only send events.
    public let writeOnly: Bool
    /// When it was made.
    public let createdAt: Timestamp
    /// Whether it has been revoked.
    public let revoked: Bool
}

/// Staff users and API keys. Keys are shown once and stored only as a SHA-256 hash.
public struct StaffDirectory: Sendable {
    let database: Database
    let clock: @Sendable () -> Timestamp

    /// Creates the directory over a database.
    public init(database: Database, clock: @escaping @Sendable () -> Timestamp = { Timestamp.now }) {
        self.database = database
        self.clock = clock
    }

    /// Creates a user with an already-hashed password; a duplicate email is a conflict.
    public func createUser(email: String, passwordHash: String, role: StaffRole) async throws -> StaffUser {
        guard let normalised = ContactNormalisation.email(email) else {
            throw ValidationFailure([FieldIssue(field: "email", message: "is not a valid email address")])
        }
        let now = clock()
        let user = StaffUser(id: RecordIdentifier.make(at: now), email: normalised, role: role, disabled: false)
        try await database.write { connection in
            if try await connection.raw("SELECT id FROM staff_users WHERE email = \(bind: normalised)").first() != nil {
                throw StoreError.conflict("a user with this email already exists")
            }
            try await connection.raw("""
                INSERT INTO staff_users (id, email, password_hash, role, disabled, created_at, updated_at)
                VALUES (\(bind: user.id), \(bind: normalised), \(bind: passwordHash), \(bind: role.rawValue), \(bind: false),
                        \(bind: now.description), \(bind: now.description))
                """).run()
            try await AuditLog.record(.create, entity: "staff_user", id: user.id, by: .system, at: now, on: connection)
        }
        return user
    }

    /// Changes a user's role and whether they are disabled; disabling ends their sessions at once. A change that would
    /// leave no enabled administrator is a conflict; an unknown id is a not-found error.
    public func updateUser(_ id: String, role: StaffRole, disabled: Bool, by actor: Actor) async throws -> StaffUser {
        let now = clock()
        return try await database.write { connection in
            guard let row = try await connection.raw("SELECT email FROM staff_users WHERE id = \(bind: id)").first() else {
                throw StoreError.notFound(entity: "staff_user", id: id)
            }
            let otherAdmins = try await connection.raw("""
                SELECT COUNT(*) AS n FROM staff_users WHERE role = 'admin' AND disabled = \(bind: false) AND id <> \(bind: id)
                """).first()?.int64("n") ?? 0
            if otherAdmins == 0, role != .admin || disabled {
                throw StoreError.conflict("this is the only enabled administrator; make someone else an administrator first")
            }
            try await connection.raw("""
                UPDATE staff_users SET role = \(bind: role.rawValue), disabled = \(bind: disabled), updated_at = \(bind: now.description)
                WHERE id = \(bind: id)
                """).run()
            if disabled { try await connection.raw("DELETE FROM web_sessions WHERE user_id = \(bind: id)").run() }
            try await AuditLog.record(.update, entity: "staff_user", id: id, by: actor, at: now, on: connection)
            return StaffUser(id: id, email: try row.text("email"), role: role, disabled: disabled)
        }
    }

    /// Every staff user, by email.
    public func users() async throws -> [StaffUser] {
        try await database.read { connection in
            try await connection.raw("SELECT id, email, role, disabled FROM staff_users ORDER BY email").all().map {
                StaffUser(id: try $0.text("id"), email: try $0.text("email"), role: try $0.vocabulary("role"), disabled: try $0.bool("disabled"))
            }
        }
    }

    /// Every API key as listed (name, role, the secret's first characters, whether revoked), newest first.
    public func keys() async throws -> [APIKeyListing] {
        try await database.read { connection in
            try await connection.raw("SELECT id, name, key_prefix, role, write_only, created_at, revoked_at FROM api_keys ORDER BY created_at DESC, id DESC").all().map {
                APIKeyListing(id: try $0.text("id"), name: try $0.text("name"), prefix: try $0.text("key_prefix"), role: try $0.vocabulary("role"),
                              writeOnly: try $0.bool("write_only"), createdAt: try $0.timestamp("created_at"),
                              revoked: try $0.optionalText("revoked_at") != nil)
            }
        }
    }

    /// Revokes a key: it stops working at once. Unknown ids are a not-found error.
    public func revokeKey(_ id: String, by actor: Actor) async throws {
        let now = clock()
        try await database.write { connection in
            guard try await connection.raw("SELECT id FROM api_keys WHERE id = \(bind: id)").first() != nil else {
                throw StoreError.notFound(entity: "api_key", id: id)
            }
            try await connection.raw("UPDATE api_keys SET revoked_at = \(bind: now.description) WHERE id = \(bind: id) AND revoked_at IS NULL").run()
            try await AuditLog.record(.update, entity: "api_key", id: id, by: actor, at: now, on: connection)
        }
    }

    /// The number of staff users.
    public func userCount() async throws -> Int {
        try await database.read { Int(try await $0.raw("SELECT COUNT(*) AS n FROM staff_users").first()?.int64("n") ?? 0) }
    }

    /// Creates an API key and returns its secret, which is never stored or shown again.
    public func createKey(name: String, role: StaffRole, writeOnly: Bool = false) async throws -> (id: String, secret: String) {
        let trimmed = name.trimmingWhitespace()
        guard (1...100).contains(trimmed.count) else {
            throw ValidationFailure([FieldIssue(field: "name", message: "must be 1 to 100 characters")])
        }
        let secret = Self.randomToken(prefix: "kdr_")
        let now = clock()
        let id = RecordIdentifier.make(at: now)
        try await database.write { connection in
            try await connection.raw("""
                INSERT INTO api_keys (id, name, key_hash, key_prefix, role, write_only, created_at)
                VALUES (\(bind: id), \(bind: trimmed), \(bind: Self.hash(secret)), \(bind: String(secret.prefix(8))),
                        \(bind: role.rawValue), \(bind: writeOnly), \(bind: now.description))
                """).run()
            try await AuditLog.record(.create, entity: "api_key", id: id, by: .system, at: now, on: connection)
        }
        return (id, secret)
    }

    /// The actor for a presented key, or nil when it is unknown or revoked. The lookup is by hash, and the
    /// stored hash is compared again in constant time.
    public func actor(forKey secret: String) async throws -> (actor: Actor, writeOnly: Bool)? {
        let digest = Self.hash(secret)
        let row = try await database.read { connection in
            try await connection.raw("SELECT id, key_hash, role, write_only FROM api_keys WHERE key_hash = \(bind: digest) AND revoked_at IS NULL").first()
        }
        guard let row, Self.constantTimeEquals(try row.text("key_hash"), digest) else { return nil }
        return (Actor(kind: .apiKey, id: try row.text("id"), role: try row.vocabulary("role")), try row.bool("write_only"))
    }

    /// A new random token (URL-safe, 43 characters), for CSRF tokens.
    public static func newToken() -> String { randomToken(prefix: "") }

    /// 32 random bytes as URL-safe base64 after `prefix`: API keys, session ids, CSRF tokens.
    static func randomToken(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return prefix + Data(random).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The hex SHA-256 of a key.
    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares two strings without stopping at the first difference.
    public static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8), right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
