import Foundation
import Hummingbird
import KindredCore
import KindredStore

/// The body of a self-reported engagement answer.
struct SelfReportInput: Decodable {
    /// "How involved do you feel?", 1 (not at all) to 5 (very).
    let value: Int?
}

/// A constituent's loyalty with their RFM score, if scored.
struct LoyaltyView: Encodable {
    let loyalty: LoyaltyStatus
    let rfm: RFMScore?
}

/// The retention report of a year with the five-year series for the dashboard.
struct RetentionView: Encodable {
    let report: RetentionReport
    let series: [RetentionReport]
}

/// Engagement, loyalty, retention, RFM and the settings they use.
enum EngagementRoutes {
    /// Registers the routes.
    static func register(on routes: RouteRecorder, store: KindredStore) {
        /// A constituent's engagement: score, level, trend, dimensions, quietly-engaged flag and top contributions.
        routes.add(.get, "/api/v1/constituents/:id/engagement") { _, context in
            let actor = try context.authorize(.read, .constituents)
            let id = try await visibleConstituent(context, store: store, actor: actor)
            return try JSONResponse.make(try await store.engagement.profile(of: id))
        }
        /// Records the constituent's own answer to "how involved do you feel?" (1–5); answers with the profile.
        routes.add(.put, "/api/v1/constituents/:id/engagement/self-reported") { request, context in
            let actor = try context.authorize(.write, .constituents)
            let id = try await visibleConstituent(context, store: store, actor: actor)
            let body = try RequestBody.decode(SelfReportInput.self, from: try await RequestBody.object(request, context: context).data)
            guard let value = body.value else { throw ValidationFailure([FieldIssue(field: "value", message: "is required")]) }
            try await store.engagement.recordSelfReported(value, for: id, by: actor)
            return try JSONResponse.make(try await store.engagement.profile(of: id))
        }
        /// A constituent's loyalty level at a date (today by default), its facts and acquisition source, and RFM.
        routes.add(.get, "/api/v1/constituents/:id/loyalty") { request, context in
            let actor = try context.authorize(.read, .constituents)
            let id = try await visibleConstituent(context, store: store, actor: actor)
            let date = try QueryParameters(request: request).date("date")
            return try JSONResponse.make(LoyaltyView(loyalty: try await store.loyalty.loyalty(of: id, on: date), rfm: try await store.loyalty.rfm(of: id)))
        }
        /// Donor retention for a fiscal year (the current one by default) and the five years to it.
        routes.add(.get, "/api/v1/reports/retention") { request, context in
            _ = try context.authorize(.read, .reports)
            let query = QueryParameters(request: request)
            let currency = try query.currency("currency")
            let profile = try await OrganisationSettingsStore.profile(in: store.database)
            let year = try query.integer("year", in: 1900...2200) ?? profile.fiscalCalendar.fiscalYear(of: profile.localDate(store.clock()))
            let series = try await store.loyalty.retentionSeries(endingIn: year, currency: currency)
            return try JSONResponse.make(RetentionView(report: series.last!, series: series))
        }
        /// The dashboard's figures: loyalty and engagement levels, quietly engaged, retention series, giving by month,
        /// channel, device and referrer source, all from maintained rollups.
        routes.add(.get, "/api/v1/reports/dashboard") { request, context in
            _ = try context.authorize(.read, .reports)
            let query = QueryParameters(request: request)
            return try JSONResponse.make(try await store.segments.dashboard(currency: try query.currency("currency"), freshPopulation: try query.flag("fresh")))
        }
        /// Recomputes every donor's RFM scores and answers with the count per group.
        routes.add(.post, "/api/v1/reports/rfm/refresh") { request, context in
            _ = try context.authorize(.write, .reports)
            let query = QueryParameters(request: request)
            let window = try query.integer("windowYears", in: 1...50) ?? 5
            return try JSONResponse.make(try await store.loyalty.refreshRFM(windowYears: window, currency: try query.currency("currency")))
        }
        /// Rebuilds every constituent's engagement sums (after a bulk change made outside Kindred).
        routes.add(.post, "/api/v1/engagement/recompute") { _, context in
            _ = try context.authorize(.write, .settings)
            return try JSONResponse.make(["constituents": try await store.engagement.recomputeAll()])
        }
        registerSettings(on: routes, store: store)
    }

    private static func registerSettings(on routes: RouteRecorder, store: KindredStore) {
        /// The organisation profile: fiscal-year start month and report currency.
        routes.add(.get, "/api/v1/settings/organisation") { _, context in
            _ = try context.authorize(.read, .settings)
            return try JSONResponse.make(try await OrganisationSettingsStore.profile(in: store.database))
        }
        /// Replaces the organisation profile (admins only).
        routes.add(.put, "/api/v1/settings/organisation") { request, context in
            let actor = try context.authorize(.write, .settings)
            let body = try RequestBody.decode(OrganisationProfile.self, from: try await RequestBody.object(request, context: context).data)
            return try JSONResponse.make(try await OrganisationSettingsStore.replace(body, by: actor, in: store.database, at: store.clock()))
        }
        /// How engagement is measured: half-life, gift weight and the weight and dimension of every interaction type.
        routes.add(.get, "/api/v1/settings/engagement") { _, context in
            _ = try context.authorize(.read, .settings)
            return try JSONResponse.make(try await store.engagement.settings())
        }
        /// Replaces the engagement settings (admins only) and recomputes everyone's engagement under them.
        routes.add(.put, "/api/v1/settings/engagement") { request, context in
            let actor = try context.authorize(.write, .settings)
            let body = try RequestBody.decode(EngagementSettings.self, from: try await RequestBody.object(request, context: context).data)
            return try JSONResponse.make(try await store.engagement.replaceSettings(body, by: actor))
        }
    }

    /// The path's constituent id, after checking the actor may see that constituent (404 otherwise).
    private static func visibleConstituent(_ context: KindredRequestContext, store: KindredStore, actor: Actor) async throws -> String {
        guard let id = context.parameters.get("id"), RecordIdentifier.isValid(id) else {
            throw Problem(.notFound, "no constituent has this id")
        }
        _ = try await store.constituents.get(id, by: actor)
        return id
    }
}
