import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit

/// SQLite in WAL mode: one writer connection behind an async lock, up to several reader connections opened as
/// concurrent reads need them (a one-shot command opens one, a busy server all).
final class SQLiteDriver: DatabaseDriver {
    /// The page cache of each connection, in KiB as the pragma takes it (negative): 32 MiB.
    static let cacheKiB = -32_768

    let flavor = SQLFlavor.sqlite
    private let writer: SQLiteConnection
    private let readers: ConnectionQueue<SQLiteConnection>
    private let writeLock = AsyncLock()
    private let threadPool: NIOThreadPool

    private init(writer: SQLiteConnection, readers: ConnectionQueue<SQLiteConnection>, threadPool: NIOThreadPool) {
        self.writer = writer
        self.readers = readers
        self.threadPool = threadPool
    }

    /// Opens (and creates) the file with foreign keys on, WAL, full sync and a busy timeout for other processes.
    static func open(path: String, logger: Logger, readerCount: Int = 4) async throws -> SQLiteDriver {
        let threadPool = NIOThreadPool(numberOfThreads: readerCount + 1)
        threadPool.start()
        do {
            let eventLoop = MultiThreadedEventLoopGroup.singleton.any()
            let writer = try await SQLiteConnection.open(storage: .file(path: path), threadPool: threadPool, logger: logger, on: eventLoop)
            for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL"] {
                _ = try await writer.query(pragma)
            }
            try await configure(writer)
            let readers = ConnectionQueue(limit: readerCount) {
                let reader = try await SQLiteConnection.open(storage: .file(path: path), threadPool: threadPool, logger: logger, on: eventLoop)
                do {
                    try await configure(reader)
                    return reader
                } catch {
                    try? await reader.close()
                    throw error
                }
            }
            return SQLiteDriver(writer: writer, readers: readers, threadPool: threadPool)
        } catch {
            try? await threadPool.shutdownGracefully()
            throw StoreError.unavailable("cannot open the SQLite database at \(path)")
        }
    }

    private static func configure(_ connection: SQLiteConnection) async throws {
        for pragma in ["PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 10000", "PRAGMA cache_size = \(Self.cacheKiB)"] {
            _ = try await connection.query(pragma)
        }
        try await connection.install(customFunction: power)
    }

    /// `power(x, y)` as PostgreSQL has it (this SQLite is built without its math functions), for set-based decay.
    static let power = SQLiteCustomFunction("power", argumentCount: 2, pure: true) { arguments in
        guard let base = arguments[0].double, let exponent = arguments[1].double else { return nil }
        return Foundation.pow(base, exponent)
    }

    func withReadConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await readers.with { try await body($0.sql(queryLogLevel: nil)) }
    }

    func withWriteConnection<T: Sendable>(patience: Duration?, _ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let writer = self.writer
        return try await writeLock.withLock(patience: patience) { try await body(SQLiteSession(writer)) }
    }

    func shutdown() async {
        for connection in await readers.drain() + [writer] {
            try? await connection.close()
        }
        try? await threadPool.shutdownGracefully()
    }
}

/// The writer as SQLKit sees it, with the connection underneath, to which bulk inserts bind their values directly.
struct SQLiteSession: SQLDatabase {
    /// The connection.
    let connection: SQLiteConnection
    private let base: any SQLDatabase

    init(_ connection: SQLiteConnection) {
        self.connection = connection
        base = connection.sql(queryLogLevel: nil)
    }

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await base.execute(sql: query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }
}

/// A pool of up to `limit` connections, each opened when a caller needs one and none is idle; beyond the limit
/// callers wait for one to be free.
actor ConnectionQueue<Connection: Sendable> {
    private let limit: Int
    private let open: @Sendable () async throws -> Connection
    private var idle: [Connection] = []
    private var opened = 0
    private var waiters: [CheckedContinuation<Connection, Never>] = []

    init(limit: Int, open: @escaping @Sendable () async throws -> Connection) {
        self.limit = limit
        self.open = open
    }

    /// Runs `body` with a connection nobody else is using.
    func with<T: Sendable>(_ body: @Sendable (Connection) async throws -> T) async throws -> T {
        let connection = try await checkOut()
        defer { checkIn(connection) }
        return try await body(connection)
    }

    /// Takes every idle connection out, for closing.
    func drain() -> [Connection] {
        defer { idle = [] }
        return idle
    }

    private func checkOut() async throws -> Connection {
        if let connection = idle.popLast() { return connection }
        guard opened < limit else { return await withCheckedContinuation { waiters.append($0) } }
        opened += 1
        do {
            return try await open()
        } catch {
            opened -= 1
            throw error
        }
    }

    private func checkIn(_ connection: Connection) {
        if waiters.isEmpty {
            idle.append(connection)
        } else {
            waiters.removeFirst().resume(returning: connection)
        }
    }
}
