import Foundation
import HTTPTypes
import HummingbirdTesting
import KindredCore
import KindredServer
import KindredStore
import KindredTestSupport
import Testing

@Suite struct IdentityAPITests {
    @Test func listMergeAndUndoThroughTheAPI() async throws {
        try await APIHarness.run { harness, client in
            let key = harness.keys[.fundraiser]
            var ids: [String] = []
            for body in [#"{"givenName": "Anna", "familyName": "Jansen", "emails": ["anna@example.org"], "roles": ["donor"], "address": {"postalCode": "1234 AB"}}"#,
                         #"{"givenName": "Anna", "familyName": "Janssen", "emails": ["Anna@Example.org"], "roles": ["donor"], "address": {"postalCode": "1234AB"}}"#,
                         #"{"givenName": "Client", "familyName": "Jansen", "emails": ["anna@example.org"], "roles": ["client"]}"#] {
                ids.append(try #require(try await client.call(.post, "/api/v1/constituents", as: harness.keys[.admin], json: body).body?["id"]?.string))
            }
            let seenByFundraiser = try await client.call(.get, "/api/v1/duplicates", as: key)
            #expect(seenByFundraiser.body?["items"]?.array?.count == 1)
            let seenByAdmin = try await client.call(.get, "/api/v1/duplicates?threshold=50", as: harness.keys[.admin])
            #expect(seenByAdmin.body?["items"]?.array?.count == 3)
            #expect(try await client.call(.get, "/api/v1/duplicates?threshold=zero", as: key).status == .unprocessableContent)
            let merge = try await client.call(.post, "/api/v1/merges", as: key, json: #"{"survivorId": "\#(ids[0])", "duplicateId": "\#(ids[1])", "take": ["familyName"]}"#)
            #expect(merge.status == .created)
            let survivor = try await client.call(.get, "/api/v1/constituents/\(ids[0])", as: key)
            #expect(survivor.body?["familyName"]?.string == "Janssen")
            #expect(try await client.call(.get, "/api/v1/constituents/\(ids[1])", as: key).status == .notFound)
            let mergeId = try #require(merge.body?["id"]?.string)
            let undo = try await client.call(.post, "/api/v1/merges/\(mergeId)/undo", as: key)
            #expect(undo.status == .ok && undo.body?["undoneAt"]?.string != nil)
            #expect(try await client.call(.get, "/api/v1/constituents/\(ids[1])", as: key).body?["familyName"]?.string == "Janssen")
            #expect(try await client.call(.get, "/api/v1/constituents/\(ids[0])", as: key).body?["familyName"]?.string == "Jansen")
            #expect(try await client.call(.post, "/api/v1/merges/\(mergeId)/undo", as: key).status == .conflict)
            let hidden = try await client.call(.post, "/api/v1/merges", as: key, json: #"{"survivorId": "\#(ids[0])", "duplicateId": "\#(ids[2])"}"#)
            #expect(hidden.status == .unprocessableContent)
            #expect(try await client.call(.post, "/api/v1/merges", as: key, json: #"{"survivorId": "\#(ids[0])", "duplicateId": "\#(ids[0])"}"#).status == .conflict)
            #expect(try await client.call(.post, "/api/v1/merges", as: key, json: #"{"survivorId": "nope"}"#).status == .unprocessableContent)
            #expect(try await client.call(.post, "/api/v1/merges", as: harness.keys[.viewer], json: "{}").status == .forbidden)
        }
    }
}
