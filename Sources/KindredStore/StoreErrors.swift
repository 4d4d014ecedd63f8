import PostgresNIO
import SQLiteNIO

/// Turns engine errors into `StoreError`s, so that no SQL or engine detail escapes the store.
enum StoreErrors {
    /// Runs `body`, translating constraint violations and connection failures.
    static func translating<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw error
        } catch {
            throw classify(error) ?? error
        }
    }

    /// The store error an engine error means, or nil when it is not one Kindred expects.
    static func classify(_ error: any Error) -> StoreError? {
        if let error = error as? PSQLError {
            switch error.serverInfo?[.sqlState] {
            case "23505": return .conflict("a record with the same unique value already exists")
            case "23503": return .invalidReference(field: "reference", message: "refers to a record that does not exist or is still in use")
            case "23514", "23502", "22P02", "22001": return .conflict("the record breaks a rule of the schema")
            case "40001", "40P01", "55P03", "57P01", "53300": return .unavailable("the database is busy; retry")
            default: return error.serverInfo == nil ? .unavailable("the database cannot be reached") : nil
            }
        }
        if let error = error as? SQLiteError {
            let message = error.message
            if message.contains("UNIQUE constraint failed") { return .conflict("a record with the same unique value already exists") }
            if message.contains("FOREIGN KEY constraint failed") {
                return .invalidReference(field: "reference", message: "refers to a record that does not exist or is still in use")
            }
            if message.contains("CHECK constraint failed") || message.contains("NOT NULL constraint failed") {
                return .conflict("the record breaks a rule of the schema")
            }
            if message.contains("database is locked") || message.contains("disk I/O error") || message.contains("unable to open") {
                return .unavailable("the database is busy or cannot be written; retry")
            }
        }
        return nil
    }
}
