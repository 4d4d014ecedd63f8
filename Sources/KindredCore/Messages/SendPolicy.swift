import Foundation

/// At most `maximum` messages on a channel to one person in any `days` days.
public struct FrequencyCap: Sendable, Hashable, Codable {
    /// The channel capped.
    public var channel: MessageChannel
    /// How many messages are allowed in the window.
    public var maximum: Int
    /// The window's length in days.
    public var days: Int

    /// Creates a cap.
    public init(channel: MessageChannel, maximum: Int, days: Int) { (self.channel, self.maximum, self.days) = (channel, maximum, days) }
}

/// How often a supporter wants to hear from the organisation (chosen in the preference centre).
public enum ContactFrequency: String, Vocabulary {
    /// As the organisation's caps allow.
    case normal
    /// At most one message a month on each channel.
    case monthly
    /// At most one message a quarter on each channel.
    case quarterly

    /// The cap this choice adds to the organisation's, if any.
    public func cap(for channel: MessageChannel) -> FrequencyCap? {
        switch self {
        case .normal: nil
        case .monthly: FrequencyCap(channel: channel, maximum: 1, days: 30)
        case .quarterly: FrequencyCap(channel: channel, maximum: 1, days: 91)
        }
    }
}

/// Why a message was not sent.
public enum SuppressionReason: String, Vocabulary {
    /// The person never granted consent for the channel.
    case noConsent = "no_consent"
    /// The person withdrew consent for the channel.
    case consentWithdrawn = "consent_withdrawn"
    /// The person has no email address or phone number for the channel.
    case noAddress = "no_address"
    /// The person declined the message's topic.
    case topicDeclined = "topic_declined"
    /// Sending would exceed a frequency cap (the organisation's or the person's own).
    case frequencyCap = "frequency_cap"
    /// The person's address bounced or they complained; nothing more is sent there.
    case undeliverable
}

/// What to do with a message now.
public enum SendDecision: Sendable, Hashable {
    /// Send it now.
    case send
    /// Not now (quiet hours or a weekend): try again at this instant.
    case wait(until: Timestamp)
    /// Never: the reason.
    case suppress(SuppressionReason)
}

/// What the policy needs to know of one person for one channel.
public struct RecipientStanding: Sendable, Hashable {
    /// The latest consent record's status for the channel, nil when there is none.
    public var consent: ConsentStatus?
    /// Whether the person has an address on the channel.
    public var hasAddress: Bool
    /// Whether that address is marked undeliverable (bounced, complained).
    public var undeliverable: Bool
    /// Topics the person declined.
    public var declinedTopics: Set<MessageTopic>
    /// How often the person wants to hear from the organisation.
    public var frequency: ContactFrequency
    /// When messages were sent to the person on the channel, any order.
    public var sentAt: [Timestamp]

    /// Creates a standing; by default a consenting person with an address who has been sent nothing.
    public init(consent: ConsentStatus? = .granted, hasAddress: Bool = true, undeliverable: Bool = false, declinedTopics: Set<MessageTopic> = [],
                frequency: ContactFrequency = .normal, sentAt: [Timestamp] = []) {
        (self.consent, self.hasAddress, self.undeliverable, self.declinedTopics) = (consent, hasAddress, undeliverable, declinedTopics)
        (self.frequency, self.sentAt) = (frequency, sentAt)
    }
}

/// The rules every message passes just before it is sent: consent first, always.
public enum SendPolicy {
    /// The decision for a message on `channel` about `topic` to a person with `standing`, at `now`.
    public static func decide(channel: MessageChannel, topic: MessageTopic?, standing: RecipientStanding, settings: MessagingSettings,
                              timeZone: TimeZone, now: Timestamp) -> SendDecision {
        switch standing.consent {
        case nil: return .suppress(.noConsent)
        case .withdrawn: return .suppress(.consentWithdrawn)
        case .granted: break
        }
        if !standing.hasAddress { return .suppress(.noAddress) }
        if standing.undeliverable { return .suppress(.undeliverable) }
        if let topic, standing.declinedTopics.contains(topic) { return .suppress(.topicDeclined) }
        let caps = settings.frequencyCaps.filter { $0.channel == channel } + [standing.frequency.cap(for: channel)].compactMap { $0 }
        for cap in caps {
            let windowStart = now.adding(milliseconds: -Int64(cap.days) * 86_400_000)
            if standing.sentAt.filter({ $0 > windowStart }).count >= cap.maximum { return .suppress(.frequencyCap) }
        }
        let allowed = settings.nextAllowedInstant(atOrAfter: now, timeZone: timeZone)
        return allowed == now ? .send : .wait(until: allowed)
    }
}
