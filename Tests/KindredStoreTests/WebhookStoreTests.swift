import KindredCore
import KindredStore
import KindredTestSupport
import Testing

/// The webhook outbox on SQLite and PostgreSQL: deliveries are queued with what they report, only for subscribed
/// events, claimed once (leased while sent), and their outcomes recorded.
@Suite struct WebhookStoreTests {
    @Test(arguments: TestEngine.available)
    func deliveriesAreQueuedClaimedOnceAndRecorded(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let hook = try await store.webhooks.create(WebhookInput(url: "https://example.org/hook", events: [.segmentEntered, .feedbackCreated]), by: .system)
            _ = try await store.webhooks.create(WebhookInput(url: "https://example.org/off", events: [.feedbackCreated], active: false), by: .system)
            let person = try await store.constituents.create(try sampleConstituent("Anna Jansen").validated(), by: .system).id
            _ = try await store.feedback.create(try FeedbackInput(constituentId: person, channel: .email, text: "Thanks!").validated(), by: .system)
            let segment = try await store.segments.create(try SegmentInput(name: "Everyone", ruleText: "gifts() >= 0").validated(), by: .system)
            _ = try await store.segments.trackMemberships()
            let claimed = try await store.webhooks.claimDue()
            #expect(claimed.map(\.event).sorted() == ["feedback.created", "segment.entered"], "one per subscribed event; the inactive hook gets none")
            #expect(claimed.first { $0.event == "segment.entered" }?.payload.contains(segment.id) == true)
            #expect(try await store.webhooks.claimDue().isEmpty, "a claimed delivery is leased to its sender")
            for delivery in claimed { try await store.webhooks.record(delivery.id, status: 204, error: nil) }
            let log = try await store.webhooks.deliveries(of: hook.id, cursor: nil, limit: 1)
            #expect(log.items.count == 1 && log.items[0].status == "delivered" && log.nextCursor != nil)
            try await store.webhooks.delete(hook.id, by: .system)
            await #expect(throws: StoreError.self) { try await store.webhooks.deliveries(of: hook.id, cursor: nil, limit: 1) }
            await #expect(throws: ValidationFailure.self) { try await store.webhooks.create(WebhookInput(url: "mailto:x@example.org", events: [.feedbackCreated]), by: .system) }
        }
    }
}
