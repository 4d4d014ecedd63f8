import KindredCore
import KindredStore
import KindredTestSupport
import Testing

/// Service recovery on SQLite and PostgreSQL: follow-ups go to the account owner first, the threshold and due days
/// come from the settings, overdue follow-ups are escalated once to a manager, and the report tells whether the
/// supporter's next answer improved.
@Suite struct ServiceRecoveryStoreTests {
    @Test(arguments: TestEngine.available)
    func ownersSettingsEscalationAndTheNextAnswer(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let directory = StaffDirectory(database: store.database)
            let owner = try await directory.createUser(email: "owner@example.org", passwordHash: "x", role: .fundraiser)
            let other = try await directory.createUser(email: "other@example.org", passwordHash: "x", role: .fundraiser)
            let admin = try await directory.createUser(email: "admin@example.org", passwordHash: "x", role: .admin)
            var owned = sampleConstituent("Anna Jansen")
            owned.accountOwnerId = owner.id
            let anna = try await store.constituents.create(try owned.validated(), by: .system).id
            let piet = try await store.constituents.create(try sampleConstituent("Piet Peeters").validated(), by: .system).id
            var ghost = sampleConstituent("Ghost Owner")
            ghost.accountOwnerId = "0190f1a2-0000-7000-8000-000000000001"
            await #expect(throws: StoreError.self) { try await store.constituents.create(try ghost.validated(), by: .system) }

            let january = Timestamp(iso8601: "2026-01-05T09:00:00Z")!  // a Monday
            func rated(_ person: String, _ rating: Int, _ at: Timestamp) async throws -> Record<FeedbackFields> {
                try await store.feedback.create(try FeedbackInput(constituentId: person, channel: .survey, text: "", rating: rating, scale: .nps,
                                                                  receivedAt: at).validated(), by: .system)
            }
            _ = try await rated(anna, 3, january)
            var tasks = try await store.tasks.list(cursor: nil, limit: 10, by: .system).items
            #expect(tasks.count == 1 && tasks[0].fields.assigneeId == owner.id && tasks[0].fields.dueOn == CalendarDate(year: 2026, month: 1, day: 7)!)
            _ = try await directory.updateUser(owner.id, role: .fundraiser, disabled: true, by: .system)
            _ = try await rated(anna, 2, january.adding(milliseconds: 1_000))
            tasks = try await store.tasks.list(cursor: nil, limit: 10, by: .system).items
            #expect(tasks.last?.fields.assigneeId == other.id, "a disabled owner's follow-ups go round robin")

            let mild = try FeedbackInput(constituentId: piet, channel: .email, text: "The letter was a bit disappointing.").validated()
            #expect(mild.recoveryReason == .negativeSentiment && mild.sentiment.score > -0.9)
            let settings = ServiceRecoverySettings(sentimentThreshold: -0.9, businessDaysToFollowUp: 5, escalationManagerId: nil)
            _ = try await ServiceRecoverySettingsStore.replace(settings, by: .system, in: store.database, at: testNow)
            #expect(try await store.feedback.create(mild, by: .system).fields.recoveryReason == nil, "the stored threshold applies")
            let late = try await rated(piet, 1, january)
            #expect(late.fields.recoveryReason == .detractor)
            let pietTask = try #require(try await store.tasks.list(filters: [("constituent_id", piet)], cursor: nil, limit: 5, by: .system).items.first)
            #expect(pietTask.fields.dueOn == CalendarDate(year: 2026, month: 1, day: 12)!, "five working days")
            await #expect(throws: StoreError.self) {
                try await ServiceRecoverySettingsStore.replace(ServiceRecoverySettings(sentimentThreshold: -0.3, businessDaysToFollowUp: 2,
                                                                                       escalationManagerId: "0190f1a2-0000-7000-8000-000000000002"),
                                                               by: .system, in: store.database, at: testNow)
            }

            let today = CalendarDate(year: 2026, month: 2, day: 2)!
            let escalations = try await store.escalateOverdueFollowUps(today: today)
            #expect(escalations.count == 3 && escalations.allSatisfy { $0.escalatedTo == admin.id })
            #expect(try await store.escalateOverdueFollowUps(today: today).isEmpty, "each follow-up is escalated once")
            let managerTasks = try await store.tasks.list(filters: [("assignee_id", admin.id)], cursor: nil, limit: 10, by: .system).items
            #expect(managerTasks.count == 3 && managerTasks.allSatisfy { $0.fields.title.hasPrefix("Overdue follow-up: ") && $0.fields.dueOn == today })
            #expect(try await store.escalateOverdueFollowUps(today: CalendarDate(year: 2026, month: 3, day: 1)!).isEmpty,
                    "an escalation task is not escalated again")

            _ = try await rated(anna, 8, january.adding(milliseconds: 86_400_000 * 20))
            let report = try await store.feedbackReport(from: CalendarDate(year: 2026, month: 1, day: 1)!, to: CalendarDate(year: 2026, month: 1, day: 31)!, by: .system)
            #expect(report.overall.improvedAfterFollowUp == 1 && report.overall.notImprovedAfterFollowUp == 1 && report.overall.awaitingNextAnswer == 1,
                    "Anna's 3 was followed by a 2 (no better), her 2 by an 8; Piet has not answered again")
        }
    }

    @Test(arguments: TestEngine.available)
    func theExperienceReturnFollowsAnswersIntoTheNextYearsGiving(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            func person(_ name: String) async throws -> String { try await store.constituents.create(try sampleConstituent(name).validated(), by: .system).id }
            let anna = try await person("Anna Jansen"), piet = try await person("Piet Peeters"), joke = try await person("Joke Smit"), karel = try await person("Karel Vos")
            func answer(_ id: String, _ rating: Int, _ at: String) async throws {
                _ = try await store.feedback.create(try FeedbackInput(constituentId: id, channel: .survey, text: "", rating: rating, scale: .nps,
                                                                      receivedAt: Timestamp(iso8601: at)!).validated(), by: .system)
            }
            try await answer(anna, 9, "2025-03-01T10:00:00Z")
            try await answer(piet, 2, "2025-05-01T10:00:00Z")
            try await answer(joke, 7, "2024-06-01T10:00:00Z")
            try await answer(joke, 3, "2025-01-10T10:00:00Z")
            try await answer(joke, 10, "2025-12-10T10:00:00Z")
            for (id, minor, at) in [(anna, Int64(5_000), "2025-04-01T10:00:00Z"), (anna, 8_000, "2026-02-01T10:00:00Z"), (piet, 3_000, "2025-06-01T10:00:00Z"),
                                    (karel, 2_000, "2026-03-01T10:00:00Z")] {
                _ = try await store.gifts.create(try sampleGift(id, minor, at: at).validated(), by: .system)
            }
            let report = try await store.experienceReturn(year: 2025, currency: nil, by: .system)
            #expect(report.currency == "EUR" && report.revenueNextYearMinor == 10_000 && !report.nextYearComplete)
            let promoters = report.byNPS[0], detractors = report.byNPS[2]
            #expect(promoters.people == 2 && promoters.donorsInYear == 1 && promoters.retainedNextYear == 1 && promoters.givingNextYearMinor == 8_000,
                    "Anna and Joke (her last answer in the year was a 10)")
            #expect(promoters.shareOfRevenue == 0.8 && promoters.averageGivingNextYearMinor == 4_000)
            #expect(detractors.people == 1 && detractors.donorsInYear == 1 && detractors.retentionRate == 0)
            #expect(report.byNPS[1].people == 0 && report.byEngagement.map(\.people).reduce(0, +) == 4)
        }
    }
}
