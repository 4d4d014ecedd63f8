import Foundation
import KindredCore
import SQLKit

extension Schema {
    /// Version 23: who a survey is for; staff pulse participation (who has answered, never which answer: no time, and
    /// on SQLite kept in user order rather than the order of answering) and each pulse answer's group.
    @Sendable static func version23(_ flavor: SQLFlavor) -> [String] {
        [
            "ALTER TABLE surveys ADD COLUMN audience TEXT NOT NULL DEFAULT 'supporters' \(oneOf("audience", SurveyAudience.self))",
            """
            CREATE TABLE pulse_participation (
              survey_id TEXT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE, user_id TEXT NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
              PRIMARY KEY (survey_id, user_id)
            )\(flavor == .sqlite ? " WITHOUT ROWID" : "")
            """,
            "ALTER TABLE survey_responses ADD COLUMN staff_group TEXT",
        ]
    }
}

/// What became of a pulse answer.
public enum PulseSubmission: Sendable, Equatable {
    /// Stored (anonymously).
    case stored
    /// This staff member has answered this pulse before.
    case alreadyAnswered
    /// The pulse is not open.
    case notOpen
}

extension KindredStore {
    /// Stores a staff member's pulse answers anonymously: the answer keeps only their role (as its group) and the day;
    /// that they answered is kept apart, without time, so each answers once.
    public func submitPulse(surveyId: String, userId: String, group: StaffRole, answers: SurveyAnswers, language: Language) async throws -> PulseSubmission {
        let now = clock()
        let day = Timestamp(millisecondsSinceEpoch: now.utcDate.daysSinceEpoch * 86_400_000)
        return try await database.write { connection in
            let survey = try await Self.pulse(surveyId, on: connection)
            guard survey.fields.status == .open else { return .notOpen }
            guard try await connection.raw("SELECT user_id FROM pulse_participation WHERE survey_id = \(bind: surveyId) AND user_id = \(bind: userId)").first() == nil else {
                return .alreadyAnswered
            }
            try await connection.raw("INSERT INTO pulse_participation (survey_id, user_id) VALUES (\(bind: surveyId), \(bind: userId))").run()
            try await connection.raw("""
                INSERT INTO survey_responses (id, survey_id, language, answers, submitted_at, staff_group)
                VALUES (\(bind: RecordIdentifier.make(at: day)), \(bind: surveyId), \(bind: language.rawValue), \(bind: jsonText(answers)),
                        \(bind: day.description), \(bind: group.rawValue))
                """).run()
            return .stored
        }
    }

    /// Whether `userId` has answered the pulse.
    public func hasAnsweredPulse(surveyId: String, userId: String) async throws -> Bool {
        try await database.read { connection in
            try await connection.raw("SELECT user_id FROM pulse_participation WHERE survey_id = \(bind: surveyId) AND user_id = \(bind: userId)").first() != nil
        }
    }

    /// A pulse's results, shown only for groups of at least five answers.
    public func pulseResults(surveyId: String) async throws -> PulseResults {
        try await database.read { connection in
            let survey = try await Self.pulse(surveyId, on: connection)
            let rows = try await connection.raw("SELECT staff_group, answers FROM survey_responses WHERE survey_id = \(bind: surveyId)").all()
            return PulseResults(survey: survey.fields, answers: try rows.map { row in
                (group: try row.optionalText("staff_group") ?? "staff", answers: try JSONDecoder().decode(SurveyAnswers.self, from: Data(try row.text("answers").utf8)))
            })
        }
    }

    /// The survey, which must be a staff pulse.
    static func pulse(_ id: String, on connection: any SQLDatabase) async throws -> Record<SurveyFields> {
        guard let survey = try await SurveyRecords.mapping.fetch(id: id, on: connection) else { throw StoreError.notFound(entity: "survey", id: id) }
        guard survey.fields.audience == .staff else { throw StoreError.conflict("this survey is for supporters; it is answered through its links") }
        return survey
    }

    /// Refuses to show a staff pulse's answers one by one.
    static func refuseIfPulse(_ survey: Record<SurveyFields>) throws {
        if survey.fields.audience == .staff {
            throw StoreError.forbidden("a staff pulse survey is anonymous: its answers are shown only as results of at least five (the pulse results)")
        }
    }
}
