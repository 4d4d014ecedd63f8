import KindredCore
import KindredStore
import KindredTestSupport
import Testing

/// The ideas board on SQLite and PostgreSQL: one vote per voter and idea, at most three per idea from one address,
/// declined ideas off the board, and an idea linked to the campaign it became.
@Suite struct IdeaStoreTests {
    @Test(arguments: TestEngine.available)
    func votesAreCountedOncePerVoterAndCappedPerAddress(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let idea = try await store.ideas.create(try IdeaInput(title: "Open day at the farm", body: "<b>Bring</b> the kids").validated(), by: .system)
            let other = try await store.ideas.create(try IdeaInput(title: "Less paper post").validated(), by: .system)
            #expect(try await store.vote(for: idea.id, voter: "voter-a", address: "10.0.0.1") == .counted)
            #expect(try await store.vote(for: idea.id, voter: "voter-a", address: "10.0.0.9") == .alreadyVoted)
            #expect(try await store.vote(for: idea.id, voter: "voter-b", address: "10.0.0.1") == .counted)
            #expect(try await store.vote(for: idea.id, voter: "voter-c", address: "10.0.0.1") == .counted)
            #expect(try await store.vote(for: idea.id, voter: "voter-d", address: "10.0.0.1") == .addressLimit, "a fourth browser on one address")
            #expect(try await store.vote(for: idea.id, voter: "voter-d", address: "10.0.0.2") == .counted)
            #expect(try await store.vote(for: other.id, voter: "voter-a", address: "10.0.0.1") == .counted)
            #expect(try await store.vote(for: "nope", voter: "voter-a", address: "10.0.0.1") == .unknownIdea)
            #expect(try await store.boardIdeas().map(\.fields.votes) == [4, 1])
            #expect(try await store.ideas.get(idea.id, by: .system).fields.votes == 4)

            var named = DesignationInput()
            named.name = "Farm open day 2027"
            let campaign = try await store.designations(.campaign).create(try named.validated(), by: .system).id
            let planned = try await store.ideas.update(idea.id, with: try IdeaInput(title: "Open day at the farm", body: "<b>Bring</b> the kids", status: .planned,
                                                                                   campaignId: campaign).validated(), by: .system)
            #expect(planned.fields.votes == 0 || planned.fields.campaignId == campaign)
            #expect(try await store.ideas.get(idea.id, by: .system).fields.votes == 4, "staff edits never change the vote count")
            _ = try await store.ideas.update(other.id, with: try IdeaInput(title: "Less paper post", status: .declined).validated(), by: .system)
            #expect(try await store.boardIdeas().map(\.id) == [idea.id])
            #expect(try await store.vote(for: other.id, voter: "voter-z", address: "10.0.0.7") == .unknownIdea, "declined ideas take no votes")
            await #expect(throws: StoreError.self) {
                try await store.ideas.create(try IdeaInput(title: "Ghost", campaignId: "0190f1a2-0000-7000-8000-000000000001").validated(), by: .system)
            }
        }
    }
}
