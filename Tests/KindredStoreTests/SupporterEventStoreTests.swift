import KindredCore
import KindredStore
import KindredTestSupport
import Testing

/// Supporter events on SQLite and PostgreSQL: registration by email (the person found or added) up to capacity,
/// attendance by check-in, both on the timeline, and the post-event survey for attendees, answered once.
@Suite struct SupporterEventStoreTests {
    @Test(arguments: TestEngine.available)
    func registrationCapacityCheckInAndThePostEventSurvey(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let survey = try await store.surveys.create(try SurveyInput(name: "After the open day", template: .csat).validated(), by: .system)
            let event = try await store.supporterEvents.create(try SupporterEventInput(
                name: "Open day", startsAt: testNow.adding(milliseconds: 86_400_000), capacity: 2, surveyId: survey.id).validated(), by: .system)
            let known = try await store.constituents.create(try sampleConstituent("Anna Jansen", email: "anna@example.org").validated(), by: .system).id
            func person(_ given: String, _ email: String) throws -> ConstituentFields {
                try ConstituentInput(givenName: given, emails: [email], preferredLanguage: .nl).validated()
            }
            guard case .registered(let annaToken) = try await store.register(eventId: event.id, person: try person("Anna", "ANNA@example.org")) else {
                Issue.record("Anna registers"); return
            }
            guard case .registered = try await store.register(eventId: event.id, person: try person("Bo", "bo@example.org")) else {
                Issue.record("Bo registers"); return
            }
            #expect(try await store.register(eventId: event.id, person: try person("Cas", "cas@example.org")) == .full)
            #expect(try await store.register(eventId: event.id, person: try person("Anna", "anna@example.org")) == .alreadyRegistered,
                    "no new link for whoever knows her email address")
            let newToken = annaToken
            #expect(try await store.registration(token: annaToken) != nil, "her link still works")
            let registrations = try await store.registrations(eventId: event.id, by: .system)
            #expect(registrations.count == 2 && registrations[0].constituentId == known, "Anna was found by her email, not added again")

            #expect(try await store.postEventSurvey(token: newToken) == .notAvailable, "only attendees are asked")
            _ = try await store.checkIn(eventId: event.id, constituentId: known, by: .system)
            await #expect(throws: StoreError.conflict("this person has already checked in")) { try await store.checkIn(eventId: event.id, constituentId: known, by: .system) }
            await #expect(throws: StoreError.self) { try await store.checkIn(eventId: event.id, constituentId: "0190f1a2-0000-7000-8000-000000000001", by: .system) }
            let timeline = try await store.interactions.list(filters: [("constituent_id", known)], cursor: nil, limit: 10, by: .system).items.map(\.fields.type)
            #expect(timeline.sorted() == ["event_attended", "event_registered"])
            #expect(try await store.registration(token: newToken)?.attended == true)

            guard case .link(let first) = try await store.postEventSurvey(token: newToken), case .link(let second) = try await store.postEventSurvey(token: newToken) else {
                Issue.record("an attendee gets the survey"); return
            }
            #expect(try await store.surveyInvitation(token: String(first.dropFirst(5))) == nil, "a fresh link replaces the unanswered one")
            let outcome = try await store.submitSurveyResponse(token: String(second.dropFirst(5)), answers: SurveyAnswers(values: ["satisfaction": .number(5)]), language: .nl)
            guard case .stored = outcome else { Issue.record("the survey is answered"); return }
            #expect(try await store.postEventSurvey(token: newToken) == .answered)

            let past = try await store.supporterEvents.create(try SupporterEventInput(name: "Last year", startsAt: testNow.adding(milliseconds: -86_400_000)).validated(), by: .system)
            #expect(try await store.register(eventId: past.id, person: try person("Dee", "dee@example.org")) == .closed)
            #expect(try await store.register(eventId: "nope", person: try person("Dee", "dee@example.org")) == .unknownEvent)
            await #expect(throws: StoreError.self) { try await store.supporterEvents.delete(event.id, by: .system) }
        }
    }
}
