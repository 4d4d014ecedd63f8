import Foundation
import KindredCore
import KindredStore
import KindredTestSupport
import Testing

/// Messages on SQLite and PostgreSQL: nothing goes to a person without consent for the channel, the send policy is
/// applied when queued and again when sent, caps and quiet hours hold, links work and are honoured at once.
@Suite struct MessageStoreTests {
    static let thanks = MessageTemplateInput(name: "Thank you", variants: MessageVariants(
        en: MessageVariant(subject: "Thank you, {{givenName}}", body: "Your gift of {{lastGiftAmount|your gift}} matters. https://example.org/impact"),
        nl: MessageVariant(subject: "Bedankt, {{givenName}}", body: "Je gift van {{lastGiftAmount|je gift}} telt. https://example.org/impact")),
        trackEngagement: true)

    static func person(_ name: String, email: String?, language: Language = .en, consent: ConsentStatus?, in store: KindredStore) async throws -> String {
        var input = sampleConstituent(name, email: email)
        input.preferredLanguage = language
        let id = try await store.constituents.create(try input.validated(), by: .system).id
        if let consent {
            _ = try await store.consent.create(try ConsentInput(constituentId: id, channel: .email, status: consent, recordedAt: testNow.adding(milliseconds: -1000),
                                                                source: "test").validated(), by: .system)
        }
        return id
    }

    @Test(arguments: TestEngine.available)
    func onlyConsentingPeopleAreSentAndTheRestAreSuppressedWithTheReason(engine: TestEngine) async throws {
        let clock = ManualClock()
        try await withTestStore(engine, clock: { clock.read() }) { store in
            let anna = try await Self.person("Anna Jansen", email: "anna@example.org", language: .nl, consent: .granted, in: store)
            let bert = try await Self.person("Bert Peeters", email: "bert@example.org", consent: nil, in: store)
            let carla = try await Self.person("Carla Smet", email: "carla@example.org", consent: .withdrawn, in: store)
            let dirk = try await Self.person("Dirk Claes", email: nil, consent: .granted, in: store)
            _ = try await store.gifts.create(try sampleGift(anna, 2500).validated(), by: .system)
            let template = try await store.messageTemplates.create(try Self.thanks.validated(), by: .system)
            let summary = try await store.messages.send(templateId: template.id, to: .people([anna, bert, carla, dirk]), source: "test", by: .system)
            #expect(summary.queued == 1)
            #expect(summary.suppressed == ["no_consent": 1, "consent_withdrawn": 1, "no_address": 1])
            let claimed = try await store.messages.claimDue()
            #expect(claimed.map(\.constituentId) == [anna])
            let message = try #require(claimed.first)
            #expect(message.address == "anna@example.org" && message.message.language == .nl)
            #expect(message.message.subject == "Bedankt, Anna")
            #expect(message.message.text.hasPrefix("Je gift van €") && message.message.text.contains("25,00 telt."), "Dutch money in the Dutch text")
            #expect(!message.message.text.contains("KINDREDLINKTOKEN") && message.message.html?.contains("KINDREDLINKTOKEN") == false)
            #expect(message.unsubscribeURL.hasPrefix("http://localhost:8080/p/u/km_"))
            #expect(try await store.messages.claimDue().isEmpty, "a claimed message is leased to its sender")
            try await store.messages.recordAttempt(message.id, error: nil)
            let sent = try await store.messages.message(message.id, by: .system)
            #expect(sent.status == .sent && sent.sentAt == testNow && !sent.text.contains("km_"), "the stored text never holds the token")
            let suppressed = try await store.messages.list(constituentId: bert, status: .suppressed, cursor: nil, limit: 10, by: .system)
            #expect(suppressed.items.map(\.reason) == ["no_consent"])

            // The cap: two emails in seven days, the third is suppressed.
            clock.advance(minutes: 60)
            _ = try await store.messages.send(templateId: template.id, to: .people([anna]), source: "test", by: .system)
            for claim in try await store.messages.claimDue() { try await store.messages.recordAttempt(claim.id, error: nil) }
            let third = try await store.messages.send(templateId: template.id, to: .people([anna]), source: "test", by: .system)
            #expect(third.queued == 0 && third.suppressed == ["frequency_cap": 1])

            // Consent withdrawn after queueing: the message never goes.
            clock.advance(minutes: 8 * 24 * 60)
            _ = try await store.messages.send(templateId: template.id, to: .people([anna]), source: "test", by: .system)
            let token = try #require(try await store.messages.claimDue().first)
            try await store.messages.recordAttempt(token.id, error: "421 try later")
            let holder = try #require(try await store.messages.holder(ofToken: String(token.unsubscribeURL.split(separator: "/").last!)))
            #expect(holder.constituentId == anna && holder.messageId == token.id)
            #expect(try await store.messages.unsubscribe(holder))
            #expect(try await !store.messages.unsubscribe(holder), "unsubscribing twice changes nothing")
            clock.advance(minutes: 10)
            #expect(try await store.messages.claimDue().isEmpty)
            #expect(try await store.messages.message(token.id, by: .system).status == .suppressed)
            #expect(try await store.messages.message(token.id, by: .system).reason == "consent_withdrawn")
            let timeline = try await ConstituentQueries(store: store).timeline(of: anna, cursor: nil, limit: 20, by: .system)
            #expect(timeline.items.contains { $0.type == "newsletter_unsubscribed" })
            #expect(try await store.messages.holder(ofToken: "km_unknown") == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func quietHoursRetriesTrackingAndOutcomes(engine: TestEngine) async throws {
        let clock = ManualClock()
        clock.advance(minutes: 10 * 60)  // 22:00 UTC
        try await withTestStore(engine, clock: { clock.read() }) { store in
            let anna = try await Self.person("Anna Jansen", email: "anna@example.org", consent: .granted, in: store)
            let template = try await store.messageTemplates.create(try Self.thanks.validated(), by: .system)
            _ = try await store.messages.send(templateId: template.id, to: .people([anna]), source: "test", by: .system)
            let queued = try await store.messages.list(constituentId: anna, status: .queued, cursor: nil, limit: 5, by: .system).items
            #expect(queued.map(\.scheduledFor) == [Timestamp(iso8601: "2026-06-16T08:00:00Z")!], "held until the quiet hours end")
            #expect(try await store.messages.claimDue().isEmpty)
            clock.advance(minutes: 10 * 60)
            let claimed = try #require(try await store.messages.claimDue().first)
            #expect(claimed.message.html?.contains("/open.gif") == true)
            try await store.messages.recordAttempt(claimed.id, error: "connection refused")
            #expect(try await store.messages.claimDue().isEmpty, "tried again after the backoff")
            clock.advance(minutes: 1)
            let retry = try #require(try await store.messages.claimDue().first)
            #expect(retry.attempts == 1)
            try await store.messages.recordAttempt(retry.id, error: nil)
            let token = String(retry.unsubscribeURL.split(separator: "/").last!)
            let holder = try #require(try await store.messages.holder(ofToken: token))
            #expect(try await store.messages.recordClick(holder, url: "https://example.org/impact"))
            #expect(try await !store.messages.recordClick(holder, url: "https://evil.example/phish"), "only the message's own links redirect")
            try await store.messages.recordOpen(holder)
            try await store.messages.recordOpen(holder)
            let opened = try await store.messages.message(retry.id, by: .system)
            #expect(opened.openedAt != nil && opened.clickedAt != nil)
            let complained = try await store.messages.recordOutcome(.complained, of: retry.id, by: .system)
            #expect(complained.outcome == .complained)
            let consent = try await ConstituentQueries(store: store).currentConsent(of: anna, by: .system)
            #expect(consent.map(\.fields.status) == [.withdrawn] && consent.first?.fields.source == "complaint")
            let types = try await ConstituentQueries(store: store).timeline(of: anna, cursor: nil, limit: 20, by: .system).items.map(\.type)
            #expect(types.filter { $0 == "email_opened" }.count == 1 && types.contains("email_complaint") && types.contains("email_link_clicked"))
            await #expect(throws: StoreError.self) { try await store.messages.recordOutcome(.bounced, of: queued[0].id.replacingOccurrences(of: "0", with: "1"), by: .system) }
        }
    }

    @Test(arguments: TestEngine.available)
    func preferencesAreRecordedAsHistoryAndHonouredAtOnce(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let anna = try await Self.person("Anna Jansen", email: "anna@example.org", consent: .granted, in: store)
            let link = try await store.messages.preferenceLink(for: anna, by: .system)
            let holder = try #require(try await store.messages.holder(ofToken: link))
            #expect(holder.messageId == nil && holder.constituentId == anna)
            var choices = try await store.messages.choices(of: holder)
            #expect(choices.channels == [.email] && choices.language == .en && choices.involvement == nil)
            choices.channels = [.email, .post]
            choices.preferences = SupporterPreferences(declinedTopics: [.appeals], frequency: .monthly, wishes: [.monthly, .volunteering])
            choices.language = .fr
            choices.involvement = 4
            let changes = try await store.messages.saveChoices(choices, for: holder)
            #expect(changes.count == 6)
            #expect(try await store.messages.saveChoices(choices, for: holder).isEmpty, "saving the same choices records nothing")
            #expect(try await store.messages.choices(of: holder) == choices)
            let history = try await store.messages.preferenceHistory(of: anna)
            #expect(Set(history.map(\.preference)) == ["consent.email", "consent.post", "topic.appeals", "frequency", "wishes", "language", "involvement"])
            #expect(try await store.constituents.get(anna, by: .system).fields.preferredLanguage == .fr)
            #expect(try await store.engagement.profile(of: anna).selfReported?.value == 4)
            var appeal = Self.thanks
            appeal.topic = .appeals
            let template = try await store.messageTemplates.create(try appeal.validated(), by: .system)
            let summary = try await store.messages.send(templateId: template.id, to: .people([anna]), source: "test", by: .system)
            #expect(summary.suppressed == ["topic_declined": 1])
            await #expect(throws: StoreError.self) { try await store.messages.send(templateId: template.id, to: .people([RecordIdentifier.make(at: testNow)]), source: "test", by: .system) }
            await #expect(throws: StoreError.self) { try await store.messages.send(templateId: RecordIdentifier.make(at: testNow), to: .people([anna]), source: "test", by: .system) }
            let segment = try await store.segments.create(try SegmentInput(name: "Everyone", ruleText: "gifts() >= 0").validated(), by: .system)
            var newsletter = Self.thanks
            newsletter.topic = .newsletter
            let news = try await store.messageTemplates.create(try newsletter.validated(), by: .system)
            let bySegment = try await store.messages.send(templateId: news.id, to: .segment(segment.id), source: "test", by: .system)
            #expect(bySegment.queued == 1 && bySegment.messageIds.isEmpty)
            #expect(try await store.messages.list(constituentId: anna, status: .queued, cursor: nil, limit: 5, by: .system).items.first?.language == .en,
                    "the template has no French: English")
        }
    }

    @Test(arguments: TestEngine.available)
    func atEachPersonsBestTime(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let saturday = try await Self.person("Anna Jansen", email: "anna@example.org", consent: .granted, in: store)
            let newcomer = try await Self.person("Bert Peeters", email: "bert@example.org", consent: .granted, in: store)
            for week in 1...12 {  // Saturdays at 10:00 UTC before Monday 15 June 2026
                let at = Timestamp(iso8601: "2026-06-13T10:15:00Z")!.adding(milliseconds: -Int64(week - 1) * 7 * 86_400_000)
                _ = try await store.interactions.create(try InteractionInput(constituentId: saturday, type: "article_read", channel: "web", occurredAt: at).validated(), by: .system)
            }
            let pattern = try await store.sendTimes.refreshPattern()
            #expect(pattern.interactions == 12 && pattern.hours[5 * 24 + 10] == 12 && pattern.timeZone == "UTC")
            let template = try await store.messageTemplates.create(try Self.thanks.validated(), by: .system)
            let summary = try await store.messages.send(templateId: template.id, to: .people([saturday, newcomer]), atBestTime: true, source: "test", by: .system)
            #expect(summary.queued == 2)
            for person in [saturday, newcomer] {
                let queued = try await store.messages.list(constituentId: person, status: .queued, cursor: nil, limit: 1, by: .system).items
                #expect(queued.map(\.scheduledFor) == [Timestamp(iso8601: "2026-06-20T10:00:00Z")!], "the next Saturday 10:00; a newcomer gets the organisation's best hour")
            }
        }
    }
}
