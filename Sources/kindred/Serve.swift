import ArgumentParser
import Foundation
import Hummingbird
import KindredCore
import KindredServer
import KindredStore
import Logging

/// `kindred serve`: runs the web app and API until SIGTERM or SIGINT.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the Kindred server.")

    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on.") var port = 8080
    @Flag(help: "Fill an empty database with the demo organisation first.") var demo = false
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"
    @Option(help: "Requests a minute one address may make to the public survey pages (sending answers counts as five).")
    var publicRequestsPerMinute = ServerConfiguration.defaultPublicRequestsPerMinute
    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var delivery: DeliveryOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        try delivery.validate()
        guard (1...1_000_000).contains(publicRequestsPerMinute) else { throw ValidationError("--public-requests-per-minute must be 1 to 1000000") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical") }
    }

    func run() async throws {
        let logger = commandLogger(level: Logger.Level(rawValue: logLevel) ?? .info)
        let location = try databaseOptions.location()
        let database = try await Database.open(location, logger: logger)
        let store = KindredStore(database: database)
        let directory = StaffDirectory(database: database)
        if try await directory.userCount() == 0 {
            let password = Passwords.generate()
            let user = try await directory.createUser(email: "admin@kindred.local", passwordHash: Passwords.hash(password), role: .admin)
            print("Created the first admin user \(user.email) with the one-time password: \(password)")
            fflush(nil)
        }
        if demo {
            try await DemoCommand.fillIfEmpty(store: store, seed: 42, logger: logger)
        }
        logger.info("starting", metadata: ["database": "\(location)", "host": "\(host)", "port": "\(port)"])
        let configuration = ServerConfiguration(host: host, port: port, publicRequestsPerMinute: publicRequestsPerMinute,
                                                messageDelivery: delivery.configuration(environment: ProcessInfo.processInfo.environment))
        logger.info("messages", metadata: ["email": "\(delivery.smtpHost.map { "SMTP relay \($0):\(delivery.smtpPort)" } ?? "outbox \(delivery.outbox)")",
                                           "sms": "\(delivery.smsGateway.map { "gateway \($0)" } ?? "outbox \(delivery.outbox)")"])
        let app = buildApplication(store: store, configuration: configuration, logger: logger)
        do {
            try await app.runService()
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }
}

/// Where `kindred serve` sends messages. The SMTP password is read from `KINDRED_SMTP_PASSWORD`, never from the command line.
struct DeliveryOptions: ParsableArguments {
    @Option(help: "The folder email (without --smtp-host) and SMS are written to, as .eml and .sms.txt files.") var outbox = "outbox"
    @Option(help: "The SMTP relay for email; without it email goes to the outbox folder.") var smtpHost: String?
    @Option(help: "The SMTP relay's port.") var smtpPort = 587
    @Option(help: "The SMTP user name (the password comes from KINDRED_SMTP_PASSWORD).") var smtpUsername: String?
    @Option(help: "starttls (required, the default) or none (a relay on this machine or network only).") var smtpSecurity = "starttls"
    @Option(help: "A PEM file of certificates to trust for the relay instead of the system's.") var smtpCaFile: String?
    @Option(help: "An HTTP(S) SMS gateway that text messages are posted to as JSON (the token comes from KINDRED_SMS_TOKEN); without it SMS goes to the outbox folder.")
    var smsGateway: String?

    func validate() throws {
        guard (1...65535).contains(smtpPort) else { throw ValidationError("--smtp-port must be 1 to 65535") }
        guard SMTPConfiguration.Security(rawValue: smtpSecurity) != nil else { throw ValidationError("--smtp-security must be starttls or none") }
        if let smtpCaFile, !FileManager.default.isReadableFile(atPath: smtpCaFile) { throw ValidationError("--smtp-ca-file \(smtpCaFile) cannot be read") }
        if smtpHost == nil && (smtpUsername != nil || smtpCaFile != nil) { throw ValidationError("--smtp-username and --smtp-ca-file need --smtp-host") }
        if let smsGateway, URL(string: smsGateway).flatMap(\.scheme).map({ ["http", "https"].contains($0.lowercased()) }) != true || URL(string: smsGateway)?.host == nil {
            throw ValidationError("--sms-gateway must be an http or https URL")
        }
    }

    /// The delivery configuration, with the SMTP password and the SMS gateway's token from the environment.
    func configuration(environment: [String: String]) -> MessageDeliveryConfiguration {
        MessageDeliveryConfiguration(outboxDirectory: outbox, smtp: smtpHost.map {
            SMTPConfiguration(host: $0, port: smtpPort, username: smtpUsername, password: environment["KINDRED_SMTP_PASSWORD"],
                              security: SMTPConfiguration.Security(rawValue: smtpSecurity) ?? .startTLS, trustedCertificatesFile: smtpCaFile)
        }, smsGateway: smsGateway.flatMap(URL.init(string:)).map { SMSGatewayConfiguration(url: $0, token: environment["KINDRED_SMS_TOKEN"]) })
    }
}

/// `kindred migrate`: brings the schema up to date.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply the database migrations that have not run yet.")

    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let logger = commandLogger()
        let database = try await Database.open(try databaseOptions.location(), logger: logger, migrate: false)
        let applied: [Int], version: Int
        do {
            applied = try await Migrator.migrate(database, logger: logger)
            version = try await Migrator.currentVersion(database)
        } catch {
            await database.close()
            throw error
        }
        await database.close()
        struct Result: Encodable { let applied: [Int]; let version: Int }
        try output.print(Result(applied: applied, version: version),
                         text: applied.isEmpty ? "The schema is up to date (version \(version))." : "Applied migrations \(applied.map(String.init).joined(separator: ", ")); the schema is at version \(version).")
    }
}

/// `kindred users`: staff users.
struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage staff users.", subcommands: [Create.self])

    /// `kindred users create --email E --role R`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a staff user and print a one-time password.")

        @Option(help: "The user's sign-in email.") var email: String
        @Option(help: "admin, fundraiser, program_staff or viewer.") var role: StaffRole
        @OptionGroup var databaseOptions: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard ContactNormalisation.email(email) != nil else { throw ValidationError("--email is not a valid email address") }
        }

        func run() async throws {
            let password = Passwords.generate()
            let user = try await databaseOptions.withStore(logger: commandLogger()) { store in
                try await StaffDirectory(database: store.database).createUser(email: email, passwordHash: Passwords.hash(password), role: role)
            }
            struct Result: Encodable { let id: String; let email: String; let role: String; let password: String }
            try output.print(Result(id: user.id, email: user.email, role: user.role.rawValue, password: password),
                             text: "Created \(user.email) (\(user.role.rawValue)). One-time password: \(password)")
        }
    }
}

/// `kindred keys`: API keys.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage API keys.", subcommands: [Create.self])

    /// `kindred keys create --name N --role R`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API key; it is shown once and stored only as a hash.")

        @Option(help: "What the key is for.") var name: String
        @Option(help: "admin, fundraiser, program_staff or viewer.") var role: StaffRole = .viewer
        @Flag(help: "Create a write key: it can only send events to the event API (/v1), as the HTTP Basic user name.")
        var writeKey = false
        @OptionGroup var databaseOptions: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard (1...100).contains(name.trimmingWhitespace().count) else { throw ValidationError("--name must be 1 to 100 characters") }
        }

        func run() async throws {
            let key = try await databaseOptions.withStore(logger: commandLogger()) { store in
                try await StaffDirectory(database: store.database).createKey(name: name, role: writeKey ? .viewer : role, writeOnly: writeKey)
            }
            let kind = writeKey ? "Write key" : "API key"
            try output.print(["key": key.secret], text: "\(kind) (shown once; keep it safe): \(key.secret)")
        }
    }
}
