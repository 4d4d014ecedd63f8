import ArgumentParser
import Foundation
import KindredCore
import KindredServer
import KindredStore
import Logging

/// The `kindred` command: a thin shell over the Kindred modules.
@main
struct Kindred: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kindred",
        abstract: "Kindred: the donor and client experience platform for nonprofits.",
        subcommands: [Serve.self, Migrate.self, Users.self, Keys.self, ImportCommand.self, ExportCommand.self,
                      DuplicatesCommand.self, MergeCommand.self, UnmergeCommand.self, ReportCommand.self, ModelCommand.self, DemoCommand.self,
                      PlansCommand.self, JourneyCommand.self])

    /// Tunes the allocator, then parses the arguments and runs the command.
    static func main() async {
        Allocator.tune()
        await main(nil)
    }
}

/// `--database URL`, shared by every command that touches the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "sqlite:PATH or postgres://user:pass@host:port/db (default: $KINDRED_DATABASE_URL or sqlite:kindred.sqlite)")
    var database: String?

    /// The database location to use.
    func location() throws -> DatabaseLocation {
        let url = database ?? ProcessInfo.processInfo.environment["KINDRED_DATABASE_URL"] ?? DatabaseLocation.defaultURL
        do {
            return try DatabaseLocation(url: url)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// Opens the database (migrating it) and runs `body`, closing it afterwards.
    func withStore<T>(logger: Logger, _ body: (KindredStore) async throws -> T) async throws -> T {
        let database = try await Database.open(try location(), logger: logger)
        do {
            let result = try await body(KindredStore(database: database))
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }

    func validate() throws {
        _ = try location()
    }
}

/// `--json`, for commands a script reads.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print machine-readable JSON.")
    var json = false

    /// Prints `value` as JSON, or `text` for people.
    func print(_ value: some Encodable, text: String) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            Swift.print(String(decoding: try encoder.encode(value), as: UTF8.self))
        } else {
            Swift.print(text)
        }
    }
}

/// A logger for command-line work: warnings and worse on standard error.
func commandLogger(level: Logger.Level = .warning) -> Logger {
    var logger = Logger(label: "kindred")
    logger.logLevel = level
    return logger
}

extension StaffRole: ExpressibleByArgument {}
