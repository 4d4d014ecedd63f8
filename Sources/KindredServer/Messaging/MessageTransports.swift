import Foundation
import KindredCore
import KindredStore
import NIOCore
import NIOPosix
import NIOSSL

/// How an attempt at sending one message ended: nil when sent, else what went wrong and whether retrying can help.
typealias DeliveryFailure = SMTPError

/// Something that sends claimed messages of one channel; answers each message's failure, if any, by id.
protocol MessageTransport: Sendable {
    func deliver(_ messages: [ClaimedMessage], from: EmailAddress, at now: Timestamp) async -> [String: DeliveryFailure]
}

/// The embedded default: each message written to a folder (`.eml` for email, `.sms.txt` for SMS), atomically.
struct OutboxTransport: MessageTransport {
    /// The folder.
    let directory: URL

    func deliver(_ messages: [ClaimedMessage], from: EmailAddress, at now: Timestamp) async -> [String: DeliveryFailure] {
        var failures: [String: DeliveryFailure] = [:]
        for message in messages {
            let (name, text) = message.channel == .email
                ? ("\(message.id).eml", EmailComposer.compose(EmailTransports.email(message, from: from, at: now)))
                : ("\(message.id).sms.txt", "To: \(message.address)\n\n\(message.message.text)\n")
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: directory.appendingPathComponent(name), options: .atomic)
            } catch {
                failures[message.id] = SMTPError(description: "the outbox could not be written: \(error.localizedDescription)", permanent: false)
            }
        }
        return failures
    }
}

/// Where and how to reach an SMTP relay.
public struct SMTPConfiguration: Sendable {
    /// How the connection is protected.
    public enum Security: String, Sendable, CaseIterable {
        /// `STARTTLS` is required: without it nothing is sent (the default).
        case startTLS = "starttls"
        /// Plain text, for a relay on the same machine or network only.
        case none
    }

    /// The relay's host and port.
    public var host: String, port: Int
    /// The credentials, when the relay asks for them.
    public var username: String?, password: String?
    /// How the connection is protected.
    public var security: Security
    /// PEM certificates to trust instead of the system's (for a relay with its own authority).
    public var trustedCertificatesFile: String?

    /// Creates a configuration.
    public init(host: String, port: Int = 587, username: String? = nil, password: String? = nil, security: Security = .startTLS,
                trustedCertificatesFile: String? = nil) {
        (self.host, self.port, self.username, self.password, self.security, self.trustedCertificatesFile) =
            (host, port, username, password, security, trustedCertificatesFile)
    }
}

/// Sends email through an SMTP relay: `EHLO`, `STARTTLS` (required unless told otherwise), `AUTH PLAIN` when
/// credentials are given, then each message on the same connection.
struct SMTPTransport: MessageTransport {
    let configuration: SMTPConfiguration
    let group: any EventLoopGroup

    func deliver(_ messages: [ClaimedMessage], from: EmailAddress, at now: Timestamp) async -> [String: DeliveryFailure] {
        guard !messages.isEmpty else { return [:] }
        var failures: [String: DeliveryFailure] = [:]
        do {
            let connection = try await open()
            do {
                for message in messages {
                    do {
                        try await send(message, from: from, at: now, on: connection)
                    } catch let error as SMTPError where error.permanent {
                        failures[message.id] = error
                        _ = try? await connection.command("RSET", expecting: [250])
                    }
                }
            } catch {
                await connection.close()
                throw error
            }
            await connection.close()
        } catch {
            // A connection, TLS or sign-in problem is the relay's or the configuration's, never the message's: tried again.
            let failure = SMTPError(description: (error as? SMTPError)?.description ?? "\(error)", permanent: false)
            for message in messages where failures[message.id] == nil { failures[message.id] = failure }
        }
        return failures
    }

    private func open() async throws -> SMTPConnection {
        let connection = try await SMTPConnection.open(host: configuration.host, port: configuration.port, group: group)
        let name = "kindred.local"
        var extensions = try await connection.command("EHLO \(name)", expecting: [250]).lines.map { $0.uppercased() }
        if configuration.security == .startTLS {
            guard extensions.contains("STARTTLS") else {
                throw SMTPError(description: "the relay does not offer STARTTLS, which is required (use --smtp-security none for a local relay)", permanent: false)
            }
            try await connection.command("STARTTLS", expecting: [220])
            var tls = TLSConfiguration.makeClientConfiguration()
            if let file = configuration.trustedCertificatesFile { tls.trustRoots = .file(file) }
            try await connection.startTLS(host: configuration.host, configuration: tls)
            extensions = try await connection.command("EHLO \(name)", expecting: [250]).lines.map { $0.uppercased() }
        }
        if let username = configuration.username {
            guard extensions.contains(where: { $0.hasPrefix("AUTH") && $0.contains("PLAIN") }) else {
                throw SMTPError(description: "the relay does not offer AUTH PLAIN", permanent: false)
            }
            let credentials = Data("\0\(username)\0\(configuration.password ?? "")".utf8).base64EncodedString()
            try await connection.command("AUTH PLAIN \(credentials)", expecting: [235])
        }
        return connection
    }

    private func send(_ message: ClaimedMessage, from: EmailAddress, at now: Timestamp, on connection: SMTPConnection) async throws {
        try await connection.command("MAIL FROM:<\(from.address)>", expecting: [250])
        try await connection.command("RCPT TO:<\(message.address)>", expecting: [250, 251])
        try await connection.command("DATA", expecting: [354])
        let text = EmailComposer.compose(EmailTransports.email(message, from: from, at: now))
        // Dot-stuffing (RFC 5321 4.5.2): a line starting with a dot gets a second one.
        let stuffed = text.replacingOccurrences(of: "\r\n.", with: "\r\n..")
        try await connection.write((stuffed.hasPrefix(".") ? "." + stuffed : stuffed) + ".\r\n")
        _ = try await connection.reply(expecting: [250])
    }
}

/// The transports in use and the email they send.
enum EmailTransports {
    /// The email of a claimed message.
    static func email(_ message: ClaimedMessage, from: EmailAddress, at now: Timestamp) -> OutgoingEmail {
        let domain = from.address.split(separator: "@").last.map(String.init) ?? "kindred.local"
        return OutgoingEmail(from: from, to: EmailAddress(address: message.address), message: message.message, messageId: "\(message.id)@\(domain)",
                             date: now, unsubscribeURL: message.unsubscribeURL)
    }
}
