import Foundation
import KindredCore
import KindredStore
import KindredTestSupport
import Testing

/// The event log's contract, on SQLite and PostgreSQL.
@Suite struct EventLogTests {
    let writer = Actor(kind: .apiKey, id: "key-1", role: .viewer)

    func message(_ type: TrackingCall, _ id: String, user: String? = nil, anonymous: String? = nil, previous: String? = nil,
                 name: String? = nil, traits: JSONValue.Object = [:], properties: JSONValue.Object = [:],
                 at time: String = "2026-05-01T10:00:00Z") -> TrackingMessage {
        TrackingMessage(type: type, messageId: id, userId: user, anonymousId: anonymous, previousId: previous, name: name,
                        traits: traits, properties: properties, timestamp: Timestamp(iso8601: time)!)
    }

    @Test(arguments: TestEngine.available)
    func aliasedAndIdentifiedBrowsersJoinOnePerson(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let outcome = try await store.events.ingest([
                message(.page, "1", anonymous: "phone"), message(.track, "2", anonymous: "laptop", name: "Article Read"),
                message(.alias, "3", user: "member-7", previous: "phone"),
            ], by: writer)
            #expect(outcome == IngestOutcome(stored: 3, duplicates: 0))
            #expect(try await store.events.pendingCount() == 3)
            _ = try await store.events.ingest([message(.identify, "4", user: "member-7", anonymous: "laptop",
                                                       traits: ["name": "Sam Peeters", "email": "sam@example.be"])], by: writer)
            #expect(try await store.events.pendingCount() == 0)
            let found = try await ConstituentQueries(store: store).search(text: "peeters", role: nil, tag: nil, cursor: nil, limit: 10, by: .system)
            let person = try #require(found.items.first)
            let interactions = try await store.interactions.list(filters: [("constituent_id", person.id)], cursor: nil, limit: 10, by: .system)
            #expect(Set(interactions.items.map(\.fields.type)) == ["page_viewed", "article_read"])
        }
    }

    @Test(arguments: TestEngine.available)
    func identifyFindsAKnownPersonByEmail(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let known = try await store.constituents.create(try sampleConstituent("Anna Jansen", email: "anna@example.org").validated(), by: .system)
            _ = try await store.events.ingest([message(.identify, "i", user: "web-1", traits: ["email": "ANNA@example.org", "phone": "+32 470 12 34 56"])], by: writer)
            let read = try await store.constituents.get(known.id, by: .system)
            #expect(read.fields.phones == ["+32470123456"] && read.fields.displayName == "Anna Jansen")
            let people = try await store.constituents.list(cursor: nil, limit: 10, by: .system)
            #expect(people.items.count == 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func donationsBecomeGiftsOnceWithExactRollups(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let donation = message(.track, "d1", user: "u", name: "Donation Completed", properties: ["amount": .number(12.5), "currency": "EUR", "orderId": "A-1"])
            var retry = donation
            retry.messageId = "d1-retry"
            let outcome = try await store.events.ingest([donation, donation, retry], by: writer)
            #expect(outcome == IngestOutcome(stored: 2, duplicates: 1))
            let gifts = try await store.gifts.list(cursor: nil, limit: 10, by: .system)
            #expect(gifts.items.count == 1 && gifts.items[0].fields.amountMinor == 1250)
            let summary = try await ConstituentQueries(store: store).givingSummary(of: gifts.items[0].fields.constituentId, by: .system)
            #expect(summary.first?.totalMinor == 1250)
            let dashboard = try await store.segments.dashboard(freshPopulation: true)
            #expect(dashboard.givingByMonth.map(\.totalMinor) == [1250], "the organisation's giving counts the donation once")
            #expect(dashboard.retention.last?.amountCurrentYear == 1250)
        }
    }

    @Test(arguments: TestEngine.available)
    func concurrentRetriesStoreAMessageOnce(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let batch = (0..<20).map { message(.track, "m\($0)", user: "u\($0 % 3)", name: "Email Opened") }
            try await withThrowingTaskGroup(of: IngestOutcome.self) { group in
                for _ in 0..<4 { group.addTask { try await store.events.ingest(batch, by: writer) } }
                var stored = 0
                for try await outcome in group { stored += outcome.stored }
                #expect(stored == 20)
            }
            let interactions = try await store.interactions.list(cursor: nil, limit: 100, by: .system)
            #expect(interactions.items.count == 20)
        }
    }

    @Test func aWriteWaitingBehindALongImportGivesUpInsteadOfHanging() async throws {
        try await withTestStore(.sqlite) { store in
            let (holderDone, waiterGaveUp) = (Flag(), Flag())
            // The long write holds the database until the waiting one has given up (or a minute has passed), so a
            // loaded machine cannot make it finish first.
            let holding = Task {
                try await store.database.write(patience: nil) { _ in
                    for _ in 0..<600 where !waiterGaveUp.isSet { try await Task.sleep(for: .milliseconds(100)) }
                }
                holderDone.set()
            }
            try await Task.sleep(for: .milliseconds(100))
            await #expect(throws: StoreError.self) {
                try await store.events.ingest([message(.track, "late", user: "u", name: "Email Opened")], by: writer)
            }
            #expect(!holderDone.isSet, "the write gave up only after the long one had finished")
            waiterGaveUp.set()
            try await holding.value
            #expect(try await store.events.ingest([message(.track, "late", user: "u", name: "Email Opened")], by: writer).stored == 1)
        }
    }
}

/// A flag one task sets and another reads.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    /// Whether it has been set.
    var isSet: Bool { lock.withLock { value } }

    /// Sets it.
    func set() { lock.withLock { value = true } }
}
