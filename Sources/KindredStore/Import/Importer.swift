import Foundation
import KindredCore
import SQLKit

/// How to import a file.
public struct ImportOptions: Sendable {
    /// What the file holds.
    public var kind: ImportKind
    /// A known export format, or nil for the generic format.
    public var preset: ImportPreset?
    /// File column → Kindred column, over the preset.
    public var overrides: [String: String]
    /// The source records are tagged with; defaults to the preset's, else `import`.
    public var source: String?
    /// Check everything and write nothing.
    public var dryRun: Bool
    /// Apply the valid rows even when others are bad (default: the file is applied whole or not at all).
    public var partial: Bool
    /// Values for Kindred columns the file lacks or leaves empty.
    public var defaults: [String: String]

    /// Creates options.
    public init(kind: ImportKind, preset: ImportPreset? = nil, overrides: [String: String] = [:], source: String? = nil,
                dryRun: Bool = false, partial: Bool = false, defaults: [String: String] = [:]) {
        self.kind = kind
        self.preset = preset
        self.overrides = overrides
        self.source = source
        self.dryRun = dryRun
        self.partial = partial
        self.defaults = defaults
    }

    /// The source in force.
    var effectiveSource: String { source ?? preset?.source ?? "import" }
}

/// How far an import has got.
public struct ImportProgress: Sendable, Hashable, Codable {
    /// Bytes of the file read so far.
    public var bytesRead: Int64
    /// The file's size.
    public var bytesTotal: Int64
    /// Rows read so far.
    public var rowsRead: Int64

    /// Creates a progress reading.
    public init(bytesRead: Int64, bytesTotal: Int64, rowsRead: Int64) {
        self.bytesRead = bytesRead
        self.bytesTotal = bytesTotal
        self.rowsRead = rowsRead
    }
}

/// What an import did, row by row where it failed.
public struct ImportReport: Sendable, Hashable, Codable {
    /// The run's id.
    public var id: String
    /// What was imported.
    public var kind: ImportKind
    /// `applied`, `rejected` (bad rows; nothing written), `dry_run` or `failed` (the header or the file's shape is
    /// wrong; nothing written).
    public var status: String
    /// Data rows read (the header not counted).
    public var rowsRead: Int64 = 0
    /// Records created.
    public var created: Int64 = 0
    /// Records changed (constituents whose row differs from the stored record).
    public var updated: Int64 = 0
    /// Rows already imported before, left as they are.
    public var unchanged: Int64 = 0
    /// Constituents created because a row named someone unknown.
    public var constituentsCreated: Int64 = 0
    /// How many problems were found.
    public var issueCount: Int64 = 0
    /// The problems (the first 10,000).
    public var issues: [RowIssue] = []

    /// The most problems kept in a report.
    public static let maxIssues = 10_000

    /// The problems as a CSV report: row, column, reason.
    public var issuesCSV: String {
        CSVWriter.line(["row", "column", "reason"]) + issues.map { CSVWriter.line([String($0.row), $0.column, $0.reason]) }.joined()
    }

    mutating func record(_ found: [RowIssue]) {
        issueCount += Int64(found.count)
        issues += found.prefix(max(0, Self.maxIssues - issues.count))
    }
}

/// Imports CSV files: streamed in one transaction, applied whole or not at all (unless partial), re-runnable.
public struct Importer: Sendable {
    let store: KindredStore

    /// Creates an importer over a store.
    public init(store: KindredStore) {
        self.store = store
    }

    /// Imports the file at `path`; `progress` is called after every batch. A header that lacks required columns,
    /// a file that is not CSV, and bad rows are all in the report (line 1 for the header).
    public func run(path: String, fileName: String, options: ImportOptions, by actor: Actor, id: String? = nil,
                    progress: @escaping @Sendable (ImportProgress) -> Void = { _ in }) async throws -> ImportReport {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw StoreError.invalidReference(field: "file", message: "cannot be read") }
        defer { try? handle.close() }
        let total = Int64((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0)
        let started = store.clock()
        let id = id ?? RecordIdentifier.make(at: started)
        let shared = ImportState(report: ImportReport(id: id, kind: options.kind, status: "applied"))
        do {
            try await store.database.write(patience: nil) { connection in
                let session = ImportSession(store: store, options: options, actor: actor, now: started, connection: connection, state: shared)
                try await session.begin()
                let parser = ImportParser(handle: handle, options: options, timeZone: session.timeZone, state: shared)
                var bytesRead: Int64 = 0
                var upcoming = Task { try parser.next() }
                do {
                    while let chunk = try await upcoming.value {
                        upcoming = Task { try parser.next() }
                        try await session.write(chunk.rows)
                        Allocator.returnFreePages()
                        bytesRead = chunk.bytesRead
                        progress(ImportProgress(bytesRead: bytesRead, bytesTotal: total, rowsRead: shared.report.rowsRead))
                    }
                    if parser.header == nil {
                        shared.update { $0.record([RowIssue(row: 1, column: "row", reason: "the file is empty; it needs a header line")]) }
                    }
                } catch let error as CSVShapeError {
                    shared.update { report in
                        report.record([RowIssue(row: error.line, column: "row", reason: error.reason)])
                        report.status = "failed"
                    }
                } catch {
                    _ = try? await upcoming.value  // the file stays open until the chunk being read is done
                    throw error
                }
                try await session.finish()
                progress(ImportProgress(bytesRead: bytesRead, bytesTotal: total, rowsRead: shared.report.rowsRead))
                if shared.report.status == "failed" || options.dryRun || (shared.report.issueCount > 0 && !options.partial) {
                    throw ImportRollback()
                }
            }
        } catch let failure as ValidationFailure {
            shared.update { report in
                report.record(failure.issues.map { RowIssue(row: 1, column: $0.field, reason: $0.message) })
                report.status = "failed"
            }
        } catch is ImportRollback {
            shared.update { report in
                if report.status != "failed" { report.status = options.dryRun ? "dry_run" : "rejected" }
            }
        }
        try await save(shared.report, fileName: fileName, source: options.effectiveSource, started: started, by: actor)
        return shared.report
    }

    /// Records the run (also a rejected one) with its problems, and audits it.
    private func save(_ report: ImportReport, fileName: String, source: String, started: Timestamp, by actor: Actor) async throws {
        let finished = store.clock()
        let issues = String(decoding: try JSONEncoder().encode(report.issues), as: UTF8.self)
        try await store.database.write { connection in
            try await connection.raw("""
                INSERT INTO import_runs (id, kind, file_name, source, status, rows_read, created, updated, unchanged,
                  constituents_created, issue_count, issues, started_at, finished_at, actor_id)
                VALUES (\(bind: report.id), \(bind: report.kind.rawValue), \(bind: String(fileName.prefix(200))), \(bind: source),
                  \(bind: report.status), \(bind: report.rowsRead), \(bind: report.created), \(bind: report.updated),
                  \(bind: report.unchanged), \(bind: report.constituentsCreated), \(bind: report.issueCount), \(bind: issues),
                  \(bind: started.description), \(bind: finished.description), \(bind: actor.id))
                """).run()
            try await AuditLog.record(.create, entity: "import_run", id: report.id, by: actor, at: finished, on: connection)
        }
    }

    /// A finished run's report, if there is one with this id.
    public func report(id: String) async throws -> ImportReport? {
        try await store.database.read { connection in
            guard let row = try await connection.raw("SELECT * FROM import_runs WHERE id = \(bind: id)").first() else { return nil }
            var report = ImportReport(id: id, kind: try row.vocabulary("kind"), status: try row.text("status"))
            report.rowsRead = try row.int64("rows_read")
            report.created = try row.int64("created")
            report.updated = try row.int64("updated")
            report.unchanged = try row.int64("unchanged")
            report.constituentsCreated = try row.int64("constituents_created")
            report.issueCount = try row.int64("issue_count")
            report.issues = try JSONDecoder().decode([RowIssue].self, from: Data(try row.text("issues").utf8))
            return report
        }
    }
}

/// Thrown inside the transaction to roll it back while keeping the report.
struct ImportRollback: Error {}

/// The report while the import runs, shared between the transaction and the caller.
final class ImportState: @unchecked Sendable {
    private let lock = NSLock()
    private var value: ImportReport

    init(report: ImportReport) {
        value = report
    }

    /// The report so far.
    var report: ImportReport {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }

    /// Changes the report under the lock.
    func update(_ change: (inout ImportReport) -> Void) {
        lock.withLock { change(&value) }
    }
}
