import Foundation
import KindredCore
import SQLKit

/// One JSON value in the settings table under a key, with the value that applies while none is stored.
struct StoredSetting<Value: Codable & Sendable>: Sendable {
    /// The key in the settings table.
    let key: String
    /// What applies when nothing is stored.
    let fallback: Value

    /// The stored value, or the fallback.
    func load(on connection: any SQLDatabase) async throws -> Value {
        guard let row = try await connection.raw("SELECT value FROM settings WHERE key = \(bind: key)").first() else { return fallback }
        return try JSONDecoder().decode(Value.self, from: Data(try row.text("value").utf8))
    }

    /// Stores a value (replacing any) and records who changed it.
    func save(_ value: Value, by actor: Actor, at now: Timestamp, on connection: any SQLDatabase) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        try await connection.raw("DELETE FROM settings WHERE key = \(bind: key)").run()
        try await connection.raw("INSERT INTO settings (key, value) VALUES (\(bind: key), \(bind: text))").run()
        try await AuditLog.record(.update, entity: "setting", id: key, by: actor, at: now, on: connection)
    }
}

/// The settings administrators change: the organisation profile and how engagement is measured.
public enum OrganisationSettingsStore {
    static let profile = StoredSetting(key: "organisation", fallback: OrganisationProfile())
    static let engagement = StoredSetting(key: "engagement", fallback: EngagementSettings.defaults)

    /// The time zone in force, read in the transaction that counts with it.
    static func timeZone(on connection: any SQLDatabase) async throws -> TimeZone {
        try await profile.load(on: connection).zone
    }

    /// The organisation profile in force.
    public static func profile(in database: Database) async throws -> OrganisationProfile {
        try await database.read { try await profile.load(on: $0) }
    }

    /// Replaces the organisation profile (validated).
    public static func replace(_ value: OrganisationProfile, by actor: Actor, in database: Database, at now: Timestamp) async throws -> OrganisationProfile {
        let valid = try value.validated()
        try await database.write { try await profile.save(valid, by: actor, at: now, on: $0) }
        return valid
    }
}
