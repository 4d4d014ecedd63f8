import ArgumentParser
import Foundation
import KindredCore
import KindredStore

/// `kindred export constituents|gifts|interactions`.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export constituents, gifts or interactions as CSV (UTF-8, RFC 4180, safe to open in a spreadsheet).")

    @Argument(help: "constituents, gifts or interactions.") var kind: ImportKind
    @Option(name: .shortAndLong, help: "The file to write (default: standard output).") var output: String?
    @Option(help: "Constituents with this role.") var role: ConstituentRole?
    @Option(help: "Constituents with this tag.") var tag: String?
    @Option(help: "Gifts or interactions of this constituent id.") var constituent: String?
    @Option(help: "Gifts to this campaign id.") var campaign: String?
    @Option(help: "Interactions of this type.") var type: String?
    @Option(help: "From this date or date-time (inclusive).") var from: String?
    @Option(help: "Until this date or date-time (exclusive).") var until: String?
    @Option(help: "Constituents in this segment id (its members now).") var segment: String?
    @OptionGroup var databaseOptions: DatabaseOptions

    func validate() throws {
        if let segment, !RecordIdentifier.isValid(segment) { throw ValidationError("--segment must be a segment id") }
        if segment != nil, kind != .constituents { throw ValidationError("--segment exports constituents only") }
        for (name, value) in [("--from", from), ("--until", until)] {
            if let value, ImportValues.instant(value, timeZone: TimeZone(identifier: "UTC")!) == nil {
                throw ValidationError("\(name) must be a date such as 2026-01-01 or an ISO 8601 date-time")
            }
        }
    }

    func run() async throws {
        let handle: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil) else { throw ValidationError("cannot write \(output)") }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        } else {
            handle = FileHandle.standardOutput
        }
        let written = try await databaseOptions.withStore(logger: commandLogger()) { store in
            let zone = try await OrganisationSettingsStore.profile(in: store.database).zone
            let filter = ExportFilter(role: role, tag: tag, constituentId: constituent, campaignId: campaign, type: type,
                                      from: from.flatMap { ImportValues.instant($0, timeZone: zone) },
                                      until: until.flatMap { ImportValues.instant($0, timeZone: zone) }, segmentId: segment)
            if let segment { _ = try await store.segments.get(segment) }
            return try await Exporter(store: store).export(kind, filter: filter, by: .system) { line in handle.write(Data(line.utf8)) }
        }
        if output != nil {
            try handle.close()
            FileHandle.standardError.write(Data("\(written) \(kind.rawValue) exported to \(output!)\n".utf8))
        }
    }
}

extension ConstituentRole: ExpressibleByArgument {}
