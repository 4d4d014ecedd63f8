import Foundation

/// What an ask ladder starts from: the largest of the donor's last gift, average gift and predicted gift.
public enum AskBasis: String, Vocabulary {
    case lastGift = "last_gift", averageGift = "average_gift", predictedGift = "predicted_gift"
}

/// Three suggested amounts for a donor's next ask, rounded to amounts people actually give, with why.
public struct AskLadder: Sendable, Hashable, Codable {
    /// The three amounts in minor units, smallest first.
    public let amountsMinor: [Int64]
    /// The figure the first amount rounds up from.
    public let basis: AskBasis
    /// One line saying how the amounts were found.
    public let reason: String

    /// Creates a ladder.
    public init(amountsMinor: [Int64], basis: AskBasis, reason: String) {
        self.amountsMinor = amountsMinor
        self.basis = basis
        self.reason = reason
    }

    /// Amounts people give, in major units: 5, then 10 15 20 25 30 35 40 50 60 75 and the same times 10, 100, ….
    public static func givingStep(atLeast amount: Double) -> Double {
        guard amount > 5 else { return 5 }
        let mantissas: [Double] = [1, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6, 7.5]
        var decade = 10.0
        while decade * 10 < amount { decade *= 10 }
        for step in mantissas.map({ $0 * decade }) + [decade * 10] where step >= amount * (1 - 1e-9) { return step }
        return decade * 10
    }

    /// The ask ladder from a donor's giving and the predicted value of their next gift: the first amount is the largest
    /// of the last gift, the average gift and the prediction, rounded up to a giving step; the second steps up towards
    /// the highest gift (at least a quarter more, at most three times the first); the third is half again above the
    /// second.
    public static func suggest(for giving: DonorGivingSummary, predictedMinor: Int64?, currency: Currency) -> AskLadder {
        let unit = pow(10, Double(currency.minorUnitDigits))
        let last = giving.lastMinor, count = giving.transactions
        let highest = Double(giving.largestMinor) / unit
        let average = Double(giving.totalMinor) / Double(count) / unit
        let candidates: [(AskBasis, Double)] = [(.lastGift, Double(last) / unit), (.averageGift, average)]
            + (predictedMinor.map { [(.predictedGift, Double($0) / unit)] } ?? [])
        let (basis, anchor) = candidates.max { $0.1 < $1.1 }!
        let first = givingStep(atLeast: anchor)
        let second = givingStep(atLeast: max(first * 1.25, min(highest, first * 3)))
        let third = givingStep(atLeast: second * 1.5)
        let amounts = [first, second, third].map { Int64(($0 * unit).rounded()) }
        func money(_ value: Double) -> String { currency.code + " " + DecimalAmount.text(Int64((value * unit).rounded()), currency: currency) }
        let start = switch basis {
        case .lastGift: "the last gift of \(money(Double(last) / unit))"
        case .averageGift: "the average gift of \(money(average))"
        case .predictedGift: "the predicted next gift of \(money(anchor))"
        }
        let reason = "Starts at \(start) rounded up (\(count) gift\(count == 1 ? "" : "s"), highest "
            + "\(money(highest))) and steps up from there."
        return AskLadder(amountsMinor: amounts, basis: basis, reason: reason)
    }
}
