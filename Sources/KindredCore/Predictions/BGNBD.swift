import Foundation

/// One donor's repeat giving in continuous time: repeat transactions `x` up to the calibration end, the time `tx` from
/// the first transaction to the last and `T` from the first to the calibration end, both in weeks.
public struct RepeatHistory: Sendable, Hashable {
    /// Repeat transactions (the first one not counted).
    public let x: Int
    /// Weeks from the first transaction to the last (0 when x = 0).
    public let tx: Double
    /// Weeks from the first transaction to the calibration end.
    public let T: Double

    /// Creates a history.
    public init(x: Int, tx: Double, T: Double) {
        self.x = x
        self.tx = tx
        self.T = T
    }
}

/// Identical histories counted once with their number: what the likelihood sums over.
public struct GroupedHistories<Row: Hashable & Sendable>: Sendable {
    /// Each distinct row and how many donors have it.
    public let rows: [(row: Row, count: Double)]
    /// The number of donors.
    public var donors: Int { Int(rows.reduce(0) { $0 + $1.count }) }

    /// Groups rows, in the order first seen.
    public init(_ rows: some Sequence<Row>) {
        var counts: [Row: Double] = [:], order: [Row] = []
        for row in rows {
            if counts[row] == nil { order.append(row) }
            counts[row, default: 0] += 1
        }
        self.rows = order.map { ($0, counts[$0]!) }
    }

    /// Rows already grouped.
    public init(counted: [(row: Row, count: Double)]) {
        rows = counted
    }
}

/// The BG/NBD model (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way"): while alive a donor gives as
/// a Poisson process whose rate is gamma(r, α) across donors, and after each gift drops out with a probability that
/// is beta(a, b) across donors.
public struct BGNBD: Sendable, Hashable, Codable {
    /// The gamma shape of the giving rate.
    public let r: Double
    /// The gamma scale of the giving rate (weeks).
    public let alpha: Double
    /// The beta parameters of the drop-out probability.
    public let a: Double, b: Double

    /// Creates the model from its parameters.
    public init(r: Double, alpha: Double, a: Double, b: Double) {
        self.r = r
        self.alpha = alpha
        self.a = a
        self.b = b
    }

    /// ln L of one history.
    public func logLikelihood(_ history: RepeatHistory) -> Double {
        let x = Double(history.x)
        let common = lgamma(r + x) - lgamma(r) + r * log(alpha) + SpecialFunctions.logBeta(a, b + x) - SpecialFunctions.logBeta(a, b)
        let stillAlive = -(r + x) * log(alpha + history.T)
        guard history.x > 0 else { return common + stillAlive }
        let droppedOut = log(a) - log(b + x - 1) - (r + x) * log(alpha + history.tx)
        return common + SpecialFunctions.logAddExp(stillAlive, droppedOut)
    }

    /// The sum of ln L over grouped histories.
    public func logLikelihood(_ data: GroupedHistories<RepeatHistory>) -> Double {
        data.rows.reduce(0) { $0 + $1.count * logLikelihood($1.row) }
    }

    /// The probability that a donor with this history is still alive at the calibration end.
    public func probabilityAlive(_ history: RepeatHistory) -> Double {
        guard history.x > 0 else { return 1 }
        let x = Double(history.x)
        return 1 / (1 + a / (b + x - 1) * exp((r + x) * (log(alpha + history.T) - log(alpha + history.tx))))
    }

    /// The expected number of transactions in the next `weeks` for a donor with this history (eq. 10 of the paper).
    public func expectedTransactions(_ history: RepeatHistory, inNext weeks: Double) -> Double {
        let x = Double(history.x), t = weeks, T = history.T
        let z = t / (alpha + T + t)
        guard let hypergeometric = SpecialFunctions.hypergeometric2F1(r + x, b + x, a + b + x - 1, z) else { return .nan }
        let numerator = (a + b + x - 1) / (a - 1) * (1 - pow((alpha + T) / (alpha + T + t), r + x) * hypergeometric)
        let denominator = 1 + (history.x > 0 ? a / (b + x - 1) * pow((alpha + T) / (alpha + history.tx), r + x) : 0)
        return numerator / denominator
    }

    /// The expected number of repeat transactions of a newly acquired donor in their first `weeks` (eq. 9).
    public func expectedTransactionsOfNewDonor(inFirst weeks: Double) -> Double {
        guard let hypergeometric = SpecialFunctions.hypergeometric2F1(r, b, a + b - 1, weeks / (alpha + weeks)) else { return .nan }
        return (a + b - 1) / (a - 1) * (1 - pow(alpha / (alpha + weeks), r) * hypergeometric)
    }

    /// The maximum-likelihood fit to grouped histories, optimised over the logarithms of the parameters (Newton's
    /// method with the analytic gradient and Hessian; `optimiser` where that does not converge).
    public static func fit(_ data: GroupedHistories<RepeatHistory>, optimiser: NelderMead = NelderMead()) throws(ModelFitError) -> FittedModel<BGNBD> {
        guard data.donors > 0 else { throw .notEnoughData("there are no donors") }
        guard data.rows.contains(where: { $0.row.x > 0 }) else { throw .notEnoughData("no donor gave more than once") }
        let prepared = PreparedRepeatHistories(data)
        return try FittedModel.maximumLikelihood(donors: data.donors, parameters: 4, optimiser: optimiser,
                                                 model: { BGNBD(r: $0[0], alpha: $0[1], a: $0[2], b: $0[3]) },
                                                 logLikelihoodDerivatives: { $0.logLikelihoodDerivatives(prepared) })
    }
}

/// A fitted model with what it was fitted to and how.
public struct FittedModel<Model: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    /// The parameters.
    public let model: Model
    /// The number of donors fitted to.
    public let donors: Int
    /// The maximised log-likelihood.
    public let logLikelihood: Double
    /// The optimiser's iterations.
    public let iterations: Int

    /// The largest |ln θ| a fit explores: where the likelihood keeps rising towards a limit (a parameter running off
    /// to 0 or ∞, as when every donor gives at the same pace), the fit stops at e^±20, which is the limit model.
    public static var logParameterBound: Double { 20 }

    /// Maximises `logLikelihood` over models made from positive parameters, optimising their logarithms from 1, 1, …
    /// within ±`logParameterBound`; the objective is the mean log-likelihood per donor, so tolerances do not depend on
    /// the data's size.
    static func maximumLikelihood(donors: Int, parameters: Int, optimiser: NelderMead, model: @escaping ([Double]) -> Model,
                                  logLikelihood: @escaping (Model) -> Double) throws(ModelFitError) -> FittedModel<Model> {
        let positive = { (point: [Double]) in model(point.map(exp)) }
        let objective = { (point: [Double]) -> Double in
            point.allSatisfy { abs($0) <= logParameterBound } ? -logLikelihood(positive(point)) / Double(donors) : .infinity
        }
        let result = try optimiser.minimise(objective, from: Array(repeating: 0, count: parameters))
        let fitted = positive(result.point), value = logLikelihood(fitted)
        guard value.isFinite else { throw .notFinite }
        return FittedModel(model: fitted, donors: donors, logLikelihood: value, iterations: result.iterations)
    }

    /// Maximises a log-likelihood given with its gradient and Hessian by Newton's method over the parameters'
    /// logarithms from 0, 0, … within ±`logParameterBound`; where that does not converge (a likelihood rising towards a
    /// limit at the bound, say), by `optimiser`'s simplex method on the value alone.
    static func maximumLikelihood(donors: Int, parameters: Int, optimiser: NelderMead, model: @escaping ([Double]) -> Model,
                                  logLikelihoodDerivatives: @escaping (Model) -> ValueWithDerivatives) throws(ModelFitError) -> FittedModel<Model> {
        let perDonor = 1 / Double(donors)
        // With pᵢ = e^θᵢ and f = −ln L / N: ∂f/∂θᵢ = −pᵢ gᵢ / N and ∂²f/∂θᵢ∂θⱼ = −(pᵢ pⱼ Hᵢⱼ + [i = j] pᵢ gᵢ) / N.
        let objective = { (point: [Double]) -> ValueWithDerivatives in
            guard point.allSatisfy({ abs($0) <= logParameterBound }) else {
                return ValueWithDerivatives(value: .infinity, gradient: point.map { _ in .nan }, hessian: [])
            }
            let positive = point.map(exp), at = logLikelihoodDerivatives(model(positive))
            let hessian = positive.indices.map { i in
                positive.indices.map { j in -(positive[i] * positive[j] * at.hessian[i][j] + (i == j ? positive[i] * at.gradient[i] : 0)) * perDonor }
            }
            return ValueWithDerivatives(value: -at.value * perDonor, gradient: zip(at.gradient, positive).map { -$0 * $1 * perDonor }, hessian: hessian)
        }
        if let result = try? NewtonMethod().minimise(objective, from: Array(repeating: 0, count: parameters)) {
            let value = -result.value * Double(donors)
            if value.isFinite { return FittedModel(model: model(result.point.map(exp)), donors: donors, logLikelihood: value, iterations: result.iterations) }
        }
        return try maximumLikelihood(donors: donors, parameters: parameters, optimiser: optimiser, model: model,
                                     logLikelihood: { logLikelihoodDerivatives($0).value })
    }
}
