import Foundation
import KindredCore
import SQLKit

/// A signed-in staff member's web session.
public struct WebSession: Sendable, Hashable {
    /// The staff user.
    public let user: StaffUser
    /// The interface language the user chose.
    public let language: Language
    /// The token every form and state-changing request of this session must carry.
    public let csrfToken: String
    /// The actor the session acts as.
    public var actor: Actor { Actor(kind: .user, id: user.id, role: user.role) }
}

/// What a sign-in attempt came to.
public enum SignInOutcome: Sendable {
    /// Signed in: a new session and its secret id (for the cookie; only its hash is stored).
    case signedIn(sessionId: String, session: WebSession)
    /// Unknown email, wrong password or a disabled user (never said which).
    case refused
    /// Too many recent failures for this email or address.
    case throttled
}

/// Staff sign-in and sessions: the session id is random, stored only as a hash, new at every sign-in; a session ends
/// after `idleTimeout` without use, `absoluteTimeout` after sign-in, or at sign-out. Failed sign-ins are recorded and
/// more than `maximumFailures` for an email (or 4× that for an address) within `failureWindow` throttle further tries.
public struct WebSessions: Sendable {
    let database: Database
    let clock: @Sendable () -> Timestamp
    /// Milliseconds without a request after which a session ends.
    public var idleTimeout: Int64 = 30 * 60_000
    /// Milliseconds after sign-in at which a session ends whatever its use.
    public var absoluteTimeout: Int64 = 12 * 3_600_000
    /// Failed sign-ins per email within the window before further tries are refused.
    public var maximumFailures = 5
    /// Milliseconds over which failures are counted.
    public var failureWindow: Int64 = 15 * 60_000

    /// Sessions over a database.
    public init(database: Database, clock: @escaping @Sendable () -> Timestamp = { Timestamp.now }) {
        self.database = database
        self.clock = clock
    }

    /// Checks the email and password (`verify` compares a password with a stored hash) and opens a new session.
    public func signIn(email: String, address: String, verify: @Sendable (String) -> Bool) async throws -> SignInOutcome {
        let normalised = ContactNormalisation.email(email) ?? email.lowercased().trimmingWhitespace()
        let now = clock(), since = now.adding(milliseconds: -failureWindow).description
        return try await database.write { connection in
            let byEmail = try await connection.raw("SELECT COUNT(*) AS n FROM sign_in_failures WHERE email = \(bind: normalised) AND failed_at > \(bind: since)").first()?.int64("n") ?? 0
            let byAddress = try await connection.raw("SELECT COUNT(*) AS n FROM sign_in_failures WHERE address = \(bind: address) AND failed_at > \(bind: since)").first()?.int64("n") ?? 0
            guard byEmail < maximumFailures, byAddress < 4 * maximumFailures else { return .throttled }
            let row = try await connection.raw("SELECT id, email, role, disabled, password_hash, language FROM staff_users WHERE email = \(bind: normalised)").first()
            guard let row, !(try row.bool("disabled")), verify(try row.text("password_hash")) else {
                try await connection.raw("INSERT INTO sign_in_failures (email, address, failed_at) VALUES (\(bind: normalised), \(bind: address), \(bind: now.description))").run()
                return .refused
            }
            let user = StaffUser(id: try row.text("id"), email: try row.text("email"), role: try row.vocabulary("role"), disabled: false)
            let sessionId = StaffDirectory.randomToken(prefix: "kds_"), csrf = StaffDirectory.randomToken(prefix: "")
            try await connection.raw("DELETE FROM sign_in_failures WHERE email = \(bind: normalised)").run()
            try await connection.raw("""
                INSERT INTO web_sessions (id_hash, user_id, csrf_token, created_at, last_seen_at)
                VALUES (\(bind: StaffDirectory.hash(sessionId)), \(bind: user.id), \(bind: csrf), \(bind: now.description), \(bind: now.description))
                """).run()
            try await AuditLog.record(.create, entity: "web_session", id: user.id, by: Actor(kind: .user, id: user.id, role: user.role), at: now, on: connection)
            return .signedIn(sessionId: sessionId, session: WebSession(user: user, language: try row.vocabulary("language"), csrfToken: csrf))
        }
    }

    /// The live session with this id, marking it used; nil (and the session ended) when unknown, idle too long, too
    /// old, or its user is disabled.
    public func session(id sessionId: String) async throws -> WebSession? {
        guard sessionId.count <= 200 else { return nil }
        let digest = StaffDirectory.hash(sessionId), now = clock()
        let row = try await database.read { connection in
            try await connection.raw("""
                SELECT s.csrf_token, s.created_at, s.last_seen_at, u.id, u.email, u.role, u.disabled, u.language
                FROM web_sessions s JOIN staff_users u ON u.id = s.user_id WHERE s.id_hash = \(bind: digest)
                """).first()
        }
        guard let row else { return nil }
        let created = try row.timestamp("created_at"), lastSeen = try row.timestamp("last_seen_at")
        let expired = now.millisecondsSinceEpoch - lastSeen.millisecondsSinceEpoch > idleTimeout
            || now.millisecondsSinceEpoch - created.millisecondsSinceEpoch > absoluteTimeout
        guard !expired, !(try row.bool("disabled")) else {
            try await database.write { try await $0.raw("DELETE FROM web_sessions WHERE id_hash = \(bind: digest)").run() }
            return nil
        }
        if now.millisecondsSinceEpoch - lastSeen.millisecondsSinceEpoch > 60_000 {
            try await database.write { try await $0.raw("UPDATE web_sessions SET last_seen_at = \(bind: now.description) WHERE id_hash = \(bind: digest)").run() }
        }
        let user = StaffUser(id: try row.text("id"), email: try row.text("email"), role: try row.vocabulary("role"), disabled: false)
        return WebSession(user: user, language: try row.vocabulary("language"), csrfToken: try row.text("csrf_token"))
    }

    /// Ends a session (sign-out); an unknown id is ignored.
    public func signOut(id sessionId: String) async throws {
        try await database.write { try await $0.raw("DELETE FROM web_sessions WHERE id_hash = \(bind: StaffDirectory.hash(sessionId))").run() }
    }

    /// Sets a user's interface language.
    public func setLanguage(_ language: Language, of userId: String) async throws {
        try await database.write { try await $0.raw("UPDATE staff_users SET language = \(bind: language.rawValue) WHERE id = \(bind: userId)").run() }
    }
}
