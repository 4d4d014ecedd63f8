import Foundation
import KindredCore
@testable import KindredStore
import KindredTestSupport
import Testing

/// Bulk rows are bound to multi-row statements (SQLite) or travel as one JSON parameter (PostgreSQL): every kind of value,
/// hostile text included, must arrive exactly as sent, in however many statements.
@Suite struct BulkInsertTests {
    static let hostile = [
        "O'Brien \"the elder\"", "back\\slash", "line\nbreak\ttab\u{1}control", "<script>alert(1)</script>",
        "'); DROP TABLE constituents; --", "=HYPERLINK(\"http://x\")", "Zoë 👩‍👩‍👧 日本", "",
    ]

    @Test(arguments: TestEngine.available)
    func everyValueArrivesAsSent(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let rows: [[any Encodable & Sendable]] = Self.hostile.enumerated().map { index, text in
                ["m\(index)", "EUR", "source", text, Int64(index) * 1_000_000_000_007, Int64(index)]
            }
            try await store.database.write { connection in
                try await BulkInsert.rows(rows, into: "organisation_giving", columns: ["month", "currency", "facet", "value", "total_minor", "gift_count"],
                                          on: connection)
            }
            let stored = try await store.database.read { connection in
                try await connection.raw("SELECT month, value, total_minor FROM organisation_giving ORDER BY month").all()
                    .map { (try $0.text("month"), try $0.text("value"), try $0.int64("total_minor")) }
            }
            #expect(stored.count == Self.hostile.count)
            for (month, value, total) in stored {
                let index = Int(month.dropFirst())!
                #expect(value == Self.hostile[index])
                #expect(total == Int64(index) * 1_000_000_000_007)
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func doublesNilsAndConflictsAreKept(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let person = try await store.constituents.create(try sampleConstituent("Bulk Row").validated(), by: .system).id
            let sums: [Double] = [0.1, 1e-300, 123_456_789.123_456_78, -5.5, 0, 2.0 / 3.0, 1e21, 7]
            let row: [any Encodable & Sendable] = [person] + sums + [nil as String?]
            let columns = ["constituent_id", "giving", "content", "social", "advocacy", "voice", "participation", "total", "non_giving", "last_active_at"]
            try await store.database.write { connection in
                try await BulkInsert.rows([row], into: "constituent_engagement", columns: columns, on: connection)
                try await BulkInsert.rows([row], into: "constituent_engagement", columns: columns, ignoringConflicts: true, on: connection)
            }
            let stored = try await store.database.read { connection in
                try await connection.raw("SELECT * FROM constituent_engagement").all()
            }
            #expect(stored.count == 1)
            #expect(try columns.dropFirst().dropLast().map { try stored[0].decode(column: $0, as: Double.self) } == sums)
            #expect(try stored[0].optionalText("last_active_at") == nil)
            await #expect(throws: (any Error).self) {
                try await store.database.write { connection in
                    try await BulkInsert.rows([[person, Float(1)]], into: "constituent_engagement", columns: ["constituent_id", "giving"], on: connection)
                }
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func aColumnNilInSomeRowsKeepsEveryRowsValuesInPlace(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            var people: [String] = []
            for name in ["Nil First", "Value Second"] {
                people.append(try await store.constituents.create(try sampleConstituent(name).validated(), by: .system).id)
            }
            let columns = ["constituent_id", "last_active_at", "giving", "total"]
            let rows: [[any Encodable & Sendable]] = [[people[0], nil as String?, 1.5, 2.5], [people[1], "2026-01-02T03:04:05.000Z", 3.5, 4.5]]
            try await store.database.write { connection in
                try await BulkInsert.rows(rows, into: "constituent_engagement", columns: columns, on: connection)
            }
            let stored = try await store.database.read { connection in
                try await connection.raw("SELECT constituent_id, last_active_at, giving, total FROM constituent_engagement").all()
                    .map { (try $0.text("constituent_id"), try $0.optionalText("last_active_at"), try $0.decode(column: "giving", as: Double.self),
                            try $0.decode(column: "total", as: Double.self)) }
            }
            let byPerson = Dictionary(uniqueKeysWithValues: stored.map { ($0.0, $0) })
            #expect(byPerson[people[0]]?.1 == nil && byPerson[people[0]]?.2 == 1.5 && byPerson[people[0]]?.3 == 2.5)
            #expect(byPerson[people[1]]?.1 == "2026-01-02T03:04:05.000Z" && byPerson[people[1]]?.2 == 3.5 && byPerson[people[1]]?.3 == 4.5)
        }
    }

    @Test(arguments: TestEngine.available)
    func manyRowsAreSplitOverStatementsWithoutLosingOne(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let count = BulkInsert.rowsPerStatement * 2 + 1
            // The value differs in every row, so the key (month, currency, facet, value) does too.
            try await store.database.write { connection in
                try await BulkInsert.rows(count: count, into: "organisation_giving", columns: ["month", "currency", "facet", "value", "total_minor", "gift_count"],
                                          conflict: "", on: connection) { index in
                    ["2026-\(index % 12 + 1)", "EUR", "source", index % 3 == 0 ? "=1+\(index)" : "'\(index); --", Int64(index), index]
                }
            }
            let stored = try await store.database.read { connection in
                try await connection.raw("SELECT COUNT(*) AS n, CAST(SUM(total_minor) AS BIGINT) AS total, MAX(gift_count) AS top FROM organisation_giving").first()
            }
            #expect(try stored?.int64("n") == Int64(count))
            #expect(try stored?.int64("total") == Int64(count * (count - 1) / 2))
            #expect(try stored?.int64("top") == Int64(count - 1))
            let sample = try await store.database.read { connection in
                try await connection.raw("SELECT value FROM organisation_giving WHERE total_minor = 7500").first()?.text("value")
            }
            #expect(sample == "=1+7500")
        }
    }
}
