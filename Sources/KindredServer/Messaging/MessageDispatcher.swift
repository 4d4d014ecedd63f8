import Foundation
import KindredCore
import KindredStore
import Logging
import NIOPosix
import ServiceLifecycle

/// Where messages go: email to an SMTP relay or the outbox folder, SMS to the outbox folder (an SMS gateway is a
/// `MessageTransport` of its own).
public struct MessageDeliveryConfiguration: Sendable {
    /// The folder messages are written to when they are not relayed (`.eml` and `.sms.txt` files).
    public var outboxDirectory: String
    /// The SMTP relay for email; nil writes email to the outbox.
    public var smtp: SMTPConfiguration?
    /// The HTTP gateway for SMS; nil writes text messages to the outbox.
    public var smsGateway: SMSGatewayConfiguration?

    /// Creates a configuration; by default everything goes to `./outbox`.
    public init(outboxDirectory: String = "outbox", smtp: SMTPConfiguration? = nil, smsGateway: SMSGatewayConfiguration? = nil) {
        (self.outboxDirectory, self.smtp, self.smsGateway) = (outboxDirectory, smtp, smsGateway)
    }
}

/// Sends queued messages beside the HTTP server, each at its allowed time and after the send policy has been checked
/// again; several processes may run it on one PostgreSQL database (a message is claimed by one of them only).
public struct MessageDispatcher: Service {
    let store: KindredStore
    let logger: Logger
    let every: Duration
    let email: any MessageTransport, sms: any MessageTransport

    /// Creates the dispatcher, looking for due messages every `every`.
    public init(store: KindredStore, configuration: MessageDeliveryConfiguration, logger: Logger, every: Duration = .seconds(2)) {
        let outbox = OutboxTransport(directory: URL(fileURLWithPath: configuration.outboxDirectory, isDirectory: true))
        (self.store, self.logger, self.every) = (store, logger, every)
        email = configuration.smtp.map { SMTPTransport(configuration: $0, group: MultiThreadedEventLoopGroup.singleton) } ?? outbox
        sms = configuration.smsGateway.map(SMSGatewayTransport.init) ?? outbox
    }

    /// Runs until shutdown.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                while await sendDue() > 0 && !Task.isCancelled {}
                try? await Task.sleep(for: every)
            }
        }
    }

    /// Sends up to fifty messages that are due now and answers how many were attempted.
    @discardableResult
    public func sendDue() async -> Int {
        do {
            let due = try await store.messages.claimDue(limit: 50)
            guard !due.isEmpty else { return 0 }
            let settings = try await store.messages.settings()
            let from = EmailAddress(name: settings.fromName, address: settings.fromAddress)
            var failures: [String: DeliveryFailure] = [:]
            for (channel, transport) in [(MessageChannel.email, email), (.sms, sms)] {
                let batch = due.filter { $0.channel == channel }
                if !batch.isEmpty { failures.merge(await transport.deliver(batch, from: from, at: store.clock())) { first, _ in first } }
            }
            for message in due {
                let failure = failures[message.id]
                try await store.messages.recordAttempt(message.id, error: failure?.description, permanent: failure?.permanent ?? false)
                if let failure { logger.warning("message not sent", metadata: ["message": "\(message.id)", "error": "\(failure)"]) }
            }
            return due.count
        } catch {
            logger.error("message round failed", metadata: ["error": "\(error)"])
            return 0
        }
    }
}
