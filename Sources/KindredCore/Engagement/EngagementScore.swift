import Foundation

/// Time decay: a contribution of weight w at time t counts `w × 2^(−age / half-life)`. Sums are kept scaled to a fixed
/// epoch (`w × 2^((t − epoch) / half-life)`), so adding a contribution is one addition and every person's sum decays by
/// the same factor: the points now are `sum × factor(now)`, and ranking people needs no decay at all.
public struct EngagementDecay: Sendable, Hashable {
    /// The half-life in days.
    public let halfLifeDays: Double
    /// The instant sums are scaled to: 2020-01-01T00:00:00Z.
    public static let epoch = Timestamp(millisecondsSinceEpoch: 1_577_836_800_000)

    /// Creates a decay with a half-life in days.
    public init(halfLifeDays: Double) {
        self.halfLifeDays = halfLifeDays
    }

    private func halfLives(from start: Timestamp, to end: Timestamp) -> Double {
        Double(end.millisecondsSinceEpoch - start.millisecondsSinceEpoch) / 86_400_000 / halfLifeDays
    }

    /// A weight at `instant`, scaled to the epoch: what is added to a person's stored sum.
    public func scaled(_ weight: Double, at instant: Timestamp) -> Double {
        weight * pow(2, halfLives(from: Self.epoch, to: instant))
    }

    /// The factor that turns an epoch-scaled sum into points at `now`.
    public func factor(at now: Timestamp) -> Double {
        pow(2, -halfLives(from: Self.epoch, to: now))
    }

    /// The points a weight given at `instant` is worth at `now`.
    public func points(_ weight: Double, at instant: Timestamp, now: Timestamp) -> Double {
        weight * pow(2, -halfLives(from: instant, to: now))
    }
}

/// The engagement levels of the 0–100 score.
public enum EngagementLevel: String, Vocabulary {
    case cold, cool, warm, hot
    case onFire = "on_fire"

    /// The level of a score: Cold < 20 ≤ Cool < 40 ≤ Warm < 60 ≤ Hot < 80 ≤ On Fire.
    public init(score: Double) {
        self = Self.allCases[min(4, max(0, Int(score / 20)))]
    }

    /// 0 for cold to 4 for on fire.
    public var rank: Int { Self.allCases.firstIndex(of: self)! }
}

/// Which way engagement moved over the last 90 days.
public enum EngagementTrend: String, Vocabulary {
    case rising, steady, falling

    /// Compares the points now with the points 90 days ago (each decayed to its own moment): more than 15 % up is
    /// rising, more than 15 % down is falling.
    public init(now: Double, then: Double) {
        if then <= 0 {
            self = now > 0 ? .rising : .steady
        } else if now > then * 1.15 {
            self = .rising
        } else if now < then * 0.85 {
            self = .falling
        } else {
            self = .steady
        }
    }
}

/// How a person's own answer to "how involved do you feel?" compares with the measured level.
public enum SelfReportAgreement: String, Vocabulary {
    /// Within one level of the measured one.
    case agrees
    /// The person feels at least two levels more involved than measured.
    case feelsMoreEngaged = "feels_more_engaged"
    /// The person feels at least two levels less involved than measured.
    case feelsLessEngaged = "feels_less_engaged"

    /// Compares an answer from 1 (not at all) to 5 (very involved) with a measured level.
    public init(selfReported: Int, measured: EngagementLevel) {
        let difference = (selfReported - 1) - measured.rank
        self = difference >= 2 ? .feelsMoreEngaged : difference <= -2 ? .feelsLessEngaged : .agrees
    }
}

/// Engagement scoring rules that need the population: percentiles and the quietly-engaged flag.
public enum EngagementRanking {
    /// The percentile (0–100) of a value among `population` values, `below` of them smaller and `equal` equal (the
    /// value itself included): the mid-rank, so everyone tied shares one score. Nothing (value ≤ 0) scores 0.
    public static func percentile(value: Double, below: Int, equal: Int, population: Int) -> Double {
        guard value > 0, population > 0 else { return 0 }
        return min(100, 100 * (Double(below) + Double(equal) / 2) / Double(population))
    }

    /// Quietly engaged: non-giving engagement in the top 30 % while giving is in the bottom 30 % or at most one gift
    /// in the last 12 months.
    public static func quietlyEngaged(nonGivingScore: Double, givingScore: Double, giftsLast12Months: Int) -> Bool {
        nonGivingScore >= 70 && (givingScore <= 30 || giftsLast12Months <= 1)
    }
}

/// One person's engagement sums, scaled to the decay epoch: per dimension, and the part that had already happened at
/// the trend cutoff (90 days before the last full recompute), for the whole and for giving.
public struct EngagementSums: Sendable, Hashable {
    /// The sum of each dimension.
    public var byDimension: [EngagementDimension: Double] = [:]
    /// The part of the total from contributions at or before the cutoff.
    public var thenTotal = 0.0
    /// The part of giving from contributions at or before the cutoff.
    public var thenGiving = 0.0
    /// The latest contribution with a positive weight.
    public var lastActiveAt: Timestamp?

    /// Creates empty sums.
    public init() {}

    /// Every dimension together.
    public var total: Double { byDimension.values.reduce(0, +) }
    /// Every dimension but giving.
    public var nonGiving: Double { total - (byDimension[.giving] ?? 0) }

    /// Adds a contribution of `weight` at `instant`.
    public mutating func add(_ weight: Double, in dimension: EngagementDimension, at instant: Timestamp, decay: EngagementDecay, cutoff: Timestamp?) {
        let scaled = decay.scaled(weight, at: instant)
        byDimension[dimension, default: 0] += scaled
        if let cutoff, instant <= cutoff {
            thenTotal += scaled
            if dimension == .giving { thenGiving += scaled }
        }
        if weight > 0, lastActiveAt.map({ instant > $0 }) ?? true { lastActiveAt = instant }
    }
}

/// The sorted engagement values of the active population for one measure, kept so a person's percentile is found
/// without ranking everyone: every value when there are at most `resolution + 1` (exact), else the values at
/// `resolution + 1` evenly spaced ranks (the percentile is then within 100 / `resolution` points of the exact one).
public struct EngagementDistribution: Sendable, Hashable, Codable {
    /// How many evenly spaced ranks a large population is kept at.
    public static let resolution = 1000
    /// The active population the values were taken from.
    public let population: Int
    /// Sorted values: all of them, or those at ranks ⌊i·(population−1)/resolution⌋ for i = 0…resolution.
    public let cuts: [Double]

    /// Creates a distribution from its parts.
    public init(population: Int, cuts: [Double]) {
        self.population = population
        self.cuts = cuts
    }

    /// The ranks (from 0) to keep for a population.
    public static func ranks(population: Int) -> [Int] {
        guard population > resolution + 1 else { return Array(0..<population) }
        return (0...resolution).map { $0 * (population - 1) / resolution }
    }

    /// The percentile of `value` (0–100, mid-rank; nothing scores 0), exact when every value is kept.
    public func percentile(of value: Double) -> Double {
        guard population > 0, !cuts.isEmpty else { return 0 }
        let lower = cuts.partitioningIndex { $0 >= value }, upper = cuts.partitioningIndex { $0 > value }
        if cuts.count == population {
            return EngagementRanking.percentile(value: value, below: lower, equal: max(1, upper - lower), population: population)
        }
        let share = Double(population) / Double(cuts.count)
        return EngagementRanking.percentile(value: value, below: Int((Double(lower) * share).rounded()),
                                            equal: max(1, Int((Double(upper - lower) * share).rounded())), population: population)
    }
}

extension Array {
    /// The first index whose element satisfies `belongs` (all after it must too): a binary search.
    func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if belongs(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
