import Foundation
import KindredCore
import KindredStore
import KindredTestSupport
import Testing

/// The models' sufficient statistics as the database computes them from gifts, on SQLite and PostgreSQL.
@Suite struct ModelDataTests {
    @Test(arguments: TestEngine.available)
    func historiesCountDaysWeeksAndFiscalYearsFromCountedGiftsOnly(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            _ = try await OrganisationSettingsStore.replace(OrganisationProfile(fiscalYearStartMonth: 7), by: .system, in: store.database, at: testNow)
            var ids: [String] = []
            for name in ["A", "B", "C", "D"] { ids.append(try await store.constituents.create(try sampleConstituent("\(name) Donor").validated(), by: .system).id) }
            func gift(_ who: Int, _ amount: Int64, _ at: String, currency: String = "EUR", status: GiftStatus? = nil) async throws {
                var input = sampleGift(ids[who], amount, at: at, currency: currency)
                input.status = status
                _ = try await store.gifts.create(try input.validated(), by: .system)
            }
            // A: first 2024-01-01, same-day pair on 2024-01-15 (one transaction of 30.00), 2024-02-12; a gift after the end.
            try await gift(0, 1000, "2024-01-01T09:00:00Z")
            try await gift(0, 1000, "2024-01-15T09:00:00Z")
            try await gift(0, 2000, "2024-01-15T18:00:00Z")
            try await gift(0, 5000, "2024-02-12T09:00:00Z")
            try await gift(0, 9999, "2024-03-02T09:00:00Z")
            // B: one gift; a refunded one and a dollar one do not count.
            try await gift(1, 2500, "2024-01-29T12:00:00Z")
            try await gift(1, 2500, "2024-02-05T12:00:00Z", status: .refunded)
            try await gift(1, 2500, "2024-02-06T12:00:00Z", currency: "USD")
            // C: first gift on the calibration end itself (T = 0). D: first gift after the end (not in the data).
            try await gift(2, 700, "2024-02-26T23:59:00Z")
            try await gift(3, 700, "2024-02-27T00:00:00Z")
            let data = ModelData(store: store), end = CalendarDate(year: 2024, month: 2, day: 26)!, euro = Currency(code: "EUR")!
            let histories = try await data.repeatHistories(calibrationEnd: end, currency: euro)
            #expect(Set(histories.rows.map(\.row)) == [RepeatHistory(x: 2, tx: 6, T: 8), RepeatHistory(x: 0, tx: 0, T: 4), RepeatHistory(x: 0, tx: 0, T: 0)])
            #expect(histories.donors == 3)
            let values = try await data.repeatValues(calibrationEnd: end, currency: euro)
            #expect(values.rows.map(\.row) == [RepeatValue(x: 2, mean: 40)] && values.donors == 1)
            // Fiscal years from July: A and B's gifts fall in FY2024, C's too; D's as well. Cohort 2023 is empty.
            #expect(try await data.cohortHistories(cohortYear: 2023, lastYear: 2025, currency: euro).donors == 0)
            let cohort = try await data.cohortHistories(cohortYear: 2024, lastYear: 2026, currency: euro)
            #expect(cohort.donors == 4 && cohort.rows.map(\.row) == [DiscreteHistory(x: 0, tx: 0, n: 2)])
        }
    }
}
