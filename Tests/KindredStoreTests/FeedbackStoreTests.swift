import KindredCore
import KindredStore
import KindredTestSupport
import Testing

/// Feedback on SQLite and PostgreSQL: stored with its sentiment, on the person's timeline in the voice dimension, and
/// an unhappy supporter's feedback opens a service-recovery task for the fundraiser with the fewest such tasks.
@Suite struct FeedbackStoreTests {
    @Test(arguments: TestEngine.available)
    func feedbackLandsOnTheTimelineAndUnhappyFeedbackOpensATask(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let directory = StaffDirectory(database: store.database)
            let bea = try await directory.createUser(email: "bea@example.org", passwordHash: "x", role: .fundraiser)
            let ann = try await directory.createUser(email: "ann@example.org", passwordHash: "x", role: .fundraiser)
            _ = try await directory.createUser(email: "admin@example.org", passwordHash: "x", role: .admin)
            let person = try await store.constituents.create(try sampleConstituent("Anna Jansen").validated(), by: .system).id

            let happy = try await store.feedback.create(try FeedbackInput(constituentId: person, channel: .email, text: "Thank you, wonderful evening!").validated(), by: .system)
            #expect(happy.fields.sentiment.label == .positive && happy.fields.recoveryReason == nil)
            #expect(try await store.feedback.get(happy.id, by: .system) == happy, "the sentiment and its words are stored as read")
            #expect(try await store.tasks.list(cursor: nil, limit: 10, by: .system).items.isEmpty)

            let received = Timestamp(iso8601: "2026-06-12T09:00:00Z")!  // a Friday: two working days later is Tuesday
            let detractor = try await store.feedback.create(
                try FeedbackInput(constituentId: person, channel: .survey, text: "Nobody called back.", rating: 3, scale: .nps, receivedAt: received).validated(), by: .system)
            #expect(detractor.fields.recoveryReason == .detractor)
            let complaint = try await store.feedback.create(
                try FeedbackInput(constituentId: person, channel: .phone, text: "<script>alert(1)</script>", complaint: true).validated(), by: .system)
            let tasks = try await store.tasks.list(cursor: nil, limit: 10, by: .system).items
            #expect(tasks.count == 2 && tasks.allSatisfy { $0.fields.kind == .serviceRecovery && $0.fields.status == .open })
            let first = try #require(tasks.first { $0.fields.details?.contains(detractor.id) == true })
            #expect(first.fields.dueOn == CalendarDate(year: 2026, month: 6, day: 16)! && first.fields.assigneeId == [ann.id, bea.id].min())
            let second = try #require(tasks.first { $0.fields.details?.contains(complaint.id) == true })
            #expect(second.fields.assigneeId == [ann.id, bea.id].max(), "round robin: the other fundraiser has fewer open follow-ups")
            #expect(second.fields.details?.contains("<script>alert(1)</script>") == true, "stored as text, shown escaped by the pages")

            let interactions = try await store.interactions.list(filters: [("constituent_id", person)], cursor: nil, limit: 10, by: .system).items
            #expect(interactions.count == 3 && interactions.allSatisfy { $0.fields.type == "feedback_given" && $0.fields.direction == .inbound })
            #expect(interactions.contains { $0.fields.occurredAt == received })

            let edited = try await store.feedback.update(detractor.id, with: try FeedbackInput(constituentId: person, channel: .survey, text: "Fine now", rating: 9, scale: .nps).validated(), by: .system)
            #expect(edited.fields.recoveryReason == nil)
            #expect(try await store.tasks.list(cursor: nil, limit: 10, by: .system).items.count == 2, "an edit opens no second task")

            let missing = try FeedbackInput(constituentId: "0190f1a2-0000-7000-8000-000000000001", channel: .web, text: "x").validated()
            await #expect(throws: StoreError.self) { try await store.feedback.create(missing, by: .system) }
        }
    }

    @Test(arguments: TestEngine.available)
    func theReportGroupsByLoyaltyAndCampaignFiltersBySegmentAndQuotesTheWords(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            var tagged = sampleConstituent("Anna Jansen")
            tagged.tags = ["panel"]
            let anna = try await store.constituents.create(try tagged.validated(), by: .system).id
            let piet = try await store.constituents.create(try sampleConstituent("Piet Peeters").validated(), by: .system).id
            var named = DesignationInput()
            named.name = "Winter appeal"
            let campaign = try await store.designations(.campaign).create(try named.validated(), by: .system).id
            var gift = sampleGift(anna, 2_500, at: "2026-01-10T10:00:00Z")
            gift.campaignId = campaign
            _ = try await store.gifts.create(try gift.validated(), by: .system)
            for (id, rating, text, at) in [(anna, 9, "Lovely <b>evening</b>", "2026-02-01T10:00:00Z"), (piet, 4, "", "2026-03-01T10:00:00Z"),
                                           (piet, 6, "Too many letters", "2026-04-01T10:00:00Z")] {
                _ = try await store.feedback.create(try FeedbackInput(constituentId: id, channel: .survey, text: text, rating: rating, scale: .nps,
                                                                      receivedAt: Timestamp(iso8601: at)!).validated(), by: .system)
            }
            let period = (CalendarDate(year: 2026, month: 1, day: 1)!, CalendarDate(year: 2026, month: 12, day: 31)!)
            let report = try await store.feedbackReport(from: period.0, to: period.1, by: .system)
            #expect(report.byLoyalty.map(\.key) == ["prospect", "new"] && report.byLoyalty[1].figures.nps.promoters == 1, "Anna gave this year; Piet never")
            #expect(report.byCampaign.map(\.key) == ["Winter appeal", "none"].sorted() && report.byCampaign.first { $0.key == "none" }?.figures.feedback == 2)
            #expect(report.verbatims.map(\.text) == ["Too many letters", "Lovely <b>evening</b>"], "newest first, words only")
            let panel = try await store.segments.create(try SegmentInput(name: "Panel", ruleText: "tag = \"panel\"").validated(), by: .system)
            let members = try await store.feedbackReport(from: period.0, to: period.1, segmentId: panel.id, by: .system)
            #expect(members.overall.feedback == 1 && members.overall.nps.score == 100)
            await #expect(throws: StoreError.self) {
                try await store.feedbackReport(from: period.0, to: period.1, segmentId: "0190f1a2-0000-7000-8000-000000000001", by: .system)
            }
        }
    }
}
