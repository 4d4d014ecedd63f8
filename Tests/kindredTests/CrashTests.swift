import Foundation
import KindredCore
import KindredStore
import KindredTestSupport
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// SIGKILL in the middle of a large import and of event ingest: no half-applied file, no acknowledged event lost.
@Suite(.serialized) struct CrashTests {
    /// Killed while the file is checked, the import is discarded; killed while it is applied, it is completed: the
    /// next process to open the database does either, before anything reads it. Never a part of the file.
    @Test(arguments: TestEngine.available.flatMap { engine in (engine == .sqlite ? ["checking", "applying"] : ["applying"]).map { (engine, $0) } })
    func anImportKilledHalfwayIsDiscardedOrCompleted(engine: TestEngine, phase: String) async throws {
        let url = try await engine.makeDatabaseURL()
        _ = try KindredProcess.runToCompletion(["migrate", "--database", url])
        let file = TestScratch.path("crash", suffix: ".csv")
        // Three 4 MiB chunks of about 28,000 rows each (a note column Kindred does not read makes the rows long).
        let note = String(repeating: "n", count: 120)
        var text = "constituent_external_id,received_at,amount,currency,external_id,note\n"
        for row in 0..<60_000 { text += "D\(row % 8_000),2026-01-\(10 + row % 18),\(5 + row % 90).50,EUR,G\(row),\(note)\n" }
        try Data(text.utf8).write(to: file)
        let process = Process()
        process.executableURL = KindredProcess.binary
        process.arguments = ["import", "gifts", file.path, "--json", "--database", url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        // Watched without opening it for use (which would complete the run), until the run is in the phase wanted.
        let watcher = try await Database.open(try DatabaseLocation(url: url), logger: testLogger, migrate: false)
        try process.run()
        var reached = false
        for _ in 0..<18_000 where !reached {
            try await Task.sleep(for: .milliseconds(10))
            reached = try await watcher.read { connection in
                try await connection.raw("SELECT phase, chunks_applied FROM import_staged_runs").first().map {
                    try $0.decode(column: "phase", as: String.self) == phase && (phase == "checking" || (try $0.decode(column: "chunks_applied", as: Int.self)) >= 1)
                } ?? false
            }
        }
        let wasRunning = process.isRunning
        _ = Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        await watcher.close()
        #expect(reached && wasRunning, "the import was not killed while \(phase)")
        let database = try await Database.open(try DatabaseLocation(url: url), logger: testLogger)
        let counts = try await database.read { connection in
            try await connection.raw("SELECT (SELECT COUNT(*) FROM gifts) AS g, (SELECT COUNT(*) FROM constituents) AS c, (SELECT COUNT(*) FROM import_staged_runs) AS s").first()
                .map { [try $0.decode(column: "g", as: Int.self), try $0.decode(column: "c", as: Int.self), try $0.decode(column: "s", as: Int.self)] }
        }
        let runIds = try await database.read { try await $0.raw("SELECT id FROM import_runs").all().map { try $0.decode(column: "id", as: String.self) } }
        #expect(runIds.count == 1)
        let report = try await Importer(store: KindredStore(database: database)).report(id: runIds.first ?? "")
        let run = try #require(report)
        if phase == "checking" {
            #expect(counts == [0, 0, 0] && run.status == "failed" && run.issues.first?.column == "file")
        } else {
            #expect(counts == [60_000, 8_000, 0] && run.status == "applied" && run.created == 60_000 && run.constituentsCreated == 8_000)
            let queries = ConstituentQueries(store: KindredStore(database: database))
            let someone = try await database.read { try await $0.raw("SELECT id FROM constituents WHERE external_id = 'D7'").first()?.decode(column: "id", as: String.self) } ?? ""
            #expect(try await queries.storedRollups(of: someone) == (try await queries.recomputedRollups(of: someone)))
            #expect(try await queries.storedRollups(of: someone).first?.giftCount == 8)
        }
        if engine == .sqlite {
            let integrity = try await database.read { try await $0.raw("PRAGMA integrity_check").first()?.decode(column: "integrity_check", as: String.self) }
            #expect(integrity == "ok")
        }
        await database.close()
    }

    @Test func acknowledgedEventsSurviveSIGKILL() async throws {
        let url = try await TestEngine.sqlite.makeDatabaseURL()
        let server = try await KindredProcess.start(database: url)
        let output = try KindredProcess.runToCompletion(["keys", "create", "--name", "site", "--write-key", "--json", "--database", url])
        let writeKey = try #require(try JSONDecoder().decode([String: String].self, from: Data(output.utf8))["key"])
        let acknowledged = AcknowledgedIds()
        await withTaskGroup(of: Void.self) { group in
            for sender in 0..<4 {
                group.addTask {
                    for batch in 0..<400 {
                        let ids = (0..<50).map { "s\(sender)-b\(batch)-m\($0)" }
                        let calls = ids.map { #"{"type": "track", "userId": "u\#($0.count % 7)", "event": "Article Read", "messageId": "\#($0)"}"# }
                        guard let status = try? await server.sendEvents(#"{"batch": [\#(calls.joined(separator: ","))]}"#, writeKey: writeKey) else { return }
                        if status == 200 { for id in ids { await acknowledged.add(id) } }
                    }
                }
            }
            group.addTask {
                while await acknowledged.count < 2_000 { try? await Task.sleep(for: .milliseconds(5)) }
                server.kill()
            }
        }
        let ids = await acknowledged.ids
        let database = try await Database.open(try DatabaseLocation(url: url), logger: testLogger)
        let stored = try await database.read { connection in
            Set(try await connection.raw("SELECT message_id FROM events").all().map { try $0.decode(column: "message_id", as: String.self) })
        }
        #expect(ids.count >= 2_000 && ids.isSubset(of: stored), "acknowledged events missing after SIGKILL: \(ids.subtracting(stored).count)")
        let integrity = try await database.read { try await $0.raw("PRAGMA integrity_check").first()?.decode(column: "integrity_check", as: String.self) }
        #expect(integrity == "ok")
        await database.close()
    }
}

extension KindredProcess {
    /// POSTs a body to `/v1/batch` with a write key; returns the status.
    func sendEvents(_ body: String, writeKey: String) async throws -> Int {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/batch")!)
        request.httpMethod = "POST"
        request.setValue("Basic " + Data("\(writeKey):".utf8).base64EncodedString(), forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        request.timeoutInterval = 10
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }
}
