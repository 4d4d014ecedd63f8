import Foundation
import HTTPTypes
import KindredCore
import KindredStore
import KindredTestSupport
import Testing

/// The staff's survey pages: a ready-made survey created from the list, a personal link made on the person page and
/// shown once, the answer through that link in the person's language, the results with what they wrote shown as
/// text, and the follow-up task in the inbox.
@Suite struct SurveyPageTests {
    @Test func fromANewSurveyToResultsAndAFollowUp() async throws {
        try await WebHarness.run { harness, browser in
            let staff = browser()
            #expect(try await staff.signIn(WebHarness.email(.fundraiser), WebHarness.password) == .seeOther)
            #expect(try await staff.get("/surveys") == .ok && staff.lastPage.contains("No surveys yet.") && staff.lastPage.contains("aria-current=\"page\""))
            #expect(try await staff.post("/surveys", ["name": "Winter NPS", "template": "nps"]) == .seeOther)
            let surveyPage = try #require(staff.headers[.location])
            #expect(try await staff.get(surveyPage) == .ok && staff.lastPage.contains("How likely are you to recommend us"))

            try await staff.get("/people/new")
            #expect(try await staff.post("/people", ["givenName": "Noor", "familyName": "Bakker"]) == .seeOther)
            let person = try #require(staff.headers[.location])
            let personId = String(person.dropFirst("/people/".count))
            var dutch = try await harness.store.constituents.get(personId, by: .system).fields
            dutch.preferredLanguage = .nl
            _ = try await harness.store.constituents.update(personId, with: dutch, by: .system)
            #expect(try await staff.get(person) == .ok && staff.lastPage.contains("id=\"make-survey-link\""))
            #expect(try await staff.post(person + "/survey-links", ["survey": String(surveyPage.dropFirst("/surveys/".count))]) == .ok)
            let link = try #require(staff.lastPage.firstMatch(of: /id="survey-link" readonly value="[^"]*(\/p\/s\/ks_[A-Za-z0-9_-]+)"/)?.output.1)
            #expect(try await staff.get(person) == .ok && !staff.lastPage.contains(String(link)), "the link is shown once")

            let supporter = browser()
            #expect(try await supporter.get(String(link)) == .ok && supporter.lastPage.contains("Hoe waarschijnlijk"))
            let hostile = "<script>alert(1)</script> Niemand belde terug"
            #expect(try await supporter.post(String(link), ["q.recommend": "2", "why.recommend": hostile, "lang": "nl"], csrf: .some(nil)) == .ok)
            #expect(supporter.lastPage.contains("Dank je wel!"))

            #expect(try await staff.get(surveyPage) == .ok)
            #expect(staff.lastPage.contains("&lt;script&gt;alert(1)&lt;/script&gt; Niemand belde terug") && !staff.lastPage.contains("<script>alert(1)"))
            #expect(staff.lastPage.contains("<strong class=\"survey-score\">-100</strong>") && staff.lastPage.contains("0 · 0 · 1"))
            #expect(try await staff.get("/tasks?scope=all") == .ok && staff.lastPage.contains("Close the loop with a detractor"))
            #expect(try await staff.get("/surveys") == .ok && staff.lastPage.contains("NPS -100"))
            #expect(try await staff.get("/feedback") == .ok && staff.lastPage.contains("id=\"feedback-by-loyalty\"") && staff.lastPage.contains("id=\"roi-by-nps\""))
            #expect(staff.lastPage.contains("&lt;script&gt;alert(1)&lt;/script&gt; Niemand belde terug"), "the latest words, as text")
            #expect(staff.lastPage.contains("Detractors (0–6)") && staff.lastPage.contains("aria-current=\"page\""))
            #expect(try await staff.get("/feedback?from=2026-13-01") == .unprocessableContent)
            #expect(try await staff.get("/feedback?from=2026-06-01&to=2026-01-01") == .unprocessableContent)
            #expect(try await staff.get("/feedback?segment=0190f1a2-0000-7000-8000-000000000001") == .notFound)
            #expect(try await staff.get("/feedback?segment=%27%3B%20DROP%20TABLE%20feedback") == .unprocessableContent)

            try await staff.get(surveyPage)
            #expect(try await staff.post(surveyPage + "/links", [:]) == .ok && staff.lastPage.contains("/p/s/ks_"))
            #expect(try await staff.post(surveyPage + "/status", ["status": "closed"]) == .seeOther)
            #expect(try await supporter.get(String(link)) == .gone)
            for (path, fields) in [("/surveys", ["name": "x", "template": "stars"]), ("/surveys", ["template": "nps"]),
                                   (surveyPage + "/status", ["status": "archived"]), (person + "/survey-links", ["survey": "nope"]),
                                   (person + "/survey-links", ["survey": "0190f1a2-0000-7000-8000-000000000001"])] {
                try await staff.get("/surveys")
                let status = try await staff.post(path, fields)
                #expect(status == .unprocessableContent || status == .notFound, "\(path) \(fields) → \(status)")
            }

            let viewer = browser()
            #expect(try await viewer.signIn(WebHarness.email(.viewer), WebHarness.password) == .seeOther)
            #expect(try await viewer.get(surveyPage) == .ok && !viewer.lastPage.contains("make-anonymous-link"))
            #expect(try await viewer.post("/surveys", ["name": "x", "template": "nps"]) == .forbidden)
        }
    }

    @Test func staffAnswerAPulseOnceAndResultsAppearFromFive() async throws {
        try await WebHarness.run { harness, browser in
            let admin = browser()
            #expect(try await admin.signIn(WebHarness.email(.admin), WebHarness.password) == .seeOther)
            try await admin.get("/surveys")
            #expect(try await admin.post("/surveys", ["name": "Spring pulse", "template": "enps"]) == .seeOther)
            let surveyPage = try #require(admin.headers[.location])
            let pulse = "/pulse/" + surveyPage.dropFirst("/surveys/".count)
            #expect(try await admin.get(surveyPage) == .ok && admin.lastPage.contains(String(pulse)) && !admin.lastPage.contains("make-anonymous-link"))
            for role in StaffRole.allCases {
                let staff = browser()
                #expect(try await staff.signIn(WebHarness.email(role), WebHarness.password) == .seeOther)
                #expect(try await staff.get(String(pulse)) == .ok && staff.lastPage.contains("recommend working here"), "\(role)")
                #expect(try await staff.post(String(pulse), ["q.recommend_work": "11"]) == .unprocessableContent)
                #expect(try await staff.post(String(pulse), ["q.recommend_work": "9", "why.recommend_work": "<b>Good team</b>"]) == .ok)
                #expect(staff.lastPage.contains("Thank you!"))
                #expect(try await staff.get(String(pulse)) == .ok && staff.lastPage.contains("You have already answered"))
            }
            #expect(try await admin.get(surveyPage) == .ok && admin.lastPage.contains("id=\"pulse-withheld\"") && !admin.lastPage.contains("Good team"))
            let extra = try await StaffDirectory(database: harness.store.database).createUser(email: "fifth@example.org", passwordHash: "x", role: .fundraiser)
            let surveyId = String(surveyPage.dropFirst("/surveys/".count))
            _ = try await harness.store.submitPulse(surveyId: surveyId, userId: extra.id, group: .fundraiser,
                                                    answers: SurveyAnswers(values: ["recommend_work": .number(3)]), language: .en)
            #expect(try await admin.get(surveyPage) == .ok && !admin.lastPage.contains("id=\"pulse-withheld\""))
            #expect(admin.lastPage.contains("&lt;b&gt;Good team&lt;/b&gt;") && admin.lastPage.contains("Groups held back"), "two fundraisers: too few to show")
            #expect(try await admin.get("/pulse/0190f1a2-0000-7000-8000-000000000001") == .notFound)
            try await admin.get("/surveys")
            #expect(try await admin.post("/surveys", ["name": "Supporters", "template": "nps"]) == .seeOther)
            let supporters = try #require(admin.headers[.location])
            #expect(try await admin.get("/pulse/" + supporters.dropFirst("/surveys/".count)) == .notFound, "a supporter survey is no pulse")
        }
    }
}

/// The staff pages of supporter events, ideas and the account owner.
@Suite struct VoicePageTests {
    @Test func eventsIdeasAndTheAccountOwnerFromThePages() async throws {
        try await WebHarness.run { harness, browser in
            let staff = browser()
            #expect(try await staff.signIn(WebHarness.email(.fundraiser), WebHarness.password) == .seeOther)
            #expect(try await staff.get("/events") == .ok && staff.lastPage.contains("No events yet."))
            #expect(try await staff.post("/events", ["name": "Open day <b>", "startsAt": "2026-09-01T10:00", "capacity": "20", "location": "Gent"]) == .seeOther)
            let eventPage = try #require(staff.headers[.location])
            let eventId = String(eventPage.dropFirst("/events/".count))
            let person = try ConstituentInput(givenName: "Noor", familyName: "Bakker", emails: ["noor@example.org"]).validated()
            guard case .registered = try await harness.store.register(eventId: eventId, person: person) else { Issue.record("registered"); return }
            #expect(try await staff.get(eventPage) == .ok && staff.lastPage.contains("Open day &lt;b&gt;") && staff.lastPage.contains("/p/e/\(eventId)"))
            let personId = try #require(staff.lastPage.firstMatch(of: /name="constituentId" value="([0-9a-f-]+)"/)?.output.1)
            #expect(try await staff.post(eventPage + "/check-ins", ["constituentId": String(personId)]) == .seeOther)
            #expect(try await staff.get(eventPage) == .ok && staff.lastPage.contains("Came") && !staff.lastPage.contains("class=\"check-in\""))
            #expect(try await staff.post(eventPage + "/check-ins", ["constituentId": String(personId)]) == .conflict)
            for fields in [["name": "x", "startsAt": "someday"], ["name": "x", "startsAt": "2026-09-01T10:00", "capacity": "lots"], ["startsAt": "2026-09-01T10:00"],
                           ["name": "x", "startsAt": "2026-09-01T10:00", "capacity": "0"]] {
                try await staff.get("/events")
                #expect(try await staff.post("/events", fields) == .unprocessableContent, "\(fields)")
            }
            #expect(try await staff.get("/events") == .ok && staff.lastPage.contains("1 / 20"))

            let idea = try await harness.store.ideas.create(try IdeaInput(title: "Plant trees <script>").validated(), by: .system)
            #expect(try await staff.get("/ideas") == .ok && staff.lastPage.contains("Plant trees &lt;script&gt;") && staff.lastPage.contains("/p/ideas"))
            #expect(try await staff.post("/ideas/\(idea.id)", ["status": "planned"]) == .seeOther)
            #expect(try await harness.store.ideas.get(idea.id, by: .system).fields.status == .planned)
            try await staff.get("/ideas")
            #expect(try await staff.post("/ideas/\(idea.id)", ["status": "shelved"]) == .unprocessableContent)

            let owner = try #require(try await StaffDirectory(database: harness.store.database).users().first { $0.role == .fundraiser })
            try await staff.get("/people/\(personId)")
            #expect(staff.lastPage.contains("id=\"account-owner\""))
            #expect(try await staff.post("/people/\(personId)/owner", ["owner": owner.id]) == .seeOther)
            #expect(try await harness.store.constituents.get(String(personId), by: .system).fields.accountOwnerId == owner.id)
            try await staff.get("/people/\(personId)")
            #expect(try await staff.post("/people/\(personId)/owner", ["owner": "0190f1a2-0000-7000-8000-000000000001"]) == .unprocessableContent)
            try await staff.get("/people/\(personId)")
            #expect(try await staff.post("/people/\(personId)/owner", [:]) == .seeOther)
            #expect(try await harness.store.constituents.get(String(personId), by: .system).fields.accountOwnerId == nil)
        }
    }
}
