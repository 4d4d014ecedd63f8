import Logging
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL through PostgresNIO's connection pool; row locks, not process memory, serialise writers.
final class PostgresDriver: DatabaseDriver {
    let flavor = SQLFlavor.postgres
    private let client: PostgresClient
    private let runner: Task<Void, Never>

    private init(client: PostgresClient, runner: Task<Void, Never>) {
        self.client = client
        self.runner = runner
    }

    /// Connects a pool and checks that the server answers.
    static func open(host: String, port: Int, username: String, password: String?, database: String,
                     logger: Logger) async throws -> PostgresDriver {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: .disable)
        configuration.options.maximumConnections = 16
        configuration.options.connectTimeout = .seconds(5)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let runner = Task { await client.run() }
        let driver = PostgresDriver(client: client, runner: runner)
        do {
            _ = try await driver.withReadConnection { try await $0.raw("SELECT 1 AS ok").first() }
        } catch {
            await driver.shutdown()
            throw StoreError.unavailable("cannot connect to PostgreSQL at \(host):\(port)/\(database)")
        }
        return driver
    }

    func withReadConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { try await body($0.sql(queryLogLevel: nil)) }
    }

    func withWriteConnection<T: Sendable>(patience: Duration?, _ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await withReadConnection(body)
    }

    func shutdown() async {
        runner.cancel()
        _ = await runner.value
    }
}
