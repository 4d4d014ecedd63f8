import ArgumentParser
import Foundation
import KindredCore
import KindredStore

extension MergeField: ExpressibleByArgument {}

/// `kindred duplicates`: likely duplicates, and with `--merge` the sure ones merged.
struct DuplicatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplicates",
        abstract: "List likely duplicate constituents with their score and what matched.",
        discussion: "Rules: same email (60), same phone (40), alike names with the same postal code (50) or address (50). Pairs from 60 are listed; with --merge, pairs from 110 are merged, each undoable with kindred unmerge.")

    @Option(help: "The lowest score listed (default 60).") var threshold: Int?
    @Option(help: "The most pairs listed.") var limit = 100
    @Flag(help: "Merge every pair scoring at least 110, the newer record into the older.") var merge = false
    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let threshold, !(1...10_000).contains(threshold) { throw ValidationError("--threshold must be from 1 to 10000") }
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
    }

    func run() async throws {
        try await databaseOptions.withStore(logger: commandLogger()) { store in
            let finder = DuplicateFinder(store: store)
            if merge {
                let merges = try await finder.mergeAutomatically(by: .system)
                try output.print(merges, text: merges.isEmpty ? "No pair scores high enough to merge without review."
                    : merges.map { "merged \($0.duplicateId) into \($0.survivorId) (undo: kindred unmerge \($0.id))" }.joined(separator: "\n"))
                return
            }
            let found = try await finder.candidates(threshold: threshold, limit: limit)
            try output.print(found, text: found.isEmpty ? "No likely duplicates." : found.map {
                "\($0.pair.score)\t\($0.pair.firstId) \($0.firstName)\t\($0.pair.secondId) \($0.secondName)\t\($0.pair.matched.map(\.rawValue).joined(separator: ","))"
            }.joined(separator: "\n"))
        }
    }
}

/// `kindred merge SURVIVOR DUPLICATE`.
struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge", abstract: "Merge a duplicate constituent into a survivor; undo with kindred unmerge.")

    @Argument(help: "The id of the record that remains.") var survivor: String
    @Argument(help: "The id of the record merged into it.") var duplicate: String
    @Option(help: "A field to take from the duplicate: \(MergeField.allowedValues); repeatable.") var take: [MergeField] = []
    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        for id in [survivor, duplicate] where !RecordIdentifier.isValid(id) { throw ValidationError("\(id) is not a record id") }
    }

    func run() async throws {
        let merge = try await databaseOptions.withStore(logger: commandLogger()) { store in
            try await Merger(store: store).merge(survivorId: survivor, duplicateId: duplicate, taking: Set(take), by: .system)
        }
        try output.print(merge, text: "merged \(merge.duplicateId) into \(merge.survivorId) (undo: kindred unmerge \(merge.id))")
    }
}

/// `kindred unmerge MERGE_ID`.
struct UnmergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unmerge", abstract: "Undo a merge exactly.")

    @Argument(help: "The merge's id.") var merge: String
    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if !RecordIdentifier.isValid(merge) { throw ValidationError("\(merge) is not a merge id") }
    }

    func run() async throws {
        let undone = try await databaseOptions.withStore(logger: commandLogger()) { store in
            try await Merger(store: store).undo(mergeId: merge, by: .system)
        }
        try output.print(undone, text: "restored \(undone.duplicateId) beside \(undone.survivorId)")
    }
}
