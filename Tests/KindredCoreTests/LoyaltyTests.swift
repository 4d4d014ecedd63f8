import KindredCore
import Testing

@Suite struct LoyaltyTests {
    func level(_ years: Set<Int>, plan: Bool = false, in year: Int = 2026) -> LoyaltyLevel {
        LoyaltyFacts(givingYears: years, hasActiveRecurringPlan: plan).level(inFiscalYear: year)
    }

    @Test func everyLevelOnHandPickedHistories() {
        #expect(level([]) == .prospect)
        #expect(level([2026]) == .new)
        #expect(level([2025, 2026]) == .repeat)
        #expect(level([2022, 2026]) == .recaptured)
        #expect(level([2024, 2026]) == .recaptured)
        #expect(level([2024, 2025, 2026]) == .structural)
        #expect(level([2025]) == .lapsed)
        #expect(level([2023, 2025]) == .lapsed)
        #expect(level([2024]) == .lost)
        #expect(level([2019, 2020]) == .lost)
    }

    @Test func precedenceStructuralOverRecapturedOverRepeatOverNew() {
        // An active plan makes anyone structural, even one whose first gift is this year or who has not given yet.
        #expect(level([2026], plan: true) == .structural)
        #expect(level([2022, 2026], plan: true) == .structural)
        #expect(level([], plan: true) == .structural)
        // Recaptured also satisfies "gave this year and in an earlier year" (repeat): recaptured wins.
        #expect(level([2020, 2026]) == .recaptured)
    }

    @Test func yearsAfterTheDateAskedAboutAreIgnored() {
        #expect(level([2024, 2026], in: 2024) == .new)
        #expect(level([2024, 2026], in: 2025) == .lapsed)
        #expect(level([2026], in: 2025) == .prospect)
    }

    @Test func fiscalYearsThatStartInJulyNameTheYearTheyEndIn() {
        let july = FiscalCalendar(startMonth: 7)
        #expect(july.fiscalYear(of: CalendarDate(iso8601: "2025-06-30")!) == 2025)
        #expect(july.fiscalYear(of: CalendarDate(iso8601: "2025-07-01")!) == 2026)
        // Gifts in March 2025 and September 2025 fall in fiscal years 2025 and 2026: a repeat donor in FY 2026,
        // although both are in calendar year 2025 (where the calendar year would call them new).
        let years = Set(["2025-03", "2025-09"].map(july.fiscalYear(ofMonth:)))
        #expect(level(years, in: 2026) == .repeat)
        #expect(level(Set(["2025-03", "2025-09"].map(FiscalCalendar().fiscalYear(ofMonth:))), in: 2025) == .new)
    }

    @Test func acquisitionThroughAFriend() {
        let at = Timestamp(iso8601: "2026-01-01T00:00:00Z")!
        let p2p = AcquisitionSource(giftId: "g", receivedAt: at, channel: .peerToPeer, campaignId: nil, device: .mobile, referrer: nil, hasSoftCredit: false)
        let credited = AcquisitionSource(giftId: "g", receivedAt: at, channel: .online, campaignId: "c", device: .desktop, referrer: "https://x.org", hasSoftCredit: true)
        let plain = AcquisitionSource(giftId: "g", receivedAt: at, channel: .mail, campaignId: nil, device: .unknown, referrer: nil, hasSoftCredit: false)
        #expect(p2p.throughFriend && credited.throughFriend && !plain.throughFriend)
    }

    @Test func retentionReportOnAHandComputedCase() {
        // Y = 2026. a: new in 2025, retained, upgraded (100 → 150). b: gave since 2020, retained, downgraded (500 → 200).
        // c: new in 2025, lapsed (300). d: repeat since 2023, lapsed (50). e: new in 2026 (70). f: recaptured (first 2021,
        // nothing in 2025, 40 in 2026). g: retained, same amount (10 → 10).
        let donors = [
            DonorYears(constituentId: "a", firstYear: 2025, priorMinor: 100, currentMinor: 150),
            DonorYears(constituentId: "b", firstYear: 2020, priorMinor: 500, currentMinor: 200),
            DonorYears(constituentId: "c", firstYear: 2025, priorMinor: 300, currentMinor: 0),
            DonorYears(constituentId: "d", firstYear: 2023, priorMinor: 50, currentMinor: 0),
            DonorYears(constituentId: "e", firstYear: 2026, priorMinor: 0, currentMinor: 70),
            DonorYears(constituentId: "f", firstYear: 2021, priorMinor: 0, currentMinor: 40),
            DonorYears(constituentId: "g", firstYear: 2024, priorMinor: 10, currentMinor: 10),
        ]
        let report = RetentionReport(year: 2026, currency: "EUR", donors: donors)
        #expect(report.donorsPriorYear == 5)            // a b c d g
        #expect(report.donorsCurrentYear == 5)          // a b e f g
        #expect(report.newDonors == 1)                  // e
        #expect(report.retainedDonors == 3)             // a b g
        #expect(report.lapsedDonors == 2)               // c d
        #expect(report.recapturedDonors == 1)           // f
        #expect(report.upgradedDonors == 1)             // a
        #expect(report.downgradedDonors == 1)           // b
        #expect(report.donorRetentionRate == 3.0 / 5)
        #expect(report.newDonorRetentionRate == 1.0 / 2)     // of a, c
        #expect(report.repeatDonorRetentionRate == 2.0 / 3)  // of b, d, g
        #expect(report.amountPriorYear == 960)
        #expect(report.amountCurrentYear == 470)
        #expect(report.dollarRetentionRate == 360.0 / 960)   // a 150 + b 200 + g 10
    }

    @Test func retentionRatesAreAbsentWithoutDonorsToRetain() {
        let report = RetentionReport(year: 2026, currency: "EUR", donors: [DonorYears(constituentId: "e", firstYear: 2026, priorMinor: 0, currentMinor: 5)])
        #expect(report.donorRetentionRate == nil && report.newDonorRetentionRate == nil && report.dollarRetentionRate == nil)
        #expect(report.newDonors == 1)
    }

    @Test func summedContributionsAreEveryYearsReport() {
        // Per donor, counted giving per fiscal year; gaps, a first year in the middle and one-year donors.
        let histories: [String: [Int: Int64]] = [
            "a": [2025: 100, 2026: 150], "b": [2020: 500, 2021: 20, 2025: 500, 2026: 200], "c": [2025: 300],
            "d": [2023: 50, 2024: 60, 2025: 50], "e": [2026: 70], "f": [2021: 10, 2026: 40], "g": [2024: 10, 2025: 10, 2026: 10],
        ]
        var tallies: [Int: RetentionTally] = [:]
        for (donor, years) in histories {
            for (year, tally) in RetentionTally.contributions(constituentId: donor, yearTotals: years) { tallies[year, default: RetentionTally()].add(tally) }
        }
        #expect(Set(tallies.keys) == Set(2020...2027))
        for year in 2020...2027 {
            let donors = histories.map { donor, years in
                DonorYears(constituentId: donor, firstYear: years.keys.min()!, priorMinor: years[year - 1] ?? 0, currentMinor: years[year] ?? 0)
            }
            #expect(tallies[year] == RetentionTally(year: year, donors: donors), "fiscal year \(year)")
        }
        #expect(RetentionReport(year: 2026, currency: "EUR", tally: tallies[2026]!).retainedDonors == 3)
        // Taking a donor's old contributions away and adding the new ones moves the tallies exactly.
        var moved = tallies
        for (year, tally) in RetentionTally.contributions(constituentId: "c", yearTotals: histories["c"]!) { moved[year]!.add(tally, sign: -1) }
        for (year, tally) in RetentionTally.contributions(constituentId: "c", yearTotals: [2025: 300, 2026: 1]) { moved[year, default: RetentionTally()].add(tally) }
        #expect(moved[2026]!.retainedDonors == 4 && moved[2026]!.downgradedDonors == 2 && moved[2027]!.donorsPriorYear == 6)
        #expect(RetentionTally.contributions(constituentId: "z", yearTotals: [2026: 0]).isEmpty)
    }

    @Test func rfmQuintilesTiesAndGroups() {
        let day: Int64 = 86_400_000
        // Ten donors: donor i last gave i days ago, gave i+1 times, total 100 × (10 − i).
        let facts = (0..<10).map { i in
            RFMFacts(constituentId: "d\(i)", lastGiftAt: Timestamp(millisecondsSinceEpoch: 1_000 * day - Int64(i) * day),
                     giftCount: i + 1, totalMinor: Int64(100 * (10 - i)))
        }
        let scores = RFMScore.scores(of: facts)
        #expect(scores.map(\.recency) == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1])
        #expect(scores.map(\.frequency) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
        #expect(scores.map(\.monetary) == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1])
        #expect(scores[0].cell == "515" && scores[0].group == .new)
        #expect(scores[9].group == .atRisk)
        // Ties share a score: six one-gift donors all get frequency 1, the rest are ranked above them.
        let tied = RFMScore.scores(of: (0..<10).map { i in
            RFMFacts(constituentId: "t\(i)", lastGiftAt: Timestamp(millisecondsSinceEpoch: 0), giftCount: i < 6 ? 1 : i, totalMinor: 1)
        })
        #expect(tied.map(\.frequency) == [1, 1, 1, 1, 1, 1, 4, 4, 5, 5])
        #expect(tied.allSatisfy { $0.recency == 1 && $0.monetary == 1 })
        #expect(RFMGroup.of(recency: 5, frequency: 5, monetary: 5) == .champions)
        #expect(RFMGroup.of(recency: 3, frequency: 4, monetary: 1) == .loyal)
        #expect(RFMGroup.of(recency: 4, frequency: 2, monetary: 1) == .potentialLoyalists)
        #expect(RFMGroup.of(recency: 1, frequency: 1, monetary: 5) == .hibernating)
        #expect(RFMGroup.of(recency: 3, frequency: 1, monetary: 3) == .needAttention)
    }
}

@Suite struct GivingFacetTests {
    @Test func referrerSourcesAreHostsOrUTMSources() {
        #expect(GivingFacet.source(referrer: "https://www.facebook.com/groups/x?y=1", utmSource: nil) == "facebook.com")
        #expect(GivingFacet.source(referrer: "HTTP://News.Example:8080/a", utmSource: nil) == "news.example")
        #expect(GivingFacet.source(referrer: "https://user@evil.example/", utmSource: nil) == "evil.example")
        #expect(GivingFacet.source(referrer: "https://x.org", utmSource: " Newsletter ") == "newsletter")
        #expect(GivingFacet.source(referrer: nil, utmSource: nil) == "(direct)")
        #expect(GivingFacet.source(referrer: "   ", utmSource: "") == "(direct)")
        #expect(GivingFacet.source(referrer: "<script>alert(1)</script>", utmSource: nil) == "<script>alert(1)<")
    }
}
