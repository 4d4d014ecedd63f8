import Foundation
import Hummingbird
import KindredCore
import KindredStore

/// A donor's stored prediction with its plain explanation.
struct PredictionView: Encodable {
    let constituentId: String
    let currency: Currency
    let asOf: CalendarDate
    let prediction: DonorPrediction?
    let explanation: String?
    let ask: AskLadder
    let transactionsFitId: String?
    let valueFitId: String?

    init(_ stored: StoredPrediction, settings: PredictionSettings) {
        constituentId = stored.constituentId
        currency = stored.currency
        asOf = stored.asOf
        prediction = stored.prediction
        explanation = stored.prediction?.explanation(currency: stored.currency, lifetimeYears: settings.lifetimeYears)
        ask = stored.ask
        transactionsFitId = stored.transactionsFitId
        valueFitId = stored.valueFitId
    }
}

/// The repeat-giving models, their fits, the per-donor predictions and ask ladders, and the prediction settings.
enum PredictionRoutes {
    /// Registers the routes.
    static func register(on routes: RouteRecorder, store: KindredStore) {
        /// The stored model fits, newest first, with the data each came from.
        routes.add(.get, "/api/v1/models") { request, context in
            _ = try context.authorize(.read, .reports)
            let limit = try QueryParameters(request: request).integer("limit", in: 1...500) ?? 50
            return try JSONResponse.make(["fits": try await store.models.list(limit: limit)])
        }
        /// One stored fit.
        routes.add(.get, "/api/v1/models/:id") { _, context in
            _ = try context.authorize(.read, .reports)
            guard let id = context.parameters.get("id"), RecordIdentifier.isValid(id) else { throw Problem(.notFound, "no model fit has this id") }
            return try JSONResponse.make(try await store.models.find(id))
        }
        /// Fits a model to the gifts the body names and stores the fit (422 when it cannot be fitted).
        routes.add(.post, "/api/v1/models/fit") { request, context in
            _ = try context.authorize(.write, .reports)
            let body = try RequestBody.decode(ModelFitRequest.self, from: try await RequestBody.object(request, context: context).data)
            return try JSONResponse.make(try await store.models.fit(body), status: .created)
        }
        /// Refits BG/NBD and Gamma-Gamma to every gift up to today and refreshes every donor's prediction.
        routes.add(.post, "/api/v1/models/predict") { _, context in
            _ = try context.authorize(.write, .reports)
            return try JSONResponse.make(try await store.predictions.refreshAll())
        }
        /// A donor's prediction (probability active, expected gifts, value, lifetime value, lapse risk) and ask ladder.
        routes.add(.get, "/api/v1/constituents/:id/prediction") { _, context in
            let actor = try context.authorize(.read, .gifts)
            guard let id = context.parameters.get("id"), RecordIdentifier.isValid(id) else { throw Problem(.notFound, "no constituent has this id") }
            _ = try await store.constituents.get(id, by: actor)
            guard let stored = try await store.predictions.of(id) else {
                throw Problem(.notFound, "this constituent has no counted gift in the organisation's currency, so there is nothing to predict")
            }
            return try JSONResponse.make(PredictionView(stored, settings: try await store.models.settings()))
        }
        /// The prediction settings: discount rate, lifetime years and lapse threshold.
        routes.add(.get, "/api/v1/settings/predictions") { _, context in
            _ = try context.authorize(.read, .settings)
            return try JSONResponse.make(try await store.models.settings())
        }
        /// Replaces the prediction settings (admins only); the next refresh uses them.
        routes.add(.put, "/api/v1/settings/predictions") { request, context in
            let actor = try context.authorize(.write, .settings)
            let body = try RequestBody.decode(PredictionSettings.self, from: try await RequestBody.object(request, context: context).data)
            return try JSONResponse.make(try await store.models.replaceSettings(body, by: actor))
        }
    }
}
