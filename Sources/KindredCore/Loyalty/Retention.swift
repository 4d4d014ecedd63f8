/// One donor's giving in one currency as the retention report needs it: their first fiscal year with a counted gift
/// and what they gave in the year before the report year and in the report year (minor units, 0 when nothing).
public struct DonorYears: Sendable, Hashable {
    /// The donor.
    public let constituentId: String
    /// The first fiscal year with a counted gift.
    public let firstYear: Int
    /// Counted giving in Y−1.
    public let priorMinor: Int64
    /// Counted giving in Y.
    public let currentMinor: Int64

    /// Creates the facts.
    public init(constituentId: String, firstYear: Int, priorMinor: Int64, currentMinor: Int64) {
        self.constituentId = constituentId
        self.firstYear = firstYear
        self.priorMinor = priorMinor
        self.currentMinor = currentMinor
    }
}

/// Donor retention for fiscal year Y against Y−1, in one currency. Rates are nil when their denominator is zero.
/// `dollarRetentionRate` exceeds 1 when retained donors gave more in Y than all of D(Y−1) gave in Y−1.
public struct RetentionReport: Sendable, Hashable, Codable {
    /// The fiscal year Y.
    public let year: Int
    /// The currency of every amount.
    public let currency: String
    /// |D(Y−1)|.
    public let donorsPriorYear: Int
    /// |D(Y)|.
    public let donorsCurrentYear: Int
    /// Donors in D(Y) whose first year is Y.
    public let newDonors: Int
    /// |D(Y) ∩ D(Y−1)|.
    public let retainedDonors: Int
    /// |D(Y−1) \ D(Y)|.
    public let lapsedDonors: Int
    /// Donors in D(Y) \ D(Y−1) whose first year is before Y−1.
    public let recapturedDonors: Int
    /// Retained donors who gave more in Y than in Y−1.
    public let upgradedDonors: Int
    /// Retained donors who gave less in Y than in Y−1.
    public let downgradedDonors: Int
    /// retained / |D(Y−1)|.
    public let donorRetentionRate: Double?
    /// The retention of Y−1's new donors.
    public let newDonorRetentionRate: Double?
    /// The retention of Y−1's donors who had given before Y−1.
    public let repeatDonorRetentionRate: Double?
    /// Given in Y by retained donors / given in Y−1 by D(Y−1).
    public let dollarRetentionRate: Double?
    /// Given in Y−1 by D(Y−1), minor units.
    public let amountPriorYear: Int64
    /// Given in Y by D(Y), minor units.
    public let amountCurrentYear: Int64

    /// Computes the report from every donor with a counted gift in Y−1 or Y (others are ignored).
    public init(year: Int, currency: String, donors: [DonorYears]) {
        self.init(year: year, currency: currency, tally: RetentionTally(year: year, donors: donors))
    }

    /// The report from counts made elsewhere (the store keeps a tally per fiscal year, added to donor by donor).
    public init(year: Int, currency: String, tally: RetentionTally) {
        self.year = year
        self.currency = currency
        donorsPriorYear = tally.donorsPriorYear
        donorsCurrentYear = tally.donorsCurrentYear
        newDonors = tally.newDonors
        retainedDonors = tally.retainedDonors
        lapsedDonors = tally.donorsPriorYear - tally.retainedDonors
        recapturedDonors = tally.recapturedDonors
        upgradedDonors = tally.upgradedDonors
        downgradedDonors = tally.downgradedDonors
        amountPriorYear = tally.amountPriorYear
        amountCurrentYear = tally.amountCurrentYear
        donorRetentionRate = Self.rate(tally.retainedDonors, tally.donorsPriorYear)
        newDonorRetentionRate = Self.rate(tally.priorNewRetained, tally.priorNewDonors)
        repeatDonorRetentionRate = Self.rate(tally.priorRepeatRetained, tally.priorRepeatDonors)
        dollarRetentionRate = tally.amountPriorYear == 0 ? nil : Double(tally.retainedGiving) / Double(tally.amountPriorYear)
    }

    private static func rate(_ part: Int, _ whole: Int) -> Double? {
        whole == 0 ? nil : Double(part) / Double(whole)
    }
}

/// The counts a retention report is made of.
public struct RetentionTally: Sendable, Hashable {
    /// Donors in D(Y−1), in D(Y), new in Y, in both, and recaptured in Y.
    public var donorsPriorYear = 0, donorsCurrentYear = 0, newDonors = 0, retainedDonors = 0, recapturedDonors = 0
    /// Retained donors who gave more or less; Y−1's new donors and how many of them gave again; Y−1's repeat donors.
    public var upgradedDonors = 0, downgradedDonors = 0, priorNewDonors = 0, priorNewRetained = 0, priorRepeatDonors = 0
    /// Y−1's repeat donors who gave again in Y.
    public var priorRepeatRetained = 0
    /// Given in Y−1 by D(Y−1), in Y by D(Y), and in Y by the retained donors (minor units).
    public var amountPriorYear: Int64 = 0, amountCurrentYear: Int64 = 0, retainedGiving: Int64 = 0

    /// Creates a tally.
    public init(donorsPriorYear: Int = 0, donorsCurrentYear: Int = 0, newDonors: Int = 0, retainedDonors: Int = 0, recapturedDonors: Int = 0,
                upgradedDonors: Int = 0, downgradedDonors: Int = 0, priorNewDonors: Int = 0, priorNewRetained: Int = 0,
                priorRepeatDonors: Int = 0, priorRepeatRetained: Int = 0, amountPriorYear: Int64 = 0, amountCurrentYear: Int64 = 0,
                retainedGiving: Int64 = 0) {
        self.donorsPriorYear = donorsPriorYear
        self.donorsCurrentYear = donorsCurrentYear
        self.newDonors = newDonors
        self.retainedDonors = retainedDonors
        self.recapturedDonors = recapturedDonors
        self.upgradedDonors = upgradedDonors
        self.downgradedDonors = downgradedDonors
        self.priorNewDonors = priorNewDonors
        self.priorNewRetained = priorNewRetained
        self.priorRepeatDonors = priorRepeatDonors
        self.priorRepeatRetained = priorRepeatRetained
        self.amountPriorYear = amountPriorYear
        self.amountCurrentYear = amountCurrentYear
        self.retainedGiving = retainedGiving
    }
}

extension RetentionTally {
    /// Counts fiscal year `year`'s figures over donors with a counted gift in Y−1 or Y (others are ignored).
    public init(year: Int, donors: [DonorYears]) {
        let prior = donors.filter { $0.priorMinor > 0 }, current = donors.filter { $0.currentMinor > 0 }
        let retained = prior.filter { $0.currentMinor > 0 }
        let priorNew = prior.filter { $0.firstYear == year - 1 }, priorRepeat = prior.filter { $0.firstYear < year - 1 }
        self.init(
            donorsPriorYear: prior.count, donorsCurrentYear: current.count, newDonors: current.count { $0.firstYear == year },
            retainedDonors: retained.count, recapturedDonors: current.count { $0.priorMinor == 0 && $0.firstYear < year - 1 },
            upgradedDonors: retained.count { $0.currentMinor > $0.priorMinor }, downgradedDonors: retained.count { $0.currentMinor < $0.priorMinor },
            priorNewDonors: priorNew.count, priorNewRetained: priorNew.count { $0.currentMinor > 0 },
            priorRepeatDonors: priorRepeat.count, priorRepeatRetained: priorRepeat.count { $0.currentMinor > 0 },
            amountPriorYear: prior.reduce(0) { $0 + $1.priorMinor }, amountCurrentYear: current.reduce(0) { $0 + $1.currentMinor },
            retainedGiving: retained.reduce(0) { $0 + $1.currentMinor })
    }

    /// What one donor adds to each fiscal year's tally, from their counted giving per fiscal year in one currency:
    /// they count in every year they gave in and in the year after each. Summing these over all donors gives every
    /// year's tally, so a store can keep the tallies by adding a changed donor's new contributions less the old.
    public static func contributions(constituentId: String, yearTotals: [Int: Int64]) -> [Int: RetentionTally] {
        let givingYears = yearTotals.filter { $0.value > 0 }.keys
        guard let firstYear = givingYears.min() else { return [:] }
        let years = Set(givingYears).union(givingYears.map { $0 + 1 })
        return Dictionary(uniqueKeysWithValues: years.map { year in
            let donor = DonorYears(constituentId: constituentId, firstYear: firstYear,
                                   priorMinor: max(0, yearTotals[year - 1] ?? 0), currentMinor: max(0, yearTotals[year] ?? 0))
            return (year, RetentionTally(year: year, donors: [donor]))
        })
    }

    /// Every count of a tally.
    public static var counts: [WritableKeyPath<RetentionTally, Int>] {
        [\.donorsPriorYear, \.donorsCurrentYear, \.newDonors, \.retainedDonors, \.recapturedDonors, \.upgradedDonors,
         \.downgradedDonors, \.priorNewDonors, \.priorNewRetained, \.priorRepeatDonors, \.priorRepeatRetained]
    }
    /// Every amount of a tally (minor units).
    public static var amounts: [WritableKeyPath<RetentionTally, Int64>] { [\.amountPriorYear, \.amountCurrentYear, \.retainedGiving] }

    /// Adds `other` to this tally (`sign` −1 takes it away).
    public mutating func add(_ other: RetentionTally, sign: Int = 1) {
        for count in Self.counts { self[keyPath: count] += sign * other[keyPath: count] }
        for amount in Self.amounts { self[keyPath: amount] += Int64(sign) * other[keyPath: amount] }
    }

    /// True when every count and amount is zero.
    public var isZero: Bool { self == RetentionTally() }
}
