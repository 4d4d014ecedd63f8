import KindredCore

/// The messaging part of the OpenAPI document: templates, sending, the message log, settings, preferences and the
/// supporter's public pages (unsubscribe, preference centre, open and click tracking).
enum OpenAPIMessages {
    typealias S = SchemaBuilder
    typealias D = OpenAPIDocument

    private static let variant = S.object([("subject", S.type("string", ["maxLength": 200]), false),
                                           ("body", S.type("string", ["maxLength": 20_000, "pattern": "\\S"]), true)])

    /// A template's fields.
    static let template: [S.Property] = [
        ("name", S.type("string", ["maxLength": 200]), true), ("channel", S.oneOf(MessageChannel.self), true),
        ("topic", S.nullable(S.oneOf(MessageTopic.self)), false),
        ("variants", S.object([("en", variant, true), ("nl", variant, false), ("fr", variant, false)]), true),
        ("trackEngagement", S.boolean, true),
    ]

    /// An engagement plan's fields.
    static let plan: [S.Property] = [
        ("name", S.type("string", ["maxLength": 200]), true), ("active", S.boolean, true),
        ("trigger", S.object([("kind", S.oneOf(PlanTriggerKind.self), true), ("segmentId", S.identifier, false), ("amountMinor", S.amount, false),
                              ("currency", S.currency, false), ("stage", S.oneOf(JourneyStageKey.self), false),
                              ("points", S.type("integer", ["minimum": 1, "maximum": 100]), false)]), true),
        ("condition", S.type("string", ["maxLength": 2_000]), false),
        ("steps", S.type("array", ["minItems": 1, "maxItems": 20, "items": S.object([
            ("delayHours", S.type("integer", ["minimum": 0, "maximum": 8_760]), true), ("action", S.oneOf(PlanAction.self), true),
            ("text", S.type("string", ["maxLength": 200]), false), ("taskKind", S.oneOf(TaskKind.self), false), ("templateId", S.identifier, false)])]), true),
        ("skipWeekends", S.boolean, true), ("quietHours", S.boolean, true),
    ]

    private static let count = S.type("integer", ["minimum": 0])
    private static let settings: [S.Property] = [
        ("fromAddress", S.type("string", ["maxLength": 254]), true), ("fromName", S.type("string", ["maxLength": 100]), true),
        ("frequencyCaps", S.array(S.object([("channel", S.oneOf(MessageChannel.self), true), ("maximum", S.type("integer", ["minimum": 1, "maximum": 100]), true),
                                            ("days", S.type("integer", ["minimum": 1, "maximum": 365]), true)])), true),
        ("quietHours", S.nullable(S.object([("startHour", S.type("integer", ["minimum": 0, "maximum": 23]), true),
                                            ("endHour", S.type("integer", ["minimum": 0, "maximum": 23]), true)])), false),
        ("skipWeekends", S.boolean, true), ("publicURL", S.type("string", ["maxLength": 200]), true),
    ]

    /// The schemas.
    static let schemas: [String: JSONValue] = [
        "MessagingSettings": S.object(settings),
        "SendMessageRequest": S.type("object", [
            "properties": ["templateId": S.identifier, "constituentIds": S.type("array", ["items": S.identifier, "minItems": 1, "maxItems": 1_000, "uniqueItems": true]),
                           "segmentId": S.identifier, "scheduledFor": S.dateTime, "atBestTime": S.boolean, "campaignId": S.nullable(S.identifier)],
            "required": ["templateId"], "oneOf": [["required": ["constituentIds"]], ["required": ["segmentId"]]]]),
        "SendSummary": S.object([("queued", count, true), ("suppressed", S.type("object", ["additionalProperties": count]), true),
                                 ("messageIds", S.array(S.identifier), true)]),
        "Message": S.object([
            ("id", S.identifier, true), ("constituentId", S.identifier, true), ("templateId", S.identifier, false),
            ("channel", S.oneOf(MessageChannel.self), true), ("topic", S.oneOf(MessageTopic.self), false), ("language", S.oneOf(Language.self), true),
            ("address", S.string, false), ("subject", S.string, false), ("text", S.string, true), ("status", S.oneOf(MessageStatus.self), true),
            ("reason", S.string, false), ("scheduledFor", S.dateTime, true), ("sentAt", S.dateTime, false), ("attempts", count, true),
            ("outcome", S.oneOf(MessageOutcome.self), false), ("openedAt", S.dateTime, false), ("clickedAt", S.dateTime, false),
            ("source", S.string, true), ("createdAt", S.dateTime, true)]),
        "MessagePage": S.page(S.ref("Message")),
        "PlanJobPage": S.page(S.object([("id", S.identifier, true), ("constituentId", S.identifier, true), ("stepIndex", count, true), ("dueAt", S.dateTime, true),
                                        ("status", S.type("string", ["enum": ["pending", "done", "skipped", "failed"]]), true), ("result", S.string, false),
                                        ("doneAt", S.dateTime, false)])),
        "SendTimePattern": S.object([("hours", S.type("array", ["items": count, "minItems": 168, "maxItems": 168]), true), ("interactions", count, true),
                                     ("timeZone", S.string, true), ("computedAt", S.dateTime, true)]),
        "MessageOutcomeRequest": S.object([("outcome", S.oneOf(MessageOutcome.self), true)]),
        "Preferences": S.object([
            ("choices", S.object([
                ("channels", S.array(S.oneOf(ConsentChannel.self)), true), ("language", S.oneOf(Language.self), true),
                ("involvement", S.type("integer", ["minimum": 1, "maximum": 5]), false),
                ("preferences", S.object([("declinedTopics", S.array(S.oneOf(MessageTopic.self)), true), ("frequency", S.oneOf(ContactFrequency.self), true),
                                          ("wishes", S.array(S.oneOf(InvolvementWish.self)), true)]), true)]), true),
            ("history", S.array(S.object([("preference", S.string, true), ("value", S.string, true), ("recordedAt", S.dateTime, true),
                                           ("source", S.string, true)])), true)]),
    ]

    private static let writeProblems: [String: JSONValue] = [
        "400": D.problem("The body is not a JSON object"), "413": D.problem("The body is larger than 1 MiB"), "422": D.problem("Invalid fields, each named"),
    ]
    private static let id = D.parameter("id", in: "path", S.identifier)
    private static let pageParameters = [D.parameter("cursor", in: "query", S.identifier), D.parameter("limit", in: "query", S.type("integer", ["minimum": 1, "maximum": 200]))]
    private static let token = OpenAPISurveys.publicPage

    /// The paths.
    static let paths: [String: JSONValue] = [
        "/api/v1/messages": [
            "post": D.operation("messagesSend", "Queues a template for people or a segment; each message is checked against consent, declined topics, caps and quiet hours",
                                "messages", body: "SendMessageRequest",
                                responses: writeProblems.merging(["202": D.json("What was queued and what was suppressed, by reason", S.ref("SendSummary")),
                                                                  "404": D.problem("No template has this id")]) { $1 }),
            "get": D.operation("messagesList", "Messages, newest first", "messages",
                               parameters: [D.parameter("constituentId", in: "query", S.identifier), D.parameter("status", in: "query", S.oneOf(MessageStatus.self))] + pageParameters,
                               responses: ["200": D.json("A page of messages", S.ref("MessagePage")), "422": D.problem("Invalid query parameters")]),
        ],
        "/api/v1/engagement-plans/{id}/jobs": ["get": D.operation(
            "engagementPlansJobs", "A plan's step jobs, newest first: who, which step, when due and what it did", "engagement-plans",
            parameters: [id] + pageParameters, responses: ["200": D.json("A page of jobs", S.ref("PlanJobPage")), "404": D.problem("No plan has this id"),
                                                            "422": D.problem("Invalid query parameters")])],
        "/api/v1/messages/{id}": ["get": D.operation("messagesRead", "One message and what became of it", "messages", parameters: [id],
                                                     responses: ["200": D.json("The message", S.ref("Message")), "404": D.problem("No message has this id")])],
        "/api/v1/messages/{id}/outcome": ["post": D.operation(
            "messagesOutcome", "Records a bounce (the address is not used again) or a complaint (consent for the channel is withdrawn)", "messages",
            parameters: [id], body: "MessageOutcomeRequest",
            responses: writeProblems.merging(["200": D.json("The message", S.ref("Message")), "404": D.problem("No message has this id"),
                                              "409": D.problem("The message was not sent")]) { $1 })],
        "/api/v1/reports/send-times": ["get": D.operation(
            "reportsSendTimes", "When supporters engage: the latest 100,000 interactions per hour of the week (Monday 00:00 first) in the organisation's time zone",
            "reports", responses: ["200": D.json("The pattern", S.ref("SendTimePattern"))])],
        "/api/v1/settings/messaging": [
            "get": D.operation("settingsMessagingRead", "The sender, frequency caps, quiet hours, weekends and public address of messages", "settings",
                               responses: ["200": D.json("The settings", S.ref("MessagingSettings"))]),
            "put": D.operation("settingsMessagingReplace", "Replaces the messaging settings (admins only)", "settings", body: "MessagingSettings",
                               responses: writeProblems.merging(["200": D.json("The settings now in force", S.ref("MessagingSettings"))]) { $1 }),
        ],
        "/api/v1/constituents/{id}/preference-link": ["post": D.operation(
            "constituentsPreferenceLink", "Makes a preference centre link for the person (the token is shown only here)", "messages", parameters: [id],
            responses: ["201": D.json("The link", S.object([("token", S.string, true), ("path", S.string, true)])), "404": D.problem("No visible constituent has this id")])],
        "/api/v1/constituents/{id}/preferences": ["get": D.operation(
            "constituentsPreferences", "The person's channels, topics, frequency, language, felt involvement and wishes, with their history", "messages",
            parameters: [id], responses: ["200": D.json("The choices and their history", S.ref("Preferences")), "404": D.problem("No visible constituent has this id")])],
        "/p/u/{token}": [
            "get": token("publicUnsubscribePage", "Asks the supporter to confirm unsubscribing from the message's channel", true, false, false,
                         ["200": OpenAPISurveys.html("The confirmation page"), "404": OpenAPISurveys.html("No live link has this token")]),
            "post": token("publicUnsubscribe", "Unsubscribes at once (one click, RFC 8058: List-Unsubscribe=One-Click)", true, false, true,
                          ["200": OpenAPISurveys.html("Unsubscribed"), "404": OpenAPISurveys.html("No live link has this token"),
                           "413": OpenAPISurveys.html("The form is larger than 64 KiB")]),
        ],
        "/p/pref/{token}": [
            "get": token("publicPreferenceCentre", "The supporter's preference centre, in their language", true, false, false,
                         ["200": OpenAPISurveys.html("The preference centre"), "404": OpenAPISurveys.html("No live link has this token")]),
            "post": token("publicPreferenceSave", "Saves the choices: channel, topic, frequency, language, involvement and wish fields", true, false, true,
                          ["200": OpenAPISurveys.html("Saved"), "404": OpenAPISurveys.html("No live link has this token"),
                           "413": OpenAPISurveys.html("The form is larger than 64 KiB"), "422": OpenAPISurveys.html("The form again, each problem named")]),
        ],
        "/p/m/{token}/open.gif": ["get": token("publicMessageOpened", "A 1×1 image that records the first open of a tracked message", true, false, false,
                                               ["200": ["description": "The image (also for an unknown or expired link, so that mail shows no broken image)",
                                                        "content": ["image/gif": ["schema": S.string]]],
                                                "404": OpenAPISurveys.html("The path cannot hold a link token (longer than 100 characters)")])],
        "/p/m/{token}/click": ["get": {
            guard case .object(var operation) = token("publicMessageClicked", "Records the first click of a tracked message and redirects to the link",
                                                      true, false, false, ["302": ["description": "To the message's own link"],
                                                                           "404": OpenAPISurveys.html("Not a link of this message")]),
                  case .array(let parameters)? = operation["parameters"] else { return .null }
            operation["parameters"] = .array(parameters + [D.parameter("u", in: "query", S.type("string", ["maxLength": 2_000]))])
            return .object(operation)
        }()],
    ]
}
