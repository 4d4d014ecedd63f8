/// The ways a supporter engages, beyond giving.
public enum EngagementDimension: String, Vocabulary {
    case giving, content, social, advocacy, voice, participation
}

/// What one event name becomes: an interaction of a type on a channel, counted in a dimension.
public struct EventRule: Sendable, Hashable, Codable {
    /// The interaction type, snake_case.
    public var interactionType: String
    /// The interaction channel, snake_case.
    public var channel: String
    /// The engagement dimension it counts in; nil when it does not count.
    public var dimension: EngagementDimension?
    /// True when it is a negative signal (unsubscribe, complaint, bounce).
    public var negative: Bool
    /// True when an amount and currency in its properties make a gift.
    public var createsGift: Bool

    /// Decodes a rule; `negative` and `createsGift` default to false.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        interactionType = try container.decode(String.self, forKey: .interactionType)
        channel = try container.decode(String.self, forKey: .channel)
        dimension = try container.decodeIfPresent(EngagementDimension.self, forKey: .dimension)
        negative = try container.decodeIfPresent(Bool.self, forKey: .negative) ?? false
        createsGift = try container.decodeIfPresent(Bool.self, forKey: .createsGift) ?? false
    }

    /// Creates a rule.
    public init(interactionType: String, channel: String, dimension: EngagementDimension?, negative: Bool = false, createsGift: Bool = false) {
        self.interactionType = interactionType
        self.channel = channel
        self.dimension = dimension
        self.negative = negative
        self.createsGift = createsGift
    }
}

/// The organisation's mapping from event names to rules: the defaults, overridden by settings.
public struct EventMapping: Sendable, Hashable, Codable {
    /// Rules by event name (matched without regard to case, spaces, `_` or `-`).
    public var rules: [String: EventRule] {
        didSet { index = Self.index(rules) }
    }
    /// The rules by loose key, for lookups in constant time.
    private var index: [String: EventRule]

    private enum CodingKeys: String, CodingKey { case rules }

    /// Creates a mapping from rules.
    public init(rules: [String: EventRule]) {
        self.rules = rules
        index = Self.index(rules)
    }

    /// Decodes the rules.
    public init(from decoder: any Decoder) throws {
        self.init(rules: try decoder.container(keyedBy: CodingKeys.self).decode([String: EventRule].self, forKey: .rules))
    }

    private static func index(_ rules: [String: EventRule]) -> [String: EventRule] {
        Dictionary(rules.map { ($0.key.looseKey, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// The defaults Kindred ships with.
    public static let defaults = EventMapping(rules: [
        "Email Opened": EventRule(interactionType: "email_opened", channel: "email", dimension: .content),
        "Email Link Clicked": EventRule(interactionType: "email_link_clicked", channel: "email", dimension: .content),
        "Email Forwarded": EventRule(interactionType: "email_forwarded", channel: "email", dimension: .advocacy),
        "Email Bounced": EventRule(interactionType: "email_bounced", channel: "email", dimension: .content, negative: true),
        "Email Marked as Spam": EventRule(interactionType: "email_complaint", channel: "email", dimension: .content, negative: true),
        "Newsletter Subscribed": EventRule(interactionType: "newsletter_subscribed", channel: "email", dimension: .content),
        "Newsletter Unsubscribed": EventRule(interactionType: "newsletter_unsubscribed", channel: "email", dimension: .content, negative: true),
        "Article Read": EventRule(interactionType: "article_read", channel: "web", dimension: .content),
        "Page Viewed": EventRule(interactionType: "page_viewed", channel: "web", dimension: .content),
        "Post Liked": EventRule(interactionType: "post_liked", channel: "social", dimension: .social),
        "Post Shared": EventRule(interactionType: "post_shared", channel: "social", dimension: .advocacy),
        "Comment Posted": EventRule(interactionType: "comment_posted", channel: "social", dimension: .voice),
        "Donation Form Started": EventRule(interactionType: "donation_form_started", channel: "web", dimension: nil),
        "Donation Form Error": EventRule(interactionType: "donation_form_error", channel: "web", dimension: nil),
        "Donation Completed": EventRule(interactionType: "donation_completed", channel: "web", dimension: .giving, createsGift: true),
        "Site Searched": EventRule(interactionType: "site_searched", channel: "web", dimension: .content),
        "Event Registered": EventRule(interactionType: "event_registered", channel: "event", dimension: .participation),
        "Event Attended": EventRule(interactionType: "event_attended", channel: "event", dimension: .participation),
        "Volunteer Shift Completed": EventRule(interactionType: "volunteer_shift_completed", channel: "in_person", dimension: .participation),
        "Survey Answered": EventRule(interactionType: "survey_answered", channel: "web", dimension: .voice),
        "Feedback Given": EventRule(interactionType: "feedback_given", channel: "web", dimension: .voice),
        "Fundraising Page Created": EventRule(interactionType: "fundraising_page_created", channel: "web", dimension: .advocacy),
        "Complaint Made": EventRule(interactionType: "complaint", channel: "other", dimension: .voice, negative: true),
    ])

    /// The defaults with `overrides` applied (an override replaces the rule of the same name).
    public func overridden(by overrides: [String: EventRule]) -> EventMapping {
        var merged = Dictionary(uniqueKeysWithValues: rules.map { ($0.key.looseKey, ($0.key, $0.value)) })
        for (name, rule) in overrides { merged[name.looseKey] = (name, rule) }
        return EventMapping(rules: Dictionary(uniqueKeysWithValues: merged.values.map { ($0.0, $0.1) }))
    }

    /// The rule for an event name. A name with no rule becomes an interaction of its own snake_case type on the
    /// web channel, counted in no dimension until a rule says so.
    public func rule(for name: String) -> EventRule {
        if let exact = rules[name] { return exact }
        if let match = index[name.looseKey] { return match }
        return EventRule(interactionType: Self.snakeCase(name), channel: "web", dimension: nil)
    }

    /// A snake_case interaction type from any event name (`Cart Viewed` → `cart_viewed`), at most 64 characters.
    static func snakeCase(_ name: String) -> String {
        var words: [String] = [], current = ""
        for scalar in name.lowercased().unicodeScalars {
            if scalar.isASCIIAlphanumeric { current.unicodeScalars.append(scalar) } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        var type = String(words.joined(separator: "_").prefix(64))
        if type.first.map({ !$0.isLetter }) ?? true { type = String(("event_" + type).prefix(64)) }
        while type.hasSuffix("_") { type.removeLast() }
        return type
    }

    /// Checks a rule set sent by an administrator.
    public static func validated(_ overrides: [String: EventRule]) throws(ValidationFailure) -> [String: EventRule] {
        var issues = IssueCollector()
        if overrides.count > 500 { issues.add("rules", "must have at most 500 rules") }
        for (name, rule) in overrides {
            _ = issues.text(name, "rules", maxLength: 200, required: true)
            _ = InteractionInput.snakeCase(rule.interactionType, "rules.\(name).interactionType", &issues, required: true)
            _ = InteractionInput.snakeCase(rule.channel, "rules.\(name).channel", &issues, required: true)
        }
        try issues.throwIfAny()
        return overrides
    }
}
