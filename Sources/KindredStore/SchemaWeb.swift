import KindredCore

extension Schema {
    /// Version 8: staff sign-in sessions for the web app (only a hash of the session id is stored), failed sign-ins
    /// for rate limiting, and each staff user's interface language.
    @Sendable static func version8(_ flavor: SQLFlavor) -> [String] {
        [
            """
            CREATE TABLE web_sessions (
              id_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
              csrf_token TEXT NOT NULL, created_at TEXT NOT NULL, last_seen_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX web_sessions_user ON web_sessions (user_id)",
            "CREATE TABLE sign_in_failures (email TEXT NOT NULL, address TEXT NOT NULL, failed_at TEXT NOT NULL)",
            "CREATE INDEX sign_in_failures_email ON sign_in_failures (email, failed_at)",
            "CREATE INDEX sign_in_failures_address ON sign_in_failures (address, failed_at)",
            "ALTER TABLE staff_users ADD COLUMN language TEXT NOT NULL DEFAULT 'en' \(oneOf("language", Language.self))",
        ]
    }
}
