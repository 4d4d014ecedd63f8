import Foundation
import KindredCore
import KindredStore
import KindredTestSupport
import Testing

/// A clock tests move by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now = testNow

    /// The current instant.
    func read() -> Timestamp { lock.withLock { now } }

    /// Moves the clock on.
    func advance(minutes: Int64) { lock.withLock { now = now.adding(milliseconds: minutes * 60_000) } }
}

@Suite struct WebSessionTests {
    @Test(arguments: TestEngine.available)
    func sessionsEndWhenIdleWhenOldAndAtSignOut(engine: TestEngine) async throws {
        let clock = ManualClock()
        try await withTestStore(engine, clock: { clock.read() }) { store in
            let user = try await StaffDirectory(database: store.database).createUser(email: "Anna@Example.org", passwordHash: "hash", role: .fundraiser)
            let sessions = WebSessions(database: store.database, clock: { clock.read() })
            func signIn() async throws -> String {
                guard case .signedIn(let id, let session) = try await sessions.signIn(email: " anna@example.ORG", address: "10.0.0.1", verify: { $0 == "hash" }) else {
                    Issue.record("sign-in refused")
                    return ""
                }
                #expect(session.user.id == user.id && session.csrfToken.count >= 40)
                return id
            }
            let idle = try await signIn()
            #expect(try await sessions.session(id: idle)?.user.email == "anna@example.org")
            clock.advance(minutes: 29)
            #expect(try await sessions.session(id: idle) != nil)
            clock.advance(minutes: 29)
            #expect(try await sessions.session(id: idle) != nil, "use 29 minutes ago keeps it alive")
            clock.advance(minutes: 31)
            #expect(try await sessions.session(id: idle) == nil, "31 minutes idle ends it")
            let busy = try await signIn()
            for _ in 0..<40 {  // used every 20 minutes: alive until 12 hours after sign-in
                clock.advance(minutes: 20)
                if try await sessions.session(id: busy) == nil { break }
            }
            #expect(try await sessions.session(id: busy) == nil)
            let ended = try await signIn()
            try await sessions.signOut(id: ended)
            #expect(try await sessions.session(id: ended) == nil)
            #expect(try await sessions.session(id: String(repeating: "x", count: 500)) == nil)
            try await sessions.setLanguage(.fr, of: user.id)
            #expect(try await sessions.session(id: try await signIn())?.language == .fr)
            // Five failures for the email within 15 minutes throttle it, even with the right password; later it clears.
            for _ in 0..<5 { if case .refused = try await sessions.signIn(email: "anna@example.org", address: "10.0.0.2", verify: { _ in false }) {} else { Issue.record("not refused") } }
            guard case .throttled = try await sessions.signIn(email: "anna@example.org", address: "10.0.0.3", verify: { $0 == "hash" }) else { Issue.record("not throttled"); return }
            clock.advance(minutes: 16)
            #expect(try await signIn().isEmpty == false)
        }
    }
}

@Suite struct SortedListTests {
    @Test(arguments: TestEngine.available)
    func peopleSortedByNamePageThroughTiesExactly(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            for name in ["Zoë", "anna", "Bram", "Anna", "cas", "Anna"] {
                _ = try await store.constituents.create(try ConstituentInput(givenName: name).validated(), by: .system)
            }
            var names: [String] = [], ids: [String] = [], cursor: String?
            repeat {
                let page = try await ConstituentQueries(store: store).search(text: nil, role: nil, tag: nil, cursor: cursor, limit: 2, order: .name, by: .system)
                names += page.items.map(\.fields.displayName)
                ids += page.items.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(names.map { $0.lowercased() } == ["anna", "anna", "anna", "bram", "cas", "zoë"])
            #expect(Set(ids).count == 6)
            await #expect(throws: ValidationFailure.self) {
                _ = try await ConstituentQueries(store: store).search(text: nil, role: nil, tag: nil, cursor: "'; DROP TABLE constituents; --", limit: 2, order: .name, by: .system)
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func peopleInEveryOrderPageThroughTiesExactly(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            var byName: [String: String] = [:]
            for name in ["Zoë", "Anna", "Bram", "Cas", "Dirk", "Eva"] {
                byName[name] = try await store.constituents.create(try ConstituentInput(givenName: name).validated(), by: .system).id
            }
            // Bram and Cas tie on total and on the day of their last gift; Dirk gave only in dollars; Eva and Zoë never gave.
            for (name, amount, at, currency) in [("Anna", 50_000, "2026-01-05", "EUR"), ("Bram", 2_500, "2026-03-01", "EUR"),
                                                 ("Cas", 2_500, "2026-03-01", "EUR"), ("Anna", 1_000, "2024-01-01", "EUR"),
                                                 ("Dirk", 9_999_999, "2026-04-01", "USD")] {
                _ = try await store.gifts.create(try sampleGift(byName[name]!, Int64(amount), at: at + "T10:00:00Z", currency: currency).validated(), by: .system)
            }
            func all(_ order: PeopleOrder) async throws -> [String] {
                var names: [String] = [], cursor: String?
                repeat {
                    let page = try await ConstituentQueries(store: store).search(text: nil, role: nil, tag: nil, cursor: cursor, limit: 2, order: order, by: .system)
                    names += page.items.map(\.fields.displayName)
                    cursor = page.nextCursor
                } while cursor != nil
                return names
            }
            let ties = [byName["Bram"]!, byName["Cas"]!].sorted(by: >).map { id in byName.first { $0.value == id }!.key }
            #expect(try await all(.totalGiven) == ["Anna"] + ties)
            #expect(try await all(.lastGift) == ties + ["Anna"])
            #expect(try await all(.nameDescending) == ["Zoë", "Eva", "Dirk", "Cas", "Bram", "Anna"])
            #expect(try await all(.newest) == ["Eva", "Dirk", "Cas", "Bram", "Anna", "Zoë"])
            #expect(try await all(.added) == ["Zoë", "Anna", "Bram", "Cas", "Dirk", "Eva"])
            let start = try await ConstituentQueries(store: store).search(text: nil, role: nil, tag: nil, cursor: nil, limit: 1, order: .totalGiven, by: .system)
            for bad in ["bm9wZQ", start.nextCursor!.replacingOccurrences(of: "A", with: "B"), String(repeating: "x", count: 3000)] {
                await #expect(throws: ValidationFailure.self, "\(bad)") {
                    _ = try await ConstituentQueries(store: store).search(text: nil, role: nil, tag: nil, cursor: bad, limit: 2, order: .totalGiven, by: .system)
                }
            }
        }
    }
}
