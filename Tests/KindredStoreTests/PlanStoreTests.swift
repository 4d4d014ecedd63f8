import Foundation
import KindredCore
import KindredStore
import KindredTestSupport
import Testing

/// Engagement plans on SQLite and PostgreSQL with a clock moved by hand: a first gift enrols its donor once, the steps
/// run at their time (weekends skipped) and never twice, a condition that no longer holds skips a step, old imported
/// gifts enrol nobody, and segment and detractor triggers fire by themselves.
@Suite struct PlanStoreTests {
    static func plan(_ trigger: PlanTrigger, steps: [PlanStep], condition: String? = nil, skipWeekends: Bool = false) throws -> EngagementPlanFields {
        try EngagementPlanInput(name: "Welcome", trigger: trigger, condition: condition, steps: steps, skipWeekends: skipWeekends).validated()
    }

    @Test(arguments: TestEngine.available)
    func aFirstGiftEnrolsOnceAndEachStepRunsOnceAtItsTime(engine: TestEngine) async throws {
        let clock = ManualClock()  // Monday 15 June 2026, 12:00 UTC
        try await withTestStore(engine, clock: { clock.read() }) { store in
            let template = try await store.messageTemplates.create(try MessageTemplateInput(name: "Thanks", variants: MessageVariants(
                en: MessageVariant(subject: "Thank you", body: "Thank you, {{givenName}}"))).validated(), by: .system)
            let welcome = try await store.engagementPlans.create(try Self.plan(PlanTrigger(kind: .firstGift), steps: [
                PlanStep(delayHours: 0, action: .createTask, text: "Thank-you call", taskKind: .thankYou),
                PlanStep(delayHours: 96, action: .sendMessage, templateId: template.id),
                PlanStep(delayHours: 0, action: .addTag, text: "welcomed"),
            ], condition: "not tag = \"do-not-call\"", skipWeekends: true), by: .system)
            clock.advance(minutes: 1)
            let anna = try await store.constituents.create(try sampleConstituent("Anna Jansen", email: "anna@example.org").validated(), by: .system).id
            let oldDonor = try await store.constituents.create(try sampleConstituent("Oud Donateur").validated(), by: .system).id
            _ = try await store.consent.create(try ConsentInput(constituentId: anna, channel: .email, status: .granted, recordedAt: clock.read(), source: "test").validated(), by: .system)
            _ = try await store.gifts.create(try sampleGift(anna, 2500, at: "2026-06-15T11:00:00Z").validated(), by: .system)
            _ = try await store.gifts.create(try sampleGift(anna, 1000, at: "2026-06-15T11:30:00Z").validated(), by: .system)
            _ = try await store.gifts.create(try sampleGift(oldDonor, 1000, at: "2019-03-01T10:00:00Z").validated(), by: .system)
            #expect(try await store.plans.scanTriggers() == 0, "records younger than five seconds wait for the next scan")
            clock.advance(minutes: 1)
            #expect(try await store.plans.scanTriggers() == 1, "only Anna's first gift, not her second or an old imported one")
            #expect(try await store.plans.scanTriggers() == 0)
            #expect(try await store.plans.runDue() == 1)
            #expect(try await store.plans.runDue() == 0, "a step runs once")
            let tasks = try await store.tasks.list(filters: [("constituent_id", anna)], cursor: nil, limit: 10, by: .system).items
            #expect(tasks.map(\.fields.title) == ["Thank-you call"] && tasks.first?.fields.kind == .thankYou && tasks.first?.fields.dueOn.description == "2026-06-17")
            // 96 hours on is Friday 19 June 12:02; the tag step right after falls on the same moment.
            clock.advance(minutes: 96 * 60 - 5)
            #expect(try await store.plans.runDue() == 0)
            clock.advance(minutes: 10)
            #expect(try await store.plans.runDue() == 2)
            #expect(try await store.messages.list(constituentId: anna, status: .queued, cursor: nil, limit: 5, by: .system).items.first?.source == "plan:\(welcome.id)")
            #expect(try await store.constituents.get(anna, by: .system).fields.tags == ["welcomed"])
            let jobs = try await store.planJobs(planId: welcome.id, cursor: nil, limit: 10, by: .system).items
            #expect(jobs.map(\.status) == ["done", "done", "done"] && jobs.allSatisfy { $0.constituentId == anna })
        }
    }

    @Test(arguments: TestEngine.available)
    func weekendsConditionsSegmentsAndDetractors(engine: TestEngine) async throws {
        let clock = ManualClock()
        try await withTestStore(engine, clock: { clock.read() }) { store in
            let segment = try await store.segments.create(try SegmentInput(name: "Volunteers", ruleText: "tag = \"volunteer\"").validated(), by: .system)
            _ = try await store.segments.trackMemberships()
            let entered = try await store.engagementPlans.create(try Self.plan(PlanTrigger(kind: .segmentEntered, segmentId: segment.id), steps: [
                PlanStep(delayHours: 120, action: .createTask, text: "Welcome the volunteer")], condition: "tag = \"volunteer\"", skipWeekends: true), by: .system)
            let detractor = try await store.engagementPlans.create(try Self.plan(PlanTrigger(kind: .detractorAnswer), steps: [
                PlanStep(delayHours: 0, action: .callWebhook)]), by: .system)
            clock.advance(minutes: 1)
            var input = sampleConstituent("Vera Volunteer")
            input.tags = ["volunteer"]
            let vera = try await store.constituents.create(try input.validated(), by: .system).id
            _ = try await store.segments.trackMemberships()
            _ = try await store.feedback.create(try FeedbackInput(constituentId: vera, channel: .survey, text: "Slow answers", rating: 3, scale: .nps).validated(), by: .system)
            _ = try await store.feedback.create(try FeedbackInput(constituentId: vera, channel: .survey, text: "Great", rating: 9, scale: .nps).validated(), by: .system)
            clock.advance(minutes: 1)
            #expect(try await store.plans.scanTriggers() == 2)
            #expect(try await store.plans.runDue() == 1, "the detractor's webhook step at once")
            let jobs = try await store.planJobs(planId: entered.id, cursor: nil, limit: 5, by: .system).items
            #expect(jobs.map(\.dueAt) == [Timestamp(iso8601: "2026-06-22T12:02:00Z")!], "120 hours from the scan on Monday is Saturday: moved to Monday")
            #expect(try await store.planJobs(planId: detractor.id, cursor: nil, limit: 5, by: .system).items.map(\.status) == ["done"])
            var untagged = try await store.constituents.get(vera, by: .system).fields
            untagged.tags = []
            _ = try await store.constituents.update(vera, with: untagged, by: .system)
            clock.advance(minutes: 7 * 24 * 60)
            #expect(try await store.plans.runDue() == 1)
            let skipped = try await store.planJobs(planId: entered.id, cursor: nil, limit: 5, by: .system).items
            #expect(skipped.map(\.status) == ["skipped"] && skipped.first?.result == "the condition no longer holds")
            #expect(!(try await store.tasks.list(filters: [("constituent_id", vera)], cursor: nil, limit: 10, by: .system).items.contains { $0.fields.title == "Welcome the volunteer" }))
            await #expect(throws: StoreError.self) {
                try await store.engagementPlans.create(try Self.plan(PlanTrigger(kind: .segmentLeft, segmentId: RecordIdentifier.make(at: testNow)),
                                                                     steps: [PlanStep(delayHours: 0, action: .callWebhook)]), by: .system)
            }
        }
    }
}
