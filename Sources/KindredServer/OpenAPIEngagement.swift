import Foundation
import KindredCore

/// The engagement part of the OpenAPI document: engagement profiles, loyalty, retention, RFM and their settings.
enum OpenAPIEngagement {
    typealias S = SchemaBuilder
    typealias D = OpenAPIDocument

    private static let number = S.type("number")
    private static let snakeCase = ["pattern": JSONValue.string("^[a-z][a-z0-9_]{0,63}$")]
    private static let rate = S.type("number", ["minimum": 0])
    private static let weight = S.object([("dimension", S.oneOf(EngagementDimension.self), true), ("weight", number, true)])
    private static let bucket = S.object([("key", S.string, true), ("totalMinor", S.integer, true), ("giftCount", S.integer, true)])
    private static let weightInput = S.object([("dimension", S.oneOf(EngagementDimension.self), true),
                                               ("weight", S.type("number", ["minimum": -100, "maximum": 100]), true)])

    /// The schemas.
    static let schemas: [String: JSONValue] = [
        "EngagementProfile": S.object([
            ("constituentId", S.identifier, true), ("score", S.type("number", ["minimum": 0, "maximum": 100]), true),
            ("level", S.oneOf(EngagementLevel.self), true), ("trend", S.oneOf(EngagementTrend.self), true),
            ("points", number, true), ("pointsNinetyDaysAgo", number, true), ("quietlyEngaged", S.boolean, true),
            ("active", S.boolean, true), ("halfLifeDays", number, true),
            ("dimensions", S.array(S.object([("dimension", S.oneOf(EngagementDimension.self), true), ("points", number, true),
                                             ("score", number, true)])), true),
            ("topContributions", S.array(S.object([
                ("kind", S.type("string", ["enum": ["interaction", "gift"]]), true), ("id", S.identifier, true), ("type", S.string, true),
                ("dimension", S.oneOf(EngagementDimension.self), true), ("occurredAt", S.dateTime, true), ("weight", number, true),
                ("points", number, true)])), true),
            ("selfReported", S.object([("value", S.type("integer", ["minimum": 1, "maximum": 5]), true), ("recordedAt", S.dateTime, true),
                                       ("agreement", S.oneOf(SelfReportAgreement.self), true)]), false),
        ]),
        "SelfReportInput": S.object([("value", S.type("integer", ["minimum": 1, "maximum": 5]), true)]),
        "Loyalty": S.object([
            ("loyalty", S.object([
                ("constituentId", S.identifier, true), ("date", S.date, true), ("fiscalYear", S.integer, true),
                ("level", S.oneOf(LoyaltyLevel.self), true), ("givingYears", S.array(S.integer), true),
                ("hasActiveRecurringPlan", S.boolean, true),
                ("acquisition", S.object([("giftId", S.identifier, true), ("receivedAt", S.dateTime, true),
                                          ("channel", S.oneOf(GiftChannel.self), true), ("campaignId", S.identifier, false),
                                          ("device", S.oneOf(Device.self), true), ("referrer", S.string, false),
                                          ("throughFriend", S.boolean, true)]), false),
            ]), true),
            ("rfm", S.ref("RFMScore"), false),
        ]),
        "RFMScore": S.object([("constituentId", S.identifier, true), ("recency", S.integer, true), ("frequency", S.integer, true),
                              ("monetary", S.integer, true), ("cell", S.string, true), ("group", S.oneOf(RFMGroup.self), true)]),
        "RetentionReport": S.object([
            ("year", S.integer, true), ("currency", S.string, true), ("donorsPriorYear", S.integer, true),
            ("donorsCurrentYear", S.integer, true), ("newDonors", S.integer, true), ("retainedDonors", S.integer, true),
            ("lapsedDonors", S.integer, true), ("recapturedDonors", S.integer, true), ("upgradedDonors", S.integer, true),
            ("downgradedDonors", S.integer, true), ("donorRetentionRate", rate, false), ("newDonorRetentionRate", rate, false),
            ("repeatDonorRetentionRate", rate, false), ("dollarRetentionRate", rate, false),
            ("amountPriorYear", S.integer, true), ("amountCurrentYear", S.integer, true),
        ]),
        "Dashboard": S.object([
            ("currency", S.string, true), ("loyalty", S.type("object", ["additionalProperties": S.integer]), true),
            ("engagementLevels", S.type("object", ["additionalProperties": S.integer]), true), ("quietlyEngaged", S.integer, true),
            ("populationAsOf", S.dateTime, true), ("retention", S.array(S.ref("RetentionReport")), true),
            ("givingByMonth", S.array(bucket), true), ("givingByChannel", S.array(bucket), true),
            ("givingByDevice", S.array(bucket), true), ("givingBySource", S.array(bucket), true),
        ]),
        "RFMSummary": S.object([("currency", S.string, true), ("windowYears", S.integer, true), ("computedAt", S.dateTime, true),
                                ("donors", S.integer, true), ("groups", S.type("object", ["additionalProperties": S.integer]), true)]),
        "OrganisationProfile": S.object([("fiscalYearStartMonth", S.type("integer", ["minimum": 1, "maximum": 12]), true),
                                         ("currency", S.currency, true), ("name", S.nullable(S.type("string", ["maxLength": 200])), false),
                                         ("guidingPrinciples", S.nullable(S.type("string", ["maxLength": 4000])), false),
                                         ("timeZone", S.nullable(S.type("string", ["enum": .array(Set(TimeZone.knownTimeZoneIdentifiers + ["UTC"]).sorted().map { .string($0) }),
                                                                                  "default": "UTC", "description": "An IANA time zone; absent or null means UTC"])), false)]),
        "EngagementSettings": S.object([("halfLifeDays", number, true), ("giftWeight", number, true),
                                        ("interactionWeights", S.type("object", ["additionalProperties": weight]), true)]),
        "EngagementSettingsInput": S.object([
            ("halfLifeDays", S.type("number", ["minimum": 30, "maximum": 3650]), true),
            ("giftWeight", S.type("number", ["minimum": 0, "maximum": 100]), true),
            ("interactionWeights", S.type("object", ["additionalProperties": weightInput, "maxProperties": 500, "propertyNames": .object(snakeCase)]), true),
        ]),
    ]

    /// The paths.
    static var paths: [String: JSONValue] {
        let id = D.parameter("id", in: "path", S.identifier)
        let bodyProblems: [String: JSONValue] = ["400": D.problem("The body is not a JSON object"), "413": D.problem("The body is larger than 1 MiB"),
                                                 "422": D.problem("Invalid fields, each named")]
        let currency = D.parameter("currency", in: "query", S.currency)
        return [
            "/api/v1/constituents/{id}/engagement": ["get": D.operation(
                "constituentsEngagement", "A constituent's engagement: score, level, trend, dimensions and what contributes most", "engagement",
                parameters: [id], responses: ["200": D.json("The profile", S.ref("EngagementProfile")), "404": D.problem("No such constituent")])],
            "/api/v1/constituents/{id}/engagement/self-reported": ["put": D.operation(
                "constituentsSelfReport", "Record how involved the constituent says they feel (1–5)", "engagement", parameters: [id],
                body: "SelfReportInput",
                responses: bodyProblems.merging(["200": D.json("The profile with the answer beside the measured level", S.ref("EngagementProfile")),
                                                 "404": D.problem("No such constituent")]) { $1 })],
            "/api/v1/constituents/{id}/loyalty": ["get": D.operation(
                "constituentsLoyalty", "A constituent's loyalty level at a date, its facts, acquisition source and RFM score", "engagement",
                parameters: [id, D.parameter("date", in: "query", S.date)],
                responses: ["200": D.json("The loyalty", S.ref("Loyalty")), "404": D.problem("No such constituent"),
                            "422": D.problem("Invalid date")])],
            "/api/v1/reports/retention": ["get": D.operation(
                "reportsRetention", "Donor retention for a fiscal year, with the five years to it", "reports",
                parameters: [D.parameter("year", in: "query", S.type("integer", ["minimum": 1900, "maximum": 2200])), currency],
                responses: ["200": D.json("The report and series", S.object([("report", S.ref("RetentionReport"), true),
                                                                             ("series", S.array(S.ref("RetentionReport")), true)])),
                            "422": D.problem("Invalid year or currency")])],
            "/api/v1/reports/dashboard": ["get": D.operation(
                "reportsDashboard", "The dashboard's figures: giving and retention live, population counts as of populationAsOf", "reports",
                parameters: [currency, D.parameter("fresh", in: "query", S.type("boolean"))],
                responses: ["200": D.json("The figures", S.ref("Dashboard")), "422": D.problem("Invalid currency")])],
            "/api/v1/reports/rfm/refresh": ["post": D.operation(
                "reportsRfmRefresh", "Recompute every donor's RFM scores; answers with the donors per group", "reports",
                parameters: [D.parameter("windowYears", in: "query", S.type("integer", ["minimum": 1, "maximum": 50])), currency],
                responses: ["200": D.json("The summary", S.ref("RFMSummary")), "422": D.problem("Invalid window or currency")])],
            "/api/v1/engagement/recompute": ["post": D.operation(
                "engagementRecompute", "Rebuild every constituent's engagement sums (admins only)", "engagement",
                responses: ["200": D.json("How many constituents", S.object([("constituents", S.integer, true)]))])],
            "/api/v1/settings/organisation": [
                "get": D.operation("settingsOrganisationRead", "The fiscal-year start month and report currency", "settings",
                                   responses: ["200": D.json("The profile", S.ref("OrganisationProfile"))]),
                "put": D.operation("settingsOrganisationReplace", "Replace the organisation profile (admins only)", "settings",
                                   body: "OrganisationProfile",
                                   responses: bodyProblems.merging(["200": D.json("The profile", S.ref("OrganisationProfile"))]) { $1 }),
            ],
            "/api/v1/settings/engagement": [
                "get": D.operation("settingsEngagementRead", "How engagement is measured: half-life and weights", "settings",
                                   responses: ["200": D.json("The settings", S.ref("EngagementSettings"))]),
                "put": D.operation("settingsEngagementReplace", "Replace the engagement settings and recompute everyone (admins only)",
                                   "settings", body: "EngagementSettingsInput",
                                   responses: bodyProblems.merging(["200": D.json("The settings", S.ref("EngagementSettings"))]) { $1 }),
            ],
        ]
    }
}
