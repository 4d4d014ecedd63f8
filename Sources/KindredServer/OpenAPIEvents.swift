import KindredCore

/// The event API's part of the OpenAPI document: Segment's tracking calls under `/v1`, authenticated by a write key.
enum OpenAPIEvents {
    typealias S = SchemaBuilder

    /// An id as the tracking spec sends it: 1–200 characters, not blank, no control characters.
    private static let id = S.type("string", ["minLength": 1, "maxLength": 200, "pattern": "^[^\\u0000-\\u001f]*[^\\s\\u0000-\\u001f][^\\u0000-\\u001f]*$"])

    private static let context = S.type("object", ["properties": [
        "userAgent": S.string,
        "page": ["type": "object", "properties": ["url": S.string, "referrer": S.string]],
        "campaign": ["type": "object", "properties": ["source": S.string, "medium": S.string, "name": S.string]],
    ]])

    private static let traits = S.type("object", ["properties": [
        "firstName": S.type("string", ["maxLength": 100]), "lastName": S.type("string", ["maxLength": 100]),
        "name": S.type("string", ["maxLength": 200]), "email": S.type("string", ["format": "email"]),
        "phone": S.string, "language": S.type("string", ["enum": .array(Language.allCases.map { .string($0.rawValue) })]),
    ]])

    /// The schema of one call: the members every call has, plus its own; `type` must name the call.
    private static func call(_ type: TrackingCall, _ own: [S.Property]) -> JSONValue {
        let shared: [S.Property] = [("type", S.type("string", ["const": .string(type.rawValue)]), true),
                                    ("userId", id, false), ("anonymousId", id, false), ("messageId", id, false),
                                    ("timestamp", S.dateTime, false), ("context", context, false)]
        guard case .object(var members) = S.object(shared + own) else { return S.object(shared + own) }
        if type != .alias { members["anyOf"] = [["required": ["userId"]], ["required": ["anonymousId"]]] }
        return .object(members)
    }

    /// The schemas of the calls, the batch and the reply.
    static let schemas: [String: JSONValue] = [
        "IdentifyCall": call(.identify, [("traits", traits, false)]),
        "TrackCall": call(.track, [("event", id, true), ("properties", S.freeObject, false)]),
        "PageCall": call(.page, [("name", id, false), ("properties", S.freeObject, false)]),
        "ScreenCall": call(.screen, [("name", id, false), ("properties", S.freeObject, false)]),
        "AliasCall": call(.alias, [("previousId", id, true), ("userId", id, true)]),
        "Batch": S.object([
            ("batch", S.type("array", ["maxItems": .number(Double(TrackingMessageParser.maxBatchMessages)),
                                       "items": ["anyOf": .array(TrackingCall.allCases.map { S.ref(schemaName($0)) })]]), true),
            ("context", context, false),
        ]),
        "EventReply": S.object([
            ("success", S.boolean, true), ("stored", S.integer, true), ("duplicates", S.integer, true),
            ("rejected", S.array(S.object([("index", S.integer, true), ("reason", S.string, true)])), true),
        ]),
    ]

    private static func schemaName(_ call: TrackingCall) -> String { call.rawValue.capitalized + "Call" }

    /// The `/v1` paths.
    static var paths: [String: JSONValue] {
        var paths: [String: JSONValue] = [:]
        for call in TrackingCall.allCases {
            paths["/v1/\(call.rawValue)"] = ["post": operation(
                "events" + call.rawValue.capitalized, "Record one \(call.rawValue) call (Segment tracking spec)", schemaName(call),
                extra: ["400": OpenAPIDocument.problem("Not JSON, or the call is invalid; the detail names the problem")])]
        }
        paths["/v1/batch"] = ["post": operation(
            "eventsBatch", "Record a batch; each call is checked on its own and refused calls are listed by index", "Batch",
            extra: ["400": OpenAPIDocument.problem("Not JSON, or no batch array")])]
        return paths
    }

    private static func operation(_ id: String, _ summary: String, _ body: String, extra: [String: JSONValue]) -> JSONValue {
        let responses: [String: JSONValue] = [
            "200": ["description": "Stored durably", "content": ["application/json": ["schema": S.ref("EventReply")]]],
            "401": OpenAPIDocument.problem("Missing or unknown write key"), "403": OpenAPIDocument.problem("The key is not a write key"),
            "413": OpenAPIDocument.problem("A call over 32 KB or a batch over 500 KB"),
            "503": OpenAPIDocument.problem("The events could not be stored; retry after the Retry-After seconds"),
        ]
        return ["operationId": .string(id), "summary": .string(summary), "tags": ["events"],
                "security": [["writeKey": []]],
                "requestBody": ["required": true, "content": ["application/json": ["schema": S.ref(body)]]],
                "responses": .object(responses.merging(extra) { $1 })]
    }
}
