import Foundation
import KindredCore
import KindredStore
import KindredTestSupport
import Testing

/// The storage contract: every test runs on SQLite and on a real PostgreSQL server.
@Suite struct StorageContractTests {
    @Test func postgresSuiteRunsOrSaysWhyNot() throws {
        if let reason = PostgresHarness.unavailableReason {
            print("PostgreSQL storage suite SKIPPED: \(reason)")
            #expect(ProcessInfo.processInfo.environment["CI"] == nil, "CI must run the PostgreSQL suite: \(reason)")
        }
    }

    @Test(arguments: TestEngine.available)
    func constituentsRoundTripWithChildRows(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let household = try await store.households.create(try HouseholdInput(name: "Jansen family").validated(), by: .system)
            var input = sampleConstituent("Anna Jansen", roles: [.donor, .volunteer], email: "Anna@Example.org")
            input.phones = ["+31 6 1234 5678"]
            input.tags = ["Major donor", "newsletter"]
            input.customFields = ["shirtSize": .string("M"), "vip": .bool(true)]
            input.householdId = household.id
            input.givenName = "<script>alert('x')</script>"
            let created = try await store.constituents.create(try input.validated(), by: .system)
            let read = try await store.constituents.get(created.id, by: .system)
            #expect(read == created)
            #expect(read.fields.emails == ["anna@example.org"])
            #expect(read.fields.phones == ["+31612345678"])
            #expect(read.fields.givenName == "<script>alert('x')</script>")
            #expect(read.fields.customFields["vip"] == .bool(true))
            var changed = read.fields
            changed.tags = ["newsletter"]
            changed.roles = [.donor]
            let updated = try await store.constituents.update(created.id, with: changed, by: .system)
            #expect(try await store.constituents.get(created.id, by: .system) == updated)
        }
    }

    @Test(arguments: TestEngine.available)
    func duplicateExternalIdsAndMissingReferencesAreRefused(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            var input = sampleConstituent()
            input.source = "old-crm"
            input.externalId = "42"
            _ = try await store.constituents.create(try input.validated(), by: .system)
            await #expect { try await store.constituents.create(try input.validated(), by: .system) } throws: { error in
                if case StoreError.conflict = error { return true } else { return false }
            }
            input.externalId = "43"
            input.householdId = RecordIdentifier.make(at: testNow)
            await #expect { try await store.constituents.create(try input.validated(), by: .system) } throws: { error in
                (error as? StoreError) == .invalidReference(field: "householdId", message: "refers to a record that does not exist")
            }
            let missing = RecordIdentifier.make(at: testNow)
            await #expect { try await store.gifts.create(try sampleGift(missing).validated(), by: .system) } throws: { error in
                if case StoreError.invalidReference(field: "constituentId", _) = error { return true } else { return false }
            }
            await #expect { try await store.constituents.get(missing, by: .system) } throws: { error in
                (error as? StoreError) == .notFound(entity: "constituent", id: missing)
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func giftWritesKeepRollupsExact(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let donor = try await store.constituents.create(try sampleConstituent().validated(), by: .system)
            let friend = try await store.constituents.create(try sampleConstituent("Bram Visser").validated(), by: .system)
            var first = sampleGift(donor.id, 1000, at: "2024-02-01T10:00:00Z")
            first.softCredits = [SoftCredit(constituentId: friend.id)]
            let gift = try await store.gifts.create(try first.validated(), by: .system)
            #expect(try await store.gifts.get(gift.id, by: .system).fields.softCredits == [SoftCredit(constituentId: friend.id)])
            _ = try await store.gifts.create(try sampleGift(donor.id, 4000, at: "2025-05-01T10:00:00Z").validated(), by: .system)
            var refunded = sampleGift(donor.id, 9000, at: "2026-01-01T10:00:00Z")
            refunded.status = .refunded
            let refund = try await store.gifts.create(try refunded.validated(), by: .system)
            let queries = ConstituentQueries(store: store)
            let summary = try await queries.givingSummary(of: donor.id, by: .system)
            #expect(summary.count == 1)
            #expect(summary[0].totalMinor == 5000)
            #expect(summary[0].giftCount == 2)
            #expect(summary[0].givenLastYearMinor == 4000)
            #expect(summary[0].consecutiveYearStreak == 2)
            #expect(try await queries.givingSummary(of: friend.id, by: .system).isEmpty)
            var completed = refund.fields
            completed.status = .completed
            _ = try await store.gifts.update(refund.id, with: completed, by: .system)
            #expect(try await queries.storedRollups(of: donor.id) == (try await queries.recomputedRollups(of: donor.id)))
            #expect(try await queries.givingSummary(of: donor.id, by: .system)[0].totalMinor == 14000)
            try await store.gifts.delete(gift.id, by: .system)
            #expect(try await queries.givingSummary(of: donor.id, by: .system)[0].totalMinor == 13000)
            await #expect { try await store.constituents.delete(donor.id, by: .system) } throws: { error in
                if case StoreError.conflict = error { return true } else { return false }
            }
        }
    }

    /// Eight writers at once on one donor: every gift counted once in the rollups, whether it went in first time or
    /// after a refusal under load.
    @Test(arguments: TestEngine.available)
    func eightConcurrentWritersLeaveExactRollups(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let donor = try await store.constituents.create(try sampleConstituent().validated(), by: .system)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        for index in 0..<15 {
                            let day = 1 + (writer * 15 + index) % 28
                            let gift = sampleGift(donor.id, Int64(100 + writer * 10 + index), at: "2025-0\(1 + writer % 9)-\(day < 10 ? "0" : "")\(day)T10:00:00Z")
                            // A write that waited too long for the lock is refused whole (the API's 503); its client tries again.
                            for attempt in 1...5 {
                                do {
                                    _ = try await store.gifts.create(try gift.validated(), by: .system)
                                    break
                                } catch StoreError.unavailable where attempt < 5 {
                                    try await Task.sleep(for: .milliseconds(200))
                                }
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let queries = ConstituentQueries(store: store)
            let stored = try await queries.storedRollups(of: donor.id)
            #expect(stored == (try await queries.recomputedRollups(of: donor.id)))
            #expect(stored.first?.giftCount == 120)
        }
    }

    @Test(arguments: TestEngine.available)
    func searchTimelineAndScopes(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let anna = try await store.constituents.create(try sampleConstituent("Anna Jansen", email: "anna@example.org").validated(), by: .system)
            let client = try await store.constituents.create(try sampleConstituent("Cas Client", roles: [.client]).validated(), by: .system)
            _ = try await store.constituents.create(try sampleConstituent("100% Match_ing").validated(), by: .system)
            let queries = ConstituentQueries(store: store)
            let fundraiser = Actor(kind: .apiKey, id: "k", role: .fundraiser)
            let programStaff = Actor(kind: .apiKey, id: "p", role: .programStaff)
            #expect(try await queries.search(text: "JANS", role: nil, tag: nil, cursor: nil, limit: 10, by: fundraiser).items.map(\.id) == [anna.id])
            #expect(try await queries.search(text: "anna@ex", role: nil, tag: nil, cursor: nil, limit: 10, by: fundraiser).items.map(\.id) == [anna.id])
            #expect(try await queries.search(text: "%", role: nil, tag: nil, cursor: nil, limit: 10, by: fundraiser).items.count == 1)
            #expect(try await queries.search(text: "cas", role: nil, tag: nil, cursor: nil, limit: 10, by: fundraiser).items.isEmpty)
            #expect(try await queries.search(text: "cas", role: nil, tag: nil, cursor: nil, limit: 10, by: programStaff).items.map(\.id) == [client.id])
            let page = try await queries.search(text: nil, role: .donor, tag: nil, cursor: nil, limit: 1, by: fundraiser)
            #expect(page.items.count == 1 && page.nextCursor != nil)
            let next = try await queries.search(text: nil, role: .donor, tag: nil, cursor: page.nextCursor, limit: 1, by: fundraiser)
            #expect(next.items.count == 1 && next.nextCursor == nil && next.items[0].id != page.items[0].id)
            await #expect(throws: StoreError.notFound(entity: "constituent", id: client.id)) {
                try await store.constituents.get(client.id, by: fundraiser)
            }
            _ = try await store.gifts.create(try sampleGift(anna.id, 500, at: "2026-01-01T10:00:00Z").validated(), by: .system)
            _ = try await store.interactions.create(try InteractionInput(constituentId: anna.id, type: "article_read", channel: "web",
                                                                         occurredAt: Timestamp(iso8601: "2026-02-01T10:00:00Z")).validated(), by: .system)
            let timeline = try await queries.timeline(of: anna.id, cursor: nil, limit: 1, by: fundraiser)
            #expect(timeline.items.map(\.type) == ["article_read"])
            let rest = try await queries.timeline(of: anna.id, cursor: timeline.nextCursor, limit: 5, by: fundraiser)
            #expect(rest.items.map(\.type) == ["gift"] && rest.nextCursor == nil)
            let audit = try await store.database.read { try await $0.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'read' AND entity_id = \(bind: client.id)").first() }
            #expect(try audit?.decode(column: "n", as: Int.self) ?? 0 >= 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func consentHistoryKeepsTheLatestStatePerChannel(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let anna = try await store.constituents.create(try sampleConstituent().validated(), by: .system)
            for (status, time) in [(ConsentStatus.granted, "2025-01-01T00:00:00Z"), (.withdrawn, "2025-06-01T00:00:00Z")] {
                _ = try await store.consent.create(try ConsentInput(constituentId: anna.id, channel: .email, status: status,
                                                                    recordedAt: Timestamp(iso8601: time), source: "donation_form").validated(), by: .system)
            }
            _ = try await store.consent.create(try ConsentInput(constituentId: anna.id, channel: .post, status: .granted,
                                                                recordedAt: Timestamp(iso8601: "2024-01-01T00:00:00Z"), source: "phone").validated(), by: .system)
            let current = try await ConstituentQueries(store: store).currentConsent(of: anna.id, by: .system)
            #expect(Set(current.map { "\($0.fields.channel.rawValue)=\($0.fields.status.rawValue)" }) == ["email=withdrawn", "post=granted"])
            #expect(try await store.consent.list(filters: [("constituent_id", anna.id)], cursor: nil, limit: 10, by: .system).items.count == 3)
        }
    }

    @Test func databaseURLsAreParsedStrictly() throws {
        #expect(try DatabaseLocation(url: "sqlite:kindred.sqlite") == .sqlite(path: "kindred.sqlite"))
        #expect(try DatabaseLocation(url: "postgres://me:s%40cret@db:5433/kindred") ==
                .postgres(host: "db", port: 5433, username: "me", password: "s@cret", database: "kindred"))
        #expect("\(try DatabaseLocation(url: "postgres://me:secret@db/kindred"))" == "postgres://me@db:5432/kindred")
        for bad in ["mysql://x", "sqlite:", "postgres://db/kindred", "postgres://me@db"] {
            #expect(throws: StoreError.self) { try DatabaseLocation(url: bad) }
        }
    }
}
