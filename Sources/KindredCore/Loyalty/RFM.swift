/// One donor's counted giving within the RFM window, in one currency.
public struct RFMFacts: Sendable, Hashable {
    /// The donor.
    public let constituentId: String
    /// Their last counted gift in the window.
    public let lastGiftAt: Timestamp
    /// Counted gifts in the window.
    public let giftCount: Int
    /// Counted giving in the window, minor units.
    public let totalMinor: Int64

    /// Creates the facts.
    public init(constituentId: String, lastGiftAt: Timestamp, giftCount: Int, totalMinor: Int64) {
        self.constituentId = constituentId
        self.lastGiftAt = lastGiftAt
        self.giftCount = giftCount
        self.totalMinor = totalMinor
    }
}

/// The named RFM groups, checked in this order (the first that fits names the donor).
public enum RFMGroup: String, Vocabulary {
    /// R ≥ 4, F ≥ 4 and M ≥ 4: recent, frequent and generous.
    case champions
    /// R ≥ 3 and F ≥ 4: give often and still recently.
    case loyal
    /// R ≥ 4 and F = 1: gave recently, for the first time in the window.
    case new
    /// R ≥ 3 and F ≥ 2: recent repeat donors who could become loyal.
    case potentialLoyalists = "potential_loyalists"
    /// R ≤ 2 and F ≥ 3: used to give often, not lately.
    case atRisk = "at_risk"
    /// R ≤ 2 and F ≤ 2: gave little and long ago.
    case hibernating
    /// Everyone else (middling recency, one gift).
    case needAttention = "need_attention"

    /// The group of a score.
    public static func of(recency r: Int, frequency f: Int, monetary m: Int) -> RFMGroup {
        if r >= 4 && f >= 4 && m >= 4 { return .champions }
        if r >= 3 && f >= 4 { return .loyal }
        if r >= 4 && f == 1 { return .new }
        if r >= 3 && f >= 2 { return .potentialLoyalists }
        if r <= 2 && f >= 3 { return .atRisk }
        if r <= 2 { return .hibernating }
        return .needAttention
    }
}

/// A donor's RFM quintile scores (1–5, 5 best), the cell (`"543"`) and the group.
public struct RFMScore: Sendable, Hashable, Codable {
    /// The donor.
    public let constituentId: String
    /// Recency quintile: 5 for the most recent givers.
    public let recency: Int
    /// Frequency quintile: 5 for the most frequent.
    public let frequency: Int
    /// Monetary quintile: 5 for the largest totals.
    public let monetary: Int
    /// The three digits together.
    public let cell: String
    /// The named group.
    public let group: RFMGroup

    /// Creates a score from its three quintiles.
    public init(constituentId: String, recency: Int, frequency: Int, monetary: Int) {
        self.constituentId = constituentId
        self.recency = recency
        self.frequency = frequency
        self.monetary = monetary
        cell = "\(recency)\(frequency)\(monetary)"
        group = RFMGroup.of(recency: recency, frequency: frequency, monetary: monetary)
    }

    /// Scores every donor against the others. A donor's quintile is 1 + ⌊5 × (donors strictly worse) / n⌋, so equal
    /// values always share a score (many one-gift donors all get frequency 1) and the result is deterministic.
    public static func scores(of donors: [RFMFacts]) -> [RFMScore] {
        let recency = quintiles(donors.map { Double($0.lastGiftAt.millisecondsSinceEpoch) })
        let frequency = quintiles(donors.map { Double($0.giftCount) })
        let monetary = quintiles(donors.map { Double($0.totalMinor) })
        return donors.indices.map {
            RFMScore(constituentId: donors[$0].constituentId, recency: recency[$0], frequency: frequency[$0], monetary: monetary[$0])
        }
    }

    /// The quintile of each value (higher is better) among all the values.
    static func quintiles(_ values: [Double]) -> [Int] {
        let sorted = values.sorted()
        return values.map { value in
            let worse = lowerBound(of: value, in: sorted)
            return 1 + min(4, 5 * worse / max(1, sorted.count))
        }
    }

    /// The number of values in `sorted` strictly below `value`.
    static func lowerBound(of value: Double, in sorted: [Double]) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
