import KindredCore
import Foundation
import Logging
import SQLKit

/// One versioned step of the schema.
struct Migration: Sendable {
    /// Applied in ascending order, each once.
    let version: Int
    /// What it does.
    let name: String
    /// The statements, written for the given dialect.
    let statements: @Sendable (SQLFlavor) -> [String]
}

/// Brings a database's schema up to date; safe to run from several processes at once.
public enum Migrator {
    /// Every migration Kindred has, oldest first.
    static let migrations: [Migration] = [
        Migration(version: 1, name: "constituents, giving, interactions, consent, staff and audit", statements: Schema.version1),
        Migration(version: 2, name: "event log and identities", statements: Schema.version2),
        Migration(version: 3, name: "engagement sums and RFM scores", statements: Schema.version3),
        Migration(version: 4, name: "segments, static lists and membership events", statements: Schema.version4),
        Migration(version: 5, name: "organisation giving by channel, device and source", statements: Schema.version5),
        Migration(version: 6, name: "interactions by constituent cover the type", statements: Schema.version6),
        Migration(version: 7, name: "retention tallies per currency and fiscal year", statements: Schema.version7),
        Migration(version: 8, name: "web sessions, sign-in failures and interface languages", statements: Schema.version8),
        Migration(version: 9, name: "dashboard population counts", statements: Schema.version9),
        Migration(version: 10, name: "engagement distributions", statements: Schema.version10),
        Migration(version: 11, name: "staff tasks", statements: Schema.version11),
        Migration(version: 12, name: "donor rollups by last gift and by total", statements: Schema.version12),
        Migration(version: 13, name: "duplicate pairs to review", statements: Schema.version13),
        Migration(version: 14, name: "constituents by name and id", statements: Schema.version14),
        Migration(version: 15, name: "fitted models and donor predictions", statements: Schema.version15),
        Migration(version: 16, name: "gifts by donor cover the models' statistics", statements: Schema.version16),
        Migration(version: 17, name: "donor rollups keep the models' statistics", statements: Schema.version17),
        Migration(version: 18, name: "model fits keep how long they took", statements: Schema.version18),
        Migration(version: 19, name: "feedback from every channel", statements: Schema.version19),
        Migration(version: 20, name: "surveys, their links and responses", statements: Schema.version20),
        Migration(version: 21, name: "account owners and escalated follow-ups", statements: Schema.version21),
        Migration(version: 22, name: "webhooks and their delivery log", statements: Schema.version22),
        Migration(version: 23, name: "staff pulse surveys", statements: Schema.version23),
        Migration(version: 24, name: "the ideas board", statements: Schema.version24),
        Migration(version: 25, name: "supporter events and registrations", statements: Schema.version25),
        Migration(version: 26, name: "messages, their templates and links, and supporter preferences", statements: Schema.version26),
        Migration(version: 27, name: "engagement plans, enrolments and step jobs", statements: Schema.version27),
        Migration(version: 28, name: "journey stage history and touchpoints", statements: Schema.version28),
        Migration(version: 29, name: "the gifts-by-donor index holds the gift id", statements: Schema.version29),
        Migration(version: 30, name: "imports staged in chunks", statements: Schema.version30),
    ]

    /// Applies every migration not yet applied, each in its own transaction; returns the versions applied.
    @discardableResult
    public static func migrate(_ database: Database, logger: Logger) async throws -> [Int] {
        try await database.write { connection in
            try await connection.raw("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)").run()
        }
        var applied: [Int] = []
        for migration in migrations {
            let didApply = try await database.write { connection -> Bool in
                if database.flavor == .postgres {
                    try await connection.raw("SELECT pg_advisory_xact_lock(4242) AS locked").run()
                }
                let done = try await connection.raw("SELECT version FROM schema_migrations WHERE version = \(bind: migration.version)").first()
                guard done == nil else { return false }
                for statement in migration.statements(database.flavor) {
                    try await connection.raw("\(unsafeRaw: statement)").run()
                }
                let now = Timestamp.now.description
                try await connection.raw("INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: now))").run()
                return true
            }
            if didApply {
                logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                applied.append(migration.version)
            }
        }
        return applied
    }

    /// The highest applied version.
    public static func currentVersion(_ database: Database) async throws -> Int {
        try await database.read { connection in
            let row = try await connection.raw("SELECT MAX(version) AS version FROM schema_migrations").first()
            return try row?.decode(column: "version", as: Int?.self) ?? 0
        }
    }
}

extension Timestamp {
    /// The current instant from the system clock (only at the edges; domain code takes time as a parameter).
    public static var now: Timestamp {
        Timestamp(millisecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1000).rounded()))
    }
}
