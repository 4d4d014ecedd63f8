/// The calls of Segment's HTTP tracking spec that Kindred accepts.
public enum TrackingCall: String, Vocabulary {
    case identify, track, page, screen, alias
}

/// One validated message of the event API (a Segment identify, track, page, screen or alias call).
public struct TrackingMessage: Sendable, Hashable, Codable {
    /// Which call it is.
    public var type: TrackingCall
    /// The sender's id for the message; a repeated id is stored once.
    public var messageId: String
    /// The sender's stable id for a known person.
    public var userId: String?
    /// The sender's id for a browser or device before the person is known.
    public var anonymousId: String?
    /// For `alias`: the id the person was known by before `userId`.
    public var previousId: String?
    /// The event name of a track call, or the page or screen name.
    public var name: String?
    /// Identify traits (name, email, address…).
    public var traits: JSONValue.Object
    /// Track, page and screen properties.
    public var properties: JSONValue.Object
    /// The context: `userAgent`, `page` (url, referrer), `campaign` (utm fields), `ip`, `locale`…
    public var context: JSONValue.Object
    /// When it happened (the sender's `timestamp`, else when it was received).
    public var timestamp: Timestamp

    /// Creates a message from its parts.
    public init(type: TrackingCall, messageId: String, userId: String? = nil, anonymousId: String? = nil, previousId: String? = nil,
                name: String? = nil, traits: JSONValue.Object = [:], properties: JSONValue.Object = [:],
                context: JSONValue.Object = [:], timestamp: Timestamp) {
        self.type = type
        self.messageId = messageId
        self.userId = userId
        self.anonymousId = anonymousId
        self.previousId = previousId
        self.name = name
        self.traits = traits
        self.properties = properties
        self.context = context
        self.timestamp = timestamp
    }
}

extension TrackingMessage {
    /// The message as JSON in the shape its `Codable` form reads back.
    public var jsonValue: JSONValue {
        var members: JSONValue.Object = [
            "type": .string(type.rawValue), "messageId": .string(messageId), "timestamp": .string(timestamp.description),
            "traits": .object(traits), "properties": .object(properties), "context": .object(context),
        ]
        for (key, value) in [("userId", userId), ("anonymousId", anonymousId), ("previousId", previousId), ("name", name)] {
            if let value { members[key] = .string(value) }
        }
        return .object(members)
    }
}

/// Why one message was refused, in words a sender can act on.
public struct MessageRejection: Error, Sendable, Hashable, Codable {
    /// The reason.
    public let reason: String
    /// True when the message is too large (413 for a single call).
    public let isTooLarge: Bool

    /// Creates a rejection.
    public init(_ reason: String, isTooLarge: Bool = false) {
        self.reason = reason
        self.isTooLarge = isTooLarge
    }
}

/// Checks raw event-API messages against the tracking spec.
public enum TrackingMessageParser {
    /// The largest single message, in bytes of JSON.
    public static let maxMessageBytes = 32 * 1024
    /// The largest batch request, in bytes.
    public static let maxBatchBytes = 500 * 1024
    /// The most messages one batch may hold.
    public static let maxBatchMessages = 2_500

    /// Validates one message of `byteCount` bytes. `expected` is the call named by the URL (nil inside a batch);
    /// `type` is required and must agree with it. A missing `messageId` gets `newMessageId()`.
    public static func parse(_ value: JSONValue, byteCount: Int, expected: TrackingCall?, receivedAt: Timestamp,
                             newMessageId: () -> String) throws(MessageRejection) -> TrackingMessage {
        guard byteCount <= maxMessageBytes else {
            throw MessageRejection("the message is \(byteCount) bytes; at most \(maxMessageBytes) are allowed", isTooLarge: true)
        }
        guard case .object(let body) = value else { throw MessageRejection("a message must be a JSON object") }
        guard let typeValue = body["type"] else { throw MessageRejection("type is required (identify, track, page, screen or alias)") }
        guard case .string(let rawType) = typeValue, let type = TrackingCall(rawValue: rawType) else {
            throw MessageRejection("type must be one of: \(TrackingCall.allowedValues)")
        }
        if let expected, expected != type {
            throw MessageRejection("type is \"\(rawType)\" but this endpoint accepts only \"\(expected.rawValue)\"")
        }
        var message = TrackingMessage(
            type: type, messageId: try identifier(body, "messageId") ?? newMessageId(),
            userId: try identifier(body, "userId"), anonymousId: try identifier(body, "anonymousId"),
            traits: try object(body, "traits"), properties: try object(body, "properties"),
            context: try context(body), timestamp: try timestamp(body, receivedAt: receivedAt))
        switch type {
        case .alias:
            message.previousId = try identifier(body, "previousId")
            guard message.previousId != nil, message.userId != nil else {
                throw MessageRejection("an alias call needs both previousId and userId")
            }
        case .track:
            guard let event = try identifier(body, "event") else { throw MessageRejection("event is required for a track call") }
            message.name = event
        case .page, .screen:
            message.name = try identifier(body, "name")
        case .identify:
            break
        }
        if type != .alias, message.userId == nil, message.anonymousId == nil {
            throw MessageRejection("userId or anonymousId is required")
        }
        return message
    }

    /// A non-empty string member of at most 200 characters, or nil when absent.
    private static func identifier(_ body: JSONValue.Object, _ key: String) throws(MessageRejection) -> String? {
        guard let value = body[key], value != .null else { return nil }
        guard case .string(let raw) = value else { throw MessageRejection("\(key) must be a string") }
        let trimmed = raw.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw MessageRejection("\(key) must not be empty") }
        guard trimmed.count <= 200 else { throw MessageRejection("\(key) must be at most 200 characters") }
        guard !raw.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw MessageRejection("\(key) must not contain control characters")
        }
        return trimmed
    }

    private static func object(_ body: JSONValue.Object, _ key: String, path: String = "") throws(MessageRejection) -> JSONValue.Object {
        guard let value = body[key], value != .null else { return [:] }
        guard case .object(let members) = value else { throw MessageRejection("\(path)\(key) must be a JSON object") }
        return members
    }

    /// The string members of the context objects Kindred reads.
    public static let contextStrings = ["page": ["url", "referrer", "title", "path", "search"], "campaign": ["source", "medium", "name", "term", "content"]]

    /// The context, whose members Kindred reads must have the spec's types: `userAgent` a string, `page` and
    /// `campaign` objects of strings.
    public static func context(_ body: JSONValue.Object) throws(MessageRejection) -> JSONValue.Object {
        let context = try object(body, "context")
        if let agent = context["userAgent"], agent != .null, agent.stringValue == nil {
            throw MessageRejection("context.userAgent must be a string")
        }
        for (key, members) in contextStrings {
            let part = try object(context, key, path: "context.")
            for member in members where part[member].map({ $0 != .null && $0.stringValue == nil }) ?? false {
                throw MessageRejection("context.\(key).\(member) must be a string")
            }
        }
        return context
    }

    private static func timestamp(_ body: JSONValue.Object, receivedAt: Timestamp) throws(MessageRejection) -> Timestamp {
        guard let value = body["timestamp"], value != .null, value != .string("") else { return receivedAt }
        guard case .string(let raw) = value, let parsed = Timestamp(iso8601: raw) else {
            throw MessageRejection("timestamp must be an ISO 8601 date-time such as 2026-05-01T12:00:00Z")
        }
        return parsed
    }
}
