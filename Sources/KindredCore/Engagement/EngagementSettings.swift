/// What one interaction type counts for: a dimension and a weight (negative for unsubscribes, complaints, bounces).
public struct EngagementWeight: Sendable, Hashable, Codable {
    /// The dimension it counts in.
    public var dimension: EngagementDimension
    /// Points at the moment it happens, before decay; between −100 and 100.
    public var weight: Double

    /// Creates a weight.
    public init(_ dimension: EngagementDimension, _ weight: Double) {
        self.dimension = dimension
        self.weight = weight
    }
}

/// How engagement is measured: the half-life of the decay, the weight of a gift and of every interaction type.
public struct EngagementSettings: Sendable, Hashable, Codable {
    /// Days after which a contribution counts half; 30 to 3,650.
    public var halfLifeDays: Double
    /// Points of one counted gift in the giving dimension.
    public var giftWeight: Double
    /// Weights by interaction type; a type not listed counts nothing.
    public var interactionWeights: [String: EngagementWeight]

    /// Creates settings.
    public init(halfLifeDays: Double = 180, giftWeight: Double = 10, interactionWeights: [String: EngagementWeight] = Self.defaultWeights) {
        self.halfLifeDays = halfLifeDays
        self.giftWeight = giftWeight
        self.interactionWeights = interactionWeights
    }

    /// The shipped defaults.
    public static let defaults = EngagementSettings()

    /// The weight of an interaction type, if it counts.
    public func weight(of interactionType: String) -> EngagementWeight? { interactionWeights[interactionType] }

    /// The decay these settings imply.
    public var decay: EngagementDecay { EngagementDecay(halfLifeDays: halfLifeDays) }

    /// The settings if every value is in range, else the failures naming each field.
    public func validated() throws(ValidationFailure) -> EngagementSettings {
        var issues = IssueCollector()
        if !(30...3650).contains(halfLifeDays) { issues.add("halfLifeDays", "must be between 30 and 3650 days") }
        if !(0...100).contains(giftWeight) { issues.add("giftWeight", "must be between 0 and 100") }
        if interactionWeights.count > 500 { issues.add("interactionWeights", "must list at most 500 interaction types") }
        for (type, weight) in interactionWeights.sorted(by: { $0.key < $1.key }) {
            _ = InteractionInput.snakeCase(type, "interactionWeights.\(type)", &issues, required: true)
            if !(-100...100).contains(weight.weight) {
                issues.add("interactionWeights.\(type).weight", "must be between -100 and 100")
            }
        }
        try issues.throwIfAny()
        return self
    }

    /// The default weights: every type the default event mapping produces, plus the common manual ones. A donation's
    /// interaction counts nothing because its gift already counts in giving.
    public static let defaultWeights: [String: EngagementWeight] = [
        "email_opened": .init(.content, 1), "email_link_clicked": .init(.content, 2), "article_read": .init(.content, 2),
        "page_viewed": .init(.content, 0.5), "site_searched": .init(.content, 0.5), "newsletter_subscribed": .init(.content, 3),
        "video_watched": .init(.content, 2),
        "newsletter_unsubscribed": .init(.content, -5), "email_bounced": .init(.content, -2), "email_complaint": .init(.content, -10),
        "post_liked": .init(.social, 1), "social_followed": .init(.social, 3), "post_commented": .init(.social, 2),
        "email_forwarded": .init(.advocacy, 4), "post_shared": .init(.advocacy, 4), "referral_made": .init(.advocacy, 6),
        "fundraising_page_created": .init(.advocacy, 10), "supporter_recruited": .init(.advocacy, 8),
        "petition_signed": .init(.advocacy, 3),
        "comment_posted": .init(.voice, 3), "survey_answered": .init(.voice, 4), "feedback_given": .init(.voice, 4),
        "idea_submitted": .init(.voice, 4), "complaint": .init(.voice, -5),
        "event_registered": .init(.participation, 3), "event_attended": .init(.participation, 6),
        "volunteer_shift_completed": .init(.participation, 8), "meeting": .init(.participation, 4),
    ]
}

extension EngagementSettings {
    /// Adds what interactions and counted gifts contribute to each person's sums.
    public func accumulate(interactions: [(constituentId: String, type: String, occurredAt: Timestamp)],
                           gifts: [(constituentId: String, receivedAt: Timestamp)], cutoff: Timestamp?,
                           into sums: inout [String: EngagementSums]) {
        let decay = decay
        for interaction in interactions {
            guard let weight = weight(of: interaction.type), weight.weight != 0 else { continue }
            sums[interaction.constituentId, default: EngagementSums()].add(weight.weight, in: weight.dimension, at: interaction.occurredAt, decay: decay, cutoff: cutoff)
        }
        for gift in gifts where giftWeight != 0 {
            sums[gift.constituentId, default: EngagementSums()].add(giftWeight, in: .giving, at: gift.receivedAt, decay: decay, cutoff: cutoff)
        }
    }
}

extension EngagementSettings {
    /// The interaction weights as text, one `type dimension weight` per line, sorted by type (the settings form).
    public var weightsText: String {
        interactionWeights.sorted { $0.key < $1.key }.map { type, weight in
            let number = weight.weight == weight.weight.rounded() ? String(Int(weight.weight)) : String(weight.weight)
            return "\(type) \(weight.dimension.rawValue) \(number)"
        }.joined(separator: "\n")
    }

    /// Reads weights written as `weightsText` writes them; every bad line is reported with its number.
    public static func parseWeights(_ text: String) throws(ValidationFailure) -> [String: EngagementWeight] {
        var weights: [String: EngagementWeight] = [:], issues: [FieldIssue] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            guard !parts.isEmpty else { continue }
            let problem: String? = if parts.count != 3 {
                "write the type, the dimension and the weight, e.g. article_read content 2"
            } else if EngagementDimension(rawValue: parts[1]) == nil {
                "\(parts[1].prefix(40)) is not a dimension (\(EngagementDimension.allowedValues))"
            } else if Double(parts[2].replacingOccurrences(of: ",", with: ".")).map({ !$0.isFinite }) ?? true {
                "\(parts[2].prefix(40)) is not a number"
            } else if weights[parts[0]] != nil {
                "\(parts[0].prefix(64)) is given twice"
            } else { nil }
            if let problem { issues.append(FieldIssue(field: "weights", message: "line \(index + 1): \(problem)")); continue }
            weights[parts[0]] = EngagementWeight(EngagementDimension(rawValue: parts[1])!, Double(parts[2].replacingOccurrences(of: ",", with: "."))!)
        }
        guard issues.isEmpty else { throw ValidationFailure(issues) }
        return weights
    }
}
