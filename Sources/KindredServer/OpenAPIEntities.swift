import KindredCore

/// The fields of each kind of record, as the OpenAPI document describes them.
enum OpenAPIEntities {
    typealias S = SchemaBuilder

    static let reference: [S.Property] = [("source", S.string, false), ("externalId", S.string, false)]

    static let constituent: [S.Property] = [
        ("kind", S.oneOf(ConstituentKind.self), true), ("givenName", S.string, false), ("familyName", S.string, false),
        ("displayName", S.string, true), ("emails", S.array(S.string), true), ("phones", S.array(S.string), true),
        ("address", S.object([("line1", S.string, false), ("line2", S.string, false), ("postalCode", S.string, false),
                              ("city", S.string, false), ("region", S.string, false), ("country", S.string, false)]), false),
        ("preferredLanguage", S.oneOf(Language.self), true), ("roles", S.array(S.oneOf(ConstituentRole.self)), true),
        ("tags", S.array(S.string), true), ("customFields", S.freeObject, true), ("householdId", S.identifier, false), ("accountOwnerId", S.identifier, false),
    ] + reference

    static let household: [S.Property] = [("name", S.string, true)] + reference

    static let relationship: [S.Property] = [
        ("fromId", S.identifier, true), ("toId", S.identifier, true), ("kind", S.oneOf(RelationshipKind.self), true),
        ("customKind", S.string, false), ("caregiverKind", S.oneOf(CaregiverKind.self), false),
        ("startedOn", S.date, false), ("endedOn", S.date, false), ("note", S.string, false),
    ]

    static let designation: [S.Property] = [
        ("name", S.string, true), ("code", S.string, false), ("description", S.string, false), ("goalMinor", S.amount, false),
        ("currency", S.currency, false), ("startsOn", S.date, false), ("endsOn", S.date, false),
    ] + reference

    static let gift: [S.Property] = [
        ("constituentId", S.identifier, true), ("amountMinor", S.amount, true), ("currency", S.currency, true),
        ("receivedAt", S.dateTime, true), ("channel", S.oneOf(GiftChannel.self), true),
        ("paymentMethod", S.oneOf(PaymentMethod.self), false), ("device", S.oneOf(Device.self), true),
        ("attribution", S.object([("referrer", S.string, false), ("utmSource", S.string, false),
                                  ("utmMedium", S.string, false), ("utmCampaign", S.string, false)]), false),
        ("campaignId", S.identifier, false), ("projectId", S.identifier, false), ("fundId", S.identifier, false),
        ("recurringPlanId", S.identifier, false),
        ("softCredits", S.array(S.object([("constituentId", S.identifier, true), ("amountMinor", S.amount, false)])), true),
        ("inKind", S.boolean, true), ("inKindDescription", S.string, false), ("status", S.oneOf(GiftStatus.self), true),
    ] + reference

    static let recurringPlan: [S.Property] = [
        ("constituentId", S.identifier, true), ("amountMinor", S.amount, true), ("currency", S.currency, true),
        ("frequency", S.oneOf(RecurringFrequency.self), true), ("status", S.oneOf(RecurringPlanStatus.self), true),
        ("closedReason", S.string, false), ("startsOn", S.date, true), ("endsOn", S.date, false),
        ("campaignId", S.identifier, false),
    ] + reference

    static let interaction: [S.Property] = [
        ("constituentId", S.identifier, true), ("type", S.string, true), ("channel", S.string, true),
        ("occurredAt", S.dateTime, true), ("direction", S.oneOf(InteractionDirection.self), true),
        ("properties", S.freeObject, true),
    ] + reference

    static let consent: [S.Property] = [
        ("constituentId", S.identifier, true), ("channel", S.oneOf(ConsentChannel.self), true),
        ("status", S.oneOf(ConsentStatus.self), true), ("recordedAt", S.dateTime, true), ("source", S.string, true),
        ("note", S.string, false),
    ]

    static let task: [S.Property] = [
        ("constituentId", S.identifier, true), ("title", S.string, true), ("kind", S.oneOf(TaskKind.self), true),
        ("details", S.string, false), ("assigneeId", S.identifier, false), ("dueOn", S.date, true),
        ("status", S.oneOf(TaskStatus.self), true), ("closedOn", S.date, false), ("outcome", S.string, false),
    ]

    static let feedback: [S.Property] = [
        ("constituentId", S.identifier, true), ("channel", S.oneOf(FeedbackChannel.self), true), ("text", S.type("string", ["maxLength": 10_000]), true),
        ("rating", S.type("integer", ["minimum": 0, "maximum": 10]), false), ("scale", S.oneOf(RatingScale.self), false),
        ("complaint", S.boolean, true), ("language", S.oneOf(FeedbackLanguage.self), false), ("receivedAt", S.dateTime, false),
    ]

    /// What Kindred reads in feedback: the sentiment with the words behind it, and why it needs a follow-up.
    static let feedbackDerived: [S.Property] = [
        ("sentiment", S.object([
            ("score", S.type("number", ["minimum": -1, "maximum": 1]), true), ("language", S.oneOf(FeedbackLanguage.self), true),
            ("words", S.array(S.object([("word", S.string, true), ("valence", S.type("number"), true), ("negated", S.boolean, true)])), true)]), true),
        ("recoveryReason", S.oneOf(RecoveryReason.self), false),
    ]

    static let datedAmount = S.object([("amountMinor", S.integer, true), ("at", S.dateTime, true)])

    static let givingSummary = S.object([
        ("currency", S.string, true), ("giftCount", S.integer, true), ("totalMinor", S.integer, true),
        ("averageGiftMinor", S.integer, true), ("firstGift", datedAmount, true), ("lastGift", datedAmount, true),
        ("largestGift", datedAmount, true), ("currentFiscalYear", S.integer, true), ("givenThisYearMinor", S.integer, true),
        ("givenLastYearMinor", S.integer, true), ("givenTwoYearsAgoMinor", S.integer, true), ("distinctYears", S.integer, true),
        ("consecutiveYearStreak", S.integer, true),
        ("bestYear", S.object([("fiscalYear", S.integer, true), ("totalMinor", S.integer, true)]), true),
    ])

    static let timelineEntry = S.object([
        ("kind", S.type("string", ["enum": ["gift", "interaction"]]), true), ("id", S.identifier, true), ("at", S.dateTime, true),
        ("type", S.string, true), ("channel", S.string, true), ("amountMinor", S.integer, false), ("currency", S.string, false),
    ])

    static let auditEntry = S.object([
        ("id", S.identifier, true), ("occurredAt", S.dateTime, true),
        ("actorKind", S.type("string", ["enum": ["user", "api_key", "system"]]), true), ("actorId", S.string, false),
        ("action", S.type("string", ["enum": ["create", "update", "delete", "read"]]), true), ("entity", S.string, true),
        ("entityId", S.string, false),
    ])

    static let problem = S.object([
        ("type", S.string, true), ("title", S.string, true), ("status", S.integer, true), ("detail", S.string, true),
        ("errors", S.array(S.object([("field", S.string, true), ("message", S.string, true)])), false),
    ])
}
