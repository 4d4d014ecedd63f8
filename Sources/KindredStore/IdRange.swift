import SQLKit

/// A run of consecutive constituent ids, `after` (exclusive) to `through` (inclusive).
struct IdRange: Sendable {
    let after: String
    let through: String
    let count: Int

    /// The next `size` constituent ids after `after`; nil past the last.
    static func next(after: String, size: Int, on connection: any SQLDatabase) async throws -> IdRange? {
        let row = try await connection.raw("""
            SELECT MAX(id) AS through, COUNT(*) AS n FROM (SELECT id FROM constituents WHERE id > \(bind: after) ORDER BY id LIMIT \(unsafeRaw: String(size))) ids
            """).first()
        guard let row, let through = try row.optionalText("through") else { return nil }
        return IdRange(after: after, through: through, count: Int(try row.int64("n")))
    }

    /// `column` within the range, with both ends bound.
    func condition(_ column: String) -> SQLQueryString {
        "\(unsafeRaw: column) > \(bind: after) AND \(unsafeRaw: column) <= \(bind: through)"
    }
}
