import KindredCore
import KindredStore
import KindredTestSupport
import SQLKit
import Testing

/// Staff pulse surveys on SQLite and PostgreSQL: each staff member answers once; the answer keeps only the role and
/// the day, nothing that leads back to who gave it; results appear from five answers; the answers are never listed.
@Suite struct StaffPulseStoreTests {
    @Test(arguments: TestEngine.available)
    func pulsesAreAnsweredOnceAnonymouslyAndShownFromFive(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let directory = StaffDirectory(database: store.database)
            var users: [StaffUser] = []
            for index in 0..<6 { users.append(try await directory.createUser(email: "staff\(index)@example.org", passwordHash: "x", role: .fundraiser)) }
            let pulse = try await store.surveys.create(try SurveyInput(name: "Winter pulse", template: .enps).validated(), by: .system)
            #expect(pulse.fields.audience == .staff)
            func answer(_ user: StaffUser, _ score: Int) async throws -> PulseSubmission {
                try await store.submitPulse(surveyId: pulse.id, userId: user.id, group: user.role,
                                            answers: SurveyAnswers(values: ["recommend_work": .number(score)], reasons: ["recommend_work": "Workload"]), language: .en)
            }
            for (user, score) in zip(users.prefix(4), [9, 10, 6, 8]) { #expect(try await answer(user, score) == .stored) }
            #expect(try await answer(users[0], 0) == .alreadyAnswered)
            var results = try await store.pulseResults(surveyId: pulse.id)
            #expect(results.responses == 4 && results.withheld && results.overall == nil)
            #expect(try await answer(users[4], 10) == .stored)
            results = try await store.pulseResults(surveyId: pulse.id)
            #expect(!results.withheld && results.overall?.questions[0].nps?.promoters == 3 && results.byGroup.map(\.key) == ["fundraiser"])
            let answered = try await store.hasAnsweredPulse(surveyId: pulse.id, userId: users[4].id)
            let notYet = try await store.hasAnsweredPulse(surveyId: pulse.id, userId: users[5].id)
            #expect(answered && !notYet)

            let rows = try await store.database.read { connection in
                try await connection.raw("SELECT * FROM survey_responses WHERE survey_id = \(bind: pulse.id)").all()
            }
            #expect(rows.count == 5)
            for row in rows {
                #expect(try row.decodeNil(column: "constituent_id") && (try row.decodeNil(column: "link_id")))
                #expect(try row.decode(column: "submitted_at", as: String.self).hasSuffix("T00:00:00.000Z"), "only the day is kept")
                #expect(try row.decode(column: "staff_group", as: String.self) == "fundraiser")
            }
            let participation = try await store.database.read { connection in try await connection.raw("SELECT * FROM pulse_participation").all() }
            #expect(participation.count == 5 && participation.allSatisfy { !$0.allColumns.contains { $0.contains("at") } }, "who answered, never when")
            let audited = try await AuditLog.list(entityId: nil, cursor: nil, limit: 200, in: store.database).items
            #expect(!audited.contains { $0.entity.contains("response") }, "no audit entry ties a staff member to an answer")

            await #expect(throws: StoreError.self) { try await store.surveyResults(surveyId: pulse.id, by: .system) }
            await #expect(throws: StoreError.self) { try await store.surveyResponses(surveyId: pulse.id, cursor: nil, limit: 10, by: .system) }
            await #expect(throws: StoreError.self) { try await store.createSurveyLink(surveyId: pulse.id, constituentId: nil, expiresAt: nil, by: .system) }
            var exposed = pulse.fields
            exposed.audience = .supporters
            await #expect(throws: StoreError.self, "a pulse cannot be turned into a survey whose answers are listed") {
                try await store.surveys.update(pulse.id, with: exposed, by: .system)
            }
            #expect(try await store.surveys.get(pulse.id, by: .system).fields.audience == .staff)
            let supporters = try await store.surveys.create(try SurveyInput(name: "NPS", template: .nps).validated(), by: .system)
            await #expect(throws: StoreError.self) { try await store.pulseResults(surveyId: supporters.id) }
            await #expect(throws: StoreError.self) {
                try await store.submitPulse(surveyId: supporters.id, userId: users[5].id, group: .fundraiser, answers: SurveyAnswers(), language: .en)
            }
        }
    }
}
