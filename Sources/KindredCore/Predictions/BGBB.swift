import Foundation

/// A cohort donor's giving over discrete opportunities (fiscal years after the first gift): `x` years with a gift,
/// `tx` the index of the last such year (0 if none), `n` the number of years.
public struct DiscreteHistory: Sendable, Hashable {
    /// Opportunities with a gift.
    public let x: Int
    /// The last opportunity with a gift, 0 when none.
    public let tx: Int
    /// Opportunities.
    public let n: Int

    /// Creates a history.
    public init(x: Int, tx: Int, n: Int) {
        self.x = x
        self.tx = tx
        self.n = n
    }
}

/// The BG/BB model (Fader, Hardie & Shang 2010): while alive a donor gives at each opportunity with a probability
/// that is beta(α, β) across donors, and drops out before each opportunity with a probability beta(γ, δ).
public struct BGBB: Sendable, Hashable, Codable {
    /// The beta parameters of the giving probability.
    public let alpha: Double, beta: Double
    /// The beta parameters of the drop-out probability.
    public let gamma: Double, delta: Double

    /// Creates the model from its parameters.
    public init(alpha: Double, beta: Double, gamma: Double, delta: Double) {
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        self.delta = delta
    }

    private var logBetaGiving: Double { SpecialFunctions.logBeta(alpha, beta) }
    private var logBetaDropping: Double { SpecialFunctions.logBeta(gamma, delta) }

    /// The log of the likelihood's first term: alive through all n opportunities.
    private func logAliveThroughout(_ history: DiscreteHistory) -> Double {
        let x = Double(history.x), n = Double(history.n)
        return SpecialFunctions.logBeta(alpha + x, beta + n - x) - logBetaGiving + SpecialFunctions.logBeta(gamma, delta + n) - logBetaDropping
    }

    /// ln L of one history (eq. 5 of the paper).
    public func logLikelihood(_ history: DiscreteHistory) -> Double {
        let x = Double(history.x), tx = Double(history.tx)
        var total = logAliveThroughout(history)
        for i in 0..<max(0, history.n - history.tx) {
            let i = Double(i)
            total = SpecialFunctions.logAddExp(total, SpecialFunctions.logBeta(alpha + x, beta + tx - x + i) - logBetaGiving
                                                    + SpecialFunctions.logBeta(gamma + 1, delta + tx + i) - logBetaDropping)
        }
        return total
    }

    /// The sum of ln L over grouped histories.
    public func logLikelihood(_ data: GroupedHistories<DiscreteHistory>) -> Double {
        data.rows.reduce(0) { $0 + $1.count * logLikelihood($1.row) }
    }

    /// The probability that the donor is alive at opportunity n + 1 (eq. 11).
    public func probabilityAlive(_ history: DiscreteHistory) -> Double {
        let x = Double(history.x), n = Double(history.n)
        let alive = SpecialFunctions.logBeta(alpha + x, beta + n - x) - logBetaGiving + SpecialFunctions.logBeta(gamma, delta + n + 1) - logBetaDropping
        return exp(alive - logLikelihood(history))
    }

    /// The expected number of gifts in the next `opportunities` (eq. 13).
    public func expectedTransactions(_ history: DiscreteHistory, inNext opportunities: Int) -> Double {
        let x = Double(history.x), n = Double(history.n), future = Double(opportunities)
        let giving: Double = SpecialFunctions.logBeta(alpha + x + 1, beta + n - x) - logBetaGiving - logLikelihood(history)
        // δ/(γ−1) and the bracket change sign together when γ < 1; their product is positive.
        let dropping: Double = delta / (gamma - 1) * exp(lgamma(gamma + delta) - lgamma(1 + delta))
        /// Γ(1 + δ + m) / Γ(γ + δ + m).
        func ratio(_ m: Double) -> Double { exp(lgamma(1 + delta + m) - lgamma(gamma + delta + m)) }
        return exp(giving) * dropping * (ratio(n) - ratio(n + future))
    }

    /// The maximum-likelihood fit to grouped histories, optimised over the logarithms of the parameters.
    public static func fit(_ data: GroupedHistories<DiscreteHistory>, optimiser: NelderMead = NelderMead()) throws(ModelFitError) -> FittedModel<BGBB> {
        guard data.donors > 0 else { throw .notEnoughData("the cohort has no donors") }
        guard data.rows.contains(where: { $0.row.n > 0 }) else { throw .notEnoughData("the cohort has no later years to observe") }
        return try FittedModel.maximumLikelihood(donors: data.donors, parameters: 4, optimiser: optimiser,
                                                 model: { BGBB(alpha: $0[0], beta: $0[1], gamma: $0[2], delta: $0[3]) }, logLikelihood: { $0.logLikelihood(data) })
    }
}
