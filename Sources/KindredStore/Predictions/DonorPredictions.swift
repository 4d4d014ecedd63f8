import Foundation
import KindredCore
import SQLKit

/// A donor's stored prediction and ask ladder in the organisation's currency.
public struct StoredPrediction: Sendable, Hashable, Codable {
    /// The donor.
    public let constituentId: String
    /// The currency of the amounts.
    public let currency: Currency
    /// The day the prediction looks forward from.
    public let asOf: CalendarDate
    /// What the models say; nil until the models have been fitted.
    public let prediction: DonorPrediction?
    /// The suggested asks.
    public let ask: AskLadder
    /// The BG/NBD and Gamma-Gamma fits the prediction comes from.
    public let transactionsFitId: String?, valueFitId: String?
}

/// What a refresh did: the fits it made and how many donors it predicted.
public struct PredictionRefresh: Sendable, Hashable, Codable {
    /// The day predicted from (the calibration end of the fits).
    public let asOf: CalendarDate
    /// The BG/NBD fit.
    public let transactionsFit: ModelFitRecord
    /// The Gamma-Gamma fit, or nil with why (then each donor's own average gift stands in).
    public let valueFit: ModelFitRecord?, valueFitProblem: String?
    /// Donors with a stored prediction.
    public let donors: Int
}

/// Every donor's prediction and ask ladder: refreshed in full by `refreshAll` (the models refitted at today), and for
/// the donors concerned inside every gift write's transaction, with the models in force.
public struct DonorPredictions: Sendable {
    let store: KindredStore
    private static let columns = [
        "constituent_id", "currency", "as_of", "transactions_fit_id", "value_fit_id", "transactions", "probability_alive", "expected_gifts_1y",
        "expected_gifts_3y", "expected_gifts_5y", "expected_gift_minor", "lifetime_value_minor", "lapse_risk",
        "ask_1_minor", "ask_2_minor", "ask_3_minor", "ask_basis", "ask_reason"]

    /// A donor's stored prediction, nil for someone who never gave in the organisation's currency.
    public func of(_ constituentId: String) async throws -> StoredPrediction? {
        let row = try await store.database.read { try await $0.raw("SELECT * FROM donor_predictions WHERE constituent_id = \(bind: constituentId)").first() }
        return try row.map(Self.decode)
    }

    /// Refits BG/NBD and Gamma-Gamma to every gift up to today (UTC) and rewrites every donor's prediction, five
    /// thousand donors a transaction. Throws `ModelFitError` when BG/NBD cannot be fitted (the stored predictions stay).
    public func refreshAll() async throws -> PredictionRefresh {
        let asOf = store.clock().utcDate
        let transactionsFit = try await store.models.fit(ModelFitRequest(model: .bgnbd, calibrationEnd: asOf), forPredictions: true)
        var valueFit: ModelFitRecord?, valueFitProblem: String?
        do {
            valueFit = try await store.models.fit(ModelFitRequest(model: .gammagamma, calibrationEnd: asOf), forPredictions: true)
        } catch let error as ModelFitError {
            valueFitProblem = error.description
        }
        let currency = transactionsFit.data.currency!
        var after = "", donors = 0
        try await store.database.write { try await $0.raw("DELETE FROM donor_predictions WHERE currency <> \(bind: currency.code)").run() }
        while true {
            let start = after
            let written: (last: String?, count: Int) = try await store.database.write { connection in
                let summaries = try await Self.summaries(after: start, currency: currency, on: connection)
                guard let last = summaries.last?.id else {
                    try await connection.raw("DELETE FROM donor_predictions WHERE constituent_id > \(bind: start)").run()
                    return (nil, 0)
                }
                let models = try await ModelFits.predictionModels(on: connection)
                try await connection.raw("DELETE FROM donor_predictions WHERE constituent_id > \(bind: start) AND constituent_id <= \(bind: last)").run()
                let rows = summaries.map { Self.row($0.id, $0.summary, models: models, currency: currency, asOf: max(asOf, CalendarDate(daysSinceEpoch: $0.summary.lastDay))) }
                try await BulkInsert.rows(rows, into: "donor_predictions", columns: Self.columns, on: connection)
                return (last, rows.count)
            }
            donors += written.count
            guard let last = written.last else { break }
            after = last
        }
        return PredictionRefresh(asOf: asOf, transactionsFit: transactionsFit, valueFit: valueFit, valueFitProblem: valueFitProblem, donors: donors)
    }

    /// The next five thousand donors after `start` in `currency`, in id order, with the giving summaries their rollups
    /// keep. The currency is compared as `currency || ''` so SQLite walks the primary key in id order instead of a
    /// currency-led index and a sort of every donor per chunk (which made a refresh quadratic).
    private static func summaries(after start: String, currency: Currency, on connection: any SQLDatabase) async throws -> [(id: String, summary: DonorGivingSummary)] {
        try await connection.raw("""
            SELECT constituent_id, transaction_days, first_day, last_day, total_minor, first_day_minor, last_day_minor, largest_day_minor
            FROM constituent_rollups WHERE currency || '' = \(bind: currency.code) AND constituent_id > \(bind: start) ORDER BY constituent_id LIMIT 5000
            """).all().map { row in
            (try row.text("constituent_id"), DonorGivingSummary(
                transactions: Int(try row.int64("transaction_days")), firstDay: try row.int64("first_day"), lastDay: try row.int64("last_day"),
                totalMinor: try row.int64("total_minor"), firstMinor: try row.int64("first_day_minor"), lastMinor: try row.int64("last_day_minor"),
                largestMinor: try row.int64("largest_day_minor")))
        }
    }

    /// Rewrites the predictions of the donors `ids` from their new giving summaries per currency, with the models in
    /// force (inside a gift write).
    static func replace(of ids: [String], summaries: [String: [String: DonorGivingSummary]], on connection: any SQLDatabase) async throws {
        try await connection.raw("DELETE FROM donor_predictions WHERE constituent_id IN \(TextList.subquery(ids, on: connection))").run()
        try await insert(of: ids, summaries: summaries, on: connection)
    }

    /// Writes the prediction rows of `ids` (none stored yet) from their giving summaries, with the models in force.
    static func insert(of ids: [String], summaries: [String: [String: DonorGivingSummary]], on connection: any SQLDatabase) async throws {
        let currency = try await OrganisationSettingsStore.profile.load(on: connection).currency
        let models = try await ModelFits.predictionModels(on: connection)
        let today = Timestamp.now.utcDate
        let rows = ids.compactMap { id in
            summaries[id]?[currency.code].map { summary in
                row(id, summary, models: models, currency: currency, asOf: max(today, CalendarDate(daysSinceEpoch: summary.lastDay)))
            }
        }
        try await BulkInsert.rows(rows, into: "donor_predictions", columns: columns, on: connection)
    }

    /// One donor's row: the prediction when the models are in this currency, and the ask ladder.
    private static func row(_ id: String, _ summary: DonorGivingSummary, models fitted: (models: PredictionModels, transactions: String, value: String?)?,
                            currency: Currency, asOf: CalendarDate) -> [any Encodable & Sendable] {
        let usable = fitted.flatMap { $0.models.currency == currency ? $0 : nil }
        let prediction = usable?.models.predict(summary, asOf: asOf)
        let ask = AskLadder.suggest(for: summary, predictedMinor: prediction?.expectedGiftValueMinor, currency: currency)
        let fits: [String?] = prediction == nil ? [nil, nil] : [usable?.transactions, usable?.value]
        return [id, currency.code, asOf.description, fits[0], fits[1], summary.transactions, prediction?.probabilityAlive, prediction?.expectedGifts1Year,
                prediction?.expectedGifts3Years, prediction?.expectedGifts5Years, prediction?.expectedGiftValueMinor,
                prediction?.lifetimeValueMinor, prediction.map { $0.lapseRisk ? 1 : 0 },
                ask.amountsMinor[0], ask.amountsMinor[1], ask.amountsMinor[2], ask.basis.rawValue, ask.reason]
    }

    private static func decode(_ row: any SQLRow) throws -> StoredPrediction {
        let alive = try row.decode(column: "probability_alive", as: Double?.self)
        let prediction = try alive.map { alive in
            DonorPrediction(
                transactions: Int(try row.int64("transactions")), probabilityAlive: alive, expectedGifts1Year: try row.decode(column: "expected_gifts_1y", as: Double.self),
                expectedGifts3Years: try row.decode(column: "expected_gifts_3y", as: Double.self),
                expectedGifts5Years: try row.decode(column: "expected_gifts_5y", as: Double.self),
                expectedGiftValueMinor: try row.int64("expected_gift_minor"), lifetimeValueMinor: try row.int64("lifetime_value_minor"),
                lapseRisk: try row.int64("lapse_risk") != 0)
        }
        return StoredPrediction(
            constituentId: try row.text("constituent_id"), currency: try row.currency("currency"), asOf: try row.date("as_of"),
            prediction: prediction,
            ask: AskLadder(amountsMinor: [try row.int64("ask_1_minor"), try row.int64("ask_2_minor"), try row.int64("ask_3_minor")],
                           basis: try row.vocabulary("ask_basis"), reason: try row.text("ask_reason")),
            transactionsFitId: try row.optionalText("transactions_fit_id"), valueFitId: try row.optionalText("value_fit_id"))
    }
}

extension KindredStore {
    /// Every donor's stored prediction and ask ladder.
    public var predictions: DonorPredictions { DonorPredictions(store: self) }
}
