import Dispatch
import Logging
import Metrics
import SQLKit

/// A source of connections for one database engine.
protocol DatabaseDriver: Sendable {
    /// The dialect spoken.
    var flavor: SQLFlavor { get }
    /// Runs `body` on a connection used only by it for its duration.
    func withReadConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` on the connection used for writes (serialised where the engine needs it).
    func withWriteConnection<T: Sendable>(patience: Duration?, _ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Closes every connection.
    func shutdown() async
}

/// The one owner of the database connection(s). Every write runs in a transaction; rollups and audit
/// entries written inside it commit or roll back with it.
public final class Database: Sendable {
    private let driver: any DatabaseDriver
    /// The decoded engagement distributions of this database.
    let distributionCache = DistributionCache()

    /// The dialect of the underlying engine.
    public var flavor: SQLFlavor { driver.flavor }

    private init(driver: any DatabaseDriver) {
        self.driver = driver
    }

    /// Opens the database at `location` (creating an SQLite file if needed), brings its schema up to date and completes
    /// (or discards) any import whose process stopped half-way, so that no caller ever sees a half-applied file.
    public static func open(_ location: DatabaseLocation, logger: Logger, migrate: Bool = true) async throws -> Database {
        let driver: any DatabaseDriver
        switch location {
        case .sqlite(let path):
            driver = try await SQLiteDriver.open(path: path, logger: logger)
        case .postgres(let host, let port, let username, let password, let database):
            driver = try await PostgresDriver.open(host: host, port: port, username: username, password: password,
                                                   database: database, logger: logger)
        }
        let opened = Database(driver: driver)
        if migrate {
            do {
                try await Migrator.migrate(opened, logger: logger)
                for report in try await Importer(store: KindredStore(database: opened)).resumeInterrupted() {
                    logger.notice("an interrupted import was \(report.status == "applied" ? "completed" : "discarded")", metadata: ["import.id": "\(report.id)"])
                }
            } catch {
                await opened.close()
                throw error
            }
        }
        return opened
    }

    /// Connections in use right now, by kind (`read`, `write`), for the `/metrics` page.
    private static let inUse = (read: Meter(label: "kindred_db_connections_in_use", dimensions: [("kind", "read")]),
                                write: Meter(label: "kindred_db_connections_in_use", dimensions: [("kind", "write")]))
    /// How long write transactions take, including the wait for the writer.
    private static let writeTimer = Timer(label: "kindred_db_write_duration")

    /// Runs read-only work on one connection.
    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await StoreErrors.translating {
            try await driver.withReadConnection { connection in
                Self.inUse.read.increment()
                defer { Self.inUse.read.decrement() }
                return try await body(connection)
            }
        }
    }

    /// How long a write waits for another one in this process (e.g. a long import) before it gives up with
    /// `StoreError.unavailable` (503 with `Retry-After` in the API); other processes are waited for by SQLite's busy
    /// timeout, which is as long.
    public static let writePatience: Duration = .seconds(10)

    /// Runs `body` in one transaction: all of its writes commit together, or none do. It waits for the writer at
    /// most `patience` (nil: as long as it takes, for imports and the command line).
    public func write<T: Sendable>(patience: Duration? = Database.writePatience,
                                   _ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let flavor = self.flavor
        let started = DispatchTime.now().uptimeNanoseconds
        defer { Self.writeTimer.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - started)) }
        return try await StoreErrors.translating {
            try await driver.withWriteConnection(patience: patience) { connection in
                Self.inUse.write.increment()
                defer { Self.inUse.write.decrement() }
                try await connection.raw(flavor == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN").run()
                do {
                    let result = try await body(connection)
                    try await connection.raw("COMMIT").run()
                    return result
                } catch {
                    try? await connection.raw("ROLLBACK").run()
                    throw error
                }
            }
        }
    }

    /// True when the database answers a trivial query.
    public func isReachable() async -> Bool {
        (try? await read { try await $0.raw("SELECT 1 AS ok").first() }) != nil
    }

    /// Closes every connection.
    public func close() async {
        await driver.shutdown()
    }
}
