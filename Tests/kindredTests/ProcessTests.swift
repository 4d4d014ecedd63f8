import Foundation
import KindredCore
import KindredStore
import KindredTestSupport
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Tests that run the real `kindred` binary: crash safety under SIGKILL, graceful SIGTERM, and two server processes
/// on one PostgreSQL.
@Suite(.serialized) struct ProcessTests {
    @Test func acknowledgedWritesSurviveSIGKILL() async throws {
        let url = try await TestEngine.sqlite.makeDatabaseURL()
        let server = try await KindredProcess.start(database: url)
        let donorId = try await server.createDonor("Crash Test")
        let acknowledged = AcknowledgedIds()
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    for index in 0..<1000 {
                        guard let response = try? await server.postGift(donorId, 100 + index, at: "2026-01-0\(1 + writer)T10:00:00Z") else { return }
                        if (200..<300).contains(response.status), let id = response.id { await acknowledged.add(id) }
                    }
                }
            }
            group.addTask {
                while await acknowledged.count < 150 { try? await Task.sleep(for: .milliseconds(5)) }
                server.kill()
            }
        }
        let ids = await acknowledged.ids
        #expect(ids.count >= 150)
        let database = try await Database.open(try DatabaseLocation(url: url), logger: testLogger)
        let store = KindredStore(database: database)
        let stored = try await storedGiftIds(in: database)
        #expect(ids.isSubset(of: stored), "acknowledged gifts missing after SIGKILL: \(ids.subtracting(stored).count)")
        let integrity = try await database.read { try await $0.raw("PRAGMA integrity_check").first()?.decode(column: "integrity_check", as: String.self) }
        #expect(integrity == "ok")
        let queries = ConstituentQueries(store: store)
        #expect(try await queries.storedRollups(of: donorId) == (try await queries.recomputedRollups(of: donorId)))
        await database.close()
    }

    @Test func sigtermFinishesInFlightRequestsAndExitsCleanly() async throws {
        let url = try await TestEngine.sqlite.makeDatabaseURL()
        let server = try await KindredProcess.start(database: url)
        let donorId = try await server.createDonor("Shutdown Test")
        let acknowledged = AcknowledgedIds()
        let statuses = StatusLog()
        let unanswered = StatusLog()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask {
                    do {
                        let response = try await server.postGift(donorId, 100 + index, at: "2026-02-01T10:00:00Z")
                        await statuses.add(response.status)
                        if response.status == 201, let id = response.id { await acknowledged.add(id) }
                    } catch {
                        // No answer: refused after the server stopped listening, or written onto a keep-alive
                        // connection the server was closing. Either way it must not have been processed (below).
                        await unanswered.add(100 + index)
                    }
                }
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(20))
                _ = Foundation.kill(server.process.processIdentifier, SIGTERM)
            }
        }
        server.process.waitUntilExit()
        #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0)
        let answered = await statuses.all
        #expect(answered.allSatisfy { $0 == 201 }, "a request answered during shutdown failed: \(answered)")
        let database = try await Database.open(try DatabaseLocation(url: url), logger: testLogger)
        let stored = try await storedGiftIds(in: database)
        let ids = await acknowledged.ids
        #expect(ids.isSubset(of: stored))
        let amounts = try await database.read { connection in
            Set(try await connection.raw("SELECT amount_minor FROM gifts").all().map { try $0.decode(column: "amount_minor", as: Int.self) })
        }
        let lost = Set(await unanswered.all).intersection(amounts)
        #expect(lost.isEmpty, "requests processed during shutdown but never answered: \(lost.sorted())")
        await database.close()
    }

    @Test(.enabled(if: PostgresHarness.isAvailable, "PostgreSQL server programs are not installed"))
    func twoServerProcessesOnOnePostgresKeepRollupsExact() async throws {
        let url = try await PostgresHarness.makeDatabase()
        let first = try await KindredProcess.start(database: url)
        let second = try await KindredProcess.start(database: url, key: first.key)
        let donorId = try await first.createDonor("Shared Donor")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                let server = writer % 2 == 0 ? first : second
                group.addTask {
                    for index in 0..<20 {
                        let response = try await server.postGift(donorId, 100 + writer * 100 + index,
                                                                 at: "202\(writer % 5)-0\(1 + index % 9)-15T10:00:00Z")
                        #expect(response.status == 201)
                    }
                }
            }
            try await group.waitForAll()
        }
        first.kill()
        second.kill()
        let database = try await Database.open(try DatabaseLocation(url: url), logger: testLogger)
        let queries = ConstituentQueries(store: KindredStore(database: database))
        let stored = try await queries.storedRollups(of: donorId)
        #expect(stored == (try await queries.recomputedRollups(of: donorId)))
        #expect(stored.first?.giftCount == 160)
        await database.close()
    }
}

/// `kindred model fit` on the donations cohort scaled down a hundredfold (yearly gifts 1995–2001, calendar fiscal years).
@Suite struct ModelCommandTests {
    @Test func modelFitPrintsTheDocumentedJSONAndRefusesBadArguments() async throws {
        let url = try await TestEngine.sqlite.makeDatabaseURL()
        let database = try await Database.open(try DatabaseLocation(url: url), logger: testLogger)
        let store = KindredStore(database: database)
        let rows = [(0, 0, 35), (1, 1, 11), (1, 3, 1), (1, 6, 1), (2, 2, 6), (2, 4, 2), (2, 6, 2), (3, 3, 3), (3, 6, 4), (4, 4, 2),
                    (4, 6, 5), (5, 5, 3), (5, 6, 7), (6, 6, 12)]
        var donors = 0
        for (x, tx, count) in rows {
            for _ in 0..<count {
                donors += 1
                let id = try await store.constituents.create(try sampleConstituent("Donor \(donors)").validated(), by: .system).id
                // The first gift in 1995; then x later years, the last of them 1995 + t_x.
                let years = [1995] + (0..<x).map { 1995 + tx - $0 }
                for year in years { _ = try await store.gifts.create(try sampleGift(id, 2500, at: "\(year)-05-01T10:00:00Z").validated(), by: .system) }
            }
        }
        await database.close()
        let output = try KindredProcess.runToCompletion(["model", "fit", "bgbb", "--cohort-year", "1995", "--last-year", "2001", "--json", "--database", url])
        #expect(output.hasPrefix(#"{"model":"bgbb","n":\#(donors),"params":{"alpha":"#), "\(output)")
        let fit = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let params = try #require(fit["params"] as? [String: Double])
        #expect((fit["logLikelihood"] as? Double).map { $0 < 0 } == true && Set(params.keys) == ["alpha", "beta", "gamma", "delta"])
        let empty = try KindredProcess.runToCompletion(["model", "fit", "bgnbd", "--calibration-end", "1990-01-01", "--json", "--database", url])
        #expect(empty.isEmpty)
        for bad in [["bgbb", "--cohort-year", "1995"], ["bgnbd", "--calibration-end", "yesterday"], ["gammagamma"], ["pareto"],
                    ["bgnbd", "--calibration-end", "2000-01-01", "--cohort-year", "1995"], ["bgbb", "--cohort-year", "2001", "--last-year", "1995"]] {
            #expect(try KindredProcess.runToCompletion(["model", "fit"] + bad + ["--json", "--database", url]).isEmpty, "\(bad)")
        }
        // `model predict` refits at today and predicts every donor; `model list` shows every stored fit.
        let predicted = try KindredProcess.runToCompletion(["model", "predict", "--json", "--database", url])
        let refresh = try #require(try JSONSerialization.jsonObject(with: Data(predicted.utf8)) as? [String: Any], "\(predicted)")
        #expect(refresh["donors"] as? Int == donors && (refresh["transactionsFit"] as? [String: Any])?["model"] as? String == "bgnbd")
        let listed = try KindredProcess.runToCompletion(["model", "list", "--json", "--database", url])
        let fits = try #require(try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [[String: Any]])
        #expect(fits.count == (refresh["valueFit"] == nil ? 2 : 3) && fits.last?["model"] as? String == "bgbb")
        #expect(try KindredProcess.runToCompletion(["model", "list", "--limit", "0", "--database", url]).isEmpty)
    }
}

/// The ids of every stored gift.
func storedGiftIds(in database: Database) async throws -> Set<String> {
    try await database.read { connection in
        Set(try await connection.raw("SELECT id FROM gifts").all().map { try $0.decode(column: "id", as: String.self) })
    }
}

/// The ids of writes that got a 2xx.
actor AcknowledgedIds {
    private(set) var ids = Set<String>()
    var count: Int { ids.count }
    func add(_ id: String) { ids.insert(id) }
}

/// The statuses of the responses received.
actor StatusLog {
    private(set) var all: [Int] = []
    func add(_ status: Int) { all.append(status) }
}

/// A `kindred serve` process on a free port, with an admin API key.
struct KindredProcess: Sendable {
    let process: Process
    let port: Int
    let key: String

    /// The built `kindred` binary beside the test bundle.
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kindred")
    }

    /// Creates a key (unless given) and starts the server, waiting until it is ready.
    static func start(database: String, key: String? = nil) async throws -> KindredProcess {
        let apiKey: String
        if let key {
            apiKey = key
        } else {
            let output = try runToCompletion(["keys", "create", "--name", "test", "--role", "admin", "--json", "--database", database])
            let decoded = try JSONDecoder().decode([String: String].self, from: Data(output.utf8))
            apiKey = try #require(decoded["key"])
        }
        let port = PostgresHarness.freePort()
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--port", "\(port)", "--database", database, "--log-level", "error"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let server = KindredProcess(process: process, port: port, key: apiKey)
        for _ in 0..<100 {
            if let response = try? await server.request("GET", "/readyz", nil), response.status == 200 { return server }
            try await Task.sleep(for: .milliseconds(100))
        }
        server.kill()
        throw HarnessError("kindred serve did not become ready")
    }

    /// Runs a `kindred` command and returns its standard output.
    static func runToCompletion(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("kindred-cli-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return try String(contentsOf: output, encoding: .utf8)
    }

    /// Starts a command without waiting; its output goes to the returned file.
    static func launch(_ arguments: [String]) throws -> (process: Process, output: URL) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let output = TestScratch.path("kindred-cli", suffix: ".out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, output)
    }

    /// Sends SIGKILL.
    func kill() {
        _ = Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Creates a donor and returns its id.
    func createDonor(_ name: String) async throws -> String {
        try #require(try await post("/api/v1/constituents", #"{"displayName": "\#(name)", "roles": ["donor"]}"#).id)
    }

    /// Records a EUR gift for a donor.
    func postGift(_ donorId: String, _ amountMinor: Int, at time: String) async throws -> (status: Int, id: String?) {
        try await post("/api/v1/gifts", #"{"constituentId": "\#(donorId)", "amountMinor": \#(amountMinor), "currency": "EUR", "receivedAt": "\#(time)"}"#)
    }

    /// POSTs JSON to the API.
    func post(_ path: String, _ body: String) async throws -> (status: Int, id: String?) {
        let response = try await request("POST", path, body)
        let id = (try? JSONDecoder().decode([String: JSONValue].self, from: response.data))?["id"]
        if case .string(let value)? = id { return (response.status, value) }
        return (response.status, nil)
    }

    /// Sends a request with the admin key.
    func request(_ method: String, _ path: String, _ body: String?) async throws -> (status: Int, data: Data) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        request.timeoutInterval = 10
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }
}
