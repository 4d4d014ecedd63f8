import Foundation
import HTTPTypes
import KindredCore
import KindredServer
import KindredStore
import KindredTestSupport
import Testing

@Suite struct WebAppTests {
    @Test func signInSetsASafeCookieRotatesAndSignsOut() async throws {
        try await WebHarness.run { _, browser in
            let anna = browser()
            #expect(try await anna.get("/") == .seeOther && anna.headers[.location] == "/sign-in")
            #expect(try await anna.get("/sign-in") == .ok && anna.lastPage.contains(#"<html lang="en">"#))
            let signInCookie = try #require(anna.headers[values: .setCookie].first { $0.hasPrefix("kindred_csrf=") })
            #expect(signInCookie.contains("HttpOnly") && signInCookie.contains("SameSite=Lax") && !signInCookie.contains("Secure"))
            #expect(anna.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            // No token, a wrong token, a wrong password: refused, and the password is not echoed.
            #expect(try await anna.post("/sign-in", ["email": WebHarness.email(.admin), "password": WebHarness.password], csrf: .some(nil)) == .forbidden)
            #expect(try await anna.post("/sign-in", ["email": WebHarness.email(.admin), "password": WebHarness.password], csrf: "forged") == .forbidden)
            try await anna.get("/sign-in")
            #expect(try await anna.post("/sign-in", ["email": WebHarness.email(.admin), "password": "wrong"]) == .unauthorized)
            #expect(anna.lastPage.contains("do not match") && !anna.lastPage.contains("wrong\""))
            #expect(try await anna.post("/sign-in", ["email": WebHarness.email(.admin), "password": WebHarness.password]) == .seeOther)
            let sessionCookie = try #require(anna.headers[values: .setCookie].first { $0.hasPrefix("kindred_session=") })
            #expect(sessionCookie.contains("HttpOnly") && sessionCookie.contains("SameSite=Lax") && sessionCookie.contains("Path=/"))
            let first = try #require(anna.cookies["kindred_session"])
            #expect(try await anna.get("/") == .ok && anna.lastPage.contains("Dashboard") && anna.lastPage.contains(WebHarness.email(.admin)))
            // Signing in again gives a new id and ends the old one.
            #expect(try await anna.signIn(WebHarness.email(.admin), WebHarness.password) == .seeOther)
            let second = try #require(anna.cookies["kindred_session"])
            #expect(first != second)
            let thief = browser()
            thief.cookies["kindred_session"] = first
            #expect(try await thief.get("/people") == .seeOther)
            // Behind TLS the cookie is Secure.
            let secure = browser()
            try await secure.get("/sign-in")
            #expect(try await secure.post("/sign-in", ["email": WebHarness.email(.viewer), "password": WebHarness.password],
                                          extra: [HTTPField.Name("X-Forwarded-Proto")!: "https"]) == .seeOther)
            #expect(secure.headers[values: .setCookie].first { $0.hasPrefix("kindred_session=") }?.contains("Secure") == true)
            // Sign-out ends the session.
            try await anna.get("/")
            #expect(try await anna.post("/sign-out", [:]) == .seeOther)
            let ended = browser()
            ended.cookies["kindred_session"] = second
            #expect(try await ended.get("/") == .seeOther)
        }
    }

    @Test func failedSignInsAreThrottled() async throws {
        try await WebHarness.run { _, browser in
            let mallory = browser()
            try await mallory.get("/sign-in")
            for _ in 0..<5 { #expect(try await mallory.signIn(WebHarness.email(.fundraiser), "guess") == .unauthorized) }
            #expect(try await mallory.signIn(WebHarness.email(.fundraiser), WebHarness.password) == .tooManyRequests)
            #expect(mallory.lastPage.contains("Too many failed sign-ins"))
            #expect(try await mallory.signIn("nobody@example.org", "x") == .unauthorized)
            #expect(try await mallory.signIn("<script>alert(1)</script>", "x") == .unauthorized)
            #expect(!mallory.lastPage.contains("<script>alert(1)</script>"))
        }
    }

    @Test func formsWithoutTheirTokenAreRefusedAndNothingIsWritten() async throws {
        try await WebHarness.run { harness, browser in
            let staff = browser()
            #expect(try await staff.signIn(WebHarness.email(.fundraiser), WebHarness.password) == .seeOther)
            try await staff.get("/people/new")
            #expect(try await staff.post("/people", ["givenName": "Forged"], csrf: .some(nil)) == .forbidden)
            #expect(staff.lastPage.contains("expired or did not come from Kindred"))
            #expect(try await staff.post("/people", ["givenName": "Forged"], csrf: "x") == .forbidden)
            let people = try await ConstituentQueries(store: harness.store).search(text: "Forged", role: nil, tag: nil, cursor: nil, limit: 5, by: .system)
            #expect(people.items.isEmpty)
            try await staff.get("/people/new")
            #expect(try await staff.post("/people", ["givenName": "Real"]) == .seeOther)
        }
    }

    @Test func aPersonGiftAndNoteFlowThroughThePages() async throws {
        try await WebHarness.run { _, browser in
            let staff = browser()
            #expect(try await staff.signIn(WebHarness.email(.fundraiser), WebHarness.password) == .seeOther)
            try await staff.get("/people/new")
            let hostile = "<script>alert(1)</script>"
            #expect(try await staff.post("/people", ["givenName": hostile, "familyName": "O'Brien & Co", "email": "anna@example.org", "city": "Utrecht"]) == .seeOther)
            let page = try #require(staff.headers[.location])
            #expect(try await staff.get(page) == .ok)
            #expect(staff.lastPage.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !staff.lastPage.contains(hostile))
            #expect(try await staff.post(page + "/gifts", ["amount": "25,50", "currency": "EUR", "receivedOn": "2026-03-01", "channel": "online"]) == .seeOther)
            #expect(try await staff.post(page + "/notes", ["note": "<img src=x onerror=alert(1)> =HYPERLINK(\"x\")"]) == .seeOther)
            #expect(try await staff.get(page) == .ok)
            #expect(staff.lastPage.contains("€25.50") && staff.lastPage.contains("id=\"timeline\""))
            #expect(staff.lastPage.contains("&lt;img src=x onerror=alert(1)&gt;") && !staff.lastPage.contains("<img src=x"))
            #expect(try await staff.get(page + "?channel=staff") == .ok && !staff.lastPage.contains("€25.50</li>"))
            // Bad gifts are refused with the field named; nothing is recorded.
            for (fields, field) in [(["amount": "abc", "currency": "EUR", "receivedOn": "2026-03-01"], "amount"),
                                    (["amount": "5", "currency": "XXX1", "receivedOn": "2026-03-01"], "currency"),
                                    (["amount": "5", "currency": "EUR", "receivedOn": "yesterday"], "receivedOn"),
                                    (["amount": "5", "currency": "EUR", "receivedOn": "2026-03-01", "channel": "'; DROP TABLE gifts; --"], "channel")] {
                try await staff.get(page)
                #expect(try await staff.post(page + "/gifts", fields) == .unprocessableContent, "\(fields)")
                #expect(staff.lastPage.contains(field))
            }
            #expect(try await staff.get("/") == .ok && staff.lastPage.contains("€25.50"))
            #expect(staff.lastPage.contains("New: 1"), "a small organisation's loyalty chart is counted on every view")
            #expect(try await staff.get("/people?q=brien") == .ok && staff.lastPage.contains("&amp; Co") && staff.lastPage.contains("Utrecht"))
            #expect(try await staff.get("/people/unknown-id") == .notFound && staff.lastPage.contains("Not found"))
            // A person without a name, an empty or oversize note, a body over the limit: refused, field named.
            try await staff.get("/people/new")
            #expect(try await staff.post("/people", ["givenName": " ", "email": "not-an-email"]) == .unprocessableContent)
            #expect(staff.lastPage.contains("displayName") && staff.lastPage.contains("emails"))
            try await staff.get(page)
            #expect(try await staff.post(page + "/notes", ["note": "  "]) == .unprocessableContent && staff.lastPage.contains("note"))
            try await staff.get(page)
            #expect(try await staff.post(page + "/notes", ["note": String(repeating: "x", count: 5001)]) == .unprocessableContent)
            try await staff.get(page)
            #expect(try await staff.post(page + "/notes", ["note": String(repeating: "x", count: 1_100_000)]) == .contentTooLarge)
            // Consent is recorded from the page and shown per channel; a bad channel is refused.
            try await staff.get(page)
            #expect(try await staff.post(page + "/consent", ["channel": "email", "status": "withdrawn"]) == .seeOther)
            #expect(try await staff.get(page) == .ok && staff.lastPage.contains("<td>Email</td><td>Withdrawn</td>"))
            #expect(try await staff.post(page + "/consent", ["channel": "pigeon", "status": "granted"]) == .unprocessableContent)
        }
    }

    @Test func rolesAndLanguagesAreHonoured() async throws {
        try await WebHarness.run { _, browser in
            let viewer = browser()
            #expect(try await viewer.signIn(WebHarness.email(.viewer), WebHarness.password) == .seeOther)
            #expect(try await viewer.get("/settings") == .forbidden && viewer.lastPage.contains("Not allowed"))
            #expect(!viewer.lastPage.contains("href=\"/settings\""))
            try await viewer.get("/")
            #expect(try await viewer.post("/people", ["givenName": "Nope"]) == .forbidden)
            #expect(try await viewer.post("/settings/organisation", ["currency": "USD", "fiscalYearStartMonth": "7"]) == .forbidden)
            try await viewer.get("/")
            #expect(try await viewer.post("/account/language", ["language": "nl", "back": "/people"]) == .seeOther && viewer.headers[.location] == "/people")
            #expect(try await viewer.get("/people") == .ok && viewer.lastPage.contains(#"<html lang="nl">"#) && viewer.lastPage.contains("Personen"))
            #expect(try await viewer.post("/account/language", ["language": "fr", "back": "//evil.example"]) == .seeOther && viewer.headers[.location] == "/")
            #expect(try await viewer.get("/") == .ok && viewer.lastPage.contains("Tableau de bord"))
            #expect(try await viewer.post("/account/language", ["language": "de"]) == .unprocessableContent)
            let admin = browser()
            #expect(try await admin.signIn(WebHarness.email(.admin), WebHarness.password) == .seeOther)
            #expect(try await admin.get("/settings") == .ok)
            #expect(try await admin.post("/settings/organisation", ["currency": "USD", "fiscalYearStartMonth": "7", "name": "Stichting <Hoop>",
                                                                    "guidingPrinciples": "Listen first.\nNever <script>alert(1)</script> waste a gift."]) == .seeOther)
            #expect(try await admin.get("/") == .ok && admin.lastPage.contains("Stichting &lt;Hoop&gt;") && admin.lastPage.contains("Listen first."))
            #expect(!admin.lastPage.contains("<script>alert(1)"))
            try await admin.get("/settings")
            #expect(try await admin.post("/settings/organisation", ["currency": "USD", "fiscalYearStartMonth": "7", "name": String(repeating: "x", count: 201)]) == .unprocessableContent)
            try await admin.get("/settings")
            #expect(try await admin.post("/settings/organisation", ["currency": "USD", "fiscalYearStartMonth": "7"]) == .seeOther)
            #expect(try await admin.get("/settings?saved=1") == .ok && admin.lastPage.contains("value=\"USD\"") && admin.lastPage.contains("Saved."))
            #expect(try await admin.post("/settings/organisation", ["currency": "USD", "fiscalYearStartMonth": "13"]) == .unprocessableContent)
            // Programme staff have no reports: the start page is people, and the dashboard is not offered.
            let programme = browser()
            #expect(try await programme.signIn(WebHarness.email(.programStaff), WebHarness.password) == .seeOther)
            #expect(try await programme.get("/") == .seeOther && programme.headers[.location] == "/people")
            #expect(try await programme.get("/people") == .ok && !programme.lastPage.contains(">Dashboard<"))
            // The browser's language picks the sign-in page's.
            let visitor = browser()
            #expect(try await visitor.get("/sign-in", extra: [.acceptLanguage: "fr-BE, nl;q=0.8"]) == .ok && visitor.lastPage.contains("Se connecter"))
        }
    }

    @Test func segmentsAreBuiltCountedSavedAndExported() async throws {
        try await WebHarness.run { harness, browser in
            for (name, city) in [("Anna", "Utrecht"), ("Bram", "Utrecht"), ("Cas", "Leiden")] {
                _ = try await harness.store.constituents.create(try ConstituentInput(givenName: name, address: PostalAddress(city: city)).validated(), by: .system)
            }
            let staff = browser()
            #expect(try await staff.signIn(WebHarness.email(.fundraiser), WebHarness.password) == .seeOther)
            #expect(try await staff.get("/segments") == .ok && staff.lastPage.contains("No segments yet."))
            #expect(try await staff.get("/segments/new") == .ok && staff.lastPage.contains("data-operators=") && staff.lastPage.contains("engagement.level"))
            #expect(try await staff.post("/segments", ["action": "preview", "ruleText": "city = Utrecht"]) == .ok)
            #expect(staff.lastPage.contains("<strong>2</strong> people match"))
            #expect(try await staff.post("/segments", ["action": "save", "name": "<b>Utrecht</b>", "ruleText": "city = Utrecht and"]) == .unprocessableContent)
            #expect(staff.lastPage.contains("ruleText: at character") && staff.lastPage.contains("&lt;b&gt;Utrecht&lt;/b&gt;"))
            #expect(try await staff.post("/segments", ["action": "save", "name": "Utrecht", "description": "Neighbours of the office",
                                                       "ruleText": "city = Utrecht"]) == .seeOther)
            let page = try #require(staff.headers[.location])
            #expect(try await staff.get(page) == .ok && staff.lastPage.contains(#"<span id="member-count">2</span>"#))
            #expect(staff.lastPage.contains("Anna") && !staff.lastPage.contains("Cas") && staff.lastPage.contains("Neighbours of the office"))
            #expect(try await staff.get(page + "/export.csv") == .ok && staff.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(staff.lastPage.contains("Anna") && staff.lastPage.contains("Bram") && !staff.lastPage.contains("Cas"))
            try await staff.get("/segments/new")
            let token = try #require(staff.csrf)
            #expect(try await staff.post("/segments/count", ["ruleText": "city = Leiden"], extra: [HTTPField.Name("X-CSRF-Token")!: token]) == .ok)
            #expect(staff.lastPage == #"{"count":1}"#)
            #expect(try await staff.post("/segments/count", ["ruleText": "nosuchfield = 1"], csrf: token) == .unprocessableContent)
            #expect(staff.lastPage.contains("error"))
            #expect(try await staff.post("/segments/count", ["ruleText": "city = Leiden"], csrf: .some(nil)) == .forbidden)
            #expect(try await staff.get("/segments/no-such-id") == .notFound)
            let viewer = browser()
            #expect(try await viewer.signIn(WebHarness.email(.viewer), WebHarness.password) == .seeOther)
            #expect(try await viewer.get("/segments") == .ok && !viewer.lastPage.contains("id=\"new-segment\""))
            #expect(try await viewer.get("/segments/new") == .forbidden)
            #expect(try await viewer.get(page) == .ok)
        }
    }

    @Test func aCSVImportWithABadRowReportsItRowByRow() async throws {
        try await WebHarness.run { _, browser in
            let admin = browser()
            #expect(try await admin.signIn(WebHarness.email(.admin), WebHarness.password) == .seeOther)
            #expect(try await admin.get("/imports") == .ok && admin.lastPage.contains("kentaa"))
            let csv = "external_id,given_name,family_name,email\nP1,Anna,Jansen,anna@example.org\nP2,=HYPERLINK(\"x\"),<script>,not-an-email\n"
            #expect(try await admin.upload("/imports/upload?kind=constituents&source=web", csv) == .accepted)
            let id = try #require(admin.lastPage.split(separator: "\"").dropFirst().first { $0.count == 36 }.map(String.init))
            for _ in 0..<100 {
                try await admin.get("/imports/\(id)/status")
                if !admin.lastPage.contains("\"running\"") { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(try await admin.get("/imports/\(id)") == .ok)
            #expect(admin.lastPage.contains(#"<dd id="rows-read">2</dd>"#) && admin.lastPage.contains(#"<dd id="issue-count">1</dd>"#))
            #expect(!admin.lastPage.contains("<script>,"))
            #expect(try await admin.get("/imports/\(id)/report.csv") == .ok && admin.lastPage.hasPrefix("row,column,reason"))
            try await admin.get("/imports")
            #expect(try await admin.upload("/imports/upload?kind=nonsense", "a,b\n1,2\n") == .unprocessableContent)
            try await admin.get("/imports")
            #expect(try await admin.upload("/imports/upload?kind=constituents", "") == .badRequest)
            admin.cookies["kindred_csrf"] = nil
            let forged = browser()
            forged.cookies = admin.cookies
            #expect(try await forged.upload("/imports/upload?kind=constituents", csv) == .forbidden)
            let viewer = browser()
            #expect(try await viewer.signIn(WebHarness.email(.viewer), WebHarness.password) == .seeOther)
            #expect(try await viewer.get("/imports") == .forbidden && !viewer.lastPage.contains("href=\"/imports\""))
        }
    }
}
