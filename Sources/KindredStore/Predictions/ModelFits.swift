import Foundation
import KindredCore
import SQLKit

/// Fits the repeat-giving models to the organisation's gifts and keeps every fit with the data it came from.
public struct ModelFits: Sendable {
    let store: KindredStore
    /// Discount rate, lifetime and lapse threshold of the predictions.
    static let settings = StoredSetting(key: "predictions", fallback: PredictionSettings())

    /// Fits `request`'s model to the gifts it names and stores the fit; throws `ValidationFailure` for an incomplete
    /// request and `ModelFitError` when the model cannot be fitted (nothing is stored then).
    public func fit(_ request: ModelFitRequest, forPredictions: Bool = false) async throws -> ModelFitRecord {
        var request = try request.validated()
        if request.currency == nil { request.currency = try await OrganisationSettingsStore.profile(in: store.database).currency }
        let data = request, currency = request.currency!, source = ModelData(store: store), started = ContinuousClock.now
        let parameters: [Double], donors: Int, logLikelihood: Double?, iterations: Int
        switch data.model {
        case .bgbb:
            let fit = try BGBB.fit(try await source.cohortHistories(cohortYear: data.cohortYear!, lastYear: data.lastYear!, currency: currency))
            (parameters, donors, logLikelihood, iterations) = ([fit.model.alpha, fit.model.beta, fit.model.gamma, fit.model.delta], fit.donors, fit.logLikelihood, fit.iterations)
        case .bgnbd:
            let fit = try BGNBD.fit(try await source.repeatHistories(calibrationEnd: data.calibrationEnd!, currency: currency))
            (parameters, donors, logLikelihood, iterations) = ([fit.model.r, fit.model.alpha, fit.model.a, fit.model.b], fit.donors, fit.logLikelihood, fit.iterations)
        case .gammagamma:
            let fit = try GammaGamma.fit(try await source.repeatValues(calibrationEnd: data.calibrationEnd!, currency: currency))
            (parameters, donors, logLikelihood, iterations) = ([fit.model.p, fit.model.q, fit.model.gamma], fit.donors, nil, fit.iterations)
        }
        let now = store.clock(), took = ContinuousClock.now - started
        let seconds = Double(took.components.seconds) + Double(took.components.attoseconds) * 1e-18
        let record = ModelFitRecord(
            id: RecordIdentifier.make(at: now), model: data.model, parameters: Dictionary(uniqueKeysWithValues: zip(data.model.parameterNames, parameters)),
            donors: donors, logLikelihood: logLikelihood, iterations: iterations, seconds: seconds, data: data, fittedAt: now, forPredictions: forPredictions)
        try await store.database.write { connection in
            try await connection.raw("""
                INSERT INTO model_fits (id, model, currency, parameters, donors, log_likelihood, iterations, seconds, data, fitted_at, for_predictions)
                VALUES (\(bind: record.id), \(bind: record.model.rawValue), \(bind: currency.code), \(bind: try Self.json(record.parameters)),
                \(bind: donors), \(bind: logLikelihood), \(bind: iterations), \(bind: seconds), \(bind: try Self.json(data)), \(bind: now.description), \(bind: forPredictions ? 1 : 0))
                """).run()
        }
        return record
    }

    /// The stored fits, newest first.
    public func list(limit: Int = 50) async throws -> [ModelFitRecord] {
        try await store.database.read { connection in
            try await connection.raw("SELECT * FROM model_fits ORDER BY fitted_at DESC, id DESC LIMIT \(literal: limit)").all().map(Self.decode)
        }
    }

    /// One stored fit; `StoreError.notFound` when there is none with this id.
    public func find(_ id: String) async throws -> ModelFitRecord {
        let row = try await store.database.read { try await $0.raw("SELECT * FROM model_fits WHERE id = \(bind: id)").first() }
        guard let row else { throw StoreError.notFound(entity: "model_fit", id: id) }
        return try Self.decode(row)
    }

    /// When the models the predictions use were last fitted, if ever.
    public func lastPredictionFitAt() async throws -> Timestamp? {
        let row = try await store.database.read { try await $0.raw("SELECT MAX(fitted_at) AS at FROM model_fits WHERE for_predictions = 1").first() }
        return try row?.optionalText("at").flatMap(Timestamp.init(iso8601:))
    }

    /// The prediction settings in force.
    public func settings() async throws -> PredictionSettings {
        try await store.database.read { try await Self.settings.load(on: $0) }
    }

    /// Replaces the prediction settings (validated); the next refresh uses them.
    public func replaceSettings(_ value: PredictionSettings, by actor: Actor) async throws -> PredictionSettings {
        let valid = try value.validated()
        try await store.database.write { try await Self.settings.save(valid, by: actor, at: store.clock(), on: $0) }
        return valid
    }

    /// The models the stored predictions come from: the latest BG/NBD fitted for predictions and the Gamma-Gamma fitted
    /// with it, under the settings in force; nil before the first refresh.
    static func predictionModels(on connection: any SQLDatabase) async throws -> (models: PredictionModels, transactions: String, value: String?)? {
        let latest = "SELECT * FROM model_fits WHERE for_predictions = 1 AND model = "
        guard let row = try await connection.raw("\(unsafeRaw: latest)'bgnbd' ORDER BY fitted_at DESC, id DESC LIMIT 1").first() else { return nil }
        let transactions = try decode(row)
        let valueRow = try await connection.raw("\(unsafeRaw: latest)'gammagamma' AND fitted_at >= \(bind: transactions.fittedAt.description) ORDER BY fitted_at DESC, id DESC LIMIT 1").first()
        let value = try valueRow.map(decode)
        let p = transactions.parameters, v = value?.parameters ?? [:]
        guard let r = p["r"], let alpha = p["alpha"], let a = p["a"], let b = p["b"], let currency = transactions.data.currency else { return nil }
        let valueModel = value == nil ? nil : v["p"].flatMap { p in v["q"].flatMap { q in v["gamma"].map { GammaGamma(p: p, q: q, gamma: $0) } } }
        let models = PredictionModels(transactions: BGNBD(r: r, alpha: alpha, a: a, b: b), value: valueModel, currency: currency,
                                      settings: try await settings.load(on: connection))
        return (models, transactions.id, value?.id)
    }

    private static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static func decode(_ row: any SQLRow) throws -> ModelFitRecord {
        let decoder = JSONDecoder()
        return ModelFitRecord(
            id: try row.text("id"), model: try row.vocabulary("model"),
            parameters: try decoder.decode([String: Double].self, from: Data(try row.text("parameters").utf8)),
            donors: Int(try row.int64("donors")), logLikelihood: try row.decode(column: "log_likelihood", as: Double?.self),
            iterations: Int(try row.int64("iterations")), seconds: try row.decode(column: "seconds", as: Double.self), data: try decoder.decode(ModelFitRequest.self, from: Data(try row.text("data").utf8)),
            fittedAt: try row.timestamp("fitted_at"), forPredictions: try row.int64("for_predictions") != 0)
    }
}

extension KindredStore {
    /// The repeat-giving models: fits, their history and the prediction settings.
    public var models: ModelFits { ModelFits(store: self) }
}
