import Foundation
import KindredCore
import Testing

@Suite struct ValidationTests {
    @Test func normalisesEmailsAndPhones() {
        #expect(ContactNormalisation.email("  Anna.Jansen@Example.ORG ") == "anna.jansen@example.org")
        #expect(ContactNormalisation.phone("+31 6 1234 5678") == "+31612345678")
        #expect(ContactNormalisation.phone("0031-6-12345678") == "+31612345678")
        #expect(ContactNormalisation.phone("(+32) 470.12.34.56") == nil)
        #expect(ContactNormalisation.email("o'brien+news@mail-1.example.co.uk") == "o'brien+news@mail-1.example.co.uk")
        #expect(ContactNormalisation.email("x@\(String(repeating: "a", count: 63)).nl") != nil)
        for bad in ["anna", "a@b", "@example.org", "a@@b.org", "a b@c.org", "<script>@x.org", "a@-x.org", "a@x-.org",
                    ".a@x.org", "a.@x.org", "a..b@x.org", "a@x..org", "a@x.org.", "a@x.1", "a@x.12", "a@x.o", "zoë@x.org",
                    "a@zoë.org", "a@b@x.org", "\(String(repeating: "a", count: 65))@x.org", "x@\(String(repeating: "a", count: 64)).nl",
                    "x@\(String(repeating: "a.", count: 130))nl", "=cmd()@x.org", "a;DROP TABLE@x.org", ""] {
            #expect(ContactNormalisation.email(bad) == nil, "\(bad)")
        }
        for bad in ["0612345678", "+0612345678", "+31 6 12", "+31612345678901234", "+31 6 1234 567a"] {
            #expect(ContactNormalisation.phone(bad) == nil, "\(bad)")
        }
    }

    @Test func whitespaceIsTrimmedAtBothEndsWhateverTheScript() {
        #expect("Anna".trimmingWhitespace() == "Anna" && "x y".trimmingWhitespace() == "x y")
        #expect(" \tAnna\r\n".trimmingWhitespace() == "Anna" && "a ".trimmingWhitespace() == "a" && " z".trimmingWhitespace() == "z")
        #expect("\u{00A0}Zoë\u{3000}".trimmingWhitespace() == "Zoë" && "Élise".trimmingWhitespace() == "Élise")
        #expect("".trimmingWhitespace().isEmpty && " \u{2003} ".trimmingWhitespace().isEmpty)
        var issues = IssueCollector()
        let (short, accented) = (issues.text("ab", "name", maxLength: 2), issues.text("éé", "name", maxLength: 2))
        #expect(short == "ab" && accented == "éé" && issues.issues.isEmpty)
        _ = issues.text("abc", "name", maxLength: 2)
        #expect(issues.issues.map(\.field) == ["name"])
    }

    @Test func constituentValidationReportsEveryInvalidField() {
        let input = ConstituentInput(kind: .organisation, emails: ["ok@example.org", "nope"], phones: ["12"],
                                     address: PostalAddress(country: "Netherlands"), customFields: ["bad key!": .array([])],
                                     householdId: "x", externalId: "42")
        #expect(throws: ValidationFailure.self) { try input.validated() }
        do {
            _ = try input.validated()
        } catch {
            let fields = Set(error.issues.map(\.field))
            #expect(fields.isSuperset(of: ["displayName", "emails[1]", "phones[0]", "address.country", "customFields", "householdId", "source"]))
        }
    }

    @Test func externalReferencesComeAsAPair() throws {
        for (source, externalId, field) in [("crm", nil, "externalId"), (nil, "42", "source"), ("crm", " ", "externalId")] as [(String?, String?, String)] {
            do {
                _ = try HouseholdInput(name: "Jansen", source: source, externalId: externalId).validated()
                Issue.record("expected a failure for \(String(describing: source)) / \(String(describing: externalId))")
            } catch {
                #expect(error.issues.map(\.field).contains(field))
            }
        }
        let paired = try HouseholdInput(name: "Jansen", source: "crm", externalId: "42").validated()
        #expect(paired.source == "crm" && paired.externalId == "42")
    }

    @Test func hostileTextIsKeptAsText() throws {
        let hostile = "<script>alert(1)</script>'; DROP TABLE constituents; --"
        let fields = try ConstituentInput(givenName: hostile, familyName: "=HYPERLINK(\"http://x\")", tags: ["<b>x</b>';--"]).validated()
        #expect(fields.givenName == hostile)
        #expect(fields.displayName == "\(hostile) =HYPERLINK(\"http://x\")")
        #expect(fields.tags == ["<b>x</b>';--"])
    }

    @Test func personNamesDeriveTheDisplayNameAndDefaultsApply() throws {
        let fields = try ConstituentInput(givenName: " Anna ", familyName: "Jansen", roles: [.volunteer, .donor, .donor]).validated()
        #expect(fields.displayName == "Anna Jansen")
        #expect(fields.preferredLanguage == .en)
        #expect(fields.roles == [.donor, .volunteer])
        #expect(fields.kind == .person)
    }

    @Test func giftValidationRejectsBadAmountsAndCredits() {
        let donor = RecordIdentifier.make(at: Timestamp(millisecondsSinceEpoch: 0))
        for amount: Int64 in [0, -5, 10_000_000_000_001] {
            #expect(throws: ValidationFailure.self) {
                try GiftInput(constituentId: donor, amountMinor: amount, currency: Currency(code: "EUR"),
                              receivedAt: Timestamp(iso8601: "2024-01-01T00:00:00Z")).validated()
            }
        }
        let selfCredit = GiftInput(constituentId: donor, amountMinor: 100, currency: Currency(code: "EUR"),
                                   receivedAt: Timestamp(iso8601: "2024-01-01T00:00:00Z"),
                                   softCredits: [SoftCredit(constituentId: donor, amountMinor: 500)])
        do {
            _ = try selfCredit.validated()
            Issue.record("expected a failure")
        } catch {
            #expect(Set(error.issues.map(\.message)).contains("must not be the donor"))
            #expect(Set(error.issues.map(\.message)).contains("must not exceed the gift amount"))
        }
        #expect(throws: ValidationFailure.self) { try GiftInput(constituentId: nil, amountMinor: nil, currency: nil, receivedAt: nil).validated() }
    }

    @Test func vocabulariesNameTheAllowedValues() throws {
        let data = Data(#"{"channel": "carrier_pigeon"}"#.utf8)
        do {
            _ = try JSONDecoder().decode(GiftInput.self, from: data)
            Issue.record("expected a decoding error")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription.hasPrefix("must be one of: online, mail"))
            #expect(context.codingPath.map(\.stringValue) == ["channel"])
        }
    }

    @Test func recurringPlansNeedAReasonToClose() {
        let donor = RecordIdentifier.make(at: Timestamp(millisecondsSinceEpoch: 0))
        let plan = RecurringPlanInput(constituentId: donor, amountMinor: 1000, currency: Currency(code: "EUR"), frequency: .monthly,
                                      status: .closed, startsOn: CalendarDate(iso8601: "2024-01-01"), endsOn: CalendarDate(iso8601: "2023-01-01"))
        do {
            _ = try plan.validated()
            Issue.record("expected a failure")
        } catch {
            #expect(Set(error.issues.map(\.field)) == ["closedReason", "endsOn"])
        }
    }

    @Test func permissionTableKeepsClientDataApart() {
        #expect(AccessPolicy.allows(.viewer, .read, .gifts))
        #expect(!AccessPolicy.allows(.viewer, .write, .gifts))
        #expect(!AccessPolicy.allows(.programStaff, .read, .gifts))
        #expect(!AccessPolicy.allows(.fundraiser, .read, .apiKeys))
        #expect(AccessPolicy.contains(.supporters, roles: [.donor, .client]))
        #expect(!AccessPolicy.contains(.supporters, roles: [.client]))
        #expect(AccessPolicy.contains(.clientsAndCaregivers, roles: [.caregiver]))
        #expect(!AccessPolicy.contains(.clientsAndCaregivers, roles: [.donor]))
    }

    @Test func interfaceLanguageFromAcceptLanguage() {
        #expect(Language.preferred(acceptLanguage: "de-DE, fr;q=0.5, nl;q=0.9") == .nl)
        #expect(Language.preferred(acceptLanguage: "en;q=0, xx") == .en && Language.preferred(acceptLanguage: nil) == .en)
        #expect(Language.preferred(acceptLanguage: "FR-ca") == .fr && Language.preferred(acceptLanguage: "nl;q=abc, fr;q=0.4") == .nl)
    }
}

/// Staff tasks: validation, overdue and business days.
@Suite struct StaffTaskTests {
    @Test func aClosedTaskNeedsItsClosingDayAndAnOpenOneMayNotHaveOne() throws {
        let person = "00000000-0000-7000-8000-000000000001", due = CalendarDate(year: 2026, month: 5, day: 4)!
        let open = try StaffTaskInput(constituentId: person, title: "  Call  ", dueOn: due).validated()
        #expect(open.title == "Call" && open.kind == .other && open.status == .open)
        #expect(throws: ValidationFailure.self) { try StaffTaskInput(constituentId: person, title: "Call", dueOn: due, status: .done).validated() }
        #expect(throws: ValidationFailure.self) { try StaffTaskInput(constituentId: person, title: "Call", dueOn: due, closedOn: due).validated() }
        #expect(throws: ValidationFailure.self) { try StaffTaskInput(constituentId: person, title: "Call", assigneeId: "bob", dueOn: due).validated() }
        #expect(throws: ValidationFailure.self) { try StaffTaskInput(constituentId: person, title: String(repeating: "x", count: 201), dueOn: due).validated() }
        let failure = try #require(throws: ValidationFailure.self) { try StaffTaskInput().validated() }
        #expect(Set(failure.issues.map(\.field)) == ["constituentId", "title", "dueOn"])
        #expect(open.isOverdue(today: CalendarDate(year: 2026, month: 5, day: 5)!))
        #expect(!open.isOverdue(today: due))
        var done = open
        done.status = .done
        #expect(!done.isOverdue(today: CalendarDate(year: 2027, month: 1, day: 1)!))
    }

    @Test func businessDaysSkipWeekends() {
        let friday = CalendarDate(year: 2026, month: 11, day: 20)!, saturday = CalendarDate(year: 2026, month: 11, day: 21)!
        #expect(friday.addingBusinessDays(2) == CalendarDate(year: 2026, month: 11, day: 24)!)
        #expect(saturday.addingBusinessDays(1) == CalendarDate(year: 2026, month: 11, day: 23)!)
        #expect(CalendarDate(year: 2026, month: 11, day: 23)!.addingBusinessDays(2) == CalendarDate(year: 2026, month: 11, day: 25)!)
        #expect(saturday.isWeekend && !friday.isWeekend && friday.addingBusinessDays(0) == friday)
    }
}

/// The organisation profile's time zone.
@Suite struct OrganisationTimeZoneTests {
    @Test func theTimeZoneMustBeAKnownIANAName() throws {
        #expect(try OrganisationProfile(timeZone: "Europe/Brussels").validated().timeZone == "Europe/Brussels")
        for bad in ["Mars/Olympus", "<script>alert(1)</script>", "", "'; DROP TABLE settings;--", String(repeating: "A", count: 65)] {
            let failure = try #require(throws: ValidationFailure.self, "\(bad)") { try OrganisationProfile(timeZone: bad).validated() }
            #expect(failure.issues.map(\.field) == ["timeZone"])
        }
    }

    @Test func aProfileStoredBeforeTimeZonesIsInUTCAndDaysFollowTheZone() throws {
        let old = try JSONDecoder().decode(OrganisationProfile.self, from: Data(#"{"fiscalYearStartMonth": 7, "currency": "EUR"}"#.utf8))
        #expect(old.timeZone == "UTC" && old.fiscalYearStartMonth == 7)
        let null = try JSONDecoder().decode(OrganisationProfile.self, from: Data(#"{"fiscalYearStartMonth": 1, "currency": "EUR", "timeZone": null}"#.utf8))
        #expect(null.timeZone == "UTC")
        let lateNight = Timestamp(iso8601: "2026-01-31T23:30:00Z")!
        #expect(old.localDate(lateNight) == CalendarDate(year: 2026, month: 1, day: 31)!)
        #expect(OrganisationProfile(timeZone: "Europe/Brussels").localDate(lateNight) == CalendarDate(year: 2026, month: 2, day: 1)!)
    }
}
