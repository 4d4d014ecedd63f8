import Foundation
import KindredCore
import KindredStore
import KindredTestSupport
import Testing

/// Engagement kept in step with interactions and gifts, explained, and rebuilt on a settings change.
@Suite struct EngagementStoreTests {
    let day: Int64 = 86_400_000

    func person(_ store: KindredStore, _ name: String) async throws -> String {
        try await store.constituents.create(try sampleConstituent(name).validated(), by: .system).id
    }

    func interaction(_ store: KindredStore, _ who: String, _ type: String, daysAgo: Int64 = 0) async throws -> String {
        try await store.interactions.create(try InteractionInput(
            constituentId: who, type: type, occurredAt: testNow.adding(milliseconds: -daysAgo * day)).validated(), by: .system).id
    }

    /// The stored sums of a person, straight from the table.
    func storedSums(_ store: KindredStore, _ id: String) async throws -> [Double] {
        try await store.database.read { connection in
            guard let row = try await connection.raw("SELECT * FROM constituent_engagement WHERE constituent_id = \(bind: id)").first() else { return [] }
            return try ["giving", "content", "participation", "total", "non_giving"].map { try row.decode(column: $0, as: Double.self) }
        }
    }

    @Test(arguments: TestEngine.available)
    func scoresDecayExplainThemselvesAndMatchAFullRecompute(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let anna = try await person(store, "Anna Jansen")
            _ = try await interaction(store, anna, "article_read", daysAgo: 180)      // 2 → 1 point now
            _ = try await interaction(store, anna, "event_attended")                  // 6
            _ = try await interaction(store, anna, "newsletter_unsubscribed")         // −5: a negative signal
            _ = try await interaction(store, anna, "call")                            // counts nothing
            _ = try await store.gifts.create(try sampleGift(anna, 500, at: testNow.description).validated(), by: .system)  // 10
            let profile = try await store.engagement.profile(of: anna)
            #expect(abs(profile.points - 12) < 1e-9)
            let points = Dictionary(uniqueKeysWithValues: profile.dimensions.map { ($0.dimension, $0.points) })
            #expect(abs(points[.content]! + 4) < 1e-9 && points[.participation] == 6 && points[.giving] == 10)
            #expect(profile.topContributions.map(\.type) == ["gift", "event_attended", "newsletter_unsubscribed", "article_read"])
            #expect(profile.trend == .rising && abs(profile.pointsNinetyDaysAgo - 2 * pow(2, -0.5)) < 1e-9)
            #expect(profile.active && profile.score == 50)   // alone among the active: the mid-rank
            let incremental = try await storedSums(store, anna)
            #expect(try await store.engagement.recomputeAll() == 1)
            let rebuilt = try await storedSums(store, anna)
            #expect(zip(incremental, rebuilt).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) })
        }
    }

    @Test(arguments: TestEngine.available)
    func editsDeletesRefundsAndMergesKeepTheSumsExact(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let anna = try await person(store, "Anna Jansen")
            let read = try await interaction(store, anna, "article_read")
            let gift = try await store.gifts.create(try sampleGift(anna, 500, at: testNow.description).validated(), by: .system)
            #expect(try await storedSums(store, anna)[3] > 0)
            try await store.interactions.delete(read, by: .system)
            var refunded = gift.fields
            refunded.status = .refunded
            _ = try await store.gifts.update(gift.id, with: refunded, by: .system)
            #expect(try await storedSums(store, anna).allSatisfy { $0 == 0 })
            let dupe = try await person(store, "Anna Janssen")
            _ = try await interaction(store, dupe, "volunteer_shift_completed")
            _ = try await Merger(store: store).merge(survivorId: anna, duplicateId: dupe, taking: [], by: .system)
            #expect(try await storedSums(store, anna)[2] > 0)
        }
    }

    @Test(arguments: TestEngine.available)
    func quietlyEngagedSelfReportAndSettings(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            var givers: [String] = []
            for index in 0..<6 {
                let id = try await person(store, "Giver \(index)")
                _ = try await store.gifts.create(try sampleGift(id, 1000, at: testNow.adding(milliseconds: -Int64(index) * day).description).validated(), by: .system)
                givers.append(id)
            }
            let reader = try await person(store, "Quiet Reader")
            for daysAgo in [1, 5, 9] { _ = try await interaction(store, reader, "article_read", daysAgo: Int64(daysAgo)) }
            _ = try await interaction(store, reader, "volunteer_shift_completed")
            let profile = try await store.engagement.profile(of: reader)
            let giver = try await store.engagement.profile(of: givers[0])
            #expect(profile.quietlyEngaged && !giver.quietlyEngaged)
            // Ranked against the stored distributions (every value kept in a population this small), the same scores.
            try await store.engagement.refreshDistributions(minimumPopulation: 0)
            let (rankedReader, rankedGiver) = (try await store.engagement.profile(of: reader), try await store.engagement.profile(of: givers[0]))
            #expect(rankedReader == profile && rankedGiver == giver)

            try await store.engagement.recordSelfReported(1, for: reader, by: .system)
            let reported = try await store.engagement.profile(of: reader)
            #expect(reported.selfReported?.value == 1 && reported.selfReported?.agreement == .feelsLessEngaged)
            await #expect(throws: ValidationFailure.self) { try await store.engagement.recordSelfReported(6, for: reader, by: .system) }

            var settings = try await store.engagement.settings()
            settings.interactionWeights["article_read"] = EngagementWeight(.content, 0)
            _ = try await store.engagement.replaceSettings(settings, by: .system)
            let after = try await store.engagement.profile(of: reader)
            #expect(after.dimensions.first { $0.dimension == .content }?.points == 0 && after.points == 8)
            #expect(after.dimensions.first { $0.dimension == .content }?.score == 0, "the distributions were taken again after the rebuild")
            #expect(try await storedSums(store, reader)[1] == 0)
            settings.halfLifeDays = 1
            await #expect(throws: ValidationFailure.self) { try await store.engagement.replaceSettings(settings, by: .system) }
        }
    }
}
