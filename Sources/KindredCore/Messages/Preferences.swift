/// How a supporter would like to be involved, as they say in the preference centre.
public enum InvolvementWish: String, Vocabulary {
    case oneOff = "one_off", monthly, project, fundraising, volunteering, events, beingHeard = "being_heard"
}

/// A supporter's own choices beyond consent: topics declined, how often, how they would like to be involved.
public struct SupporterPreferences: Sendable, Hashable, Codable {
    /// Topics the supporter does not want messages about.
    public var declinedTopics: [MessageTopic]
    /// How often they want to hear from the organisation.
    public var frequency: ContactFrequency
    /// How they would like to be involved.
    public var wishes: [InvolvementWish]

    /// Creates preferences; by default every topic welcome, normal frequency, no wishes stated.
    public init(declinedTopics: [MessageTopic] = [], frequency: ContactFrequency = .normal, wishes: [InvolvementWish] = []) {
        (self.declinedTopics, self.frequency, self.wishes) = (declinedTopics, frequency, wishes)
    }

    /// The preferences after one stored record (`preference`, `value`) is applied; unknown records change nothing.
    public func applying(preference: String, value: String) -> SupporterPreferences {
        var next = self
        if preference.hasPrefix("topic."), let topic = MessageTopic(rawValue: String(preference.dropFirst(6))) {
            next.declinedTopics.removeAll { $0 == topic }
            if value == "declined" { next.declinedTopics.append(topic) }
            next.declinedTopics.sort { $0.rawValue < $1.rawValue }
        } else if preference == "frequency", let frequency = ContactFrequency(rawValue: value) {
            next.frequency = frequency
        } else if preference == "wishes" {
            next.wishes = value.split(separator: ",").compactMap { InvolvementWish(rawValue: String($0)) }
        }
        return next
    }
}

/// Everything the preference centre shows and takes: channels, topics, frequency, language, felt involvement, wishes.
public struct PreferenceChoices: Sendable, Hashable, Codable {
    /// Channels the supporter agrees to be contacted on (the others are withdrawn or never granted).
    public var channels: Set<ConsentChannel>
    /// Topics, frequency and wishes.
    public var preferences: SupporterPreferences
    /// The language to write in.
    public var language: Language
    /// "How involved do you feel?" 1–5, if answered.
    public var involvement: Int?

    /// Creates choices.
    public init(channels: Set<ConsentChannel>, preferences: SupporterPreferences, language: Language, involvement: Int?) {
        (self.channels, self.preferences, self.language, self.involvement) = (channels, preferences, language, involvement)
    }

    private enum CodingKeys: String, CodingKey { case channels, preferences, language, involvement }

    /// Encodes the choices, channels in a fixed order.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ConsentChannel.allCases.filter(channels.contains), forKey: .channels)
        try container.encode(preferences, forKey: .preferences)
        try container.encode(language, forKey: .language)
        try container.encodeIfPresent(involvement, forKey: .involvement)
    }
}

/// One recorded change of a supporter's choices.
public enum PreferenceChange: Sendable, Hashable {
    /// Consent granted or withdrawn for a channel.
    case consent(ConsentChannel, ConsentStatus)
    /// A stored preference: `topic.<topic>` (declined / welcome), `frequency`, `wishes` (comma-separated).
    case preference(String, String)
    /// The language to write in.
    case language(Language)
    /// The felt involvement, 1–5.
    case involvement(Int)
}

/// The preference centre's rules.
public enum PreferenceCentre {
    /// The channels the preference centre offers.
    public static let channels: [ConsentChannel] = [.email, .sms, .phone, .post]

    /// What changed between the supporter's current choices and the ones sent: only the differences are recorded, so
    /// the history says what the supporter actually decided and when.
    public static func changes(from current: PreferenceChoices, to chosen: PreferenceChoices) -> [PreferenceChange] {
        var changes: [PreferenceChange] = []
        for channel in channels where current.channels.contains(channel) != chosen.channels.contains(channel) {
            changes.append(.consent(channel, chosen.channels.contains(channel) ? .granted : .withdrawn))
        }
        for topic in MessageTopic.allCases {
            let was = current.preferences.declinedTopics.contains(topic), now = chosen.preferences.declinedTopics.contains(topic)
            if was != now { changes.append(.preference("topic.\(topic.rawValue)", now ? "declined" : "welcome")) }
        }
        if current.preferences.frequency != chosen.preferences.frequency { changes.append(.preference("frequency", chosen.preferences.frequency.rawValue)) }
        if Set(current.preferences.wishes) != Set(chosen.preferences.wishes) {
            let wishes = InvolvementWish.allCases.filter(chosen.preferences.wishes.contains)
            changes.append(.preference("wishes", wishes.map(\.rawValue).joined(separator: ",")))
        }
        if current.language != chosen.language { changes.append(.language(chosen.language)) }
        if let involvement = chosen.involvement, involvement != current.involvement, (1...5).contains(involvement) {
            changes.append(.involvement(involvement))
        }
        return changes
    }
}
