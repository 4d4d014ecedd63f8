import Foundation

/// How predictions turn into lifetime value and a lapse-risk flag.
public struct PredictionSettings: Sendable, Hashable, Codable {
    /// The yearly discount rate of future gifts, 0 to 1 (0.1 = 10 % a year).
    public var discountRate: Double
    /// The years lifetime value counts, 1 to 20.
    public var lifetimeYears: Int
    /// A donor whose probability of still being active is below this is flagged at risk of lapsing, 0 to 1.
    public var lapseThreshold: Double

    /// Creates settings; the defaults are 10 % a year over five years and a threshold of one half.
    public init(discountRate: Double = 0.1, lifetimeYears: Int = 5, lapseThreshold: Double = 0.5) {
        self.discountRate = discountRate
        self.lifetimeYears = lifetimeYears
        self.lapseThreshold = lapseThreshold
    }

    /// The settings if every value is in range, else the failures naming each field.
    public func validated() throws(ValidationFailure) -> PredictionSettings {
        var issues = IssueCollector()
        if !(0...1).contains(discountRate) { issues.add("discountRate", "must be between 0 and 1 (0.1 is 10 % a year)") }
        if !(1...20).contains(lifetimeYears) { issues.add("lifetimeYears", "must be between 1 and 20") }
        if !(0...1).contains(lapseThreshold) { issues.add("lapseThreshold", "must be between 0 and 1") }
        try issues.throwIfAny()
        return self
    }
}

/// A donor's giving in one currency as the models see it: counted gifts (completed, with an amount) summed per UTC
/// day, each day one transaction.
public struct DonorGivingSummary: Sendable, Hashable {
    /// Days with counted gifts.
    public let transactions: Int
    /// The first and the last such day (days since 1970-01-01).
    public let firstDay: Int64, lastDay: Int64
    /// The total of every transaction, of the first, of the last, and the largest, in minor units.
    public let totalMinor: Int64, firstMinor: Int64, lastMinor: Int64, largestMinor: Int64

    /// Creates a summary from figures the database aggregated.
    public init(transactions: Int, firstDay: Int64, lastDay: Int64, totalMinor: Int64, firstMinor: Int64, lastMinor: Int64, largestMinor: Int64) {
        self.transactions = transactions
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.totalMinor = totalMinor
        self.firstMinor = firstMinor
        self.lastMinor = lastMinor
        self.largestMinor = largestMinor
    }

    /// Summarises a donor's gifts in every currency they gave in, keyed by currency code: the statistics each
    /// currency's stored rollup keeps beside its gift totals.
    public static func perCurrency(_ facts: [GiftFact]) -> [String: DonorGivingSummary] {
        var totals: [String: [Int64: Int64]] = [:]
        for fact in facts where fact.status == .completed && fact.amountMinor > 0 {
            totals[fact.currency, default: [:]][fact.receivedAt.utcDate.daysSinceEpoch, default: 0] += fact.amountMinor
        }
        return totals.mapValues { days in
            let first = days.keys.min()!, last = days.keys.max()!
            return DonorGivingSummary(transactions: days.count, firstDay: first, lastDay: last, totalMinor: days.values.reduce(0, +),
                                      firstMinor: days[first]!, lastMinor: days[last]!, largestMinor: days.values.max()!)
        }
    }

    /// The BG/NBD history at `asOf`.
    public func repeatHistory(asOf: CalendarDate) -> RepeatHistory {
        RepeatHistory(x: transactions - 1, tx: Double(lastDay - firstDay) / 7, T: Double(asOf.daysSinceEpoch - firstDay) / 7)
    }

    /// The Gamma-Gamma value history: the repeat transactions' mean in major units (nil without repeats).
    public func repeatValue(currency: Currency) -> RepeatValue? {
        guard transactions > 1 else { return nil }
        return RepeatValue(x: transactions - 1, mean: Double(totalMinor - firstMinor) / pow(10, Double(currency.minorUnitDigits)) / Double(transactions - 1))
    }

    /// The mean transaction in minor units.
    public var averageMinor: Int64 { Int64((Double(totalMinor) / Double(transactions)).rounded()) }
}

/// What the fitted models say about one donor.
public struct DonorPrediction: Sendable, Hashable, Codable {
    /// The transactions (days with counted gifts) the prediction rests on.
    public let transactions: Int
    /// The probability the donor is still active (BG/NBD; 1 for a donor who gave once, whom the model cannot yet judge).
    public let probabilityAlive: Double
    /// Expected gifts (days with a gift) in the next 1, 3 and 5 years.
    public let expectedGifts1Year: Double, expectedGifts3Years: Double, expectedGifts5Years: Double
    /// The expected value of the next gift in minor units (Gamma-Gamma; the donor's own average without that model).
    public let expectedGiftValueMinor: Int64
    /// The expected value of the gifts of the next `lifetimeYears`, discounted, in minor units.
    public let lifetimeValueMinor: Int64
    /// Whether the probability of being active is below the lapse threshold.
    public let lapseRisk: Bool

    /// Creates a prediction.
    public init(transactions: Int, probabilityAlive: Double, expectedGifts1Year: Double, expectedGifts3Years: Double, expectedGifts5Years: Double,
                expectedGiftValueMinor: Int64, lifetimeValueMinor: Int64, lapseRisk: Bool) {
        self.transactions = transactions
        self.probabilityAlive = probabilityAlive
        self.expectedGifts1Year = expectedGifts1Year
        self.expectedGifts3Years = expectedGifts3Years
        self.expectedGifts5Years = expectedGifts5Years
        self.expectedGiftValueMinor = expectedGiftValueMinor
        self.lifetimeValueMinor = lifetimeValueMinor
        self.lapseRisk = lapseRisk
    }
}

extension DonorPrediction {
    /// A short plain explanation in English (the web app words it in the reader's language).
    public func explanation(currency: Currency, lifetimeYears: Int) -> String {
        func money(_ minor: Int64) -> String {
            currency.code + " " + String(format: "%.\(currency.minorUnitDigits)f", Double(minor) / pow(10, Double(currency.minorUnitDigits)))
        }
        let percent = Int((probabilityAlive * 100).rounded())
        let standing = transactions == 1
            ? "Gave once so far: the model cannot yet tell whether they are still giving."
            : lapseRisk ? "At risk of lapsing: a \(percent) % chance they are still giving."
            : "Likely still giving: a \(percent) % chance, judged from \(transactions) gifts and the time since the last."
        return standing + " Expect about \(String(format: "%.1f", expectedGifts1Year)) gifts in the next year and "
            + "\(String(format: "%.1f", expectedGifts5Years)) in five, of about \(money(expectedGiftValueMinor)) each; the next "
            + "\(lifetimeYears) year\(lifetimeYears == 1 ? " is" : "s are") worth about \(money(lifetimeValueMinor)) in today's money."
    }
}

/// The fitted models predictions come from, with the settings that turn them into value.
public struct PredictionModels: Sendable, Hashable {
    /// The repeat-transaction model.
    public let transactions: BGNBD
    /// The gift-value model, when it could be fitted.
    public let value: GammaGamma?
    /// The currency the models were fitted in.
    public let currency: Currency
    /// Discount rate, horizon, lapse threshold.
    public let settings: PredictionSettings

    /// Creates the set.
    public init(transactions: BGNBD, value: GammaGamma?, currency: Currency, settings: PredictionSettings) {
        self.transactions = transactions
        self.value = value
        self.currency = currency
        self.settings = settings
    }

    /// Weeks in a year of 365.25 days.
    public static let weeksPerYear = 365.25 / 7

    /// The prediction for a donor at `asOf`; nil when an expectation cannot be evaluated.
    public func predict(_ donor: DonorGivingSummary, asOf: CalendarDate) -> DonorPrediction? {
        let history = donor.repeatHistory(asOf: asOf)
        let unit = pow(10, Double(currency.minorUnitDigits))
        let ownAverage = Double(donor.totalMinor) / Double(donor.transactions) / unit
        let modelled = value.map { $0.expectedValue(donor.repeatValue(currency: currency)) }
        let giftValue = modelled.flatMap { $0.isFinite && $0 > 0 ? $0 : nil } ?? ownAverage
        let years = max(5, settings.lifetimeYears)
        let cumulative = (0...years).map { $0 == 0 ? 0 : transactions.expectedTransactions(history, inNext: Double($0) * Self.weeksPerYear) }
        guard cumulative.allSatisfy(\.isFinite) else { return nil }
        let lifetime = (1...settings.lifetimeYears).reduce(0.0) { sum, year in
            sum + (cumulative[year] - cumulative[year - 1]) * giftValue / pow(1 + settings.discountRate, Double(year))
        }
        let alive = transactions.probabilityAlive(history)
        return DonorPrediction(
            transactions: donor.transactions, probabilityAlive: alive, expectedGifts1Year: cumulative[1], expectedGifts3Years: cumulative[3], expectedGifts5Years: cumulative[5],
            expectedGiftValueMinor: Int64((giftValue * unit).rounded()), lifetimeValueMinor: Int64((lifetime * unit).rounded()),
            lapseRisk: alive < settings.lapseThreshold)
    }
}
