import KindredCore

/// The data-in part of the OpenAPI document: imports, exports, the event-mapping setting, duplicates and merges.
enum OpenAPIDataIn {
    typealias S = SchemaBuilder
    typealias D = OpenAPIDocument

    private static let csv: JSONValue = ["description": "CSV (UTF-8, RFC 4180, formula-safe)", "content": ["text/csv": ["schema": S.string]]]
    private static let pairs = S.array(S.type("string", ["pattern": "^[^=]+=.+$", "maxLength": 400]))
    private static let text = S.type("string", ["maxLength": 200])

    private static let issue = S.object([("row", S.integer, true), ("column", S.string, true), ("reason", S.string, true)])
    private static let rule = S.object([("interactionType", S.type("string", ["pattern": "^[a-z][a-z0-9_]{0,63}$"]), true),
                                        ("channel", S.type("string", ["pattern": "^[a-z][a-z0-9_]{0,63}$"]), true),
                                        ("dimension", S.nullable(S.oneOf(EngagementDimension.self)), false),
                                        ("negative", S.nullable(S.boolean), false), ("createsGift", S.nullable(S.boolean), false)])

    /// The schemas.
    static let schemas: [String: JSONValue] = [
        "ImportStatus": S.object([
            ("id", S.identifier, true), ("status", S.type("string", ["enum": ["running", "applied", "rejected", "dry_run", "failed"]]), true),
            ("progress", S.object([("bytesRead", S.integer, true), ("bytesTotal", S.integer, true), ("rowsRead", S.integer, true), ("bytesApplied", S.integer, true)]), false),
            ("report", S.object([
                ("id", S.identifier, true), ("kind", S.oneOf(ImportKind.self), true), ("status", S.string, true),
                ("rowsRead", S.integer, true), ("created", S.integer, true), ("updated", S.integer, true), ("unchanged", S.integer, true),
                ("constituentsCreated", S.integer, true), ("issueCount", S.integer, true), ("issues", S.array(issue), true),
            ]), false),
        ]),
        "DuplicateCandidate": S.object([
            ("pair", S.object([("firstId", S.identifier, true), ("secondId", S.identifier, true),
                               ("matched", S.array(S.oneOf(MatchRule.self)), true), ("score", S.integer, true)]), true),
            ("firstName", S.string, true), ("secondName", S.string, true),
        ]),
        "Merge": S.object([("id", S.identifier, true), ("survivorId", S.identifier, true), ("duplicateId", S.identifier, true),
                           ("taken", S.array(S.oneOf(MergeField.self)), true), ("mergedAt", S.dateTime, true), ("undoneAt", S.dateTime, false)]),
        "MergeInput": S.object([("survivorId", S.identifier, true), ("duplicateId", S.identifier, true),
                                ("take", S.nullable(S.array(S.oneOf(MergeField.self))), false)]),
        "EventMapping": S.object([("rules", S.type("object", ["additionalProperties": rule]), true),
                                  ("overrides", S.type("object", ["additionalProperties": rule]), true)]),
        "EventMappingInput": S.object([("overrides", S.type("object", ["additionalProperties": rule, "maxProperties": 500,
                                                                       "propertyNames": ["minLength": 1, "maxLength": 200, "pattern": "\\S"]]), true)]),
    ]

    /// The paths.
    static var paths: [String: JSONValue] {
        let idParameter = D.parameter("id", in: "path", S.identifier)
        var paths: [String: JSONValue] = [
            "/api/v1/imports": ["post": D.operation(
                "importsCreate", "Upload a CSV file and start importing it; poll the run it answers with", "imports",
                parameters: [D.parameter("kind", in: "query", S.oneOf(ImportKind.self)),
                             D.parameter("preset", in: "query", S.type("string", ["enum": .array(ImportPreset.all.map { .string($0.name) })])),
                             D.parameter("source", in: "query", text), D.parameter("dryRun", in: "query", S.boolean),
                             D.parameter("partial", in: "query", S.boolean), D.parameter("map", in: "query", pairs),
                             D.parameter("default", in: "query", pairs)],
                csvBody: true,
                responses: ["202": D.json("The import is running", S.ref("ImportStatus")),
                            "400": D.problem("No file was sent"), "413": D.problem("The file is larger than 2 GiB"),
                            "422": D.problem("Invalid query parameters")])],
            "/api/v1/imports/{id}": ["get": D.operation(
                "importsRead", "An import: its progress while it runs, its report with every bad row once done", "imports",
                parameters: [idParameter],
                responses: ["200": D.json("The import", S.ref("ImportStatus")), "404": D.problem("No such import"),
                            "422": D.problem("Invalid id")])],
            "/api/v1/imports/{id}/report": ["get": D.operation(
                "importsReport", "The bad rows of a finished import as CSV: row, column, reason", "imports", parameters: [idParameter],
                responses: ["200": csv, "404": D.problem("No such import"), "409": D.problem("The import is still running"),
                            "422": D.problem("Invalid id")])],
            "/api/v1/settings/event-mapping": [
                "get": D.operation("settingsEventMappingRead", "The event-name rules in force and the organisation's overrides", "settings",
                                   responses: ["200": D.json("The mapping", S.ref("EventMapping"))]),
                "put": D.operation("settingsEventMappingReplace", "Replace the organisation's overrides of the event-name rules", "settings",
                                   body: "EventMappingInput",
                                   responses: ["200": D.json("The mapping now in force", S.ref("EventMapping")),
                                               "400": D.problem("The body is not a JSON object"), "413": D.problem("The body is larger than 1 MiB"),
                                               "422": D.problem("Invalid rules, each named")]),
            ],
        ]
        paths["/api/v1/duplicates"] = ["get": D.operation(
            "duplicatesList", "Likely duplicates, best first, with their score and what matched", "identity",
            parameters: [D.parameter("threshold", in: "query", S.type("integer", ["minimum": 1, "maximum": 10_000])),
                         D.parameter("limit", in: "query", S.type("integer", ["minimum": 1, "maximum": 200]))],
            responses: ["200": D.json("The candidates", S.object([("items", S.array(S.ref("DuplicateCandidate")), true)])),
                        "422": D.problem("Invalid query parameters")])]
        paths["/api/v1/merges"] = ["post": D.operation(
            "mergesCreate", "Merge a duplicate into a survivor; everything moves and the merge can be undone", "identity", body: "MergeInput",
            responses: ["201": D.json("The merge", S.ref("Merge")), "400": D.problem("The body is not a JSON object"),
                        "409": D.problem("A record cannot be merged into itself"), "413": D.problem("The body is larger than 1 MiB"),
                        "422": D.problem("Invalid or unknown ids")])]
        paths["/api/v1/merges/{id}/undo"] = ["post": D.operation(
            "mergesUndo", "Undo a merge exactly", "identity", parameters: [idParameter],
            responses: ["200": D.json("The merge, now undone", S.ref("Merge")), "404": D.problem("No such merge"),
                        "409": D.problem("Already undone, or the survivor is gone"), "422": D.problem("Invalid id")])]
        let range = [D.parameter("from", in: "query", S.type("string", ["format": "date"])),
                     D.parameter("until", in: "query", S.type("string", ["format": "date"]))]
        let filters: [ImportKind: [JSONValue]] = [
            .constituents: [D.parameter("role", in: "query", S.oneOf(ConstituentRole.self)), D.parameter("tag", in: "query", text),
                            D.parameter("segment", in: "query", S.identifier)],
            .gifts: [D.parameter("constituentId", in: "query", S.identifier), D.parameter("campaignId", in: "query", S.identifier)] + range,
            .interactions: [D.parameter("constituentId", in: "query", S.identifier), D.parameter("type", in: "query", text)] + range,
        ]
        for kind in ImportKind.allCases {
            paths["/api/v1/exports/\(kind.rawValue)"] = ["get": D.operation(
                "exports" + kind.rawValue.capitalized, "Export \(kind.rawValue) as CSV, streamed; the columns import back", "exports",
                parameters: filters[kind] ?? [], responses: ["200": csv, "404": D.problem("No such segment"),
                                                            "422": D.problem("Invalid query parameters")])]
        }
        return paths
    }
}
