import Foundation

/// Where the database lives, parsed from `--database` or `KINDRED_DATABASE_URL`:
/// `sqlite:PATH` (the embedded default) or `postgres://user:pass@host:port/db`.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    /// An SQLite file, created on first use.
    case sqlite(path: String)
    /// A PostgreSQL server.
    case postgres(host: String, port: Int, username: String, password: String?, database: String)

    /// The default: `sqlite:kindred.sqlite` in the working directory.
    public static let defaultURL = "sqlite:kindred.sqlite"

    /// Parses a database URL, explaining what is wrong when it cannot be used.
    public init(url: String) throws(StoreError) {
        if url.hasPrefix("sqlite:") {
            var path = String(url.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else { throw .invalidConfiguration("the sqlite: URL needs a file path, e.g. sqlite:kindred.sqlite") }
            self = .sqlite(path: path)
            return
        }
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
              let host = components.host, !host.isEmpty else {
            throw .invalidConfiguration("the database URL must be sqlite:PATH or postgres://user:pass@host:port/db")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard let username = components.user, !username.isEmpty, !database.isEmpty else {
            throw .invalidConfiguration("a postgres:// URL needs a user name and a database name")
        }
        self = .postgres(host: host, port: components.port ?? 5432, username: username.removingPercentEncoding ?? username,
                         password: components.password?.removingPercentEncoding, database: database)
    }

    /// The location without its password, safe to log.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let host, let port, let username, _, let database): "postgres://\(username)@\(host):\(port)/\(database)"
        }
    }
}

/// The SQL dialects Kindred writes; used where the two really differ.
public enum SQLFlavor: Sendable {
    /// SQLite 3.
    case sqlite
    /// PostgreSQL 13 or later.
    case postgres
}
