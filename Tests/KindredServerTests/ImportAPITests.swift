import Foundation
import HTTPTypes
import HummingbirdTesting
import KindredCore
import KindredServer
import KindredStore
import KindredTestSupport
import NIOCore
import Testing

@Suite struct ImportAPITests {
    /// Sends a CSV body and returns status and JSON.
    func upload(_ client: some TestClientProtocol, _ query: String, _ csv: String, key: String?) async throws -> (HTTPResponse.Status, JSONValue?) {
        var headers: HTTPFields = [.contentType: "text/csv"]
        if let key { headers[.authorization] = "Bearer \(key)" }
        return try await client.execute(uri: "/api/v1/imports?" + query, method: .post, headers: headers, body: ByteBuffer(string: csv)) { response in
            (response.status, try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body)))
        }
    }

    /// Polls an import until it has finished.
    func finished(_ client: some TestClientProtocol, _ id: String, key: String?) async throws -> JSONValue? {
        for _ in 0..<200 {
            let status = try await client.call(.get, "/api/v1/imports/\(id)", as: key)
            if status.body?["status"]?.string != "running" { return status.body }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    @Test func uploadPollReportAndExport() async throws {
        try await APIHarness.run { harness, client in
            let key = harness.keys[.fundraiser]
            let csv = "constituent_external_id,received_at,amount,currency,first_name,campaign\nd1,2026-01-05,25.00,EUR,=cmd|' /C calc'!A0,<script>x</script>\nd2,nope,5,EUR,,\n"
            let (status, body) = try await upload(client, "kind=gifts", csv, key: key)
            #expect(status == .accepted)
            let id = try #require(body?["id"]?.string)
            let done = try await finished(client, id, key: key)
            #expect(done?["status"]?.string == "rejected" && done?["report"]?["issueCount"]?.number == 1)
            let report = try await client.execute(uri: "/api/v1/imports/\(id)/report", method: .get, headers: [.authorization: "Bearer \(key!)"]) {
                String(buffer: $0.body)
            }
            #expect(report == "row,column,reason\r\n3,received_at,must be a date (2026-03-01 or 01-03-2026) or an ISO 8601 date-time\r\n")
            let (_, partial) = try await upload(client, "kind=gifts&partial=true&source=web-shop", csv, key: key)
            let applied = try await finished(client, try #require(partial?["id"]?.string), key: key)
            #expect(applied?["status"]?.string == "applied" && applied?["report"]?["created"]?.number == 1)
            let export = try await client.execute(uri: "/api/v1/exports/constituents", method: .get, headers: [.authorization: "Bearer \(key!)"]) {
                ($0.headers[.contentType], String(buffer: $0.body))
            }
            #expect(export.0 == "text/csv; charset=utf-8")
            #expect(export.1.contains("'=cmd|' /C calc'!A0") && export.1.hasPrefix("id,external_id,"))
            let gifts = try await client.execute(uri: "/api/v1/exports/gifts?from=2026-01-01&until=2026-02-01", method: .get,
                                                 headers: [.authorization: "Bearer \(key!)"]) { String(buffer: $0.body) }
            #expect(gifts.split(separator: "\r\n").count == 2 && gifts.contains(",25.00,EUR,") && gifts.contains("<script>x</script>"))
        }
    }

    @Test func badImportRequestsAreRefused() async throws {
        try await APIHarness.run { harness, client in
            #expect(try await upload(client, "kind=gifts", "a", key: nil).0 == .unauthorized)
            #expect(try await upload(client, "kind=gifts", "a", key: harness.keys[.viewer]).0 == .forbidden)
            #expect(try await upload(client, "kind=pets", "a", key: harness.keys[.admin]).0 == .unprocessableContent)
            #expect(try await upload(client, "kind=gifts&preset=excel", "a", key: harness.keys[.admin]).0 == .unprocessableContent)
            #expect(try await upload(client, "kind=gifts&map=broken", "a", key: harness.keys[.admin]).0 == .unprocessableContent)
            let (status, body) = try await upload(client, "kind=gifts", "just,a,header\n", key: harness.keys[.admin])
            #expect(status == .accepted)
            let done = try await finished(client, try #require(body?["id"]?.string), key: harness.keys[.admin])
            #expect(done?["status"]?.string == "failed" && done?["report"]?["issues"]?.array?.count == 4)
            #expect(try await client.call(.get, "/api/v1/imports/\(RecordIdentifier.make(at: testNow))", as: harness.keys[.admin]).status == .notFound)
            #expect(try await client.call(.get, "/api/v1/exports/gifts?from=someday", as: harness.keys[.admin]).status == .unprocessableContent)
        }
    }

    @Test func theEventMappingCanBeChangedByAdmins() async throws {
        try await APIHarness.run { harness, client in
            let body = #"{"overrides": {"Story Read": {"interactionType": "story_read", "channel": "web", "dimension": "content"}}}"#
            #expect(try await client.call(.put, "/api/v1/settings/event-mapping", as: harness.keys[.fundraiser], json: body).status == .forbidden)
            let bad = try await client.call(.put, "/api/v1/settings/event-mapping", as: harness.keys[.admin],
                                            json: #"{"overrides": {"x": {"interactionType": "Bad Type", "channel": "web"}}}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(try await client.call(.put, "/api/v1/settings/event-mapping", as: harness.keys[.admin], json: body).status == .ok)
            let read = try await client.call(.get, "/api/v1/settings/event-mapping", as: harness.keys[.viewer])
            #expect(read.body?["rules"]?["Story Read"]?["interactionType"]?.string == "story_read")
            #expect(read.body?["rules"]?["Email Opened"] != nil)
            _ = try await client.send("/v1/track", writeKey: harness.writeKey, body: #"{"type": "track", "userId": "u", "event": "story read"}"#)
            let interactions = try await client.call(.get, "/api/v1/interactions", as: harness.keys[.admin])
            #expect(interactions.body?["items"]?.array?.first?["type"]?.string == "story_read")
        }
    }
}
