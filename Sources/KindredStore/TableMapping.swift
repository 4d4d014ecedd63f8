import KindredCore
import SQLKit

/// A column name and the value bound for it.
typealias ColumnValue = (name: String, value: any Encodable & Sendable)

/// How one kind of record maps to its table: the columns written and how a row reads back.
struct TableMapping<Fields: Sendable & Hashable & Codable>: Sendable {
    /// The table.
    let table: String
    /// The entity's name in errors and the audit log (singular, e.g. `gift`).
    let entity: String
    /// Whose record it is, which decides who may see it.
    let ownership: Ownership<Fields>
    /// The columns holding owning constituents, used to filter lists by scope.
    let ownerColumns: [String]
    /// The record's (source, externalId), when it has one.
    let externalReference: @Sendable (Fields) -> (String, String)?
    /// The columns to write for the fields (without id and timestamps).
    let columns: @Sendable (Fields) -> [ColumnValue]
    /// Reads the fields back from a row.
    let decode: @Sendable (any SQLRow) throws -> Fields

    /// Inserts a new record.
    func insert(_ record: Record<Fields>, on connection: any SQLDatabase) async throws {
        let all: [ColumnValue] = [("id", record.id), ("created_at", record.createdAt.description),
                                  ("updated_at", record.updatedAt.description)] + columns(record.fields)
        try await connection.insert(into: table).columns(all.map(\.name)).values(all.map { SQLBind($0.value) }).run()
    }

    /// Replaces a record's columns.
    func update(_ record: Record<Fields>, on connection: any SQLDatabase) async throws {
        var query = connection.update(table).set("updated_at", to: record.updatedAt.description)
        for column in columns(record.fields) {
            query = query.set(SQLIdentifier(column.name), to: SQLBind(column.value))
        }
        try await query.where("id", .equal, record.id).run()
    }

    /// Reads a whole record from a row.
    func record(from row: any SQLRow) throws -> Record<Fields> {
        Record(id: try row.text("id"), createdAt: try row.timestamp("created_at"),
               updatedAt: try row.timestamp("updated_at"), fields: try decode(row))
    }

    /// The record with this id, or nil.
    func fetch(id: String, on connection: any SQLDatabase) async throws -> Record<Fields>? {
        try await connection.raw("SELECT * FROM \(ident: table) WHERE id = \(bind: id)").first().map(record(from:))
    }

    /// The record for a source's external id, or nil.
    func fetch(source: String, externalId: String, on connection: any SQLDatabase) async throws -> Record<Fields>? {
        try await connection.raw("SELECT * FROM \(ident: table) WHERE source = \(bind: source) AND external_id = \(bind: externalId)")
            .first().map(record(from:))
    }
}

/// Whose record it is: nobody's (a household, a campaign), one or more constituents' (a gift, a relationship),
/// or the record is a constituent itself.
enum Ownership<Fields>: Sendable {
    /// Visible to everyone allowed to read the resource.
    case shared
    /// Belongs to these constituents (with the field naming each).
    case constituents(@Sendable (Fields) -> [(field: String, id: String)])
    /// Is a constituent with these roles.
    case constituent(@Sendable (Fields) -> [ConstituentRole])
}
