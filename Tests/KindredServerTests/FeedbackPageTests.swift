import Foundation
import HTTPTypes
import KindredCore
import KindredStore
import KindredTestSupport
import Testing

/// Feedback logged on the person page: listed with its sentiment, hostile text shown as text, an unhappy supporter's
/// feedback opening a follow-up task in the inbox, and every bad field refused by name.
@Suite struct FeedbackPageTests {
    @Test func feedbackFromThePersonPageToTheInbox() async throws {
        try await WebHarness.run { _, browser in
            let staff = browser()
            #expect(try await staff.signIn(WebHarness.email(.fundraiser), WebHarness.password) == .seeOther)
            try await staff.get("/people/new")
            #expect(try await staff.post("/people", ["givenName": "Anna", "familyName": "Jansen"]) == .seeOther)
            let page = try #require(staff.headers[.location])
            #expect(try await staff.get(page) == .ok && staff.lastPage.contains("id=\"feedback-heading\"") && staff.lastPage.contains("No feedback yet."))

            let hostile = "<img src=x onerror=alert(1)> =HYPERLINK(\"x\")"
            #expect(try await staff.post(page + "/feedback", ["channel": "survey", "text": "Nobody called back. " + hostile, "scale": "nps", "rating": "3"]) == .seeOther)
            #expect(try await staff.get(page) == .ok)
            #expect(staff.lastPage.contains("&lt;img src=x onerror=alert(1)&gt;") && !staff.lastPage.contains("<img src=x"))
            #expect(staff.lastPage.contains("Detractor: follow-up task opened") && staff.lastPage.contains("3 (NPS)"))
            #expect(staff.lastPage.contains("Close the loop with a detractor"), "the task shows in the person's open tasks")
            #expect(try await staff.get("/tasks?scope=all") == .ok && staff.lastPage.contains("Close the loop with a detractor"))

            try await staff.get(page)
            #expect(try await staff.post(page + "/feedback", ["channel": "email", "text": "Thank you, a wonderful evening!"]) == .seeOther)
            #expect(try await staff.get(page) == .ok && staff.lastPage.contains("sentiment-positive"))

            for (fields, field) in [(["channel": "fax", "text": "x"], "channel"), (["channel": "phone"], "text"),
                                    (["channel": "phone", "text": "x", "rating": "3"], "scale"),
                                    (["channel": "phone", "text": "x", "scale": "nps", "rating": "three"], "rating"),
                                    (["channel": "phone", "scale": "csat", "rating": "9"], "rating"),
                                    (["channel": "phone", "text": "x", "scale": "stars", "rating": "3"], "scale")] {
                try await staff.get(page)
                #expect(try await staff.post(page + "/feedback", fields) == .unprocessableContent, "\(fields)")
                #expect(staff.lastPage.contains(field), "\(fields)")
            }
            try await staff.get(page)
            #expect(try await staff.post(page + "/feedback", ["channel": "phone", "text": String(repeating: "x", count: 10_001)]) == .unprocessableContent)

            let viewer = browser()
            #expect(try await viewer.signIn(WebHarness.email(.viewer), WebHarness.password) == .seeOther)
            #expect(try await viewer.get(page) == .ok && !viewer.lastPage.contains("id=\"log-feedback\""))
            #expect(try await viewer.post(page + "/feedback", ["channel": "phone", "text": "x"]) == .forbidden)
        }
    }
}
