import Foundation
import KindredCore
import SQLKit

/// A preference record as the person page shows it.
public struct PreferenceRecord: Sendable, Hashable, Codable {
    /// What was chosen: `consent.<channel>`, `topic.<topic>`, `frequency`, `wishes`, `language` or `involvement`.
    public let preference: String
    /// The choice.
    public let value: String
    /// When, and through what (`preference_centre`, `unsubscribe`, `complaint`, `api`).
    public let recordedAt: Timestamp, source: String
}

/// The supporter's preference history and the current state folded from it.
enum SupporterPreferenceRecords {
    /// The current preferences of each of `ids` that has any records.
    static func current(of ids: [String], on connection: any SQLDatabase) async throws -> [String: SupporterPreferences] {
        guard !ids.isEmpty else { return [:] }
        var result: [String: SupporterPreferences] = [:]
        for row in try await connection.raw("""
            SELECT constituent_id, preference, value FROM preference_records WHERE constituent_id IN (\(binds: ids))
            ORDER BY recorded_at, id
            """).all() {
            let id = try row.text("constituent_id")
            result[id] = (result[id] ?? SupporterPreferences()).applying(preference: try row.text("preference"), value: try row.text("value"))
        }
        return result
    }

    /// Everything the preference centre shows for one person.
    static func choices(of id: String, on connection: any SQLDatabase) async throws -> PreferenceChoices {
        guard let person = try await connection.raw("""
            SELECT c.preferred_language, ce.self_reported FROM constituents c LEFT JOIN constituent_engagement ce ON ce.constituent_id = c.id WHERE c.id = \(bind: id)
            """).first() else { throw StoreError.notFound(entity: "constituent", id: id) }
        let consent = try await connection.raw("""
            SELECT channel, status FROM consent_records WHERE constituent_id = \(bind: id) ORDER BY recorded_at, id
            """).all().reduce(into: [String: String]()) { $0[try $1.text("channel")] = try $1.text("status") }
        return PreferenceChoices(channels: Set(consent.filter { $0.value == "granted" }.keys.compactMap(ConsentChannel.init(rawValue:))),
                                 preferences: try await current(of: [id], on: connection)[id] ?? SupporterPreferences(),
                                 language: try person.vocabulary("preferred_language"), involvement: try person.optionalInt64("self_reported").map(Int.init))
    }

    /// Records each change and applies it at once: consent records, preference records, the language, the felt involvement.
    static func apply(_ changes: [PreferenceChange], to id: String, source: String, at now: Timestamp, on connection: any SQLDatabase) async throws {
        for change in changes {
            switch change {
            case .consent(let channel, let status):
                let fields = ConsentFields(constituentId: id, channel: channel, status: status, recordedAt: now, source: source)
                try await OtherRecords.consent.insert(Record(id: RecordIdentifier.make(at: now), createdAt: now, updatedAt: now, fields: fields), on: connection)
            case .preference(let preference, let value):
                try await insert(preference, value, id, source, now, connection)
            case .language(let language):
                try await connection.raw("UPDATE constituents SET preferred_language = \(bind: language.rawValue), updated_at = \(bind: now.description) WHERE id = \(bind: id)").run()
                try await insert("language", language.rawValue, id, source, now, connection)
            case .involvement(let value):
                try await EngagementQueries.storeSelfReported(value, for: id, at: now, on: connection)
                try await insert("involvement", String(value), id, source, now, connection)
            }
        }
    }

    private static func insert(_ preference: String, _ value: String, _ id: String, _ source: String, _ now: Timestamp, _ connection: any SQLDatabase) async throws {
        try await connection.raw("""
            INSERT INTO preference_records (id, constituent_id, preference, value, recorded_at, source)
            VALUES (\(bind: RecordIdentifier.make(at: now)), \(bind: id), \(bind: preference), \(bind: value), \(bind: now.description), \(bind: source))
            """).run()
    }

    /// A person's choices over time, newest first: preference records and consent records (as `consent.<channel>`).
    static func history(of id: String, on connection: any SQLDatabase) async throws -> [PreferenceRecord] {
        try await connection.raw("""
            SELECT preference, value, recorded_at, source, id FROM preference_records WHERE constituent_id = \(bind: id)
            UNION ALL SELECT 'consent.' || channel, status, recorded_at, source, id FROM consent_records WHERE constituent_id = \(bind: id)
            ORDER BY recorded_at DESC, id DESC LIMIT 200
            """).all().map { row in
            PreferenceRecord(preference: try row.text("preference"), value: try row.text("value"), recordedAt: try row.timestamp("recorded_at"), source: try row.text("source"))
        }
    }
}
