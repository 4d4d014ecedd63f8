import Foundation
import KindredCore
import KindredStore
import KindredTestSupport
import Testing

/// Segments evaluated in SQL on SQLite and PostgreSQL, checked against the pure definitions person by person.
@Suite struct SegmentStoreTests {
    func members(_ store: KindredStore, _ text: String) async throws -> Set<String> {
        let segment = try await store.segments.create(try SegmentInput(name: "s \(UUID())", ruleText: text).validated(), by: .system)
        let page = try await store.segments.members(segment.id, cursor: nil, limit: 200, by: .system)
        #expect(try await store.segments.count(segment.id, by: .system) == page.items.count)
        return Set(page.items.map(\.id))
    }

    @Test(arguments: TestEngine.available)
    func loyaltyInSQLAgreesWithTheDefinitionForEveryone(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let p = try await LoyaltyStoreTests().organisation(store)
            let everyone = [p.a, p.b, p.c, p.d, p.e, p.f, p.g, p.h]
            var expected: [LoyaltyLevel: Set<String>] = [:]
            for id in everyone { expected[try await store.loyalty.loyalty(of: id).level, default: []].insert(id) }
            for level in LoyaltyLevel.allCases {
                #expect(try await members(store, "loyalty = \(level.rawValue)") == expected[level] ?? [], "\(level)")
            }
            #expect(try await members(store, "loyalty in [lapsed, lost]") == [p.c])
            #expect(try await members(store, "loyalty != repeat and loyalty != structural") == Set(everyone).subtracting([p.a, p.b, p.g, p.h]))
        }
    }

    @Test(arguments: TestEngine.available)
    func fieldsCountsAndNestingOnHandPickedPeople(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let p = try await LoyaltyStoreTests().organisation(store)
            var anna = try await store.constituents.get(p.a, by: .system).fields
            anna.tags = ["Do-Not-Call", "major"]
            anna.emails = ["anna@example.org"]
            anna.address = PostalAddress(line1: "Dorpstraat 1", postalCode: "3511 AB", city: "Utrecht")
            _ = try await store.constituents.update(p.a, with: anna, by: .system)
            _ = try await store.consent.create(try ConsentInput(constituentId: p.b, channel: .email, status: .granted, recordedAt: testNow, source: "form").validated(), by: .system)
            for (type, topic) in [("article_read", "water"), ("article_read", "water"), ("article_read", "school")] {
                _ = try await store.interactions.create(try InteractionInput(
                    constituentId: p.d, type: type, occurredAt: testNow.adding(milliseconds: -86_400_000),
                    properties: ["topic": .string(topic)]).validated(), by: .system)
            }
            #expect(try await members(store, #"tag = "do-not-call""#) == [p.a])
            #expect(try await members(store, #"not tag = "do-not-call" and loyalty = repeat"#) == [p.b, p.g])
            #expect(try await members(store, #"city contains "TRECH" and email exists"#) == [p.a])
            #expect(try await members(store, "consent.email = granted") == [p.b])
            #expect(try await members(store, "giving.total >= 600") == [p.b])                 // EUR rollups: b 1600
            #expect(try await members(store, #"giving.lastGiftAt >= "2026-01-10""#) == [p.a, p.b, p.f])
            #expect(try await members(store, #"giving.lastGiftAt <= "2025-07-01""#) == [p.c, p.d])
            #expect(try await members(store, "gifts(within 365 days) >= 1 and gifts() >= 2") == [p.a, p.b, p.f, p.g])   // g in USD
            #expect(try await members(store, "gifts(status = refunded) >= 1") == [p.e])
            #expect(try await members(store, "gifts(amount >= 200, currency = eur) = 1") == [p.c])   // only c has exactly one
            #expect(try await members(store, #"interactions(type = article_read, property.topic = "water", within 30 days) >= 2"#) == [p.d])
            #expect(try await members(store, "acquisition.throughFriend = true") == [p.a])
            #expect(try await members(store, "acquisition.device = mobile and (loyalty = new or loyalty = lapsed)") == [p.c, p.d])
            #expect(try await members(store, "relationships() >= 1") == [])
        }
    }

    @Test(arguments: TestEngine.available)
    func engagementConditionsAgreeWithProfilesAndMembershipIsLive(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            var ids: [String] = []
            for index in 0..<8 {
                let id = try await store.constituents.create(try sampleConstituent("Person \(index)").validated(), by: .system).id
                for reads in 0..<index {
                    _ = try await store.interactions.create(try InteractionInput(constituentId: id, type: "article_read",
                        occurredAt: testNow.adding(milliseconds: -Int64(reads) * 86_400_000)).validated(), by: .system)
                }
                if index % 3 == 0 { _ = try await store.gifts.create(try sampleGift(id, 1000, at: testNow.description).validated(), by: .system) }
                ids.append(id)
            }
            #expect(try await members(store, "engagement.trend = steady").count == 8)   // no baseline before a first rebuild
            _ = try await store.engagement.recomputeAll()
            var profiles: [String: EngagementProfile] = [:]
            for id in ids { profiles[id] = try await store.engagement.profile(of: id) }
            for threshold in [0.0, 25, 50, 62.5, 90] {
                #expect(try await members(store, "engagement.score >= \(threshold)") == Set(ids.filter { profiles[$0]!.score >= threshold }), "\(threshold)")
                #expect(try await members(store, "engagement.content < \(threshold)")
                        == Set(ids.filter { profiles[$0]!.dimensions.first { $0.dimension == .content }!.score < threshold }), "\(threshold)")
            }
            for level in EngagementLevel.allCases {
                #expect(try await members(store, "engagement.level = \(level.rawValue)") == Set(ids.filter { profiles[$0]!.level == level }))
            }
            #expect(try await members(store, "engagement.quietlyEngaged = true") == Set(ids.filter { profiles[$0]!.quietlyEngaged }))
            #expect(try await members(store, "engagement.trend = rising") == Set(ids.filter { profiles[$0]!.trend == .rising }))

            // Live: a write shows at once, and the tracker records entering and leaving.
            let rich = try await store.segments.create(try SegmentInput(name: "Two gifts", ruleText: "gifts() >= 2").validated(), by: .system)
            func richEvents() async throws -> [SegmentEvent] {
                _ = try await store.segments.trackMemberships()
                return try await store.segments.events(of: rich.id, cursor: nil, limit: 10).items
            }
            #expect(try await store.segments.count(rich.id, by: .system) == 0)
            #expect(try await richEvents().isEmpty)
            let gift = try await store.gifts.create(try sampleGift(ids[0], 500, at: testNow.description).validated(), by: .system)
            #expect(try await store.segments.count(rich.id, by: .system) == 1)
            #expect(try await richEvents().count == 1)
            try await store.gifts.delete(gift.id, by: .system)
            let events = try await richEvents()
            #expect(events.map(\.kind) == ["entered", "left"] && events.allSatisfy { $0.constituentId == ids[0] })
        }
    }

    @Test(arguments: TestEngine.available)
    func staticListsAndDefinitionsAreChecked(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let anna = try await store.constituents.create(try sampleConstituent("Anna Jansen").validated(), by: .system).id
            let client = try await store.constituents.create(try sampleConstituent("Cas Client", roles: [.client]).validated(), by: .system).id
            let list = try await store.segments.create(try SegmentInput(name: "Gala guests", description: "Invited to the gala").validated(), by: .system)
            #expect(list.kind == .static && list.rule == nil)
            #expect(try await store.segments.addMembers([anna, anna], to: list.id, by: .system) == 1)
            #expect(try await store.segments.addMembers([anna], to: list.id, by: .system) == 0)
            let fundraiser = Actor(kind: .user, id: nil, role: .fundraiser)
            await #expect(throws: StoreError.self) { try await store.segments.addMembers([client], to: list.id, by: fundraiser) }
            _ = try await store.segments.addMembers([client], to: list.id, by: .system)
            #expect(try await store.segments.count(list.id, by: fundraiser) == 1)
            #expect(try await store.segments.count(list.id, by: .system) == 2)
            #expect(try await store.segments.removeMembers([anna], from: list.id, by: .system) == 1)
            await #expect(throws: ValidationFailure.self) { try await store.segments.addMembers(["x"], to: list.id, by: .system) }
            await #expect(throws: StoreError.self) { try await store.segments.create(try SegmentInput(name: "Gala guests").validated(), by: .system) }
            let dynamic = try await store.segments.create(try SegmentInput(name: "Lapsed", ruleText: "loyalty = lapsed").validated(), by: .system)
            await #expect(throws: StoreError.self) { try await store.segments.addMembers([anna], to: dynamic.id, by: .system) }
            #expect(throws: ValidationFailure.self) { try SegmentInput(name: "x", ruleText: "loyalty = sleepy").validated() }
            #expect(throws: ValidationFailure.self) { try SegmentInput(name: "x", kind: .static, ruleText: "loyalty = lapsed").validated() }
            #expect(throws: ValidationFailure.self) { try SegmentInput(name: "x", kind: .dynamic).validated() }
            #expect(throws: ValidationFailure.self) { try SegmentInput(name: " ", ruleText: "loyalty = lapsed").validated() }
            #expect(try await store.segments.preview(try SegmentText.parse("role = client"), by: fundraiser) == 0)
            #expect(try await store.segments.preview(try SegmentText.parse("role = client"), by: .system) == 1)
        }
    }
}
