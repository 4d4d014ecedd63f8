import Foundation
import KindredCore
import Testing

/// Journey stages, the funnel, touchpoint matching and attribution, site search and form friction, on hand-worked cases.
@Suite struct JourneyTests {
    static let euro = Currency(code: "EUR")!
    static func day(_ day: Int) -> Timestamp { Timestamp(iso8601: "2026-01-01T00:00:00Z")!.adding(milliseconds: Int64(day) * 86_400_000) }

    @Test func defaultStageRulesParseAndPlaceInPriorityOrder() throws {
        let rules = JourneySettings.defaults.placementRules()
        #expect(rules.map(\.0) == [.lapsed, .service, .advocacy, .donation, .cultivation, .discovery], "awareness holds the rest")
        #expect(JourneySettings.defaults.stages.map(\.key) == JourneyStageKey.funnel + [.lapsed])
    }

    @Test func stagesAreRenamedAndRulesCheckedWithWhereTheyFail() throws {
        let renamed = try JourneySettingsInput(stages: [JourneyStage(key: .donation, name: "Giving", rule: "giving.count>=1")])
            .applied(to: .defaults)
        #expect(renamed.name(of: .donation) == "Giving")
        #expect(renamed.stage(.donation).rule == "giving.count >= 1", "rules are kept in canonical text")
        #expect(renamed.name(of: .advocacy) == "Advocacy", "stages left out keep their names")
        let partial = JourneySettings(stages: [JourneyStage(key: .awareness, name: "Awareness", rule: nil)])
        let completed = try JourneySettingsInput(stages: [JourneyStage(key: .lapsed, name: "Gone quiet", rule: "loyalty = lost")]).applied(to: partial)
        #expect(completed.stages.map(\.key) == [.awareness, .lapsed] && completed.name(of: .lapsed) == "Gone quiet", "a stage missing from the stored settings is added")
        func issues(_ stages: [JourneyStage]) -> [String] {
            do { _ = try JourneySettingsInput(stages: stages).applied(to: .defaults); return [] } catch { return error.issues.map { "\($0.field): \($0.message)" } }
        }
        #expect(issues([JourneyStage(key: .discovery, name: "D", rule: "giving.count >=")]).first?.hasPrefix("stages[0].rule:") == true)
        #expect(issues([JourneyStage(key: .awareness, name: "A", rule: "giving.count >= 1")]).first?.contains("awareness has no rule") == true)
        #expect(issues([JourneyStage(key: .lapsed, name: "L", rule: nil)]).first?.contains("is required") == true)
        #expect(issues([JourneyStage(key: .lapsed, name: "Donation", rule: "loyalty = lapsed")]).contains { $0.contains("its own name") })
        #expect(issues([JourneyStage(key: .lapsed, name: "L", rule: "loyalty = lapsed"), JourneyStage(key: .lapsed, name: "M", rule: "loyalty = lost")])
            .contains { $0.contains("given twice") })
        #expect(issues([JourneyStage(key: .lapsed, name: "<script>alert(1)</script>" + String(repeating: "x", count: 60), rule: "loyalty = lost")])
            .contains { $0.hasPrefix("stages[0].name") })
    }

    @Test func theFunnelCountsReachConversionAndMedianDays() {
        let paths = [
            JourneyPath(current: .discovery, firstEntered: [.awareness: Self.day(0), .discovery: Self.day(10)]),
            JourneyPath(current: .donation, firstEntered: [.awareness: Self.day(0), .discovery: Self.day(4), .donation: Self.day(30)]),
            // A first gift out of nowhere: counts as having reached awareness, discovery and cultivation too.
            JourneyPath(current: .donation, firstEntered: [.donation: Self.day(5)]),
            JourneyPath(current: .lapsed, firstEntered: [.awareness: Self.day(0), .lapsed: Self.day(50)]),
        ]
        let funnel = JourneyFunnel.build(paths, settings: .defaults)
        #expect(funnel.people == 4 && funnel.lapsed == 1)
        #expect(funnel.stages.map(\.reached) == [4, 3, 2, 2, 0, 0])
        #expect(funnel.stages.map(\.now) == [0, 1, 0, 2, 0, 0])
        #expect(funnel.stages[0].conversionToNext == 0.75)
        #expect(funnel.stages[0].medianDaysToNext == 7, "median of 10 and 4 days")
        #expect(funnel.stages[1].medianDaysToNext == nil, "nobody passed through cultivation")
        #expect(funnel.stages[3].conversionToNext == 0)
        #expect(funnel.stages[5].conversionToNext == nil && funnel.stages[5].medianDaysToNext == nil)
    }

    @Test func theFilterBecomesOneSegmentRule() throws {
        #expect(try JourneyFilter().segmentRule() == nil)
        let rule = try #require(try JourneyFilter(source: .online, device: .mobile).segmentRule())
        #expect(SegmentText.print(rule) == "acquisition.channel = online and acquisition.device = mobile")
        #expect(throws: ValidationFailure.self) { try JourneyFilter(rule: "tag = ").segmentRule() }
    }

    @Test func addressesCoverTheirOwnPathAndBelowNeverSiblings() {
        func covers(_ pattern: String, _ address: String) -> Bool {
            guard let wanted = TouchpointAddress(pattern), let seen = TouchpointAddress(address) else { return false }
            return wanted.covers(seen)
        }
        #expect(covers("/donate", "https://www.example.org/donate?amount=5"))
        #expect(covers("/donate", "https://example.org/Donate/monthly/"))
        #expect(!covers("/donate", "https://example.org/donate-now"))
        #expect(covers("https://example.org/", "https://www.example.org/anything"))
        #expect(!covers("https://example.org/donate", "https://other.org/donate"))
        #expect(!covers("/donate", "javascript:alert(1)"))
        #expect(TouchpointAddress("not an address") == nil)
        let post = TouchpointFields(name: "Post", kind: .socialPost, match: "1234", stages: [.awareness])
        #expect(post.matches(Touch(at: Self.day(0), type: "post_liked", url: nil, device: .mobile, keys: ["1234"]), address: TouchpointAddress(post.match)))
    }

    @Test func touchpointsAreValidated() {
        #expect(throws: ValidationFailure.self) { try TouchpointInput(name: "Donate", kind: .form, match: "donate", stages: [.donation]).validated() }
        #expect(throws: ValidationFailure.self) { try TouchpointInput(name: "Donate", kind: .form, match: "/donate", stages: []).validated() }
        #expect(throws: ValidationFailure.self) { try TouchpointInput(name: "D", kind: .email, match: "x", stages: [.donation, .donation]).validated() }
        let valid = try? TouchpointInput(name: "Spring appeal", kind: .email, match: "Spring-2026", stages: [.donation, .awareness]).validated()
        #expect(valid?.stages == [.awareness, .donation], "stages in funnel order")
    }

    @Test func attributionCreditsFirstAndLastTouchWithinTheWindow() {
        let page = TouchpointFields(name: "Story", kind: .webPage, match: "/stories", stages: [.discovery])
        let email = TouchpointFields(name: "Appeal", kind: .email, match: "tpl-1", stages: [.donation])
        var analysis = TouchpointAnalysis(touchpoints: [("p", page), ("e", email)], windowDays: 30, currency: Self.euro)
        analysis.add(touches: [
            Touch(at: Self.day(1), type: "page_viewed", url: "https://example.org/stories/water", device: .mobile, keys: []),
            Touch(at: Self.day(5), type: "message_sent", url: nil, device: .unknown, keys: ["tpl-1"]),
            Touch(at: Self.day(6), type: "email_link_clicked", url: nil, device: .desktop, keys: ["tpl-1"]),
            Touch(at: Self.day(7), type: "page_viewed", url: "/elsewhere", device: .desktop, keys: []),
        ], gifts: [TouchGift(at: Self.day(8), amountMinor: 2_500, currency: Self.euro, device: .desktop),
                   TouchGift(at: Self.day(60), amountMinor: 9_900, currency: Self.euro, device: .desktop)])
        analysis.add(touches: [Touch(at: Self.day(2), type: "article_read", url: "/stories", device: .mobile, keys: [])],
                     gifts: [TouchGift(at: Self.day(3), amountMinor: 1_000, currency: Currency(code: "USD")!, device: .mobile)])
        let (story, appeal) = (analysis.results[0], analysis.results[1])
        #expect(story.total.reach == 2 && story.total.engaged == 1, "a view reaches; reading engages")
        #expect(story.byDevice["mobile"]?.reach == 2)
        #expect(story.total.firstTouch == CreditedGifts(count: 2, amountMinor: 2_500), "dollars count but add nothing in euros")
        #expect(story.total.lastTouch == CreditedGifts(count: 1, amountMinor: 0))
        #expect(appeal.total.reach == 1 && appeal.total.engaged == 1)
        #expect(appeal.total.lastTouch == CreditedGifts(count: 1, amountMinor: 2_500), "the gift 60 days on is outside the window")
        #expect(appeal.byDevice["desktop"]?.lastTouch.count == 1)
        let coverage = StageCoverage.of(analysis.touchpoints, results: analysis.results, settings: .defaults)
        #expect(coverage.filter(\.gap).map(\.key) == [.awareness, .cultivation, .advocacy, .service, .lapsed])
    }

    @Test func planStepsWaitOutQuietHoursAndWeekendsAndAnniversariesKeepLeapDays() {
        let brussels = TimeZone(identifier: "Europe/Brussels")!, quiet = QuietHours(startHour: 21, endHour: 8)
        // Friday 19 June 2026, 20:30 UTC is 22:30 in Brussels: quiet until 08:00 Saturday, then the weekend until Monday.
        let friday = Timestamp(iso8601: "2026-06-19T20:30:00Z")!
        #expect(PlanSchedule.due(after: friday, delayHours: 0, skipWeekends: false, quietHours: quiet, timeZone: brussels)
            == Timestamp(iso8601: "2026-06-20T06:00:00Z")!)
        #expect(PlanSchedule.due(after: friday, delayHours: 0, skipWeekends: true, quietHours: quiet, timeZone: brussels)
            == Timestamp(iso8601: "2026-06-22T06:00:00Z")!)
        #expect(PlanSchedule.due(after: friday, delayHours: 12, skipWeekends: false, quietHours: quiet, timeZone: brussels)
            == Timestamp(iso8601: "2026-06-20T08:30:00Z")!, "10:30 on Saturday is not quiet")
        #expect(PlanSchedule.due(after: friday, delayHours: 0, skipWeekends: false, timeZone: brussels) == friday)
        let leap = CalendarDate(year: 2024, month: 2, day: 29)!
        #expect(PlanSchedule.isAnniversary(of: leap, on: CalendarDate(year: 2025, month: 2, day: 28)!))
        #expect(PlanSchedule.isAnniversary(of: leap, on: CalendarDate(year: 2028, month: 2, day: 29)!))
        #expect(!PlanSchedule.isAnniversary(of: leap, on: CalendarDate(year: 2028, month: 2, day: 28)!))
        #expect(!PlanSchedule.isAnniversary(of: leap, on: CalendarDate(year: 2024, month: 2, day: 29)!), "not the day itself")
    }

    @Test func siteSearchCountsTermsAndSearchesThatFoundNothing() {
        let report = SiteSearchReport.build([("Legacy  gift", 0), ("legacy gift", nil), ("volunteer", 3), ("  ", 0), ("volunteer", 0), ("legacy GIFT", 0)])
        #expect(report.searches == 5 && report.withoutResults == 3)
        #expect(report.topTerms.first.map { [$0.term, "\($0.searches)", "\($0.withoutResults)"] } == ["legacy gift", "3", "2"])
        #expect(report.termsWithoutResults.map(\.term) == ["legacy gift", "volunteer"])
    }

    @Test func formFrictionByPageAndDevice() {
        let rows = FormFriction.build([
            ("donation_form_started", "https://example.org/donate?x=1", .mobile, nil),
            ("donation_form_started", "/donate", .mobile, nil),
            ("donation_form_error", "/donate", .mobile, "Card declined"),
            ("donation_form_error", "/donate", .mobile, "Card declined"),
            ("donation_form_completed", "/donate/", .mobile, nil),
            ("donation_form_started", "/donate", .desktop, nil),
            ("page_viewed", "/donate", .desktop, nil),
        ])
        #expect(rows.count == 2)
        #expect(rows[0].page == "/donate" && rows[0].device == .mobile)
        #expect(rows[0].starts == 2 && rows[0].completions == 1 && rows[0].errors == 2)
        #expect(rows[0].completionRate == 0.5 && rows[0].topErrors == ["Card declined"])
        #expect(rows[1].completionRate == 0)
    }
}
