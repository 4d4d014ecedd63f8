import Foundation
import HTTPTypes
import KindredCore
import KindredServer
import KindredStore
import KindredTestSupport
import Testing

/// The message API end to end on the router: templates checked (each bad placeholder named), sending only to people
/// who consented, every bad request refused with a clear 4xx, the outbox's .eml, outcomes, settings and preferences;
/// then the public preference centre, unsubscribe and tracking links.
@Suite struct MessageAPITests {
    static let template = """
        {"name": "Thank you", "topic": "impact", "trackEngagement": true, "variants": {
          "en": {"subject": "Thank you, {{givenName|friend}}", "body": "Dear {{givenName}},\\n\\nSee https://example.org/impact"},
          "nl": {"subject": "Bedankt, {{givenName|vriend}}", "body": "Beste {{givenName}},\\n\\nZie https://example.org/impact"}}}
        """

    /// A person with an email address, consenting to email unless told.
    static func person(_ name: String, email: String, consent: Bool, _ harness: APIHarness) async throws -> String {
        let id = try await harness.store.constituents.create(try sampleConstituent(name, email: email).validated(), by: .system).id
        if consent {
            _ = try await harness.store.consent.create(try ConsentInput(constituentId: id, channel: .email, status: .granted, recordedAt: testNow, source: "test").validated(), by: .system)
        }
        return id
    }

    @Test func sendingHonoursConsentAndRefusesBadRequests() async throws {
        try await APIHarness.run { harness, client in
            let admin = harness.keys[.admin], fundraiser = harness.keys[.fundraiser]
            let bad = try await client.call(.post, "/api/v1/message-templates", as: fundraiser,
                                            json: #"{"name": "x", "variants": {"en": {"subject": "Hi {{frist}}", "body": "b"}}}"#)
            #expect(bad.status == .unprocessableContent && bad.body?["errors"]?.array?.first?["field"]?.string == "variants.en.subject")
            #expect(try await client.call(.post, "/api/v1/message-templates", as: fundraiser, json: #"{"name": 5}"#).status == .unprocessableContent)
            #expect(try await client.call(.post, "/api/v1/message-templates", as: harness.keys[.viewer], json: Self.template).status == .forbidden)
            let created = try await client.call(.post, "/api/v1/message-templates", as: fundraiser, json: Self.template)
            #expect(created.status == .created)
            let templateId = try #require(created.body?["id"]?.string)
            let anna = try await Self.person("Anna Jansen", email: "anna@example.org", consent: true, harness)
            let bert = try await Self.person("<script>alert(1)</script> Bert", email: "bert@example.org", consent: false, harness)

            let ids = #"["\#(anna)", "\#(bert)"]"#
            let sent = try await client.call(.post, "/api/v1/messages", as: fundraiser, json: #"{"templateId": "\#(templateId)", "constituentIds": \#(ids)}"#)
            #expect(sent.status == .accepted && sent.body?["queued"]?.number == 1 && sent.body?["suppressed"]?["no_consent"]?.number == 1)
            let unknown = RecordIdentifier.make(at: testNow)
            for (body, status) in [
                (#"{"constituentIds": ["\#(anna)"]}"#, HTTPResponse.Status.unprocessableContent),
                (#"{"templateId": "\#(templateId)"}"#, .unprocessableContent),
                (#"{"templateId": "\#(templateId)", "constituentIds": ["\#(anna)"], "segmentId": "\#(unknown)"}"#, .unprocessableContent),
                (#"{"templateId": "\#(templateId)", "constituentIds": []}"#, .unprocessableContent),
                (#"{"templateId": "\#(templateId)", "constituentIds": ["'; DROP TABLE messages; --"]}"#, .unprocessableContent),
                (#"{"templateId": "\#(templateId)", "constituentIds": ["\#(anna)", "\#(anna)"]}"#, .unprocessableContent),
                (#"{"templateId": "\#(templateId)", "constituentIds": ["\#(unknown)"]}"#, .unprocessableContent),
                (#"{"templateId": "\#(templateId)", "constituentIds": ["\#(anna)"], "scheduledFor": "2031-01-01T00:00:00Z"}"#, .unprocessableContent),
                (#"{"templateId": "\#(templateId)", "constituentIds": ["\#(anna)"], "scheduledFor": "tomorrow"}"#, .unprocessableContent),
                (#"{"templateId": "\#(templateId)", "constituentIds": "\#(anna)"}"#, .unprocessableContent),
                (#"{"templateId": "\#(unknown)", "constituentIds": ["\#(anna)"]}"#, .notFound),
                (#"{"templateId": "\#(templateId)", "segmentId": "\#(unknown)"}"#, .notFound),
                (#"{"templateId": "\#(templateId)", "constituentIds": ["\#(anna)"], "campaignId": "\#(unknown)"}"#, .unprocessableContent),
                ("[1, 2", .badRequest),
            ] {
                let answer = try await client.call(.post, "/api/v1/messages", as: fundraiser, json: body)
                #expect(answer.status == status, "\(body) → \(answer.status) \(answer.body?["detail"]?.string ?? "")")
            }
            let tooMany = (0..<1_001).map { _ in "\"\(RecordIdentifier.make(at: testNow))\"" }.joined(separator: ",")
            #expect(try await client.call(.post, "/api/v1/messages", as: fundraiser, json: #"{"templateId": "\#(templateId)", "constituentIds": [\#(tooMany)]}"#).status == .unprocessableContent)
            #expect(try await client.call(.post, "/api/v1/messages", as: harness.keys[.programStaff], json: #"{"templateId": "\#(templateId)", "constituentIds": ["\#(anna)"]}"#).status == .forbidden)

            let outbox = TestScratch.path("outbox")
            let dispatcher = MessageDispatcher(store: harness.store, configuration: MessageDeliveryConfiguration(outboxDirectory: outbox.path), logger: testLogger)
            #expect(await dispatcher.sendDue() == 1)
            let files = try FileManager.default.contentsOfDirectory(atPath: outbox.path)
            #expect(files.count == 1 && files[0].hasSuffix(".eml"))
            let eml = try String(contentsOf: outbox.appendingPathComponent(files[0]), encoding: .utf8)
            #expect(eml.contains("To: <anna@example.org>\r\n") && eml.contains("Subject: Thank you, Anna\r\n") && eml.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"))
            #expect(eml.contains("From: \"Kindred\" <supporters@example.org>"))

            let listed = try await client.call(.get, "/api/v1/messages?constituentId=\(anna)", as: harness.keys[.viewer])
            let message = try #require(listed.body?["items"]?.array?.first)
            #expect(message["status"]?.string == "sent" && message["language"]?.string == "en")
            let messageId = try #require(message["id"]?.string)
            #expect(try await client.call(.get, "/api/v1/messages/\(messageId)", as: fundraiser).body?["subject"]?.string == "Thank you, Anna")
            #expect(try await client.call(.get, "/api/v1/messages/\(unknown)", as: fundraiser).status == .notFound)
            #expect(try await client.call(.get, "/api/v1/messages/nope", as: fundraiser).status == .notFound)
            #expect(try await client.call(.get, "/api/v1/messages?status=lost", as: fundraiser).status == .unprocessableContent)
            let suppressed = try await client.call(.get, "/api/v1/messages?constituentId=\(bert)&status=suppressed", as: fundraiser)
            #expect(suppressed.body?["items"]?.array?.first?["reason"]?.string == "no_consent")
            #expect(try await client.call(.post, "/api/v1/messages/\(messageId)/outcome", as: fundraiser, json: #"{"outcome": "lost"}"#).status == .unprocessableContent)
            #expect(try await client.call(.post, "/api/v1/messages/\(messageId)/outcome", as: fundraiser, json: #"{}"#).status == .unprocessableContent)
            let suppressedId = try #require(suppressed.body?["items"]?.array?.first?["id"]?.string)
            #expect(try await client.call(.post, "/api/v1/messages/\(suppressedId)/outcome", as: fundraiser, json: #"{"outcome": "bounced"}"#).status == .conflict)
            let bounced = try await client.call(.post, "/api/v1/messages/\(messageId)/outcome", as: fundraiser, json: #"{"outcome": "bounced"}"#)
            #expect(bounced.status == .ok && bounced.body?["outcome"]?.string == "bounced")
            let again = try await client.call(.post, "/api/v1/messages", as: fundraiser, json: #"{"templateId": "\#(templateId)", "constituentIds": ["\#(anna)"]}"#)
            #expect(again.body?["suppressed"]?["undeliverable"]?.number == 1, "a bounced address is not used again")

            #expect(try await client.call(.get, "/api/v1/settings/messaging", as: harness.keys[.viewer]).body?["fromAddress"]?.string == "supporters@example.org")
            let settings = #"{"fromAddress": "hello@hope.example", "fromName": "Hope", "frequencyCaps": [], "skipWeekends": true, "publicURL": "https://kindred.hope.example/"}"#
            #expect(try await client.call(.put, "/api/v1/settings/messaging", as: fundraiser, json: settings).status == .forbidden)
            let saved = try await client.call(.put, "/api/v1/settings/messaging", as: admin, json: settings)
            #expect(saved.status == .ok && saved.body?["publicURL"]?.string == "https://kindred.hope.example" && saved.body?["quietHours"] == nil)
            #expect(try await client.call(.put, "/api/v1/settings/messaging", as: admin, json: #"{"fromAddress": "x", "fromName": "", "frequencyCaps": [], "skipWeekends": false, "publicURL": "javascript:alert(1)"}"#).status == .unprocessableContent)

            let link = try await client.call(.post, "/api/v1/constituents/\(anna)/preference-link", as: fundraiser)
            #expect(link.status == .created && link.body?["path"]?.string?.hasPrefix("/p/pref/km_") == true)
            #expect(try await client.call(.post, "/api/v1/constituents/\(unknown)/preference-link", as: fundraiser).status == .notFound)
            let pattern = try await client.call(.get, "/api/v1/reports/send-times", as: harness.keys[.viewer])
            #expect(pattern.status == .ok && pattern.body?["hours"]?.array?.count == 168)
            #expect(try await client.call(.get, "/api/v1/reports/send-times", as: harness.keys[.programStaff]).status == .forbidden)
            let best = try await client.call(.post, "/api/v1/messages", as: fundraiser, json: #"{"templateId": "\#(templateId)", "constituentIds": ["\#(bert)"], "atBestTime": "yes"}"#)
            #expect(best.status == .unprocessableContent)
            let preferences = try await client.call(.get, "/api/v1/constituents/\(anna)/preferences", as: fundraiser)
            #expect(preferences.body?["choices"]?["channels"]?.array?.compactMap(\.string) == ["email"])
        }
    }

    @Test func thePreferenceCentreUnsubscribeAndTrackingLinks() async throws {
        try await APIHarness.run { harness, client in
            let anna = try await Self.person("Anna Jansen", email: "anna@example.org", consent: true, harness)
            let template = try await harness.store.messageTemplates.create(try JSONDecoder().decode(MessageTemplateInput.self, from: Data(Self.template.utf8)).validated(), by: .system)
            _ = try await harness.store.messages.send(templateId: template.id, to: .people([anna]), source: "test", by: .system)
            let claimed = try #require(try await harness.store.messages.claimDue().first)
            try await harness.store.messages.recordAttempt(claimed.id, error: nil)
            let token = String(claimed.unsubscribeURL.split(separator: "/").last!)
            let html = try #require(claimed.message.html)
            let click = try #require(html.firstMatch(of: /href="http:\/\/localhost:8080(\/p\/m\/[^"]+\/click\?u=[^"]+)"/)?.output.1)

            let centre = try await client.form(.get, "/p/pref/\(token)", nil)
            #expect(centre.status == .ok && centre.text.contains("id=\"preferences-form\"") && centre.text.contains("value=\"email\" checked"))
            #expect(centre.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            #expect(try await client.form(.get, "/p/pref/\(token)?lang=nl", nil).text.contains("Je voorkeuren"))
            let choices = "lang=en&channel=email&channel=post&topic=newsletter&topic=impact&frequency=monthly&language=fr&involvement=4&wish=monthly&wish=being_heard"
            let saved = try await client.form(.post, "/p/pref/\(token)", choices)
            #expect(saved.status == .ok && saved.text.contains("Enregistré") && saved.text.contains("lang=\"fr\""), "saved, and shown in the language chosen")
            let stored = try await harness.store.messages.choices(ofPerson: anna)
            #expect(stored.channels == [.email, .post] && stored.language == .fr && stored.involvement == 4)
            #expect(stored.preferences.declinedTopics == [.appeals, .events, .surveys, .volunteering] && stored.preferences.frequency == .monthly)
            for hostile in ["channel=whatsapp", "channel=<script>", "involvement=9", "frequency=daily", "language=de", "topic=%27%3B+DROP+TABLE+messages"] {
                let refused = try await client.form(.post, "/p/pref/\(token)", "lang=en&\(hostile)")
                #expect(refused.status == .unprocessableContent && !refused.text.contains("<script>"), "\(hostile)")
            }
            #expect(try await harness.store.messages.choices(ofPerson: anna) == stored, "a refused form changes nothing")
            #expect(try await client.form(.post, "/p/pref/\(token)", String(repeating: "wish=monthly&", count: 6_000)).status == .contentTooLarge)
            #expect(try await client.form(.get, "/p/pref/km_unknown", nil).status == .notFound)
            #expect(try await client.form(.get, "/p/pref/\(String(repeating: "x", count: 500))", nil).status == .notFound)

            let pixel = try await client.form(.get, "/p/m/\(token)/open.gif", nil)
            #expect(pixel.status == .ok && pixel.headers[.contentType] == "image/gif")
            let redirect = try await client.form(.get, String(click), nil)
            #expect(redirect.status == .found && redirect.headers[.location] == "https://example.org/impact")
            #expect(try await client.form(.get, "/p/m/\(token)/click?u=https%3A%2F%2Fevil.example", nil).status == .notFound, "never an open redirect")
            let opened = try await harness.store.messages.message(claimed.id, by: .system)
            #expect(opened.openedAt != nil && opened.clickedAt != nil)

            let confirm = try await client.form(.get, "/p/u/\(token)", nil)
            #expect(confirm.status == .ok && confirm.text.contains("id=\"unsubscribe-form\"") && confirm.text.contains("lang=\"fr\""))
            let oneClick = try await client.form(.post, "/p/u/\(token)", "List-Unsubscribe=One-Click")
            #expect(oneClick.status == .ok && oneClick.text.contains("désinscrit"))
            let consent = try await ConstituentQueries(store: harness.store).currentConsent(of: anna, by: .system)
            #expect(consent.first { $0.fields.channel == .email }?.fields.status == .withdrawn)
            let history = try await client.call(.get, "/api/v1/constituents/\(anna)/preferences", as: harness.keys[.fundraiser])
            #expect(history.body?["history"]?.array?.contains { $0["source"]?.string == "preference_centre" && $0["preference"]?.string == "frequency" } == true)
            let after = try await harness.store.messages.send(templateId: template.id, to: .people([anna]), source: "test", by: .system)
            #expect(after.suppressed == ["consent_withdrawn": 1], "honoured at once")
        }
    }
}
