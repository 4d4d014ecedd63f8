import ArgumentParser
import Testing

@testable import kindred

@Suite struct CommandParsingTests {
    @Test func everyCommandParses() throws {
        #expect(try Kindred.parseAsRoot(["serve", "--port", "9090", "--host", "0.0.0.0", "--demo"]) is Serve)
        #expect(try Kindred.parseAsRoot(["migrate", "--json", "--database", "sqlite:x.sqlite"]) is Migrate)
        #expect(try Kindred.parseAsRoot(["users", "create", "--email", "a@example.org", "--role", "fundraiser"]) is Users.Create)
        let keys = try #require(try Kindred.parseAsRoot(["keys", "create", "--name", "site", "--role", "admin", "--json"]) as? Keys.Create)
        #expect(keys.role == .admin && keys.output.json)
        #expect(try Kindred.parseAsRoot(["demo", "--seed", "7", "--size", "200"]) is DemoCommand)
        let retention = try #require(try Kindred.parseAsRoot(["report", "retention", "--year", "2026", "--currency", "usd", "--json"]) as? RetentionReportCommand)
        #expect(retention.fiscalYear.year == 2026 && retention.output.json)
        #expect(throws: (any Error).self) { try Kindred.parseAsRoot(["report", "retention", "--year", "1800"]) }
        #expect(try Kindred.parseAsRoot(["report", "rfm", "--window-years", "3"]) is RFMReportCommand)
        #expect(try Kindred.parseAsRoot(["report", "loyalty", "0190b7a6-0000-7000-8000-000000000000", "--date", "2026-01-31"]) is LoyaltyReportCommand)
        #expect(try Kindred.parseAsRoot(["report", "engagement", "0190b7a6-0000-7000-8000-000000000000"]) is EngagementReportCommand)
        #expect(try Kindred.parseAsRoot(["report", "recompute"]) is RecomputeCommand)
        let feedback = try #require(try Kindred.parseAsRoot(["report", "feedback", "--from", "2026-01-01", "--to", "2026-06-30", "--json"]) as? FeedbackReportCommand)
        #expect(feedback.from == "2026-01-01" && feedback.output.json)
    }

    @Test(arguments: [
        ["serve", "--port", "70000"], ["serve", "--log-level", "loud"], ["keys", "create", "--name", "x", "--role", "king"],
        ["keys", "create", "--role", "admin"], ["users", "create", "--email", "not-an-email", "--role", "viewer"],
        ["migrate", "--database", "mysql://nope"], ["demo", "--size", "5"], ["keys", "create", "--name", "   "],
        ["report", "retention", "--year", "99999"], ["report", "retention", "--currency", "=1+1"], ["report", "rfm", "--window-years", "0"],
        ["report", "loyalty", "'; DROP TABLE gifts; --"], ["report", "loyalty", "0190b7a6-0000-7000-8000-000000000000", "--date", "2026-02-30"],
        ["report", "engagement", "<script>"], ["report", "feedback", "--from", "yesterday"], ["report", "feedback", "--to", "2026-02-30"],
        ["report", "feedback", "--from", "2026-07-01", "--to", "2026-06-30"],
    ])
    func badArgumentsAreRefusedWithAMessage(arguments: [String]) {
        #expect(throws: (any Error).self) { try Kindred.parseAsRoot(arguments) }
    }
}
