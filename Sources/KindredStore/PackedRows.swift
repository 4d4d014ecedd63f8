import KindredCore
import SQLKit

/// Many rows of integers read packed: one text per column. Decoding tens of thousands of rows one by one through
/// the driver costs more than the query that groups them (the histories the models are fitted to), so the database
/// joins each column's values with commas (every aggregate sees the rows in the same order) and they are parsed here
/// in one pass.
enum PackedIntegerRows {
    /// The integer columns `columns` of every row `query` returns, in no particular order: one array per column, each
    /// as long as the others.
    static func read(_ columns: [String], of query: SQLQueryString, flavor: SQLFlavor, on connection: any SQLDatabase) async throws -> [[Int64]] {
        let aggregates = columns.enumerated().map { index, column in
            (flavor == .sqlite ? "group_concat(\(column), ',')" : "string_agg(CAST(\(column) AS TEXT), ',')") + " AS c\(index)"
        }
        let packed: SQLQueryString = "SELECT \(unsafeRaw: aggregates.joined(separator: ", ")) FROM (" + query + ") packed_rows"
        guard let row = try await connection.raw(packed).first() else { return columns.map { _ in [] } }
        let values = try columns.indices.map { try parse(try row.optionalText("c\($0)") ?? "") }
        guard let rows = values.first?.count, values.allSatisfy({ $0.count == rows }) else { throw StoredValueError(column: "packed") }
        return values
    }

    /// Rows made from the columns' values at each index, adjacent equal rows merged with their counts added (each row
    /// counts `counts[i]`, or once without counts): a query that returns its rows in key order arrives grouped.
    static func runs<Row: Equatable>(count rows: Int, counts: [Int64]? = nil, _ make: (Int) -> Row) -> [(row: Row, count: Double)] {
        var runs: [(row: Row, count: Double)] = []
        for index in 0..<rows {
            let row = make(index), weight = Double(counts?[index] ?? 1)
            if let last = runs.last, last.row == row { runs[runs.count - 1].count += weight } else { runs.append((row, weight)) }
        }
        return runs
    }

    /// The integers of `1,-2,3` (none of an empty text).
    static func parse(_ text: String) throws -> [Int64] {
        var values: [Int64] = [], value: Int64 = 0, negative = false, digits = 0
        guard !text.isEmpty else { return [] }
        func finish() throws {
            guard digits > 0 else { throw StoredValueError(column: "packed") }
            values.append(negative ? -value : value)
            (value, negative, digits) = (0, false, 0)
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
                digits += 1
            case UInt8(ascii: "-") where digits == 0 && !negative: negative = true
            case UInt8(ascii: ","): try finish()
            default: throw StoredValueError(column: "packed")
            }
        }
        try finish()
        return values
    }
}

/// Rows packed per group: one row per key, its records joined into one text by the database (records separated by
/// the ASCII record separator, fields by a space). Reading a million rows one by one through the driver costs several
/// times what the database takes to group them; a group's text is split here in one pass.
enum PackedGroups {
    /// The SQL aggregate that packs `fields` (SQL expressions; only the last may contain spaces) of each group's rows.
    static func aggregate(_ fields: [String], flavor: SQLFlavor) -> String {
        switch flavor {
        case .sqlite: "group_concat(\(fields.joined(separator: " || ' ' || ")), char(30))"
        case .postgres: "string_agg(\(fields.map { "CAST(\($0) AS TEXT)" }.joined(separator: " || ' ' || ")), chr(30))"
        }
    }

    /// Runs `query`, which returns the columns `key` and `packed` (made with `aggregate`), and hands each key's
    /// records to `body` as one flat list of fields, `fields` per record (the last keeping its spaces).
    static func read(_ query: SQLQueryString, fields: Int, on connection: any SQLDatabase,
                     _ body: (_ key: String, _ values: [Substring]) throws -> Void) async throws {
        for row in try await connection.raw(query).all() {
            try body(try row.text("key"), try split(try row.text("packed"), fields: fields))
        }
    }

    /// The fields of every record of a packed text, in order.
    static func split(_ packed: String, fields: Int) throws -> [Substring] {
        let recordSeparator: UInt8 = 30, fieldSeparator = UInt8(ascii: " ")
        let bytes = packed.utf8
        var values: [Substring] = [], start = bytes.startIndex, index = start, field = 0
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == recordSeparator || (byte == fieldSeparator && field < fields - 1) {
                if byte == recordSeparator {
                    guard field == fields - 1 else { throw StoredValueError(column: "packed") }
                    field = 0
                } else {
                    field += 1
                }
                values.append(Substring(bytes[start..<index]))
                start = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        guard field == fields - 1 else { throw StoredValueError(column: "packed") }
        values.append(Substring(bytes[start..<index]))
        return values
    }
}
