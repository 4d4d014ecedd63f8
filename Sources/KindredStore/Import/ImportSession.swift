import Foundation
import KindredCore
import SQLKit

/// One chunk of an import inside its transaction: writes the chunk's checked rows (from `ImportParser`) with a few
/// multi-row statements. Donor rollups are recomputed once the whole file is applied, for everyone touched, kept
/// in `import_touched` so that memory stays flat however large the file.
final class ImportSession {
    let options: ImportOptions
    let run: String
    let now: Timestamp
    let connection: any SQLDatabase
    let state: ImportState
    /// The organisation's time zone, for dates without an offset and for month rollups.
    let timeZone: TimeZone
    /// Campaign and project ids by kind and code or name.
    var designations: [String: String] = [:]
    /// Recurring plan ids by their import key.
    var plans: [String: String] = [:]

    init(options: ImportOptions, run: String, now: Timestamp, timeZone: TimeZone, connection: any SQLDatabase, state: ImportState) {
        self.options = options
        self.run = run
        self.now = now
        self.timeZone = timeZone
        self.connection = connection
        self.state = state
    }

    var source: String { options.effectiveSource }

    /// Writes one chunk's good rows.
    func write(_ rows: ImportParser.Rows) async throws {
        switch rows {
        case .gifts(let rows): try await writeGifts(rows)
        case .constituents(let rows): try await writeConstituents(rows)
        case .interactions(let rows): try await writeInteractions(rows)
        }
    }

    // MARK: People

    /// The ids of the people the rows name by external id (or by an id they had before a merge), creating those
    /// not yet known from the row's details.
    func people(_ wanted: [(externalId: String, fields: ConstituentFields)]) async throws -> [String: String] {
        var found = try await knownPeople(Set(wanted.map(\.externalId)))
        var created: [Record<ConstituentFields>] = []
        for person in wanted where found[person.externalId] == nil {
            let record = Record(id: RecordIdentifier.make(at: now), createdAt: now, updatedAt: now, fields: person.fields)
            found[person.externalId] = record.id
            created.append(record)
        }
        try await ConstituentRecords.insertMany(created, on: connection)
        state.update { $0.constituentsCreated += Int64(created.count) }
        return found
    }

    /// External id → constituent id for the people of this source among `externalIds` (also by an id they had
    /// before a merge).
    func knownPeople(_ externalIds: Set<String>) async throws -> [String: String] {
        var found = try await existingIds(table: "constituents", Array(externalIds))
        let merged = Array(externalIds.subtracting(found.keys))
        if !merged.isEmpty {
            let rows = try await connection.raw("SELECT external_id, constituent_id FROM constituent_aliases WHERE source = \(bind: source) AND external_id IN \(TextList.subquery(merged, on: connection))").all()
            for row in rows { found[try row.text("external_id")] = try row.text("constituent_id") }
        }
        return found
    }

    /// External id → record id for the rows of `table` with this source among `externalIds`.
    func existingIds(table: String, _ externalIds: [String]) async throws -> [String: String] {
        var found: [String: String] = [:]
        guard !externalIds.isEmpty else { return found }
        let rows = try await connection.raw("SELECT id, external_id FROM \(ident: table) WHERE source = \(bind: source) AND external_id IN \(TextList.subquery(externalIds, on: connection))").all()
        for row in rows { found[try row.text("external_id")] = try row.text("id") }
        return found
    }

    // MARK: Constituents

    private func writeConstituents(_ rows: ImportParser.Lines<ConstituentFields>) async throws {
        var latest: [String: ConstituentFields] = [:]
        for (_, fields) in rows { latest[fields.externalId ?? ""] = fields }
        let existing = try await existingIds(table: "constituents", Array(latest.keys))
        var created: [Record<ConstituentFields>] = []
        for (externalId, fields) in latest.sorted(by: { $0.key < $1.key }) {
            guard let id = existing[externalId] else {
                created.append(Record(id: RecordIdentifier.make(at: now), createdAt: now, updatedAt: now, fields: fields))
                continue
            }
            guard let stored = try await ConstituentRecords.mapping.fetch(id: id, on: connection),
                  let old = try await ConstituentRecords.loadChildren([stored], connection).first else { continue }
            var merged = fields
            merged.householdId = old.fields.householdId
            merged.customFields = old.fields.customFields
            if merged == old.fields {
                state.update { $0.unchanged += 1 }
                continue
            }
            let record = Record(id: id, createdAt: old.createdAt, updatedAt: max(now, old.updatedAt), fields: merged)
            try await ConstituentRecords.mapping.update(record, on: connection)
            try await ConstituentRecords.writeChildren(record, old.fields, connection)
            state.update { $0.updated += 1 }
        }
        try await ConstituentRecords.insertMany(created, on: connection)
        state.update { $0.created += Int64(created.count) }
    }

    // MARK: Interactions

    private func writeInteractions(_ rows: ImportParser.Lines<InteractionRow>) async throws {
        let people = try await people(rows.map { ($0.row.personExternalId, $0.row.person) })
        let existing = try await existingIds(table: "interactions", rows.compactMap(\.row.interaction.externalId))
        var seen = Set(existing.keys), created: [Record<InteractionFields>] = []
        for (_, row) in rows {
            guard let key = row.interaction.externalId, seen.insert(key).inserted, let person = people[row.personExternalId] else {
                state.update { $0.unchanged += 1 }
                continue
            }
            var fields = row.interaction
            fields.constituentId = person
            created.append(Record(id: RecordIdentifier.make(at: now), createdAt: now, updatedAt: now, fields: fields))
        }
        try await OtherRecords.insertInteractions(created, on: connection)
        state.update { $0.created += Int64(created.count) }
    }
}
