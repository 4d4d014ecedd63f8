import Foundation

/// The special functions the repeat-giving models are written in, in log space where they overflow otherwise.
public enum SpecialFunctions {
    /// ln Γ(x) for x > 0.
    public static func logGamma(_ x: Double) -> Double { lgamma(x) }

    /// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b).
    public static func logBeta(_ a: Double, _ b: Double) -> Double { lgamma(a) + lgamma(b) - lgamma(a + b) }

    /// The digamma function ψ(x) = d ln Γ(x) / dx for x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x up to 10, then the
    /// asymptotic series (error below 1e-13).
    public static func digamma(_ x: Double) -> Double {
        var x = x, shift = 0.0
        while x < 10 {
            shift -= 1 / x
            x += 1
        }
        let inverse = 1 / x, square = inverse * inverse
        let series = square * (1.0 / 12 - square * (1.0 / 120 - square * (1.0 / 252 - square * (1.0 / 240 - square / 132))))
        return shift + log(x) - 0.5 * inverse - series
    }

    /// The trigamma function ψ′(x) = d²ln Γ(x) / dx² for x > 0: the recurrence ψ′(x) = ψ′(x + 1) + 1/x² up to 10, then
    /// the asymptotic series (error below 1e-13).
    public static func trigamma(_ x: Double) -> Double {
        var x = x, shift = 0.0
        while x < 10 {
            shift += 1 / (x * x)
            x += 1
        }
        let inverse = 1 / x, square = inverse * inverse
        let series = inverse * square * (1.0 / 6 - square * (1.0 / 30 - square * (1.0 / 42 - square * (1.0 / 30 - square * 5 / 66))))
        return shift + inverse + 0.5 * square + series
    }

    /// ln(eᵃ + eᵇ) without overflow.
    public static func logAddExp(_ a: Double, _ b: Double) -> Double {
        if a == -.infinity { return b }
        if b == -.infinity { return a }
        let high = max(a, b)
        return high + log1p(exp(min(a, b) - high))
    }

    /// The Gauss hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z < 1 by its series, summed until the terms no longer
    /// change the sum (at most `maximumTerms`; nil if it has not converged by then).
    public static func hypergeometric2F1(_ a: Double, _ b: Double, _ c: Double, _ z: Double, maximumTerms: Int = 1_000_000) -> Double? {
        guard z >= 0, z < 1 else { return nil }
        var term = 1.0, sum = 1.0
        for n in 0..<maximumTerms {
            let k = Double(n)
            term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z
            sum += term
            if abs(term) <= 1e-15 * abs(sum) { return sum }
        }
        return nil
    }
}
