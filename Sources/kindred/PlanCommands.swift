import ArgumentParser
import Foundation
import KindredCore
import KindredStore

/// `kindred plans`: engagement plans from the command line.
struct PlansCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plans", abstract: "Engagement plans: run their triggers and due steps.",
                                                    subcommands: [PlansRunCommand.self])
}

/// What a run did.
struct PlanRunSummary: Codable {
    /// People enrolled by the triggers.
    let enrolled: Int
    /// Steps run (done, skipped or failed).
    let ran: Int
}

/// `kindred plans run`: what `kindred serve` does every minute, once, until no step is due.
struct PlansRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Enrol everyone whose plan trigger fired and run every due step, each exactly once.",
        discussion: "Safe beside running servers and other runs: on PostgreSQL steps are claimed FOR UPDATE SKIP LOCKED.")

    @Option(help: "Steps claimed and run per transaction (1 to 5000).") var batch = 500
    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...5_000).contains(batch) else { throw ValidationError("--batch must be 1 to 5000") }
    }

    func run() async throws {
        try await databaseOptions.withStore(logger: commandLogger()) { store in
            let enrolled = try await store.plans.scanTriggers()
            var ran = 0
            while case let count = try await store.plans.runDue(limit: batch), count > 0 { ran += count }
            try output.print(PlanRunSummary(enrolled: enrolled, ran: ran), text: "Enrolled \(enrolled), ran \(ran) steps")
        }
    }
}
