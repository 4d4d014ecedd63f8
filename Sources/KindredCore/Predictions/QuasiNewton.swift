import Foundation

/// The BFGS quasi-Newton method for a smooth objective with its gradient: each step goes along the inverse-Hessian
/// estimate's direction with a backtracking (Armijo) line search, and the estimate learns from every step that curves
/// upwards. It converges when the largest gradient component is below `gradientTolerance`, in tens of iterations where
/// the simplex method needs hundreds; it throws where it cannot get there, so a caller can fall back to the simplex.
public struct QuasiNewton: Sendable {
    /// Convergence: the largest |∂f/∂xᵢ| at most this.
    public var gradientTolerance = 1e-9
    /// Where the line search can no longer find a lower value, the point still counts as converged when the largest
    /// gradient component is below this (the gradient's own rounding noise).
    public var roundingTolerance = 1e-6
    /// The most iterations.
    public var maximumIterations = 200
    /// The fewest a line search shortens the step to: 2⁻³⁰ of its first length.
    public var shortestStep = 0x1p-30
    /// The longest step in any coordinate.
    public var maximumStep = 2.0

    /// Creates an optimiser with the default settings.
    public init() {}

    /// Minimises `objective` (its value and gradient) from `start`; throws `ModelFitError.notConverged` or `.notFinite`.
    public func minimise(_ objective: ([Double]) -> (value: Double, gradient: [Double]), from start: [Double]) throws(ModelFitError) -> MinimisationResult {
        let dimensions = start.count
        var point = start, (value, gradient) = objective(start), evaluations = 1
        guard value.isFinite, gradient.allSatisfy(\.isFinite) else { throw .notFinite }
        var inverse = Self.identity(dimensions, scale: 1)
        for iteration in 0..<maximumIterations {
            let largest = gradient.map(abs).max() ?? 0
            if largest <= gradientTolerance {
                return MinimisationResult(point: point, value: value, iterations: iteration, evaluations: evaluations)
            }
            var direction = (0..<dimensions).map { row in -(0..<dimensions).reduce(0) { $0 + inverse[row][$1] * gradient[$1] } }
            if Self.dot(direction, gradient) >= 0 {
                inverse = Self.identity(dimensions, scale: 1)
                direction = gradient.map { -$0 }
            }
            let slope = Self.dot(direction, gradient)
            let firstStep = min(1, maximumStep / (direction.map(abs).max() ?? 1))
            var step = firstStep, accepted: (point: [Double], value: Double, gradient: [Double])?
            while step >= firstStep * shortestStep {
                let candidate = zip(point, direction).map { $0 + step * $1 }
                let (candidateValue, candidateGradient) = objective(candidate)
                evaluations += 1
                if candidateValue.isFinite, candidateGradient.allSatisfy(\.isFinite), candidateValue <= value + 1e-4 * step * slope {
                    accepted = (candidate, candidateValue, candidateGradient)
                    break
                }
                step /= 2
            }
            // A step that no longer lowers the value beyond rounding is no step: the search has stalled.
            if let found = accepted, value - found.value <= 1e-15 * max(1, abs(value)) { accepted = nil }
            guard let accepted else {
                guard largest <= roundingTolerance else { throw .notConverged(iterations: iteration, spread: largest) }
                return MinimisationResult(point: point, value: value, iterations: iteration, evaluations: evaluations)
            }
            let moved = zip(accepted.point, point).map { $0 - $1 }, change = zip(accepted.gradient, gradient).map { $0 - $1 }
            let curvature = Self.dot(moved, change)
            if curvature > 1e-12 * (Self.dot(moved, moved) * Self.dot(change, change)).squareRoot() {
                if iteration == 0 { inverse = Self.identity(dimensions, scale: curvature / Self.dot(change, change)) }
                inverse = Self.updated(inverse, moved: moved, change: change, curvature: curvature)
            }
            (point, value, gradient) = accepted
        }
        throw .notConverged(iterations: maximumIterations, spread: gradient.map(abs).max() ?? 0)
    }

    /// The BFGS update of the inverse Hessian H: (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ with ρ = 1 / (yᵀ s).
    private static func updated(_ inverse: [[Double]], moved s: [Double], change y: [Double], curvature: Double) -> [[Double]] {
        let n = s.count, rho = 1 / curvature
        let hy = (0..<n).map { row in (0..<n).reduce(0) { $0 + inverse[row][$1] * y[$1] } }
        let yhy = dot(y, hy)
        return (0..<n).map { row in
            (0..<n).map { column in
                inverse[row][column] - rho * (hy[row] * s[column] + s[row] * hy[column]) + (rho * rho * yhy + rho) * s[row] * s[column]
            }
        }
    }

    private static func identity(_ n: Int, scale: Double) -> [[Double]] {
        (0..<n).map { row in (0..<n).map { $0 == row ? scale : 0 } }
    }

    private static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
}
