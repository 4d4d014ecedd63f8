import Foundation
import KindredCore
import Testing

/// Per-donor predictions and ask ladders, computed from a donor's gifts and fitted models, without I/O.
@Suite struct DonorPredictionTests {
    static let euro = Currency(code: "EUR")!
    /// The published CDNOW fits (lifetimes' figures), in weeks.
    static let cdnow = BGNBD(r: 0.242594, alpha: 4.413532, a: 0.792919, b: 2.425893)
    static let value = GammaGamma(p: 6.2488, q: 3.7446, gamma: 15.4477)

    static func fact(_ day: String, _ minor: Int64, currency: String = "EUR", status: GiftStatus = .completed) -> GiftFact {
        GiftFact(id: day + "\(minor)", amountMinor: minor, currency: currency, receivedAt: Timestamp(iso8601: day)!, status: status)
    }

    @Test func summaryCountsDaysWithCountedGiftsInOneCurrency() throws {
        let facts = [Self.fact("2024-01-01T09:00:00Z", 1000), Self.fact("2024-01-15T09:00:00Z", 1000), Self.fact("2024-01-15T21:00:00Z", 2000),
                     Self.fact("2024-02-12T09:00:00Z", 5000), Self.fact("2024-02-13T09:00:00Z", 9000, status: .refunded),
                     Self.fact("2024-02-14T09:00:00Z", 9000, currency: "USD"), Self.fact("2024-03-01T09:00:00Z", 0),
                     Self.fact("2024-04-01T09:00:00Z", 7000)]
        let upTo = Timestamp(iso8601: "2024-02-27T00:00:00Z")!
        let summary = try #require(DonorGivingSummary.perCurrency(facts.filter { $0.receivedAt < upTo })["EUR"])
        #expect(summary.transactions == 3 && summary.totalMinor == 9000 && summary.firstMinor == 1000)
        #expect(summary.lastMinor == 5000 && summary.largestMinor == 5000 && summary.averageMinor == 3000)
        #expect(summary.repeatHistory(asOf: CalendarDate(year: 2024, month: 2, day: 26)!) == RepeatHistory(x: 2, tx: 6, T: 8))
        #expect(summary.repeatValue(currency: Self.euro) == RepeatValue(x: 2, mean: 40))
        let perCurrency = DonorGivingSummary.perCurrency(facts)
        #expect(perCurrency.keys.sorted() == ["EUR", "USD"] && perCurrency["USD"]?.transactions == 1 && perCurrency["USD"]?.totalMinor == 9000)
        #expect(perCurrency["EUR"]?.transactions == 4 && perCurrency["EUR"]?.lastMinor == 7000 && perCurrency["EUR"]?.largestMinor == 7000)
        #expect(DonorGivingSummary.perCurrency([Self.fact("2024-01-01T09:00:00Z", 500, status: .pending)]).isEmpty)
    }

    @Test func predictionCombinesTheModelsAsLifetimesDoes() throws {
        // x = 2, t_x = 30.43 weeks, T = 38.86 weeks → days 213 and 272 (30.43 · 7 ≈ 213, 38.86 · 7 ≈ 272).
        let summary = DonorGivingSummary(transactions: 3, firstDay: 0, lastDay: 213, totalMinor: 9000, firstMinor: 3000, lastMinor: 3000, largestMinor: 3000)
        let asOf = CalendarDate(daysSinceEpoch: 272), history = summary.repeatHistory(asOf: asOf)
        let models = PredictionModels(transactions: Self.cdnow, value: Self.value, currency: Self.euro,
                                      settings: PredictionSettings(discountRate: 0.1, lifetimeYears: 3, lapseThreshold: 0.75))
        let prediction = try #require(models.predict(summary, asOf: asOf))
        #expect(prediction.transactions == 3)
        #expect(abs(prediction.probabilityAlive - Self.cdnow.probabilityAlive(history)) < 1e-12)
        // lifetimes: P(alive) for (2, 30.43, 38.86) is 0.72660897; expected purchases in 52 weeks 1.55857975.
        #expect(abs(Self.cdnow.probabilityAlive(RepeatHistory(x: 2, tx: 30.43, T: 38.86)) - 0.72660897) < 1e-7)
        #expect(abs(Self.cdnow.expectedTransactions(RepeatHistory(x: 2, tx: 30.43, T: 38.86), inNext: 52) - 1.5585797518) < 1e-7)
        #expect(prediction.lapseRisk, "0.73 is below a threshold of 0.75")
        let weeks = PredictionModels.weeksPerYear
        let cumulative = [0.0] + (1...5).map { Self.cdnow.expectedTransactions(history, inNext: Double($0) * weeks) }
        #expect(abs(prediction.expectedGifts1Year - cumulative[1]) < 1e-12 && abs(prediction.expectedGifts5Years - cumulative[5]) < 1e-12)
        // Gamma-Gamma's conditional mean: p(γ + x·m̄)/(p·x + q − 1) with x = 2, m̄ = 30.
        let giftValue = 6.2488 * (15.4477 + 2 * 30) / (6.2488 * 2 + 3.7446 - 1)
        #expect(prediction.expectedGiftValueMinor == Int64((giftValue * 100).rounded()))
        let lifetime = (1...3).reduce(0.0) { $0 + (cumulative[$1] - cumulative[$1 - 1]) * giftValue / pow(1.1, Double($1)) }
        #expect(prediction.lifetimeValueMinor == Int64((lifetime * 100).rounded()))
        #expect(prediction.explanation(currency: Self.euro, lifetimeYears: 3).contains("At risk of lapsing: a 73 % chance"))
    }

    @Test func withoutTheValueModelTheDonorsOwnAverageStandsIn() throws {
        let summary = DonorGivingSummary(transactions: 1, firstDay: 100, lastDay: 100, totalMinor: 2550, firstMinor: 2550, lastMinor: 2550, largestMinor: 2550)
        let models = PredictionModels(transactions: Self.cdnow, value: nil, currency: Self.euro, settings: PredictionSettings())
        let prediction = try #require(models.predict(summary, asOf: CalendarDate(daysSinceEpoch: 372)))
        #expect(prediction.probabilityAlive == 1 && !prediction.lapseRisk && prediction.expectedGiftValueMinor == 2550)
        #expect(prediction.explanation(currency: Self.euro, lifetimeYears: 5).hasPrefix("Gave once so far"))
    }

    @Test func settingsOutOfRangeAreNamed() {
        #expect(throws: ValidationFailure.self) { try PredictionSettings(discountRate: -0.1).validated() }
        do {
            _ = try PredictionSettings(discountRate: 2, lifetimeYears: 0, lapseThreshold: .nan).validated()
            Issue.record("accepted")
        } catch {
            #expect(error.issues.map(\.field) == ["discountRate", "lifetimeYears", "lapseThreshold"])
        }
    }

    @Test func givingStepsAreAmountsPeopleGive() {
        let steps = [1.0, 5, 5.01, 12, 25, 26, 33, 49, 74, 76, 101, 180, 260, 999, 1001, 4100].map { AskLadder.givingStep(atLeast: $0) }
        #expect(steps == [5, 5, 10, 15, 25, 30, 35, 50, 75, 100, 150, 200, 300, 1000, 1500, 5000])
    }

    @Test func ladderStartsAtTheLargestOfLastAverageAndPredictedGift() {
        // Gifts of 20, 35, 40 (last), highest 40 → starts at 40, then ≥ 50 towards the highest, then ≥ 75.
        let summary = DonorGivingSummary(transactions: 3, firstDay: 0, lastDay: 400, totalMinor: 9500, firstMinor: 2000, lastMinor: 4000, largestMinor: 4000)
        let ladder = AskLadder.suggest(for: summary, predictedMinor: 3600, currency: Self.euro)
        #expect(ladder.amountsMinor == [4000, 5000, 7500] && ladder.basis == .lastGift)
        #expect(ladder.reason.contains("last gift of EUR 40.00") && ladder.reason.contains("3 gifts"))
        // A predicted gift above the rest leads; a highest gift far above is capped at three times the first ask.
        let generous = DonorGivingSummary(transactions: 2, firstDay: 0, lastDay: 30, totalMinor: 102_500, firstMinor: 100_000, lastMinor: 2500, largestMinor: 100_000)
        let capped = AskLadder.suggest(for: generous, predictedMinor: nil, currency: Self.euro)
        #expect(capped.basis == .averageGift && capped.amountsMinor == [60_000, 100_000, 150_000])
        let predicted = AskLadder.suggest(for: DonorGivingSummary(transactions: 1, firstDay: 0, lastDay: 0, totalMinor: 1000, firstMinor: 1000, lastMinor: 1000, largestMinor: 1000),
                                          predictedMinor: 3300, currency: Self.euro)
        #expect(predicted.basis == .predictedGift && predicted.amountsMinor == [3500, 5000, 7500])
        // Yen have no minor unit: the same steps in whole yen.
        let yen = AskLadder.suggest(for: DonorGivingSummary(transactions: 1, firstDay: 0, lastDay: 0, totalMinor: 4800, firstMinor: 4800, lastMinor: 4800, largestMinor: 4800),
                                    predictedMinor: nil, currency: Currency(code: "JPY")!)
        #expect(yen.amountsMinor == [5000, 7500, 15000])
    }

    @Test func preparedLikelihoodsEqualTheRowByRowSums() {
        // 30,000 distinct rows, so the sum is split over the cores.
        var random = SplitMix(seed: 7)
        let histories = GroupedHistories(counted: (0..<30_000).map { _ in
            let x = Int.random(in: 0...12, using: &random), T = Double(Int.random(in: 0...1000, using: &random)) / 7
            let tx = x == 0 ? 0 : Double(Int.random(in: 0...Int(T * 7), using: &random)) / 7
            return (RepeatHistory(x: x, tx: tx, T: T), Double(Int.random(in: 1...5, using: &random)))
        })
        let model = BGNBD(r: 0.6, alpha: 9, a: 0.7, b: 3.2)
        let naive = model.logLikelihood(histories), prepared = model.logLikelihoodDerivatives(PreparedRepeatHistories(histories)).value
        #expect(abs(naive - prepared) < 1e-9 * abs(naive))
        let values = GroupedHistories(counted: (0..<5_000).map { _ in
            (RepeatValue(x: Int.random(in: 0...9, using: &random), mean: Double(Int.random(in: 0...20_000, using: &random)) / 100), 2.0)
        })
        let spend = GammaGamma(p: 6, q: 4, gamma: 15)
        let usable = GroupedHistories(counted: values.rows.filter { $0.row.x > 0 && $0.row.mean > 0 })
        #expect(abs(spend.logLikelihood(usable) - spend.logLikelihoodDerivatives(PreparedRepeatValues(values)).value) < 1e-9 * abs(spend.logLikelihood(usable)))
        #expect(PreparedRepeatValues(values).donors == usable.donors)
    }
}
