import KindredCore
import SQLKit

extension KindredStore {
    /// Feedback received from `from` to `to` (UTC days, both included) that `actor` may see, overall, by channel and
    /// by month; feedback without a receipt time counts when it was recorded.
    public func feedbackReport(from: CalendarDate, to: CalendarDate, by actor: Actor) async throws -> FeedbackReport {
        let received: SQLQueryString = "COALESCE(f.received_at, f.created_at)"
        let next: SQLQueryString = "(SELECT g.rating FROM feedback g WHERE g.constituent_id = f.constituent_id AND g.scale = f.scale AND g.rating IS NOT NULL"
            + " AND COALESCE(g.received_at, g.created_at) > " + received + " ORDER BY COALESCE(g.received_at, g.created_at), g.id LIMIT 1)"
        var query: SQLQueryString = "SELECT f.channel, f.scale, f.rating, f.sentiment_score, f.recovery_reason, " + next + " AS next_rating, substr(" + received
            + ", 1, 7) AS month FROM feedback f WHERE " + received + " >= \(bind: from.description) AND " + received
            + " < \(bind: CalendarDate(daysSinceEpoch: to.daysSinceEpoch + 1).description)"
        if let scope = ScopeFilter.condition(actor.scope, column: "f.constituent_id") { query = query + " AND " + scope }
        let scoped = query
        let facts = try await database.read { connection in
            try await connection.raw(scoped).all().map { row in
                FeedbackFact(channel: try row.vocabulary("channel"), month: try row.text("month"), rating: try row.optionalInt64("rating").map(Int.init),
                             scale: try row.optionalVocabulary("scale"), sentiment: SentimentLabel(score: try row.decode(column: "sentiment_score", as: Double.self)),
                             needsFollowUp: try row.optionalText("recovery_reason") != nil,
                             recoveryOutcome: try Self.outcome(row))
            }
        }
        return FeedbackReport(from: from, to: to, facts: facts)
    }

    /// For a rating that needed a follow-up, whether the next rating on its scale was better.
    private static func outcome(_ row: any SQLRow) throws -> RecoveryOutcome? {
        guard try row.optionalText("recovery_reason") != nil, let rating = try row.optionalInt64("rating") else { return nil }
        return RecoveryOutcome.of(before: Int(rating), later: try row.optionalInt64("next_rating").map { [Int($0)] } ?? [])
    }
}
