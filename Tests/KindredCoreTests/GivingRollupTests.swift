import Foundation
import KindredCore
import Testing

@Suite struct GivingRollupTests {
    func gift(_ id: String, _ amount: Int64, _ at: String, _ status: GiftStatus = .completed, _ currency: String = "EUR") -> GiftFact {
        GiftFact(id: id, amountMinor: amount, currency: currency, receivedAt: Timestamp(iso8601: at)!, status: status)
    }

    @Test func rollupsCountCompletedGiftsPerCurrency() {
        let facts = [
            gift("a", 1000, "2022-03-01T10:00:00Z"), gift("b", 5000, "2023-06-01T10:00:00Z"),
            gift("c", 5000, "2024-01-15T10:00:00Z"), gift("d", 9999, "2024-02-01T10:00:00Z", .refunded),
            gift("e", 700, "2024-02-01T10:00:00Z", .completed, "USD"),
        ]
        let rollups = CurrencyRollup.compute(from: facts, timeZone: TimeZone(identifier: "UTC")!)
        #expect(rollups.map(\.currency) == ["EUR", "USD"])
        let euro = rollups[0]
        #expect(euro.giftCount == 3)
        #expect(euro.totalMinor == 11000)
        #expect(euro.firstGift.amountMinor == 1000)
        #expect(euro.lastGift.at == Timestamp(iso8601: "2024-01-15T10:00:00Z"))
        #expect(euro.largestGift.at == Timestamp(iso8601: "2023-06-01T10:00:00Z"))
        #expect(euro.months.map(\.month) == ["2022-03", "2023-06", "2024-01"])
    }

    @Test func monthsFollowTheOrganisationsTimeZone() {
        let facts = [gift("a", 1000, "2023-12-31T23:30:00Z")]
        let amsterdam = CurrencyRollup.compute(from: facts, timeZone: TimeZone(identifier: "Europe/Amsterdam")!)
        #expect(amsterdam[0].months.map(\.month) == ["2024-01"])
    }

    @Test func summaryDerivesYearsStreaksAndBestYear() {
        let facts = [gift("a", 1000, "2022-03-01T10:00:00Z"), gift("b", 2000, "2024-08-01T10:00:00Z"),
                     gift("c", 3000, "2025-02-01T10:00:00Z"), gift("d", 500, "2026-01-10T10:00:00Z")]
        let rollup = CurrencyRollup.compute(from: facts, timeZone: TimeZone(identifier: "UTC")!)[0]
        let calendarYear = GivingSummary(rollup: rollup, today: CalendarDate(iso8601: "2026-06-15")!, calendar: FiscalCalendar())
        #expect(calendarYear.currentFiscalYear == 2026)
        #expect(calendarYear.givenThisYearMinor == 500)
        #expect(calendarYear.givenLastYearMinor == 3000)
        #expect(calendarYear.givenTwoYearsAgoMinor == 2000)
        #expect(calendarYear.distinctYears == 4)
        #expect(calendarYear.consecutiveYearStreak == 3)
        #expect(calendarYear.bestYear == FiscalYearTotal(fiscalYear: 2025, totalMinor: 3000))
        #expect(calendarYear.averageGiftMinor == 1625)
        let julyYear = GivingSummary(rollup: rollup, today: CalendarDate(iso8601: "2026-06-15")!, calendar: FiscalCalendar(startMonth: 7))
        #expect(julyYear.currentFiscalYear == 2026)
        #expect(julyYear.givenThisYearMinor == 500)
        #expect(julyYear.givenLastYearMinor == 5000)
        #expect(julyYear.consecutiveYearStreak == 2)
    }

    @Test func demoIsDeterministic() {
        let first = DemoOrganisation.generate(seed: 7, today: Timestamp(iso8601: "2026-01-01T00:00:00Z")!, size: 200)
        let second = DemoOrganisation.generate(seed: 7, today: Timestamp(iso8601: "2026-01-01T00:00:00Z")!, size: 200)
        #expect(first.gifts.map(\.input.amountMinor) == second.gifts.map(\.input.amountMinor))
        #expect(first.constituents.count == 200)
        #expect(first.gifts.count >= 800)
        #expect(first.interactions.count == 4000)
        #expect(first.gifts.contains { $0.friend != nil })
        for constituent in first.constituents { #expect((try? constituent.validated()) != nil) }
    }
}
