import KindredCore

/// The survey part of the OpenAPI document: the collection's fields, links, responses, results and the public pages.
enum OpenAPISurveys {
    typealias S = SchemaBuilder
    typealias D = OpenAPIDocument

    /// A text in English (required) and optionally Dutch and French, each at most `maxLength` characters.
    static func wording(_ maxLength: Int) -> JSONValue {
        let text = S.type("string", ["maxLength": .number(Double(maxLength))])
        return S.object([("en", S.type("string", ["maxLength": .number(Double(maxLength)), "pattern": "\\S"]), true), ("nl", text, false), ("fr", text, false)])
    }

    private static let key = S.type("string", ["pattern": "^[a-z][a-z0-9_]{0,39}$"])
    private static let scaleEnd = S.type("integer", ["minimum": 0, "maximum": 100])
    private static let count = S.type("integer", ["minimum": 0])

    /// One question.
    static let question = S.object([
        ("key", key, true), ("kind", S.oneOf(SurveyQuestionKind.self), true), ("text", wording(500), true), ("required", S.boolean, false),
        ("options", S.type("array", ["items": S.object([("key", key, true), ("label", wording(200), true)]), "maxItems": 20]), false),
        ("scaleMin", scaleEnd, false), ("scaleMax", scaleEnd, false), ("followUp", wording(500), false),
    ])

    /// A survey's stored fields.
    static let fields: [S.Property] = [
        ("name", S.type("string", ["maxLength": 200]), true), ("status", S.oneOf(SurveyStatus.self), true), ("title", wording(300), true),
        ("intro", wording(1_000), false), ("questions", S.type("array", ["items": question, "maxItems": 30]), true),
        ("audience", S.oneOf(SurveyAudience.self), true),
    ]

    /// An idea's fields.
    static let idea: [S.Property] = [
        ("title", S.type("string", ["minLength": 3, "maxLength": 120]), true), ("body", S.type("string", ["maxLength": 2_000]), true),
        ("status", S.oneOf(IdeaStatus.self), true), ("campaignId", S.identifier, false),
    ]

    /// A supporter event's fields.
    static let supporterEvent: [S.Property] = [
        ("name", S.type("string", ["maxLength": 200]), true), ("description", S.type("string", ["maxLength": 4_000]), false),
        ("startsAt", S.dateTime, true), ("endsAt", S.dateTime, false), ("location", S.type("string", ["maxLength": 300]), false),
        ("capacity", S.type("integer", ["minimum": 1, "maximum": 100_000]), false), ("status", S.oneOf(SupporterEventStatus.self), true),
        ("surveyId", S.identifier, false),
    ]

    /// What a create or update may add: a ready-made survey whose question comes first (a survey needs a template or
    /// questions; without either the answer is 422).
    static let inputOnly: [S.Property] = [("template", S.oneOf(SurveyTemplate.self), false)]

    /// The schemas.
    static let schemas: [String: JSONValue] = [
        "SurveyLinkRequest": S.input([("constituentId", S.identifier, false), ("expiresInDays", S.type("integer", ["minimum": 1, "maximum": 3_650]), false)]),
        "SurveyLink": S.object([
            ("id", S.identifier, true), ("surveyId", S.identifier, true), ("constituentId", S.identifier, false),
            ("token", S.string, false), ("path", S.string, false), ("createdAt", S.dateTime, true), ("expiresAt", S.dateTime, false),
            ("answeredAt", S.dateTime, false)]),
        "SurveyResponse": S.object([
            ("id", S.identifier, true), ("surveyId", S.identifier, true), ("constituentId", S.identifier, false), ("language", S.oneOf(Language.self), true),
            ("answers", S.object([
                ("values", S.type("object", ["additionalProperties": ["anyOf": [S.integer, S.string, S.array(S.string)]]]), true),
                ("reasons", S.type("object", ["additionalProperties": S.string]), true)]), true),
            ("submittedAt", S.dateTime, true)]),
        "EventRegistration": S.object([
            ("id", S.identifier, true), ("eventId", S.identifier, true), ("constituentId", S.identifier, true), ("registeredAt", S.dateTime, true),
            ("checkedInAt", S.dateTime, false)]),
        "CheckInRequest": S.input([("constituentId", S.identifier, true)], required: ["constituentId"]),
        "PulseResults": S.object([
            ("responses", count, true), ("withheld", S.boolean, true), ("overall", S.ref("SurveyResults"), false),
            ("byGroup", S.array(S.object([("key", S.string, true), ("results", S.ref("SurveyResults"), true)])), true),
            ("groupsWithheld", count, true), ("minimumGroup", S.type("integer", ["minimum": 5]), true)]),
        "SurveyResults": S.object([
            ("responses", count, true),
            ("questions", S.array(S.object([
                ("key", S.string, true), ("kind", S.oneOf(SurveyQuestionKind.self), true), ("answers", count, true),
                ("nps", S.ref("FeedbackNPS"), false), ("csat", S.ref("FeedbackCSAT"), false), ("mean", S.type("number"), false),
                ("distribution", S.array(S.object([("key", S.string, true), ("count", count, true)])), true),
                ("options", S.array(S.object([("key", S.string, true), ("count", count, true)])), true),
                ("verbatims", S.array(S.string), true)])), true)]),
    ]

    private static let id = D.parameter("id", in: "path", S.identifier)
    private static let page = [D.parameter("cursor", in: "query", S.identifier), D.parameter("limit", in: "query", S.type("integer", ["minimum": 1, "maximum": 200]))]
    private static let noSurvey = ["404": D.problem("No such survey")]

    /// The paths.
    static let paths: [String: JSONValue] = [
        "/api/v1/surveys/{id}/links": [
            "post": D.operation("surveysCreateLink", "Create a link to the survey: personal with constituentId, else anonymous; the token is shown only here",
                                "surveys", parameters: [id], body: "SurveyLinkRequest",
                                responses: noSurvey.merging(["201": D.json("The link with its token", S.ref("SurveyLink")), "400": D.problem("The body is not a JSON object"),
                                                             "413": D.problem("The body is larger than 1 MiB"), "422": D.problem("Invalid fields, each named"),
                                                             "409": D.problem("A staff pulse survey is answered signed in, not through links")]) { $1 }),
            "get": D.operation("surveysLinks", "The survey's links, newest first, without tokens", "surveys", parameters: [id] + page,
                               responses: noSurvey.merging(["200": D.json("A page of links", S.page(S.ref("SurveyLink"))), "422": D.problem("Invalid query parameters")]) { $1 }),
        ],
        "/api/v1/surveys/{id}/responses": ["get": D.operation(
            "surveysResponses", "The survey's responses, newest first", "surveys", parameters: [id] + page,
            responses: noSurvey.merging(["200": D.json("A page of responses", S.page(S.ref("SurveyResponse"))), "422": D.problem("Invalid query parameters")]) { $1 })],
        "/api/v1/surveys/{id}/pulse": ["get": D.operation(
            "surveysPulse", "A staff pulse's results: overall and per role, each only from five answers (and never what shown groups leave over)",
            "surveys", parameters: [id],
            responses: noSurvey.merging(["200": D.json("The results", S.ref("PulseResults")), "409": D.problem("The survey is for supporters")]) { $1 })],
        "/api/v1/surveys/{id}/results": ["get": D.operation(
            "surveysResults", "Each question's answers: NPS or CSAT, distribution, chosen options and verbatims", "surveys", parameters: [id],
            responses: noSurvey.merging(["200": D.json("The results", S.ref("SurveyResults"))]) { $1 })],
        "/api/v1/supporter-events/{id}/registrations": ["get": D.operation(
            "supporterEventsRegistrations", "The event's registrations, oldest first, with who checked in", "supporter-events", parameters: [id],
            responses: ["200": D.json("The registrations", S.object([("items", S.array(S.ref("EventRegistration")), true)])), "404": D.problem("No such event")])],
        "/api/v1/supporter-events/{id}/check-ins": ["post": D.operation(
            "supporterEventsCheckIn", "Checks a registered person in (attendance on their timeline; the post-event survey opens to them)", "supporter-events",
            parameters: [id], body: "CheckInRequest",
            responses: ["200": D.json("The registration", S.ref("EventRegistration")), "400": D.problem("The body is not a JSON object"),
                        "404": D.problem("No such event or registration"), "409": D.problem("Already checked in"),
                        "413": D.problem("The body is larger than 1 MiB"), "422": D.problem("Invalid fields, each named")])],
        "/p/e/{id}": [
            "get": publicPage("publicEvent", "The event, its places left and its registration form", token: false, idea: true,
                              responses: ["200": html("The event page"), "404": html("No such event")]),
            "post": publicPage("publicEventRegister", "Registers: form fields givenName, familyName, email and lang; the answer shows a personal link once",
                               token: false, idea: true, form: true,
                               responses: ["200": html("Registered, with the personal link"), "404": html("No such event"), "409": html("The event is full, or this email is already registered (no new link is given)"),
                                           "410": html("The event takes no registrations"), "413": html("The form is larger than 16 KiB"),
                                           "422": html("The form again: a name and a valid email are needed")]),
        ],
        "/p/r/{token}": ["get": publicPage("publicRegistration", "A registration's personal page: the event and, after check-in, the post-event survey",
                                           responses: ["200": html("The registration"), "404": html("No registration has this link")])],
        "/p/r/{token}/survey": ["post": publicPage("publicRegistrationSurvey", "Opens the post-event survey for an attendee (a fresh personal survey link)",
                                                   responses: ["303": ["description": "On to the survey"], "404": html("No registration has this link"),
                                                               "409": html("Not checked in, no open survey, or already answered")])],
        "/p/ideas": [
            "get": publicPage("publicIdeas", "The ideas board: ideas by votes, and the form to propose one", token: false,
                              responses: ["200": html("The board")]),
            "post": publicPage("publicIdeaPropose", "Proposes an idea: form fields title (3–120 characters), body (up to 2,000) and lang", token: false,
                               form: true, responses: ["200": html("The board, with thanks"), "413": html("The form is larger than 64 KiB"),
                                                       "422": html("The board with the form again and what is wrong")]),
        ],
        "/p/ideas/{id}/vote": ["post": publicPage(
            "publicIdeaVote", "Votes for an idea: once per voter cookie, at most three times per idea from one address", token: false, idea: true, form: true,
            responses: ["200": html("The board: the vote is counted"), "404": html("No idea on the board has this id"),
                        "409": html("Already voted, or enough votes from this address")])],
        "/p/s/{token}": [
            "get": publicPage("publicSurveyForm", "The survey a link opens, in the person's language (or lang, or the browser's), with no sign-in",
                              responses: ["200": html("The survey form, or a thank-you when a personal link was answered"),
                                          "404": html("No live link has this token"), "410": html("The survey is not open")]),
            "post": publicPage("publicSurveyAnswer", "Sends the answers: form fields q.KEY (repeated for several choices), why.KEY and lang",
                               form: true,
                               responses: ["200": html("Thank you"), "404": html("No live link has this token"), "409": html("The personal link was answered before"),
                                           "410": html("The survey is not open"), "413": html("The form is larger than 64 KiB"),
                                           "422": html("The form again, each problem named beside its question")]),
        ],
    ]

    /// An HTML response.
    static func html(_ description: String) -> JSONValue {
        ["description": .string(description), "content": ["text/html": ["schema": S.string]]]
    }

    /// A public page: no authentication, rate-limited per address (429 with Retry-After).
    static func publicPage(_ operationId: String, _ summary: String, token: Bool = true, idea: Bool = false, form: Bool = false,
                           responses: [String: JSONValue]) -> JSONValue {
        let path = (token ? [D.parameter("token", in: "path", S.type("string", ["maxLength": 100]))] : [])
            + (idea ? [D.parameter("id", in: "path", S.identifier)] : [])
        var operation: [String: JSONValue] = [
            "operationId": .string(operationId), "summary": .string(summary), "tags": ["public"], "security": [],
            "parameters": .array(path + [D.parameter("lang", in: "query", S.type("string", ["description": "en, nl or fr; any other value is ignored"]))]),
            "responses": .object(responses.merging(["429": html("Too many requests from this address; retry after Retry-After seconds")]) { $1 }),
        ]
        if form {
            operation["requestBody"] = ["required": true, "content": ["application/x-www-form-urlencoded": ["schema": S.type("object", [
                "additionalProperties": ["anyOf": [S.string, S.array(S.string)]]])]]]
        }
        return .object(operation)
    }
}
