import Foundation
import HTTPTypes
import KindredCore
import KindredServer
import KindredStore
import KindredTestSupport
import Testing

/// The settings page's organisation time zone and staff user management.
@Suite struct WebSettingsTests {
    @Test func theTimeZoneIsChosenFromKnownZonesAndDatesFollowIt() async throws {
        try await WebHarness.run { harness, browser in
            let admin = browser()
            #expect(try await admin.signIn(WebHarness.email(.admin), WebHarness.password) == .seeOther)
            #expect(try await admin.get("/settings") == .ok && admin.lastPage.contains(#"<option value="UTC" selected>"#))
            let organisation = ["currency": "EUR", "fiscalYearStartMonth": "1", "name": "Kindred Trust"]
            for bad in ["Mars/Olympus", "<script>alert(1)</script>", ""] {
                try await admin.get("/settings")
                #expect(try await admin.post("/settings/organisation", organisation.merging(["timeZone": bad]) { $1 }) == .unprocessableContent, "\(bad)")
                #expect(admin.lastPage.contains("timeZone") && !admin.lastPage.contains("<script>alert(1)"))
            }
            try await admin.get("/settings")
            #expect(try await admin.post("/settings/organisation", organisation.merging(["timeZone": "Pacific/Auckland"]) { $1 }) == .seeOther)
            #expect(try await admin.get("/settings") == .ok && admin.lastPage.contains(#"<option value="Pacific/Auckland" selected>"#))
            #expect(try await OrganisationSettingsStore.profile(in: harness.store.database).timeZone == "Pacific/Auckland")
            let donor = try await harness.store.constituents.create(try ConstituentInput(givenName: "Kiri").validated(), by: .system)
            _ = try await harness.store.gifts.create(try sampleGift(donor.id, 1000, at: "2026-03-01T20:00:00Z").validated(), by: .system)
            #expect(try await admin.get("/people/\(donor.id)") == .ok && admin.lastPage.contains("2 March 2026"))   // 09:00 the next day in Auckland
        }
    }

    @Test func administratorsChangeRolesAndDisableUsersButNeverTheLastAdministrator() async throws {
        try await WebHarness.run { harness, browser in
            let admin = browser(), fundraiser = browser()
            #expect(try await admin.signIn(WebHarness.email(.admin), WebHarness.password) == .seeOther)
            #expect(try await fundraiser.signIn(WebHarness.email(.fundraiser), WebHarness.password) == .seeOther)
            let users = try await StaffDirectory(database: harness.store.database).users()
            let ids = Dictionary(uniqueKeysWithValues: users.map { ($0.email, $0.id) })
            let fundraiserId = try #require(ids[WebHarness.email(.fundraiser)]), adminId = try #require(ids[WebHarness.email(.admin)])
            try await admin.get("/settings")
            #expect(try await admin.post("/settings/users/\(fundraiserId)", ["role": "viewer"]) == .seeOther)
            #expect(try await fundraiser.get("/people") == .ok && !fundraiser.lastPage.contains("new-person"))   // the new role applies at once
            try await admin.get("/settings")
            #expect(try await admin.post("/settings/users/\(fundraiserId)", ["role": "viewer", "disabled": "true"]) == .seeOther)
            #expect(try await fundraiser.get("/people") == .seeOther && fundraiser.headers[.location] == "/sign-in")
            #expect(try await fundraiser.signIn(WebHarness.email(.fundraiser), WebHarness.password) == .unauthorized)
            try await admin.get("/settings")
            #expect(try await admin.post("/settings/users/\(adminId)", ["role": "viewer"]) == .conflict)
            try await admin.get("/settings")
            #expect(try await admin.post("/settings/users/\(adminId)", ["role": "admin", "disabled": "true"]) == .conflict)
            try await admin.get("/settings")
            #expect(try await admin.post("/settings/users/\(fundraiserId)", ["role": "emperor"]) == .unprocessableContent)
            try await admin.get("/settings")
            #expect(try await admin.post("/settings/users/00000000-0000-7000-8000-000000000009", ["role": "viewer"]) == .notFound)
            try await admin.get("/settings")
            #expect(try await admin.post("/settings/users/'%20OR%201=1", ["role": "viewer"]) == .unprocessableContent)
            try await admin.get("/settings")
            #expect(try await admin.post("/settings/users/\(fundraiserId)", ["role": "fundraiser"]) == .seeOther)
            #expect(try await fundraiser.signIn(WebHarness.email(.fundraiser), WebHarness.password) == .seeOther)
            let viewer = browser()
            #expect(try await viewer.signIn(WebHarness.email(.viewer), WebHarness.password) == .seeOther)
            try await viewer.get("/people")
            #expect(try await viewer.post("/settings/users/\(fundraiserId)", ["role": "admin"]) == .forbidden)
            #expect(try await AuditLog.list(entityId: fundraiserId, cursor: nil, limit: 10, in: harness.store.database).items.count >= 3)
        }
    }
}
