import Foundation
import KindredCore
import KindredStore
import KindredTestSupport
import Testing

/// The supporter journey on SQLite and PostgreSQL with a clock moved by hand: everyone placed by the stage rules, moves
/// kept as history, the funnel and its filters, the stage-change and anniversary triggers (quiet hours waited out), touchpoint attribution,
/// site search and donation-form friction.
@Suite struct JourneyStoreTests {
    static func at(_ days: Int64) -> Timestamp { testNow.adding(milliseconds: days * 86_400_000) }

    static func interaction(_ store: KindredStore, _ person: String, _ type: String, daysAgo: Int64, _ properties: [String: JSONValue] = [:]) async throws {
        _ = try await store.interactions.create(try InteractionInput(constituentId: person, type: type, occurredAt: at(-daysAgo), properties: properties)
            .validated(), by: .system)
    }

    @Test(arguments: TestEngine.available)
    func peopleArePlacedMovesAreKeptAndTheFunnelFollows(engine: TestEngine) async throws {
        let clock = ManualClock()
        try await withTestStore(engine, clock: { clock.read() }) { store in
            let settings = try await store.journey.replaceSettings(JourneySettingsInput(stages: [
                JourneyStage(key: .cultivation, name: "Cultivation", rule: "interactions(within 180 days) >= 3"),
                JourneyStage(key: .lapsed, name: "Lapsed", rule: "loyalty in [lapsed, lost]"),
                JourneyStage(key: .donation, name: "Giving", rule: "giving.count >= 1"),
            ]), by: .system)
            #expect(settings.name(of: .donation) == "Giving")
            _ = try await store.webhooks.create(WebhookInput(url: "https://example.org/hook", events: [.stageChanged]), by: .system)
            func person(_ name: String) async throws -> String {
                let input = try sampleConstituent(name).validated()
                return try await store.constituents.create(input, by: .system).id
            }
            let (nobody, reader, donor, lapsed, sharer) = (try await person("No Body"), try await person("Rita Reader"), try await person("Dirk Donor"),
                                                           try await person("Lars Lapsed"), try await person("Sara Sharer"))
            try await Self.interaction(store, reader, "article_read", daysAgo: 10)
            _ = try await store.gifts.create(try sampleGift(donor, 2_500, at: "2026-06-01T10:00:00Z").validated(), by: .system)
            _ = try await store.gifts.create(try sampleGift(lapsed, 2_500, at: "2019-06-01T10:00:00Z").validated(), by: .system)
            try await Self.interaction(store, sharer, "post_shared", daysAgo: 3)
            #expect(try await store.journey.placeEveryone() == 5)
            #expect(try await store.journey.placeEveryone() == 0, "nobody moved")
            await #expect(throws: (any Error).self, "one open stage per person, whatever several processes do") {
                try await store.database.write { connection in
                    try await connection.raw("""
                        INSERT INTO journey_stage_history (id, constituent_id, stage, entered_at)
                        VALUES (\(bind: RecordIdentifier.make(at: testNow)), \(bind: nobody), 'discovery', \(bind: testNow.description))
                        """).run()
                }
            }
            let placed = try await [nobody, reader, donor, lapsed, sharer].asyncMap { try await store.journey.history(of: $0, by: .system).first?.stage }
            #expect(placed == [.awareness, .discovery, .donation, .lapsed, .advocacy])

            let plan = try await store.engagementPlans.create(try EngagementPlanInput(name: "Cultivate", trigger: PlanTrigger(kind: .stageChanged, stage: .cultivation),
                                                                                      steps: [PlanStep(delayHours: 0, action: .addTag, text: "cultivate")]).validated(), by: .system)
            clock.advance(minutes: 24 * 60)
            try await Self.interaction(store, reader, "email_link_clicked", daysAgo: 1)
            try await Self.interaction(store, reader, "page_viewed", daysAgo: 0)
            #expect(try await store.journey.placeEveryone() == 1)
            let history = try await store.journey.history(of: reader, by: .system)
            #expect(history.map(\.stage) == [.cultivation, .discovery] && history[0].previousStage == .discovery)
            #expect(history[1].leftAt == clock.read() && history[0].leftAt == nil)
            let moves = try await store.database.read { try await $0.raw("SELECT payload FROM webhook_deliveries WHERE event = 'journey.stage_changed'").all() }
            #expect(moves.count == 1, "one delivery for the one move, none for the first placements")
            #expect(try moves.first?.decode(column: "payload", as: String.self).contains("\"from\":\"discovery\"") == true)
            clock.advance(minutes: 1)
            #expect(try await store.plans.scanTriggers() == 1, "the reader's move, not anyone's first placement")
            #expect(try await store.plans.runDue() == 1)
            #expect(try await store.constituents.get(reader, by: .system).fields.tags == ["cultivate"])
            #expect(try await store.planJobs(planId: plan.id, cursor: nil, limit: 5, by: .system).items.count == 1)

            let funnel = try await store.journey.funnel(JourneyFilter(), by: .system)
            #expect(funnel.people == 5 && funnel.lapsed == 1)
            #expect(funnel.stages.map(\.now) == [1, 0, 1, 1, 1, 0])
            #expect(funnel.stages.map(\.reached) == [5, 3, 3, 2, 1, 0])
            #expect(funnel.stages[3].name == "Giving")
            let days = try #require(funnel.stages[1].medianDaysToNext)
            #expect(abs(days - 1) < 0.01, "a day from discovery to cultivation")
            #expect(try await store.journey.funnel(JourneyFilter(source: .online, device: .mobile), by: .system).people == 2, "the two donors' first gifts")
            #expect(try await store.journey.funnel(JourneyFilter(rule: "tag = cultivate"), by: .system).people == 1)
            await #expect(throws: ValidationFailure.self) { try await store.journey.funnel(JourneyFilter(rule: "tag = ' OR 1=1 --"), by: .system) }
        }
    }

    @Test(arguments: TestEngine.available)
    func anniversariesAndFallingEngagementFireOnceADay(engine: TestEngine) async throws {
        let clock = ManualClock()  // Monday 15 June 2026, 12:00 UTC
        try await withTestStore(engine, clock: { clock.read() }) { store in
            let anniversary = try await store.engagementPlans.create(try EngagementPlanInput(name: "Anniversary", trigger: PlanTrigger(kind: .firstGiftAnniversary),
                                                                                             steps: [PlanStep(delayHours: 0, action: .callWebhook)], quietHours: true).validated(), by: .system)
            let falling = try await store.engagementPlans.create(try EngagementPlanInput(name: "Falling", trigger: PlanTrigger(kind: .engagementFell, points: 30),
                                                                               steps: [PlanStep(delayHours: 0, action: .callWebhook)]).validated(), by: .system)
            let loyal = try await store.constituents.create(try sampleConstituent("Lotte Loyal").validated(), by: .system).id
            let other = try await store.constituents.create(try sampleConstituent("Otto Other").validated(), by: .system).id
            _ = try await store.gifts.create(try sampleGift(loyal, 1_000, at: "2024-06-16T09:00:00Z").validated(), by: .system)
            _ = try await store.gifts.create(try sampleGift(loyal, 1_000, at: "2025-06-16T09:00:00Z").validated(), by: .system)
            _ = try await store.gifts.create(try sampleGift(other, 1_000, at: "2025-06-17T09:00:00Z").validated(), by: .system)
            let faller = try await store.constituents.create(try sampleConstituent("Fien Faller").validated(), by: .system).id
            let riser = try await store.constituents.create(try sampleConstituent("Ruben Riser").validated(), by: .system).id
            try await store.database.write { connection in
                // Scores as percentiles: Fien was the most engaged 90 days ago and is the least engaged now; Ruben the reverse.
                try await connection.raw("UPDATE constituent_engagement SET total = 5, then_total = 5, last_active_at = '2026-06-01T00:00:00.000Z'").run()
                for (person, now, then) in [(faller, 1.0, 10.0), (riser, 10.0, 1.0)] {
                    try await connection.raw("""
                        INSERT INTO constituent_engagement (constituent_id, total, then_total, last_active_at)
                        VALUES (\(bind: person), \(bind: now), \(bind: then), '2026-06-01T00:00:00.000Z')
                        """).run()
                }
            }
            clock.advance(minutes: 60)
            #expect(try await store.plans.scanTriggers() == 0, "the same day as the plans were made: not checked yet")
            clock.advance(minutes: 12 * 60)  // Tuesday 16 June, 01:00 UTC
            #expect(try await store.plans.scanTriggers() == 2, "Lotte's first gift was on 16 June 2024; Fien's score fell by 100 points")
            #expect(try await store.planJobs(planId: falling.id, cursor: nil, limit: 5, by: .system).items.map(\.constituentId) == [faller])
            clock.advance(minutes: 60)
            #expect(try await store.plans.scanTriggers() == 0, "checked once a day")
            let jobs = try await store.planJobs(planId: anniversary.id, cursor: nil, limit: 5, by: .system).items
            #expect(jobs.map(\.constituentId) == [loyal])
            #expect(jobs.map(\.dueAt) == [Timestamp(iso8601: "2026-06-16T08:00:00Z")!], "01:00 is in the quiet hours (21–08 UTC): the step waits")
        }
    }

    @Test(arguments: TestEngine.available)
    func touchpointsSearchesAndFormsAreMeasured(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let form = try await store.touchpoints.create(try TouchpointInput(name: "Donate", kind: .form, match: "/donate", stages: [.donation]).validated(), by: .system)
            let stories = try await store.touchpoints.create(try TouchpointInput(name: "Stories", kind: .webPage, match: "https://example.org/stories",
                                                                                 stages: [.discovery]).validated(), by: .system)
            _ = try await store.touchpoints.create(try TouchpointInput(name: "Spring appeal", kind: .email, match: "spring-2026", stages: [.cultivation])
                .validated(), by: .system)
            let anna = try await store.constituents.create(try sampleConstituent("Anna Jansen").validated(), by: .system).id
            let bert = try await store.constituents.create(try sampleConstituent("Bert Boer").validated(), by: .system).id
            try await Self.interaction(store, anna, "page_viewed", daysAgo: 10, ["url": "https://www.example.org/stories/water", "device": "mobile"])
            try await Self.interaction(store, anna, "donation_form_started", daysAgo: 6, ["url": "https://example.org/donate?amount=25", "device": "mobile"])
            try await Self.interaction(store, anna, "donation_form_error", daysAgo: 6, ["url": "/donate", "device": "mobile", "error": "Card declined"])
            try await Self.interaction(store, anna, "donation_form_completed", daysAgo: 6, ["url": "/donate", "device": "mobile"])
            _ = try await store.gifts.create(try sampleGift(anna, 2_500, at: Self.at(-5).description).validated(), by: .system)
            try await Self.interaction(store, bert, "site_searched", daysAgo: 2, ["query": "Legacy  Gift", "results": 0])
            try await Self.interaction(store, bert, "site_searched", daysAgo: 2, ["query": "<script>alert(1)</script>", "results": "3"])
            try await Self.interaction(store, bert, "donation_form_started", daysAgo: 1, ["url": "/donate/monthly", "device": "desktop"])
            let period = ReportPeriod(from: Self.at(-30), to: testNow)
            let report = try await store.journey.touchpointReport(period, windowDays: 30, by: .system)
            let donate = try #require(report.touchpoints.first { $0.id == form.id }), story = try #require(report.touchpoints.first { $0.id == stories.id })
            #expect(donate.total.reach == 2 && donate.total.engaged == 2)
            #expect(donate.total.lastTouch == CreditedGifts(count: 1, amountMinor: 2_500) && donate.total.firstTouch.count == 0)
            #expect(donate.byDevice["desktop"]?.reach == 1 && donate.byDevice["mobile"]?.lastTouch.count == 1)
            #expect(story.total.reach == 1 && story.total.engaged == 0 && story.total.firstTouch == CreditedGifts(count: 1, amountMinor: 2_500))
            #expect(report.stages.filter(\.gap).map(\.key) == [.awareness, .advocacy, .service, .lapsed])
            #expect(report.stages.filter(\.silent).map(\.key) == [.cultivation], "the email reached nobody")
            let shorter = try await store.journey.touchpointReport(ReportPeriod(from: Self.at(-8), to: testNow), windowDays: 30, by: .system)
            #expect(shorter.touchpoints.first { $0.id == stories.id }?.total.reach == 0, "the page view falls before the period")

            let search = try await store.journey.siteSearch(period, by: .system)
            #expect(search.searches == 2 && search.withoutResults == 1 && search.termsWithoutResults.map(\.term) == ["legacy gift"])
            let forms = try await store.journey.formFriction(period, by: .system)
            #expect(forms.map { "\($0.page) \($0.device.rawValue) \($0.starts)/\($0.completions)/\($0.errors)" }
                == ["/donate mobile 1/1/1", "/donate/monthly desktop 1/0/0"])
        }
    }
}

extension Array {
    /// The results of an async transform, in order.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
