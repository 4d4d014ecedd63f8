import Foundation
import Hummingbird
import KindredCore
import KindredStore

/// The supporter journey: stages and their rules, each person's stage history, the funnel, the touchpoint inventory
/// and what it does, site search and donation-form friction.
enum JourneyRoutes {
    /// Registers the routes.
    static func register(on routes: RouteRecorder, store: KindredStore) {
        RecordRoutes<TouchpointInput>(path: "touchpoints", resource: .segments, schemaName: "Touchpoint",
                                      filters: [.vocabulary("kind", "kind", TouchpointKind.self)],
                                      repository: { $0.touchpoints }).register(on: routes, store: store)
        /// The journey stages in force: names and rules, in funnel order with lapsed last.
        routes.add(.get, "/api/v1/journey/stages") { _, context in
            _ = try context.authorize(.read, .settings)
            return try JSONResponse.make(try await store.journey.settings())
        }
        /// Renames stages or changes their rules (admins only); people move at the next placement.
        routes.add(.put, "/api/v1/journey/stages") { request, context in
            let actor = try context.authorize(.write, .settings)
            let body = try RequestBody.decode(JourneySettingsInput.self, from: try await RequestBody.object(request, context: context).data)
            return try JSONResponse.make(try await store.journey.replaceSettings(body, by: actor))
        }
        /// Places everyone in their stage now (the server does it every five minutes); answers how many moved.
        routes.add(.post, "/api/v1/journey/placements") { _, context in
            _ = try context.authorize(.write, .settings)
            return try JSONResponse.make(["moved": try await store.journey.placeEveryone()])
        }
        /// A person's stage history, latest first.
        routes.add(.get, "/api/v1/constituents/:id/journey") { _, context in
            let actor = try context.authorize(.read, .constituents)
            return try JSONResponse.make(["stages": try await store.journey.history(of: try context.recordId(of: "constituent"), by: actor)])
        }
        /// The funnel: people now and ever in each stage, conversion and median days between stages; narrowed by the
        /// first gift's channel (`source`) and device, or any segment rule (`rule`).
        routes.add(.get, "/api/v1/reports/journey-funnel") { request, context in
            let actor = try context.authorize(.read, .reports)
            let query = QueryParameters(request: request)
            let filter = JourneyFilter(source: try query.vocabulary("source"), device: try query.vocabulary("device"), rule: try query.text("rule"))
            return try JSONResponse.make(try await store.journey.funnel(filter, by: actor))
        }
        /// Every touchpoint's reach, engaged people and the gifts that followed within `windowDays` (first and last
        /// touch), by device; and each stage's coverage (gaps: no touchpoint; silent: none reached anyone).
        routes.add(.get, "/api/v1/reports/touchpoints") { request, context in
            let actor = try context.authorize(.read, .reports)
            let query = QueryParameters(request: request)
            let period = try await JourneyPeriod.read(query, store: store)
            let window = try query.integer("windowDays", in: 1...365) ?? 30
            return try JSONResponse.make(try await store.journey.touchpointReport(period, windowDays: window, by: actor))
        }
        /// What people searched the site for, and the searches that found nothing.
        routes.add(.get, "/api/v1/reports/site-search") { request, context in
            let actor = try context.authorize(.read, .reports)
            return try JSONResponse.make(try await store.journey.siteSearch(try await JourneyPeriod.read(QueryParameters(request: request), store: store), by: actor))
        }
        /// Donation-form starts, completions and errors by page and device.
        routes.add(.get, "/api/v1/reports/donation-forms") { request, context in
            let actor = try context.authorize(.read, .reports)
            let period = try await JourneyPeriod.read(QueryParameters(request: request), store: store)
            return try JSONResponse.make(["forms": try await store.journey.formFriction(period, by: actor)])
        }
    }
}

/// The period journey reports look at: `from` and `to` (dates in the organisation's time zone or date-times), the
/// last 90 days by default, at most five years.
enum JourneyPeriod {
    /// The period asked for, or a validation failure naming the parameter.
    static func read(_ query: QueryParameters, store: KindredStore) async throws -> ReportPeriod {
        let zone = try await OrganisationSettingsStore.profile(in: store.database).zone
        let to = try query.instant("to", timeZone: zone) ?? store.clock()
        let from = try query.instant("from", timeZone: zone) ?? to.adding(milliseconds: -90 * 86_400_000)
        guard from < to else { throw ValidationFailure([FieldIssue(field: "from", message: "must be before to")]) }
        guard to.millisecondsSinceEpoch - from.millisecondsSinceEpoch <= 1_827 * 86_400_000 else {
            throw ValidationFailure([FieldIssue(field: "from", message: "the period must be at most five years")])
        }
        return ReportPeriod(from: from, to: to)
    }
}
