import Foundation
import HTTPTypes
import HummingbirdTesting
import KindredCore
import KindredServer
import KindredStore
import KindredTestSupport
import Testing

@Suite struct EngagementAPITests {
    @Test func engagementLoyaltyAndSelfReportThroughTheAPI() async throws {
        try await APIHarness.run { harness, client in
            let admin = harness.keys[.admin], fundraiser = harness.keys[.fundraiser]
            let person = #"{"givenName": "Anna", "familyName": "Jansen", "roles": ["donor"]}"#
            let id = try #require(try await client.call(.post, "/api/v1/constituents", as: admin, json: person).body?["id"]?.string)
            let client2 = #"{"givenName": "Cas", "familyName": "Client", "roles": ["client"]}"#
            let hiddenId = try #require(try await client.call(.post, "/api/v1/constituents", as: admin, json: client2).body?["id"]?.string)
            for type in ["article_read", "event_attended"] {
                let body = #"{"constituentId": "\#(id)", "type": "\#(type)", "occurredAt": "2026-06-01T10:00:00Z"}"#
                #expect(try await client.call(.post, "/api/v1/interactions", as: fundraiser, json: body).status == .created)
            }
            let gift = #"{"constituentId": "\#(id)", "amountMinor": 2500, "currency": "EUR", "receivedAt": "2026-03-01T10:00:00Z", "channel": "peer_to_peer", "device": "mobile"}"#
            #expect(try await client.call(.post, "/api/v1/gifts", as: fundraiser, json: gift).status == .created)

            let profile = try await client.call(.get, "/api/v1/constituents/\(id)/engagement", as: fundraiser)
            #expect(profile.status == .ok && profile.body?["topContributions"]?.array?.count == 3)
            #expect(profile.body?["level"]?.string != nil && profile.body?["trend"]?.string == "rising")
            let loyalty = try await client.call(.get, "/api/v1/constituents/\(id)/loyalty", as: fundraiser)
            #expect(loyalty.body?["loyalty"]?["level"]?.string == "new")
            #expect(loyalty.body?["loyalty"]?["acquisition"]?["throughFriend"] == .bool(true))
            let earlier = try await client.call(.get, "/api/v1/constituents/\(id)/loyalty?date=2026-01-01", as: fundraiser)
            #expect(earlier.body?["loyalty"]?["level"]?.string == "prospect")

            let reported = try await client.call(.put, "/api/v1/constituents/\(id)/engagement/self-reported", as: fundraiser, json: #"{"value": 5}"#)
            #expect(reported.status == .ok && reported.body?["selfReported"]?["value"]?.number == 5)
            for bad in [#"{"value": 0}"#, #"{"value": 6}"#, #"{"value": "5"}"#, #"{}"#, #"{"value": 2.5}"#] {
                let response = try await client.call(.put, "/api/v1/constituents/\(id)/engagement/self-reported", as: fundraiser, json: bad)
                #expect(response.status == .unprocessableContent, "\(bad)")
            }
            #expect(try await client.call(.put, "/api/v1/constituents/\(id)/engagement/self-reported", as: fundraiser, json: "[1]").status == .badRequest)
            #expect(try await client.call(.put, "/api/v1/constituents/\(id)/engagement/self-reported", as: harness.keys[.viewer], json: #"{"value": 3}"#).status == .forbidden)

            // Unknown, malformed and hidden constituents are 404; a bad date is 422.
            let unknown = RecordIdentifier.make(at: testNow)
            #expect(try await client.call(.get, "/api/v1/constituents/\(unknown)/engagement", as: fundraiser).status == .notFound)
            #expect(try await client.call(.get, "/api/v1/constituents/'%20OR%201=1/engagement", as: fundraiser).status == .notFound)
            #expect(try await client.call(.get, "/api/v1/constituents/\(hiddenId)/loyalty", as: fundraiser).status == .notFound)
            #expect(try await client.call(.get, "/api/v1/constituents/\(hiddenId)/loyalty", as: harness.keys[.programStaff]).status == .ok)
            for date in ["2026-13-01", "yesterday", "2026-02-30", "<script>"] {
                #expect(try await client.call(.get, "/api/v1/constituents/\(id)/loyalty?date=\(date)", as: fundraiser).status == .unprocessableContent)
            }
        }
    }

    @Test func reportsAndSettingsValidateAndGuard() async throws {
        try await APIHarness.run { harness, client in
            let admin = harness.keys[.admin], fundraiser = harness.keys[.fundraiser]
            let retention = try await client.call(.get, "/api/v1/reports/retention?year=2026&currency=EUR", as: harness.keys[.viewer])
            #expect(retention.status == .ok && retention.body?["series"]?.array?.count == 5)
            #expect(retention.body?["report"]?["donorRetentionRate"] == nil)
            for query in ["year=abc", "year=20260", "year=2026&currency=XYZ", "currency=%3Cscript%3E"] {
                #expect(try await client.call(.get, "/api/v1/reports/retention?\(query)", as: fundraiser).status == .unprocessableContent, "\(query)")
            }
            #expect(try await client.call(.get, "/api/v1/reports/retention", as: harness.keys[.programStaff]).status == .forbidden)
            let dashboard = try await client.call(.get, "/api/v1/reports/dashboard", as: harness.keys[.viewer])
            #expect(dashboard.status == .ok && dashboard.body?["loyalty"]?["prospect"]?.number == 0 && dashboard.body?["retention"]?.array?.count == 5)
            #expect(try await client.call(.get, "/api/v1/reports/dashboard?currency=ABC", as: fundraiser).status == .unprocessableContent)
            #expect(try await client.call(.get, "/api/v1/reports/dashboard", as: harness.keys[.programStaff]).status == .forbidden)
            let rfm = try await client.call(.post, "/api/v1/reports/rfm/refresh?windowYears=3", as: fundraiser)
            #expect(rfm.status == .ok && rfm.body?["donors"]?.number == 0 && rfm.body?["groups"]?["champions"]?.number == 0)
            #expect(try await client.call(.post, "/api/v1/reports/rfm/refresh?windowYears=0", as: fundraiser).status == .unprocessableContent)
            #expect(try await client.call(.post, "/api/v1/reports/rfm/refresh", as: harness.keys[.viewer]).status == .forbidden)

            let profile = try await client.call(.put, "/api/v1/settings/organisation", as: admin, json: #"{"fiscalYearStartMonth": 7, "currency": "usd"}"#)
            #expect(profile.status == .ok && profile.body?["currency"]?.string == "USD")
            for bad in [#"{"fiscalYearStartMonth": 13, "currency": "EUR"}"#, #"{"fiscalYearStartMonth": 1, "currency": "=SUM(A1)"}"#,
                        #"{"currency": "EUR"}"#, #"{"fiscalYearStartMonth": "7", "currency": "EUR"}"#] {
                #expect(try await client.call(.put, "/api/v1/settings/organisation", as: admin, json: bad).status == .unprocessableContent, "\(bad)")
            }
            #expect(try await client.call(.put, "/api/v1/settings/organisation", as: fundraiser, json: #"{"fiscalYearStartMonth": 1, "currency": "EUR"}"#).status == .forbidden)

            let settings = try await client.call(.get, "/api/v1/settings/engagement", as: fundraiser)
            #expect(settings.body?["interactionWeights"]?["article_read"]?["dimension"]?.string == "content")
            let replace = #"{"halfLifeDays": 90, "giftWeight": 5, "interactionWeights": {"article_read": {"dimension": "content", "weight": 3}}}"#
            let replaced = try await client.call(.put, "/api/v1/settings/engagement", as: admin, json: replace)
            #expect(replaced.status == .ok && replaced.body?["halfLifeDays"]?.number == 90)
            for bad in [#"{"halfLifeDays": 1, "giftWeight": 5, "interactionWeights": {}}"#,
                        #"{"halfLifeDays": 90, "giftWeight": 5, "interactionWeights": {"<script>": {"dimension": "content", "weight": 1}}}"#,
                        #"{"halfLifeDays": 90, "giftWeight": 5, "interactionWeights": {"a": {"dimension": "money", "weight": 1}}}"#,
                        #"{"halfLifeDays": 90, "giftWeight": 5, "interactionWeights": {"a": {"dimension": "content", "weight": 1e9}}}"#,
                        #"{"halfLifeDays": 90}"#] {
                #expect(try await client.call(.put, "/api/v1/settings/engagement", as: admin, json: bad).status == .unprocessableContent, "\(bad)")
            }
            #expect(try await client.call(.post, "/api/v1/engagement/recompute", as: admin).body?["constituents"]?.number == 0)
            #expect(try await client.call(.post, "/api/v1/engagement/recompute", as: fundraiser).status == .forbidden)
        }
    }
}
