import Foundation

/// A gift as touchpoint attribution sees it.
public struct TouchGift: Sendable, Hashable {
    /// When it was received.
    public var at: Timestamp
    /// The amount in minor units, and its currency.
    public var amountMinor: Int64, currency: Currency
    /// The device it was given on.
    public var device: Device

    /// Creates a gift.
    public init(at: Timestamp, amountMinor: Int64, currency: Currency, device: Device) {
        (self.at, self.amountMinor, self.currency, self.device) = (at, amountMinor, currency, device)
    }
}

/// Gifts credited to a touchpoint: how many and how much (in the organisation's currency).
public struct CreditedGifts: Sendable, Hashable, Codable {
    /// Gifts credited.
    public var count = 0
    /// Their amount in minor units (gifts in another currency count but add nothing here).
    public var amountMinor: Int64 = 0

    /// Creates a tally.
    public init(count: Int = 0, amountMinor: Int64 = 0) { (self.count, self.amountMinor) = (count, amountMinor) }

    mutating func add(_ gift: TouchGift, currency: Currency) {
        count += 1
        if gift.currency == currency { amountMinor += gift.amountMinor }
    }
}

/// A touchpoint's figures, overall or on one device.
public struct TouchpointFigures: Sendable, Hashable, Codable {
    /// People who met it.
    public var reach = 0
    /// People who did more than see it (clicked, read, shared, started a form, …).
    public var engaged = 0
    /// Gifts whose first touch within the window was this touchpoint.
    public var firstTouch = CreditedGifts()
    /// Gifts whose last touch before the gift was this touchpoint.
    public var lastTouch = CreditedGifts()
}

/// One touchpoint's results: overall, and split by device (of the touch for reach and engagement, of the gift for gifts).
public struct TouchpointResult: Sendable, Hashable, Codable {
    /// The touchpoint.
    public let id: String
    /// Overall.
    public var total = TouchpointFigures()
    /// By device.
    public var byDevice: [String: TouchpointFigures] = [:]
}

/// Reach, engagement and gifts that followed for every touchpoint, built one person at a time (touches and gifts of one
/// person together), so the whole organisation streams through in constant memory per person.
public struct TouchpointAnalysis: Sendable {
    /// The touchpoints, by id.
    public let touchpoints: [(id: String, fields: TouchpointFields)]
    /// Days before a gift in which a touch may be credited with it.
    public let windowDays: Int
    /// The currency amounts are added up in.
    public let currency: Currency
    /// The results so far, in the order of `touchpoints`.
    public private(set) var results: [TouchpointResult]
    /// Each touchpoint's address, parsed once.
    private let addresses: [TouchpointAddress?]

    /// Starts an analysis.
    public init(touchpoints: [(id: String, fields: TouchpointFields)], windowDays: Int, currency: Currency) {
        (self.touchpoints, self.windowDays, self.currency) = (touchpoints, windowDays, currency)
        results = touchpoints.map { TouchpointResult(id: $0.id) }
        addresses = touchpoints.map { TouchpointAddress($0.fields.match) }
    }

    /// Adds one person: all their touches in the period and their gifts. A touch that matches several touchpoints counts
    /// for each; a gift is credited to the touchpoints of the earliest (first touch) and latest (last touch) matched touch
    /// in the `windowDays` before it.
    public mutating func add(touches: [Touch], gifts: [TouchGift]) {
        let matched: [(touch: Touch, indices: [Int])] = touches.sorted { $0.at < $1.at }.compactMap { touch in
            let indices = touchpoints.indices.filter { touchpoints[$0].fields.matches(touch, address: addresses[$0]) }
            return indices.isEmpty ? nil : (touch, indices)
        }
        guard !matched.isEmpty else { return }
        var reached = Set<Int>(), engaged = Set<Int>(), reachedOn = Set<[Int]>(), engagedOn = Set<[Int]>()
        for (touch, indices) in matched {
            let device = Device.allCases.firstIndex(of: touch.device)!
            for index in indices {
                reached.insert(index)
                reachedOn.insert([index, device])
                if touch.isEngagement {
                    engaged.insert(index)
                    engagedOn.insert([index, device])
                }
            }
        }
        for index in reached { results[index].total.reach += 1 }
        for index in engaged { results[index].total.engaged += 1 }
        for pair in reachedOn { results[pair[0]].byDevice[Device.allCases[pair[1]].rawValue, default: TouchpointFigures()].reach += 1 }
        for pair in engagedOn { results[pair[0]].byDevice[Device.allCases[pair[1]].rawValue, default: TouchpointFigures()].engaged += 1 }
        let window = Int64(windowDays) * 86_400_000
        for gift in gifts {
            let before = matched.filter { $0.touch.at <= gift.at && $0.touch.at >= gift.at.adding(milliseconds: -window) }
            guard let first = before.first, let last = before.last else { continue }
            for index in first.indices {
                results[index].total.firstTouch.add(gift, currency: currency)
                results[index].byDevice[gift.device.rawValue, default: TouchpointFigures()].firstTouch.add(gift, currency: currency)
            }
            for index in last.indices {
                results[index].total.lastTouch.add(gift, currency: currency)
                results[index].byDevice[gift.device.rawValue, default: TouchpointFigures()].lastTouch.add(gift, currency: currency)
            }
        }
    }
}

/// What each stage has and lacks: its touchpoints, and whether it has none (a coverage gap) or none that reached anyone.
public struct StageCoverage: Sendable, Hashable, Codable {
    /// The stage.
    public let key: JourneyStageKey
    /// Its name.
    public let name: String
    /// The touchpoints tagged with it.
    public let touchpointIds: [String]
    /// No touchpoint serves it.
    public let gap: Bool
    /// It has touchpoints but none reached anyone in the period.
    public let silent: Bool

    /// Every stage's coverage, in funnel order with lapsed last.
    public static func of(_ touchpoints: [(id: String, fields: TouchpointFields)], results: [TouchpointResult],
                          settings: JourneySettings) -> [StageCoverage] {
        let reach = Dictionary(results.map { ($0.id, $0.total.reach) }, uniquingKeysWith: +)
        return JourneyStageKey.allCases.map { key in
            let ids = touchpoints.filter { $0.fields.stages.contains(key) }.map(\.id)
            return StageCoverage(key: key, name: settings.name(of: key), touchpointIds: ids, gap: ids.isEmpty,
                                 silent: !ids.isEmpty && ids.allSatisfy { (reach[$0] ?? 0) == 0 })
        }
    }
}
