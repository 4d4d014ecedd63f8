import KindredCore
import SQLKit

extension KindredStore {
    /// Feedback received from `from` to `to` (UTC days, both included) that `actor` may see — of the members of
    /// `segmentId` only, when given — overall, by channel, month, loyalty level now and the campaign of the supporter's
    /// last gift before it, with the latest words; feedback without a receipt time counts when it was recorded.
    public func feedbackReport(from: CalendarDate, to: CalendarDate, segmentId: String? = nil, by actor: Actor) async throws -> FeedbackReport {
        let received: SQLQueryString = "COALESCE(f.received_at, f.created_at)"
        let next: SQLQueryString = "(SELECT g.rating FROM feedback g WHERE g.constituent_id = f.constituent_id AND g.scale = f.scale AND g.rating IS NOT NULL"
            + " AND COALESCE(g.received_at, g.created_at) > " + received + " ORDER BY COALESCE(g.received_at, g.created_at), g.id LIMIT 1)"
        let campaign: SQLQueryString = "(SELECT d.name FROM gifts g JOIN campaigns d ON d.id = g.campaign_id WHERE g.constituent_id = f.constituent_id"
            + " AND g.status = 'completed' AND g.received_at <= " + received + " ORDER BY g.received_at DESC, g.id DESC LIMIT 1)"
        return try await database.read { connection in
            let compiler = try await segments.compiler(on: connection)
            let loyalty = "CASE " + LoyaltyLevel.allCases.map { "WHEN \(compiler.loyaltyExpression($0)) THEN '\($0.rawValue)'" }.joined(separator: " ") + " END"
            var query: SQLQueryString = "SELECT f.channel, f.scale, f.rating, f.sentiment_score, f.recovery_reason, f.text, " + received + " AS received, "
                + next + " AS next_rating, " + campaign + " AS campaign, \(unsafeRaw: loyalty) AS loyalty, substr(" + received
                + ", 1, 7) AS month FROM feedback f JOIN constituents ON constituents.id = f.constituent_id WHERE " + received
                + " >= \(bind: from.description) AND " + received + " < \(bind: CalendarDate(daysSinceEpoch: to.daysSinceEpoch + 1).description)"
            if let scope = ScopeFilter.condition(actor.scope, column: "f.constituent_id") { query = query + " AND " + scope }
            if let segmentId { query = query + " AND " + (try await segments.condition(of: try await segments.load(segmentId, on: connection), on: connection)) }
            var verbatims: [FeedbackVerbatim] = []
            let facts = try await connection.raw(query + " ORDER BY " + received + " DESC, f.id DESC").all().map { row in
                let fact = FeedbackFact(channel: try row.vocabulary("channel"), month: try row.text("month"), rating: try row.optionalInt64("rating").map(Int.init),
                                        scale: try row.optionalVocabulary("scale"), sentiment: SentimentLabel(score: try row.decode(column: "sentiment_score", as: Double.self)),
                                        needsFollowUp: try row.optionalText("recovery_reason") != nil, recoveryOutcome: try Self.outcome(row),
                                        loyalty: try row.optionalVocabulary("loyalty"), campaign: try row.optionalText("campaign"))
                let text = try row.text("text")
                if !text.isEmpty, verbatims.count < FeedbackReport.verbatimLimit {
                    verbatims.append(FeedbackVerbatim(receivedAt: try row.timestamp("received"), channel: fact.channel, rating: fact.rating, scale: fact.scale,
                                                      sentiment: fact.sentiment, text: text))
                }
                return fact
            }
            return FeedbackReport(from: from, to: to, facts: facts, verbatims: verbatims)
        }
    }

    /// For a rating that needed a follow-up, whether the next rating on its scale was better.
    private static func outcome(_ row: any SQLRow) throws -> RecoveryOutcome? {
        guard try row.optionalText("recovery_reason") != nil, let rating = try row.optionalInt64("rating") else { return nil }
        return RecoveryOutcome.of(before: Int(rating), later: try row.optionalInt64("next_rating").map { [Int($0)] } ?? [])
    }
}
