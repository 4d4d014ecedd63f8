import KindredCore
import KindredStore
import KindredTestSupport
import Testing

/// Surveys on SQLite and PostgreSQL: links keep only a hash of their token, a personal link takes one answer that
/// joins the person (timeline, feedback, follow-up task), an anonymous link takes many, and results tally what the
/// reader may see.
@Suite struct SurveyStoreTests {
    @Test(arguments: TestEngine.available)
    func aPersonalLinkTakesOneAnswerThatJoinsThePerson(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            var input = sampleConstituent("Sanne de Vries")
            input.preferredLanguage = .nl
            let person = try await store.constituents.create(try input.validated(), by: .system).id
            let survey = try await store.surveys.create(try SurveyInput(name: "Spring NPS", template: .nps).validated(), by: .system)
            let link = try await store.createSurveyLink(surveyId: survey.id, constituentId: person, expiresAt: nil, by: .system)
            let token = try #require(link.token)
            #expect(link.path == "/p/s/\(token)" && token.hasPrefix("ks_") && token.count > 30)

            let invitation = try #require(try await store.surveyInvitation(token: token))
            #expect(invitation.isPersonal && invitation.language == .nl && invitation.survey.id == survey.id && invitation.answeredAt == nil)
            #expect(try await store.surveyInvitation(token: token + "x") == nil)
            #expect(try await store.surveyInvitation(token: String(repeating: "k", count: 500)) == nil)

            let answers = SurveyAnswers(values: ["recommend": .number(4)], reasons: ["recommend": "Niemand belde terug"])
            guard case .stored(let responseId) = try await store.submitSurveyResponse(token: token, answers: answers, language: .nl) else {
                Issue.record("the first answer is stored"); return
            }
            #expect(try await store.submitSurveyResponse(token: token, answers: answers, language: .nl) == .alreadyAnswered)
            #expect(try await store.surveyInvitation(token: token)?.answeredAt != nil)

            let responses = try await store.surveyResponses(surveyId: survey.id, cursor: nil, limit: 10, by: .system).items
            #expect(responses.map(\.id) == [responseId] && responses[0].constituentId == person && responses[0].answers == answers && responses[0].language == .nl)
            let timeline = try await store.interactions.list(filters: [("constituent_id", person)], cursor: nil, limit: 10, by: .system).items
            #expect(timeline.map(\.fields.type) == ["survey_answered"], "one voice interaction for the answer, not a second for its feedback")
            let feedback = try await store.feedback.list(filters: [("constituent_id", person)], cursor: nil, limit: 10, by: .system).items
            #expect(feedback.count == 1 && feedback[0].fields.channel == .survey && feedback[0].fields.rating == 4 && feedback[0].fields.recoveryReason == .detractor)
            let tasks = try await store.tasks.list(cursor: nil, limit: 10, by: .system).items
            #expect(tasks.count == 1 && tasks[0].fields.kind == .serviceRecovery && tasks[0].fields.constituentId == person)
            #expect(try await store.surveyLinks(surveyId: survey.id, cursor: nil, limit: 10, by: .system).items.map(\.token) == [nil], "tokens are never listed")

            await #expect(throws: StoreError.self) { try await store.surveys.delete(survey.id, by: .system) }
        }
    }

    @Test(arguments: TestEngine.available)
    func anAnonymousLinkTakesManyAnswersAndClosedSurveysNone(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let survey = try await store.surveys.create(try SurveyInput(name: "Event CSAT", template: .csat).validated(), by: .system)
            let link = try await store.createSurveyLink(surveyId: survey.id, constituentId: nil, expiresAt: nil, by: .system)
            let token = try #require(link.token)
            for rating in [5, 4, 1] {
                let outcome = try await store.submitSurveyResponse(token: token, answers: SurveyAnswers(values: ["satisfaction": .number(rating)]), language: .en)
                guard case .stored = outcome else { Issue.record("anonymous answers are all stored"); return }
            }
            let results = try await store.surveyResults(surveyId: survey.id, by: .system)
            #expect(results.responses == 3 && results.questions[0].csat?.satisfied == 2)
            #expect(try await store.feedback.list(cursor: nil, limit: 10, by: .system).items.isEmpty, "an anonymous answer has no person to hold feedback")

            var closed = survey.fields
            closed.status = .closed
            _ = try await store.surveys.update(survey.id, with: closed, by: .system)
            #expect(try await store.submitSurveyResponse(token: token, answers: SurveyAnswers(), language: .en) == .notOpen)

            let expired = try await store.createSurveyLink(surveyId: survey.id, constituentId: nil, expiresAt: Timestamp(iso8601: "2020-01-01T00:00:00Z"), by: .system)
            #expect(try await store.surveyInvitation(token: try #require(expired.token)) == nil)
            #expect(try await store.submitSurveyResponse(token: try #require(expired.token), answers: SurveyAnswers(), language: .en) == .unknownLink)

            let unknown = "0190f1a2-0000-7000-8000-000000000001"
            await #expect(throws: StoreError.notFound(entity: "survey", id: unknown)) {
                try await store.createSurveyLink(surveyId: unknown, constituentId: nil, expiresAt: nil, by: .system)
            }
            await #expect(throws: StoreError.self) { try await store.createSurveyLink(surveyId: survey.id, constituentId: unknown, expiresAt: nil, by: .system) }
            await #expect(throws: StoreError.self) { try await store.surveyResults(surveyId: unknown, by: .system) }
        }
    }
}
