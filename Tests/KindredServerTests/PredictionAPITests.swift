import Foundation
import HTTPTypes
import HummingbirdTesting
import KindredCore
import KindredServer
import KindredStore
import KindredTestSupport
import Testing

/// The models and predictions API: fits, the refresh, a donor's prediction and ask ladder, settings, and bad input.
@Suite struct PredictionAPITests {
    @Test func fitPredictAndReadThroughTheAPI() async throws {
        try await APIHarness.run { harness, client in
            let admin = harness.keys[.admin], fundraiser = harness.keys[.fundraiser], viewer = harness.keys[.viewer]
            // Before there are gifts the refresh cannot fit and says why.
            let empty = try await client.call(.post, "/api/v1/models/predict", as: admin)
            #expect(empty.status == .unprocessableContent && empty.body?["detail"]?.string?.contains("no donors") == true)
            let ids = try await seedRepeatDonors(harness.store)

            let refresh = try await client.call(.post, "/api/v1/models/predict", as: fundraiser)
            #expect(refresh.status == .ok && refresh.body?["donors"]?.number == 40 && refresh.body?["asOf"]?.string == "2026-06-15")
            #expect(refresh.body?["transactionsFit"]?["parameters"]?["r"]?.number != nil)
            let fitId = try #require(refresh.body?["transactionsFit"]?["id"]?.string)
            let fit = try await client.call(.get, "/api/v1/models/\(fitId)", as: viewer)
            #expect(fit.status == .ok && fit.body?["data"]?["calibrationEnd"]?.string == "2026-06-15" && fit.body?["forPredictions"] == .bool(true))

            let prediction = try await client.call(.get, "/api/v1/constituents/\(ids[5])/prediction", as: viewer)
            #expect(prediction.status == .ok && prediction.body?["prediction"]?["transactions"]?.number == 6)
            #expect(prediction.body?["ask"]?["amountsMinor"]?.array?.count == 3 && prediction.body?["transactionsFitId"]?.string == fitId)
            #expect(prediction.body?["explanation"]?.string?.contains("years are worth about EUR") == true)

            let cohort = try await client.call(.post, "/api/v1/models/fit", as: admin, json: #"{"model": "bgbb", "cohortYear": 2022, "lastYear": 2026}"#)
            #expect(cohort.status == .created && cohort.body?["parameters"]?["delta"]?.number != nil && cohort.body?["data"]?["currency"]?.string == "EUR")
            let list = try await client.call(.get, "/api/v1/models?limit=2", as: viewer)
            #expect(list.status == .ok && list.body?["fits"]?.array?.count == 2 && list.body?["fits"]?.array?.first?["id"] == cohort.body?["id"])

            let settings = try await client.call(.put, "/api/v1/settings/predictions", as: admin, json: #"{"discountRate": 0.05, "lifetimeYears": 10, "lapseThreshold": 0.4}"#)
            #expect(settings.status == .ok && settings.body?["lifetimeYears"]?.number == 10)
            #expect(try await client.call(.get, "/api/v1/settings/predictions", as: viewer).body?["discountRate"]?.number == 0.05)
        }
    }

    @Test func badInputGetsClearAnswers() async throws {
        try await APIHarness.run { harness, client in
            let admin = harness.keys[.admin], viewer = harness.keys[.viewer]
            let prospect = try await harness.store.constituents.create(try sampleConstituent("Prospect").validated(), by: .system).id
            let noGift = try await client.call(.get, "/api/v1/constituents/\(prospect)/prediction", as: viewer)
            #expect(noGift.status == .notFound && noGift.body?["detail"]?.string?.contains("nothing to predict") == true)
            for path in ["/api/v1/constituents/\(RecordIdentifier.make(at: testNow))/prediction", "/api/v1/constituents/'%20OR%201=1/prediction",
                         "/api/v1/models/\(RecordIdentifier.make(at: testNow))", "/api/v1/models/%3Cscript%3E"] {
                #expect(try await client.call(.get, path, as: viewer).status == .notFound, "\(path)")
            }
            #expect(try await client.call(.get, "/api/v1/constituents/\(prospect)/prediction", as: harness.keys[.programStaff]).status == .forbidden)
            for body in [#"{"model": "bgbb"}"#, #"{"model": "pareto"}"#, #"{"model": "bgnbd"}"#, #"{"model": "bgnbd", "calibrationEnd": "2026-02-30"}"#,
                         #"{"model": "bgnbd", "calibrationEnd": "2026-01-01", "cohortYear": 2020}"#, #"{"model": "bgbb", "cohortYear": "1995", "lastYear": 2001}"#,
                         #"{"model": "bgbb", "cohortYear": 2001, "lastYear": 1995}"#, #"{"model": "gammagamma", "calibrationEnd": "2026-01-01", "currency": "XYZ"}"#,
                         #"{"model": "<script>alert(1)</script>"}"#, #"{"model": "bgnbd'; DROP TABLE gifts; --", "calibrationEnd": "2026-01-01"}"#,
                         #"{"model": "bgnbd", "calibrationEnd": "2026-01-01"}"#, #"{}"#] {
                let response = try await client.call(.post, "/api/v1/models/fit", as: admin, json: body)
                #expect(response.status == .unprocessableContent, "\(body)")
            }
            #expect(try await client.call(.post, "/api/v1/models/fit", as: admin, json: "[1]").status == .badRequest)
            #expect(try await client.call(.post, "/api/v1/models/fit", as: admin, json: "{not json").status == .badRequest)
            #expect(try await client.call(.post, "/api/v1/models/fit", as: viewer, json: #"{"model": "bgbb", "cohortYear": 2020, "lastYear": 2024}"#).status == .forbidden)
            #expect(try await client.call(.post, "/api/v1/models/predict", as: viewer).status == .forbidden)
            #expect(try await client.call(.get, "/api/v1/models?limit=0", as: viewer).status == .unprocessableContent)
            #expect(try await client.call(.get, "/api/v1/models?limit=abc", as: viewer).status == .unprocessableContent)
            for body in [#"{"discountRate": 1.5, "lifetimeYears": 5, "lapseThreshold": 0.5}"#, #"{"discountRate": 0.1, "lifetimeYears": 5}"#,
                         #"{"discountRate": "10%", "lifetimeYears": 5, "lapseThreshold": 0.5}"#, #"{"discountRate": 0.1, "lifetimeYears": 2.5, "lapseThreshold": 0.5}"#] {
                #expect(try await client.call(.put, "/api/v1/settings/predictions", as: admin, json: body).status == .unprocessableContent, "\(body)")
            }
            #expect(try await client.call(.put, "/api/v1/settings/predictions", as: harness.keys[.fundraiser],
                                          json: #"{"discountRate": 0.1, "lifetimeYears": 5, "lapseThreshold": 0.5}"#).status == .forbidden)
            #expect(try await harness.store.models.list().isEmpty)
        }
    }
}
