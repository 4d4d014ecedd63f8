import KindredCore

/// The segments part of the OpenAPI document: definitions, the rule's JSON form, members, previews and events.
enum OpenAPISegments {
    typealias S = SchemaBuilder
    typealias D = OpenAPIDocument

    private static let scalar: JSONValue = ["anyOf": [S.type("string", ["maxLength": 500]), S.type("number"), S.boolean]]
    private static let value: JSONValue = ["anyOf": [scalar, S.type("array", ["items": scalar, "maxItems": 1000])]]
    private static let op = S.oneOf(SegmentOperator.self)
    private static let condition: JSONValue = [
        "type": "object", "required": ["field", "op"], "additionalProperties": false,
        "properties": ["field": S.type("string", ["maxLength": 200]), "op": op, "value": value],
    ]
    private static func combination(_ key: String) -> JSONValue {
        ["type": "object", "required": [.string(key)], "additionalProperties": false,
         "properties": [key: S.type("array", ["items": S.ref("SegmentRule"), "minItems": 1, "maxItems": 100])]]
    }

    /// The schemas.
    static let schemas: [String: JSONValue] = [
        "SegmentRule": ["oneOf": [
            combination("and"), combination("or"),
            ["type": "object", "required": ["not"], "additionalProperties": false, "properties": ["not": S.ref("SegmentRule")]],
            condition,
            ["type": "object", "required": ["count"], "additionalProperties": false, "properties": [
                "count": S.oneOf(SegmentSource.self), "where": S.type("array", ["items": condition, "maxItems": 20]),
                "withinDays": S.type("integer", ["minimum": 1, "maximum": 36_500]), "op": op,
                "value": S.type("integer", ["minimum": 0, "maximum": 1_000_000])]],
        ]],
        "Segment": S.object([
            ("id", S.identifier, true), ("name", S.string, true), ("description", S.string, false), ("kind", S.oneOf(SegmentKind.self), true),
            ("rule", S.ref("SegmentRule"), false), ("ruleText", S.string, false), ("createdAt", S.dateTime, true),
            ("updatedAt", S.dateTime, true), ("memberCount", S.integer, false),
        ]),
        "SegmentInput": S.object([
            ("name", S.type("string", ["maxLength": 200, "pattern": "\\S"]), true),
            ("description", S.nullable(S.type("string", ["maxLength": 4000])), false),
            ("kind", S.nullable(S.oneOf(SegmentKind.self)), false),
            ("rule", ["anyOf": [S.ref("SegmentRule"), S.type("null")]], false),
            ("ruleText", S.nullable(S.type("string", ["maxLength": 10_000])), false),
        ]),
        "RulePreview": S.object([("rule", ["anyOf": [S.ref("SegmentRule"), S.type("null")]], false),
                                 ("ruleText", S.nullable(S.type("string", ["maxLength": 10_000])), false)]),
        "MemberChange": S.object([("constituentIds", S.type("array", ["items": S.identifier, "minItems": 1, "maxItems": 1000]), true)]),
        "SegmentEvent": S.object([("id", S.identifier, true), ("segmentId", S.identifier, true), ("constituentId", S.identifier, true),
                                  ("kind", S.type("string", ["enum": ["entered", "left"]]), true), ("occurredAt", S.dateTime, true)]),
    ]

    /// The paths.
    static var paths: [String: JSONValue] {
        let id = D.parameter("id", in: "path", S.identifier)
        let page = [D.parameter("cursor", in: "query", S.identifier), D.parameter("limit", in: "query", S.type("integer", ["minimum": 1, "maximum": 200]))]
        let bodyProblems: [String: JSONValue] = ["400": D.problem("The body is not a JSON object"), "413": D.problem("The body is larger than 1 MiB"),
                                                 "422": D.problem("Invalid fields, each named; a rule error points at its spot")]
        let changed = D.json("How many changed", S.object([("changed", S.integer, true)]))
        return [
            "/api/v1/segments": [
                "post": D.operation("segmentsCreate", "Create a dynamic segment (rule or ruleText) or a static list", "segments", body: "SegmentInput",
                                    responses: bodyProblems.merging(["201": D.json("The segment", S.ref("Segment")),
                                                                     "409": D.problem("A segment has this name")]) { $1 }),
                "get": D.operation("segmentsList", "Segments by id, a page at a time", "segments", parameters: page,
                                   responses: ["200": D.json("A page", S.page(S.ref("Segment"))), "422": D.problem("Invalid query parameters")]),
            ],
            "/api/v1/segments/preview": ["post": D.operation(
                "segmentsPreview", "Count who matches a rule now, without saving it", "segments", body: "RulePreview",
                responses: bodyProblems.merging(["200": D.json("The count and the canonical rule", S.object([
                    ("count", S.integer, true), ("rule", S.ref("SegmentRule"), true), ("ruleText", S.string, true)]))]) { $1 })],
            "/api/v1/segments/{id}": [
                "get": D.operation("segmentsRead", "A segment with its member count now", "segments", parameters: [id],
                                   responses: ["200": D.json("The segment", S.ref("Segment")), "404": D.problem("No such segment")]),
                "put": D.operation("segmentsReplace", "Replace a segment's definition", "segments", parameters: [id], body: "SegmentInput",
                                   responses: bodyProblems.merging(["200": D.json("The segment", S.ref("Segment")), "404": D.problem("No such segment"),
                                                                    "409": D.problem("A segment has this name")]) { $1 }),
                "delete": D.operation("segmentsDelete", "Delete a segment with its members and events", "segments", parameters: [id],
                                      responses: ["204": ["description": "Deleted"], "404": D.problem("No such segment")]),
            ],
            "/api/v1/segments/{id}/members": [
                "get": D.operation("segmentsMembers", "The members the caller may see, now, a page at a time", "segments", parameters: [id] + page,
                                   responses: ["200": D.json("A page", S.ref("ConstituentPage")), "404": D.problem("No such segment"),
                                               "422": D.problem("Invalid query parameters")]),
                "post": D.operation("segmentsAddMembers", "Add constituents to a static list", "segments", parameters: [id], body: "MemberChange",
                                    responses: bodyProblems.merging(["200": changed, "404": D.problem("No such segment"),
                                                                     "409": D.problem("The segment follows a rule")]) { $1 }),
            ],
            "/api/v1/segments/{id}/members/remove": ["post": D.operation(
                "segmentsRemoveMembers", "Remove constituents from a static list", "segments", parameters: [id], body: "MemberChange",
                responses: bodyProblems.merging(["200": changed, "404": D.problem("No such segment"), "409": D.problem("The segment follows a rule")]) { $1 })],
            "/api/v1/segments/{id}/events": ["get": D.operation(
                "segmentsEvents", "Who entered and who left, oldest first", "segments", parameters: [id] + page,
                responses: ["200": D.json("A page", S.page(S.ref("SegmentEvent"))), "404": D.problem("No such segment"),
                            "422": D.problem("Invalid query parameters")])],
        ]
    }
}
