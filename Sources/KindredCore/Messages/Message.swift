/// Where a message is.
public enum MessageStatus: String, Vocabulary {
    /// Waiting for its time (quiet hours, weekends or a chosen moment) or for the sender.
    case queued
    /// Handed to the relay or written to the outbox.
    case sent
    /// Never to be sent: the reason says why (no consent, a cap, a declined topic…).
    case suppressed
    /// The relay refused it every time it was tried.
    case failed
}

/// What the relay or the supporter said after sending.
public enum MessageOutcome: String, Vocabulary {
    /// The address does not take mail; nothing more is sent there.
    case bounced
    /// The supporter marked it as spam; their consent for the channel is withdrawn.
    case complained
}

/// A message to one person, as stored.
public struct Message: Sendable, Hashable, Codable {
    /// The identifier.
    public let id: String
    /// The person.
    public let constituentId: String
    /// The template it came from (nil once that template is deleted).
    public let templateId: String?
    /// Email or SMS, and the topic.
    public let channel: MessageChannel, topic: MessageTopic?
    /// The language it is written in and the address it goes to.
    public let language: Language, address: String?
    /// What was (or will be) sent.
    public let subject: String?, text: String
    /// Where it is, and why when suppressed or failed.
    public let status: MessageStatus, reason: String?
    /// When it is to go, and when it went.
    public let scheduledFor: Timestamp, sentAt: Timestamp?
    /// Attempts made at the relay.
    public let attempts: Int
    /// A bounce or complaint, and when it was first opened and clicked (when tracked).
    public let outcome: MessageOutcome?, openedAt: Timestamp?, clickedAt: Timestamp?
    /// What queued it: `api`, `web` or a plan.
    public let source: String
    /// When it was queued.
    public let createdAt: Timestamp

    /// Creates a message from its parts.
    public init(id: String, constituentId: String, templateId: String?, channel: MessageChannel, topic: MessageTopic?, language: Language, address: String?,
                subject: String?, text: String, status: MessageStatus, reason: String?, scheduledFor: Timestamp, sentAt: Timestamp?, attempts: Int,
                outcome: MessageOutcome?, openedAt: Timestamp?, clickedAt: Timestamp?, source: String, createdAt: Timestamp) {
        (self.id, self.constituentId, self.templateId, self.channel, self.topic, self.language, self.address) =
            (id, constituentId, templateId, channel, topic, language, address)
        (self.subject, self.text, self.status, self.reason, self.scheduledFor, self.sentAt, self.attempts) = (subject, text, status, reason, scheduledFor, sentAt, attempts)
        (self.outcome, self.openedAt, self.clickedAt, self.source, self.createdAt) = (outcome, openedAt, clickedAt, source, createdAt)
    }
}

/// What a send request did: how many messages were queued and how many were suppressed, by reason.
public struct SendSummary: Sendable, Hashable, Codable {
    /// Messages queued (each goes at its allowed time).
    public var queued: Int
    /// Messages not sent, by reason.
    public var suppressed: [String: Int]
    /// The messages' ids when the request named people (at most 100 are listed).
    public var messageIds: [String]

    /// An empty summary.
    public init(queued: Int = 0, suppressed: [String: Int] = [:], messageIds: [String] = []) {
        (self.queued, self.suppressed, self.messageIds) = (queued, suppressed, messageIds)
    }
}

extension LoyaltyLevel {
    /// How a message names the supporter's loyalty to them ("a loyal supporter"), in their language.
    public func supporterWording(in language: Language) -> String {
        let wording: Wording
        switch self {
        case .prospect: wording = Wording(en: "future", nl: "toekomstige", fr: "futur")
        case .new: wording = Wording(en: "new", nl: "nieuwe", fr: "nouveau")
        case .repeat, .recaptured: wording = Wording(en: "returning", nl: "trouwe", fr: "fidèle")
        case .structural: wording = Wording(en: "loyal", nl: "vaste", fr: "engagé")
        case .lapsed, .lost: wording = Wording(en: "valued", nl: "gewaardeerde", fr: "précieux")
        }
        return wording.text(in: language)
    }
}
