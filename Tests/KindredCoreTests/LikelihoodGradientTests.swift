import Foundation
import KindredCore
import Testing

/// The analytic gradients the quasi-Newton fits climb, against central finite differences of the likelihoods; the
/// digamma function against published values; and the optimiser on a classic hard valley.
@Suite struct LikelihoodGradientTests {
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

    @Test func digammaMatchesPublishedValues() {
        #expect(abs(SpecialFunctions.digamma(1) + 0.5772156649015329) < 1e-13)
        #expect(abs(SpecialFunctions.digamma(0.5) + 1.9635100260214235) < 1e-13)
        #expect(abs(SpecialFunctions.digamma(10) - 2.251752589066721) < 1e-13)
        #expect(abs(SpecialFunctions.digamma(1e-6) + 1_000_000.5772140) < 1e-3)
        for x in [0.01, 0.3, 2.5, 7, 150, 1e7] {
            #expect(abs(SpecialFunctions.digamma(x + 1) - SpecialFunctions.digamma(x) - 1 / x) < 1e-12 * max(1, 1 / x))
        }
    }

    @Test func bgnbdGradientMatchesFiniteDifferences() {
        var random = SplitMix(seed: 11)
        let histories = GroupedHistories(counted: (0..<25_000).map { _ in
            let x = Int.random(in: 0...9, using: &random), T = Double(Int.random(in: 0...900, using: &random)) / 7
            let tx = x == 0 ? 0 : Double(Int.random(in: 0...Int(T * 7), using: &random)) / 7
            return (RepeatHistory(x: x, tx: tx, T: T), Double(Int.random(in: 1...3, using: &random)))
        })
        let prepared = PreparedRepeatHistories(histories)
        for point in [[0.6, 9.0, 0.7, 3.2], [0.24, 4.4, 0.79, 2.4], [2.5, 40, 0.05, 12]] {
            let model = { (p: [Double]) in BGNBD(r: p[0], alpha: p[1], a: p[2], b: p[3]) }
            let analytic = model(point).logLikelihoodWithGradient(prepared).gradient
            let numeric = Self.numericGradient(at: point) { model($0).logLikelihood(histories) }
            #expect(Self.close(analytic, numeric), "at \(point): \(analytic) against \(numeric)")
        }
    }

    @Test func gammaGammaGradientMatchesFiniteDifferences() {
        var random = SplitMix(seed: 12)
        let values = GroupedHistories(counted: (0..<4_000).map { _ in
            (RepeatValue(x: Int.random(in: 1...15, using: &random), mean: Double(Int.random(in: 100...40_000, using: &random)) / 100), 1.0)
        })
        let prepared = PreparedRepeatValues(values)
        for point in [[6.0, 4.0, 15.0], [6.25, 3.74, 15.45], [0.8, 12, 300]] {
            let model = { (p: [Double]) in GammaGamma(p: p[0], q: p[1], gamma: p[2]) }
            let analytic = model(point).logLikelihoodWithGradient(prepared).gradient
            let numeric = Self.numericGradient(at: point) { model($0).logLikelihood(values) }
            #expect(Self.close(analytic, numeric), "at \(point): \(analytic) against \(numeric)")
        }
    }

    @Test func quasiNewtonFindsTheBottomOfRosenbrocksValley() throws {
        let rosenbrock = { (p: [Double]) -> (value: Double, gradient: [Double]) in
            let (x, y) = (p[0], p[1])
            return (pow(1 - x, 2) + 100 * pow(y - x * x, 2), [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])
        }
        let result = try QuasiNewton().minimise(rosenbrock, from: [-1.2, 1])
        #expect(abs(result.point[0] - 1) < 1e-6 && abs(result.point[1] - 1) < 1e-6 && result.iterations < 100)
        #expect(throws: ModelFitError.notFinite) { try QuasiNewton().minimise({ _ in (.nan, [0, 0]) }, from: [0, 0]) }
        var stingy = QuasiNewton()
        stingy.maximumIterations = 3
        #expect(throws: ModelFitError.self) { try stingy.minimise(rosenbrock, from: [-1.2, 1]) }
    }
}
