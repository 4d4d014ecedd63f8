import Foundation
import KindredCore
import SQLKit

/// Imports CSV files, applied whole or not at all (unless partial), re-runnable. A file is first read and checked
/// while its bytes are staged in the database; only when no row is bad is it applied, chunk by chunk, each chunk in a
/// short transaction of its own, so that the WAL is checkpointed as it goes and memory stays flat whatever the file's
/// size. An import interrupted while it was applied (a crash, SIGKILL) is completed by the next process that opens
/// the database; one interrupted while it was checked is discarded. Nothing half-applied is left either way.
public struct Importer: Sendable {
    let store: KindredStore

    /// Creates an importer over a store.
    public init(store: KindredStore) {
        self.store = store
    }

    /// Imports the file at `path`; `progress` is called after every chunk. A header that lacks required columns,
    /// a file that is not CSV, and bad rows are all in the report (line 1 for the header).
    public func run(path: String, fileName: String, options: ImportOptions, by actor: Actor, id: String? = nil,
                    progress: @escaping @Sendable (ImportProgress) -> Void = { _ in }) async throws -> ImportReport {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw StoreError.invalidReference(field: "file", message: "cannot be read") }
        defer { try? handle.close() }
        let total = Int64((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0)
        let started = store.clock()
        let timeZone = try await store.database.read { try await OrganisationSettingsStore.timeZone(on: $0) }
        let runId = id ?? RecordIdentifier.make(at: started)
        let job = ImportJob(id: runId, options: options, fileName: fileName, fileBytes: total, actor: actor, startedAt: started,
                            timeZone: timeZone, state: ImportState(report: ImportReport(id: runId, kind: options.kind, status: "applied")))
        guard options.dryRun else {
            try await process(handle, job, steps: .each(store.database), progress: progress)
            return job.state.report
        }
        do {
            try await store.database.write(patience: nil) { connection in
                try await process(handle, job, steps: .within(connection), progress: progress)
                throw ImportRollback()
            }
        } catch is ImportRollback {
            job.state.update { if $0.status != "failed" { $0.status = "dry_run" } }
            try await store.database.write { try await record(job, on: $0) }
        }
        return job.state.report
    }

    /// Checks and stages the file, then applies it (or, with bad rows, discards it) and records the run.
    private func process(_ handle: FileHandle, _ job: ImportJob, steps: ImportSteps,
                         progress: @escaping @Sendable (ImportProgress) -> Void) async throws {
        try await steps.run { try await ImportJournal.begin(job, at: store.clock(), on: $0) }
        do {
            try await check(handle, job, steps: steps, progress: progress)
        } catch let failure as ValidationFailure {
            job.state.update { report in
                report.record(failure.issues.map { RowIssue(row: 1, column: $0.field, reason: $0.message) })
                report.status = "failed"
            }
        } catch {
            // Nothing is applied yet: the staged chunks go now if the store lets them, else when the next process opens it.
            job.state.update { $0.status = "failed" }
            try? await close(job, steps: steps)
            throw error
        }
        let report = job.state.report
        if report.status == "failed" || (report.issueCount > 0 && !job.options.partial) {
            job.state.update { if $0.status != "failed" { $0.status = "rejected" } }
            try await close(job, steps: steps)
            return
        }
        try await apply(job, chunksApplied: 0, steps: steps, progress: progress)
        try await finish(job, steps: steps)
    }

    /// Reads the file a chunk at a time, stages each chunk's bytes and records every bad row; soft credits are
    /// checked against the people known so far. The next chunk is read and split into records while this one's rows
    /// are checked, on both cores.
    private func check(_ handle: FileHandle, _ job: ImportJob, steps: ImportSteps,
                       progress: @escaping @Sendable (ImportProgress) -> Void) async throws {
        let parser = ImportParser(options: job.options, timeZone: job.timeZone, state: job.state)
        let read = { @Sendable in
            Task { () throws -> (Data?, [CSVRecord]) in
                let data = try handle.read(upToCount: ImportParser.chunkBytes).flatMap { $0.isEmpty ? nil : $0 }
                return (data, try parser.split(data))
            }
        }
        var upcoming = read(), seq = 0, bytesRead: Int64 = 0
        do {
            while true {
                let (data, records) = try await upcoming.value
                if data != nil { upcoming = read() }
                let checked = try await parser.verify(records)
                try await steps.run { [seq] connection in
                    if let data { try await ImportJournal.stage(data, run: job.id, seq: seq, at: store.clock(), on: connection) }
                    if !checked.donors.isEmpty {
                        let issues = try await job.session(on: connection, at: store.clock()).checkSoftCredits(checked)
                        job.state.update { $0.record(issues) }
                    }
                }
                guard let data else { break }
                Allocator.returnFreePages()
                seq += 1
                bytesRead += Int64(data.count)
                progress(ImportProgress(bytesRead: bytesRead, bytesTotal: job.fileBytes, rowsRead: job.state.report.rowsRead))
            }
            if parser.header == nil {
                job.state.update { $0.record([RowIssue(row: 1, column: "row", reason: "the file is empty; it needs a header line")]) }
            }
        } catch let error as CSVShapeError {
            job.state.update { report in
                report.record([RowIssue(row: error.line, column: "row", reason: error.reason)])
                report.status = "failed"
            }
        } catch {
            _ = try? await upcoming.value  // the file stays open until the chunk being read is done
            throw error
        }
    }

    /// Records the finished run (also a rejected one) with its problems, and audits it.
    func record(_ job: ImportJob, on connection: any SQLDatabase) async throws {
        let (report, finished) = (job.state.report, store.clock())
        let issues = String(decoding: try JSONEncoder().encode(report.issues), as: UTF8.self)
        try await connection.raw("""
            INSERT INTO import_runs (id, kind, file_name, source, status, rows_read, created, updated, unchanged,
              constituents_created, issue_count, issues, started_at, finished_at, actor_id)
            VALUES (\(bind: report.id), \(bind: report.kind.rawValue), \(bind: String(job.fileName.prefix(200))), \(bind: job.options.effectiveSource),
              \(bind: report.status), \(bind: report.rowsRead), \(bind: report.created), \(bind: report.updated),
              \(bind: report.unchanged), \(bind: report.constituentsCreated), \(bind: report.issueCount), \(bind: issues),
              \(bind: job.startedAt.description), \(bind: finished.description), \(bind: job.actor.id))
            """).run()
        try await AuditLog.record(.create, entity: "import_run", id: report.id, by: job.actor, at: finished, on: connection)
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
