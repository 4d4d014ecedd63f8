import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KindredCore
import KindredStore

/// An HTTP SMS gateway: where text messages are posted, and the token that signs in.
public struct SMSGatewayConfiguration: Sendable {
    /// The gateway's address (http or https).
    public var url: URL
    /// Sent as `Authorization: Bearer TOKEN` when given.
    public var token: String?

    /// Creates a configuration.
    public init(url: URL, token: String?) { (self.url, self.token) = (url, token) }
}

/// Sends each text message as one JSON `POST` to a gateway — `{"to": "+32470123456", "text": "…", "reference":
/// MESSAGE_ID}` with the message id also as `Idempotency-Key`, so a retried request is sent once by a gateway that
/// honours it. A 2xx answer sends it; 4xx (except 408 and 429) fails that message; anything else, or no answer within
/// ten seconds, is tried again later.
struct SMSGatewayTransport: MessageTransport {
    let configuration: SMSGatewayConfiguration

    func deliver(_ messages: [ClaimedMessage], from: EmailAddress, at now: Timestamp) async -> [String: DeliveryFailure] {
        var failures: [String: DeliveryFailure] = [:]
        for message in messages {
            if let failure = await send(message) { failures[message.id] = failure }
        }
        return failures
    }

    private func send(_ message: ClaimedMessage) async -> DeliveryFailure? {
        var request = URLRequest(url: configuration.url, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(message.id, forHTTPHeaderField: "Idempotency-Key")
        if let token = configuration.token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        request.httpBody = Data(JSONText.serialize(["to": .string(message.address), "text": .string(message.message.text),
                                                    "reference": .string(message.id)]).utf8)
        do {
            let (_, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            if (200..<300).contains(status) { return nil }
            let permanent = (400..<500).contains(status) && ![408, 429].contains(status)
            return DeliveryFailure(description: "the SMS gateway answered \(status)", permanent: permanent)
        } catch {
            return DeliveryFailure(description: "the SMS gateway could not be reached: \(error.localizedDescription)", permanent: false)
        }
    }
}
