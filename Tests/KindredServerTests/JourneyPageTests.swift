import Foundation
import HTTPTypes
import KindredCore
import KindredStore
import KindredTestSupport
import Testing

/// The journey pages: touchpoints added from the form (hostile text as text, bad forms refused), the journey map with
/// its funnel, gaps, searches and forms in three languages, stages renamed by an admin only, the stage on the person page.
@Suite struct JourneyPageTests {
    @Test func theJourneyMapTouchpointsAndStages() async throws {
        try await WebHarness.run { harness, browser in
            let staff = browser()
            #expect(try await staff.signIn(WebHarness.email(.fundraiser), WebHarness.password) == .seeOther)
            #expect(try await staff.get("/journey/touchpoints") == .ok && staff.lastPage.contains("No touchpoints yet."))
            let touchpoint = ["name": "<script>alert(1)</script> Donate", "kind": "form", "match": "/donate", "stage": "donation"]
            #expect(try await staff.post("/journey/touchpoints", touchpoint) == .seeOther)
            try await staff.get("/journey/touchpoints")
            #expect(try await staff.post("/journey/touchpoints", pairs: [("name", "Stories"), ("kind", "web_page"), ("match", "/stories"),
                                                                        ("stage", "discovery"), ("stage", "cultivation")]) == .seeOther)
            #expect(try await harness.store.touchpoints.list(cursor: nil, limit: 5, by: .system).items.contains { $0.fields.stages == [.discovery, .cultivation] },
                    "every ticked stage is kept")
            #expect(try await staff.get("/journey/touchpoints") == .ok && staff.lastPage.contains("&lt;script&gt;alert(1)&lt;/script&gt; Donate"))
            #expect(!staff.lastPage.contains("<script>alert(1)"))
            try await staff.get("/journey/touchpoints")
            #expect(try await staff.post("/journey/touchpoints", pairs: [("name", "Mixed"), ("kind", "form"), ("match", "/donate"), ("stage", "donation"), ("stage", "nirvana")]) == .unprocessableContent,
                    "an unknown stage beside a known one is refused, not dropped")
            for (field, value) in [("kind", "billboard"), ("match", "donate"), ("stage", "nirvana"), ("name", "")] {
                var bad = touchpoint
                bad[field] = value
                try await staff.get("/journey/touchpoints")
                #expect(try await staff.post("/journey/touchpoints", bad) == .unprocessableContent, "\(field)=\(value)")
            }

            let donor = try await harness.store.constituents.create(try sampleConstituent("Dirk Donor").validated(), by: .system).id
            _ = try await harness.store.gifts.create(try sampleGift(donor, 2_500, at: "2026-06-01T10:00:00Z").validated(), by: .system)
            _ = try await harness.store.interactions.create(try InteractionInput(
                constituentId: donor, type: "site_searched", occurredAt: testNow.adding(milliseconds: -86_400_000),
                properties: ["query": "<img src=x onerror=alert(1)>", "results": 0]).validated(), by: .system)
            _ = try await harness.store.interactions.create(try InteractionInput(
                constituentId: donor, type: "donation_form_error", occurredAt: testNow.adding(milliseconds: -86_400_000),
                properties: ["url": "https://example.org/donate", "device": "mobile", "error": "Card declined"]).validated(), by: .system)
            try await harness.store.journey.placeEveryone()
            for (language, heading, gap) in [("en", "Supporter journey", "No content serves this stage."), ("nl", "Reis van de supporter", "Geen inhoud bedient deze fase."),
                                             ("fr", "Parcours du sympathisant", "Aucun contenu ne sert cette étape.")] {
                try await staff.get("/journey")
                #expect(try await staff.post("/account/language", ["language": language]) == .seeOther)
                #expect(try await staff.get("/journey") == .ok, "\(language)")
                #expect(staff.lastPage.contains("<h1>\(heading)</h1>") && staff.lastPage.contains(gap), "\(language)")
                #expect(staff.lastPage.contains("id=\"chart-funnel\"") && staff.lastPage.contains("id=\"stage-lapsed\""))
                #expect(staff.lastPage.contains("&lt;img src=x onerror=alert(1)&gt;") && !staff.lastPage.contains("<img src=x"))
                #expect(staff.lastPage.contains("Card declined") && staff.lastPage.contains("id=\"form-friction\""))
            }
            try await staff.get("/journey")
            #expect(try await staff.post("/account/language", ["language": "en"]) == .seeOther)
            #expect(try await staff.get("/journey?from=2026-06-01&to=2026-06-16&windowDays=7&source=online&device=mobile") == .ok)
            #expect(staff.lastPage.contains("<option value=\"mobile\" selected>"))
            #expect(try await staff.get("/journey?from=&to=&windowDays=&source=&device=mobile") == .ok, "an emptied field or 'any' is no filter")
            #expect(try await staff.get("/journey?windowDays=0") == .unprocessableContent)
            #expect(try await staff.get("/journey?from=2026-07-01&to=2026-06-01") == .unprocessableContent)
            #expect(try await staff.get("/people/\(donor)") == .ok && staff.lastPage.contains("id=\"journey-stage\">Journey stage: Donation"))
            #expect(!staff.lastPage.contains("id=\"journey-path\""), "one stage so far: no path")
            _ = try await harness.store.gifts.create(try sampleGift(donor, 2_500, at: "2019-06-01T10:00:00Z").validated(), by: .system)
            for year in 2020...2026 {
                _ = try await harness.store.gifts.create(try sampleGift(donor, 1_000, at: "\(year)-03-01T10:00:00Z").validated(), by: .system)
            }
            try await harness.store.journey.placeEveryone()
            #expect(try await staff.get("/people/\(donor)") == .ok && staff.lastPage.contains("id=\"journey-stage\">Journey stage: Service"))
            #expect(staff.lastPage.contains("id=\"journey-path\">Donation ("), "the path: donation, then service")

            #expect(try await staff.get("/journey/stages") == .ok && !staff.lastPage.contains("id=\"save-stages\""), "a fundraiser reads the stages")
            #expect(try await staff.post("/journey/stages", ["name_donation": "Giving"]) == .forbidden)
            let admin = browser()
            #expect(try await admin.signIn(WebHarness.email(.admin), WebHarness.password) == .seeOther)
            #expect(try await admin.get("/journey/stages") == .ok && admin.lastPage.contains("id=\"save-stages\""))
            var form: [String: String] = [:]
            for stage in JourneySettings.defaults.stages {
                form["name_\(stage.key.rawValue)"] = stage.key == .donation ? "Giving" : stage.name
                if let rule = stage.rule { form["rule_\(stage.key.rawValue)"] = rule }
            }
            #expect(try await admin.post("/journey/stages", form) == .seeOther)
            #expect(try await admin.get("/journey") == .ok && admin.lastPage.contains("id=\"stage-donation-heading\">Giving"))
            form["rule_lapsed"] = "loyalty = "
            try await admin.get("/journey/stages")
            #expect(try await admin.post("/journey/stages", form) == .unprocessableContent)

            let programme = browser()
            #expect(try await programme.signIn(WebHarness.email(.programStaff), WebHarness.password) == .seeOther)
            #expect(try await programme.get("/journey") == .forbidden)
        }
    }
}
