import ArgumentParser
import Foundation
import KindredCore
import KindredStore

extension ImportKind: ExpressibleByArgument {}

/// `kindred import constituents|gifts|interactions FILE`.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a CSV file of constituents, gifts or interactions.",
        discussion: """
            The file is applied whole or not at all: when any row is bad, nothing is written and every bad row is \
            reported with its line, column and reason. The file is read and checked first, then applied in steps; an \
            import stopped half-way (a crash, a kill) is completed by the next kindred command or server on the database. Importing the same file again changes nothing. Separators \
            `,` `;` and tab, a UTF-8 byte order mark, CRLF and quoted line breaks are all read.
            """)

    @Argument(help: "constituents, gifts or interactions.") var kind: ImportKind
    @Argument(help: "The CSV file.") var file: String
    @Option(help: "A known export format: \(ImportPreset.all.map(\.name).joined(separator: ", ")).") var preset: String?
    @Option(name: .customLong("map"), help: "FILE_COLUMN=KINDRED_COLUMN for a column the format does not name; repeatable.")
    var mappings: [String] = []
    @Option(name: .customLong("default"), help: "KINDRED_COLUMN=VALUE for a column the file lacks or leaves empty, e.g. currency=EUR; repeatable.")
    var defaults: [String] = []
    @Option(help: "The source the records are tagged with (default: the preset's, else import).") var source: String?
    @Flag(help: "Check every row and write nothing.") var dryRun = false
    @Flag(help: "Write the good rows even when some rows are bad.") var partial = false
    @Flag(help: "After the import, merge the pairs duplicate detection is sure of (score 110 or more); each merge can be undone.")
    var mergeDuplicates = false
    @Option(help: "Where to write the CSV report of bad rows (default: FILE.report.csv, only when there are bad rows).")
    var report: String?
    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let preset, ImportPreset.named(preset) == nil {
            throw ValidationError("--preset must be one of: \(ImportPreset.all.map(\.name).joined(separator: ", "))")
        }
        _ = try pairs(mappings, option: "--map")
        _ = try pairs(defaults, option: "--default")
        guard FileManager.default.isReadableFile(atPath: file) else { throw ValidationError("cannot read \(file)") }
    }

    /// `NAME=VALUE` options as a dictionary.
    func pairs(_ options: [String], option: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for pair in options {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).trimmingWhitespace() }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw ValidationError("\(option) takes NAME=VALUE, not \(pair)") }
            result[parts[0]] = parts[1]
        }
        return result
    }

    func run() async throws {
        let options = ImportOptions(kind: kind, preset: preset.flatMap(ImportPreset.named), overrides: try pairs(mappings, option: "--map"),
                                    source: source, dryRun: dryRun, partial: partial, defaults: try pairs(defaults, option: "--default"))
        let bar = ProgressBar(total: 1000, enabled: !output.json && isatty(STDERR_FILENO) != 0)
        let result = try await databaseOptions.withStore(logger: commandLogger()) { store in
            try await Importer(store: store).run(path: file, fileName: URL(fileURLWithPath: file).lastPathComponent, options: options,
                                                 by: .system) { progress in
                bar.update(done: Int(1000 * progress.fraction))
            }
        }
        bar.finish()
        if mergeDuplicates, result.status == "applied" {
            let merges = try await databaseOptions.withStore(logger: commandLogger()) { try await DuplicateFinder(store: $0).mergeAutomatically(by: .system) }
            if !output.json { print("\(merges.count) duplicates merged (each can be undone with kindred unmerge ID)") }
        }
        var reportPath: String?
        if result.issueCount > 0 {
            reportPath = report ?? file + ".report.csv"
            try result.issuesCSV.write(toFile: reportPath!, atomically: true, encoding: .utf8)
        }
        try output.print(result, text: summary(result, reportPath: reportPath))
        if result.status == "rejected" || result.status == "failed" { throw ExitCode(2) }
    }

    private func summary(_ report: ImportReport, reportPath: String?) -> String {
        var lines = ["\(report.status): \(report.rowsRead) rows read, \(report.created) created, \(report.updated) updated, "
                     + "\(report.unchanged) unchanged, \(report.constituentsCreated) constituents created, \(report.issueCount) problems"]
        lines += report.issues.prefix(10).map { "  line \($0.row), \($0.column): \($0.reason)" }
        if report.issueCount > 10 { lines.append("  … and \(report.issueCount - 10) more") }
        if let reportPath { lines.append("Every problem is listed in \(reportPath)") }
        if report.status == "rejected" { lines.append("Nothing was written. Fix the rows and import the file again, or use --partial.") }
        return lines.joined(separator: "\n")
    }
}
