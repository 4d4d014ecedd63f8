import Foundation
import KindredCore
import SQLKit

extension Merger {
    /// Undoes a merge exactly: the duplicate comes back with its id, fields and contact details, every row that
    /// moved goes back, the relationships and soft credits that had to go return, and both rollups are recomputed.
    public func undo(mergeId: String, by actor: Actor) async throws -> MergeRecord {
        let now = store.clock()
        return try await store.database.write { connection in
            guard let row = try await connection.raw("SELECT * FROM merges WHERE id = \(bind: mergeId)").first() else {
                throw StoreError.notFound(entity: "merge", id: mergeId)
            }
            guard try row.optionalText("undone_at") == nil else { throw StoreError.conflict("this merge has already been undone") }
            let snapshot = try JSONDecoder().decode(MergeSnapshot.self, from: Data(try row.text("snapshot").utf8))
            let survivorId = snapshot.survivor.id, duplicateId = snapshot.duplicate.id
            guard AccessPolicy.contains(actor.scope, roles: snapshot.duplicate.fields.roles),
                  let current = try await ConstituentRecords.mapping.fetch(id: survivorId, on: connection),
                  let survivor = try await ConstituentRecords.loadChildren([current], connection).first else {
                throw StoreError.conflict("the surviving record no longer exists, so the merge cannot be undone")
            }
            try await connection.raw("DELETE FROM constituent_aliases WHERE merge_id = \(bind: mergeId)").run()
            var duplicate = snapshot.duplicate.fields
            if let household = snapshot.duplicateHousehold,
               try await connection.raw("SELECT id FROM households WHERE id = \(bind: household)").first() == nil {
                duplicate.householdId = nil
            }
            let restored = Record(id: duplicateId, createdAt: snapshot.duplicate.createdAt, updatedAt: now, fields: duplicate)
            try await ConstituentRecords.mapping.insert(restored, on: connection)
            try await ConstituentRecords.writeChildren(restored, nil, connection)
            let before = Record(id: survivorId, createdAt: survivor.createdAt, updatedAt: max(now, survivor.updatedAt), fields: snapshot.survivor.fields)
            try await ConstituentRecords.mapping.update(before, on: connection)
            try await ConstituentRecords.writeChildren(before, survivor.fields, connection)
            for (table, column) in Self.ownedRows {
                let ids = snapshot.moved["\(table).\(column)"] ?? []
                let key = table == "gift_soft_credits" ? "gift_id" : "id"
                for chunk in ids.chunks(of: 1000) {
                    try await connection.raw("UPDATE \(ident: table) SET \(ident: column) = \(bind: duplicateId) WHERE \(ident: column) = \(bind: survivorId) AND \(ident: key) IN (\(binds: Array(chunk)))").run()
                }
            }
            for identity in snapshot.identities where identity.count == 2 {
                try await connection.raw("UPDATE identities SET constituent_id = \(bind: duplicateId) WHERE kind = \(bind: identity[0]) AND value = \(bind: identity[1])").run()
            }
            for alias in snapshot.aliases where alias.count == 2 {
                try await connection.raw("UPDATE constituent_aliases SET constituent_id = \(bind: duplicateId) WHERE source = \(bind: alias[0]) AND external_id = \(bind: alias[1])").run()
            }
            for relationship in snapshot.deletedRelationships { try await OtherRecords.relationship.insert(relationship, on: connection) }
            try await BulkInsert.rows(snapshot.deletedSoftCredits.map { [$0.giftId, $0.constituentId, $0.amountMinor] }, into: "gift_soft_credits",
                                      columns: ["gift_id", "constituent_id", "amount_minor"], on: connection)
            try await Rollups.recompute(constituentIds: [survivorId, duplicateId], timeZone: try await OrganisationSettingsStore.timeZone(on: connection), on: connection)
            try await EngagementLedger.recompute(constituentIds: [survivorId, duplicateId], on: connection)
            try await connection.raw("UPDATE merges SET undone_at = \(bind: now.description) WHERE id = \(bind: mergeId)").run()
            try await AuditLog.record(.update, entity: "constituent", id: survivorId, by: actor, at: now, on: connection)
            try await AuditLog.record(.create, entity: "constituent", id: duplicateId, by: actor, at: now, on: connection)
            try await AuditLog.record(.update, entity: "merge", id: mergeId, by: actor, at: now, on: connection)
            return try Self.mergeRecord(from: row, undoneAt: now)
        }
    }

    /// A merge by id, nil when there is none.
    public func record(_ mergeId: String) async throws -> MergeRecord? {
        try await store.database.read { connection in
            try await connection.raw("SELECT * FROM merges WHERE id = \(bind: mergeId)").first().map { try Self.mergeRecord(from: $0, undoneAt: nil) }
        }
    }

    /// A merge from its row.
    static func mergeRecord(from row: any SQLRow, undoneAt: Timestamp?) throws -> MergeRecord {
        MergeRecord(id: try row.text("id"), survivorId: try row.text("survivor_id"), duplicateId: try row.text("duplicate_id"),
                    taken: try JSONDecoder().decode([MergeField].self, from: Data(try row.text("taken").utf8)),
                    mergedAt: try row.timestamp("merged_at"),
                    undoneAt: try undoneAt ?? row.optionalText("undone_at").flatMap(Timestamp.init(iso8601:)))
    }
}
