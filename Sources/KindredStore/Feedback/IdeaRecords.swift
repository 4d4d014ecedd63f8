import Foundation
import KindredCore
import SQLKit

extension Schema {
    /// Version 24: the ideas board — ideas with their status, campaign and vote count, and one row per vote (the voter
    /// is a browser's random id, the address only as a hash).
    @Sendable static func version24(_ flavor: SQLFlavor) -> [String] {
        [
            """
            CREATE TABLE ideas (
              id TEXT PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL \(oneOf("status", IdeaStatus.self)),
              campaign_id TEXT REFERENCES campaigns (id) ON DELETE SET NULL, votes INTEGER NOT NULL DEFAULT 0, \(timestamps)
            )
            """,
            "CREATE INDEX ideas_board ON ideas (status, votes)",
            """
            CREATE TABLE idea_votes (
              idea_id TEXT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE, voter TEXT NOT NULL, address_hash TEXT NOT NULL,
              created_at TEXT NOT NULL, PRIMARY KEY (idea_id, voter)
            )
            """,
            "CREATE INDEX idea_votes_address ON idea_votes (idea_id, address_hash)",
        ]
    }
}

/// How ideas are stored (the vote count is kept by voting, never written from fields).
enum IdeaRecords {
    static let mapping = TableMapping<IdeaFields>(
        table: "ideas", entity: "idea", ownership: .shared, ownerColumns: [], externalReference: { _ in nil },
        columns: { fields in [("title", fields.title), ("body", fields.body), ("status", fields.status.rawValue), ("campaign_id", fields.campaignId)] },
        decode: { row in
            IdeaFields(title: try row.text("title"), body: try row.text("body"), status: try row.vocabulary("status"),
                       campaignId: try row.optionalText("campaign_id"), votes: Int(try row.int64("votes")))
        })

    /// The most votes for one idea from one address (a household or office shares one).
    static let votesPerAddress = 3
}

extension KindredStore {
    /// The ideas board's ideas.
    public var ideas: Repository<IdeaFields> {
        repository(IdeaRecords.mapping, references: { [Reference(field: "campaignId", table: "campaigns", id: $0.campaignId)] })
    }

    /// The ideas the public board shows: all but declined ones, most votes first, then newest.
    public func boardIdeas(limit: Int = 100) async throws -> [Record<IdeaFields>] {
        try await database.read { connection in
            try await connection.raw("SELECT * FROM ideas WHERE status <> 'declined' ORDER BY votes DESC, id DESC LIMIT \(literal: limit)").all()
                .map(IdeaRecords.mapping.record(from:))
        }
    }

    /// Counts one vote for an idea on the board: once per voter, and at most three times from one address.
    public func vote(for ideaId: String, voter: String, address: String) async throws -> VoteOutcome {
        let now = clock(), addressHash = StaffDirectory.hash("address:" + address)
        return try await database.write { connection in
            guard RecordIdentifier.isValid(ideaId),
                  try await connection.raw("SELECT id FROM ideas WHERE id = \(bind: ideaId) AND status <> 'declined'").first() != nil else { return .unknownIdea }
            if try await connection.raw("SELECT voter FROM idea_votes WHERE idea_id = \(bind: ideaId) AND voter = \(bind: voter)").first() != nil {
                return .alreadyVoted
            }
            let fromAddress = try await connection.raw("SELECT COUNT(*) AS n FROM idea_votes WHERE idea_id = \(bind: ideaId) AND address_hash = \(bind: addressHash)").first()?.int64("n") ?? 0
            guard fromAddress < IdeaRecords.votesPerAddress else { return .addressLimit }
            try await connection.raw("""
                INSERT INTO idea_votes (idea_id, voter, address_hash, created_at) VALUES (\(bind: ideaId), \(bind: voter), \(bind: addressHash), \(bind: now.description))
                """).run()
            try await connection.raw("UPDATE ideas SET votes = votes + 1 WHERE id = \(bind: ideaId)").run()
            return .counted
        }
    }
}
