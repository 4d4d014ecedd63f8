import Foundation
import KindredCore
import SQLKit

extension Schema {
    /// Version 30: imports staged in the database, so that a large file is checked and applied in many short
    /// transactions and an interrupted one is completed (or, if it was still being checked, discarded) by the next process.
    @Sendable static func version30(_ flavor: SQLFlavor) -> [String] {
        [
            """
            CREATE TABLE import_staged_runs (
              id TEXT PRIMARY KEY, phase TEXT NOT NULL CHECK (phase IN ('checking', 'applying', 'finishing')),
              options TEXT NOT NULL, file_name TEXT NOT NULL, file_bytes BIGINT NOT NULL, actor_kind TEXT NOT NULL, actor_id TEXT,
              owner TEXT NOT NULL, chunks_applied BIGINT NOT NULL, report TEXT NOT NULL, started_at TEXT NOT NULL,
              heartbeat_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE import_staged_chunks (
              run_id TEXT NOT NULL REFERENCES import_staged_runs (id) ON DELETE CASCADE, seq BIGINT NOT NULL,
              data \(flavor == .postgres ? "BYTEA" : "BLOB") NOT NULL, PRIMARY KEY (run_id, seq)
            )
            """,
            """
            CREATE TABLE import_touched (
              run_id TEXT NOT NULL REFERENCES import_staged_runs (id) ON DELETE CASCADE, constituent_id TEXT NOT NULL,
              PRIMARY KEY (run_id, constituent_id)
            )
            """,
            """
            CREATE TABLE import_file_people (
              run_id TEXT NOT NULL REFERENCES import_staged_runs (id) ON DELETE CASCADE, external_id TEXT NOT NULL,
              PRIMARY KEY (run_id, external_id)
            )
            """,
        ]
    }
}

/// The durable state of one import while it is checked and applied: the file's bytes in chunks, how many chunks are
/// applied, the donors whose rollups are owed, and the report so far. Every change is one short transaction's.
struct ImportJournal: Sendable {
    /// The phases: the file is being read and checked (nothing applied yet), applied chunk by chunk, or cleaned up.
    enum Phase: String, Sendable { case checking, applying, finishing }

    /// A stored run, as a process that takes it over sees it.
    struct Run: Sendable {
        /// The run itself, with the report it had reached.
        let job: ImportJob
        let phase: Phase
        /// The process that was running it.
        let owner: String
        let chunksApplied: Int
    }

    /// This process, as a run's owner: host name and process id.
    static let thisProcess = "\(ProcessInfo.processInfo.hostName) \(getpid())"

    /// How long a run owned by a process on another host may go without a heartbeat before another process takes it over.
    static let foreignOwnerPatience: TimeInterval = 15 * 60

    /// Starts the record of a run in the checking phase.
    static func begin(_ job: ImportJob, at now: Timestamp, on connection: any SQLDatabase) async throws {
        try await connection.raw("""
            INSERT INTO import_staged_runs (id, phase, options, file_name, file_bytes, actor_kind, actor_id, owner, chunks_applied, report, started_at, heartbeat_at)
            VALUES (\(bind: job.id), 'checking', \(bind: try json(job.options)), \(bind: String(job.fileName.prefix(200))), \(bind: job.fileBytes),
              \(bind: job.actor.kind.rawValue), \(bind: job.actor.id), \(bind: thisProcess), 0, \(bind: try json(job.state.report)),
              \(bind: job.startedAt.description), \(bind: now.description))
            """).run()
    }

    /// Stores one chunk of the file's bytes.
    static func stage(_ data: Data, run: String, seq: Int, at now: Timestamp, on connection: any SQLDatabase) async throws {
        try await connection.raw("INSERT INTO import_staged_chunks (run_id, seq, data) VALUES (\(bind: run), \(bind: seq), \(bind: data))").run()
        try await connection.raw("UPDATE import_staged_runs SET heartbeat_at = \(bind: now.description) WHERE id = \(bind: run)").run()
    }

    /// A stored chunk's bytes, nil past the last one.
    static func chunk(run: String, seq: Int, on connection: any SQLDatabase) async throws -> Data? {
        try await connection.raw("SELECT data FROM import_staged_chunks WHERE run_id = \(bind: run) AND seq = \(bind: seq)").first()?
            .decode(column: "data", as: Data.self)
    }

    /// Moves a run to another phase with its report so far, as `chunksApplied` chunks are applied.
    static func record(run: String, phase: Phase, chunksApplied: Int, report: ImportReport, at now: Timestamp, on connection: any SQLDatabase) async throws {
        try await connection.raw("""
            UPDATE import_staged_runs SET phase = \(bind: phase.rawValue), chunks_applied = \(bind: chunksApplied),
              report = \(bind: try json(report)), heartbeat_at = \(bind: now.description) WHERE id = \(bind: run)
            """).run()
    }

    /// Deletes a run's first remaining chunk; false when none is left.
    static func dropChunk(run: String, on connection: any SQLDatabase) async throws -> Bool {
        guard let seq = try await connection.raw("SELECT MIN(seq) AS seq FROM import_staged_chunks WHERE run_id = \(bind: run)").first()?
            .decode(column: "seq", as: Int?.self) else { return false }
        try await connection.raw("DELETE FROM import_staged_chunks WHERE run_id = \(bind: run) AND seq = \(bind: seq)").run()
        return true
    }

    /// Deletes what is left of a run (its touched donors and the people of its file go with it).
    static func delete(run: String, on connection: any SQLDatabase) async throws {
        try await connection.raw("DELETE FROM import_staged_runs WHERE id = \(bind: run)").run()
    }

    /// The runs whose owner has gone: a process of this host that no longer runs, or a process elsewhere that has not
    /// been heard of for `foreignOwnerPatience`.
    static func abandoned(at now: Timestamp, on connection: any SQLDatabase) async throws -> [Run] {
        let rows = try await connection.raw("SELECT * FROM import_staged_runs ORDER BY started_at, id").all()
        guard !rows.isEmpty else { return [] }
        let timeZone = try await OrganisationSettingsStore.timeZone(on: connection)
        return try rows.compactMap { row -> Run? in
            let owner = try row.text("owner")
            guard isGone(owner, lastHeard: try row.timestamp("heartbeat_at"), now: now) else { return nil }
            let actor = Actor(kind: Actor.Kind(rawValue: try row.text("actor_kind")) ?? .system,
                              id: try row.decode(column: "actor_id", as: String?.self), role: .admin)
            let job = ImportJob(id: try row.text("id"), options: try value(ImportOptions.self, try row.text("options")),
                                fileName: try row.text("file_name"), fileBytes: try row.int64("file_bytes"), actor: actor,
                                startedAt: try row.timestamp("started_at"), timeZone: timeZone,
                                state: ImportState(report: try value(ImportReport.self, try row.text("report"))))
            return Run(job: job, phase: Phase(rawValue: try row.text("phase")) ?? .checking, owner: owner,
                       chunksApplied: Int(try row.int64("chunks_applied")))
        }
    }

    /// Makes this process the run's owner, unless another process claimed it first; true when this one did.
    static func claim(_ run: Run, at now: Timestamp, on connection: any SQLDatabase) async throws -> Bool {
        try await connection.raw("""
            UPDATE import_staged_runs SET owner = \(bind: thisProcess), heartbeat_at = \(bind: now.description)
            WHERE id = \(bind: run.job.id) AND owner = \(bind: run.owner) RETURNING id
            """).first() != nil
    }

    private static func json(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    private static func value<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    /// Whether the owner named has stopped: on this host, no process has its id; elsewhere, it has been silent too long.
    static func isGone(_ owner: String, lastHeard: Timestamp, now: Timestamp) -> Bool {
        let parts = owner.split(separator: " ")
        guard parts.count == 2, let pid = Int32(parts[1]) else { return true }
        guard String(parts[0]) == ProcessInfo.processInfo.hostName else {
            return Double(now.millisecondsSinceEpoch - lastHeard.millisecondsSinceEpoch) / 1000 > foreignOwnerPatience
        }
        return pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH
    }
}
