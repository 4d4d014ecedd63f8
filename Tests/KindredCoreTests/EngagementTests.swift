import KindredCore
import Testing

@Suite struct EngagementTests {
    let day: Int64 = 86_400_000
    let now = Timestamp(iso8601: "2026-11-22T00:00:00Z")!

    @Test func aContributionHalvesEveryHalfLife() {
        let decay = EngagementDecay(halfLifeDays: 180)
        #expect(abs(decay.points(8, at: now, now: now) - 8) < 1e-9)
        #expect(abs(decay.points(8, at: now.adding(milliseconds: -180 * day), now: now) - 4) < 1e-9)
        #expect(abs(decay.points(8, at: now.adding(milliseconds: -360 * day), now: now) - 2) < 1e-9)
    }

    @Test func epochScaledSumsAddInConstantTimeAndDecayTogether() {
        let decay = EngagementDecay(halfLifeDays: 90)
        let contributions: [(Double, Timestamp)] = [(3, now.adding(milliseconds: -400 * day)), (5, now.adding(milliseconds: -30 * day)), (-2, now)]
        // The stored sum grows by one addition per contribution...
        let stored = contributions.reduce(0.0) { $0 + decay.scaled($1.0, at: $1.1) }
        // ...and times the factor of `now` it equals the decayed points computed one by one.
        let direct = contributions.reduce(0.0) { $0 + decay.points($1.0, at: $1.1, now: now) }
        #expect(abs(stored * decay.factor(at: now) - direct) < 1e-9)
        // A later moment decays everything by the same factor, so rankings by stored sums never change with time.
        let later = now.adding(milliseconds: 90 * day)
        #expect(abs(stored * decay.factor(at: later) - direct / 2) < 1e-9)
    }

    @Test func sumsStayFiniteOverACenturyAtTheShortestHalfLife() {
        let decay = EngagementDecay(halfLifeDays: 30)
        let far = Timestamp(iso8601: "2099-12-31T00:00:00Z")!
        #expect(decay.scaled(100, at: far).isFinite)
        #expect(decay.scaled(100, at: Timestamp(iso8601: "1950-01-01T00:00:00Z")!) >= 0)
    }

    @Test func levelsTrendAndSelfReport() {
        #expect([0, 19.9, 20, 39.9, 40, 59.9, 60, 79.9, 80, 100].map { EngagementLevel(score: $0) }
                == [.cold, .cold, .cool, .cool, .warm, .warm, .hot, .hot, .onFire, .onFire])
        #expect(EngagementTrend(now: 11, then: 10) == .steady)
        #expect(EngagementTrend(now: 11.6, then: 10) == .rising)
        #expect(EngagementTrend(now: 8.4, then: 10) == .falling)
        #expect(EngagementTrend(now: 1, then: 0) == .rising)
        #expect(EngagementTrend(now: 0, then: 0) == .steady)
        #expect(SelfReportAgreement(selfReported: 5, measured: .cool) == .feelsMoreEngaged)
        #expect(SelfReportAgreement(selfReported: 4, measured: .warm) == .agrees)
        #expect(SelfReportAgreement(selfReported: 1, measured: .hot) == .feelsLessEngaged)
    }

    @Test func percentilesShareTiesAndNothingScoresZero() {
        #expect(EngagementRanking.percentile(value: 0, below: 0, equal: 5, population: 10) == 0)
        #expect(EngagementRanking.percentile(value: -3, below: 0, equal: 1, population: 10) == 0)
        #expect(EngagementRanking.percentile(value: 7, below: 9, equal: 1, population: 10) == 95)
        #expect(EngagementRanking.percentile(value: 7, below: 4, equal: 2, population: 10) == 50)
    }

    @Test func quietlyEngagedNeedsHighNonGivingAndLowGiving() {
        #expect(EngagementRanking.quietlyEngaged(nonGivingScore: 85, givingScore: 10, giftsLast12Months: 3))
        #expect(EngagementRanking.quietlyEngaged(nonGivingScore: 70, givingScore: 90, giftsLast12Months: 1))
        #expect(!EngagementRanking.quietlyEngaged(nonGivingScore: 85, givingScore: 50, giftsLast12Months: 2))
        #expect(!EngagementRanking.quietlyEngaged(nonGivingScore: 69, givingScore: 0, giftsLast12Months: 0))
    }

    @Test func settingsValidationNamesEveryBadField() {
        var settings = EngagementSettings.defaults
        settings.halfLifeDays = 5
        settings.giftWeight = -1
        settings.interactionWeights["Bad Type"] = EngagementWeight(.content, 1)
        settings.interactionWeights["article_read"] = EngagementWeight(.content, 1000)
        #expect(throws: ValidationFailure.self) { try settings.validated() }
        do {
            _ = try settings.validated()
        } catch {
            #expect(Set(error.issues.map(\.field)) == ["halfLifeDays", "giftWeight", "interactionWeights.Bad Type", "interactionWeights.article_read.weight"])
        }
        #expect(throws: Never.self) { try EngagementSettings.defaults.validated() }
    }

    @Test func everyDefaultEventTypeWithADimensionHasAWeight() {
        for rule in EventMapping.defaults.rules.values where rule.dimension != nil && rule.dimension != .giving {
            let weight = EngagementSettings.defaults.weight(of: rule.interactionType)
            #expect(weight?.dimension == rule.dimension, "\(rule.interactionType)")
            #expect(((weight?.weight ?? 0) < 0) == rule.negative, "\(rule.interactionType)")
        }
    }

    @Test func weightsAsTextRoundTripAndReportBadLines() throws {
        let defaults = EngagementSettings.defaults
        #expect(try EngagementSettings.parseWeights(defaults.weightsText) == defaults.interactionWeights)
        #expect(try EngagementSettings.parseWeights("\narticle_read content 2,5\n\n") == ["article_read": EngagementWeight(.content, 2.5)])
        do {
            _ = try EngagementSettings.parseWeights("a content 1\nb feelings 2\nc content many\na content 3\njust two\nd content inf")
            Issue.record("bad lines were accepted")
        } catch {
            #expect(error.issues.map(\.message) == [
                "line 2: feelings is not a dimension (\(EngagementDimension.allowedValues))", "line 3: many is not a number",
                "line 4: a is given twice", "line 5: write the type, the dimension and the weight, e.g. article_read content 2",
                "line 6: inf is not a number",
            ])
        }
    }

    @Test func distributionsRankExactlyWhenSmallAndCloselyWhenLarge() {
        let small = [0, 1, 1, 2, 5, 5, 5, 9].map(Double.init)
        let exact = EngagementDistribution(population: small.count, cuts: small)
        #expect(EngagementDistribution.ranks(population: small.count) == Array(0..<8))
        for value in [0.0, 1, 2, 3, 5, 9, 10] {
            let below = small.count { $0 < value }, equal = max(1, small.count { $0 == value })
            #expect(exact.percentile(of: value) == EngagementRanking.percentile(value: value, below: below, equal: equal, population: small.count))
        }
        var generator = SplitMix(seed: 42)
        let large = (0..<50_000).map { _ in Double(generator.next() % 10_000) / 10 }.sorted()
        let ranks = EngagementDistribution.ranks(population: large.count)
        #expect(ranks.count == 1001 && ranks.first == 0 && ranks.last == large.count - 1)
        let sampled = EngagementDistribution(population: large.count, cuts: ranks.map { large[$0] })
        for value in [0.1, 5, 250, 499.9, 999.9, 2000] {
            let below = large.count { $0 < value }, equal = max(1, large.count { $0 == value })
            let truth = EngagementRanking.percentile(value: value, below: below, equal: equal, population: large.count)
            #expect(abs(sampled.percentile(of: value) - truth) <= 0.15, "\(value): \(sampled.percentile(of: value)) vs \(truth)")
        }
        #expect(EngagementDistribution(population: 0, cuts: []).percentile(of: 5) == 0)
    }
}

/// A small deterministic generator for tests.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
