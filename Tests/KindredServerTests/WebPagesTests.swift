import Foundation
import HTTPTypes
import KindredCore
import KindredServer
import KindredStore
import KindredTestSupport
import Testing

/// The web app's pages beyond sign-in: people, duplicates, settings and giving.
@Suite struct WebPagesTests {
    @Test func peopleAreFilteredExportedAndTaggedInBulk() async throws {
        try await WebHarness.run { harness, browser in
            var ids: [String] = []
            for (name, role) in [("Anna", ConstituentRole.donor), ("Bram", .volunteer), ("Cas", .donor)] {
                ids.append(try await harness.store.constituents.create(try ConstituentInput(givenName: name, roles: [role]).validated(), by: .system).id)
            }
            _ = try await harness.store.gifts.create(try sampleGift(ids[0], 2500, at: "2026-03-01T10:00:00Z").validated(), by: .system)
            let staff = browser()
            #expect(try await staff.signIn(WebHarness.email(.fundraiser), WebHarness.password) == .seeOther)
            #expect(try await staff.get("/people?role=donor") == .ok && staff.lastPage.contains("Anna") && staff.lastPage.contains("Cas") && !staff.lastPage.contains("Bram"))
            #expect(try await staff.get("/people?sort=name&role=donor") == .ok && staff.lastPage.contains("aria-sort=\"ascending\""))
            #expect(staff.lastPage.range(of: "Anna")!.lowerBound < staff.lastPage.range(of: "Cas")!.lowerBound)
            #expect(staff.lastPage.contains(#"href="/people?role=donor&amp;sort=name_desc" id="sort-by-name""#))
            #expect(try await staff.get("/people?sort=name_desc&role=donor") == .ok && staff.lastPage.contains("aria-sort=\"descending\""))
            #expect(staff.lastPage.range(of: "Cas")!.lowerBound < staff.lastPage.range(of: "Anna")!.lowerBound)
            #expect(try await staff.get("/people?sort=total_given") == .ok && staff.lastPage.contains("giving-order-note") && staff.lastPage.contains("€25.00"))
            #expect(staff.lastPage.contains("Anna") && !staff.lastPage.contains("Bram") && !staff.lastPage.contains(">Cas<"))
            #expect(try await staff.get("/people?sort=%3Cscript%3E") == .unprocessableContent && !staff.lastPage.contains("<script>"))
            #expect(try await staff.get("/people?sort=last_gift&cursor=bm9wZQ") == .unprocessableContent)
            #expect(try await staff.get("/people?sort=name&cursor=bm9wZQ") == .unprocessableContent)
            #expect(try await staff.get("/people?loyalty=new") == .ok && staff.lastPage.contains("Anna") && !staff.lastPage.contains("Cas"))
            #expect(staff.lastPage.contains(#"href="/people/export.csv?loyalty=new""#))
            #expect(try await staff.get("/people/export.csv?role=donor&loyalty=prospect") == .ok && staff.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(staff.lastPage.contains("Cas") && !staff.lastPage.contains("Anna") && !staff.lastPage.contains("Bram"))
            for bad in ["role=wizard", "loyalty=%3Cscript%3E", "engagement=lukewarm", "segment='%20OR%201=1"] {
                #expect(try await staff.get("/people?\(bad)") == .unprocessableContent, "\(bad)")
            }
            try await staff.get("/people")
            #expect(try await staff.post("/people/tag", ["ids": ids[1], "tag": "<b>gala</b>", "back": "/people?role=volunteer"]) == .seeOther)
            #expect(staff.headers[.location] == "/people?role=volunteer")
            #expect(try await staff.get("/people?tag=%3Cb%3Egala%3C/b%3E") == .ok && staff.lastPage.contains("Bram") && !staff.lastPage.contains("Anna"))
            #expect(!staff.lastPage.contains("<b>gala</b>"))
            #expect(try await staff.post("/people/tag", ["tag": "gala"]) == .unprocessableContent)
            try await staff.get("/people")
            #expect(try await staff.post("/people/tag", ["ids": "not-an-id", "tag": "gala"]) == .notFound)
            let viewer = browser()
            #expect(try await viewer.signIn(WebHarness.email(.viewer), WebHarness.password) == .seeOther)
            #expect(try await viewer.get("/people") == .ok && !viewer.lastPage.contains("bulk-tag") && !viewer.lastPage.contains("new-person"))
            #expect(try await viewer.post("/people/tag", ["ids": ids[0], "tag": "x"]) == .forbidden)
        }
    }

    @Test func duplicatesAreReviewedMergedAndUndone() async throws {
        try await WebHarness.run { harness, browser in
            let anna = try await harness.store.constituents.create(try ConstituentInput(givenName: "Anna", familyName: "Jansen", emails: ["anna@example.org"]).validated(), by: .system)
            let copy = try await harness.store.constituents.create(try ConstituentInput(givenName: "A.", familyName: "Jansen", emails: ["ANNA@example.org"]).validated(), by: .system)
            _ = try await harness.store.gifts.create(try sampleGift(copy.id, 1500, at: "2026-03-01T10:00:00Z").validated(), by: .system)
            let staff = browser()
            #expect(try await staff.signIn(WebHarness.email(.fundraiser), WebHarness.password) == .seeOther)
            #expect(try await staff.get("/duplicates") == .ok && staff.lastPage.contains("id=\"duplicates\"") && staff.lastPage.contains("email"))
            #expect(try await staff.get("/people/\(anna.id)") == .ok && staff.lastPage.contains("id=\"person-duplicates\""))
            #expect(staff.lastPage.contains("/duplicates/review?first=\(anna.id)&amp;second=\(copy.id)"))
            #expect(try await staff.get("/duplicates/review?first=\(anna.id)&second=\(copy.id)") == .ok && staff.lastPage.contains("anna@example.org"))
            #expect(try await staff.post("/merges", ["first": anna.id, "second": copy.id, "survivor": "someone-else"]) == .unprocessableContent)
            try await staff.get("/duplicates/review?first=\(anna.id)&second=\(copy.id)")
            #expect(try await staff.post("/merges", ["first": anna.id, "second": copy.id, "survivor": anna.id]) == .seeOther)
            let merged = try #require(staff.headers[.location])
            #expect(try await staff.get(merged) == .ok && staff.lastPage.contains("Everything now belongs to Anna Jansen") && staff.lastPage.contains("undo-merge"))
            #expect(try await staff.get("/people/\(copy.id)") == .notFound)
            #expect(try await staff.get("/people/\(anna.id)") == .ok && staff.lastPage.contains("€15.00"))
            try await staff.get(merged)
            #expect(try await staff.post(merged + "/undo", [:]) == .seeOther)
            #expect(try await staff.get(merged) == .ok && staff.lastPage.contains("merge-undone"))
            #expect(try await staff.get("/people/\(copy.id)") == .ok && staff.lastPage.contains("€15.00"))
            #expect(try await staff.get("/duplicates/review?first=\(anna.id)&second=\(anna.id)") == .unprocessableContent)
            #expect(try await staff.get("/merges/not-an-id") == .unprocessableContent)
            for bad in ["0", "101", "two", "1%27%20OR%201=1"] { #expect(try await staff.get("/duplicates?page=\(bad)") == .unprocessableContent, "\(bad)") }
            #expect(try await staff.get("/duplicates?page=2") == .ok && staff.lastPage.contains("id=\"duplicates\"") == false)
            try await staff.get("/duplicates")
            #expect(try await staff.post("/duplicates/refresh", [:]) == .seeOther && staff.headers[.location] == "/duplicates")
            let viewer = browser()
            #expect(try await viewer.signIn(WebHarness.email(.viewer), WebHarness.password) == .seeOther)
            try await viewer.get("/duplicates")
            #expect(try await viewer.post("/duplicates/refresh", [:]) == .forbidden)
        }
    }

    @Test func adminsManageUsersKeysAndReadTheAuditLog() async throws {
        try await WebHarness.run { _, browser in
            let admin = browser()
            #expect(try await admin.signIn(WebHarness.email(.admin), WebHarness.password) == .seeOther)
            try await admin.get("/settings")
            #expect(try await admin.post("/settings/users", ["email": "new.staff@example.org", "role": "fundraiser"]) == .ok)
            let secret = try #require(admin.lastPage.range(of: #"<code id="new-secret">new.staff@example.org: "#).map { String(admin.lastPage[$0.upperBound...].prefix { $0 != "<" }) })
            #expect(secret.count == 20 && admin.lastPage.contains("<td>new.staff@example.org</td>"))
            let newcomer = browser()
            #expect(try await newcomer.signIn("new.staff@example.org", secret) == .seeOther)
            #expect(try await admin.post("/settings/users", ["email": "new.staff@example.org", "role": "viewer"]) == .conflict)
            try await admin.get("/settings")
            #expect(try await admin.post("/settings/users", ["email": "x@example.org", "role": "emperor"]) == .unprocessableContent)
            try await admin.get("/settings")
            #expect(try await admin.post("/settings/keys", ["name": "<script>website</script>", "role": "viewer", "writeOnly": "true"]) == .ok)
            #expect(admin.lastPage.contains(#"<code id="new-secret">kdr_"#) && admin.lastPage.contains("&lt;script&gt;website&lt;/script&gt;"))
            #expect(!admin.lastPage.contains("<script>website"))
            let keyId = try #require(admin.lastPage.range(of: #"action="/settings/keys/"#).map { String(admin.lastPage[$0.upperBound...].prefix { $0 != "/" }) })
            #expect(try await admin.post("/settings/keys/\(keyId)/revoke", [:]) == .seeOther)
            #expect(try await admin.get("/settings?saved=1") == .ok && admin.lastPage.contains(">Revoked<") && admin.lastPage.contains("id=\"audit\""))
            #expect(admin.lastPage.contains("<td>api_key"))
            #expect(try await admin.post("/settings/keys/00000000-0000-7000-8000-000000000000/revoke", [:]) == .notFound)
            try await admin.get("/settings")
            #expect(admin.lastPage.contains("article_read content 2"))
            #expect(try await admin.post("/settings/engagement", ["halfLifeDays": "90", "giftWeight": "12", "weights": "article_read content 3\nbad line"]) == .unprocessableContent)
            #expect(admin.lastPage.contains("line 2: write the type"))
            try await admin.get("/settings")
            #expect(try await admin.post("/settings/engagement", ["halfLifeDays": "5", "giftWeight": "12", "weights": "article_read content 3"]) == .unprocessableContent)
            try await admin.get("/settings")
            #expect(try await admin.post("/settings/engagement", ["halfLifeDays": "90", "giftWeight": "12", "weights": "article_read content 3\nevent_attended participation 6"]) == .seeOther)
            #expect(try await admin.get("/settings") == .ok && admin.lastPage.contains("value=\"90\"") && admin.lastPage.contains("event_attended participation 6"))
            let fundraiser = browser()
            #expect(try await fundraiser.signIn(WebHarness.email(.fundraiser), WebHarness.password) == .seeOther)
            #expect(try await fundraiser.get("/settings") == .forbidden)
            try await fundraiser.get("/")
            #expect(try await fundraiser.post("/settings/keys", ["name": "mine", "role": "admin"]) == .forbidden)
        }
    }

    @Test func campaignsGiftsAndRecurringPlansFromThePages() async throws {
        try await WebHarness.run { harness, browser in
            let donor = try await harness.store.constituents.create(try ConstituentInput(givenName: "Dora", familyName: "Donor").validated(), by: .system)
            let staff = browser()
            #expect(try await staff.signIn(WebHarness.email(.fundraiser), WebHarness.password) == .seeOther)
            try await staff.get("/campaigns")
            #expect(try await staff.post("/campaigns", ["name": "Winter appeal", "code": "W26", "goal": "5000", "currency": "EUR"]) == .seeOther)
            try await staff.get("/campaigns")
            #expect(try await staff.post("/campaigns", ["name": "No currency", "goal": "12", "currency": "XX"]) == .unprocessableContent)
            #expect(try await staff.get("/campaigns") == .ok && staff.lastPage.contains("Winter appeal") && staff.lastPage.contains("€5,000.00"))
            let campaign = try #require(staff.lastPage.range(of: "/gifts?campaign=").map { String(staff.lastPage[$0.upperBound...].prefix(36)) })
            #expect(try await staff.get("/campaigns?cursor=%27%20OR%201=1") == .unprocessableContent)
            #expect(try await staff.get("/people/\(donor.id)") == .ok && staff.lastPage.contains("Winter appeal"))
            let friend = try await harness.store.constituents.create(try ConstituentInput(givenName: "Fred", emails: ["fred@example.org"]).validated(), by: .system)
            #expect(try await staff.post("/people/\(donor.id)/gifts", ["amount": "40", "currency": "EUR", "receivedOn": "2026-03-01", "campaign": campaign,
                                                                     "softCredit": "FRED@example.org"]) == .seeOther)
            let credited = try await harness.store.gifts.list(filters: [("constituent_id", donor.id)], cursor: nil, limit: 5, by: .system).items
            #expect(credited.first?.fields.softCredits.map(\.constituentId) == [friend.id])
            for bad in ["nobody@example.org", "not an email"] {
                try await staff.get("/people/\(donor.id)")
                #expect(try await staff.post("/people/\(donor.id)/gifts", ["amount": "5", "currency": "EUR", "receivedOn": "2026-03-01", "softCredit": bad]) == .unprocessableContent)
                #expect(staff.lastPage.contains("softCredit"))
            }
            try await staff.get("/people/\(donor.id)")
            #expect(try await staff.post("/people/\(donor.id)/gifts", ["amount": "40", "currency": "EUR", "receivedOn": "2026-03-01", "campaign": "00000000-0000-7000-8000-000000000001"]) == .unprocessableContent)
            try await staff.get("/people/\(donor.id)")
            #expect(try await staff.post("/people/\(donor.id)/plans", ["amount": "12,50", "currency": "EUR", "frequency": "monthly", "startsOn": "2026-01-01"]) == .seeOther)
            try await staff.get("/people/\(donor.id)")
            #expect(try await staff.post("/people/\(donor.id)/plans", ["amount": "12", "currency": "EUR", "frequency": "hourly", "startsOn": "2026-01-01"]) == .unprocessableContent)
            #expect(try await staff.get("/people/\(donor.id)") == .ok && staff.lastPage.contains(#"id="loyalty-level">Structural<"#))
            #expect(try await staff.get("/gifts?campaign=\(campaign)") == .ok && staff.lastPage.contains("Dora Donor") && staff.lastPage.contains("€40.00"))
            #expect(try await staff.get("/gifts?campaign=%27%20OR%201=1") == .unprocessableContent)
            #expect(try await staff.get("/gifts") == .ok && staff.lastPage.contains("id=\"gifts\""))
            let viewer = browser()
            #expect(try await viewer.signIn(WebHarness.email(.viewer), WebHarness.password) == .seeOther)
            #expect(try await viewer.get("/campaigns") == .ok && !viewer.lastPage.contains("create-campaign"))
        }
    }
}

/// The person page's outlook: the prediction in the reader's language, the ask ladder, and who may see it.
@Suite struct WebOutlookTests {
    @Test func personPageShowsTheOutlookAndAskLadder() async throws {
        try await WebHarness.run { harness, browser in
            let ids = try await seedRepeatDonors(harness.store)
            let staff = browser()
            #expect(try await staff.signIn(WebHarness.email(.fundraiser), WebHarness.password) == .seeOther)
            #expect(try await staff.get("/people/\(ids[3])") == .ok && staff.lastPage.contains(#"id="outlook""#))
            #expect(staff.lastPage.contains("The prediction models have not been fitted yet.") && staff.lastPage.contains(#"id="ask-ladder""#))
            _ = try await harness.store.predictions.refreshAll()
            #expect(try await staff.get("/people/\(ids[3])") == .ok && staff.lastPage.contains(#"id="active-probability""#))
            #expect(staff.lastPage.contains("judged from 4 gifts") && staff.lastPage.contains(#"id="lifetime-value">€"#))
            #expect(try await staff.post("/account/language", ["language": "nl", "back": "/people"]) == .seeOther)
            #expect(try await staff.get("/people/\(ids[3])") == .ok && staff.lastPage.contains("Vooruitzicht") && staff.lastPage.contains("Vraagladder"))
            let prospect = try await harness.store.constituents.create(try ConstituentInput(givenName: "Paula", familyName: "Prospect").validated(), by: .system)
            #expect(try await staff.get("/people/\(prospect.id)") == .ok && !staff.lastPage.contains(#"id="outlook""#))
        }
    }
}
