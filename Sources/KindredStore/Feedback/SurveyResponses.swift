import Foundation
import KindredCore
import SQLKit

/// What a survey link opens, as its public page needs it: the survey, and for a personal link the person's language.
/// Nothing else about the person is read.
public struct SurveyInvitation: Sendable {
    /// The link's id.
    public let linkId: String
    /// The survey.
    public let survey: Record<SurveyFields>
    /// Whether the link names a person (their answer joins them, and it takes one answer).
    public let isPersonal: Bool
    /// The person's preferred language, for a personal link.
    public let language: Language?
    /// When a personal link was answered.
    public let answeredAt: Timestamp?
}

/// What became of an answer sent through a link.
public enum SurveySubmission: Sendable, Equatable {
    /// Stored, with the response's id.
    case stored(responseId: String)
    /// The personal link was answered before.
    case alreadyAnswered
    /// The survey is not open (draft or closed).
    case notOpen
    /// No live link has this token (unknown, expired, or its survey or person deleted).
    case unknownLink
}

/// One stored response, as the API lists it.
public struct SurveyResponse: Sendable, Hashable, Encodable {
    /// The response's id.
    public let id: String
    /// The survey answered.
    public let surveyId: String
    /// The person, when the answer came through their personal link (or was recorded for them).
    public let constituentId: String?
    /// The language the survey was shown in.
    public let language: Language
    /// The answers by question key, with each rating's "why?".
    public let answers: SurveyAnswers
    /// When it was sent.
    public let submittedAt: Timestamp
}

extension KindredStore {
    /// The live link for `token`, or nil when it is unknown or expired.
    public func surveyInvitation(token: String) async throws -> SurveyInvitation? {
        guard token.count <= 100 else { return nil }
        return try await database.read { connection in try await Self.invitation(token: token, now: clock(), on: connection) }
    }

    /// Stores an answer sent through the link `token` (its answers already checked against the survey): the response,
    /// and for a personal link the answer on the person's timeline (voice), the feedback it carries and, for an unhappy
    /// supporter, the follow-up task — all in one transaction.
    public func submitSurveyResponse(token: String, answers: SurveyAnswers, language: Language) async throws -> SurveySubmission {
        guard token.count <= 100 else { return .unknownLink }
        let now = clock()
        return try await database.write { connection in
            guard let invitation = try await Self.invitation(token: token, now: now, on: connection) else { return .unknownLink }
            guard invitation.survey.fields.status == .open else { return .notOpen }
            if invitation.isPersonal {
                let claimed = try await connection.raw("""
                    UPDATE survey_links SET answered_at = \(bind: now.description) WHERE id = \(bind: invitation.linkId) AND answered_at IS NULL RETURNING id
                    """).first()
                guard claimed != nil else { return .alreadyAnswered }
            }
            let constituentId = invitation.isPersonal
                ? try await connection.raw("SELECT constituent_id FROM survey_links WHERE id = \(bind: invitation.linkId)").first()?.optionalText("constituent_id")
                : nil
            let id = try await Self.storeResponse(survey: invitation.survey, constituentId: constituentId, linkId: invitation.linkId,
                                                  answers: answers, language: language, at: now, on: connection)
            return .stored(responseId: id)
        }
    }

    /// The responses to a survey, newest first, following constituent visibility (anonymous answers are always listed).
    public func surveyResponses(surveyId: String, cursor: String?, limit: Int, by actor: Actor) async throws -> Page<SurveyResponse> {
        try await surveyRows("survey_responses", surveyId: surveyId, cursor: cursor, limit: limit, by: actor, check: Self.refuseIfPulse, id: \.id,
                             row: Self.response(from:))
    }

    /// The survey's results over every response the actor may see.
    public func surveyResults(surveyId: String, by actor: Actor) async throws -> SurveyResults {
        var query: SQLQueryString = "SELECT * FROM survey_responses WHERE survey_id = \(bind: surveyId)"
        if let scope = ScopeFilter.condition(actor.scope, column: "constituent_id") { query = query + " AND (constituent_id IS NULL OR " + scope + ")" }
        let scoped = query + " ORDER BY id"
        return try await database.read { connection in
            guard let survey = try await SurveyRecords.mapping.fetch(id: surveyId, on: connection) else { throw StoreError.notFound(entity: "survey", id: surveyId) }
            try Self.refuseIfPulse(survey)
            return SurveyResults(survey: survey.fields, responses: try await connection.raw(scoped).all().map { try Self.response(from: $0).answers })
        }
    }

    private static func invitation(token: String, now: Timestamp, on connection: any SQLDatabase) async throws -> SurveyInvitation? {
        guard let row = try await connection.raw("""
            SELECT l.id, l.survey_id, l.constituent_id, l.expires_at, l.answered_at, c.preferred_language FROM survey_links l
            LEFT JOIN constituents c ON c.id = l.constituent_id WHERE l.token_hash = \(bind: StaffDirectory.hash(token))
            """).first() else { return nil }
        if let expires = try row.optionalText("expires_at").flatMap(Timestamp.init(iso8601:)), expires <= now { return nil }
        guard let survey = try await SurveyRecords.mapping.fetch(id: try row.text("survey_id"), on: connection), survey.fields.audience == .supporters else { return nil }
        return SurveyInvitation(linkId: try row.text("id"), survey: survey, isPersonal: try row.optionalText("constituent_id") != nil,
                                language: try row.optionalText("preferred_language").flatMap(Language.init(rawValue:)),
                                answeredAt: try row.optionalText("answered_at").flatMap(Timestamp.init(iso8601:)))
    }

    private static func storeResponse(survey: Record<SurveyFields>, constituentId: String?, linkId: String?, answers: SurveyAnswers,
                                      language: Language, at now: Timestamp, on connection: any SQLDatabase) async throws -> String {
        let id = RecordIdentifier.make(at: now)
        try await connection.raw("""
            INSERT INTO survey_responses (id, survey_id, constituent_id, link_id, language, answers, submitted_at)
            VALUES (\(bind: id), \(bind: survey.id), \(bind: constituentId), \(bind: linkId), \(bind: language.rawValue), \(bind: jsonText(answers)), \(bind: now.description))
            """).run()
        var data: [String: JSONValue] = ["surveyId": .string(survey.id), "responseId": .string(id), "language": .string(language.rawValue),
                                         "answers": (try? JSONDecoder().decode(JSONValue.self, from: Data(jsonText(answers).utf8))) ?? .null]
        if let constituentId { data["constituentId"] = .string(constituentId) }
        try await WebhookOutbox.enqueue(.surveyAnswered, data, at: now, on: connection)
        guard let constituentId else { return id }
        var properties: [String: JSONValue] = ["surveyId": .string(survey.id), "responseId": .string(id)]
        for question in survey.fields.questions where question.kind.ratingScale != nil {
            if case .number(let rating)? = answers.values[question.key] { properties[question.key] = .number(Double(rating)) }
        }
        let interaction = InteractionFields(constituentId: constituentId, type: "survey_answered", channel: "web", occurredAt: now,
                                            direction: .inbound, properties: properties)
        try await EngagementLedger.record(interaction, at: now, on: connection)
        for feedback in survey.fields.feedback(from: answers, constituentId: constituentId, language: language, at: now) {
            try await FeedbackRecords.insert(feedback, interaction: false, by: .system, at: now, on: connection)
        }
        return id
    }

    private static func response(from row: any SQLRow) throws -> SurveyResponse {
        SurveyResponse(id: try row.text("id"), surveyId: try row.text("survey_id"), constituentId: try row.optionalText("constituent_id"),
                       language: try row.vocabulary("language"),
                       answers: try JSONDecoder().decode(SurveyAnswers.self, from: Data(try row.text("answers").utf8)),
                       submittedAt: try row.timestamp("submitted_at"))
    }
}
