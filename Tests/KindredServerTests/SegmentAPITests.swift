import Foundation
import HTTPTypes
import HummingbirdTesting
import KindredCore
import KindredServer
import KindredStore
import KindredTestSupport
import Testing

@Suite struct SegmentAPITests {
    @Test func segmentsThroughTheAPI() async throws {
        try await APIHarness.run { harness, client in
            let fundraiser = harness.keys[.fundraiser]
            var ids: [String] = []
            for (name, tags) in [("Anna Jansen", #"["major"]"#), ("Bert Bos", #"["major", "do-not-call"]"#), ("Cor Claes", "[]")] {
                let parts = name.split(separator: " ")
                let body = #"{"givenName": "\#(parts[0])", "familyName": "\#(parts[1])", "roles": ["donor"], "tags": \#(tags)}"#
                ids.append(try #require(try await client.call(.post, "/api/v1/constituents", as: fundraiser, json: body).body?["id"]?.string))
            }
            let create = #"{"name": "Major, callable", "description": "Major donors we may phone", "ruleText": "tag = major and not tag = \"do-not-call\""}"#
            let created = try await client.call(.post, "/api/v1/segments", as: fundraiser, json: create)
            #expect(created.status == .created && created.body?["kind"]?.string == "dynamic")
            #expect(created.body?["ruleText"]?.string == #"tag = major and not tag = "do-not-call""#)
            let id = try #require(created.body?["id"]?.string)
            let read = try await client.call(.get, "/api/v1/segments/\(id)", as: harness.keys[.viewer])
            #expect(read.body?["memberCount"]?.number == 1)
            let members = try await client.call(.get, "/api/v1/segments/\(id)/members", as: fundraiser)
            #expect(members.body?["items"]?.array?.compactMap { $0["id"]?.string } == [ids[0]])
            // Real time: tagging Cor puts him in at once.
            #expect(try await client.call(.patch, "/api/v1/constituents/\(ids[2])", as: fundraiser, json: #"{"tags": ["major"]}"#).status == .ok)
            #expect(try await client.call(.get, "/api/v1/segments/\(id)", as: fundraiser).body?["memberCount"]?.number == 2)
            let csv = try await client.execute(uri: "/api/v1/exports/constituents?segment=\(id)", method: .get,
                                               headers: [.authorization: "Bearer \(fundraiser!)"]) { String(buffer: $0.body) }
            #expect(csv.split(whereSeparator: \.isNewline).count == 3 && csv.contains("Anna") && !csv.contains("Bert"), "\(csv)")
            #expect(try await client.call(.get, "/api/v1/exports/gifts?segment=\(id)", as: fundraiser).status == .unprocessableContent)
            #expect(try await client.call(.get, "/api/v1/exports/constituents?segment=\(RecordIdentifier.make(at: testNow))", as: fundraiser).status == .notFound)

            let preview = try await client.call(.post, "/api/v1/segments/preview", as: fundraiser, json: #"{"rule": {"field": "tag", "op": "=", "value": "major"}}"#)
            #expect(preview.body?["count"]?.number == 3 && preview.body?["ruleText"]?.string == "tag = major")
            let bad = try await client.call(.post, "/api/v1/segments/preview", as: fundraiser, json: #"{"ruleText": "loyalty = lapsed and engagment.content >= 60"}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body?["errors"]?.array?.first?["message"]?.string?.contains("at character 22: unknown field \"engagment.content\"") == true)
            for body in [#"{"name": "x", "ruleText": "tag = <script>alert(1)</script>"}"#, #"{"name": "x", "rule": {"field": "x", "op": "="}}"#,
                         #"{"name": "x", "rule": {"and": []}}"#, #"{"name": "x", "rule": {"field": "tag", "op": "like", "value": "a"}}"#,
                         #"{"name": "x", "ruleText": "tag = a'; DROP TABLE constituents; --"}"#, #"{"name": "", "ruleText": "tag = a"}"#,
                         #"{"name": "x", "rule": {"count": "gifts", "op": ">=", "value": -1}}"#, #"{"name": 5}"#,
                         #"{"name": "x", "rule": {"field": "tag", "op": "=", "value": "a"}, "ruleText": "tag = a"}"#] {
                #expect(try await client.call(.post, "/api/v1/segments", as: fundraiser, json: body).status == .unprocessableContent, "\(body)")
            }
            #expect(try await client.call(.post, "/api/v1/segments", as: fundraiser, json: create).status == .conflict)
            #expect(try await client.call(.post, "/api/v1/segments", as: harness.keys[.viewer], json: create).status == .forbidden)

            // A static list with members added by id, and its events.
            let list = try await client.call(.post, "/api/v1/segments", as: fundraiser, json: #"{"name": "Gala", "description": "=HYPERLINK(\"x\")"}"#)
            let listId = try #require(list.body?["id"]?.string)
            #expect(list.body?["kind"]?.string == "static")
            let add = try await client.call(.post, "/api/v1/segments/\(listId)/members", as: fundraiser, json: #"{"constituentIds": ["\#(ids[1])"]}"#)
            #expect(add.body?["changed"]?.number == 1)
            #expect(try await client.call(.post, "/api/v1/segments/\(listId)/members", as: fundraiser, json: #"{"constituentIds": ["nope"]}"#).status == .unprocessableContent)
            #expect(try await client.call(.post, "/api/v1/segments/\(listId)/members", as: fundraiser, json: #"{"constituentIds": ["\#(RecordIdentifier.make(at: testNow))"]}"#).status == .unprocessableContent)
            #expect(try await client.call(.post, "/api/v1/segments/\(id)/members", as: fundraiser, json: #"{"constituentIds": ["\#(ids[1])"]}"#).status == .conflict)
            #expect(try await client.call(.post, "/api/v1/segments/\(listId)/members/remove", as: fundraiser, json: #"{"constituentIds": ["\#(ids[1])"]}"#).body?["changed"]?.number == 1)
            let events = try await client.call(.get, "/api/v1/segments/\(listId)/events", as: fundraiser)
            #expect(events.body?["items"]?.array?.compactMap { $0["kind"]?.string } == ["entered", "left"])
            let replaced = try await client.call(.put, "/api/v1/segments/\(listId)", as: fundraiser, json: #"{"name": "Gala 2027", "ruleText": "tag = major"}"#)
            #expect(replaced.status == .ok && replaced.body?["kind"]?.string == "dynamic")
            #expect(try await client.call(.get, "/api/v1/segments", as: fundraiser).body?["items"]?.array?.count == 2)
            // The background round rebuilds engagement when due and records the dynamic segment's entries.
            #expect(try await harness.store.engagement.lastRecomputedAt() == nil)
            await BackgroundJobs(store: harness.store, logger: testLogger).round()
            #expect(try await harness.store.engagement.lastRecomputedAt() == testNow)
            let entered = try await client.call(.get, "/api/v1/segments/\(id)/events", as: fundraiser)
            #expect(entered.body?["items"]?.array?.count == 2)
            #expect(try await client.call(.delete, "/api/v1/segments/\(listId)", as: fundraiser).status == .noContent)
            #expect(try await client.call(.get, "/api/v1/segments/\(listId)", as: fundraiser).status == .notFound)
        }
    }
}
