import Foundation
import HTTPTypes
import KindredCore
import KindredServer
import KindredStore
import KindredTestSupport
import Testing

/// The journey API end to end on the router: stages renamed and their rules checked, everyone placed and their history
/// read, the funnel and its filters, touchpoints with their report, and site search and form friction fed by the
/// event API; every bad request a clear 4xx.
@Suite struct JourneyAPITests {
    @Test func stagesPlacementAndTheFunnel() async throws {
        try await APIHarness.run { harness, client in
            let admin = harness.keys[.admin], fundraiser = harness.keys[.fundraiser]
            let stages = try await client.call(.get, "/api/v1/journey/stages", as: fundraiser)
            #expect(stages.status == .ok && stages.body?["stages"]?.array?.count == 7)
            let rename = #"{"stages": [{"key": "donation", "name": "Giving", "rule": "giving.count >= 1"}]}"#
            #expect(try await client.call(.put, "/api/v1/journey/stages", as: fundraiser, json: rename).status == .forbidden)
            let renamed = try await client.call(.put, "/api/v1/journey/stages", as: admin, json: rename)
            #expect(renamed.status == .ok && renamed.body?["stages"]?.array?[3]["name"]?.string == "Giving")
            for (body, field) in [
                (#"{"stages": [{"key": "donation", "name": "Giving", "rule": "giving.count >="}]}"#, "stages[0].rule"),
                (#"{"stages": [{"key": "awareness", "name": "A", "rule": "tag = x"}]}"#, "stages[0].rule"),
                (#"{"stages": [{"key": "lapsed", "name": "", "rule": "loyalty = lost"}]}"#, "stages[0].name"),
                (#"{"stages": []}"#, nil), (#"{"stages": [{"key": "heaven", "name": "H", "rule": "tag = x"}]}"#, nil),
                (#"{"stages": "donation"}"#, nil), (#"{}"#, "stages"),
            ] {
                let response = try await client.call(.put, "/api/v1/journey/stages", as: admin, json: body)
                #expect(response.status == .unprocessableContent, "\(body)")
                if let field { #expect(response.body?["errors"]?.array?.first?["field"]?.string == field, "\(body)") }
            }
            #expect(try await client.call(.put, "/api/v1/journey/stages", as: admin, json: "[1, 2").status == .badRequest)

            let donor = try await harness.store.constituents.create(try sampleConstituent("<script>alert(1)</script> Dirk").validated(), by: .system).id
            _ = try await harness.store.gifts.create(try sampleGift(donor, 2_500, at: "2026-06-01T10:00:00Z").validated(), by: .system)
            _ = try await harness.store.constituents.create(try sampleConstituent("Nora Nobody").validated(), by: .system)
            let placed = try await client.call(.post, "/api/v1/journey/placements", as: admin)
            #expect(placed.status == .ok && placed.body?["moved"]?.number == 2)
            let history = try await client.call(.get, "/api/v1/constituents/\(donor)/journey", as: fundraiser)
            #expect(history.status == .ok && history.body?["stages"]?.array?.first?["stage"]?.string == "donation")
            #expect(try await client.call(.get, "/api/v1/constituents/\(RecordIdentifier.make(at: testNow))/journey", as: fundraiser).status == .notFound)

            let funnel = try await client.call(.get, "/api/v1/reports/journey-funnel", as: fundraiser)
            #expect(funnel.status == .ok && funnel.body?["people"]?.number == 2 && funnel.body?["stages"]?.array?[3]["now"]?.number == 1)
            let mobile = try await client.call(.get, "/api/v1/reports/journey-funnel?source=online&device=mobile", as: fundraiser)
            #expect(mobile.body?["people"]?.number == 1)
            for query in ["source=telepathy", "device=toaster", "rule=tag%20%3D", "rule=" + String(repeating: "x", count: 201),
                          "rule=tag%20%3D%20%27%20OR%201%3D1%20--"] {
                #expect(try await client.call(.get, "/api/v1/reports/journey-funnel?\(query)", as: fundraiser).status == .unprocessableContent, "\(query)")
            }
        }
    }

    @Test func touchpointsAndTheDigitalExperience() async throws {
        try await APIHarness.run { harness, client in
            let fundraiser = harness.keys[.fundraiser]
            let form = #"{"name": "Donate <b>now</b>", "kind": "form", "match": "/donate", "stages": ["donation"]}"#
            let created = try await client.call(.post, "/api/v1/touchpoints", as: fundraiser, json: form)
            #expect(created.status == .created && created.body?["stages"]?.array?.first?.string == "donation")
            #expect(try await client.call(.post, "/api/v1/touchpoints", as: harness.keys[.viewer], json: form).status == .forbidden)
            for body in [
                #"{"name": "x", "kind": "form", "match": "donate", "stages": ["donation"]}"#,
                #"{"name": "x", "kind": "billboard", "match": "/x", "stages": ["donation"]}"#,
                #"{"name": "x", "kind": "form", "match": "/x", "stages": []}"#,
                #"{"name": "x", "kind": "form", "match": "/x", "stages": ["nirvana"]}"#,
                #"{"name": "x", "kind": "email", "stages": ["donation"]}"#,
                #"{"name": 5, "kind": "email", "match": "t", "stages": ["donation"]}"#,
                #"{"name": "=HYPERLINK(\"http://x\")", "kind": "web_page", "match": "javascript:alert(1)", "stages": ["discovery"]}"#,
            ] {
                #expect(try await client.call(.post, "/api/v1/touchpoints", as: fundraiser, json: body).status == .unprocessableContent, "\(body)")
            }
            let key = harness.writeKey
            let agent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"
            func track(_ event: String, _ id: String, _ properties: String, url: String) async throws -> HTTPResponse.Status {
                try await client.send("/v1/track", writeKey: key, body: """
                    {"type": "track", "userId": "u-1", "event": "\(event)", "messageId": "\(id)", "timestamp": "2026-06-14T10:00:00Z",
                     "properties": \(properties), "context": {"userAgent": "\(agent)", "page": {"url": "\(url)"}}}
                    """).status
            }
            #expect(try await track("Donation Form Started", "m-1", "{}", url: "https://example.org/donate") == .ok)
            #expect(try await track("Donation Form Error", "m-2", #"{"error": "<script>Card declined</script>"}"#, url: "https://example.org/donate") == .ok)
            #expect(try await track("Donation Completed", "m-3", #"{"amount": "25.00", "currency": "EUR"}"#, url: "https://example.org/donate") == .ok)
            #expect(try await track("Site Searched", "m-4", #"{"query": "legacy gift", "results": 0}"#, url: "https://example.org/search") == .ok)
            let forms = try await client.call(.get, "/api/v1/reports/donation-forms?from=2026-06-01", as: fundraiser)
            let row = forms.body?["forms"]?.array?.first
            #expect(row?["page"]?.string == "/donate" && row?["device"]?.string == "mobile")
            #expect(row?["starts"]?.number == 1 && row?["completions"]?.number == 1 && row?["errors"]?.number == 1)
            let search = try await client.call(.get, "/api/v1/reports/site-search?from=2026-06-01&to=2026-06-16", as: fundraiser)
            #expect(search.body?["termsWithoutResults"]?.array?.first?["term"]?.string == "legacy gift")
            let report = try await client.call(.get, "/api/v1/reports/touchpoints?from=2026-06-01&windowDays=7", as: fundraiser)
            let donate = report.body?["touchpoints"]?.array?.first
            #expect(report.status == .ok && donate?["total"]?["reach"]?.number == 1 && donate?["total"]?["lastTouch"]?["count"]?.number == 1)
            #expect(donate?["byDevice"]?["mobile"]?["lastTouch"]?["amountMinor"]?.number == 2_500)
            #expect(report.body?["stages"]?.array?.filter { $0["gap"] == .bool(true) }.count == 6)
            for query in ["windowDays=0", "windowDays=x", "from=2026-06-20&to=2026-06-01", "from=yesterday", "from=2000-01-01&to=2026-06-01"] {
                #expect(try await client.call(.get, "/api/v1/reports/touchpoints?\(query)", as: fundraiser).status == .unprocessableContent, "\(query)")
            }
            #expect(try await client.call(.get, "/api/v1/reports/site-search?to=never", as: fundraiser).status == .unprocessableContent)
            #expect(try await client.call(.get, "/api/v1/reports/donation-forms", as: harness.keys[.programStaff]).status == .forbidden)
        }
    }
}
