import Foundation
import KindredCore
import KindredStore
import KindredTestSupport
import Testing

/// Loyalty, retention and RFM on SQLite and PostgreSQL, on a hand-computed organisation whose fiscal year starts in July.
@Suite struct LoyaltyStoreTests {
    struct People {
        let a, b, c, d, e, f, g, h: String
    }

    /// FY runs July–June, named by the year it ends in; today (testNow) is 2026-06-15, in FY 2026.
    /// a: 100 in FY2025 (soft-credited to e), 150 in FY2026. b: FY2020, 500 in FY2025, 200 in FY2026. c: 300 on 2025-06-30
    /// (FY2025). d: 50 on 2025-07-01 (FY2026). e: only a refunded gift and a soft credit. f: FY2021 and 40 in FY2026.
    /// g: gives in USD only, FY2025 and FY2026. h: an active monthly plan, no gifts.
    func organisation(_ store: KindredStore) async throws -> People {
        _ = try await OrganisationSettingsStore.replace(OrganisationProfile(fiscalYearStartMonth: 7), by: .system, in: store.database, at: testNow)
        var ids: [String] = []
        for name in ["A Donor", "B Donor", "C Donor", "D Donor", "E Friend", "F Donor", "G Donor", "H Donor"] {
            ids.append(try await store.constituents.create(try sampleConstituent(name).validated(), by: .system).id)
        }
        let people = People(a: ids[0], b: ids[1], c: ids[2], d: ids[3], e: ids[4], f: ids[5], g: ids[6], h: ids[7])
        func gift(_ who: String, _ amount: Int64, _ at: String, currency: String = "EUR", status: GiftStatus? = nil, credit: String? = nil) async throws {
            var input = sampleGift(who, amount, at: at + "T10:00:00Z", currency: currency)
            input.status = status
            input.softCredits = credit.map { [SoftCredit(constituentId: $0)] }
            _ = try await store.gifts.create(try input.validated(), by: .system)
        }
        try await gift(people.a, 100, "2024-09-01", credit: people.e)
        try await gift(people.a, 150, "2026-01-10")
        try await gift(people.b, 900, "2020-03-01")
        try await gift(people.b, 500, "2025-03-01")
        try await gift(people.b, 200, "2026-03-01")
        try await gift(people.c, 300, "2025-06-30")
        try await gift(people.d, 50, "2025-07-01")
        try await gift(people.e, 999, "2026-02-01", status: .refunded)
        try await gift(people.f, 40, "2021-05-01")
        try await gift(people.f, 40, "2026-02-01")
        try await gift(people.g, 70, "2025-01-01", currency: "USD")
        try await gift(people.g, 80, "2026-01-01", currency: "USD")
        _ = try await store.recurringPlans.create(try RecurringPlanInput(
            constituentId: people.h, amountMinor: 1000, currency: Currency(code: "EUR"), frequency: .monthly, status: .active,
            startsOn: CalendarDate(iso8601: "2026-01-01")).validated(), by: .system)
        return people
    }

    @Test(arguments: TestEngine.available)
    func retentionFollowsTheDefinitionsOnAJulyFiscalYear(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            _ = try await organisation(store)
            let report = try await store.loyalty.retention(year: 2026)
            #expect(report.currency == "EUR")
            #expect(report.donorsPriorYear == 3 && report.donorsCurrentYear == 4)     // {a b c}, {a b d f}
            #expect(report.newDonors == 1 && report.retainedDonors == 2 && report.lapsedDonors == 1 && report.recapturedDonors == 1)
            #expect(report.upgradedDonors == 1 && report.downgradedDonors == 1)
            #expect(report.donorRetentionRate == 2.0 / 3)
            #expect(report.newDonorRetentionRate == 0.5 && report.repeatDonorRetentionRate == 1)
            #expect(report.amountPriorYear == 900 && report.amountCurrentYear == 440)
            #expect(report.dollarRetentionRate == 350.0 / 900)
            let dollars = try await store.loyalty.retention(year: 2026, currency: Currency(code: "USD"))
            #expect(dollars.donorsPriorYear == 1 && dollars.retainedDonors == 1 && dollars.amountCurrentYear == 80)
            let series = try await store.loyalty.retentionSeries(endingIn: 2026)
            #expect(series.map(\.year) == [2022, 2023, 2024, 2025, 2026] && series.last == report)
            #expect(series[3].donorsCurrentYear == 3 && series[3].newDonors == 2)      // FY2025: a c new, b recaptured
        }
    }

    @Test(arguments: TestEngine.available)
    func retentionTalliesFollowEveryGiftChangeAndTheFiscalYear(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let p = try await organisation(store)
            let built = try await store.loyalty.retentionSeries(endingIn: 2027)  // builds the tallies
            var input = sampleGift(p.c, 120, at: "2026-05-01T10:00:00Z")          // c comes back in FY2026
            let comeback = try await store.gifts.create(try input.validated(), by: .system)
            let moved = try await store.gifts.create(try sampleGift(p.e, 75, at: "2023-08-01T10:00:00Z").validated(), by: .system)
            input.amountMinor = 10
            input.constituentId = p.d                                          // and the gift moves to d, smaller
            _ = try await store.gifts.update(comeback.id, with: try input.validated(), by: .system)
            var refunded = sampleGift(p.e, 75, at: "2023-08-01T10:00:00Z")
            refunded.status = .refunded
            _ = try await store.gifts.update(moved.id, with: try refunded.validated(), by: .system)
            _ = try await store.gifts.create(try sampleGift(p.h, 60, at: "2024-12-24T10:00:00Z").validated(), by: .system)
            _ = try await store.gifts.create(try sampleGift(p.h, 30, at: "2026-06-01T10:00:00Z", currency: "USD").validated(), by: .system)
            _ = try await Merger(store: store).merge(survivorId: p.f, duplicateId: p.h, by: .system)  // f takes h's FY2025 gift
            let kept = try await store.loyalty.retentionSeries(endingIn: 2027)
            let keptUSD = try await store.loyalty.retentionSeries(endingIn: 2027, currency: Currency(code: "USD"))
            #expect(kept != built)
            #expect(kept[4].donorsPriorYear == 4 && kept[4].donorsCurrentYear == 0)  // FY2026 a b d f; nothing yet in FY2027
            #expect(kept[3].recapturedDonors == 0 && kept[3].retainedDonors == 3 && kept[3].donorsPriorYear == 4)  // f gave in FY2025 too, by h
            _ = try await store.loyalty.recomputeRollups()                      // rebuilds the tallies from scratch
            #expect(try await store.loyalty.retentionSeries(endingIn: 2027) == kept)
            #expect(try await store.loyalty.retentionSeries(endingIn: 2027, currency: Currency(code: "USD")) == keptUSD)
            #expect(keptUSD[3].donorsCurrentYear == 2 && keptUSD[3].newDonors == 1 && keptUSD[3].donorsPriorYear == 1)  // g, and f by h
            // A calendar fiscal year recounts every tally: c's 2025-06-30 and d's 2025-07-01 gifts now share 2025.
            _ = try await OrganisationSettingsStore.replace(OrganisationProfile(fiscalYearStartMonth: 1), by: .system, in: store.database, at: testNow)
            let calendar = try await store.loyalty.retention(year: 2025)
            #expect(calendar.donorsPriorYear == 2 && calendar.donorsCurrentYear == 3 && calendar.newDonors == 2)  // {a f}, {b c d}, c d
        }
    }

    @Test(arguments: TestEngine.available)
    func loyaltyLevelsAndAcquisition(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let p = try await organisation(store)
            var levels: [LoyaltyLevel] = []
            for id in [p.a, p.b, p.c, p.d, p.e, p.f, p.g, p.h] { levels.append(try await store.loyalty.loyalty(of: id).level) }
            #expect(levels == [.repeat, .repeat, .lapsed, .new, .prospect, .recaptured, .repeat, .structural])
            let a = try await store.loyalty.loyalty(of: p.a)
            #expect(a.fiscalYear == 2026 && a.givingYears == [2025, 2026])
            // The giving summary counts by the organisation's fiscal year too: 2024-09-01 is in FY2025 (July start).
            let summary = try #require(try await ConstituentQueries(store: store).givingSummary(of: p.a, by: .system).first)
            #expect(summary.currentFiscalYear == 2026 && summary.givenThisYearMinor == 150 && summary.givenLastYearMinor == 100)
            #expect(a.acquisition?.throughFriend == true && a.acquisition?.device == .mobile)
            #expect(try await store.loyalty.loyalty(of: p.a, on: CalendarDate(iso8601: "2025-01-01")!).level == .new)
            #expect(try await store.loyalty.loyalty(of: p.d, on: CalendarDate(iso8601: "2025-06-30")!).level == .prospect)
            #expect(try await store.loyalty.loyalty(of: p.e).acquisition == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func rfmScoresEveryDonorInTheWindow(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let p = try await organisation(store)
            let summary = try await store.loyalty.refreshRFM()
            #expect(summary.donors == 5 && summary.groups.values.reduce(0, +) == 5)   // a b c d f (EUR, since 2021-06)
            #expect(try await store.loyalty.rfm(of: p.e) == nil)
            let b = try #require(try await store.loyalty.rfm(of: p.b))
            #expect(b.monetary == 5 && b.frequency == 4)   // two gifts, like a; three donors gave once
            await #expect(throws: ValidationFailure.self) { try await store.loyalty.refreshRFM(windowYears: 0) }
        }
    }
}

/// The dashboard from maintained rollups, kept in step with gift writes.
@Suite struct DashboardStoreTests {
    @Test(arguments: TestEngine.available)
    func dashboardFiguresFollowEveryGiftWrite(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let p = try await LoyaltyStoreTests().organisation(store)
            let dashboard = try await store.segments.dashboard(freshPopulation: true)
            #expect(dashboard.loyalty == ["prospect": 1, "new": 1, "repeat": 3, "structural": 1, "recaptured": 1, "lapsed": 1, "lost": 0])
            var levels: [String: Int] = [:], quiet = 0
            for id in [p.a, p.b, p.c, p.d, p.e, p.f, p.g, p.h] {
                let profile = try await store.engagement.profile(of: id)
                levels[profile.level.rawValue, default: 0] += 1
                if profile.quietlyEngaged { quiet += 1 }
            }
            #expect(dashboard.engagementLevels.filter { $0.value > 0 } == levels && dashboard.quietlyEngaged == quiet)
            #expect(dashboard.givingByMonth.map(\.key) == ["2024-09", "2025-03", "2025-06", "2025-07", "2026-01", "2026-02", "2026-03"])
            #expect(dashboard.givingByMonth.map(\.totalMinor) == [100, 500, 300, 50, 150, 40, 200])
            #expect(dashboard.givingByChannel == [GivingBucket(key: "online", totalMinor: 440, giftCount: 4)])
            #expect(dashboard.givingBySource.map(\.key) == ["(direct)"] && dashboard.givingByDevice.map(\.key) == ["mobile"])
            #expect(dashboard.retention.count == 5 && dashboard.retention.last?.year == 2026)

            // A refund and a deletion take their gifts away; a rebuild from the gifts gives the same figures.
            let gifts = try await store.gifts.list(filters: [("constituent_id", p.b)], cursor: nil, limit: 10, by: .system).items
            let refunded = try #require(gifts.first { $0.fields.amountMinor == 200 })
            var fields = refunded.fields
            fields.status = .refunded
            _ = try await store.gifts.update(refunded.id, with: fields, by: .system)
            let dGift = try #require(try await store.gifts.list(filters: [("constituent_id", p.d)], cursor: nil, limit: 10, by: .system).items.first)
            try await store.gifts.delete(dGift.id, by: .system)
            let after = try await store.segments.dashboard(freshPopulation: true)
            #expect(after.givingByChannel == [GivingBucket(key: "online", totalMinor: 190, giftCount: 2)])
            try await store.loyalty.rebuildOrganisationGiving()
            #expect(try await store.segments.dashboard(freshPopulation: true) == after)
            #expect(try await store.segments.dashboard(currency: Currency(code: "USD")).givingByChannel.first?.totalMinor == 80)
            // Beyond the live-count limit (0 here) the stored population is read: a new gift shows in giving at once
            // and in the loyalty counts once they are counted again; below it, every dashboard counts afresh.
            let stored = try await store.segments.dashboard(liveCountLimit: 0)
            _ = try await store.gifts.create(try sampleGift(p.h, 500, at: "2026-06-01T10:00:00Z").validated(), by: .system)
            let cached = try await store.segments.dashboard(liveCountLimit: 0)
            #expect(cached.loyalty == stored.loyalty && cached.populationAsOf == stored.populationAsOf)
            #expect(cached.givingByChannel.first?.totalMinor == 690)
            #expect(try await store.segments.dashboard(freshPopulation: true).loyalty["structural"] == stored.loyalty["structural"])
            #expect(try await store.segments.storedPopulation() != nil)
        }
    }
}

/// The organisation's time zone decides a gift's day and month; changing it recounts the month rollups.
@Suite struct TimeZoneStoreTests {
    @Test(arguments: TestEngine.available)
    func aGiftCountsInTheMonthOfTheOrganisationsTimeZoneAndAChangeRecountsIt(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            _ = try await OrganisationSettingsStore.replace(OrganisationProfile(timeZone: "Europe/Brussels"), by: .system, in: store.database, at: testNow)
            let donor = try await store.constituents.create(try sampleConstituent("Nora Night").validated(), by: .system).id
            _ = try await store.gifts.create(try sampleGift(donor, 5000, at: "2026-01-31T23:30:00Z").validated(), by: .system)   // 00:30 on 1 Feb in Brussels
            let queries = ConstituentQueries(store: store)
            #expect(try await queries.storedRollups(of: donor).first?.months.map(\.month) == ["2026-02"])
            #expect(try await store.segments.dashboard().givingByMonth.first { $0.totalMinor > 0 }?.key == "2026-02")
            #expect(try await store.loyalty.recountIfTimeZoneChanged())            // counted before in UTC (the default)
            #expect(try await !store.loyalty.recountIfTimeZoneChanged())
            #expect(try await queries.storedRollups(of: donor).first?.months.map(\.month) == ["2026-02"])
            _ = try await OrganisationSettingsStore.replace(OrganisationProfile(timeZone: "America/New_York"), by: .system, in: store.database, at: testNow)
            #expect(try await store.loyalty.recountIfTimeZoneChanged())
            #expect(try await queries.storedRollups(of: donor).first?.months.map(\.month) == ["2026-01"])
            #expect(try await queries.storedRollups(of: donor) == queries.recomputedRollups(of: donor))
            #expect(try await store.segments.dashboard().givingByMonth.first { $0.totalMinor > 0 }?.key == "2026-01")
        }
    }
}
