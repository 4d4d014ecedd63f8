import Foundation
import KindredCore
import SQLKit

/// A page of a list and the cursor of the next page (nil on the last page).
public struct Page<Item: Sendable & Encodable>: Sendable, Encodable {
    /// The items, in list order.
    public let items: [Item]
    /// Pass as `cursor` to get the next page; absent on the last page.
    public let nextCursor: String?
}

/// A field of a record that names another record, checked before every write.
struct Reference: Sendable {
    /// The input field, named in the error.
    let field: String
    /// The table the id must exist in.
    let table: String
    /// The id given.
    let id: String?
}

/// Create, read, update, delete and list for one kind of record, with validation of references,
/// visibility by scope, audit entries and per-kind hooks, every write in one transaction.
public struct Repository<Fields: Sendable & Hashable & Codable>: Sendable {
    let mapping: TableMapping<Fields>
    let database: Database
    let clock: @Sendable () -> Timestamp
    /// The records a write's fields refer to.
    let references: @Sendable (Fields) -> [Reference]
    /// Completes validated fields from stored settings before they are written (e.g. the follow-up rule in force).
    let prepare: @Sendable (Fields, any SQLDatabase) async throws -> Fields
    /// Runs after the row is written (child rows, rollups); gets the old fields on update.
    let afterWrite: @Sendable (Record<Fields>, Fields?, any SQLDatabase) async throws -> Void
    /// Runs after a row is deleted, with its fields.
    let afterDelete: @Sendable (Record<Fields>, any SQLDatabase) async throws -> Void
    /// Completes a record read from its row (child rows).
    let complete: @Sendable ([Record<Fields>], any SQLDatabase) async throws -> [Record<Fields>]

    /// Creates a record from validated fields. A duplicate (source, externalId) is a conflict.
    public func create(_ fields: Fields, by actor: Actor) async throws -> Record<Fields> {
        try await createMany([fields], by: actor)[0]
    }

    /// Creates several records in one transaction: all are stored, or none.
    public func createMany(_ items: [Fields], by actor: Actor) async throws -> [Record<Fields>] {
        let now = clock()
        return try await database.write { connection in
            var created: [Record<Fields>] = []
            for item in items {
                let fields = try await prepare(item, connection)
                let record = Record(id: RecordIdentifier.make(at: now), createdAt: now, updatedAt: now, fields: fields)
                try await check(fields, replacing: nil, actor: actor, on: connection)
                try await mapping.insert(record, on: connection)
                try await afterWrite(record, nil, connection)
                try await AuditLog.record(.create, entity: mapping.entity, id: record.id, by: actor, at: now, on: connection)
                created.append(record)
            }
            return created
        }
    }

    /// The record with this id, if the actor may see it; reads of client records are audited.
    public func get(_ id: String, by actor: Actor) async throws -> Record<Fields> {
        let record = try await database.read { connection in
            guard let record = try await fetchComplete(id, on: connection),
                  try await isVisible(record.fields, to: actor, on: connection) else {
                throw StoreError.notFound(entity: mapping.entity, id: id)
            }
            return record
        }
        try await auditReads(of: [record], by: actor)
        return record
    }

    /// Replaces a record's fields.
    public func update(_ id: String, with given: Fields, by actor: Actor) async throws -> Record<Fields> {
        let now = clock()
        return try await database.write { connection in
            let fields = try await prepare(given, connection)
            guard let existing = try await fetchComplete(id, on: connection),
                  try await isVisible(existing.fields, to: actor, on: connection) else {
                throw StoreError.notFound(entity: mapping.entity, id: id)
            }
            try await check(fields, replacing: existing, actor: actor, on: connection)
            let record = Record(id: id, createdAt: existing.createdAt, updatedAt: max(now, existing.updatedAt), fields: fields)
            try await mapping.update(record, on: connection)
            try await afterWrite(record, existing.fields, connection)
            try await AuditLog.record(.update, entity: mapping.entity, id: id, by: actor, at: now, on: connection)
            return record
        }
    }

    /// Deletes a record; a record still referenced elsewhere is a conflict.
    public func delete(_ id: String, by actor: Actor) async throws {
        let now = clock()
        try await database.write { connection in
            guard let existing = try await fetchComplete(id, on: connection),
                  try await isVisible(existing.fields, to: actor, on: connection) else {
                throw StoreError.notFound(entity: mapping.entity, id: id)
            }
            do {
                try await connection.raw("DELETE FROM \(ident: mapping.table) WHERE id = \(bind: id)").run()
            } catch {
                if case .invalidReference = StoreErrors.classify(error) {
                    throw StoreError.conflict("this \(mapping.entity) is still referenced by other records")
                }
                throw error
            }
            try await afterDelete(existing, connection)
            try await AuditLog.record(.delete, entity: mapping.entity, id: id, by: actor, at: now, on: connection)
        }
    }

    /// Lists records in creation order (`newestFirst` reverses it) or in `order` (ties by id), filtered by column
    /// equality and `extra`, one page after `cursor`.
    public func list(filters: [(column: String, value: String)] = [], extra: SQLQueryString? = nil,
                     cursor: String?, limit: Int, newestFirst: Bool = false, order: ListOrder? = nil, by actor: Actor) async throws -> Page<Record<Fields>> {
        var conditions: [SQLQueryString] = filters.map { "\(ident: $0.column) = \(bind: $0.value)" }
        if let extra { conditions.append(extra) }
        if let cursor, let order {
            conditions.append(try order.after(cursor, idColumn: order.tie ?? "\(mapping.table).id"))
        } else if let cursor {
            conditions.append(newestFirst ? "id < \(bind: cursor)" : "id > \(bind: cursor)")
        }
        for column in mapping.ownerColumns {
            if let condition = ScopeFilter.condition(actor.scope, column: "\(mapping.table).\(column)") { conditions.append(condition) }
        }
        let whereClause: SQLQueryString = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let table = mapping.table
        let query: SQLQueryString = order.map { order in
            "SELECT \(ident: table).*, \(unsafeRaw: order.key) AS list_sort_key FROM \(ident: table) " + (order.join ?? "") + whereClause
                + " ORDER BY \(unsafeRaw: order.orderBy(idColumn: order.tie ?? "\(table).id")) LIMIT \(literal: limit + 1)"
        } ?? "SELECT * FROM \(ident: table)" + whereClause + " ORDER BY id\(unsafeRaw: newestFirst ? " DESC" : "") LIMIT \(literal: limit + 1)"
        let (records, lastKey) = try await database.read { connection in
            let rows = try await connection.raw(query).all()
            let key = try order.flatMap { order in rows.count > limit ? try order.cursorValue(rows[limit - 1]) : nil }
            return (try await complete(try rows.map(mapping.record(from:)), connection), key)
        }
        let items = Array(records.prefix(limit))
        try await auditReads(of: items, by: actor)
        guard records.count > limit, let last = items.last else { return Page(items: items, nextCursor: nil) }
        guard let lastKey else { return Page(items: items, nextCursor: last.id) }
        return Page(items: items, nextCursor: SortCursor.encode(value: lastKey, id: last.id))
    }

    /// The record with its child rows, or nil.
    private func fetchComplete(_ id: String, on connection: any SQLDatabase) async throws -> Record<Fields>? {
        guard let row = try await mapping.fetch(id: id, on: connection) else { return nil }
        return try await complete([row], connection).first
    }

    private func isVisible(_ fields: Fields, to actor: Actor, on connection: any SQLDatabase) async throws -> Bool {
        switch mapping.ownership {
        case .shared:
            return true
        case .constituent(let roles):
            return AccessPolicy.contains(actor.scope, roles: roles(fields))
        case .constituents(let owners):
            for owner in owners(fields) where !(try await ScopeFilter.isVisible(owner.id, actor.scope, on: connection)) {
                return false
            }
            return true
        }
    }

    private func check(_ fields: Fields, replacing existing: Record<Fields>?, actor: Actor, on connection: any SQLDatabase) async throws {
        switch mapping.ownership {
        case .shared:
            break
        case .constituent(let roles):
            if !AccessPolicy.contains(actor.scope, roles: roles(fields)) {
                throw StoreError.forbidden("your role may not keep a constituent with these roles")
            }
        case .constituents(let owners):
            for owner in owners(fields) where !(try await ScopeFilter.isVisible(owner.id, actor.scope, on: connection)) {
                throw StoreError.invalidReference(field: owner.field, message: "refers to a constituent that does not exist or that you may not see")
            }
        }
        for reference in references(fields) {
            guard let id = reference.id else { continue }
            if try await connection.raw("SELECT id FROM \(ident: reference.table) WHERE id = \(bind: id)").first() == nil {
                throw StoreError.invalidReference(field: reference.field, message: "refers to a record that does not exist")
            }
        }
        if let (source, externalId) = mapping.externalReference(fields),
           let other = try await mapping.fetch(source: source, externalId: externalId, on: connection), other.id != existing?.id {
            throw StoreError.conflict("a \(mapping.entity) with source \"\(source)\" and this externalId already exists: \(other.id)")
        }
    }

    /// The constituent ids a record belongs to (itself, for a constituent).
    private func ownerIds(of record: Record<Fields>) -> Set<String> {
        switch mapping.ownership {
        case .shared: []
        case .constituent: [record.id]
        case .constituents(let owners): Set(owners(record.fields).map(\.id))
        }
    }

    private func auditReads(of records: [Record<Fields>], by actor: Actor) async throws {
        let sensitive: Set<String>
        if case .constituent(let roles) = mapping.ownership {
            sensitive = Set(records.filter { !ConstituentRole.sensitive.isDisjoint(with: roles($0.fields)) }.map(\.id))
        } else {
            sensitive = try await database.read { connection in
                try await ScopeFilter.sensitiveIds(among: Set(records.flatMap(ownerIds(of:))), on: connection)
            }
        }
        guard !sensitive.isEmpty else { return }
        let now = clock()
        try await database.write { connection in
            for record in records where !ownerIds(of: record).isDisjoint(with: sensitive) {
                try await AuditLog.record(.read, entity: mapping.entity, id: record.id, by: actor, at: now, on: connection)
            }
        }
    }
}

/// The cursor of a list sorted by a column: the last item's value and id, as URL-safe base64 of a JSON pair.
/// How a list is ordered: by a key (a column of the table, or of a table joined for the purpose), ascending or
/// descending, ties broken by id in the same direction, so that a cursor (the last key and id) resumes exactly.
public struct ListOrder: Sendable {
    /// The key's SQL, never user text: `search_name`, `sort_rollup.last_gift_at`.
    let key: String
    /// The join that brings the key in, when it is not the table's.
    let join: SQLQueryString?
    /// Largest or latest first.
    let descending: Bool
    /// Whether the key is a number (compared as one when resuming).
    let numeric: Bool
    /// The column equal to the record's id that breaks ties (the joined table's, so its index serves the order);
    /// the table's id when nil.
    var tie: String?

    /// By one of the table's text columns.
    public static func column(_ name: String, descending: Bool = false) -> ListOrder {
        ListOrder(key: name, join: nil, descending: descending, numeric: false)
    }

    /// ` DESC` or nothing.
    var direction: String { descending ? " DESC" : "" }

    /// The condition selecting what comes after `cursor` in this order: a row-value comparison of (key, tie), which
    /// SQLite and PostgreSQL answer with a range scan of an index on the two columns (an `OR` of the two cases would not).
    func after(_ cursor: String, idColumn: String) throws -> SQLQueryString {
        let (value, id) = try SortCursor.decode(cursor)
        let comparison = descending ? "<" : ">"
        guard key != idColumn else { return "\(unsafeRaw: key) \(unsafeRaw: comparison) \(bind: id)" }
        guard numeric else { return "(\(unsafeRaw: key), \(unsafeRaw: idColumn)) \(unsafeRaw: comparison) (\(bind: value), \(bind: id))" }
        guard let number = Int64(value) else { throw ValidationFailure([FieldIssue(field: "cursor", message: "is not a cursor this list returned")]) }
        return "(\(unsafeRaw: key), \(unsafeRaw: idColumn)) \(unsafeRaw: comparison) (\(bind: number), \(bind: id))"
    }

    /// The ORDER BY terms: the key, then the tie when it is another column.
    func orderBy(idColumn: String) -> String {
        key == idColumn ? key + direction : "\(key)\(direction), \(idColumn)\(direction)"
    }

    /// The key of a row, as a cursor holds it.
    func cursorValue(_ row: any SQLRow) throws -> String {
        numeric ? String(try row.decode(column: "list_sort_key", as: Int64.self)) : try row.decode(column: "list_sort_key", as: String.self)
    }
}

enum SortCursor {
    /// The cursor after an item.
    static func encode(value: String, id: String) -> String {
        Data((try? JSONEncoder().encode([value, id])) ?? Data()).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The value and id a cursor holds; a cursor this list did not give is a validation error.
    static func decode(_ cursor: String) throws -> (value: String, id: String) {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard cursor.count <= 2000, let data = Data(base64Encoded: base64), let pair = try? JSONDecoder().decode([String].self, from: data),
              pair.count == 2, RecordIdentifier.isValid(pair[1]) else {
            throw ValidationFailure([FieldIssue(field: "cursor", message: "is not a cursor this list returned")])
        }
        return (pair[0], pair[1])
    }
}
