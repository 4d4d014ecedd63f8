import Foundation
import KindredCore
import KindredStore
import KindredTestSupport
import Testing

/// CSV imports on SQLite and PostgreSQL.
@Suite struct ImportTests {
    func file(_ text: String) throws -> String {
        let path = TestScratch.path("import", suffix: ".csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func run(_ store: KindredStore, _ text: String, _ options: ImportOptions) async throws -> ImportReport {
        try await Importer(store: store).run(path: try file(text), fileName: "test.csv", options: options, by: .system)
    }

    func count(_ store: KindredStore, _ table: String) async throws -> Int {
        try await store.database.read { try await $0.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? 0 }
    }

    static let gifts = """
        constituent_external_id;received_at;amount;currency;first_name;last_name;email;campaign;soft_credit_external_id;external_id
        d1;2026-01-05;25,00;EUR;"<script>alert(1)</script>";Jansen;anna@example.org;Spring;;
        d1;2026-01-05;25,00;EUR;"<script>alert(1)</script>";Jansen;anna@example.org;Spring;;
        d2;05-02-2026 14:30;"1.250,50";EUR;Jan;"'; DROP TABLE gifts;--";;=HYPERLINK("x");d1;g-9
        """

    @Test(arguments: TestEngine.available)
    func aFileIsAppliedOnceAndReimportingChangesNothing(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let first = try await run(store, Self.gifts, ImportOptions(kind: .gifts))
            #expect(first.status == "applied" && first.created == 3 && first.constituentsCreated == 2 && first.issueCount == 0)
            let again = try await run(store, Self.gifts, ImportOptions(kind: .gifts))
            #expect(again.created == 0 && again.unchanged == 3 && again.constituentsCreated == 0)
            #expect(try await count(store, "gifts") == 3)
            #expect(try await count(store, "constituents") == 2)
            let people = try await store.constituents.list(cursor: nil, limit: 10, by: .system).items
            let anna = try #require(people.first { $0.fields.externalId == "d1" })
            #expect(anna.fields.givenName == "<script>alert(1)</script>" && anna.fields.roles == [.donor])
            let queries = ConstituentQueries(store: store)
            for person in people {
                #expect(try await queries.storedRollups(of: person.id) == (try await queries.recomputedRollups(of: person.id)))
            }
            #expect(try await queries.storedRollups(of: anna.id).first?.totalMinor == 5000)
            let campaigns = try await store.designations(.campaign).list(cursor: nil, limit: 10, by: .system).items.map(\.fields.name)
            #expect(Set(campaigns) == ["Spring", "=HYPERLINK(\"x\")"])
            let credited = try await store.gifts.list(filters: [("external_id", "g-9")], cursor: nil, limit: 1, by: .system).items.first
            #expect(credited?.fields.softCredits.map(\.constituentId) == [anna.id] && credited?.fields.amountMinor == 125_050)
        }
    }

    @Test(arguments: TestEngine.available)
    func oneBadRowLeavesTheWholeFileUnwritten(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let text = Self.gifts + "\nd3;someday;-5;EURO;;;;;;\nd4;2026-01-01;10;EUR;;;;;nobody;"
            let report = try await run(store, text, ImportOptions(kind: .gifts))
            #expect(report.status == "rejected" && report.rowsRead == 5)
            #expect(Set(report.issues.filter { $0.row == 5 }.map(\.column)) == ["received_at", "currency", "amount"])
            #expect(report.issues.contains { $0.row == 6 && $0.column == "soft_credit_external_id" })
            #expect(report.issuesCSV.hasPrefix("row,column,reason\r\n5,"))
            #expect(try await count(store, "gifts") == 0)
            #expect(try await count(store, "constituents") == 0)
            let dryRun = try await run(store, Self.gifts, ImportOptions(kind: .gifts, dryRun: true))
            #expect(dryRun.status == "dry_run" && dryRun.created == 3)
            #expect(try await count(store, "gifts") == 0)
            let partial = try await run(store, text, ImportOptions(kind: .gifts, partial: true))
            #expect(partial.status == "applied" && partial.created == 3)
            #expect(try await count(store, "gifts") == 3)
            let saved = try await Importer(store: store).report(id: report.id)
            #expect(saved?.issues == report.issues && saved?.status == "rejected")
        }
    }

    @Test(arguments: TestEngine.available)
    func presetsReadRealExports(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let kentaa = """
                id,amount,currency,created_at,device_type,payment_method,frequency_type,action_id,project_id,team_id,anonymous,newsletter,first_name,last_name,email
                101,25.00,EUR,2026-03-01T10:00:00+01:00,mobile,ideal,monthly,55,7,,false,true,Sam,Peeters,sam@example.be
                102,10.00,EUR,2026-03-02T10:00:00+01:00,desktop,creditcard,oneoff,55,,,true,false,Lea,Dubois,lea@example.fr
                """
            let report = try await run(store, kentaa, ImportOptions(kind: .gifts, preset: ImportPreset.named("kentaa")))
            #expect(report.status == "applied" && report.created == 2)
            let gifts = try await store.gifts.list(cursor: nil, limit: 10, by: .system).items
            #expect(Set(gifts.map(\.fields.device)) == [.mobile, .desktop] && gifts.allSatisfy { $0.fields.source == "kentaa" })
            #expect(gifts.filter { $0.fields.recurringPlanId != nil }.count == 1)
            #expect(try await count(store, "recurring_plans") == 1)
            #expect(try await count(store, "consent_records") == 2)
            let civi = """
                Contact ID,Contribution ID,Total Amount,Currency,Date Received,Payment Method,Contribution Status,First Name,Last Name,Email
                12,900,"1,250.00",USD,2025-12-31 23:30:00,Check,Completed,Ann,Lee,ann@example.com
                12,901,50.00,USD,2026-01-15 09:00:00,Credit Card,Refunded,Ann,Lee,ann@example.com
                """
            let civiReport = try await run(store, civi, ImportOptions(kind: .gifts, preset: ImportPreset.named("civicrm")))
            #expect(civiReport.created == 2 && civiReport.constituentsCreated == 1)
            let npsp = """
                Id,npsp__Primary_Contact__c,Amount,CloseDate,StageName,Campaign Name
                006A,003X,100,2026-02-01,Closed Won,Gala
                006B,003X,50,2026-02-02,Pledged,Gala
                """
            let noCurrency = try await run(store, npsp, ImportOptions(kind: .gifts, preset: ImportPreset.named("npsp")))
            #expect(noCurrency.status == "failed" && noCurrency.issues.map(\.column) == ["currency"] && noCurrency.issues.first?.row == 1)
            let fixed = try await run(store, npsp, ImportOptions(kind: .gifts, preset: ImportPreset.named("npsp"), defaults: ["currency": "EUR"]))
            #expect(fixed.created == 2)
            let statuses = try await store.gifts.list(filters: [("source", "salesforce")], cursor: nil, limit: 10, by: .system).items.map(\.fields.status)
            #expect(Set(statuses) == [.completed, .pending])
        }
    }

    @Test(arguments: TestEngine.available)
    func constituentsAndInteractions(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let people = """
                external_id,first_name,last_name,email,phone,country,roles,tags
                p1,Anna,Jansen,anna@example.org,+31 6 1234 5678,nl,donor|volunteer,Major donor|=cmd
                p2,,,,,,,
                """
            let first = try await run(store, people, ImportOptions(kind: .constituents))
            #expect(first.created == 2 && first.status == "applied")
            let changed = try await run(store, people.replacingOccurrences(of: "Anna,", with: "Ann,"), ImportOptions(kind: .constituents))
            #expect(changed.updated == 1 && changed.unchanged == 1)
            let interactions = """
                constituent_external_id,occurred_at,type,channel,article
                p1,2026-04-01T08:00:00Z,article_read,web,<b>Clean water</b>
                p9,2026-04-02,event_attended,event,
                p1,2026-04-03,Not Snake,web,
                """
            let report = try await run(store, interactions, ImportOptions(kind: .interactions, partial: true))
            #expect(report.created == 2 && report.constituentsCreated == 1 && report.issues.map(\.column) == ["type"])
            let rows = try await store.interactions.list(cursor: nil, limit: 10, by: .system).items
            #expect(rows.contains { $0.fields.properties["article"] == .string("<b>Clean water</b>") })
            let again = try await run(store, interactions, ImportOptions(kind: .interactions, partial: true))
            #expect(again.created == 0 && again.unchanged == 2)
        }
    }
}
