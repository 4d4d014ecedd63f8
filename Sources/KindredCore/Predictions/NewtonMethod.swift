import Foundation

/// A function's value with its gradient and Hessian at one point.
public struct ValueWithDerivatives: Sendable, Equatable {
    /// The value.
    public var value: Double
    /// ∂f/∂xᵢ.
    public var gradient: [Double]
    /// ∂²f/∂xᵢ∂xⱼ (symmetric).
    public var hessian: [[Double]]

    /// Creates the expansion.
    public init(value: Double, gradient: [Double], hessian: [[Double]]) {
        (self.value, self.gradient, self.hessian) = (value, gradient, hessian)
    }

    /// Whether every number is finite.
    var isFinite: Bool { value.isFinite && gradient.allSatisfy(\.isFinite) && hessian.allSatisfy { $0.allSatisfy(\.isFinite) } }
}

/// Newton's method for a smooth objective with its gradient and Hessian: each step solves the Hessian's system (shifted
/// by a multiple of the identity until it is positive definite, so far from the optimum the step still goes downhill),
/// shortened by a backtracking (Armijo) line search. Near the optimum it converges quadratically: a likelihood fit takes
/// about ten evaluations. It throws where it cannot converge, so a caller can fall back to the simplex method.
public struct NewtonMethod: Sendable {
    /// Convergence: the largest |∂f/∂xᵢ| at most this.
    public var gradientTolerance = 1e-9
    /// Where the line search can no longer find a lower value, the point still counts as converged when the largest
    /// gradient component is below this (the gradient's own rounding noise).
    public var roundingTolerance = 1e-6
    /// The most iterations.
    public var maximumIterations = 100
    /// The fewest a line search shortens the step to: 2⁻³⁰ of its first length.
    public var shortestStep = 0x1p-30
    /// The longest step in any coordinate.
    public var maximumStep = 2.0

    /// Creates an optimiser with the default settings.
    public init() {}

    /// Minimises `objective` from `start`; throws `ModelFitError.notConverged` or `.notFinite`.
    public func minimise(_ objective: ([Double]) -> ValueWithDerivatives, from start: [Double]) throws(ModelFitError) -> MinimisationResult {
        var point = start, here = objective(start), evaluations = 1
        guard here.isFinite else { throw .notFinite }
        for iteration in 0..<maximumIterations {
            let largest = here.gradient.map(abs).max() ?? 0
            if largest <= gradientTolerance {
                return MinimisationResult(point: point, value: here.value, iterations: iteration, evaluations: evaluations)
            }
            let direction = Self.descentDirection(here)
            let slope = zip(direction, here.gradient).reduce(0) { $0 + $1.0 * $1.1 }
            // A full step would lower the value by about −slope / 2: where even that is below the value's rounding, no
            // step can show progress, and the point is as good as the arithmetic allows.
            guard -slope / 2 > 1e-15 * max(1, abs(here.value)) else {
                guard largest <= roundingTolerance else { throw .notConverged(iterations: iteration, spread: largest) }
                return MinimisationResult(point: point, value: here.value, iterations: iteration, evaluations: evaluations)
            }
            let firstStep = min(1, maximumStep / (direction.map(abs).max() ?? 1))
            var step = firstStep, accepted: (point: [Double], at: ValueWithDerivatives)?
            while step >= firstStep * shortestStep {
                let candidate = zip(point, direction).map { $0 + step * $1 }
                let there = objective(candidate)
                evaluations += 1
                if there.isFinite, there.value <= here.value + 1e-4 * step * slope {
                    accepted = (candidate, there)
                    break
                }
                step /= 2
            }
            // A step that no longer lowers the value beyond rounding is no step: the search has stalled.
            if let found = accepted, here.value - found.at.value <= 1e-15 * max(1, abs(here.value)) { accepted = nil }
            guard let accepted else {
                guard largest <= roundingTolerance else { throw .notConverged(iterations: iteration, spread: largest) }
                return MinimisationResult(point: point, value: here.value, iterations: iteration, evaluations: evaluations)
            }
            (point, here) = accepted
        }
        throw .notConverged(iterations: maximumIterations, spread: here.gradient.map(abs).max() ?? 0)
    }

    /// −(H + λI)⁻¹ g with the smallest λ ≥ 0 (0, then growing tenfold from a millionth of the largest diagonal entry)
    /// that makes the shifted Hessian positive definite; steepest descent if none does.
    static func descentDirection(_ at: ValueWithDerivatives) -> [Double] {
        let scale = max(1, at.hessian.indices.map { abs(at.hessian[$0][$0]) }.max() ?? 1)
        var shift = 0.0
        while shift.isFinite {
            let shifted = at.hessian.indices.map { row in at.hessian[row].indices.map { at.hessian[row][$0] + (row == $0 ? shift : 0) } }
            if let factor = Self.cholesky(shifted) { return Self.solve(factor, at.gradient).map { -$0 } }
            shift = shift == 0 ? 1e-6 * scale : shift * 10
        }
        return at.gradient.map { -$0 }
    }

    /// The lower-triangular L with L Lᵀ = `matrix`, or nil when the matrix is not positive definite.
    static func cholesky(_ matrix: [[Double]]) -> [[Double]]? {
        let n = matrix.count
        var lower = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for row in 0..<n {
            for column in 0...row {
                let sum = matrix[row][column] - (0..<column).reduce(0) { $0 + lower[row][$1] * lower[column][$1] }
                if row == column {
                    guard sum > 0, sum.isFinite else { return nil }
                    lower[row][row] = sum.squareRoot()
                } else {
                    lower[row][column] = sum / lower[column][column]
                }
            }
        }
        return lower
    }

    /// The x with L Lᵀ x = `right`.
    static func solve(_ lower: [[Double]], _ right: [Double]) -> [Double] {
        let n = right.count
        var forward = [Double](repeating: 0, count: n), solution = [Double](repeating: 0, count: n)
        for row in 0..<n { forward[row] = (right[row] - (0..<row).reduce(0) { $0 + lower[row][$1] * forward[$1] }) / lower[row][row] }
        for row in (0..<n).reversed() {
            solution[row] = (forward[row] - ((row + 1)..<n).reduce(0) { $0 + lower[$1][row] * solution[$1] }) / lower[row][row]
        }
        return solution
    }
}
