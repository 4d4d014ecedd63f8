import Foundation
import KindredCore
import KindredStore
import KindredTestSupport
import Testing

/// Duplicate detection, merge and undo on SQLite and PostgreSQL.
@Suite struct IdentityStoreTests {
    func person(_ store: KindredStore, _ name: String, email: String? = nil, phone: String? = nil, postal: String? = nil,
                roles: [ConstituentRole] = [.donor], externalId: String? = nil) async throws -> String {
        var input = sampleConstituent(name, roles: roles, email: email)
        input.phones = phone.map { [$0] }
        input.address = postal.map { PostalAddress(line1: "Dorpstraat 1", postalCode: $0, city: "Utrecht") }
        if let externalId { input.source = "crm"; input.externalId = externalId }
        return try await store.constituents.create(try input.validated(), by: .system).id
    }

    @Test(arguments: TestEngine.available)
    func duplicatesAreFoundByBlockingKeys(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let anna = try await person(store, "Anna Jansen", email: "anna@example.org", phone: "+31612345678", postal: "1234 AB")
            let annie = try await person(store, "Anna Janssen", email: "ANNA@example.org", postal: "1234ab")
            _ = try await person(store, "Piet Peeters", phone: "+31612345678", postal: "9999 ZZ")
            _ = try await person(store, "Someone Else", postal: "1234 AB")
            let found = try await DuplicateFinder(store: store).candidates()
            #expect(found.count == 1)
            let first = try #require(found.first)
            #expect(first.pair.firstId == anna && first.pair.secondId == annie && first.pair.score == 160)
            #expect(first.pair.matched == [.email, .nameAddress, .namePostalCode] && first.secondName == "Anna Janssen")
            #expect(try await DuplicateFinder(store: store).candidates(threshold: 40).count == 2)
            let ofAnna = try await DuplicateFinder(store: store).candidates(of: anna, visibleTo: .system)
            #expect(ofAnna.map(\.pair) == [first.pair] && ofAnna.first?.secondName == "Anna Janssen")
            #expect(try await DuplicateFinder(store: store).candidates(of: annie, visibleTo: .system).map(\.pair) == [first.pair])
            let fundraiser = Actor(kind: .user, id: "f", role: .fundraiser), programme = Actor(kind: .user, id: "p", role: .programStaff)
            #expect(try await DuplicateFinder(store: store).candidates(of: anna, visibleTo: fundraiser).count == 1)
            #expect(try await DuplicateFinder(store: store).candidates(of: anna, visibleTo: programme).isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func theReviewListIsKeptBetweenScansPagedAndFollowsMergesAndScope(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let finder = DuplicateFinder(store: store)
            let anna = try await person(store, "Anna Jansen", email: "anna@example.org")
            _ = try await person(store, "Anna Janssen", email: "ANNA@example.org")
            _ = try await person(store, "Bram Bos", email: "bram@example.org", roles: [.client])
            _ = try await person(store, "Bram Bosch", email: "bram@example.org", roles: [.client])
            let first = try await finder.review(visibleTo: .system, page: 1, size: 1)          // never scanned: scans now
            #expect(first.candidates.count == 1 && first.hasMore)
            #expect(try await finder.review(visibleTo: .system, page: 2, size: 1).candidates.count == 1)
            #expect(try await finder.review(visibleTo: .system, page: 3, size: 1).candidates.isEmpty)
            let fundraiser = Actor(kind: .user, id: "f", role: .fundraiser)
            #expect(try await finder.review(visibleTo: fundraiser, page: 1).candidates.map(\.pair.firstId) == [anna])
            _ = try await person(store, "Cas Claes", email: "cas@example.org")
            let cas = try await person(store, "Cas Claesen", email: "cas@example.org")
            #expect(try await finder.review(visibleTo: .system, page: 1, liveScanLimit: 0).candidates.count == 2)   // kept, not found again
            #expect(try await finder.review(visibleTo: .system, page: 1, fresh: true, liveScanLimit: 0).candidates.count == 3)
            _ = try await Merger(store: store).merge(survivorId: anna, duplicateId: try await finder.candidates().first { $0.pair.firstId == anna }!.pair.secondId, by: .system)
            let kept = try await finder.review(visibleTo: .system, page: 1, liveScanLimit: 0).candidates
            #expect(kept.count == 2 && !kept.contains { $0.pair.firstId == anna } && kept.contains { $0.pair.secondId == cas })
            #expect(try await finder.lastScan()?.people == 6)
        }
    }

    @Test(arguments: TestEngine.available)
    func aMergeMovesEverythingAndUndoRestoresItExactly(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let anna = try await person(store, "Anna Jansen", email: "anna@example.org", externalId: "A-1")
            let dupe = try await person(store, "Anna Janssen", email: "old@example.org", externalId: "A-2")
            let friend = try await person(store, "Piet Peeters")
            let annaGift = try await store.gifts.create(try sampleGift(anna, 1000).validated(), by: .system)
            var credited = sampleGift(dupe, 2500, at: "2025-05-01T10:00:00Z")
            credited.softCredits = [SoftCredit(constituentId: anna, amountMinor: nil)]
            let dupeGift = try await store.gifts.create(try credited.validated(), by: .system)
            var creditOnAnnas = try await store.gifts.get(annaGift.id, by: .system).fields
            creditOnAnnas.softCredits = [SoftCredit(constituentId: dupe, amountMinor: 500)]
            _ = try await store.gifts.update(annaGift.id, with: creditOnAnnas, by: .system)
            _ = try await store.relationships.create(try RelationshipInput(fromId: dupe, toId: anna, kind: .referredBy).validated(), by: .system)
            _ = try await store.relationships.create(try RelationshipInput(fromId: dupe, toId: friend, kind: .referredBy).validated(), by: .system)
            _ = try await store.interactions.create(try InteractionInput(constituentId: dupe, type: "article_read", occurredAt: testNow).validated(), by: .system)
            _ = try await store.events.ingest([TrackingMessage(type: .identify, messageId: "m1", userId: "web-7",
                                                               traits: ["email": "old@example.org"], timestamp: testNow)], by: .system)
            _ = try await store.feedback.create(try FeedbackInput(constituentId: dupe, channel: .phone, text: "Awful", complaint: true).validated(), by: .system)
            let survey = try await store.surveys.create(try SurveyInput(name: "NPS", template: .nps).validated(), by: .system)
            let link = try await store.createSurveyLink(surveyId: survey.id, constituentId: dupe, expiresAt: nil, by: .system)
            _ = try await store.submitSurveyResponse(token: link.token!, answers: SurveyAnswers(values: ["recommend": .number(9)]), language: .en)
            let before = try await state(store, [anna, dupe, friend])

            let merge = try await Merger(store: store).merge(survivorId: anna, duplicateId: dupe, taking: [.familyName], by: .system)
            let merged = try await store.constituents.get(anna, by: .system)
            #expect(merged.fields.familyName == "Janssen" && merged.fields.emails == ["anna@example.org", "old@example.org"])
            await #expect(throws: StoreError.self) { try await store.constituents.get(dupe, by: .system) }
            let gifts = try await store.gifts.list(filters: [("constituent_id", anna)], cursor: nil, limit: 10, by: .system).items
            #expect(Set(gifts.map(\.id)) == [annaGift.id, dupeGift.id] && gifts.allSatisfy { $0.fields.softCredits.isEmpty })
            let queries = ConstituentQueries(store: store)
            #expect(try await queries.storedRollups(of: anna) == (try await queries.recomputedRollups(of: anna)))
            #expect(try await queries.storedRollups(of: anna).first?.totalMinor == 3500)
            #expect(try await store.feedback.list(filters: [("constituent_id", anna)], cursor: nil, limit: 10, by: .system).items.count == 2,
                    "feedback (the complaint and the survey's) follows the person instead of vanishing with the duplicate")
            #expect(try await store.tasks.list(filters: [("constituent_id", anna)], cursor: nil, limit: 10, by: .system).items.count == 1)
            #expect(try await store.surveyResponses(surveyId: survey.id, cursor: nil, limit: 10, by: .system).items.map(\.constituentId) == [anna])
            let relationships = try await store.relationships.list(cursor: nil, limit: 10, by: .system).items
            #expect(relationships.map(\.fields.fromId) == [anna] && relationships.map(\.fields.toId) == [friend])
            let reimport = "constituent_external_id,received_at,amount,currency\nA-2,2026-01-01,5,EUR\n"
            let path = TestScratch.path("merge", suffix: ".csv").path
            try Data(reimport.utf8).write(to: URL(fileURLWithPath: path))
            let report = try await Importer(store: store).run(path: path, fileName: "x.csv", options: ImportOptions(kind: .gifts, source: "crm"), by: .system)
            #expect(report.constituentsCreated == 0 && report.created == 1)
            let crmGifts = try await store.gifts.list(filters: [("source", "crm")], cursor: nil, limit: 1, by: .system).items
            let lateGift = try #require(crmGifts.first)
            #expect(lateGift.fields.constituentId == anna)
            try await store.gifts.delete(lateGift.id, by: .system)

            let undone = try await Merger(store: store).undo(mergeId: merge.id, by: .system)
            #expect(undone.undoneAt != nil)
            #expect(try await state(store, [anna, dupe, friend]) == before)
            await #expect(throws: StoreError.self) { try await Merger(store: store).undo(mergeId: merge.id, by: .system) }
            await #expect(throws: StoreError.self) { try await Merger(store: store).merge(survivorId: anna, duplicateId: anna, by: .system) }
        }
    }

    /// What must come back after an undo: the people, their gifts with soft credits, relationships, interactions,
    /// identities and rollups.
    func state(_ store: KindredStore, _ ids: [String]) async throws -> [String] {
        var lines: [String] = []
        for id in ids {
            let person = try await store.constituents.get(id, by: .system).fields
            lines.append("\(id) \(person.displayName) \(person.emails) \(person.roles) \(person.externalId ?? "")")
            let gifts = try await store.gifts.list(filters: [("constituent_id", id)], cursor: nil, limit: 50, by: .system).items
            lines += gifts.map { "gift \($0.id) \($0.fields.amountMinor) \($0.fields.softCredits)" }
            let rollups = try await ConstituentQueries(store: store).storedRollups(of: id)
            lines += rollups.map { "rollup \(id) \($0.totalMinor) \($0.giftCount)" }
            let interactions = try await store.interactions.list(filters: [("constituent_id", id)], cursor: nil, limit: 50, by: .system).items
            lines += interactions.map { "interaction \($0.id)" }
            lines += try await store.feedback.list(filters: [("constituent_id", id)], cursor: nil, limit: 50, by: .system).items.map { "feedback \($0.id)" }
            lines += try await store.tasks.list(filters: [("constituent_id", id)], cursor: nil, limit: 50, by: .system).items.map { "task \($0.id)" }
        }
        lines += try await store.relationships.list(cursor: nil, limit: 50, by: .system).items.map { "rel \($0.id) \($0.fields.fromId) \($0.fields.toId)" }
        let identities = try await store.database.read { connection in
            try await connection.raw("SELECT kind, value, constituent_id FROM identities ORDER BY value").all()
                .map { "identity \(try $0.decode(column: "value", as: String.self)) \(try $0.decode(column: "constituent_id", as: String.self))" }
        }
        return lines + identities
    }
}
