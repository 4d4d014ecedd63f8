import Foundation

/// The stages of the supporter journey: the six of the customer-experience lifecycle, and lapsed.
public enum JourneyStageKey: String, Vocabulary {
    /// Known to the organisation, nothing more yet.
    case awareness
    /// Looking around: reading, visiting, opening.
    case discovery
    /// Engaging repeatedly, not (yet) giving.
    case cultivation
    /// Giving.
    case donation
    /// Spreading the cause: sharing, forwarding, fundraising among friends.
    case advocacy
    /// In a lasting relationship the organisation serves: structural giving, regular volunteering.
    case service
    /// Fell away: stopped giving and stopped engaging.
    case lapsed

    /// The funnel's order, from first contact to a lasting relationship (lapsed stands beside it).
    public static let funnel: [JourneyStageKey] = [.awareness, .discovery, .cultivation, .donation, .advocacy, .service]
    /// The order rules are tried in: a person is placed in the first stage whose rule they meet, awareness holding the rest.
    public static let placementOrder: [JourneyStageKey] = [.lapsed, .service, .advocacy, .donation, .cultivation, .discovery, .awareness]
}

/// One stage as the organisation names it, with the rule (segment language) that places people in it.
public struct JourneyStage: Sendable, Hashable, Codable {
    /// Which stage.
    public var key: JourneyStageKey
    /// The organisation's name for it.
    public var name: String
    /// The segment-language rule; none for awareness, which holds everyone no other stage takes.
    public var rule: String?

    /// Creates a stage.
    public init(key: JourneyStageKey, name: String, rule: String?) {
        (self.key, self.name, self.rule) = (key, name, rule)
    }
}

/// The journey stages in force: every stage once, in funnel order with lapsed last.
public struct JourneySettings: Sendable, Hashable, Codable {
    /// The stages.
    public var stages: [JourneyStage]

    /// Creates settings from stages (use `JourneySettingsInput` to check them).
    public init(stages: [JourneyStage]) { self.stages = stages }

    /// The stages Kindred ships with. Lapsed means lapsed in giving *and* quiet: someone who stopped giving but still
    /// reads and shares is not lapsed, they are where their engagement puts them.
    public static let defaults = JourneySettings(stages: [
        JourneyStage(key: .awareness, name: "Awareness", rule: nil),
        JourneyStage(key: .discovery, name: "Discovery", rule: "interactions(within 365 days) >= 1"),
        JourneyStage(key: .cultivation, name: "Cultivation", rule: "engagement.score >= 40 or interactions(within 180 days) >= 3"),
        JourneyStage(key: .donation, name: "Donation", rule: "giving.count >= 1"),
        JourneyStage(key: .advocacy, name: "Advocacy",
                     rule: "interactions(type in [post_shared, email_forwarded, fundraising_page_created], within 365 days) >= 1"),
        JourneyStage(key: .service, name: "Service",
                     rule: "loyalty = structural or interactions(type = volunteer_shift_completed, within 365 days) >= 3"),
        JourneyStage(key: .lapsed, name: "Lapsed", rule: "loyalty in [lapsed, lost] and engagement.score < 40"),
    ])

    /// The stage with a key.
    public func stage(_ key: JourneyStageKey) -> JourneyStage {
        stages.first { $0.key == key } ?? Self.defaults.stages.first { $0.key == key }!
    }

    /// The organisation's name for a stage.
    public func name(of key: JourneyStageKey) -> String { stage(key).name }

    /// The parsed rules in placement order, awareness (the rest) left out.
    public func placementRules() -> [(JourneyStageKey, SegmentRule)] {
        JourneyStageKey.placementOrder.compactMap { key in
            stage(key).rule.flatMap { try? SegmentText.parse($0) }.map { (key, $0) }
        }
    }
}

/// What an administrator sends to rename stages or change their rules; stages left out keep what they have.
public struct JourneySettingsInput: Sendable, Hashable, Codable {
    /// The stages to change.
    public var stages: [JourneyStage]?

    /// Creates an input.
    public init(stages: [JourneyStage]?) { self.stages = stages }

    /// The settings after applying the changes to `current`: names 1–60 characters and distinct, every rule parses,
    /// awareness has no rule (it holds everyone else), every other stage has one.
    public func applied(to current: JourneySettings) throws(ValidationFailure) -> JourneySettings {
        var issues = IssueCollector()
        guard let changes = issues.required(stages, "stages") else { try issues.throwIfAny(); return current }
        if changes.isEmpty || changes.count > JourneyStageKey.allCases.count { issues.add("stages", "must list 1 to 7 stages") }
        var result = current
        var seen = Set<JourneyStageKey>()
        for (index, change) in changes.enumerated() {
            let field = "stages[\(index)]"
            if !seen.insert(change.key).inserted { issues.add("\(field).key", "\(change.key.rawValue) is given twice") }
            let name = issues.text(change.name, "\(field).name", maxLength: 60, required: true)
            var rule = issues.text(change.rule, "\(field).rule", maxLength: 2_000)
            if change.key == .awareness, rule != nil { issues.add("\(field).rule", "awareness has no rule: it holds everyone no other stage takes") }
            if change.key != .awareness, rule == nil { issues.add("\(field).rule", "is required: it places people in \(change.key.rawValue)") }
            if let text = rule {
                do { rule = SegmentText.print(try SegmentText.parse(text)) } catch {
                    issues.add("\(field).rule", error.message + (error.offset.map { " (at character \($0 + 1))" } ?? ""))
                }
            }
            if let name {
                let stage = JourneyStage(key: change.key, name: name, rule: rule)
                if let position = result.stages.firstIndex(where: { $0.key == change.key }) { result.stages[position] = stage } else { result.stages.append(stage) }
            }
        }
        result.stages.sort { JourneyStageKey.allCases.firstIndex(of: $0.key)! < JourneyStageKey.allCases.firstIndex(of: $1.key)! }
        let names = result.stages.map { $0.name.lowercased() }
        if Set(names).count != names.count { issues.add("stages", "each stage needs its own name") }
        try issues.throwIfAny()
        return result
    }
}
