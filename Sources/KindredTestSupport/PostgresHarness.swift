import Foundation
import KindredCore
import KindredStore
import Logging

/// Starts a real PostgreSQL server for tests, once per test process, on a temporary directory and a free port,
/// and stops it (removing its directory) when the process exits. Each test gets a fresh database on it.
public enum PostgresHarness {
    /// Why PostgreSQL tests cannot run here, or nil when they can.
    public static let unavailableReason: String? = {
        guard let directory = binDirectory else {
            return "PostgreSQL server programs (initdb, pg_ctl, postgres) were not found on PATH or in /usr/lib/postgresql/*/bin; install postgresql"
        }
        if getuid() == 0 && !FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") {
            return "running as root and runuser is missing, so initdb cannot run (\(directory))"
        }
        return nil
    }()

    /// True when a PostgreSQL server can be started.
    public static var isAvailable: Bool { unavailableReason == nil }

    /// The directory holding initdb and pg_ctl.
    static let binDirectory: String? = {
        var candidates = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        if let versions = try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql") {
            candidates += versions.sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin" }
        }
        return candidates.first { directory in
            ["initdb", "pg_ctl", "postgres"].allSatisfy { FileManager.default.isExecutableFile(atPath: "\(directory)/\($0)") }
        }
    }()

    private static let server = ServerBox()

    /// A fresh, empty database on the shared server; its URL.
    public static func makeDatabase() async throws -> String {
        let port = try await server.start()
        let name = "kindred_test_\(UInt32.random(in: 0...UInt32.max))"
        try run("psql", ["-h", "127.0.0.1", "-p", "\(port)", "-U", "kindred", "-d", "postgres", "-q", "-c", "CREATE DATABASE \(name)"],
                asPostgresUser: false)
        return "postgres://kindred@127.0.0.1:\(port)/\(name)"
    }

    /// Runs a PostgreSQL program, as the `postgres` user when the tests run as root.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], asPostgresUser: Bool = true) throws -> String {
        let executable = program == "psql"
            ? (binDirectory.map { "\($0)/psql" }.flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil } ?? "/usr/bin/psql")
            : "\(binDirectory ?? "")/\(program)"
        if getuid() == 0 && asPostgresUser {
            return try runSystem("/usr/sbin/runuser", ["-u", "postgres", "--", executable] + arguments)
        }
        return try runSystem(executable, arguments)
    }

    /// Runs a program by absolute path with posix_spawn and waits for it; its output goes to a file, not a pipe,
    /// because the server pg_ctl starts inherits the descriptors and would hold a pipe open.
    @discardableResult
    static func runSystem(_ path: String, _ arguments: [String]) throws -> String {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("kindred-harness-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw HarnessError("cannot start \(path): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard status == 0 else { throw HarnessError("\(path) \(arguments.first ?? "") failed (status \(status)): \(text)") }
        return text
    }

    /// A free TCP port on loopback.
    public static func freePort() -> Int {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socketDescriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketDescriptor, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketDescriptor, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A harness failure, with the program's output.
public struct HarnessError: Error, CustomStringConvertible {
    /// The description.
    public let description: String
    /// Creates an error with its explanation.
    public init(_ description: String) { self.description = description }
}

/// The data directory of the running server, for the exit handler.
nonisolated(unsafe) private var runningDataDirectory: String?

/// Starts the server once.
private actor ServerBox {
    private var port: Int?

    func start() throws -> Int {
        if let port { return port }
        guard PostgresHarness.isAvailable else { throw HarnessError(PostgresHarness.unavailableReason ?? "unavailable") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kindred-pg-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        let data = directory + "/data"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if getuid() == 0 {
            try PostgresHarness.runSystem("/bin/chown", ["postgres", directory])
        }
        try PostgresHarness.run("initdb", ["-D", data, "-U", "kindred", "-A", "trust", "--no-sync", "-E", "UTF8"])
        let chosen = PostgresHarness.freePort()
        try PostgresHarness.run("pg_ctl", ["-D", data, "-l", directory + "/server.log", "-w", "-t", "60", "-o",
                                           "-p \(chosen) -k \(directory) -c listen_addresses=127.0.0.1 -F -c max_connections=200", "start"])
        runningDataDirectory = data
        atexit {
            guard let data = runningDataDirectory else { return }
            _ = try? PostgresHarness.run("pg_ctl", ["-D", data, "-m", "immediate", "stop"])
            try? FileManager.default.removeItem(atPath: (data as NSString).deletingLastPathComponent)  // the server's whole directory
        }
        port = chosen
        return chosen
    }
}
