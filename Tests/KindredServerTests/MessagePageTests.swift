import Foundation
import HTTPTypes
import KindredCore
import KindredStore
import KindredTestSupport
import Testing

/// The staff's message pages: a template written in two languages, sent to a segment with the count of those not sent
/// shown, a person's messages and choices, a preference link shown once; hostile text as text, bad forms refused.
@Suite struct MessagePageTests {
    @Test func writeSendAndSeeAPersonsMessagesAndChoices() async throws {
        try await WebHarness.run { harness, browser in
            let staff = browser()
            #expect(try await staff.signIn(WebHarness.email(.fundraiser), WebHarness.password) == .seeOther)
            #expect(try await staff.get("/messages") == .ok && staff.lastPage.contains("No templates yet.") && staff.lastPage.contains("aria-current=\"page\""))
            let template = ["name": "<script>alert(1)</script> Spring", "channel": "email", "topic": "newsletter", "subject_en": "Hello {{givenName|friend}}",
                            "body_en": "Spring news https://example.org/spring", "subject_nl": "Hallo {{givenName}}", "body_nl": "Lentenieuws", "subject_fr": "", "body_fr": ""]
            #expect(try await staff.post("/messages/templates", template) == .seeOther)
            #expect(try await staff.get("/messages") == .ok && staff.lastPage.contains("&lt;script&gt;alert(1)&lt;/script&gt; Spring") && !staff.lastPage.contains("<script>alert(1)"))
            #expect(staff.lastPage.contains("en · nl"))
            var bad = template
            bad["body_en"] = "Hi {{nickname}}"
            #expect(try await staff.post("/messages/templates", bad) == .unprocessableContent)
            try await staff.get("/messages")
            #expect(try await staff.post("/messages/templates", ["name": "x", "channel": "pigeon", "body_en": "b"]) == .unprocessableContent)

            let yes = try await harness.store.constituents.create(try sampleConstituent("Anna Jansen", email: "anna@example.org").validated(), by: .system).id
            _ = try await harness.store.constituents.create(try sampleConstituent("Bert Peeters", email: "bert@example.org").validated(), by: .system)
            _ = try await harness.store.consent.create(try ConsentInput(constituentId: yes, channel: .email, status: .granted, recordedAt: testNow, source: "test").validated(), by: .system)
            let segment = try await harness.store.segments.create(try SegmentInput(name: "Everyone", ruleText: "gifts() >= 0").validated(), by: .system)
            let templateId = try #require(try await harness.store.messageTemplates.list(cursor: nil, limit: 5, by: .system).items.first?.id)
            try await staff.get("/messages")
            #expect(try await staff.post("/messages/send", ["template": templateId, "segment": segment.id, "at": ""]) == .ok)
            #expect(staff.lastPage.contains("Queued: 1. Not sent (no consent, cap, declined topic…): 1."))
            #expect(staff.lastPage.contains("no_consent") && staff.lastPage.contains(">Bert Peeters</a>"), "each message with its person's name")
            try await staff.get("/messages")
            #expect(try await staff.post("/messages/send", ["template": templateId, "segment": "'; DROP TABLE messages"]) == .unprocessableContent)
            try await staff.get("/messages")
            #expect(try await staff.post("/messages/send", ["template": templateId, "segment": segment.id, "at": "soon"]) == .unprocessableContent)

            #expect(try await staff.get("/people/\(yes)") == .ok && staff.lastPage.contains("/people/\(yes)/messages"))
            #expect(try await staff.get("/people/\(yes)/messages") == .ok && staff.lastPage.contains("id=\"choice-channels\">email<"))
            #expect(try await staff.post("/people/\(yes)/preference-link", [:]) == .ok)
            let link = try #require(staff.lastPage.firstMatch(of: /id="preference-link" readonly value="[^"]*(\/p\/pref\/km_[A-Za-z0-9_=-]+)"/)?.output.1)
            #expect(try await staff.get("/people/\(yes)/messages") == .ok && !staff.lastPage.contains(String(link)), "the link is shown once")
            let supporter = browser()
            #expect(try await supporter.post(String(link), ["lang": "en", "channel": "email", "topic": "impact", "frequency": "quarterly", "language": "nl"], csrf: .some(nil)) == .ok)
            #expect(try await staff.get("/people/\(yes)/messages") == .ok && staff.lastPage.contains("frequency: <strong>quarterly</strong> (preference_centre)"))

            let viewer = browser()
            #expect(try await viewer.signIn(WebHarness.email(.viewer), WebHarness.password) == .seeOther)
            #expect(try await viewer.get("/messages") == .ok && !viewer.lastPage.contains("id=\"template-form\""))
            let programme = browser()
            #expect(try await programme.signIn(WebHarness.email(.programStaff), WebHarness.password) == .seeOther)
            #expect(try await programme.get("/messages") == .forbidden)
        }
    }

    @Test func plansAreWrittenFromThePageAndBadFormsRefused() async throws {
        try await WebHarness.run { harness, browser in
            let staff = browser()
            #expect(try await staff.signIn(WebHarness.email(.fundraiser), WebHarness.password) == .seeOther)
            #expect(try await staff.get("/plans") == .ok && staff.lastPage.contains("No plans yet.") && staff.lastPage.contains("id=\"plan-form\""))
            let plan = ["name": "Thank <b>first</b> donors", "trigger": "first_gift", "delay1": "0", "action1": "create_task", "text1": "Thank-you call",
                        "delay2": "48", "action2": "add_tag", "text2": "thanked", "action3": "", "skipWeekends": "on"]
            #expect(try await staff.post("/plans", plan) == .seeOther)
            let page = try #require(staff.headers[.location])
            #expect(try await staff.get(page) == .ok && staff.lastPage.contains("Thank &lt;b&gt;first&lt;/b&gt; donors") && staff.lastPage.contains("No one enrolled yet."))
            #expect(try await staff.get("/plans") == .ok && staff.lastPage.contains("+0 h: Create a task (Thank-you call) → +48 h: Add a tag (thanked)"))
            for (field, value) in [("trigger", "birthday"), ("amount", "lots"), ("action1", "dance"), ("delay1", "soon"), ("condition", "tag = ")] {
                var bad = plan
                bad[field] = value
                if field == "amount" { bad["trigger"] = "gift_above" }
                try await staff.get("/plans")
                #expect(try await staff.post("/plans", bad) == .unprocessableContent, "\(field)=\(value)")
            }
            var above = plan
            (above["trigger"], above["amount"]) = ("gift_above", "250,00")
            try await staff.get("/plans")
            #expect(try await staff.post("/plans", above) == .seeOther)
            let stored = try await harness.store.engagementPlans.list(cursor: nil, limit: 5, newestFirst: true, by: .system).items.first?.fields.trigger
            #expect(stored?.amountMinor == 25_000 && stored?.currency?.code == "EUR")
        }
    }
}
