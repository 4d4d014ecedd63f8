import Foundation

/// Grouped repeat values laid out for fast likelihood evaluation: x, m̄ and ln m̄ per row computed once.
public struct PreparedRepeatValues: Sendable {
    let x: [Int32], mean: [Double], logMean: [Double], count: [Double]
    /// The largest x.
    let maximumX: Int
    /// The number of donors.
    public let donors: Int

    /// Prepares the usable rows (x > 0, m̄ > 0).
    public init(_ data: GroupedHistories<RepeatValue>) {
        let usable = data.rows.filter { $0.row.x > 0 && $0.row.mean > 0 }
        x = usable.map { Int32($0.row.x) }
        mean = usable.map(\.row.mean)
        logMean = mean.map(log)
        count = usable.map(\.count)
        maximumX = usable.map(\.row.x).max() ?? 0
        donors = Int(count.reduce(0, +))
    }
}

extension GammaGamma {
    /// The sum of ln L over prepared values with its gradient and Hessian with respect to (p, q, γ), in one pass with
    /// one logarithm per row and the x-only terms (Γ, ψ and ψ′ of px + q, px and q) tabled.
    public func logLikelihoodDerivatives(_ data: PreparedRepeatValues) -> ValueWithDerivatives {
        let (p, q, gamma) = (p, q, gamma), logGamma = log(gamma), digammaQ = SpecialFunctions.digamma(q), trigammaQ = SpecialFunctions.trigamma(q)
        let perX = (0...data.maximumX).map { x -> SIMD8<Double> in
            guard x > 0 else { return .zero }
            let x = Double(x), px = p * x, digammaSum = SpecialFunctions.digamma(px + q), trigammaSum = SpecialFunctions.trigamma(px + q)
            return SIMD8(lgamma(px + q) - lgamma(px) + px * log(x) - lgamma(q) + q * logGamma,
                         x * (digammaSum - SpecialFunctions.digamma(px) + log(x)), digammaSum - digammaQ + logGamma,
                         x * x * (trigammaSum - SpecialFunctions.trigamma(px)), x * trigammaSum, trigammaSum - trigammaQ, 0, 0)
        }
        // Lanes: value; ∂p, ∂q, ∂γ; ∂²pp, ∂²pq, ∂²qq, ∂²pγ, ∂²qγ, ∂²γγ.
        let sums = ParallelSum.weighted(data.count) { row in
            let x = Double(data.x[row]), px = p * x, spread = gamma + data.mean[row] * x, logSpread = log(spread), inverse = 1 / spread
            let tabled = perX[Int(data.x[row])]
            return SIMD16(tabled[0] + (px - 1) * data.logMean[row] - (px + q) * logSpread, tabled[1] + x * (data.logMean[row] - logSpread),
                          tabled[2] - logSpread, q / gamma - (px + q) * inverse, tabled[3], tabled[4], tabled[5], -x * inverse,
                          1 / gamma - inverse, (px + q) * inverse * inverse - q / (gamma * gamma), 0, 0, 0, 0, 0, 0)
        }
        return ValueWithDerivatives(value: sums[0], gradient: [sums[1], sums[2], sums[3]],
                                    hessian: [[sums[4], sums[5], sums[7]], [sums[5], sums[6], sums[8]], [sums[7], sums[8], sums[9]]])
    }
}
