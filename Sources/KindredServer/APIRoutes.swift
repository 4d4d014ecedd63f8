import Hummingbird
import KindredCore
import KindredStore

/// Every `/api/v1` collection and the constituent views.
enum APIRoutes {
    /// Registers the whole REST API.
    static func register(on routes: RouteRecorder, store: KindredStore) {
        let queries = ConstituentQueries(store: store)
        var constituents = RecordRoutes<ConstituentInput>(
            path: "constituents", resource: .constituents, schemaName: "Constituent", filters: [], repository: { $0.constituents })
        constituents.search = { query, actor in
            let order: PeopleOrder = try query.vocabulary("sort") ?? .added
            return try JSONResponse.make(try await queries.search(
                text: try query.text("q"), role: try query.vocabulary("role"), tag: try query.text("tag"),
                cursor: order == .added ? try query.idCursor() : query.string("cursor"), limit: try query.limit(), order: order, by: actor))
        }
        constituents.register(on: routes, store: store)
        RecordRoutes<HouseholdInput>(path: "households", resource: .households, schemaName: "Household", filters: [],
                                     repository: { $0.households }).register(on: routes, store: store)
        RecordRoutes<RelationshipInput>(
            path: "relationships", resource: .relationships, schemaName: "Relationship",
            filters: [.identifier("fromId", "from_id"), .identifier("toId", "to_id"), .vocabulary("kind", "kind", RelationshipKind.self)],
            repository: { $0.relationships }).register(on: routes, store: store)
        for kind in DesignationKind.allCases {
            RecordRoutes<DesignationInput>(path: kind.rawValue + "s", resource: .designations, schemaName: "Designation", filters: [],
                                           repository: { $0.designations(kind) }).register(on: routes, store: store)
        }
        RecordRoutes<GiftInput>(
            path: "gifts", resource: .gifts, schemaName: "Gift",
            filters: [.identifier("constituentId", "constituent_id"), .identifier("campaignId", "campaign_id"),
                      .identifier("recurringPlanId", "recurring_plan_id"), .vocabulary("status", "status", GiftStatus.self)],
            repository: { $0.gifts }).register(on: routes, store: store)
        RecordRoutes<RecurringPlanInput>(
            path: "recurring-plans", resource: .recurringPlans, schemaName: "RecurringPlan",
            filters: [.identifier("constituentId", "constituent_id"), .vocabulary("status", "status", RecurringPlanStatus.self)],
            repository: { $0.recurringPlans }).register(on: routes, store: store)
        RecordRoutes<InteractionInput>(
            path: "interactions", resource: .interactions, schemaName: "Interaction",
            filters: [.identifier("constituentId", "constituent_id")], repository: { $0.interactions }).register(on: routes, store: store)
        RecordRoutes<ConsentInput>(
            path: "consent-records", resource: .consent, schemaName: "ConsentRecord",
            filters: [.identifier("constituentId", "constituent_id"), .vocabulary("channel", "channel", ConsentChannel.self)],
            repository: { $0.consent }).register(on: routes, store: store)
        RecordRoutes<StaffTaskInput>(
            path: "tasks", resource: .tasks, schemaName: "Task",
            filters: [.identifier("constituentId", "constituent_id"), .identifier("assigneeId", "assignee_id"),
                      .vocabulary("status", "status", TaskStatus.self)],
            repository: { $0.tasks }).register(on: routes, store: store)
        RecordRoutes<FeedbackInput>(
            path: "feedback", resource: .feedback, schemaName: "Feedback",
            filters: [.identifier("constituentId", "constituent_id"), .vocabulary("channel", "channel", FeedbackChannel.self),
                      .vocabulary("recoveryReason", "recovery_reason", RecoveryReason.self)],
            repository: { $0.feedback }).register(on: routes, store: store)
        registerConstituentViews(on: routes, queries: queries)
        registerSettings(on: routes, store: store)
        routes.add(.get, "/api/v1/audit-log") { request, context in
            _ = try context.authorize(.read, .auditLog)
            let query = QueryParameters(request: request)
            return try JSONResponse.make(try await AuditLog.list(
                entityId: try query.identifier("entityId"), cursor: try query.idCursor(), limit: try query.limit(), in: store.database))
        }
    }

    /// The timeline, giving summary and current consent of one constituent.
    private static func registerConstituentViews(on routes: RouteRecorder, queries: ConstituentQueries) {
        routes.add(.get, "/api/v1/constituents/:id/timeline") { request, context in
            let actor = try context.authorize(.read, .constituents)
            let query = QueryParameters(request: request)
            return try JSONResponse.make(try await queries.timeline(
                of: try constituentId(context), cursor: try query.text("cursor"), limit: try query.limit(), by: actor))
        }
        routes.add(.get, "/api/v1/constituents/:id/summary") { _, context in
            let actor = try context.authorize(.read, .constituents)
            let summary = try await queries.summary(of: try constituentId(context), by: actor)
            return try JSONResponse.make(ConstituentSummary(constituent: summary.constituent, giving: summary.giving))
        }
        routes.add(.get, "/api/v1/constituents/:id/consent") { _, context in
            let actor = try context.authorize(.read, .consent)
            return try JSONResponse.make(ConsentState(items: try await queries.currentConsent(of: try constituentId(context), by: actor)))
        }
    }

    private static func constituentId(_ context: KindredRequestContext) throws -> String {
        guard let id = context.parameters.get("id"), RecordIdentifier.isValid(id) else {
            throw Problem(.notFound, "no constituent has this id")
        }
        return id
    }

    /// The event-mapping setting: the rules in force and the organisation's overrides.
    private static func registerSettings(on routes: RouteRecorder, store: KindredStore) {
        /// The event-name rules in force and the organisation's overrides of the defaults.
        routes.add(.get, "/api/v1/settings/event-mapping") { _, context in
            _ = try context.authorize(.read, .settings)
            let overrides = try await EventMappingSettings.overrides(in: store.database)
            return try JSONResponse.make(EventMappingView(rules: EventMapping.defaults.overridden(by: overrides).rules, overrides: overrides))
        }
        /// Replaces the organisation's overrides (admins only).
        routes.add(.put, "/api/v1/settings/event-mapping") { request, context in
            let actor = try context.authorize(.write, .settings)
            let body = try RequestBody.decode(EventMappingView.Input.self, from: try await RequestBody.object(request, context: context).data)
            let mapping = try await EventMappingSettings.replace(body.overrides, by: actor, in: store.database, at: store.clock())
            return try JSONResponse.make(EventMappingView(rules: mapping.rules, overrides: body.overrides))
        }
    }
}

/// A constituent with its giving rollups per currency.
struct ConstituentSummary: Encodable {
    let constituent: Record<ConstituentFields>
    let giving: [GivingSummary]
}

/// The latest consent record per channel.
struct ConsentState: Encodable {
    let items: [Record<ConsentFields>]

}

/// The event mapping as the API shows it.
struct EventMappingView: Codable {
    /// Every rule in force, by event name.
    let rules: [String: EventRule]
    /// The organisation's overrides of the defaults.
    let overrides: [String: EventRule]

    /// The body of a replacement.
    struct Input: Codable {
        /// The new overrides (replacing the old ones).
        let overrides: [String: EventRule]
    }
}
