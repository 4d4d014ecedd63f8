import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KindredCore
import KindredStore
import Logging
import ServiceLifecycle

/// Sends queued webhook deliveries beside the HTTP server: each is POSTed as JSON with `Kindred-Event`,
/// `Kindred-Delivery` and `Kindred-Signature` headers; a 2xx answer delivers it, anything else (or no answer within
/// ten seconds) is tried again with backoff. Several processes may run it on one PostgreSQL database.
public struct WebhookDispatcher: Service {
    let store: KindredStore
    let logger: Logger
    let every: Duration

    /// Seconds a receiver has to answer.
    static let timeout: TimeInterval = 10

    /// Creates the dispatcher, looking for due deliveries every `every`.
    public init(store: KindredStore, logger: Logger, every: Duration = .seconds(2)) {
        (self.store, self.logger, self.every) = (store, logger, every)
    }

    /// Runs until shutdown.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await deliverDue()
                try? await Task.sleep(for: every)
            }
        }
    }

    /// Sends every delivery that is due now, once each, and answers how many were attempted.
    @discardableResult
    public func deliverDue() async -> Int {
        do {
            let due = try await store.webhooks.claimDue()
            await withTaskGroup(of: Void.self) { group in
                for delivery in due { group.addTask { await send(delivery) } }
            }
            return due.count
        } catch {
            logger.error("webhook delivery round failed", metadata: ["error": "\(error)"])
            return 0
        }
    }

    private func send(_ delivery: ClaimedDelivery) async {
        var status: Int?, failure: String?
        if let url = URL(string: delivery.url) {
            let body = Data(delivery.payload.utf8)
            var request = URLRequest(url: url, timeoutInterval: Self.timeout)
            request.httpMethod = "POST"
            request.httpBody = body
            for (name, value) in [("Content-Type", "application/json"), ("User-Agent", "Kindred-Webhooks/1"), ("Kindred-Event", delivery.event),
                                  ("Kindred-Delivery", delivery.id),
                                  ("Kindred-Signature", WebhookSignature.header(secret: delivery.secret, seconds: store.clock().millisecondsSinceEpoch / 1000, body: body))] {
                request.setValue(value, forHTTPHeaderField: name)
            }
            do {
                let (_, response) = try await URLSession.shared.data(for: request)
                status = (response as? HTTPURLResponse)?.statusCode
                if let status, !(200..<300).contains(status) { failure = "the receiver answered \(status)" }
            } catch {
                failure = error.localizedDescription
            }
        } else {
            failure = "the URL cannot be read"
        }
        do {
            try await store.webhooks.record(delivery.id, status: status, error: failure)
        } catch {
            logger.error("could not record a webhook attempt", metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
        }
        if let failure { logger.warning("webhook delivery failed", metadata: ["delivery": "\(delivery.id)", "error": "\(failure)"]) }
    }
}
