import Foundation
import KindredCore
import Testing

@Suite struct SegmentRuleTests {
    @Test func theIssuesExampleParsesAndRoundTrips() throws {
        let text = #"loyalty = lapsed and engagement.content >= 60 and not tag = "do-not-call""#
        let rule = try SegmentText.parse(text)
        #expect(rule == .and([.condition(SegmentCondition("loyalty", .equal, .text("lapsed"))),
                              .condition(SegmentCondition("engagement.content", .greaterOrEqual, .number(60))),
                              .not(.condition(SegmentCondition("tag", .equal, .text("do-not-call"))))]))
        #expect(SegmentText.print(rule) == text)
        let json = try JSONEncoder().encode(rule)
        #expect(try JSONDecoder().decode(SegmentRule.self, from: json) == rule)
    }

    @Test(arguments: [
        #"(loyalty = new or loyalty = recaptured) and acquisition.throughFriend = true"#,
        #"not (role = client or role = caregiver)"#,
        #"gifts(campaign = "Spring appeal", amount >= 5000, within 365 days) >= 2"#,
        #"interactions(type = article_read, property.topic = "water", within 30 days) >= 3 and email exists"#,
        #"rfm.group in [champions, loyal] or engagement.quietlyEngaged = true"#,
        #"giving.lastGiftAt < "2025-01-01" and consent.email = granted and city contains "Ams\"ter""#,
        #"relationships(kind = referred_by) >= 1 and engagement.trend != falling and engagement.level = on_fire"#,
        #"gifts() = 0 and createdAt >= "2026-01-01" and giving.total > 10000.5"#,
    ])
    func printingIsCanonicalAndParsesBack(text: String) throws {
        let rule = try SegmentText.parse(text)
        let printed = SegmentText.print(rule)
        #expect(try SegmentText.parse(printed) == rule)
        #expect(SegmentText.print(try SegmentText.parse(printed)) == printed)
        #expect(try JSONDecoder().decode(SegmentRule.self, from: try JSONEncoder().encode(rule)) == rule)
    }

    @Test func andBindsTighterThanOr() throws {
        let rule = try SegmentText.parse("tag = a or tag = b and tag = c")
        #expect(rule == .or([.condition(SegmentCondition("tag", .equal, .text("a"))),
                             .and([.condition(SegmentCondition("tag", .equal, .text("b"))), .condition(SegmentCondition("tag", .equal, .text("c")))])]))
    }

    @Test(arguments: [
        ("loyalty = lapsed and engagment.content >= 60", 21, "unknown field"),
        ("loyalty = sleepy", 0, "loyalty is one of"),
        ("loyalty = lapsed and", 20, "expected a field"),
        ("(tag = a", 8, "expected \")\""),
        ("tag = \"open", 6, "no closing quote"),
        ("giving.total contains 5", 0, "giving.total takes"),
        ("gifts(colour = red) >= 1", 6, "unknown field \"colour\" for gifts"),
        ("gifts(within 0 days)", 0, "within takes"),
        ("tag = a tag = b", 8, "unexpected tag"),
        ("createdAt > \"2026-02-30\"", 0, "a date such as"),
        ("tag = <script>", 6, "expected a value"),
        ("tag = a; DROP TABLE constituents", 7, "unexpected character"),
        ("engagement.score >= 1000000000000000000", 0, "below 10^15"),
    ])
    func badRulesPointAtTheSpot(text: String, offset: Int, message: String) {
        do {
            _ = try SegmentText.parse(text)
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.offset == offset, "\(text): \(error.message)")
            #expect(error.message.contains(message), "\(text): \(error.message)")
        }
    }

    @Test func jsonRulesAreCheckedWithAPath() {
        let rule = SegmentRule.and([.condition(SegmentCondition("loyalty", .equal, .text("new"))),
                                    .not(.condition(SegmentCondition("nope", .equal, .text("x"))))])
        do {
            try SegmentCatalogue.validate(rule)
            Issue.record("validated")
        } catch {
            #expect(error.path == "rule.and[1].not" && error.message.contains("unknown field"))
        }
        #expect(throws: SegmentRuleError.self) { try SegmentCatalogue.validate(.and([])) }
        var deep = SegmentRule.condition(SegmentCondition("tag", .equal, .text("x")))
        for _ in 0..<40 { deep = .not(deep) }
        #expect(throws: SegmentRuleError.self) { try SegmentCatalogue.validate(deep) }
        #expect(throws: SegmentRuleError.self) { try SegmentText.parse(String(repeating: "(", count: 40) + "tag = x" + String(repeating: ")", count: 40)) }
        #expect(throws: SegmentRuleError.self) { try SegmentText.parse(String(repeating: "x", count: 10_001)) }
    }
}
