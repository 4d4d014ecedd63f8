import Foundation
import Hummingbird
import KindredCore
import KindredStore

/// A reply of the event API: Segment's `{"success": true}`, plus what was stored and what was refused.
struct EventReply: Encodable {
    /// Always true on 200: the accepted messages are durably stored.
    let success: Bool
    /// Messages stored for the first time.
    let stored: Int
    /// Messages already stored under the same messageId (retries).
    let duplicates: Int
    /// For a batch: every refused message, by its index in `batch`, with the reason.
    let rejected: [Rejected]

    /// One refused message of a batch.
    struct Rejected: Encodable {
        /// Its index in `batch`.
        let index: Int
        /// Why it was refused.
        let reason: String
    }
}

/// The event API, compatible with Segment's HTTP tracking spec: identify, track, page, screen, alias and batch
/// under `/v1`, authenticated by a write key as the HTTP Basic user name.
enum EventRoutes {
    /// Registers the event API.
    static func register(on routes: RouteRecorder, store: KindredStore) {
        let directory = StaffDirectory(database: store.database, clock: store.clock)
        for call in TrackingCall.allCases {
            /// Records one identify, track, page, screen or alias call.
            routes.add(.post, "/v1/\(call.rawValue)") { request, context in
                let actor = try await writeKeyActor(request, directory: directory)
                let (value, byteCount) = try await body(request, limit: TrackingMessageParser.maxMessageBytes)
                let message: TrackingMessage
                switch parse(value, byteCount: byteCount, expected: call, receivedAt: store.clock()) {
                case .success(let parsed): message = parsed
                case .failure(let rejection): throw Problem(rejection.isTooLarge ? .contentTooLarge : .badRequest, rejection.reason)
                }
                let outcome = try await store.events.ingest([message], by: actor)
                return try JSONResponse.make(EventReply(success: true, stored: outcome.stored, duplicates: outcome.duplicates, rejected: []))
            }
        }
        /// Records a batch: each message is checked on its own; the valid ones are stored, the others listed.
        routes.add(.post, "/v1/batch") { request, context in
            let actor = try await writeKeyActor(request, directory: directory)
            let (value, _) = try await body(request, limit: TrackingMessageParser.maxBatchBytes)
            guard case .array(let items)? = value.objectValue?["batch"] else {
                throw Problem(.badRequest, "the body must be an object with a \"batch\" array of messages")
            }
            guard items.count <= TrackingMessageParser.maxBatchMessages else {
                throw Problem(.badRequest, "a batch may hold at most \(TrackingMessageParser.maxBatchMessages) messages")
            }
            let shared: JSONValue.Object
            do throws(MessageRejection) {
                shared = try TrackingMessageParser.context(value.objectValue ?? [:])
            } catch {
                throw Problem(.badRequest, error.reason)
            }
            let receivedAt = store.clock()
            var messages: [TrackingMessage] = [], rejected: [EventReply.Rejected] = []
            for (index, item) in items.enumerated() {
                switch parse(item, byteCount: item.encodedSizeEstimate, expected: nil, receivedAt: receivedAt) {
                case .success(var message):
                    message.context = shared.merging(message.context) { _, own in own }
                    messages.append(message)
                case .failure(let rejection):
                    rejected.append(.init(index: index, reason: rejection.reason))
                }
            }
            let outcome = try await store.events.ingest(messages, by: actor)
            return try JSONResponse.make(EventReply(success: true, stored: outcome.stored, duplicates: outcome.duplicates, rejected: rejected))
        }
    }

    /// Parses and checks one message; a missing messageId gets a random one.
    private static func parse(_ value: JSONValue, byteCount: Int, expected: TrackingCall?, receivedAt: Timestamp) -> Result<TrackingMessage, MessageRejection> {
        Result { () throws(MessageRejection) in
            try check(try TrackingMessageParser.parse(value, byteCount: byteCount, expected: expected, receivedAt: receivedAt,
                                                      newMessageId: { UUID().uuidString.lowercased() }))
        }
    }

    /// Refuses, before anything is stored, what a message would fail at: a donation's amount and currency, feedback's
    /// rating and scale, traits.
    private static func check(_ message: TrackingMessage) throws(MessageRejection) -> TrackingMessage {
        switch message.type {
        case .identify:
            _ = try EventEnrichment.constituent(traits: message.traits, base: ConstituentInput())
        case .track where EventMapping.defaults.rule(for: message.name ?? "").createsGift:
            _ = try EventEnrichment.gift(from: message, constituentId: RecordIdentifier.make(at: message.timestamp))
        case .track where EventMapping.defaults.rule(for: message.name ?? "").interactionType == EventEnrichment.feedbackInteractionType:
            _ = try EventEnrichment.feedback(from: message, constituentId: RecordIdentifier.make(at: message.timestamp))
        default:
            break
        }
        return message
    }

    /// The body as JSON: 413 over `limit` bytes, 400 when it is not a JSON object.
    private static func body(_ request: Request, limit: Int) async throws -> (JSONValue, Int) {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch {
            throw Problem(.contentTooLarge, "the body is larger than the limit of \(limit / 1024) KB")
        }
        guard let value = try? JSONText.parse(buffer.readableBytesView), case .object = value else {
            throw Problem(.badRequest, "the body must be a JSON object (JSON nested at most \(JSONText.maxDepth) deep)")
        }
        return (value, buffer.readableBytes)
    }

    /// The actor of the write key sent as the HTTP Basic user name; 401 when absent or unknown, 403 for a key
    /// that is not a write key.
    private static func writeKeyActor(_ request: Request, directory: StaffDirectory) async throws -> Actor {
        let challenge: HTTPFields = [.wwwAuthenticate: "Basic realm=\"Kindred events\""]
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("basic "),
              let decoded = Data(base64Encoded: String(header.dropFirst("basic ".count)).trimmingWhitespace()),
              let credentials = String(data: decoded, encoding: .utf8) else {
            throw Problem(.unauthorized, "send a write key as the HTTP Basic user name", headers: challenge)
        }
        let key = String(credentials.prefix { $0 != ":" })
        guard !key.isEmpty, key.count <= 200, let found = try await directory.actor(forKey: key) else {
            throw Problem(.unauthorized, "the write key is not valid", headers: challenge)
        }
        guard found.writeOnly else { throw Problem(.forbidden, "this is an API key; the event API takes a write key") }
        return found.actor
    }
}
