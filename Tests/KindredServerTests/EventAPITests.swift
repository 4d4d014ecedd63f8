import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KindredCore
import KindredServer
import KindredStore
import KindredTestSupport
import Testing

@Suite struct EventAPITests {
    @Test func writeKeysAloneOpenTheEventAPI() async throws {
        try await APIHarness.run { harness, client in
            let body = #"{"type": "track", "userId": "u1", "event": "Article Read"}"#
            let none = try await client.send("/v1/track", writeKey: nil, body: body)
            #expect(none.status == .unauthorized && none.headers[.wwwAuthenticate]?.hasPrefix("Basic") == true)
            #expect(try await client.send("/v1/track", writeKey: "kdr_wrong", body: body).status == .unauthorized)
            #expect(try await client.send("/v1/track", writeKey: harness.keys[.admin], body: body).status == .forbidden)
            #expect(try await client.call(.get, "/api/v1/constituents", as: harness.writeKey).status == .forbidden)
            #expect(try await client.send("/v1/track", writeKey: harness.writeKey, body: body).status == .ok)
        }
    }

    @Test func anonymousBrowsingJoinsThePersonOnceIdentified() async throws {
        try await APIHarness.run { harness, client in
            let key = harness.writeKey
            let page = try await client.send("/v1/page", writeKey: key, body: """
                {"type": "page", "anonymousId": "anon-1", "name": "Home", "messageId": "p-1",
                 "context": {"page": {"url": "https://example.org/", "referrer": "https://search.example/"}}}
                """)
            #expect(page.status == .ok && page.body?["stored"]?.number == 1)
            let donation = try await client.send("/v1/track", writeKey: key, body: """
                {"type": "track", "anonymousId": "anon-1", "event": "Donation Completed", "messageId": "d-1",
                 "timestamp": "2026-05-01T10:00:00Z",
                 "properties": {"amount": "25.00", "currency": "EUR", "order_id": "order-77"},
                 "context": {"userAgent": "Mozilla/5.0 (iPhone) Mobile", "campaign": {"source": "newsletter", "medium": "email", "name": "spring"}}}
                """)
            #expect(donation.status == .ok)
            #expect(try await harness.store.events.pendingCount() == 2)
            let identify = try await client.send("/v1/identify", writeKey: key, body: """
                {"type": "identify", "anonymousId": "anon-1", "userId": "user-1",
                 "traits": {"firstName": "<b>Ada</b>", "lastName": "Lovelace", "email": "Ada@Example.org"}}
                """)
            #expect(identify.status == .ok)
            #expect(try await harness.store.events.pendingCount() == 0)
            let admin = harness.keys[.admin]
            let people = try await client.call(.get, "/api/v1/constituents?q=lovelace", as: admin)
            let person = try #require(people.body?["items"]?.array?.first)
            #expect(person["givenName"]?.string == "<b>Ada</b>" && person["emails"] == .array(["ada@example.org"]))
            let id = try #require(person["id"]?.string)
            let gifts = try await client.call(.get, "/api/v1/gifts?constituentId=\(id)", as: admin)
            let gift = try #require(gifts.body?["items"]?.array?.first)
            #expect(gift["amountMinor"]?.number == 2500 && gift["device"]?.string == "mobile")
            #expect(gift["attribution"]?["utmCampaign"]?.string == "spring" && gift["externalId"]?.string == "order:order-77")
            let summary = try await client.call(.get, "/api/v1/constituents/\(id)/summary", as: admin)
            #expect(summary.body?["giving"]?.array?.first?["totalMinor"]?.number == 2500)
            let timeline = try await client.call(.get, "/api/v1/constituents/\(id)/timeline", as: admin)
            #expect(timeline.body?["items"]?.array?.map { $0["type"]?.string } == ["page_viewed", "donation_form_completed", "gift"],
                    "the form's completion (page and device, for form friction) beside the gift")
            let later = try await client.send("/v1/track", writeKey: key, body: #"{"type": "track", "userId": "user-1", "event": "Email Opened"}"#)
            #expect(later.status == .ok)
            let after = try await client.call(.get, "/api/v1/constituents/\(id)/timeline", as: admin)
            #expect(after.body?["items"]?.array?.count == 4)
        }
    }

    @Test func aRetriedMessageIsStoredOnce() async throws {
        try await APIHarness.run { harness, client in
            let body = """
                {"type": "track", "userId": "u-9", "event": "Donation Completed", "messageId": "same",
                 "properties": {"amount": 10, "currency": "EUR"}}
                """
            for _ in 0..<3 { #expect(try await client.send("/v1/track", writeKey: harness.writeKey, body: body).status == .ok) }
            let batch = try await client.send("/v1/batch", writeKey: harness.writeKey, body: "{\"batch\": [\(body), \(body)]}")
            #expect(batch.body?["duplicates"]?.number == 2 && batch.body?["stored"]?.number == 0)
            let gifts = try await client.call(.get, "/api/v1/gifts", as: harness.keys[.admin])
            #expect(gifts.body?["items"]?.array?.count == 1)
        }
    }

    @Test func aBatchStoresTheValidCallsAndListsTheOthers() async throws {
        try await APIHarness.run { harness, client in
            let reply = try await client.send("/v1/batch", writeKey: harness.writeKey, body: """
                {"context": {"userAgent": "Mozilla/5.0 (iPad)"}, "batch": [
                  {"type": "track", "userId": "u1", "event": "Post Shared"},
                  {"type": "track", "event": "No one"},
                  {"userId": "u1", "event": "No type"},
                  {"type": "track", "userId": "u1", "event": "Donation Completed", "properties": {"amount": "abc", "currency": "EUR"}},
                  "not an object",
                  {"type": "identify", "userId": "u2", "traits": {"email": "'; DROP TABLE constituents;--"}},
                  {"type": "page", "anonymousId": "a9", "properties": {"title": "=HYPERLINK(\\"http://evil\\")"}}
                ]}
                """)
            #expect(reply.status == .ok)
            #expect(reply.body?["stored"]?.number == 2)
            let rejected = reply.body?["rejected"]?.array ?? []
            #expect(rejected.compactMap { $0["index"]?.number } == [1, 2, 3, 4, 5])
            #expect(rejected.allSatisfy { ($0["reason"]?.string ?? "").count > 5 })
        }
    }

    @Test func badBodiesAreRefusedWithTheReason() async throws {
        try await APIHarness.run { harness, client in
            let key = harness.writeKey
            let notJSON = try await client.send("/v1/track", writeKey: key, body: "{not json")
            #expect(notJSON.status == .badRequest && notJSON.headers[.contentType] == "application/problem+json")
            let noIds = try await client.send("/v1/track", writeKey: key, body: #"{"type": "track", "event": "x"}"#)
            #expect(noIds.status == .badRequest && noIds.body?["detail"]?.string == "userId or anonymousId is required")
            let noType = try await client.send("/v1/identify", writeKey: key, body: #"{"userId": "u"}"#)
            #expect(noType.status == .badRequest && noType.body?["detail"]?.string?.contains("type") == true)
            let wrongType = try await client.send("/v1/track", writeKey: key, body: #"{"type": "track", "userId": ["u"], "event": "x"}"#)
            #expect(wrongType.status == .badRequest && wrongType.body?["detail"]?.string == "userId must be a string")
            let big = String(repeating: "x", count: 33 * 1024)
            let tooBig = try await client.send("/v1/track", writeKey: key, body: #"{"type": "track", "userId": "u", "event": "x", "properties": {"p": "\#(big)"}}"#)
            #expect(tooBig.status == .contentTooLarge)
            let bigItem = #"{"type": "track", "userId": "u", "event": "x", "properties": {"p": "\#(big)"}}"#
            let oneTooBig = try await client.send("/v1/batch", writeKey: key, body: "{\"batch\": [\(bigItem)]}")
            #expect(oneTooBig.status == .ok && oneTooBig.body?["rejected"]?.array?.first?["reason"]?.string?.contains("bytes") == true)
            let items = Array(repeating: bigItem.replacingOccurrences(of: big, with: String(big.prefix(30_000))), count: 18)
            let batchTooBig = try await client.send("/v1/batch", writeKey: key, body: "{\"batch\": [\(items.joined(separator: ","))]}")
            #expect(batchTooBig.status == .contentTooLarge)
            #expect(try await client.send("/v1/batch", writeKey: key, body: #"{"events": []}"#).status == .badRequest)
            #expect(try await harness.store.events.pendingCount() == 0)
        }
    }

    @Test func aStoreThatCannotCommitAnswers503AndStoresNothing() async throws {
        let url = try await TestEngine.sqlite.makeDatabaseURL()
        let database = try await Database.open(try DatabaseLocation(url: url), logger: testLogger)
        let blocker = try await Database.open(try DatabaseLocation(url: url), logger: testLogger)
        let store = KindredStore(database: database, clock: { testNow })
        let key = try await StaffDirectory(database: database).createKey(name: "site", role: .viewer, writeOnly: true).secret
        let app = Application(router: buildRouter(store: store).router)
        try await app.test(.router) { client in
            let (held, signal) = AsyncStream<Void>.makeStream()
            let (answered, release) = AsyncStream<Void>.makeStream()
            let holding = Task {
                try await blocker.write { connection in
                    try await connection.raw("INSERT INTO settings (key, value) VALUES ('lock', 'held')").run()
                    signal.yield()  // the write lock is held from here until the reply has come, however slow the machine
                    for await _ in answered { break }
                }
            }
            for await _ in held { break }
            let reply = try await client.send("/v1/track", writeKey: key, body: #"{"type": "track", "userId": "u", "event": "x"}"#)
            release.yield()
            #expect(reply.status == .serviceUnavailable && reply.headers[.retryAfter] != nil)
            try await holding.value
            #expect(try await store.events.pendingCount() == 0)
            let retry = try await client.send("/v1/track", writeKey: key, body: #"{"type": "track", "userId": "u", "event": "x"}"#)
            #expect(retry.status == .ok)
        }
        await blocker.close()
        await database.close()
    }
}
