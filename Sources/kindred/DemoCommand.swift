import ArgumentParser
import Foundation
import KindredCore
import KindredStore
import Logging

/// `kindred demo`: fills the database with a realistic, deterministic demo organisation.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Fill the database with the demo organisation.")

    @Option(help: "Random seed; the same seed builds the same organisation.") var seed: UInt64 = 42
    @Option(help: "Number of constituents (at least 100).") var size = 5000
    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (100...1_000_000).contains(size) else { throw ValidationError("--size must be 100 to 1000000") }
    }

    func run() async throws {
        let counts = try await databaseOptions.withStore(logger: commandLogger()) { store in
            try await Self.fill(store: store, seed: seed, size: size, showProgress: !output.json)
        }
        try output.print(counts, text: "Created \(counts.constituents) constituents, \(counts.gifts) gifts, \(counts.interactions) interactions.")
    }

    /// What the demo created.
    struct Counts: Encodable {
        let constituents: Int
        let gifts: Int
        let interactions: Int
    }

    /// Fills the database only when it has no constituents yet.
    static func fillIfEmpty(store: KindredStore, seed: UInt64, logger: Logger) async throws {
        let empty = try await store.constituents.list(cursor: nil, limit: 1, by: .system).items.isEmpty
        guard empty else {
            logger.info("the database already has constituents; --demo left it as it is")
            return
        }
        _ = try await fill(store: store, seed: seed, size: 5000, showProgress: true)
    }

    /// Writes the demo organisation in batches, one transaction per batch, with a progress bar on standard error.
    static func fill(store: KindredStore, seed: UInt64, size: Int, showProgress: Bool) async throws -> Counts {
        let demo = DemoOrganisation.generate(seed: seed, today: store.clock(), size: size)
        let total = demo.constituents.count + demo.plans.count + demo.gifts.count + demo.interactions.count
        let progress = ProgressBar(total: total, enabled: showProgress)
        let campaigns = try await store.designations(.campaign).createMany(try demo.campaigns.map { try $0.validated() }, by: .system)
        let households = try await store.households.createMany(try demo.households.map { try HouseholdInput(name: $0.name).validated() }, by: .system)
        var householdOf: [Int: String] = [:]
        for (household, record) in zip(demo.households, households) {
            for member in household.members { householdOf[member] = record.id }
        }
        var people: [String] = []
        for (offset, batch) in demo.constituents.chunks(of: 500).enumerated() {
            people += try await store.constituents.createMany(try batch.enumerated().map { index, constituent in
                var input = constituent
                input.householdId = householdOf[offset * 500 + index]
                return try input.validated()
            }, by: .system).map(\.id)
            progress.advance(by: batch.count)
        }
        _ = try await store.relationships.createMany(try demo.care.map {
            try RelationshipInput(fromId: people[$0.caregiver], toId: people[$0.client], kind: .caregiverOf, caregiverKind: $0.kind).validated()
        }, by: .system)
        var plans: [String] = []
        for batch in demo.plans.chunks(of: 500) {
            plans += try await store.recurringPlans.createMany(try batch.map { plan in
                var input = plan.input
                input.constituentId = people[plan.donor]
                return try input.validated()
            }, by: .system).map(\.id)
            progress.advance(by: batch.count)
        }
        for batch in demo.gifts.chunks(of: 500) {
            _ = try await store.gifts.createMany(try batch.map { gift in
                var input = gift.input
                input.constituentId = people[gift.donor]
                input.softCredits = gift.friend.map { [SoftCredit(constituentId: people[$0])] }
                input.campaignId = gift.campaign.map { campaigns[$0].id }
                input.recurringPlanId = gift.plan.map { plans[$0] }
                return try input.validated()
            }, by: .system)
            progress.advance(by: batch.count)
        }
        for batch in demo.interactions.chunks(of: 2000) {
            _ = try await store.interactions.createMany(try batch.map { interaction in
                var input = interaction.input
                input.constituentId = people[interaction.constituent]
                return try input.validated()
            }, by: .system)
            progress.advance(by: batch.count)
        }
        progress.finish()
        return Counts(constituents: people.count, gifts: demo.gifts.count, interactions: demo.interactions.count)
    }
}
