import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KindredCore
import KindredServer
import KindredStore
import KindredTestSupport
import Logging
import NIOCore
import Synchronization
import Testing

/// Webhooks against a real HTTP receiver on loopback: signed deliveries of feedback, survey answers and overdue tasks,
/// retries with backoff until given up, an unreachable receiver logged, and bad subscriptions refused.
@Suite struct WebhookTests {
    /// What the receiver saw, and what it answers.
    final class Receiver: Sendable {
        struct Seen: Sendable { let headers: HTTPFields; let body: Data }
        let seen = Mutex<[Seen]>([])
        let answer = Mutex<HTTPResponse.Status>(.ok)
    }

    /// Runs `body` with a receiver listening on a free loopback port.
    static func withReceiver(_ body: @Sendable (Receiver, Int) async throws -> Void) async throws {
        let receiver = Receiver(), port = Mutex<Int?>(nil)
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            receiver.seen.withLock { $0.append(.init(headers: request.headers, body: Data(buffer: bytes))) }
            return Response(status: receiver.answer.withLock { $0 })
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in port.withLock { $0 = channel.localAddress?.port } }, logger: Logger(label: "receiver"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            while port.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(20)) }
            try await body(receiver, port.withLock { $0! })
            group.cancelAll()
        }
    }

    @Test func signedDeliveriesRetriesAndTheLog() async throws {
        try await Self.withReceiver { receiver, port in
            let now = Mutex(testNow)
            try await withTestStore(.sqlite, clock: { now.withLock { $0 } }) { store in
                let dispatcher = WebhookDispatcher(store: store, logger: testLogger)
                let hook = try await store.webhooks.create(WebhookInput(url: "http://127.0.0.1:\(port)/hook", events: [.feedbackCreated, .surveyAnswered, .taskOverdue]), by: .system)
                let secret = try #require(hook.secret)
                let person = try await store.constituents.create(try sampleConstituent("Anna Jansen").validated(), by: .system).id
                _ = try await store.feedback.create(try FeedbackInput(constituentId: person, channel: .phone, text: "Nobody called back <script>",
                                                                      rating: 2, scale: .nps).validated(), by: .system)
                #expect(await dispatcher.deliverDue() == 1)
                let first = try #require(receiver.seen.withLock { $0.first })
                #expect(first.headers[HTTPField.Name("Kindred-Event")!] == "feedback.created")
                let signature = try #require(first.headers[HTTPField.Name("Kindred-Signature")!])
                let parts = Dictionary(uniqueKeysWithValues: signature.split(separator: ",").map { ($0.split(separator: "=")[0], String($0.split(separator: "=")[1])) })
                let seconds = try #require(parts["t"].flatMap { Int64($0) })
                #expect(parts["v1"] == WebhookSignature.hex(secret: secret, seconds: seconds, body: first.body), "HMAC-SHA256 of t.body under the secret")
                #expect(parts["v1"] != WebhookSignature.hex(secret: secret + "x", seconds: seconds, body: first.body))
                let payload = try JSONDecoder().decode(JSONValue.self, from: first.body)
                #expect(payload["event"] == .string("feedback.created") && payload["data"]?["recoveryReason"] == .string("detractor"))
                #expect(payload["data"]?["text"] == .string("Nobody called back <script>"))
                var log = try await store.webhooks.deliveries(of: hook.id, cursor: nil, limit: 10).items
                #expect(log.count == 1 && log[0].status == "delivered" && log[0].lastStatus == 200 && log[0].attempts == 1)
                #expect(await dispatcher.deliverDue() == 0, "a delivered event is not sent again")

                receiver.answer.withLock { $0 = .internalServerError }
                _ = try await store.escalateOverdueFollowUps(today: CalendarDate(year: 2026, month: 12, day: 1)!)
                #expect(await dispatcher.deliverDue() == 1)
                log = try await store.webhooks.deliveries(of: hook.id, cursor: nil, limit: 10).items
                #expect(log[0].event == .taskOverdue && log[0].status == "pending" && log[0].attempts == 1 && log[0].lastStatus == 500)
                #expect(log[0].nextAttemptAt == testNow.adding(milliseconds: 30_000), "tried again after 30 seconds")
                #expect(await dispatcher.deliverDue() == 0, "not before it is due")
                for _ in 2...WebhookBackoff.maximumAttempts {
                    now.withLock { $0 = $0.adding(milliseconds: 7 * 3_600_000) }
                    #expect(await dispatcher.deliverDue() == 1)
                }
                log = try await store.webhooks.deliveries(of: hook.id, cursor: nil, limit: 10).items
                #expect(log[0].status == "failed" && log[0].attempts == WebhookBackoff.maximumAttempts && log[0].nextAttemptAt == nil)
                now.withLock { $0 = $0.adding(milliseconds: 7 * 3_600_000) }
                #expect(await dispatcher.deliverDue() == 0, "given up")
                #expect(receiver.seen.withLock { $0.count } == 1 + WebhookBackoff.maximumAttempts)
            }
        }
    }

    @Test func anUnreachableReceiverIsLoggedAndBadSubscriptionsAreRefused() async throws {
        try await APIHarness.run { harness, client in
            let admin = harness.keys[.admin]
            let closed = try await client.call(.post, "/api/v1/webhooks", as: admin, json: #"{"url": "http://127.0.0.1:9/hook", "events": ["survey.answered"]}"#)
            #expect(closed.status == .created && closed.body?["secret"]?.string?.hasPrefix("whsec_") == true)
            let id = try #require(closed.body?["id"]?.string)
            let survey = try await harness.store.surveys.create(try SurveyInput(name: "NPS", template: .nps).validated(), by: .system)
            let link = try await harness.store.createSurveyLink(surveyId: survey.id, constituentId: nil, expiresAt: nil, by: .system)
            _ = try await harness.store.submitSurveyResponse(token: link.token!, answers: SurveyAnswers(values: ["recommend": .number(9)]), language: .en)
            #expect(await WebhookDispatcher(store: harness.store, logger: testLogger).deliverDue() == 1)
            let log = try await client.call(.get, "/api/v1/webhooks/\(id)/deliveries", as: admin)
            let entry = try #require(log.body?["items"]?.array?.first)
            #expect(entry["status"]?.string == "pending" && entry["lastStatus"] == nil && entry["lastError"]?.string?.isEmpty == false)
            #expect(try await client.call(.get, "/api/v1/webhooks", as: admin).body?["items"]?.array?.first?["secret"] == nil, "secrets are never listed")

            for bad in [#"{"url": "ftp://example.org/x", "events": ["feedback.created"]}"#, #"{"url": "javascript:alert(1)", "events": ["feedback.created"]}"#,
                        #"{"url": "http://", "events": ["feedback.created"]}"#, #"{"url": "https://example.org/x", "events": []}"#,
                        #"{"url": "https://example.org/x", "events": ["gift.created"]}"#, #"{"url": "https://example.org/x"}"#,
                        #"{"url": 7, "events": ["feedback.created"]}"#, #"{"url": "https://exa mple.org", "events": ["feedback.created"]}"#] {
                #expect(try await client.call(.post, "/api/v1/webhooks", as: admin, json: bad).status == .unprocessableContent, "\(bad)")
            }
            #expect(try await client.call(.post, "/api/v1/webhooks", as: admin, json: #"{"url": "https://example.org""#).status == .badRequest)
            #expect(try await client.call(.post, "/api/v1/webhooks", as: harness.keys[.fundraiser], json: #"{"url": "https://example.org/x", "events": ["feedback.created"]}"#).status == .forbidden)
            #expect(try await client.call(.get, "/api/v1/webhooks/0190f1a2-0000-7000-8000-000000000001/deliveries", as: admin).status == .notFound)
            #expect(try await client.call(.delete, "/api/v1/webhooks/\(id)", as: admin).status == .noContent)
            #expect(try await client.call(.delete, "/api/v1/webhooks/\(id)", as: admin).status == .notFound)
        }
    }
}
