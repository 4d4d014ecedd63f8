import Foundation
import KindredCore
import KindredStore

/// The OpenAPI 3.1 document served at `/openapi.json`: every operation, parameter, body and response.
enum OpenAPIDocument {
    typealias S = SchemaBuilder

    /// A collection as the document describes it.
    private struct Collection {
        let path: String
        let schema: String
        let fields: [S.Property]
        let filters: [(name: String, schema: JSONValue)]
        /// Fields a create request must carry.
        var requiredOnCreate: [String] = []
        /// Cross-field rules of a create request, in JSON Schema.
        var createRules: [String: JSONValue] = [:]
        /// Fields a record has that Kindred derives (not part of its input).
        var derived: [S.Property] = []
        /// Fields an input may carry that are not stored as such (e.g. a template to start from).
        var inputOnly: [S.Property] = []

        /// The stem of its operation ids, e.g. `recurringPlans`.
        var operationStem: String {
            let words = path.split(separator: "-")
            return words.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.capitalized }.joined()
        }
    }

    private static let collections: [Collection] = [
        Collection(path: "constituents", schema: "Constituent", fields: OpenAPIEntities.constituent,
                   filters: [("q", S.type("string", ["maxLength": 200])), ("role", S.oneOf(ConstituentRole.self)),
                             ("tag", S.type("string", ["maxLength": 200])), ("sort", S.oneOf(PeopleOrder.self))],
                   createRules: ["allOf": .array(S.pairedExternalReference)]),
        Collection(path: "households", schema: "Household", fields: OpenAPIEntities.household, filters: [], requiredOnCreate: ["name"], createRules: ["allOf": .array(S.pairedExternalReference)]),
        Collection(path: "relationships", schema: "Relationship", fields: OpenAPIEntities.relationship,
                   filters: [("fromId", S.identifier), ("toId", S.identifier), ("kind", S.oneOf(RelationshipKind.self))],
                   requiredOnCreate: ["fromId", "toId", "kind"],
                   createRules: ["if": ["properties": ["kind": ["const": "custom"]], "required": ["kind"]],
                                 "then": ["required": ["customKind"], "properties": ["customKind": ["type": "string", "pattern": "\\S"]]]]),
        Collection(path: "campaigns", schema: "Designation", fields: OpenAPIEntities.designation, filters: [], requiredOnCreate: ["name"], createRules: ["allOf": .array(S.pairedExternalReference)]),
        Collection(path: "projects", schema: "Designation", fields: OpenAPIEntities.designation, filters: [], requiredOnCreate: ["name"], createRules: ["allOf": .array(S.pairedExternalReference)]),
        Collection(path: "funds", schema: "Designation", fields: OpenAPIEntities.designation, filters: [], requiredOnCreate: ["name"], createRules: ["allOf": .array(S.pairedExternalReference)]),
        Collection(path: "gifts", schema: "Gift", fields: OpenAPIEntities.gift,
                   filters: [("constituentId", S.identifier), ("campaignId", S.identifier), ("recurringPlanId", S.identifier),
                             ("status", S.oneOf(GiftStatus.self))],
                   requiredOnCreate: ["constituentId", "amountMinor", "currency", "receivedAt"],
                   createRules: ["allOf": .array(S.pairedExternalReference)]),
        Collection(path: "recurring-plans", schema: "RecurringPlan", fields: OpenAPIEntities.recurringPlan,
                   filters: [("constituentId", S.identifier), ("status", S.oneOf(RecurringPlanStatus.self))],
                   requiredOnCreate: ["constituentId", "amountMinor", "currency", "frequency", "startsOn"],
                   createRules: ["allOf": .array(S.pairedExternalReference + [
                       ["if": ["properties": ["status": ["const": "closed"]], "required": ["status"]],
                        "then": ["required": ["closedReason"], "properties": ["closedReason": ["type": "string", "pattern": "\\S"]]]],
                   ])]),
        Collection(path: "interactions", schema: "Interaction", fields: OpenAPIEntities.interaction,
                   filters: [("constituentId", S.identifier)], requiredOnCreate: ["constituentId", "type", "occurredAt"],
                   createRules: ["allOf": .array(S.pairedExternalReference)]),
        Collection(path: "consent-records", schema: "ConsentRecord", fields: OpenAPIEntities.consent,
                   filters: [("constituentId", S.identifier), ("channel", S.oneOf(ConsentChannel.self))],
                   requiredOnCreate: ["constituentId", "channel", "status", "recordedAt", "source"]),
        Collection(path: "tasks", schema: "Task", fields: OpenAPIEntities.task,
                   filters: [("constituentId", S.identifier), ("assigneeId", S.identifier), ("status", S.oneOf(TaskStatus.self))],
                   requiredOnCreate: ["constituentId", "title", "dueOn"],
                   createRules: ["if": ["properties": ["status": ["enum": ["done", "cancelled"]]], "required": ["status"]],
                                 "then": ["required": ["closedOn"]],
                                 "else": ["properties": ["closedOn": ["type": "null"]]]]),
        Collection(path: "feedback", schema: "Feedback", fields: OpenAPIEntities.feedback,
                   filters: [("constituentId", S.identifier), ("channel", S.oneOf(FeedbackChannel.self)), ("recoveryReason", S.oneOf(RecoveryReason.self))],
                   requiredOnCreate: ["constituentId", "channel"],
                   createRules: feedbackRules,
                   derived: OpenAPIEntities.feedbackDerived),
        Collection(path: "ideas", schema: "Idea", fields: OpenAPISurveys.idea, filters: [("status", S.oneOf(IdeaStatus.self))],
                   requiredOnCreate: ["title"], derived: [("votes", S.type("integer", ["minimum": 0]), true)]),
        Collection(path: "supporter-events", schema: "SupporterEvent", fields: OpenAPISurveys.supporterEvent, filters: [("status", S.oneOf(SupporterEventStatus.self))],
                   requiredOnCreate: ["name", "startsAt"]),
        Collection(path: "surveys", schema: "Survey", fields: OpenAPISurveys.fields, filters: [("status", S.oneOf(SurveyStatus.self))],
                   requiredOnCreate: ["name"], inputOnly: OpenAPISurveys.inputOnly),
        Collection(path: "message-templates", schema: "MessageTemplate", fields: OpenAPIMessages.template, filters: [("channel", S.oneOf(MessageChannel.self))],
                   requiredOnCreate: ["name", "variants"]),
        Collection(path: "engagement-plans", schema: "EngagementPlan", fields: OpenAPIMessages.plan, filters: [], requiredOnCreate: ["name", "trigger", "steps"]),
        Collection(path: "touchpoints", schema: "Touchpoint", fields: OpenAPIJourney.touchpoint, filters: [("kind", S.oneOf(TouchpointKind.self))],
                   requiredOnCreate: ["name", "kind", "match", "stages"]),
    ]

    /// A rating and its scale come together, a CSAT rating is 1–5, and feedback has words or a rating.
    private static let feedbackRules: JSONValue.Object = {
        func given(_ field: String) -> JSONValue { ["properties": [field: ["not": ["type": "null"]]], "required": [.string(field)]] }
        return ["allOf": [
            ["if": given("rating"), "then": given("scale")], ["if": given("scale"), "then": given("rating")],
            ["if": ["properties": ["scale": ["const": "csat"]], "required": ["scale"]], "then": ["properties": ["rating": ["minimum": 1, "maximum": 5]]]],
            ["anyOf": [given("rating"), ["properties": ["text": ["type": "string", "pattern": "\\S"]], "required": ["text"]]]],
        ]]
    }()

    /// A designation's goal needs a currency; its reference is a pair.
    private static let designationRules: JSONValue.Object = [
        "allOf": .array(S.pairedExternalReference + [S.requires("goalMinor", "currency", whenText: false)]),
    ]

    /// The document as JSON bytes.
    static let json: Data = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(document)) ?? Data()
    }()

    /// The document.
    static var document: JSONValue {
        var paths: [String: JSONValue] = operationsPaths
        for collection in collections { paths.merge(collectionPaths(collection)) { $1 } }
        paths.merge(constituentViewPaths) { $1 }
        paths.merge(OpenAPIEvents.paths) { $1 }
        paths.merge(OpenAPIDataIn.paths) { $1 }
        paths.merge(OpenAPIEngagement.paths) { $1 }
        paths.merge(OpenAPISegments.paths) { $1 }
        paths.merge(OpenAPIPredictions.paths) { $1 }
        paths.merge(OpenAPIFeedback.paths) { $1 }
        paths.merge(OpenAPISurveys.paths) { $1 }
        paths.merge(OpenAPIWebhooks.paths) { $1 }
        paths.merge(OpenAPIMessages.paths) { $1 }
        paths.merge(OpenAPIJourney.paths) { $1 }
        paths["/api/v1/audit-log"] = [
            "get": operation("auditLogList", "Who did what to which record, and when (admins only)", "audit",
                             parameters: [parameter("entityId", in: "query", S.identifier)] + pageParameters,
                             responses: ["200": json("A page of entries", S.page(OpenAPIEntities.auditEntry)),
                                         "422": problem("Invalid query parameters")]),
        ]
        var schemas: [String: JSONValue] = ["Problem": OpenAPIEntities.problem, "GivingSummary": OpenAPIEntities.givingSummary,
                                            "TimelineEntry": OpenAPIEntities.timelineEntry]
        schemas.merge(OpenAPIEvents.schemas) { $1 }
        schemas.merge(OpenAPIDataIn.schemas) { $1 }
        schemas.merge(OpenAPIEngagement.schemas) { $1 }
        schemas.merge(OpenAPISegments.schemas) { $1 }
        schemas.merge(OpenAPIPredictions.schemas) { $1 }
        schemas.merge(OpenAPIFeedback.schemas) { $1 }
        schemas.merge(OpenAPISurveys.schemas) { $1 }
        schemas.merge(OpenAPIWebhooks.schemas) { $1 }
        schemas.merge(OpenAPIMessages.schemas) { $1 }
        schemas.merge(OpenAPIJourney.schemas) { $1 }
        for collection in collections {
            schemas[collection.schema] = S.record(collection.fields + collection.derived)
            schemas[collection.schema + "Input"] = S.input(collection.fields + collection.inputOnly)
            schemas[collection.operationStem + "Create"] = S.input(collection.fields + collection.inputOnly, required: collection.requiredOnCreate,
                                                                   rules: collection.createRules)
            schemas[collection.schema + "Page"] = S.page(S.ref(collection.schema))
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": "Kindred API", "version": "1.0.0",
                     "description": "The REST API of Kindred, the donor and client experience platform for nonprofits."],
            "paths": .object(paths),
            "components": ["schemas": .object(schemas),
                           "securitySchemes": ["bearerAuth": ["type": "http", "scheme": "bearer"],
                                               "writeKey": ["type": "http", "scheme": "basic",
                                                            "description": "A write key as the user name, no password"]]],
        ]
    }

    /// A problem response with this description.
    static func problem(_ description: String) -> JSONValue {
        ["description": .string(description), "content": ["application/problem+json": ["schema": S.ref("Problem")]]]
    }

    /// A JSON response with this description and schema.
    static func json(_ description: String, _ schema: JSONValue) -> JSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": schema]]]
    }

    /// The responses every authenticated operation may give.
    static let common: [String: JSONValue] = [
        "401": problem("Missing or invalid API key"), "403": problem("The key's role may not do this"),
        "503": problem("The database is unavailable; retry after the Retry-After seconds"),
    ]

    /// An operation authenticated by an API key; `body` names a JSON schema, `csvBody` takes a CSV file instead.
    static func operation(_ id: String, _ summary: String, _ tag: String, parameters: [JSONValue] = [], body: String? = nil,
                          csvBody: Bool = false, responses: [String: JSONValue]) -> JSONValue {
        var result: [String: JSONValue] = ["operationId": .string(id), "summary": .string(summary), "tags": [.string(tag)],
                                           "security": [["bearerAuth": []]],
                                           "responses": .object(common.merging(responses) { $1 })]
        if !parameters.isEmpty { result["parameters"] = .array(parameters) }
        if let body {
            result["requestBody"] = ["required": true, "content": ["application/json": ["schema": S.ref(body)]]]
        }
        if csvBody {
            result["requestBody"] = ["required": true, "content": ["text/csv": ["schema": [
                "description": "The CSV file: any bytes are read; rows that are not valid are reported by line"]]]]
        }
        return .object(result)
    }

    /// A parameter; path parameters are required.
    static func parameter(_ name: String, in location: String, _ schema: JSONValue) -> JSONValue {
        ["name": .string(name), "in": .string(location), "required": .bool(location == "path"), "schema": schema]
    }

    private static let idParameter = parameter("id", in: "path", S.identifier)
    private static let pageParameters = [parameter("cursor", in: "query", S.identifier),
                                         parameter("limit", in: "query", S.type("integer", ["minimum": 1, "maximum": 200]))]
    private static let writeProblems: [String: JSONValue] = [
        "400": problem("The body is not a JSON object"), "409": problem("Conflicts with a stored record"),
        "413": problem("The body is larger than 1 MiB"), "422": problem("Invalid fields, each named"),
    ]

    private static func collectionPaths(_ collection: Collection) -> [String: JSONValue] {
        let tag = collection.path
        let stem = collection.operationStem
        let record = S.ref(collection.schema)
        let filters = collection.filters.map { parameter($0.name, in: "query", $0.schema) }
        let byId: JSONValue = ["id": "$response.body#/id"]
        var created = json("Created", record)
        if case .object(var members) = created {
            members["links"] = ["read": ["operationId": .string(stem + "Read"), "parameters": byId],
                                "update": ["operationId": .string(stem + "Update"), "parameters": byId],
                                "delete": ["operationId": .string(stem + "Delete"), "parameters": byId]]
            created = .object(members)
        }
        // A list with a `sort` parameter pages with opaque cursors (the last key and id), not with ids.
        let sortable = collection.filters.contains { $0.name == "sort" }
        let listPage = sortable ? [parameter("cursor", in: "query", S.type("string", ["maxLength": 2000])), pageParameters[1]] : pageParameters
        return [
            "/api/v1/\(collection.path)": [
                "get": operation(stem + "List", "List \(collection.path)", tag, parameters: filters + listPage,
                                 responses: ["200": json("A page", S.ref(collection.schema + "Page")),
                                             "422": problem("Invalid query parameters")]),
                "post": operation(stem + "Create", "Create a record in \(collection.path)", tag, body: stem + "Create",
                                  responses: writeProblems.merging(["201": created]) { $1 }),
            ],
            "/api/v1/\(collection.path)/{id}": [
                "get": operation(stem + "Read", "Read one of \(collection.path)", tag, parameters: [idParameter],
                                 responses: ["200": json("The record", record), "404": problem("No such record")]),
                "patch": operation(stem + "Update", "Update one of \(collection.path) by JSON merge patch", tag, parameters: [idParameter],
                                   body: collection.schema + "Input",
                                   responses: writeProblems.merging(["200": json("Updated", record), "404": problem("No such record")]) { $1 }),
                "delete": operation(stem + "Delete", "Delete one of \(collection.path)", tag, parameters: [idParameter],
                                    responses: ["204": ["description": "Deleted"], "404": problem("No such record"),
                                                "409": problem("Still referenced by other records")]),
            ],
        ]
    }

    private static var constituentViewPaths: [String: JSONValue] {
        let notFound = ["404": problem("No such constituent")]
        return [
            "/api/v1/constituents/{id}/timeline": [
                "get": operation("constituentsTimeline", "Gifts and interactions, newest first", "constituents",
                                 parameters: [idParameter, parameter("cursor", in: "query", S.type("string", ["maxLength": 200])), pageParameters[1]],
                                 responses: notFound.merging(["200": json("A page of the timeline", S.page(S.ref("TimelineEntry"))),
                                                              "422": problem("Invalid query parameters")]) { $1 }),
            ],
            "/api/v1/constituents/{id}/summary": [
                "get": operation("constituentsSummary", "The constituent with giving rollups per currency", "constituents", parameters: [idParameter],
                                 responses: notFound.merging(["200": json("The summary", S.object([
                                     ("constituent", S.ref("Constituent"), true), ("giving", S.array(S.ref("GivingSummary")), true),
                                 ]))]) { $1 }),
            ],
            "/api/v1/constituents/{id}/consent": [
                "get": operation("constituentsConsent", "The current consent per channel", "constituents", parameters: [idParameter],
                                 responses: notFound.merging(["200": json("The latest record per channel",
                                                                         S.object([("items", S.array(S.ref("ConsentRecord")), true)]))]) { $1 }),
            ],
        ]
    }

    private static var operationsPaths: [String: JSONValue] {
        func plain(_ id: String, _ summary: String, _ responses: [String: JSONValue]) -> JSONValue {
            ["get": ["operationId": .string(id), "summary": .string(summary),
                     "tags": ["operations"], "security": [], "responses": .object(responses)]]
        }
        let status = S.object([("status", S.string, true)])
        return [
            "/healthz": plain("healthz", "The process is alive", ["200": json("Alive", status)]),
            "/readyz": plain("readyz", "The database is reachable", ["200": json("Ready", status), "503": problem("Not ready")]),
            "/metrics": plain("metrics", "Prometheus metrics", ["200": ["description": "Metrics in the Prometheus text format",
                                                              "content": ["text/plain": ["schema": S.string]]]]),
            "/openapi.json": plain("openapi", "This document", ["200": json("The OpenAPI document", S.freeObject)]),
        ]
    }
}
