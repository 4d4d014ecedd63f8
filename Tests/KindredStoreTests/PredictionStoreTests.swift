import Foundation
import KindredCore
import KindredStore
import KindredTestSupport
import Testing

/// Stored model fits and per-donor predictions, on SQLite and PostgreSQL: the daily refresh, the refresh inside every
/// gift write, segments on predictions, and the errors of a fit that cannot be made.
@Suite struct PredictionStoreTests {
    @Test(arguments: TestEngine.available)
    func refreshFitsTheModelsAndPredictsEveryDonor(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let ids = try await seedRepeatDonors(store)
            // Before any fit a gift write still stores the ask ladder, without a prediction.
            let early = try #require(try await store.predictions.of(ids[9]))
            #expect(early.prediction == nil && early.ask.amountsMinor.count == 3 && early.transactionsFitId == nil)
            let refresh = try await store.predictions.refreshAll()
            #expect(refresh.donors == 40 && refresh.asOf == testNow.utcDate)
            #expect(refresh.transactionsFit.model == .bgnbd && refresh.transactionsFit.donors == 40 && refresh.transactionsFit.forPredictions)
            #expect(refresh.valueFit?.model == .gammagamma || refresh.valueFitProblem != nil)
            let fits = try await store.models.list()
            #expect(fits.count == (refresh.valueFit == nil ? 1 : 2) && fits.contains { $0.id == refresh.transactionsFit.id })
            let found = try await store.models.find(refresh.transactionsFit.id)
            #expect(found.data.calibrationEnd == testNow.utcDate)
            #expect(found.seconds > 0 && found.seconds < 60 && found.seconds == refresh.transactionsFit.seconds, "a fit keeps how long it took")
            #expect(try await store.models.lastPredictionFitAt() == testNow)

            let stored = try #require(try await store.predictions.of(ids[7]))
            let prediction = try #require(stored.prediction)
            #expect(prediction.transactions == 8 && stored.transactionsFitId == refresh.transactionsFit.id)
            #expect((0...1).contains(prediction.probabilityAlive) && prediction.expectedGifts5Years >= prediction.expectedGifts1Year)
            #expect(prediction.lifetimeValueMinor >= 0 && stored.ask.amountsMinor == stored.ask.amountsMinor.sorted())
            #expect(try await store.predictions.of(try await store.constituents.create(try sampleConstituent("Prospect").validated(), by: .system).id) == nil)

            // A new gift updates the donor's prediction in its own transaction, with the fitted models.
            _ = try await store.gifts.create(try sampleGift(ids[7], 90_000, at: "2026-06-01T10:00:00Z").validated(), by: .system)
            let updated = try #require(try await store.predictions.of(ids[7]))
            #expect(updated.prediction?.transactions == 9 && updated.transactionsFitId == refresh.transactionsFit.id)
            #expect(updated.ask.amountsMinor[0] >= 90_000 / 9)

            // Segments read the stored predictions.
            let atRisk = try await store.segments.preview(try SegmentText.parse("prediction.lapseRisk = true"), by: .system)
            let notAtRisk = try await store.segments.preview(try SegmentText.parse("prediction.lapseRisk = false"), by: .system)
            #expect(atRisk + notAtRisk == 40)
            let low = try await store.segments.preview(try SegmentText.parse("prediction.activeProbability < 0.3 and prediction.lifetimeValue > 500"), by: .system)
            #expect(low <= atRisk)
            #expect(try await store.segments.preview(try SegmentText.parse("prediction.expectedGifts >= 0"), by: .system) == 40)
        }
    }

    @Test(arguments: TestEngine.available)
    func refundingEveryGiftRemovesThePrediction(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let donor = try await store.constituents.create(try sampleConstituent("Refunded").validated(), by: .system).id
            let gift = try await store.gifts.create(try sampleGift(donor, 2500).validated(), by: .system)
            #expect(try await store.predictions.of(donor)?.ask.amountsMinor == [2500, 3500, 6000])
            var refunded = gift.fields
            refunded.status = .refunded
            _ = try await store.gifts.update(gift.id, with: refunded, by: .system)
            #expect(try await store.predictions.of(donor) == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func fitsThatCannotBeMadeSayWhyAndStoreNothing(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            await #expect(throws: ModelFitError.notEnoughData("there are no donors")) { try await store.predictions.refreshAll() }
            await #expect(throws: ValidationFailure.self) { try await store.models.fit(ModelFitRequest(model: .bgbb, cohortYear: 2024)) }
            await #expect(throws: ValidationFailure.self) {
                try await store.models.fit(ModelFitRequest(model: .bgnbd, lastYear: 2020, calibrationEnd: CalendarDate(year: 2024, month: 1, day: 1)))
            }
            await #expect(throws: StoreError.notFound(entity: "model_fit", id: "nope")) { try await store.models.find("nope") }
            #expect(try await store.models.list().isEmpty)
            #expect(try await store.models.lastPredictionFitAt() == nil)
            await #expect(throws: ValidationFailure.self) { try await store.models.replaceSettings(PredictionSettings(lifetimeYears: 50), by: .system) }
            let settings = try await store.models.replaceSettings(PredictionSettings(discountRate: 0.05, lifetimeYears: 10), by: .system)
            #expect(try await store.models.settings() == settings)
        }
    }
}
