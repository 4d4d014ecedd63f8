import Foundation
import HTTPTypes
import HummingbirdTesting
import KindredCore
import KindredServer
import KindredStore
import KindredTestSupport
import Testing

@Suite struct RESTAPITests {
    @Test func constituentAndGiftLifecycle() async throws {
        try await APIHarness.run { harness, client in
            let key = harness.keys[.fundraiser]
            let created = try await client.call(.post, "/api/v1/constituents", as: key, json: #"""
                {"givenName": "<script>alert(1)</script>", "familyName": "Jansen'; DROP TABLE gifts;--",
                 "emails": ["Anna@Example.org"], "roles": ["donor"], "tags": ["=SUM(A1:A9)"]}
                """#)
            #expect(created.status == .created)
            let id = try #require(created.body?["id"]?.string)
            #expect(created.headers[.location] == "/api/v1/constituents/\(id)")
            #expect(created.body?["givenName"]?.string == "<script>alert(1)</script>")
            #expect(created.body?["emails"] == .array([.string("anna@example.org")]))
            let gift = try await client.call(.post, "/api/v1/gifts", as: key, json: """
                {"constituentId": "\(id)", "amountMinor": 2500, "currency": "eur", "receivedAt": "2026-02-01T10:00:00+01:00",
                 "channel": "online", "device": "mobile", "attribution": {"utmSource": "newsletter"}}
                """)
            #expect(gift.status == .created)
            #expect(gift.body?["currency"]?.string == "EUR")
            #expect(gift.body?["receivedAt"]?.string == "2026-02-01T09:00:00.000Z")
            let summary = try await client.call(.get, "/api/v1/constituents/\(id)/summary", as: key)
            #expect(summary.status == .ok)
            #expect(summary.body?["giving"]?.array?.first?["totalMinor"]?.number == 2500)
            let patched = try await client.call(.patch, "/api/v1/constituents/\(id)", as: key, json: #"{"tags": null, "preferredLanguage": "nl"}"#)
            #expect(patched.status == .ok)
            #expect(patched.body?["tags"] == .array([]))
            #expect(patched.body?["preferredLanguage"]?.string == "nl")
            #expect(patched.body?["familyName"]?.string == "Jansen'; DROP TABLE gifts;--")
            let search = try await client.call(.get, "/api/v1/constituents?q=jansen&role=donor", as: key)
            #expect(search.body?["items"]?.array?.count == 1)
            let sorted = try await client.call(.get, "/api/v1/constituents?sort=total_given&limit=1", as: key)
            #expect(sorted.body?["items"]?.array?.first?["id"]?.string == id && sorted.body?["nextCursor"] == nil)
            #expect(try await client.call(.get, "/api/v1/constituents?sort=cheapest", as: key).status == .unprocessableContent)
            #expect(try await client.call(.get, "/api/v1/constituents?sort=name&cursor=%27%3B%20DROP", as: key).status == .unprocessableContent)
            #expect(try await client.call(.get, "/api/v1/constituents?cursor=not-an-id", as: key).status == .unprocessableContent)
            let timeline = try await client.call(.get, "/api/v1/constituents/\(id)/timeline", as: key)
            #expect(timeline.body?["items"]?.array?.first?["kind"]?.string == "gift")
            let deleteDonor = try await client.call(.delete, "/api/v1/constituents/\(id)", as: key)
            #expect(deleteDonor.status == .conflict)
            let giftId = try #require(gift.body?["id"]?.string)
            #expect(try await client.call(.delete, "/api/v1/gifts/\(giftId)", as: key).status == .noContent)
            #expect(try await client.call(.delete, "/api/v1/constituents/\(id)", as: key).status == .noContent)
            #expect(try await client.call(.get, "/api/v1/constituents/\(id)", as: key).status == .notFound)
        }
    }

    @Test func badInputGetsClearProblems() async throws {
        try await APIHarness.run { harness, client in
            let key = harness.keys[.admin]
            let donor = try await client.call(.post, "/api/v1/constituents", as: key, json: #"{"displayName": "Donor"}"#)
            let id = try #require(donor.body?["id"]?.string)
            let missing = RecordIdentifier.make(at: testNow)
            let cases: [(String, String, HTTPResponse.Status, String?)] = [
                ("/api/v1/constituents", #"{"givenName": "#, .badRequest, nil),
                ("/api/v1/constituents", #"[1, 2]"#, .badRequest, nil),
                ("/api/v1/constituents", #"{"givenName": 42}"#, .unprocessableContent, "givenName"),
                ("/api/v1/constituents", #"{"displayName": "X", "roles": ["donor", "king"]}"#, .unprocessableContent, "roles[1]"),
                ("/api/v1/constituents", #"{"displayName": "X", "emails": ["nope"]}"#, .unprocessableContent, "emails[0]"),
                ("/api/v1/constituents", #"{}"#, .unprocessableContent, "displayName"),
                ("/api/v1/constituents", #"{"displayName": "X", "householdId": "\#(missing)"}"#, .unprocessableContent, "householdId"),
                ("/api/v1/gifts", #"{"constituentId": "\#(id)", "amountMinor": -5, "currency": "EUR", "receivedAt": "2026-01-01T00:00:00Z"}"#, .unprocessableContent, "amountMinor"),
                ("/api/v1/gifts", #"{"constituentId": "\#(id)", "amountMinor": 99999999999999999, "currency": "EUR", "receivedAt": "2026-01-01T00:00:00Z"}"#, .unprocessableContent, "amountMinor"),
                ("/api/v1/gifts", #"{"constituentId": "\#(id)", "amountMinor": 12.5, "currency": "EUR", "receivedAt": "2026-01-01T00:00:00Z"}"#, .unprocessableContent, "amountMinor"),
                ("/api/v1/gifts", #"{"constituentId": "\#(id)", "amountMinor": 100, "currency": "XYZ", "receivedAt": "2026-01-01T00:00:00Z"}"#, .unprocessableContent, "currency"),
                ("/api/v1/gifts", #"{"constituentId": "\#(id)", "amountMinor": 100, "currency": "EUR", "receivedAt": "2026-02-30T00:00:00Z"}"#, .unprocessableContent, "receivedAt"),
                ("/api/v1/gifts", #"{"constituentId": "\#(id)", "amountMinor": 100, "currency": "EUR", "receivedAt": "2026-01-01T00:00:00+99:00"}"#, .unprocessableContent, "receivedAt"),
                ("/api/v1/gifts", #"{"constituentId": "\#(missing)", "amountMinor": 100, "currency": "EUR", "receivedAt": "2026-01-01T00:00:00Z"}"#, .unprocessableContent, "constituentId"),
                ("/api/v1/gifts", #"{"constituentId": "\#(id)", "amountMinor": 100, "currency": "EUR", "receivedAt": "2026-01-01T00:00:00Z", "campaignId": "\#(missing)"}"#, .unprocessableContent, "campaignId"),
            ]
            for (path, body, status, field) in cases {
                let response = try await client.call(.post, path, as: key, json: body)
                #expect(response.status == status, "\(body)")
                #expect(response.headers[.contentType] == "application/problem+json", "\(body)")
                #expect(response.body?["detail"]?.string?.isEmpty == false)
                if let field {
                    let fields = response.body?["errors"]?.array?.compactMap { $0["field"]?.string } ?? []
                    #expect(fields.contains(field), "\(body) → \(String(describing: response.body))")
                }
            }
            let huge = "{\"displayName\": \"" + String(repeating: "x", count: 1_100_000) + "\"}"
            let tooLarge = try await client.call(.post, "/api/v1/constituents", as: key, json: huge)
            #expect(tooLarge.status == .contentTooLarge, "\(String(describing: tooLarge.body))")
            #expect(try await client.call(.get, "/api/v1/gifts/\(missing)", as: key).status == .notFound)
            #expect(try await client.call(.get, "/api/v1/gifts/not-an-id", as: key).status == .notFound)
            #expect(try await client.call(.patch, "/api/v1/gifts/\(missing)", as: key, json: "{}").status == .notFound)
            #expect(try await client.call(.get, "/api/v1/gifts?limit=0", as: key).status == .unprocessableContent)
            #expect(try await client.call(.get, "/api/v1/gifts?status=lost", as: key).status == .unprocessableContent)
            #expect(try await client.call(.get, "/api/v1/gifts?cursor=abc", as: key).status == .unprocessableContent)
            #expect(try await client.call(.get, "/api/v1/constituents/\(id)/timeline?cursor=abc", as: key).status == .unprocessableContent)
            let duplicate = #"{"displayName": "X", "source": "crm", "externalId": "7"}"#
            #expect(try await client.call(.post, "/api/v1/constituents", as: key, json: duplicate).status == .created)
            #expect(try await client.call(.post, "/api/v1/constituents", as: key, json: duplicate).status == .conflict)
        }
    }

    @Test func authenticationIsRequiredAndRolesAreEnforced() async throws {
        try await APIHarness.run { harness, client in
            let unauthenticated = try await client.call(.get, "/api/v1/constituents", as: nil)
            #expect(unauthenticated.status == .unauthorized)
            #expect(unauthenticated.headers[.wwwAuthenticate] == "Bearer")
            #expect(try await client.call(.get, "/api/v1/constituents", as: "kdr_forged").status == .unauthorized)
            #expect(try await client.call(.post, "/api/v1/constituents", as: harness.keys[.viewer], json: #"{"displayName": "X"}"#).status == .forbidden)
            let client1 = try await client.call(.post, "/api/v1/constituents", as: harness.keys[.programStaff],
                                                json: #"{"displayName": "Client One", "roles": ["client"]}"#)
            #expect(client1.status == .created)
            let clientId = try #require(client1.body?["id"]?.string)
            #expect(try await client.call(.get, "/api/v1/constituents/\(clientId)", as: harness.keys[.fundraiser]).status == .notFound)
            #expect(try await client.call(.get, "/api/v1/constituents/\(clientId)", as: harness.keys[.admin]).status == .ok)
            #expect(try await client.call(.post, "/api/v1/constituents", as: harness.keys[.programStaff],
                                          json: #"{"displayName": "Donor Only", "roles": ["donor"]}"#).status == .forbidden)
            let reads = try await harness.store.database.read {
                try await $0.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'read' AND entity_id = \(bind: clientId)").first()?.decode(column: "n", as: Int.self)
            }
            #expect(reads == 1)
            let audit = try await client.call(.get, "/api/v1/audit-log?entityId=\(clientId)", as: harness.keys[.admin])
            let actions = audit.body?["items"]?.array?.compactMap { $0["action"]?.string }
            #expect(actions == ["create", "read"])
            #expect(try await client.call(.get, "/api/v1/audit-log", as: harness.keys[.fundraiser]).status == .forbidden)
        }
    }

    @Test func everyRouteAgainstEveryRole() async throws {
        try await APIHarness.run { harness, client in
            let someId = RecordIdentifier.make(at: testNow)
            for route in harness.routes {
                let path = route.path.replacingOccurrences(of: "{id}", with: someId)
                let method = HTTPRequest.Method(route.method)!
                let body = [.post, .patch].contains(method) ? "{}" : nil
                if path.hasPrefix("/v1/") {
                    #expect(try await client.send(path, writeKey: nil, body: "{}").status == .unauthorized, "\(route.path)")
                    for role in StaffRole.allCases {
                        #expect(try await client.send(path, writeKey: harness.keys[role], body: "{}").status == .forbidden, "\(route.path)")
                    }
                    #expect(try await client.send(path, writeKey: harness.writeKey, body: "{}").status == .badRequest, "\(route.path)")
                    continue
                }
                if path == "/p/ideas" {
                    #expect(try await client.call(method, path, as: nil).status == (method == .get ? .ok : .unprocessableContent), "the board needs no key")
                    continue
                }
                if path.hasPrefix("/p/") {
                    let status = try await client.call(method, path.replacingOccurrences(of: "{token}", with: "ks_unknown"), as: nil).status
                    let expected: HTTPResponse.Status = path.hasSuffix("/open.gif") ? .ok : .notFound  // the image always loads, and records nothing
                    #expect(status == expected, "a public page needs no key, and an unknown token or idea opens nothing: \(route.path)")
                    continue
                }
                guard path.hasPrefix("/api/") else {
                    #expect(try await client.call(method, path, as: nil).status == .ok, "\(route.path)")
                    continue
                }
                #expect(try await client.call(method, path, as: harness.writeKey, json: body).status == .forbidden, "\(route.path)")
                #expect(try await client.call(method, path, as: nil, json: body).status == .unauthorized, "\(route.path)")
                for role in StaffRole.allCases {
                    let status = try await client.call(method, path, as: harness.keys[role], json: body).status
                    let resource = Self.resource(of: route.path)
                    let action: AccessAction = (method == .get && !route.path.hasPrefix("/api/v1/webhooks")) || route.path.hasSuffix("/preview") ? .read : .write
                    #expect(status.code < 500, "\(route.method) \(route.path) as \(role)")
                    if AccessPolicy.allows(role, action, resource) {
                        #expect(status != .forbidden, "\(route.method) \(route.path) as \(role)")
                    } else {
                        #expect(status == .forbidden, "\(route.method) \(route.path) as \(role) → \(status)")
                    }
                }
            }
        }
    }

    static func resource(of path: String) -> ProtectedResource {
        if path.hasSuffix("/consent") { return .consent }
        if path.hasSuffix("/audit-log") { return .auditLog }
        if path.hasSuffix("/prediction") { return .gifts }
        if path.hasSuffix("/reports/feedback") { return .feedback }
        if path.hasSuffix("/preference-link") || path.hasSuffix("/preferences") { return .messages }
        let parts = path.split(separator: "/")
        switch parts[2] {
        case "imports": return .imports
        case "settings", "engagement", "webhooks": return .settings
        case "reports", "models": return .reports
        case "segments", "touchpoints": return .segments
        case "journey": return .settings
        case "exports": return resource(of: "/api/v1/" + parts[3])
        case "duplicates", "merges": return .constituents
        case "households": return .households
        case "relationships": return .relationships
        case "campaigns", "projects", "funds": return .designations
        case "gifts": return .gifts
        case "recurring-plans": return .recurringPlans
        case "interactions": return .interactions
        case "consent-records": return .consent
        case "feedback", "surveys", "ideas", "supporter-events": return .feedback
        case "messages", "message-templates", "engagement-plans": return .messages
        default: return .constituents
        }
    }

    @Test func openAPIDocumentDescribesEveryRouteAndNothingElse() async throws {
        try await APIHarness.run { harness, client in
            let document = try await client.call(.get, "/openapi.json", as: nil)
            #expect(document.body?["openapi"]?.string == "3.1.0")
            let paths = try #require(document.body?["paths"]?.objectValue)
            var documented = Set<String>()
            for (path, item) in paths {
                for method in item.objectValue?.keys ?? [:].keys { documented.insert("\(method.uppercased()) \(path)") }
            }
            let routed = Set(harness.routes.map { "\($0.method) \($0.path)" })
            #expect(routed.subtracting(documented).isEmpty, "routes missing from the document: \(routed.subtracting(documented).sorted())")
            #expect(documented.subtracting(routed).isEmpty, "documented but not routed: \(documented.subtracting(routed).sorted())")
        }
    }

    @Test func operationsEndpointsAnswer() async throws {
        try await APIHarness.run { harness, client in
            #expect(try await client.call(.get, "/healthz", as: nil).body?["status"]?.string == "ok")
            #expect(try await client.call(.get, "/readyz", as: nil).body?["status"]?.string == "ready")
            let metrics = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            #expect(metrics.contains("hb_requests") || metrics.contains("http"))
            #expect(try await client.call(.get, "/nowhere", as: nil).status == .notFound)
            let wrongMethod = try await client.call(.put, "/api/v1/gifts", as: harness.keys[.viewer])
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers[.allow] == "POST, GET")
        }
    }
}
