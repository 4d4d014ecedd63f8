import Foundation
import HTTPTypes
import HummingbirdTesting
import KindredCore
import KindredServer
import KindredStore
import KindredTestSupport
import Testing

/// `/api/v1/feedback`: staff log feedback from any channel; the answer shows its sentiment and why it needs a follow-up;
/// bad input is a 400 or 422 naming the field, hostile text is kept as text, and roles are enforced.
@Suite struct FeedbackAPITests {
    @Test func feedbackThroughTheAPI() async throws {
        try await APIHarness.run { harness, client in
            let admin = harness.keys[.admin], fundraiser = harness.keys[.fundraiser]
            let person = #"{"givenName": "Anna", "familyName": "Jansen", "roles": ["donor"]}"#
            let id = try #require(try await client.call(.post, "/api/v1/constituents", as: admin, json: person).body?["id"]?.string)

            let body = #"{"constituentId": "\#(id)", "channel": "phone", "text": "Ik ben niet tevreden, niemand belde terug.", "rating": 2, "scale": "csat"}"#
            let created = try await client.call(.post, "/api/v1/feedback", as: fundraiser, json: body)
            #expect(created.status == .created && created.body?["recoveryReason"]?.string == "low_satisfaction")
            #expect(created.body?["sentiment"]?["language"]?.string == "nl" && (created.body?["sentiment"]?["score"]?.number ?? 0) < 0)
            #expect(created.body?["sentiment"]?["words"]?.array?.first?["negated"] == .bool(true))
            let tasks = try await client.call(.get, "/api/v1/tasks?constituentId=\(id)", as: fundraiser)
            #expect(tasks.body?["items"]?.array?.first?["kind"]?.string == "service_recovery")

            let hostile = #"{"constituentId": "\#(id)", "channel": "social", "text": "=HYPERLINK(\"x\") <script>alert(1)</script> '; DROP TABLE feedback;--"}"#
            let kept = try await client.call(.post, "/api/v1/feedback", as: fundraiser, json: hostile)
            #expect(kept.status == .created && kept.body?["text"]?.string == #"=HYPERLINK("x") <script>alert(1)</script> '; DROP TABLE feedback;--"#)
            let listed = try await client.call(.get, "/api/v1/feedback?constituentId=\(id)&channel=social", as: fundraiser)
            #expect(listed.status == .ok && listed.body?["items"]?.array?.count == 1)
            #expect(try await client.call(.get, "/api/v1/feedback?recoveryReason=low_satisfaction", as: fundraiser).body?["items"]?.array?.count == 1)

            let invalid: [(String, HTTPResponse.Status)] = [
                (#"{"channel": "phone", "text": "x"}"#, .unprocessableContent),
                (#"{"constituentId": "\#(id)", "channel": "fax", "text": "x"}"#, .unprocessableContent),
                (#"{"constituentId": "\#(id)", "channel": "phone"}"#, .unprocessableContent),
                (#"{"constituentId": "\#(id)", "channel": "phone", "rating": 11, "scale": "nps"}"#, .unprocessableContent),
                (#"{"constituentId": "\#(id)", "channel": "phone", "rating": "9", "scale": "nps"}"#, .unprocessableContent),
                (#"{"constituentId": "\#(id)", "channel": "phone", "text": "x", "rating": 3}"#, .unprocessableContent),
                (#"{"constituentId": "\#(id)", "channel": "phone", "text": "\#(String(repeating: "a", count: 10_001))"}"#, .unprocessableContent),
                (#"{"constituentId": "0190f1a2-0000-7000-8000-000000000001", "channel": "phone", "text": "x"}"#, .unprocessableContent),
                (#"{"constituentId": "\#(id)", "channel": "phone", "text": "x""#, .badRequest),
            ]
            for (bad, status) in invalid {
                let response = try await client.call(.post, "/api/v1/feedback", as: fundraiser, json: bad)
                #expect(response.status == status, "\(bad.prefix(120)) answered \(response.status)")
            }
            #expect(try await client.call(.post, "/api/v1/feedback", as: harness.keys[.viewer], json: body).status == .forbidden)
            #expect(try await client.call(.get, "/api/v1/feedback", as: harness.keys[.viewer]).status == .ok)
            #expect(try await client.call(.get, "/api/v1/feedback", as: nil).status == .unauthorized)

            for rating in [10, 9, 6] {
                let answer = #"{"constituentId": "\#(id)", "channel": "survey", "rating": \#(rating), "scale": "nps", "receivedAt": "2026-05-20T10:00:00Z"}"#
                #expect(try await client.call(.post, "/api/v1/feedback", as: fundraiser, json: answer).status == .created)
            }
            let report = try await client.call(.get, "/api/v1/reports/feedback?from=2026-01-01&to=2026-06-30", as: harness.keys[.viewer])
            #expect(report.status == .ok && report.body?["overall"]?["feedback"]?.number == 5)
            let npsScore = try #require(report.body?["overall"]?["nps"]?["score"]?.number)
            #expect(abs(npsScore - 100.0 / 3) < 1e-9 && report.body?["overall"]?["csat"]?["score"]?.number == 0)
            #expect(report.body?["byMonth"]?.array?.first?["key"]?.string == "2026-05")
            #expect(report.body?["byChannel"]?.array?.compactMap { $0["key"]?.string } == ["phone", "social", "survey"])
            let empty = try await client.call(.get, "/api/v1/reports/feedback?from=2020-01-01&to=2020-12-31", as: fundraiser)
            #expect(empty.status == .ok && empty.body?["overall"]?["nps"]?["score"] == .null)
            for bad in ["from=2026-07-01&to=2026-06-30", "from=yesterday", "to=2026-13-01"] {
                #expect(try await client.call(.get, "/api/v1/reports/feedback?\(bad)", as: fundraiser).status == .unprocessableContent, "\(bad)")
            }
            #expect(try await client.call(.get, "/api/v1/reports/feedback", as: harness.keys[.programStaff]).status == .forbidden)
        }
    }

    @Test func feedbackGivenEventsBecomeFeedbackOnce() async throws {
        try await APIHarness.run { harness, client in
            let admin = harness.keys[.admin]
            let identify = #"{"type": "identify", "userId": "fb-1", "traits": {"firstName": "Anna", "lastName": "Jansen", "email": "anna@example.org"}}"#
            #expect(try await client.send("/v1/identify", writeKey: harness.writeKey, body: identify).status == .ok)
            let event = #"{"type": "track", "userId": "fb-1", "event": "Feedback Given", "messageId": "fb-m1", "timestamp": "2026-05-04T09:00:00Z", "properties": {"comment": "Slow and confusing form", "rating": 2, "scale": "csat"}}"#
            for _ in 0..<2 { #expect(try await client.send("/v1/track", writeKey: harness.writeKey, body: event).status == .ok) }
            let listed = try await client.call(.get, "/api/v1/feedback", as: admin)
            let items = listed.body?["items"]?.array ?? []
            #expect(items.count == 1 && items.first?["recoveryReason"]?.string == "low_satisfaction" && items.first?["channel"]?.string == "web")
            #expect(items.first?["receivedAt"]?.string?.hasPrefix("2026-05-04T09:00:00") == true && items.first?["text"]?.string == "Slow and confusing form")
            let tasks = try await client.call(.get, "/api/v1/tasks", as: admin)
            #expect(tasks.body?["items"]?.array?.count == 1, "a retried event opens one follow-up")

            // An anonymous visitor's feedback becomes theirs once they are identified.
            let anonymous = #"{"type": "track", "anonymousId": "anon-fb", "event": "Feedback Given", "properties": {"text": "Wonderful open day!"}}"#
            #expect(try await client.send("/v1/track", writeKey: harness.writeKey, body: anonymous).status == .ok)
            #expect(try await client.call(.get, "/api/v1/feedback", as: admin).body?["items"]?.array?.count == 1)
            let alias = #"{"type": "identify", "userId": "fb-2", "anonymousId": "anon-fb", "traits": {"firstName": "Cas", "email": "cas@example.org"}}"#
            #expect(try await client.send("/v1/identify", writeKey: harness.writeKey, body: alias).status == .ok)
            #expect(try await client.call(.get, "/api/v1/feedback", as: admin).body?["items"]?.array?.count == 2)

            // A plain event without words or rating stays an interaction; a bad rating or scale is refused with the reason.
            let plain = #"{"type": "track", "userId": "fb-1", "event": "Feedback Given"}"#
            #expect(try await client.send("/v1/track", writeKey: harness.writeKey, body: plain).status == .ok)
            #expect(try await client.call(.get, "/api/v1/feedback", as: admin).body?["items"]?.array?.count == 2)
            for properties in [#"{"rating": 11, "scale": "nps"}"#, #"{"rating": 3}"#, #"{"rating": "3", "scale": "csat"}"#, #"{"text": "x", "scale": "stars", "rating": 1}"#] {
                let bad = #"{"type": "track", "userId": "fb-1", "event": "Feedback Given", "properties": \#(properties)}"#
                let response = try await client.send("/v1/track", writeKey: harness.writeKey, body: bad)
                let detail = response.body?["detail"]?.string ?? ""
                #expect(response.status == .badRequest && (detail.contains("properties") || detail.contains("feedback")), "\(properties): \(detail)")
            }
            #expect(try await client.call(.get, "/api/v1/feedback", as: admin).body?["items"]?.array?.count == 2)
        }
    }

    @Test func serviceRecoverySettingsAndAccountOwnersThroughTheAPI() async throws {
        try await APIHarness.run { harness, client in
            let admin = harness.keys[.admin]
            let defaults = try await client.call(.get, "/api/v1/settings/service-recovery", as: harness.keys[.viewer])
            #expect(defaults.status == .ok && defaults.body?["sentimentThreshold"]?.number == -0.3 && defaults.body?["businessDaysToFollowUp"]?.number == 2)
            let changed = try await client.call(.put, "/api/v1/settings/service-recovery", as: admin, json: #"{"sentimentThreshold": -0.5, "businessDaysToFollowUp": 3}"#)
            #expect(changed.status == .ok && changed.body?["businessDaysToFollowUp"]?.number == 3)
            for bad in [#"{"sentimentThreshold": 0.5, "businessDaysToFollowUp": 3}"#, #"{"sentimentThreshold": -0.5, "businessDaysToFollowUp": 99}"#,
                        #"{"sentimentThreshold": -0.5}"#, #"{"sentimentThreshold": "low", "businessDaysToFollowUp": 3}"#,
                        #"{"sentimentThreshold": -0.5, "businessDaysToFollowUp": 3, "escalationManagerId": "0190f1a2-0000-7000-8000-000000000001"}"#] {
                #expect(try await client.call(.put, "/api/v1/settings/service-recovery", as: admin, json: bad).status == .unprocessableContent, "\(bad)")
            }
            #expect(try await client.call(.put, "/api/v1/settings/service-recovery", as: harness.keys[.fundraiser], json: #"{"sentimentThreshold": -0.5, "businessDaysToFollowUp": 3}"#).status == .forbidden)
            let unknownOwner = #"{"givenName": "Anna", "accountOwnerId": "0190f1a2-0000-7000-8000-000000000001"}"#
            #expect(try await client.call(.post, "/api/v1/constituents", as: admin, json: unknownOwner).status == .unprocessableContent)
            #expect(try await client.call(.post, "/api/v1/constituents", as: admin, json: #"{"givenName": "Anna", "accountOwnerId": "me"}"#).status == .unprocessableContent)
            let roi = try await client.call(.get, "/api/v1/reports/cx-roi?year=2025", as: harness.keys[.viewer])
            #expect(roi.status == .ok && roi.body?["byNPS"]?.array?.count == 3 && roi.body?["byEngagement"]?.array?.count == 5)
            for bad in ["year=99", "year=next", "currency=EURO", "currency=%3Cscript%3E"] {
                #expect(try await client.call(.get, "/api/v1/reports/cx-roi?\(bad)", as: admin).status == .unprocessableContent, "\(bad)")
            }
            #expect(try await client.call(.get, "/api/v1/reports/cx-roi", as: harness.keys[.programStaff]).status == .forbidden)
        }
    }
}
