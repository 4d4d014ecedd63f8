import Foundation
import KindredCore
import SQLKit
import SQLiteNIO

/// Inserts of many plain rows, a few thousand a statement, with the next statement's values made on the other core
/// while the database writes the one before. On SQLite the values are bound straight to a multi-row `VALUES`
/// statement on the connection underneath (SQLKit's encoder casts every value through `Encodable`); on PostgreSQL they
/// travel as one JSON parameter unpacked by `json_populate_recordset`, one round trip for thousands of rows.
enum BulkInsert {
    /// Rows a statement: a statement holds at most ``bindLimit`` values.
    static let rowsPerStatement = 5_000
    /// Values bound to one SQLite statement (sqlite-nio allows 250,000).
    static let bindLimit = 100_000

    /// Inserts `rows` (each in `columns` order) into `table`; `ignoringConflicts` skips rows that break a unique key.
    /// Values are text, integers, finite doubles, booleans or nil.
    static func rows(_ rows: [[any Encodable & Sendable]], into table: String, columns: [String], ignoringConflicts: Bool = false,
                     on connection: any SQLDatabase) async throws {
        try await self.rows(rows, into: table, columns: columns, conflict: ignoringConflicts ? "ON CONFLICT DO NOTHING" : "", on: connection)
    }

    /// Inserts `rows` into `table` with `conflict` (an `ON CONFLICT` clause, or empty) after the rows. A column nil in
    /// every row of a statement is left out of it (every column default in the schema is on a NOT NULL column).
    static func rows(_ rows: [[any Encodable & Sendable]], into table: String, columns: [String], conflict: String,
                     on connection: any SQLDatabase) async throws {
        try await self.rows(count: rows.count, into: table, columns: columns, conflict: conflict, on: connection) { rows[$0] }
    }

    /// Inserts the rows `row(0)` to `row(count - 1)`, made as their statement's values are.
    static func rows(count: Int, into table: String, columns: [String], conflict: String, on connection: any SQLDatabase,
                     row: @escaping @Sendable (Int) -> [any Encodable & Sendable]) async throws {
        let sqlite = (connection as? SQLiteSession)?.connection
        let size = sqlite == nil ? rowsPerStatement : max(1, min(rowsPerStatement, bindLimit / max(columns.count, 1)))
        let starts = Array(stride(from: 0, to: count, by: size))
        func prepare(_ index: Int) -> Task<Statement, any Error>? {
            guard starts.indices.contains(index) else { return nil }
            let rows = (starts[index]..<min(starts[index] + size, count)).lazy.map(row)
            return Task { sqlite == nil ? try Statement(json: rows, keyedBy: columns) : try Statement(binding: rows, columns: columns.count) }
        }
        var upcoming = prepare(0)
        for index in starts.indices {
            guard let statement = try await upcoming?.value else { break }
            upcoming = prepare(index + 1)
            let names = statement.present.map { columns[$0] }.joined(separator: ", ")
            if let sqlite {
                let row = "(" + Array(repeating: "?", count: statement.present.count).joined(separator: ",") + ")"
                let values = Array(repeating: row, count: statement.rowCount).joined(separator: ",")
                _ = try await sqlite.query("INSERT INTO \(table) (\(names)) VALUES \(values) \(conflict)", statement.binds)
            } else {
                try await connection.raw("""
                    INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: names))
                    SELECT \(unsafeRaw: names) FROM json_populate_recordset(NULL::\(unsafeRaw: table), CAST(\(bind: statement.json) AS JSON))
                    \(unsafeRaw: conflict)
                    """).run()
            }
        }
    }

    /// One statement's rows: their values bound one by one (SQLite) or as a JSON array of objects keyed by column
    /// (PostgreSQL fills a record by name), and the columns some row has a value in.
    private struct Statement: Sendable {
        var rowCount = 0
        var present: [Int] = []
        var binds: [SQLiteData] = []
        var json = ""

        /// The rows' values in row order, without the columns nil in every row.
        init(binding rows: some Collection<[any Encodable & Sendable]>, columns: Int) throws {
            var values: [SQLiteData] = [], filled = [Bool](repeating: false, count: columns)
            values.reserveCapacity(rows.count * columns)
            for row in rows {
                for (column, value) in row.enumerated() {
                    let value = try Self.value(value)
                    if case .null = value {} else { filled[column] = true }
                    values.append(value.sqlite)
                }
            }
            rowCount = rows.count
            present = Self.present(filled)
            guard present.count < columns else { binds = values; return }
            binds.reserveCapacity(rowCount * present.count)
            for start in stride(from: 0, to: values.count, by: columns) {
                for column in present { binds.append(values[start + column]) }
            }
        }

        /// The rows as JSON objects; keys of columns nil in every row are left out with their values.
        init(json rows: some Collection<[any Encodable & Sendable]>, keyedBy columns: [String]) throws {
            let keys = columns.map { column -> String in
                var key = ""
                JSONText.writeString(column, into: &key)
                return key + ":"
            }
            var filled = [Bool](repeating: false, count: columns.count)
            json = "["
            for (index, row) in rows.enumerated() {
                json += index == 0 ? "{" : ",{"
                for (column, value) in row.enumerated() {
                    if column > 0 { json += "," }
                    json += keys[column]
                    let value = try Self.value(value)
                    if case .null = value {} else { filled[column] = true }
                    value.write(to: &json)
                }
                json += "}"
            }
            json += "]"
            rowCount = rows.count
            present = Self.present(filled)
        }

        /// The columns with a value in some row; every column when there are none (a row of defaults is still a row).
        private static func present(_ filled: [Bool]) -> [Int] {
            filled.contains(true) ? filled.indices.filter { filled[$0] } : Array(filled.indices)
        }

        /// A value of a row as the database will store it. The usual types are told apart by their metadata: a cast
        /// that fails (a nil tried as text, then as each kind of number) costs the runtime many times a comparison.
        private static func value(_ value: any Encodable & Sendable) throws -> Value {
            switch ObjectIdentifier(type(of: value)) {
            case ObjectIdentifier(String.self): .text(value as! String)
            case ObjectIdentifier(String?.self): (value as! String?).map(Value.text) ?? .null
            case ObjectIdentifier(Int.self): .integer(Int64(value as! Int))
            case ObjectIdentifier(Int?.self): (value as! Int?).map { .integer(Int64($0)) } ?? .null
            case ObjectIdentifier(Int64.self): .integer(value as! Int64)
            case ObjectIdentifier(Int64?.self): (value as! Int64?).map(Value.integer) ?? .null
            default: try cast(value)
            }
        }

        /// Any other value, by casting.
        private static func cast(_ value: any Encodable & Sendable) throws -> Value {
            switch value {
            case let text as String: .text(text)
            case let number as Int: .integer(Int64(number))
            case let number as Int64: .integer(number)
            case let number as Double where number.isFinite: .double(number)
            case let flag as Bool: .flag(flag)
            case let optional as any OptionalValue where optional.isNil: .null
            default: throw StoredValueError(column: "bulk row value \(type(of: value))")
            }
        }
    }

    /// The kinds of value a bulk row holds.
    private enum Value {
        case text(String), integer(Int64), double(Double), flag(Bool), null

        /// The value for SQLite, which stores booleans as integers.
        var sqlite: SQLiteData {
            switch self {
            case .text(let text): .text(text)
            case .integer(let number): .integer(SQLiteInt64(number))
            case .double(let number): .float(number)
            case .flag(let flag): .integer(flag ? 1 : 0)
            case .null: .null
            }
        }

        /// Writes the value as JSON.
        func write(to json: inout String) {
            switch self {
            case .text(let text): JSONText.writeString(text, into: &json)
            case .integer(let number): json += String(number)
            case .double(let number): json += "\(number)"
            case .flag(let flag): json += flag ? "true" : "false"
            case .null: json += "null"
            }
        }
    }
}

/// A value that may be nil, whatever it wraps.
private protocol OptionalValue {
    /// Whether it is nil.
    var isNil: Bool { get }
}

extension Optional: OptionalValue {
    var isNil: Bool { self == nil }
}
