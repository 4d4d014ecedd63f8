import Foundation
import KindredCore
import Testing

/// Message templates, their rendering and escaping, the send policy (consent, caps, quiet hours, weekends) and the
/// email format, on hand-worked cases.
@Suite struct MessageTests {
    static let links = MessageLinks(unsubscribe: "https://kindred.example/p/u/TOKEN", preferences: "https://kindred.example/p/pref/TOKEN")

    @Test func templatesNameTheSpotOfABadPlaceholder() {
        let unknown = MessageTemplateInput(name: "Thanks", variants: MessageVariants(en: MessageVariant(subject: "Hi", body: "Dear {{frist_name}}, thanks")))
        #expect(throws: ValidationFailure.self) { try unknown.validated() }
        do { _ = try unknown.validated() } catch {
            #expect(error.issues == [FieldIssue(field: "variants.en.body",
                                                message: "has an unknown placeholder {{frist_name}} at character 6; known: \(MessageVariable.allowedValues)")])
        }
        #expect(MessageText.problem(in: "Hello {{givenName") == "has a placeholder opened at character 7 but never closed with }}")
        #expect(MessageText.problem(in: "Hello {{ givenName | friend }}") == nil)
        let noSubject = MessageTemplateInput(name: "x", variants: MessageVariants(en: MessageVariant(body: "Hi"), nl: MessageVariant(subject: " ", body: "Hoi")))
        do { _ = try noSubject.validated(); Issue.record("an email without a subject was accepted") } catch {
            #expect(error.issues.map(\.field) == ["variants.en.subject", "variants.nl.subject"])
        }
        let sms = MessageTemplateInput(name: "x", channel: .sms, variants: MessageVariants(en: MessageVariant(subject: "no", body: String(repeating: "a", count: 641))),
                                       trackEngagement: true)
        do { _ = try sms.validated(); Issue.record("a bad SMS template was accepted") } catch {
            #expect(error.issues.map(\.field) == ["variants.en.subject", "variants.en.body", "trackEngagement"])
        }
        #expect(throws: ValidationFailure.self) { try MessageTemplateInput(name: "x").validated() }
    }

    @Test func renderingFillsValuesFallsBackAndEscapesHostileText() throws {
        let variant = MessageVariant(subject: "Thank you, {{givenName|friend}}", body: "Dear {{givenName|friend}},\n\nYour gift of {{lastGiftAmount}} helps.\nSee https://example.org/impact.\n\n{{preferencesURL}}")
        let hostile = "<script>alert(1)</script>\r\nBcc: victim@example.org"
        let message = MessageRendering.render(variant, language: .en, channel: .email, values: [.givenName: hostile, .lastGiftAmount: "€25.00"], links: Self.links)
        #expect(message.subject == "Thank you, <script>alert(1)</script> Bcc: victim@example.org")
        let html = try #require(message.html)
        #expect(!html.contains("<script>"))
        #expect(html.contains("Dear &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("<a href=\"https://example.org/impact\">https://example.org/impact</a>."))
        #expect(html.contains("<a href=\"https://kindred.example/p/pref/TOKEN\">https://kindred.example/p/pref/TOKEN</a>"))
        #expect(html.contains("<html lang=\"en\">"))
        #expect(message.text.hasPrefix("Dear <script>alert(1)</script>\r\nBcc: victim@example.org,\n\nYour gift of €25.00 helps."))
        #expect(message.text.hasSuffix("Manage your preferences: https://kindred.example/p/pref/TOKEN\nUnsubscribe: https://kindred.example/p/u/TOKEN\n"))
        let anonymous = MessageRendering.render(variant, language: .nl, channel: .email, values: [:], links: Self.links)
        #expect(anonymous.subject == "Thank you, friend")
        #expect(anonymous.text.contains("Beheer je voorkeuren: https://kindred.example/p/pref/TOKEN"))
        let urlInName = MessageRendering.render(MessageVariant(subject: "s", body: "Hi {{givenName}}"), language: .en, channel: .email,
                                                values: [.givenName: "https://evil.example"], links: Self.links)
        #expect(urlInName.html?.contains("href=\"https://evil.example\"") == false)
    }

    @Test func trackedLinksGoThroughTheClickRedirectAndTheOpenPixel() throws {
        var links = Self.links
        links.clickPrefix = "https://kindred.example/p/m/T/click?u="
        links.openPixel = "https://kindred.example/p/m/T/open.gif"
        let message = MessageRendering.render(MessageVariant(subject: "s", body: "Read http://a.example/x?y=1&z=2 now"), language: .fr, channel: .email, values: [:], links: links)
        let html = try #require(message.html)
        #expect(html.contains("<a href=\"https://kindred.example/p/m/T/click?u=http%3A%2F%2Fa%2Eexample%2Fx%3Fy%3D1%26z%3D2\">http://a.example/x?y=1&amp;z=2</a> now"))
        #expect(html.contains("<img src=\"https://kindred.example/p/m/T/open.gif\""))
        #expect(html.contains("Se désinscrire"))
    }

    @Test func variantsFallBackToEnglish() {
        let variants = MessageVariants(en: MessageVariant(subject: "Hello", body: "b"), fr: MessageVariant(subject: "Bonjour", body: "b"))
        #expect(variants.variant(for: .fr).language == .fr)
        #expect(variants.variant(for: .nl).language == .en)
        #expect(variants.variant(for: .nl).variant.subject == "Hello")
    }

    static let brussels = TimeZone(identifier: "Europe/Brussels")!
    /// Tuesday 24 November 2026, 10:00 in Brussels (09:00 UTC).
    static let tuesdayMorning = Timestamp(iso8601: "2026-11-24T09:00:00Z")!

    static func decide(_ standing: RecipientStanding, topic: MessageTopic? = nil, channel: MessageChannel = .email,
                       settings: MessagingSettings = MessagingSettings(), at now: Timestamp = tuesdayMorning) -> SendDecision {
        SendPolicy.decide(channel: channel, topic: topic, standing: standing, settings: settings, timeZone: brussels, now: now)
    }

    @Test func consentComesFirstThenAddressTopicAndCaps() {
        #expect(Self.decide(RecipientStanding()) == .send)
        #expect(Self.decide(RecipientStanding(consent: nil)) == .suppress(.noConsent))
        #expect(Self.decide(RecipientStanding(consent: .withdrawn, hasAddress: false)) == .suppress(.consentWithdrawn))
        #expect(Self.decide(RecipientStanding(hasAddress: false)) == .suppress(.noAddress))
        #expect(Self.decide(RecipientStanding(undeliverable: true)) == .suppress(.undeliverable))
        #expect(Self.decide(RecipientStanding(declinedTopics: [.appeals]), topic: .appeals) == .suppress(.topicDeclined))
        #expect(Self.decide(RecipientStanding(declinedTopics: [.appeals]), topic: .newsletter) == .send)
        let day: Int64 = 86_400_000
        let twoThisWeek = [Self.tuesdayMorning.adding(milliseconds: -day), Self.tuesdayMorning.adding(milliseconds: -6 * day)]
        #expect(Self.decide(RecipientStanding(sentAt: twoThisWeek)) == .suppress(.frequencyCap))
        let oneAgedOut = [Self.tuesdayMorning.adding(milliseconds: -day), Self.tuesdayMorning.adding(milliseconds: -7 * day)]
        #expect(Self.decide(RecipientStanding(sentAt: oneAgedOut)) == .send)
        #expect(Self.decide(RecipientStanding(sentAt: [Self.tuesdayMorning.adding(milliseconds: -3 * day)]), channel: .sms) == .suppress(.frequencyCap),
                "one SMS a week by default")
        let lastMonth = [Self.tuesdayMorning.adding(milliseconds: -20 * day)]
        #expect(Self.decide(RecipientStanding(frequency: .monthly, sentAt: lastMonth)) == .suppress(.frequencyCap))
        #expect(Self.decide(RecipientStanding(frequency: .quarterly, sentAt: [Self.tuesdayMorning.adding(milliseconds: -92 * day)])) == .send)
    }

    @Test func quietHoursAndWeekendsWaitForTheNextAllowedHour() {
        let lateEvening = Timestamp(iso8601: "2026-11-24T21:30:00Z")!  // 22:30 in Brussels
        #expect(Self.decide(RecipientStanding(), at: lateEvening) == .wait(until: Timestamp(iso8601: "2026-11-25T07:00:00Z")!))  // 08:00 local
        let fridayNight = Timestamp(iso8601: "2026-11-27T22:00:00Z")!
        let weekendsOff = MessagingSettings(skipWeekends: true)
        #expect(Self.decide(RecipientStanding(), settings: weekendsOff, at: fridayNight) == .wait(until: Timestamp(iso8601: "2026-11-30T07:00:00Z")!))
        let summerNight = Timestamp(iso8601: "2026-07-01T05:10:00Z")!  // 07:10 in Brussels (UTC+2)
        #expect(Self.decide(RecipientStanding(), at: summerNight) == .wait(until: Timestamp(iso8601: "2026-07-01T06:00:00Z")!))
        #expect(Self.decide(RecipientStanding(), settings: MessagingSettings(quietHours: nil), at: lateEvening) == .send)
        #expect(QuietHours(startHour: 12, endHour: 14).contains(13) && !QuietHours(startHour: 12, endHour: 14).contains(14))
    }

    @Test func settingsAreChecked() {
        let bad = MessagingSettings(fromAddress: "not an address", fromName: " ", frequencyCaps: [FrequencyCap(channel: .email, maximum: 0, days: 400),
                                    FrequencyCap(channel: .email, maximum: 1, days: 1)], quietHours: QuietHours(startHour: 25, endHour: 25))
        do { _ = try bad.validated(); Issue.record("bad settings were accepted") } catch {
            #expect(error.issues.map(\.field) == ["fromAddress", "fromName", "frequencyCaps[0].maximum", "frequencyCaps[0].days", "frequencyCaps",
                                                  "quietHours.startHour", "quietHours.endHour", "quietHours"])
        }
        #expect(throws: Never.self) { try MessagingSettings().validated() }
    }

    @Test func emailsCarryTheUnsubscribeHeadersAndDecodeBackToTheirText() throws {
        let message = MessageRendering.render(MessageVariant(subject: "Merci, {{givenName}} — été", body: "Bonjour {{givenName}}"), language: .fr,
                                              channel: .email, values: [.givenName: "Zoë\r\nBcc: x@example.org"], links: Self.links)
        let email = OutgoingEmail(from: EmailAddress(name: "Hope \"Trust\"", address: "hello@hope.example"), to: EmailAddress(name: "Zoë", address: "zoe@example.org"),
                                  message: message, messageId: "0193-abc@hope.example", date: Self.tuesdayMorning, unsubscribeURL: Self.links.unsubscribe)
        let eml = EmailComposer.compose(email)
        let head = String(eml[..<eml.range(of: "\r\n\r\n")!.lowerBound])
        #expect(head.contains("List-Unsubscribe: <https://kindred.example/p/u/TOKEN>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click"))
        #expect(head.contains("Date: Tue, 24 Nov 2026 09:00:00 +0000"))
        #expect(head.contains("Message-ID: <0193-abc@hope.example>"))
        #expect(head.contains("To: =?UTF-8?B?"))
        #expect(!head.contains("Bcc"), "a line break in a value never starts a header of its own")
        let lines = head.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 998 })
        #expect(!lines.contains { $0.hasPrefix("Bcc") })
        let subjectWords = lines.drop { !$0.hasPrefix("Subject:") }.prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
        let decoded = subjectWords.map { line in
            line.components(separatedBy: "=?UTF-8?B?").dropFirst().map { String(data: Data(base64Encoded: String($0.prefix { $0 != "?" }))!, encoding: .utf8)! }.joined()
        }.joined()
        #expect(decoded == "Merci, Zoë Bcc: x@example.org — été")
        let parts = eml.components(separatedBy: "Content-Transfer-Encoding: base64\r\n\r\n").dropFirst().map { part in
            String(data: Data(base64Encoded: part.components(separatedBy: "\r\n--")[0].replacingOccurrences(of: "\r\n", with: ""))!, encoding: .utf8)!
        }
        #expect(parts.count == 2)
        #expect(parts[0] == message.text)
        #expect(parts[1] == message.html)
        let sms = MessageRendering.render(MessageVariant(body: "Hi {{givenName}}"), language: .en, channel: .sms, values: [.givenName: "Ann"], links: Self.links)
        #expect(sms.text == "Hi Ann\nUnsubscribe: https://kindred.example/p/u/TOKEN" && sms.html == nil)
    }
}
