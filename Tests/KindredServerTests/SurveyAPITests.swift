import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KindredCore
import KindredServer
import KindredStore
import KindredTestSupport
import Testing

/// Surveys through the API and the public pages: staff create surveys and links; a token opens its own survey in the
/// person's language and nothing else; answers are checked question by question; a personal link answers once and
/// joins the person; hostile text is kept and shown as text; the pages are rate-limited.
@Suite struct SurveyAPITests {
    static let custom = #"""
        {"name": "Open day", "template": "nps", "title": {"en": "Open day", "nl": "Open dag", "fr": "Journée portes ouvertes"},
         "questions": [
           {"key": "topics", "kind": "multiple_choice", "text": {"en": "Which topics?", "nl": "Welke onderwerpen?", "fr": "Quels sujets ?"},
            "options": [{"key": "water", "label": {"en": "Water", "nl": "Water", "fr": "Eau"}}, {"key": "schools", "label": {"en": "Schools", "nl": "Scholen", "fr": "Écoles"}}]},
           {"key": "anything", "kind": "free_text", "text": {"en": "Anything else?", "nl": "Nog iets?", "fr": "Autre chose ?"}}]}
        """#

    @Test func staffCreateSurveysAndLinksAndReadResults() async throws {
        try await APIHarness.run { harness, client in
            let fundraiser = harness.keys[.fundraiser]
            let created = try await client.call(.post, "/api/v1/surveys", as: fundraiser, json: Self.custom)
            #expect(created.status == .created && created.body?["questions"]?.array?.map { $0["key"]?.string } == ["recommend", "topics", "anything"])
            let surveyId = try #require(created.body?["id"]?.string)
            let person = try #require(try await client.call(.post, "/api/v1/constituents", as: fundraiser,
                                                            json: #"{"givenName": "Lise", "familyName": "Dupont", "preferredLanguage": "fr"}"#).body?["id"]?.string)
            let link = try await client.call(.post, "/api/v1/surveys/\(surveyId)/links", as: fundraiser, json: #"{"constituentId": "\#(person)"}"#)
            #expect(link.status == .created && link.body?["path"]?.string?.hasPrefix("/p/s/ks_") == true && link.body?["expiresAt"]?.string != nil)
            let anonymous = try await client.call(.post, "/api/v1/surveys/\(surveyId)/links", as: fundraiser, json: "{}")
            #expect(anonymous.status == .created && anonymous.body?["expiresAt"] == nil && anonymous.body?["constituentId"] == nil)
            let links = try await client.call(.get, "/api/v1/surveys/\(surveyId)/links", as: harness.keys[.viewer])
            #expect(links.body?["items"]?.array?.count == 2 && links.body?["items"]?.array?.allSatisfy { $0["token"] == nil } == true)

            let path = try #require(link.body?["path"]?.string)
            let sent = try await client.form(.post, path, "q.recommend=2&why.recommend=Personne+ne+r%C3%A9pond&q.topics=water&q.anything=%3Cscript%3Ealert(1)%3C%2Fscript%3E&lang=fr")
            #expect(sent.status == .ok && sent.text.contains("Merci"))
            let results = try await client.call(.get, "/api/v1/surveys/\(surveyId)/results", as: harness.keys[.viewer])
            #expect(results.body?["responses"]?.number == 1 && results.body?["questions"]?.array?.first?["nps"]?["detractors"]?.number == 1)
            #expect(results.body?["questions"]?.array?.last?["verbatims"]?.array?.first?.string == "<script>alert(1)</script>")
            let responses = try await client.call(.get, "/api/v1/surveys/\(surveyId)/responses", as: fundraiser)
            #expect(responses.body?["items"]?.array?.first?["constituentId"]?.string == person)
            #expect(responses.body?["items"]?.array?.first?["answers"]?["values"]?["topics"]?.array?.first?.string == "water")
            let tasks = try await client.call(.get, "/api/v1/tasks?constituentId=\(person)", as: fundraiser)
            #expect(tasks.body?["items"]?.array?.first?["kind"]?.string == "service_recovery", "the detractor's answer opens a follow-up")
            let timeline = try await client.call(.get, "/api/v1/constituents/\(person)/timeline", as: fundraiser)
            #expect(timeline.body?["items"]?.array?.contains { $0["type"]?.string == "survey_answered" } == true)

            let invalid: [(String, String, HTTPResponse.Status)] = [
                ("/api/v1/surveys", #"{"name": "x"}"#, .unprocessableContent),
                ("/api/v1/surveys", #"{"name": "x", "questions": [{"key": "A b", "kind": "scale", "text": {"en": "?"}, "scaleMin": 9, "scaleMax": 2}]}"#, .unprocessableContent),
                ("/api/v1/surveys", #"{"name": "x", "template": "stars"}"#, .unprocessableContent),
                ("/api/v1/surveys", #"{"name": "x", "template": "nps", "title": {"nl": "geen Engels"}}"#, .unprocessableContent),
                ("/api/v1/surveys", #"{"name": 7, "template": "nps"}"#, .unprocessableContent),
                ("/api/v1/surveys", #"{"name": "x", "template": "nps""#, .badRequest),
                ("/api/v1/surveys/\(surveyId)/links", #"{"constituentId": "0190f1a2-0000-7000-8000-000000000001"}"#, .unprocessableContent),
                ("/api/v1/surveys/\(surveyId)/links", #"{"constituentId": "nope"}"#, .unprocessableContent),
                ("/api/v1/surveys/\(surveyId)/links", #"{"expiresInDays": 0}"#, .unprocessableContent),
                ("/api/v1/surveys/\(surveyId)/links", #"{"expiresInDays": "soon"}"#, .unprocessableContent),
                ("/api/v1/surveys/0190f1a2-0000-7000-8000-000000000001/links", "{}", .notFound),
            ]
            for (uri, body, status) in invalid {
                let response = try await client.call(.post, uri, as: fundraiser, json: body)
                #expect(response.status == status, "\(uri) \(body) answered \(response.status)")
            }
            #expect(try await client.call(.delete, "/api/v1/surveys/\(surveyId)", as: fundraiser).status == .conflict, "answers are never lost")
            #expect(try await client.call(.get, "/api/v1/surveys/\(surveyId)/pulse", as: fundraiser).status == .conflict, "a supporter survey is no pulse")
            let pulse = try #require(try await client.call(.post, "/api/v1/surveys", as: fundraiser, json: #"{"name": "Pulse", "template": "enps"}"#).body?["id"]?.string)
            let pulseResults = try await client.call(.get, "/api/v1/surveys/\(pulse)/pulse", as: fundraiser)
            #expect(pulseResults.status == .ok && pulseResults.body?["withheld"] == .bool(true) && pulseResults.body?["minimumGroup"]?.number == 5)
            #expect(try await client.call(.get, "/api/v1/surveys/\(pulse)/responses", as: fundraiser).status == .forbidden, "pulse answers are never listed")
            #expect(try await client.call(.get, "/api/v1/surveys/\(pulse)/results", as: fundraiser).status == .forbidden)
            #expect(try await client.call(.post, "/api/v1/surveys/\(pulse)/links", as: fundraiser, json: "{}").status == .conflict)
            #expect(try await client.call(.patch, "/api/v1/surveys/\(pulse)", as: fundraiser, json: #"{"audience": "supporters"}"#).status == .conflict)
            #expect(try await client.call(.patch, "/api/v1/surveys/\(pulse)", as: fundraiser, json: #"{"status": "closed"}"#).status == .ok)
            #expect(try await client.call(.post, "/api/v1/surveys/\(surveyId)/links", as: harness.keys[.viewer], json: "{}").status == .forbidden)
            #expect(try await client.call(.get, "/api/v1/surveys/\(surveyId)/results", as: harness.keys[.programStaff]).status == .forbidden)
        }
    }

    @Test func aTokenOpensItsSurveyInThePersonsLanguageAndNothingElse() async throws {
        try await APIHarness.run { harness, client in
            let admin = harness.keys[.admin]
            let surveyId = try #require(try await client.call(.post, "/api/v1/surveys", as: admin, json: Self.custom).body?["id"]?.string)
            let person = try #require(try await client.call(.post, "/api/v1/constituents", as: admin, json: #"""
                {"givenName": "Sanne", "familyName": "Visser", "emails": ["sanne@example.org"], "preferredLanguage": "nl"}
                """#).body?["id"]?.string)
            let path = try #require(try await client.call(.post, "/api/v1/surveys/\(surveyId)/links", as: admin, json: #"{"constituentId": "\#(person)"}"#).body?["path"]?.string)
            let token = String(path.dropFirst("/p/s/".count))

            let page = try await client.form(.get, path, nil)
            #expect(page.status == .ok && page.text.contains("Open dag") && page.text.contains("Welke onderwerpen?") && page.text.contains(#"lang="nl""#))
            #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            #expect(!page.text.contains("Sanne") && !page.text.contains("Visser") && !page.text.contains("sanne@example.org"), "the page shows nothing about the person")
            #expect(try await client.form(.get, path + "?lang=fr", nil).text.contains("Journée portes ouvertes"))

            for uri in ["/api/v1/constituents/\(person)", "/api/v1/surveys/\(surveyId)/responses", "/api/v1/surveys"] {
                var headers: HTTPFields = [.authorization: "Bearer \(token)"]
                headers[.cookie] = "kindred_session=\(token)"
                let status = try await client.execute(uri: uri, method: .get, headers: headers) { $0.status }
                #expect(status == .unauthorized, "a survey token is no key: \(uri)")
            }
            #expect(try await client.form(.get, "/people/\(person)", nil, cookie: "kindred_session=\(token)").status == .seeOther)
            #expect(try await client.form(.get, "/p/s/\(token)x", nil).status == .notFound)
            #expect(try await client.form(.get, "/p/s/\(String(repeating: "k", count: 5_000))", nil).status == .notFound)

            let wrong = try await client.form(.post, path, "q.recommend=11&q.topics=water&q.topics=%3Dcmd%7C'%20%2FC%20calc'!A0&q.anything=hi&lang=nl")
            #expect(wrong.status == .unprocessableContent && wrong.text.contains("Kies een van de getoonde getallen.") && wrong.text.contains("Kies uit de getoonde mogelijkheden."))
            #expect(wrong.text.contains(#"value="water" checked"#), "what was sent is kept")
            let missing = try await client.form(.post, path, "lang=en")
            #expect(missing.status == .unprocessableContent && missing.text.contains("Please answer this question."))
            let tooLong = try await client.form(.post, path, "q.recommend=9&q.anything=" + String(repeating: "a", count: 70_000))
            #expect(tooLong.status == .contentTooLarge)

            let hostile = "%3Cimg+src%3Dx+onerror%3Dalert(1)%3E"
            let stored = try await client.form(.post, path, "q.recommend=9&why.recommend=\(hostile)&q.anything=\(hostile)&lang=nl")
            #expect(stored.status == .ok && stored.text.contains("Dank je wel!"))
            let again = try await client.form(.post, path, "q.recommend=10&lang=nl")
            #expect(again.status == .conflict && again.text.contains("al ingevuld"))
            #expect(try await client.form(.get, path, nil).text.contains("al ingevuld"))
            let feedback = try await client.call(.get, "/api/v1/feedback?constituentId=\(person)", as: admin)
            #expect(feedback.body?["items"]?.array?.first?["text"]?.string == "<img src=x onerror=alert(1)>")

            _ = try await client.call(.patch, "/api/v1/surveys/\(surveyId)", as: admin, json: #"{"status": "closed"}"#)
            let anonymous = try #require(try await client.call(.post, "/api/v1/surveys/\(surveyId)/links", as: admin, json: "{}").body?["path"]?.string)
            #expect(try await client.form(.get, anonymous, nil, language: "fr-BE,fr;q=0.9").status == .gone)
            #expect(try await client.form(.get, anonymous, nil, language: "fr-BE,fr;q=0.9").text.contains("pas ouvert"))
            #expect(try await client.form(.post, anonymous, "q.recommend=9").status == .gone)
        }
    }

    @Test func thePublicPagesAreRateLimitedPerAddress() async throws {
        // Two a minute: a token comes back only after 30 s, so a loaded machine cannot refill the bucket mid-test (at six
        // a minute it did, every 10 s). The bucket's refill is TokenBucket's own test, on a clock passed in.
        try await APIHarness.run(publicRequestsPerMinute: 2) { harness, client in
            for _ in 0..<2 { #expect(try await client.form(.get, "/p/s/ks_nothing", nil).status == .notFound) }
            let limited = try await client.form(.get, "/p/s/ks_nothing", nil)
            #expect(limited.status == .tooManyRequests && Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(limited.text.contains("Too many requests"))
            #expect(try await client.call(.get, "/api/v1/surveys", as: harness.keys[.viewer]).status == .ok, "the API is not limited by the public pages")
        }
    }
}

extension TestClientProtocol {
    /// Sends a public-page request (a URL-encoded form when `form` is given) and returns status, headers and the page.
    func form(_ method: HTTPRequest.Method, _ uri: String, _ form: String?, cookie: String? = nil, language: String? = nil) async throws
        -> (status: HTTPResponse.Status, headers: HTTPFields, text: String) {
        var headers: HTTPFields = [:]
        if form != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        if let cookie { headers[.cookie] = cookie }
        if let language { headers[.acceptLanguage] = language }
        return try await execute(uri: uri, method: method, headers: headers, body: form.map { ByteBuffer(string: $0) }) { response in
            (response.status, response.headers, String(buffer: response.body))
        }
    }
}

/// The public ideas board: propose (hostile text shown as text), vote once per browser, three per address, bad input
/// named in the reader's language; staff set statuses and link the campaign through the API.
@Suite struct IdeaBoardTests {
    @Test func proposeVoteAndModerate() async throws {
        try await APIHarness.run(publicRequestsPerMinute: 1_000) { harness, client in
            let empty = try await client.form(.get, "/p/ideas?lang=nl", nil)
            #expect(empty.status == .ok && empty.text.contains("Ideeënbord") && empty.text.contains("Nog geen ideeën"))
            let hostile = "%3Cscript%3Ealert(1)%3C%2Fscript%3E+%3DHYPERLINK(%22x%22)"
            let proposed = try await client.form(.post, "/p/ideas", "title=Open+day+\(hostile)&body=Kids+welcome&lang=fr")
            #expect(proposed.status == .ok && proposed.text.contains("Merci ! Votre idée est sur le tableau."))
            #expect(proposed.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !proposed.text.contains("<script>alert(1)"))
            for bad in ["title=ab", "title=", "body=no+title", "title=\(String(repeating: "x", count: 121))", "title=ok+idea&body=\(String(repeating: "y", count: 2_001))"] {
                let refused = try await client.form(.post, "/p/ideas", bad + "&lang=en")
                #expect(refused.status == .unprocessableContent && refused.text.contains("Please give your idea a title"), "\(bad.prefix(40))")
            }
            #expect(try await client.form(.post, "/p/ideas", "title=" + String(repeating: "z", count: 70_000)).status == .contentTooLarge)

            let ideas = try await client.call(.get, "/api/v1/ideas", as: harness.keys[.viewer])
            let id = try #require(ideas.body?["items"]?.array?.first?["id"]?.string)
            #expect(ideas.body?["items"]?.array?.first?["status"]?.string == "new")
            let first = try await client.form(.post, "/p/ideas/\(id)/vote", "lang=en")
            #expect(first.status == .ok && first.text.contains("your vote is counted"))
            let cookie = try #require(first.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            #expect(cookie.hasPrefix("kindred_voter="))
            let again = try await client.form(.post, "/p/ideas/\(id)/vote", "lang=en", cookie: cookie)
            #expect(again.status == .conflict && again.text.contains("already voted"))
            #expect(try await client.form(.post, "/p/ideas/\(id)/vote", "lang=en").status == .ok, "a second browser")
            #expect(try await client.form(.post, "/p/ideas/\(id)/vote", "lang=en").status == .ok, "a third")
            let stuffed = try await client.form(.post, "/p/ideas/\(id)/vote", "lang=en")
            #expect(stuffed.status == .conflict && stuffed.text.contains("Enough votes"), "a fourth browser on one address")
            #expect(try await client.form(.post, "/p/ideas/0190f1a2-0000-7000-8000-000000000001/vote", "lang=en").status == .notFound)
            _ = try await client.form(.post, "/p/ideas", "title=Second+idea&lang=en")
            let second = try #require(try await client.call(.get, "/api/v1/ideas?status=new", as: harness.keys[.viewer]).body?["items"]?.array?
                .first { $0["title"]?.string == "Second idea" }?["id"]?.string)
            let forged = try await client.form(.post, "/p/ideas/\(second)/vote", "lang=en", cookie: "kindred_voter=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
            #expect(forged.status == .ok && forged.headers[.setCookie]?.hasPrefix("kindred_voter=") == true, "a malformed voter cookie is replaced")
            #expect(try await client.form(.post, "/p/ideas/not-an-id/vote", "").status == .notFound)
            #expect(try await client.call(.get, "/api/v1/ideas/\(id)", as: harness.keys[.viewer]).body?["votes"]?.number == 3)

            let campaign = try #require(try await client.call(.post, "/api/v1/campaigns", as: harness.keys[.admin], json: #"{"name": "Open day 2027"}"#).body?["id"]?.string)
            let planned = try await client.call(.patch, "/api/v1/ideas/\(id)", as: harness.keys[.fundraiser], json: #"{"status": "planned", "campaignId": "\#(campaign)", "votes": 999}"#)
            #expect(planned.status == .ok && planned.body?["status"]?.string == "planned" && planned.body?["campaignId"]?.string == campaign)
            #expect(try await client.call(.get, "/api/v1/ideas/\(id)", as: harness.keys[.viewer]).body?["votes"]?.number == 3, "votes cannot be set")
            #expect(try await client.call(.patch, "/api/v1/ideas/\(id)", as: harness.keys[.fundraiser], json: #"{"status": "shelved"}"#).status == .unprocessableContent)
            #expect(try await client.call(.patch, "/api/v1/ideas/\(id)", as: harness.keys[.viewer], json: #"{"status": "done"}"#).status == .forbidden)
            #expect(try await client.form(.get, "/p/ideas", nil).text.contains("Planned"))
        }
    }
}

/// Supporter events through the API and the public pages: registration in the reader's language with the personal
/// link shown once, capacity, check-in by staff, and the attendee led on to the post-event survey.
@Suite struct SupporterEventPageTests {
    @Test func registerCheckInAndAnswerTheSurvey() async throws {
        try await APIHarness.run(publicRequestsPerMinute: 1_000) { harness, client in
            let fundraiser = harness.keys[.fundraiser]
            let survey = try #require(try await client.call(.post, "/api/v1/surveys", as: fundraiser, json: #"{"name": "After", "template": "csat"}"#).body?["id"]?.string)
            let created = try await client.call(.post, "/api/v1/supporter-events", as: fundraiser, json: #"""
                {"name": "Open dag <script>alert(1)</script>", "startsAt": "2026-09-01T10:00:00Z", "capacity": 1, "location": "Utrecht", "surveyId": "\#(survey)"}
                """#)
            #expect(created.status == .created)
            let event = try #require(created.body?["id"]?.string)
            let page = try await client.form(.get, "/p/e/\(event)?lang=nl", nil)
            #expect(page.status == .ok && page.text.contains("Open dag &lt;script&gt;") && page.text.contains("Inschrijven") && page.text.contains(">1</strong>"))
            for bad in ["givenName=&familyName=&email=a%40example.org", "givenName=Anna&email=not-an-email", "givenName=Anna"] {
                let refused = try await client.form(.post, "/p/e/\(event)", bad + "&lang=en")
                #expect(refused.status == .unprocessableContent && refused.text.contains("a valid email address"), "\(bad)")
            }
            let registered = try await client.form(.post, "/p/e/\(event)", "givenName=Anna&familyName=Jansen&email=anna%40example.org&lang=nl")
            #expect(registered.status == .ok && registered.text.contains("Je bent ingeschreven"))
            let link = try #require(registered.text.firstMatch(of: /id="registration-link" readonly value="[^"]*(\/p\/r\/kr_[A-Za-z0-9_-]+)"/)?.output.1)
            #expect(try await client.form(.post, "/p/e/\(event)", "givenName=Bo&email=bo%40example.org&lang=en").status == .conflict, "full")
            let again = try await client.form(.post, "/p/e/\(event)", "givenName=Someone&email=anna%40example.org&lang=en")
            #expect(again.status == .conflict && again.text.contains("already registered") && !again.text.contains("/p/r/kr_"), "no new link for a known email")
            #expect(try await client.form(.get, "/p/e/0190f1a2-0000-7000-8000-000000000001", nil).status == .notFound)
            #expect(try await client.form(.get, String(link), nil).text.contains("Je bent ingeschreven. We kijken ernaar uit"))

            let registrations = try await client.call(.get, "/api/v1/supporter-events/\(event)/registrations", as: fundraiser)
            let person = try #require(registrations.body?["items"]?.array?.first?["constituentId"]?.string)
            #expect(try await client.call(.post, "/api/v1/supporter-events/\(event)/check-ins", as: fundraiser, json: #"{"constituentId": "nope"}"#).status == .unprocessableContent)
            #expect(try await client.call(.post, "/api/v1/supporter-events/\(event)/check-ins", as: fundraiser, json: "{}").status == .unprocessableContent)
            #expect(try await client.call(.post, "/api/v1/supporter-events/\(event)/check-ins", as: fundraiser, json: #"{"constituentId": "\#(person)"}"#).status == .ok)
            #expect(try await client.call(.post, "/api/v1/supporter-events/\(event)/check-ins", as: fundraiser, json: #"{"constituentId": "\#(person)"}"#).status == .conflict)
            #expect(try await client.call(.post, "/api/v1/supporter-events/\(event)/check-ins", as: harness.keys[.viewer], json: #"{"constituentId": "\#(person)"}"#).status == .forbidden)
            let attended = try await client.form(.get, String(link), nil)
            #expect(attended.text.contains("Bedankt voor je komst!") && attended.text.contains("id=\"post-event-survey\""))
            let onward = try await client.form(.post, String(link) + "/survey", "")
            #expect(onward.status == .seeOther && onward.headers[.location]?.hasPrefix("/p/s/ks_") == true)
            let form = try await client.form(.get, try #require(onward.headers[.location]), nil)
            #expect(form.status == .ok && form.text.contains("Hoe tevreden"), "the survey in the person's language")
            #expect(try await client.form(.post, "/p/r/kr_unknown/survey", "").status == .notFound)
            #expect(try await client.call(.post, "/api/v1/supporter-events", as: fundraiser, json: #"{"name": "x", "startsAt": "soon"}"#).status == .unprocessableContent)
        }
    }
}
