import Foundation
import KindredCore
import SQLKit

/// How many donors each RFM group holds after a refresh.
public struct RFMSummary: Sendable, Hashable, Codable {
    /// The currency scored.
    public let currency: String
    /// The window, in years before the refresh.
    public let windowYears: Int
    /// When the scores were computed.
    public let computedAt: Timestamp
    /// Donors scored.
    public let donors: Int
    /// Donors per group, every group listed.
    public let groups: [String: Int]
}

extension LoyaltyQueries {
    /// Recomputes every donor's RFM scores over the last `windowYears` years in `currency` (the organisation's when
    /// nil) and stores them, replacing the previous scores, in one transaction.
    public func refreshRFM(windowYears: Int = 5, currency: Currency? = nil) async throws -> RFMSummary {
        guard (1...50).contains(windowYears) else {
            throw ValidationFailure([FieldIssue(field: "windowYears", message: "must be an integer from 1 to 50")])
        }
        let now = clock()
        let since = now.adding(milliseconds: -Int64(windowYears) * 365 * 86_400_000)
        return try await database.write { connection in
            let organisationCurrency = try await OrganisationSettingsStore.profile.load(on: connection).currency
            let code = (currency ?? organisationCurrency).code
            // Read along the gifts-by-donor index, which covers every column here and arrives grouped: left to itself,
            // SQLite reads the date range by time and sorts every gift in it by donor (five times slower).
            let byDonor = connection.dialect.name == "postgresql" ? "" : " INDEXED BY gifts_constituent"
            let rows = try await connection.raw("""
                SELECT constituent_id, MAX(received_at) AS last_gift_at, COUNT(*) AS gifts, CAST(SUM(amount_minor) AS BIGINT) AS total
                FROM gifts\(unsafeRaw: byDonor) WHERE status = 'completed' AND currency = \(bind: code)
                  AND received_at >= \(bind: since.description) AND received_at <= \(bind: now.description)
                GROUP BY constituent_id
                """).all()
            let facts = try rows.map {
                RFMFacts(constituentId: try $0.text("constituent_id"), lastGiftAt: try $0.timestamp("last_gift_at"),
                         giftCount: Int(try $0.int64("gifts")), totalMinor: try $0.int64("total"))
            }
            let scores = RFMScore.scores(of: facts)
            try await connection.raw("DELETE FROM constituent_rfm").run()
            try await BulkInsert.rows(scores.map { [$0.constituentId, $0.recency, $0.frequency, $0.monetary, $0.cell, $0.group.rawValue, code, now.description] },
                                      into: "constituent_rfm",
                                      columns: ["constituent_id", "recency", "frequency", "monetary", "cell", "rfm_group", "currency", "computed_at"],
                                      on: connection)
            var groups = Dictionary(uniqueKeysWithValues: RFMGroup.allCases.map { ($0.rawValue, 0) })
            for score in scores { groups[score.group.rawValue, default: 0] += 1 }
            return RFMSummary(currency: code, windowYears: windowYears, computedAt: now, donors: scores.count, groups: groups)
        }
    }

    /// A donor's stored RFM score, if they were scored at the last refresh.
    public func rfm(of id: String) async throws -> RFMScore? {
        try await database.read { connection in
            try await connection.raw("SELECT * FROM constituent_rfm WHERE constituent_id = \(bind: id)").first().map {
                RFMScore(constituentId: id, recency: Int(try $0.int64("recency")), frequency: Int(try $0.int64("frequency")),
                         monetary: Int(try $0.int64("monetary")))
            }
        }
    }
}
