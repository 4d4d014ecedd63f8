import Foundation
import KindredCore
import KindredStore
import KindredTestSupport
import Testing

/// `kindred report feedback` and `kindred report cx-roi` on a real database: the JSON and text reports, and bad options refused.
@Suite struct FeedbackCommandTests {
    @Test func reportFeedbackPrintsTheFiguresAndRefusesBadDates() async throws {
        let url = try await TestEngine.sqlite.makeDatabaseURL()
        let database = try await Database.open(try DatabaseLocation(url: url), logger: testLogger)
        let store = KindredStore(database: database)
        let person = try await store.constituents.create(try sampleConstituent("Anna Jansen").validated(), by: .system).id
        for (rating, text) in [(10, "Wonderful people"), (4, "Nobody called back")] {
            let input = FeedbackInput(constituentId: person, channel: .survey, text: text, rating: rating, scale: .nps,
                                      receivedAt: Timestamp(iso8601: "2026-03-0\(rating == 10 ? 1 : 2)T10:00:00Z"))
            _ = try await store.feedback.create(try input.validated(), by: .system)
        }
        await database.close()
        let output = try KindredProcess.runToCompletion(["report", "feedback", "--from", "2026-01-01", "--to", "2026-12-31", "--json", "--database", url])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(output)")
        let overall = try #require(report["overall"] as? [String: Any])
        #expect(overall["feedback"] as? Int == 2 && (overall["nps"] as? [String: Any])?["score"] as? Double == 0)
        #expect(overall["needingFollowUp"] as? Int == 1 && report["from"] as? String == "2026-01-01")
        let text = try KindredProcess.runToCompletion(["report", "feedback", "--from", "2026-01-01", "--to", "2026-12-31", "--database", url])
        #expect(text.contains("2 pieces, NPS +0.0 of 2") && text.contains("  2026-03: "), "\(text)")
        for bad in [["--from", "2026-13-01"], ["--from", "2026-07-01", "--to", "2026-06-30"], ["--to", "'; DROP TABLE feedback;--"]] {
            #expect(try KindredProcess.runToCompletion(["report", "feedback"] + bad + ["--json", "--database", url]).isEmpty, "\(bad)")
        }
        let roi = try KindredProcess.runToCompletion(["report", "cx-roi", "--year", "2026", "--json", "--database", url])
        let groups = try #require((try JSONSerialization.jsonObject(with: Data(roi.utf8)) as? [String: Any])?["byNPS"] as? [[String: Any]], "\(roi)")
        #expect(groups.map { $0["people"] as? Int } == [0, 0, 1], "Anna's last answer in 2026 was a 4")
        #expect(try KindredProcess.runToCompletion(["report", "cx-roi", "--year", "2026", "--database", url]).contains("detractor: 1 people"))
        for bad in [["--year", "99"], ["--year", "soon"], ["--currency", "XYZ"]] {
            #expect(try KindredProcess.runToCompletion(["report", "cx-roi"] + bad + ["--json", "--database", url]).isEmpty, "\(bad)")
        }
    }
}
