import Foundation
import HTTPTypes
import KindredCore
import KindredServer
import KindredStore
import KindredTestSupport
import Testing

/// Text messages through an HTTP SMS gateway, a real HTTP server on loopback: each message posted once as JSON with the
/// token and an idempotency key, a refused number failing at once, a gateway in trouble leaving the message queued.
@Suite struct SMSGatewayTests {
    static func queue(_ phones: [String], in store: KindredStore) async throws -> [String] {
        let template = try await store.messageTemplates.create(try MessageTemplateInput(
            name: "Reminder", channel: .sms, variants: MessageVariants(en: MessageVariant(body: "Hi {{givenName}}, see you tonight! \"<3\""))).validated(), by: .system)
        var people: [String] = []
        for phone in phones {
            var input = sampleConstituent("Anna Jansen")
            input.phones = [phone]
            let id = try await store.constituents.create(try input.validated(), by: .system).id
            _ = try await store.consent.create(try ConsentInput(constituentId: id, channel: .sms, status: .granted, recordedAt: testNow, source: "test").validated(), by: .system)
            people.append(id)
        }
        return try await store.messages.send(templateId: template.id, to: .people(people), source: "test", by: .system).messageIds
    }

    @Test func messagesArePostedOnceAndFailuresSorted() async throws {
        try await WebhookTests.withReceiver { receiver, port in
            try await withTestStore(.sqlite) { store in
                let ids = try await Self.queue(["+32470123456"], in: store)
                let gateway = SMSGatewayConfiguration(url: URL(string: "http://127.0.0.1:\(port)/hook")!, token: "t0ken")
                let dispatcher = MessageDispatcher(store: store, configuration: MessageDeliveryConfiguration(smsGateway: gateway), logger: testLogger)
                #expect(await dispatcher.sendDue() == 1)
                let seen = try #require(receiver.seen.withLock { $0 }.first)
                #expect(seen.headers[.authorization] == "Bearer t0ken" && seen.headers[HTTPField.Name("Idempotency-Key")!] == ids[0])
                let body = try JSONText.parse(seen.body).objectValue
                #expect(body?["to"] == .string("+32470123456") && body?["reference"] == .string(ids[0]))
                #expect(body?["text"]?.stringValue?.hasPrefix("Hi Anna, see you tonight! \"<3\"") == true, "the text as written, not HTML-escaped")
                #expect(try await store.messages.message(ids[0], by: .system).status == .sent)
                #expect(await dispatcher.sendDue() == 0, "sent once")

                receiver.answer.withLock { $0 = .badRequest }
                let refused = try await Self.queue(["+32470000000"], in: store)
                #expect(await dispatcher.sendDue() == 1)
                let failed = try await store.messages.message(refused[0], by: .system)
                #expect(failed.status == .failed && failed.reason?.contains("400") == true, "a refused number is not tried again")

                receiver.answer.withLock { $0 = .serviceUnavailable }
                let later = try await Self.queue(["+32470999999"], in: store)
                #expect(await dispatcher.sendDue() == 1)
                let waiting = try await store.messages.message(later[0], by: .system)
                #expect(waiting.status == .queued && waiting.attempts == 1 && waiting.reason?.contains("503") == true)
            }
        }
    }
}
