import Foundation
import KindredCore
import Testing

/// The repeat-giving models: likelihoods against independently computed values, fits against the published estimates,
/// recovery of known parameters from simulated donors, and the closed-form expectations.
@Suite struct PredictionTests {
    /// The donations data set of Fader, Hardie & Shang (2010), table 1: the 1995 cohort's (x, t_x) over six years.
    static let donations: GroupedHistories<DiscreteHistory> = GroupedHistories(counted: [
        (0, 0, 3464), (1, 1, 1091), (1, 2, 277), (1, 3, 129), (1, 4, 78), (1, 5, 119), (1, 6, 129), (2, 2, 613), (2, 3, 255),
        (2, 4, 155), (2, 5, 173), (2, 6, 234), (3, 3, 322), (3, 4, 181), (3, 5, 225), (3, 6, 357), (4, 4, 240), (4, 5, 284),
        (4, 6, 512), (5, 5, 335), (5, 6, 728), (6, 6, 1203),
    ].map { (DiscreteHistory(x: $0.0, tx: $0.1, n: 6), Double($0.2)) })

    @Test func bgbbReproducesThePublishedDonationsFit() throws {
        #expect(Self.donations.donors == 11104)
        let fit = try BGBB.fit(Self.donations)
        #expect(abs(fit.model.alpha - 1.204) < 1e-3 && abs(fit.model.beta - 0.750) < 1e-3)
        #expect(abs(fit.model.gamma - 0.657) < 1e-3 && abs(fit.model.delta - 2.783) < 1e-3)
        #expect(abs(fit.logLikelihood - -33225.6) < 0.1)
        let published = BGBB(alpha: 1.204, beta: 0.750, gamma: 0.657, delta: 2.783)
        // P(alive) rises with the last year given; the figures are the lifetimes library's at the published fit.
        let alive = (1...6).map { published.probabilityAlive(DiscreteHistory(x: 1, tx: $0, n: 6)) }
        #expect(alive == alive.sorted())
        #expect(abs(published.probabilityAlive(DiscreteHistory(x: 6, tx: 6, n: 6)) - 0.93040254) < 1e-7)
        #expect(abs(published.probabilityAlive(DiscreteHistory(x: 1, tx: 3, n: 6)) - 0.4811806) < 1e-7)
        #expect(abs(published.expectedTransactions(DiscreteHistory(x: 6, tx: 6, n: 6), inNext: 5) - 3.75211561) < 1e-7)
        #expect(abs(published.expectedTransactions(DiscreteHistory(x: 1, tx: 3, n: 6), inNext: 5) - 0.59367849) < 1e-7)
    }

    @Test func bgbbLikelihoodMatchesTheSumOverDropOutTimes() {
        // L(x=2, t_x=3, n=5) by brute force: alive through 5, or dropping out after opportunity 3 or 4, integrated as
        // beta-function ratios (computed here term by term, independently of the model's code).
        let model = BGBB(alpha: 1.5, beta: 0.8, gamma: 0.7, delta: 2.5)
        func b(_ a: Double, _ b: Double) -> Double { exp(lgamma(a) + lgamma(b) - lgamma(a + b)) }
        let giving = { (k: Double, m: Double) in b(1.5 + k, 0.8 + m) / b(1.5, 0.8) }
        let dropping = { (s: Double, t: Double) in b(0.7 + s, 2.5 + t) / b(0.7, 2.5) }
        let expected = giving(2, 3) * dropping(0, 5) + giving(2, 1) * dropping(1, 3) + giving(2, 2) * dropping(1, 4)
        #expect(abs(model.logLikelihood(DiscreteHistory(x: 2, tx: 3, n: 5)) - log(expected)) < 1e-12)
    }

    @Test func bgnbdLikelihoodAndExpectationsOnHandWorkedCases() {
        let model = BGNBD(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426)
        // x = 0: L = (α/(α+T))^r exactly.
        #expect(abs(model.logLikelihood(RepeatHistory(x: 0, tx: 0, T: 38.86)) - 0.243 * log(4.414 / (4.414 + 38.86))) < 1e-12)
        #expect(model.probabilityAlive(RepeatHistory(x: 0, tx: 0, T: 38.86)) == 1)
        // The figures the lifetimes library gives for CDNOW customer 1 (x = 2, t_x = 30.43, T = 38.86) at the published fit.
        let fitted = BGNBD(r: 0.24259292827982148, alpha: 4.413532265271809, a: 0.7928859664406578, b: 2.4257523826257374)
        let customer = RepeatHistory(x: 2, tx: 30.43, T: 38.86)
        #expect(abs(fitted.probabilityAlive(customer) - 0.72660914) < 1e-7)
        #expect(abs(fitted.expectedTransactions(customer, inNext: 39) - 1.2259104241744068) < 1e-9)
        #expect(abs(fitted.expectedTransactionsOfNewDonor(inFirst: 39) - 1.195016228446194) < 1e-9)
    }

    @Test func gammaGammaExpectationAndLikelihood() {
        let model = GammaGamma(p: 6.24880249607099, q: 3.7445884609237634, gamma: 15.447748064943575)
        #expect(abs(model.expectedValue(RepeatValue(x: 2, mean: 22.35)) - 24.65861618923827) < 1e-9)
        #expect(abs(model.expectedValue(nil) - 6.24880249607099 * 15.447748064943575 / (3.7445884609237634 - 1)) < 1e-12)
        // x = 1: the mean is one gamma(p, ν) draw with ν ~ gamma(q, γ): f(z) = Γ(p+q)/(Γ(p)Γ(q)) γ^q z^(p−1) / (γ+z)^(p+q).
        let z = 30.0, density = exp(lgamma(6.24880249607099 + 3.7445884609237634) - lgamma(6.24880249607099) - lgamma(3.7445884609237634))
            * pow(15.447748064943575, 3.7445884609237634) * pow(z, 6.24880249607099 - 1) / pow(15.447748064943575 + z, 6.24880249607099 + 3.7445884609237634)
        #expect(abs(model.logLikelihood(RepeatValue(x: 1, mean: z)) - log(density)) < 1e-10)
    }

    @Test func bgnbdRecoversTheParametersOfSimulatedDonors() throws {
        var random = SplitMix(seed: 42)
        let truth = BGNBD(r: 0.5, alpha: 6, a: 0.7, b: 2.5)
        let histories = (0..<20_000).map { _ in truth.simulate(weeks: Double(Int.random(in: 52...156, using: &random)), using: &random) }
        let fit = try BGNBD.fit(GroupedHistories(histories))
        #expect(abs(fit.model.r / truth.r - 1) < 0.1 && abs(fit.model.alpha / truth.alpha - 1) < 0.15)
        #expect(abs(fit.model.a / truth.a - 1) < 0.2 && abs(fit.model.b / truth.b - 1) < 0.3)
        #expect(fit.logLikelihood >= truth.logLikelihood(GroupedHistories(histories)))
    }

    @Test func fitsRefuseDataTheyCannotUse() {
        #expect(throws: ModelFitError.notEnoughData("there are no donors")) { try BGNBD.fit(GroupedHistories([RepeatHistory]())) }
        #expect(throws: ModelFitError.self) { try BGNBD.fit(GroupedHistories([RepeatHistory(x: 0, tx: 0, T: 10)])) }
        #expect(throws: ModelFitError.self) { try GammaGamma.fit(GroupedHistories([RepeatValue(x: 1, mean: 10)])) }
        #expect(throws: ModelFitError.self) { try BGBB.fit(GroupedHistories([DiscreteHistory]())) }
        var stingy = NelderMead()
        stingy.maximumIterations = 5
        #expect(throws: ModelFitError.self) { try BGBB.fit(Self.donations, optimiser: stingy) }
    }
}

extension BGNBD {
    /// One donor's history over `weeks` drawn from the model (gamma by Marsaglia–Tsang, beta from two gammas).
    func simulate(weeks: Double, using random: inout SplitMix) -> RepeatHistory {
        func normal() -> Double {
            let u = Double.random(in: Double.ulpOfOne..<1, using: &random), v = Double.random(in: 0..<1, using: &random)
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
        func gamma(_ shape: Double) -> Double {
            if shape < 1 { return gamma(shape + 1) * pow(Double.random(in: Double.ulpOfOne..<1, using: &random), 1 / shape) }
            let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
            while true {
                let z = normal(), v = pow(1 + c * z, 3)
                if v > 0, log(Double.random(in: Double.ulpOfOne..<1, using: &random)) < 0.5 * z * z + d - d * v + d * log(v) { return d * v }
            }
        }
        let rate = gamma(r) / alpha, g = gamma(a), dropOut = g / (g + gamma(b))
        var time = 0.0, x = 0, last = 0.0
        while true {
            time += -log(Double.random(in: Double.ulpOfOne..<1, using: &random)) / rate
            guard time <= weeks else { break }
            x += 1
            last = time
            if Double.random(in: 0..<1, using: &random) < dropOut { break }
        }
        return RepeatHistory(x: x, tx: last, T: weeks)
    }
}
