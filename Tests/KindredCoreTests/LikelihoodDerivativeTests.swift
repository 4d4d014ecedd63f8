import Foundation
import KindredCore
import Testing

/// The analytic gradients and Hessians the Newton fits climb with, against central finite differences of the
/// likelihoods and of the gradients; digamma and trigamma against published values; and the optimiser on a classic hard
/// valley.
@Suite struct LikelihoodDerivativeTests {
    /// ∂f/∂θᵢ by central differences with a step relative to θᵢ.
    static func numericGradient(at parameters: [Double], _ f: ([Double]) -> Double) -> [Double] {
        parameters.indices.map { index in
            let step = 1e-5 * parameters[index]
            var up = parameters, down = parameters
            up[index] += step
            down[index] -= step
            return (f(up) - f(down)) / (2 * step)
        }
    }

    static func close(_ analytic: [Double], _ numeric: [Double]) -> Bool {
        zip(analytic, numeric).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) }
    }

    /// Row i of the Hessian by central differences of the analytic gradient with a step relative to θᵢ.
    static func numericHessian(at parameters: [Double], _ gradient: ([Double]) -> [Double]) -> [[Double]] {
        parameters.indices.map { index in
            let step = 1e-5 * parameters[index]
            var up = parameters, down = parameters
            up[index] += step
            down[index] -= step
            return zip(gradient(up), gradient(down)).map { ($0 - $1) / (2 * step) }
        }
    }

    static func close(_ analytic: [[Double]], _ numeric: [[Double]]) -> Bool {
        zip(analytic, numeric).allSatisfy { close($0, $1) }
    }

    @Test func digammaMatchesPublishedValues() {
        #expect(abs(SpecialFunctions.digamma(1) + 0.5772156649015329) < 1e-13)
        #expect(abs(SpecialFunctions.digamma(0.5) + 1.9635100260214235) < 1e-13)
        #expect(abs(SpecialFunctions.digamma(10) - 2.251752589066721) < 1e-13)
        #expect(abs(SpecialFunctions.digamma(1e-6) + 1_000_000.5772140) < 1e-3)
        for x in [0.01, 0.3, 2.5, 7, 150, 1e7] {
            #expect(abs(SpecialFunctions.digamma(x + 1) - SpecialFunctions.digamma(x) - 1 / x) < 1e-12 * max(1, 1 / x))
        }
    }

    @Test func trigammaMatchesPublishedValues() {
        #expect(abs(SpecialFunctions.trigamma(1) - Double.pi * Double.pi / 6) < 1e-13)
        #expect(abs(SpecialFunctions.trigamma(0.5) - Double.pi * Double.pi / 2) < 1e-12)
        #expect(abs(SpecialFunctions.trigamma(10) - 0.10516633568168565) < 1e-13)
        for x in [0.01, 0.3, 2.5, 7, 150, 1e7] {
            #expect(abs(SpecialFunctions.trigamma(x) - SpecialFunctions.trigamma(x + 1) - 1 / (x * x)) < 1e-12 * max(1, 1 / (x * x)))
        }
    }

    @Test func bgnbdDerivativesMatchFiniteDifferences() {
        var random = SplitMix(seed: 11)
        let histories = GroupedHistories(counted: (0..<25_000).map { _ in
            let x = Int.random(in: 0...9, using: &random), T = Double(Int.random(in: 0...900, using: &random)) / 7
            let tx = x == 0 ? 0 : Double(Int.random(in: 0...Int(T * 7), using: &random)) / 7
            return (RepeatHistory(x: x, tx: tx, T: T), Double(Int.random(in: 1...3, using: &random)))
        })
        let prepared = PreparedRepeatHistories(histories)
        for point in [[0.6, 9.0, 0.7, 3.2], [0.24, 4.4, 0.79, 2.4], [2.5, 40, 0.05, 12]] {
            let model = { (p: [Double]) in BGNBD(r: p[0], alpha: p[1], a: p[2], b: p[3]) }
            let analytic = model(point).logLikelihoodDerivatives(prepared)
            let numeric = Self.numericGradient(at: point) { model($0).logLikelihood(histories) }
            #expect(Self.close(analytic.gradient, numeric), "at \(point): \(analytic.gradient) against \(numeric)")
            let curvature = Self.numericHessian(at: point) { model($0).logLikelihoodDerivatives(prepared).gradient }
            #expect(Self.close(analytic.hessian, curvature), "at \(point): \(analytic.hessian) against \(curvature)")
        }
    }

    @Test func gammaGammaDerivativesMatchFiniteDifferences() {
        var random = SplitMix(seed: 12)
        let values = GroupedHistories(counted: (0..<4_000).map { _ in
            (RepeatValue(x: Int.random(in: 1...15, using: &random), mean: Double(Int.random(in: 100...40_000, using: &random)) / 100), 1.0)
        })
        let prepared = PreparedRepeatValues(values)
        for point in [[6.0, 4.0, 15.0], [6.25, 3.74, 15.45], [0.8, 12, 300]] {
            let model = { (p: [Double]) in GammaGamma(p: p[0], q: p[1], gamma: p[2]) }
            let analytic = model(point).logLikelihoodDerivatives(prepared)
            let numeric = Self.numericGradient(at: point) { model($0).logLikelihood(values) }
            #expect(Self.close(analytic.gradient, numeric), "at \(point): \(analytic.gradient) against \(numeric)")
            let curvature = Self.numericHessian(at: point) { model($0).logLikelihoodDerivatives(prepared).gradient }
            #expect(Self.close(analytic.hessian, curvature), "at \(point): \(analytic.hessian) against \(curvature)")
        }
    }

    @Test func newtonFindsTheBottomOfRosenbrocksValley() throws {
        let rosenbrock = { (p: [Double]) -> ValueWithDerivatives in
            let (x, y) = (p[0], p[1])
            return ValueWithDerivatives(value: pow(1 - x, 2) + 100 * pow(y - x * x, 2),
                                        gradient: [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
                                        hessian: [[2 - 400 * (y - 3 * x * x), -400 * x], [-400 * x, 200]])
        }
        let result = try NewtonMethod().minimise(rosenbrock, from: [-1.2, 1])
        #expect(abs(result.point[0] - 1) < 1e-6 && abs(result.point[1] - 1) < 1e-6 && result.iterations < 60)
        let saddle = { (p: [Double]) in ValueWithDerivatives(value: p[0] * p[0] - p[1] * p[1] + pow(p[1], 4), gradient: [2 * p[0], -2 * p[1] + 4 * pow(p[1], 3)],
                                                           hessian: [[2, 0], [0, -2 + 12 * p[1] * p[1]]]) }
        let escaped = try NewtonMethod().minimise(saddle, from: [0.5, 0.01])
        #expect(abs(escaped.point[0]) < 1e-6 && abs(abs(escaped.point[1]) - 1 / 2.0.squareRoot()) < 1e-6, "a saddle's indefinite Hessian is shifted, so the step still goes downhill")
        #expect(throws: ModelFitError.notFinite) {
            try NewtonMethod().minimise({ _ in ValueWithDerivatives(value: .nan, gradient: [0, 0], hessian: [[1, 0], [0, 1]]) }, from: [0, 0])
        }
        var stingy = NewtonMethod()
        stingy.maximumIterations = 3
        #expect(throws: ModelFitError.self) { try stingy.minimise(rosenbrock, from: [-1.2, 1]) }
    }
}
