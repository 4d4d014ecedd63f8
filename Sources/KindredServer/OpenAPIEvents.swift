import KindredCore

/// The event API's part of the OpenAPI document: Segment's tracking calls under `/v1`, authenticated by a write key.
enum OpenAPIEvents {
    typealias S = SchemaBuilder

    /// An id as the tracking spec sends it: 1–200 characters, not blank, no control characters.
    private static let id = S.type("string", ["minLength": 1, "maxLength": 200, "pattern": "^[^\\u0000-\\u001f]*[^\\s\\u0000-\\u001f][^\\u0000-\\u001f]*$"])

    private static let optionalString = S.nullable(S.string)

    private static let context = S.type("object", ["properties": [
        "userAgent": optionalString,
        "page": S.nullable(S.type("object", ["properties": .object(Dictionary(uniqueKeysWithValues: TrackingMessageParser.contextStrings["page"]!.map { ($0, optionalString) }))])),
        "campaign": S.nullable(S.type("object", ["properties": .object(Dictionary(uniqueKeysWithValues: TrackingMessageParser.contextStrings["campaign"]!.map { ($0, optionalString) }))])),
    ]])

    /// Free text as the validator accepts it: no control characters but tab and line breaks.
    private static func text(_ maxLength: Int) -> JSONValue {
        S.nullable(S.type("string", ["maxLength": .number(Double(maxLength)), "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f]*$"]))
    }

    private static let traits = S.type("object", ["properties": [
        "firstName": text(100), "first_name": text(100), "lastName": text(100), "last_name": text(100), "name": text(200),
        "email": S.nullable(S.type("string", ["pattern": "^\\s*$|^[A-Za-z0-9_%+-]+(\\.[A-Za-z0-9_%+-]+)*@[A-Za-z0-9]+(\\.[A-Za-z0-9]+)*\\.[A-Za-z]{2,}$", "maxLength": 200])),
        "phone": S.nullable(S.type("string", ["pattern": "^\\s*$|^\\+[1-9][0-9]{7,13}$"])),
        "language": optionalString, "locale": optionalString,
        "address": S.nullable(S.type("object", ["properties": [
            "street": text(200), "line1": text(200), "line2": text(200), "postalCode": text(20), "postal_code": text(20),
            "city": text(100), "state": text(100), "region": text(100),
            "country": S.nullable(S.type("string", ["pattern": "^\\s*$|^[A-Za-z]{2}$"])),
        ]])),
    ]])

    /// The schema of one call: the members every call has, plus its own; `type` must name the call.
    private static func call(_ type: TrackingCall, _ own: [S.Property]) -> JSONValue {
        let shared: [S.Property] = [("type", S.type("string", ["const": .string(type.rawValue)]), true),
                                    ("userId", id, false), ("anonymousId", id, false), ("messageId", id, false),
                                    ("timestamp", S.dateTime, false), ("context", context, false)]
        let properties = (shared + own).map { ($0.name, $0.required ? $0.schema : S.nullable($0.schema), $0.required) }
        guard case .object(var members) = S.object(properties) else { return S.object(properties) }
        if type != .alias {
            members["anyOf"] = [["required": ["userId"], "properties": ["userId": id]],
                                ["required": ["anonymousId"], "properties": ["anonymousId": id]]]
        }
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
            ("batch", S.type("array", [
                "maxItems": .number(Double(TrackingMessageParser.maxBatchMessages)),
                "description": "Calls as IdentifyCall, TrackCall, PageCall, ScreenCall or AliasCall describe them. Each is checked on its own: an invalid one is listed in the reply's rejected, not refused with the batch.",
                "items": ["description": "One call"]]), true),
            ("context", S.nullable(context), false),
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
            extra: ["400": OpenAPIDocument.problem("Not JSON, no batch array, or more than 2,500 calls")])]
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
