/// Why a model could not be fitted.
public enum ModelFitError: Error, Equatable, CustomStringConvertible {
    /// There is nothing to fit: no observations, or none with the variation the model needs.
    case notEnoughData(String)
    /// The optimiser stopped without converging.
    case notConverged(iterations: Int, spread: Double)
    /// The likelihood was not finite at the start or at the optimum.
    case notFinite

    /// The message an API or the command line shows.
    public var description: String {
        switch self {
        case .notEnoughData(let reason): "the model cannot be fitted: \(reason)"
        case .notConverged(let iterations, let spread):
            "the model did not converge after \(iterations) iterations (the simplex still spans \(spread) in log-likelihood); no parameters were stored"
        case .notFinite: "the likelihood is not finite for these data; no parameters were stored"
        }
    }
}

/// How a minimisation ended.
public struct MinimisationResult: Sendable, Hashable {
    /// The point found.
    public let point: [Double]
    /// The objective there.
    public let value: Double
    /// Iterations over every restart.
    public let iterations: Int
    /// Objective evaluations.
    public let evaluations: Int
}

/// The Nelder–Mead simplex method with restarts: after it converges it starts again from the best point with a fresh
/// simplex, until a restart no longer improves the objective, which guards against a collapsed simplex.
public struct NelderMead: Sendable {
    /// Convergence: the objective's spread over the simplex and the simplex's size both below this.
    public var tolerance = 1e-10
    /// The most iterations over all restarts.
    public var maximumIterations = 20_000
    /// The size of a fresh simplex's steps.
    public var initialStep = 0.5

    /// Creates an optimiser with the default settings.
    public init() {}

    /// Minimises `objective` from `start`; throws `ModelFitError.notConverged` when the iterations run out first.
    public func minimise(_ objective: ([Double]) -> Double, from start: [Double]) throws(ModelFitError) -> MinimisationResult {
        var best = start, bestValue = objective(start), iterations = 0, evaluations = 1
        guard bestValue.isFinite else { throw .notFinite }
        for restart in 0..<20 {
            let round = try run(objective, from: best, iterationsLeft: maximumIterations - iterations)
            iterations += round.iterations
            evaluations += round.evaluations
            let improved = bestValue - round.value > tolerance
            if round.value < bestValue { (best, bestValue) = (round.point, round.value) }
            if !improved && restart > 0 { break }
        }
        return MinimisationResult(point: best, value: bestValue, iterations: iterations, evaluations: evaluations)
    }

    private func run(_ objective: ([Double]) -> Double, from start: [Double], iterationsLeft: Int) throws(ModelFitError) -> MinimisationResult {
        let dimensions = start.count
        var simplex = [start] + (0..<dimensions).map { index in
            var vertex = start
            vertex[index] += initialStep
            return vertex
        }
        var values = simplex.map { objective($0).finiteOrInfinity }
        var evaluations = simplex.count
        func evaluate(_ point: [Double]) -> Double {
            evaluations += 1
            return objective(point).finiteOrInfinity
        }
        for iteration in 0..<iterationsLeft {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            let spread = values[dimensions] - values[0]
            let size = (1...dimensions).map { index in zip(simplex[index], simplex[0]).map { abs($0 - $1) }.max() ?? 0 }.max() ?? 0
            // Converged, or collapsed to one point in floating point where only rounding noise separates the values
            // (as where the likelihood is evaluated from differences of very large lgamma terms).
            let collapsed = size <= 1e-14 * max(1, simplex[0].map(abs).max() ?? 0)
            if (spread <= tolerance && size <= tolerance.squareRoot()) || collapsed {
                return MinimisationResult(point: simplex[0], value: values[0], iterations: iteration, evaluations: evaluations)
            }
            let centroid = (0..<dimensions).map { coordinate in simplex[..<dimensions].reduce(0) { $0 + $1[coordinate] } / Double(dimensions) }
            let worst = simplex[dimensions]
            func along(_ factor: Double) -> [Double] { zip(centroid, worst).map { $0 + factor * ($0 - $1) } }
            let reflected = along(1), reflectedValue = evaluate(reflected)
            if reflectedValue < values[0] {
                let expanded = along(2), expandedValue = evaluate(expanded)
                (simplex[dimensions], values[dimensions]) = expandedValue < reflectedValue ? (expanded, expandedValue) : (reflected, reflectedValue)
            } else if reflectedValue < values[dimensions - 1] {
                (simplex[dimensions], values[dimensions]) = (reflected, reflectedValue)
            } else {
                let outside = reflectedValue < values[dimensions]
                let contracted = along(outside ? 0.5 : -0.5), contractedValue = evaluate(contracted)
                if contractedValue < (outside ? reflectedValue : values[dimensions]) {
                    (simplex[dimensions], values[dimensions]) = (contracted, contractedValue)
                } else {
                    for index in 1...dimensions {
                        simplex[index] = zip(simplex[0], simplex[index]).map { $0 + 0.5 * ($1 - $0) }
                        values[index] = evaluate(simplex[index])
                    }
                }
            }
        }
        let spread = (values.max() ?? 0) - (values.min() ?? 0)
        throw .notConverged(iterations: maximumIterations, spread: spread)
    }
}

extension Double {
    /// The value, or +∞ when it is not finite (so the simplex moves away from it).
    var finiteOrInfinity: Double { isFinite ? self : .infinity }
}
