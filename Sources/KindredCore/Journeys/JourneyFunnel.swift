import Foundation

/// One person's way through the journey: the stage they are in now and when they first entered each stage.
public struct JourneyPath: Sendable, Hashable {
    /// The stage now.
    public var current: JourneyStageKey
    /// When each stage was first entered.
    public var firstEntered: [JourneyStageKey: Timestamp]

    /// Creates a path.
    public init(current: JourneyStageKey, firstEntered: [JourneyStageKey: Timestamp]) {
        (self.current, self.firstEntered) = (current, firstEntered)
    }
}

/// One stage of the funnel.
public struct FunnelStage: Sendable, Hashable, Codable {
    /// The stage.
    public let key: JourneyStageKey
    /// The organisation's name for it.
    public let name: String
    /// People in it now.
    public let now: Int
    /// People who reached it or a later stage of the funnel at some time.
    public let reached: Int
    /// Of those who reached it, the share who reached the next stage (nil for the last stage or when none reached it).
    public let conversionToNext: Double?
    /// The median days from first entering this stage to first entering the next, among people who did both in that order.
    public let medianDaysToNext: Double?
}

/// The journey funnel: counts, conversion and the time between stages.
public struct JourneyFunnel: Sendable, Hashable, Codable {
    /// The six stages in funnel order.
    public let stages: [FunnelStage]
    /// People lapsed now.
    public let lapsed: Int
    /// People counted.
    public let people: Int

    /// Builds the funnel from every person's path. Someone who entered a later stage without passing an earlier one
    /// (a first gift out of nowhere) counts as having reached the earlier stages too.
    public static func build(_ paths: some Sequence<JourneyPath>, settings: JourneySettings) -> JourneyFunnel {
        let funnel = JourneyStageKey.funnel
        var now = [JourneyStageKey: Int](), reached = [Int](repeating: 0, count: funnel.count)
        var gaps = [[Double]](repeating: [], count: funnel.count - 1)
        var people = 0
        for path in paths {
            people += 1
            now[path.current, default: 0] += 1
            let deepest = funnel.lastIndex { path.firstEntered[$0] != nil } ?? 0
            for index in 0...deepest { reached[index] += 1 }
            for index in 0..<(funnel.count - 1) {
                guard let from = path.firstEntered[funnel[index]], let to = path.firstEntered[funnel[index + 1]], from <= to else { continue }
                gaps[index].append(Double(to.millisecondsSinceEpoch - from.millisecondsSinceEpoch) / 86_400_000)
            }
        }
        let stages = funnel.enumerated().map { index, key in
            let last = index == funnel.count - 1
            return FunnelStage(key: key, name: settings.name(of: key), now: now[key] ?? 0, reached: reached[index],
                               conversionToNext: last || reached[index] == 0 ? nil : Double(reached[index + 1]) / Double(reached[index]),
                               medianDaysToNext: last ? nil : median(gaps[index]))
        }
        return JourneyFunnel(stages: stages, lapsed: now[.lapsed] ?? 0, people: people)
    }

    /// The median of some values, nil when there are none.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted(), middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// What narrows the funnel: where and on what device a person's first gift came (the acquisition source of the
/// loyalty work), or any segment rule.
public struct JourneyFilter: Sendable, Hashable, Codable {
    /// The first gift's channel (`online`, `mail`, `peer_to_peer`, …).
    public var source: GiftChannel?
    /// The first gift's device.
    public var device: Device?
    /// A rule in the segment language.
    public var rule: String?

    /// Creates a filter.
    public init(source: GiftChannel? = nil, device: Device? = nil, rule: String? = nil) {
        (self.source, self.device, self.rule) = (source, device, rule)
    }

    /// The filter as one segment rule, nil when it narrows nothing; a rule that does not parse is a validation failure.
    public func segmentRule() throws(ValidationFailure) -> SegmentRule? {
        var parts: [SegmentRule] = []
        if let source { parts.append(.condition(SegmentCondition("acquisition.channel", .equal, .text(source.rawValue)))) }
        if let device { parts.append(.condition(SegmentCondition("acquisition.device", .equal, .text(device.rawValue)))) }
        if let rule {
            do { parts.append(try SegmentText.parse(rule)) } catch {
                throw ValidationFailure([FieldIssue(field: "rule", message: error.message + (error.offset.map { " (at character \($0 + 1))" } ?? ""))])
            }
        }
        return parts.isEmpty ? nil : parts.count == 1 ? parts[0] : .and(parts)
    }
}
