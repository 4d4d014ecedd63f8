import Foundation
import KindredCore
import SQLKit

/// A merge as stored: who survived, who was merged into them, and when; undone merges say when.
public struct MergeRecord: Sendable, Hashable, Codable {
    /// The merge's id.
    public let id: String
    /// The record that remains.
    public let survivorId: String
    /// The record merged into it (deleted, restorable by undo).
    public let duplicateId: String
    /// The fields taken from the duplicate.
    public let taken: [MergeField]
    /// When it was merged.
    public let mergedAt: Timestamp
    /// When it was undone, if it was.
    public let undoneAt: Timestamp?
}

/// Everything a merge changed, kept so that it can be undone exactly.
struct MergeSnapshot: Codable {
    /// The survivor before the merge.
    var survivor: Record<ConstituentFields>
    /// The duplicate as it was.
    var duplicate: Record<ConstituentFields>
    /// The duplicate's household membership.
    var duplicateHousehold: String?
    /// Ids of rows moved from the duplicate to the survivor, by `table.column`.
    var moved: [String: [String]] = [:]
    /// Relationships between the two, deleted because a person cannot relate to themselves.
    var deletedRelationships: [Record<RelationshipFields>] = []
    /// Soft credits deleted because the survivor already had the gift or the credit.
    var deletedSoftCredits: [SoftCreditRow] = []
    /// Identities (kind, value) moved.
    var identities: [[String]] = []
    /// Aliases the duplicate had from earlier merges, moved to the survivor.
    var aliases: [[String]] = []

    /// One soft credit row.
    struct SoftCreditRow: Codable {
        let giftId: String
        let constituentId: String
        let amountMinor: Int64?
    }
}

/// Merges two records of one person into one, moving everything to the survivor, and undoes merges exactly.
public struct Merger: Sendable {
    let store: KindredStore
    /// The tables and owner columns whose rows follow the person.
    static let ownedRows = [("gifts", "constituent_id"), ("recurring_plans", "constituent_id"), ("interactions", "constituent_id"),
                            ("consent_records", "constituent_id"), ("events", "constituent_id"), ("gift_soft_credits", "constituent_id"),
                            ("relationships", "from_id"), ("relationships", "to_id"),
                            ("tasks", "constituent_id"), ("feedback", "constituent_id"), ("survey_links", "constituent_id"),
                            ("survey_responses", "constituent_id"), ("event_registrations", "constituent_id"), ("messages", "constituent_id"),
                            ("message_tokens", "constituent_id"), ("preference_records", "constituent_id")]

    /// Creates a merger.
    public init(store: KindredStore) {
        self.store = store
    }

    /// Merges `duplicateId` into `survivorId`, taking the listed fields from the duplicate.
    public func merge(survivorId: String, duplicateId: String, taking: Set<MergeField> = [], by actor: Actor) async throws -> MergeRecord {
        guard survivorId != duplicateId else { throw StoreError.conflict("a record cannot be merged into itself") }
        let now = store.clock()
        let id = RecordIdentifier.make(at: now)
        try await store.database.write { connection in
            let survivor = try await load(survivorId, "survivorId", actor, connection)
            let duplicate = try await load(duplicateId, "duplicateId", actor, connection)
            var snapshot = MergeSnapshot(survivor: survivor, duplicate: duplicate, duplicateHousehold: duplicate.fields.householdId)
            try await moveRelated(&snapshot, survivorId: survivorId, duplicateId: duplicateId, on: connection)
            let fields = MergePlan.merged(survivor: survivor.fields, duplicate: duplicate.fields, taking: taking)
            // Both rollups rewritten while the duplicate exists, so the retention tallies lose its giving and the survivor gains it.
            try await Rollups.recompute(constituentIds: [survivorId, duplicateId], timeZone: try await OrganisationSettingsStore.timeZone(on: connection), on: connection)
            try await connection.raw("DELETE FROM constituents WHERE id = \(bind: duplicateId)").run()
            let record = Record(id: survivorId, createdAt: survivor.createdAt, updatedAt: max(now, survivor.updatedAt), fields: fields)
            try await ConstituentRecords.mapping.update(record, on: connection)
            try await ConstituentRecords.writeChildren(record, survivor.fields, connection)
            let encoded = String(decoding: try JSONEncoder().encode(snapshot), as: UTF8.self)
            let takenText = String(decoding: try JSONEncoder().encode(taking.sorted { $0.rawValue < $1.rawValue }), as: UTF8.self)
            try await connection.raw("""
                INSERT INTO merges (id, survivor_id, duplicate_id, taken, snapshot, merged_at, actor_id)
                VALUES (\(bind: id), \(bind: survivorId), \(bind: duplicateId), \(bind: takenText), \(bind: encoded), \(bind: now.description), \(bind: actor.id))
                """).run()
            if let source = duplicate.fields.source, let externalId = duplicate.fields.externalId {
                try await connection.raw("INSERT INTO constituent_aliases (source, external_id, constituent_id, merge_id) VALUES (\(bind: source), \(bind: externalId), \(bind: survivorId), \(bind: id))").run()
            }
            try await EngagementLedger.recompute(constituentIds: [survivorId], on: connection)
            try await AuditLog.record(.update, entity: "constituent", id: survivorId, by: actor, at: now, on: connection)
            try await AuditLog.record(.delete, entity: "constituent", id: duplicateId, by: actor, at: now, on: connection)
            try await AuditLog.record(.create, entity: "merge", id: id, by: actor, at: now, on: connection)
        }
        return MergeRecord(id: id, survivorId: survivorId, duplicateId: duplicateId, taken: taking.sorted { $0.rawValue < $1.rawValue },
                           mergedAt: now, undoneAt: nil)
    }

    /// A constituent with its child rows, if the actor may see it; 422 naming `field` otherwise.
    private func load(_ id: String, _ field: String, _ actor: Actor, _ connection: any SQLDatabase) async throws -> Record<ConstituentFields> {
        guard let row = try await ConstituentRecords.mapping.fetch(id: id, on: connection),
              let record = try await ConstituentRecords.loadChildren([row], connection).first,
              AccessPolicy.contains(actor.scope, roles: record.fields.roles) else {
            throw StoreError.invalidReference(field: field, message: "refers to a constituent that does not exist or that you may not see")
        }
        return record
    }

    /// Moves every row of the duplicate to the survivor, recording what moved and what had to go.
    private func moveRelated(_ snapshot: inout MergeSnapshot, survivorId: String, duplicateId: String, on connection: any SQLDatabase) async throws {
        for row in try await connection.raw("SELECT * FROM relationships WHERE (from_id = \(bind: duplicateId) AND to_id = \(bind: survivorId)) OR (from_id = \(bind: survivorId) AND to_id = \(bind: duplicateId))").all() {
            snapshot.deletedRelationships.append(try OtherRecords.relationship.record(from: row))
        }
        try await connection.raw("DELETE FROM relationships WHERE (from_id = \(bind: duplicateId) AND to_id = \(bind: survivorId)) OR (from_id = \(bind: survivorId) AND to_id = \(bind: duplicateId))").run()
        // A soft credit cannot name the gift's own donor, nor credit one person twice: those of the duplicate on the
        // survivor's gifts (or beside the survivor's credit), and those of the survivor on the duplicate's gifts, go.
        let clashing = try await connection.raw("""
            SELECT gift_id, constituent_id, amount_minor FROM gift_soft_credits s
            WHERE (s.constituent_id = \(bind: duplicateId)
                   AND (EXISTS (SELECT 1 FROM gifts g WHERE g.id = s.gift_id AND g.constituent_id = \(bind: survivorId))
                        OR EXISTS (SELECT 1 FROM gift_soft_credits o WHERE o.gift_id = s.gift_id AND o.constituent_id = \(bind: survivorId))))
               OR (s.constituent_id = \(bind: survivorId)
                   AND EXISTS (SELECT 1 FROM gifts g WHERE g.id = s.gift_id AND g.constituent_id = \(bind: duplicateId)))
            """).all()
        snapshot.deletedSoftCredits = try clashing.map {
            .init(giftId: try $0.text("gift_id"), constituentId: try $0.text("constituent_id"), amountMinor: try $0.optionalInt64("amount_minor"))
        }
        for credit in snapshot.deletedSoftCredits {
            try await connection.raw("DELETE FROM gift_soft_credits WHERE gift_id = \(bind: credit.giftId) AND constituent_id = \(bind: credit.constituentId)").run()
        }
        for (table, column) in Self.ownedRows {
            let key = table == "gift_soft_credits" ? "gift_id" : "id"
            let ids = try await connection.raw("SELECT \(ident: key) AS k FROM \(ident: table) WHERE \(ident: column) = \(bind: duplicateId)").all().map { try $0.text("k") }
            snapshot.moved["\(table).\(column)"] = ids
            try await connection.raw("UPDATE \(ident: table) SET \(ident: column) = \(bind: survivorId) WHERE \(ident: column) = \(bind: duplicateId)").run()
        }
        snapshot.identities = try await connection.raw("SELECT kind, value FROM identities WHERE constituent_id = \(bind: duplicateId)").all()
            .map { [try $0.text("kind"), try $0.text("value")] }
        try await connection.raw("UPDATE identities SET constituent_id = \(bind: survivorId) WHERE constituent_id = \(bind: duplicateId)").run()
        snapshot.aliases = try await connection.raw("SELECT source, external_id FROM constituent_aliases WHERE constituent_id = \(bind: duplicateId)").all()
            .map { [try $0.text("source"), try $0.text("external_id")] }
        try await connection.raw("UPDATE constituent_aliases SET constituent_id = \(bind: survivorId) WHERE constituent_id = \(bind: duplicateId)").run()
    }
}
