import Foundation

/// A repeat donor's gifts for the value model: the number of repeat transactions and their mean value.
public struct RepeatValue: Sendable, Hashable {
    /// Repeat transactions (at least one).
    public let x: Int
    /// Their mean value, in major units.
    public let mean: Double

    /// Creates a value history.
    public init(x: Int, mean: Double) {
        self.x = x
        self.mean = mean
    }
}

/// The Gamma-Gamma model of gift value (Fader, Hardie & Lee 2005, "RFM and CLV"): a donor's gift values are gamma(p, ν)
/// around their own mean, and ν is gamma(q, γ) across donors.
public struct GammaGamma: Sendable, Hashable, Codable {
    /// The shape of a donor's gift values.
    public let p: Double
    /// The shape and scale of ν across donors.
    public let q: Double, gamma: Double

    /// Creates the model from its parameters.
    public init(p: Double, q: Double, gamma: Double) {
        self.p = p
        self.q = q
        self.gamma = gamma
    }

    /// ln L of one donor's mean repeat value.
    public func logLikelihood(_ value: RepeatValue) -> Double {
        let x = Double(value.x), px = p * x
        return lgamma(px + q) - lgamma(px) - lgamma(q) + q * log(gamma) + (px - 1) * log(value.mean) + px * log(x)
            - (px + q) * log(gamma + value.mean * x)
    }

    /// The sum of ln L over grouped donors.
    public func logLikelihood(_ data: GroupedHistories<RepeatValue>) -> Double {
        data.rows.reduce(0) { $0 + $1.count * logLikelihood($1.row) }
    }

    /// The expected value of a donor's next gift given their history (the population mean for a donor without repeats).
    public func expectedValue(_ value: RepeatValue?) -> Double {
        guard let value, value.x > 0 else { return p * gamma / (q - 1) }
        let x = Double(value.x)
        return p * (gamma + value.mean * x) / (p * x + q - 1)
    }

    /// The maximum-likelihood fit over donors with at least one repeat transaction of positive value (Newton's method
    /// with the analytic gradient and Hessian; `optimiser` where that does not converge).
    public static func fit(_ data: GroupedHistories<RepeatValue>, optimiser: NelderMead = NelderMead()) throws(ModelFitError) -> FittedModel<GammaGamma> {
        let usable = PreparedRepeatValues(data)
        guard usable.donors > 1 else { throw .notEnoughData("fewer than two donors gave more than once") }
        return try FittedModel.maximumLikelihood(donors: usable.donors, parameters: 3, optimiser: optimiser,
                                                 model: { GammaGamma(p: $0[0], q: $0[1], gamma: $0[2]) },
                                                 logLikelihoodDerivatives: { $0.logLikelihoodDerivatives(usable) })
    }
}
