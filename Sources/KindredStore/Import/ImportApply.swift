import Foundation
import KindredCore
import SQLKit

/// One import run: what it reads, who started it, and its report as it goes.
struct ImportJob: Sendable {
    let id: String
    let options: ImportOptions
    let fileName: String
    let fileBytes: Int64
    let actor: Actor
    let startedAt: Timestamp
    /// The organisation's time zone, for dates without an offset and for month rollups.
    let timeZone: TimeZone
    let state: ImportState

    /// A session writing this run's rows on `connection`.
    func session(on connection: any SQLDatabase, at now: Timestamp) -> ImportSession {
        ImportSession(options: options, run: id, now: now, timeZone: timeZone, connection: connection, state: state)
    }
}

/// Where an import's steps commit: each in a short transaction of its own, or all inside one that a dry run rolls back.
enum ImportSteps: Sendable {
    case each(Database)
    case within(any SQLDatabase)

    /// Runs a step.
    func run<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch self {
        case .each(let database): try await database.write(patience: nil, body)
        case .within(let connection): try await body(connection)
        }
    }
}

extension Importer {
    /// Applies the staged chunks from the first not yet applied, each in its own step with the count of chunks done,
    /// the next one parsed on the other core meanwhile. Chunks applied before an interruption are parsed again but
    /// not written, so that keys of rows without an id come out the same. The last step (the file's end) moves the
    /// run on to finishing.
    func apply(_ job: ImportJob, chunksApplied: Int, steps: ImportSteps, progress: @escaping @Sendable (ImportProgress) -> Void) async throws {
        // The problems were reported while the file was checked; parsing again only gives the good rows.
        let parser = ImportParser(options: job.options, timeZone: job.timeZone, state: ImportState(report: job.state.report))
        let parse = { @Sendable (data: Data?) in Task { (ended: data == nil, bytes: Int64(data?.count ?? 0), rows: try parser.parse(data)) } }
        var upcoming = try await steps.run { parse(try await ImportJournal.chunk(run: job.id, seq: 0, on: $0)) }
        var seq = 0, bytesApplied: Int64 = 0
        while true {
            let (ended, bytes, rows) = try await upcoming.value
            bytesApplied += bytes
            // The next chunk is read in this one's transaction (into the writer's page cache, not a reader's) and
            // parsed on the other core while this one is written.
            let next = try await steps.run { [seq] connection in
                let next = ended ? nil : parse(try await ImportJournal.chunk(run: job.id, seq: seq + 1, on: connection))
                guard seq >= chunksApplied else { return next }
                let now = store.clock()
                try await job.session(on: connection, at: now).write(rows)
                try await ImportJournal.record(run: job.id, phase: ended ? .finishing : .applying, chunksApplied: seq + 1,
                                               report: job.state.report, at: now, on: connection)
                return next
            }
            if seq >= chunksApplied {
                Allocator.returnFreePages()
                progress(ImportProgress(bytesRead: job.fileBytes, bytesTotal: job.fileBytes, rowsRead: job.state.report.rowsRead,
                                        bytesApplied: bytesApplied))
            }
            guard let next else { break }
            (upcoming, seq) = (next, seq + 1)
        }
    }

    /// Donors whose rollups one finishing step recomputes: fewer, larger commits than the 5,000 a statement of
    /// `Rollups.recompute`, while other writers wait a few seconds at most.
    static let donorsPerStep = 20_000

    /// Recomputes the rollups of every donor the file touched, ``donorsPerStep`` at a time, then drops the staged file
    /// and records the run.
    func finish(_ job: ImportJob, steps: ImportSteps) async throws {
        while try await steps.run({ connection -> Bool in
            let ids = try await connection.raw("""
                SELECT constituent_id FROM import_touched WHERE run_id = \(bind: job.id) ORDER BY constituent_id LIMIT \(unsafeRaw: String(Self.donorsPerStep))
                """).all().map { try $0.text("constituent_id") }
            guard let last = ids.last else { return false }
            try await Rollups.recompute(constituentIds: ids, timeZone: job.timeZone, on: connection)
            try await connection.raw("DELETE FROM import_touched WHERE run_id = \(bind: job.id) AND constituent_id <= \(bind: last)").run()
            return true
        }) {}
        try await close(job, steps: steps)
    }

    /// Drops the staged chunks one step at a time (a large file's in one transaction would make a WAL as large), then
    /// deletes the run's journal and records it, together.
    func close(_ job: ImportJob, steps: ImportSteps) async throws {
        while try await steps.run({ try await ImportJournal.dropChunk(run: job.id, on: $0) }) {}
        try await steps.run { connection in
            try await ImportJournal.delete(run: job.id, on: connection)
            try await record(job, on: connection)
        }
    }

    /// Completes the imports whose process stopped while applying them, and discards (recorded as failed) those
    /// stopped while their file was being checked. Runs of live processes are left to them. Returns the runs' reports.
    @discardableResult
    public func resumeInterrupted() async throws -> [ImportReport] {
        var reports: [ImportReport] = []
        for run in try await store.database.read({ try await ImportJournal.abandoned(at: store.clock(), on: $0) }) {
            guard try await store.database.write(patience: nil, { try await ImportJournal.claim(run, at: store.clock(), on: $0) }) else { continue }
            let job = run.job
            let steps = ImportSteps.each(store.database)
            switch run.phase {
            case .checking:
                job.state.update { report in
                    report.record([RowIssue(row: 1, column: "file", reason: "the import stopped before the file was checked; nothing was applied, import it again")])
                    report.status = "failed"
                }
                try await close(job, steps: steps)
            case .applying:
                try await apply(job, chunksApplied: run.chunksApplied, steps: steps) { _ in }
                try await finish(job, steps: steps)
            case .finishing:
                try await finish(job, steps: steps)
            }
            reports.append(job.state.report)
        }
        return reports
    }
}
