import KindredCore

/// The journey part of the OpenAPI document: stages, stage history, the funnel, touchpoints and the digital-experience
/// reports.
enum OpenAPIJourney {
    typealias S = SchemaBuilder
    typealias D = OpenAPIDocument

    /// A touchpoint's fields.
    static let touchpoint: [S.Property] = [
        ("name", S.type("string", ["maxLength": 200, "pattern": "\\S"]), true), ("kind", S.oneOf(TouchpointKind.self), true),
        ("match", S.type("string", ["maxLength": 500, "pattern": "\\S"]), true),
        ("stages", S.type("array", ["items": S.oneOf(JourneyStageKey.self), "minItems": 1, "maxItems": 7, "uniqueItems": true]), true),
    ]

    private static let count = S.type("integer", ["minimum": 0])
    private static let fraction = S.nullable(S.type("number", ["minimum": 0, "maximum": 1]))
    private static let stage = S.object([("key", S.oneOf(JourneyStageKey.self), true), ("name", S.type("string", ["maxLength": 60, "pattern": "\\S"]), true),
                                         ("rule", S.nullable(S.type("string", ["maxLength": 2_000])), false)])
    private static let credited = S.object([("count", count, true), ("amountMinor", count, true)])
    private static let figures = S.object([("reach", count, true), ("engaged", count, true), ("firstTouch", credited, true), ("lastTouch", credited, true)])

    /// The schemas.
    static let schemas: [String: JSONValue] = [
        "JourneySettings": S.object([("stages", S.array(stage), true)]),
        "JourneySettingsInput": S.object([("stages", S.type("array", ["items": stage, "minItems": 1, "maxItems": 7]), true)]),
        "JourneyHistory": S.object([("stages", S.array(S.object([
            ("stage", S.oneOf(JourneyStageKey.self), true), ("previousStage", S.oneOf(JourneyStageKey.self), false),
            ("enteredAt", S.dateTime, true), ("leftAt", S.dateTime, false)])), true)]),
        "JourneyFunnel": S.object([
            ("stages", S.array(S.object([("key", S.oneOf(JourneyStageKey.self), true), ("name", S.string, true), ("now", count, true),
                                         ("reached", count, true), ("conversionToNext", fraction, false),
                                         ("medianDaysToNext", S.nullable(S.type("number", ["minimum": 0])), false)])), true),
            ("lapsed", count, true), ("people", count, true)]),
        "TouchpointReport": S.object([
            ("touchpoints", S.array(S.object([("id", S.identifier, true), ("name", S.string, true), ("kind", S.oneOf(TouchpointKind.self), true),
                                              ("match", S.string, true), ("stages", S.array(S.oneOf(JourneyStageKey.self)), true),
                                              ("total", figures, true), ("byDevice", S.type("object", ["additionalProperties": figures]), true)])), true),
            ("stages", S.array(S.object([("key", S.oneOf(JourneyStageKey.self), true), ("name", S.string, true),
                                         ("touchpointIds", S.array(S.identifier), true), ("gap", S.boolean, true), ("silent", S.boolean, true)])), true),
            ("windowDays", S.type("integer", ["minimum": 1, "maximum": 365]), true), ("currency", S.string, true)]),
        "SiteSearchReport": S.object([
            ("searches", count, true), ("withoutResults", count, true),
            ("topTerms", S.array(S.object([("term", S.string, true), ("searches", count, true), ("withoutResults", count, true)])), true),
            ("termsWithoutResults", S.array(S.object([("term", S.string, true), ("searches", count, true), ("withoutResults", count, true)])), true)]),
        "DonationFormReport": S.object([("forms", S.array(S.object([
            ("page", S.string, true), ("device", S.oneOf(Device.self), true), ("starts", count, true), ("completions", count, true),
            ("errors", count, true), ("completionRate", S.nullable(S.type("number", ["minimum": 0])), false), ("topErrors", S.array(S.string), true)])), true)]),
    ]

    /// A date (the start of that day in the organisation's time zone) or an ISO 8601 date-time.
    private static let instant = S.type("string", ["maxLength": 40, "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9:.]+(Z|[+-][0-9:]+))?$"])
    private static let period = [D.parameter("from", in: "query", instant), D.parameter("to", in: "query", instant)]
    private static let invalid = D.problem("Invalid query parameters, each named")

    /// The paths.
    static let paths: [String: JSONValue] = [
        "/api/v1/journey/stages": [
            "get": D.operation("journeyStagesRead", "The journey stages: names and the segment-language rules that place people, in funnel order with lapsed last",
                               "journey", responses: ["200": D.json("The stages", S.ref("JourneySettings"))]),
            "put": D.operation("journeyStagesReplace", "Renames stages or changes their rules (admins only); stages left out are kept", "journey",
                               body: "JourneySettingsInput",
                               responses: ["200": D.json("The stages now in force", S.ref("JourneySettings")), "400": D.problem("The body is not a JSON object"),
                                           "413": D.problem("The body is larger than 1 MiB"), "422": D.problem("Invalid stages, each named")]),
        ],
        "/api/v1/journey/placements": ["post": D.operation(
            "journeyPlace", "Places everyone in their stage now (the server does so every five minutes)", "journey",
            responses: ["200": D.json("How many people moved", S.object([("moved", count, true)]))])],
        "/api/v1/constituents/{id}/journey": ["get": D.operation(
            "constituentsJourney", "The person's journey stage history, latest first", "journey", parameters: [D.parameter("id", in: "path", S.identifier)],
            responses: ["200": D.json("The history", S.ref("JourneyHistory")), "404": D.problem("No visible constituent has this id")])],
        "/api/v1/reports/journey-funnel": ["get": D.operation(
            "reportsJourneyFunnel", "People now and ever in each stage, conversion to the next stage and the median days between them", "reports",
            parameters: [D.parameter("source", in: "query", S.oneOf(GiftChannel.self)), D.parameter("device", in: "query", S.oneOf(Device.self)),
                         D.parameter("rule", in: "query", S.type("string", ["maxLength": 200]))],
            responses: ["200": D.json("The funnel", S.ref("JourneyFunnel")), "422": invalid])],
        "/api/v1/reports/touchpoints": ["get": D.operation(
            "reportsTouchpoints", "Each touchpoint's reach, engaged people and the gifts that followed (first and last touch), by device; gaps by stage",
            "reports", parameters: period + [D.parameter("windowDays", in: "query", S.type("integer", ["minimum": 1, "maximum": 365]))],
            responses: ["200": D.json("The report", S.ref("TouchpointReport")), "422": invalid])],
        "/api/v1/reports/site-search": ["get": D.operation(
            "reportsSiteSearch", "What people searched the site for, and the searches that found nothing", "reports", parameters: period,
            responses: ["200": D.json("The report", S.ref("SiteSearchReport")), "422": invalid])],
        "/api/v1/reports/donation-forms": ["get": D.operation(
            "reportsDonationForms", "Donation-form starts, completions and errors by page and device", "reports", parameters: period,
            responses: ["200": D.json("The report", S.ref("DonationFormReport")), "422": invalid])],
    ]
}
