import Foundation
import KindredCore
import SQLKit

extension Schema {
    /// Version 13: the pairs staff review on the duplicates page, found by a scan and kept until the next one (a pair
    /// goes when either record is deleted, as a merge does), and when that scan ran over how many people.
    @Sendable static func version13(_ flavor: SQLFlavor) -> [String] {
        [
            """
            CREATE TABLE duplicate_review (
              first_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE CASCADE,
              second_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE CASCADE,
              score INTEGER NOT NULL, matched TEXT NOT NULL, PRIMARY KEY (first_id, second_id)
            )
            """,
            "CREATE INDEX duplicate_review_order ON duplicate_review (score, first_id, second_id)",
            "CREATE TABLE duplicate_scan (id INTEGER PRIMARY KEY CHECK (id = 1), found_at TEXT NOT NULL, people INTEGER NOT NULL)",
        ]
    }
}

/// One page of the pairs to review, and when they were found.
public struct DuplicateReviewPage: Sendable {
    /// The pairs, best first.
    public let candidates: [DuplicateCandidate]
    /// When the scan that found them ran.
    public let foundAt: Timestamp
    /// Whether a later page exists.
    public let hasMore: Bool
}

extension DuplicateFinder {
    /// Up to this many people, the review list is found again on every look; above it, by the background jobs.
    public static let liveScanLimit = 50_000
    /// The most pairs a scan keeps for review.
    static let reviewSize = 5_000

    /// Scans for likely pairs now and replaces the review list with them; returns when the scan ran.
    @discardableResult
    public func refreshReview() async throws -> Timestamp {
        let found = try await candidates(threshold: nil, limit: Self.reviewSize)
        let now = store.clock()
        try await store.database.write { connection in
            let people = try await connection.raw("SELECT COUNT(*) AS n FROM constituents").first()?.int64("n") ?? 0
            try await connection.raw("DELETE FROM duplicate_review").run()
            try await BulkInsert.rows(found.map { [$0.pair.firstId, $0.pair.secondId, $0.pair.score, $0.pair.matched.map(\.rawValue).joined(separator: ",")] },
                                      into: "duplicate_review", columns: ["first_id", "second_id", "score", "matched"], on: connection)
            try await connection.raw("DELETE FROM duplicate_scan").run()
            try await connection.raw("INSERT INTO duplicate_scan (id, found_at, people) VALUES (1, \(bind: now.description), \(bind: people))").run()
        }
        return now
    }

    /// When the review list was last found and over how many people, if ever.
    public func lastScan() async throws -> (foundAt: Timestamp, people: Int)? {
        try await store.database.read { connection in
            guard let row = try await connection.raw("SELECT found_at, people FROM duplicate_scan WHERE id = 1").first() else { return nil }
            return (try row.timestamp("found_at"), Int(try row.int64("people")))
        }
    }

    /// Page `page` (from 1) of the pairs to review whose two records the actor may see, best first. The list is found
    /// again first when `fresh`, when it never was, or when the last scan saw at most `liveScanLimit` people.
    public func review(visibleTo actor: Actor, page: Int, size: Int = 50, fresh: Bool = false,
                       liveScanLimit: Int = liveScanLimit) async throws -> DuplicateReviewPage {
        let last = try await lastScan()
        var foundAt = last?.foundAt
        if fresh || last.map({ $0.people <= liveScanLimit }) ?? true { foundAt = try await refreshReview() }
        var conditions: [SQLQueryString] = []
        for column in ["r.first_id", "r.second_id"] {
            if let condition = ScopeFilter.condition(actor.scope, column: column) { conditions.append(condition) }
        }
        let visible: SQLQueryString = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let rows = try await store.database.read { connection in
            try await connection.raw("""
                SELECT r.first_id, r.second_id, r.matched, a.display_name AS first_name, b.display_name AS second_name
                FROM duplicate_review r JOIN constituents a ON a.id = r.first_id JOIN constituents b ON b.id = r.second_id
                """ + visible + " ORDER BY r.score DESC, r.first_id, r.second_id LIMIT \(literal: size + 1) OFFSET \(literal: (page - 1) * size)").all()
        }
        let candidates = try rows.prefix(size).map { row in
            let matched = Set(try row.text("matched").split(separator: ",").compactMap { MatchRule(rawValue: String($0)) })
            return DuplicateCandidate(pair: DuplicatePair(try row.text("first_id"), try row.text("second_id"), matched: matched, rules: rules),
                                      firstName: try row.text("first_name"), secondName: try row.text("second_name"))
        }
        return DuplicateReviewPage(candidates: candidates, foundAt: foundAt ?? store.clock(), hasMore: rows.count > size)
    }
}
