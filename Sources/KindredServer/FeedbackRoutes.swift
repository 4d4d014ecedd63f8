import Foundation
import Hummingbird
import KindredCore
import KindredStore

/// Reports on feedback (the records themselves are REST collections in `APIRoutes`).
enum FeedbackRoutes {
    /// Registers the routes.
    static func register(on routes: RouteRecorder, store: KindredStore) {
        /// NPS, CSAT, sentiment and follow-ups over a period (the last 365 days by default) — of a segment's members when
        /// asked — by channel, month, loyalty level and campaign, with the latest words.
        routes.add(.get, "/api/v1/reports/feedback") { request, context in
            let actor = try context.authorize(.read, .feedback)
            let query = QueryParameters(request: request)
            let to = try query.date("to") ?? store.clock().utcDate
            let from = try query.date("from") ?? CalendarDate(daysSinceEpoch: to.daysSinceEpoch - 364)
            guard from <= to else { throw ValidationFailure([FieldIssue(field: "from", message: "must be on or before to")]) }
            let segmentId = try query.identifier("segmentId")
            do {
                return try JSONResponse.make(try await store.feedbackReport(from: from, to: to, segmentId: segmentId, by: actor))
            } catch StoreError.notFound(entity: "segment", _) {
                throw ValidationFailure([FieldIssue(field: "segmentId", message: "refers to a segment that does not exist")])
            }
        }
        /// CX ROI: what promoters, passives and detractors (NPS answers in fiscal year `year`), and each engagement level,
        /// gave the year after.
        routes.add(.get, "/api/v1/reports/cx-roi") { request, context in
            let actor = try context.authorize(.read, .reports)
            let query = QueryParameters(request: request)
            let currency = try query.currency("currency")
            let profile = try await OrganisationSettingsStore.profile(in: store.database)
            let year = try query.integer("year", in: 1900...2200) ?? profile.fiscalCalendar.fiscalYear(of: profile.localDate(store.clock())) - 1
            return try JSONResponse.make(try await store.experienceReturn(year: year, currency: currency, by: actor))
        }
        /// The service-recovery settings in force.
        routes.add(.get, "/api/v1/settings/service-recovery") { _, context in
            _ = try context.authorize(.read, .settings)
            return try JSONResponse.make(try await ServiceRecoverySettingsStore.load(in: store.database))
        }
        /// Replaces the service-recovery settings (admins only).
        routes.add(.put, "/api/v1/settings/service-recovery") { request, context in
            let actor = try context.authorize(.write, .settings)
            let body = try RequestBody.decode(ServiceRecoverySettings.self, from: try await RequestBody.object(request, context: context).data)
            return try JSONResponse.make(try await ServiceRecoverySettingsStore.replace(body, by: actor, in: store.database, at: store.clock()))
        }
    }
}

/// The feedback part of the OpenAPI document.
enum OpenAPIFeedback {
    typealias S = SchemaBuilder
    typealias D = OpenAPIDocument

    private static let count = S.type("integer", ["minimum": 0])
    private static let percentage = S.nullable(S.type("number", ["minimum": -100, "maximum": 100]))

    private static let recoverySettings: [S.Property] = [
        ("sentimentThreshold", S.type("number", ["minimum": -1, "maximum": 0]), true),
        ("businessDaysToFollowUp", S.type("integer", ["minimum": 1, "maximum": 30]), true),
        ("escalationManagerId", S.identifier, false)]

    /// The schemas.
    static let schemas: [String: JSONValue] = [
        "ExperienceGroup": S.object([
            ("key", S.string, true), ("people", count, true), ("donorsInYear", count, true), ("retainedNextYear", count, true),
            ("retentionRate", S.type("number", ["minimum": 0, "maximum": 1]), false), ("givingNextYearMinor", S.integer, true),
            ("averageGivingNextYearMinor", S.integer, false), ("shareOfRevenue", S.type("number", ["minimum": 0, "maximum": 1]), false),
            ("predicted", count, true), ("averageLifetimeValueMinor", S.integer, false)]),
        "ExperienceReturn": S.object([
            ("year", S.integer, true), ("currency", S.string, true), ("nextYearComplete", S.boolean, true), ("revenueNextYearMinor", S.integer, true),
            ("byNPS", S.array(S.ref("ExperienceGroup")), true), ("byEngagement", S.array(S.ref("ExperienceGroup")), true)]),
        "ServiceRecoverySettings": S.object(recoverySettings),
        "ServiceRecoverySettingsInput": S.input(recoverySettings, required: ["sentimentThreshold", "businessDaysToFollowUp"]),
        "FeedbackNPS": S.object([("promoters", count, true), ("passives", count, true), ("detractors", count, true),
                                 ("answers", count, true), ("score", percentage, true)]),
        "FeedbackCSAT": S.object([("satisfied", count, true), ("answers", count, true), ("score", percentage, true)]),
        "FeedbackFigures": S.object([
            ("feedback", count, true),
            ("nps", S.ref("FeedbackNPS"), true), ("csat", S.ref("FeedbackCSAT"), true),
            ("positive", count, true), ("neutral", count, true), ("negative", count, true), ("needingFollowUp", count, true),
            ("improvedAfterFollowUp", count, true), ("notImprovedAfterFollowUp", count, true), ("awaitingNextAnswer", count, true)]),
        "FeedbackReport": S.object([
            ("from", S.date, true), ("to", S.date, true), ("overall", S.ref("FeedbackFigures"), true),
            ("byChannel", S.array(S.object([("key", S.string, true), ("figures", S.ref("FeedbackFigures"), true)])), true),
            ("byMonth", S.array(S.object([("key", S.string, true), ("figures", S.ref("FeedbackFigures"), true)])), true),
            ("byLoyalty", S.array(S.object([("key", S.oneOf(LoyaltyLevel.self), true), ("figures", S.ref("FeedbackFigures"), true)])), true),
            ("byCampaign", S.array(S.object([("key", S.string, true), ("figures", S.ref("FeedbackFigures"), true)])), true),
            ("verbatims", S.array(S.object([
                ("receivedAt", S.dateTime, true), ("channel", S.oneOf(FeedbackChannel.self), true), ("rating", S.integer, false),
                ("scale", S.oneOf(RatingScale.self), false), ("sentiment", S.oneOf(SentimentLabel.self), true), ("text", S.string, true)])), true)]),
    ]

    /// The paths.
    static let paths: [String: JSONValue] = [
        "/api/v1/reports/cx-roi": ["get": D.operation(
            "reportsCxRoi", "What promoters, passives and detractors (NPS answers in the fiscal year) and each engagement level gave the year after",
            "reports", parameters: [D.parameter("year", in: "query", S.type("integer", ["minimum": 1900, "maximum": 2200])),
                                    D.parameter("currency", in: "query", S.currency)],
            responses: ["200": D.json("The report", S.ref("ExperienceReturn")), "422": D.problem("Invalid year or currency")])],
        "/api/v1/settings/service-recovery": [
            "get": D.operation("settingsServiceRecoveryRead", "When feedback needs a follow-up, how soon it is due, and who hears when it is overdue", "settings",
                               responses: ["200": D.json("The settings", S.ref("ServiceRecoverySettings"))]),
            "put": D.operation("settingsServiceRecoveryReplace", "Replaces the service-recovery settings (admins only)", "settings", body: "ServiceRecoverySettingsInput",
                               responses: ["200": D.json("The settings now in force", S.ref("ServiceRecoverySettings")), "400": D.problem("The body is not a JSON object"),
                                           "413": D.problem("The body is larger than 1 MiB"), "422": D.problem("Invalid fields, each named")]),
        ],
        "/api/v1/reports/feedback": ["get": D.operation(
            "reportsFeedback", "NPS, CSAT, sentiment and follow-ups of the feedback received in a period (of a segment's members), by channel, month, loyalty level and campaign, with the latest words", "reports",
            parameters: [D.parameter("from", in: "query", S.date), D.parameter("to", in: "query", S.date), D.parameter("segmentId", in: "query", S.identifier)],
            responses: ["200": D.json("The report", S.ref("FeedbackReport")), "422": D.problem("Invalid dates, from after to, or an unknown segment")])],
    ]
}
