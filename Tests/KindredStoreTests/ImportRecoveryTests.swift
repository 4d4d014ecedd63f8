import Foundation
import KindredCore
@testable import KindredStore
import KindredTestSupport
import Testing

/// Imports whose process stopped half-way: completed when they were being applied, discarded when they were being
/// checked, left alone while their process lives. (The SIGKILL of a real `kindred import` is in `CrashTests`.)
@Suite struct ImportRecoveryTests {
    static let gifts = "constituent_external_id,received_at,amount,currency,soft_credit_external_id,external_id\n"
        + (0..<500).map { "D\($0 % 50),2026-02-\(10 + $0 % 18),\(5 + $0 % 9).25,EUR,\($0 % 7 == 0 && $0 % 50 != 49 ? "D49" : ""),G\($0)" }.joined(separator: "\n")

    /// Stages the test file as a run of a process that has gone, left in `phase`.
    func abandonedRun(_ store: KindredStore, phase: ImportJournal.Phase) async throws -> String {
        let job = ImportJob(id: RecordIdentifier.make(at: store.clock()), options: ImportOptions(kind: .gifts), fileName: "gone.csv",
                            fileBytes: Int64(Self.gifts.utf8.count), actor: .system, startedAt: store.clock(), timeZone: TimeZone(identifier: "UTC")!,
                            state: ImportState(report: ImportReport(id: "", kind: .gifts, status: "applied")))
        job.state.update { $0.id = job.id; $0.rowsRead = 500 }
        let bytes = Data(Self.gifts.utf8)
        try await store.database.write { connection in
            try await ImportJournal.begin(job, at: store.clock(), on: connection)
            try await ImportJournal.stage(bytes.prefix(4_000), run: job.id, seq: 0, at: store.clock(), on: connection)
            try await ImportJournal.stage(bytes.dropFirst(4_000), run: job.id, seq: 1, at: store.clock(), on: connection)
            try await ImportJournal.record(run: job.id, phase: phase, chunksApplied: 0, report: job.state.report, at: store.clock(), on: connection)
            // A process on another host, not heard of for an hour.
            try await connection.raw("UPDATE import_staged_runs SET owner = 'elsewhere 1', heartbeat_at = '2000-01-01T00:00:00.000Z'").run()
        }
        return job.id
    }

    func count(_ store: KindredStore, _ table: String) async throws -> Int {
        try await store.database.read { try await $0.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? 0 }
    }

    @Test(arguments: TestEngine.available)
    func aRunStoppedWhileApplyingIsCompletedExactly(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let id = try await abandonedRun(store, phase: .applying)
            let reports = try await Importer(store: store).resumeInterrupted()
            #expect(reports.map(\.id) == [id] && reports.first?.status == "applied" && reports.first?.created == 500)
            #expect(try await count(store, "gifts") == 500)
            #expect(try await count(store, "gift_soft_credits") == 70)
            #expect(try await count(store, "import_staged_runs") == 0)
            #expect(try await count(store, "import_staged_chunks") == 0)
            #expect(try await Importer(store: store).report(id: id)?.status == "applied")
            let queries = ConstituentQueries(store: store)
            for person in try await store.constituents.list(cursor: nil, limit: 100, by: .system).items {
                #expect(try await queries.storedRollups(of: person.id) == (try await queries.recomputedRollups(of: person.id)))
            }
            // The same file imported again changes nothing.
            let path = TestScratch.path("recovered", suffix: ".csv").path
            try Data(Self.gifts.utf8).write(to: URL(fileURLWithPath: path))
            let again = try await Importer(store: store).run(path: path, fileName: "again.csv", options: ImportOptions(kind: .gifts), by: .system)
            #expect(again.status == "applied" && again.created == 0 && again.unchanged == 500)
        }
    }

    @Test(arguments: TestEngine.available)
    func aRunStoppedWhileCheckingIsDiscardedAndRecordedAsFailed(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let id = try await abandonedRun(store, phase: .checking)
            let reports = try await Importer(store: store).resumeInterrupted()
            #expect(reports.first?.status == "failed" && reports.first?.issues.first?.column == "file")
            #expect(try await count(store, "gifts") == 0)
            #expect(try await count(store, "import_staged_chunks") == 0)
            #expect(try await Importer(store: store).report(id: id)?.status == "failed")
        }
    }

    @Test(arguments: TestEngine.available)
    func aRunOfAProcessStillAliveIsLeftToIt(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            _ = try await abandonedRun(store, phase: .applying)
            try await store.database.write { try await $0.raw("UPDATE import_staged_runs SET owner = \(bind: ImportJournal.thisProcess)").run() }
            #expect(try await Importer(store: store).resumeInterrupted().isEmpty)
            #expect(try await count(store, "gifts") == 0)
            #expect(try await count(store, "import_staged_runs") == 1)
        }
    }

    @Test func ownersAreGoneWhenTheirProcessIsOrWhenSilentTooLongElsewhere() {
        let now = Timestamp(millisecondsSinceEpoch: 2_000_000_000_000)
        let recently = now.adding(milliseconds: -60_000), longAgo = now.adding(milliseconds: -3_600_000)
        #expect(!ImportJournal.isGone(ImportJournal.thisProcess, lastHeard: longAgo, now: now))
        #expect(!ImportJournal.isGone("elsewhere 42", lastHeard: recently, now: now))
        #expect(ImportJournal.isGone("elsewhere 42", lastHeard: longAgo, now: now))
        #expect(ImportJournal.isGone("\(ProcessInfo.processInfo.hostName) 2147483647", lastHeard: recently, now: now))
        #expect(ImportJournal.isGone("not an owner", lastHeard: recently, now: now))
    }
}
