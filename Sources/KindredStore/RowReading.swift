import Foundation
import KindredCore
import SQLKit

/// Typed column reads that name the column when the stored value is unusable.
extension SQLRow {
    /// A non-null text column.
    func text(_ column: String) throws -> String { try decode(column: column, as: String.self) }

    /// A nullable text column.
    func optionalText(_ column: String) throws -> String? { try decode(column: column, as: String?.self) }

    /// A non-null integer column.
    func int64(_ column: String) throws -> Int64 { try decode(column: column, as: Int64.self) }

    /// A nullable integer column.
    func optionalInt64(_ column: String) throws -> Int64? { try decode(column: column, as: Int64?.self) }

    /// A boolean column.
    func bool(_ column: String) throws -> Bool { try decode(column: column, as: Bool.self) }

    /// A timestamp stored as ISO 8601 text.
    func timestamp(_ column: String) throws -> Timestamp {
        guard let value = Timestamp(iso8601: try text(column)) else { throw StoredValueError(column: column) }
        return value
    }

    /// A nullable timestamp stored as ISO 8601 text.
    func optionalTimestamp(_ column: String) throws -> Timestamp? {
        guard let text = try optionalText(column) else { return nil }
        guard let value = Timestamp(iso8601: text) else { throw StoredValueError(column: column) }
        return value
    }

    /// A date stored as `YYYY-MM-DD`.
    func date(_ column: String) throws -> CalendarDate {
        guard let value = try optionalDate(column) else { throw StoredValueError(column: column) }
        return value
    }

    /// A nullable date stored as `YYYY-MM-DD`.
    func optionalDate(_ column: String) throws -> CalendarDate? {
        guard let text = try optionalText(column) else { return nil }
        guard let value = CalendarDate(iso8601: text) else { throw StoredValueError(column: column) }
        return value
    }

    /// A vocabulary value.
    func vocabulary<V: Vocabulary>(_ column: String, as type: V.Type = V.self) throws -> V {
        guard let value = V(rawValue: try text(column)) else { throw StoredValueError(column: column) }
        return value
    }

    /// A nullable vocabulary value.
    func optionalVocabulary<V: Vocabulary>(_ column: String, as type: V.Type = V.self) throws -> V? {
        guard let raw = try optionalText(column) else { return nil }
        guard let value = V(rawValue: raw) else { throw StoredValueError(column: column) }
        return value
    }

    /// A currency code column.
    func currency(_ column: String) throws -> Currency {
        guard let value = Currency(code: try text(column)) else { throw StoredValueError(column: column) }
        return value
    }

    /// A JSON object stored as text (read with the event API's fast reader).
    func jsonObject(_ column: String) throws -> [String: JSONValue] {
        guard let object = (try? JSONText.parse(try text(column).utf8))?.objectValue else { throw StoredValueError(column: column) }
        return object
    }
}

/// A stored value that the current code cannot read (a sign of a bad migration or manual edit).
struct StoredValueError: Error, CustomStringConvertible {
    let column: String
    var description: String { "the stored value of \(column) cannot be read" }
}

/// Encodes a value as compact JSON text with sorted keys, for storage.
func jsonText(_ object: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: (try? encoder.encode(object)) ?? Data("{}".utf8), as: UTF8.self)
}
